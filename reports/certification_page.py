"""The certification page: the verdict, the device, then the requirement matrix, failures first.

One self-contained HTML file (no script, no external resource) rendered from
the summary dict of ``reports/certification.py``; every scenario's detail
(captured output, evidence as attachments) is in the pytest-html report next
to it, which the page links to.
"""

from __future__ import annotations

import json
from html import escape as e
from typing import Any

STYLE = """
body{font-family:system-ui,sans-serif;margin:1.5em 2em;color:#222}
h1{margin-bottom:.2em} h2{margin-top:1.6em}
table{border-collapse:collapse;margin:.5em 0} td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}
.verdict{display:inline-block;padding:.3em .8em;border-radius:4px;font-weight:bold;font-size:1.4em;color:#fff}
.v-PASS{background:#1b7f2a}.v-FAIL{background:#b3261e}.v-INCOMPLETE{background:#a66300}
.pass,.passed{background:#dcf5dc}.fail,.failed{background:#f9d9d6}.incomplete,.skipped{background:#fbecc8}
.not-applicable,.not-covered{background:#eee;color:#555}
.badge{padding:0 .4em;border-radius:3px;white-space:nowrap}
.message{font-weight:bold;white-space:pre-wrap;margin:.3em 0;color:#8a1c13}
.scenario{margin:.2em 0 .7em 0} .run{margin:.15em 0 0 1.2em} .muted{color:#666} pre{white-space:pre-wrap;max-height:25em;overflow:auto;font-size:85%}
"""


def _class(text: str) -> str:
    return text.replace(" ", "-")


def _badge(outcome: str) -> str:
    return f"<span class='badge {_class(outcome)}'>{e(outcome)}</span>"


def _measurement(m: dict[str, Any]) -> str:
    low = "-inf" if m.get("low") is None else f"{m['low']:g}"
    high = "+inf" if m.get("high") is None else f"{m['high']:g}"
    verdict = "within limits" if m["passed"] else "OUT OF LIMITS"
    return f"<li>{e(m['name'])} = <b>{m['value']:g} {e(m['unit'])}</b>, limits [{low}, {high}] {e(m['unit'])}: {verdict}</li>"


def _failure(s: dict[str, Any]) -> str:
    step = s.get("failed_step")
    where = f"<div>failed at <code>{e(step['location'])}</code>: <b>{e(step['step'])}</b></div>" if step else ""
    return f"<div class='message'>{e(s['message'])}</div>{where}"


def _run(s: dict[str, Any]) -> str:
    """One run of a scenario (a variant): outcome, then a failure's message or the reason, measurements, evidence."""
    variant = f"<b>{e(s['variant'])}</b> " if s["variant"] else ""
    ran = s["outcome"] in ("passed", "failed")
    parts = [f"<div class='run'>{variant}{_badge(s['outcome'])}" + (f" <span class='muted'>{s['seconds']:.2f} s</span>" if ran else "")]
    if s["outcome"] == "failed":
        parts.append(_failure(s))
    elif s["reason"]:
        parts.append(f" <span class='muted'>{e(s['reason'])}</span>")
    if s["measurements"]:
        parts.append("<ul>" + "".join(_measurement(m) for m in s["measurements"]) + "</ul>")
    if s["evidence"]:
        evidence = json.dumps(s["evidence"], indent=1, default=str)
        parts.append(f"<details><summary>evidence: {len(s['evidence'])} step records</summary><pre>{e(evidence)}</pre></details>")
    if s["traceback"]:
        parts.append(f"<details><summary>traceback</summary><pre>{e(s['traceback'])}</pre></details>")
    return "".join(parts) + "</div>"


def _scenarios(runs: list[dict[str, Any]]) -> str:
    """Each scenario once by its title, with its runs (REST, NFC, an Examples row) below it."""
    grouped: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for run in runs:
        grouped.setdefault((run["title"], run["feature"]), []).append(run)
    return "".join(
        f"<div class='scenario'><b>{e(title)}</b> <span class='muted'>{e(feature)}</span>{''.join(_run(r) for r in group)}</div>"
        for (title, feature), group in grouped.items()
    )


def _scenarios_cell(requirement: dict[str, Any]) -> str:
    """Its scenarios, or why none of this run checks it (a gap of the profile is named as one)."""
    return _scenarios(requirement["scenarios"]) or f"<span class='muted'>{e(requirement['notRun'])}</span>"


def _counts(tally: dict[str, int]) -> str:
    return ", ".join(f"{n} {outcome}" for outcome, n in tally.items())


def _identity(summary: dict[str, Any]) -> str:
    rig = summary["rig"]
    rows = [
        ("rig", f"{rig.get('name', '')} ({rig.get('source', '')})"),
        ("rig description", rig.get("description", "")),
        ("rig features", ", ".join(rig.get("features", []))),
    ]
    rows += [(f"controller {d['controller']}", f"firmware {d['firmware']}, serial {d['serial'] or '(none reported)'}") for d in summary["devices"]]
    rows += [
        ("date", summary["date"]),
        ("chargebench", summary["chargebenchVersion"]),
        ("seed, profile", f"{summary['seed']}, -m \"{summary['profile']}\""),
        ("scenario runs", _counts(summary["counts"])),
    ]
    return "<table>" + "".join(f"<tr><th>{e(k)}</th><td>{e(str(v))}</td></tr>" for k, v in rows) + "</table>"


def render_page(summary: dict[str, Any], details_href: str | None = None) -> str:
    requirements = summary["requirements"]
    failed = [(r, s) for r in requirements for s in r["scenarios"] if s["outcome"] == "failed"]
    failures = "".join(f"<li><b>{e(s['title'])}</b> ({e(r['requirement'])}){_failure(s)}</li>" for r, s in failed)
    rows = "".join(
        f"<tr class='{_class(r['result'])}' id='{e(r['requirement'])}'><td><b>{e(r['requirement'])}</b><br>{e(r['text'])}</td>"
        f"<td>{e(r['result'].upper())}</td><td>{e(_counts(r['counts']))}</td>"
        f"<td>{_scenarios_cell(r)}</td></tr>"
        for r in requirements
    )
    check = "".join(f"<tr><td>{e(c['resource'])}</td><td>{e(c['status'])}</td><td>{e(c['detail'])}</td></tr>" for c in summary["rigCheck"])
    verdicts = {v: sum(1 for r in requirements if r["result"] == v) for v in ("pass", "fail", "incomplete", "not applicable", "not covered")}
    details = f"<p>Every scenario's captured output and evidence: <a href='{e(details_href)}'>{e(details_href)}</a></p>" if details_href else ""
    verdict = summary["verdict"]
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Certification of {e(summary['rig'].get('name', ''))}: {verdict}</title><style>{STYLE}</style></head><body>
<h1>chargebench certification</h1>
<p><span class="verdict v-{verdict}">{verdict}</span> &nbsp;requirements: {e(_counts(verdicts))}</p>
<h2>Device under test</h2>{_identity(summary)}{details}
{f'<h2>Failures</h2><ol>{failures}</ol>' if failures else ''}
<h2>Requirements</h2>
<table><tr><th>requirement</th><th>result</th><th>scenario runs</th><th>scenarios</th></tr>{rows}</table>
<h2>Rig check before the run</h2><table><tr><th>resource</th><th>status</th><th>detail</th></tr>{check}</table>
</body></html>
"""
