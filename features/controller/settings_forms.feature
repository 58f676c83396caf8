@controller @settings @certification @req-001-settings-read
Feature: The deprecated request-body forms of reading settings
  The params query is preferred; a request body with "params" still works.
  (Spec 001, "Get all or specific settings parameters".)

  Background:
    Given I am logged in as the operator on "CP-1"

  Scenario: Reading settings by the deprecated request body
    When I read the settings "MaxCurrent_ctl,Enabled_wlan" with the deprecated request body
    Then the answer holds exactly the settings "MaxCurrent_ctl,Enabled_wlan"

  Scenario: The query and the body together are ambiguous
    When I read the settings "MaxCurrent_ctl" by query and "Enabled_wlan" by body
    Then the answer is HTTP 400 with cause "not both"
