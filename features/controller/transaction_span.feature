@controller @transactions @certification @needs-ev-emulator @needs-card-presenter
Feature: The transactions time span at its exact bounds
  'from' and 'to' select the completed transactions that started within the
  span, both bounds included, to the millisecond the controller reports in
  startTime (spec 001, "Transactions"). The summary sums what the same span
  selects: count, minutes and kWh.

  Background: the cards are presented 250 ms into a second, so a bound read to the whole second misses them
    Given I am connected to "CP-1" as the operator
    And an EV with a 60 kWh battery at 20% state of charge, drawing at most 16 A on 3 phases
    And the EV plugs in
    And 0.25 seconds pass
    And RFID tag "04A2B3C4D5E680" is presented
    And 10 minutes pass
    And the EV unplugs
    And 1 hour passes
    And the EV plugs in
    And RFID tag "04B1C2D3E4F590" is presented
    And 30 minutes pass
    And the EV unplugs

  @req-001-transactions-span
  Scenario Outline: From the first start <from> ms to the second start <to> ms lists <count>
    When I read the completed transactions from the first start shifted <from> ms to the second start shifted <to> ms
    Then the answer lists <count> transactions
    When I read the transaction summary from the first start shifted <from> ms to the second start shifted <to> ms
    Then the summary counts <count> transactions, <minutes> minutes and <kwh> kWh

    Examples:
      | from | to    | count | minutes | kwh  |
      | 0    | 0     | 2     | 40      | 7.36 |
      | 1    | 0     | 1     | 30      | 5.52 |
      | 0    | -1    | 1     | 10      | 1.84 |
      | 1    | -1    | 0     | 0       | 0    |
      | -1   | 1     | 2     | 40      | 7.36 |

  @req-001-transactions-span
  Scenario Outline: From the second start shifted <from> ms, without 'to', lists <count>
    When I read the completed transactions from the second start shifted <from> ms
    Then the answer lists <count> transactions
    When I read the transaction summary from the second start shifted <from> ms
    Then the summary counts <count> transactions, <minutes> minutes and <kwh> kWh

    Examples:
      | from | count | minutes | kwh  |
      | 0    | 1     | 30      | 5.52 |
      | 1    | 0     | 0       | 0    |
      | -1   | 1     | 30      | 5.52 |

  @req-001-transactions-span
  Scenario Outline: To the second start shifted <to> ms, without 'from', lists <count>, unless the controller refuses 'to' alone
    When I read the completed transactions to the second start shifted <to> ms
    Then the answer lists <count> transactions, or is a bad request

    Examples:
      | to | count |
      | 0  | 2     |
      | -1 | 1     |
      | 1  | 2     |

  @req-001-transactions-span
  Scenario: A span of one instant at a start lists that transaction
    When I read the completed transactions from the first start shifted 0 ms to the first start shifted 0 ms
    Then the answer lists 1 transactions

  @req-001-transactions
  Scenario: The summary of every transaction, the one running excluded
    When the EV plugs in
    And RFID tag "04A2B3C4D5E680" is presented
    And 10 minutes pass
    And I read the transaction summary
    Then the summary counts 2 transactions, 40 minutes and 7.36 kWh

  @req-001-transactions
  Scenario: A transaction the EV took no energy in counts with 0 kWh
    When the EV signals control pilot state "B"
    And RFID tag "04A2B3C4D5E680" is presented
    And 5 minutes pass
    And RFID tag "04A2B3C4D5E680" is presented
    Then the last completed transaction ended with reason "Local" after 300 seconds holding 0 Wh within 1%
    When I read the transaction summary
    Then the summary counts 3 transactions, 45 minutes and 7.36 kWh
