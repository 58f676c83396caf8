@controller @charging @needs-ev-emulator @needs-card-presenter
Feature: A card is identified by its whole UID, whatever its length
  ISO 14443 cards have UIDs of 4, 7 or 10 bytes. A whitelisted card
  authorizes only itself: a card whose UID starts or ends like it, or extends
  it, is another card. During a transaction only the card that started it
  stops it, and the transaction history names that card whole.

  Background:
    Given I am connected to "CP-1" as the operator
    And an EV with a 60 kWh battery at 20% state of charge, drawing at most 16 A on 3 phases

  @certification @req-001-charging-whitelist
  Scenario Outline: A whitelisted <bytes>-byte card charges; the <other_bytes>-byte card <other> does not
    Given I add the card "<uid>" to the whitelist
    And the EV plugs in
    When RFID tag "<other>" is presented
    Then the authorization state is "authorization_rejected"
    And no transaction is active
    When RFID tag "<uid>" is presented
    Then a transaction is active
    And the running transaction was started by tag "<uid>"

    Examples:
      | bytes | uid                  | other_bytes | other                |
      | 4     | 0A1B2C3D             | 7           | 0A1B2C3D4E5F60       |
      | 7     | 0A1B2C3D4E5F60       | 4           | 0A1B2C3D             |
      | 7     | 0A1B2C3D4E5F60       | 10          | 0A1B2C3D4E5F60718293 |
      | 10    | 0A1B2C3D4E5F60718293 | 7           | 0A1B2C3D4E5F60       |
      | 10    | 0A1B2C3D4E5F60718293 | 10          | 0A1B2C3D4E5F60718294 |
      | 4     | 4E5F6071             | 7           | 0A1B2C4E5F6071       |
      | 7     | 0A1B2C3D4E5F60       | 10          | 8293A40A1B2C3D4E5F60 |

  @certification @req-001-charging-whitelist
  Scenario Outline: A <other_bytes>-byte card refused before the EV plugs in starts nothing; the whitelisted <bytes>-byte card then does
    Given I add the card "<uid>" to the whitelist
    When RFID tag "<other>" is presented
    Then the authorization state is "authorization_rejected"
    When the EV plugs in
    Then no transaction is active
    When RFID tag "<uid>" is presented
    Then a transaction is active
    And the running transaction was started by tag "<uid>"

    Examples:
      | bytes | uid                  | other_bytes | other                |
      | 4     | 0A1B2C3D             | 7           | 0A1B2C3D4E5F60       |
      | 10    | 0A1B2C3D4E5F60718293 | 10          | 0A1B2C3D4E5F60718294 |

  @certification @req-001-charging-whitelist @req-001-transactions
  Scenario Outline: A whitelisted <other_bytes>-byte card that begins like the <bytes>-byte card that started the transaction does not stop it
    Given I add the card "<uid>" to the whitelist
    And I add the card "<other>" to the whitelist
    And the EV plugs in
    When RFID tag "<uid>" is presented
    And RFID tag "<other>" is presented
    Then a transaction is active
    And the running transaction was started by tag "<uid>"
    When RFID tag "<uid>" is presented
    Then no transaction is active
    And the last completed transaction shows:
      | tag     |
      | "<uid>" |

    Examples:
      | bytes | uid                  | other_bytes | other                |
      | 7     | 0A1B2C3D4E5F60       | 4           | 0A1B2C3D             |
      | 4     | 0A1B2C3D             | 7           | 0A1B2C3D4E5F60       |
      | 7     | 0A1B2C3D4E5F60       | 10          | 0A1B2C3D4E5F60718293 |
      | 10    | 0A1B2C3D4E5F60718293 | 7           | 0A1B2C3D4E5F60       |
      | 10    | 0A1B2C3D4E5F60718293 | 10          | 0A1B2C3D4E5F60718294 |

  @certification @req-001-charging-whitelist
  Scenario: Another whitelisted card does not stop someone else's transaction
    Given the EV plugs in
    And RFID tag "04A2B3C4D5E680" is presented
    When RFID tag "04B1C2D3E4F590" is presented
    Then a transaction is active
    And the running transaction was started by tag "04A2B3C4D5E680"
    When RFID tag "04A2B3C4D5E680" is presented
    Then no transaction is active

  @certification @req-001-pairing
  Scenario Outline: In pairing mode a new <bytes>-byte card is read whole
    When I enable pairing mode
    And RFID tag "<uid>" is presented
    Then the pairing token's id is "<uid>"

    Examples:
      | bytes | uid                  |
      | 4     | 0A1B2C3D             |
      | 7     | 0A1B2C3D4E5F60       |
      | 10    | 0A1B2C3D4E5F60718293 |

  @certification @sim-only @req-001-charging-whitelist
  Scenario: Every card presented is in the simulator's event trace, known or not, idle or charging
    Given the EV plugs in
    When RFID tag "0A1B2C3D" is presented
    And RFID tag "04A2B3C4D5E680" is presented
    And RFID tag "04B1C2D3E4F590" is presented
    And RFID tag "04A2B3C4D5E680" is presented
    Then the event trace shows the cards "0A1B2C3D, 04A2B3C4D5E680, 04B1C2D3E4F590, 04A2B3C4D5E680" presented in this order
