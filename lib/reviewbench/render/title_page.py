"""The Word report's title page and the day it is dated: what a reader sees before the contents.

The day is the render date (UTC; ``SOURCE_DATE_EPOCH`` when set, as reproducible builds do), or for
the public edition review.yaml's ``dates.publication`` when it has one: the title page, the document
properties and the zip entries all carry it. The HTML report stays undated (its title block is its own).

The draft carries review.yaml's ``settings: protective_marking`` (OFFICIAL-SENSITIVE unless set) and
the draft marking; the public edition carries neither: once published the report is public.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

from markupsafe import Markup

from ..config import Review, protective_marking
from ..dates import long_date
from ..errors import ReviewbenchError
from ..methodology import Methodology
from ..report.front import DRAFT_MARK

EPOCH_VARIABLE = "SOURCE_DATE_EPOCH"


def render_day(review: Review, publish: bool, day: dt.date | None = None) -> dt.date:
    """The day the Word report is dated: the publication date of a public edition that has one, else
    ``day`` when given (``verify`` gives the build's), else ``SOURCE_DATE_EPOCH`` (seconds, UTC) when
    the environment sets it, else today (UTC)."""
    if publish and review.dates.publication is not None:
        return review.dates.publication
    if day is not None:
        return day
    pinned = os.environ.get(EPOCH_VARIABLE, "").strip()
    if pinned:
        try:
            return dt.datetime.fromtimestamp(int(pinned), tz=dt.timezone.utc).date()
        except (ValueError, OverflowError, OSError) as exc:
            raise ReviewbenchError(f"the environment variable {EPOCH_VARIABLE} is {pinned!r}, not a number of "
                                   "seconds since 1970.",
                                   hint="Unset it, or give it a whole number such as 1700000000.") from exc
    return dt.datetime.now(dt.timezone.utc).date()


@dataclass(frozen=True)
class TitlePage:
    """What the Word report's first page says, line by line."""

    title: str
    subtitle: str                    # the review kind (the draft's says it is a draft)
    kind: str                        # the methodology's report_kind: the document's subject
    period: str
    methodology: str
    day: dt.date
    partnership: str = ""
    version: str = ""
    marking: str = ""                # the protective marking; "" on the public edition
    draft_mark: str = ""
    published: bool = False          # ``day`` is the publication date (review.yaml's)

    @property
    def details(self) -> list[str]:
        label = "Published" if self.published else "Date"
        dated = f"Version {self.version}, {long_date(self.day)}" if self.version else f"{label}: {long_date(self.day)}"
        if self.version and self.published:
            dated = f"Version {self.version}, published {long_date(self.day)}"
        lines = [f"Period under review: {self.period}", f"Methodology: {self.methodology}"]
        if self.partnership:
            lines.append(f"Partnership: {self.partnership}")
        return lines + [dated]

    def html(self, clock: str = "") -> Markup:
        """The title page as pandoc should read it: custom paragraph styles (``data-custom-style``), which
        the reference document or Word's defaults give their look. ``clock``: the front's clock line (HTML)."""
        def block(style: str, text: str | Markup) -> Markup:
            return Markup('<div data-custom-style="{}"><p>{}</p></div>\n').format(style, text)

        parts = [block("Protective Marking", self.marking)] if self.marking else []
        parts += [block("Title", self.title), block("Subtitle", self.subtitle)]
        parts += [block("Title Page Detail", line) for line in self.details]
        if clock:
            parts.append(Markup('<div data-custom-style="Title Page Detail">{}</div>\n').format(Markup(clock)))
        if self.draft_mark:
            parts.append(block("Protective Marking", self.draft_mark))
        return Markup('<div class="title-page">\n{}</div>\n').format(Markup("").join(parts))


def title_page(review: Review, method: Methodology, subtitle: str, publish: bool, day: dt.date) -> TitlePage:
    """The title page of ``review``'s report (its draft, or with ``publish`` its public edition)."""
    scope = review.scope
    return TitlePage(title=review.title, subtitle=subtitle, kind=method.report_kind,
                     period=f"{long_date(scope.start)} to {long_date(scope.end)}",
                     methodology=f"{method.title}, version {method.version}", day=day,
                     partnership=review.partnership or "", version=review.version or "",
                     marking="" if publish else protective_marking(review),
                     draft_mark="" if publish else DRAFT_MARK,
                     published=publish and review.dates.publication == day)
