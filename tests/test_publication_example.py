"""The bundled example tells the truth: its register is complete, so its draft and its public edition
pass the check; with one person's entry removed, the check fails and names the forms it found."""

from __future__ import annotations

import contextlib
import io
import shutil
from pathlib import Path

import pytest

import yaml_files
from clients import convert
from reviewbench.build import run_render
from reviewbench.cli import main
from reviewbench.publication import check_review
from reviewbench.publication.finder import UNREGISTERED

pytestmark = pytest.mark.kernel      # every test reads a rendered copy of the example

PARTICIPANTS = "The case group, by role: SW1, SW2, SW3, TM1, HV1, DSL1, GP1, PC2, DC1, DS1.\n"


@pytest.fixture
def example(rendered_copy):
    """A copy of the example with its draft rendered (once per worker, conftest)."""
    return rendered_copy


@pytest.fixture(scope="module")
def published(rendered_example, tmp_path_factory):
    """A copy of the example, completed (its participants written, and its question Q5 answered) and rendered
    as its public edition by 'reviewbench render --publish'; with what that command printed."""
    target = tmp_path_factory.mktemp("publication-public") / "child-t"
    shutil.copytree(rendered_example, target)
    (target / "authored" / "sections" / "participants.md").write_text(PARTICIPANTS, encoding="utf-8")
    complete_terms_of_reference(target)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        assert main(["render", str(target), "--publish"]) == 0
    return target, printed.getvalue()


def complete_terms_of_reference(example: Path) -> None:
    """The example leaves its question Q5 unanswered on purpose (a gap in the draft): F4 answers it here."""
    findings = example / "authored" / "findings.yaml"
    text = findings.read_text(encoding="utf-8")
    assert text.count("  tor: [Q1, Q4]\n") == 1
    findings.write_text(text.replace("  tor: [Q1, Q4]\n", "  tor: [Q1, Q4, Q5]\n"), encoding="utf-8")


def test_the_example_draft_passes_the_check_with_its_two_recorded_decisions(example):
    result = check_review(example)
    assert result.ok, result.lines()
    assert result.scan.edition == "working draft" and result.scan.hits == []
    assert {h.key for h, _ in result.scan.accepted} == {"PD-6cb80bed33", "PD-2903595468"}
    verdict = result.verdict()
    assert "nothing found that could identify someone (checked against the 3 people and 3 places" in verdict
    html = (example / "build" / "report.html").read_text(encoding="utf-8")
    for form in ("Ms Example", "Mr Sample", "Tamsin", "Lee grabbed", "Brookfield", "Riverside",
                 "Anyshire General Hospital", "Ms Mother", "Mr Mother"):
        assert form not in html, form


def test_the_example_public_edition_is_written_and_passes(published, capsys):
    example, printed = published
    assert "apart from 1 item(s) a reviewer accepted" in printed      # the fictional-example notice
    html = (example / "build" / "publish" / "report.html").read_text(encoding="utf-8")
    assert "DRAFT" not in html and "[GAP]" not in html and "Integrated chronology" not in html
    assert main(["check", str(example)]) == 0
    assert "the public edition: publish/report.docx, publish/report.html" in capsys.readouterr().out


def test_removing_one_person_from_the_register_makes_the_check_fail_naming_the_forms(example, capsys):
    register_file = example / "private" / "names.yaml"
    register = yaml_files.safe_load(register_file.read_text(encoding="utf-8"))
    register["people"] = [p for p in register["people"] if p["name"] != "Lee Sample"]
    register_file.write_text(yaml_files.safe_dump(register), encoding="utf-8")
    stale = check_review(example)                     # the draft was rendered with the whole register
    assert not stale.ok and any("older than its inputs" in p and "private/names.yaml" in p for p in stale.problems)
    # ... and the quality evidence built from that check must not call the outputs safe either.
    assert stale.quality["publication"]["ok"] is False
    assert stale.quality["evidence"]["publication_safe"]["status"] == "not-met"
    run_render(example)
    assert main(["check", str(example)]) == 1
    printed = capsys.readouterr().out
    assert f"{UNREGISTERED} 'Mr ******'" in printed and f"{UNREGISTERED} 'Mr *** ******'" in printed
    assert "Sample" not in printed and "Lee" not in printed


@pytest.mark.client
def test_libreoffice_opens_the_public_edition_and_finds_no_draft_material_and_no_name(office_profile, published, tmp_path):
    published, _ = published
    import zipfile

    from reviewbench.publication.names import load_register
    docx = published / "build" / "publish" / "report.docx"
    odt = convert(docx, "odt", tmp_path, office_profile)
    with zipfile.ZipFile(odt) as archive:                 # what Writer read: body, headers and footers, properties
        parts = {name: archive.read(name).decode("utf-8") for name in ("content.xml", "styles.xml", "meta.xml")}
    import re
    text = {name: " ".join(re.sub(r"<[^>]+>", " ", xml).split()) for name, xml in parts.items()}
    assert "Learning Together systems review" in text["content.xml"]
    assert "Key practice episodes" in text["content.xml"] and "KPE1" in text["content.xml"]
    everything = " ".join(text.values())
    for gone in ("DRAFT", "[GAP]", "Integrated chronology", "SHA-256", "agency_reports", "authored/"):
        assert gone not in everything, gone
    register = load_register(published)
    assert [m.text for m in register.find(everything) if m.certain] == []
    meta = parts["meta.xml"]
    assert "<dc:title>Child T</dc:title>" in meta and "creator" not in meta       # no author, as Writer reads it
    assert "Page" in text["styles.xml"] and "DRAFT" not in text["styles.xml"]       # the footer, no marking
