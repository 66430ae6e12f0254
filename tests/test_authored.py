"""Authored content (authored/): reading with checks that name file, item and problem; the
write side the workbench uses (atomic, checked, never over a change made by hand)."""

from __future__ import annotations

import datetime as dt
import shutil
import stat
from pathlib import Path

import pytest

import yaml_files
from conftest import EXAMPLE
from reviewbench.authored import (
    KPE,
    Contribution,
    load_authored,
    save_authored,
    save_contribution,
    save_findings,
    save_kpes,
    save_section,
)
from reviewbench.authored.models import Finding, Recommendation, id_list
from reviewbench.authored.tags import EntryTags
from reviewbench.chronology import read_chronology
from reviewbench.config import load_review
from reviewbench.errors import AuthoredError, ReviewbenchError
from reviewbench.intake.ingest import ingest, write_ingest


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, list[str]]:
    """The example, ingested once: its folder (kept pristine) and its entry ids."""
    root = tmp_path_factory.mktemp("authored") / "child-t"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("build"))
    write_ingest(ingest(load_review(root), progress=False))
    ids = read_chronology(root / "build" / "chronology.csv", columns=["entry_id"])["entry_id"].tolist()
    return root, ids


@pytest.fixture
def review(built, tmp_path) -> Path:
    """A private copy of the built example to change."""
    target = tmp_path / "child-t"
    shutil.copytree(built[0], target)
    return target


def _edit_yaml(path: Path, change) -> None:
    data = yaml_files.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml_files.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _problems(review: Path, ids, **kw) -> list[str]:
    with pytest.raises(AuthoredError) as err:
        load_authored(load_review(review), ids, **kw)
    return err.value.problems


# -- reading ----------------------------------------------------------------------------------

@pytest.mark.slow
def test_the_example_authored_content_loads_and_cites_real_entries(built):
    root, ids = built
    authored = load_authored(load_review(root), ids)
    assert [k.id for k in authored.kpes] == [f"KPE{i}" for i in range(1, 8)]
    assert [f.id for f in authored.findings] == [f"F{i}" for i in range(1, 7)]
    assert {f.category for f in authored.findings} == set(authored.methodology.typology.ids)
    assert all(f.extra["issues_for_partners"] for f in authored.findings)
    assert [r.id for r in authored.recommendations] == ["R1", "R2", "R3", "R4"]
    assert {c.kind for c in authored.contributions} == {"practitioner", "family"}
    assert "overview" in authored.sections and "participants" not in authored.sections
    cited = {e for k in authored.kpes for e in k.entries} | {e for f in authored.findings for e in f.evidence
                                                             if "-" in e}
    assert cited <= set(ids) and len(cited) > 40
    assert set(authored.files()) >= {"authored/kpes.yaml", "authored/findings.yaml"}


@pytest.mark.slow
def test_evidence_naming_no_entry_or_kpe_is_an_error_naming_the_finding(review, built):
    _edit_yaml(review / "authored" / "findings.yaml",
               lambda d: d["findings"][1]["evidence"].append("CSC-deadbeef"))
    problems = _problems(review, built[1])
    assert problems == ["authored/findings.yaml, finding F2: evidence 'CSC-deadbeef' is not an entry of the "
                        "chronology or a KPE id."]


def test_a_near_miss_gets_did_you_mean(review, built):
    _edit_yaml(review / "authored" / "findings.yaml", lambda d: d["findings"][0].update(evidence=["KPE01"]))
    assert "(did you mean 'KPE1'?)" in _problems(review, built[1])[0]


def test_a_category_outside_the_typology_is_an_error(review, built):
    _edit_yaml(review / "authored" / "findings.yaml", lambda d: d["findings"][4].update(category="tool"))
    problem = _problems(review, built[1])[0]
    assert problem.startswith("authored/findings.yaml, finding F5: category 'tool' is not a category of "
                              "scie-learning-together (did you mean 'tools'?)")


def test_the_same_findings_under_another_methodology_name_each_problem(review, built):
    shutil.rmtree(review / "authored" / "methodologies")        # the base's SCIE findings, read as RCA's
    problems = _problems(review, built[1], methodology="rca")
    assert any("finding F1: category 'longer-term-work' is not a category of rca" in p for p in problems)
    assert any("finding F1: 'issues_for_partners' (or its old name 'issues_for_board') is not a field of findings "
               "in rca" in p for p in problems)
    assert len(problems) > 10                  # every problem at once, not the first one only


def test_kpe_problems_name_the_kpe_and_the_key(review, built):
    def change(d):
        d["kpes"][2]["entries"].append("HV-00000000")
        d["kpes"][3]["end"] = "2021-01-01"
        d["kpes"][4]["start"] = "14/07/2022"
    _edit_yaml(review / "authored" / "kpes.yaml", change)
    problems = _problems(review, built[1])
    assert "authored/kpes.yaml, KPE KPE3: entry 'HV-00000000' is not an entry of the chronology." in problems
    assert any(p.startswith("authored/kpes.yaml, KPE KPE4:") and "end (2021-01-01) is before start" in p
               for p in problems)
    assert any(p.startswith("authored/kpes.yaml, KPE KPE5: key 'start' must be a date written YYYY-MM-DD")
               for p in problems)


def test_duplicate_ids_unknown_keys_and_bad_references(review, built):
    _edit_yaml(review / "authored" / "kpes.yaml", lambda d: d["kpes"][1].update(id="KPE1"))
    _edit_yaml(review / "authored" / "recommendations.yaml",
               lambda d: d["recommendations"][0].update(findings=["F9"], ownr="me"))
    problems = _problems(review, built[1])
    assert "authored/kpes.yaml: the id 'KPE1' is used by more than one KPE; give each its own id." in problems
    assert any(p.startswith("authored/recommendations.yaml, recommendation R1: finding 'F9' is not in "
                            "authored/findings.yaml") for p in problems)
    assert any("recommendation R1: 'ownr' is not a field of recommendations in scie-learning-together "
               "(did you mean 'owner'?)" in p for p in problems)


def test_invalid_yaml_names_the_file_and_line(review, built):
    (review / "authored" / "kpes.yaml").write_text("kpes:\n- id: KPE1\n  title: [unclosed\n", encoding="utf-8")
    problem = _problems(review, built[1])[0]
    assert problem.startswith("authored/kpes.yaml, line ") and "is not valid YAML" in problem


def test_contributions_need_a_front_matter_with_a_known_kind(review, built):
    folder = review / "authored" / "contributions"
    (folder / "no-front.md").write_text("Just text.\n", encoding="utf-8")
    (folder / "bad-kind.md").write_text("---\nkind: manager\nrole: Team manager\n---\nText.\n", encoding="utf-8")
    (folder / "bad-kpe.md").write_text("---\nkind: practitioner\nrole: GP\nkpe: KPE99\n---\nText.\n",
                                       encoding="utf-8")
    problems = _problems(review, built[1])
    assert any(p.startswith("authored/contributions/no-front.md: must start with a front matter") for p in problems)
    assert any(p.startswith("authored/contributions/bad-kind.md: key 'kind'") for p in problems)
    assert any(p.startswith("authored/contributions/bad-kpe.md: kpe 'KPE99' is not in authored/kpes.yaml")
               for p in problems)


def test_without_the_chronology_entry_references_wait_but_kpe_references_are_checked(review):
    authored = load_authored(load_review(review), None)
    assert len(authored.findings) == 6
    _edit_yaml(review / "authored" / "findings.yaml", lambda d: d["findings"][0].update(evidence=["KPE42"]))
    assert "evidence 'KPE42' is not an entry of the chronology or a KPE id" in _problems(review, None)[0]


def test_a_section_file_not_in_the_outline_is_a_warning_not_an_error(review, built):
    (review / "authored" / "sections" / "introdution.md").write_text("Typo in the name.\n", encoding="utf-8")
    authored = load_authored(load_review(review), built[1])
    assert any("authored/sections/introdution.md is not a text section" in w for w in authored.warnings)


# -- writing ------------------------------------------------------------------------------------

def test_saving_kpes_round_trips_and_leaves_no_temporary_file(review, built):
    authored = load_authored(load_review(review), built[1])
    kpes = authored.kpes + [KPE(id="KPE8", title="A new episode", start=dt.date(2022, 8, 12),
                                entries=["HSG-69ae99ea"], appraisal="Line one.\nLine two.")]
    path = save_kpes(authored, kpes)
    assert path == review / "authored" / "kpes.yaml"
    again = load_authored(load_review(review), built[1])
    assert [k.model_dump() for k in again.kpes] == [k.model_dump() for k in kpes]
    assert "appraisal: |-\n" in path.read_text(encoding="utf-8") or "appraisal: |\n" in path.read_text(encoding="utf-8")
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]
    assert stat.S_IMODE(path.stat().st_mode) & 0o044, "a saved file must stay readable by others, as it was"


def test_saving_refuses_to_overwrite_a_hand_edit(review, built):
    authored = load_authored(load_review(review), built[1])
    path = review / "authored" / "findings.yaml"
    hand = path.read_text(encoding="utf-8").replace("Referrals are screened one at a time",
                                                    "Referrals are screened one by one")
    path.write_text(hand, encoding="utf-8")
    with pytest.raises(ReviewbenchError) as err:
        save_findings(authored, authored.findings)
    assert "authored/findings.yaml was changed on disk since it was loaded" in str(err.value)
    assert "edited it by hand" in str(err.value) and "nothing was overwritten" in str(err.value)
    assert path.read_text(encoding="utf-8") == hand


def test_saving_refuses_a_file_created_since_loading(review, built):
    authored = load_authored(load_review(review), built[1])
    with pytest.raises(ReviewbenchError, match="was created on disk since it was loaded"):
        (review / "authored" / "sections" / "participants.md").write_text("By hand.\n", encoding="utf-8")
        save_section(authored, "participants", "From the workbench.")
    assert (review / "authored" / "sections" / "participants.md").read_text(encoding="utf-8") == "By hand.\n"


def test_saving_checks_first_and_writes_nothing_when_wrong(review, built):
    authored = load_authored(load_review(review), built[1])
    path = review / "authored" / "findings.yaml"
    before = path.read_bytes()
    bad = [f.model_copy(update={"evidence": ["CSC-deadbeef"]}) if f.id == "F2" else f for f in authored.findings]
    with pytest.raises(AuthoredError, match="finding F2: evidence 'CSC-deadbeef'"):
        save_findings(authored, bad)
    assert path.read_bytes() == before


def test_saving_after_a_save_is_allowed_and_sections_and_contributions_save(review, built):
    authored = load_authored(load_review(review), built[1])
    save_section(authored, "participants", "The case group and the review team, by role.")
    save_section(authored, "participants", "Updated again from the workbench.")
    save_contribution(authored, Contribution(id="school-nurse", kind="practitioner", role="School nurse",
                                             kpe="KPE7", body="I was not invited to the core group."))
    again = load_authored(load_review(review), built[1])
    assert again.section("participants") == "Updated again from the workbench."
    assert [c for c in again.contributions if c.id == "school-nurse"][0].kpe == "KPE7"


def test_save_authored_writes_only_what_changed(review, built):
    authored = load_authored(load_review(review), built[1])
    authored.sections["good-practice"] = "Rewritten."
    kpes_before = (review / "authored" / "kpes.yaml").stat().st_mtime_ns
    written = save_authored(authored)
    assert review / "authored" / "sections" / "good-practice.md" in written
    assert (review / "authored" / "kpes.yaml").stat().st_mtime_ns == kpes_before or \
        review / "authored" / "kpes.yaml" in written           # rewritten only if its text differs
    assert load_authored(load_review(review), built[1]).section("good-practice") == "Rewritten."


# -- id lists -------------------------------------------------------------------------------------

@pytest.mark.parametrize("written", ["KPE1; CSC-1", "KPE1,CSC-1", "KPE1 CSC-1", " KPE1 ;\n CSC-1, ",
                                     ["KPE1", " CSC-1 ", ""], ("KPE1", "CSC-1", "KPE1")])
def test_an_id_list_reads_the_same_however_it_is_written(written):
    """One reading everywhere: authored items, tags, and what is typed in the workbench (``id_list``)."""
    ids = ["KPE1", "CSC-1"]
    assert id_list(written) == ids
    assert Finding(id="F1", title="T", category="c", evidence=written).evidence == ids
    assert KPE(id="KPE9", title="T", start=dt.date(2022, 3, 1), entries=written).entries == ids
    assert Recommendation(id="R1", text="T", findings=written).findings == ids
    assert EntryTags(themes=written).themes == ids


@pytest.mark.parametrize("blank", [None, "", " ; , \n", [], ["", " "]])
def test_a_blank_id_list_is_empty(blank):
    assert id_list(blank) == [] and Finding(id="F1", title="T", category="c", evidence=blank).evidence == []


def test_a_mapping_is_not_an_id_list(review, built):
    findings = review / "authored" / "findings.yaml"
    _edit_yaml(findings, lambda d: d["findings"][0].update(evidence={"KPE1": "why"}))
    problems = _problems(review, built[1])
    assert any(p.startswith("authored/findings.yaml, finding F1: key 'evidence': must be a list of ids")
               for p in problems)


def test_evidence_written_by_hand_with_semicolons_is_read_as_ids(review, built):
    entry = built[1][0]
    _edit_yaml(review / "authored" / "findings.yaml", lambda d: d["findings"][0].update(evidence=f"KPE1; {entry}"))
    authored = load_authored(load_review(review), built[1])
    assert authored.findings[0].evidence == ["KPE1", entry]
