"""Pausing Python's cyclic garbage collector while a stage builds a great many objects that are freed
by reference counting anyway.

Why: the collector runs every few hundred allocations, and a full pass walks every live object.
An ingest creates hundreds of thousands of rows, entries and lists on its way to one chronology:
passes over them cost about a tenth of a large ingest's time and find next to nothing to free
(rows and entries do not refer to each other in cycles). Paused, nothing is lost: what a stage
leaves in cycles is collected when the collector runs again. Worker processes forked meanwhile
start paused as well, and end before the pause does.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def collector_paused() -> Iterator[None]:
    """Within the block, no automatic collection; as it was before, after (nested blocks are fine)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
