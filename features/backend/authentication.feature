@backend @sim-only
Feature: Back-office authentication
  An ABS session starts with a username and password, is carried in the
  ABS-Session-Id header and expires after sixty idle minutes.

  Scenario: A host logs in and gets its roles and language
    When I log in to the back office as "depot"
    Then the back office answers "100"
    And the reply has "/userType" = ["host", "hostAdmin"]
    And the reply has "/language" = "nl"

  Scenario: A wrong password is refused
    When I log in to the back office as "depot" with password "not-the-password"
    Then the back office answers "444"

  Scenario: A forged session id is answered 445 with HTTP 403
    When I use the session id "00000000000000000000000000000000"
    And I GET "/abs/frontend/zone"
    Then the back office answers "445" with HTTP 403

  Scenario: A session used within the hour stays valid
    Given I am logged in to the back office as "depot"
    When 59 minutes pass
    And I GET "/abs/frontend/zone"
    Then the back office answers "100"
    When 59 minutes pass
    And I GET "/abs/frontend/zone"
    Then the back office answers "100"

  Scenario: A session idle for sixty minutes expires
    Given I am logged in to the back office as "depot"
    When 60 minutes pass
    And I GET "/abs/frontend/zone"
    Then the back office answers "445" with HTTP 403

  Scenario: Logging out ends every session of the user
    Given I am logged in to the back office as "depot"
    And I am logged in to the back office as "depot"
    When I DELETE "/abs/authentication"
    Then the back office answers "100"
    And the reply has "/endedSessions" = 2
    When I use my first session id
    And I GET "/abs/frontend/zone"
    Then the back office answers "445" with HTTP 403
