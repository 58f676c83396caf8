@rig @charging @certification @needs-ev-emulator @needs-card-presenter @needs-meter
Feature: The IEC 61851-1 duty-cycle table at its band edges, in both directions
  The controller offers its current limit as a PWM duty cycle on the control
  pilot, and the EV draws what that duty cycle allows (IEC 61851-1 Annex A,
  MODEL-PARAMETERS.md): 10-85 %: A = 0.6 x D; 85-96 %: A = (D - 64) x 2.5;
  below 6 A: no PWM. A controller never offers more than its limit: between
  51 A (85 %) and 52.5 A (85.01 %) the table has no step, so a 52 A limit is
  offered as 85 % (51 A). The instrument measures the duty cycle (within 0.1 %,
  a 1 us edge at 1 kHz) and the current the EV draws (within 0.05 A). The cable
  (63 A) and the EV (up to 63 A) leave the controller's limit the lowest.

  Background:
    Given I am connected to "CP-1" as the operator
    And an EV with a 60 kWh battery at 20% state of charge, drawing at most 63 A on 3 phases
    And the EV's cable is rated 63 A

  @req-61851-pwm-offer @req-61851-pwm-draw
  Scenario Outline: A <limit> A limit is offered as <duty> % and the EV draws <drawn> A
    When I set "MaxCurrent_ctl" to <limit>
    And the EV plugs in
    And RFID tag "04A2B3C4D5E680" is presented
    Then the measured PWM duty cycle is <duty> % within 0.1 %
    And the measured PWM frequency is 1000 Hz within 10 Hz
    And the measured load current is <drawn> A within 0.05 A
    And the controller offers <drawn> A

    Examples: the 0.6 A-per-percent band, from its lowest offer to its top
      | limit | duty  | drawn |
      | 6     | 10.00 | 6.0   |
      | 7     | 11.66 | 7.0   |
      | 16    | 26.66 | 16.0  |
      | 32    | 53.33 | 32.0  |
      | 50    | 83.33 | 50.0  |
      | 51    | 85.00 | 51.0  |

    Examples: the gap at 85 % and the 2.5 A-per-percent band above it
      | limit | duty  | drawn |
      | 52    | 85.00 | 51.0  |
      | 53    | 85.20 | 53.0  |
      | 60    | 88.00 | 60.0  |
      | 63    | 89.20 | 63.0  |

  @req-61851-pwm-offer
  Scenario: No PWM before the authorization and after the transaction
    When I set "MaxCurrent_ctl" to 6
    And the EV plugs in
    Then the measured PWM duty cycle is 100 % within 0.1 %
    And the measured PWM frequency is 0 Hz within 1 Hz
    And the measured load current is 0 A within 0.05 A
    When RFID tag "04A2B3C4D5E680" is presented
    Then the measured PWM duty cycle is 10 % within 0.1 %
    When RFID tag "04A2B3C4D5E680" is presented
    Then the measured PWM duty cycle is 100 % within 0.1 %
    And the measured load current is 0 A within 0.05 A

  @req-61851-pwm-offer @req-001-current-limit
  Scenario Outline: A limit changed while the EV charges moves the duty cycle at once (<from> A to <to> A, <path> write)
    When I set "MaxCurrent_ctl" to <from>
    And the EV plugs in
    And RFID tag "04A2B3C4D5E680" is presented
    And 10 minutes pass
    And I set <path> "MaxCurrent_ctl" to <to>
    Then the measured PWM duty cycle is <duty> % within 0.1 %
    And the measured load current is <to> A within 0.05 A
    And a transaction is active
    When the rig's meter reading is taken
    And 10 minutes pass
    Then the rig's meter measured <wh> Wh within 10 Wh since the reading

    Examples: both write paths of spec 001 (the validated one checks every parameter first)
      | from | to | path      | duty  | wh   |
      | 32   | 16 | plain     | 26.66 | 1840 |
      | 16   | 53 | plain     | 85.20 | 6095 |
      | 53   | 6  | plain     | 10.00 | 690  |
      | 32   | 16 | validated | 26.66 | 1840 |
      | 16   | 53 | validated | 85.20 | 6095 |
