"""What a report is built from: the chronology and the network outputs of an up-to-date build
(:mod:`reviewbench.stages` rebuilds them only when their inputs changed).

pandas is imported with this module, so a notebook kernel loads it while ``render`` is still
updating the build in its own process.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ..chronology.export import read_chronology
from ..config import Review
from ..stages import (CHRONOLOGY, INGEST_REPORT, NETWORK, NETWORK_FIGURES, network_outputs, input_hashes,
                      update_build)


@dataclass
class Prepared:
    """The built inputs of a report. ``ingested``/``graphed`` say whether they were rebuilt now."""

    review: Review
    chronology: object                      # pandas.DataFrame (build/chronology.csv)
    ingest_report: dict
    metrics: dict | None                    # build/network/metrics.json, None if the stage is unavailable
    figures: dict[str, Path] = field(default_factory=dict)
    network_note: str = ""                  # why there are no network outputs
    inputs: dict[str, str] = field(default_factory=dict)
    ingested: bool = False
    graphed: bool = False

    @property
    def entry_ids(self) -> list[str]:
        return self.chronology["entry_id"].tolist()


def prepare(review: Review) -> Prepared:
    """The chronology and network outputs of ``review``, rebuilding only what is out of date."""
    ingested, graphed, note = update_build(review)
    build = review.build_dir
    metrics = None
    figures: dict[str, Path] = {}
    if not note and network_outputs(build):
        metrics = json.loads((build / NETWORK / "metrics.json").read_text(encoding="utf-8"))
        figures = {name: build / NETWORK / f"{name}.png" for name in NETWORK_FIGURES}
    elif not note:
        note = "the agency network outputs (build/network/) are missing."
    return Prepared(review=review, chronology=read_chronology(build / CHRONOLOGY),
                    ingest_report=json.loads((build / INGEST_REPORT).read_text(encoding="utf-8")),
                    metrics=metrics, figures=figures, network_note=note, inputs=input_hashes(review),
                    ingested=ingested, graphed=graphed)
