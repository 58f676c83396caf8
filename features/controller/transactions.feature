@controller @transactions @certification
Feature: Transaction history
  Completed transactions can be read in full or for a time span (from/to as
  UTC date-times), and summed up. The simulated day starts 2026-01-05 06:00 UTC.

  Background:
    Given I am connected to "CP-1" as the operator
    And an EV with a 60 kWh battery at 20% state of charge, drawing at most 16 A on 3 phases

  @needs-ev-emulator @needs-card-presenter @sim-only @req-001-transactions
  Scenario: Two sessions, read whole and by time span
    Given the EV plugs in
    And RFID tag "04A2B3C4D5E680" is presented
    And 1 hour passes
    And the EV unplugs
    And 2 hours pass
    And the EV plugs in
    And RFID tag "04B1C2D3E4F590" is presented
    And 30 minutes pass
    And the EV unplugs
    When I read the completed transactions
    Then the answer lists 2 transactions
    When I read the completed transactions from "2026-01-05T08:00:00Z"
    Then the answer lists 1 transactions
    When I read the completed transactions from "2026-01-05T05:00:00Z" to "2026-01-05T07:00:00Z"
    Then the answer lists 1 transactions
    When I read the transaction summary
    Then the summary counts 2 transactions, 90 minutes and 16.56 kWh
    When I read the transaction summary from "2026-01-05T08:00:00Z" to "2026-01-05T10:00:00Z"
    Then the summary counts 1 transactions, 30 minutes and 5.52 kWh

  @req-001-transactions-span
  Scenario: A time span that is not a date-time is a bad request
    When I read the completed transactions from "yesterday"
    Then the answer is HTTP 400 with cause "date-time"

  @req-001-transactions-span
  Scenario: A time span that ends before it starts is a bad request
    When I read the transaction summary from "2026-01-05T10:00:00Z" to "2026-01-05T08:00:00Z"
    Then the answer is HTTP 400 with cause "before"
