"""The learning-event deck (``reviewbench deck DIR``): a title slide, a slide per KPE and per finding with
its evidence ids, the recommendations, the briefing's questions, and speaker notes citing the chronology;
read back with python-pptx, and checked by the publication scanner."""

from __future__ import annotations

import datetime as dt
import math

import pytest

import yaml_files
from reviewbench.authored import load_authored
from reviewbench.briefing import DECK_PPTX, DISSEMINATION_DIR
from reviewbench.briefing.deck import RECOMMENDATIONS_PER_SLIDE
from reviewbench.briefing.fill import by_priority
from reviewbench.build import run_deck
from reviewbench.chronology.schema import read_chronology
from reviewbench.cli import main
from reviewbench.config import load_review
from reviewbench.dates import entry_date_text
from reviewbench.publication.finder import UNREGISTERED


def _presentation(path):
    from pptx import Presentation  # python-pptx, loaded by the test that opens a deck, not at collection

    return Presentation(str(path))

pytestmark = pytest.mark.slow          # python-pptx takes about a second to make the example's sixteen slides
DAY = dt.date(2024, 5, 2)


def _slides(path):
    deck = _presentation(path)
    return [(s.shapes.title.text, [p.text for sh in s.placeholders if sh.placeholder_format.idx == 1
                                   for p in sh.text_frame.paragraphs],
             s.notes_slide.notes_text_frame.text if s.has_notes_slide else "") for s in deck.slides]


def test_the_deck_has_a_title_slide_a_slide_per_kpe_and_finding_the_recommendations_and_questions(review):
    result = run_deck(review, day=DAY)
    assert result.ok and [p.name for p in result.outputs] == [DECK_PPTX]
    authored = load_authored(load_review(review))
    recs = math.ceil(len(authored.recommendations) / RECOMMENDATIONS_PER_SLIDE)
    slides = _slides(result.outputs[0])
    assert len(slides) == 1 + len(authored.kpes) + len(authored.findings) + recs + 1
    assert all(notes.strip() for _, _, notes in slides)

    kpes = sorted(authored.kpes, key=lambda k: k.start)
    findings = by_priority(authored)
    expected = [f"{k.id}: {k.title}" for k in kpes] + [f"{f.id}: {f.title}" for f in findings]
    shown = [title for title, _, _ in slides[1:1 + len(expected)]]
    assert [t.split(":")[0] for t in shown] == [e.split(":")[0] for e in expected]
    finding_slide = slides[1 + len(kpes)]
    assert finding_slide[1][-1] == f"Evidence: {', '.join(findings[0].evidence)}"
    assert slides[-1][0] == "Questions for discussion"
    questions = yaml_files.safe_load((review / "authored" / "briefing.yaml").read_text(encoding="utf-8"))["questions"]
    assert slides[-1][1] == questions
    assert slides[-1 - recs][0].startswith("Recommendations")


def test_the_speaker_notes_cite_each_entry_with_its_agency_date_and_record(review):
    result = run_deck(review, day=DAY)
    chronology = read_chronology(review / "build" / "chronology.csv").set_index("entry_id")
    authored = load_authored(load_review(review))
    kpe = sorted(authored.kpes, key=lambda k: k.start)[0]
    notes = _slides(result.outputs[0])[1][2]
    for entry_id in kpe.entries:
        row = chronology.loc[entry_id]
        when = entry_date_text(row["date"], row["date_precision"], row["time"])
        assert f"- {entry_id}: {row['agency']}, {when}: " in notes
    finding = next(f for f in by_priority(authored) if any(i.startswith("KPE") for i in f.evidence))
    slide = next(s for s in _slides(result.outputs[0]) if s[0].startswith(f"{finding.id}:"))
    cited_kpe = next(i for i in finding.evidence if i.startswith("KPE"))
    assert f"- {cited_kpe}: key practice episode, {authored.kpe(cited_kpe).period}" in slide[2]


def test_the_same_deck_on_the_same_day_is_the_same_bytes(review):
    first = run_deck(review, day=DAY).outputs[0].read_bytes()
    assert run_deck(review, day=DAY).outputs[0].read_bytes() == first


def test_the_scanner_finds_a_name_planted_in_a_kpe_on_the_slide_and_in_the_notes(review, capsys):
    kpes = review / "authored" / "kpes.yaml"
    text = kpes.read_text(encoding="utf-8")
    first = load_authored(load_review(review)).kpes[0]
    kpes.write_text(text.replace(first.title, f"{first.title} seen by Dr Quentin Plantedname", 1), encoding="utf-8")
    result = run_deck(review, day=DAY)
    assert not result.ok
    places = {h.place for h in result.scan.hits if h.kind == UNREGISTERED}
    assert any(p.startswith("slide ") and "Title" in p for p in places)
    assert any("speaker notes" in p for p in places)          # a finding's notes cite the KPE by its title
    assert main(["deck", str(review), "--day", DAY.isoformat()]) == 1
    out = capsys.readouterr().out
    assert "Plantedname" not in out and f"{DISSEMINATION_DIR}/{DECK_PPTX}, slide" in out


def test_without_written_questions_the_discussion_slide_says_what_to_write_and_names_its_box(example_copy):
    """The deck's last slide, built in-process (no python-pptx): the briefing's gap, and its box in the notes."""
    from reviewbench.briefing.deck import build_deck
    from reviewbench.briefing.fill import build_briefing
    path = example_copy / "authored" / "briefing.yaml"
    written = yaml_files.safe_load(path.read_text(encoding="utf-8"))
    path.write_text(yaml_files.safe_dump({k: v for k, v in written.items() if k != "questions"}), encoding="utf-8")
    briefing = build_briefing(load_review(example_copy), DAY)
    box = briefing.box("questions")
    assert box is not None and briefing.questions == [] and box.gap
    slide = build_deck(briefing, None).slides[-1]
    assert (slide.title, slide.lines) == ("Questions for discussion", [f"To be written: {box.gap}"])
    assert slide.notes == f"The questions for teams of the seven-minute briefing (box {box.number}, {box.source})."
    assert briefing.box("no-such-box") is None
