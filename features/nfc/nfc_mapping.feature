@nfc @needs-nfc @certification @req-001-nfc
Feature: The controller API over NFC through a real PC/SC stack
  A PC/SC contactless reader plays the phone: it talks to the controller's
  emulated NFC Type 4 Tag through pcscd and carries the REST API in NDEF Text
  records with a JSON header. (Spec 001, "NFC Mapping" to "Logout".)
  The controller scenarios of features/controller run over NFC as well; these
  scenarios cover what only the NFC path has.

  Background:
    Given the charge controller "CP-1"

  Scenario: In RFID-only mode the reader emulates no tag
    Given the reader of "CP-1" is in "RFID only" mode
    When I try to log in over NFC
    Then no NFC Type 4 Tag answers
    And the HMI shows "idle"

  Scenario: NFC use shows "Reading card" and falls back after one minute of inactivity
    Given I am logged in as the operator
    Then the HMI shows "reading_card"
    When 59 seconds pass
    Then the HMI shows "reading_card"
    When 1 second passes
    Then the HMI shows "idle"

  Scenario: Each exchange restarts the minute of NFC inactivity
    Given I am logged in as the operator
    And 50 seconds pass
    When I read the system state
    And 50 seconds pass
    Then the HMI shows "reading_card"

  Scenario: A request without a valid session id is answered 401 over NFC
    Then a request without a session id is answered 401
    And a request with the session id "00000000-0000-4000-8000-000000000000" is answered 401

  Scenario: A message larger than the tag's NDEF file is refused and changes nothing
    Given I am logged in as the operator
    When I send a settings write of 40000 bytes over NFC
    Then the NFC link refuses the message as too large for the tag
    And a raw write past the end of the NDEF file is answered 6A84
    And the setting "SSID_wlan" has the value ""

  Scenario: A response longer than one read comes in chunks of the tag's MLe
    Given I am logged in as the operator
    When I read all settings
    Then every setting has a type, read/write mode, descriptions, default and group

  @sim-only
  Scenario: The card leaves the reader in the middle of an exchange
    Given I am logged in as the operator
    When the tag leaves the reader after 1 more APDU
    And I try to read the system state over NFC
    Then the exchange failed because the card left the reader
    When the tag is back on the reader
    Then I can read the system state

  Scenario: After pcscd restarts, a new PC/SC context works
    Given I am logged in as the operator
    When pcscd restarts
    Then the link opened before the restart fails with a clear error
    And a new NFC link reads the system state with the same session
