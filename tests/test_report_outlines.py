"""The SCIE Learning Together and SILP outlines on the bundled example, built in-process (no kernel):
every required section filled, and no gap but the two the example leaves on purpose (the Participants
appendix, and the terms-of-reference question Q5 nothing answers). The SILP report reads the example's
SILP variant (``authored/methodologies/silp/``), laid over ``authored/`` as rendering with SILP does."""

from __future__ import annotations

import re
import shutil

import pytest

from conftest import EXAMPLE
from report_support import lay_variant, section
from reviewbench.methodology import get_methodology

pytestmark = pytest.mark.slow

Q5_GAP = ("Nothing in the report answers Q5 yet: add Q5 to the tor of the findings or KPEs that answer it, or "
          "say in the report why it cannot be answered.")


@pytest.fixture(scope="module")
def scie(graphed_example):
    from reviewbench.report import open_report
    return open_report(graphed_example)


@pytest.fixture(scope="module")
def silp(graphed_example, tmp_path_factory):
    from reviewbench.report import open_report
    target = tmp_path_factory.mktemp("silp") / "child-t"
    shutil.copytree(graphed_example, target)
    return open_report(lay_variant(target, "silp"), methodology="silp")


def _required(method_id: str) -> list[str]:
    return [s.id for s in get_methodology(method_id).sections() if s.required]


def test_the_scie_outline_fills_every_required_section_of_the_example(scie):
    html = scie.html()
    required = _required("scie-learning-together")
    assert {"summary", "lived-experience", "family-involvement", "equality", "findings", "issues-for-partners",
            "glossary"} <= set(required)
    for section_id in required:
        assert "[GAP]" not in section(html, section_id), section_id
    assert 'id="section-tor-matrix"' in html


def test_the_scie_draft_of_the_example_has_only_its_two_deliberate_gaps(scie):
    assert [(g.where, g.message) for g in scie.gaps] == [
        ("Appendix A.1 How the report answers the terms of reference, Q5", Q5_GAP),
        ("Appendix B Participants", "No text yet. Write it in <code>authored/sections/participants.md</code>.")]


def test_the_examples_scie_findings_are_in_priority_order_with_their_wider_evidence(scie):
    findings = section(scie.html(), "findings")
    assert re.findall(r'<h2 id="finding-(F\d)">', findings) == ["F1", "F3", "F2", "F4", "F6", "F5"]
    assert findings.count("<strong>Evidence that it is not peculiar to this case</strong>") == 6
    assert "listed in order of priority" in findings


def test_the_example_states_its_scale_and_the_scie_sources_reach_the_provenance_appendix(scie):
    assert " · Scale: Mid-range review</p>" in str(scie.parts[0].html)
    provenance = section(scie.html(), "provenance")
    assert "Sources of the SCIE Learning Together (systems model) outline" in provenance
    assert "Learning together to safeguard children" in provenance


def test_the_silp_outline_fills_every_required_section_of_the_examples_variant(silp):
    html = silp.html()
    required = _required("silp")
    assert {"agency-reports-summary", "learning-event-summary", "practitioner-contributions", "recall-event",
            "findings", "single-agency-learning"} <= set(required)
    for section_id in required:
        assert "[GAP]" not in section(html, section_id), section_id
    for section_id in ("agency-reports", "learning-event", "recall-event", "analysis", "tor-matrix", "themes"):
        assert f'id="section-{section_id}"' in html


def test_the_silp_report_of_the_example_has_only_the_deliberate_gap_and_says_why_it_states_no_scale(silp):
    assert [(g.where, g.message) for g in silp.gaps] == [
        ("8.1 The terms of reference and what answers them, Q5", Q5_GAP)]
    assert any("states no scale" in w for w in silp.warnings)


def test_the_silp_analysis_answers_the_terms_of_reference_question_by_question(silp):
    findings = section(silp.html(), "findings")
    headings = re.findall(r'<h3 id="tor-(Q\d)"', findings)
    assert headings == ["Q1", "Q2", "Q3", "Q4", "Q5", "Q6"]
    under_q2 = findings[findings.index('id="tor-Q2"'):findings.index('id="tor-Q3"')]
    assert 'id="finding-F3"' in under_q2 and 'id="finding-F7"' in under_q2
    under_q5 = findings[findings.index('id="tor-Q5"'):findings.index('id="tor-Q6"')]
    assert "No finding answers Q5 yet." in under_q5
    assert "Practice theme: Cognitive biases" in findings       # the tool's own themes, labelled as such


def test_the_silp_variant_holds_only_files_that_differ_from_the_scie_content():
    variant = EXAMPLE / "authored" / "methodologies" / "silp"
    files = sorted(p for p in variant.rglob("*") if p.is_file())
    assert files
    for path in files:
        shared = EXAMPLE / "authored" / path.relative_to(variant)
        assert not shared.exists() or shared.read_bytes() != path.read_bytes(), path
