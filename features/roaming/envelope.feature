@roaming @sim-only @req-002-envelope
Feature: One OIOI endpoint, its API keys and its error answers
  Every call is a POST of one JSON object naming exactly one call. The hub
  checks the API key (210), whether the key may send the call (220) and the
  request format (230, HTTP 400 with an "error"); results carry an integer code.

  Scenario: A call with a valid key is answered with result code 0
    When the app sends "vehicle-get-all" with:
      """
      {}
      """
    Then the result code is 0
    And the answer has "/result/message" equal to "Success."

  Scenario: An unknown API key is refused with 210
    When the app sends "vehicle-get-all" with the API key "not-a-key" and:
      """
      {}
      """
    Then the result code is 210

  Scenario: A request without an Authorization header is refused with 210
    When the app sends "vehicle-get-all" without an Authorization header
    Then the result code is 210

  Scenario: A CPO key may not use the app calls (220)
    When the CPO sends "user-reset" with:
      """
      {"identifier": "test1@plugsurfing.com"}
      """
    Then the result code is 220

  Scenario: Two call names in one body are a format error
    When the app sends the raw body:
      """
      {"vehicle-get-all": {}, "user-reset": {"identifier": "test1@plugsurfing.com"}}
      """
    Then the result code is 230
    And the error mentions "exactly one call name"

  Scenario: A body that is not JSON is a format error
    When the app sends the raw body:
      """
      {"vehicle-get-all": 
      """
    Then the result code is 230

  Scenario: An unknown call is a format error
    When the app sends "station-get-by-center-radius" with:
      """
      {"center-lat": 52.5167, "center-long": 13.3833, "radius": 100, "unit": "km"}
      """
    Then the result code is 230
    And the error mentions "unknown call"

  Scenario: A missing required field is a format error naming the field
    When the app sends "user-verify" with:
      """
      {"username": "test1@plugsurfing.com", "password": "test"}
      """
    Then the result code is 230
    And the error mentions "is-token"

  Scenario: A hub outage answers 503 with Retry-After, then the hub answers again
    Given the hub fails the next 1 requests with HTTP 503
    When the app sends "vehicle-get-all" with:
      """
      {}
      """
    Then the OIOI answer is HTTP 503 asking to retry later
    When the app sends "vehicle-get-all" with:
      """
      {}
      """
    Then the result code is 0
