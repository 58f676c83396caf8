@controller @settings @sim-only @certification
Feature: The reference controller's settings catalogue at its edges
  The simulator's controller documents its settings in GET /v1/settings: the
  tables below are that catalogue (type, minimum, maximum, length, who may
  write), checked at every edge. A vendor's controller advertises its own
  catalogue, held to it by "The controller enforces the limits its own meta
  information advertises" (settings_limits.feature): on a bench the
  certification counts these as not applicable (@sim-only).

  @req-001-settings-limits
  Scenario Outline: "<key>" is an integer from <min> to <max>
    Given I am logged in as the operator on "CP-1"
    When I read the settings "<key>"
    Then the setting "<key>" is advertised as "int" from <min> to <max>
    When I set "<key>" to <below>
    Then the write is refused naming "<key>" with cause "below <min>"
    When I set "<key>" to <min>
    Then the write succeeds without a reboot
    And the setting "<key>" has the value <min>
    When I set "<key>" to <max>
    Then the write succeeds without a reboot
    And the setting "<key>" has the value <max>
    When I set "<key>" to <above>
    Then the write is refused naming "<key>" with cause "above <max>"
    And the setting "<key>" has the value <max>
    When I set "<key>" to <fraction>
    Then the write is refused naming "<key>" with cause "must be an integer"
    When I set "<key>" to true
    Then the write is refused naming "<key>" with cause "must be an integer"
    And the setting "<key>" has the value <max>

    Examples: the reference controller's numeric settings (GET /v1/settings)
      | key                           | below | min | max   | above | fraction |
      | MaxCurrent_ctl                | 5     | 6   | 80    | 81    | 16.5     |
      | FallbackCurrent_ctl           | 5     | 6   | 80    | 81    | 6.5      |
      | AuthTimeout_auth              | 9     | 10  | 600   | 601   | 60.5     |
      | MeterValueSampleInterval_ocpp | -1    | 0   | 3600  | 3601  | 0.5      |
      | ClockAlignedDataInterval_ocpp | -1    | 0   | 86400 | 86401 | 0.5      |
      | DisplayBrightness_hmi         | -1    | 0   | 100   | 101   | 50.5     |

  @req-001-settings-limits
  Scenario Outline: "<key>" takes a string of <max> characters and refuses <above>
    Given I am logged in as the operator on "CP-1"
    When I write a string of <max> characters to "<key>"
    Then the write succeeds and requires a reboot
    And the setting "<key>" is a string of <max> characters
    When I write a string of <above> characters to "<key>"
    Then the write is refused naming "<key>" with cause "longer than <max> characters"
    And the setting "<key>" is a string of <max> characters
    When I set "<key>" to 32
    Then the write is refused naming "<key>" with cause "must be a string"

    Examples: the reference controller's string settings
      | key                | max | above |
      | SSID_wlan          | 32  | 33    |
      | Passphrase_wlan    | 63  | 64    |
      | ChargePointId_ocpp | 48  | 49    |
      | BackendUrl_ocpp    | 512 | 513   |

  @req-001-settings-limits
  Scenario Outline: "<key>" is a <type> and refuses <wrong>
    Given I am logged in as the operator on "CP-1"
    When I set "<key>" to <wrong>
    Then the write is refused naming "<key>" with cause "<cause>"
    And the setting "<key>" has the value <default>

    Examples:
      | key            | type    | wrong     | cause             | default     |
      | SocketLock_ctl | boolean | 1         | must be a boolean | true        |
      | Enabled_wlan   | boolean | "true"    | must be a boolean | false       |
      | MeterType_sys  | enum    | "bogus"   | must be one of    | "internal"  |
      | Language_web   | enum    | 1         | must be a string  | "en"        |
      | Language_web   | enum    | "EN"      | must be one of    | "en"        |

  @req-001-settings-read
  Scenario Outline: "<key>" can be read and not written
    Given I am logged in as the operator on "CP-1"
    When I set "<key>" to <value>
    Then the write is refused naming "<key>" with cause "not allowed to change"

    Examples:
      | key                 | value   |
      | InstalledPhases_ctl | 1       |
      | SysTime_mon         | "x"     |
      | Uptime_mon          | 0       |
      | FirmwareVersion_sys | "9.9.9" |
      | SerialNumber_sys    | "X"     |

  @req-001-settings-roles
  Scenario Outline: The app user may change "<key>" on both write paths
    Given I am logged in as the user on "CP-1"
    When I set "<key>" to <value>
    Then the write succeeds without a reboot
    And the setting "<key>" has the value <value>
    When I set only "<key>" to <other> through the validated write
    Then the write succeeds without a reboot
    And the setting "<key>" has the value <other>

    Examples:
      | key                   | value  | other           |
      | WebUIStyle_web        | "dark" | "high-contrast" |
      | Language_web          | "de"   | "nl"            |
      | DisplayBrightness_hmi | 0      | 100             |
      | BuzzerEnabled_hmi     | false  | true            |

  @req-001-settings-roles
  Scenario Outline: The app user may not change the operator's "<key>" on either write path
    Given I am logged in as the user on "CP-1"
    When I set "<key>" to <value>
    Then the write is refused naming "<key>" with cause "not allowed to change"
    When I set with validation "WebUIStyle_web" to "dark" and "<key>" to <value>
    Then the write is refused naming "<key>" with cause "not allowed to change"
    And the setting "WebUIStyle_web" has the value "default"
    And the setting "<key>" has the value <default>

    Examples:
      | key                           | value         | default     |
      | MaxCurrent_ctl                | 10            | 32          |
      | FallbackCurrent_ctl           | 10            | 16          |
      | SocketLock_ctl                | false         | true        |
      | Ventilation_ctl               | true          | false       |
      | FreeCharging_auth             | true          | false       |
      | AuthTimeout_auth              | 30            | 60          |
      | OnlineAuth_auth               | false         | true        |
      | Enabled_wlan                  | true          | false       |
      | SSID_wlan                     | "yard"        | ""          |
      | Passphrase_wlan               | "secret"      | ""          |
      | ChargePointId_ocpp            | "X"           | "CP-1"      |
      | BackendUrl_ocpp               | "http://x"    | ""          |
      | MeterValueSampleInterval_ocpp | 30            | 60          |
      | ClockAlignedDataInterval_ocpp | 60            | 900         |
      | MeterType_sys                 | "modbus"      | "internal"  |
