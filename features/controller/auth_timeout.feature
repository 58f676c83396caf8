@controller @charging @certification @needs-ev-emulator @needs-card-presenter @req-001-auth-timeout
Feature: The authorization timeout at its edges
  A card presented before the EV arrives authorizes the next plug-in for
  AuthTimeout_auth seconds (60 by default): a plug-in one second before the
  end still charges, at the end it does not. A changed timeout counts for the
  next card.

  Background:
    Given I am connected to "CP-1" as the operator
    And an EV with a 40 kWh battery at 50% state of charge, drawing at most 16 A on 1 phases

  Scenario Outline: With a timeout of <timeout> s a plug-in after <before> s charges
    When I set "AuthTimeout_auth" to <timeout>
    And RFID tag "04A2B3C4D5E680" is presented
    And <before> seconds pass
    And the EV plugs in
    Then a transaction is active

    Examples:
      | timeout | before |
      | 10      | 9      |
      | 60      | 59     |
      | 600     | 599    |

  Scenario Outline: With a timeout of <timeout> s a plug-in after <timeout> s does not charge
    When I set "AuthTimeout_auth" to <timeout>
    And RFID tag "04A2B3C4D5E680" is presented
    And <timeout> seconds pass
    And the EV plugs in
    Then no transaction is active
    And the authorization state is "not_authorized"
    And the OCPP state is "preparing"

    Examples:
      | timeout |
      | 10      |
      | 60      |
      | 600     |
