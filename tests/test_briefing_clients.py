"""The briefing and the deck opened in the programs people use: LibreOffice Writer prints the example's
briefing.docx on exactly one A4 page holding the seven labels (and a briefing the command says is too
long on more than one); Chromium prints briefing.html on one A4 page; LibreOffice Impress prints deck.pptx
with a page per slide, each with its title."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

import yaml_files
from chromium_support import print_to_pdf
from clients import convert, page_sizes, pdf_text
from reviewbench.briefing import briefing_spec
from reviewbench.build import run_briefing, run_deck


def _presentation(path):
    from pptx import Presentation  # python-pptx, loaded by the test that opens a deck, not at collection

    return Presentation(str(path))

pytestmark = [pytest.mark.client, pytest.mark.slow]
DAY = dt.date(2024, 5, 2)
A4 = (595.3, 841.9)


def _words(text: str) -> list[str]:
    return text.split()


def test_the_example_briefing_prints_on_one_a4_page_with_the_seven_labels(office_profile, example_copy, tmp_path):
    result = run_briefing(example_copy, day=DAY)
    assert result.fits
    pdf = convert(result.outputs[0], "pdf", tmp_path / "pdf", office_profile)
    sizes = page_sizes(pdf)
    assert len(sizes) == 1, f"the briefing printed on {len(sizes)} pages"
    assert all(abs(a - b) < 1 for a, b in zip(sizes[0], A4))
    text = " ".join(_words(pdf_text(pdf, layout=False)[0]))
    spec = briefing_spec()
    for number, box in enumerate(spec.boxes, start=1):
        assert f"{number} {box.label}" in text
    assert spec.title in text


def test_the_example_briefing_html_prints_on_one_a4_page_in_chromium(example_copy, tmp_path):
    html = run_briefing(example_copy, day=DAY).outputs[1]
    pdf = print_to_pdf(html, tmp_path / "briefing.pdf")
    sizes = page_sizes(pdf)
    assert len(sizes) == 1, f"the briefing printed on {len(sizes)} pages"
    assert all(abs(a - b) < 1 for a, b in zip(sizes[0], A4))
    text = " ".join(_words(pdf_text(pdf, layout=False)[0]))
    assert all(f"{n} {box.label}" in text for n, box in enumerate(briefing_spec().boxes, start=1))


def test_a_briefing_the_command_says_is_too_long_does_print_on_more_than_one_page(office_profile, example_copy, tmp_path):
    (example_copy / "authored" / "briefing.yaml").write_text(yaml_files.safe_dump(
        {"questions": [f"Question {i}?" for i in range(1, 41)], "links": [f"Link {i}." for i in range(1, 31)]}),
        encoding="utf-8")
    result = run_briefing(example_copy, day=DAY)
    assert not result.fits and any("does not fit on one A4 page" in n for n in result.notes)
    pdf = convert(result.outputs[0], "pdf", tmp_path / "pdf", office_profile)
    assert len(page_sizes(pdf)) > 1


def test_the_deck_opens_in_impress_with_a_page_per_slide_and_its_title(office_profile, built_example, tmp_path):
    review = tmp_path / "child-t"
    shutil.copytree(built_example, review)
    path = run_deck(review, day=DAY).outputs[0]
    titles = [slide.shapes.title.text for slide in _presentation(path).slides]
    pdf = convert(path, "pdf", tmp_path / "pdf", office_profile)
    pages = pdf_text(pdf, layout=False)
    assert len(pages) == len(titles) == len(page_sizes(pdf))
    for number, (title, page) in enumerate(zip(titles, pages), start=1):
        assert " ".join(_words(title)) in " ".join(_words(page)), f"slide {number}: '{title}' is not on its page"
