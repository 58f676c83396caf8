@rig @charging
Feature: The controller's mains switched off and on
  The bench's power switch cuts the controller's mains and leaves them off. A
  controller without mains answers nothing (no HTTP status, no NFC tag),
  meters nothing, and a running transaction ends with stop reason PowerLoss.
  When the mains return, what the controller stores (settings, whitelist,
  completed transactions) is there and its uptime starts again.

  @certification @needs-ev-emulator @needs-card-presenter @needs-power-switch @needs-meter @req-001-power-loss @req-001-power-off
  Scenario: Without mains the controller answers nothing, meters nothing and ends the transaction
    Given I am connected to "CP-1" as the operator
    And an EV with a 60 kWh battery at 20% state of charge, drawing at most 16 A on 3 phases
    And the EV plugs in
    And RFID tag "04A2B3C4D5E680" is presented
    And 5 minutes pass
    When the controller's mains are switched off
    Then the controller answers nothing over REST
    And the measured control pilot state is "E"
    And the measured PWM frequency is 0 Hz within 1 Hz
    When the rig's meter reading is taken
    And RFID tag "04A2B3C4D5E680" is presented
    And 5 minutes pass
    Then the rig's meter measured 0 Wh within 0.1 Wh since the reading
    When the controller's mains are switched on
    Then the measured control pilot state is "B"
    And no transaction is active
    And the last completed transaction ended with reason "PowerLoss"

  @certification @needs-ev-emulator @needs-card-presenter @needs-power-switch @req-001-power-restore @req-001-metering
  Scenario: Power-on restores the stored settings, whitelist and transactions, and restarts the uptime
    Given I am connected to "CP-1" as the operator
    And an EV with a 60 kWh battery at 20% state of charge, drawing at most 16 A on 3 phases
    When I set "MaxCurrent_ctl" to 20
    And the EV plugs in
    And RFID tag "04A2B3C4D5E680" is presented
    And 10 minutes pass
    And the controller's mains are switched off
    And 5 minutes pass
    And the controller's mains are switched on
    Then the controller has been up for less than 60 seconds
    And the setting "MaxCurrent_ctl" has the value 20
    And the last completed transaction ended with reason "PowerLoss" after 600 seconds holding 1840 Wh within 1%
    When I read the transaction summary
    Then the summary counts 1 transactions, 10 minutes and 1.84 kWh
    When RFID tag "04A2B3C4D5E680" is presented
    Then a transaction is active
    And the controller offers 20 A

  @needs-nfc @needs-power-switch @req-001-power-off
  Scenario: Without mains the controller's NFC tag is gone
    Given the charge controller "CP-1"
    When the controller's mains are switched off
    And I try to log in over NFC
    Then no NFC Type 4 Tag answers
    When the controller's mains are switched on
    And I try to log in over NFC
    Then I can read the system state
