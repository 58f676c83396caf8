@backend @sim-only @needs-ev-emulator @needs-card-presenter
Feature: Webhook notifications
  Notification rules with protocol WEBHOOK deliver the platform events as
  HTTP POSTs signed with HMAC-SHA256 (X-Signature), expecting 202, retried
  with bounded back-off, every delivery recorded.

  Background:
    Given I am connected to "CP-1" as the operator
    And an EV with a 60 kWh battery at 20% state of charge, drawing at most 16 A on 3 phases
    And I am logged in to the back office as "depot"

  Scenario: The events of one session arrive signed, in order, with their payload
    Given a webhook receiver for "CHARGING_SESSIONS"
    When the EV plugs in
    And RFID tag "04A2B3C4D5E680" is presented
    And 30 minutes pass
    And the EV unplugs
    Then the receiver got the events "session.start, session.meterValues, session.update, session.stop" in this order, each signed
    And the "session.stop" event carries energyWh = 5520
    And the "session.stop" event carries totalPrice = 2.66
    And the "session.start" event carries tokenString = "04A2B3C4D5E680"

  Scenario: A receiver that fails twice gets the event on the third attempt
    Given a webhook receiver for "DEVICE_FAULTS" that fails 2 times
    When I log in to the back office as "cs"
    And I PUT "/abs/cs/socket" with "socketId=1&status=FAILURE"
    And I log in to the back office as "depot"
    Then the receiver was called 3 times for one delivery that is recorded as delivered on attempt 3
