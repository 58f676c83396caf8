@controller @whitelist @sim-only @certification @req-001-whitelist
Feature: The reference controller's whitelist limits, at N and N + 1
  The spec sets no size for the whitelist; the simulator's controller holds
  at most 1000 tags, ids of at most 64 characters, names of at most 255 and
  alias numbers up to 2^31 - 1 (docs/controller-api.md). A request that would
  pass a limit fails whole, whether it reaches it one tag at a time or in one
  batch. A vendor's controller has its own limits: on a bench the
  certification counts these as not applicable (@sim-only).

  Background:
    Given I am connected to "CP-1" as the operator

  Scenario: 998 tags in one request fill the list to 1000; the 1001st is refused
    When I add 998 whitelist tags named "T" in one request
    Then the answer is HTTP 200
    And the whitelist holds 1000 tags
    When I add the whitelist tags:
      | id     |
      | "LAST" |
    Then the answer is HTTP 409 with cause "too many entries"
    And the whitelist holds 1000 tags

  Scenario: 999 tags in one request would make 1001 and none is added
    When I add 999 whitelist tags named "T" in one request
    Then the answer is HTTP 409 with cause "too many entries"
    And the whitelist holds exactly "04A2B3C4D5E680,04B1C2D3E4F590"

  Scenario: After deleting one of 1000 tags, one more fits
    Given I add 998 whitelist tags named "T" in one request
    When I delete the whitelist tags "T0000"
    And I add the whitelist tags:
      | id     |
      | "LAST" |
    Then the answer is HTTP 200
    And the whitelist holds 1000 tags

  Scenario Outline: A tag whose <field> is <length> characters long is <verdict>
    When I add a whitelist tag whose <field> is <length> characters long
    Then the answer is HTTP <status>
    And the whitelist holds <count> tags

    Examples:
      | field | length | verdict  | status | count |
      | id    | 64     | added    | 200    | 3     |
      | id    | 65     | refused  | 400    | 2     |
      | name  | 0      | added    | 200    | 3     |
      | name  | 255    | added    | 200    | 3     |
      | name  | 256    | refused  | 400    | 2     |

  Scenario Outline: An alias number of <number> is <verdict>
    When I add the whitelist tags:
      | id     | number   |
      | "AA01" | <number> |
    Then the answer is HTTP <status>

    Examples:
      | number     | verdict | status |
      | 0          | added   | 200    |
      | -1         | refused | 400    |
      | 2147483647 | added   | 200    |
      | 2147483648 | refused | 400    |
      | 1.5        | refused | 400    |
      | true       | refused | 400    |
