@backend @sim-only @needs-ev-emulator @needs-card-presenter
Feature: Charging sessions seen from the back office
  The simulated controllers report their sessions over real HTTP to
  /abs/cs/session; the back office prices them, starts and stops them
  remotely and shares a station's power among them.

  Background:
    Given I am connected to "CP-1" as the operator
    And an EV with a 60 kWh battery at 20% state of charge, drawing at most 16 A on 3 phases

  Scenario: A whitelisted card charges, and the session appears, updates and ends with a price
    When the EV plugs in
    And RFID tag "04A2B3C4D5E680" is presented
    And I am logged in to the back office as "depot"
    And I GET "/abs/frontend/session/1"
    Then the reply has "/session/completed" = false
    And the reply has "/session/tokenString" = "04A2B3C4D5E680"
    And the reply has "/session/controllerId" = "CP-1"
    When 1 hour passes
    And I log in to the back office as "depot"
    And I GET "/abs/frontend/session/1"
    Then the reply has "/session/energyWh" = 11040
    When the EV unplugs
    And I GET "/abs/frontend/session" with "chargingStationId=1&from=1767592800"
    Then the reply lists 1 "/sessions"
    And the reply has "/sessions/0/completed" = true
    And the reply has "/sessions/0/kiloWattHour" = 11.04
    And the reply has "/sessions/0/totalPrice" = 4.31
    And the reply has "/sessions/0/currency" = "EUR"

  Scenario: A card missing from the whitelist is checked online and charges
    When the EV plugs in
    And RFID tag "04D00D00000002" is presented
    Then the authorization state is "authorized_for_charging"
    And a transaction is active

  Scenario: A card of a driver who is not activated is refused online
    When the EV plugs in
    And RFID tag "04C0FFEE000001" is presented
    Then the authorization state is "authorization_rejected"
    And no transaction is active
    When I am logged in to the back office as "depot"
    And I GET "/abs/frontend/device/1/message"
    Then the reply has "/messages/1/level" = "WARNING"

  Scenario: A remote start by socket activation reaches the controller, and a remote stop ends it
    Given the EV plugs in
    And I am logged in to the back office as "depot"
    When I POST "/abs/frontend/socketActivation" with "socketId=1&tokenString=04B1C2D3E4F590&requestedkWh=10"
    Then the back office answers "100"
    And the reply has "/chargingSession/status" = "PENDING"
    And a transaction is active
    When I GET "/abs/frontend/session/1"
    Then the reply has "/session/status" = "ACTIVE"
    When I POST "/abs/frontend/socketActivation" with "socketId=1&tokenString=04A2B3C4D5E680"
    Then the back office answers "317"
    When I POST "/abs/frontend/socketActivation" with "socketId=2&tokenString=04B1C2D3E4F590"
    Then the back office answers "302"
    When 30 minutes pass
    And I DELETE "/abs/frontend/socketActivation" with "socketId=1"
    Then no transaction is active
    When I GET "/abs/frontend/session/1"
    Then the reply has "/session/completed" = true
    And the reply has "/session/stopReason" = "Remote"
    When I DELETE "/abs/frontend/socketActivation" with "socketId=1"
    Then the back office answers "319"

  Scenario: A remote start the EV never follows expires with the controller's authorization timeout
    Given I am logged in to the back office as "depot"
    When I POST "/abs/frontend/socketActivation" with "socketId=1&tokenString=04B1C2D3E4F590"
    Then the back office answers "100"
    And the authorization state is "authorized_for_charging"
    When 59 seconds pass
    And I GET "/abs/frontend/session/1"
    Then the reply has "/session/status" = "PENDING"
    When 1 second passes
    Then the authorization state is "not_authorized"
    When I GET "/abs/frontend/session/1"
    Then the reply has "/session/completed" = true
    And the reply has "/session/status" = "EXPIRED"
    And the reply has "/session/stopReason" = "Expired"
    And the reply has "/session/totalPrice" = 0.0
    When I GET "/abs/frontend/socket/1"
    Then the reply has "/socket/socketStatus" = "AVAILABLE"
    When I GET "/abs/frontend/alert"
    Then the reply lists 1 "/alerts"
    And the reply has "/alerts/0/severity" = "WARNING"
    When I POST "/abs/frontend/socketActivation" with "socketId=1&tokenString=04B1C2D3E4F590"
    Then the back office answers "100"

  Scenario: A remote start the EV follows in time becomes the charging session
    Given I am logged in to the back office as "depot"
    When I POST "/abs/frontend/socketActivation" with "socketId=1&tokenString=04B1C2D3E4F590"
    And 50 seconds pass
    And the EV plugs in
    And 1 hour passes
    Then a transaction is active
    When I log in to the back office as "depot"
    And I GET "/abs/frontend/session/1"
    Then the reply has "/session/status" = "ACTIVE"
    And the reply has "/session/energyWh" = 11040

  Scenario: A remote start cancelled before the EV plugs in costs nothing and authorizes nothing
    Given I am logged in to the back office as "depot"
    When I POST "/abs/frontend/socketActivation" with "socketId=1&tokenString=04B1C2D3E4F590"
    And 20 seconds pass
    And I DELETE "/abs/frontend/socketActivation" with "socketId=1"
    Then the back office answers "100"
    And the authorization state is "not_authorized"
    When I GET "/abs/frontend/session/1"
    Then the reply has "/session/status" = "CANCELLED"
    And the reply has "/session/totalPrice" = 0.0
    When the EV plugs in
    Then no transaction is active

  @needs-power-switch
  Scenario: A controller without mains takes no command and no remote start
    Given I am logged in to the back office as "depot"
    When the controller's mains are switched off
    And I POST "/abs/frontend/device/1/command" with "command=REBOOT"
    Then the back office answers "328"
    When I POST "/abs/frontend/device/1/fileUpload" with "fileType=DIAGNOSTICS"
    Then the back office answers "328"
    When I POST "/abs/frontend/socketActivation" with "socketId=1&tokenString=04B1C2D3E4F590"
    Then the back office answers "328"
    When the controller's mains are switched on
    And I POST "/abs/frontend/device/1/command" with "command=REBOOT"
    Then the back office answers "100"

  Scenario: Socket activation refusals
    Given I am logged in to the back office as "depot"
    When I POST "/abs/frontend/socketActivation" with "socketId=99&tokenString=04B1C2D3E4F590"
    Then the back office answers "202"
    When I POST "/abs/frontend/socketActivation" with "socketId=1&tokenString=FFFFFFFFFFFFFF"
    Then the back office answers "212"
    When I POST "/abs/frontend/socketActivation" with "socketId=1&tokenString=04C0FFEE000001"
    Then the back office answers "315"
    When I POST "/abs/frontend/socketActivation" with "socketId=1&tokenString=04B1C2D3E4F590&vehicleId=7"
    Then the back office answers "217"
    When I PUT "/abs/frontend/device/2" with "networked=false"
    And I POST "/abs/frontend/socketActivation" with "socketId=2&tokenString=04B1C2D3E4F590"
    Then the back office answers "328"

  Scenario: A token without a driver, and a driver kept to other stations
    Given I am logged in to the back office as "evadmin"
    And I POST "/abs/frontend/rfid" with "tokenString=04ABCDEF000009"
    And I PUT "/abs/frontend/evDriver/2" with "allowedChargingStationIds=2"
    Then the back office answers "204"
    When I log in to the back office as "depot"
    And I POST "/abs/frontend/chargingStation" with "name=Yard&zoneId=1" and remember "/chargingStation/id" as "yard"
    And I log in to the back office as "evadmin"
    And I PUT "/abs/frontend/evDriver/2" with "allowedChargingStationIds=$yard"
    And I log in to the back office as "depot"
    And I POST "/abs/frontend/socketActivation" with "socketId=1&tokenString=04ABCDEF000009"
    Then the back office answers "207"
    When I POST "/abs/frontend/socketActivation" with "socketId=1&tokenString=04B1C2D3E4F590"
    Then the back office answers "324"

  Scenario: Smart grid lowers the current the controllers offer
    Given I am connected to "CP-2" as the operator
    And the EV plugs in
    And RFID tag "04B1C2D3E4F590" is presented
    And the charge controller "CP-1"
    And I am connected to "CP-1" as the operator
    And the EV plugs in
    And RFID tag "04A2B3C4D5E680" is presented
    And I am logged in to the back office as "depot"
    When I PUT "/abs/frontend/smartgrid/1" with "enabled=true&power=22080"
    Then the reply has "/smartGrid/power" = 22080.0
    And the controller offers 16 A
    When I GET "/abs/frontend/session/1"
    Then the reply has "/session/powerValue" = 11040.0
    When I PUT "/abs/frontend/smartgrid/1" with "power=11040"
    Then the controller offers 8 A
    When I PUT "/abs/frontend/smartgrid/1" with "enabled=false"
    Then the controller offers 32 A

  Scenario: The smart grid shares by each socket's rating as it stands now
    Given I am connected to "CP-2" as the operator
    And the EV plugs in
    And RFID tag "04B1C2D3E4F590" is presented
    And the charge controller "CP-1"
    And I am connected to "CP-1" as the operator
    And the EV plugs in
    And RFID tag "04A2B3C4D5E680" is presented
    And I am logged in to the back office as "depot"
    When I PUT "/abs/frontend/smartgrid/1" with "enabled=true&power=33120"
    Then the controller offers 24 A
    When I PUT "/abs/frontend/socket/2" with "current=16"
    Then the back office answers "100"
    When I PUT "/abs/frontend/smartgrid/1" with "power=33120"
    Then the controller offers 32 A

  Scenario: A session whose EV is full leaves its share of the smart grid to the others
    Given the EV plugs in
    And RFID tag "04A2B3C4D5E680" is presented
    And I am connected to "CP-2" as the operator
    And an EV with a 60 kWh battery at 49% state of charge, drawing at most 16 A on 3 phases
    When the EV plugs in through the simulator, stopping at 50% state of charge
    And RFID tag "04B1C2D3E4F590" is presented
    And I am logged in to the back office as "depot"
    And I PUT "/abs/frontend/smartgrid/1" with "enabled=true&power=22080"
    Then the controller offers 16 A
    When 10 minutes pass
    Then the OCPP state is "suspended_ev"
    And the controller offers 16 A
    When I am connected to "CP-1" as the operator
    Then the controller offers 32 A
    When I log in to the back office as "depot"
    And I GET "/abs/frontend/session/1"
    Then the reply has "/session/powerValue" = 22080.0
    When I GET "/abs/frontend/session/2"
    Then the reply has "/session/powerValue" = 11040.0

  Scenario: Reservations
    Given I am logged in to the back office as "evadmin"
    When I POST "/abs/frontend/reservation" with "socketId=1&evDriverId=1&durationSeconds=900"
    Then the back office answers "100"
    When I POST "/abs/frontend/reservation" with "socketId=1&evDriverId=2&durationSeconds=900"
    Then the back office answers "316"
    When I POST "/abs/frontend/reservation" with "socketId=2&evDriverId=1&durationSeconds=900"
    Then the back office answers "318"
    When I DELETE "/abs/frontend/reservation" with "socketId=1&evDriverId=2"
    Then the back office answers "320"
    When I DELETE "/abs/frontend/reservation" with "socketId=2"
    Then the back office answers "326"
    When I DELETE "/abs/frontend/reservation"
    Then the back office answers "888" with HTTP 400
    When 15 minutes pass
    And I log in to the back office as "evadmin"
    And I DELETE "/abs/frontend/reservation" with "socketId=1"
    Then the back office answers "326"

  Scenario: A reserved socket is not available for activation of another driver, an occupied one not for a reservation
    Given the EV plugs in
    And RFID tag "04A2B3C4D5E680" is presented
    And I am logged in to the back office as "evadmin"
    When I POST "/abs/frontend/reservation" with "socketId=1&evDriverId=2&durationSeconds=900"
    Then the back office answers "317"
    When I POST "/abs/frontend/reservation" with "socketId=2&evDriverId=2&durationSeconds=900"
    And I log in to the back office as "depot"
    And I POST "/abs/frontend/socketActivation" with "socketId=2&tokenString=04A2B3C4D5E680"
    Then the back office answers "316"

  Scenario: The charging-station interface refuses bad reports
    Given I am logged in to the back office as "cs"
    When I POST "/abs/cs/session" with "socketId=3&rfid=04A2B3C4D5E680&timestamp=1767592800" and remember "/sessionId" as "session"
    And I POST "/abs/cs/session" with "socketId=4&rfid=04A2B3C4D5E680&timestamp=1767592800"
    Then the back office answers "302"
    When I POST "/abs/cs/session" with "socketId=3&rfid=04B1C2D3E4F590&timestamp=1767592800"
    Then the back office answers "311"
    When I POST "/abs/cs/session" with "socketId=4&rfid=04C0FFEE000001&timestamp=1767592800"
    Then the back office answers "315"
    When I POST "/abs/cs/session" with "socketId=4&rfid=04B1C2D3E4F590&timestamp=1999999999"
    Then the back office answers "301"
    When I POST "/abs/cs/session" with "socketId=4&rfid=0000&timestamp=1767592800"
    Then the back office answers "212"
    When I POST "/abs/cs/session" with "socketId=44&rfid=04B1C2D3E4F590&timestamp=1767592800"
    Then the back office answers "202"
    When I PUT "/abs/cs/session" with "sessionId=$session&timestamp=1767592860&energy=100"
    Then the back office answers "100"
    When I PUT "/abs/cs/session" with "sessionId=$session&timestamp=1767592830&energy=150"
    Then the back office answers "301"
    When I DELETE "/abs/cs/session" with "sessionId=$session&timestamp=1767592900&energy=200"
    Then the reply has "/session/totalPrice" = 1.06
    When I PUT "/abs/cs/session" with "sessionId=$session&timestamp=1767592950&energy=200"
    Then the back office answers "303"
    When I PUT "/abs/cs/session" with "sessionId=999&timestamp=1767592950&energy=200"
    Then the back office answers "203"
    When I PUT "/abs/cs/session" with "sessionId=$session&timestamp=-5&energy=200"
    Then the back office answers "777"
