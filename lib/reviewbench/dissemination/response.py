"""``authored/response.yaml``: the safeguarding partners' published response to a review.

The partners answer the review as a whole (``statement``, Markdown) and each recommendation of
``authored/recommendations.yaml`` (accepted, accepted in part, not accepted, with why); ``published`` is
the day they published it (left empty while it is a draft). A recommendation the file does not know is
an error naming its row; one left unanswered is listed, never guessed. :func:`response_rows` joins each
recommendation with its answer and the actions of ``authored/actions.yaml`` that carry it out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal, Protocol, Sequence

from pydantic import BaseModel, ConfigDict, Field

from ..authored import Authored, load_authored
from ..authored.mapping import read_checked
from ..authored.models import AUTHORED
from ..authored.validate import RESPONSE_FILE
from ..config import Review
from ..errors import AuthoredError, FileProblem
from ..suggest import did_you_mean

WHERE = f"{AUTHORED}/{RESPONSE_FILE}"
ANSWERS = {"accepted": "Accepted", "accepted-in-part": "Accepted in part", "not-accepted": "Not accepted"}
NO_ANSWER = "No response recorded"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Answer(_Strict):
    """The partners' answer to one recommendation."""

    recommendation: str = Field(min_length=1)
    response: Literal["accepted", "accepted-in-part", "not-accepted"]
    text: str = ""

    @property
    def label(self) -> str:
        return ANSWERS[self.response]


class Response(_Strict):
    """response.yaml as written."""

    published: dt.date | None = None
    by: str = ""                        # who responds: "the Anyshire safeguarding partners"
    statement: str = ""                 # Markdown: the response to the review as a whole
    recommendations: list[Answer] = []

    def answer(self, recommendation: str) -> Answer | None:
        return next((a for a in self.recommendations if a.recommendation == recommendation), None)

    @property
    def state(self) -> str:
        """"published YYYY-MM-DD" or "draft" (the portfolio's ``response`` column)."""
        return f"published {self.published.isoformat()}" if self.published else "draft"


NO_RESPONSE = "none"


@dataclass
class LoadedResponse:
    """The response with the recommendations it answers (id -> text) and the ones it leaves unanswered."""

    response: Response
    recommendations: dict[str, str]
    unanswered: list[str] = field(default_factory=list)


def _check(response: Response, recommendations: dict[str, str]) -> list[FileProblem]:
    problems, seen = [], set()
    for index, answer in enumerate(response.recommendations):
        row = f"recommendations.{index} ({answer.recommendation})"
        if answer.recommendation not in recommendations:
            known = ", ".join(recommendations) or "none: the review has no recommendations"
            problems.append(FileProblem(WHERE, f"recommendation '{answer.recommendation}' is not in "
                                               f"{AUTHORED}/recommendations.yaml"
                                               f"{did_you_mean(answer.recommendation, recommendations, aside=True)}"
                                               f"; its recommendations are {known}.", row, "recommendation"))
        elif answer.recommendation in seen:
            problems.append(FileProblem(WHERE, f"recommendation '{answer.recommendation}' is answered more than "
                                               "once; keep one answer.", row, "recommendation"))
        seen.add(answer.recommendation)
    return problems


def read_response(review: Review) -> Response | None:
    """``authored/response.yaml`` as written, checked against its own form only (not yet against the
    recommendations); None when the review has none.

    Raises:
        AuthoredError: every problem of the file, each naming its row and key.
    """
    return read_checked(review, RESPONSE_FILE, Response, "the partnership's response")


def load_response(review: Review, authored: Authored | None = None) -> LoadedResponse | None:
    """Read and check ``authored/response.yaml`` against the recommendations (of ``authored``, the review's
    authored content when the caller has it loaded already); None when the review has none.

    Raises:
        AuthoredError: every problem, each naming the file, the row and the key.
    """
    response = read_response(review)
    if response is None:
        return None
    recommendations = {r.id: r.text for r in (authored or load_authored(review)).recommendations}
    problems = _check(response, recommendations)
    if problems:
        raise AuthoredError(problems)
    unanswered = [rid for rid in recommendations if response.answer(rid) is None]
    return LoadedResponse(response, recommendations, unanswered)


def response_state(review: Review, authored: Authored | None = None, *, check: bool = True) -> str:
    """"published YYYY-MM-DD", "draft" or "none": the response checked against the recommendations (``authored``:
    as for :func:`load_response`), or without ``check`` as written, for a caller that has already said why the
    recommendations cannot be read."""
    if not check:
        response = read_response(review)
        return response.state if response else NO_RESPONSE
    loaded = load_response(review, authored)
    return loaded.response.state if loaded else NO_RESPONSE


# -- the table of the response document --------------------------------------------------------

class PlannedAction(Protocol):
    """What the response shows of an action (``reviewbench.portfolio.Action`` has it)."""

    id: str
    recommendation: str
    due: dt.date

    @property
    def status(self) -> str: ...

    @property
    def status_date(self) -> dt.date | None: ...


class Plan(Protocol):
    """The review's action plan (``reviewbench.portfolio.ActionPlan``), given by the caller: the plan is
    read above the use-case layer, the response is written below it."""

    actions: Sequence[PlannedAction]

    def owner(self, action: PlannedAction) -> str: ...


@dataclass(frozen=True)
class ActionLine:
    id: str
    owner: str
    due: dt.date
    status: str
    status_date: dt.date | None


@dataclass(frozen=True)
class ResponseRow:
    """One recommendation, the partners' answer to it, and the actions that carry it out."""

    recommendation: str
    text: str
    answer: Answer | None
    actions: tuple[ActionLine, ...]

    @property
    def label(self) -> str:
        return self.answer.label if self.answer else NO_ANSWER


def response_rows(loaded: LoadedResponse, plan: Plan | None) -> list[ResponseRow]:
    """Every recommendation in its file's order, with its answer (or none) and its actions in the plan's order."""
    actions = list(plan.actions) if plan is not None else []
    return [ResponseRow(rid, text, loaded.response.answer(rid),
                        tuple(ActionLine(a.id, plan.owner(a), a.due, a.status, a.status_date)
                              for a in actions if a.recommendation == rid))
            for rid, text in loaded.recommendations.items()]
