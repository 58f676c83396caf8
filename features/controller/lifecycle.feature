@controller @charging
Feature: What a power loss and a reboot end, and what they keep
  A power loss ends the running transaction (stop reason PowerLoss), every
  login session and the pending login token: they live in the controller's
  memory. The transaction keeps the energy metered until the cut. A reboot
  commanded by the back office ends the transaction the same way (stop reason
  Reboot) and restarts the firmware: what lives in memory is gone (login
  sessions, a card's authorization waiting for an EV, the current limit the
  back office had set), a change of a setting that waited for a reboot takes
  effect, and the uptime restarts. Stored settings and completed transactions
  stay.

  @certification @needs-power-switch @req-001-power-loss @req-001-session
  Scenario: A power loss ends every login session
    Given I am logged in as the operator on "CP-1"
    And I remember my session id
    When the controller's mains are cut and restored
    Then reading the system state with the old session id is answered 401

  @certification @needs-power-switch @req-001-power-loss @req-001-login-token
  Scenario: A power loss ends the pending login token
    Given the charge controller "CP-1"
    And I have a login token
    When the controller's mains are cut and restored
    And I log in as "operator" with password "chargebench" using the first token
    Then the login is refused
    When I log in as "operator" with password "chargebench"
    Then the login succeeds with a session id

  @certification @needs-ev-emulator @needs-card-presenter @needs-power-switch @req-001-power-loss @req-001-metering
  Scenario: A transaction a power loss ends keeps the energy metered until the cut
    Given I am connected to "CP-1" as the operator
    And an EV with a 60 kWh battery at 20% state of charge, drawing at most 16 A on 3 phases
    And the EV plugs in
    And RFID tag "04A2B3C4D5E680" is presented
    And 10 minutes pass
    When the controller's mains are cut and restored
    Then no transaction is active
    And the last completed transaction ended with reason "PowerLoss" after 600 seconds holding 1840 Wh within 1%
    When I read the transaction summary
    Then the summary counts 1 transactions, 10 minutes and 1.84 kWh
    When RFID tag "04A2B3C4D5E680" is presented
    Then a transaction is active
    And the controller offers 32 A

  @certification @needs-ev-emulator @needs-card-presenter @req-001-charging-whitelist @req-001-metering
  Scenario: A transaction the EV's unplugging ends keeps its energy and frees the socket
    Given I am connected to "CP-1" as the operator
    And an EV with a 60 kWh battery at 20% state of charge, drawing at most 16 A on 3 phases
    And the EV plugs in
    And RFID tag "04A2B3C4D5E680" is presented
    And 10 minutes pass
    When the EV unplugs
    Then the last completed transaction ended with reason "EVDisconnected" after 600 seconds holding 1840 Wh within 1%
    And the OCPP state is "available"
    And the authorization state is "not_authorized"

  @certification @sim-only @needs-ev-emulator @needs-card-presenter @req-001-reboot @req-001-metering
  Scenario: A reboot ends the running transaction with its energy and restarts the uptime
    Given I am connected to "CP-1" as the operator
    And an EV with a 60 kWh battery at 20% state of charge, drawing at most 16 A on 3 phases
    And the EV plugs in
    And RFID tag "04A2B3C4D5E680" is presented
    And 10 minutes pass
    And I am logged in to the back office as "depot"
    When I POST "/abs/frontend/device/1/command" with "command=REBOOT"
    Then no transaction is active
    And the last completed transaction ended with reason "Reboot" after 600 seconds holding 1840 Wh within 1%
    And the controller has been up for less than 60 seconds
    And the OCPP state is "finishing"
    And the measured control pilot state is "B"
    And the measured PWM frequency is 0 Hz within 1 Hz
    And the setting "MaxCurrent_ctl" has the value 32

  @certification @sim-only @needs-ev-emulator @needs-card-presenter @req-001-reboot @req-001-current-limit
  Scenario: A reboot forgets the back office's current limit
    Given I am connected to "CP-1" as the operator
    And an EV with a 60 kWh battery at 20% state of charge, drawing at most 32 A on 3 phases
    And the EV plugs in
    And RFID tag "04A2B3C4D5E680" is presented
    And I am logged in to the back office as "depot"
    When I POST "/abs/frontend/device/1/command" with "command=SET_CURRENT&current=10"
    Then the controller offers 10 A
    When I POST "/abs/frontend/device/1/command" with "command=REBOOT"
    And RFID tag "04A2B3C4D5E680" is presented
    Then a transaction is active
    And the controller offers 32 A

  @certification @req-001-settings-read
  Scenario: The uptime and the system time move on with the clock
    Given I am connected to "CP-1" as the operator
    And I note the settings "Uptime_mon,SysTime_mon"
    When 90 seconds pass
    Then the setting "Uptime_mon" has moved on by 90 seconds within 2
    And the setting "SysTime_mon" has moved on by 90 seconds within 2

  @certification @sim-only @req-001-reboot @req-001-session
  Scenario: A reboot ends every login session
    Given I am logged in as the operator on "CP-1"
    And I remember my session id
    And I am logged in to the back office as "depot"
    When I POST "/abs/frontend/device/1/command" with "command=REBOOT"
    Then reading the system state with the old session id is answered 401

  @certification @sim-only @req-001-reboot @req-001-app
  Scenario: A change that needs a reboot takes effect with the reboot command
    Given I am connected to "CP-1" as the operator
    When I set "Enabled_wlan" to true
    Then the dashboard says the settings changed
    When I am logged in to the back office as "depot"
    And I POST "/abs/frontend/device/1/command" with "command=REBOOT"
    Then the dashboard says the settings did not change
    And the setting "Enabled_wlan" has the value true

  @certification @sim-only @needs-ev-emulator @needs-card-presenter @req-001-reboot
  Scenario: A reboot forgets a card presented before the EV plugged in
    Given I am connected to "CP-1" as the operator
    And RFID tag "04A2B3C4D5E680" is presented
    Then the authorization state is "authorized_for_charging"
    When I am logged in to the back office as "depot"
    And I POST "/abs/frontend/device/1/command" with "command=REBOOT"
    Then the authorization state is "not_authorized"
    Given an EV with a 60 kWh battery at 20% state of charge, drawing at most 16 A on 3 phases
    When the EV plugs in
    Then no transaction is active

  @certification @sim-only @needs-ev-emulator @needs-card-presenter @req-001-reboot
  Scenario: An unlock command ends the running transaction and keeps its energy
    Given I am connected to "CP-1" as the operator
    And an EV with a 60 kWh battery at 20% state of charge, drawing at most 16 A on 3 phases
    And the EV plugs in
    And RFID tag "04A2B3C4D5E680" is presented
    And 10 minutes pass
    And I am logged in to the back office as "depot"
    When I POST "/abs/frontend/device/1/command" with "command=UNLOCK"
    Then no transaction is active
    And the last completed transaction ended with reason "UnlockCommand" after 600 seconds holding 1840 Wh within 1%

  @certification @sim-only @needs-ev-emulator @needs-card-presenter @req-001-reboot @req-001-metering
  Scenario: A remote stop by the back office ends the running transaction and keeps its energy
    Given I am connected to "CP-1" as the operator
    And an EV with a 60 kWh battery at 20% state of charge, drawing at most 16 A on 3 phases
    And the EV plugs in
    And RFID tag "04A2B3C4D5E680" is presented
    And 10 minutes pass
    And I am logged in to the back office as "depot"
    When I DELETE "/abs/frontend/socketActivation" with "socketId=1"
    Then no transaction is active
    And the last completed transaction ended with reason "Remote" after 600 seconds holding 1840 Wh within 1%

  @certification @needs-ev-emulator @needs-card-presenter @req-001-transactions @req-001-metering
  Scenario: The running transaction shows its duration, energy, power, currents and card
    Given I am connected to "CP-1" as the operator
    And an EV with a 60 kWh battery at 20% state of charge, drawing at most 16 A on 3 phases
    And the EV plugs in
    And RFID tag "04A2B3C4D5E680" is presented
    When 10 minutes pass
    Then the running transaction shows:
      | duration | consumption | power   | current | offeredCurrent | tag              |
      | 600      | 1840        | 11040.0 | 16.0    | 32.0           | "04A2B3C4D5E680" |
    When the EV unplugs
    Then the last completed transaction shows:
      | duration | consumption | tag              | userName | stopReason       |
      | 600      | 1840        | "04A2B3C4D5E680" | "Alice"  | "EVDisconnected" |
    When 1 minute passes
    Then the last completed transaction shows:
      | duration | consumption |
      | 600      | 1840        |
