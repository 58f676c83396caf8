@nfc @certification @req-001-nfc
Feature: The reader's mode, read over REST
  The reader is "RFID only" unless an operator switches it to "RFID/NFC
  hybrid" (spec 001, "Activation"); the HMI state follows the charger's state
  until a phone talks NFC. These scenarios need no PC/SC reader.

  Scenario: The reader is RFID only by default
    Given I am logged in as the operator on "CP-1"
    Then the setting "RfidMode_auth" has the value "RFID only"
    And the HMI shows "idle"

  Scenario: The operator switches the reader to hybrid mode
    Given I am logged in as the operator on "CP-1"
    When I set "RfidMode_auth" to "RFID/NFC hybrid"
    Then the write succeeds without a reboot
    And the setting "RfidMode_auth" has the value "RFID/NFC hybrid"
    And the HMI shows "idle"
