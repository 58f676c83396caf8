@fleet @sim-only
Feature: The Caltech-like campus, ACN-Sim's reference site
  The caltech-like world: 54 single-phase EVSEs behind a 150 kW transformer, about 100 regular
  drivers who arrive in the morning and stay the working day.

  Scenario: A working day on the campus
    Given the world caltech-like
    When 1 day passes
    Then at least 90% of arrivals were served
    And the site load never exceeded its limit
    And every completed session is in the ABS with the controller's energy to the Wh
