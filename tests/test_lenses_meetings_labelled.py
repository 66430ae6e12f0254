"""The meetings lens measured against its hand-labelled fictional set.

``tests/data/labelled_meetings/`` holds four cases, 152 entries: strategy discussions,
conferences, core groups, CIN and professionals meetings, TAF, MACE, MARAC, discharge and legal
planning meetings, written as social care, the police, hospitals, schools and the other agencies
record them, with how each agency took part marked by hand before the attendance words were
extended (see its README). Each floor sits just under what the lens measures; a failure lists every
miss.
"""

from __future__ import annotations

import pytest

from lens_support import Score, case_chronology, case_review
from meetings_support import MEETING_CASES, load_meeting_case, meetings_score
from reviewbench.lenses import analyse_lenses

FLOOR = {"precision": 0.96, "recall": 0.91}     # measured 0.981 and 0.933 (entry, agency and status)


def test_the_labelled_set_is_big_enough():
    cases = [load_meeting_case(name) for name in MEETING_CASES]
    assert sum(len(c["entries"]) for c in cases) >= 150
    states = {s for c in cases for e in c["entries"] for s in (e.get("attendance") or {}).values()}
    assert states == {"attended", "report-only", "invited-absent"}


@pytest.mark.slow
def test_how_each_agency_took_part_is_found(tmp_path_factory):
    total = Score(set(), set())
    for name in MEETING_CASES:
        case = load_meeting_case(name)
        review = case_review(case, tmp_path_factory.mktemp(name) / "review")
        total = total + meetings_score(case, analyse_lenses(review, case_chronology(case)).tables["meetings"])
    assert total.precision >= FLOOR["precision"] and total.recall >= FLOOR["recall"], (
        f"meetings: precision {total.precision:.3f}, recall {total.recall:.3f} (floors {FLOOR}):\n"
        + "\n".join(total.misses()))
