"""``notebooks/workbench.ipynb`` runs in a real kernel (papermill) on a copy of the example, without blocking."""

from __future__ import annotations

import nbformat
import papermill
import pytest

from conftest import REPO

NOTEBOOK = REPO / "notebooks" / "workbench.ipynb"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def test_workbench_notebook_is_thin_and_committed_clean():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code)
    assert code[0].metadata.get("tags") == ["parameters"]
    assert 'review_dir = os.environ.get("REVIEWBENCH_REVIEW_DIR", ' in code[0].source
    assert not any(line.lstrip().startswith(("def ", "class ")) for c in code for line in c.source.splitlines())
    assert nb.metadata["kernelspec"]["name"] == "reviewbench"


@pytest.mark.kernel
def test_workbench_notebook_runs_and_shows_the_widgets(review, tmp_path):
    output = tmp_path / "workbench-executed.ipynb"
    papermill.execute_notebook(str(NOTEBOOK), str(output), parameters={"review_dir": str(review)},
                               kernel_name="reviewbench", cwd=str(NOTEBOOK.parent), progress_bar=False,
                               execution_timeout=120)
    nb = nbformat.read(output, as_version=4)
    views = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if WIDGET_VIEW in o.get("data", {})]
    assert len(views) == 2                                       # the workbench and the learning-event view
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
    state = nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {}).get("state", {})
    html = " ".join(m["state"].get("value", "") for m in state.values()     # widget state kept by nbclient
                    if m.get("model_name") == "HTMLModel" and isinstance(m["state"].get("value"), str))
    assert "rb-table" in html and "Children&#x27;s Social Care" in html       # the table drawn with the entries
    assert not (review / "workbench.ipynb").exists()             # running the shipped notebook copies nothing
