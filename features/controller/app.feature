@controller @app @certification @req-001-app
Feature: App settings and the app dashboard
  The app reads the settings designated for it, and the dashboard of
  app_layout.xml with or without descriptions (descriptions=0|1, default 1).
  (Spec 001, "App Settings Parameters", "App Dashboard Parameters".)

  Background:
    Given I am connected to "CP-1" as the operator

  Scenario: The app settings come with their meta information
    When I read the app settings
    Then every setting has a type, read/write mode, descriptions, default and group
    And the answer holds exactly the settings "MaxCurrent_ctl,FreeCharging_auth,RfidMode_auth,Enabled_wlan,SSID_wlan,WebUIStyle_web,Language_web,DisplayBrightness_hmi,BuzzerEnabled_hmi"

  Scenario: The dashboard describes its values by default
    When I read the app dashboard
    Then the dashboard values come with descriptions

  Scenario: The dashboard without descriptions
    When I read the app dashboard with descriptions "0"
    Then the dashboard values come without descriptions
    When I read the app dashboard with descriptions "1"
    Then the dashboard values come with descriptions

  Scenario: Any other descriptions flag is a bad request
    When I read the app dashboard with descriptions "yes"
    Then the answer is HTTP 400 with cause "'descriptions' must be 0 or 1"

  @needs-power-switch
  Scenario: A change that needs a reboot shows on the dashboard until the next power-on
    Then the dashboard says the settings did not change
    When I set "Enabled_wlan" to true
    Then the dashboard says the settings changed
    When the controller's mains are cut and restored
    Then the dashboard says the settings did not change

  @needs-ev-emulator @needs-card-presenter
  Scenario: The dashboard shows the running session
    Given an EV with a 40 kWh battery at 50% state of charge, drawing at most 16 A on 1 phases
    And the EV plugs in
    And RFID tag "04A2B3C4D5E680" is presented
    When 10 minutes pass
    Then the dashboard shows "ChargingPower_custom" above 3000
    And the dashboard shows "SessionEnergy_custom" above 500
