"""What one run of the lenses gives: a table per lens, and the notes a reviewer must read with them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd


@dataclass
class LensResult:
    review_id: str
    tables: dict[str, pd.DataFrame]            # lens name -> its rows
    notes: list[str] = field(default_factory=list)
    settings: dict = field(default_factory=dict)
    outputs: list[Path] = field(default_factory=list)

    def summary(self) -> str:
        """A few lines for the command line: the rows of each lens and the notes."""
        lines = [f"{name}: {len(table)} row{'s' if len(table) != 1 else ''}" for name, table in self.tables.items()]
        return "\n".join(lines + [f"Note: {note}" for note in self.notes])
