"""The labelled set of the meetings lens (tests/data/labelled_meetings/): each case loaded, and the
lens's rows scored against the hand labels (imported by tests/test_lenses_meetings*.py)."""

from __future__ import annotations

from pathlib import Path

import yaml_files
from lens_support import Score
from reviewbench.lenses.meetings import NOT_RECORDED, STATUS

LABELLED_MEETINGS = Path(__file__).parent / "data" / "labelled_meetings"
MEETING_CASES = tuple(sorted(p.stem for p in LABELLED_MEETINGS.glob("M*.yaml")))
_CODE = {words: code for code, words in STATUS.items()}


def load_meeting_case(case: str) -> dict:
    return yaml_files.safe_load((LABELLED_MEETINGS / f"{case}.yaml").read_text(encoding="utf-8"))


def meetings_score(case: dict, meetings) -> Score:
    """(entry, agency, state) of every meeting entry, found against labelled."""
    cid = case["case"]
    truth = {(cid, e["id"], agency, state) for e in case["entries"] for agency, state in
             (e.get("attendance") or {}).items()}
    found = {(cid, entry_id, r.agency, _CODE[r.status]) for r in meetings.itertuples() if r.status != NOT_RECORDED
             for entry_id in r.entry_ids.split("; ")}
    return Score(found, truth)
