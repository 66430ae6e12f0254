"""Every shipped notebook runs in a real kernel on the example review (papermill)."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import papermill
import pytest

from conftest import REPO

NOTEBOOKS = REPO / "notebooks"


def _execute(name: str, tmp_path: Path, **parameters) -> nbformat.NotebookNode:
    output = tmp_path / f"executed-{name}"
    papermill.execute_notebook(str(NOTEBOOKS / name), str(output), parameters=parameters,
                               kernel_name="reviewbench", cwd=str(NOTEBOOKS), progress_bar=False)
    return nbformat.read(output, as_version=4)


def _text_outputs(nb) -> str:
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            parts.append(data.get("text/plain", "") if isinstance(data.get("text/plain", ""), str)
                         else "".join(data["text/plain"]))
            parts.append(out.get("text", "") if isinstance(out.get("text", ""), str) else "".join(out["text"]))
    return "\n".join(parts)


@pytest.mark.parametrize("name", sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")))
def test_shipped_notebooks_are_committed_without_outputs(name):
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")
    assert any("parameters" in c.metadata.get("tags", []) for c in nb.cells)
    assert nb.metadata["kernelspec"]["name"] == "reviewbench"


@pytest.mark.kernel
def test_chronology_notebook_runs_on_the_example(example_copy, tmp_path):
    nb = _execute("chronology.ipynb", tmp_path, review_dir=str(example_copy), rebuild=True)
    text = _text_outputs(nb)
    report = json.loads((example_copy / "build" / "ingest_report.json").read_text())
    assert "Rows read" in text and str(report["rows_read"]) in text
    assert (example_copy / "build" / "chronology.csv").exists()
    assert "Children's Social Care" in text
