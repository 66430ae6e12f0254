"""``authored/actions.yaml``: what the agencies do about each recommendation, and whether it worked.

Each action answers one recommendation of ``authored/recommendations.yaml``, is owned by one agency of
review.yaml, has a lead role, a due date and success criteria, a dated status history (the current
status is the last entry) and the evidence of its impact. The history is only ever appended to: an
agency's return adds a status or a piece of evidence, it never rewrites what was recorded
(:mod:`.returns`). Reading refuses what would misstate the plan (an unknown recommendation or agency, a
status not in ``reviewbench/data/actions.yaml``, a history out of date order), each problem naming the
file and the action; writing goes through the authored store's guard (never over a hand edit) and is
atomic.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field

from ..atomic import write_guarded
from ..authored import load_authored
from ..authored.models import AUTHORED, ITEM_ID, Authored, _Item
from ..authored.store import ListFile, list_file_text, read_list_file
from ..authored.validate import ACTIONS_FILE
from ..config import Review
from ..dates import long_date
from ..errors import AuthoredError, FileProblem
from ..suggest import did_you_mean
from .statuses import plan_terms

WHERE = f"{AUTHORED}/{ACTIONS_FILE}"


def _known(value: Any, known: dict[str, Any] | tuple[str, ...], what: str) -> Any:
    text = str(value).strip().lower() if isinstance(value, str) else value
    if text not in known:
        raise ValueError(f"'{value}' is not {what}{did_you_mean(value, known, aside=True)}; "
                         f"use one of {', '.join(known)}")
    return text


class StatusEntry(_Item):
    """One dated status of an action: who said so, and why."""

    date: dt.date
    status: Annotated[str, BeforeValidator(lambda v: _known(v, plan_terms().status_ids, "a status of an action"))]
    note: str = ""
    by: str = ""


class Evidence(_Item):
    """Evidence of an action's impact: an audit's result, data, what practitioners say."""

    date: dt.date
    kind: Annotated[str, BeforeValidator(lambda v: _known(v, plan_terms().evidence_kinds, "a kind of evidence"))]
    summary: str = Field(min_length=1)
    link: str = ""


class Action(_Item):
    """An action agreed in answer to a recommendation."""

    id: str = Field(pattern=ITEM_ID)
    recommendation: str = Field(min_length=1)
    owner_agency: str = Field(min_length=1)
    lead_role: str = ""
    due: dt.date
    success_criteria: str = ""
    status_history: list[StatusEntry] = []
    evidence: list[Evidence] = []

    @property
    def status(self) -> str:
        """The last status recorded; an action with no history has not started."""
        return self.status_history[-1].status if self.status_history else "not-started"

    @property
    def status_date(self) -> dt.date | None:
        return self.status_history[-1].date if self.status_history else None

    def plain(self, mode: Literal["json", "python"] = "json") -> dict[str, Any]:
        data = super().plain(mode)
        for key, items in (("status_history", self.status_history), ("evidence", self.evidence)):
            if items:
                data[key] = [item.plain(mode) for item in items]
        return data

    def row_key(self) -> str:
        """A fingerprint of the action as it stands: an exported row carries it, so a return made from
        an older copy of the action is told apart from one made from this one."""
        text = json.dumps(self.plain(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


SPEC = ListFile("actions", ACTIONS_FILE, "actions", Action, "action",
                "Actions: {id, recommendation, owner_agency, lead_role, due, success_criteria,\n"
                "# status_history: [{date, status, note, by}], evidence: [{date, kind, summary, link}]}.\n"
                "# Statuses: not-started, on-track, at-risk, overdue, complete, evidenced; the last one is the "
                "current one.", block=True)


@dataclass(frozen=True)
class ActionFlag:
    """An action a rule flags, with the rule's statement and what in the action meets it."""

    action: str
    rule: str
    label: str
    statement: str
    evidence: str

    def __str__(self) -> str:
        return f"{self.action}: {self.label} ({self.evidence}). Rule {self.rule}: {self.statement}"


def is_overdue(action: Action, as_of: dt.date) -> bool:
    """Due before ``as_of`` and not done (complete or evidenced), whatever the last status says."""
    return action.due < as_of and action.status not in plan_terms().done


def action_flags(action: Action, as_of: dt.date) -> list[ActionFlag]:
    """The rules of ``reviewbench/data/actions.yaml`` that flag ``action`` on ``as_of``."""
    terms = plan_terms()
    last = action.status_history[-1] if action.status_history else None
    said = (f"last status {last.status} on {long_date(last.date)}" + (f" by {last.by}" if last.by else "")
            if last else "no status recorded")
    flags = []
    if is_overdue(action, as_of):
        rule = terms.rules["overdue"]
        flags.append(ActionFlag(action.id, rule.id, rule.label, rule.statement,
                                f"due {long_date(action.due)}, {(as_of - action.due).days} days before "
                                f"{long_date(as_of)}; {said}"))
    if action.status in terms.done and not action.evidence:
        rule = terms.rules["done-without-evidence"]
        flags.append(ActionFlag(action.id, rule.id, rule.label, rule.statement, f"{said}; no evidence recorded"))
    return flags


@dataclass
class ActionPlan:
    """A review's actions as loaded, with the file's fingerprint (so a save never overwrites a hand edit)."""

    review: Review
    actions: list[Action]
    stamp: str | None                         # SHA-256 of actions.yaml as read; None: there was none
    recommendations: dict[str, str] = field(default_factory=dict)   # id -> text

    @property
    def path(self):
        return self.review.authored_dir / ACTIONS_FILE

    def action(self, action_id: str) -> Action | None:
        return next((a for a in self.actions if a.id == action_id), None)

    def owner(self, action: Action) -> str:
        """The owner agency's name as review.yaml spells it (an alias in the file is read as the agency)."""
        agency = self.review.agency_named(action.owner_agency)
        return agency.name if agency else action.owner_agency

    def of_agency(self, agency_name: str) -> list[Action]:
        return [a for a in self.actions if self.owner(a) == agency_name]

    def save(self, actions: list[Action]) -> None:
        """Write ``actions`` to authored/actions.yaml (checked, atomic, never over a change made on disk
        since it was loaded)."""
        problems = check_actions(self.review, actions, self.recommendations)
        if problems:
            raise AuthoredError(problems)
        old = self.path.read_text(encoding="utf-8") if self.path.exists() else None   # edited in place: comments kept
        self.stamp = write_guarded(self.path, list_file_text(SPEC, actions, old), self.stamp, WHERE)
        self.actions = list(actions)


def check_actions(review: Review, actions: list[Action], recommendations: dict[str, str]) -> list[FileProblem]:
    """What is wrong across the actions: ids used twice, recommendations and agencies that are not the
    review's, histories out of date order or going on after an evidenced status."""
    problems = []
    seen: set[str] = set()
    agencies = [a.name for a in review.agencies]
    final = {s.id for s in plan_terms().statuses if s.final}
    for action in actions:
        where = f"action {action.id}"
        if action.id in seen:
            problems.append(FileProblem(WHERE, f"the id '{action.id}' is used by more than one action; give each "
                                               "its own id.", where, "id"))
        seen.add(action.id)
        if action.recommendation not in recommendations:
            problems.append(FileProblem(WHERE, f"recommendation '{action.recommendation}' is not in "
                                               f"{AUTHORED}/recommendations.yaml"
                                               f"{did_you_mean(action.recommendation, recommendations, aside=True)}"
                                               + (f"; its recommendations are {', '.join(recommendations)}."
                                                  if recommendations else
                                                  f"; the review has no recommendations ({review.methodology} "
                                                  "may not read them)."), where, "recommendation"))
        if review.agency_named(action.owner_agency) is None:
            problems.append(FileProblem(WHERE, f"owner_agency '{action.owner_agency}' is not an agency of "
                                               f"review.yaml{did_you_mean(action.owner_agency, agencies, aside=True)}"
                                               f"; use one of {', '.join(agencies)}.", where, "owner_agency"))
        for number, (before, after) in enumerate(zip(action.status_history, action.status_history[1:]), start=2):
            if after.date < before.date:
                problems.append(FileProblem(WHERE, f"status_history entry {number} ({after.date}) is dated before "
                                                   f"the one above it ({before.date}): the history is kept in date "
                                                   "order, each status added below the last.", where,
                                            "status_history"))
            if before.status in final and after.status != before.status:
                problems.append(FileProblem(WHERE, f"status_history entry {number} ({after.status}) follows "
                                                   f"'{before.status}', after which the status cannot go back.",
                                            where, "status_history"))
    return problems


def load_actions(review: Review, authored: Authored | None = None) -> ActionPlan:
    """Read and check ``authored/actions.yaml`` (an empty plan when there is none); ``authored``: the
    review's authored content when the caller has loaded it (its recommendations are what actions answer).

    Raises:
        AuthoredError: every problem, each naming the file, the action and the key.
    """
    problems: list[FileProblem] = []
    stamps: dict[str, str | None] = {}
    actions = read_list_file(review.root, SPEC, stamps, problems)
    recommendations = {r.id: r.text for r in (authored or load_authored(review)).recommendations}
    problems += check_actions(review, actions, recommendations)
    if problems:
        raise AuthoredError(problems)
    return ActionPlan(review, actions, stamps[WHERE], recommendations)
