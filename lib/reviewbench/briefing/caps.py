"""A box's words held to its cap: whole sentences kept while they fit, the rest left out and said.

A briefing box is read in under a minute; the cap (``reviewbench/data/briefing.yaml``) keeps it so.
Text is cut at the end of a sentence, never inside one, unless even the box's first sentence is over
the cap: then it is cut at a word and ends with an ellipsis, and the note says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")


def sentences(text: str) -> list[str]:
    """``text`` split after each sentence's full stop (question or exclamation mark), spaces made single."""
    text = " ".join(text.split())
    if not text:
        return []
    parts, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        parts.append(text[start:match.start() + len(match.group(0).rstrip())].strip())
        start = match.end()
    parts.append(text[start:].strip())
    return [p for p in parts if p]


def first_sentence(text: str) -> str:
    found = sentences(text)
    return found[0] if found else ""


def words(text: str) -> int:
    return len(text.split())


@dataclass(frozen=True)
class Capped:
    """Paragraphs held to a cap: what is kept, and how many words were before and after."""

    paragraphs: list[str]
    before: int
    after: int
    left_out: int            # paragraphs (bullets) left out whole
    mid_sentence: bool       # the first sentence alone was over the cap

    @property
    def cut(self) -> bool:
        return self.after < self.before


def cap_paragraphs(paragraphs: list[str], cap: int) -> Capped:
    """Keep whole sentences, in order, while the words kept stay within ``cap``; a paragraph (a bullet)
    none of whose sentences fits is left out with every one after it."""
    before = sum(words(p) for p in paragraphs)
    if before <= cap:
        return Capped(list(paragraphs), before, before, 0, False)
    kept: list[str] = []
    used = 0
    for paragraph in paragraphs:
        parts, taken = sentences(paragraph), []
        for sentence in parts:
            if used + words(sentence) > cap:
                break
            taken.append(sentence)
            used += words(sentence)
        if taken:
            kept.append(" ".join(taken))
        if len(taken) < len(parts):
            break
    if not kept:                          # even the first sentence is over the cap: cut it at a word
        cut = " ".join(paragraphs[0].split()[:cap]).rstrip(",;:") + "…"
        return Capped([cut], before, words(cut), len(paragraphs) - 1, True)
    return Capped(kept, before, sum(words(p) for p in kept), len(paragraphs) - len(kept), False)
