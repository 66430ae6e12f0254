"""The portfolio's tables in ``<portfolio>/build/``: ``portfolio.csv`` (one row per review),
``actions.csv`` (every action with its review) and ``actions.xlsx`` (the same for the business unit,
with the flags and the reviews, each sheet filtered and frozen at its header); ``dissemination.csv``
(every recorded use of a review's products, with its review)."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pandas as pd
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from ..atomic import write_atomic
from ..audit.summary import COUNT_COLUMNS as AUDIT_COLUMNS
from ..dissemination import RECORD_COLUMNS
from ..vocabulary import normalise_heading
from .config import Portfolio
from .reviews import ReviewOutcome
from .statuses import plan_terms

PORTFOLIO_CSV, ACTIONS_CSV, ACTIONS_XLSX = "portfolio.csv", "actions.csv", "actions.xlsx"
DISSEMINATION_CSV = "dissemination.csv"
ACTION_COLUMNS = ("review", "review_title", "action", "recommendation", "recommendation_text", "owner_agency",
                  "partnership_agency", "lead_role", "due", "success_criteria", "status", "status_date", "overdue",
                  "evidence", "last_evidence", "flags")
FLAG_COLUMNS = ("review", "action", "owner_agency", "rule", "label", "evidence", "statement")


def _folder(portfolio: Portfolio, folder: str) -> str:
    """The review folder as the portfolio names it: relative to the portfolio (``../child-t``)."""
    return Path(os.path.relpath(folder, portfolio.root)).as_posix()


def review_rows(portfolio: Portfolio, outcomes: list[ReviewOutcome]) -> list[dict]:
    statuses, rules = plan_terms().status_ids, plan_terms().rules
    rows = []
    for outcome in outcomes:
        counts = {s: sum(1 for a in outcome.actions if a["status"] == s) for s in statuses}
        rows.append({
            "folder": _folder(portfolio, outcome.folder), "id": outcome.id, "title": outcome.title,
            "kind": outcome.kind, "methodology": outcome.methodology, "period": outcome.period,
            "stage": outcome.stage, "process_overdue": outcome.process_overdue, "next_due": outcome.next_due,
            "build": "ok" if outcome.ok else "failed", "reason": outcome.reason, "built": "; ".join(outcome.built),
            "report": outcome.report, "response": outcome.response, "problems": "\n".join(outcome.problems),
            "findings": outcome.findings, "recommendations": outcome.recommendations,
            "actions": len(outcome.actions), **{f"actions_{s}": n for s, n in counts.items()},
            **{f"flagged_{rule}": sum(1 for f in outcome.flags if f["rule"] == rule) for rule in rules},
            "actions_flagged": sum(1 for a in outcome.actions if a["flags"]),
            **{column: outcome.audit.get(column, "") for column in AUDIT_COLUMNS}})
    return rows


def partnership_agency(portfolio: Portfolio, owner: str) -> str:
    """The portfolio's name for an action's owner agency (by name or alias), or "" when it has none."""
    wanted = normalise_heading(owner)
    for agency in portfolio.agencies:
        if wanted in {normalise_heading(label) for label in (agency.name, *agency.aliases)}:
            return agency.name
    return ""


def actions_table(portfolio: Portfolio, outcomes: list[ReviewOutcome]) -> list[dict]:
    return [{**row, "partnership_agency": partnership_agency(portfolio, row["owner_agency"])}
            for outcome in outcomes for row in outcome.actions]


def _frame(rows: list[dict], columns: tuple[str, ...] | None = None) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    if columns is not None:
        frame = frame.reindex(columns=list(columns))
    return frame


def _xlsx(sheets: dict[str, pd.DataFrame]) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            frame.to_excel(writer, sheet_name=name, index=False)
            ws = writer.sheets[name]
            ws.freeze_panes = "A2"
            if ws.max_row > 1:
                ws.auto_filter.ref = ws.dimensions
            for i, column in enumerate(frame.columns, start=1):
                ws.cell(row=1, column=i).font = Font(bold=True)
                longest = max([len(str(column)), *(len(str(v)) for v in frame[column].head(200))])
                ws.column_dimensions[get_column_letter(i)].width = min(60, max(10, longest + 2))
                if longest > 60:
                    for row in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    return buffer.getvalue()


def write_tables(portfolio: Portfolio, outcomes: list[ReviewOutcome]) -> list[Path]:
    """Write portfolio.csv, actions.csv and actions.xlsx (atomically); returns them."""
    build = portfolio.build_dir
    reviews = _frame(review_rows(portfolio, outcomes))
    actions = _frame(actions_table(portfolio, outcomes), ACTION_COLUMNS)
    flags = _frame([f for o in outcomes for f in o.flags], FLAG_COLUMNS)
    paths = [build / PORTFOLIO_CSV, build / ACTIONS_CSV, build / ACTIONS_XLSX]
    write_atomic(paths[0], reviews.to_csv(index=False, lineterminator="\n"))
    write_atomic(paths[1], actions.to_csv(index=False, lineterminator="\n"))
    write_atomic(paths[2], _xlsx({"Actions": actions, "Flags": flags, "Reviews": reviews}))
    return paths + write_dissemination(portfolio, outcomes)


def write_dissemination(portfolio: Portfolio, outcomes: list[ReviewOutcome]) -> list[Path]:
    """build/dissemination.csv: every recorded use of every review's products, one row each, by date."""
    uses = _frame(sorted((u for o in outcomes for u in o.uses), key=lambda u: (u["date"], u["review"])),
                  RECORD_COLUMNS)
    path = portfolio.build_dir / DISSEMINATION_CSV
    write_atomic(path, uses.to_csv(index=False, lineterminator="\n"))
    return [path]
