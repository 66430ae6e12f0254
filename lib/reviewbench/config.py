"""review.yaml: loaded and validated once into a typed :class:`Review`, then passed down."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Callable, Literal, TypeVar

import yaml
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
    model_validator,
)

from .boundary import leaves_folder
from .config_problems import (
    duplicate_agencies,
    key_path,
    not_among,
    problems_message,
    unknown_key,
    validation_problems,
    yaml_keys,
)
from .errors import ReviewConfigError
from .model import CANONICAL_KEYS
from .vocabulary import normalise_heading
from .yamlio import load_yaml, yaml_problem

REVIEW_FILE = "review.yaml"
DEFAULT_PROTECTIVE_MARKING = "OFFICIAL-SENSITIVE"     # a draft about a child: the Government Security Classifications
# What kind of review a folder holds, for a partnership's portfolio (reviewbench.portfolio); left out,
# a rapid-review methodology makes a rapid review and any other a local review.
REVIEW_KINDS = ("rapid-review", "local-review", "learning-review", "audit")


def _lowered(value: Any) -> Any:
    return value.strip().lower() if isinstance(value, str) else value


# Whose rules pack and bank holidays count (review.yaml, portfolio.yaml): "England" is read as england.
Jurisdiction = Annotated[Literal["england", "wales"], BeforeValidator(_lowered)]


class _Strict(BaseModel):
    """Every level of review.yaml refuses keys it does not know: a typo must not fall back to a default."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def _only_known(value: dict, allowed: tuple[str, ...], what: str) -> dict:
    """``value`` when each of its keys is in ``allowed``; else every stray key, with the nearest allowed one."""
    problems = [not_among(key, allowed, what) for key in value if key not in allowed]
    if problems:
        raise ValueError("; ".join(problems))
    return value


class Scope(_Strict):
    start: dt.date
    end: dt.date

    @model_validator(mode="after")
    def _ordered(self) -> "Scope":
        if self.end < self.start:
            raise ValueError(f"end ({self.end}) is before start ({self.start})")
        return self


class Dates(_Strict):
    """Key dates of the review process, each optional; the clocks of the review's rules pack run from
    them. A date after the day ``status`` is run for is a plan, not yet a fact."""

    incident: dt.date | None = None
    aware: dt.date | None = None              # the local authority became aware of the incident
    notification: dt.date | None = None       # England: serious incident notification sent
    ofsted_notification: dt.date | None = None  # England: Ofsted told (a looked-after child)
    referral: dt.date | None = None           # Wales: the case referred to the regional safeguarding board
    rapid_review_meeting: dt.date | None = None
    rapid_review: dt.date | None = None       # the rapid review completed and sent to the national Panel
    panel_response: dt.date | None = None
    decision: dt.date | None = None           # the decision on a local review (process.decision: who, why)
    start: dt.date | None = None              # the review commissioned and begun
    scoping: dt.date | None = None
    terms_of_reference: dt.date | None = None
    agency_reports_due: dt.date | None = None
    agency_reports_received: dt.date | None = None
    practitioner_event: dt.date | None = None
    family_event: dt.date | None = None
    factual_accuracy: dt.date | None = None   # the draft sent to the agencies for factual accuracy
    target_completion: dt.date | None = None
    completion: dt.date | None = None         # the final report agreed (signed off)
    sent_to_panel: dt.date | None = None      # England: the final report to the Panel and the Secretary of State
    publication: dt.date | None = None
    take_down: dt.date | None = None          # the published report taken off the website


DATE_KEYS = tuple(Dates.model_fields)


class StageRecord(_Strict):
    """Who acted at one stage (``dates:`` has when), and to whom: a notification's recipients."""

    by: str | None = None
    to: list[str] = []
    note: str | None = None


class DecisionRecord(StageRecord):
    """The decision on a local review and its reasons against the pack's criteria (their ids)."""

    outcome: Literal["local_review", "no_local_review", "national_review", "other_learning"] | None = None
    criteria: list[str] = []
    reasons: str | None = None


class Process(_Strict):
    """``process:`` in review.yaml: the rules pack, its settings, the review's facts, who decided.

    ``pack`` and ``settings`` are checked against the packs when a step reads them
    (:mod:`reviewbench.process`), since which keys a setting takes depends on the pack."""

    pack: str | None = None                    # None: the current pack of the review's jurisdiction
    settings: dict[str, str] = {}
    looked_after: bool | None = None           # the child was looked after: Ofsted is told (England)
    records: dict[str, StageRecord] = {}       # keyed by the stage's key under dates:
    decision: DecisionRecord | None = None

    @field_validator("records")
    @classmethod
    def _stage_keys(cls, value: dict[str, StageRecord]) -> dict[str, StageRecord]:
        return _only_known(value, DATE_KEYS, "a stage under 'dates'")


class Agency(_Strict):
    name: str = Field(min_length=1)
    code: str | None = Field(default=None, pattern=r"^[A-Za-z0-9]{1,8}$")
    aliases: list[str] = []
    colour: str | None = Field(default=None, pattern=r"^#[0-9a-fA-F]{6}$")

    @property
    def short(self) -> str:
        """Short code for entry ids: the given code, else the initials of the name."""
        if self.code:
            return self.code.upper()
        words = re.findall(r"[A-Za-z0-9]+", self.name)
        return ("".join(w[0] for w in words) or "AG").upper()[:6]


class Source(_Strict):
    file: str = Field(min_length=1)
    agency: str | None = None
    columns: dict[str, str] = {}
    exclude: bool = False          # leave this file out of the chronology (say why in `note`)
    note: str | None = None

    @field_validator("file")
    @classmethod
    def _inside_review(cls, value: str) -> str:
        if leaves_folder(value):
            raise ValueError("must be a path inside the review folder, such as agency_reports/<file name>: "
                             "nothing outside the review is read (copy the file into agency_reports/ if it "
                             "is elsewhere)")
        return value

    @property
    def path(self) -> str:
        """The file's path inside the review, normalised: ``./agency_reports//x.csv`` -> ``agency_reports/x.csv``."""
        return posixpath.normpath(self.file.strip().replace("\\", "/"))

    @field_validator("columns")
    @classmethod
    def _known_keys(cls, value: dict[str, str]) -> dict[str, str]:
        return _only_known(value, CANONICAL_KEYS, "a column key")


class Settings(_Strict):
    """Analysis settings. A stage that needs a new one declares it here and in the README."""

    referral_response_days: int = Field(default=7, ge=0)
    gap_days: int = Field(default=28, ge=1)
    conflict_window_days: int = Field(default=2, ge=1)
    child_not_seen_days: int | None = Field(default=None, ge=1)    # None: use gap_days
    concern_window_days: int | None = Field(default=None, ge=0)    # None: use gap_days
    repeat_nfa_count: int = Field(default=2, ge=1)
    chronology_appendix_limit: int = Field(default=2000, ge=0)    # more: the draft's appendix goes to a workbook
    voice_next_days: int = Field(default=7, ge=0)      # the voice lens lists what every agency recorded in these days
    meeting_known_days: int = Field(default=28, ge=0)  # the meetings lens: what each agency held in these days before
    plan_visit_working_days: int = Field(default=10, ge=1)   # procedures lens: a child on a plan seen by the SW
    not_seen_escalation_count: int = Field(default=2, ge=1)  # procedures lens: visits in a row without the child
    not_seen_escalation_working_days: int = Field(default=5, ge=0)   # ... and the days to escalate after them
    # the documents' marking (protective_marking(): "" for none); the public edition never carries one
    protective_marking: str = Field(default=DEFAULT_PROTECTIVE_MARKING, max_length=60)


class AuditCase(_Strict):
    """A case a case audit looks at, by its pseudonymous reference (never a name)."""

    ref: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,23}$")
    note: str = ""


class AuditPlan(_Strict):
    """``audit:`` in the review.yaml of a case audit (``kind: audit``): the question set
    (reviewbench/data/audit_questions.yaml's ``sets``), the cases audited and the agencies asked
    (names or aliases of ``agencies:``; none listed: every agency)."""

    questions: str = Field(default="multi-agency", min_length=1)
    cases: list[AuditCase] = Field(min_length=1)
    agencies: list[str] = []

    @field_validator("cases")
    @classmethod
    def _each_case_once(cls, value: list[AuditCase]) -> list[AuditCase]:
        refs = [c.ref.lower() for c in value]
        twice = sorted({c.ref for c in value if refs.count(c.ref.lower()) > 1})
        if twice:
            raise ValueError(f"the case reference(s) {', '.join(twice)} are listed more than once: keep one of each")
        return value


T = TypeVar("T")


class Review(_Strict):
    """A review folder's configuration. ``root`` is the folder itself (not a YAML key)."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str = Field(min_length=1)
    methodology: str = Field(min_length=1)
    scale: str | None = Field(default=None, min_length=1)   # one of the methodology's scales (method.yaml)
    scope: Scope
    agencies: list[Agency] = Field(min_length=1)
    sources: list[Source] = []
    settings: Settings = Settings()
    dates: Dates = Dates()
    jurisdiction: Jurisdiction = "england"   # whose rules pack and bank holidays
    process: Process = Process()
    kind: Literal["rapid-review", "local-review", "learning-review", "audit"] | None = None   # REVIEW_KINDS
    partnership: str | None = None          # the safeguarding partnership (Wales: board) the report is for
    version: str | None = None              # the report's version, as the review team numbers its drafts
    audit: AuditPlan | None = None          # a case audit's question set, cases and agencies (kind: audit)
    root: Path = Field(default=Path("."), exclude=True)
    _overlays: dict[str, Any] = PrivateAttr(default_factory=dict)

    def overlay(self, name: str, load: Callable[[Path], T]) -> T:
        """The review's overlay ``name`` (its event kinds, interaction rules, themes, timescales or
        names register: the file's path in the review folder), read by ``load(root)`` the first time a
        step asks for it and kept with this review. Every step of a command is handed the one loaded
        Review, so each overlay is read and checked once per command; a review loaded again (the
        workbench's Reload) reads them again."""
        if name not in self._overlays:
            self._overlays[name] = load(self.root)
        return self._overlays[name]

    @field_validator("agencies")
    @classmethod
    def _each_agency_once(cls, value: list[Agency]) -> list[Agency]:
        problems = duplicate_agencies([(a.name, normalise_heading(a.name), a.short, bool(a.code)) for a in value])
        if problems:
            raise ValueError("; ".join(problems))
        return value

    @model_validator(mode="after")
    def _audit_block(self) -> "Review":
        if self.kind == "audit" and self.audit is None:
            raise ValueError("a case audit (kind: audit) needs an 'audit:' block naming its question set, the "
                             "cases audited and the agencies asked")
        if self.audit is not None and self.kind != "audit":
            raise ValueError("'audit:' is read only for a case audit: add 'kind: audit', or remove the block")
        names = [a.name for a in self.agencies]
        known = {normalise_heading(label) for a in self.agencies for label in [a.name, *a.aliases]}
        asked = self.audit.agencies if self.audit else []
        strays = [not_among(name, names, "an agency of 'agencies'") for name in asked
                  if normalise_heading(name) not in known]
        if strays:
            raise ValueError("audit.agencies: " + "; ".join(strays))
        return self

    @model_validator(mode="after")
    def _unique_names(self) -> "Review":
        seen: dict[str, str] = {}
        for agency in self.agencies:
            for label in [agency.name, *agency.aliases]:
                key = normalise_heading(label)
                if key in seen and seen[key] != agency.name:
                    raise ValueError(
                        f"'{label}' is used by both '{seen[key]}' and '{agency.name}'; "
                        "each agency name and alias must be unique")
                seen[key] = agency.name
        return self

    # -- paths ---------------------------------------------------------------------------
    @property
    def reports_dir(self) -> Path:
        return self.root / "agency_reports"

    @property
    def authored_dir(self) -> Path:
        return self.root / "authored"

    @property
    def build_dir(self) -> Path:
        return self.root / "build"

    # -- lookups ---------------------------------------------------------------------------
    @cached_property
    def _agency_index(self) -> dict[str, Agency]:
        return {normalise_heading(label): agency
                for agency in self.agencies for label in [agency.name, *agency.aliases]}

    def agency_named(self, label: str) -> Agency | None:
        """The agency whose name or alias is ``label`` (case and punctuation ignored)."""
        return self._agency_index.get(normalise_heading(label))

    def audited_agencies(self) -> list[Agency]:
        """The agencies a case audit asks (``audit.agencies``, in review.yaml's order), else every agency."""
        if self.audit is None or not self.audit.agencies:
            return list(self.agencies)
        named = {self.agency_named(label).name for label in self.audit.agencies}
        return [a for a in self.agencies if a.name in named]

    def source_for(self, rel: str) -> Source | None:
        for source in self.sources:
            if source.path == rel:
                return source
        return None


def protective_marking(review: Review) -> str:
    """The protective marking the documents of ``review`` carry (the Excel chronology's header and
    footer, the Word report's title page): ``settings: protective_marking`` in review.yaml, by
    default OFFICIAL-SENSITIVE; "" for none. The one place it is read."""
    return review.settings.protective_marking.strip()


def review_from_mapping(data: Any, root: Path, origin: str = REVIEW_FILE) -> Review:
    if not isinstance(data, dict):
        raise ReviewConfigError("must be a mapping of keys (id, title, methodology, scope, agencies...).",
                                file=origin)
    hint = "See the README section 'review.yaml' for what each key expects."
    if "root" in data:                       # the folder itself, never a key of the file
        raise ReviewConfigError(problems_message([unknown_key("root", yaml_keys(Review))]), file=origin, key="root",
                                hint=hint)
    try:
        return Review(**data, root=Path(root))
    except ValidationError as exc:
        raise ReviewConfigError(problems_message(validation_problems(exc, Review)), file=origin,
                                key=key_path(exc.errors()[0]["loc"]), hint=hint) from exc


def as_review(review: Review | str | Path) -> Review:
    """``review`` itself when it is already loaded (its overlays too), else the review folder loaded."""
    return review if isinstance(review, Review) else load_review(review)


def load_review(review_dir: str | Path) -> Review:
    """Read and validate ``review_dir/review.yaml``; every problem names its key."""
    root = Path(review_dir).resolve()
    path = root / REVIEW_FILE
    if not root.is_dir():
        raise ReviewConfigError(f"'{review_dir}' is not a folder.",
                                hint="Give the path of a review folder, or create one with 'reviewbench new'.")
    if not path.exists():
        raise ReviewConfigError(f"there is no {REVIEW_FILE} in '{review_dir}'.",
                                hint="Create the review with 'reviewbench new DIR --methodology M'.")
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ReviewConfigError(yaml_problem(exc), file=str(path)) from exc
    return review_from_mapping(data, root, origin=str(path))
