"""From the executed report notebook to build/report.html (nbconvert) and build/report.docx (pandoc).

Both are made from one report body (:func:`reviewbench.render.outputs.report_body`): nbconvert puts
it in a page, pandoc reads it (title block moved to metadata, figures as files), so both carry the
same content. Both are deterministic for the same notebook: no dates in the HTML, and pandoc's
dates pinned by SOURCE_DATE_EPOCH (for the public edition, review.yaml's ``dates.publication``
when it is set).

pandoc writes the DOCX's metadata itself: the title (review.yaml's), the dates, the subtitle as
a custom property, and no author; app.xml and the styles, header and footer come from the
reference document: templates/reference.docx for the draft (marked DRAFT),
templates/reference-public.docx for the public edition (page numbers only).
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import re
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

import nbformat

from ..errors import ReviewbenchError

TEMPLATE_NAME = "report"
REFERENCE_DOCX = "reference.docx"
REFERENCE_PUBLIC_DOCX = "reference-public.docx"
SOURCE_DATE_EPOCH = "315532800"          # 1980-01-01, the earliest date a zip file can hold
PANDOC_TIMEOUT = 300


def templates_root() -> Path:
    from ..resources import templates_dir
    return templates_dir()


def reference_docx(publish: bool) -> Path:
    """The Word reference document of the edition: the draft's carries the DRAFT marking."""
    return templates_root() / (REFERENCE_PUBLIC_DOCX if publish else REFERENCE_DOCX)


def docx_epoch(review, publish: bool) -> str:
    """SOURCE_DATE_EPOCH for pandoc: the publication date of a public edition when review.yaml has
    one (midnight UTC), otherwise the fixed 1980-01-01."""
    day = review.dates.publication if publish else None
    if day is None:
        return SOURCE_DATE_EPOCH
    moment = dt.datetime.combine(day, dt.time(), tzinfo=dt.timezone.utc)
    return str(max(int(moment.timestamp()), int(SOURCE_DATE_EPOCH)))


def html_exporter():
    """nbconvert's HTML exporter with the report template (templates/report/), which puts the report
    body (:func:`~reviewbench.render.outputs.report_body`) in a page of its own: head, stylesheet, title."""
    from nbconvert import HTMLExporter
    return HTMLExporter(template_name=TEMPLATE_NAME, extra_template_basedirs=[str(templates_root())])


def export_html(nb: nbformat.NotebookNode, title: str, body: str, exporter=None) -> str:
    """report.html: the report ``body`` of the executed report notebook ``nb`` as a page
    (``exporter``: one made earlier, warmed up)."""
    nb = nbformat.from_dict(nb)
    nb.metadata["title"] = title
    html, _ = (exporter or html_exporter()).from_notebook_node(
        nb, resources={"metadata": {"name": title}, "reviewbench": {"body": body}})
    return html


_FRONT = re.compile(r'<header class="report-front">.*?</header>', re.S)
_FRONT_META = re.compile(r'<p class="report-meta[^"]*">.*?</p>', re.S)   # the period line, a clock line
_ROW_ID = re.compile(r'<tr id="([^"]+)"><td>(.*?)</td>', re.S)
_DATA_PNG = re.compile(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"')


def docx_source(body: str, title: str, subtitle: str, media: Path) -> str:
    """The report body (the same as report.html's) as pandoc should read it: the title from metadata (the title block's
    period and methodology line stays, as the first paragraph), row anchors as bookmarks, images
    as files in ``media`` (pandoc reads a file much faster than base64).

    Word bookmarks sit on text, not on table rows, so a row's id moves onto a span in its
    first cell; links to ``#entry-...`` then land on the row in Word too.
    """
    import base64

    from markupsafe import escape

    body = _FRONT.sub(lambda m: "".join(_FRONT_META.findall(m.group(0))), body, count=1)
    body = _ROW_ID.sub(lambda m: f'<tr><td><span id="{m.group(1)}">{m.group(2)}</span></td>', body)

    count = itertools.count(1)

    def to_file(match: re.Match) -> str:
        data = base64.b64decode(match.group(1))
        name = f"figure-{next(count)}.png"          # pandoc keeps it as the picture's name in the DOCX
        (media / name).write_bytes(data)
        return f'src="{media.name}/{name}"'        # relative: pandoc runs in media's parent, and the
                                                    # DOCX records the path, which must not vary

    media.mkdir(parents=True, exist_ok=True)
    body = _DATA_PNG.sub(to_file, body)
    return (f'<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f'<meta name="subtitle" content="{escape(subtitle)}"></head>\n<body>\n{body}\n</body></html>\n')


def pandoc_path() -> str:
    try:
        import pypandoc
        return pypandoc.get_pandoc_path()
    except (ImportError, OSError) as exc:
        raise ReviewbenchError("pandoc is not available, so no Word document can be written.",
                               hint="Install the dependencies again (make install): the pypandoc-binary "
                                    "package ships pandoc.") from exc


class DocxJob:
    """pandoc writing the DOCX in its own process (started at once), so nbconvert can run meanwhile."""

    def __init__(self, body: str, title: str, subtitle: str, output: Path, reference: Path | None = None,
                 epoch: str = SOURCE_DATE_EPOCH, hint: str | None = None):
        reference = reference or templates_root() / REFERENCE_DOCX
        if not reference.is_file():
            raise ReviewbenchError(f"the Word reference document {reference} is missing.",
                                   hint="Run .venv/bin/python templates/make_reference_docx.py to make it again.")
        output.parent.mkdir(parents=True, exist_ok=True)
        self.output = output
        self.work = Path(tempfile.mkdtemp(dir=output.parent, prefix=".docx-"))
        self.tmp = self.work / "report.docx"
        source = docx_source(body, title, subtitle, self.work / "media").encode("utf-8")
        self.command = [pandoc_path(), "--from=html", "--to=docx", f"--reference-doc={reference.resolve()}",
                        f"--output={self.tmp.resolve()}"]
        self.epoch = epoch
        self.hint = hint                 # said when pandoc fails
        self.result: subprocess.CompletedProcess | BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(source,), name="reviewbench-pandoc", daemon=True)
        self._thread.start()

    def _run(self, source: bytes) -> None:
        env = {**os.environ, "SOURCE_DATE_EPOCH": self.epoch}
        try:
            self.result = subprocess.run(self.command, input=source, env=env, capture_output=True,
                                         timeout=PANDOC_TIMEOUT, check=False, cwd=self.work)
        except BaseException as exc:        # re-raised by wait()
            self.result = exc

    def wait(self) -> Path:
        try:
            self._thread.join()
            if isinstance(self.result, subprocess.TimeoutExpired):
                raise ReviewbenchError(f"pandoc took longer than {PANDOC_TIMEOUT} s to write the Word document.")
            if isinstance(self.result, BaseException):
                raise ReviewbenchError(f"pandoc could not be run ({self.result}).") from self.result
            if self.result.returncode != 0:
                raise ReviewbenchError(f"pandoc could not write the Word document "
                                       f"({self.result.stderr.decode(errors='replace').strip()}).", hint=self.hint)
            os.replace(self.tmp, self.output)
        finally:
            shutil.rmtree(self.work, ignore_errors=True)
        return self.output

    def cancel(self) -> None:
        self._thread.join()
        shutil.rmtree(self.work, ignore_errors=True)


def export_docx(body: str, title: str, subtitle: str, output: Path, reference: Path | None = None) -> Path:
    """Write ``output`` (.docx) from the report body with the reference document's styles."""
    return DocxJob(body, title, subtitle, output, reference).wait()
