"""What a methodology asks of its findings, as data: SCIE's priority (the findings listed in its order,
and the report says so), SCIE's evidence that a finding is not peculiar to the case (a marked gap when
missing, which the public edition counts), and the review's scale (review.yaml ``scale:``, one of the
methodology's ``scales:``), built in-process (tests/report_support.py)."""

from __future__ import annotations

import pytest

from report_support import FINDING, KPE, build, section, set_review_yaml, write_review
from reviewbench.errors import AuthoredError, ReviewConfigError

NOT_PECULIAR = "Evidence that it is not peculiar to this case"


def _finding(finding_id: str, priority: str | None, **changes) -> dict:
    item = {**FINDING, "id": finding_id, "title": f"Pattern {finding_id}", "priority": priority, **changes}
    return {k: v for k, v in item.items() if v is not None}


def test_scie_findings_are_listed_by_priority_and_the_report_says_so(tmp_path):
    root = write_review(tmp_path / "review", kpes=[KPE], findings=[
        _finding("F1", "low"), _finding("F2", "high"), _finding("F3", None), _finding("F4", "medium"),
        _finding("F5", "high")])
    html = build(root).html()
    findings = section(html, "findings")
    order = [findings.index(f'id="finding-{f}"') for f in ("F2", "F5", "F4", "F1", "F3")]
    assert order == sorted(order)                 # high (as written), medium, low, then one with none yet
    assert ("The findings are listed in order of priority (high, then medium, then low), as the review team "
            "set it; within each, in the order written.") in findings
    assert "[GAP]</strong> No &#39;Priority&#39; for F3 yet." in findings
    issues = section(html, "issues-for-partners")   # the issues for the partners follow the same order
    assert issues.index("finding-F2") < issues.index("finding-F4") < issues.index("finding-F1")


def test_a_priority_the_methodology_does_not_have_is_refused_with_a_suggestion(tmp_path):
    root = write_review(tmp_path / "review", kpes=[KPE], findings=[_finding("F1", "hihg")])
    with pytest.raises(AuthoredError) as caught:
        build(root)
    assert ("authored/findings.yaml, finding F1: 'priority' must be one of: high, medium, low (found 'hihg') "
            "(did you mean 'high'?).") in str(caught.value)


def test_a_scie_finding_without_wider_evidence_is_a_gap_in_the_draft_and_counted_in_the_public_edition(tmp_path):
    root = write_review(tmp_path / "review", kpes=[KPE], findings=[_finding("F1", "high", wider_evidence=None)])
    draft = build(root)                            # not a validation error: the report is built
    findings = section(draft.html(), "findings")
    assert f"[GAP]</strong> No &#39;{NOT_PECULIAR}&#39; for F1 yet." in findings
    assert "What goes here: What shows the pattern is likely to recur" in findings
    assert "7 Findings, F1" in [g.where for g in draft.gaps]
    public = build(root, publish=True)
    assert "[GAP]" not in section(public.html(), "findings")     # not shown; counted, so render refuses it
    assert [g.message for g in public.gaps if g.where == "7 Findings, F1"] == [f"No '{NOT_PECULIAR}' for F1 yet."]


def test_with_wider_evidence_the_finding_shows_it_and_has_no_gap(tmp_path):
    root = write_review(tmp_path / "review", kpes=[KPE], findings=[_finding("F1", "high")])
    report = build(root)
    assert f"<strong>{NOT_PECULIAR}</strong>" in section(report.html(), "findings")
    assert not [g for g in report.gaps if g.where.endswith(", F1")]


def test_the_scale_of_the_review_is_stated_on_the_front_of_both_editions_and_in_the_provenance(tmp_path):
    root = write_review(tmp_path / "review")
    set_review_yaml(root, scale="focused")
    draft = build(root)
    assert " · Scale: Focused review</p>" in str(draft.parts[0].html)
    assert "<td>Scale</td><td>Focused review (focused)</td>" in section(draft.html(), "provenance")
    assert " · Scale: Focused review</p>" in str(build(root, publish=True).parts[0].html)


def test_a_review_without_a_scale_states_none(tmp_path):
    assert "Scale:" not in str(build(write_review(tmp_path / "review")).parts[0].html)


def test_a_scale_its_methodology_does_not_have_is_refused_naming_review_yaml_with_a_suggestion(tmp_path):
    root = write_review(tmp_path / "review")
    set_review_yaml(root, scale="mid-rnage")
    with pytest.raises(ReviewConfigError) as caught:
        build(root)
    assert str(caught.value).startswith("review.yaml: scale 'mid-rnage' is not a scale of SCIE Learning Together")
    assert "(did you mean 'mid-range'?); use one of: full, intensive, speed-plus, mid-range, focused, themed." \
        in str(caught.value)
    assert caught.value.key == "scale"


def test_rendered_with_a_methodology_without_the_reviews_scale_the_report_says_why_it_states_none(tmp_path):
    root = write_review(tmp_path / "review")
    set_review_yaml(root, scale="mid-range")
    report = build(root, method="silp")             # the review is SCIE's: compared with SILP
    assert "Scale:" not in str(report.parts[0].html)
    assert ("review.yaml's scale 'mid-range' is a scale of SCIE Learning Together (systems model), not of "
            "Significant Incident Learning Process (SILP): this report states no scale.") in report.warnings
    set_review_yaml(root, methodology="silp", scale="mini-silp")
    assert " · Scale: Mini-SILP</p>" in str(build(root, method="silp").parts[0].html)


def test_the_notebook_guide_lists_the_methodologys_scales_and_sources(tmp_path):
    guide = build(write_review(tmp_path / "review")).guide().data
    assert "**Scales** (review.yaml `scale:`)" in guide
    assert "- `mid-range`: Mid-range review. A limited number of conversations with practitioners" in guide
    assert "**Sources**" in guide
    assert ("- Learning together to safeguard children: developing a multi-agency systems approach for case reviews "
            "(Guide 24 / Report 19), Social Care Institute for Excellence (Fish, Munro and Bairstow) (2008), "
            "https://www.scie.org.uk/publications/guides/guide24/.") in guide
