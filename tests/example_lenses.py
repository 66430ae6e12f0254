"""The bundled example's lens tables as read back from its build (for the lens tests)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd


def example_lens_table(lensed_example: Path, lens: str) -> pd.DataFrame:
    """``lens``'s CSV of the example with its lenses run (the ``lensed_example`` fixture)."""
    return pd.read_csv(lensed_example / "build" / "analysis" / f"{lens}.csv", dtype=str, keep_default_na=False)
