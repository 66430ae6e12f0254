"""One colour per agency everywhere: the figures, the workbench and the agency cells of the Excel chronology."""

from __future__ import annotations

from types import SimpleNamespace

import openpyxl
import pytest

from reviewbench.chronology import read_chronology
from reviewbench.config import load_review
from reviewbench.network import analyse
from reviewbench.palette import TAB10, TAB20, agency_colours, text_colour
from reviewbench.workbench import Workbench


def _agency(name: str, colour: str | None = None):
    return SimpleNamespace(name=name, colour=colour)


def test_a_colour_set_in_review_yaml_wins_and_the_others_follow_the_sorted_names():
    colours = agency_colours([_agency("School"), _agency("Police", "#AA0000")], extra=["GP", ""])
    assert colours == {"GP": TAB10[0], "Police": "#aa0000", "School": TAB10[2]}
    many = agency_colours([_agency(f"Agency {i:02d}") for i in range(12)])
    assert list(many.values()) == list(TAB20[:12])


def test_text_on_an_agency_colour_is_black_or_white_whichever_reads_better():
    assert text_colour("#1f77b4") == "#ffffff" and text_colour("#000000") == "#ffffff"      # dark blue, black
    assert text_colour("#bcbd22") == "#000000" and text_colour("#ffffff") == "#000000"      # olive, white


@pytest.mark.slow
def test_the_excel_chronology_the_figures_and_the_workbench_give_an_agency_one_colour(built_example):
    review = load_review(built_example)
    figures = analyse(review, read_chronology(review.build_dir / "chronology.csv")).colours
    assert Workbench(built_example).colours == figures
    sheet = openpyxl.load_workbook(review.build_dir / "chronology.xlsx").active
    agency_column = [c.value for c in sheet[1]].index("Agency") + 1
    for row in range(2, 40):
        agency = sheet.cell(row, agency_column).value
        fill = sheet.cell(row, agency_column).fill.fgColor.rgb
        assert fill[-6:].lower() == figures[agency][1:], agency          # the figures' own colour
        assert sheet.cell(row, agency_column).font.color.rgb[-6:].lower() == text_colour(figures[agency])[1:]
