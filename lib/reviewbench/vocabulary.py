"""The editable vocabularies: header synonyms and event kinds, the chronology's flags, and
the names of the network statements' topics.

All live as YAML data (``reviewbench/data``); synonyms and kinds a reviewer can extend per
review, so that a new heading or a new kind of meeting needs no change in code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from .config_problems import problems_message, unknown_keys
from .errors import ReviewConfigError
from .literals import Needles, ascii_lower, may_match, needles
from .yamlio import builtin_yaml, load_yaml, yaml_problem

EVENT_KINDS_FILE = "event_kinds.yaml"
FLAGS_FILE = "flags.yaml"
TOPICS_FILE = "statement_topics.yaml"
INTERACTIONS = ("referral", "notification", "information-shared", "information-requested", "joint-meeting", "contact",
                "none")
KIND_KEYS = ("id", "label", "patterns", "interaction", "joint")


def normalise_heading(text: object) -> str:
    """Lower-case, punctuation to spaces, spaces squeezed: "Date/Time:" -> "date time"."""
    return _normalised(str(text))


_NOT_WORD = re.compile(r"[^0-9a-z]+")


@lru_cache(maxsize=1 << 14)
def _normalised(text: str) -> str:
    # Once per distinct text: agency names and aliases are looked up on every row that names one.
    return " ".join(_NOT_WORD.sub(" ", text.lower()).split())


@lru_cache(maxsize=1)
def header_synonyms() -> dict[str, str]:
    """Normalised heading -> canonical key, from the built-in synonyms file."""
    table: dict[str, str] = {}
    for key, names in builtin_yaml("column_synonyms.yaml").items():
        for name in names:
            table.setdefault(normalise_heading(name), key)
    return table


@lru_cache(maxsize=1)
def chronology_flags() -> dict[str, str]:
    """Flag id -> what it tells the reviewer, in the order of ``data/flags.yaml``."""
    return {str(item["id"]): str(item["meaning"]) for item in builtin_yaml(FLAGS_FILE)["flags"]}


@lru_cache(maxsize=1)
def topic_labels() -> dict[str, str]:
    """Topic id -> label, in the order of ``data/statement_topics.yaml``."""
    return {str(item["id"]): str(item["label"]) for item in builtin_yaml(TOPICS_FILE)["topics"]}


def topic_label(topic: str) -> str:
    """What people read for a statement's topic ("expected-missing-tie" is "Concerns not shared"),
    from ``data/statement_topics.yaml``; a topic not listed there reads as its id in words."""
    return topic_labels().get(topic) or topic.replace("-", " ").capitalize()


@dataclass(frozen=True, eq=False)      # identity hash: cheap as a cache key
class EventKind:
    id: str
    label: str
    patterns: tuple[str, ...]
    interaction: str
    joint: bool
    regex: re.Pattern | None      # the patterns as one alternation, compiled once
    needles: Needles | None = None  # literals one of which every match holds (reviewbench.literals)

    def matches(self, text: str, lowered: str | None = None) -> bool:
        """Whether a pattern matches ``text``; ``lowered``: the text as :func:`~reviewbench.literals.ascii_lower`
        gives it, when the caller has it (a text without any of the needles is not searched)."""
        return (self.regex is not None and may_match(self.needles, lowered)
                and self.regex.search(text) is not None)


def _parse_kinds(data: dict, origin: str) -> list[EventKind]:
    if isinstance(data, dict) and (unknown := unknown_keys(data, ("kinds",))):
        raise ReviewConfigError(problems_message(unknown), file=origin)
    if not isinstance(data, dict) or not isinstance(data.get("kinds"), list):
        raise ReviewConfigError("must hold a list under 'kinds'.", file=origin)
    kinds = []
    for i, item in enumerate(data["kinds"], start=1):
        at = {"where": f"{origin}, kinds item {i}", "file": origin, "location": f"kinds item {i}"}
        if isinstance(item, dict) and (unknown := unknown_keys(item, KIND_KEYS)):
            raise ReviewConfigError(problems_message(unknown), **at)
        if not isinstance(item, dict) or not item.get("id"):
            raise ReviewConfigError("each kind needs an 'id'.", **at)
        interaction = item.get("interaction", "none")
        if interaction not in INTERACTIONS:
            raise ReviewConfigError(
                f"interaction '{interaction}' is not one of {', '.join(INTERACTIONS)}.", **at)
        patterns = tuple(str(p) for p in item.get("patterns") or [])
        try:
            regex = re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE) if patterns else None
        except re.error as exc:
            raise ReviewConfigError(f"a pattern is not a valid regular expression ({exc}).", **at) from exc
        kinds.append(EventKind(str(item["id"]), str(item.get("label", item["id"])), patterns,
                               interaction, bool(item.get("joint", False)), regex,
                               needles(regex.pattern, regex.flags) if regex else None))
    return kinds


@lru_cache(maxsize=1)
def builtin_event_kinds() -> tuple[EventKind, ...]:
    return tuple(_parse_kinds(builtin_yaml(EVENT_KINDS_FILE), f"reviewbench/data/{EVENT_KINDS_FILE}"))


def event_kinds(review_dir: Path | None = None) -> tuple[EventKind, ...]:
    """The built-in kinds, with a review's own ``event_kinds.yaml`` tried first (same id replaces)."""
    kinds = list(builtin_event_kinds())
    if review_dir is not None:
        local = Path(review_dir) / EVENT_KINDS_FILE
        if local.exists():
            try:
                data = load_yaml(local.read_text(encoding="utf-8"))
            except yaml.YAMLError as exc:
                raise ReviewConfigError(yaml_problem(exc), file=str(local)) from exc
            own = _parse_kinds(data, str(local))
            own_ids = {k.id for k in own}
            kinds = own + [k for k in kinds if k.id not in own_ids]
    return tuple(kinds)


def builtin_event_kind_labels() -> list[str]:
    """Labels for the event-type drop-down of the blank intake template."""
    return [k.label for k in builtin_event_kinds()]


def _first_match(kinds: tuple[EventKind, ...], text: str) -> EventKind | None:
    if not text:
        return None
    lowered = ascii_lower(text)
    return next((kind for kind in kinds if kind.matches(text, lowered)), None)


@lru_cache(maxsize=4096)
def _kind_of_event_type(kinds: tuple[EventKind, ...], event_type: str) -> EventKind | None:
    return _first_match(kinds, event_type)      # event types repeat: worth caching


def classify(kinds: tuple[EventKind, ...], event_type: str, text: str) -> EventKind:
    """First kind matching the event type, else the first matching the description/outcome."""
    return (_kind_of_event_type(kinds, event_type) or _first_match(kinds, text)
            or next(k for k in kinds if k.id == "other"))
