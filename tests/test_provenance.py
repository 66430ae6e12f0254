"""The manifest records what a build came from; verify re-runs it and names every difference."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path

import pytest

from conftest import make_review
from reviewbench.config import load_review
from reviewbench.intake.ingest import ingest, write_ingest
from reviewbench.provenance import read_manifest, write_manifest
from reviewbench.provenance.compare import explain_csv, explain_json
from reviewbench.provenance.content import content_digest
from reviewbench.publication import check_review
from reviewbench.verify import verify_review

CSC = ("Date,Details,Action taken\n"
       "03/03/2022,Home visit: Tamsin Example's flat was cold,Case note\n"
       "10/05/2022,Strategy discussion with police and HV,S47 agreed\n"
       "12/05/2022,Child protection conference,CP plan\n")
POLICE = ("Date;Summary;Action taken\n"
          "10/05/2022;Strategy discussion with CSC;PPN submitted\n"
          "11/05/2022;Call to the address;No further action\n")


def _build(folder: Path, *, graph: bool = False, check: bool = False) -> Path:
    review = load_review(folder)
    write_ingest(ingest(review, progress=False))
    write_manifest(review, step="ingest")
    if graph:
        from reviewbench.network import graph_review
        graph_review(folder)
        write_manifest(review, step="graph")
    if check:
        check_review(folder, today=dt.date(2023, 1, 1))
        write_manifest(review, step="check")
    return folder


@pytest.fixture
def built(tmp_path: Path) -> Path:
    folder = make_review(tmp_path / "child-x", dates={"aware": "2022-05-09"})
    (folder / "agency_reports" / "csc_chronology.csv").write_text(CSC, encoding="utf-8")
    (folder / "agency_reports" / "police.csv").write_text(POLICE, encoding="utf-8")
    (folder / "authored" / "findings.yaml").write_text("- {id: F1, title: Referrals, evidence: []}\n", encoding="utf-8")
    (folder / "private" / "names.yaml").write_text("names:\n  Tamsin Example: Mother\n", encoding="utf-8")
    return _build(folder)


def _flip_byte(path: Path, old: bytes, new: bytes) -> None:
    data = path.read_bytes()
    assert data.count(old) >= 1 and len(old) == len(new)
    path.write_bytes(data.replace(old, new, 1))


# -- the manifest -----------------------------------------------------------------------------------
def test_manifest_records_inputs_outputs_methodology_and_versions(built):
    manifest = read_manifest(load_review(built))
    inputs = {r["path"]: r for r in manifest["inputs"]}
    assert set(inputs) == {"review.yaml", "agency_reports/csc_chronology.csv", "agency_reports/police.csv",
                           "authored/findings.yaml"}
    assert all(len(r["sha256"]) == 64 for r in inputs.values())
    outputs = {r["path"] for r in manifest["outputs"]}
    assert {"build/chronology.csv", "build/chronology.xlsx", "build/chronology.json",
            "build/ingest_report.json"} <= outputs
    assert "build/manifest.json" not in outputs and not any("staging" in p for p in outputs)
    xlsx = next(r for r in manifest["outputs"] if r["path"] == "build/chronology.xlsx")
    assert len(xlsx["content_sha256"]) == 64
    assert manifest["methodology"]["id"] == "scie-learning-together" and "version" in manifest["methodology"]
    assert {"python", "reviewbench", "pandas", "openpyxl", "python-docx", "networkx", "matplotlib",
            "nbconvert", "papermill"} <= set(manifest["packages"])
    assert manifest["steps"] == {"ingest": {}}
    dt.datetime.fromisoformat(manifest["created"])


def test_the_register_is_recorded_by_its_hash_only(built):
    text = (built / "build" / "manifest.json").read_text(encoding="utf-8")
    manifest = json.loads(text)
    assert [r["path"] for r in manifest["private"]] == ["private/names.yaml"]
    assert "Mother" not in text and "private/names.yaml" not in {r["path"] for r in manifest["inputs"]}
    assert not list((built / "build").rglob("names.yaml"))


def test_steps_and_their_options_are_kept_across_calls(built):
    review = load_review(built)
    write_manifest(review, step="render", options={"publish": True})
    write_manifest(review, step="check")
    assert read_manifest(review)["steps"] == {"ingest": {}, "render": {"publish": True}, "check": {}}


def test_only_files_under_build_can_be_recorded(built):
    from reviewbench.errors import ReviewbenchError
    with pytest.raises(ReviewbenchError, match="not a file under"):
        write_manifest(load_review(built), [built / "review.yaml"])


def test_office_timestamps_are_not_content(built, tmp_path):
    original = built / "build" / "chronology.xlsx"
    later = tmp_path / "later.xlsx"
    with zipfile.ZipFile(original) as src, zipfile.ZipFile(later, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = data.replace(b"<dcterms:modified", b"<dcterms:modified").replace(
                    data[data.index(b"W3CDTF\">") + 8:data.index(b"</dcterms:created>")], b"2031-01-01T00:00:00Z")
            dst.writestr(info.filename, data)
    assert later.read_bytes() != original.read_bytes()
    assert content_digest(later) == content_digest(original)


# -- verify -------------------------------------------------------------------------------------------
@pytest.mark.slow
def test_verify_passes_on_a_fresh_build_with_network_and_quality(built):
    _build(built, graph=True, check=True)
    result = verify_review(built)
    assert result.ok, result.lines()
    assert {"chronology.csv", "chronology.xlsx", "ingest_report.json", "network/metrics.json",
            "network/swimlane.png", "quality.json", "quality.md"} <= set(result.compared)
    assert result.lines()[-1].startswith("Verified")


def test_verify_without_a_manifest_says_to_build_first(tmp_path):
    folder = make_review(tmp_path / "r")
    result = verify_review(folder)
    assert not result.ok
    assert "run 'reviewbench ingest'" in result.problems[0] and "manifest.json" in result.problems[0]


def test_one_byte_changed_in_a_raw_file_is_named_with_the_rows_it_changes(built):
    before = (built / "build" / "chronology.csv").read_text(encoding="utf-8").splitlines()
    entry = next(line.split(",")[0] for line in before if "cold" in line)
    _flip_byte(built / "agency_reports" / "csc_chronology.csv", b"cold", b"cole")
    result = verify_review(built)
    assert not result.ok
    assert "agency_reports/csc_chronology.csv changed since the build (its SHA-256 is not the one in the manifest)." \
        in result.problems
    row = next(p for p in result.problems if p.startswith("chronology.csv:"))
    assert f"1 row differs (1 changed), first at row 2, entry {entry} in the build (columns entry_id, description)" in row
    assert any(p.startswith("chronology.json: first difference at key [0].entry_id") for p in result.problems)


def test_one_byte_changed_in_an_authored_file_is_named(built):
    _flip_byte(built / "authored" / "findings.yaml", b"Referrals", b"Referralz")
    result = verify_review(built)
    assert result.problems == ["authored/findings.yaml changed since the build (its SHA-256 is not the one in "
                               "the manifest)."]


def test_one_byte_changed_in_a_build_artefact_is_named(built):
    _flip_byte(built / "build" / "chronology.csv", b"S47 agreed", b"S48 agreed")
    result = verify_review(built)
    assert "build/chronology.csv was changed after the build (its SHA-256 is not the one in the manifest)." \
        in result.problems
    assert any(p.startswith("chronology.csv: 1 row differs (1 changed), first at row 3") and "(column outcome)" in p
               for p in result.problems)
    assert not any(p.startswith("agency_reports/") for p in result.problems)


def test_a_changed_register_is_named_without_naming_anyone(built):
    (built / "private" / "names.yaml").write_text("names:\n  Tamsin Example: Mum\n", encoding="utf-8")
    result = verify_review(built)
    assert result.problems == ["private/names.yaml (the names register) changed since the build."]


def test_added_removed_and_unrecorded_files_are_named(built):
    (built / "agency_reports" / "police.csv").unlink()
    (built / "authored" / "kpes.yaml").write_text("[]\n", encoding="utf-8")
    (built / "build" / "notes.txt").write_text("by hand\n", encoding="utf-8")
    problems = verify_review(built).problems
    assert "agency_reports/police.csv was an input of the build but is no longer there." in problems
    assert "authored/kpes.yaml was added since the build." in problems
    assert "build/notes.txt is not in the manifest: it was written after the last build step, or by hand." in problems


def test_verify_leaves_the_review_untouched(built):
    before = {p: p.read_bytes() for p in built.rglob("*") if p.is_file()}
    verify_review(built)
    assert {p: p.read_bytes() for p in built.rglob("*") if p.is_file()} == before


# -- explaining differences ------------------------------------------------------------------------------
def test_csv_difference_counts_inserted_rows_without_shifting_the_rest(tmp_path):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_text("entry_id,description\nX-1,one\nX-2,two\nX-3,three\n", encoding="utf-8")
    b.write_text("entry_id,description\nX-1,one\nX-9,new\nX-2,two\nX-3,three\n", encoding="utf-8")
    assert explain_csv(a, b) == "1 row differs (1 only in the re-run), first at row 3, entry X-9 in the re-run (not in the build)"
    assert explain_csv(a, a) is None


def test_json_difference_names_the_first_key_path(tmp_path):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.write_text(json.dumps({"files": [{"file": "x", "sha256": "1"}], "rows": 3}), encoding="utf-8")
    b.write_text(json.dumps({"files": [{"file": "x", "sha256": "2"}], "rows": 3}), encoding="utf-8")
    assert explain_json(a, b) == "first difference at key files[0].sha256"
