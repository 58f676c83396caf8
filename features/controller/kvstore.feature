@controller @kvstore @certification @req-001-kvstore
Feature: The generic key-value store
  At most 1000 pairs, keys of at most 256 and values of at most 1000
  characters. Adding and modifying many pairs are each one transaction: all
  or nothing. (Spec 001, "Generic Key-Value Store".)

  Background:
    Given I am connected to "CP-1" as the operator

  Scenario: Add, read, modify and delete pairs
    When I add the key-value pairs:
      | key   | value   |
      | key_1 | value_1 |
      | key_2 | value_2 |
    Then the answer is HTTP 200
    When I read the key "key_1"
    Then the answer is HTTP 200
    When I modify the key-value pairs:
      | key   | value |
      | key_1 | one   |
      | key_2 | two   |
    Then the store holds exactly:
      | key   | value |
      | key_1 | one   |
      | key_2 | two   |
    When I delete the key "key_2"
    Then the store holds exactly:
      | key   | value |
      | key_1 | one   |

  Scenario: Reading or deleting a missing key
    When I read the key "nothing"
    Then the answer is HTTP 404 with cause "key not found"
    When I delete the key "nothing"
    Then the answer is HTTP 404 with cause "key not found"

  Scenario: Adding fails whole when one key exists
    Given I add the key-value pairs:
      | key   | value |
      | key_1 | old   |
    When I add the key-value pairs:
      | key   | value |
      | key_2 | new   |
      | key_1 | new   |
    Then the answer is HTTP 409 with cause "already exists"
    And the store holds exactly:
      | key   | value |
      | key_1 | old   |

  Scenario: Modifying fails whole when one key is missing
    Given I add the key-value pairs:
      | key   | value |
      | key_1 | old   |
    When I modify the key-value pairs:
      | key   | value |
      | key_1 | new   |
      | key_9 | new   |
    Then the answer is HTTP 404 with cause "not found"
    And the store holds exactly:
      | key   | value |
      | key_1 | old   |

  Scenario: 1000 pairs fit
    When I add 1000 key-value pairs named "k"
    Then the answer is HTTP 200
    And the store holds 1000 pairs

  Scenario: The 1001st pair is refused
    Given I add 1000 key-value pairs named "k"
    When I add the key-value pairs:
      | key  | value |
      | more | 1     |
    Then the answer is HTTP 409 with cause "too many entries"
    And the store holds 1000 pairs

  Scenario: With 999 pairs stored, a batch of two would make 1001 and adds neither
    Given I add 999 key-value pairs named "k"
    When I add the key-value pairs:
      | key   | value |
      | more1 | 1     |
      | more2 | 2     |
    Then the answer is HTTP 409 with cause "too many entries"
    And the store holds 999 pairs
    When I add the key-value pairs:
      | key   | value |
      | more1 | 1     |
    Then the answer is HTTP 200
    And the store holds 1000 pairs

  Scenario: 1001 pairs in one request add none
    When I add 1001 key-value pairs named "k"
    Then the answer is HTTP 409 with cause "too many entries"
    And the store holds 0 pairs

  Scenario: A key of 256 characters is accepted
    When I add a pair whose key is 256 characters long
    Then the answer is HTTP 200
    And the long key can be read back

  Scenario: A key of 257 characters is refused
    When I add a pair whose key is 257 characters long
    Then the answer is HTTP 400 with cause "longer than 256 characters"
    And the store holds 0 pairs

  Scenario: A value of 1000 characters is accepted, 1001 refused
    When I add the pair "a" with a value of 1000 characters
    Then the answer is HTTP 200
    When I add the pair "b" with a value of 1001 characters
    Then the answer is HTTP 400 with cause "longer than 1000 characters"
    And the store holds 1 pairs

  Scenario: Modifying to 1000 characters works, to 1001 changes nothing
    Given I add the key-value pairs:
      | key | value |
      | a   | short |
      | b   | short |
    When I modify "a" to a value of 1000 characters
    Then the answer is HTTP 200
    And the value of "a" is 1000 characters long
    When I modify "b" to a value of 1001 characters
    Then the answer is HTTP 400 with cause "longer than 1000 characters"
    And the value of "b" is 5 characters long
