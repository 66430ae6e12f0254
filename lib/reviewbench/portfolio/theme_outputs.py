"""The themes matrix written to ``<portfolio>/build/``: themes.csv (long form: review, theme, counts),
themes.xlsx (the matrix, the cells, recurring findings, priorities), themes.json (what the workbench's
view reads) and the figure themes.png / themes.svg."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from ..atomic import write_atomic
from .config import Portfolio
from .tables import _xlsx
from .theme_figure import column_label, write_themes_figure
from .themes import ThemeMatrix, long_rows, priority_rows, recurring_rows

THEMES_CSV, THEMES_XLSX, THEMES_JSON, THEMES_FIGURE = "themes.csv", "themes.xlsx", "themes.json", "themes"
LONG_COLUMNS = ("review", "review_title", "theme", "theme_label", "in_vocabulary", "priority", "tagged_entries",
                "findings", "entry_ids", "finding_ids")
RECURRING_COLUMNS = ("theme", "theme_label", "reviews", "review", "finding", "title", "evidence")
PRIORITY_COLUMNS = ("theme", "theme_label", "since", "reason", "reviews")


def wide_frame(matrix: ThemeMatrix) -> pd.DataFrame:
    """Reviews down, themes across; each cell "entries e / findings f"."""
    rows = []
    for rid, title in matrix.reviews:
        row = {"review": rid, "title": title}
        for i, column in enumerate(matrix.columns):
            cell = matrix.cell(rid, column.id)
            row[column_label(matrix, i).replace("\n", " ")] = f"{len(cell.entries)} e / {len(cell.findings)} f"
        rows.append(row)
    return pd.DataFrame(rows)


def write_themes(portfolio: Portfolio, matrix: ThemeMatrix) -> list[Path]:
    """Write the themes outputs atomically; returns them."""
    build = portfolio.build_dir
    long = pd.DataFrame(long_rows(matrix)).reindex(columns=list(LONG_COLUMNS))
    recurring = pd.DataFrame(recurring_rows(matrix)).reindex(columns=list(RECURRING_COLUMNS))
    priorities = pd.DataFrame(priority_rows(matrix)).reindex(columns=list(PRIORITY_COLUMNS))
    outside = pd.DataFrame({"not in the portfolio's themes": matrix.outside})
    write_atomic(build / THEMES_CSV, long.to_csv(index=False, lineterminator="\n"))
    write_atomic(build / THEMES_XLSX, _xlsx({"Matrix": wide_frame(matrix), "Cells": long, "Recurring": recurring,
                                             "Priorities": priorities, "Not in vocabulary": outside}))
    write_atomic(build / THEMES_JSON, json.dumps(matrix.as_dict(), indent=1, ensure_ascii=False) + "\n")
    figure = write_themes_figure(matrix, f"{portfolio.partnership}: themes across its reviews",
                                 build / THEMES_FIGURE, tables=f"build/{THEMES_CSV} and build/{THEMES_XLSX}")
    return [build / THEMES_CSV, build / THEMES_XLSX, build / THEMES_JSON, *figure]
