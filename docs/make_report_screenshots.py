"""Make ``docs/report-title.png`` and ``docs/report-contents.png``: the title page and the contents
page of the example's Word report, as LibreOffice prints them.

Needs LibreOffice Writer and poppler-utils (Debian: ``apt-get install libreoffice-writer-nogui
poppler-utils``). Copies ``examples/child-t`` into a temporary folder and renders it as
``reviewbench ingest``, ``graph`` and ``render`` do (or takes a report.docx given with ``--docx``),
prints it to PDF with LibreOffice after updating its contents, as a user does before printing
(tests/clients.py: ``print_updated``), and turns pages 1 and 2 into PNG with ``pdftoppm -r 60``.
tests/test_render_docx_clients.py runs :func:`make_screenshots` on the example it renders.

    .venv/bin/python docs/make_report_screenshots.py [--docx build/report.docx] [--out docs]
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import shutil
import subprocess
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PAGES = {"report-title.png": 1, "report-contents.png": 2}
RESOLUTION = 60


def _clients():
    """tests/clients.py: how the tests run LibreOffice and poppler."""
    spec = importlib.util.spec_from_file_location("clients", REPO / "tests" / "clients.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def rendered_example(folder: Path) -> Path:
    """The example review copied into ``folder`` and rendered; its report.docx."""
    from reviewbench.cli import main

    review = folder / "child-t"
    shutil.copytree(REPO / "examples" / "child-t", review, ignore=shutil.ignore_patterns("build", "workbench.ipynb"))
    with contextlib.redirect_stdout(io.StringIO()):
        for verb in ("ingest", "graph", "render"):
            if main([verb, str(review)]) != 0:
                raise SystemExit(f"'reviewbench {verb}' failed on the copy of the example in {review}")
    return review / "build" / "report.docx"


def make_screenshots(docx: Path, out: Path, work: Path) -> list[Path]:
    """The title page and the contents page of ``docx`` as PNG files in ``out`` (``work``: scratch space)."""
    clients = _clients()
    pdf = clients.print_updated(docx, work / "pdf", work / "profile")
    clients.need("pdftoppm")
    out.mkdir(parents=True, exist_ok=True)
    made = []
    for name, page in PAGES.items():
        stem = work / name.removesuffix(".png")
        subprocess.run(["pdftoppm", "-png", "-r", str(RESOLUTION), "-f", str(page), "-l", str(page), "-singlefile",
                        str(pdf), str(stem)], check=True, capture_output=True, timeout=120)
        made.append(Path(shutil.copyfile(stem.with_suffix(".png"), out / name)))
    return made


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docx", type=Path, help="a report.docx to print (default: render the example)")
    parser.add_argument("--out", type=Path, default=REPO / "docs", help="where the PNG files go (default: docs/)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="report-screenshots-") as scratch:
        work = Path(scratch)
        docx = args.docx or rendered_example(work)
        for path in make_screenshots(docx, args.out, work):
            print(f"Wrote {path} ({path.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
