"""The network as built: where it is written (``network_dir``) and its statements read back
(``read_statements``), without networkx, for the quality prompts and the workbench."""

from __future__ import annotations

import json
from pathlib import Path

from ..config import Review
from ..dates import parse_bound

NETWORK_DIR = "network"
METRICS_JSON, STATEMENTS_CSV = "metrics.json", "statements.csv"


def network_dir(review: Review, start: object = None, end: object = None) -> Path:
    """build/network for the review scope; build/network/<start>_to_<end> for any other period."""
    base = review.build_dir / NETWORK_DIR
    if start in (None, "") and end in (None, ""):
        return base
    first = parse_bound(start, "start") or review.scope.start
    last = parse_bound(end, "end") or review.scope.end
    return base / f"{first.isoformat()}_to_{last.isoformat()}"


def read_statements(out_dir: str | Path) -> list[dict] | None:
    """The statements of a written network (``metrics.json`` in ``out_dir``), each with its key and
    basis; None when there is no network there yet."""
    path = Path(out_dir) / METRICS_JSON
    if not path.exists():
        return None
    return list(json.loads(path.read_text(encoding="utf-8")).get("statements", []))
