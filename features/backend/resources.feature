@backend @sim-only
Feature: Managing back-office resources
  Every resource is created, read, partially updated and deleted through URI
  query parameters, with the spec's conflict codes.

  Scenario: A host creates, renames and deletes a zone
    Given I am logged in to the back office as "depot"
    When I POST "/abs/frontend/zone" with "name=Depot+S%C3%BCd&description=South+yard" and remember "/zone/id" as "zone"
    And I PUT "/abs/frontend/zone/$zone" with "name=Depot+Ost"
    Then the reply has "/zone/name" = "Depot Ost"
    And the reply has "/zone/description" = "South yard"
    When I POST "/abs/frontend/zone" with "name=Depot+Ost"
    Then the back office answers "304"
    When I DELETE "/abs/frontend/zone/$zone"
    Then the back office answers "100"
    When I GET "/abs/frontend/zone/$zone"
    Then the back office answers "205"

  Scenario: Station, device and socket conflicts
    Given I am logged in to the back office as "depot"
    When I POST "/abs/frontend/chargingStation" with "name=Depot+Nord+1&zoneId=1"
    Then the back office answers "305"
    When I POST "/abs/frontend/chargingStation" with "name=Depot+Nord+2&zoneId=1&latitude=91"
    Then the back office answers "777"
    When I POST "/abs/frontend/chargingStation" with "name=Depot+Nord+2&zoneId=1&latitude=53.5" and remember "/chargingStation/id" as "station"
    And I POST "/abs/frontend/device" with "deviceType=CONSOLE&chargingStationId=$station&serialNumber=CON-1" and remember "/device/id" as "console"
    And I POST "/abs/frontend/device" with "deviceType=CHARGING_UNIT&chargingStationId=$station&serialNumber=CON-1"
    Then the back office answers "325"
    When I POST "/abs/frontend/socket" with "chargingStationId=$station&chargingUnitId=$console&deviceRank=1"
    Then the back office answers "666"
    When I POST "/abs/frontend/socket" with "chargingStationId=1&chargingUnitId=1&deviceRank=1"
    Then the back office answers "307"
    When I DELETE "/abs/frontend/zone/1"
    Then the back office answers "666"
    When I GET "/abs/frontend/socket" with "chargingStationId=99"
    Then the back office answers "204"

  Scenario: EV drivers, tokens and vehicles
    Given I am logged in to the back office as "evadmin"
    When I POST "/abs/frontend/evDriver" with "username=alice&email=new@example.org"
    Then the back office answers "313"
    When I POST "/abs/frontend/evDriver" with "username=dave&email=alice@example.org"
    Then the back office answers "314"
    When I POST "/abs/frontend/evDriver" with "username=dave"
    Then the back office answers "888" with HTTP 400
    When I POST "/abs/frontend/rfid" with "tokenString=04A2B3C4D5E680"
    Then the back office answers "322"
    When I DELETE "/abs/frontend/rfid/1"
    Then the back office answers "323"
    When I POST "/abs/frontend/rfid" with "tokenString=04EEEEEEEEEE01" and remember "/rfid/id" as "spare"
    And I DELETE "/abs/frontend/rfid/$spare"
    Then the back office answers "100"
    When I GET "/abs/frontend/vehicle/1"
    Then the back office answers "217"
    When I GET "/abs/frontend/account/9"
    Then the back office answers "214"
    When I PUT "/abs/frontend/evDriver/1" with "accountId=9"
    Then the back office answers "214"

  Scenario: No more than 100 vehicles
    Given I am logged in to the back office as "evadmin"
    And 100 vehicles are defined
    When I POST "/abs/frontend/vehicle" with "brandName=Fleet&modelName=One+too+many"
    Then the back office answers "327"

  Scenario: Administration users and their roles
    Given I am logged in to the back office as "useradmin"
    When I POST "/abs/frontend/user" with "username=depot&password=long-enough-pw"
    Then the back office answers "313"
    When I POST "/abs/frontend/user" with "username=erin&password=long-enough-pw&email=admin%40depot-nord.example"
    Then the back office answers "314"
    When I POST "/abs/frontend/user" with "username=erin&password=long-enough-pw" and remember "/user/id" as "erin"
    And I POST "/abs/frontend/user/$erin/role" with "role=hostAdmin"
    Then the reply has "/user/userType" = ["hostAdmin"]
    When I POST "/abs/frontend/user/$erin/role" with "role=superuser"
    Then the back office answers "213"
    When I POST "/abs/frontend/user/999/role" with "role=host"
    Then the back office answers "201"
    When I log in to the back office as "erin" with password "long-enough-pw"
    Then the reply has "/userType" = ["hostAdmin"]

  Scenario: Unknown pricing policies, alerts, notification rules
    Given I am logged in to the back office as "depot"
    When I PUT "/abs/frontend/chargingStation/1" with "pricingPolicyId=42"
    Then the back office answers "208"
    When I GET "/abs/frontend/alert/1"
    Then the back office answers "210"
    When I GET "/abs/frontend/notificationRule/1"
    Then the back office answers "215"
    When I POST "/abs/frontend/notificationRule" with "categories=CHARGING_SESSIONS&protocol=WEBHOOK&target=http%3A%2F%2F127.0.0.1%3A9%2Fhook"
    Then the back office answers "666"
    When I POST "/abs/frontend/notificationRule" with "categories=CHARGING_SESSIONS,BOGUS&protocol=EMAIL&target=ops%40example.org"
    Then the back office answers "777"

  Scenario: Device commands, uploads and messages
    Given I am logged in to the back office as "depot"
    When I POST "/abs/frontend/device/1/command" with "command=SET_CURRENT&current=10" and remember "/command/id" as "command"
    And I GET "/abs/frontend/device/1/command/$command"
    Then the reply has "/command/status" = "ACCEPTED"
    When I GET "/abs/frontend/device/1/command/999"
    Then the back office answers "218"
    When I POST "/abs/frontend/device/1/command" with "command=REBOOT&current=10"
    Then the back office answers "666"
    When I POST "/abs/frontend/device/1/fileUpload" with "fileType=DIAGNOSTICS" and remember "/fileUpload/id" as "upload"
    And I GET "/abs/frontend/device/1/fileUpload/$upload"
    Then the reply has "/fileUpload/status" = "UPLOADED"
    When I GET "/abs/frontend/device/1/fileUpload/999"
    Then the back office answers "219"
    When I GET "/abs/frontend/device/1/message/999"
    Then the back office answers "220"
    When I PUT "/abs/frontend/device/1" with "networked=false"
    And I POST "/abs/frontend/device/1/command" with "command=UNLOCK"
    Then the back office answers "328"
    When I GET "/abs/frontend/alert"
    Then the reply lists 1 "/alerts"

  Scenario: The smart grid needs to be enabled and to have a power
    Given I am logged in to the back office as "depot"
    When I POST "/abs/frontend/smartgrid/1/apply"
    Then the back office answers "1001"
    When I PUT "/abs/frontend/smartgrid/1" with "enabled=true"
    And I POST "/abs/frontend/smartgrid/1/apply"
    Then the back office answers "1002"
