@backend @sim-only @needs-ev-emulator @needs-card-presenter
Feature: Faults and device events reach the back office
  The simulated controllers report through the charging-station interface as
  a real controller does. A controller error or a faulted pilot marks the
  socket FAILURE with the fault's code, logs a device message, raises an alert
  and is notified (DEVICE_FAULTS); a session that ends while its socket has
  failed is FAILED and billed for its energy only. A socket status is sent
  only when it changes. A boot (power back, reboot) and a change of a
  driver's balance are notified too.

  Background:
    Given I am connected to "CP-1" as the operator
    And an EV with a 60 kWh battery at 20% state of charge, drawing at most 16 A on 3 phases
    And I am logged in to the back office as "depot"

  Scenario: A controller error during a session fails it, marks the socket, logs, alerts and notifies
    Given a webhook receiver for "DEVICE_FAULTS,CHARGING_SESSIONS"
    When the EV plugs in
    And RFID tag "04A2B3C4D5E680" is presented
    And 30 minutes pass
    And the controller raises the error "RCD_TRIPPED": "Residual current detected"
    And I GET "/abs/frontend/session/1"
    Then the reply has "/session/status" = "FAILED"
    And the reply has "/session/stopReason" = "Other"
    And the reply has "/session/energyWh" = 5520
    And the reply has "/session/totalPrice" = 1.66
    When I GET "/abs/frontend/socket/1"
    Then the reply has "/socket/socketStatus" = "FAILURE"
    When I GET "/abs/frontend/device/1/message"
    Then the reply lists an entry of "/messages" with level = "ERROR" and message = "socket 1 reports FAILURE: RCD_TRIPPED (Residual current detected)"
    When I GET "/abs/frontend/alert"
    Then the reply lists an entry of "/alerts" with severity = "ERROR" and message = "socket 1 reports a failure: RCD_TRIPPED (Residual current detected)"
    And the reply lists 2 "/alerts"
    And the receiver got the events "hardware.status, session.start, session.meterValues, hardware.status, session.update, session.stop" in this order, each signed
    And the "hardware.status" event carries status = "FAILURE"
    And the "session.stop" event carries status = "FAILED"
    When the error "RCD_TRIPPED" clears
    And I GET "/abs/frontend/socket/1"
    Then the reply has "/socket/socketStatus" = "IN_USE"

  Scenario: A faulted pilot marks the socket FAILURE while it lasts; a session that ends in it fails
    When the EV plugs in
    And RFID tag "04A2B3C4D5E680" is presented
    And 10 minutes pass
    And the EV signals control pilot state "E"
    And I GET "/abs/frontend/socket/1"
    Then the reply has "/socket/socketStatus" = "FAILURE"
    When the EV signals control pilot state "C"
    And I GET "/abs/frontend/socket/1"
    Then the reply has "/socket/socketStatus" = "IN_USE"
    When 10 minutes pass
    And the EV signals control pilot state "F"
    And the EV unplugs
    And I GET "/abs/frontend/session/1"
    Then the reply has "/session/status" = "FAILED"
    And the reply has "/session/energyWh" = 3680
    And the reply has "/session/totalPrice" = 1.1
    When I GET "/abs/frontend/socket/1"
    Then the reply has "/socket/socketStatus" = "AVAILABLE"

  Scenario: A controller warning is logged as a warning and leaves the socket working
    When the EV plugs in
    And the controller raises the warning "TEMP_HIGH": "Enclosure temperature high"
    And I GET "/abs/frontend/device/1/message"
    Then the reply lists an entry of "/messages" with level = "WARNING" and message = "socket 1 reports IN_USE: TEMP_HIGH (Enclosure temperature high)"
    When I GET "/abs/frontend/socket/1"
    Then the reply has "/socket/socketStatus" = "IN_USE"
    When I GET "/abs/frontend/alert"
    Then the reply lists 0 "/alerts"

  Scenario: One plug-in, session and unplug sends each socket status once, each as a new event
    Given a webhook receiver for "DEVICE_FAULTS"
    When the EV plugs in
    And RFID tag "04A2B3C4D5E680" is presented
    And 30 minutes pass
    And the EV unplugs
    Then the receiver got the socket statuses "IN_USE, AVAILABLE", each a new event

  @needs-power-switch
  Scenario: A controller that boots says so, after a power cut and after a reboot command
    Given a webhook receiver for "DEVICE_WARNINGS"
    When the controller's mains are switched off
    And 1 minute passes
    And the controller's mains are switched on
    And I POST "/abs/frontend/device/1/command" with "command=REBOOT"
    Then the receiver got the events "boot.notification, boot.notification" in this order, each signed
    And the "boot.notification" event carries firmwareVersion = "5.32.0-sim"
    When I GET "/abs/frontend/device/1"
    Then the reply has "/device/lastBoot" = 1767592860

  Scenario: A priced session changes the driver's balance, and an administrator's rule hears of it
    Given I am logged in to the back office as "admin"
    And a webhook receiver for "SERVER_OPERATIONS" without a station filter
    When the EV plugs in
    And RFID tag "04A2B3C4D5E680" is presented
    And 1 hour passes
    And the EV unplugs
    And I log in to the back office as "admin"
    Then the receiver got the events "user.balanceChanged" in this order, each signed
    And the "user.balanceChanged" event carries amount = -4.31
    And the "user.balanceChanged" event carries balance = 45.69

  Scenario: The charging-station interface opens no session without a token
    Given I am logged in to the back office as "cs"
    When I POST "/abs/cs/session" with "socketId=3&timestamp=1767592800"
    Then the back office answers "888" with HTTP 400
    When I log in to the back office as "depot"
    And I GET "/abs/frontend/session"
    Then the reply lists 0 "/sessions"

  Scenario: A session reported as ABS-SURFACE.md describes it is billed for its charging time, not as parking
    Given I am logged in to the back office as "cs"
    When I POST "/abs/cs/session" with "socketId=3&rfid=04A2B3C4D5E680&timestamp=1767592800" and remember "/sessionId" as "session"
    And 30 minutes pass
    And I PUT "/abs/cs/session" with "sessionId=$session&timestamp=1767594600&energy=5520"
    And 30 minutes pass
    And I DELETE "/abs/cs/session" with "sessionId=$session&timestamp=1767596400&energy=11040"
    Then the reply has "/session/totalPrice" = 4.31
    And the reply has "/session/timeStartedCharging" = 1767592800
    And the reply has "/session/timeStoppedCharging" = 1767596400
