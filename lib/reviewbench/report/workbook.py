"""The integrated chronology as the workbook beside a large draft (build/report_chronology.xlsx).

A draft whose chronology appendix would list more entries than ``settings:
chronology_appendix_limit`` lists only the entries it cites, and says that the whole chronology
is in this workbook: every entry, its texts through the names register as the report's are, with
whether it falls in the review's scope and what in the report cites it. The content is decided
here, beside the appendix; :mod:`reviewbench.render` writes it, with the report.
"""

from __future__ import annotations

import pandas as pd

from ..authored import load_authored
from ..config import Review
from ..methodology import Methodology
from ..publication.names import NameRegister, review_register
from .citations import Citations, citations
from .prepare import Prepared
from .text import TextRenderer

COLUMNS = ["entry_id", "date", "time", "agency", "event_type", "description", "outcome",
           "in_scope", "cited_in"]
_REPEATED = ("agency", "event_type")          # few distinct values: each pseudonymised once
_FREE_TEXT = ("description", "outcome")


def workbook_frame(chronology: pd.DataFrame, cited: Citations, register: NameRegister) -> pd.DataFrame:
    """Every entry of ``chronology`` (build/chronology.csv as read) in the workbook's columns: texts
    pseudonymised, ``cited_in`` the ids of what cites each entry, in report order."""
    frame = chronology[[c for c in COLUMNS if c != "cited_in"]].copy()
    apply = register.apply
    for column in _REPEATED:
        frame[column] = frame[column].map({value: apply(value) for value in frame[column].unique()})
    for column in _FREE_TEXT:
        frame[column] = [apply(value) for value in frame[column].tolist()]
    frame["cited_in"] = [", ".join(item for _, item in cited.get(e, [])) for e in frame["entry_id"].tolist()]
    return frame


def chronology_workbook(review: Review, method: Methodology, prepared: Prepared) -> pd.DataFrame:
    """The workbook's rows for ``review``'s report in ``method``, with the citations the report has."""
    ids = set(prepared.entry_ids)
    authored = load_authored(review, prepared.entry_ids, methodology=method)
    register = review_register(review)
    return workbook_frame(prepared.chronology, citations(authored, ids, TextRenderer(register)), register)
