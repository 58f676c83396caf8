@controller @badinput @certification @req-001-bad-input
Feature: A malformed request is refused and changes nothing
  Every path that reads or writes answers a request it cannot take with HTTP
  400 (a JSON error document: success false and the cause), whatever the
  field: a wrong type, a missing or unknown field, an unknown command or type,
  an empty list, a time without a zone. Nothing the controller stores changes.
  (Spec 001; the cause's wording is the controller's own.)

  Background:
    Given I am logged in as the operator on "CP-1"
    And I note what the controller stores

  Scenario Outline: <method> <path> with <body> is a bad request
    When I send <method> "<path>" with the body <body>
    Then the answer is a bad request
    And what the controller stores is unchanged

    Examples: login
      | method | path   | body                                   |
      | POST   | /login | {"username": 5, "password": "x"}       |
      | POST   | /login | {"username": "operator"}               |
      | POST   | /login | ["operator", "x"]                      |

    Examples: settings
      | method | path                | body                                                          |
      | POST   | /settings           | {"params": []}                                                |
      | POST   | /settings           | {"params": "MaxCurrent_ctl"}                                  |
      | POST   | /settings           | {"params": [{"key": "MaxCurrent_ctl"}]}                       |
      | POST   | /settings           | {"params": [{"key": "MaxCurrent_ctl", "value": 16, "x": 1}]}  |
      | POST   | /settings           | {"params": [["MaxCurrent_ctl", 16]]}                          |
      | POST   | /settings/validated | {"params": [{"key": 7, "value": 16}]}                         |
      | POST   | /settings/validated | {}                                                            |
      | GET    | /settings           | {"params": "MaxCurrent_ctl"}                                  |

    Examples: whitelist
      | method | path       | body                                                                 |
      | POST   | /whitelist | {"type": "remote", "command": "add", "tags": [{"id": "AA01"}]}       |
      | POST   | /whitelist | {"command": "add", "tags": [{"id": "AA01"}]}                         |
      | POST   | /whitelist | {"type": "local", "command": "purge"}                                |
      | POST   | /whitelist | {"type": "local", "command": "add", "tags": []}                      |
      | POST   | /whitelist | {"type": "local", "command": "add"}                                  |
      | POST   | /whitelist | {"type": "local", "command": "add", "tags": {"id": "AA01"}}          |
      | POST   | /whitelist | {"type": "local", "command": "clear", "tags": [{"id": "AA01"}]}      |
      | POST   | /whitelist | {"type": "local", "command": "add", "tags": [{"id": ""}]}            |
      | POST   | /whitelist | {"type": "local", "command": "add", "tags": [{"id": "A,B"}]}         |
      | POST   | /whitelist | {"type": "local", "command": "add", "tags": ["AA01"]}                |
      | POST   | /whitelist | {"type": "local", "command": "add", "tags": [{"id": "AA01", "name": 5}]} |
      | DELETE | /whitelist | {"type": "local", "command": "remove", "tags": [{"id": "04A2B3C4D5E680"}]} |
      | DELETE | /whitelist | {"type": "local", "command": "delete", "tags": [{"id": "04A2B3C4D5E680", "name": "x"}]} |
      | DELETE | /whitelist | {"command": "delete", "tags": [{"id": "04A2B3C4D5E680"}]}            |

    Examples: key-value store and users
      | method | path     | body                         |
      | POST   | /kvstore | {}                           |
      | POST   | /kvstore | {"a": 5}                     |
      | POST   | /kvstore | {"": "x"}                    |
      | POST   | /kvstore | {"a/b": "x"}                 |
      | PUT    | /kvstore | {"a": ["x"]}                 |
      | POST   | /users   | {"userName": 5}              |
      | POST   | /users   | {"userName": "Eve", "x": 1}  |
      | POST   | /users   | {}                           |

  Scenario Outline: GET <path>?<query> is a bad request
    When I send GET "<path>" with the query "<query>"
    Then the answer is a bad request
    And what the controller stores is unchanged

    Examples:
      | path                  | query                          |
      | /whitelist            | type=remote                    |
      | /whitelist            |                                |
      | /settings             | params=                        |
      | /transactions         | from=2026-01-05T08:00:00       |
      | /transactions         | from=2026-01-05T08:00:00Z&to=x |
      | /transactions/summary | to=2026-01-05                  |
      | /app/dashboard        | descriptions=2                 |
