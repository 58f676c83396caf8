@controller @logging @sim-only @certification @req-001-logging
Feature: Error and warning messages
  The controller lists its current errors and warnings. Errors prevent
  charging; warnings only inform. Faults are injected through sim-control.
  (Spec 001, "Logging".)

  Background:
    Given I am connected to "CP-1" as the operator

  Scenario: No faults, no messages
    Then the log is empty

  Scenario: Errors and warnings are listed until they clear
    Given the controller raises the error "E-RCD": "Residual current detected"
    And the controller raises the warning "W-TEMP": "Ambient temperature high"
    Then the log lists the error "E-RCD"
    And the log lists the warning "W-TEMP"
    When the error "E-RCD" clears
    And the warning "W-TEMP" clears
    Then the log is empty

  @needs-ev-emulator @needs-card-presenter
  Scenario: An error prevents a session from starting
    Given an EV with a 40 kWh battery at 50% state of charge, drawing at most 16 A on 1 phases
    And the controller raises the error "E-RCD": "Residual current detected"
    When the EV plugs in
    And RFID tag "04A2B3C4D5E680" is presented
    Then no transaction is active
    And the OCPP state is "faulted"
    When the error "E-RCD" clears
    Then a transaction is active

  @needs-ev-emulator @needs-card-presenter
  Scenario: A warning does not prevent charging
    Given an EV with a 40 kWh battery at 50% state of charge, drawing at most 16 A on 1 phases
    And the controller raises the warning "W-TEMP": "Ambient temperature high"
    When the EV plugs in
    And RFID tag "04A2B3C4D5E680" is presented
    Then a transaction is active

  @needs-ev-emulator @needs-card-presenter @req-001-metering
  Scenario: An error during charging stops the transaction, which keeps the energy metered until the error
    Given an EV with a 40 kWh battery at 50% state of charge, drawing at most 16 A on 1 phases
    And the EV plugs in
    And RFID tag "04A2B3C4D5E680" is presented
    And 10 minutes pass
    When the controller raises the error "E-RCD": "Residual current detected"
    Then no transaction is active
    And the system state shows "error" with type 2 state "b"
    And the last completed transaction holds the energy the physics allow within 1%
