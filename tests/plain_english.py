"""The network jargon no report body may use (tests/data/network_jargon.yaml), and finding it in a
text (imported by the tests of the statements, the figures and the rendered report)."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import yaml_files

JARGON = tuple(yaml_files.safe_load((Path(__file__).parent / "data" / "network_jargon.yaml").read_text(encoding="utf-8"))
               ["jargon"])
_PATTERN = re.compile(r"\b(?:" + "|".join(r"\s+".join(map(re.escape, w.split())) for w in JARGON) + r")\b",
                      re.IGNORECASE)


def jargon_in(text: str) -> list[str]:
    """Each jargon word or phrase found in ``text``, with a little context either side."""
    return [text[max(0, m.start() - 40):m.end() + 40] for m in _PATTERN.finditer(text)]


def html_words(html: str) -> str:
    """What a reader of an HTML page reads: its text and its images' alternative text (not the
    stylesheet, nor the images' data)."""
    html = re.sub(r"<(style|script)\b.*?</\1>", " ", html, flags=re.DOTALL | re.IGNORECASE)
    alts = " ".join(re.findall(r'\balt="([^"]*)"', html))
    text = re.sub(r"<[^>]+>", " ", html)
    return " ".join(unescape(f"{text} {alts}").split())
