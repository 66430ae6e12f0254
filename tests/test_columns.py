"""Header detection from synonyms, explicit mappings winning, repeated headers, kept extras."""

from reviewbench.intake.columns import find_header, rows_from_grid
from reviewbench.model import Grid, GridRow


def _grid(*rows):
    return Grid("table 1", [GridRow(f"row {i}", list(r)) for i, r in enumerate(rows, start=1)])


def test_header_found_below_title_rows_from_synonyms():
    grid = _grid(["Anyshire Police - chronology (FICTIONAL)", None, None],
                 [None, None, None],
                 ["Date of contact", "Details", "Action taken"],
                 ["01/02/2022", "Visit", "None"])
    header = find_header(grid)
    assert header.row_index == 2
    assert header.keys == {0: "date", 1: "description", 2: "outcome"}


def test_heading_variants_normalise():
    grid = _grid(["Date/Time", "Agency/Organisation", "Event", "Outcome:", "Practitioner", "Source of information",
                  "Child seen (Y/N)"])
    assert list(find_header(grid).keys.values()) == [
        "date", "agency", "event_type", "outcome", "practitioner_role", "source", "child_seen"]


def test_table_without_a_date_column_is_not_a_chronology():
    assert find_header(_grid(["Agency", "Police"], ["Author", "DS1"])) is None
    assert find_header(_grid(["Name", "Details"], ["x", "y"])) is None


def test_explicit_mapping_wins_over_synonyms():
    grid = _grid(["Occurrence Date", "Date", "Summary", "Notes"])
    header = find_header(grid, {"date": "Occurrence Date", "description": "Summary"})
    assert header.keys == {0: "date", 2: "description"}   # "Date" and "Notes" not used for mapped keys


def test_repeated_header_rows_are_skipped_and_counted():
    grid = _grid(["Date", "Details"], ["01/02/2022", "a"], ["Date", "Details"], ["02/02/2022", "b"])
    rows, repeats = rows_from_grid("f.docx", grid, find_header(grid))
    assert repeats == 1
    assert [r.values["description"] for r in rows] == ["a", "b"]
    assert [r.location for r in rows] == ["table 1, row 2", "table 1, row 4"]


def test_unmapped_columns_are_kept_not_lost():
    grid = _grid(["Date", "Details", "Significance"], ["01/02/2022", "a", "Key event"])
    rows, _ = rows_from_grid("f.docx", grid, find_header(grid))
    assert rows[0].values["other"] == "Significance: Key event"


def test_two_description_columns_are_joined():
    grid = _grid(["Date", "Details", "Summary"], ["01/02/2022", "first", "second"])
    rows, _ = rows_from_grid("f.docx", grid, find_header(grid))
    assert rows[0].values["description"] == "first\nsecond"
