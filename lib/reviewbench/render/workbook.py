"""build/report_chronology.xlsx: the whole chronology beside a large draft, written with the report.

A draft whose chronology appendix would be too long lists only the entries it cites, and says
that the whole chronology is in this workbook (:mod:`reviewbench.report.workbook` decides what it
holds). The working draft's outputs are the report and this workbook: ``check`` scans both.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..config import Review, protective_marking
from ..methodology import Methodology
from ..publication.scan import REPORT_CHRONOLOGY


def write_report_chronology(review: Review, method: Methodology, folder: Path | None = None) -> Path:
    """Write build/report_chronology.xlsx (or into ``folder``, beside a draft rendered with another
    methodology) from the up-to-date build; it appears whole or not at all."""
    from ..chronology.export import write_xlsx
    from ..palette import agency_colours
    from ..report import prepare
    from ..report.workbook import chronology_workbook

    frame = chronology_workbook(review, method, prepare(review))
    path = (folder or review.build_dir) / REPORT_CHRONOLOGY
    staging = path.with_name(f".{path.name}.tmp")
    try:
        write_xlsx(frame, staging, agency_colours(review.agencies, frame["agency"].unique()), title=review.title,
                   marking=protective_marking(review))
        os.replace(staging, path)
    finally:
        staging.unlink(missing_ok=True)
    return path
