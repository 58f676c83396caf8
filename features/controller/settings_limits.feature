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
