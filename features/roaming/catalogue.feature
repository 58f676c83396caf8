@roaming @sim-only @req-002-catalogue
Feature: Company images and the vehicle list

  Scenario: company-get-images names the company and its image URLs
    When the app sends "company-get-images" with:
      """
      {"company-id": 1}
      """
    Then the result code is 0
    And the answer has "/company" equal to "Depot Nord Charging"
    And the answer lists 1 "/urls"

  Scenario: company-get-images of an unknown company is 183
    When the app sends "company-get-images" with:
      """
      {"company-id": 4711}
      """
    Then the result code is 183

  Scenario: vehicle-get-all lists the vehicles with their connector types
    When the app sends "vehicle-get-all" with:
      """
      {}
      """
    Then the result code is 0
    And the answer lists 4 "/vehicle-get-all/vehicles"
    And the answer has "/vehicle-get-all/vehicles/1/model" equal to "Zoe"

  Scenario: vehicle-get-all with fields of the wrong type is a format error
    When the app sends "vehicle-get-all" with:
      """
      []
      """
    Then the result code is 230
