"""The literal text a regular expression cannot match without: a quick test that spares a search.

Why: Python's engine finds a case-insensitive pattern position by position (it cannot use its
scan for a literal prefix when each letter may be either case), so classifying a long description
against twenty kinds of event costs twenty slow searches. Yet most kinds cannot match most texts,
and that shows in their literals alone: ``core group`` cannot match a text without "core group" in
it. :func:`needles` finds, for a pattern, a few lower-case literals one of which every match
contains; a text holding none of them is not searched, and any other text is, so the answer is
always the search's own.

The test is sound for ASCII text, where a case-insensitive letter matches its two cases and
nothing else (Unicode adds look-alikes: the long s, the dotless i, the Kelvin sign), so a text
that is not ASCII is always searched. Literals are taken from the parsed pattern (the standard
library's own parser), and only ASCII literals that every match must pass through are taken:
anything optional, repeated zero times, in a character class or inside a look-around is left out.
"""

from __future__ import annotations

import re

try:                                    # the standard library's pattern parser (what re.compile uses)
    from re import _constants as _ops
    from re import _parser as _sre_parse
except ImportError:                     # another Python: no needles, every text is searched
    _sre_parse = _ops = None

Needles = frozenset[str]


def needles(pattern: str, flags: int = 0) -> Needles | None:
    """Lower-case literals one of which is in every text ``pattern`` matches (case ignored), or None
    when the pattern has no such literal (then every text must be searched)."""
    if _sre_parse is None:
        return None
    try:
        parsed = _sre_parse.parse(pattern, flags)
    except re.error:
        return None                     # re.compile says what is wrong with it
    return _required(list(parsed))


def may_match(found: Needles | None, lowered: str | None) -> bool:
    """Whether a text may match a pattern with ``found`` needles; ``lowered`` is the text in lower case
    if it is ASCII (:func:`ascii_lower`), else None (a text that cannot be ruled out)."""
    return found is None or lowered is None or any(map(lowered.__contains__, found))


def ascii_lower(text: str) -> str | None:
    """``text`` in lower case if it is ASCII (where the needles are sound), else None."""
    return text.lower() if text.isascii() else None


def _required(items: list) -> Needles | None:
    """Needles for a sequence of parsed items: the most selective of its literal runs and of the
    needles of its parts that every match goes through."""
    candidates: list[Needles] = []
    run: list[str] = []
    for op, value in items:
        if op is _ops.LITERAL and value < 128:
            run.append(chr(value).lower())
            continue
        if run:
            candidates.append(frozenset(["".join(run)]))
            run = []
        part = _part(op, value)
        if part:
            candidates.append(part)
    if run:
        candidates.append(frozenset(["".join(run)]))
    return max(candidates, key=lambda c: (min(map(len, c)), -len(c)), default=None)


def _part(op, value) -> Needles | None:
    """Needles of one item every match passes through: a group, a choice, a required repeat."""
    if op is _ops.SUBPATTERN:
        return _required(list(value[-1]))
    if op is _ops.ATOMIC_GROUP:
        return _required(list(value))
    if op is _ops.BRANCH:
        choices = [_required(list(branch)) for branch in value[1]]
        return None if any(not c for c in choices) else frozenset().union(*choices)
    if op in (_ops.MAX_REPEAT, _ops.MIN_REPEAT, _ops.POSSESSIVE_REPEAT) and value[0] >= 1:
        return _required(list(value[2]))
    return None                         # a class, an anchor, a look-around, a back-reference: no literal
