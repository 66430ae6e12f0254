"""What a report is built from: the chronology and the network outputs of an up-to-date build
(:mod:`reviewbench.build` brings them up to date; a report view never does).

pandas is imported with this module, so a notebook kernel loads it while ``render`` is still
updating the build in its own process.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ..chronology.schema import read_chronology
from ..config import Review
from ..errors import ReviewbenchError, StaleBuildError
from ..lens_tables import LensTables, read_lens_tables
from ..stages import (
    CHRONOLOGY,
    INGEST_REPORT,
    NETWORK,
    NETWORK_FIGURES,
    build_lock,
    input_hashes,
    stale_message,
    stale_stages,
)

# The same words whatever the folder is called: a report is compared with its re-run in a copy (verify).
LENSES_UNAVAILABLE = ("the lenses are missing or older than their inputs (the chronology, the names register, the "
                      "lens rules): run 'reviewbench lenses'.")


@dataclass
class Prepared:
    """The built inputs of a report."""

    review: Review
    chronology: object                      # pandas.DataFrame (build/chronology.csv)
    ingest_report: dict
    metrics: dict                           # build/network/metrics.json
    figures: dict[str, Path] = field(default_factory=dict)
    inputs: dict[str, str] = field(default_factory=dict)
    lenses: LensTables | None = None        # build/analysis/, when built and current
    lenses_unavailable: str | None = None   # why there are none, as a sentence

    @property
    def entry_ids(self) -> list[str]:
        return self.chronology["entry_id"].tolist()


def prepare(review: Review) -> Prepared:
    """The chronology and network outputs of ``review``; never builds them. An out-of-date build is
    refused, naming what to run. While ``render`` brings them up to date it holds the build lock,
    so a report notebook that ``render`` runs waits here and then finds them current.

    The lenses are built on demand (``reviewbench lenses``): read when they are built and current,
    otherwise the report says why there are none (and refuses a citation of a lens row)."""
    build = review.build_dir
    with build_lock(build):
        stale = stale_stages(review, with_lenses=True)
        lenses, unavailable = None, None
        if "lenses" in stale:
            stale.remove("lenses")
            unavailable = LENSES_UNAVAILABLE
        if stale:
            raise StaleBuildError(stale_message(review, stale))
        if unavailable is None:
            try:
                lenses = read_lens_tables(build)
            except ReviewbenchError as exc:
                unavailable = str(exc)
        metrics = json.loads((build / NETWORK / "metrics.json").read_text(encoding="utf-8"))
        figures = {name: build / NETWORK / f"{name}.png" for name in NETWORK_FIGURES}
        return Prepared(review=review, chronology=read_chronology(build / CHRONOLOGY),
                        ingest_report=json.loads((build / INGEST_REPORT).read_text(encoding="utf-8")),
                        metrics=metrics, figures=figures, inputs=input_hashes(review), lenses=lenses,
                        lenses_unavailable=unavailable)
