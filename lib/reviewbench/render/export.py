"""From the executed report notebook to build/report.html (nbconvert) and build/report.docx (pandoc).

Both are made from one report body (:func:`reviewbench.render.outputs.report_body`): nbconvert puts
it in a page, pandoc reads it (figures as files), so both carry the same content. The HTML has no
dates, so it is the same on every run. The DOCX gets what a document people send needs
(:mod:`.docx_finish`): a title page (:mod:`.title_page`) in place of the title block, a Word
table-of-contents field in place of the list of links, the chronology appendix in a landscape
section, tables fitted to their page, and document properties dated the day it was rendered (the
public edition: review.yaml's ``dates.publication`` when set), which also dates pandoc's output
(SOURCE_DATE_EPOCH).

app.xml and the styles, header and footer come from the reference document:
templates/reference.docx for the draft (marked DRAFT), templates/reference-public.docx for the
public edition (page numbers only).
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
from .docx_finish import finish_docx
from .title_page import TitlePage

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


def docx_epoch(day: dt.date | None) -> str:
    """SOURCE_DATE_EPOCH for pandoc: midnight (UTC) of the day the document is dated, never before
    1980-01-01 (the earliest date a zip file can hold)."""
    if day is None:
        return SOURCE_DATE_EPOCH
    moment = dt.datetime.combine(day, dt.time(), tzinfo=dt.timezone.utc)
    return str(max(int(moment.timestamp()), int(SOURCE_DATE_EPOCH)))


def html_exporter():
    """nbconvert's HTML exporter with the report template (templates/report/), which puts the report
    body (:func:`~reviewbench.render.outputs.report_body`) in a page of its own: head, stylesheet, title."""
    from nbconvert import HTMLExporter
    return HTMLExporter(template_name=TEMPLATE_NAME, extra_template_basedirs=[str(templates_root())])


# nbconvert makes the page around a stand-in for the body, which then takes its place: its HTML exporter
# parses and writes out again every page it makes (BeautifulSoup, to give an image without one an alt text
# and notebook cells a tabindex; the report's figures have their alt text and it shows no cell), about a
# second of each render for a report's half megabyte, and the body would reach the page re-written.
BODY_STAND_IN = "<!-- reviewbench: the report body -->"


def export_html(nb: nbformat.NotebookNode, title: str, body: str, exporter=None) -> str:
    """report.html: the report ``body`` of the executed report notebook ``nb`` as a page
    (``exporter``: one made earlier, warmed up). The body reaches the page as it is."""
    nb = nbformat.from_dict(nb)
    nb.metadata["title"] = title
    page, _ = (exporter or html_exporter()).from_notebook_node(
        nb, resources={"metadata": {"name": title}, "reviewbench": {"body": BODY_STAND_IN}})
    if page.count(BODY_STAND_IN) != 1:
        raise RuntimeError(f"the report template ({TEMPLATE_NAME}) must place the body once, not "
                           f"{page.count(BODY_STAND_IN)} times")
    head, tail = page.split(BODY_STAND_IN)
    return head + body + tail


_FRONT = re.compile(r'<header class="report-front">.*?</header>', re.S)
_FRONT_META = re.compile(r'<p class="report-meta[^"]*">.*?</p>', re.S)   # the period line, a clock line
_CLOCK = re.compile(r'<p class="report-meta report-clock">(.*?)</p>', re.S)
_CONTENTS = re.compile(r'<nav class="contents">.*?</nav>', re.S)
CONTENTS_TITLE = '<div data-custom-style="TOC Heading"><p>Contents</p></div>'
_LANDSCAPE = re.compile(r'<section class="report-section level-1 fill-chronology">\s*<h1 id="([^"]+)"')
_ROW_ID = re.compile(r'<tr id="([^"]+)"><td>(.*?)</td>', re.S)
_DATA_PNG = re.compile(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"')


def landscape_sections(body: str) -> list[str]:
    """The heading ids of the report's parts printed landscape: the chronology appendix (or timeline)."""
    return _LANDSCAPE.findall(body)


def docx_source(body: str, title: str, subtitle: str, media: Path, front: TitlePage | None = None) -> str:
    """The report body (the same as report.html's) as pandoc should read it: the title block becomes
    ``front`` (without one: the title from metadata, the block's period and methodology line kept as
    the first paragraph), the contents a "Contents" title that :mod:`.docx_contents` puts a
    table-of-contents field after, row anchors bookmarks, images files in ``media`` (pandoc reads a
    file much faster than base64).

    Word bookmarks sit on text, not on table rows, so a row's id moves onto a span in its
    first cell; links to ``#entry-...`` then land on the row in Word too.
    """
    import base64

    from markupsafe import escape

    if front is None:
        body = _FRONT.sub(lambda m: "".join(_FRONT_META.findall(m.group(0))), body, count=1)
    else:
        def title_page(match: re.Match) -> str:
            clock = _CLOCK.search(match.group(0))
            return str(front.html(clock.group(1) if clock else ""))
        body = _FRONT.sub(title_page, body, count=1)
    body = _CONTENTS.sub(CONTENTS_TITLE, body, count=1)
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
    head = "" if front is not None else (f'<title>{escape(title)}</title>'
                                         f'<meta name="subtitle" content="{escape(subtitle)}">')
    return (f'<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8">{head}</head>\n'
            f'<body>\n{body}\n</body></html>\n')


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
                 front: TitlePage | None = None, hint: str | None = None):
        reference = reference or templates_root() / REFERENCE_DOCX
        if not reference.is_file():
            raise ReviewbenchError(f"the Word reference document {reference} is missing.",
                                   hint="Run .venv/bin/python templates/make_reference_docx.py to make it again.")
        output.parent.mkdir(parents=True, exist_ok=True)
        self.output = output
        self.work = Path(tempfile.mkdtemp(dir=output.parent, prefix=".docx-"))
        self.tmp = self.work / "report.docx"
        source = docx_source(body, title, subtitle, self.work / "media", front).encode("utf-8")
        self.front = front
        self.landscape = landscape_sections(body)
        self.command = [pandoc_path(), "--from=html", "--to=docx", f"--reference-doc={reference.resolve()}",
                        f"--output={self.tmp.resolve()}"]
        self.day = front.day if front is not None else None
        self.epoch = docx_epoch(self.day)
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
            finish_docx(self.tmp, self.front, self.landscape,
                        self.day or dt.datetime.fromtimestamp(int(self.epoch), dt.timezone.utc).date())
            os.replace(self.tmp, self.output)
        finally:
            shutil.rmtree(self.work, ignore_errors=True)
        return self.output

    def cancel(self) -> None:
        self._thread.join()
        shutil.rmtree(self.work, ignore_errors=True)


def export_docx(body: str, title: str, subtitle: str, output: Path, reference: Path | None = None,
                front: TitlePage | None = None) -> Path:
    """Write ``output`` (.docx) from the report body with the reference document's styles (and the
    title page ``front``)."""
    return DocxJob(body, title, subtitle, output, reference, front).wait()
