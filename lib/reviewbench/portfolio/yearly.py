"""The partnership's yearly report section (``reviewbench yearly DIR --year 2025-26``): what was reviewed in
the reporting year (April to March), the themes, the actions and their status, and the evidence of impact.

Everything comes from the portfolio as built (:func:`reviewbench.portfolio.build_portfolio`: its outcomes,
its action rows and flags, its themes matrix and figure); nothing is computed a second time. Written as
build/yearly_report.html and, through the report's own pandoc export, build/yearly_report.docx, then
scanned for names and identifying details with each review's names register (:mod:`reviewbench.publication`).
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import escape

from ..atomic import write_atomic
from ..config import load_review
from ..dates import long_date
from ..errors import ReviewbenchError
from ..publication.finder import find_sensitive
from ..publication.names import review_register
from ..publication.scan import shown
from ..render.export import export_docx
from . import PortfolioResult
from .statuses import plan_terms
from .theme_outputs import THEMES_FIGURE

YEARLY_HTML, YEARLY_DOCX = "yearly_report.html", "yearly_report.docx"
_YEAR = re.compile(r"^\s*(\d{4})\s*[-/]\s*(\d{2}|\d{4})\s*$")
DATE_LABELS = {"incident": "incident", "notification": "notification sent", "rapid_review": "rapid review completed",
               "decision": "decision on a local review", "start": "review begun", "completion": "final report agreed",
               "sent_to_panel": "report sent to the Panel", "publication": "published"}


@dataclass(frozen=True)
class ReportingYear:
    """A partnership's reporting year: 1 April to 31 March."""

    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        return f"{self.start.year}-{str(self.end.year)[2:]}"

    def holds(self, iso: str) -> bool:
        return bool(iso) and self.start <= dt.date.fromisoformat(iso[:10]) <= self.end


def reporting_year(text: str) -> ReportingYear:
    """``2025-26`` (or ``2025/26``, ``2025-2026``): 1 April 2025 to 31 March 2026.

    Raises:
        ReviewbenchError: the text is not a year of that form, or its two years do not follow each other.
    """
    match = _YEAR.match(text or "")
    first = int(match.group(1)) if match else 0
    second = match and int(match.group(2)) + (0 if len(match.group(2)) == 4 else first // 100 * 100)
    if not match or second != first + 1:
        raise ReviewbenchError(f"--year '{text}' is not a reporting year.",
                               hint="Write the year that starts in April as YYYY-YY: --year 2025-26 is 1 April 2025 "
                                    "to 31 March 2026.")
    return ReportingYear(dt.date(first, 4, 1), dt.date(first + 1, 3, 31))


@dataclass
class YearlyResult:
    outputs: list[Path]
    reviews: int
    evidence: int
    found: list[str] = field(default_factory=list)          # what the scan found: "Child T's register: 'X' (...)"
    unchecked: list[str] = field(default_factory=list)      # why a part could not be checked


def _day(iso: str) -> str:
    return long_date(dt.date.fromisoformat(iso))


def _table(heads: list[str], rows: list[list[object]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in heads)
    body = "".join("<tr>" + "".join(f"<td>{escape(v)}</td>" for v in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _nothing(text: str) -> str:
    return f"<p><em>{escape(text)}</em></p>"


def _reviewed(result: PortfolioResult, year: ReportingYear) -> str:
    rows = []
    for o in result.outcomes:
        dated = [(k, v) for k, v in sorted(o.dates.items(), key=lambda kv: kv[1]) if year.holds(v)]
        if dated:
            rows.append([o.title or o.folder, o.kind.replace("-", " "), o.stage,
                         "; ".join(f"{DATE_LABELS.get(k, k.replace('_', ' '))} {_day(v)}"
                                   for k, v in dated)])
    undated = [o.title or o.folder for o in result.outcomes if not o.dates]
    unsaid = (_nothing(f"Without process dates in review.yaml, so not counted in any year: {', '.join(undated)}.")
              if undated else "")
    if not rows:
        return _nothing(f"No review of the portfolio has a date in {year.label}.") + unsaid
    kinds = Counter(r[1] for r in rows)
    said = "; ".join(f"{n} {k}{'s' if n > 1 else ''}" for k, n in sorted(kinds.items()))
    return (f"<p>{len(rows)} review{'s' if len(rows) > 1 else ''} had a step of the process in the year: "
            f"{escape(said)}.</p>" + _table(["Review", "Kind", "Stage reached", "Dates in the year"], rows) + unsaid)


def _themes(result: PortfolioResult) -> str:
    matrix = result.themes
    titles = {o.id: o.title for o in result.outcomes}
    figure = result.portfolio.build_dir / f"{THEMES_FIGURE}.png"
    parts = []
    if figure.is_file():
        data = base64.b64encode(figure.read_bytes()).decode("ascii")
        parts.append(f'<p><img src="data:image/png;base64,{data}" alt="The themes across the reviews" '
                     'style="max-width:100%"></p>')
    recurring = matrix.recurring()
    parts.append("<p>Themes found in findings of two or more reviews: "
                 + (escape(", ".join(f"{c.label} ({len(cells)} reviews)" for c, cells in recurring)) or "none")
                 + ".</p>")
    if matrix.priorities:
        parts.append(_table(["Priority learning theme", "Since", "Why", "Reviews behind it"],
                            [[p.label, long_date(p.since) if p.since else "", p.reason,
                              ", ".join(titles.get(r, r) for r in p.reviews) or p.said] for p in matrix.priorities]))
    else:
        parts.append(_nothing("The partnership has chosen no priority learning themes (portfolio.yaml priorities)."))
    return "".join(parts)


def _not_counted(result: PortfolioResult, what: str) -> str:
    """The paragraph naming the reviews whose action plan could not be read, or "": a count or a "none" never
    stands for them."""
    unread = result.not_counted
    return _nothing(f"Not counted: the {what} of {unread} (the portfolio command names each problem).") \
        if unread else ""


def _actions(result: PortfolioResult, as_of: dt.date) -> str:
    rows = [a for o in result.outcomes for a in o.actions]
    caveat = _not_counted(result, "actions")
    if not rows:
        return caveat or _nothing("The portfolio's reviews have no actions yet.")
    terms = plan_terms()
    by_status = Counter(a["status"] for a in rows)
    by_owner = Counter(a["owner_agency"] for a in rows)
    flagged = [a for a in rows if a["flags"]]
    parts = [f"<p>{len(rows)} actions, as they stood on {long_date(as_of)}.</p>",
             _table(["Status", "Actions"], [[s.label, by_status[s.id]] for s in terms.statuses if by_status[s.id]]),
             _table(["Owner agency", "Actions"], sorted(by_owner.items()))]
    if flagged:
        parts.append("<p>Flagged: overdue (due, and not complete or evidenced), or done without evidence.</p>")
        parts.append(_table(["Review", "Action", "Owner agency", "Flag", "Due", "Last status"],
                            [[a["review_title"], a["action"], a["owner_agency"],
                              "; ".join(terms.rules[r].label for r in a["flags"].split("; ")),
                              _day(a["due"]), f"{terms.status(a['status']).label}"
                              + (f", {_day(a['status_date'])}" if a["status_date"] else "")] for a in flagged]))
    elif not caveat:
        parts.append(_nothing("No action is overdue, and none is complete without evidence."))
    return caveat + "".join(parts)


def _impact(result: PortfolioResult, year: ReportingYear) -> tuple[str, int]:
    kinds = plan_terms().evidence_kinds
    titles = {o.id: o.title for o in result.outcomes}
    items = sorted((e for o in result.outcomes for e in o.evidence if year.holds(e["date"])),
                   key=lambda e: (e["date"], e["review"], e["action"]))
    caveat = _not_counted(result, "evidence of impact")
    if not items:
        return caveat or _nothing(f"No evidence of impact is dated in {year.label}."), 0
    return caveat + _table(["Date", "Review", "Action", "Owner agency", "Kind", "What it shows"],
                           [[_day(e["date"]), titles.get(e["review"], e["review"]), e["action"], e["owner_agency"],
                             kinds.get(e["kind"], e["kind"]), e["summary"]] for e in items]), len(items)


def yearly_body(result: PortfolioResult, year: ReportingYear, as_of: dt.date) -> tuple[str, int]:
    """The section's HTML body, and how many evidence items it lists."""
    impact, evidence = _impact(result, year)
    title = f"{result.portfolio.partnership}: learning from reviews, {year.label}"
    body = (f"<h1>{escape(title)}</h1>"
            f"<p>The reporting year {long_date(year.start)} to {long_date(year.end)}.</p>"
            f"<h2>What was reviewed</h2>{_reviewed(result, year)}"
            f"<h2>Themes</h2>{_themes(result)}"
            f"<h2>Actions and their status</h2>{_actions(result, as_of)}"
            f"<h2>Evidence of impact</h2>{impact}")
    return body, evidence


def _scan(result: PortfolioResult, text: str) -> tuple[list[str], list[str]]:
    """Each review's names register against the text; what was found, and what could not be checked."""
    found, unchecked = [], []
    for outcome in result.outcomes:
        try:
            register = review_register(load_review(outcome.folder))
        except ReviewbenchError as exc:
            unchecked.append(f"{outcome.folder}: its names register could not be read ({exc}).")
            continue
        if not register.exists and not register.names_no_one:
            unchecked.append(f"{outcome.id or outcome.folder} has no names register: its names were not checked.")
        # printed as 'check' prints it: a name by its initials, anything else by its first two characters
        found += [f"{outcome.id}: '{shown(s.kind, s.text)}' ({s.kind}{', ' + s.detail if s.detail else ''})"
                  for s in find_sensitive(text, register)]
    return sorted(set(found)), unchecked


def write_yearly(result: PortfolioResult, year: ReportingYear, as_of: dt.date) -> YearlyResult:
    """build/yearly_report.html and .docx for ``year``, scanned; returns them and what the scan said."""
    body, evidence = yearly_body(result, year, as_of)
    build = result.portfolio.build_dir
    title = f"{result.portfolio.partnership}: yearly report {year.label}"
    page = (f'<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            "<style>body{font-family:sans-serif;max-width:60em;margin:auto}table{border-collapse:collapse;"
            "margin:1em 0}td,th{border:1px solid #999;padding:.3em .5em;text-align:left}</style></head>\n"
            f"<body>\n{body}\n</body></html>\n")
    write_atomic(build / YEARLY_HTML, page)
    docx = export_docx(body, title, f"The reporting year {year.label}", build / YEARLY_DOCX)
    text = re.sub(r"<[^>]+>", " ", re.sub(r'src="data:[^"]*"', "", body))
    found, unchecked = _scan(result, html.unescape(text))
    if not result.outcomes:
        unchecked.append("the portfolio has no review, so no names register to check the report against.")
    pictures = body.count("<img ")
    if pictures:       # the scan reads text: a picture's words (the themes figure's review titles) are not read
        unchecked.append(f"the {pictures} picture(s) in it (the themes figure) are not read by the scan: "
                         "check them by eye.")
    reviews = sum(1 for o in result.outcomes if any(year.holds(v) for v in o.dates.values()))
    return YearlyResult([build / YEARLY_HTML, docx], reviews, evidence, found, unchecked)
