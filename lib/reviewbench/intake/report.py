"""build/ingest_report.json and its readable twin ingest_report.md. No wall-clock times here."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict
from pathlib import Path

from ..vocabulary import chronology_flags
from .results import IngestResult


def _flag_counts(frame) -> dict[str, int]:
    """Entries per flag, in the vocabulary's order (a flag the vocabulary lacks still counts, last)."""
    counts = Counter(flag for flags in frame["flags"] for flag in flags.split("; ") if flag)
    order = {flag: i for i, flag in enumerate(chronology_flags())}
    return {flag: counts[flag] for flag in sorted(counts, key=lambda f: (order.get(f, len(order)), f))}


def as_dict(result: IngestResult) -> dict:
    frame = result.chronology
    by_agency = {}
    counts = Counter(frame["agency"]) if len(frame) else Counter()
    for agency in result.review.agencies:
        agency_files = [f.file for f in result.files if f.agency == agency.name]
        by_agency[agency.name] = {"entries": counts.get(agency.name, 0), "files": agency_files}
    out_of_scope = frame.loc[~frame["in_scope"], ["entry_id", "date", "agency"]] if len(frame) else frame
    rows_read = sum(f.rows_read for f in result.files)
    rows_accepted = sum(f.rows_accepted for f in result.files)
    rows_rejected = sum(f.rows_rejected for f in result.files)
    return {
        "review": result.review.id,
        "status": "ok" if result.ok else "failed",
        "rows_read": rows_read,
        "rows_accepted": rows_accepted,
        "rows_rejected": rows_rejected,
        "entries": len(frame),
        "rejects": [r.as_dict() for r in result.rejects],
        "by_agency": by_agency,
        "agencies_without_submission": [a for a, v in by_agency.items() if not v["files"]],
        "out_of_scope": {"count": len(out_of_scope), "entries": out_of_scope.to_dict(orient="records")},
        "joint_events": result.joint_events,
        "conflicts": result.conflicts,
        "warnings": result.warnings,
        "files": [asdict(f) for f in result.files],
        "errors": [f.error for f in result.failed],
        "ignored_files": result.ignored,
        "skipped_files": result.skipped,
        "flags": _flag_counts(frame),
        "date_rules": result.date_rules,
        "agency_summaries": [s.as_dict() for s in result.summaries],
    }


def _md(data: dict) -> str:
    lines = [f"# Ingest report: {data['review']}", ""]
    if data["status"] != "ok":
        lines += ["**The ingest failed: no chronology was written.** Fix the files below and run "
                  "`reviewbench ingest` again.", ""]
        lines += [f"- {e}" for e in data["errors"]] or ["- There are no submissions in agency_reports/."]
        lines.append("")
    lines += [f"- Rows read: {data['rows_read']}",
              f"- Rows accepted: {data['rows_accepted']}",
              f"- Rows rejected: {data['rows_rejected']}",
              f"- Entries out of scope (kept, flagged): {data['out_of_scope']['count']}",
              f"- Joint events: {len(data['joint_events'])}",
              f"- Date conflicts to resolve: {len(data['conflicts'])}", "",
              "## Submissions", "", "| file | agency | status | read | accepted | rejected |",
              "|---|---|---|---:|---:|---:|"]
    for f in data["files"]:
        status = f["status"] if f["status"] in ("ok", "summary") else f"{f['status']}: {f['error']}"
        lines.append(f"| {f['file']} | {f['agency']} | {status} | {f['rows_read']} | "
                     f"{f['rows_accepted']} | {f['rows_rejected']} |")
    if data["agencies_without_submission"]:
        lines += ["", "Agencies with no submission yet: " + ", ".join(data["agencies_without_submission"]) + "."]
    if data["ignored_files"] or data["skipped_files"]:
        lines += ["", "## Files not read (not submissions)", ""]
        lines += [f"- {name}: an Office lock file or a system file, skipped." for name in data["ignored_files"]]
        lines += [f"- {s['file']}: {s['reason']}" for s in data["skipped_files"]]
    if data["agency_summaries"]:
        lines += ["", "## Rapid review agency summary forms", "", "| file | agency | headings filled | problems |",
                  "|---|---|---:|---|"]
        lines += [f"| {s['file']} | {s['agency']} | {len(s['fields'])} | {len(s['problems'])} |"
                  for s in data["agency_summaries"]]
    if data["flags"]:
        meanings = chronology_flags()
        lines += ["", "## Flags on entries (for the reviewer to look at)", "", "| flag | entries | meaning |",
                  "|---|---:|---|"]
        lines += [f"| {flag} | {count} | {meanings.get(flag, '')} |" for flag, count in data["flags"].items()]
    if data["date_rules"]:
        lines += ["", "## How dates were read", ""] + [f"- {rule}" for rule in data["date_rules"]]
    if data["rejects"]:
        lines += ["", "## Rejected rows (to be corrected or dated at source)", "",
                  "| file | location | reason |", "|---|---|---|"]
        lines += [f"| {r['file']} | {r['location']} | {r['reason'].replace('|', '/')} |" for r in data["rejects"]]
    if data["conflicts"]:
        lines += ["", "## Date conflicts", ""] + [f"- {c['message']} (entries {', '.join(c['entries'])})"
                                                  for c in data["conflicts"]]
    if data["joint_events"]:
        lines += ["", "## Joint events", ""] + [
            f"- {e['date']} {e['label']}: {_took_part(e)} ({e['joint_event_id']})" for e in data["joint_events"]]
    if data["warnings"]:
        lines += ["", "## Warnings", ""] + [f"- {w}" for w in data["warnings"]]
    return "\n".join(lines) + "\n"


_TOOK_PART = {"attended": "attended", "report-only": "sent a report only", "invited-absent": "invited, did not attend"}


def _took_part(event: dict) -> str:
    """"CSC, Police attended; GP sent a report only": who attended a joint event and who did not."""
    states = event.get("attendance") or {name: "attended" for name in event["agencies"]}
    parts = []
    for state, words in _TOOK_PART.items():
        names = [name for name, said in states.items() if said == state]
        if names:
            parts.append(f"{', '.join(names)} {words}")
    return "; ".join(parts)


def write(result: IngestResult, folder: Path) -> None:
    data = as_dict(result)
    (folder / "ingest_report.json").write_text(
        json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False, default=str) + "\n", encoding="utf-8")
    (folder / "ingest_report.md").write_text(_md(data), encoding="utf-8")
