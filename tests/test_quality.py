"""The 18 quality markers as data, and build/quality.* (the timescales: tests/test_process_clocks.py)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

import yaml_files
from conftest import make_review
from reviewbench.config import load_review
from reviewbench.errors import ReviewConfigError
from reviewbench.intake.ingest import ingest, write_ingest
from reviewbench.process.packs import load_pack, pack_ids
from reviewbench.publication import check_review
from reviewbench.quality import Marker, markers_in_force, quality_markers, reviewer_assessments
from reviewbench.quality.evidence import CHECKS
from reviewbench.quality.markers import marker_citation

D = dt.date


# -- the quality markers --------------------------------------------------------------------------
def test_the_eighteen_markers_are_data_in_scie_order():
    markers = quality_markers()
    assert [m.number for m in markers] == list(range(1, 19))
    assert markers[5].name == "Commissioning" and markers[12].name == "Analysis"
    assert [m.stage for m in markers].count("setup") == 5 and markers[-1].stage == "outputs"
    assert all(m.statement and m.prompts for m in markers)
    assert {e for m in markers for e in m.evidence} <= set(CHECKS)
    assert len({m.id for m in markers}) == 18


def test_reviewer_assessment_by_id_number_or_name(tmp_path):
    folder = make_review(tmp_path / "r")
    (folder / "authored" / "quality.yaml").write_text(
        "13-analysis: {status: partly, evidence: Hindsight addressed in section 4.}\n"
        "17: {status: n/a, evidence: Not for publication.}\n"
        "Governance: met\n", encoding="utf-8")
    found = reviewer_assessments(load_review(folder))
    assert found["13-analysis"].status == "partly"
    assert found["17-publication"].status == "n/a"
    assert found["07-governance"].status == "met"


def test_reviewer_assessment_missing_file_means_not_assessed(tmp_path):
    assert reviewer_assessments(load_review(make_review(tmp_path / "r"))) is None


@pytest.mark.parametrize("text, words", [
    ("13-analyis: {status: met}\n", ["13-analyis", "13-analysis"]),
    ("13: {status: done}\n", ["13.status", "met, partly"]),
])
def test_reviewer_assessment_errors_name_the_key(tmp_path, text, words):
    folder = make_review(tmp_path / "r")
    (folder / "authored" / "quality.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ReviewConfigError) as err:
        reviewer_assessments(load_review(folder))
    for word in words:
        assert word in str(err.value)


# -- check writes build/quality.json and quality.md ---------------------------------------------------
@pytest.fixture
def assessed_review(tmp_path):
    folder = make_review(tmp_path / "r", dates={"aware": "2021-12-23", "notification": "2022-01-05",
                                                "decision": "2022-02-01"})
    (folder / "agency_reports" / "police.csv").write_text(
        "Date;Details;Action taken\n10/05/2022;Strategy discussion with CSC;PPN submitted\n", encoding="utf-8")
    write_ingest(ingest(load_review(folder), progress=False))
    entry = (folder / "build" / "chronology.csv").read_text(encoding="utf-8").splitlines()[1].split(",")[0]
    authored = folder / "authored"
    (authored / "findings.yaml").write_text(yaml_files.safe_dump({"findings": [
        {"id": "F1", "title": "Referrals were not followed up", "category": "tools", "evidence": [entry]},
        {"id": "F2", "title": "No evidence yet", "category": "management-systems"},
    ]}), encoding="utf-8")
    (authored / "recommendations.yaml").write_text(yaml_files.safe_dump({"recommendations": [
        {"id": "R1", "text": "Audit referrals", "owner": "Partnership", "due": "2023-03-31"},
    ]}), encoding="utf-8")
    (authored / "contributions").mkdir()
    (authored / "contributions" / "learning-event.md").write_text(
        "---\nkind: practitioner\nrole: Social worker\n---\nWith hindsight it is easy to see...\n",
        encoding="utf-8")
    (authored / "quality.yaml").write_text("5: {status: met, evidence: Terms of reference agreed.}\n", encoding="utf-8")
    (folder / "private" / "names.yaml").write_text("names:\n  Jane Example: Mother\n", encoding="utf-8")
    (folder / "build" / "report.html").write_text("<html><body><h1>Report</h1><p>Child T.</p></body></html>",
                                                  encoding="utf-8")
    return folder


def test_check_writes_quality_with_timescales_evidence_and_markers(assessed_review):
    result = check_review(assessed_review, today=D(2022, 1, 20))
    data = json.loads((assessed_review / "build" / "quality.json").read_text(encoding="utf-8"))
    timescales = {t["id"]: t for t in data["timescales"]}
    assert data["as_of"] == "2022-01-20"
    assert timescales["notification"].items() >= {"due": "2022-01-04", "actual": "2022-01-05", "status": "late",
                                                  "flagged": True}.items()
    assert timescales["rapid_review"]["status"] == "overdue" and timescales["rapid_review"]["due"] == "2022-01-18"
    assert timescales["completion"].items() >= {"due": "2022-08-01", "status": "due", "flagged": False}.items()
    evidence = data["evidence"]
    assert evidence["scope_set"]["status"] == "met"
    assert evidence["submissions_received"]["status"] == "partly"          # 1 of 5 agencies
    assert "Children's Social Care" in evidence["submissions_received"]["detail"]
    assert evidence["practitioner_contributions"]["status"] == "met"
    assert evidence["family_contributions"]["status"] == "not-met"
    assert evidence["findings_linked"]["status"] == "partly" and "F2" in evidence["findings_linked"]["detail"]
    assert evidence["recommendations_owned"]["status"] == "met"
    assert evidence["hindsight_statement"]["status"] == "met"
    assert evidence["timescales_met"]["status"] == "not-met"
    assert evidence["publication_safe"]["status"] == "met"
    marker5 = next(m for m in data["markers"] if m["number"] == 5)
    assert marker5["reviewer"] == {"status": "met", "evidence": "Terms of reference agreed."}
    assert next(m for m in data["markers"] if m["number"] == 6)["reviewer"]["status"] == "not assessed"
    # the decision on a local review (2022-02-01, after the as-of day: a plan) is due with the rapid review
    assert timescales["decision"].items() >= {"due": "2022-01-18", "actual": None, "status": "overdue"}.items()
    assert result.ok and [t["id"] for t in result.flagged_timescales] == ["notification", "rapid_review", "decision"]
    md = (assessed_review / "build" / "quality.md").read_text(encoding="utf-8")
    assert "**OVERDUE**" in md and "**LATE**" in md and "13. Analysis" in md
    assert any("Timescale OVERDUE" in line for line in result.lines())


def test_findings_citing_unknown_entries_are_not_linked(assessed_review):
    (assessed_review / "authored" / "findings.yaml").write_text(
        "findings:\n- {id: F1, title: T, category: tools, evidence: [CSC-00000000]}\n", encoding="utf-8")
    check_review(assessed_review, today=D(2022, 1, 20))
    data = json.loads((assessed_review / "build" / "quality.json").read_text(encoding="utf-8"))
    assert data["evidence"]["findings_linked"]["status"] == "partly"
    assert "CSC-00000000" in data["evidence"]["findings_linked"]["detail"]


def test_authored_files_with_problems_make_their_checks_unknown_naming_the_problem(assessed_review):
    (assessed_review / "authored" / "findings.yaml").write_text(
        "findings:\n- {id: F1, title: T, category: no-such-category}\n", encoding="utf-8")
    check_review(assessed_review, today=D(2022, 1, 20))
    evidence = json.loads((assessed_review / "build" / "quality.json").read_text(encoding="utf-8"))["evidence"]
    for key in ("findings_linked", "recommendations_owned", "practitioner_contributions"):
        assert evidence[key]["status"] == "unknown"
        assert "no-such-category" in evidence[key]["detail"]
    assert evidence["scope_set"]["status"] == "met"


def test_quality_json_is_the_same_for_the_same_as_of_day(assessed_review):
    check_review(assessed_review, today=D(2022, 1, 20))
    first = (assessed_review / "build" / "quality.json").read_bytes()
    check_review(assessed_review, today=D(2022, 1, 20))
    assert (assessed_review / "build" / "quality.json").read_bytes() == first


# -- checked against the rules pack in force (issue 14, item 6) ----------------------------------------
ENGLAND_ONLY = ("national Panel", "rapid review", "Secretary of State", "Ofsted")


def test_every_marker_cites_its_source_and_every_process_prompt_a_rule_of_a_pack():
    markers = quality_markers()
    assert all(marker_citation(m).startswith("SCIE/NSPCC, Serious Case Review Quality Markers") for m in markers)
    assert len({marker_citation(m) for m in markers}) == 18               # each its own section
    rules = {r.id for p in pack_ids() for r in load_pack(p).rules}
    tied = [p for m in markers for p in m.prompts if p.rule]
    assert tied and {p.rule for p in tied} <= rules
    # a prompt about England's statutory steps is tied to the rule it asks about, never asked of every pack
    assert all(p.rule for m in markers for p in m.prompts if any(word in p.text for word in ENGLAND_ONLY))


def _check(folder, jurisdiction: str) -> dict:
    config = yaml_files.safe_load((folder / "review.yaml").read_text(encoding="utf-8"))
    (folder / "review.yaml").write_text(yaml_files.safe_dump({**config, "jurisdiction": jurisdiction}), encoding="utf-8")
    check_review(folder, today=D(2022, 1, 20))
    return json.loads((folder / "build" / "quality.json").read_text(encoding="utf-8"))


def test_a_wales_review_is_checked_against_the_wales_pack_and_asked_nothing_english(assessed_review):
    data = _check(assessed_review, "wales")
    assert data["pack"] == {"id": "wales-susr-2024", "version": load_pack("wales-susr-2024").version,
                            "title": load_pack("wales-susr-2024").title}
    asked = [text for m in data["markers"] for text in [m["name"], m["statement"], *m["prompts"]]]
    assert not [t for t in asked if any(word in t for word in ENGLAND_ONLY)]
    assert not [t for t in asked if "safeguarding partners" in t]
    names = {m["number"]: m["name"] for m in data["markers"]}
    assert names[3] == "Advising the regional safeguarding board"
    assert names[16] == "Written response of the regional safeguarding board"
    decision = next(m for m in data["markers"] if m["number"] == 2)
    assert [r["rule"] for r in decision["rules"]] == ["susr_decision"]
    assert "Single unified safeguarding review guidance" in decision["rules"][0]["citation"]
    skipped = " ".join(data["markers_skipped"])
    assert "'rapid_review', which the rules pack wales-susr-2024 does not have" in skipped
    assert "'sent_to_panel'" in skipped and "susr_decision" not in skipped
    assert all(m["citation"] for m in data["markers"]) and len(data["markers"]) == 18
    md = (assessed_review / "build" / "quality.md").read_text(encoding="utf-8")
    assert "Checked against the rules pack wales-susr-2024" in md and "Not asked of a review under" in md


def test_an_england_review_is_asked_the_panel_steps_citing_its_pack(assessed_review):
    data = _check(assessed_review, "england")
    assert data["pack"]["id"] == "england-wt2023"
    rules = {r["rule"]: r for m in data["markers"] for r in m["rules"]}
    assert {"notification", "rapid_review", "decision", "sent_to_panel"} <= set(rules)
    assert rules["rapid_review"]["citation"].startswith("Working Together to Safeguard Children 2023")
    assert any("susr_decision" in line for line in data["markers_skipped"])
    assert next(m for m in data["markers"] if m["number"] == 16)["name"] == \
        "Written response of the safeguarding partners"


def test_a_rule_the_reviews_timescales_turn_off_is_not_asked_and_said_so(assessed_review):
    (assessed_review / "timescales.yaml").write_text("rules:\n  - {id: take_down, enabled: false}\n",
                                                     encoding="utf-8")
    data = _check(assessed_review, "england")
    assert "take_down" not in {r["rule"] for m in data["markers"] for r in m["rules"]}
    assert any("'take_down', which the review's timescales.yaml turns off" in line for line in data["markers_skipped"])


def test_a_marker_of_one_process_is_not_assessed_under_another_pack():
    england_only = Marker.model_validate({
        "id": "99-example", "number": 99, "name": "An England-only example", "stage": "setup",
        "citation": {"document": "A fictional protocol", "section": "1"}, "applies": ["england"],
        "statement": "Fictional.", "prompts": ["Fictional?"]})
    wales = load_pack("wales-susr-2024")
    found = markers_in_force(wales, {r.id for r in wales.rules}, (england_only,))
    assert found.markers == () and "belongs to england, not to the rules pack wales-susr-2024" in found.skipped[0]
    england = load_pack("england-wt2018")
    assert markers_in_force(england, set(), (england_only,)).markers[0].id == "99-example"
    with pytest.raises(ValueError, match="'scotland', which is neither a jurisdiction nor a rules pack"):
        Marker.model_validate({**england_only.model_dump(), "applies": ["scotland"]})


def test_a_markers_earlier_name_is_still_a_key_of_the_reviewers_assessment(tmp_path):
    folder = make_review(tmp_path / "r")
    (folder / "authored" / "quality.yaml").write_text("Board written response: met\nAdvising board members: partly\n",
                                                      encoding="utf-8")
    found = reviewer_assessments(load_review(folder))
    assert found["16-board-written-response"].status == "met" and found["03-advising-board-members"].status == "partly"
