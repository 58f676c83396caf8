@rig @charging @certification
Feature: What the bench instrument measures of the controller
  The EV bench instrument reads the control pilot's PWM (IEC 61851-1 Annex A:
  duty cycle = offered current / 0.6 A up to 51 A, at 1 kHz), plays a cable of
  a given rating (proximity pilot), meters the energy on its own, and cuts the
  controller's mains. Each reading is a measurement with limits in the report.

  Background:
    Given I am connected to "CP-1" as the operator

  @needs-ev-emulator @needs-card-presenter @req-61851-pwm-offer
  Scenario: The PWM duty cycle offers the configured current
    Given an EV with a 60 kWh battery at 20% state of charge, drawing at most 16 A on 3 phases
    When I set "MaxCurrent_ctl" to 16
    And the EV plugs in
    Then the measured PWM duty cycle is 100 % within 0.1 %
    And the measured PWM frequency is 0 Hz within 1 Hz
    When RFID tag "04A2B3C4D5E680" is presented
    Then the measured PWM duty cycle is 26.67 % within 0.5 %
    And the measured PWM frequency is 1000 Hz within 10 Hz
    And the measured control pilot state is "C"

  @needs-ev-emulator @needs-card-presenter @req-61851-cable-rating
  Scenario: A 13 A cable limits the current offered
    Given an EV with a 60 kWh battery at 20% state of charge, drawing at most 32 A on 3 phases
    And the EV's cable is rated 13 A
    When the EV plugs in
    And RFID tag "04A2B3C4D5E680" is presented
    Then the controller offers 13 A
    And the measured PWM duty cycle is 21.67 % within 0.5 %
    And the measured load current is 13 A within 0.5 A

  @needs-ev-emulator @needs-card-presenter @needs-meter @req-001-metering
  Scenario: The controller meters what the rig's meter measures
    Given an EV with a 60 kWh battery at 20% state of charge, drawing at most 16 A on 3 phases
    And the EV plugs in
    And the rig's meter reading is taken
    And RFID tag "04A2B3C4D5E680" is presented
    Then the measured charging power is 11040 W within 2%
    When 10 minutes pass
    And the EV unplugs
    Then the last transaction's energy matches the rig's meter within 1%

  @needs-ev-emulator @needs-card-presenter @needs-power-switch @req-001-power-loss
  Scenario: A power cut ends the transaction
    Given an EV with a 60 kWh battery at 20% state of charge, drawing at most 16 A on 3 phases
    And the EV plugs in
    And RFID tag "04A2B3C4D5E680" is presented
    And 10 minutes pass
    When the controller's mains are cut and restored
    Then no transaction is active
    And the last completed transaction ended with reason "PowerLoss"
