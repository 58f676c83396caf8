@controller @settings @certification
Feature: Every setting's type, minimum, maximum and writer are enforced at the edges
  A setting's meta information names its type ("int", "bool", "enum",
  "string"), its "min" and "max" and its options; a write outside them is
  refused with the reason and changes nothing, a write at the edge is taken.
  What the app user may change is the operator's to decide; a user writing an
  operator's setting is refused on every path that writes (the plain and the
  validated write). (Spec 001, "Settings Parameters": "check if the app user
  currently logged in is allowed to change the parameter key".)

  @req-001-settings-limits
  Scenario: The controller enforces the limits its own meta information advertises, for every setting
    Given I am logged in as the operator on "CP-1"
    When I read all settings
    Then every writable setting takes its minimum and maximum and refuses one step beyond
    And every writable setting refuses a value of the wrong type and keeps its value

  @req-001-settings-roles
  Scenario Outline: The app user is refused an operator's setting on the <path> write, and may change their own
    Given I am logged in as the user on "CP-1"
    When I set <path> "MaxCurrent_ctl" to 10
    Then the write is refused naming "MaxCurrent_ctl" with cause "not allowed to change"
    And the setting "MaxCurrent_ctl" has the value 32
    When I set <path> "WebUIStyle_web" to "dark"
    Then the write succeeds without a reboot
    And the setting "WebUIStyle_web" has the value "dark"

    Examples:
      | path      |
      | plain     |
      | validated |

  @req-001-settings-roles
  Scenario Outline: The app user's write <path> of their own setting and an operator's is refused the operator's (<first> first)
    Given I am logged in as the user on "CP-1"
    When I set <path> "<first>" to <first_value> and "<second>" to <second_value>
    Then the write is refused naming "MaxCurrent_ctl" with cause "not allowed to change"
    And the setting "MaxCurrent_ctl" has the value 32

    Examples:
      | path               | first          | first_value | second         | second_value |
      | without validation | WebUIStyle_web | "dark"      | MaxCurrent_ctl | 10           |
      | without validation | MaxCurrent_ctl | 10          | WebUIStyle_web | "dark"       |
      | with validation    | WebUIStyle_web | "dark"      | MaxCurrent_ctl | 10           |
      | with validation    | MaxCurrent_ctl | 10          | WebUIStyle_web | "dark"       |

  @req-001-settings-roles @req-001-session
  Scenario Outline: A write is judged by the role of the session that sends it, whoever else logged in since (the <me>, then the <other>)
    Given I am logged in as the <me> on "CP-1"
    When the <other> logs in on a second client
    And I set "MaxCurrent_ctl" to 10
    Then <verdict>
    And the setting "MaxCurrent_ctl" has the value <value>

    Examples:
      | me       | other    | verdict                                                                         | value |
      | user     | operator | the write is refused naming "MaxCurrent_ctl" with cause "not allowed to change" | 32    |
      | operator | user     | the write succeeds without a reboot                                             | 10    |

  @req-001-settings-roles @req-001-nfc
  Scenario Outline: The app user may not switch the reader's RFID mode either way (<path> write): spec 001 leaves that to the operator
    Given I am logged in as the user on "CP-1"
    When I set <path> "RfidMode_auth" to "RFID/NFC hybrid"
    Then the write is refused naming "RfidMode_auth" with cause "not allowed to change"
    When I set <path> "RfidMode_auth" to "RFID only"
    Then the write is refused naming "RfidMode_auth" with cause "not allowed to change"

    Examples:
      | path      |
      | plain     |
      | validated |
