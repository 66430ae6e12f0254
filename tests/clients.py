"""The programs people open reviewbench's outputs in, for the tests that open them there (marked
``client``): LibreOffice Writer, Calc and Impress (Word, Excel and PowerPoint files), poppler's
pdftotext (what a printed page holds), Chromium (HTML, JupyterLab). ``.ci/run`` installs the Debian
packages where missing.

A missing program fails the test that needs it, naming the package, never skips it: a check that
did not run must not look like one that passed. ``make test-fast`` leaves the ``client`` tests out.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

LIBREOFFICE = Path("/usr/lib/libreoffice/program")

# program -> (how to find it, the Debian package that brings it)
PROGRAMS = {
    "writer": (lambda: shutil.which("soffice") and any(LIBREOFFICE.glob("libswlo*")), "libreoffice-writer-nogui"),
    "calc": (lambda: shutil.which("soffice") and any(LIBREOFFICE.glob("libsclo*")), "libreoffice-calc-nogui"),
    "impress": (lambda: shutil.which("soffice") and any(LIBREOFFICE.glob("libsdlo*")), "libreoffice-impress-nogui"),
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
    suffix = source.suffix.lower()
    need("calc" if suffix in {".xlsx", ".xls", ".csv", ".ods"} else "impress" if suffix in {".pptx", ".odp"}
         else "writer")
    out.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{profile}", "--convert-to", to,
                           "--outdir", str(out), str(source)], capture_output=True, text=True, timeout=180)
    converted = out / f"{source.stem}.{to.split(':')[0]}"
    assert done.returncode == 0 and converted.exists(), done.stderr or done.stdout
    return converted


# A Basic macro for the profile's Standard library: what a LibreOffice user does before printing a
# Word document with a table of contents (Tools > Update > Update All), then File > Export as PDF.
# LibreOffice's plain --convert-to prints a contents field as the document stored it.
_PRINT_MACRO = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">
Sub PrintUpdated(source As String, target As String)
  Dim load(0) As New com.sun.star.beans.PropertyValue
  load(0).Name = &quot;Hidden&quot; : load(0).Value = True
  document = StarDesktop.loadComponentFromURL(ConvertToURL(source), &quot;_blank&quot;, 0, load())
  indexes = document.getDocumentIndexes()
  For i = 0 To indexes.getCount() - 1
    indexes.getByIndex(i).update()
  Next i
  document.getTextFields().refresh()
  Dim store(0) As New com.sun.star.beans.PropertyValue
  store(0).Name = &quot;FilterName&quot; : store(0).Value = &quot;writer_pdf_Export&quot;
  document.storeToURL(ConvertToURL(target), store())
  document.close(True)
End Sub
</script:module>
"""


def print_updated(source: Path, out: Path, profile: Path) -> Path:
    """``source`` (.docx) printed to PDF by LibreOffice Writer after updating its indexes and fields, as a
    user does before printing (the contents then have their page numbers), in ``out``; ``profile``: a
    user profile of its own, which gets the macro that does it."""
    need("writer")
    if not (profile / "user" / "basic" / "Standard").is_dir():       # a new profile: let LibreOffice make it
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{profile}", "--terminate_after_init"],
                       capture_output=True, timeout=180)
    (profile / "user" / "basic" / "Standard" / "Module1.xba").write_text(_PRINT_MACRO, encoding="utf-8")
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"{source.stem}.pdf"
    macro = f'macro:///Standard.Module1.PrintUpdated("{source.resolve()}","{target.resolve()}")'
    done = subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{profile}", macro],
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0 and target.exists(), done.stderr or done.stdout or f"no {target}"
    return target


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    """(width, height) in points of every page of ``pdf``, as pdfinfo reads them."""
    need("pdftotext")
    done = subprocess.run(["pdfinfo", "-f", "1", "-l", "100000", str(pdf)], capture_output=True, text=True,
                          timeout=60, check=True)
    sizes = re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", done.stdout, re.M)
    return [(float(w), float(h)) for w, h in sizes]


def pdf_info(pdf: Path) -> dict[str, str]:
    """What pdfinfo says of ``pdf``: Title, Subject, Pages..."""
    need("pdftotext")
    done = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, timeout=60, check=True)
    pairs = (line.split(":", 1) for line in done.stdout.splitlines() if ":" in line)
    return {key.strip(): value.strip() for key, value in pairs}


def pdf_text(pdf: Path, *, layout: bool = True) -> list[str]:
    """The text of each page of ``pdf`` as pdftotext reads it (``-layout`` keeps a table's cells in place)."""
    need("pdftotext")
    done = subprocess.run(["pdftotext", *(["-layout"] if layout else []), str(pdf), "-"],
                          capture_output=True, text=True, timeout=120, check=True)
    return done.stdout.split("\f")[:-1] if done.stdout.endswith("\f") else done.stdout.split("\f")
