@roaming @sim-only @req-002-sessions @req-002-cpo @needs-ev-emulator
Feature: Remote start from an app reaches a simulated controller; the CDR comes back to the hub
  The hub forwards session-start and session-stop to the simulated CPO's own
  OIOI endpoint over HTTP; the CPO starts the controller, reports every socket
  status change (connector-post-status) and posts the CDR (session-post) when
  the back office has closed and priced the transaction's session (the
  controller reports it to /abs/cs/session), so the CDR's energy and cost are
  the back office's. Cards the CPO does not know are checked at the hub
  (rfid-verify); the last rfid-post list authorizes offline.

  Background:
    Given I am connected to "CP-1" as the operator
    And an EV with a 60 kWh battery at 20% state of charge, drawing at most 16 A on 3 phases

  Scenario: Register, start remotely, charge, stop; the CDR shows in recent sessions and bills
    When the app sends "user-register" with:
      """
      {"username": "mia", "email": "mia@example.com", "password": "pw-mia", "language": "en"}
      """
    Then the result code is 0
    And the app keeps "/user/evco-id" as "mia.evco"
    When the app sends "user-verify" with:
      """
      {"username": "mia@example.com", "password": "pw-mia", "is-token": false}
      """
    Then the result code is 0
    And the app keeps "/user/token" as "mia.token"
    When the app sends "user-add-creditcard" with:
      """
      {"user": {"identifier-type": "username", "identifier": "mia", "token": "${mia.token}"}, "encrypted-data": "QUJDREVGR0hJSktMTU5PUA=="}
      """
    Then the result code is 0
    When the app sends "user-add-rfid" with:
      """
      {"user": {"identifier-type": "username", "identifier": "mia", "token": "${mia.token}"}, "rfid": "04C0FFEE123456"}
      """
    Then the result code is 0
    When the EV plugs in
    And the app sends "session-start" with:
      """
      {"user": {"identifier-type": "username", "identifier": "mia", "token": "${mia.token}"}, "connector-id": "DE*CBS*ECP1", "payment-reference": "card"}
      """
    Then the result code is 0
    And the answer has "/session-start/is-stoppable" equal to true
    And the app keeps "/session-start/session-id" as "mia.session"
    And a transaction is active
    When 2 hours pass
    And the app sends "session-stop" with:
      """
      {"user": {"identifier-type": "evco-id", "identifier": "${mia.evco}", "token": "${mia.token}"}, "connector-id": "DE*CBS*ECP1", "session-id": "${mia.session}"}
      """
    Then the result code is 0
    And no transaction is active
    When the EV unplugs
    And the roaming traffic has settled
    And the app sends "user-get-recent-sessions" with:
      """
      {"user": {"identifier-type": "username", "identifier": "mia", "token": "${mia.token}"}}
      """
    Then the result code is 0
    And the answer has "/user/sessions/0/external-session-id" equal to "${mia.session}"
    And the answer has "/user/sessions/0/currency" equal to "EUR"
    And the answer has "/user/sessions/0/charging-station-id" equal to 1001
    When I am logged in to the back office as "depot"
    And I GET "/abs/frontend/session" with "chargingStationId=1&from=1767592800"
    Then the controller's transaction, the back office's session, the CPO's CDR and the hub's session of "mia" agree on the energy to the Wh
    And the CDR's cost is the back office's price of the session
    When the app sends "user-get-bills" with:
      """
      {"user": {"identifier-type": "username", "identifier": "mia", "token": "${mia.token}"}, "date-interval": {"start": "2026-01-01T00:00:00+00:00", "end": "2026-02-01T00:00:00+00:00"}}
      """
    Then the result code is 0
    And the answer has "/user/bills/0/external-session-ids/0" equal to "${mia.session}"
    When the app sends "user-get-recent-stations" with:
      """
      {"user": {"identifier-type": "username", "identifier": "mia", "token": "${mia.token}"}, "limit": 5}
      """
    Then the answer has "/user/stations/0/id" equal to 1001
    When the app sends "station-get-usage" with:
      """
      {"station-id": 1001}
      """
    Then the answer has "/station-usage/last-7-days-usage-count" equal to 1

  Scenario: A remote start with no EV plugged in is 321
    Given the app user "nina" is registered with a credit card
    When the app sends "session-start" with:
      """
      {"user": {"identifier-type": "username", "identifier": "nina", "token": "${nina.token}"}, "connector-id": "DE*CBS*ECP2"}
      """
    Then the result code is 321
    And no transaction is active

  Scenario: A remote start on a socket already charging is 320
    Given the app user "nina" is registered with a credit card
    And the EV plugs in
    And RFID tag "04A2B3C4D5E680" is presented
    When the app sends "session-start" with:
      """
      {"user": {"identifier-type": "username", "identifier": "nina", "token": "${nina.token}"}, "connector-id": "DE*CBS*ECP1"}
      """
    Then the result code is 320

  Scenario: A remote start for a user without payment means is 140
    Given the staging user "test2@plugsurfing.com" is logged in as "t2"
    And the EV plugs in
    When the app sends "session-start" with:
      """
      {"user": {"identifier-type": "username", "identifier": "test2@plugsurfing.com", "token": "${t2.token}"}, "connector-id": "DE*CBS*ECP1"}
      """
    Then the result code is 140
    And no transaction is active

  Scenario: A remote start at an unknown EVSE is 181
    Given the app user "nina" is registered with a credit card
    When the app sends "session-start" with:
      """
      {"user": {"identifier-type": "username", "identifier": "nina", "token": "${nina.token}"}, "connector-id": "1356"}
      """
    Then the result code is 181

  @needs-power-switch
  Scenario: A remote start at an EVSE whose controller has no mains is 312, and works once they return
    Given the app user "nina" is registered with a credit card
    And the EV plugs in
    When the controller's mains are switched off
    And the app sends "session-start" with:
      """
      {"user": {"identifier-type": "username", "identifier": "nina", "token": "${nina.token}"}, "connector-id": "DE*CBS*ECP1"}
      """
    Then the result code is 312
    When the controller's mains are switched on
    Then no transaction is active
    When the app sends "session-start" with:
      """
      {"user": {"identifier-type": "username", "identifier": "nina", "token": "${nina.token}"}, "connector-id": "DE*CBS*ECP1"}
      """
    Then the result code is 0
    And a transaction is active

  Scenario: A remote start at a CPO that takes no remote calls is 300
    Given the app user "nina" is registered with a credit card
    And the foreign CPO has pushed the station "fr-0001" with the EVSE "DE*FOR*E0001"
    When the app sends "session-start" with:
      """
      {"user": {"identifier-type": "username", "identifier": "nina", "token": "${nina.token}"}, "connector-id": "DE*FOR*E0001"}
      """
    Then the result code is 300

  Scenario: A session-stop without a running remote session is 182
    Given the app user "nina" is registered with a credit card
    When the app sends "session-stop" with:
      """
      {"user": {"identifier-type": "username", "identifier": "nina", "token": "${nina.token}"}, "connector-id": "DE*CBS*ECP1"}
      """
    Then the result code is 182

  Scenario: A session-stop at an unknown EVSE is 181
    Given the app user "nina" is registered with a credit card
    When the app sends "session-stop" with:
      """
      {"user": {"identifier-type": "username", "identifier": "nina", "token": "${nina.token}"}, "connector-id": "DE*XXX*E1"}
      """
    Then the result code is 181

  Scenario: A card newer than the CPO's offline list is authorized online through rfid-verify; its CDR reaches the hub
    Given the app user "otto" is registered with a credit card
    And the app user "otto" has the charging key "04C0FFEE000001"
    When the EV plugs in
    And RFID tag "04C0FFEE000001" is presented
    And the roaming traffic has settled
    Then a transaction is active
    And the CPO sent "rfid-verify" for "04C0FFEE000001" and the hub answered 0
    When 1 hour passes
    And the EV unplugs
    And the roaming traffic has settled
    And I am logged in to the back office as "depot"
    And I GET "/abs/frontend/session" with "chargingStationId=1&from=1767592800"
    Then the controller's transaction, the back office's session, the CPO's CDR and the hub's session of "otto" agree on the energy to the Wh
    And the CDR's cost is the back office's price of the session

  Scenario: A card in the CPO's offline list charges without asking the hub
    When the EV plugs in
    And RFID tag "04523022AA4881" is presented
    Then a transaction is active
    And the CPO did not send "rfid-verify"

  Scenario: A blocked card leaves the offline list with the next daily push and is then refused
    Given the staging user "test1@plugsurfing.com" is logged in as "t1"
    And the app sends "user-block-rfid" with:
      """
      {"user": {"identifier-type": "username", "identifier": "test1@plugsurfing.com", "token": "${t1.token}"}, "rfid": "04523022AA4881"}
      """
    And 24 hours pass
    When the EV plugs in
    And RFID tag "04523022AA4881" is presented
    And the roaming traffic has settled
    Then no transaction is active
    And the authorization state is "authorization_rejected"
    And the CPO sent "rfid-verify" for "04523022AA4881" and the hub answered 192

  Scenario: With the hub down, a card of the last rfid-post list charges (offline authorization)
    Given the hub sends "rfid-post" with:
      """
      {"rfids": ["0A1B2C3D"], "partner-identifier": "chargebench-oioi-hub-0001"}
      """
    And the hub fails the next 20 requests with HTTP 503
    When the EV plugs in
    And RFID tag "0A1B2C3D" is presented
    Then a transaction is active
    And the CPO did not send "rfid-verify"

  Scenario: rfid-post to the CPO from a partner it does not roam with is 211
    When the hub sends "rfid-post" with:
      """
      {"rfids": ["0A1B2C3D"], "partner-identifier": "someone-else-entirely"}
      """
    Then the result code is 211

  Scenario: The CPO retries a status change with back-off while the hub answers 503
    Given the hub fails the next 2 requests with HTTP 503
    When the EV plugs in
    Then the CPO's "connector-post-status" waits for a retry
    When 10 seconds pass
    Then the CPO's "connector-post-status" waits for a retry
    When 10 seconds pass
    Then the CPO's last "connector-post-status" took 3 attempts and the hub answered 0
