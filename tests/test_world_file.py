"""World files are checked against simulator/worlds/world.schema.json and the rules a schema
cannot say: each kind of mistake is one line naming the file, the key path and what was
expected (issue 11: "World-file errors are bare key names"; issue 12 point 1)."""

from __future__ import annotations

import copy
import subprocess
import sys
from contextlib import ExitStack
from importlib import resources
from pathlib import Path
from typing import Any, Iterator

import pytest
import simpy
import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from rigs.binding import open_rig
from rigs.resources import RigError
from rigs.rigfile import load_rig
from simulator.clock import ClockMode, SimClock
from simulator.model.backoffice.access import Role as AbsRole
from simulator.model.backoffice.backoffice import SEED_ORDER
from simulator.model.backoffice.catalogue import RESOURCES
from simulator.model.backoffice.fields import Kind
from simulator.model.world import World, WorldConfig
from simulator.model.worldfile import WorldFileError, check_world, describe, parse_world, read_world, world_schema
from simulator.runtime import Simulation

WORLDS = resources.files("simulator").joinpath("worlds")
DEFAULT = WORLDS.joinpath("default.toml").read_text()
FLEET = """
[fleet]
host = "fleet"

[[fleet.ev_mix]]
model = "VW ID.3"
share = 0.5

[[fleet.sites]]
name = "Caltech"
kind = "workplace"
controllers = 54

[fleet.sites.drivers]
count = 80
auth = { whitelist = 0.3, online = 0.3 }
"""
HOURS = ", ".join(["1"] * 24)


def edited(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def load_error(tmp_path: Path, text: str) -> str:
    """What WorldConfig.load says of a world file with this text (it must refuse it)."""
    world = tmp_path / "my.toml"
    world.write_text(text)
    with pytest.raises(WorldFileError) as refused:
        WorldConfig.load(world)
    return str(refused.value).replace(str(tmp_path) + "/", "")


MISTAKES = {
    "unknown top-level key": (
        "colour = 'red'\n",
        "my.toml: colour: unknown key (expected one of: seed, epoch, trace, site, accounts, controllers, whitelist, backoffice, roaming, fleet, load)"),
    "misspelt nested key": (
        edited(FLEET, "auth = { whitelist", "auth = { whitelsit"),
        "my.toml: fleet.sites[0].drivers.auth.whitelsit: unknown key (expected one of: whitelist, online, roaming, app, autocharge)"),
    "misspelt back-office field": (
        edited(DEFAULT, 'town = "Hamburg"', 'city = "Hamburg"'),
        "my.toml: backoffice.chargingStation[0].city: unknown key (expected one of: key, owner, name, zoneId, stationNumber, published, "
        "address, town, postcode, country, buildingStorey, longitude, latitude, publicStation, openingHours, parkingSpacesCar, "
        "parkingSpacesMotorcycle, parkingSpacesBicycle, ownerName, logoURL, phone, operator, operatorPhone, pricingPolicyId)"),
    "misspelt roaming key": (
        edited(DEFAULT, "speed-kw = 22.0", "speed_kw = 22.0"),
        "my.toml: roaming.cpo.speed_kw: unknown key (expected one of: partner, key, inbound-key, hub-partner, hub, cpo-id, station-id, "
        "name, latitude, longitude, address, phone, connector, speed-kw, cdr-at-start)"),
    "wrong type": (
        'seed = "abc"\n',
        'my.toml: seed: got the string "abc" (expected an integer)'),
    "a table where a list of tables belongs": (
        '[fleet.sites]\nname = "x"\n',
        "my.toml: fleet.sites: got a table: write [[fleet.sites]] for each entry (expected a non-empty array of tables)"),
    "an array of tables where one table belongs": (
        '[[site]]\nname = "x"\n',
        "my.toml: site: got a list of 1 item: write [site], not [[site]] (expected a table)"),
    "out-of-range number": (
        edited(FLEET, "controllers = 54", "controllers = 0"),
        "my.toml: fleet.sites[0].controllers: 0 is too small (expected an integer from 1 to 10000)"),
    "number over its maximum": (
        edited(FLEET, "share = 0.5", "share = 0.5\nmax_ac_kw = 100"),
        "my.toml: fleet.ev_mix[0].max_ac_kw: 100 is too large (expected a number > 0 and <= 43)"),
    "bad enum value": (
        edited(FLEET, 'kind = "workplace"', 'kind = "office"'),
        'my.toml: fleet.sites[0].kind: "office" is not allowed (expected one of: workplace, public, home, depot)'),
    "bad trace level": (
        'trace = "everything"\n',
        'my.toml: trace: "everything" is not allowed (expected one of: full, sessions, off)'),
    "missing required key": (
        edited(FLEET, 'kind = "workplace"\n', ""),
        "my.toml: fleet.sites[0].kind: missing (expected one of: workplace, public, home, depot)"),
    "fleet without sites": (
        '[fleet]\nhost = "fleet"\n',
        "my.toml: fleet.sites: missing (expected a non-empty array of tables)"),
    "bad date in epoch": (
        'epoch = "2026-02-30T06:00:00Z"\n',
        'my.toml: epoch: "2026-02-30T06:00:00Z" is not a date-time (expected an ISO 8601 date-time with a UTC offset, e.g. "2026-01-05T06:00:00Z")'),
    "epoch without offset": (
        "epoch = 2026-02-03T06:00:00\n",
        'my.toml: epoch: got the date-time 2026-02-03T06:00:00 (expected an ISO 8601 date-time with a UTC offset, e.g. "2026-01-05T06:00:00Z")'),
    "duplicate site names": (
        FLEET + '[[fleet.sites]]\nname = "Caltech"\nkind = "home"\ncontrollers = 2\n',
        'my.toml: fleet.sites[1].name: "Caltech" is also the name of fleet.sites[0] (expected each site name only once)'),
    "site names that make the same controller ids": (
        FLEET + '[[fleet.sites]]\nname = "caltech!"\nkind = "home"\ncontrollers = 2\n',
        'my.toml: fleet.sites[1].name: "caltech!" gives the same controller ids (CALTECH-001, ...) as fleet.sites[0] '
        "(expected names that differ in more than case and punctuation)"),
    "unknown EV model": (
        edited(FLEET, 'model = "VW ID.3"', 'model = "VW ID.7"\ncapacity_kwh = 77'),
        'my.toml: fleet.ev_mix[0].model: "VW ID.7" is no built-in model and has no max_ac_kw (expected one of: Tesla Model 3, VW ID.3, '
        "VW ID.4, Kia Niro EV, Hyundai Kona Electric, Volvo XC40 Recharge, Peugeot e-208, Renault Zoe, Nissan Leaf, VW e-Golf; "
        "or capacity_kwh and max_ac_kw for a new model)"),
    "an EV share of 0": (
        edited(FLEET, "share = 0.5", "share = 0"),
        "my.toml: fleet.ev_mix[0].share: 0 is too small (expected a number > 0)"),
    "authentication shares that sum to 0": (
        edited(FLEET, "whitelist = 0.3, online = 0.3", "whitelist = 0, online = 0"),
        "my.toml: fleet.sites[0].drivers.auth: every share is 0 (expected shares >= 0 of whitelist, online, roaming, app, autocharge, not all 0)"),
    "arrival profile of 2 hours": (
        FLEET + "arrivals_weekday = [1, 2]\n",
        "my.toml: fleet.sites[0].drivers.arrivals_weekday: has 2 items (expected exactly 24 numbers >= 0, one per hour from 00:00, not all 0)"),
    "arrival profile all 0": (
        FLEET + f"arrivals_weekend = [{HOURS.replace('1', '0')}]\n",
        "my.toml: fleet.sites[0].drivers.arrivals_weekend: no item is a number > 0 "
        "(expected exactly 24 numbers >= 0, one per hour from 00:00, not all 0)"),
    "'@key' reference to nothing": (
        edited(DEFAULT, 'chargingUnitId = "@unit-2"', 'chargingUnitId = "@unit-9"'),
        'my.toml: backoffice.socket[1].chargingUnitId: "@unit-9" names no earlier [[backoffice.device]] '
        "(expected one of: @unit-1, @unit-2, @unit-3, @unit-4)"),
    "'@key' reference to the wrong kind of entry": (
        edited(DEFAULT, 'chargingUnitId = "@unit-2"', 'chargingUnitId = "@depot-zone"'),
        'my.toml: backoffice.socket[1].chargingUnitId: "@depot-zone" names no earlier [[backoffice.device]] '
        "(expected one of: @unit-1, @unit-2, @unit-3, @unit-4)"),
    "reference without '@'": (
        edited(DEFAULT, 'chargingUnitId = "@unit-2"', 'chargingUnitId = "unit-2"'),
        'my.toml: backoffice.socket[1].chargingUnitId: "unit-2" is not allowed (expected "@key" naming an earlier entry, or its number)'),
    "duplicate back-office key": (
        edited(DEFAULT, 'key = "unit-2"', 'key = "unit-1"'),
        'my.toml: backoffice.device[1].key: "unit-1" is also the key of backoffice.device[0] (expected each key only once)'),
    "owner who is no user": (
        edited(DEFAULT, 'owner = "depot"\nname = "Depot Nord"', 'owner = "depo"\nname = "Depot Nord"'),
        'my.toml: backoffice.zone[0].owner: "depo" is no back-office user (expected the username of a [[backoffice.user]])'),
    "device on a controller the world lacks": (
        edited(DEFAULT, 'controllerId = "CP-4"', 'controllerId = "CP-9"'),
        'my.toml: backoffice.device[3].controllerId: "CP-9" is no controller of the world (expected one of the [[controllers]] ids: CP-1, CP-2, CP-3, CP-4)'),
    "device with neither serial number nor controller": (
        edited(DEFAULT, 'controllerId = "CP-4"\n', ""),
        "my.toml: backoffice.device[3]: a key is missing (expected a serialNumber, or a controllerId whose serial number the device takes)"),
    "unknown back-office role": (
        edited(DEFAULT, 'roles = ["cs"]', 'roles = ["cs", "boss"]'),
        'my.toml: backoffice.user[7].roles[1]: "boss" is not allowed (expected one of: user, host, hostAdmin, evAdmin, userAdmin, admin, cs)'),
    "back-office password too short": (
        edited(DEFAULT, 'password = "abs-cs-pw"', 'password = "cs"'),
        'my.toml: backoffice.user[7].password: "cs" is too short (expected a string of 8 to 200 characters)'),
    "duplicate controller ids": (
        edited(DEFAULT, 'id = "CP-4"', 'id = "CP-3"'),
        'my.toml: controllers[3].id: "CP-3" is also the id of controllers[2] (expected each id only once)'),
    "controller id that cannot be a URL segment": (
        '[[controllers]]\nid = "CP 1"\n',
        'my.toml: controllers[0].id: "CP 1" is not allowed '
        "(expected 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit: it is part of the URL /cp/{id}/v1)"),
    "unknown controller role": (
        edited(DEFAULT, 'role = "user"', 'role = "admin"'),
        'my.toml: accounts[1].role: "admin" is not allowed (expected one of: operator, user)'),
    "roaming CPO of an unknown partner": (
        edited(DEFAULT, 'partner = "chargebench-cpo-depot-0001"', 'partner = "chargebench-cpo-depot-0002"'),
        'my.toml: roaming.cpo.partner: "chargebench-cpo-depot-0002" names nothing (expected one of the [[roaming.partners]] identifiers: '
        "chargebench-oem-app-0001, chargebench-cpo-depot-0001, foreign-cpo-partner-0001, rival-emp-partner-0001)"),
    "roaming user of an unknown e-mobility provider": (
        edited(DEFAULT, 'emp = "chargebench-oem-app-0001"', 'emp = "chargebench-cpo-depot-0001"'),
        'my.toml: roaming.users[0].emp: "chargebench-cpo-depot-0001" names nothing (expected one of the partners of [[roaming.keys]] '
        'with role "emp": chargebench-oem-app-0001, rival-emp-partner-0001)'),
    "roaming CPO that expects another hub": (
        edited(DEFAULT, 'hub-partner = "chargebench-oioi-hub-0001"', 'hub-partner = "chargebench-oioi-hub-0002"'),
        'my.toml: roaming.cpo.hub-partner: "chargebench-oioi-hub-0002" is not the hub\'s identifier '
        '(expected roaming.identifier, "chargebench-oioi-hub-0001", under which the hub sends its whitelists)'),
    "roaming CPO that expects another key from the hub": (
        edited(DEFAULT, 'inbound-key = "hub-key-at-depot-cpo-0001"', 'inbound-key = "hub-key-at-depot-cpo-0002"'),
        'my.toml: roaming.cpo.inbound-key: "hub-key-at-depot-cpo-0002" is not the key the hub presents '
        '(expected the key of roaming.partners[1], the CPO\'s partner: "hub-key-at-depot-cpo-0001")'),
    "unknown connector type": (
        edited(DEFAULT, 'connector = "Type2"', 'connector = "Type 2"'),
        'my.toml: roaming.cpo.connector: "Type 2" is not allowed (expected one of: Type2, Combo, Chademo, Schuko, Type3, CeeBlue, 3PinSquare, '
        "Type1, CeeRed, Cee2Poles, Tesla, Scame, Nema5, CeePlus, T13, T15, T23, Marechal, TypeE)"),
    "currency in lower case": (
        edited(FLEET, 'host = "fleet"', 'currency = "eur"'),
        'my.toml: fleet.currency: "eur" is not allowed (expected one of: EUR, GBP, CHF, SEK, NOK, DKK, PLN, USD)'),
    "load target that is no URL": (
        FLEET + '[load]\ntarget-abs = "abs.example.com"\n',
        'my.toml: load.target-abs: "abs.example.com" is not allowed (expected an http(s) URL with a host)'),
    "load hub without the CPO's key": (
        FLEET + '[load]\ntarget-oioi = "https://hub.example.com/api/v4/request"\n',
        "my.toml: load.oioi-key: missing (expected the CPO's API key at target-oioi)"),
    "load CPO endpoint without a port": (
        FLEET + '[load]\ncpo-listen = "localhost"\n',
        'my.toml: load.cpo-listen: "localhost" is not allowed (expected HOST:PORT, e.g. 127.0.0.1:8091)'),
    "load CPO endpoint at a port that does not exist": (
        FLEET + '[load]\ncpo-listen = "127.0.0.1:70000"\n',
        'my.toml: load.cpo-listen: "127.0.0.1:70000" has a port above 65535 (expected HOST:PORT, the port 0 to 65535)'),
}


@pytest.mark.parametrize("text, line", MISTAKES.values(), ids=MISTAKES.keys())
def test_each_mistake_is_one_line_with_the_file_the_key_path_and_what_was_expected(tmp_path: Path, text: str, line: str) -> None:
    assert load_error(tmp_path, text) == line


def test_toml_syntax_errors_name_the_file_line_and_column(tmp_path: Path) -> None:
    assert load_error(tmp_path, "seed = 1\nname ==\n") == "my.toml:2:7: invalid TOML: Invalid value"
    assert load_error(tmp_path, "seed = 1\nseed = 2\n") == "my.toml:2:9: invalid TOML: Cannot overwrite a value"
    assert load_error(tmp_path, "seed = 1\nsite = {") == "my.toml:2:9: invalid TOML: Invalid initial character for a key part"


def test_unreadable_files_are_one_line(tmp_path: Path) -> None:
    with pytest.raises(WorldFileError, match=r"^\S*nowhere\.toml: cannot read the world file: No such file or directory$"):
        read_world(tmp_path / "nowhere.toml")
    (tmp_path / "binary.toml").write_bytes(b"seed = \xff\xfe\n")
    with pytest.raises(WorldFileError, match=r"binary\.toml: not a world file: it is not UTF-8 text$"):
        read_world(tmp_path / "binary.toml")


def test_the_first_mistake_in_the_file_is_reported(tmp_path: Path) -> None:
    """Two mistakes: the one higher up in the file comes first, whatever the schema's order."""
    text = 'trace = "loud"\nseed = "x"\n'
    assert load_error(tmp_path, text).startswith("my.toml: trace: ")
    assert load_error(tmp_path, 'seed = "x"\ntrace = "loud"\n').startswith("my.toml: seed: ")


def test_an_unquoted_toml_date_time_is_an_epoch(tmp_path: Path) -> None:
    quoted = WorldConfig.from_toml('epoch = "2026-03-02T07:30:00+01:00"\n')
    bare = WorldConfig.from_toml("epoch = 2026-03-02T07:30:00+01:00\n")
    assert bare.epoch == quoted.epoch and bare.epoch.utcoffset() is not None


def test_from_toml_validates_text_too() -> None:
    with pytest.raises(WorldFileError, match=r"^world file: seed: got the string \"x\" \(expected an integer\)$"):
        WorldConfig.from_toml('seed = "x"\n')


def test_every_shipped_world_validates() -> None:
    shipped = sorted(p.name for p in WORLDS.iterdir() if p.name.endswith(".toml"))
    assert "default.toml" in shipped
    for name in shipped:
        data = read_world(Path(str(WORLDS.joinpath(name))))
        assert isinstance(data, dict), name
    assert read_world(None)["seed"] == 2026


def test_the_default_world_loads_unchanged() -> None:
    """The schema checks, it does not alter: the default world's config is what it was."""
    config = WorldConfig.load()
    assert config.controller_ids == ("CP-1", "CP-2", "CP-3", "CP-4")
    assert [u["username"] for u in config.backoffice["user"]][:2] == ["admin", "depot"]
    assert config.roaming.cpo is not None and config.roaming.cpo.speed_kw == 22.0


def test_the_back_office_part_of_the_schema_is_the_catalogue() -> None:
    """Every seeded resource's fields, kinds, ranges, options and required ones, plus the seeding
    extras (key, owner, roles, activated): a field added to the catalogue must reach the schema."""
    defs = world_schema()["$defs"]
    assert list(world_schema()["properties"]["backoffice"]["properties"]) == list(SEED_ORDER)
    for name in SEED_ORDER:
        resource, schema = RESOURCES[name], defs[f"backoffice.{name}"]
        extras = {"key", "owner"} | ({"roles"} if name == "user" else set()) | ({"activated"} if name == "evDriver" else set())
        assert set(schema["properties"]) == {f.name for f in resource.fields} | extras, name
        assert schema["additionalProperties"] is False
        required = {f.name for f in resource.fields if f.required} - ({"serialNumber"} if name == "device" else set())
        assert set(schema["required"]) == required, name
        for f in resource.fields:
            prop = schema["properties"][f.name]
            if f.kind in (Kind.STRING, Kind.INTEGER, Kind.NUMBER, Kind.BOOLEAN):
                assert prop["type"] == f.kind.value, (name, f.name)
            if f.kind is Kind.STRING:
                assert (prop["minLength"], prop["maxLength"]) == (f.min_length, f.max_length), (name, f.name)
            if f.kind in (Kind.INTEGER, Kind.NUMBER):
                assert (prop.get("minimum"), prop.get("maximum")) == (f.minimum, f.maximum), (name, f.name)
            if f.kind is Kind.ENUM:
                assert prop["enum"] == list(f.options), (name, f.name)
            if f.kind is Kind.ENUM_LIST:
                assert prop["items"]["enum"] == list(f.options), (name, f.name)
            if f.kind is Kind.ID:
                assert prop == {"$ref": "#/$defs/id"}, (name, f.name)
            if f.kind is Kind.ID_LIST:
                assert prop["items"] == {"$ref": "#/$defs/id"}, (name, f.name)
    assert defs["backoffice.user"]["properties"]["roles"]["items"]["enum"] == [r.value for r in AbsRole]


def test_every_value_of_the_schema_is_described_in_words() -> None:
    """What a user reads after "expected": never a fallback for a schema the wording does not know."""
    def nodes(schema: Any) -> Iterator[dict[str, Any]]:
        if isinstance(schema, dict):
            yield schema
            for key in ("properties", "$defs"):
                for child in schema.get(key, {}).values():
                    yield from nodes(child)
            for key in ("items", "contains"):
                if key in schema:
                    yield from nodes(schema[key])
            for option in schema.get("anyOf", []):
                yield from nodes(option)
    described = [describe(node) for node in nodes(world_schema()) if set(node) - {"required", "description"}]
    assert len(described) > 250  # the walk reaches every section
    assert "something else" not in described and all(described)
    assert all("expected" in node for node in nodes(world_schema()) if "pattern" in node), "a pattern needs words"


def test_connector_types_are_the_oioi_schemas() -> None:
    oioi = yaml.safe_load(resources.files("simulator").joinpath("api/oioi/oioi-v4.schema.yaml").read_text())
    assert world_schema()["$defs"]["connector"]["enum"] == oioi["$defs"]["connector-type"]["enum"]


def test_two_sockets_on_one_unit_and_rank_are_refused_by_the_back_office_with_the_key_path() -> None:
    config = WorldConfig.from_toml(edited(DEFAULT, 'chargingUnitId = "@unit-2"', 'chargingUnitId = "@unit-1"'))
    with pytest.raises(ValueError, match=r"^backoffice\.socket\[1\]: the back office refuses it: a socket with that chargingUnitId/deviceRank already exists$"):
        Simulation(config)


def test_two_hosts_may_each_have_a_zone_of_one_name() -> None:
    """Names are unique per tenant in the back office: the world file check does not refuse more."""
    rival_zone = '[[backoffice.zone]]\nkey = "rival-zone"\nowner = "rival"\nname = "Depot Nord"\n\n[[backoffice.pricingPolicy]]'
    simulation = Simulation(WorldConfig.from_toml(edited(DEFAULT, "[[backoffice.pricingPolicy]]", rival_zone)))
    zones = simulation.world.backoffice.registry["zone"]
    assert sorted((zone.owner, zone["name"]) for zone in zones) == [("depot", "Depot Nord"), ("rival", "Depot Nord")]


def test_an_entry_the_back_office_refuses_names_its_key_path() -> None:
    """Beyond the schema: the back office's own rules (a socket on another station's unit)."""
    text = edited(DEFAULT, "[[backoffice.device]]\nkey = \"unit-4\"", "[[backoffice.chargingStation]]\nkey = \"other\"\nowner = \"depot\"\n"
                  "name = \"Other\"\nzoneId = \"@depot-zone\"\n\n[[backoffice.device]]\nkey = \"unit-4\"")
    text = edited(text, 'chargingStationId = "@depot-station"\nchargingUnitId = "@unit-4"', 'chargingStationId = "@other"\nchargingUnitId = "@unit-4"')
    config = WorldConfig.from_toml(text)
    env = simpy.Environment()
    with pytest.raises(ValueError, match=r"^backoffice\.socket\[3\]: the back office refuses it: chargingUnitId must be a CHARGING_UNIT "
                                         r"of the socket's charging station$"):
        World(config, env, SimClock(ClockMode.VIRTUAL, epoch=config.epoch))


def test_only_reference_fields_take_an_at_key() -> None:
    """A description that starts with '@' is text, not a reference to an entry named so."""
    text = edited(DEFAULT, 'description = "Bob\'s second card: known online only"', 'description = "@unit-1"')
    config = WorldConfig.from_toml(text)
    simulation = Simulation(config)
    cards = simulation.world.backoffice.registry["rfid"]
    assert [card["description"] for card in cards][-1] == "@unit-1"


def test_serve_prints_the_line_and_exits_2(tmp_path: Path) -> None:
    world = tmp_path / "my.toml"
    world.write_text(edited(FLEET, "auth = { whitelist", "auth = { whitelsit"))
    result = subprocess.run([sys.executable, "-m", "simulator", "serve", "--world", str(world)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr == (f"chargebench: {world}: fleet.sites[0].drivers.auth.whitelsit: unknown key "
                             "(expected one of: whitelist, online, roaming, app, autocharge)\n")


def test_a_rig_whose_world_is_wrong_is_one_line(tmp_path: Path) -> None:
    """A simulator rig names its world file: rig check, certify and pytest --rig say what is wrong with it."""
    world = tmp_path / "my.toml"
    world.write_text('seed = "x"\n')
    rig = tmp_path / "bench.toml"
    rig.write_text('name = "bench"\nfeatures = ["controller-api", "sim-control"]\n\n[simulator]\n'
                   f'world = "{world}"\n\n[[controllers]]\nid = "CP-1"\nurl = "{{base_url}}/cp/CP-1"\nusername = "operator"\npassword = "chargebench"\n')
    with ExitStack() as stack, pytest.raises(RigError) as refused:
        open_rig(load_rig(str(rig)), 2026, stack)
    assert str(refused.value) == f'{rig}: simulator.world: {world}: seed: got the string "x" (expected an integer)'


# -- any single change to the default world: a world, or one line -------------------------------------

def _leaves(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(data, dict):
        return [path] * bool(path) + [leaf for key, value in data.items() for leaf in _leaves(value, (*path, key))]
    if isinstance(data, list):
        return [path] + [leaf for index, value in enumerate(data) for leaf in _leaves(value, (*path, index))]
    return [path]


BASES = (parse_world(DEFAULT), parse_world(edited(edited(FLEET, "controllers = 54", "controllers = 3"), "count = 80", "count = 5")))
VALUES = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=False), st.text(max_size=12),
                   st.sampled_from(["@unit-1", "@depot-zone", "CP-1", "depot", "", "EUR", "VW ID.4", "home", 0, 1, 3, 24]),
                   st.just([]), st.just({}), st.just([{}]))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from([(base, path) for base, data in enumerate(BASES) for path in _leaves(data)]), VALUES)
def test_any_change_to_a_world_builds_and_runs_or_is_refused_in_one_line(where: tuple[int, tuple[Any, ...]], value: Any) -> None:
    """Replace (None: delete) one value anywhere in the default world or a small fleet: the world
    builds and runs a day, or the file is refused with one line naming where, or the back office
    refuses one entry by its key path; never a traceback."""
    base, path = where
    data = copy.deepcopy(BASES[base])
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    if value is None:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    try:
        check_world(data, "my.toml")
    except WorldFileError as error:
        assert str(error).startswith("my.toml: ") and "\n" not in str(error)
        return
    try:
        simulation = Simulation(WorldConfig.from_dict(data))
    except ValueError as error:
        assert str(error).startswith("backoffice."), (path, value, error)
        return
    simulation.clock.advance(86_400)
