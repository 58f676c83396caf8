@controller @settings @certification
Feature: Settings parameters of the charge controller
  Settings are read all at once or by key (params query, at most 4000
  characters), with their type, read/write mode, descriptions, default and
  group. A plain write sets what it can; the validated write checks every key
  first and writes nothing if one check fails. (Spec 001, "Settings Parameters".)

  Background:
    Given I am logged in as the operator on "CP-1"

  @req-001-settings-read
  Scenario: All settings come with their meta information
    When I read all settings
    Then every setting has a type, read/write mode, descriptions, default and group
    And the settings document is named "settings" and describes the charge point
    And the setting "WebUIStyle_web" has the value "default"

  @req-001-settings-read
  Scenario: Reading chosen settings by key
    When I read the settings "MaxCurrent_ctl,WebUIStyle_web,SysTime_mon"
    Then the answer holds exactly the settings "MaxCurrent_ctl,WebUIStyle_web,SysTime_mon"

  @req-001-settings-read
  Scenario: Reading an unknown setting is a bad request
    When I read the settings "MaxCurrent_ctl,NoSuchThing_ctl"
    Then the answer is HTTP 400 with cause "NoSuchThing_ctl"

  @req-001-settings-params-limit
  Scenario: A params query of 4000 characters is accepted
    When I read settings with a params query of 4000 characters
    Then the answer is HTTP 200

  @req-001-settings-params-limit
  Scenario: A params query of 4001 characters is refused
    When I read settings with a params query of 4001 characters
    Then the answer is HTTP 400 with cause "4000 characters"

  @req-001-settings-write
  Scenario: Writing a setting
    When I set "MaxCurrent_ctl" to 16
    Then the write succeeds without a reboot
    And the setting "MaxCurrent_ctl" has the value 16

  @req-001-settings-write
  Scenario: A setting that needs a reboot says so
    When I set "Enabled_wlan" to true
    Then the write succeeds and requires a reboot
    And the setting "Enabled_wlan" has the value true

  @req-001-settings-write
  Scenario Outline: A write of two settings needs a reboot if either does (<first> then <second>, <how>)
    When I set <how> "<first>" to <first_value> and "<second>" to <second_value>
    Then the write succeeds <reboot>

    Examples:
      | how                | first             | first_value | second            | second_value | reboot                |
      | without validation | Enabled_wlan      | true        | MaxCurrent_ctl    | 16           | and requires a reboot |
      | without validation | MaxCurrent_ctl    | 16          | Enabled_wlan      | true         | and requires a reboot |
      | with validation    | Enabled_wlan      | true        | MaxCurrent_ctl    | 16           | and requires a reboot |
      | with validation    | MaxCurrent_ctl    | 16          | BuzzerEnabled_hmi | false        | without a reboot      |

  @req-001-settings-write
  Scenario: A plain write sets the good values and reports the bad ones
    When I set without validation "MaxCurrent_ctl" to 20 and "DisplayBrightness_hmi" to 101
    Then the write is refused naming "DisplayBrightness_hmi" with cause "above 100"
    And the setting "MaxCurrent_ctl" has the value 20
    And the setting "DisplayBrightness_hmi" has the value 80

  @req-001-settings-validated
  Scenario Outline: A validated write with one bad parameter writes nothing
    When I set with validation "MaxCurrent_ctl" to 20 and "<key>" to <value>
    Then the write is refused naming "<key>" with cause "<cause>"
    And the setting "MaxCurrent_ctl" has the value 32

    Examples:
      | key                   | value   | cause                 |
      | NoSuchThing_ctl       | 1       | unknown parameter     |
      | WebUIStyle_web        | 5       | must be a string      |
      | WebUIStyle_web        | "pink"  | must be one of        |
      | Enabled_wlan          | "yes"   | must be a boolean     |
      | FirmwareVersion_sys   | "9.9.9" | not allowed to change |
      | DisplayBrightness_hmi | 101     | above 100             |
      | MaxCurrent_ctl        | 5       | below 6               |

  @req-001-settings-roles
  Scenario: An app user may not change what only the operator may
    Given I am logged in as the user on "CP-2"
    When I set with validation "WebUIStyle_web" to "dark" and "MaxCurrent_ctl" to 10
    Then the write is refused naming "MaxCurrent_ctl" with cause "not allowed to change"
    And the setting "WebUIStyle_web" has the value "default"
