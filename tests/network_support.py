"""Small hand-made chronologies for the network tests (imported by tests/test_network_*.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from conftest import make_review as write_review
from reviewbench.chronology import schema
from reviewbench.config import load_review
from reviewbench.network import analyse, metrics_dict

AGENCIES = [
    {"name": "Children's Social Care", "aliases": ["CSC", "MASH", "children's services"]},
    {"name": "Police", "aliases": ["PPU"]},
    {"name": "School", "aliases": ["Oak Primary"]},
    {"name": "GP", "aliases": ["surgery"]},
    {"name": "Health Visiting", "aliases": ["HV", "health visitor"]},
    {"name": "Housing", "aliases": []},
]


def make_review(folder: Path, agencies=None, scope=("2022-01-01", "2022-12-31"), settings=None):
    """A review folder (conftest.make_review) with the network tests' agencies, loaded."""
    overrides = {"id": "child-x", "title": "Child X", "scope": {"start": scope[0], "end": scope[1]},
                 "agencies": agencies or AGENCIES}
    if settings:
        overrides["settings"] = settings
    return load_review(write_review(folder, **overrides))


def entry(entry_id: str, date: str, agency: str, kind: str = "other", description: str = "", **more) -> dict:
    """One chronology row; ``with_`` fills the ``with`` column, ``seen`` the ``child_seen`` column."""
    row = {"entry_id": entry_id, "date": date, "agency": agency, "event_kind": kind,
           "event_type": more.pop("event_type", kind.replace("-", " ")), "description": description}
    if "with_" in more:
        row["with"] = more.pop("with_")
    if "seen" in more:
        row["child_seen"] = more.pop("seen")
    if "joint" in more:
        row["joint_event_id"] = more.pop("joint")
    row.update(more)
    return row


def chronology(rows: list[dict]) -> pd.DataFrame:
    """The rows as build/chronology.csv would hold them (the schema's columns and types, sorted by
    date); a row that does not say otherwise is in scope, its precision read from its date."""
    frame = pd.DataFrame(rows) if rows else pd.DataFrame(columns=list(schema.CHRONOLOGY_COLUMNS))
    if "in_scope" in frame.columns:
        frame["in_scope"] = frame["in_scope"].fillna(True)
    frame = schema.typed(frame, required=schema.REQUIRED_TO_ANALYSE)
    frame["date_precision"] = [p or {10: "day", 7: "month", 4: "year"}.get(len(d), "day")
                               for p, d in zip(frame["date_precision"], frame["date"])]
    return frame.sort_values(["date", "agency"], kind="stable").reset_index(drop=True)


def write_chronology(review_dir: Path, rows: list[dict]) -> Path:
    """A hand-made build/chronology.csv, recorded as the ingest of the review's current inputs (as if
    'reviewbench ingest' had made it), so the use cases that need a current chronology accept it."""
    from reviewbench.config import load_review
    from reviewbench.stages import INGEST_REPORT, record
    path = review_dir / "build" / "chronology.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    schema.write_chronology(chronology(rows), path)
    (path.parent / INGEST_REPORT).write_text("{}\n", encoding="utf-8")
    record(load_review(review_dir), "ingest")
    return path


def copy_review(folder: Path, target: Path):
    """A private copy of a review folder built once for a module (its build included, its records still
    current: they hold no absolute path), loaded."""
    import shutil
    shutil.copytree(folder, target)
    return load_review(target)


def pairs(analysis) -> set[tuple[str, str, str]]:
    """(from, to, kind) of every interaction."""
    table = analysis.interactions
    return set(zip(table["from_agency"], table["to_agency"], table["kind"]))


def topics(analysis) -> list[str]:
    return [s.topic for s in analysis.statements]


def statements(analysis, topic: str):
    return [s for s in analysis.statements if s.topic == topic]


def write_metrics(review, rows: list[dict]) -> Path:
    """build/network/metrics.json of the rows, as the network stage writes it (with every statement and
    its key), without drawing the figures: what the prompts are read from, in a fraction of a second.
    The network stage is not recorded, so the review's network counts as out of date."""
    folder = review.build_dir / "network"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "metrics.json"
    path.write_text(json.dumps(metrics_dict(analyse(review, chronology(rows)))), encoding="utf-8")
    return path


def precision_recall(found: set, truth: set) -> tuple[float, float, list[str]]:
    """Precision and recall of ``found`` against hand-marked ``truth``, and every miss, for a message."""
    hits = found & truth
    precision = len(hits) / len(found) if found else 0.0
    recall = len(hits) / len(truth) if truth else 0.0
    misses = [f"missed {' '.join(t)}" for t in sorted(truth - found)] + \
             [f"wrongly found {' '.join(f)}" for f in sorted(found - truth)]
    return precision, recall, misses


def analysed_review(folder: Path, rows: list[dict]) -> Path:
    """A review of ``rows`` with its chronology and the statements of its network (``write_metrics``),
    for a module fixture to build once and each test to copy (``copy_review``)."""
    review = make_review(folder)
    write_chronology(review.root, rows)
    write_metrics(review, rows)
    return review.root
