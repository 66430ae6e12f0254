"""build/analysis/: one CSV per lens and lenses.json (rows per lens, settings, notes).

Every file is deterministic (rows in chronology order, no wall-clock time) and written
atomically, so ``verify`` compares a re-run byte for byte and a reader never sees half a file.
"""

from __future__ import annotations

import json
from pathlib import Path

from .. import __version__
from ..atomic import write_atomic
from .registry import LENSES
from .results import LensResult

ANALYSIS = "analysis"
SUMMARY = "lenses.json"
SUMMARY_VERSION = 1


def write_lenses(result: LensResult, out_dir: str | Path) -> list[Path]:
    """Write every lens's CSV and lenses.json into ``out_dir``; return their paths."""
    out = Path(out_dir)
    written = []
    for lens in LENSES:
        path = out / lens.file
        table = result.tables[lens.name]
        write_atomic(path, table.to_csv(index=False, columns=list(lens.columns), lineterminator="\n"))
        written.append(path)
    summary = {"summary_version": SUMMARY_VERSION, "reviewbench_version": __version__, "review": result.review_id,
               "lenses": {lens.name: {"file": lens.file, "rows": int(len(result.tables[lens.name])),
                                      "about": lens.about} for lens in LENSES},
               "settings": result.settings, "notes": result.notes}
    path = out / SUMMARY
    write_atomic(path, json.dumps(summary, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
    written.append(path)
    return written
