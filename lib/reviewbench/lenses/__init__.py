"""The reviewer's lenses (``reviewbench lenses``): the child's voice, the adults around the child and
the parents' accounts set against what other records say, each meeting and what reached it, the procedural
clocks and the signals reviews look for, each a table under build/analysis/ with the entry ids, the rule and
the words behind every row.

A lens is a pure function of the integrated chronology and the names register; its rules are
data (``data/lens_rules.yaml``, extended by a review's own ``lens_rules.yaml``). Front functions:
:func:`analyse_lenses` (a chronology frame) and :func:`lens_review` (a review folder, written).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..chronology import read_chronology
from ..config import Review, as_review
from ..errors import ReviewbenchError
from ..publication.names import NameRegister, review_register
from ..register import RegisterData
from ..stages import CHRONOLOGY, LENS_SETTINGS
from .family import family_of
from .outputs import ANALYSIS, SUMMARY, write_lenses
from .records import read_records
from .registry import LENSES, Lens
from .results import LensResult
from .rules import RULES_FILE, lens_rules

__all__ = ["ANALYSIS", "LENSES", "Lens", "LensResult", "RULES_FILE", "SUMMARY", "analyse_lenses", "lens_review",
           "lens_rules"]


def analyse_lenses(review: Review, chronology: pd.DataFrame, register: RegisterData | None = None) -> LensResult:
    """Every lens over ``chronology``; ``register`` defaults to the review's own (private/names.yaml)."""
    rules = review.overlay(RULES_FILE, lens_rules)
    names = review_register(review) if register is None else NameRegister(register)
    family = family_of(names.data, names, rules, review.scope.end)
    records = read_records(review, chronology, family, rules)
    tables = {lens.name: lens.make(records, rules, review) for lens in LENSES}
    settings = {name: getattr(review.settings, name) for name in LENS_SETTINGS}
    return LensResult(review.id, tables, records.notes, settings)


def lens_review(review_dir: Review | str | Path) -> LensResult:
    """``reviewbench lenses DIR``: the lenses over build/chronology.csv, written to build/analysis/."""
    review = as_review(review_dir)
    path = review.build_dir / CHRONOLOGY
    if not path.exists():
        raise ReviewbenchError(f"there is no {path.relative_to(review.root).as_posix()} yet.", where=str(review.root),
                               hint="Run 'reviewbench ingest DIR' first to build the chronology.")
    result = analyse_lenses(review, read_chronology(path))
    result.outputs = write_lenses(result, review.build_dir / ANALYSIS)
    return result
