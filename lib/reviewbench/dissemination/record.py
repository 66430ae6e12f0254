"""``authored/dissemination.yaml``: where each product of a review was used, and what people said.

One entry per use: the day, the product (the report, the partners' response, the plain-language
summary, the seven-minute briefing, the slide deck), the event, its audience and agencies, how many
attended, the feedback (each with an optional rating from 1 to 5) and who recorded it. The portfolio
gathers every review's uses in ``build/dissemination.csv``.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..authored.mapping import read_checked
from ..authored.validate import RECORD_FILE
from ..config import Review
from ..dates import long_date

PRODUCTS = {"report": "the report", "response": "the partnership's response", "summary": "the plain-language summary",
            "briefing": "the seven-minute briefing", "deck": "the slide deck"}
RECORD_COLUMNS = ("review", "review_title", "date", "product", "event", "audience", "agencies", "attendees",
                  "feedback", "mean_rating", "feedback_summaries", "by")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Feedback(_Strict):
    summary: str = Field(min_length=1)
    rating: int | None = Field(default=None, ge=1, le=5)


class Use(_Strict):
    """One use of a product: an event, a training session, a newsletter."""

    date: dt.date
    product: Literal["report", "response", "summary", "briefing", "deck"]
    event: str = Field(min_length=1)
    audience: str = ""
    agencies: list[str] = []
    attendees: int | None = Field(default=None, ge=0)
    feedback: list[Feedback] = []
    by: str = ""

    @property
    def mean_rating(self) -> float | None:
        ratings = [f.rating for f in self.feedback if f.rating is not None]
        return round(sum(ratings) / len(ratings), 1) if ratings else None

    def line(self) -> str:
        """The use in one line, dated as the report dates things."""
        who = f", for {self.audience[:1].lower()}{self.audience[1:]}" if self.audience else ""
        count = f", {self.attendees} attended" if self.attendees is not None else ""
        return f"{long_date(self.date)}, {self.event}: {PRODUCTS[self.product]}{who}{count}"


class Record(_Strict):
    uses: list[Use] = []


def load_record(review: Review) -> list[Use]:
    """The uses of ``authored/dissemination.yaml`` in date order (none when there is no file).

    Raises:
        AuthoredError: every problem, each naming the file and the key path.
    """
    record = read_checked(review, RECORD_FILE, Record, "the record of uses (uses: then one '- ' per use)")
    return sorted(record.uses, key=lambda u: u.date) if record else []


def record_rows(review: Review, uses: list[Use]) -> list[dict]:
    """The uses as rows of build/dissemination.csv (ISO dates, as the portfolio's other tables)."""
    return [{"review": review.id, "review_title": review.title, "date": use.date.isoformat(), "product": use.product,
             "event": use.event, "audience": use.audience, "agencies": "; ".join(use.agencies),
             "attendees": use.attendees, "feedback": len(use.feedback), "mean_rating": use.mean_rating,
             "feedback_summaries": " | ".join(f.summary for f in use.feedback), "by": use.by}
            for use in uses]
