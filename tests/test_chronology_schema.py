"""The chronology schema: one reader and one writer of build/chronology.csv, the same types whether a
frame was merged, read back or made by hand, and one rule for ``in_scope``."""

from __future__ import annotations

import pandas as pd
import pytest

from reviewbench.chronology.merge import build_chronology
from reviewbench.chronology.schema import (
    CHRONOLOGY_COLUMNS,
    COLUMNS,
    read_chronology,
    split_list,
    typed,
    write_chronology,
)
from reviewbench.chronology.views import fresh_entry_ids
from reviewbench.config import load_review
from reviewbench.errors import ReviewbenchError
from reviewbench.intake.entries import to_entry
from reviewbench.model import RawRow
from reviewbench.vocabulary import event_kinds
from reviewbench.workbench.filters import ChronologyIndex, Criteria

HEADER = ",".join(CHRONOLOGY_COLUMNS)


def _merged(review_dir):
    review = load_review(review_dir)
    kinds = event_kinds()
    rows = [{"date": "31/12/2021", "description": "Before the scope."},
            {"date": "March 2022", "description": "Month only.", "with": "Police; Health Visiting"},
            {"date": "04/03/2022", "time": "14:30", "description": "Home visit."},
            {"date": "04/03/2022", "time": "14:30", "description": "Home visit."}]
    entries = [to_entry(review, RawRow("agency_reports/csc.csv", f"line {i + 2}", i, row),
                        review.agency_named("Children's Social Care"), kinds, []) for i, row in enumerate(rows)]
    return build_chronology(review, entries, kinds)[0]


def _hand_written(path, scopes: list[str]) -> None:
    lines = [HEADER] + [f"CSC-{i},2022-03-0{i + 1},day,,,Children's Social Care,Visit,home-visit,Seen.,,,,,,"
                        f"agency_reports/csc.csv,line {i + 2},{scope},,," for i, scope in enumerate(scopes)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_round_trip_keeps_every_column_and_type(review_dir, tmp_path):
    merged = _merged(review_dir)
    write_chronology(merged, tmp_path / "chronology.csv")
    back = read_chronology(tmp_path / "chronology.csv")
    assert tuple(back.columns) == CHRONOLOGY_COLUMNS == tuple(c.name for c in COLUMNS)
    assert back["in_scope"].dtype == bool and list(back["in_scope"]) == [False, True, True, True]
    pd.testing.assert_frame_equal(back, merged)
    text = [c.name for c in COLUMNS if c.kind != "boolean"]
    assert all(isinstance(v, str) for column in text for v in back[column])


def test_the_csv_is_what_pandas_to_csv_writes_byte_for_byte(review_dir, tmp_path):
    """The writer hands a typed frame's columns to the csv module itself, as pandas would."""
    frame = _merged(review_dir)
    frame.loc[0, "description"] = 'Quotes "inside", a comma, a line\nbreak and a \r return'
    frame.loc[1, "outcome"], frame.loc[2, "other"] = " spaced ", "\u00e9l\u00e8ve; \u2013 \U0001F600"
    hand_made = typed(pd.DataFrame({"entry_id": ["X-1", "X-2"], "date": ["2022", None], "agency": ["A", 3.5]}),
                      required=("entry_id", "date", "agency"))
    untyped = frame.assign(outcome=[None, 1.5, "x", float("nan")])          # left to pandas: same file
    for made in (frame, hand_made, untyped):
        write_chronology(made, tmp_path / "written.csv")
        made.to_csv(tmp_path / "pandas.csv", columns=list(CHRONOLOGY_COLUMNS), index=False, encoding="utf-8",
                    lineterminator="\n")
        assert (tmp_path / "written.csv").read_bytes() == (tmp_path / "pandas.csv").read_bytes()
    assert read_chronology(tmp_path / "written.csv").loc[0, "date"] == "2021-12-31"


def test_list_columns_are_joined_text_that_split_list_reads(review_dir):
    merged = _merged(review_dir)
    month = merged.loc[merged["description"] == "Month only."].iloc[0]
    assert split_list(month["with"]) == ["Police", "Health Visiting"]
    assert split_list(merged.iloc[0]["flags"]) == ["out_of_scope"]
    assert split_list(merged.iloc[3]["flags"]) == ["duplicate"]
    assert split_list(" a ;; b; ") == ["a", "b"] and split_list("") == []


def test_in_scope_written_by_hand_is_read_by_one_rule(tmp_path):
    """true or false in any letter case, spaces around ignored: what Excel writes (TRUE, FALSE) too."""
    path = tmp_path / "chronology.csv"
    _hand_written(path, ["true", "FALSE", " True ", "false"])
    frame = read_chronology(path)
    assert frame["in_scope"].dtype == bool and list(frame["in_scope"]) == [True, False, True, False]
    index = ChronologyIndex(frame)                               # the workbench reads the same
    assert [index.entry_ids[i] for i in index.positions(Criteria(in_scope=True))] == ["CSC-0", "CSC-2"]


@pytest.mark.parametrize("value", ["", "yes", "1", "maybe"])
def test_an_in_scope_that_is_not_true_or_false_is_refused_with_its_line(tmp_path, value):
    path = tmp_path / "chronology.csv"
    _hand_written(path, ["true", value, value])
    with pytest.raises(ReviewbenchError) as err:
        read_chronology(path)
    assert (err.value.file, err.value.location, err.value.key) == (str(path), "line 3", "in_scope")
    assert f"holds {value!r}, which is neither true nor false (1 more row(s) like it)" in str(err.value)


def test_a_file_without_a_column_is_refused_naming_it(tmp_path):
    path = tmp_path / "chronology.csv"
    frame = typed(pd.DataFrame({"entry_id": ["CSC-1"], "date": ["2022-03-01"], "agency": ["Police"]}),
                  required=("entry_id", "date", "agency"))
    frame.drop(columns=["flags"]).to_csv(path, index=False)
    with pytest.raises(ReviewbenchError, match=r"is not a reviewbench chronology \(no column flags\)") as err:
        read_chronology(path)
    assert (err.value.file, err.value.key) == (str(path), "flags")


def test_a_hand_made_frame_gets_every_column_and_counts_as_in_scope():
    frame = typed(pd.DataFrame({"entry_id": ["E-1", "E-2"], "date": ["2022-03-01", None], "agency": ["GP", "GP"],
                                "flags": [["duplicate", "joint_event"], None], "extra": [1, 2]}, index=[7, 9]),
                  required=("entry_id", "date", "agency"))
    assert tuple(frame.columns) == CHRONOLOGY_COLUMNS and list(frame.index) == [0, 1]
    assert list(frame["in_scope"]) == [True, True] and list(frame["date"]) == ["2022-03-01", ""]
    assert list(frame["flags"]) == ["duplicate; joint_event", ""]


def test_only_the_columns_asked_for_are_read(tmp_path):
    path = tmp_path / "chronology.csv"
    _hand_written(path, ["true", "false"])
    assert list(read_chronology(path, columns=["entry_id"]).columns) == ["entry_id"]


@pytest.mark.slow
def test_fresh_entry_ids_come_through_the_reader_and_only_when_current(review):
    folder = review
    ids = fresh_entry_ids(load_review(folder))
    assert ids == read_chronology(folder / "build" / "chronology.csv")["entry_id"].tolist() and ids
    (folder / "agency_reports" / "new.csv").write_text("Date,Description\n01/03/2022,Added later.\n",
                                                       encoding="utf-8")
    assert fresh_entry_ids(load_review(folder)) is None


def test_a_hand_made_frame_is_named_by_its_rows_not_as_a_file():
    frame = pd.DataFrame({"entry_id": ["E-1", "E-2"], "date": ["2022-03-01"] * 2, "agency": ["GP"] * 2,
                          "in_scope": [True, "perhaps"]})
    with pytest.raises(ReviewbenchError) as err:
        typed(frame, "the frame given", required=("entry_id", "date", "agency"))
    assert (err.value.file, err.value.location) == (None, "row 2")
    assert str(err.value).startswith("the frame given (row 2): the in_scope column holds 'perhaps'")
