@controller @charging @certification
Feature: Charging an EV after a whitelisted RFID card
  The controller starts a transaction when an EV is plugged in and a card of
  its local whitelist is presented, offers its current by PWM, meters the
  energy and stores the transaction when the EV unplugs.

  Background:
    Given I am connected to "CP-1" as the operator

  @needs-ev-emulator @needs-card-presenter @long @req-001-charging-whitelist
  Scenario: A whitelisted card charges an EV to full and the transaction is recorded
    Given an EV with a 60 kWh battery at 20% state of charge, drawing at most 16 A on 3 phases
    When the EV plugs in
    Then the system state shows "occupied" with type 2 state "b"
    And the OCPP state is "preparing"
    When RFID tag "04A2B3C4D5E680" is presented
    Then the system state shows "charging" with type 2 state "c"
    And the authorization state is "authorized_for_charging"
    And the controller offers 32 A
    And a transaction is active
    When 8 hours pass
    Then the system state shows "suspended" with type 2 state "b"
    And the OCPP state is "suspended_ev"
    When the EV unplugs
    Then no transaction is active
    And the system state shows "idle" with type 2 state "a"
    And the last completed transaction holds the energy the physics allow within 1%
    And it was started by tag "04A2B3C4D5E680"
    And the control pilot went through the states "B, C, B, A"

  @needs-ev-emulator @needs-card-presenter @long @req-001-metering
  Scenario: Two hours of charging at the EV's own limit
    Given an EV with a 60 kWh battery at 20% state of charge, drawing at most 16 A on 3 phases
    And the EV plugs in
    And RFID tag "04B1C2D3E4F590" is presented
    When 2 hours pass
    And the EV unplugs
    Then the last completed transaction holds the energy the physics allow within 1%

  @needs-ev-emulator @needs-card-presenter @long @req-001-current-limit
  Scenario: A lower current limit slows charging down
    Given a "Renault Zoe" at 10% state of charge
    When I set "MaxCurrent_ctl" to 10
    And the EV plugs in
    And RFID tag "04A2B3C4D5E680" is presented
    Then the controller offers 10 A
    When 90 minutes pass
    And the EV unplugs
    Then the last completed transaction holds the energy the physics allow within 1%

  @needs-ev-emulator @needs-card-presenter @req-001-auth-timeout
  Scenario: A card presented before the EV arrives authorizes the next plug-in
    Given an EV with a 40 kWh battery at 50% state of charge, drawing at most 16 A on 1 phases
    When RFID tag "04A2B3C4D5E680" is presented
    And 20 seconds pass
    And the EV plugs in
    Then a transaction is active

  @needs-ev-emulator @needs-card-presenter @req-001-auth-timeout
  Scenario: An authorization without a plug-in runs out
    Given an EV with a 40 kWh battery at 50% state of charge, drawing at most 16 A on 1 phases
    When RFID tag "04A2B3C4D5E680" is presented
    And 61 seconds pass
    And the EV plugs in
    Then no transaction is active
    And the authorization state is "not_authorized"

  @needs-ev-emulator @needs-card-presenter @long @req-001-charging-whitelist
  Scenario: An unknown card does not start charging
    Given an EV with a 60 kWh battery at 20% state of charge, drawing at most 16 A on 3 phases
    When the EV plugs in
    And an unknown RFID tag is presented
    Then the authorization state is "authorization_rejected"
    And the system state shows "occupied" with type 2 state "b"
    When 30 minutes pass
    Then no transaction is active
    And no energy was metered

  @needs-ev-emulator @needs-card-presenter @req-001-charging-whitelist
  Scenario: Presenting the same card again stops the transaction
    Given an EV with a 60 kWh battery at 20% state of charge, drawing at most 16 A on 3 phases
    And the EV plugs in
    And RFID tag "04A2B3C4D5E680" is presented
    When 10 minutes pass
    And RFID tag "04A2B3C4D5E680" is presented
    Then no transaction is active
    And the OCPP state is "finishing"
    And the system state shows "occupied" with type 2 state "b"
