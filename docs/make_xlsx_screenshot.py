"""Make ``docs/chronology-xlsx.png``: the first printed page of the example's ``build/chronology.xlsx``.

Needs LibreOffice Calc and poppler-utils (Debian: ``apt-get install libreoffice-calc-nogui
poppler-utils``). Copies ``examples/child-t`` into a temporary folder, builds its chronology (as
``reviewbench ingest`` does), prints the workbook to PDF with LibreOffice, and turns the first page
into a PNG with ``pdftoppm -r 60``: what a reviewer gets on paper, header and footer included.

    .venv/bin/python docs/make_xlsx_screenshot.py [--out docs/chronology-xlsx.png]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
from pathlib import Path

from reviewbench.build import run_ingest

REPO = Path(__file__).resolve().parents[1]
LIMIT = 150_000          # bytes: the README's images stay small


def printed_first_page(xlsx: Path, out: Path, work: Path, resolution: int = 60) -> Path:
    """The first page of ``xlsx`` as LibreOffice prints it, as a PNG at ``resolution`` dots per inch."""
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{work / 'profile'}", "--convert-to",
                    "pdf", "--outdir", str(work), str(xlsx)], check=True, capture_output=True, timeout=180)
    pdf = work / f"{xlsx.stem}.pdf"
    subprocess.run(["pdftoppm", "-png", "-r", str(resolution), "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(work / "page")], check=True, capture_output=True, timeout=120)
    out.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(work / "page.png", out)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "chronology-xlsx.png")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="reviewbench-xlsx-") as folder:
        work = Path(folder)
        review = work / "child-t"
        shutil.copytree(REPO / "examples" / "child-t", review, ignore=shutil.ignore_patterns("build"))
        if not run_ingest(review, progress=False).ok:
            raise SystemExit("the example's chronology could not be built")
        out = printed_first_page(review / "build" / "chronology.xlsx", args.out, work)
    size = out.stat().st_size
    print(f"Wrote {out} ({size:,} bytes)")
    if size > LIMIT:
        raise SystemExit(f"{out} is larger than {LIMIT:,} bytes: lower the resolution")


if __name__ == "__main__":
    main()
