"""Which outputs of the executed report notebook reach the report: chosen here, once.

The text/html outputs (``display_data`` or ``execute_result``) of code cells not tagged
``workbench``, in notebook order: the parts that ``Report.display()`` shows. Nothing else
reaches the report: no code, prompts, stdout or stderr, tracebacks, Markdown cells (they explain
the notebook in JupyterLab), nor the workbench cells (the methodology guide, the readiness table).
:func:`report_body` joins them into the one body that both report.html (nbconvert, through
templates/report/) and report.docx (pandoc) are made from.
"""

from __future__ import annotations

from collections.abc import Iterator

REPORT_MIMETYPE = "text/html"
SHOWN = ("display_data", "execute_result")
WORKBENCH_TAG = "workbench"       # a cell for the reviewer in JupyterLab, never in the report


def report_outputs(nb) -> Iterator[dict]:
    """The outputs of ``nb`` that are the report, in order."""
    for cell in nb.cells:
        if cell.cell_type != "code" or WORKBENCH_TAG in cell.metadata.get("tags", []):
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") in SHOWN and REPORT_MIMETYPE in output.get("data", {}):
                yield output


def report_body(nb) -> str:
    """The report's HTML body: each report output's HTML, one after the other, each ending a line."""
    parts = []
    for output in report_outputs(nb):
        html = output["data"][REPORT_MIMETYPE]
        parts.append((html if isinstance(html, str) else "".join(html)) + "\n")
    return "".join(parts)


def front_metadata(nb) -> dict:
    """What the report's front part tells render in its output metadata (the gaps, the warnings);
    output metadata never reaches the report itself."""
    for output in report_outputs(nb):
        meta = output.get("metadata", {}).get("reviewbench")
        if meta and meta.get("part") == "front":
            return meta
    return {}
