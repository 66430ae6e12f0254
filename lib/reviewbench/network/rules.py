"""The interaction rules (``data/interaction_rules.yaml``), loaded once per review.

Keyword rules are data a reviewer extends in the review folder, never code, so that a local
phrase ("MASH enquiry", "PPN") can be taught to the analysis without a release.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..config_problems import problems_message, unknown_keys
from ..errors import ReviewConfigError
from ..vocabulary import INTERACTIONS
from ..yamlio import builtin_yaml, with_overlay
from .sightings import ChildSeenRules, child_seen_rules

RULES_FILE = "interaction_rules.yaml"
DIRECTIONS = ("incoming", "outgoing")
CUE_KEYS = ("id", "pattern", "direction", "kind")
EVENT_KIND_KEYS = ("kind", "direction")
FORM_KEYS = ("id", "pattern", "kind", "to", "from", "distinctive", "content")
FORM_KINDS = ("referral", "notification")
KINDS = tuple(k for k in INTERACTIONS if k != "none")   # what an interaction can be


@dataclass(frozen=True)
class Cue:
    id: str
    pattern: str
    direction: str
    kind: str | None


@dataclass(frozen=True)
class ReferralForm:
    """Words that say a referral or notification expecting a response was sent (a form or a message)."""

    id: str
    pattern: str
    kind: str
    to: tuple[str, ...]     # the usual receiver's names, when the clause names none
    senders: tuple[str, ...] = ()   # the usual sender's names, when the receiver records it
    distinctive: bool = False       # the receiver using the same words records this very message
    content: bool = False           # (messages) the clause saying what the news is is enough


@dataclass(frozen=True)
class Rules:
    """The rules resolved for one review; every regex here is searched in lower-cased text."""

    cues: tuple[Cue, ...]
    not_involved_after: re.Pattern | None
    not_involved_before: re.Pattern | None
    refinable_kinds: frozenset[str]
    default_direction: str
    event_kinds: dict[str, dict[str, str]]
    followthrough_kinds: frozenset[str]
    followthrough_event_kinds: frozenset[str]
    received_event_kinds: frozenset[str]
    next_entry_answers: bool
    not_an_answer: re.Pattern | None
    referral_forms: tuple[ReferralForm, ...]
    referral_form: re.Pattern | None      # one named group per form: f0, f1, ...
    message_forms: tuple[ReferralForm, ...]
    message_form: re.Pattern | None       # one named group per message: f0, f1, ...
    front_door: re.Pattern | None
    worker: re.Pattern | None
    closed_case: re.Pattern | None
    not_message: re.Pattern | None
    copy: re.Pattern | None
    not_referral: re.Pattern | None
    not_receiver_before: re.Pattern | None
    sender_after: re.Pattern | None
    history_date: re.Pattern | None
    referral_skip_event_kinds: frozenset[str]
    received_entry: re.Pattern | None
    received_clause: re.Pattern | None
    concern_event_kinds: frozenset[str]
    concern: re.Pattern | None
    nfa: re.Pattern | None
    nfa_event_kinds: frozenset[str]
    missed_event_kinds: frozenset[str]
    missed: re.Pattern | None
    not_brought: re.Pattern | None
    child_seen: ChildSeenRules
    not_contact_event_kinds: frozenset[str]


def _merge(base: dict, own: dict, origin: str) -> dict:
    """Overlay a review's rules on the built-in ones (see the header of the data file)."""
    if not isinstance(own, dict):
        raise ReviewConfigError("must be a mapping of sections (cues, concern, ...).", file=origin)
    merged = dict(base)
    if unknown := unknown_keys(own, list(base)):
        raise ReviewConfigError(problems_message(unknown), file=origin)
    for key, value in own.items():
        if key == "cues":
            if not isinstance(value, list):
                raise ReviewConfigError("'cues' must be a list.", file=origin)
            own_ids = {c.get("id") for c in value if isinstance(c, dict)}
            merged[key] = list(value) + [c for c in base[key] if c.get("id") not in own_ids]
        elif key == "event_kinds":
            merged[key] = {**base[key], **(value or {})}
        elif isinstance(base[key], dict) and isinstance(value, dict):
            if unknown := unknown_keys(value, [*base[key], "replace"], at=(key,)):
                raise ReviewConfigError(problems_message(unknown), file=origin)
            if value.get("replace"):
                merged[key] = {k: v for k, v in value.items() if k != "replace"}
            else:
                section = dict(base[key])
                for sub, items in value.items():
                    old = section.get(sub)
                    section[sub] = (list(items or []) + list(old)) if isinstance(old, list) else items
                merged[key] = section
        elif isinstance(base[key], list) and isinstance(value, list):
            merged[key] = list(value) + [v for v in base[key] if v not in value]
        else:
            merged[key] = value
    return merged


@lru_cache(maxsize=4096)          # the same few hundred patterns, every time a review's rules are read
def casefree(pattern: str) -> str:
    """``pattern`` for lower-cased text: letters outside escapes lower-cased (``\\W`` stays ``\\W``).

    Matching a lower-cased pattern against lower-cased text is what IGNORECASE means for
    these rules, at about half the cost over 100,000 entries.
    """
    out, i = [], 0
    while i < len(pattern):
        if pattern[i] == "\\" and i + 1 < len(pattern):
            out.append(pattern[i:i + 2])
            i += 2
        else:
            out.append(pattern[i].lower())
            i += 1
    return "".join(out)


def _regex(patterns: Any, where: str) -> re.Pattern | None:
    """One regex for a list of patterns, to be searched in lower-cased text."""
    items = [str(p) for p in (patterns or [])]
    if not items:
        return None
    try:
        for p in items:
            re.compile(p)
        return re.compile("|".join(f"(?:{casefree(p)})" for p in items))
    except re.error as exc:
        raise ReviewConfigError(f"a pattern is not a valid regular expression ({exc}).", where=where) from exc


def _kinds(values: Any) -> frozenset[str]:
    return frozenset(str(v) for v in (values or []))


def _forms(items: Any, origin: str, section: str = "forms") -> tuple[ReferralForm, ...]:
    forms = []
    for i, item in enumerate(items or [], start=1):
        where = f"{origin}, referrals {section} item {i}"
        if isinstance(item, dict) and (unknown := unknown_keys(item, FORM_KEYS)):
            raise ReviewConfigError(problems_message(unknown), where=where)
        if not isinstance(item, dict) or not item.get("id") or not item.get("pattern"):
            raise ReviewConfigError(f"each of the {section} needs an 'id' and a 'pattern'.", where=where)
        if item.get("kind", "referral") not in FORM_KINDS:
            raise ReviewConfigError(f"kind must be one of {', '.join(FORM_KINDS)}.", where=where)
        for key in ("to", "from"):
            if not isinstance(item.get(key) or [], list):
                raise ReviewConfigError(f"'{key}' must be a list of agency names or aliases.", where=where)
        _regex([item["pattern"]], where)
        forms.append(ReferralForm(str(item["id"]), str(item["pattern"]), item.get("kind", "referral"),
                                  tuple(str(t) for t in item.get("to") or []),
                                  tuple(str(t) for t in item.get("from") or []),
                                  bool(item.get("distinctive")), bool(item.get("content"))))
    return tuple(forms)


def _alternation(forms: tuple[ReferralForm, ...]) -> re.Pattern | None:
    """One regex for forms, a named group each (f0, f1, ...), to be searched in lower-cased text."""
    return re.compile("|".join(f"(?P<f{i}>{casefree(f.pattern)})" for i, f in enumerate(forms))) if forms else None


def _one(section: dict, key: str, where: str) -> re.Pattern | None:
    """The regex of a section's key holding one pattern (or nothing)."""
    return _regex([section[key]] if section.get(key) else [], f"{where} {key}")


def _parse(data: dict, origin: str) -> Rules:
    cues = []
    for i, item in enumerate(data.get("cues") or [], start=1):
        where = f"{origin}, cues item {i}"
        if isinstance(item, dict) and (unknown := unknown_keys(item, CUE_KEYS)):
            raise ReviewConfigError(problems_message(unknown), where=where)
        if not isinstance(item, dict) or not item.get("id") or not item.get("pattern"):
            raise ReviewConfigError("each cue needs an 'id' and a 'pattern'.", where=where)
        if item.get("direction") not in DIRECTIONS:
            raise ReviewConfigError(f"direction must be one of {', '.join(DIRECTIONS)}.", where=where)
        kind = item.get("kind")
        if kind is not None and kind not in KINDS:
            raise ReviewConfigError(f"kind '{kind}' is not one of {', '.join(KINDS)}.", where=where)
        _regex([item["pattern"]], where)
        cues.append(Cue(str(item["id"]), str(item["pattern"]), item["direction"], kind))
    for name, spec in (data.get("event_kinds") or {}).items():
        where = f"{origin}, event_kinds '{name}'"
        if isinstance(spec, dict) and (unknown := unknown_keys(spec, EVENT_KIND_KEYS)):
            raise ReviewConfigError(problems_message(unknown), where=where)
        if not isinstance(spec, dict) or spec.get("kind", "contact") not in KINDS \
                or spec.get("direction", "outgoing") not in DIRECTIONS:
            raise ReviewConfigError(f"needs a kind ({', '.join(KINDS)}) and/or a direction "
                                    f"({', '.join(DIRECTIONS)}).", where=where)
    if data.get("default_direction", "outgoing") not in DIRECTIONS:
        raise ReviewConfigError(f"default_direction must be one of {', '.join(DIRECTIONS)}.", file=origin)
    follow = data.get("followthrough") or {}
    referrals = data.get("referrals") or {}
    forms = _forms(referrals.get("forms"), origin)
    messages = _forms(referrals.get("messages"), origin, "messages")
    where = f"{origin}, referrals"
    concern = data.get("concern") or {}
    nfa = data.get("no_further_action") or {}
    missed = data.get("missed_appointment") or {}
    seen = data.get("child_seen") or {}
    not_involved = data.get("not_involved") or {}
    return Rules(
        cues=tuple(cues),
        not_involved_after=_one(not_involved, "after", f"{origin}, not_involved"),
        not_involved_before=_one(not_involved, "before", f"{origin}, not_involved"),
        refinable_kinds=_kinds(data.get("refinable_kinds")),
        default_direction=data.get("default_direction", "outgoing"),
        event_kinds={str(k): dict(v) for k, v in (data.get("event_kinds") or {}).items()},
        followthrough_kinds=_kinds(follow.get("kinds")),
        followthrough_event_kinds=_kinds(follow.get("event_kinds")),
        received_event_kinds=_kinds(follow.get("received_event_kinds")),
        next_entry_answers=bool(follow.get("next_entry_answers")),
        not_an_answer=_regex(follow.get("not_an_answer"), f"{origin}, followthrough not_an_answer"),
        referral_forms=forms,
        referral_form=_alternation(forms),
        message_forms=messages,
        message_form=_alternation(messages),
        front_door=_regex(referrals.get("front_door"), f"{where} front_door"),
        worker=_one(referrals, "worker", where),
        closed_case=_one(referrals, "closed_case", where),
        not_message=_regex(referrals.get("not_message"), f"{where} not_message"),
        copy=_one(referrals, "copy", where),
        not_referral=_regex(referrals.get("not_referral"), f"{where} not_referral"),
        referral_skip_event_kinds=_kinds(referrals.get("skip_event_kinds")),
        received_entry=_one(referrals, "received_entry", where),
        received_clause=_one(referrals, "received_clause", where),
        not_receiver_before=_one(referrals, "not_receiver_before", where),
        sender_after=_one(referrals, "sender_after", where),
        history_date=_one(referrals, "history_date", where),
        concern_event_kinds=_kinds(concern.get("event_kinds")),
        concern=_regex(concern.get("patterns"), f"{origin}, concern"),
        nfa=_regex(nfa.get("patterns"), f"{origin}, no_further_action"),
        nfa_event_kinds=_kinds(nfa.get("event_kinds")),
        missed_event_kinds=_kinds(missed.get("event_kinds")),
        missed=_regex(missed.get("patterns"), f"{origin}, missed_appointment"),
        not_brought=_regex(missed.get("not_brought_patterns"), f"{origin}, missed_appointment"),
        child_seen=child_seen_rules(seen, origin),
        not_contact_event_kinds=_kinds(data.get("not_contact_event_kinds")),
    )


def interaction_rules(review_dir: Path | None = None) -> Rules:
    """The built-in rules, overlaid with the review's own ``interaction_rules.yaml`` if present."""
    return _parse(*with_overlay(builtin_yaml(RULES_FILE), review_dir, RULES_FILE,
                                lambda data, own, at: _merge(data, own or {}, at)))
