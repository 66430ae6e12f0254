"""``reviewbench render DIR``: the methodology's notebooks executed with papermill, the report
notebook turned into build/report.html (nbconvert) and build/report.docx (pandoc).

Steps, in order: parameters checked and the kernel found (no kernel started yet); the
authored content checked as far as it can be without the chronology; the old report removed
(so nothing stale looks complete); each notebook executed into build/notebooks/ (the report
notebook builds the chronology and the network outputs when their inputs changed, see
:mod:`reviewbench.stages`); for a draft whose chronology appendix is too long for a report, the
workbook that holds it (:mod:`.workbook`); then HTML and DOCX; then what they were rendered from
is recorded (:mod:`reviewbench.publication.rendered`).

``methodology`` other than review.yaml's renders the draft of that methodology beside the review's own:
build/methodologies/<id>/report.html and .docx, its notebooks in build/methodologies/<id>/notebooks/
(the review's report is left alone). The figures a draft draws from the authored content (the work
system, the contributory factors, the fishbones) are saved too, in ``figures/`` beside the report.

``publish=True`` renders the public edition instead, into build/publish/ (its notebooks into
build/notebooks/public/, since everything under build/publish/ counts as published). It never
touches the working draft. Its outputs are staged, and moved into build/publish/ only when no
gap remains and the publication check finds nothing; otherwise :class:`NotPublishableError`
names every reason at once.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .. import __version__
from ..config import Review, as_review
from ..errors import NotebookError, NotPublishableError, PublicationError, ReviewbenchError, StaleBuildError
from ..methodology import Methodology, get_methodology
from ..progress import on_terminal, say
from ..publication.names import review_register
from ..publication.scan import METHODOLOGIES_DIR, PUBLISH_DIR, REPORT_CHRONOLOGY  # PUBLISH_DIR: all of it is published
from .figures import save_figures
from .outputs import front_metadata, report_body
from .parameters import check_parameters

REPORT_HTML = "report.html"
REPORT_DOCX = "report.docx"
NOTEBOOKS_DIR = "notebooks"
PUBLIC_NOTEBOOKS = "public"          # build/notebooks/public/: the public edition's executed notebooks
STAGING_DIR = ".render-staging"      # publish: outputs wait here until the publication checks pass
FIGURES_DIR = "figures"              # the figures a draft draws from the authored content, as PNG files


@dataclass
class RenderResult:
    html: Path
    docx: Path
    notebooks: list[Path]
    methodology: str
    publish: bool                   # the public edition (build/publish/), not the working draft
    gaps: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    timeline: bool = False          # the public edition ends with a summary timeline
    accepted: int = 0               # flagged items a reviewer accepted (private/publication_decisions.yaml)
    ingested: bool = False          # the chronology was rebuilt in this render
    graphed: bool = False           # the network outputs were rebuilt in this render
    workbook: Path | None = None    # a large draft's chronology appendix (build/report_chronology.xlsx)
    figures: list[Path] = field(default_factory=list)   # the draft's figures drawn from the authored content
    day: dt.date | None = None      # the date of the Word report (its title page and properties)

    @property
    def reused_ingest(self) -> bool:
        return not self.ingested


def _warm_exporter():
    """nbconvert's exporter with its template compiled, ready for the report."""
    import nbformat

    from .export import export_html, html_exporter
    exporter = html_exporter()
    export_html(nbformat.v4.new_notebook(), "", "", exporter=exporter)
    return exporter


class _Background:
    """The parent's work while the kernel starts, in one worker thread so the two do not compete
    for the interpreter: bring the build up to date (``prepare``, which holds the build lock that
    the report notebook waits on), then compile nbconvert's template."""

    def __init__(self, review: Review, prepare: Callable | None):
        self.locked = threading.Event()
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="reviewbench-render")
        self._prepared = pool.submit(self._prepare, review, prepare)
        self._exporter = pool.submit(_warm_exporter)
        pool.shutdown(wait=False)

    def _prepare(self, review: Review, prepare: Callable | None):
        try:
            return prepare(review, self.locked) if prepare is not None else None
        finally:
            self.locked.set()

    def wait_locked(self) -> None:
        """Return once the build lock is held (or nothing needed building); raise what preparing raised."""
        self.locked.wait()
        if self._prepared.done() and self._prepared.exception() is not None:
            raise self._prepared.exception()

    def result(self):
        return self._prepared.result()

    @property
    def exporter(self):
        try:
            return self._exporter.result()
        except Exception:                      # the real export raises it again, in context
            return None


def _check_edition(method: Methodology, publish: bool, timeline: bool) -> None:
    """The edition asked for, and a report notebook that can render it (a review's own methodology
    may have a notebook without the ``publish`` or ``timeline`` parameter)."""
    from ..report import check_edition
    check_edition(publish, timeline)
    spec = method.report_notebook
    for name, asked in (("publish", publish), ("timeline", timeline)):
        if asked and name not in spec.parameters:
            raise ReviewbenchError(f"the report notebook {spec.path} of methodology {method.id} has no parameter "
                                   f"'{name}', so it cannot render the public edition.",
                                   where=str(method.folder / "method.yaml"),
                                   hint="Give it the parameters 'publish' and 'timeline' (its parameters cell and "
                                        "method.yaml), as the built-in methodologies have.")


def draft_folder(review: Review, method_id: str) -> Path:
    """Where the working draft of ``method_id`` goes: build/ for review.yaml's methodology, else
    build/methodologies/<id>/ (so rendering with another never overwrites the review's report)."""
    build = review.build_dir
    return build if method_id == review.methodology else build / METHODOLOGIES_DIR / method_id


def _paths(review: Review, publish: bool, method_id: str) -> tuple[Path, Path, Path]:
    """Where the edition's HTML, DOCX and executed notebooks go."""
    build = review.build_dir
    if publish:
        return build / PUBLISH_DIR / REPORT_HTML, build / PUBLISH_DIR / REPORT_DOCX, \
            build / NOTEBOOKS_DIR / PUBLIC_NOTEBOOKS
    out = draft_folder(review, method_id)
    return out / REPORT_HTML, out / REPORT_DOCX, out / NOTEBOOKS_DIR


def _own_methodology(review: Review, method: Methodology, publish: bool) -> None:
    """The public edition is the review's report: it is made with review.yaml's methodology only."""
    if publish and method.id != review.methodology:
        raise ReviewbenchError(f"the public edition is rendered with the review's own methodology "
                               f"({review.methodology}), not {method.id}; 'render --methodology {method.id}' without "
                               f"--publish writes a draft to compare, in build/{METHODOLOGIES_DIR}/{method.id}/.",
                               hint=f"To publish with {method.id}, make it the methodology of review.yaml.")


def _export(review: Review, method: Methodology, report_nb, html_out: Path, docx_out: Path, publish: bool,
            exporter, day: dt.date) -> None:
    """HTML (nbconvert) and DOCX (pandoc, in its own process meanwhile, dated ``day``) from the one report body."""
    from ..atomic import write_atomic
    from ..report import report_titles
    from .export import DocxJob, export_html, reference_docx
    from .title_page import title_page
    title, subtitle = report_titles(review, method, publish)
    body = report_body(report_nb)
    front = title_page(review, method, subtitle, publish, day)
    docx = DocxJob(body, title, subtitle, docx_out, reference=reference_docx(publish), front=front,
                   hint=None if publish else f"The HTML report was written; see {html_out}.")
    try:
        html = export_html(report_nb, f"{title}: {subtitle}", body, exporter=exporter)
        write_atomic(html_out, html.encode("utf-8"))
    except BaseException:
        docx.cancel()
        raise
    docx.wait()


def _publish(review: Review, staged: list[Path], targets: list[Path], gaps: list[str]) -> int:
    """Move the staged public edition into build/publish/, or refuse naming every reason at once.
    Returns how many flagged items a reviewer had accepted."""
    from ..publication import assert_publishable
    staging = staged[0].parent
    accepted = 0
    try:
        reasons = [f"A gap in {gap}" for gap in gaps]
        try:
            accepted = len({hit.key for hit, _ in assert_publishable(review, staged, base=staging).accepted})
        except PublicationError as exc:
            text = str(exc).strip()
            reasons.append(text[:1].upper() + text[1:])
        if reasons:
            raise NotPublishableError(reasons)
        for source, target in zip(staged, targets):
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return accepted


def render_review(review_dir: Review | str | Path, *, publish: bool = False, timeline: bool = False,
                  methodology: str | None = None, chronology_appendix: str = "in-scope",
                  parameters: dict[str, Any] | None = None, prepare: Callable | None = None,
                  day: dt.date | None = None) -> RenderResult:
    """Render the working draft of ``review_dir`` as build/report.html and build/report.docx, or
    with ``publish`` the public edition as build/publish/report.html and report.docx.

    ``methodology`` overrides review.yaml's. The public edition is staged and moved into place
    only when it has no gap and :func:`reviewbench.publication.assert_publishable` finds nothing;
    otherwise :class:`NotPublishableError` names each gap and the check's findings. ``timeline``
    (public edition only) ends it with a summary timeline of the entries the report cites.
    ``parameters`` are extra notebook parameters by name, checked like the others. ``day`` dates the
    Word report (default: :func:`.title_page.render_day`; a public edition with a publication date
    is dated that day).

    The chronology and the network must be up to date: ``prepare(review, locked)`` (the use-case
    layer's :func:`reviewbench.build.ensure_built`) is run while the kernel starts when they are
    not; without it an out-of-date build is refused before anything is changed. Use
    :func:`reviewbench.build.run_render`, which also records the step in the manifest.
    """
    from ..authored import load_authored
    from ..chronology.views import fresh_entry_ids
    from ..publication.rendered import record_rendered
    from ..stages import input_hashes, stale_message, stale_stages
    from .execute import check_kernel, run_notebook
    from .title_page import render_day

    # 1. Everything that can be checked before a kernel starts.
    review = as_review(review_dir)
    day = render_day(review, publish, day)
    method = get_methodology(methodology or review.methodology, review.root)
    _own_methodology(review, method, publish)
    _check_edition(method, publish, timeline)
    offered = {"review_dir": str(review.root), "methodology": method.id, "publish": bool(publish),
               "timeline": bool(timeline), "chronology_appendix": chronology_appendix}
    plans = []
    for spec in method.notebooks:
        given = {k: v for k, v in offered.items() if k in spec.parameters}
        given.update(parameters or {})
        plans.append((spec, check_parameters(method, spec, given)))
    check_kernel()
    review_register(review)                    # a register that cannot work is named before a kernel starts
    load_authored(review, fresh_entry_ids(review), methodology=method)
    stale = stale_stages(review)
    if stale and prepare is None:
        raise StaleBuildError(stale_message(review, stale))

    # 2. Nothing stale may look complete (the other edition is left alone).
    build = review.build_dir
    build.mkdir(parents=True, exist_ok=True)
    html_path, docx_path, notebooks = _paths(review, publish, method.id)
    figures = html_path.parent / FIGURES_DIR
    for stale in (html_path, docx_path) if publish else (html_path, docx_path, html_path.parent / REPORT_CHRONOLOGY):
        stale.unlink(missing_ok=True)
    if not publish:
        shutil.rmtree(figures, ignore_errors=True)

    # 3. An out-of-date build is updated while the kernel starts (the notebook waits on the lock).
    background = _Background(review, prepare if stale else None)
    background.wait_locked()
    metadata = {"review": review.id, "methodology": method.id, "methodology_version": method.version,
                "reviewbench": __version__, "publish": bool(publish), "timeline": bool(timeline),
                "inputs": input_hashes(review)}
    executed, report_nb = [], None
    try:
        for spec, params in plans:
            output = notebooks / method.notebook_path(spec).name
            say(f"Running {Path(spec.path).name}...")
            nb = run_notebook(method.notebook_path(spec), output, params, cwd=review.root, metadata=metadata,
                              progress=on_terminal())
            executed.append(output)
            if spec.report:
                report_nb = nb
    except NotebookError:
        background.result()            # an ingest or network error is the one to report
        raise
    rebuilt = background.result() or (False, False)

    # 4. HTML (nbconvert) and DOCX (pandoc) from the same report body. For publication they are staged
    #    and checked first (reviewbench.publication), and only then put in place.
    staging = build / STAGING_DIR
    if publish:
        shutil.rmtree(staging, ignore_errors=True)
    html_out, docx_out = (staging / REPORT_HTML, staging / REPORT_DOCX) if publish else (html_path, docx_path)
    meta = front_metadata(report_nb)
    workbook = None
    if meta.get("chronology_workbook") and not publish:      # written before the report that names it
        from .workbook import write_report_chronology
        say(f"Writing the chronology appendix as a workbook ({REPORT_CHRONOLOGY})...")
        workbook = write_report_chronology(review, method, html_path.parent)
    say("Writing the report as HTML (nbconvert) and Word (pandoc)...")
    try:
        _export(review, method, report_nb, html_out, docx_out, publish, background.exporter, day)
    except BaseException:
        if publish:
            shutil.rmtree(staging, ignore_errors=True)
        if workbook is not None:                              # no workbook without the report that names it
            workbook.unlink(missing_ok=True)
        raise
    gaps = list(meta.get("gaps", []))
    accepted = _publish(review, [html_out, docx_out], [html_path, docx_path], gaps) if publish else 0
    drawn = [] if publish else save_figures(report_body(report_nb), figures)
    record_rendered(review, [html_path, docx_path] + ([workbook] if workbook else []))
    return RenderResult(html=html_path, docx=docx_path, notebooks=executed, methodology=method.id, figures=drawn,
                        publish=bool(publish), timeline=bool(timeline), gaps=gaps, accepted=accepted,
                        warnings=list(meta.get("warnings", [])),
                        ingested=rebuilt[0], graphed=rebuilt[1], workbook=workbook, day=day)


__all__ = ["RenderResult", "draft_folder", "render_review"]
