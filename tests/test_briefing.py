"""The seven-minute briefing (``reviewbench briefing DIR``): its boxes filled from the example review,
held to their caps at a sentence, written by hand in authored/briefing.yaml, refused when that file is
wrong, written to Word and HTML in order, and checked by the publication scanner."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import docx
import pytest

import yaml_files
from reviewbench.authored import load_authored
from reviewbench.briefing import BRIEFING_DOCX, BRIEFING_HTML, DISSEMINATION_DIR, briefing_spec, build_briefing
from reviewbench.briefing.caps import cap_paragraphs, sentences, words
from reviewbench.briefing.fill import by_priority
from reviewbench.build import run_briefing
from reviewbench.cli import main
from reviewbench.config import load_review
from reviewbench.dates import long_date
from reviewbench.errors import AuthoredError
from reviewbench.methodology import get_methodology
from reviewbench.provenance.manifest import read_manifest
from reviewbench.publication.finder import UNREGISTERED

DAY = dt.date(2024, 5, 2)
PLANTED = "Dr Quentin Plantedname"          # a title and a name no register knows: fictional, planted


def _write_briefing_yaml(review: Path, data: dict | str) -> None:
    text = data if isinstance(data, str) else yaml_files.safe_dump(data, sort_keys=False)
    (review / "authored" / "briefing.yaml").write_text(text, encoding="utf-8")


def _authored_questions(review: Path) -> list[str]:
    return yaml_files.safe_load((review / "authored" / "briefing.yaml").read_text(encoding="utf-8"))["questions"]


def _docx_cells(path: Path) -> list[str]:
    document = docx.Document(str(path))
    assert len(document.tables) == 1
    return [cell.text for row in document.tables[0].rows for cell in row.cells]


# -- the boxes --------------------------------------------------------------------------------------
def test_the_seven_boxes_are_filled_from_the_example_in_the_order_of_the_data(example_copy):
    review = load_review(example_copy)
    briefing = build_briefing(review, DAY)
    spec = briefing_spec()
    assert [b.id for b in briefing.boxes] == spec.ids and len(spec.ids) == 7
    assert [b.label for b in briefing.boxes] == [b.label for b in spec.boxes]
    assert [b.number for b in briefing.boxes] == list(range(1, 8))
    assert all(b.paragraphs and not b.gap for b in briefing.boxes)

    background = briefing.box("background").text
    kind = get_methodology(review.methodology, review.root).report_kind
    for said in (review.title, kind, long_date(review.scope.start), long_date(review.scope.end)):
        assert said in background

    authored = load_authored(review)
    first = by_priority(authored)[0]
    assert first.extra["priority"] == "high"
    assert briefing.box("what-we-learned").paragraphs[0].startswith(first.title)
    assert sentences(first.statement)[0] in briefing.box("what-we-learned").paragraphs[0]
    assert briefing.box("what-to-do").paragraphs == [r.text for r in authored.recommendations][
        :len(briefing.box("what-to-do").paragraphs)]
    assert briefing.box("questions").paragraphs == _authored_questions(example_copy)
    assert review.partnership in briefing.box("find-more").text
    case_summary = (example_copy / "authored" / "sections" / "case-summary.md").read_text(encoding="utf-8")
    assert briefing.box("what-happened").paragraphs[0].split()[:6] == case_summary.split()[:6]
    for box in briefing.boxes:
        assert sum(words(p) for p in box.paragraphs) <= box.cap


def test_what_the_register_names_is_pseudonymised_as_the_report_does(example_copy):
    _write_briefing_yaml(example_copy, {"boxes": {"background": "Tamsin Example took Tia Example to Brookfield."}})
    text = build_briefing(load_review(example_copy), DAY).box("background").text
    assert "Tamsin" not in text and "Tia" not in text and "Brookfield" not in text
    assert "Mother" in text and "Child T" in text


def test_without_its_sections_what_happened_is_told_by_the_key_practice_episodes(example_copy):
    for section in next(b for b in briefing_spec().boxes if b.id == "what-happened").sections:
        (example_copy / "authored" / "sections" / f"{section}.md").unlink(missing_ok=True)
    review = load_review(example_copy)
    box = build_briefing(review, DAY).box("what-happened")
    kpes = sorted(load_authored(review).kpes, key=lambda k: k.start)
    assert box.bullets and "kpes.yaml" in box.source
    assert box.paragraphs == [f"{k.period}: {k.title}." for k in kpes][:len(box.paragraphs)]


def test_a_box_without_questions_is_shown_as_a_gap_and_said(example_copy):
    (example_copy / "authored" / "briefing.yaml").unlink()
    briefing = build_briefing(load_review(example_copy), DAY)
    box = briefing.box("questions")
    assert box.paragraphs == [] and "authored/briefing.yaml" in box.gap
    assert any(f"box {box.number} '{box.label}' is empty" in note for note in briefing.notes)


# -- the cap ----------------------------------------------------------------------------------------
def test_the_cap_keeps_whole_sentences_in_order():
    text = " ".join(f"Sentence number {i} has exactly six words." for i in range(1, 21)).replace(
        "six words", "seven words in it")
    capped = cap_paragraphs([text], 25)
    kept = sentences(capped.paragraphs[0])
    assert kept == sentences(text)[:len(kept)] and capped.after <= 25 < capped.after + words(sentences(text)[1])
    assert capped.cut and not capped.mid_sentence and capped.before == words(text)


def test_a_first_sentence_over_the_cap_is_cut_at_a_word_and_marked():
    capped = cap_paragraphs(["one " * 40 + "end."], 12)
    assert capped.mid_sentence and capped.paragraphs[0].endswith("…") and capped.after == 12


def test_a_box_over_its_cap_is_cut_at_a_sentence_and_the_command_names_it(example_copy, capsys):
    long = " ".join(f"Practitioners in team {i} told the review what they had seen." for i in range(1, 31))
    _write_briefing_yaml(example_copy, {"questions": ["What would you do?"], "boxes": {"what-happened": long}})
    briefing = build_briefing(load_review(example_copy), DAY)
    box = briefing.box("what-happened")
    assert words(box.text) <= box.cap < words(long)
    assert box.text.endswith(".") and long.startswith(box.text)
    assert main(["briefing", str(example_copy), "--day", DAY.isoformat()]) == 0
    out = capsys.readouterr().out
    note = next(line for line in out.splitlines() if f"'{box.label}'" in line and line.startswith("Note:"))
    assert f"Box {box.number}" in note and f"held {words(long)} words" in note and "cut at a sentence" in note
    assert f"cap of {box.cap}" in note


# -- authored/briefing.yaml -------------------------------------------------------------------------
def test_a_box_and_a_label_written_in_briefing_yaml_replace_what_is_filled(example_copy):
    _write_briefing_yaml(example_copy, {
        "questions": ["What would you do?"],
        "labels": {"questions": "Reflective questions"},
        "boxes": {"why-it-matters": "Our own words. Written by hand.",
                  "what-to-do": ["Check the history.", "Confirm receipt."]}})
    review = load_review(example_copy)
    briefing = build_briefing(review, DAY)
    assert briefing.box("why-it-matters").paragraphs == ["Our own words. Written by hand."]
    assert briefing.box("what-to-do").paragraphs == ["Check the history.", "Confirm receipt."]
    assert briefing.box("what-to-do").bullets and not briefing.box("why-it-matters").bullets
    assert briefing.box("questions").label == "Reflective questions"
    result = run_briefing(review, day=DAY)
    cells = _docx_cells(result.outputs[0])
    assert cells[6].startswith("6  Reflective questions") and "Confirm receipt." in cells[5]


@pytest.mark.parametrize("data, key, suggestion", [
    ({"boxes": {"why-it-maters": "x"}}, "boxes.why-it-maters", "why-it-matters"),
    ({"labels": {"question": "Ask"}}, "labels.question", "questions"),
    ({"question": ["x"]}, "question", "questions"),
])
def test_an_unknown_box_or_key_is_refused_with_the_nearest_one(example_copy, data, key, suggestion):
    _write_briefing_yaml(example_copy, data)
    with pytest.raises(AuthoredError) as caught:
        build_briefing(load_review(example_copy), DAY)
    message = str(caught.value)
    assert message.startswith("authored/briefing.yaml") and f"'{key}'" in message
    assert f"did you mean '{suggestion}'" in message
    assert caught.value.key == key


def test_a_briefing_yaml_that_is_no_mapping_or_names_no_box_near_one_says_where_to_look(example_copy):
    """authored/briefing.yaml is read as the other authored files of one mapping are (response.yaml,
    dissemination.yaml): a list is refused pointing to the README section of the briefing, which exists; a box
    id near none is refused listing the boxes, every wrong one in one message."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    _write_briefing_yaml(example_copy, "- a question\n")
    with pytest.raises(AuthoredError) as caught:
        build_briefing(load_review(example_copy), DAY)
    section = re.search(r"see the README section '([^']+)'", str(caught.value)).group(1)
    assert section == "Seven-minute briefing and learning-event deck" and f"### {section} (" in readme
    _write_briefing_yaml(example_copy, {"boxes": {"zzz": "x"}, "labels": {"qqq": "y"}})
    with pytest.raises(AuthoredError) as caught:
        build_briefing(load_review(example_copy), DAY)
    assert [p.key for p in caught.value.details] == ["labels.qqq", "boxes.zzz"]
    assert all(", ".join(briefing_spec().ids) in problem for problem in caught.value.problems)


def test_a_briefing_yaml_that_is_not_yaml_is_refused_with_its_line(example_copy, capsys):
    _write_briefing_yaml(example_copy, "questions:\n  - one\n - two\n")
    assert main(["briefing", str(example_copy)]) == 1
    err = capsys.readouterr().err
    assert "authored/briefing.yaml" in err and "line 3" in err
    assert not (example_copy / "build" / DISSEMINATION_DIR / BRIEFING_DOCX).exists()


# -- the files --------------------------------------------------------------------------------------
def test_the_word_page_holds_the_heading_and_the_seven_boxes_in_order_on_a4(example_copy):
    result = run_briefing(example_copy, day=DAY)
    assert [p.name for p in result.outputs] == [BRIEFING_DOCX, BRIEFING_HTML] and result.fits
    cells = _docx_cells(result.outputs[0])
    spec = briefing_spec()
    assert cells[0].startswith(spec.title) and long_date(DAY) in cells[0]
    assert [c.split("\n")[0] for c in cells[1:]] == [f"{i}  {b.label}" for i, b in enumerate(spec.boxes, start=1)]
    section = docx.Document(str(result.outputs[0])).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert not "".join(p.text for p in section.footer.paragraphs).strip()     # one page: no page number
    assert docx.Document(str(result.outputs[0])).core_properties.author == ""


def test_the_html_page_is_self_contained_with_the_same_boxes_for_a4(example_copy):
    result = run_briefing(example_copy, day=DAY)
    html = result.outputs[1].read_text(encoding="utf-8")
    briefing = build_briefing(load_review(example_copy), DAY)
    assert "size: A4" in html and not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", html)
    positions = [html.index(f">{b.number}&nbsp; {b.label}<".replace("'", "&#39;")) for b in briefing.boxes]
    assert positions == sorted(positions)
    for box in briefing.boxes:
        for text in box.paragraphs:
            assert text.replace("&", "&amp;").replace("'", "&#39;").replace('"', "&#34;") in html


def test_the_same_briefing_on_the_same_day_is_the_same_bytes_and_is_in_the_manifest(example_copy):
    first = [p.read_bytes() for p in run_briefing(example_copy, day=DAY).outputs]
    second = run_briefing(example_copy, day=DAY)
    assert [p.read_bytes() for p in second.outputs] == first
    manifest = read_manifest(example_copy)
    assert manifest["steps"]["briefing"] == {"day": DAY.isoformat()}
    listed = {r["path"] for r in manifest["outputs"]}
    assert {f"build/{DISSEMINATION_DIR}/{BRIEFING_DOCX}", f"build/{DISSEMINATION_DIR}/{BRIEFING_HTML}"} <= listed


def test_a_briefing_too_long_for_one_page_is_said(example_copy, capsys):
    _write_briefing_yaml(example_copy, {"questions": [f"Question {i}?" for i in range(1, 41)],
                                        "links": [f"Link {i}." for i in range(1, 31)]})
    assert main(["briefing", str(example_copy), "--day", DAY.isoformat()]) == 0
    out = capsys.readouterr().out
    assert "does not fit on one A4 page" in out and "'Questions for teams'" in out


# -- the publication check --------------------------------------------------------------------------
@pytest.mark.slow
def test_the_scanner_finds_a_name_planted_in_the_briefing_and_the_command_fails(example_copy, capsys):
    _write_briefing_yaml(example_copy, {"questions": [f"What did {PLANTED} see at the door?"]})
    result = run_briefing(example_copy, day=DAY)
    assert not result.ok
    kinds = {(h.kind, h.file) for h in result.scan.hits}
    assert kinds == {(UNREGISTERED, f"{DISSEMINATION_DIR}/{BRIEFING_DOCX}"),
                     (UNREGISTERED, f"{DISSEMINATION_DIR}/{BRIEFING_HTML}")}
    assert main(["briefing", str(example_copy), "--day", DAY.isoformat()]) == 1
    out = capsys.readouterr().out
    assert "Plantedname" not in out                          # masked in what is printed
    items = len({h.key for h in result.scan.hits})
    assert f"Publication check of the briefing: {items} thing(s)" in out and "Do not share it" in out
    assert "dissemination/briefing.docx, table 1" in out and "dissemination/briefing.html, section" in out


def test_without_a_names_register_the_briefing_is_never_called_safe(example_copy, capsys):
    (example_copy / "private" / "names.yaml").unlink()
    assert main(["briefing", str(example_copy), "--day", DAY.isoformat()]) == 1
    out = capsys.readouterr().out
    assert "cannot be called safe" in out and "nothing found" not in out
