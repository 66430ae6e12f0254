"""Reading back the text files a test or reviewbench wrote (UTF-8, as reviewbench writes them)."""

from __future__ import annotations

from pathlib import Path


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")
