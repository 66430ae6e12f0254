"""The lenses' rules (``data/lens_rules.yaml``), overlaid by a review's own ``lens_rules.yaml``.

Both files are checked with the same models: unknown keys are refused with the nearest known
one ("unknown key 'voice.speach': did you mean 'speech'?"), a pattern that is not a regular
expression is named with its file and key. A review's rule with a built-in id replaces the
fields it gives; ``enabled: false`` drops it; a new id is added. Read once per loaded review
through ``Review.overlay``, so each command checks the file once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..config import Settings
from ..config_problems import problems_message, validation_problems
from ..errors import ReviewConfigError
from ..suggest import did_you_mean
from ..yamlio import builtin_yaml, read_overlay

RULES_FILE = "lens_rules.yaml"
_ID = r"^[a-z0-9][a-z0-9-]*$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CueSpec(_Strict):
    """One rule: an id (named in every row it finds) and a regular expression."""

    id: str = Field(pattern=_ID)
    pattern: str | None = None
    speaker: Literal["subject", "before"] | None = None    # voice, accounts.told: who a cue is said of
    ends: bool | None = None     # accounts: a record with this cue ends the account ("we're back together")
    enabled: bool = True
    note: str = ""


class RoleSpec(_Strict):
    """A place in the family ("mother", "uncle") and the words records use for it."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    id: str = Field(pattern=_ID)
    label: str | None = None
    pattern: str | None = None
    register_pattern: str | None = Field(default=None, alias="register")   # a registered relationship's words
    also: tuple[str, ...] | None = None
    sex: Literal["female", "male"] | None = None
    means: str | list[str] | None = None    # the role(s) this word stands for ("IP": the mother)
    named_only: bool | None = None
    child: bool | None = None
    relative: bool | None = None      # whose it is, when nothing says, is the clause's subject ("boyfriend")
    enabled: bool = True


class PeopleSpec(_Strict):
    children: list[CueSpec] | None = None
    professionals: list[CueSpec] | None = None
    pronouns: list[CueSpec] | None = None
    prepositions: list[str] | None = None


class VoiceSpec(_Strict):
    speech: list[CueSpec] | None = None
    not_speech: list[CueSpec] | None = None
    behaviour: list[CueSpec] | None = None
    not_behaviour: list[CueSpec] | None = None
    infant_behaviour: list[CueSpec] | None = None
    infant_months: int | None = Field(default=None, ge=0)
    relayed: list[CueSpec] | None = None


class AdultsSpec(_Strict):
    roles: list[RoleSpec] | None = None
    kin: dict[str, dict[str, str]] | None = None
    kin_labels: dict[str, str] | None = None
    introducers: list[CueSpec] | None = None
    titles: list[str] | None = None
    not_family: list[CueSpec] | None = None
    checks: list[CueSpec] | None = None
    not_checks: list[CueSpec] | None = None
    expected: list[str] | None = None
    check_event_types: str | None = None
    not_names: list[str] | None = None
    not_surnames: list[str] | None = None


class ClaimSpec(_Strict):
    """One kind of account a parent gives ("has moved out"), who it is about, and what contradicts it."""

    id: str = Field(pattern=_ID)
    pattern: str | None = None
    about: Literal["other", "subject", "child"] | None = None   # see accounts.py
    roles: list[str] | None = None           # who a claim that names no one is about ("ended it": the partner)
    within_days: int | None = Field(default=None, ge=0)        # how long after it a record can contradict it
    same_service: bool | None = None         # a claim naming an agency is contradicted only by that agency
    unnamed: bool | None = None              # a record naming no one can contradict it ("DNA. Letter sent.")
    contradicted_by: list[CueSpec] | None = None
    enabled: bool = True
    note: str = ""


class ProcessEventSpec(_Strict):
    """One step of the child-protection process as entries show it (see lens_rules.yaml, process)."""

    id: str = Field(pattern=_ID)
    event_kinds: list[str] | None = None
    agency_kinds: list[str] | None = None
    seen: Literal["seen", "not-seen"] | None = None
    type: str | None = None
    text: str | None = None
    not_text: str | None = None
    one_of: str | None = None
    gather: bool | None = None
    enabled: bool = True
    note: str = ""


class AccountsSpec(_Strict):
    speakers: list[str] | None = None
    told: list[CueSpec] | None = None
    negations: list[CueSpec] | None = None
    claims: list[ClaimSpec] | None = None


class MeetingsSpec(_Strict):
    list_unnamed: bool | None = None      # list an agency a meeting's records never name when it held entries before


class PlanSpec(_Strict):
    start: str
    end: str


class ProcessSpec(_Strict):
    same_event_days: int | None = Field(default=None, ge=0)
    events: list[ProcessEventSpec] | None = None
    plans: dict[str, PlanSpec] | None = None


class ClockSpec(_Strict):
    """One procedural clock (see lens_rules.yaml, procedures)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    id: str = Field(pattern=_ID)
    label: str | None = None
    from_: list[str] | None = Field(default=None, alias="from")
    with_: str | None = Field(default=None, alias="with")
    met_by: str | None = None
    stopped_by: list[str] | None = None
    during: str | None = None
    outside: str | None = None
    count: int | str | None = None
    reset_by: list[str] | None = None
    amount: int | None = Field(default=None, ge=0)
    setting: str | None = None
    unit: Literal["working_days", "days", "months"] | None = None
    confirmed: bool | None = None
    basis: str | None = None
    enabled: bool = True


class ProceduresSpec(_Strict):
    clocks: list[ClockSpec] | None = None


class RiskSpec(_Strict):
    pattern: str | None = None
    levels: list[str] | None = None


class SignalsSpec(_Strict):
    threshold_days: int | None = Field(default=None, ge=0)
    reopen_days: int | None = Field(default=None, ge=0)
    drift_days: int | None = Field(default=None, ge=1)
    drift_plans: list[str] | None = None
    concern: str | None = None
    concern_events: list[str] | None = None
    not_threshold: str | None = None
    risk: RiskSpec | None = None


class RulesSpec(_Strict):
    """The shape of lens_rules.yaml (every section optional in a review's own file)."""

    people: PeopleSpec | None = None
    voice: VoiceSpec | None = None
    adults: AdultsSpec | None = None
    accounts: AccountsSpec | None = None
    meetings: MeetingsSpec | None = None
    process: ProcessSpec | None = None
    procedures: ProceduresSpec | None = None
    signals: SignalsSpec | None = None


# -- the resolved rules -------------------------------------------------------------------------
@dataclass(frozen=True)
class Cue:
    id: str
    regex: re.Pattern
    speaker: str = "subject"       # "subject": the clause's subject; "before": the person named just before
    ends: bool = False             # an account this cue contradicts stands no longer after it


@dataclass(frozen=True)
class Role:
    id: str
    label: str
    regex: re.Pattern
    register: re.Pattern
    also: tuple[str, ...]
    sex: str | None
    means: tuple[str, ...]
    named_only: bool
    child: bool
    relative: bool


@dataclass(frozen=True)
class Claim:
    id: str
    regex: re.Pattern
    about: str                     # "other": the adult the claim names; "subject": the adult it is said of; "child"
    roles: tuple[str, ...]
    within_days: int | None
    same_service: bool
    contradicted_by: tuple[Cue, ...]
    unnamed: bool = False


@dataclass(frozen=True)
class ProcessEvent:
    id: str
    event_kinds: frozenset[str] | None
    agency_kinds: frozenset[str] | None
    seen: str | None
    type: re.Pattern | None
    text: re.Pattern | None
    not_text: re.Pattern | None
    one_of: str | None
    gather: bool = False       # entries within same_event_days (or of one joint event) are one occurrence


@dataclass(frozen=True)
class Clock:
    id: str
    label: str
    starts: tuple[str, ...]
    with_: str | None
    met_by: str
    stopped_by: tuple[str, ...]
    during: str | None
    outside: str | None         # a plan the start must not fall in
    count: int | str            # a number, or the name of a review setting
    reset_by: tuple[str, ...]
    amount: int | str           # a number, or the name of a review setting
    unit: str
    confirmed: bool
    basis: str


@dataclass(frozen=True)
class Signals:
    threshold_days: int = 14
    reopen_days: int = 365
    drift_days: int | None = None          # None: the review's child_not_seen_days, else gap_days
    drift_plans: tuple[str, ...] = ()
    concern: re.Pattern | None = None
    concern_events: tuple[str, ...] = ()
    not_threshold: re.Pattern | None = None
    risk: re.Pattern | None = None          # with a group per level word (level, level2...)
    levels: tuple[re.Pattern, ...] = ()      # each level's words, lowest first
    level_names: tuple[str, ...] = ()       # the first word of each


@dataclass(frozen=True)
class LensRules:
    """Every rule compiled once for a review (patterns ignore case unless they say (?-i:...))."""

    children: tuple[Cue, ...]
    professionals: tuple[Cue, ...]
    pronouns: tuple[Cue, ...]
    prepositions: frozenset[str]
    speech: tuple[Cue, ...]
    not_speech: tuple[Cue, ...]
    behaviour: tuple[Cue, ...]
    not_behaviour: tuple[Cue, ...]
    infant_behaviour: tuple[Cue, ...]
    infant_months: int
    relayed: tuple[Cue, ...]
    roles: tuple[Role, ...]
    kin: dict[str, dict[str, str]]
    kin_labels: dict[str, str]
    introducers: tuple[Cue, ...]
    titles: tuple[str, ...]
    not_family: tuple[Cue, ...]
    checks: tuple[Cue, ...]
    not_checks: tuple[Cue, ...]
    expected: tuple[str, ...]
    check_event_types: re.Pattern
    not_names: frozenset[str]
    not_surnames: frozenset[str]
    speakers: frozenset[str] = frozenset()
    told: tuple[Cue, ...] = ()
    negations: tuple[Cue, ...] = ()
    claims: tuple[Claim, ...] = ()
    list_unnamed: bool = True
    process_events: tuple[ProcessEvent, ...] = ()
    same_event_days: int = 2
    plans: dict[str, tuple[str, str]] = field(default_factory=dict)     # plan -> (start event, end event)
    clocks: tuple[Clock, ...] = ()
    signals: Signals = field(default_factory=Signals)

    @cached_property
    def any_role(self) -> re.Pattern | None:
        return combine(self.roles)

    @cached_property
    def any_child(self) -> re.Pattern | None:
        return combine(self.children)

    @cached_property
    def any_professional(self) -> re.Pattern | None:
        return combine(self.professionals)

    def role(self, role_id: str) -> Role | None:
        return next((r for r in self.roles if r.id == role_id), None)

    def label(self, role_id: str) -> str:
        role = self.role(role_id)
        return role.label if role else self.kin_labels.get(role_id, role_id.replace("-", " "))


def longest_matches(items: tuple, combined: re.Pattern | None, text: str) -> list[tuple[int, int, object]]:
    """(start, end, item) of the rules of ``items`` (each with a ``regex``) found in ``text``: at each
    place the longest match of any of them, places never overlapping, in text order. ``combined``
    (every pattern in one alternation) finds the places in one pass; each rule is then tried there."""
    out: list[tuple[int, int, object]] = []
    if combined is None:
        return out
    pos = 0
    while (m := combined.search(text, pos)) is not None:
        start = m.start()
        best = max(((r.end(), i) for i, item in enumerate(items) if (r := item.regex.match(text, start))),
                   default=None, key=lambda b: (b[0], -b[1]))
        if best is None or best[0] == start:
            pos = start + 1
            continue
        out.append((start, best[0], items[best[1]]))
        pos = best[0]
    return out


def combine(items: tuple) -> re.Pattern | None:
    """Every rule's pattern in one alternation, to find where any of them matches in one pass."""
    return re.compile("|".join(f"(?:{item.regex.pattern})" for item in items), re.IGNORECASE) if items else None


def _spec(data, origin: str) -> RulesSpec:
    """A rules file as parsed, checked: unknown keys are refused with the nearest known one."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ReviewConfigError("must be a mapping with the sections people, voice, adults, accounts, meetings, "
                                f"process, procedures and signals (see reviewbench/data/{RULES_FILE}).", file=origin)
    try:
        return RulesSpec.model_validate(data)
    except ValidationError as exc:
        raise ReviewConfigError(problems_message(validation_problems(exc, RulesSpec)), file=origin,
                                hint=f"Compare with the built-in reviewbench/data/{RULES_FILE}.") from exc


def _merge_items(base: list | None, own: list | None) -> list | None:
    """Items by id: the review's fields over the built-in ones; new ids added after them."""
    if own is None:
        return base
    merged = {item.id: item for item in base or []}
    for item in own:
        old = merged.get(item.id)
        merged[item.id] = old.model_copy(update={k: getattr(item, k) for k in item.model_fields_set}) if old else item
    return list(merged.values())


def _merge_section(base: BaseModel | None, own: BaseModel | None) -> BaseModel | None:
    if own is None or base is None:
        return own if base is None else base
    update = {}
    for name in own.model_fields_set:
        mine, theirs = getattr(own, name), getattr(base, name)
        if isinstance(mine, list) and mine and isinstance(mine[0], (CueSpec, RoleSpec, ClaimSpec, ProcessEventSpec,
                                                                      ClockSpec)):
            update[name] = _merge_items(theirs, mine)
        elif isinstance(mine, list):
            update[name] = list(theirs or []) + [v for v in mine if v not in (theirs or [])]
        elif isinstance(mine, dict) and name == "kin":
            update[name] = {k: {**(theirs or {}).get(k, {}), **v} for k, v in {**(theirs or {}), **mine}.items()}
        elif isinstance(mine, dict):
            update[name] = {**(theirs or {}), **mine}          # kin_labels, process.plans
        elif isinstance(mine, BaseModel) and isinstance(theirs, BaseModel):
            update[name] = _merge_section(theirs, mine)         # signals.risk
        else:
            update[name] = mine
    return base.model_copy(update=update)


def _compile(pattern: str | None, where: str, origin: str) -> re.Pattern:
    if not pattern:
        raise ReviewConfigError(f"{where} has no pattern.", file=origin,
                                hint="Give the rule a 'pattern' (a regular expression).")
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        raise ReviewConfigError(f"{where}: the pattern is not a valid regular expression ({exc}).",
                                file=origin) from exc


def _cues(items: list[CueSpec] | None, where: str, origin: str) -> tuple[Cue, ...]:
    return tuple(Cue(item.id, _compile(item.pattern, f"{where} rule '{item.id}'", origin), item.speaker or "subject",
                     bool(item.ends)) for item in items or [] if item.enabled)


def _as_tuple(value: str | list[str] | None) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value or ())


def _roles(items: list[RoleSpec] | None, origin: str) -> tuple[Role, ...]:
    roles = []
    for item in items or []:
        if not item.enabled:
            continue
        where = f"adults.roles rule '{item.id}'"
        regex = _compile(item.pattern, where, origin)
        register = (_compile(item.register_pattern, where + " (register)", origin) if item.register_pattern
                    else regex)
        roles.append(Role(item.id, item.label or item.id.replace("-", " "), regex, register, tuple(item.also or ()),
                          item.sex, _as_tuple(item.means), bool(item.named_only), bool(item.child),
                          bool(item.relative)))
    return tuple(roles)


def _claims(items: list[ClaimSpec] | None, origin: str) -> tuple[Claim, ...]:
    out = []
    for item in items or []:
        if not item.enabled:
            continue
        where = f"accounts.claims rule '{item.id}'"
        out.append(Claim(item.id, _compile(item.pattern, where, origin), item.about or "other", tuple(item.roles or ()),
                         item.within_days, bool(item.same_service),
                         _cues(item.contradicted_by, f"{where} contradicted_by", origin), bool(item.unnamed)))
    return tuple(out)


def _optional(pattern: str | None, where: str, origin: str) -> re.Pattern | None:
    return _compile(pattern, where, origin) if pattern else None


def _known(value: str, known, where: str, what: str, origin: str) -> str:
    if value not in known:
        raise ReviewConfigError(f"{where} names the {what} '{value}', which is not defined."
                                f"{did_you_mean(value, sorted(known))}", file=origin,
                                hint=f"Use one of {', '.join(sorted(known))}.")
    return value


def _process(spec: ProcessSpec, origin: str) -> tuple[tuple[ProcessEvent, ...], dict[str, tuple[str, str]]]:
    events = []
    for item in spec.events or []:
        if not item.enabled:
            continue
        where = f"process.events rule '{item.id}'"
        events.append(ProcessEvent(
            item.id, frozenset(item.event_kinds) if item.event_kinds else None,
            frozenset(item.agency_kinds) if item.agency_kinds else None, item.seen,
            _optional(item.type, where + " (type)", origin), _optional(item.text, where + " (text)", origin),
            _optional(item.not_text, where + " (not_text)", origin), item.one_of, bool(item.gather)))
    ids = {e.id for e in events}
    plans = {name: (_known(plan.start, ids, f"process.plans '{name}' (start)", "event", origin),
                    _known(plan.end, ids, f"process.plans '{name}' (end)", "event", origin))
             for name, plan in (spec.plans or {}).items()}
    return tuple(events), plans


def _clocks(spec: ProceduresSpec, events: set[str], plans: set[str], origin: str) -> tuple[Clock, ...]:
    settings = set(Settings.model_fields)
    clocks = []
    for item in spec.clocks or []:
        if not item.enabled:
            continue
        where = f"procedures.clocks rule '{item.id}'"
        for key in ("from_", "met_by", "unit"):
            if not getattr(item, key):
                raise ReviewConfigError(f"{where} has no '{key.rstrip('_')}'.", file=origin,
                                        hint="Compare with the built-in clocks of reviewbench/data/lens_rules.yaml.")
        if item.amount is None and item.setting is None:
            raise ReviewConfigError(f"{where} has neither an 'amount' nor a 'setting'.", file=origin,
                                    hint="Give the number of units, or the review setting that holds it.")
        for event in [*item.from_, item.met_by, *(item.stopped_by or []), *(item.reset_by or []),
                      *([item.with_] if item.with_ else [])]:
            _known(event, events, where, "event", origin)
        for name in [s for s in (item.setting, item.count) if isinstance(s, str)]:
            _known(name, settings, where, "review setting", origin)
        clocks.append(Clock(
            item.id, item.label or item.id.replace("-", " "), tuple(item.from_), item.with_, item.met_by,
            tuple(item.stopped_by or ()), _known(item.during, plans, where, "plan", origin) if item.during else None,
            _known(item.outside, plans, where, "plan", origin) if item.outside else None,
            item.count if item.count is not None else 1, tuple(item.reset_by or ()),
            item.setting if item.setting else item.amount, item.unit,
            item.confirmed if item.confirmed is not None else True, item.basis or ""))
    return tuple(clocks)


def _signals(spec: SignalsSpec, events: set[str], plans: set[str], origin: str) -> Signals:
    risk = spec.risk or RiskSpec()
    levels = tuple(_compile(f"(?:{w})", f"signals.risk level '{w}'", origin) for w in risk.levels or ())
    regex = _optional(risk.pattern, "signals.risk", origin)
    if regex is not None and not any(name.startswith("level") for name in regex.groupindex):
        raise ReviewConfigError("signals.risk: the pattern has no group named 'level' for the level it reads.",
                                file=origin, hint="Write the level's words as (?P<level>standard|medium|high).")
    base = Signals()
    return Signals(spec.threshold_days if spec.threshold_days is not None else base.threshold_days,
                   spec.reopen_days if spec.reopen_days is not None else base.reopen_days, spec.drift_days,
                   tuple(_known(p, plans, "signals.drift_plans", "plan", origin) for p in spec.drift_plans or ()),
                   _optional(spec.concern, "signals.concern", origin),
                   tuple(_known(e, events, "signals.concern_events", "event", origin)
                         for e in spec.concern_events or ()),
                   _optional(spec.not_threshold, "signals.not_threshold", origin), regex, levels,
                   tuple(w.split("|")[0] for w in risk.levels or ()))


def _resolve(spec: RulesSpec, origin: str) -> LensRules:
    events, plans = _process(spec.process or ProcessSpec(), origin)
    clocks = _clocks(spec.procedures or ProceduresSpec(), {e.id for e in events}, set(plans), origin)
    people, voice, adults = spec.people or PeopleSpec(), spec.voice or VoiceSpec(), spec.adults or AdultsSpec()
    accounts = spec.accounts or AccountsSpec()
    roles = _roles(adults.roles, origin)
    known = {r.id for r in roles} | set(adults.kin_labels or {})
    for where, role in [("adults.expected", r) for r in adults.expected or []] + \
            [(f"adults.roles rule '{r.id}' (means)", m) for r in roles for m in r.means] + \
            [("accounts.speakers", r) for r in accounts.speakers or []] + \
            [(f"accounts.claims rule '{c.id}' (roles)", r) for c in accounts.claims or [] for r in c.roles or []]:
        if role not in known:
            raise ReviewConfigError(f"{where} names '{role}', which is no role.{did_you_mean(role, sorted(known))}",
                                    file=origin, hint=f"Use one of {', '.join(sorted(r.id for r in roles))}.")
    return LensRules(
        children=_cues(people.children, "people.children", origin),
        professionals=_cues(people.professionals, "people.professionals", origin),
        pronouns=_cues(people.pronouns, "people.pronouns", origin),
        prepositions=frozenset(w.lower() for w in people.prepositions or []),
        speech=_cues(voice.speech, "voice.speech", origin),
        not_speech=_cues(voice.not_speech, "voice.not_speech", origin),
        behaviour=_cues(voice.behaviour, "voice.behaviour", origin),
        not_behaviour=_cues(voice.not_behaviour, "voice.not_behaviour", origin),
        infant_behaviour=_cues(voice.infant_behaviour, "voice.infant_behaviour", origin),
        infant_months=voice.infant_months if voice.infant_months is not None else 24,
        relayed=_cues(voice.relayed, "voice.relayed", origin),
        roles=roles,
        kin={k: dict(v) for k, v in (adults.kin or {}).items()},
        kin_labels=dict(adults.kin_labels or {}),
        introducers=_cues(adults.introducers, "adults.introducers", origin),
        titles=tuple(adults.titles or ()),
        not_family=_cues(adults.not_family, "adults.not_family", origin),
        checks=_cues(adults.checks, "adults.checks", origin),
        not_checks=_cues(adults.not_checks, "adults.not_checks", origin),
        expected=tuple(adults.expected or ()),
        check_event_types=_compile(adults.check_event_types or r"(?!)", "adults.check_event_types", origin),
        not_names=frozenset(adults.not_names or ()),
        not_surnames=frozenset(w.upper() for w in adults.not_surnames or ()),
        speakers=frozenset(accounts.speakers or ()),
        told=_cues(accounts.told, "accounts.told", origin),
        negations=_cues(accounts.negations, "accounts.negations", origin),
        claims=_claims(accounts.claims, origin),
        list_unnamed=(spec.meetings or MeetingsSpec()).list_unnamed is not False,
        process_events=events,
        same_event_days=(spec.process.same_event_days if spec.process and spec.process.same_event_days is not None
                         else 2),
        plans=plans,
        clocks=clocks,
        signals=_signals(spec.signals or SignalsSpec(), {e.id for e in events}, set(plans), origin),
    )


def lens_rules(review_dir: Path | None = None) -> LensRules:
    """The built-in rules, overlaid with the review's own ``lens_rules.yaml`` when it has one."""
    origin = f"reviewbench/data/{RULES_FILE}"
    spec = _spec(builtin_yaml(RULES_FILE), origin)
    found = read_overlay(review_dir, RULES_FILE)       # the review's own file: read as every overlay is
    if found is not None:
        origin = str(found[1])
        own = _spec(found[0], origin)
        spec = RulesSpec(**{name: _merge_section(getattr(spec, name), getattr(own, name))
                            for name in RulesSpec.model_fields})
    return _resolve(spec, origin)
