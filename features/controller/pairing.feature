@controller @whitelist @pairing @sim-only @needs-card-presenter @certification @req-001-pairing
Feature: Whitelist pairing mode
  Enabled only while idle, for 60 seconds or until one token is read. A token
  already in the whitelist beeps twice, a new one once; either can then be
  read at /whitelist/pairing (a known one with its stored data) without being
  added. The temporary tag stays until pairing is enabled again, or the power
  fails. (Spec 001, "Enable the whitelist pairing mode".)

  Background:
    Given I am connected to "CP-1" as the operator

  Scenario: A new token beeps once, is readable, and is not added to the whitelist
    When I enable pairing mode
    Then pairing mode is enabled
    When RFID tag "04DEADBEEF0001" is presented
    Then the buzzer beeped once
    And the pairing token is:
      | id               | tagType | priority |
      | "04DEADBEEF0001" | "RFID"  | "NORMAL" |
    And the authorization state is "not_authorized"
    And the whitelist holds exactly "04A2B3C4D5E680,04B1C2D3E4F590"
    And the event trace shows the cards "04DEADBEEF0001" presented in this order

  Scenario: A known token beeps twice and returns its stored data
    When I enable pairing mode
    And RFID tag "04B1C2D3E4F590" is presented
    Then the buzzer beeped twice
    And the pairing token is:
      | id               | tagType | number | name  | priority |
      | "04B1C2D3E4F590" | "RFID"  | 2      | "Bob" | "HIGH"   |

  Scenario: Only one token is read; the next one is an ordinary card read again
    When I enable pairing mode
    And RFID tag "04DEADBEEF0001" is presented
    And RFID tag "04A2B3C4D5E680" is presented
    Then the buzzer beeped once
    And the authorization state is "authorized_for_charging"
    And the pairing token is:
      | id               | tagType | priority |
      | "04DEADBEEF0001" | "RFID"  | "NORMAL" |

  Scenario: Pairing mode ends after 60 seconds
    When I enable pairing mode
    And 60 seconds pass
    And RFID tag "04DEADBEEF0001" is presented
    Then the buzzer stayed silent
    And no pairing token can be read

  Scenario: A token read at 59 seconds is still paired
    When I enable pairing mode
    And 59 seconds pass
    And RFID tag "04DEADBEEF0001" is presented
    Then the buzzer beeped once

  Scenario: Pairing cannot be enabled twice at once
    Given I enable pairing mode
    When I enable pairing mode
    Then the answer is HTTP 409 with cause "already active"

  Scenario: Enabling again drops the previous temporary tag
    Given I enable pairing mode
    And RFID tag "04DEADBEEF0001" is presented
    When I enable pairing mode
    Then no pairing token can be read

  @needs-ev-emulator
  Scenario: Pairing cannot be enabled while the controller is not idle
    Given an EV with a 40 kWh battery at 50% state of charge, drawing at most 16 A on 1 phases
    And the EV plugs in
    When I enable pairing mode
    Then the answer is HTTP 409 with cause "idle"

  @needs-power-switch
  Scenario: A power failure clears the temporary tag
    Given I enable pairing mode
    And RFID tag "04DEADBEEF0001" is presented
    When the controller's mains are cut and restored
    Then no pairing token can be read

  Scenario: The buzzer switched off stays silent
    When I set "BuzzerEnabled_hmi" to false
    And I enable pairing mode
    And RFID tag "04DEADBEEF0001" is presented
    Then the buzzer stayed silent
    And the pairing token is:
      | id               | tagType | priority |
      | "04DEADBEEF0001" | "RFID"  | "NORMAL" |
