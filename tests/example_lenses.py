"""The bundled example with its lenses run, read back as the lens tables (for the lens tests)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

from reviewbench.build import run_lenses


def example_lens_table(built_example: Path, folder: Path, lens: str) -> pd.DataFrame:
    """``lens``'s CSV of a copy of the built example (in ``folder``) with its lenses run."""
    target = folder / "child-t"
    shutil.copytree(built_example, target)
    run_lenses(target)
    return pd.read_csv(target / "build" / "analysis" / f"{lens}.csv", dtype=str, keep_default_na=False)
