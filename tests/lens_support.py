"""The labelled set of the lenses (tests/data/labelled_lenses/): each case as a review folder and a
chronology, and the lenses' output scored against the hand labels (imported by tests/test_lenses_*.py)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml_files
from network_support import chronology, entry, make_review

LABELLED = Path(__file__).parent / "data" / "labelled_lenses"
CASES = tuple(sorted(p.stem for p in LABELLED.glob("L*.yaml")))


def load_case(case: str) -> dict:
    return yaml_files.safe_load((LABELLED / f"{case}.yaml").read_text(encoding="utf-8"))


def case_review(case: dict, folder: Path):
    """The case as a loaded review: review.yaml with its scope and agencies, and its names register
    (without the keys the labels use) when it has one."""
    review = make_review(folder, agencies=case["agencies"], scope=(str(case["scope"]["start"]),
                                                                  str(case["scope"]["end"])))
    if case["people"] is not None:
        people = [{k: v for k, v in p.items() if k != "key"} for p in case["people"]]
        (folder / "private" / "names.yaml").write_text(yaml_files.safe_dump({"people": people}, sort_keys=False),
                                                         encoding="utf-8")
    return review


def case_chronology(case: dict):
    rows = [entry(e["id"], str(e["date"]), e["agency"], "", e["text"], event_type=e["type"], outcome=e["outcome"],
                  practitioner_role=e["role"], time=e.get("time", "")) for e in case["entries"]]
    return chronology(rows)


@dataclass
class Score:
    found: set
    truth: set

    @property
    def hits(self) -> set:
        return self.found & self.truth

    @property
    def precision(self) -> float:
        return len(self.hits) / len(self.found) if self.found else 0.0

    @property
    def recall(self) -> float:
        return len(self.hits) / len(self.truth) if self.truth else 0.0

    def misses(self) -> list[str]:
        return [f"missed {' '.join(map(str, t))}" for t in sorted(self.truth - self.found)] + \
               [f"wrongly found {' '.join(map(str, f))}" for f in sorted(self.found - self.truth)]

    def __add__(self, other: "Score") -> "Score":
        return Score(self.found | other.found, self.truth | other.truth)


def _child_keys(case: dict) -> dict[str, str]:
    """The voice table's child label (a pseudonym, or an initial) -> the labels' key."""
    keys = {p["pseudonym"]: p["key"] for p in case["people"] or [] if len(p["key"]) == 1}
    return {**keys, **{k: k for k in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}}


def voice_score(case: dict, voice) -> tuple[Score, Score]:
    """(entries with a child's voice, (entry, child) pairs), found against labelled."""
    cid = case["case"]
    truth_entries = {(cid, e["id"]) for e in case["entries"] if e.get("voice")}
    truth_pairs = {(cid, e["id"], k) for e in case["entries"] for k in e.get("voice", [])}
    keys = _child_keys(case)
    found_entries = {(cid, r.entry_id) for r in voice.itertuples()}
    found_pairs = {(cid, r.entry_id, keys.get(r.child, r.child)) for r in voice.itertuples()}
    return Score(found_entries, truth_entries), Score(found_pairs, truth_pairs)


def _person_key(case: dict, row) -> str | None:
    """The labels' key of an adults.csv row: by registered name, by a name the records give, by the
    relationship of someone never named, or the form a reviewer cannot settle."""
    for p in case["people"] or []:
        if row.registered == "yes" and row.adult == p["name"]:
            return p["key"]
    for p in case["unregistered"]:
        names = {n.lower() for n in p["names"]}
        if p.get("unclear"):
            if row.registered == "unclear" and row.adult.lower() in names:
                return p["key"]
        elif row.registered == "no" and row.adult.lower() in names:
            return p["key"]
    for p in case["unregistered"]:          # someone the records never name: by their relationship
        if row.registered == "no" and p["relationship"] and row.adult == f"{p['relationship']} (not named)":
            return p["key"]
    return None


def adults_score(case: dict, adults) -> tuple[Score, Score]:
    """((entry, adult) mentions, (adult, checked-in entry) checks), found against labelled."""
    cid = case["case"]
    truth = {(cid, e["id"], k) for e in case["entries"] for k in e.get("adults", [])}
    checks_truth = {(cid, key, entry_id) for key, ids in case.get("checked", {}).items() for entry_id in ids}
    found, checks = set(), set()
    for row in adults.itertuples():
        key = _person_key(case, row) or f"?{row.adult}"
        found |= {(cid, e, key) for e in row.entry_ids.split("; ") if e}
        checks |= {(cid, key, e) for e in row.checked_in.split("; ") if e}
    return Score(found, truth), Score(checks, checks_truth)
