@fleet @sim-only
Feature: A delivery depot charges its vans overnight within its grid connection
  The depot-200 world: 200 chargers of 22 kW behind a 1.2 MW connection, 190 vans that return
  in the evening. The back office's smart grid shares the connection among the running sessions.

  @fleet-grid
  Scenario: A day at the depot keeps the grid limit and reaches the back office
    Given the world depot-200
    When 1 day passes
    Then at least 95% of arrivals were served
    And the site load never exceeded its limit
    And the EVs charging at "Depot" at its busiest could have drawn more than its limit
    And every completed session is in the ABS with the controller's energy to the Wh
