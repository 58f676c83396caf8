@rig @charging @sim-only @certification @needs-ev-emulator @needs-card-presenter @needs-meter
Feature: Fractional current limits from the back office, offered as the duty-cycle table allows
  A back office may cap a controller at any current, not only whole amperes
  (the ABS device command SET_CURRENT). The controller offers the highest duty
  cycle (to 0.01 %) whose current stays within the cap, and the EV draws what
  that duty cycle allows: 0.6 A per % up to 85 %, (D - 64) x 2.5 A above.

  Background:
    Given I am connected to "CP-1" as the operator
    And an EV with a 60 kWh battery at 20% state of charge, drawing at most 63 A on 3 phases
    And the EV's cable is rated 63 A
    And the EV plugs in
    And RFID tag "04A2B3C4D5E680" is presented
    And I am logged in to the back office as "depot"

  @req-61851-pwm-offer @req-61851-pwm-draw
  Scenario Outline: A <cap> A cap is offered as <duty> % and the EV draws <drawn> A
    When I set "MaxCurrent_ctl" to 80
    And I POST "/abs/frontend/device/1/command" with "command=SET_CURRENT&current=<cap>"
    Then the measured PWM duty cycle is <duty> % within 0.005 %
    And the measured load current is <drawn> A within 0.005 A
    And the controller offers <offered> A

    Examples:
      | cap   | duty  | drawn | offered |
      | 6.5   | 10.83 | 6.50  | 6.5     |
      | 10.3  | 17.16 | 10.30 | 10.3    |
      | 52.6  | 85.04 | 52.60 | 52.6    |
      | 55.07 | 86.02 | 55.05 | 55.0    |
      | 5.9   | 100   | 0     | 0       |

  @req-61851-pwm-offer
  Scenario: A cap below 6 A suspends charging on the controller's side, and lifting it resumes
    When I POST "/abs/frontend/device/1/command" with "command=SET_CURRENT&current=5"
    Then the measured PWM frequency is 0 Hz within 1 Hz
    And the measured load current is 0 A within 0.005 A
    And the OCPP state is "suspended_evse"
    And a transaction is active
    When I POST "/abs/frontend/device/1/command" with "command=SET_CURRENT&current=16"
    Then the measured PWM duty cycle is 26.66 % within 0.005 %
    And the OCPP state is "charging"

  @req-61851-pwm-offer @req-61851-ev-pause @req-001-current-limit
  Scenario: The back office's cap still holds after the EV pauses and resumes
    When I set "MaxCurrent_ctl" to 80
    And I POST "/abs/frontend/device/1/command" with "command=SET_CURRENT&current=10.3"
    And the EV signals control pilot state "B"
    Then the measured load current is 0 A within 0.005 A
    When 5 minutes pass
    And the EV signals control pilot state "C"
    Then the measured PWM duty cycle is 17.16 % within 0.005 %
    And the measured load current is 10.30 A within 0.005 A
    And the controller offers 10.3 A

  @req-61851-pwm-offer @req-001-current-limit
  Scenario: MaxCurrent_ctl written under the back office's cap leaves the lower of the two offered
    When I POST "/abs/frontend/device/1/command" with "command=SET_CURRENT&current=10.3"
    And I set "MaxCurrent_ctl" to 63
    Then the measured PWM duty cycle is 17.16 % within 0.005 %
    And the controller offers 10.3 A
    When I set "MaxCurrent_ctl" to 8
    Then the measured PWM duty cycle is 13.33 % within 0.005 %
    And the controller offers 8 A
