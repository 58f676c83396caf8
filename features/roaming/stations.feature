@roaming @sim-only @req-002-stations
Feature: Stations pushed by CPOs and read by apps
  The simulated CPO pushes its station (the four controllers, one EVSE each)
  when the world starts; a foreign CPO pushes its own.

  Scenario: station-post of a new station makes it visible in its area
    Given the foreign CPO has pushed the station "fr-0001" with the EVSE "DE*FOR*E0001"
    When the app sends "station-get-surface" with:
      """
      {"min-lat": 48.0, "max-lat": 49.0, "min-long": 9.0, "max-long": 10.0, "filters": {"connector-types": ["Type2"]}}
      """
    Then the result code is 0
    And the answer lists 1 "/stations"
    And the answer has "/stations/0/name" equal to "Station fr-0001"
    And the answer has "/stations/0/owner-type" equal to "hotel"

  Scenario: station-post with a partner identifier of another key is 211
    When the foreign CPO sends "station-post" with:
      """
      {"station": {"id": "x-1", "name": "X", "latitude": 1.0, "longitude": 2.0,
                   "address": {"street": "s", "street-number": "1", "city": "c", "zip": "1", "country": "DE"},
                   "contact": {"phone": "1"}, "cpo-id": "DE*FOR", "is-open-24": true, "deleted": false,
                   "connectors": [{"id": "DE*FOR*E0009", "name": "Type2", "speed": 11}]},
       "partner-identifier": "chargebench-cpo-depot-0001"}
      """
    Then the result code is 211

  Scenario: station-post with a partner identifier shorter than 16 characters is 211
    When the foreign CPO sends "station-post" with:
      """
      {"station": {"id": "x-1", "name": "X", "latitude": 1.0, "longitude": 2.0,
                   "address": {"street": "s", "street-number": "1", "city": "c", "zip": "1", "country": "DE"},
                   "contact": {"phone": "1"}, "cpo-id": "DE*FOR", "is-open-24": true, "deleted": false,
                   "connectors": [{"id": "DE*FOR*E0009", "name": "Type2", "speed": 11}]},
       "partner-identifier": "1"}
      """
    Then the result code is 211

  Scenario: station-post may not change the connectors of an existing station
    Given the foreign CPO has pushed the station "fr-0001" with the EVSE "DE*FOR*E0001"
    When the foreign CPO sends "station-post" with:
      """
      {"station": {"id": "fr-0001", "name": "Renamed", "latitude": 48.78, "longitude": 9.19,
                   "address": {"street": "s", "street-number": "1", "city": "c", "zip": "1", "country": "DE"},
                   "contact": {"phone": "1", "website": "https://foreign.example"}, "cpo-id": "DE*FOR", "is-open-24": true, "deleted": false,
                   "connectors": [{"id": "DE*FOR*E0002", "name": "Type2", "speed": 11}]},
       "partner-identifier": "foreign-cpo-partner-0001"}
      """
    Then the result code is 230
    And the error mentions "connectors of an existing station cannot change"

  Scenario: station-post with deleted true hides the station
    Given the foreign CPO has pushed the station "fr-0001" with the EVSE "DE*FOR*E0001"
    When the foreign CPO sends "station-post" with:
      """
      {"station": {"id": "fr-0001", "name": "Station fr-0001", "latitude": 48.78, "longitude": 9.19,
                   "address": {"street": "s", "street-number": "1", "city": "c", "zip": "1", "country": "DE"},
                   "contact": {"phone": "1"}, "cpo-id": "DE*FOR", "is-open-24": true, "deleted": true,
                   "connectors": [{"id": "DE*FOR*E0001", "name": "Type2", "speed": 11.0}]},
       "partner-identifier": "foreign-cpo-partner-0001"}
      """
    Then the result code is 0
    When the app sends "station-get-surface" with:
      """
      {"min-lat": 48.0, "max-lat": 49.0, "min-long": 9.0, "max-long": 10.0}
      """
    Then the answer lists 0 "/stations"

  Scenario: connector-post-status updates the connector an app sees
    Given the foreign CPO has pushed the station "fr-0001" with the EVSE "DE*FOR*E0001"
    When the foreign CPO sends "connector-post-status" with:
      """
      {"connector-id": "DE*FOR*E0001", "status": "Occupied", "partner-identifier": "foreign-cpo-partner-0001"}
      """
    Then the result code is 0
    When the app sends "station-get-surface" with:
      """
      {"min-lat": 48.0, "max-lat": 49.0, "min-long": 9.0, "max-long": 10.0}
      """
    Then the answer has "/stations/0/dynamic-status-summary" equal to "Occupied"

  Scenario: connector-post-status for an EVSE another partner pushed is 181
    When the foreign CPO sends "connector-post-status" with:
      """
      {"connector-id": "DE*CBS*ECP1", "status": "Offline", "partner-identifier": "foreign-cpo-partner-0001"}
      """
    Then the result code is 181

  Scenario: connector-post-status with an unknown status is 230
    When the CPO sends "connector-post-status" with:
      """
      {"connector-id": "DE*CBS*ECP1", "status": "Broken", "partner-identifier": "chargebench-cpo-depot-0001"}
      """
    Then the result code is 230

  Scenario: station-get-by-ids gives the simulated CPO's station with its four EVSEs and its company
    When the app sends "station-get-by-ids" with:
      """
      {"station-ids": [1001, 999999]}
      """
    Then the result code is 0
    And the answer lists 1 "/stations"
    And the answer lists 4 "/stations/0/connectors"
    And the answer has "/stations/0/connectors/0/external-id" equal to "DE*CBS*ECP1"
    And the answer has "/stations/0/connectors/0/status" equal to "Available"
    And the answer has "/companies/0/name" equal to "Depot Nord Charging"

  Scenario: station-get-by-ids with more than ten ids is a format error
    When the app sends "station-get-by-ids" with:
      """
      {"station-ids": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]}
      """
    Then the result code is 230

  Scenario: station-get-surface with a latitude out of range is a format error
    When the app sends "station-get-surface" with:
      """
      {"min-lat": -91, "max-lat": 45, "min-long": 30, "max-long": 40}
      """
    Then the result code is 230

  Scenario: station-get-usage counts the station's sessions
    When the app sends "station-get-usage" with:
      """
      {"station-id": 1001}
      """
    Then the result code is 0
    And the answer has "/station-usage/last-30-days-usage-count" equal to 0

  Scenario: station-get-usage of an unknown station is 181
    When the app sends "station-get-usage" with:
      """
      {"station-id": 424242}
      """
    Then the result code is 181
