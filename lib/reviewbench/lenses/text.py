"""An entry's text as the lenses read it: its quotations, sentences and clauses.

Records quote with straight or curly quotes, single or double, and use the same straight
apostrophe in "it's" and "Deano's": a quote opens after a space or a bracket and closes before
a space or punctuation, so an apostrophe inside a word never opens or closes one. Sentences
and clauses are cut outside quotations only, so a child's words stay whole.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property

_CLOSERS = {"'": "'’", '"': '"', "‘": "’'", "“": "”\""}
_OPEN_AFTER = " \t\n([{:;,-—–/"
_MAX_QUOTE = 400
_SENTENCE_END = re.compile(r"[.!?]+(?=\s+[\"'‘“(]?[A-Z0-9]|\s*$)|\n+")
_CLAUSE_BREAK = re.compile(r"[;:,]|\s[-–—]\s")
_NO_BREAK_BEFORE = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|No|St|Mx|Prof|approx|vs|etc|aka|e\.g|i\.e)|\b[A-Za-z])$")


def quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each quotation, the quote marks included."""
    spans, i, n = [], 0, len(text)
    while i < n:
        ch = text[i]
        if ch in _CLOSERS and (i == 0 or text[i - 1] in _OPEN_AFTER) and i + 1 < n and not text[i + 1].isspace():
            end = _closing(text, i, _CLOSERS[ch])
            if end is not None:
                spans.append((i, end + 1))
                i = end + 1
                continue
        i += 1
    return spans


def _closing(text: str, start: int, closers: str) -> int | None:
    for j in range(start + 2, min(len(text), start + _MAX_QUOTE)):
        ch = text[j]
        if ch == "\n" and closers in ("'’", "’'"):
            return None
        if ch in closers and not text[j - 1].isspace():
            after = text[j + 1] if j + 1 < len(text) else " "
            if not after.isalnum():
                return j
    return None


@dataclass(frozen=True)
class Clause:
    start: int
    end: int
    sentence: int            # index of its sentence


class EntryText:
    """One field of an entry (its description or outcome), cut into quotes, sentences and clauses."""

    def __init__(self, text: str):
        self.text = text or ""
        self.quotes = quote_spans(self.text)
        self._quote_starts = [s for s, _ in self.quotes]
        self.quote_starts = frozenset(self._quote_starts)

    def in_quote(self, pos: int) -> bool:
        i = bisect_right(self._quote_starts, pos) - 1
        return i >= 0 and self.quotes[i][0] <= pos < self.quotes[i][1]

    def _outside(self, regex: re.Pattern) -> list[re.Match]:
        return [m for m in regex.finditer(self.text) if not self.in_quote(m.start())]

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        bounds, start = [], 0
        for m in self._outside(_SENTENCE_END):
            if m.group(0).startswith(".") and _NO_BREAK_BEFORE.search(self.text[max(0, m.start() - 8):m.start()]):
                continue
            if self.text[start:m.end()].strip():
                bounds.append((start, m.end()))
            start = m.end()
        if self.text[start:].strip():
            bounds.append((start, len(self.text)))
        return bounds

    @cached_property
    def clauses(self) -> list[Clause]:
        out = []
        for number, (start, end) in enumerate(self.sentences):
            cut = start
            for m in self._outside(_CLAUSE_BREAK):
                if start <= m.start() < end:
                    if m.start() > cut:
                        out.append(Clause(cut, m.start(), number))
                    cut = m.end()
            if end > cut:
                out.append(Clause(cut, end, number))
        return out

    def clause_at(self, pos: int) -> int:
        """The index of the clause holding ``pos``, or of the last clause before it."""
        best = 0
        for i, clause in enumerate(self.clauses):
            if clause.start <= pos:
                best = i
            else:
                break
        return best

    def sentence_of(self, pos: int) -> tuple[int, int]:
        for start, end in self.sentences:
            if start <= pos < end:
                return start, end
        return (0, len(self.text))

    def sentence_text(self, pos: int) -> str:
        start, end = self.sentence_of(pos)
        return " ".join(self.text[start:end].split())
