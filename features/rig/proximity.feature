@rig @charging @certification @needs-ev-emulator @needs-card-presenter @needs-meter
Feature: The cable's proximity-pilot resistor limits the current offered
  A Type 2 cable tells its rating by the resistor between proximity pilot and
  PE (IEC 61851-1 / IEC 62196): 1.5 kOhm 13 A, 680 Ohm 20 A, 220 Ohm 32 A,
  100 Ohm 63 A. The controller offers the lowest of its limit and the cable's
  rating. The bench plays the cable with the resistor and reads it back.

  Background:
    Given I am connected to "CP-1" as the operator
    And an EV with a 60 kWh battery at 20% state of charge, drawing at most 63 A on 3 phases

  @req-61851-cable-rating
  Scenario Outline: A <ohms> Ohm cable is offered <amps> A
    Given the EV's cable is rated <amps> A
    When I set "MaxCurrent_ctl" to 80
    And the EV plugs in
    And RFID tag "04A2B3C4D5E680" is presented
    Then the bench's proximity resistor reads <ohms> Ohm
    And the controller offers <amps> A
    And the measured PWM duty cycle is <duty> % within 0.1 %
    And the measured load current is <amps> A within 0.05 A

    Examples:
      | ohms | amps | duty  |
      | 1500 | 13   | 21.66 |
      | 680  | 20   | 33.33 |
      | 220  | 32   | 53.33 |
      | 100  | 63   | 89.20 |

  @req-61851-cable-rating
  Scenario: A limit below the cable's rating is offered, not the rating
    Given the EV's cable is rated 20 A
    When I set "MaxCurrent_ctl" to 19
    And the EV plugs in
    And RFID tag "04A2B3C4D5E680" is presented
    Then the controller offers 19 A
    And the measured PWM duty cycle is 31.66 % within 0.1 %

  @req-61851-cable-rating @req-001-current-limit
  Scenario: A limit raised above the cable's rating while the EV charges is offered as the rating
    Given the EV's cable is rated 20 A
    When I set "MaxCurrent_ctl" to 16
    And the EV plugs in
    And RFID tag "04A2B3C4D5E680" is presented
    Then the measured PWM duty cycle is 26.66 % within 0.1 %
    When I set "MaxCurrent_ctl" to 32
    Then the controller offers 20 A
    And the measured PWM duty cycle is 33.33 % within 0.1 %
    And the measured load current is 20 A within 0.05 A
