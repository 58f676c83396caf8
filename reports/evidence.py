"""Evidence of each step: the HTTP exchanges, serial lines and APDUs it caused, as Allure attachments.

Any transcript (a list whose entries have ``as_dict()``) can be a source; the
collector remembers how far each one was attached, so every step gets exactly
what happened during it.  The whole scenario's evidence is also kept for the
certification summary.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import allure

USER_PROPERTY = "evidence"


@dataclass
class TranscriptSource:
    kind: str
    """'http', 'serial', 'apdu' ..."""
    name: str
    entries: list[Any]


@dataclass
class EvidenceCollector:
    attached: dict[int, int] = field(default_factory=dict)

    def new_entries(self, source: TranscriptSource) -> list[dict[str, Any]]:
        start = self.attached.get(id(source.entries), 0)
        if start > len(source.entries):
            start = 0  # the transcript was cleared and refilled
        self.attached[id(source.entries)] = len(source.entries)
        return [entry.as_dict() for entry in source.entries[start:]]

    def attach_step(self, sources: list[TranscriptSource], user_properties: list[tuple[str, Any]], step: str) -> None:
        for source in sources:
            entries = self.new_entries(source)
            if not entries:
                continue
            user_properties.append((USER_PROPERTY, {"step": step, "kind": source.kind, "source": source.name, "entries": entries}))
            allure.attach(json.dumps(entries, indent=1, default=str), name=f"{source.kind}: {source.name}", attachment_type=allure.attachment_type.JSON)
