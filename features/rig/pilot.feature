@rig @charging
Feature: The EV's side of the control pilot
  The EV bench instrument switches the EV's pilot resistors (IEC 61851-1): B
  not ready, C ready, D ready and needing ventilation; and it plays two
  faults: E (the pilot shorted to PE) and F (the EV's diode failed, the
  controller answers with -12 V). While the EV is not ready or the pilot is
  faulty no energy may flow; faults show as an error; when the EV is ready
  again charging resumes in the same transaction. The rig's own meter shows
  whether energy flows (16 A on 3 phases at 230 V: 11,040 W, 920 Wh in
  5 minutes).

  Background:
    Given I am connected to "CP-1" as the operator
    And an EV with a 60 kWh battery at 20% state of charge, drawing at most 16 A on 3 phases
    And the EV plugs in
    And RFID tag "04A2B3C4D5E680" is presented

  @certification @needs-ev-emulator @needs-card-presenter @needs-meter @req-61851-ev-pause
  Scenario: An EV that is not ready pauses charging and resumes when ready
    When the EV signals control pilot state "B"
    Then the measured control pilot state is "B"
    And the measured PWM duty cycle is 53.33 % within 0.5 %
    And the system state shows "suspended" with type 2 state "b"
    And the OCPP state is "suspended_ev"
    And a transaction is active
    When the rig's meter reading is taken
    And 5 minutes pass
    Then the rig's meter measured 0 Wh within 0.1 Wh since the reading
    When the EV signals control pilot state "C"
    And the rig's meter reading is taken
    And 5 minutes pass
    Then the measured control pilot state is "C"
    And the OCPP state is "charging"
    And the rig's meter measured 920 Wh within 10 Wh since the reading
    And the control pilot went through the states "B, C, B, C"

  @certification @needs-ev-emulator @needs-card-presenter @needs-meter @req-61851-pilot-fault
  Scenario Outline: A pilot fault (<state>) stops charging and shows an error until the EV is ready again
    When the EV signals control pilot state "<state>"
    Then the measured control pilot state is "<state>"
    And the measured PWM frequency is 0 Hz within 1 Hz
    And the measured load current is 0 A within 0.01 A
    And the system state shows "error" with type 2 state "<type2>"
    And the OCPP state is "faulted"
    And a transaction is active
    When the rig's meter reading is taken
    And 5 minutes pass
    Then the rig's meter measured 0 Wh within 0.1 Wh since the reading
    When the EV signals control pilot state "C"
    And the rig's meter reading is taken
    And 5 minutes pass
    Then the system state shows "charging" with type 2 state "c"
    And the measured PWM duty cycle is 53.33 % within 0.5 %
    And the rig's meter measured 920 Wh within 10 Wh since the reading

    Examples:
      | state | type2 |
      | E     | e     |
      | F     | f     |

  @certification @needs-ev-emulator @needs-card-presenter @req-61851-pilot-fault @req-001-metering
  Scenario: An EV unplugged during a pilot fault ends the transaction, which keeps the energy metered before the fault
    When 5 minutes pass
    And the EV signals control pilot state "E"
    And 1 minute passes
    And the EV unplugs
    Then no transaction is active
    And the last completed transaction ended with reason "EVDisconnected" after 360 seconds holding 920 Wh within 1%
    And the system state shows "idle" with type 2 state "a"

  @certification @needs-ev-emulator @needs-card-presenter @needs-meter @req-61851-ventilation
  Scenario: State D is an error without ventilation and charges with it
    When the EV signals control pilot state "D"
    Then the measured control pilot state is "D"
    And the system state shows "error" with type 2 state "d"
    And the measured PWM frequency is 0 Hz within 1 Hz
    When I set "Ventilation_ctl" to true
    Then the system state shows "charging" with type 2 state "d"
    And the measured charging power is 11040 W within 2%

  @certification @needs-ev-emulator @needs-card-presenter @needs-meter @req-61851-ventilation
  Scenario: Ventilation switched off while the EV charges in state D stops charging with an error; on again, it charges
    When I set "Ventilation_ctl" to true
    And the EV signals control pilot state "D"
    Then the measured charging power is 11040 W within 2%
    When I set "Ventilation_ctl" to false
    Then the system state shows "error" with type 2 state "d"
    And the measured PWM frequency is 0 Hz within 1 Hz
    And the measured load current is 0 A within 0.05 A
    When I set "Ventilation_ctl" to true
    Then the system state shows "charging" with type 2 state "d"
    And the measured charging power is 11040 W within 2%
