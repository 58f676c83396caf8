@kvstore @req-001-kvstore
Feature: Concurrent clients of the key-value store
  Several HTTP clients, each with its own session and connection, write at
  the same time. Each add is one transaction: nothing is lost and no reader
  sees part of one. REST only (not tagged @controller, so no NFC run): NFC
  carries one outstanding request at a time, so it has no concurrent clients.

  Background:
    Given I am connected to "CP-1" as the operator

  Scenario: Concurrent writers lose nothing and nobody sees half a write
    When 6 clients each add 5 batches of 20 pairs at once while a reader watches
    Then every batch was stored and no reader saw part of a batch
    And the store holds 600 pairs

  Scenario: Concurrent writers of the same keys: one wins whole
    When 6 clients race to add the same 10 keys
    Then exactly one client won and the store holds only its values
