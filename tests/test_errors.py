"""Errors: one module holds them all, ``str(err)`` is the sentence a reviewer reads, and the place
is also kept as data (``file``, ``location``, ``key``) for a review.yaml typo, a bad authored file
and a corrupt submission."""

from __future__ import annotations

import ast
import pickle

import pytest

import yaml_files
from conftest import REPO, make_review
from reviewbench.authored import load_authored
from reviewbench.build import run_ingest
from reviewbench.config import load_review
from reviewbench.errors import (
    AuthoredError,
    FileProblem,
    IntakeFileError,
    NotebookError,
    ReviewbenchError,
    ReviewConfigError,
)
from reviewbench.intake.readers import read_document

PACKAGE = REPO / "lib" / "reviewbench"


@pytest.mark.slow
def test_every_error_class_of_the_package_is_in_errors_py():
    elsewhere = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "errors.py" and path.parent == PACKAGE:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                bases = [ast.unparse(b) for b in node.bases]
                if any(b.endswith(("Error", "Exception")) for b in bases):
                    elsewhere.append(f"{path.relative_to(PACKAGE)}: class {node.name}({', '.join(bases)})")
    assert not elsewhere, "error classes outside reviewbench/errors.py:\n  " + "\n  ".join(elsewhere)


def test_the_sentence_is_unchanged_by_the_structured_fields():
    plain = ReviewbenchError("is missing.", where="review.yaml", hint="Add it.")
    placed = ReviewbenchError("is missing.", where="review.yaml", hint="Add it.", file="review.yaml",
                              location="line 3", key="scope.start")
    assert str(plain) == str(placed) == "review.yaml: is missing. Add it."
    assert (placed.file, placed.location, placed.key) == ("review.yaml", "line 3", "scope.start")
    assert (plain.file, plain.location, plain.key) == (None, None, None)
    assert str(ReviewConfigError("must be a mapping.", file="/r/review.yaml")) == "/r/review.yaml: must be a mapping."
    assert str(IntakeFileError("agency_reports/gp.docx", "has no table.", location="table 2")) == \
        "agency_reports/gp.docx (table 2): has no table."


def test_the_fields_survive_a_worker_process():
    error = IntakeFileError("agency_reports/gp.docx", "has no table.", location="table 2", hint="Re-send it.")
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is IntakeFileError and str(copy) == str(error)
    assert (copy.file, copy.location, copy.message, copy.hint) == ("agency_reports/gp.docx", "table 2",
                                                                    "has no table.", "Re-send it.")
    notebook = pickle.loads(pickle.dumps(NotebookError("stopped.", notebook="rca.ipynb", cell=4, partial=None)))
    assert (notebook.file, notebook.location, notebook.cell) == ("rca.ipynb", "cell 4", 4)


@pytest.mark.parametrize("typo, key", [
    ({"sorces": []}, "sorces"),
    ({"settings": {"gap_day": 14}}, "settings.gap_day"),
    ({"scope": {"start": "2022-01-01", "end": "soon"}}, "scope.end"),
])
def test_a_typo_in_review_yaml_names_the_file_and_the_key(tmp_path, typo, key):
    folder = make_review(tmp_path / "review", **typo)
    with pytest.raises(ReviewConfigError) as err:
        load_review(folder)
    assert err.value.key == key
    assert err.value.file == str(folder.resolve() / "review.yaml")
    assert str(err.value).startswith(f"{err.value.file}: ")             # the sentence is as before


def test_a_bad_authored_file_names_the_file_the_item_and_the_key(review_dir):
    (review_dir / "authored" / "findings.yaml").write_text(yaml_files.safe_dump({"findings": [
        {"id": "F1", "title": "Fine", "category": "innate-human-biases"},
        {"id": "F2", "title": "Cites what is not there", "category": "innate-human-biases", "evidence": ["KPE42"]},
    ]}), encoding="utf-8")
    with pytest.raises(AuthoredError) as err:
        load_authored(load_review(review_dir), [])
    assert (err.value.file, err.value.location, err.value.key) == ("authored/findings.yaml", "finding F2", "evidence")
    assert err.value.details == [FileProblem("authored/findings.yaml", err.value.details[0].message, "finding F2",
                                             "evidence")]
    assert str(err.value) == f"authored/findings.yaml, finding F2: {err.value.details[0].message}"
    assert "evidence 'KPE42' is not an entry of the chronology or a KPE id" in str(err.value)


def test_an_authored_file_that_is_not_yaml_names_its_line(review_dir):
    (review_dir / "authored" / "kpes.yaml").write_text("kpes:\n- id: KPE1\n  title: [unclosed\n", encoding="utf-8")
    with pytest.raises(AuthoredError) as err:
        load_authored(load_review(review_dir), [])
    assert err.value.file == "authored/kpes.yaml"
    assert err.value.location.startswith("line ")
    assert str(err.value).startswith(f"authored/kpes.yaml, {err.value.location}: is not valid YAML")


def test_a_corrupt_submission_names_the_file(review_dir):
    path = review_dir / "agency_reports" / "police.xlsx"
    path.write_bytes(b"PK\x03\x04 this workbook was cut short")
    with pytest.raises(IntakeFileError) as err:
        read_document(path, "agency_reports/police.xlsx")
    assert err.value.file == "agency_reports/police.xlsx" and "damaged" in err.value.message
    with pytest.raises(ReviewbenchError) as failed:
        run_ingest(load_review(review_dir), progress=False, required="there is nothing to show")
    assert failed.value.file == "agency_reports/police.xlsx"
    assert "the ingest failed, so there is nothing to show" in str(failed.value)
