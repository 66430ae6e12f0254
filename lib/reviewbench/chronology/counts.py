"""An agency's number of entries: one definition for every table and figure that shows it.

An agency's entries are the entries of the integrated chronology it recorded that fall in the
review's period (``in_scope``); the ones before or after it are kept in the chronology, and counted
apart where a table says so. The report's table of agencies and the network figure (its node labels,
build/network's graph) both count with :func:`agency_entries`.
"""

from __future__ import annotations

import pandas as pd

ENTRIES_LABEL = "Entries in the review period"


def agency_entries(chronology: pd.DataFrame) -> dict[str, int]:
    """``{agency: entries in the review period}`` of ``chronology`` (rows with ``in_scope`` true)."""
    inside = chronology[chronology["in_scope"].astype(bool)] if "in_scope" in chronology else chronology
    return {str(name): int(n) for name, n in inside["agency"].value_counts(sort=False).items()}
