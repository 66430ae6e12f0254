"""Merging: stable ids, sorting, scope, joint events, conflicts; no entry ever dropped."""

import pandas as pd

from reviewbench.chronology.batch import EntryBatch
from reviewbench.chronology.merge import build_chronology, merge_batch
from reviewbench.config import load_review
from reviewbench.intake.entries import Entry, to_entry
from reviewbench.model import RawRow, Reject
from reviewbench.vocabulary import event_kinds


def _entries(review, rows, agency="Children's Social Care"):
    kinds = event_kinds()
    out = []
    for i, (values) in enumerate(rows):
        raw = RawRow("agency_reports/x.csv", f"line {i + 2}", i, values)
        result = to_entry(review, raw, review.agency_named(values.pop("_agency", agency)), kinds, [])
        out.append(result)
    return out


def _build(review, rows):
    entries = _entries(review, rows)
    assert all(isinstance(e, Entry) for e in entries)
    return build_chronology(review, entries, event_kinds())


def test_sorted_by_date_time_agency_then_source_order(review_dir):
    review = load_review(review_dir)
    frame, _, _ = _build(review, [
        {"date": "05/03/2022", "description": "later"},
        {"date": "04/03/2022", "time": "15:00", "description": "afternoon"},
        {"date": "04/03/2022", "time": "09:00", "description": "morning", "_agency": "Police"},
        {"date": "04/03/2022", "time": "09:00", "description": "morning csc"},
        {"date": "March 2022", "description": "month only"},
    ])
    assert list(frame["description"]) == ["month only", "morning csc", "morning", "afternoon", "later"]
    assert frame.loc[0, "date_precision"] == "month" and "date_month_only" in frame.loc[0, "flags"]


def test_entry_ids_are_stable_and_survive_rows_added_above(review_dir):
    review = load_review(review_dir)
    rows = [{"date": "04/03/2022", "description": "Home visit"}, {"date": "05/03/2022", "description": "Call"}]
    first, _, _ = _build(review, [dict(r) for r in rows])
    again, _, _ = _build(review, [{"date": "01/03/2022", "description": "new"}] + [dict(r) for r in rows])
    assert list(first["entry_id"]) == list(again["entry_id"][1:])
    assert all(i.startswith("CSC-") for i in first["entry_id"])


def test_exact_duplicates_are_kept_and_flagged(review_dir):
    review = load_review(review_dir)
    frame, _, _ = _build(review, [{"date": "04/03/2022", "description": "Same"},
                                  {"date": "04/03/2022", "description": "Same"}])
    assert len(frame) == 2
    assert frame.loc[1, "entry_id"] == frame.loc[0, "entry_id"] + "-2"
    assert "duplicate" in frame.loc[1, "flags"]


def test_out_of_scope_rows_are_kept_and_flagged(review_dir):
    review = load_review(review_dir)
    frame, _, _ = _build(review, [{"date": "31/12/2021", "description": "before"},
                                  {"date": "2021", "description": "year before"},
                                  {"date": "December 2022", "description": "last month"},
                                  {"date": "01/01/2023", "description": "after"}])
    scope = dict(zip(frame["description"], frame["in_scope"]))
    assert scope == {"year before": False, "before": False, "last month": True, "after": False}
    assert frame["flags"].str.contains("out_of_scope").sum() == 3


def test_joint_event_shares_one_id_across_agencies(review_dir):
    review = load_review(review_dir)
    frame, joint, conflicts = _build(review, [
        {"date": "10/05/2022", "event_type": "Strategy discussion", "description": "Held with police and HV"},
        {"date": "10/05/2022", "event_type": "Strategy meeting", "description": "Attended", "_agency": "Police"},
        {"date": "10/05/2022", "description": "Strategy discussion attended by HV1", "_agency": "Health Visiting"},
        {"date": "10/05/2022", "event_type": "Home visit", "description": "Seen", "_agency": "School"},
    ])
    ids = frame.set_index("agency")["joint_event_id"]
    assert ids["Police"] == ids["Children's Social Care"] == ids["Health Visiting"] == "J-2022-05-10-strategy-discussion"
    assert ids["School"] == ""
    assert len(frame) == 4 and len(joint) == 1 and joint[0]["agencies"] == sorted(
        ["Children's Social Care", "Police", "Health Visiting"])
    assert conflicts == []


def test_same_event_on_nearby_dates_is_a_conflict_not_a_merge(review_dir):
    review = load_review(review_dir)
    frame, joint, conflicts = _build(review, [
        {"date": "01/06/2022", "event_type": "ICPC", "description": "Child made subject of CP plan"},
        {"date": "01/06/2022", "event_type": "Initial child protection conference", "description": "x",
         "_agency": "Health Visiting"},
        {"date": "02/06/2022", "event_type": "Child protection conference", "description": "y", "_agency": "Police"},
        {"date": "20/06/2022", "event_type": "Child protection conference", "description": "z", "_agency": "Police"},
    ])
    assert len(frame) == 4
    assert len(conflicts) == 1
    conflict = conflicts[0]
    assert conflict["dates"] == ["2022-06-01", "2022-06-02"]
    assert conflict["agencies_by_date"]["2022-06-02"] == ["Police"]
    assert "Police on 2022-06-02" in conflict["message"]
    flagged = frame[frame["flags"].str.contains("date_conflict")]
    assert sorted(flagged["date"]) == ["2022-06-01", "2022-06-01", "2022-06-02"]


def test_regular_meetings_a_week_apart_are_not_conflicts(review_dir):
    review = load_review(review_dir)
    rows = []
    for day in ("01/07/2022", "08/07/2022"):
        rows += [{"date": day, "event_type": "Core group", "description": "c"},
                 {"date": day, "event_type": "Core group", "description": "c", "_agency": "School"}]
    _, joint, conflicts = _build(review, rows)
    assert len(joint) == 2 and conflicts == []


def test_with_column_and_row_agency_resolve_through_aliases(review_dir):
    review = load_review(review_dir)
    entries = _entries(review, [
        {"date": "01/02/2022", "description": "x", "with": "HV, Brookfield Primary; Martians"},
        {"date": "01/02/2022", "description": "y", "agency": "constabulary"},
        {"date": "01/02/2022", "description": "z", "agency": "Fire Service"},
    ])
    assert entries[0].with_agencies == ["Health Visiting", "School"]
    assert "Martians" in entries[0].text["other"]
    assert entries[1].agency == "Police"
    assert isinstance(entries[2], Reject) and "Fire Service" in entries[2].reason


def test_rows_without_dates_or_content_are_rejected_with_reasons(review_dir):
    review = load_review(review_dir)
    entries = _entries(review, [
        {"description": "Records before this point archived"},
        {"date": "31/02/2022", "description": "bad"},
        {"date": "01/02/2022"},
        {"date": "01/02/2022", "time": "25:99", "description": "bad time kept"},
    ])
    assert isinstance(entries[0], Reject) and "no date" in entries[0].reason and "archived" in entries[0].reason
    assert isinstance(entries[1], Reject) and "not a real date" in entries[1].reason
    assert isinstance(entries[2], Reject) and "no description" in entries[2].reason
    assert isinstance(entries[3], Entry) and "time_unreadable" in entries[3].flags
    assert "25:99" in entries[3].text["other"]


def test_batches_merge_into_the_same_chronology_whatever_order_they_arrive_in(review_dir):
    """The intake's workers send each file's entries as a batch; the merge sorts, numbers and links."""
    review = load_review(review_dir)
    entries = _entries(review, [
        {"date": "10/05/2022", "event_type": "Strategy discussion", "description": "Held"},
        {"date": "04/03/2022", "description": "Same"},
        {"date": "04/03/2022", "description": "Same"},
        {"date": "2021", "description": "Before the scope", "_agency": "Police"},
        {"date": "10/05/2022", "event_type": "Strategy meeting", "description": "Attended", "_agency": "Police"},
        {"date": "11/05/2022", "event_type": "Strategy meeting", "description": "x", "_agency": "School"},
    ])
    whole = build_chronology(review, entries, event_kinds())
    scope = (review.scope.start, review.scope.end)
    batches = [EntryBatch.of(entries[:3], *scope), EntryBatch.of(entries[3:], *scope), EntryBatch.of([], *scope)]
    for arrived in (batches, batches[::-1]):
        merged = merge_batch(review, EntryBatch.joined(arrived), event_kinds())
        pd.testing.assert_frame_equal(merged[0], whole[0])
        assert merged[1:] == whole[1:]
    frame, joint, conflicts = whole
    assert list(frame["flags"]) == ["date_year_only; out_of_scope", "", "duplicate", "joint_event; date_conflict",
                                    "joint_event; date_conflict", "date_conflict"]
    assert frame.loc[2, "entry_id"] == frame.loc[1, "entry_id"] + "-2" and len(joint) == 1 and len(conflicts) == 1


def test_a_text_no_excel_cell_holds_is_flagged_counting_as_excel_counts(review_dir):
    """Excel counts UTF-16 units: 20,000 emoji are 40,000 of them, past the 32,767 a cell holds."""
    review = load_review(review_dir)
    warnings: list[str] = []
    raws = [{"date": "04/03/2022", "description": "\N{GRINNING FACE}" * 20_000},
            {"date": "04/03/2022", "description": "x" * 20_000}]
    entries = [to_entry(review, RawRow("agency_reports/x.csv", f"line {i + 2}", i, values),
                        review.agency_named("Police"), event_kinds(), warnings) for i, values in enumerate(raws)]
    assert "text_cut_in_excel" in entries[0].flags and "text_cut_in_excel" not in entries[1].flags
    assert len(warnings) == 1 and "40,000 characters long" in warnings[0] and "line 2" in warnings[0]
