"""Referral detection and follow-through measured against a small hand-labelled fictional set.

``tests/data/labelled_referrals/`` holds 62 entries written in the styles of police logs, MASH
screening, GP tasks, health visitor liaison, school CPOMS, early help, housing and hospital
records, with the referrals that expect a response and their answers marked by hand (see its
README). Precision and recall must stay at or above 0.9; a failure lists every miss.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from network_support import chronology, entry, make_review, precision_recall
from reviewbench.network import analyse

DATA = Path(__file__).parent / "data" / "labelled_referrals"
FLOOR = 0.9


def _rows(name: str) -> list[dict]:
    with (DATA / name).open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    agencies = [{"name": a["agency"], "code": a["code"], "aliases": a["aliases"].split(";")} for a in _rows("agencies.csv")]
    review = make_review(tmp_path_factory.mktemp("labelled") / "review", agencies=agencies,
                         scope=("2024-01-01", "2024-12-31"), settings={"referral_response_days": 10})
    rows = [entry(e["entry_id"], e["date"], e["agency"], "", e["description"], event_type=e["event_type"],
                  outcome=e["outcome"]) for e in _rows("entries.csv")]
    return analyse(review, chronology(rows))


def _answer(row) -> str:
    return row.answered_by if row.status == "answered" else ("too-recent" if row.status == "too-recent" else "none")


def test_the_set_is_big_enough_and_marks_answers_of_each_status():
    labels = _rows("referrals.csv")
    assert len(_rows("entries.csv")) >= 60
    assert {"none", "too-recent"} <= {r["answered_by"] for r in labels}
    assert sum(r["answered_by"] not in ("none", "too-recent") for r in labels) >= 10


@pytest.mark.slow
def test_referral_detection_reaches_the_floor(result):
    truth = {(r["entry_id"], r["to_agency"]) for r in _rows("referrals.csv")}
    found = {(row.entry_id, row.to_agency) for row in result.followthrough.itertuples(index=False)}
    precision, recall, misses = precision_recall(found, truth)
    assert precision >= FLOOR and recall >= FLOOR, \
        f"precision {precision:.2f}, recall {recall:.2f}:\n" + "\n".join(misses)


def test_follow_through_reaches_the_floor(result):
    truth = {(r["entry_id"], r["to_agency"], r["answered_by"]) for r in _rows("referrals.csv")}
    found = {(row.entry_id, row.to_agency, _answer(row)) for row in result.followthrough.itertuples(index=False)}
    precision, recall, misses = precision_recall(found, truth)
    assert precision >= FLOOR and recall >= FLOOR, \
        f"precision {precision:.2f}, recall {recall:.2f}:\n" + "\n".join(misses)
