"""The labelled set of the procedures lens (tests/data/labelled_process/): each case as a review folder
and a chronology classified as the ingest classifies it, and the lens scored against the hand labels
(imported by tests/test_lenses_procedures*.py)."""

from __future__ import annotations

from pathlib import Path

import yaml_files
from conftest import make_review as write_review
from lens_support import Score
from network_support import chronology, entry
from reviewbench.config import load_review
from reviewbench.lenses import analyse_lenses
from reviewbench.lenses.family import family_of
from reviewbench.lenses.process import read_process
from reviewbench.lenses.records import read_records
from reviewbench.lenses.rules import RULES_FILE, lens_rules
from reviewbench.publication.names import review_register
from reviewbench.vocabulary import classify, event_kinds

LABELLED = Path(__file__).parent / "data" / "labelled_process"
CASES = tuple(sorted(p.stem for p in LABELLED.glob("P*.yaml")))
EVENTS = ("strategy-discussion", "s47-started", "s47-no-conference", "icpc", "rcpc", "core-group", "cp-plan-start", "cp-plan-end",
          "cin-plan-start", "cin-plan-end", "closure", "not-seen-escalated")


def load_case(case: str) -> dict:
    return yaml_files.safe_load((LABELLED / f"{case}.yaml").read_text(encoding="utf-8"))


def case_review(case: dict, folder: Path):
    """review.yaml with the case's scope, agencies and jurisdiction, and its names register."""
    write_review(folder, id=case["case"].lower(), title=case["title"], agencies=case["agencies"],
                 scope={"start": str(case["scope"]["start"]), "end": str(case["scope"]["end"])},
                 jurisdiction=case.get("jurisdiction", "england"))
    if case.get("people"):
        (folder / "private" / "names.yaml").write_text(yaml_files.safe_dump({"people": case["people"]}, sort_keys=False),
                                                         encoding="utf-8")
    return load_review(folder)


def case_chronology(case: dict):
    """The entries as the ingest would give them: each classified by its event type and text."""
    kinds = event_kinds()
    rows = []
    for e in case["entries"]:
        more = {"seen": e["seen"]} if "seen" in e else {}
        kind = classify(kinds, e["type"], f"{e['text']} {e['outcome']}").id
        rows.append(entry(e["id"], str(e["date"]), e["agency"], kind, e["text"], event_type=e["type"],
                          outcome=e["outcome"], practitioner_role=e["role"], time=e.get("time", ""), **more))
    return chronology(rows)


def process_found(case: dict, folder: Path):
    """(the process events the reading finds per entry, the procedures table) for one case."""
    process, tables = case_tables(case, folder)
    return process, tables["procedures"]


def event_score(case: dict, process) -> Score:
    cid = case["case"]
    truth = {(cid, e["id"], ev) for e in case["entries"] for ev in e.get("process", [])}
    found = {(cid, entry_id, ev) for entry_id, events in process.by_entry.items() for ev in events if ev in EVENTS}
    return Score(found, truth)


def clock_score(case: dict, table) -> Score:
    cid = case["case"]
    truth = {(cid, c["clock"], str(c["start"]), str(c["met"])) for c in case.get("clocks", [])}
    found = {(cid, r.clock, r.start_date, r.met_date or r.met_by_entry_id) for r in table.itertuples()}
    return Score(found, truth)


def case_tables(case: dict, folder: Path):
    """(the process reading, every lens's table) for one case."""
    review = case_review(case, folder)
    frame = case_chronology(case)
    result = analyse_lenses(review, frame)
    rules = review.overlay(RULES_FILE, lens_rules)
    names = review_register(review)
    records = read_records(review, frame, family_of(names.data, names, rules, review.scope.end), rules)
    return read_process(records, rules, review), result.tables


def signal_score(case: dict, table) -> Score:
    """(signal, the entry it shows in) found against labelled."""
    cid = case["case"]
    truth = {(cid, e["id"], s) for e in case["entries"] for s in e.get("signals", [])}
    found = {(cid, r.entry_id, r.signal) for r in table.itertuples()}
    return Score(found, truth)
