"""The words of an action plan, as data (``reviewbench/data/actions.yaml``): an action's statuses in
order, the kinds of evidence of impact, and the rules that flag an action. One place, so that
actions.yaml, the agencies' workbooks and the portfolio say the same."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..yamlio import load_yaml

TERMS_FILE = "actions.yaml"


@dataclass(frozen=True)
class Status:
    id: str
    label: str
    done: bool = False          # the action was carried out (complete, evidenced): never overdue
    final: bool = False         # no other status may follow it (evidenced)


@dataclass(frozen=True)
class Rule:
    """A rule that flags an action; its statement is shown with every flag it raises (the tool's trust rule:
    a flag carries its rule and its evidence)."""

    id: str
    label: str
    statement: str


@dataclass(frozen=True)
class PlanTerms:
    statuses: tuple[Status, ...]
    evidence_kinds: dict[str, str]          # id -> label
    rules: dict[str, Rule]

    @property
    def status_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.statuses)

    def status(self, status_id: str) -> Status:
        return next(s for s in self.statuses if s.id == status_id)

    @property
    def done(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.statuses if s.done)


@lru_cache(maxsize=1)
def plan_terms() -> PlanTerms:
    """The built-in statuses, evidence kinds and flag rules (read once per process)."""
    with resources.files("reviewbench.data").joinpath(TERMS_FILE).open("r", encoding="utf-8") as fh:
        data = load_yaml(fh)
    return PlanTerms(
        statuses=tuple(Status(s["id"], s["label"], bool(s.get("done")), bool(s.get("final")))
                       for s in data["statuses"]),
        evidence_kinds={k["id"]: k["label"] for k in data["evidence_kinds"]},
        rules={rule_id: Rule(rule_id, r["label"], " ".join(r["statement"].split()))
               for rule_id, r in data["rules"].items()})
