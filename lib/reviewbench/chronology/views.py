"""What the chronology notebook shows, computed here so tests reach it without a kernel: the
ingest's accounting (rows read, accepted, rejected; conflicts) beside the chronology it built.
Opening the built chronology never builds it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..config import Review, load_review
from ..errors import StaleBuildError
from ..stages import CHRONOLOGY, INGEST_REPORT, stale_message, stale_stages
from .schema import read_chronology

READ_COLUMNS = ["entry_id", "date", "time", "agency", "event_type", "description", "outcome",
                "practitioner_role", "in_scope", "joint_event_id", "flags"]


@dataclass
class ChronologyView:
    review: Review
    chronology: pd.DataFrame
    report: dict

    def summary(self) -> pd.DataFrame:
        r = self.report
        rows = [("Rows read", r["rows_read"]), ("Rows accepted", r["rows_accepted"]),
                ("Rows rejected", r["rows_rejected"]), ("Out of scope (kept)", r["out_of_scope"]["count"]),
                ("Joint events", len(r["joint_events"])), ("Date conflicts", len(r["conflicts"])),
                ("Agencies", len(r["by_agency"]))]
        return pd.DataFrame(rows, columns=["", "count"]).set_index("")

    def rejects(self) -> pd.DataFrame:
        return pd.DataFrame(self.report["rejects"], columns=["file", "location", "reason"])

    def conflicts(self) -> pd.DataFrame:
        return pd.DataFrame([{"event": c["label"], "dates": ", ".join(c["dates"]), "what to check": c["message"]}
                             for c in self.report["conflicts"]], columns=["event", "dates", "what to check"])

    def in_scope(self) -> pd.DataFrame:
        return self.chronology.loc[self.chronology["in_scope"], READ_COLUMNS]


def per_agency_month(chronology: pd.DataFrame) -> pd.DataFrame:
    """Entries per agency per calendar month (in-scope, day or month precision); zeros shown."""
    frame = chronology[chronology["in_scope"] & (chronology["date_precision"] != "year")]
    if frame.empty:
        return pd.DataFrame()
    months = frame["date"].str.slice(0, 7)
    table = pd.crosstab(frame["agency"], months)
    span = pd.period_range(months.min(), months.max(), freq="M").strftime("%Y-%m")
    return table.reindex(columns=span, fill_value=0)


def fresh_entry_ids(review: Review) -> list[str] | None:
    """Entry ids of the built chronology if it is up to date with its inputs, else None: lets a render
    check authored references before a kernel starts."""
    if "ingest" in stale_stages(review):
        return None
    return read_chronology(review.build_dir / CHRONOLOGY, columns=["entry_id"])["entry_id"].tolist()


def open_chronology(review_dir: str | Path) -> ChronologyView:
    """The review's built chronology. Opening it never builds it: a missing or out-of-date one is
    refused, naming what to run (:func:`reviewbench.build.run_ingest`)."""
    review = load_review(review_dir)
    if "ingest" in stale_stages(review):
        raise StaleBuildError(stale_message(review, ["ingest"], run="'reviewbench ingest', or set rebuild = True in "
                                                                    "the notebook's parameters cell"))
    report = json.loads((review.build_dir / INGEST_REPORT).read_text(encoding="utf-8"))
    return ChronologyView(review, read_chronology(review.build_dir / CHRONOLOGY), report)
