@controller @whitelist @certification @req-001-whitelist
Feature: The local whitelist
  Tags (RFID, EVCCID, NFC) with an alias number and name, a user id and a
  priority. Adding and editing take one or many tags and are all-or-nothing;
  deleting goes by an ids query of at most 1000 characters, or by the
  deprecated request body. Only the "local" whitelist exists.
  (Spec 001, "Whitelisting".)

  Background:
    Given I am connected to "CP-1" as the operator

  Scenario: The world's cards are on the whitelist
    Then the whitelist holds exactly "04A2B3C4D5E680,04B1C2D3E4F590"

  Scenario: Adding several tags at once, with every field
    When I add the whitelist tags:
      | id               | tagType  | number | name      | userid                                 | priority |
      | "AA01"           | "RFID"   | 7      | "Carol"   | "45d3711a-2acd-5812-cb44-f23fa3b791c2" | "HIGH"   |
      | "00:1A:2B:3C:4D" | "EVCCID" |        | "Van"     |                                        |          |
    Then the answer is HTTP 200
    And the whitelist entry "AA01" is:
      | id     | tagType | number | name    | userid                                 | priority |
      | "AA01" | "RFID"  | 7      | "Carol" | "45d3711a-2acd-5812-cb44-f23fa3b791c2" | "HIGH"   |
    And the whitelist entry "00:1A:2B:3C:4D" is:
      | id               | tagType  | name  | priority |
      | "00:1A:2B:3C:4D" | "EVCCID" | "Van" | "NORMAL" |

  Scenario: Editing changes the fields given and keeps the others
    When I edit the whitelist tags:
      | id               | name    | priority |
      | "04A2B3C4D5E680" | "Alice" | "HIGH"   |
      | "04B1C2D3E4F590" | "Robert"|          |
    Then the answer is HTTP 200
    And the whitelist entry "04B1C2D3E4F590" is:
      | id               | tagType | number | name     | priority |
      | "04B1C2D3E4F590" | "RFID"  | 2      | "Robert" | "HIGH"   |
    And the whitelist entry "04A2B3C4D5E680" is:
      | id               | tagType | number | name    | priority |
      | "04A2B3C4D5E680" | "RFID"  | 1      | "Alice" | "HIGH"   |

  Scenario: Adding a tag that exists adds none of the tags
    When I add the whitelist tags:
      | id               |
      | "AA01"           |
      | "04A2B3C4D5E680" |
    Then the answer is HTTP 409 with cause "already exists"
    And the whitelist holds exactly "04A2B3C4D5E680,04B1C2D3E4F590"

  Scenario: Editing a tag that does not exist edits none
    When I edit the whitelist tags:
      | id               | name   |
      | "04A2B3C4D5E680" | "Eve"  |
      | "FFFF"           | "Nobody" |
    Then the answer is HTTP 404 with cause "not found"
    And the whitelist entry "04A2B3C4D5E680" is:
      | id               | tagType | number | name    | priority |
      | "04A2B3C4D5E680" | "RFID"  | 1      | "Alice" | "NORMAL" |

  @req-001-bad-input
  Scenario Outline: A tag named twice in one <command> request: a bad request that changes nothing, or the tag listed once
    Given I note the whitelist
    When I <command> the whitelist tags:
      | id     | name     |
      | "<id>" | "First"  |
      | "<id>" | "Second" |
    Then the answer is a bad request that changed nothing, or HTTP 200 listing "<id>" once

    Examples:
      | command | id             |
      | add     | AA01           |
      | edit    | 04A2B3C4D5E680 |

  Scenario Outline: A malformed tag is refused and nothing is added
    When I add the whitelist tags:
      | id     | <field> |
      | "AA01" |         |
      | "AA02" | <value> |
    Then the answer is HTTP 400 with cause "<cause>"
    And the whitelist holds exactly "04A2B3C4D5E680,04B1C2D3E4F590"

    Examples:
      | field    | value        | cause            |
      | tagType  | "BARCODE"    | RFID, EVCCID, NFC |
      | priority | "LOW"        | NORMAL or HIGH   |
      | number   | -1           | 'number'         |
      | userid   | "not-a-uuid" | must be a UUID   |
      | colour   | "red"        | unknown tag field |

  Scenario: Deleting by the ids query
    When I delete the whitelist tags "04A2B3C4D5E680,04B1C2D3E4F590"
    Then the answer is HTTP 200
    And the whitelist is empty

  Scenario: Deleting by the deprecated request body
    When I delete the whitelist tags "04B1C2D3E4F590" with the deprecated request body
    Then the answer is HTTP 200
    And the whitelist holds exactly "04A2B3C4D5E680"

  @req-001-bad-input
  Scenario: Ids in the query and in the body: the query's alone are deleted, or nothing
    When I delete the whitelist tags "04A2B3C4D5E680" by query and "04B1C2D3E4F590" by the deprecated request body
    Then the answer is a bad request that deleted nothing, or HTTP 200 having deleted the query's tags alone

  Scenario: One unknown id deletes nothing
    When I delete the whitelist tags "04A2B3C4D5E680,FFFF"
    Then the answer is HTTP 404 with cause "'FFFF' not found"
    And the whitelist holds exactly "04A2B3C4D5E680,04B1C2D3E4F590"

  Scenario: Deleting without naming tags is a bad request
    When I delete whitelist tags without naming any
    Then the answer is HTTP 400 with cause "missing parameter 'tags'"

  Scenario: An ids query of 1000 characters is accepted
    Given the whitelist holds tags whose ids make an ids query of 1000 characters
    When I delete those tags by the ids query
    Then the answer is HTTP 200
    And those tags are not in the whitelist

  Scenario: An ids query of 1001 characters is refused
    Given the whitelist holds tags whose ids make an ids query of 1001 characters
    When I delete those tags by the ids query
    Then the answer is HTTP 400 with cause "1000 characters"
    And those tags are still in the whitelist

  Scenario: Clearing the whitelist
    When I send the whitelist command "clear"
    Then the answer is HTTP 200
    And the whitelist is empty

  Scenario: An unknown command is a bad request
    When I send the whitelist command "purge"
    Then the answer is HTTP 400 with cause "'command' must be one of add, edit, clear"

  Scenario: Only the local whitelist exists
    When I read the whitelist of type "global"
    Then the answer is HTTP 400 with cause "only the 'local' whitelist"
    When I read the whitelist without a type
    Then the answer is HTTP 400 with cause "missing parameter 'type'"

  @needs-ev-emulator @needs-card-presenter
  Scenario: A tag added to the whitelist authorizes charging
    Given an EV with a 40 kWh battery at 50% state of charge, drawing at most 16 A on 1 phases
    And I add the whitelist tags:
      | id               |
      | "04C0FFEE000001" |
    When the EV plugs in
    And RFID tag "04C0FFEE000001" is presented
    Then a transaction is active

  @needs-ev-emulator @needs-card-presenter
  Scenario: A tag deleted from the whitelist no longer authorizes
    Given an EV with a 40 kWh battery at 50% state of charge, drawing at most 16 A on 1 phases
    When I set "OnlineAuth_auth" to false
    And I delete the whitelist tags "04A2B3C4D5E680"
    And the EV plugs in
    And RFID tag "04A2B3C4D5E680" is presented
    Then the authorization state is "authorization_rejected"
    And no transaction is active
