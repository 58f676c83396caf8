"""Steps every domain uses: choosing the controller, logging in, time passing."""

from __future__ import annotations

from pytest_bdd import given, parsers, then, when

from fixtures.target import Clock

from .context import Scenario

UNITS = {"second": 1, "seconds": 1, "minute": 60, "minutes": 60, "hour": 3600, "hours": 3600}
APP_USER = ("user", "chargebench-user")
"""The default world's app user (role user); the operator's login is the target's own."""


@given(parsers.parse('the charge controller "{cp_id}"'))
def choose_controller(scenario: Scenario, cp_id: str) -> None:
    scenario.cp_id = cp_id
    scenario.client = None


@given(parsers.parse('I am logged in as the {who} on "{cp_id}"'))
def logged_in_on(scenario: Scenario, who: str, cp_id: str) -> None:
    choose_controller(scenario, cp_id)
    logged_in(scenario, who)


@given(parsers.parse('I am connected to "{cp_id}" as the {who}'))
@when(parsers.parse('I am connected to "{cp_id}" as the {who}'))
def connected_to(scenario: Scenario, cp_id: str, who: str) -> None:
    """Logged in, and logged in again whenever the session has expired."""
    logged_in_on(scenario, who, cp_id)
    scenario.api.relogin = True


@given(parsers.re(r"I am logged in as the (?P<who>operator|user)$"))
def logged_in(scenario: Scenario, who: str) -> None:
    if who == "user":
        scenario.client = scenario.target.controller(scenario.cp_id, *APP_USER)
    scenario.api.login()


@given(parsers.re(r"(?P<count>\d+(?:\.\d+)?) (?P<unit>seconds?|minutes?|hours?) (?:pass|passes|have passed)$"))
@when(parsers.re(r"(?P<count>\d+(?:\.\d+)?) (?P<unit>seconds?|minutes?|hours?) (?:pass|passes)$"))
def time_passes(clock: Clock, count: str, unit: str) -> None:
    clock.advance(float(count) * UNITS[unit])


@then(parsers.parse("the answer is HTTP {status:d}"))
def answer_status(scenario: Scenario, status: int) -> None:
    scenario.expect(status)


@then(parsers.parse('the answer is HTTP {status:d} with cause "{cause}"'))
def answer_cause(scenario: Scenario, status: int, cause: str) -> None:
    body = scenario.expect(status)
    assert isinstance(body, dict) and body.get("success") is False, f"not an error document: {body!r}"
    assert cause in body.get("cause", ""), f"cause {body.get('cause')!r} does not mention {cause!r}"
