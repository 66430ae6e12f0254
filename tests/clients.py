"""The programs people open reviewbench's outputs in, for the tests that open them there (marked
``client``): LibreOffice Writer and Calc (Word and Excel files), poppler's pdftotext (what a printed
page holds), Chromium (HTML, JupyterLab). ``.ci/run`` installs the Debian packages where missing.

A missing program fails the test that needs it, naming the package, never skips it: a check that
did not run must not look like one that passed. ``make test-fast`` leaves the ``client`` tests out.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

LIBREOFFICE = Path("/usr/lib/libreoffice/program")

# program -> (how to find it, the Debian package that brings it)
PROGRAMS = {
    "writer": (lambda: shutil.which("soffice") and any(LIBREOFFICE.glob("libswlo*")), "libreoffice-writer-nogui"),
    "calc": (lambda: shutil.which("soffice") and any(LIBREOFFICE.glob("libsclo*")), "libreoffice-calc-nogui"),
    "pdftotext": (lambda: shutil.which("pdftotext"), "poppler-utils"),
    "pdftoppm": (lambda: shutil.which("pdftoppm"), "poppler-utils"),
    "pdfimages": (lambda: shutil.which("pdfimages"), "poppler-utils"),
    "chromium": (lambda: shutil.which("chromium") or shutil.which("chromium-browser"), "chromium"),
}


def need(program: str) -> None:
    """Fail the calling test, saying what to install, when ``program`` (a key of PROGRAMS) is missing."""
    found, package = PROGRAMS[program]
    if not found():
        pytest.fail(f"{program} is not installed: 'apt-get install {package}' (.ci/run does it), then run "
                    "the test again. The tests that open outputs in real programs never skip.", pytrace=False)


def convert(source: Path, to: str, out: Path, profile: Path) -> Path:
    """What LibreOffice makes of ``source``, converted to ``to`` ("pdf", "csv", "txt", "xlsx", "odt")
    in ``out``, with its own user profile (``profile``) so that parallel conversions do not collide."""
    need("calc" if source.suffix.lower() in {".xlsx", ".xls", ".csv", ".ods"} else "writer")
    out.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{profile}", "--convert-to", to,
                           "--outdir", str(out), str(source)], capture_output=True, text=True, timeout=180)
    converted = out / f"{source.stem}.{to.split(':')[0]}"
    assert done.returncode == 0 and converted.exists(), done.stderr or done.stdout
    return converted


def pdf_text(pdf: Path, *, layout: bool = True) -> list[str]:
    """The text of each page of ``pdf`` as pdftotext reads it (``-layout`` keeps a table's cells in place)."""
    need("pdftotext")
    done = subprocess.run(["pdftotext", *(["-layout"] if layout else []), str(pdf), "-"],
                          capture_output=True, text=True, timeout=120, check=True)
    return done.stdout.split("\f")[:-1] if done.stdout.endswith("\f") else done.stdout.split("\f")
