"""``reviewbench render DIR``: the methodology's notebooks executed with papermill, the report
notebook turned into build/report.html (nbconvert) and build/report.docx (pandoc).

Steps, in order: parameters checked and the kernel found (no kernel started yet); the
authored content checked as far as it can be without the chronology; the old report removed
(so nothing stale looks complete); each notebook executed into build/notebooks/ (the report
notebook builds the chronology and the network outputs when their inputs changed, see
:mod:`reviewbench.stages`); then HTML and DOCX.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import __version__
from ..config import load_review
from ..methodology import get_methodology
from .parameters import check_parameters

REPORT_HTML = "report.html"
REPORT_DOCX = "report.docx"
NOTEBOOKS_DIR = "notebooks"
STAGING_DIR = ".render-staging"      # publish: outputs wait here until the publication checks pass


@dataclass
class RenderResult:
    html: Path
    docx: Path
    notebooks: list[Path]
    methodology: str
    publish: bool
    gaps: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    ingested: bool = False          # the chronology was rebuilt in this render
    graphed: bool = False           # the network outputs were rebuilt in this render

    @property
    def reused_ingest(self) -> bool:
        return not self.ingested


def _report_metadata(nb) -> dict:
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            meta = output.get("metadata", {}).get("reviewbench")
            if meta and meta.get("part") == "front":
                return meta
    return {}


class _Background:
    """The parent's work while the kernel runs: prepare the build (ingest, network) and load
    nbconvert, in one thread so they do not compete with each other for the interpreter."""

    def __init__(self, review, prepare_first: bool):
        import threading
        self.review = review
        self.locked = threading.Event()
        self.prepared = None
        self.error: BaseException | None = None
        self.exporter = None
        self.done = threading.Event()
        if not prepare_first:
            self.locked.set()
        self._thread = threading.Thread(target=self._run, args=(prepare_first,), name="reviewbench-render",
                                        daemon=True)
        self._thread.start()

    def _run(self, prepare_first: bool) -> None:
        try:
            if prepare_first:
                from ..stages import update_build
                self.prepared = update_build(self.review, locked=self.locked)
        except BaseException as exc:          # re-raised in the caller's thread by result()
            self.error = exc
            self.locked.set()
        try:
            import nbformat

            from .export import html_exporter
            exporter = html_exporter()
            exporter.from_notebook_node(nbformat.v4.new_notebook())     # compiles the template
            self.exporter = exporter
        except Exception:                      # the real export will raise it again, in context
            self.exporter = None
        self.done.set()

    def wait_locked(self) -> None:
        self.locked.wait()
        if self.error is not None:
            raise self.error

    def result(self):
        self._thread.join()
        if self.error is not None:
            raise self.error
        return self.prepared


def render_review(review_dir: str | Path, *, publish: bool = False, methodology: str | None = None,
                  chronology_appendix: str = "in-scope", parameters: dict[str, Any] | None = None) -> RenderResult:
    """Render the draft report of ``review_dir`` as build/report.html and build/report.docx.

    ``methodology`` overrides review.yaml's. ``publish`` is recorded in the report, and the
    outputs are staged and must pass :func:`reviewbench.publication.assert_publishable` (which
    raises ``PublicationError`` naming every hit) before they replace build/report.*.
    ``parameters`` are extra notebook parameters by name, checked like the others.
    """
    from ..authored import load_authored
    from ..stages import CAN_LOCK, fresh_entry_ids, input_hashes, is_fresh, update_build
    from .execute import NotebookError, check_kernel, run_notebook
    from ..atomic import write_atomic
    from .export import DocxJob, export_html, report_fragments

    # 1. Everything that can be checked before a kernel starts.
    review = load_review(review_dir)
    method = get_methodology(methodology or review.methodology, review.root)
    offered = {"review_dir": str(review.root), "methodology": method.id, "publish": bool(publish),
               "chronology_appendix": chronology_appendix}
    plans = []
    for spec in method.notebooks:
        given = {k: v for k, v in offered.items() if k in spec.parameters}
        given.update(parameters or {})
        plans.append((spec, check_parameters(method, spec, given)))
    check_kernel()
    load_authored(review, fresh_entry_ids(review), methodology=method)

    # 2. Nothing stale may look complete.
    build = review.build_dir
    build.mkdir(parents=True, exist_ok=True)
    html_path, docx_path = build / REPORT_HTML, build / REPORT_DOCX
    for stale in (html_path, docx_path):
        stale.unlink(missing_ok=True)

    # 3. An out-of-date build is updated while the kernel starts (the notebook waits on a lock).
    stale = not is_fresh(review)
    rebuilt = update_build(review) if stale and not CAN_LOCK else None
    background = _Background(review, prepare_first=stale and CAN_LOCK)
    background.wait_locked()
    metadata = {"review": review.id, "methodology": method.id, "methodology_version": method.version,
                "reviewbench": __version__, "publish": bool(publish), "inputs": input_hashes(review)}
    executed, report_nb = [], None
    try:
        for spec, params in plans:
            output = build / NOTEBOOKS_DIR / Path(spec.path).name
            nb = run_notebook(method.notebook_path(spec), output, params, cwd=review.root, metadata=metadata)
            executed.append(output)
            if spec.report:
                report_nb = nb
    except NotebookError:
        background.result()            # an ingest or network error is the one to report
        raise
    rebuilt = background.result() or rebuilt or (False, False, "")

    # 4. HTML (nbconvert) and DOCX (pandoc) from the same outputs, side by side. For publication
    #    they are staged and checked first (reviewbench.publication), and only then put in place.
    title, subtitle = review.title, method.report_subtitle
    staging = build / STAGING_DIR
    shutil.rmtree(staging, ignore_errors=True)
    html_out, docx_out = (staging / REPORT_HTML, staging / REPORT_DOCX) if publish else (html_path, docx_path)
    docx = DocxJob(report_fragments(report_nb), title, subtitle, docx_out)
    try:
        html = export_html(report_nb, f"{title}: {subtitle}", exporter=background.exporter)
        write_atomic(html_out, html.encode("utf-8"))
    except BaseException:
        docx.cancel()
        raise
    docx.wait()
    if publish:
        try:
            from ..publication import assert_publishable
            assert_publishable(review, [html_out, docx_out], base=staging)
            os.replace(html_out, html_path)
            os.replace(docx_out, docx_path)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    meta = _report_metadata(report_nb)
    return RenderResult(html=html_path, docx=docx_path, notebooks=executed, methodology=method.id,
                        publish=bool(publish), gaps=list(meta.get("gaps", [])),
                        warnings=list(meta.get("warnings", [])),
                        ingested=bool(meta.get("ingested")) or rebuilt[0],
                        graphed=bool(meta.get("graphed")) or rebuilt[1])


__all__ = ["RenderResult", "render_review"]
