"""The partners' response opened in LibreOffice Writer (printed to PDF, its text read back): what Word users
get is the response, its date, and the table of recommendations with their actions."""

from __future__ import annotations

import shutil

import pytest

from clients import convert, pdf_text
from conftest import EXAMPLE
from reviewbench.build import run_response
from reviewbench.config import load_review
from reviewbench.portfolio import load_actions

pytestmark = [pytest.mark.client, pytest.mark.slow]


def test_writer_prints_the_response_with_its_table_of_recommendations_and_actions(office_profile, tmp_path):
    folder = tmp_path / "child-t"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("build"))
    review = load_review(folder)
    result = run_response(review, load_actions(review))
    pdf = convert(result.docx, "pdf", tmp_path / "pdf", office_profile)
    text = " ".join(" ".join(pdf_text(pdf, layout=False)).split())
    assert "Child T: the safeguarding partners' response" in text.replace("’", "'")
    assert "Published 22 April 2024" in text
    for heading in ("Our response to the review", "The recommendations and what is being done",
                    "Recommendation", "Actions (owner, due, status)"):
        assert heading in text, heading
    for action in load_actions(review).actions:
        assert f"{action.id}:" in text and action.due.strftime("%d/%m/%Y") in text, action.id
    assert text.index("R1:") < text.index("R2:") < text.index("R3:") < text.index("R4:")
    assert "Accepted in part" in text
