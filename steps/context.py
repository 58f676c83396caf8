"""What one scenario remembers between its steps."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import pytest

from fixtures.target import Target
from rigs.controller import ControllerClient
from rigs.controller.transport import Reply
from rigs.simcontrol import SimControl


@dataclass
class Scenario:
    target: Target
    cp_id: str = "CP-1"
    client: ControllerClient | None = None
    reply: Reply | None = None
    tokens: list[str] = field(default_factory=list)
    ev: dict[str, Any] = field(default_factory=dict)
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def api(self) -> ControllerClient:
        if self.client is None:
            self.client = self.target.controller(self.cp_id)
        return self.client

    @property
    def sim(self) -> SimControl:
        """The target's sim-control; only simulator targets have one (tag such scenarios @sim-only)."""
        assert self.target.sim is not None, f"target {self.target.name!r} has no sim-control (tag the scenario @sim-only)"
        return self.target.sim

    def expect(self, status: int) -> Any:
        """The last reply's body, after checking its status with a readable message."""
        assert self.reply is not None, "no request was made yet"
        assert self.reply.status == status, f"expected HTTP {status}, got {self.reply.status}: {json.dumps(self.reply.body)}"
        return self.reply.body


@pytest.fixture
def scenario(target: Target) -> Scenario:
    return Scenario(target, cp_id=target.default_controller)


def literal(text: str) -> Any:
    """A value written in a step as JSON: 16, true, "dark"; bare words are strings."""
    try:
        return json.loads(text)
    except ValueError:
        return text
