"""Hostile requests for the generated runs: plausible requests with one thing made hostile.

A request starts as an instance of the operation's own schema (OpenAPI or the OIOI
JSON Schema), drawn from a seeded ``random.Random``; then one leaf becomes a
hostile JSON fragment (``NaN``, ``Infinity``, ``1e400``, a 5,000-digit integer,
nesting thousands of levels deep, odd unicode, an unpaired surrogate escape), or
the whole body is broken (not UTF-8, a BOM, truncated, over the 1 MB limit), or
the method or path is wrong.  Requests go out one at a time over one keep-alive
connection (deterministic order, thousands a second), and every answer is checked
to be below 500, ``application/json`` and strict JSON.
"""

from __future__ import annotations

import asyncio
import json
import random
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, NoReturn

import aiohttp

MARK = "\u0000hostile\u0000"
"""A leaf the template puts where the hostile fragment goes."""
MARKED = json.dumps(MARK)
METHODS = ("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "PROPFIND")
OVERSIZED = 1024 * 1024 + 1
BIG_FINITE = ["9223372036854775807", "-9223372036854775807", "1.7976931348623157e308", "-1.7e308", "5e-324", "0", "-0", "-0.0", "1e-400"]
FORMATS = {
    "uid": ["04523022AA4881", "0477BD22AA4880", "04A2B3C4D5E680", "ABCDEF01"],
    "evse-id": ["DE*CBS*ECP1", "DE*CBS*ECP4", "DE*FRN*E1", "DE*XYZ*E404"],
    "cpo-id": ["DE*CBS", "DE*FRN"],
    "rfc3339": ["2026-01-01T10:00:00+00:00", "2026-01-01T12:30:00+01:00", "1999-12-31T23:59:59Z"],
    "country": ["DE", "NL", "FR"],
    "language": ["de", "en"],
    "email": ["test1@plugsurfing.com", "someone@example.org"],
    "uuid": ["6d5e4c3b-2a19-4f08-9e7d-6c5b4a392817"],
}
PATTERNS = {
    "^[A-Z]{3}$": ["EUR", "USD"],
    "^[^,]*$": ["04A2B3C4D5E680", "tag-1"],
    "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$": ["6d5e4c3b-2a19-4f08-9e7d-6c5b4a392817"],
}
WORDS = ["operator", "chargebench", "MaxCurrent_ctl", "local", "RFID", "04A2B3C4D5E680", "test1@plugsurfing.com", "x", ""]


def _refuse(name: str) -> NoReturn:
    raise ValueError(f"{name} is not JSON")


def strict_json(raw: bytes) -> Any:
    """RFC 8259 JSON or ValueError: unlike ``json.loads`` it refuses NaN and Infinity."""
    return json.loads(raw.decode("utf-8"), parse_constant=_refuse)


def _text(rng: random.Random) -> str:
    kind = rng.randrange(6)
    if kind == 0:
        return rng.choice(WORDS)
    if kind == 1:  # anywhere in the basic plane but the surrogates
        return "".join(chr(rng.choice([rng.randrange(0x20, 0xD800), rng.randrange(0xE000, 0x10000)])) for _ in range(rng.randrange(1, 12)))
    if kind == 2:  # astral characters (emoji, CJK extensions)
        return "".join(chr(rng.randrange(0x10000, 0x110000)) for _ in range(rng.randrange(1, 6)))
    if kind == 3:  # control characters, BOM, right-to-left override, combining marks
        return "".join(rng.choice("\u0000\u0001\u001f\u007f\ufeff\u202e\u200b\u0301\ufffd\\\"/") for _ in range(rng.randrange(1, 10)))
    if kind == 4:
        return "x" * rng.choice([256, 257, 1001, 4097, 20000])
    return str(rng.randrange(-10, 10**6))


def _deep(rng: random.Random) -> str:
    depth = rng.choice([63, 64, 65, 100, 999, 1000, 5000, 100000])
    if rng.random() < 0.5:
        return "[" * depth + "]" * depth
    return '{"a":' * depth + "1" + "}" * depth


def fragment(rng: random.Random) -> str:
    """One hostile JSON value, as raw text (most of them are not JSON)."""
    kind = rng.randrange(8)
    if kind == 0:
        return rng.choice(["NaN", "Infinity", "-Infinity", "nan", "inf", "-NaN", "[NaN]", '{"x": Infinity}'])
    if kind == 1:
        return rng.choice(["1e400", "-1e400", "1E999999", "-0e999999", "1" + "0" * rng.randrange(19, 400) + ".5e10"])
    if kind == 2:
        return ("-" if rng.random() < 0.3 else "") + "9" * rng.choice([19, 20, 64, 4300, 4301, 6000])
    if kind == 3:
        return rng.choice(BIG_FINITE)
    if kind == 4:
        return _deep(rng)
    if kind == 5:
        return json.dumps(_text(rng), ensure_ascii=rng.random() < 0.5)
    if kind == 6:
        return rng.choice(['"\\ud800"', '"\\udc00x"', '"a\\ud83d"', '"\\ud83d\\ude00"', '"\\u0000"', '"\\uffff"'])
    return rng.choice(["[1,]", "{'a': 1}", "[", "{", '"open', "tru", "01", "1.", ".5", "+1", "0x10", "[] []"])


class SchemaInstances:
    """Random instances of JSON-Schema / OpenAPI schema nodes (the keywords these APIs use)."""

    def __init__(self, resolve: Callable[[str], dict[str, Any]], rng: random.Random) -> None:
        self.resolve = resolve
        self.rng = rng

    def instance(self, node: dict[str, Any], depth: int = 0) -> Any:
        rng = self.rng
        if "$ref" in node:
            return self.instance(self.resolve(node["$ref"]), depth)
        if "enum" in node:
            return rng.choice(node["enum"])
        for combinator in ("anyOf", "oneOf"):
            if combinator in node:
                return self.instance(rng.choice(node[combinator]), depth)
        kind = node.get("type")
        if kind == "object" or "properties" in node:
            props = node.get("properties", {})
            required = set(node.get("required", ()))
            chosen = {k: self.instance(v, depth + 1) for k, v in props.items() if k in required or rng.random() < 0.5}
            extra = node.get("additionalProperties")
            if isinstance(extra, dict) and depth < 3:
                chosen.update({_text(rng)[:40] or "k": self.instance(extra, depth + 1) for _ in range(rng.randrange(1, 4))})
            return chosen
        if kind == "array":
            items = node.get("items", {})
            return [self.instance(items, depth + 1) for _ in range(rng.randrange(node.get("minItems", 0), min(node.get("maxItems", 3), 3) + 1))]
        if kind == "string":
            if "format" in node and node["format"] in FORMATS:
                return rng.choice(FORMATS[node["format"]])
            if "pattern" in node:
                return rng.choice(PATTERNS.get(node["pattern"], ["x"]))
            return rng.choice(WORDS[:-1] if node.get("minLength") else WORDS)
        if kind == "integer":
            return rng.randint(int(node.get("minimum", -5)), int(min(node.get("maximum", 10**6), 10**6)))
        if kind == "number":
            return round(rng.uniform(float(node.get("minimum", -100)), float(min(node.get("maximum", 1000), 1000))), 3)
        if kind == "boolean":
            return rng.random() < 0.5
        if kind == "null":
            return None
        return rng.choice([None, 1, "x", [], {}])


def _leaves(value: Any, path: tuple[Any, ...] = ()) -> Iterable[tuple[Any, ...]]:
    if isinstance(value, dict) and value:
        for key, item in value.items():
            yield from _leaves(item, (*path, key))
    elif isinstance(value, list) and value:
        for index, item in enumerate(value):
            yield from _leaves(item, (*path, index))
    else:
        yield path


def _replace(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        return {**value, head: _replace(value[head], rest, new)}
    return [_replace(v, rest, new) if i == head else v for i, v in enumerate(value)]


def body_text(template: Any, rng: random.Random) -> bytes:
    """The template as JSON, one leaf (or a new key) replaced by a hostile fragment, or
    the body broken as a whole."""
    kind = rng.randrange(10)
    if kind == 0:
        return rng.choice([b"", b"\xff\xfe{}", b"\xef\xbb\xbf{}", b'{"a": "\xc3\x28"}', b"\x00", json.dumps(template).encode()[:-1]])
    if kind == 1:
        return json.dumps(template, ensure_ascii=False).encode()
    if kind == 2 and isinstance(template, dict):
        marked: Any = {**template, _text(rng)[:64] or "k": MARK}
    else:
        leaf = rng.choice(list(_leaves(template)))
        marked = _replace(template, leaf, MARK)
    text = json.dumps(marked, ensure_ascii=False)
    return text.replace(MARKED, fragment(rng), 1).encode("utf-8", "surrogatepass")


@dataclass
class Probe:
    method: str
    path: str
    query: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Tally:
    """What was sent and what came back: the evidence the run prints."""

    sent: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def summary(self, api: str) -> str:
        counts = ", ".join(f"{status}: {n}" for status, n in sorted(self.statuses.items()))
        return f"{api}: {self.sent} hostile requests ({counts})"


Check = Callable[[Probe, int, Any], str | None]
"""An API's own check of one answer (status, parsed body): a problem, or None."""
Renew = Callable[[Probe, int, Any], None]
"""Called after every answer: e.g. log in again when the session ended."""


async def _send_all(base_url: str, probes: Iterable[Probe], check: Check, renew: Renew) -> Tally:
    tally = Tally()
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(timeout=timeout, skip_auto_headers=("Content-Type",)) as http:
        for probe in probes:
            async with http.request(probe.method, base_url + probe.path, params=probe.query or None, data=probe.body,
                                    headers=probe.headers) as response:
                raw = await response.read()
                status, content_type = response.status, response.content_type
            tally.sent += 1
            tally.statuses[status] = tally.statuses.get(status, 0) + 1
            where = f"{probe.method} {probe.path} {str(probe.query)[:200]} {(probe.body or b'')[:200]!r}: HTTP {status} {raw[:300]!r}"
            try:
                body = strict_json(raw)
            except ValueError as error:
                tally.problems.append(f"{where}: not strict JSON ({error})")
                continue
            problem = "server error" if status >= 500 else None
            problem = problem or (None if content_type == "application/json" else f"content type {content_type}")
            problem = problem or check(probe, status, body)
            if problem:
                tally.problems.append(f"{where}: {problem}")
            renew(probe, status, body)
    return tally


def send_all(base_url: str, probes: Iterable[Probe], check: Check, renew: Renew) -> Tally:
    """Send every probe in order on one connection (own event loop: the simulator has its own)."""
    return asyncio.run(_send_all(base_url, probes, check, renew))


def oversized() -> bytes:
    return b"[" + b"0," * (OVERSIZED // 2) + b"0]"


@dataclass(frozen=True)
class Answer:
    status: int
    content_type: str
    raw: bytes
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def body(self) -> Any:
        """The body parsed strictly (ValueError if it is not RFC 8259 JSON)."""
        return strict_json(self.raw)


def exchange(base_url: str, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None) -> Answer:
    """One raw request: what exactly came back, for the tests that look at the bytes."""
    async def run() -> Answer:
        async with aiohttp.ClientSession() as http:
            async with http.request(method, base_url + path, data=body, headers=headers or {}) as response:
                return Answer(response.status, response.content_type, await response.read(), dict(response.headers))

    return asyncio.run(run())
