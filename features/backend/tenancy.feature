@backend @sim-only
Feature: Tenants are kept apart
  What one host owns does not exist for another: it cannot be seen, changed
  or cancelled, its names neither clash nor show, and its events reach no
  other tenant's notification rules. Who may do what is one table
  (simulator/model/backoffice/access.py), tested cell by cell in
  tests/test_abs_access.py.

  Scenario Outline: Only an EV administrator cancels a reservation, <user> is refused and learns nothing
    Given I am logged in to the back office as "evadmin"
    And I POST "/abs/frontend/reservation" with "socketId=1&evDriverId=1&durationSeconds=900"
    When I log in to the back office as "<user>"
    And I DELETE "/abs/frontend/reservation" with "socketId=1"
    Then the back office answers "444"
    And the reply does not show "evDriverId"
    When I DELETE "/abs/frontend/reservation" with "evDriverId=1"
    Then the back office answers "444"
    When I log in to the back office as "evadmin"
    And I GET "/abs/frontend/reservation"
    Then the reply has "/reservations/0/status" = "ACTIVE"

    Examples:
      | user      |
      | nobody    |
      | viewer    |
      | depot     |
      | rival     |
      | useradmin |
      | cs        |

  Scenario: Names are unique per tenant, so another tenant's names neither clash nor show
    Given I am logged in to the back office as "rival"
    When I POST "/abs/frontend/zone" with "name=Depot+Nord" and remember "/zone/id" as "zone"
    And I POST "/abs/frontend/chargingStation" with "name=Depot+Nord+1&zoneId=$zone"
    Then the back office answers "100"
    When I POST "/abs/frontend/zone" with "name=Depot+Nord"
    Then the back office answers "304"
    When I POST "/abs/frontend/chargingStation" with "name=Depot+Nord+1&zoneId=$zone"
    Then the back office answers "305"

  Scenario: A host's rule without a station filter gets its own stations' events and nobody else's
    Given I am logged in to the back office as "rival"
    And I POST "/abs/frontend/zone" with "name=Rival+yard" and remember "/zone/id" as "zone"
    And I POST "/abs/frontend/chargingStation" with "name=Rival+1&zoneId=$zone" and remember "/chargingStation/id" as "station"
    And I POST "/abs/frontend/device" with "deviceType=CHARGING_UNIT&chargingStationId=$station&serialNumber=RIVAL-1" and remember "/device/id" as "unit"
    And I POST "/abs/frontend/socket" with "chargingStationId=$station&chargingUnitId=$unit&deviceRank=1" and remember "/socket/id" as "socket"
    And a webhook receiver for "CHARGING_SESSIONS,DEVICE_FAULTS,DEVICE_WARNINGS,SERVER_LOGINS,SERVER_OPERATIONS,SMARTGRID" without a station filter
    When I log in to the back office as "cs"
    And I POST "/abs/cs/session" with "socketId=1&rfid=04A2B3C4D5E680&timestamp=1767592800"
    And I PUT "/abs/cs/socket" with "socketId=2&status=FAILURE"
    And I POST "/abs/cs/session" with "socketId=$socket&rfid=04B1C2D3E4F590&timestamp=1767592800"
    And I log in to the back office as "admin"
    Then the receiver got the events "session.start, hardware.status" in this order, each signed
    And the "session.start" event carries tokenString = "04B1C2D3E4F590"
