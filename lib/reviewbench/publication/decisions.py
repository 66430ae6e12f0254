"""``private/publication_decisions.yaml``: flagged items a reviewer decided may stay, by whom and why.

    decisions:
      - id: PD-3fa9c2d1e0                 # as the check prints it
        decided_by: Lead reviewer (A. Reviewer)
        date: 2026-11-20
        reason: "'Rose' here is the flower in the garden, not a person."

The check gives every item it flags an id made from what was found and the words around it, so
the same item in the HTML and the Word edition, or in a later render of unchanged text, has the
same id. When the text changes, the id changes: the old decision then matches nothing and the
check reports it instead of keeping it silently. The file lives in private/ because a decision's
reason may quote what it is about.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..config_problems import unknown_keys
from ..errors import ReviewConfigError
from ..suggest import did_you_mean
from ..yamlio import load_yaml, yaml_problem

DECISIONS = Path("private") / "publication_decisions.yaml"
KEYS = ("id", "decided_by", "date", "reason")
CONTEXT_WORDS = 4
_ID = re.compile(r"^PD-[0-9a-f]{10}$")
_WORDS = re.compile(r"\w+")
EXAMPLE = ("decisions:\n  - id: PD-3fa9c2d1e0\n    decided_by: Lead reviewer (A. Reviewer)\n    date: 2026-11-20\n"
           "    reason: \"'Rose' here is the flower in the garden, not a person.\"")


def item_key(kind: str, text: str, block: str, start: int, end: int) -> str:
    """The id of a flagged item: its kind, its text and the words around it, whatever the layout."""
    before = _WORDS.findall(block[:start].lower())[-CONTEXT_WORDS:]
    after = _WORDS.findall(block[end:].lower())[:CONTEXT_WORDS]
    found = " ".join(_WORDS.findall(text.lower()))
    digest = hashlib.sha256("\x1f".join([kind, found, " ".join(before), " ".join(after)]).encode("utf-8"))
    return f"PD-{digest.hexdigest()[:10]}"


@dataclass(frozen=True)
class Decision:
    id: str
    decided_by: str
    reason: str
    date: dt.date | None
    where: str                      # "decisions, entry 3": for messages

    def summary(self) -> str:
        when = f" on {self.date.isoformat()}" if self.date else ""
        return f"accepted by {self.decided_by}{when}: {self.reason}"


def _decision(item, where: str, problems: list[str]) -> Decision | None:
    if not isinstance(item, dict):
        problems.append(f"{where}: must have id, decided_by and reason.")
        return None
    for key in item:
        if key not in KEYS:
            problems.append(f"{where}: unknown key '{key}'.{did_you_mean(key, KEYS)}")
    values = {k: " ".join(str(item.get(k) or "").split()) for k in ("id", "decided_by", "reason")}
    if not _ID.match(values["id"]):
        problems.append(f"{where}: 'id' must be an id the check printed, like PD-3fa9c2d1e0 "
                        f"(found '{values['id'] or 'nothing'}').")
    for key, what in (("decided_by", "who decided (name and role)"), ("reason", "why it may stay")):
        if not values[key]:
            problems.append(f"{where}: has no '{key}': say {what}.")
    date = item.get("date")
    if date is not None and not isinstance(date, dt.date):
        try:
            date = dt.date.fromisoformat(str(date))
        except ValueError:
            problems.append(f"{where}: 'date' must be a date like 2026-11-20.")
            date = None
    if not all(values.values()) or not _ID.match(values["id"]):
        return None
    return Decision(values["id"], values["decided_by"], values["reason"], date, where)


def load_decisions(review_root: Path) -> dict[str, Decision]:
    """The review's decisions by id; none when the file is absent. Every problem is named at once."""
    path = Path(review_root) / DECISIONS
    if not path.exists():
        return {}
    try:
        data = load_yaml(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ReviewConfigError(yaml_problem(exc), file=str(path)) from exc
    if not isinstance(data, dict) or not isinstance(data.get("decisions", []), list):
        raise ReviewConfigError(f"must hold a list under 'decisions:', for example\n{EXAMPLE}", file=str(path))
    problems: list[str] = unknown_keys(data, ("decisions",))
    decisions: dict[str, Decision] = {}
    for i, item in enumerate(data.get("decisions") or [], start=1):
        decision = _decision(item, f"decisions, entry {i}", problems)
        if decision is None:
            continue
        if decision.id in decisions:
            problems.append(f"{decision.where}: {decision.id} is already decided in {decisions[decision.id].where}; "
                            "keep one.")
            continue
        decisions[decision.id] = decision
    if problems:
        raise ReviewConfigError("has problems:\n  " + "\n  ".join(problems), file=str(path),
                                hint="Fix them and run the command again.")
    return decisions
