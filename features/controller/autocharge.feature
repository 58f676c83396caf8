@controller @whitelist @needs-ev-emulator @needs-ev-evccid @certification @req-001-autocharge
Feature: Cars identified by their EVCCID
  An EV that talks ISO 15118 or DIN 70121 sends its EVCCID (its MAC) as it
  plugs in. A whitelist entry of tagType EVCCID, its id written with or
  without ':' between the bytes, authorizes that car without a card
  (Autocharge); the transaction's tag is the EVCCID. In pairing mode the
  EVCCID is the token read. (Spec 001: the whitelist holds the "users and cars
  authorised for charging"; pairing reads RFID, EVCCID and NFC tokens.)

  Background:
    Given I am connected to "CP-1" as the operator
    And an EV with a 60 kWh battery at 20% state of charge, drawing at most 16 A on 3 phases
    And the EV identifies itself with EVCCID "0A:1B:2C:3D:4E:5F"

  Scenario: A whitelisted car charges as soon as it plugs in
    Given I add the whitelist tags:
      | id                  | tagType  | name  |
      | "0A:1B:2C:3D:4E:5F" | "EVCCID" | "Van" |
    When the EV plugs in
    Then the authorization state is "authorized_for_charging"
    And a transaction is active
    When 1 hour passes
    And the EV unplugs
    Then the last completed transaction holds the energy the physics allow within 1%
    And it was started by tag "0A1B2C3D4E5F"

  Scenario: A car missing from the whitelist waits for a card
    When the EV plugs in
    Then the authorization state is "not_authorized"
    And no transaction is active
    When RFID tag "04A2B3C4D5E680" is presented
    Then a transaction is active

  Scenario: An RFID entry with the car's id does not authorize the car
    Given I add the whitelist tags:
      | id             | tagType |
      | "0A1B2C3D4E5F" | "RFID"  |
    When the EV plugs in
    Then no transaction is active

  @sim-only @pairing
  Scenario: In pairing mode the car plugging in is the token read, and nothing is authorized
    When I enable pairing mode
    And the EV plugs in
    Then the buzzer beeped once
    And the pairing token is:
      | id             | tagType  | priority |
      | "0A1B2C3D4E5F" | "EVCCID" | "NORMAL" |
    And the authorization state is "not_authorized"
    And no transaction is active
    And the whitelist holds exactly "04A2B3C4D5E680,04B1C2D3E4F590"

  @sim-only @pairing
  Scenario: In pairing mode a whitelisted car returns its stored entry
    Given I add the whitelist tags:
      | id                  | tagType  | name  |
      | "0A:1B:2C:3D:4E:5F" | "EVCCID" | "Van" |
    When I enable pairing mode
    And the EV plugs in
    Then the buzzer beeped twice
    And the pairing token is:
      | id                  | tagType  | name  | priority |
      | "0A:1B:2C:3D:4E:5F" | "EVCCID" | "Van" | "NORMAL" |
    And no transaction is active
