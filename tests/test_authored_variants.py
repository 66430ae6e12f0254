"""Per-methodology authored variants: authored/methodologies/<id>/ replaces the base files of the same
relative path when the review is read with that methodology, file by file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import yaml_files
from reviewbench.authored import load_authored, save_findings, save_section
from reviewbench.authored.store import overlay
from reviewbench.config import load_review
from reviewbench.errors import AuthoredError

RCA = Path("authored") / "methodologies" / "rca"


@pytest.fixture
def review(built_example, tmp_path) -> Path:
    target = tmp_path / "child-t"
    shutil.copytree(built_example, target)
    return target


def _ids(review: Path) -> list[str]:
    import csv
    with (review / "build" / "chronology.csv").open(encoding="utf-8") as handle:
        return [row["entry_id"] for row in csv.DictReader(handle)]


def test_a_variant_file_replaces_the_base_file_and_a_file_only_in_the_base_is_kept(review):
    authored = load_authored(load_review(review), _ids(review), methodology="rca")
    variant = yaml_files.safe_load((review / RCA / "findings.yaml").read_text(encoding="utf-8"))["findings"]
    assert [f.id for f in authored.findings] == [f["id"] for f in variant]          # the variant's, not F1..F6
    base_kpes = yaml_files.safe_load((review / "authored" / "kpes.yaml").read_text(encoding="utf-8"))["kpes"]
    assert [k.id for k in authored.kpes] == [k["id"] for k in base_kpes]          # no kpes.yaml in the variant
    assert authored.section("executive-summary") and authored.section("terms-of-reference")   # variant and base
    assert authored.variant["authored/findings.yaml"] == "authored/methodologies/rca/findings.yaml"
    assert "authored/methodologies/rca/findings.yaml" in authored.files()
    assert "authored/findings.yaml" not in authored.files()                       # not read, not stamped
    scie = load_authored(load_review(review), _ids(review))                       # review.yaml's: the base
    assert [f.id for f in scie.findings] == [f"F{i}" for i in range(1, 7)]


def test_a_variant_section_replaces_the_base_section_of_the_same_name(review):
    (review / RCA / "sections" / "terms-of-reference.md").write_text("The RCA's own terms.\n", encoding="utf-8")
    authored = load_authored(load_review(review), _ids(review), methodology="rca")
    assert authored.section("terms-of-reference") == "The RCA's own terms."
    base = load_authored(load_review(review), _ids(review)).section("terms-of-reference")
    assert base and base != "The RCA's own terms."                               # SCIE still reads the base


def test_a_problem_in_a_variant_file_names_the_variant_file(review):
    path = review / RCA / "fishbone.yaml"
    data = yaml_files.safe_load(path.read_text(encoding="utf-8"))
    data["factors"][0]["category"] = "patient"
    data["factors"][1]["problem"] = "CDP9"
    path.write_text(yaml_files.safe_dump(data, sort_keys=False), encoding="utf-8")
    with pytest.raises(AuthoredError) as err:
        load_authored(load_review(review), _ids(review), methodology="rca")
    problems = err.value.problems
    assert any(p.startswith("authored/methodologies/rca/fishbone.yaml, factor number 1: category 'patient' is "
                            "not a heading of rca") for p in problems), problems
    assert any("factor number 2: problem 'CDP9' is not in authored/methodologies/rca/problems.yaml" in p
               for p in problems), problems
    assert err.value.file == "authored/methodologies/rca/fishbone.yaml"


def test_a_save_writes_the_variant_file_when_it_exists_else_the_base(review):
    authored = load_authored(load_review(review), _ids(review), methodology="rca")
    findings = [f.model_dump() for f in authored.findings]
    findings[0]["title"] = "Notifications are never reconciled"
    base_before = (review / "authored" / "findings.yaml").read_bytes()
    assert save_findings(authored, findings) == review / RCA / "findings.yaml"
    assert "Notifications are never reconciled" in (review / RCA / "findings.yaml").read_text(encoding="utf-8")
    assert (review / "authored" / "findings.yaml").read_bytes() == base_before
    assert save_section(authored, "background", "Variant background.") == review / RCA / "sections" / "background.md"
    assert save_section(authored, "overview", "Base overview.") == review / "authored" / "sections" / "overview.md"


def test_the_overlay_lists_every_variant_file_by_the_base_path_it_replaces(review):
    assert overlay(review, "no-such-methodology") == {}
    mapping = overlay(review, "seips")
    assert mapping["authored/work_system.yaml"] == "authored/methodologies/seips/work_system.yaml"
    assert mapping["authored/sections/summary.md"] == "authored/methodologies/seips/sections/summary.md"
    assert all(v.startswith("authored/methodologies/seips/") for v in mapping.values())
