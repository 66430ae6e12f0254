"""Rules packs: a jurisdiction's review process in one edition of its guidance, as cited data.

A pack (``reviewbench/data/packs/<id>.yaml``) names its stages (keys under ``dates:`` in
review.yaml), its clocks (rules: an anchor date, an amount, a unit, the date that meets it), the
criteria a decision on a local review is made against, and the settings local protocols choose
(the rapid review's anchor). Every rule, criterion and setting choice cites its source: the tool
applies no rule without a citation. A review names its pack under ``process: {pack: ...}``, or
gets the current pack of its jurisdiction; its own ``timescales.yaml`` overlays the pack's rules.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..config import DATE_KEYS, Review
from ..config_problems import not_among, problems_message, unknown_keys, validation_problems
from ..dates import long_date
from ..errors import ReviewConfigError
from ..suggest import did_you_mean
from ..yamlio import load_yaml, read_overlay

PACKS_DIR = ("data", "packs")
RULES_FILE = "timescales.yaml"
UNIT_WORDS = {"working_days": ("working day", "working days"), "days": ("day", "days"),
              "months": ("month", "months")}
FACTS = ("looked_after",)          # review facts (keys under process:) a rule can depend on
_NOT_SET = re.compile(r"dates\.(\w+) is not set")
_DATE_KEY = re.compile(r"dates\.(\w+)")
_ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


def _date_key(value: str) -> str:
    if value not in DATE_KEYS:
        raise ValueError(not_among(value, DATE_KEYS, "a review date"))
    return value


DateKey = Annotated[str, AfterValidator(_date_key)]


class Source(_Strict):
    """A document rules cite: its title and where to read it."""

    title: str = Field(min_length=1)
    url: str | None = None


class Citation(_Strict):
    """Where a rule comes from: a ``source`` of the pack (or a ``document`` named in full: a local
    protocol) and the chapter, paragraph or section."""

    source: str | None = None
    document: str | None = None
    section: str | None = None

    @model_validator(mode="after")
    def _names_a_document(self) -> "Citation":
        if not (self.source or self.document):
            raise ValueError("a citation names a 'source' of the pack or a 'document'")
        return self


def cite(citation: Citation | None, sources: dict[str, Source]) -> str:
    """A citation as a reader sees it, its ``source`` looked up in ``sources`` (a pack's, the quality
    markers'): "Working Together ... 2023, chapter 5 ('Rapid reviews')"."""
    if citation is None:
        return ""
    title = sources[citation.source].title if citation.source in sources else citation.document
    return f"{title}, {citation.section}" if citation.section else str(title)


class Choice(_Strict):
    """One value of a setting: the anchor it gives a clock, and whether that day counts as day 1."""

    label: str = Field(min_length=1)
    from_: DateKey = Field(alias="from")
    first_day: Literal["after", "same"] = "after"
    citation: Citation


class Setting(_Strict):
    label: str = Field(min_length=1)
    default: str
    choices: dict[str, Choice] = Field(min_length=1)

    @model_validator(mode="after")
    def _default_is_a_choice(self) -> "Setting":
        if self.default not in self.choices:
            raise ValueError(f"default '{self.default}' is not one of its choices ({', '.join(self.choices)})")
        return self


class Criterion(_Strict):
    label: str = Field(min_length=1)
    citation: Citation


class Stage(_Strict):
    date: DateKey
    label: str = Field(min_length=1)


class Rule(_Strict):
    """One clock: ``amount`` ``unit``s ``direction`` the date ``from_``, met by the date ``actual``.

    ``limit: by`` (a deadline) or ``not_before`` (an earliest date: a report stays published a year).
    No ``amount`` is a step with no clock in the pack (a prompt: Ofsted told). ``setting`` names a
    setting of the pack whose chosen value gives ``from`` and ``first_day``; ``when`` a review fact the
    rule depends on. ``basis`` is the one-line citation of older ``timescales.yaml`` files.
    """

    id: str = Field(pattern=r"^[a-z0-9_-]+$")
    label: str = Field(min_length=1)
    from_: DateKey | None = Field(default=None, alias="from")
    amount: int | None = Field(default=None, ge=0)
    unit: Literal["working_days", "days", "months"] = "working_days"
    direction: Literal["after", "before"] = "after"
    first_day: Literal["after", "same"] = "after"
    limit: Literal["by", "not_before"] = "by"
    actual: DateKey | None = None
    target: DateKey | None = None
    setting: str | None = None
    when: Literal["looked_after"] | None = None
    applies: tuple[Literal["england", "wales"], ...] = ("england", "wales")
    citation: Citation | None = None
    basis: str | None = None
    confirmed: bool = True
    enabled: bool = True
    note: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _basis_is_a_citation(cls, data: object) -> object:
        if isinstance(data, dict) and data.get("basis"):
            return {**data, "citation": {"document": data["basis"]}}
        return data

    @model_validator(mode="after")
    def _anchored_and_cited(self) -> "Rule":
        if self.from_ is None and self.setting is None:
            raise ValueError("needs 'from' (the review date the clock runs from) or 'setting'")
        if self.citation is None:
            raise ValueError("has no citation: add 'citation: {document: ..., section: ...}' naming the "
                             "guidance or local protocol it comes from (no rule is applied without one)")
        return self

    @property
    def period(self) -> str:
        if self.amount is None:
            return f"a step after dates.{self.from_}, no clock"
        one, many = UNIT_WORDS[self.unit]
        text = f"{self.amount} {one if self.amount == 1 else many} {self.direction} dates.{self.from_}"
        if self.first_day == "same":
            text += " (that day counted as day 1)"
        return f"not before {text}" if self.limit == "not_before" else text


class Terms(_Strict):
    """The words of the guidance in force that a report and the quality markers use."""

    partners: str = Field(min_length=1)    # the body a review reports to: "the safeguarding partners"


class Pack(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str = Field(min_length=1)
    jurisdiction: Literal["england", "wales"]
    version: str = Field(min_length=1)
    effective: dt.date
    superseded_by: str | None = None
    review: str = Field(min_length=1)            # what the pack calls a review
    terms: Terms
    notes: list[str] = []
    sources: dict[str, Source] = Field(min_length=1)
    settings: dict[str, Setting] = {}
    criteria: dict[str, Criterion] = {}
    stages: list[Stage] = Field(min_length=1)
    rules: list[Rule] = []

    @model_validator(mode="after")
    def _references_resolve(self) -> "Pack":
        problems = []
        cited = [(f"rule '{r.id}'", r.citation) for r in self.rules]
        cited += [(f"criterion '{k}'", c.citation) for k, c in self.criteria.items()]
        cited += [(f"setting '{k}', choice '{n}'", c.citation) for k, s in self.settings.items()
                  for n, c in s.choices.items()]
        for where, citation in cited:
            if citation and citation.source and citation.source not in self.sources:
                problems.append(f"{where} cites the source '{citation.source}', which is not under "
                                f"sources:{did_you_mean(citation.source, self.sources)}")
        for rule in self.rules:
            if rule.setting and rule.setting not in self.settings:
                problems.append(f"rule '{rule.id}' names the setting '{rule.setting}', which is not under "
                                f"settings:{did_you_mean(rule.setting, self.settings)}")
        ids = [r.id for r in self.rules]
        problems += [f"rule '{i}' is given twice" for i in sorted({i for i in ids if ids.count(i) > 1})]
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def cite(self, citation: Citation | None) -> str:
        """A citation as a reader sees it: "Working Together ... 2023, chapter 5 ('Rapid reviews')"."""
        return cite(citation, self.sources)

    def in_words(self, text: str) -> str:
        """``text`` of a clock (its rule, its detail) for a report's reader, each review.yaml key said as
        the stage it records: "15 working days after dates.aware" -> "15 working days after the local
        authority became aware of the incident"; "dates.completion is not set" -> "no date is recorded
        for: final report agreed ..."; ISO dates written out. ``check`` and ``status`` keep the keys,
        which are what a reviewer writes in review.yaml."""
        labels = {stage.date: stage.label for stage in self.stages}

        def label(match: re.Match) -> str:
            return labels.get(match.group(1)) or f"the {match.group(1).replace('_', ' ')} date"
        text = _NOT_SET.sub(lambda m: f"no date is recorded for: {label(m)}", text)
        text = _ISO_DATE.sub(lambda m: long_date(dt.date.fromisoformat(m.group(0))), text)
        return _DATE_KEY.sub(label, text)

    def with_settings(self, rule: Rule, values: dict[str, str] | None = None) -> Rule:
        """``rule`` with its setting applied: the anchor and first day of the chosen value (``values``,
        setting id -> choice; the pack's default where not given). A rule with its own ``from`` keeps it."""
        if rule.setting is None or rule.from_ is not None:
            return rule
        setting = self.settings[rule.setting]
        choice = setting.choices[(values or {}).get(rule.setting, setting.default)]
        return rule.model_copy(update={"from_": choice.from_, "first_day": choice.first_day})

    def rule(self, rule_id: str, **settings: str) -> Rule:
        """The pack's rule ``rule_id`` with its setting applied (``settings``: setting id -> choice)."""
        found = next((r for r in self.rules if r.id == rule_id), None)
        if found is None:
            raise ReviewConfigError(f"the rules pack {self.id} has no rule '{rule_id}'."
                                    f"{did_you_mean(rule_id, [r.id for r in self.rules])}")
        return self.with_settings(found, settings)

    @property
    def heading(self) -> str:
        return (f"rules pack {self.id} ({self.title}, version {self.version}, in force from "
                f"{long_date(self.effective)})")


# -- the packs shipped -------------------------------------------------------------------------------
def _pack_files() -> dict[str, object]:
    folder = resources.files("reviewbench").joinpath(*PACKS_DIR)
    return {item.name.removesuffix(".yaml"): item for item in folder.iterdir() if item.name.endswith(".yaml")}


def pack_ids() -> list[str]:
    return sorted(_pack_files())


@lru_cache(maxsize=16)
def load_pack(pack_id: str) -> Pack:
    """The pack ``pack_id``; an unknown id is refused with the nearest known one."""
    files = _pack_files()
    if pack_id not in files:
        raise ReviewConfigError(f"there is no rules pack '{pack_id}'.{did_you_mean(pack_id, files)} "
                                f"The packs are: {', '.join(sorted(files))}.")
    origin = f"reviewbench/{'/'.join(PACKS_DIR)}/{pack_id}.yaml"
    data = load_yaml(files[pack_id].read_text(encoding="utf-8"))
    try:
        pack = Pack.model_validate(data)
    except ValidationError as exc:
        raise ReviewConfigError(problems_message(validation_problems(exc, Pack)), file=origin) from exc
    if pack.id != pack_id:
        raise ReviewConfigError(f"its id is '{pack.id}'; a pack's id is its file name ('{pack_id}').", file=origin)
    return pack


def current_pack(jurisdiction: str) -> Pack:
    """The pack in force for ``jurisdiction``: the one no other pack supersedes."""
    current = [p for p in map(load_pack, pack_ids()) if p.jurisdiction == jurisdiction and not p.superseded_by]
    if len(current) != 1:
        raise ReviewConfigError(f"{len(current)} current rules packs for {jurisdiction} "
                                f"({', '.join(p.id for p in current) or 'none'}); exactly one must have no "
                                "superseded_by.", where="reviewbench/data/packs")
    return current[0]


# -- a review's pack ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class ChosenSetting:
    id: str
    value: str
    choice: Choice
    default: bool


@dataclass(frozen=True)
class ReviewPack:
    """The pack a review is checked against, how it was chosen, and the settings it takes."""

    pack: Pack
    named: bool                                        # review.yaml names it under process.pack
    settings: dict[str, ChosenSetting]
    notes: list[str] = field(default_factory=list)

    def rules(self, review: Review) -> list[Rule]:
        """The pack's rules overlaid by the review's ``timescales.yaml``, each setting applied."""
        values = {sid: chosen.value for sid, chosen in self.settings.items()}
        return [self.pack.with_settings(rule, values)
                for rule in review.overlay(RULES_FILE, lambda root: pack_rules(self.pack, root))]


def _began(review: Review) -> tuple[str, dt.date] | None:
    for key in ("aware", "incident", "notification", "referral", "decision"):
        if (day := getattr(review.dates, key)) is not None:
            return key, day
    return None


def review_pack(review: Review) -> ReviewPack:
    """The review's pack (``process.pack``, else the current pack of its jurisdiction), its settings
    checked and chosen, and its decision's criteria checked; every problem names its key."""
    pack = pack_of(review)
    named = review.process.pack
    notes = _pack_notes(review, pack, bool(named))
    where = str(review.root / "review.yaml")
    return ReviewPack(pack=pack, named=bool(named), settings=_settings(review, pack, where), notes=notes)


def pack_of(review: Review) -> Pack:
    """The review's pack (``process.pack``, else the current pack of its jurisdiction), its settings
    and criteria not checked: what the workbench needs for the pack's words."""
    named = review.process.pack
    where = str(review.root / "review.yaml")
    if named:
        try:
            pack = load_pack(named)
        except ReviewConfigError as exc:
            raise ReviewConfigError(exc.message, file=where, key="process.pack",
                                    where=f"{where}, process.pack") from exc
        if pack.jurisdiction != review.jurisdiction:
            raise ReviewConfigError(
                f"the rules pack '{named}' is for {pack.jurisdiction.title()}, but the review's jurisdiction is "
                f"{review.jurisdiction}: name a {review.jurisdiction} pack "
                f"({', '.join(p for p in pack_ids() if load_pack(p).jurisdiction == review.jurisdiction)}).",
                file=where, key="process.pack", where=f"{where}, process.pack")
        return pack
    return current_pack(review.jurisdiction)


def _pack_notes(review: Review, pack: Pack, named: bool) -> list[str]:
    if named:
        if pack.superseded_by:
            return [f"review.yaml names the rules pack {pack.id}, superseded by {pack.superseded_by}: it is kept "
                    "because the review began under it."]
        return []
    began = _began(review)
    if began is None or began[1] >= pack.effective:
        return []
    key, day = began
    older = sorted((p for p in map(load_pack, pack_ids())
                    if p.jurisdiction == pack.jurisdiction and p.effective <= day), key=lambda p: p.effective)
    pin = (f"To keep the rules it began under, set 'process: {{pack: {older[-1].id}}}' in review.yaml."
           if older else "reviewbench has no pack for the process in force before then.")
    return [f"The review began on {long_date(day)} (dates.{key}), before {pack.title} came into force on "
            f"{long_date(pack.effective)}; review.yaml names no pack, so it is checked against the current one, "
            f"{pack.id}. {pin}"]


def _settings(review: Review, pack: Pack, where: str) -> dict[str, ChosenSetting]:
    process = review.process
    problems = [p.replace("unknown key", "unknown setting") for p in
                unknown_keys(process.settings, list(pack.settings), at=("process", "settings"))]
    chosen = {}
    for sid, setting in pack.settings.items():
        value = process.settings.get(sid, setting.default)
        if value not in setting.choices:
            problems.append(f"key 'process.settings.{sid}': '{value}' is not a choice of the pack {pack.id}."
                            f"{did_you_mean(value, setting.choices)} Use one of {', '.join(setting.choices)}")
            continue
        chosen[sid] = ChosenSetting(sid, value, setting.choices[value], default=sid not in process.settings)
    decision = process.decision
    for i, criterion in enumerate(decision.criteria if decision else []):
        if criterion not in pack.criteria:
            known = ", ".join(pack.criteria) or "none: give the reasons in 'reasons'"
            problems.append(f"key 'process.decision.criteria.{i}': '{criterion}' is not a criterion of the pack "
                            f"{pack.id}.{did_you_mean(criterion, pack.criteria)} Its criteria: {known}")
    if problems:
        raise ReviewConfigError(problems_message(problems), file=where, key="process")
    return chosen


# -- rules and the review's own timescales.yaml --------------------------------------------------------
def _parse_rules(data: object, origin: str) -> list[dict]:
    if isinstance(data, dict) and (unknown := unknown_keys(data, ("rules",))):
        raise ReviewConfigError(problems_message(unknown), file=origin)
    rules = data.get("rules") if isinstance(data, dict) else None
    if not isinstance(rules, list) or not all(isinstance(r, dict) and r.get("id") for r in rules):
        raise ReviewConfigError("must hold 'rules:', a list of rules each with an 'id' "
                                "(see the README section 'Rules packs').", where=origin)
    return rules


def pack_rules(pack: Pack, review_dir: Path | None = None) -> list[Rule]:
    """The pack's rules, overlaid by ``review_dir/timescales.yaml`` (same id: its fields replaced;
    ``enabled: false`` drops a rule; a new rule needs its citation)."""
    merged = {r.id: r.model_dump(by_alias=True, exclude_unset=True) for r in pack.rules}
    found = read_overlay(review_dir, RULES_FILE)
    if found is None:
        return [r for r in pack.rules if r.enabled]
    data, path = found
    origin = str(path)
    for own in _parse_rules(data or {}, origin):
        merged[own["id"]] = {**merged.get(own["id"], {}), **own}
    rules = []
    for i, data in enumerate(merged.values()):
        try:
            rule = Rule.model_validate(data)
        except ValidationError as exc:
            problems = validation_problems(exc, Rule, at=("rules", data.get("id", i)))
            raise ReviewConfigError(problems_message(problems), file=origin) from exc
        if rule.setting and rule.setting not in pack.settings:
            raise ReviewConfigError(f"rule '{rule.id}' names the setting '{rule.setting}', which the pack {pack.id} "
                                    f"does not have.{did_you_mean(rule.setting, pack.settings)}", file=origin)
        if rule.citation.source and rule.citation.source not in pack.sources:
            raise ReviewConfigError(f"rule '{rule.id}' cites the source '{rule.citation.source}', which the pack "
                                    f"{pack.id} does not have.{did_you_mean(rule.citation.source, pack.sources)} "
                                    "Name the document itself: citation: {document: ..., section: ...}.", file=origin)
        if rule.enabled:
            rules.append(rule)
    return rules
