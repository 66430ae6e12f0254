"""Themes across the portfolio: reviews × themes, the findings that recur, the partnership's priorities.

Each review's rows (:mod:`.review_themes`: tagged entries, findings naming a theme) are counted under
the portfolio's themes (portfolio.yaml ``themes:``). A review theme counts under a portfolio theme whose
id it is or whose ``review_themes`` lists it (``A1`` under ``information-sharing``); one that is neither
keeps a column of its own, marked as not in the vocabulary, and is reported: never dropped. Tagged
entries and findings are counted apart in every cell.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from .config import Portfolio
from .review_themes import FINDING, TAG
from .reviews import ReviewOutcome

NO_REVIEW = "no review found on it"


@dataclass(frozen=True)
class Column:
    """A theme of the matrix: a portfolio theme, or a review theme outside the vocabulary."""

    id: str
    label: str
    in_vocabulary: bool = True
    priority: bool = False


@dataclass
class Cell:
    """What one review holds on one theme: tagged entries and findings, kept apart."""

    review: str
    theme: str
    entries: list[str] = field(default_factory=list)
    findings: list[dict] = field(default_factory=list)      # {id, title, evidence: [ids]}

    @property
    def empty(self) -> bool:
        return not (self.entries or self.findings)


@dataclass(frozen=True)
class PriorityView:
    """A priority learning theme with the reviews behind it (computed, never authored)."""

    theme: str
    label: str
    since: dt.date | None
    reason: str
    reviews: list[str]

    @property
    def said(self) -> str:
        return ", ".join(self.reviews) if self.reviews else NO_REVIEW


@dataclass
class ThemeMatrix:
    reviews: list[tuple[str, str]]                         # (id, title), in the portfolio's order
    columns: list[Column]
    cells: dict[tuple[str, str], Cell]
    priorities: list[PriorityView]
    outside: list[str]                                     # review themes not in the vocabulary, said

    def cell(self, review: str, theme: str) -> Cell:
        return self.cells.get((review, theme)) or Cell(review, theme)

    def recurring(self) -> list[tuple[Column, list[Cell]]]:
        """Themes found in findings of two or more reviews, with each review's cell."""
        out = []
        for column in self.columns:
            cells = [self.cell(rid, column.id) for rid, _ in self.reviews]
            with_findings = [c for c in cells if c.findings]
            if len(with_findings) >= 2:
                out.append((column, with_findings))
        return out

    def as_dict(self) -> dict:
        return {"reviews": [list(r) for r in self.reviews], "columns": [asdict(c) for c in self.columns],
                "cells": [asdict(c) for c in self.cells.values()],
                "priorities": [{**asdict(p), "since": p.since.isoformat() if p.since else None}
                               for p in self.priorities],
                "outside": self.outside}

    @classmethod
    def from_dict(cls, data: dict) -> "ThemeMatrix":
        cells = [Cell(**c) for c in data["cells"]]
        return cls([tuple(r) for r in data["reviews"]], [Column(**c) for c in data["columns"]],
                   {(c.review, c.theme): c for c in cells},
                   [PriorityView(**{**p, "since": dt.date.fromisoformat(p["since"]) if p["since"] else None})
                    for p in data["priorities"]], list(data["outside"]))


def _vocabulary(portfolio: Portfolio) -> dict[str, str]:
    """Review theme id -> portfolio theme id (a portfolio theme's own id counts too)."""
    mapping: dict[str, str] = {}
    for theme in portfolio.themes:
        mapping[theme.id] = theme.id
        for review_theme in theme.review_themes:
            mapping.setdefault(review_theme, theme.id)
    return mapping


def _review_id(outcome: ReviewOutcome) -> str:
    return outcome.id or outcome.folder


def theme_matrix(portfolio: Portfolio, outcomes: list[ReviewOutcome]) -> ThemeMatrix:
    """The matrix of the portfolio's reviews against its themes, from the reviews' outcomes."""
    mapping = _vocabulary(portfolio)
    priority_ids = {p.theme for p in portfolio.priorities}
    columns = {t.id: Column(t.id, t.label, True, t.id in priority_ids) for t in portfolio.themes}
    cells: dict[tuple[str, str], Cell] = {}
    outside: dict[str, tuple[str, set[str]]] = {}
    for outcome in outcomes:
        rid = _review_id(outcome)
        for row in outcome.themes:
            key = mapping.get(row["theme"], row["theme"])
            if key not in columns:
                columns[key] = Column(key, row["label"], in_vocabulary=False)
            if row["theme"] not in mapping:
                outside.setdefault(row["theme"], (row["label"], set()))[1].add(rid)
            cell = cells.setdefault((rid, key), Cell(rid, key))
            if row["source"] == TAG and row["item"] not in cell.entries:
                cell.entries.append(row["item"])
            elif row["source"] == FINDING and all(f["id"] != row["item"] for f in cell.findings):
                cell.findings.append({"id": row["item"], "title": row["title"], "evidence": row["evidence"]})
    reviews = [(_review_id(o), o.title) for o in outcomes]
    labels = {t.id: t.label for t in portfolio.themes}
    priorities = [PriorityView(p.theme, labels[p.theme], p.since, p.reason,
                               [rid for rid, _ in reviews if not (cells.get((rid, p.theme)) or Cell(rid, "")).empty])
                  for p in portfolio.priorities]
    said = [f"the review theme {theme} ({label}), in {', '.join(sorted(rids))}, is not among the portfolio's "
            "themes: it has a column of its own. Add it to a theme's review_themes in portfolio.yaml to count it "
            "there." for theme, (label, rids) in sorted(outside.items())]
    return ThemeMatrix(reviews, list(columns.values()), cells, priorities, said)


def long_rows(matrix: ThemeMatrix) -> list[dict]:
    """themes.csv: one row per review and theme (every portfolio theme, and each other theme found)."""
    rows = []
    for rid, title in matrix.reviews:
        for column in matrix.columns:
            cell = matrix.cell(rid, column.id)
            if cell.empty and not column.in_vocabulary:
                continue
            rows.append({"review": rid, "review_title": title, "theme": column.id, "theme_label": column.label,
                         "in_vocabulary": "yes" if column.in_vocabulary else "no",
                         "priority": "yes" if column.priority else "", "tagged_entries": len(cell.entries),
                         "findings": len(cell.findings), "entry_ids": "; ".join(cell.entries),
                         "finding_ids": "; ".join(f["id"] for f in cell.findings)})
    return rows


def recurring_rows(matrix: ThemeMatrix) -> list[dict]:
    """One row per finding behind a recurring theme, with its evidence (entry and KPE ids)."""
    return [{"theme": column.id, "theme_label": column.label, "reviews": len(cells), "review": cell.review,
             "finding": finding["id"], "title": finding["title"], "evidence": "; ".join(finding["evidence"])}
            for column, cells in matrix.recurring() for cell in cells for finding in cell.findings]


def priority_rows(matrix: ThemeMatrix) -> list[dict]:
    return [{"theme": p.theme, "theme_label": p.label, "since": p.since.isoformat() if p.since else "",
             "reason": p.reason, "reviews": p.said} for p in matrix.priorities]
