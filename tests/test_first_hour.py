"""The first hour: ``new`` says what it set and writes a commented skeleton of every authored file;
the notebooks take the review folder from one place, which ``reviewbench lab DIR`` sets."""

from __future__ import annotations

import os
import re
from pathlib import Path

import nbformat
import papermill
import pytest

from conftest import REPO
from reviewbench.authored import LIST_FILES as STORE_LISTS
from reviewbench.authored import load_authored
from reviewbench.authored.skeleton import skeletons, write_skeletons
from reviewbench.build import ensure_built
from reviewbench.cli import main
from reviewbench.config import load_review
from reviewbench.errors import ReviewbenchError
from reviewbench.methodology import get_methodology
from reviewbench.report import open_report
from reviewbench.workbench import lab, launch_lab, workbench_notebook
from reviewbench.workbench.lab import REVIEW_DIR_VARIABLE, lab_environment
from text_files import read

METHODOLOGIES = sorted(p.parent.name for p in (REPO / "methodology").glob("*/method.yaml"))
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
LIST_FILES = {"kpes": "kpes.yaml", "findings": "findings.yaml", "recommendations": "recommendations.yaml",
              "problems": "problems.yaml", "five_whys": "five_whys.yaml", "fishbone": "fishbone.yaml",
              "terms_of_reference": "terms_of_reference.yaml", "work_system": "work_system.yaml"}


def _new(tmp_path: Path, methodology: str, capsys) -> tuple[Path, str]:
    folder = tmp_path / f"child-{methodology}"
    assert main(["new", str(folder), "--methodology", methodology]) == 0
    return folder, capsys.readouterr().out


def _text_sections(methodology: str) -> set[str]:
    method = get_methodology(methodology)
    return {s.text or s.id for s in method.sections() if s.fill == "text"}


def _uncomment(folder: Path) -> None:
    """Do what each skeleton's notes say, to the letter."""
    authored = folder / "authored"
    for path in authored.glob("*.yaml"):            # "remove the '# ' at the start of every line below 'key:'"
        lines = read(path).splitlines()
        key = next(n for n, line in enumerate(lines) if re.fullmatch(r"[a-z_]+:", line))
        path.write_text("\n".join(lines[:key + 1] + [line.removeprefix("# ") for line in lines[key + 1:]]) + "\n",
                        encoding="utf-8")
    for path in (authored / "contributions").glob("*.md"):   # "... the lines 'kind:', 'role:' and 'kpe:'"
        path.write_text(re.sub(r"(?m)^# (kind|role|kpe):", r"\1:", read(path)), encoding="utf-8")
    for path in (authored / "sections").glob("*.md"):        # "write the text below this note"
        path.write_text(read(path) + f"The {path.stem} of this fictional review.\n", encoding="utf-8")


# -- new -----------------------------------------------------------------------------------------------

def test_new_says_what_it_set_and_which_keys_change_it(tmp_path, capsys):
    folder, out = _new(tmp_path, "scie-learning-together", capsys)
    review = load_review(folder)
    assert f"reviewbench templates {folder} " in out and f"reviewbench ingest {folder} " in out   # whole lines
    out = " ".join(out.split())
    assert f"{review.scope.start} to {review.scope.end}" in out
    assert all(agency.name in out for agency in review.agencies) and len(review.agencies) >= 2
    assert str(folder / "review.yaml") in out
    for key in ("scope: {start: YYYY-MM-DD", "'agencies'", "'aliases'", "'code'", "'methodology'"):
        assert key in out
    assert "kpes.yaml" in out and "sections/why-this-case.md" in out and "reviewbench templates" in out


def _skeleton_of(method, input_id: str) -> bool:
    """Whether ``new`` writes a skeleton of the list ``input_id``: the files the methodology reads, and the
    terms of reference (read for every methodology) when its report shows their matrix."""
    if input_id == "terms_of_reference":
        return any(s.table == "terms-of-reference" for s in method.sections())
    return method.uses(input_id)


@pytest.mark.parametrize("methodology", METHODOLOGIES)
def test_new_writes_a_skeleton_of_every_authored_file_and_each_loads_as_nothing(tmp_path, capsys, methodology):
    folder, out = _new(tmp_path, methodology, capsys)
    method = get_methodology(methodology)
    authored = folder / "authored"
    expected = {name for input_id, name in LIST_FILES.items() if _skeleton_of(method, input_id)}
    assert {p.name for p in authored.glob("*.yaml")} == expected
    assert {p.stem for p in (authored / "sections").glob("*.md")} == _text_sections(methodology)
    assert bool(list((authored / "contributions").glob("*.md"))) == method.uses("contributions")
    for path in authored.rglob("*.*"):
        assert path.relative_to(authored).as_posix() in out           # new lists what it wrote
    loaded = load_authored(load_review(folder))
    assert not any(loaded.items(i) for i in LIST_FILES) and loaded.contributions == []
    assert all(loaded.section(name) == "" for name in _text_sections(methodology))
    assert loaded.warnings == []


@pytest.mark.parametrize("methodology", METHODOLOGIES)
def test_the_skeletons_commented_examples_uncommented_are_valid_items(tmp_path, capsys, methodology):
    folder, _ = _new(tmp_path, methodology, capsys)
    method = get_methodology(methodology)
    _uncomment(folder)
    loaded = load_authored(load_review(folder))
    for input_id in LIST_FILES:
        assert len(loaded.items(input_id)) == (1 if _skeleton_of(method, input_id) else 0)
    assert len(loaded.contributions) == (1 if method.uses("contributions") else 0)
    for name in _text_sections(methodology):
        assert loaded.section(name) == f"The {name} of this fictional review."     # the note is not content
    if not method.uses("findings"):                                   # a rapid review
        return
    finding = loaded.findings[0]
    assert finding.category in method.typology.ids
    assert set(finding.extra) == set(method.findings.fields) - (set() if method.uses("problems") else
                                                                {k for k, f in method.findings.fields.items()
                                                                 if f.kind == "problem-refs"})


def test_the_skeletons_notes_teach_the_methodologys_own_fields_and_categories(tmp_path, capsys):
    folder, _ = _new(tmp_path, "rca", capsys)
    method = get_methodology("rca")
    findings = read(folder / "authored" / "findings.yaml")
    for category in method.typology.categories:
        assert f"{category.id}: {category.label}" in findings
    for key, spec in method.findings.fields.items():
        assert re.search(rf"(?m)^#   {key}\*? +{re.escape(spec.label)}", findings)
    assert "root_cause*" in findings and "id*" in findings        # required keys are marked
    problems = read(folder / "authored" / "problems.yaml")
    assert "care (a care delivery problem" in problems and "problems:\n# - id: P1" in problems


@pytest.mark.parametrize("methodology", METHODOLOGIES)
def test_the_skeletons_notes_explain_every_key_an_item_can_have(methodology):
    method = get_methodology(methodology)
    for skeleton in skeletons(method):
        spec = next((s for s in STORE_LISTS.values() if skeleton.path == f"authored/{s.name}"), None)
        if spec is None:
            continue
        extra = {"findings": method.findings.fields, "recommendations": method.recommendations.fields}
        for key in [*spec.model.model_fields, *extra.get(spec.input_id, {})]:
            assert re.search(rf"(?m)^#   {key}\*? ", skeleton.text), f"{skeleton.path} does not explain '{key}'"


def test_a_skeleton_never_replaces_an_authored_file(tmp_path):
    folder = tmp_path / "review"
    (folder / "authored").mkdir(parents=True)
    mine = "kpes:\n- {id: KPE1, title: Mine, start: 2022-01-01}\n"
    (folder / "authored" / "kpes.yaml").write_text(mine, encoding="utf-8")
    written = write_skeletons(folder, get_methodology("scie-learning-together"))
    assert read(folder / "authored" / "kpes.yaml") == mine
    assert "authored/kpes.yaml" not in {s.path for s in written} and "authored/findings.yaml" in {s.path for s in written}


def test_a_note_in_a_section_or_contribution_is_never_content(tmp_path, capsys):
    folder, _ = _new(tmp_path, "silp", capsys)
    section = folder / "authored" / "sections" / "scope.md"
    section.write_text("<!-- a note naming no one -->\nThe period is 2022.\n<!-- and\nanother -->\n", encoding="utf-8")
    contribution = folder / "authored" / "contributions" / "mother.md"
    contribution.write_text("---\nkind: family\nrole: Mother\n---\n<!-- asked at home -->\nShe felt unheard.\n",
                            encoding="utf-8")
    loaded = load_authored(load_review(folder))
    assert loaded.section("scope") == "The period is 2022."
    assert [(c.id, c.body) for c in loaded.contributions] == [("mother", "She felt unheard.")]


@pytest.mark.slow
@pytest.mark.parametrize("methodology", METHODOLOGIES)
def test_a_new_reviews_draft_shows_every_skeleton_as_a_gap(tmp_path, capsys, methodology):
    folder, _ = _new(tmp_path, methodology, capsys)
    (folder / "agency_reports" / "gp_chronology.csv").write_text(
        "Date,Details of contact\n03/03/2022,GP1 saw the mother (fictional)\n", encoding="utf-8")
    ensure_built(folder)
    report = open_report(folder)
    gaps = " | ".join(g.message for g in report.gaps)
    for name in _text_sections(methodology):                 # every section skeleton, notes and all
        assert f"authored/sections/{name}.md" in gaps
    if get_methodology(methodology).uses("findings"):
        assert "authored/findings.yaml" in gaps              # and the empty lists
    if any(s.fill == "contributions" for s in get_methodology(methodology).sections()):
        assert "authored/contributions" in gaps              # the blank example is not a contribution


# -- the notebooks and lab -----------------------------------------------------------------------------

def _parameters(path: Path) -> str:
    nb = nbformat.read(path, as_version=4)
    return next(c.source for c in nb.cells if "parameters" in c.metadata.get("tags", []))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_notebook_takes_review_dir_from_the_variable_else_the_example(path, monkeypatch, tmp_path):
    source = _parameters(path)
    monkeypatch.setenv(REVIEW_DIR_VARIABLE, str(tmp_path))
    scope: dict = {}
    exec(compile(source, str(path), "exec"), scope)          # the parameters cell alone: assignments only
    assert scope["review_dir"] == str(tmp_path)
    monkeypatch.delenv(REVIEW_DIR_VARIABLE)
    scope = {}
    exec(compile(source, str(path), "exec"), scope)
    assert (path.parent / scope["review_dir"]).resolve() == (REPO / "examples" / "child-t").resolve()
    assert "review_dir" in papermill.inspect_notebook(str(path))   # still a papermill parameter


def test_the_chronology_notebook_says_how_to_aim_it_at_your_review():
    nb = nbformat.read(REPO / "notebooks" / "chronology.ipynb", as_version=4)
    first = nb.cells[0].source
    assert "your own review" in first and "reviewbench lab" in first and REVIEW_DIR_VARIABLE in first


def test_lab_sets_the_review_folder_for_jupyterlab_and_its_kernels(tmp_path):
    env = lab_environment(tmp_path, base={"PATH": "/usr/bin", REVIEW_DIR_VARIABLE: "/elsewhere"})
    assert env == {"PATH": "/usr/bin", REVIEW_DIR_VARIABLE: str(tmp_path.resolve())}
    assert lab_environment(tmp_path)["PATH"] == os.environ["PATH"]


def test_lab_help_names_the_variable_and_the_notebook_option(capsys):
    with pytest.raises(SystemExit) as done:
        main(["lab", "--help"])
    assert done.value.code == 0
    out = " ".join(capsys.readouterr().out.split())
    assert REVIEW_DIR_VARIABLE in out and "--notebook NAME" in out and "chronology" in out


def test_lab_opens_the_reviews_own_copy_of_a_shipped_notebook(tmp_path, capsys, monkeypatch):
    folder, _ = _new(tmp_path, "rca", capsys)
    copy = workbench_notebook(folder, "chronology.ipynb")
    assert copy == folder.resolve() / "chronology.ipynb"
    assert _parameters(copy).splitlines() == ['review_dir = "."  # this review\'s folder: the notebook sits in it',
                                              "rebuild = False  # True: re-run the ingest from agency_reports/ first"]
    copy.write_text(read(copy).replace("Integrated multi-agency chronology", "My chronology"), encoding="utf-8")
    mine = read(copy)
    assert workbench_notebook(folder, "chronology.ipynb") == copy and read(copy) == mine


def test_lab_refuses_a_notebook_that_is_not_shipped_before_starting_anything(tmp_path, capsys, monkeypatch):
    folder, _ = _new(tmp_path, "rca", capsys)
    monkeypatch.setattr(lab.subprocess, "Popen", None)       # anything started would fail loudly
    with pytest.raises(ReviewbenchError, match="did you mean 'chronology'"):
        launch_lab(folder, notebook="chronolgy")
    assert main(["lab", str(folder), "--notebook", "../../etc/passwd"]) == 1
    assert "no shipped notebook" in capsys.readouterr().err
    assert not list(folder.glob("*.ipynb"))


@pytest.mark.kernel
def test_the_chronology_notebook_run_with_the_variable_works_on_that_review(example_copy, tmp_path, monkeypatch):
    monkeypatch.setenv(REVIEW_DIR_VARIABLE, str(example_copy))        # the kernel inherits it
    output = tmp_path / "executed.ipynb"
    papermill.execute_notebook(str(REPO / "notebooks" / "chronology.ipynb"), str(output),
                               parameters={"rebuild": True}, kernel_name="reviewbench",
                               cwd=str(REPO / "notebooks"), progress_bar=False)
    assert (example_copy / "build" / "chronology.csv").exists()      # rebuilt there, not in examples/
    nb = nbformat.read(output, as_version=4)
    assert not [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
