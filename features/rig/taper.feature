@rig @charging @needs-ev-emulator @needs-card-presenter @needs-meter
Feature: The charging power against the two-stage battery curve
  The EV takes constant power up to 80 % state of charge, then its power falls
  linearly with the state of charge to zero at 100 %, and it stops at 99.5 %
  (MODEL-PARAMETERS.md, ACN-Sim's Linear2StageBattery). At 16 A on 3 phases
  (11,040 W) an EV at S % takes 11,040 x (100 - S) / 20 W above 80 %. The
  controller's meter must follow: the power it reports and the energy it bills
  match what the bench's meter measures and what the curve allows.

  Background:
    Given I am connected to "CP-1" as the operator

  @certification @req-001-metering @req-battery-taper
  Scenario Outline: At <soc> % the EV takes <watts> W and the controller reports it
    Given an EV with a 60 kWh battery at <soc>% state of charge, drawing at most 16 A on 3 phases
    When the EV plugs in
    And RFID tag "04A2B3C4D5E680" is presented
    Then the measured charging power is <watts> W within 1%
    And the controller reports a charging power of <watts> W within 1%

    Examples:
      | soc | watts |
      | 20  | 11040 |
      | 80  | 11040 |
      | 85  | 8280  |
      | 90  | 5520  |
      | 95  | 2760  |
      | 99  | 552   |

  @certification @req-001-metering @req-battery-taper
  Scenario: A full EV takes nothing and the transaction waits for it
    Given an EV with a 60 kWh battery at 99.5% state of charge, drawing at most 16 A on 3 phases
    When the EV plugs in
    And RFID tag "04A2B3C4D5E680" is presented
    Then a transaction is active
    And the measured charging power is 0 W within 1%
    And the measured control pilot state is "B"
    And the OCPP state is "suspended_ev"

  @certification @req-001-metering @req-battery-taper
  Scenario Outline: Charging from <soc> % for <minutes> minutes follows the curve
    Given an EV with a 60 kWh battery at <soc>% state of charge, drawing at most 16 A on 3 phases
    When the EV plugs in
    And RFID tag "04A2B3C4D5E680" is presented
    And the rig's meter reading is taken
    And <minutes> minutes pass
    Then the measured charging power is what the two-stage curve gives after <minutes> minutes within 1%
    And the controller reports a charging power the two-stage curve gives after <minutes> minutes within 1%
    And the rig's meter measured what the two-stage curve gives in <minutes> minutes within 1%
    When the EV unplugs
    Then the last completed transaction holds the energy the physics allow within 1%

    Examples: crossing 80 %, deep in the taper
      | soc | minutes |
      | 75  | 10      |
      | 85  | 10      |
      | 95  | 15      |

  @certification @long @req-001-metering @req-battery-taper
  Scenario Outline: Charging from <soc> % for <minutes> minutes follows the curve into the taper and to full
    Given an EV with a 60 kWh battery at <soc>% state of charge, drawing at most 16 A on 3 phases
    When the EV plugs in
    And RFID tag "04A2B3C4D5E680" is presented
    And the rig's meter reading is taken
    And <minutes> minutes pass
    Then the measured charging power is what the two-stage curve gives after <minutes> minutes within 1%
    And the rig's meter measured what the two-stage curve gives in <minutes> minutes within 1%
    When the EV unplugs
    Then the last completed transaction holds the energy the physics allow within 1%

    Examples:
      | soc | minutes |
      | 75  | 30      |
      | 90  | 60      |
      | 98  | 120     |

  @certification @sim-only @req-battery-taper
  Scenario Outline: The simulator's EV at <soc> % fills as the meter counts, from the first second
    Given an EV with a 60 kWh battery at <soc>% state of charge, drawing at most 16 A on 3 phases
    When the EV plugs in
    And the rig's meter reading is taken
    And RFID tag "04A2B3C4D5E680" is presented
    And 1 second passes
    Then the rig's meter measured <first> Wh within 0.1 Wh since the reading
    When 30 minutes pass
    Then the simulator shows the EV's state of charge the two-stage curve gives after 30 minutes within 0.01 %

    Examples:
      | soc | first |
      | 20  | 3.07  |
      | 75  | 3.07  |
      | 90  | 1.53  |

  @certification @sim-only @req-battery-taper @req-001-metering
  Scenario Outline: An EV that stops at <target> % takes <wh> Wh from <soc> % and then nothing
    Given an EV with a 60 kWh battery at <soc>% state of charge, drawing at most 16 A on 3 phases
    When the EV plugs in through the simulator, stopping at <target>% state of charge
    And RFID tag "04A2B3C4D5E680" is presented
    And <hours> hours pass
    Then the measured charging power is 0 W within 1%
    And the OCPP state is "suspended_ev"
    And the simulator shows the EV at <target> % state of charge
    When the EV unplugs
    Then the last completed transaction ended with reason "EVDisconnected" after <seconds> seconds holding <wh> Wh within 0.1%

    Examples:
      | soc | target | hours | seconds | wh    |
      | 20  | 50     | 3     | 10800   | 18000 |
      | 20  | 80     | 6     | 21600   | 36000 |
      | 20  | 90     | 8     | 28800   | 42000 |
      | 85  | 95     | 3     | 10800   | 6000  |
