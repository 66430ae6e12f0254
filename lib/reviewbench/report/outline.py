"""Where things are in a report: the numbers sections print with, and the anchors items are linked by."""

from __future__ import annotations

import hashlib
from typing import Callable, Iterator

from ..methodology import Methodology, Section


def anchor(prefix: str, item_id: str) -> str:
    """The HTML id of an item, which is also its Word bookmark: Word keeps 40 characters, so a
    long id is shortened with a hash of the whole (still the same on every run)."""
    full = f"{prefix}-{item_id}"
    if len(full) <= 40:
        return full
    return f"{full[:31]}-{hashlib.sha256(item_id.encode()).hexdigest()[:8]}"


def appendix_number(index: int) -> str:
    return f"Appendix {chr(ord('A') + index) if index < 26 else f'A{index}'}"


def numbered(method: Methodology, shown: Callable[[Section], bool] = lambda s: True) -> Iterator[tuple[str, Section]]:
    """(number, section) of each section ``shown``, in report order, numbered as the report prints them."""
    def walk(section: Section, number: str):
        yield number, section
        for i, child in enumerate([c for c in section.sections if shown(c)], start=1):
            yield from walk(child, f"{number}.{i}")
    for i, section in enumerate([s for s in method.outline if shown(s)], start=1):
        yield from walk(section, str(i))
    for i, section in enumerate([s for s in method.appendices if shown(s)]):
        yield from walk(section, appendix_number(i))
