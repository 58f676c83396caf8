@fleet @sim-only
Feature: A small town's chargers serve every kind of driver through all three APIs
  The town world (features/fleet/worlds/town.toml): a public car park on the roaming hub, a
  workplace and a residential garage. Drivers authenticate by whitelist card, by a card the back
  office checks online, by a roaming card the hub verifies, from the app, or by Autocharge.

  @fleet-roaming
  Scenario: Two days in town, run as a batch
    Given the world town
    When 2 days pass
    Then every authentication medium served at least one driver
    And every completed session is in the ABS with the controller's energy to the Wh
    And every roaming session has exactly one CDR on the hub
    And the site load never exceeded its limit
    And the EVs charging at "Market Square" at its busiest could have drawn more than its limit

  @fleet-roaming
  Scenario: Two days in town, served in virtual time and advanced through sim-control
    Given the world town served in virtual time
    When 2 days pass
    Then every authentication medium served at least one driver
    And every completed session is in the ABS with the controller's energy to the Wh
    And every roaming session has exactly one CDR on the hub
    And the site load never exceeded its limit

  Scenario: Drivers who find every charger taken wait out their patience and leave
    Given the world town
    When 2 days pass
    Then the drivers who found every charger taken left after 10 minutes without a session
