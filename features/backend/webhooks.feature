@backend @sim-only @needs-ev-emulator @needs-card-presenter
Feature: Webhook notifications
  Notification rules with protocol WEBHOOK deliver the platform events as
  HTTP POSTs signed with HMAC-SHA256 (X-Signature), expecting 202, retried
  10, 30 and 90 seconds of model time after a failure and given up after the
  fourth attempt; one rule's deliveries go out in order. EMAIL and AMQP rules
  record the same deliveries without sending them. Every delivery is recorded.

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

  Scenario: A receiver that fails twice gets the event on the third attempt, retried in model time
    Given a webhook receiver for "DEVICE_FAULTS" that fails 2 times
    When I log in to the back office as "cs"
    And I PUT "/abs/cs/socket" with "socketId=1&status=FAILURE"
    And I log in to the back office as "depot"
    Then the receiver was called 1 time
    And delivery 1 waits for attempt 2, due 10 seconds after the last
    When 9 seconds pass
    Then the receiver was called 1 time
    When 1 second passes
    Then the receiver was called 2 times
    And delivery 1 waits for attempt 3, due 30 seconds after the last
    When 30 seconds pass
    Then the receiver was called 3 times, always with the same event
    And delivery 1 is DELIVERED after these attempts:
      | attempt | seconds after the event | outcome  |
      | 1       | 0                       | HTTP 500 |
      | 2       | 10                      | HTTP 500 |
      | 3       | 40                      | HTTP 202 |

  Scenario: A receiver that keeps failing is given up after four attempts; the next event waited its turn
    Given a webhook receiver for "DEVICE_FAULTS" that fails 4 times
    When I log in to the back office as "cs"
    And I PUT "/abs/cs/socket" with "socketId=1&status=FAILURE"
    And I PUT "/abs/cs/socket" with "socketId=1&status=AVAILABLE"
    And I log in to the back office as "depot"
    Then the receiver was called 1 time
    When 10 seconds pass
    And 30 seconds pass
    And 89 seconds pass
    Then the receiver was called 3 times, always with the same event
    When 1 second passes
    Then the receiver was called 5 times
    And delivery 1 is FAILED after these attempts:
      | attempt | seconds after the event | outcome  |
      | 1       | 0                       | HTTP 500 |
      | 2       | 10                      | HTTP 500 |
      | 3       | 40                      | HTTP 500 |
      | 4       | 130                     | HTTP 500 |
    And delivery 2 is DELIVERED after these attempts:
      | attempt | seconds after the event | outcome  |
      | 1       | 130                     | HTTP 202 |

  Scenario: EMAIL and AMQP rules record the same events as a webhook, stored rather than sent
    Given a webhook receiver for "CHARGING_SESSIONS"
    And a notification rule for "CHARGING_SESSIONS" by EMAIL to "ops@example.org"
    And a notification rule for "CHARGING_SESSIONS" by AMQP to "amqp://broker.example.org/events"
    When the EV plugs in
    And RFID tag "04A2B3C4D5E680" is presented
    And 30 minutes pass
    And the EV unplugs
    Then the EMAIL rule recorded the events the receiver got, with the same payloads, STORED and never sent
    And the AMQP rule recorded the events the receiver got, with the same payloads, STORED and never sent
