@roaming @sim-only @req-002-rfid
Feature: Charging keys, offline whitelists (rfid-post) and online checks (rfid-verify)
  The spec's staging UIDs: 04523022AA4881 is active and belongs to
  test1@plugsurfing.com, 0477BD22AA4880 is inactive and belongs to nobody,
  0477BD22AA4AAA does not exist.

  Scenario: rfid-verify of the staging user's active card is 0
    When the CPO sends "rfid-verify" with:
      """
      {"rfid": "04523022AA4881"}
      """
    Then the result code is 0

  Scenario: rfid-verify of the inactive staging card is 192 (locked)
    When the CPO sends "rfid-verify" with:
      """
      {"rfid": "0477BD22AA4880"}
      """
    Then the result code is 192

  Scenario: rfid-verify of a card that does not exist is 191
    When the CPO sends "rfid-verify" with:
      """
      {"rfid": "0477BD22AA4AAA"}
      """
    Then the result code is 191

  Scenario: rfid-verify of a card whose owner has no payment means is 193
    Given the app user "ida" is registered
    And the app user "ida" has the charging key "0A0B0C0D"
    When the CPO sends "rfid-verify" with:
      """
      {"rfid": "0A0B0C0D"}
      """
    Then the result code is 193

  Scenario: rfid-verify of a UID of a wrong length is a format error
    When the CPO sends "rfid-verify" with:
      """
      {"rfid": "ABCDEF"}
      """
    Then the result code is 230

  Scenario: rfid-post replaces the partner's whole list and counts the new UIDs
    When the app sends "rfid-post" with:
      """
      {"rfids": ["12345678", "abcdefab"], "partner-identifier": "chargebench-oem-app-0001"}
      """
    Then the result code is 0
    And the answer has "/rfid/processed" equal to 2
    When the app sends "rfid-post" with:
      """
      {"rfids": ["ABCDEFAB", "1234567890ABCD"], "partner-identifier": "chargebench-oem-app-0001"}
      """
    Then the answer has "/rfid/processed" equal to 1
    When the CPO sends "rfid-verify" with:
      """
      {"rfid": "12345678"}
      """
    Then the result code is 191
    When the CPO sends "rfid-verify" with:
      """
      {"rfid": "1234567890ABCD"}
      """
    Then the result code is 0

  Scenario: rfid-post under a partner identifier the key does not own is 211
    When the app sends "rfid-post" with:
      """
      {"rfids": ["12345678"], "partner-identifier": "chargebench-cpo-depot-0001"}
      """
    Then the result code is 211

  Scenario: user-add-rfid then user-get-charging-keys lists the card with its EVCO ID
    Given the app user "jan" is registered
    When the app sends "user-add-rfid" with:
      """
      {"user": {"identifier-type": "username", "identifier": "jan", "token": "${jan.token}"}, "rfid": "12345678ABCDEF"}
      """
    Then the result code is 0
    When the app sends "user-get-charging-keys" with:
      """
      {"user": {"identifier-type": "username", "identifier": "jan", "token": "${jan.token}"}}
      """
    Then the result code is 0
    And the answer has "/user/charging-keys/0/uid" equal to "12345678ABCDEF"
    And the answer's EVCO ID "/user/charging-keys/0/evco-id" has a valid check digit

  Scenario: user-add-rfid of another user's card is 190
    Given the app user "jan" is registered
    When the app sends "user-add-rfid" with:
      """
      {"user": {"identifier-type": "username", "identifier": "jan", "token": "${jan.token}"}, "rfid": "04523022AA4881"}
      """
    Then the result code is 190

  Scenario: user-get-charging-keys with a wrong token is 145
    When the app sends "user-get-charging-keys" with:
      """
      {"user": {"identifier-type": "username", "identifier": "test1@plugsurfing.com", "token": "ffffffffffffffffffffffffffffffff"}}
      """
    Then the result code is 145

  Scenario: A blocked card is locked for rfid-verify until it is unblocked
    Given the staging user "test1@plugsurfing.com" is logged in as "t1"
    When the app sends "user-block-rfid" with:
      """
      {"user": {"identifier-type": "username", "identifier": "test1@plugsurfing.com", "token": "${t1.token}"}, "rfid": "04523022AA4881"}
      """
    Then the result code is 0
    When the CPO sends "rfid-verify" with:
      """
      {"rfid": "04523022AA4881"}
      """
    Then the result code is 192
    When the app sends "user-unblock-rfid" with:
      """
      {"user": {"identifier-type": "username", "identifier": "test1@plugsurfing.com", "token": "${t1.token}"}, "rfid": "04523022AA4881"}
      """
    Then the result code is 0
    And the answer has "/user-unblock-rfid/success" equal to true
    When the CPO sends "rfid-verify" with:
      """
      {"rfid": "04523022AA4881"}
      """
    Then the result code is 0

  Scenario: user-block-rfid of a card the user does not have is 191
    Given the app user "kai" is registered
    When the app sends "user-block-rfid" with:
      """
      {"user": {"identifier-type": "username", "identifier": "kai", "token": "${kai.token}"}, "rfid": "0477BD22AA4AAA"}
      """
    Then the result code is 191

  Scenario: user-unblock-rfid of another user's card is 190
    Given the app user "kai" is registered
    When the app sends "user-unblock-rfid" with:
      """
      {"user": {"identifier-type": "username", "identifier": "kai", "token": "${kai.token}"}, "rfid": "04523022AA4881"}
      """
    Then the result code is 190

  Scenario: user-charging-key-activate takes the inactive staging card by its EVCO ID
    Given the app user "lea" is registered with a credit card
    When the app sends "user-charging-key-activate" with:
      """
      {"user": {"identifier-type": "username", "identifier": "lea", "token": "${lea.token}"}, "evco-id": "DE*8PS*K00002*9"}
      """
    Then the result code is 0
    When the CPO sends "rfid-verify" with:
      """
      {"rfid": "0477BD22AA4880"}
      """
    Then the result code is 0

  Scenario: user-charging-key-activate with a wrong check digit is 190
    Given the app user "lea" is registered
    When the app sends "user-charging-key-activate" with:
      """
      {"user": {"identifier-type": "username", "identifier": "lea", "token": "${lea.token}"}, "evco-id": "DE*8PS*K00002*3"}
      """
    Then the result code is 190
