"""notebooks/agency_network.ipynb: thin, committed without outputs, and it runs."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import papermill
import pytest

from network_support import entry, make_review, write_chronology

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "agency_network.ipynb"
CSC = "Children's Social Care"


def test_the_notebook_is_thin_and_committed_without_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert nb.metadata.kernelspec.name == "reviewbench"
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert "parameters" in code[0].metadata.get("tags", [])
    assert [line for line in code[0].source.splitlines() if line and not line.startswith("#")] == [
        "import os", 'review_dir = os.environ.get("REVIEWBENCH_REVIEW_DIR", "../examples/child-t")', "start = None",
        "end = None"]
    for cell in code:
        assert not cell.outputs and cell.execution_count is None
        assert not any(line.lstrip().startswith(("def ", "class ")) for line in cell.source.splitlines())


@pytest.mark.kernel
def test_the_notebook_runs_on_a_review_with_a_chronology(tmp_path):
    review = make_review(tmp_path / "review")
    write_chronology(review.root, [
        entry("SCH-1", "2022-01-10", "School", "referral", "Bruise seen. Referred to MASH.", seen="Y"),
        entry("CSC-1", "2022-01-11", CSC, "referral-received", "Referral received from school.", outcome="NFA"),
        entry("POL-1", "2022-02-01", "Police", "police-incident", "Domestic incident. PPN to CSC.", seen="N"),
        entry("CSC-2", "2022-03-20", CSC, "strategy-discussion", "Strategy discussion.", joint="J1"),
        entry("POL-2", "2022-03-20", "Police", "strategy-discussion", "Strategy meeting.", joint="J1"),
        entry("HOU-1", "2022-02-15", "Housing", "home-visit", "Concerns about the flat."),
    ])
    workdir = tmp_path / "notebooks"
    workdir.mkdir()
    shutil.copy(NOTEBOOK, workdir / NOTEBOOK.name)
    out = tmp_path / "executed.ipynb"
    papermill.execute_notebook(str(workdir / NOTEBOOK.name), str(out), kernel_name="reviewbench",
                               parameters={"review_dir": str(review.root), "start": "2022-01-01",
                                           "end": "2022-06-30"},
                               cwd=str(workdir), progress_bar=False)
    executed = nbformat.read(out, as_version=4)
    text = "\n".join(str(o.get("data", {}).get("text/plain", "")) + str(o.get("data", {}).get("text/markdown", ""))
                     for c in executed.cells if c.cell_type == "code" for o in c.outputs)
    assert "Housing recorded 1 entry but exchanged no information" in text
    assert "Police" in text and "unanswered" in text
    assert "Referrals and notifications with no answer within 7 days" in text           # the sensitivity table
    images = [o for c in executed.cells if c.cell_type == "code" for o in c.outputs if "image/png" in o.get("data", {})]
    assert len(images) == 3
    assert (review.root / "build" / "network" / "2022-01-01_to_2022-06-30" / "metrics.json").exists()
