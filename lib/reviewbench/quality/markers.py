"""The 18 SCIE/NSPCC quality markers (data) and the reviewer's own assessment of each.

The markers, their stages, statements, prompts and citations live in
``reviewbench/data/quality_markers.yaml``; :func:`markers_in_force` checks them against a review's
rules pack (what belongs to another process is not asked, and said so).
The reviewer's assessment lives in the review's ``authored/quality.yaml``::

    13-analysis: {status: partly, evidence: "Hindsight addressed in section 4; human factors not yet."}
    17: {status: n/a, evidence: "Not for publication: criminal trial pending."}

A key may be the marker's id, its number, its name or an earlier name ("Board written response").
A missing file means "not assessed".
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ..config import Review
from ..config_problems import problems_message, unknown_keys, validation_problems
from ..errors import ReviewConfigError
from ..methodology import worded_text
from ..process.packs import Citation, Pack, Source, cite, load_pack, pack_ids
from ..suggest import did_you_mean
from ..yamlio import builtin_yaml, load_yaml, yaml_problem

MARKERS_FILE = "quality_markers.yaml"
ASSESSMENT_FILE = Path("authored") / "quality.yaml"
STATUSES = ("met", "partly", "not-met", "n/a")
ASSESSMENT_KEYS = ("status", "evidence")
NOT_ASSESSED = "not assessed"
JURISDICTIONS = ("england", "wales")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _processes(values: tuple[str, ...]) -> tuple[str, ...]:
    """``applies``: jurisdictions or pack ids, each one known."""
    known = [*JURISDICTIONS, *pack_ids()]
    for value in values:
        if value not in known:
            raise ValueError(f"applies names '{value}', which is neither a jurisdiction nor a rules pack"
                             f"{did_you_mean(value, known, aside=True)}; use one of: {', '.join(known)}")
    return values


class Prompt(_Strict):
    """A "how might you know" question; one about a step of the statutory process names the pack's rule."""

    text: str = Field(min_length=1)
    rule: str | None = None             # a pack rule's id: asked only when the review's pack has it
    applies: tuple[str, ...] = ()

    _known = field_validator("applies")(_processes)


class Marker(_Strict):
    id: str
    number: int
    name: str
    aliases: tuple[str, ...] = ()        # earlier names, still keys of authored/quality.yaml
    stage: str
    stage_label: str = ""
    citation: Citation
    applies: tuple[str, ...] = ()        # jurisdictions or pack ids; () : every pack
    statement: str
    prompts: tuple[Prompt, ...] = Field(min_length=1)
    evidence: tuple[str, ...] = ()       # ids of the checks reviewbench computes for this marker

    _known = field_validator("applies")(_processes)

    @field_validator("prompts", mode="before")
    @classmethod
    def _plain_prompts(cls, value: object) -> object:
        return [{"text": v} if isinstance(v, str) else v for v in value] if isinstance(value, list) else value

    @field_validator("statement")
    @classmethod
    def _one_line(cls, value: str) -> str:
        return " ".join(value.split())


class Markers(_Strict):
    sources: dict[str, Source] = Field(min_length=1)
    stages: dict[str, str] = Field(min_length=1)
    markers: tuple[Marker, ...] = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _stage_labels(cls, data: object) -> object:
        if isinstance(data, dict) and isinstance(data.get("stages"), dict) and isinstance(data.get("markers"), list):
            stages = data["stages"]
            data = {**data, "markers": [{**m, "stage_label": stages.get(m.get("stage"), "")}
                                        if isinstance(m, dict) else m for m in data["markers"]]}
        return data

    @model_validator(mode="after")
    def _references_resolve(self) -> "Markers":
        rules = {r.id for p in pack_ids() for r in load_pack(p).rules}
        problems = []
        for m in self.markers:
            if m.stage not in self.stages:
                problems.append(f"marker '{m.id}': stage '{m.stage}' is not under stages:")
            if m.citation.source and m.citation.source not in self.sources:
                problems.append(f"marker '{m.id}' cites the source '{m.citation.source}', which is not under "
                                f"sources:{did_you_mean(m.citation.source, self.sources)}")
            problems += [f"marker '{m.id}': the prompt '{p.text}' names the rule '{p.rule}', which no rules pack "
                         f"has{did_you_mean(p.rule, rules)}" for p in m.prompts if p.rule and p.rule not in rules]
        if problems:
            raise ValueError("; ".join(problems))
        return self


@dataclass(frozen=True)
class Assessment:
    """The reviewer's own status for a marker, with the evidence they cite."""

    status: str = NOT_ASSESSED
    evidence: str = ""


@lru_cache(maxsize=1)
def markers_data() -> Markers:
    """``reviewbench/data/quality_markers.yaml``, checked: every marker cited, every rule a pack's."""
    origin = f"reviewbench/data/{MARKERS_FILE}"
    data = builtin_yaml(MARKERS_FILE)
    try:
        return Markers.model_validate(data)
    except ValidationError as exc:
        raise ReviewConfigError(problems_message(validation_problems(exc, Markers)), file=origin) from exc


def quality_markers() -> tuple[Marker, ...]:
    """The 18 markers in SCIE's order."""
    return markers_data().markers


def marker_citation(marker: Marker) -> str:
    return cite(marker.citation, markers_data().sources)


@dataclass(frozen=True)
class MarkersInForce:
    """The markers and prompts a review is asked, in the words of its pack, and what it is not asked."""

    markers: tuple[Marker, ...]
    skipped: tuple[str, ...]            # a sentence for each marker or prompt that belongs to another process


def _applies(applies: tuple[str, ...], pack: Pack) -> bool:
    return not applies or pack.jurisdiction in applies or pack.id in applies


def markers_in_force(pack: Pack, rule_ids: set[str] | frozenset[str],
                     markers: tuple[Marker, ...] | None = None) -> MarkersInForce:
    """The markers (default: the 18) for a review checked against ``pack``, whose rules (the pack's,
    overlaid by the review's timescales.yaml) are ``rule_ids``: a marker or prompt of another process
    left out, saying so; every text in the pack's words (``terms.partners``)."""
    partners = pack.terms.partners
    kept, skipped = [], []
    for marker in quality_markers() if markers is None else markers:
        if not _applies(marker.applies, pack):
            skipped.append(f"Marker {marker.number} ({marker.name}) belongs to {', '.join(marker.applies)}, "
                           f"not to the rules pack {pack.id}: not assessed.")
            continue
        prompts = []
        for prompt in marker.prompts:
            if not _applies(prompt.applies, pack):
                skipped.append(f"Marker {marker.number}: '{prompt.text}' belongs to {', '.join(prompt.applies)}, "
                               f"not to the rules pack {pack.id}: not asked.")
            elif prompt.rule and prompt.rule not in rule_ids:
                why = ("the review's timescales.yaml turns off" if any(r.id == prompt.rule for r in pack.rules)
                       else f"the rules pack {pack.id} does not have")
                skipped.append(f"Marker {marker.number}: '{prompt.text}' is about the rule '{prompt.rule}', which "
                               f"{why}: not asked.")
            else:
                prompts.append(prompt.model_copy(update={"text": worded_text(prompt.text, partners)}))
        kept.append(marker.model_copy(update={"name": worded_text(marker.name, partners),
                                              "statement": worded_text(marker.statement, partners),
                                              "prompts": tuple(prompts)}))
    return MarkersInForce(tuple(kept), tuple(skipped))


def _marker_for(key: object) -> Marker | None:
    text = str(key).strip().lower()
    for marker in quality_markers():
        names = [name.lower() for name in (marker.name, *marker.aliases)]
        if text in (marker.id, str(marker.number), f"{marker.number:02d}", *names):
            return marker
    return None


def reviewer_assessments(review: Review) -> dict[str, Assessment] | None:
    """Marker id -> the reviewer's assessment, from ``authored/quality.yaml``; ``None`` if there is none."""
    path = review.root / ASSESSMENT_FILE
    if not path.exists():
        return None
    where = str(path)
    try:
        data = load_yaml(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ReviewConfigError(yaml_problem(exc), where=where) from exc
    if isinstance(data, dict) and isinstance(data.get("markers"), dict):
        if unknown := unknown_keys(data, ("markers",)):
            raise ReviewConfigError(problems_message(unknown), where=where)
        data = data["markers"]
    if not isinstance(data, dict):
        raise ReviewConfigError("must map each quality marker to its status, for example "
                                "'13-analysis: {status: partly, evidence: \"...\"}'.", where=where)
    found: dict[str, Assessment] = {}
    ids = [m.id for m in quality_markers()]
    for key, value in data.items():
        marker = _marker_for(key)
        if marker is None:
            hint = did_you_mean(str(key).lower(), ids) or f" Use a marker id ({ids[0]} ... {ids[-1]}) or number."
            raise ReviewConfigError(f"key '{key}' is not a quality marker.{hint}", where=where)
        if isinstance(value, str):
            value = {"status": value}
        if not isinstance(value, dict):
            raise ReviewConfigError(f"key '{key}' must hold 'status' and 'evidence'.", where=where)
        if unknown := unknown_keys(value, ASSESSMENT_KEYS, at=(key,)):
            raise ReviewConfigError(problems_message(unknown), where=where)
        status = str(value.get("status", "")).strip().lower().replace(" ", "-")
        status = {"na": "n/a", "not-applicable": "n/a", "notmet": "not-met"}.get(status, status)
        if status not in STATUSES:
            raise ReviewConfigError(f"key '{key}.status' is {value.get('status')!r}; use one of "
                                    f"{', '.join(STATUSES)}.", where=where)
        found[marker.id] = Assessment(status, " ".join(str(value.get("evidence") or "").split()))
    return found
