"""Filtering and the HTML page of the chronology browser, on small hand-made chronologies."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from reviewbench.chronology.schema import CHRONOLOGY_COLUMNS
from reviewbench.workbench.filters import (
    ChronologyIndex,
    Criteria,
    Marks,
    page_bounds,
    render_entry,
    render_page,
    search_terms,
)


def _chronology(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame([{c: "" for c in CHRONOLOGY_COLUMNS} | {"in_scope": True} | r for r in rows])
    frame["entry_id"] = [f"E-{i}" for i in range(len(frame))]
    return frame


ROWS = [
    {"date": "2022-01-10", "agency": "Police", "event_kind": "police-incident",
     "description": "Call-out, DOMESTIC row."},
    {"date": "2022-02", "date_precision": "month", "agency": "GP", "event_kind": "appointment",
     "description": "Seen in February (day unknown)."},
    {"date": "2022", "date_precision": "year", "agency": "School", "event_kind": "other", "description": "Some time."},
    {"date": "2022-03-01", "end_date": "2022-04-15", "agency": "Housing", "event_kind": "other",
     "description": "Temporary accommodation."},
    {"date": "2022-05-05", "agency": "Police", "event_kind": "strategy-discussion", "joint_event_id": "J-1",
     "description": "Strategy discussion.", "in_scope": False},
]


def _ids(index: ChronologyIndex, **criteria) -> list[str]:
    return [index.entry_ids[i] for i in index.positions(Criteria(**criteria))]


def test_dates_overlap_with_month_year_and_episode_entries():
    index = ChronologyIndex(_chronology(ROWS))
    feb = dict(start=dt.date(2022, 2, 20), end=dt.date(2022, 2, 21))
    assert _ids(index, **feb) == ["E-1", "E-2"]                     # the month entry and the year entry
    assert _ids(index, start=dt.date(2022, 4, 10), end=dt.date(2022, 4, 30)) == ["E-2", "E-3"]  # episode to 15 April
    assert _ids(index, end=dt.date(2022, 1, 31)) == ["E-0", "E-2"]
    assert _ids(index, start=dt.date(2022, 5, 1)) == ["E-2", "E-4"]


def test_codes_flags_text_and_ids_combine():
    index = ChronologyIndex(_chronology(ROWS))
    assert _ids(index, agency=("Police", "Nobody")) == ["E-0", "E-4"]
    assert _ids(index, kind=("other",)) == ["E-2", "E-3"]
    assert _ids(index, joint=True) == ["E-4"] and "E-4" not in _ids(index, joint=False)
    assert _ids(index, in_scope=False) == ["E-4"]
    assert _ids(index, text="domestic CALL") == ["E-0"]
    assert _ids(index, text="domestic february") == []
    assert _ids(index, ids=frozenset({"E-3", "E-9"})) == ["E-3"]
    assert _ids(index, agency=("Police",), text="strategy", joint=True) == ["E-4"]


def test_reviewer_notes_are_searched_and_can_be_replaced():
    index = ChronologyIndex(_chronology(ROWS))
    index.set_notes({"E-2": "Ask the school about attendance"})
    assert _ids(index, text="attendance") == ["E-2"]
    index.set_notes({"E-3": "attendance letter"})
    assert _ids(index, text="attendance") == ["E-3"]


def test_pages_are_clamped():
    assert page_bounds(0, 3, 25) == (0, 0, 0)
    assert page_bounds(60, 1, 25) == (1, 25, 50)
    assert page_bounds(60, 9, 25) == (2, 50, 60)


def test_every_text_in_the_page_and_the_detail_is_escaped():
    frame = _chronology([{"date": "2022-01-01", "agency": "Po<b>lice", "event_kind": "other",
                          "event_type": "<img src=x onerror=alert(1)>",
                          "description": "<script>alert('x')</script> & more", "outcome": "\"quoted\""}])
    page = render_page(frame, [0], 0, 25, Marks(themes={"E-0": ["<i>"]}), {"Po<b>lice": "'><script>"})
    assert "<script>alert" not in page and "&lt;script&gt;" in page and "<img" not in page and "<b>lice" not in page
    assert "'><script>" not in page
    detail = render_entry(frame.iloc[0].to_dict(), tags={"note": "<script>n</script>"})
    assert "<script>" not in detail and "&lt;script&gt;n" in detail


def test_a_page_says_where_it_is_and_marks_entries():
    frame = _chronology(ROWS * 12)
    marks = Marks(kpes={"E-30": ["KPE1"]}, significance={"E-30": ["concern"]}, notes={"E-30"})
    page = render_page(frame, list(range(60)), 1, 25, marks)
    assert "Entries <b>26</b> to <b>50</b> of <b>60</b> (page 2 of 3)" in page
    assert page.count("<tr") == 26 and "KPE1" in page and "Concern" in page and ">note<" in page
    assert "No entry matches" in render_page(frame, [], 0, 25)


def test_text_search_finds_whole_words_in_any_case_not_parts_of_words():
    index = ChronologyIndex(_chronology([
        {"date": "2022-01-10", "agency": "Police", "description": "Lee shouts at the door."},
        {"date": "2022-01-11", "agency": "GP", "description": "Mother says she cannot sleep."},
        {"date": "2022-01-12", "agency": "School", "description": "The door was shut; LEE'S coat at school."},
    ]))
    assert _ids(index, text="Lee") == ["E-0", "E-2"]                # not "sleep"
    assert _ids(index, text="lee") == _ids(index, text="LEE")
    assert _ids(index, text="sleep") == ["E-1"] and _ids(index, text="slee") == []
    assert _ids(index, text="door lee") == ["E-0", "E-2"]           # all words, in any order


def test_a_quoted_phrase_finds_those_words_in_that_order():
    index = ChronologyIndex(_chronology([
        {"date": "2022-01-10", "agency": "Police", "description": "Lee shouts at the\ndoor."},
        {"date": "2022-01-12", "agency": "School", "description": "The door was shut at the school."},
    ]))
    assert _ids(index, text='"at the door"') == ["E-0"]              # a line break between words is a space
    assert _ids(index, text='"the door" shut') == ["E-1"]
    assert _ids(index, text='"door at the"') == []
    assert _ids(index, text='"at the') == ["E-0", "E-1"]             # an unclosed quote runs to the end
    assert [p.pattern for p in search_terms('Lee "at  the door"')] == [r"(?<!\w)lee(?!\w)",
                                                                      r"(?<!\w)at\s+the\s+door(?!\w)"]
