"""What a quality checker sees of the prompts: how many are live, each one the review team dismissed
as wrong (why, by whom, when), and each dismissal whose prompt the analysis no longer makes."""

from __future__ import annotations

from typing import Callable

from ..authored import Authored
from ..authored.dismissals import DISMISSALS_FILE, gone_sentence, review_prompts
from ..config import Review
from ..network import network_dir, read_statements
from ..stages import stale_stages

NETWORK_STALE = ("build/network/ is older than its inputs, so the dismissals were matched with the prompts of the "
                 "last build: run 'reviewbench graph' (or render), then check again.")


def _dismissal(d, masked: Callable[[str], str], statement: dict | None = None) -> dict:
    return {"prompt": d.prompt, "topic": (statement or {}).get("topic", ""), "rule": d.rule,
            "text": masked((statement or {}).get("text") or d.text), "reason": masked(d.reason),
            "dismissed_by": d.dismissed_by, "date": d.date.isoformat()}


def prompts_checked(review: Review, authored: Authored | None, unreadable: str,
                    masked: Callable[[str], str] = lambda text: text) -> dict:
    """The ``prompts`` part of quality.json: counts, the dismissals with their reasons, and the notes
    (no network yet, unreadable authored files). Whether the network is current is not in it (that is
    the state of the build, not of its inputs: ``verify`` re-creates quality.json); see :func:`prompts_lines`."""
    statements = read_statements(network_dir(review))
    notes = []
    if authored is None:
        why = unreadable.removeprefix("not assessed: ")
        notes.append(f"The dismissals ({DISMISSALS_FILE}) could not be read: {why}")
    if statements is None:
        waiting = len(authored.dismissals) if authored else 0
        notes.append("There is no agency network yet (build/network/metrics.json), so "
                     + (f"the {waiting} dismissal(s) in {DISMISSALS_FILE} could not be matched with its prompts"
                        if waiting else "there are no prompts to count")
                     + ": run 'reviewbench graph', then check again.")
    sorted_ = review_prompts(statements or [], authored.dismissals if authored else [])
    return {
        "file": DISMISSALS_FILE,
        "live": len(sorted_.live) if statements is not None else None,
        "dismissed": [_dismissal(d, masked, s) for s, d in sorted_.dismissed],
        "gone": [{**_dismissal(d, masked), "note": masked(gone_sentence(d))} for d in sorted_.gone]
        if statements is not None else [],
        "notes": notes,
    }


def prompts_lines(data: dict, review: Review | None = None) -> list[str]:
    """Sentences for the command line and quality.md: the counts, each dismissal, each one gone; with
    ``review`` (the command line), whether the network they were matched with is out of date."""
    if data["live"] is None:
        return list(data["notes"])
    stale = [NETWORK_STALE] if review is not None and "graph" in stale_stages(review) else []
    gone = f"; {len(data['gone'])} dismissal(s) refer to prompts the analysis no longer makes" if data["gone"] else ""
    out = [f"Prompts of the agency network: {data['live']} live, {len(data['dismissed'])} dismissed as wrong by the "
           f"review team{gone} ({data['file']})."]
    out += [f"Dismissed [{d['prompt']}] {d['rule']}: '{d['text']}' (by {d['dismissed_by']} on {d['date']}: "
            f"{d['reason']})" for d in data["dismissed"]]
    out += [d["note"] for d in data["gone"]]
    return out + list(data["notes"]) + stale
