"""A partnership's portfolio of reviews and audits, and each review's actions (issue 17).

    load_portfolio(dir)              portfolio.yaml, checked (:mod:`.config`)
    build_portfolio(dir)             each review brought up to date, then build/portfolio.csv,
                                     actions.csv, actions.xlsx (:mod:`.reviews`, :mod:`.pool`, :mod:`.tables`),
                                     themes.csv, .xlsx, .json, .png (:mod:`.themes`, :mod:`.theme_outputs`)
    build_portfolio(dir, scheduler=) the same on a Dask distributed cluster (:mod:`.cluster`)
    load_actions(review)             authored/actions.yaml, checked, with its flags (:mod:`.actions`)
    export_returns(review)           build/actions/<agency code>.xlsx per agency (:mod:`.workbook`)
    read_returns(review, files)      the agencies' returns applied, by row (:mod:`.returns`)

Above the use-case layer (:mod:`reviewbench.build`): it builds each review through it, never by itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .actions import Action, ActionFlag, ActionPlan, Evidence, StatusEntry, action_flags, is_overdue, load_actions
from .config import PORTFOLIO_FILE, Portfolio, load_portfolio
from .pool import Progress, build_reviews, default_workers
from .reviews import BuildOptions, ReviewOutcome, build_review
from .tables import write_tables
from .theme_outputs import write_themes
from .themes import ThemeMatrix, theme_matrix


@dataclass
class PortfolioResult:
    portfolio: Portfolio
    outcomes: list[ReviewOutcome]
    outputs: list[Path]
    problems: list[str] = field(default_factory=list)     # across reviews: an id two folders share
    notes: list[str] = field(default_factory=list)        # worth knowing, not wrong: a review of another jurisdiction
    themes: ThemeMatrix | None = None                      # reviews × themes (:mod:`.themes`)

    @property
    def failed(self) -> list[ReviewOutcome]:
        return [o for o in self.outcomes if not o.ok]

    @property
    def ok(self) -> bool:
        return not self.failed and not self.problems and not any(o.problems for o in self.outcomes)

    @property
    def not_counted(self) -> str:
        """The reviews whose action plan could not be read, "child-t, whose files could not be read", or "" when
        every plan was read: what every count of actions or evidence of impact says is not in it."""
        unread = [o.id or str(o.folder) for o in self.outcomes if not o.actions_read]
        return f"{', '.join(unread)}, whose files could not be read" if unread else ""


def _shared_ids(outcomes: list[ReviewOutcome]) -> list[str]:
    by_id: dict[str, list[str]] = {}
    for outcome in outcomes:
        if outcome.id:
            by_id.setdefault(outcome.id, []).append(outcome.folder)
    return [f"the review id '{rid}' is the id of {len(folders)} review folders ({', '.join(folders)}): the "
            "portfolio's tables tell reviews apart by id, so give each its own in its review.yaml."
            for rid, folders in by_id.items() if len(folders) > 1]


def _on_cluster(folders: list[Path], options: BuildOptions, scheduler: str, on_done: Progress | None,
                connect_timeout: float | None) -> list[ReviewOutcome]:
    # .cluster imports dask.distributed when it builds: only on this path, never for a build on the pool
    from .cluster import CONNECT_TIMEOUT_S, build_on_cluster
    return build_on_cluster(folders, options, scheduler, on_done=on_done, timeout=connect_timeout or CONNECT_TIMEOUT_S)


def build_portfolio(folder: str | Path, *, as_of: dt.date | None = None, workers: int | None = None,
                    lenses: bool = True, render: bool = False, on_done: Progress | None = None,
                    scheduler: str | None = None, connect_timeout: float | None = None) -> PortfolioResult:
    """Bring every review of the portfolio up to date (only what is stale), then write its tables.

    A review that fails is in the tables with its folder and reason; the others still build. With
    ``scheduler`` (a Dask scheduler's address) the reviews build on that cluster (:mod:`.cluster`),
    else on a local process pool of ``workers`` processes (:mod:`.pool`).
    """
    portfolio = load_portfolio(folder)
    options = BuildOptions(as_of=as_of or dt.date.today(), lenses=lenses, render=render)
    if scheduler:
        outcomes = _on_cluster(portfolio.review_folders(), options, scheduler, on_done, connect_timeout)
    else:
        outcomes = build_reviews(portfolio.review_folders(), options, workers=workers, on_done=on_done)
    outputs = write_tables(portfolio, outcomes)
    matrix = theme_matrix(portfolio, outcomes)
    outputs += write_themes(portfolio, matrix)
    notes = [f"{o.id} ({o.folder}) is a review under the rules of {o.jurisdiction.title()}; the portfolio's "
             f"jurisdiction is {portfolio.jurisdiction.title()}." for o in outcomes
             if o.jurisdiction and o.jurisdiction != portfolio.jurisdiction]
    return PortfolioResult(portfolio, outcomes, outputs, _shared_ids(outcomes), notes + matrix.outside, matrix)


__all__ = ["PORTFOLIO_FILE", "Action", "ActionFlag", "ActionPlan", "BuildOptions", "Evidence", "Portfolio",
           "PortfolioResult", "ReviewOutcome", "StatusEntry", "action_flags", "build_portfolio", "build_review",
           "build_reviews", "default_workers", "is_overdue", "load_actions", "load_portfolio"]
__all__ += ["ThemeMatrix", "theme_matrix"]
