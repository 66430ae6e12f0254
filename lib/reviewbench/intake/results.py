"""What an ingest found: per file, and for the whole review. Kept apart from :mod:`.ingest`
so that the ingest report (:mod:`.report`) and anything else that reads a result imports only
the result, never the stage that makes it."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..config import Review
from ..model import Reject


@dataclass
class FileResult:
    file: str
    sha256: str
    agency: str = ""
    tables: list[str] = field(default_factory=list)
    rows_read: int = 0
    rows_accepted: int = 0
    rows_rejected: int = 0
    header_rows_skipped: int = 0
    status: str = "ok"              # ok | failed | excluded | refused (a link leaving the review, never read)
    #                                 | summary (a rapid review agency summary form: no chronology rows)
    error: str = ""


@dataclass
class IngestResult:
    review: Review
    chronology: pd.DataFrame
    files: list[FileResult]
    rejects: list[Reject]
    joint_events: list[dict]
    conflicts: list[dict]
    warnings: list[str]
    ignored: list[str]                  # lock and system files, by name
    skipped: list[dict[str, str]] = field(default_factory=list)   # not submissions: file, reason
    notices: list[str] = field(default_factory=list)    # warnings a reviewer should see in the terminal too
    date_rules: list[str] = field(default_factory=list)  # how dates were read and checked, as sentences
    discarded: list[str] = field(default_factory=list)   # build outputs removed with a failed ingest's chronology
    summaries: list = field(default_factory=list)        # AgencySummary: the rapid review summary forms read

    @property
    def failed(self) -> list[FileResult]:
        """Files that stop the ingest: unusable, or refused because they lead outside the review."""
        return [f for f in self.files if f.status in ("failed", "refused")]

    @property
    def ok(self) -> bool:
        return not self.failed and bool(self.files)
