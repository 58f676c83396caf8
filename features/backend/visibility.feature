@backend @sim-only
Feature: What each role sees
  A host sees only what it created, admin sees everything, and an entry a
  caller cannot see is "unknown" to it, never "forbidden".

  Scenario Outline: <user> lists <resource> and reads entry 1
    Given I am logged in to the back office as "<user>"
    When I GET "/abs/frontend/<resource>"
    Then the reply lists <count> "/<resource>s"
    When I GET "/abs/frontend/<resource>/1"
    Then the back office answers "<code>"

    Examples:
      | user      | resource        | count | code |
      | admin     | zone            | 1     | 100  |
      | depot     | zone            | 1     | 100  |
      | viewer    | zone            | 0     | 205  |
      | rival     | zone            | 0     | 205  |
      | evadmin   | zone            | 0     | 205  |
      | nobody    | zone            | 0     | 205  |
      | cs        | zone            | 0     | 205  |
      | depot     | chargingStation | 1     | 100  |
      | rival     | chargingStation | 0     | 204  |
      | depot     | socket          | 4     | 100  |
      | rival     | socket          | 0     | 202  |
      | depot     | device          | 4     | 100  |
      | rival     | device          | 0     | 216  |
      | depot     | pricingPolicy   | 1     | 100  |
      | rival     | pricingPolicy   | 0     | 208  |
      | evadmin   | evDriver        | 3     | 100  |
      | depot     | evDriver        | 0     | 207  |
      | evadmin   | rfid            | 4     | 100  |
      | useradmin | rfid            | 0     | 212  |
      | evadmin   | account         | 1     | 100  |
      | depot     | account         | 0     | 214  |
      | useradmin | user            | 8     | 100  |
      | depot     | user            | 0     | 201  |

  Scenario: A host cannot change or delete another host's zone
    Given I am logged in to the back office as "rival"
    When I PUT "/abs/frontend/zone/1" with "name=Mine+now"
    Then the back office answers "205"
    When I DELETE "/abs/frontend/zone/1"
    Then the back office answers "205"

  Scenario: A viewing host sees but may not create
    Given I am logged in to the back office as "viewer"
    When I POST "/abs/frontend/zone" with "name=Viewer+zone"
    Then the back office answers "444"

  Scenario: Only the cs account may use the charging-station interface
    Given I am logged in to the back office as "admin"
    When I PUT "/abs/cs/socket" with "socketId=1&status=AVAILABLE"
    Then the back office answers "444"
