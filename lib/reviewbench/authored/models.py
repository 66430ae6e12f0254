"""What reviewers write, as typed items: one model per kind of item in ``authored/``.

The models check each item on its own (types, ids, dates); references between items and to
the chronology, and the methodology's own fields, are checked in :mod:`.validate`.
:class:`Authored` holds them all for one review; :mod:`.store` reads and writes it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ..dates import period as period_text
from ..methodology import Methodology, renamed_fields

AUTHORED = "authored"

ITEM_ID = r"^[A-Za-z][A-Za-z0-9_.-]{0,39}$"
QUESTION_ID = r"^Q[1-9][0-9]{0,3}$"
# A prompt's key as the network stage makes it (reviewbench.network.basis.prompt_key): "gap.contact:3fa9c2d1e0".
PROMPT_KEY = r"^[a-z][a-z0-9.-]*:[0-9a-f]{10}$"


_ID_SEPARATORS = re.compile(r"[\s,;]+")


def _text(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def id_list(value: str | Iterable[Any] | None) -> list[str]:
    """Ids as a list, however they were written: ``"KPE1; CSC-1"``, ``"KPE1,CSC-1"``, ``"KPE1 CSC-1"``,
    one a line, or a list. Blanks are dropped, each id is kept once, in order. The one reading of an
    id list: authored files, tags, and what is typed in the workbench.

    Raises:
        ValueError: ``value`` is neither text nor a list (a mapping, a number); as a pydantic
            validator this becomes the item's problem.
    """
    if value is None:
        return []
    if isinstance(value, str):
        value = _ID_SEPARATORS.split(value)
    elif not isinstance(value, (list, tuple, set, frozenset)):
        raise ValueError("must be a list of ids (one id, or several separated by commas, semicolons or spaces)")
    return list(dict.fromkeys(text for text in (str(v).strip() for v in value) if text))


class _Item(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    def plain(self, mode: Literal["json", "python"] = "json") -> dict[str, Any]:
        """The item as written to YAML: empty optional values left out, keys in model order (``mode``
        "python": dates stay dates)."""
        data = self.model_dump(mode=mode)
        required = {name for name, f in type(self).model_fields.items() if f.is_required()}
        return {k: v for k, v in data.items() if k in required or v not in (None, "", [], {})}


class KPE(_Item):
    """A key practice episode: good or problematic, a single act or a longer period. The methodology
    may add its own fields (method.yaml ``kpes.fields``: appreciative inquiry's ``ai_lens``)."""

    model_config = ConfigDict(extra="allow", str_strip_whitespace=True)
    id: str = Field(pattern=ITEM_ID)
    title: str = Field(min_length=1)
    start: dt.date
    end: dt.date | None = None
    entries: list[str] = []
    description: str = ""
    appraisal: str = ""
    explanation: str = ""
    tor: list[str] = []                   # the terms-of-reference questions it answers (Q1, Q3)

    _ids = field_validator("entries", "tor", mode="before")(id_list)

    @model_validator(mode="after")
    def _ordered(self) -> "KPE":
        if self.end is not None and self.end < self.start:
            raise ValueError(f"end ({self.end}) is before start ({self.start})")
        return self

    @property
    def extra(self) -> dict[str, Any]:
        return dict(self.model_extra or {})

    @property
    def period(self) -> str:
        return period_text(self.start, self.end)


class Finding(_Item):
    """A finding; the methodology adds its own fields (issues_for_partners, root_cause, enablers...).

    A field's old name (``issues_for_board``) is read as its new one: the file is not rewritten, and
    the new name is written only when the findings are saved anyway, with the old one's content.
    """

    model_config = ConfigDict(extra="allow", str_strip_whitespace=True)
    id: str = Field(pattern=ITEM_ID)
    title: str = Field(min_length=1)
    category: str = Field(min_length=1)
    statement: str = ""
    evidence: list[str] = []
    tor: list[str] = []                   # the terms-of-reference questions it answers (Q1, Q3)
    themes: list[str] = []                # ids of the review's theme list (themes.yaml): the portfolio's matrix

    _ids = field_validator("evidence", "tor", "themes", mode="before")(id_list)
    _renamed = model_validator(mode="before")(renamed_fields)

    @property
    def extra(self) -> dict[str, Any]:
        return dict(self.model_extra or {})


class Recommendation(_Item):
    """A recommendation or agreed action; SMART methodologies add their own fields."""

    model_config = ConfigDict(extra="allow", str_strip_whitespace=True)
    id: str = Field(pattern=ITEM_ID)
    text: str = Field(min_length=1)
    findings: list[str] = []
    owner: str = ""
    due: dt.date | None = None

    _ids = field_validator("findings", mode="before")(id_list)

    @property
    def extra(self) -> dict[str, Any]:
        return dict(self.model_extra or {})


class Question(_Item):
    """A question of the review's terms of reference (``authored/terms_of_reference.yaml``): KPEs and
    findings name those they answer (``tor: [Q1, Q3]``), and the terms-of-reference matrix shows them."""

    id: str = Field(pattern=QUESTION_ID)
    question: str = Field(min_length=1)
    lead: str = ""                        # optional: who leads on it (an agency, the panel)


class Problem(_Item):
    """RCA: a care delivery problem (an act or omission in direct care) or a service delivery problem."""

    id: str = Field(pattern=ITEM_ID)
    kind: Literal["care", "service"]
    title: str = Field(min_length=1)
    description: str = ""
    entries: list[str] = []

    _ids = field_validator("entries", mode="before")(id_list)

    @field_validator("kind", mode="before")
    @classmethod
    def _kind(cls, value: Any) -> Any:
        aliases = {"cdp": "care", "care delivery": "care", "care-delivery": "care",
                   "sdp": "service", "service delivery": "service", "service-delivery": "service"}
        return aliases.get(str(value).strip().lower(), str(value).strip().lower()) if value is not None else value

    @property
    def kind_label(self) -> str:
        return "Care delivery problem" if self.kind == "care" else "Service delivery problem"


class WhyChain(_Item):
    """RCA: a five-whys chain from one problem down to a root cause."""

    id: str = Field(pattern=ITEM_ID)
    problem: str = Field(min_length=1)
    whys: list[str] = Field(min_length=1)
    root_cause: str = ""


class FishboneFactor(_Item):
    """RCA: one contributory factor of a problem, under a heading of the typology."""

    problem: str = Field(min_length=1)
    category: str = Field(min_length=1)
    factor: str = Field(min_length=1)
    entries: list[str] = []

    _ids = field_validator("entries", mode="before")(id_list)


class WorkSystemFactor(_Item):
    """SEIPS: one factor of the work system, under one of its components (the methodology's typology:
    person, tasks, tools, organisation, internal and external environment), with what shows it."""

    id: str = Field(pattern=ITEM_ID)
    component: str = Field(min_length=1)
    text: str = Field(min_length=1)
    entries: list[str] = []
    kpes: list[str] = []
    findings: list[str] = []

    _ids = field_validator("entries", "kpes", "findings", mode="before")(id_list)


class Contribution(_Item):
    """A practitioner's (by role) or the family's contribution: Markdown with a front matter."""

    id: str = Field(pattern=ITEM_ID)          # the file name without .md
    kind: Literal["practitioner", "family"]
    role: str = Field(min_length=1)
    title: str = ""
    kpe: str | None = None
    body: str = ""

    _strip = field_validator("body", mode="before")(_text)


class Dismissal(_Item):
    """A prompt of the network analysis that a reviewer judged wrong, with why, by whom and when.

    ``rule`` and ``text`` keep the prompt as it read when it was dismissed, so that a quality checker
    can still read what was dismissed once the analysis no longer makes it.
    """

    prompt: str = Field(pattern=PROMPT_KEY)
    reason: str = Field(min_length=1)
    dismissed_by: str = Field(min_length=1)
    date: dt.date
    rule: str = ""
    text: str = ""

    @property
    def summary(self) -> str:
        return f"dismissed by {self.dismissed_by} on {self.date.isoformat()}: {self.reason}"


@dataclass
class Authored:
    """Everything in ``authored/`` for one methodology, checked, with the loaded files' hashes."""

    root: Path
    methodology: Methodology
    entry_ids: frozenset[str] | None = None
    kpes: list[KPE] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    recommendations: list[Recommendation] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    five_whys: list[WhyChain] = field(default_factory=list)
    fishbone: list[FishboneFactor] = field(default_factory=list)
    work_system: list[WorkSystemFactor] = field(default_factory=list)
    contributions: list[Contribution] = field(default_factory=list)
    dismissals: list[Dismissal] = field(default_factory=list)
    terms_of_reference: list[Question] = field(default_factory=list)
    sections: dict[str, str] = field(default_factory=dict)
    stamps: dict[str, str | None] = field(default_factory=dict)   # "authored/kpes.yaml" -> sha256 at load
    warnings: list[str] = field(default_factory=list)
    # The methodology's variant (authored/methodologies/<id>/): each file of the base it replaces, by the
    # base's path ("authored/kpes.yaml" -> "authored/methodologies/rca/kpes.yaml").
    variant: dict[str, str] = field(default_factory=dict)

    @property
    def folder(self) -> Path:
        return self.root / AUTHORED

    def where(self, rel: str) -> str:
        """The file that holds what the base file ``rel`` would: its variant, when the variant has one."""
        return self.variant.get(rel, rel)

    def path(self, name: str) -> Path:
        """Where ``authored/<name>`` is read from and saved to: the methodology's variant file when the
        variant has that file, else the base file (a new file goes to the base)."""
        return self.root / self.where(f"{AUTHORED}/{name}")

    def items(self, input_id: str) -> list:
        if input_id == "contributions":
            return self.contributions
        if input_id == "sections":
            return list(self.sections)
        return getattr(self, input_id)

    def section(self, section_id: str) -> str:
        return self.sections.get(section_id, "").strip()

    def kpe(self, kpe_id: str) -> KPE | None:
        return next((k for k in self.kpes if k.id == kpe_id), None)

    def finding(self, finding_id: str) -> Finding | None:
        return next((f for f in self.findings if f.id == finding_id), None)

    def problem(self, problem_id: str) -> Problem | None:
        return next((p for p in self.problems if p.id == problem_id), None)

    def files(self) -> dict[str, str]:
        """Every authored file read, with its SHA-256 (for the provenance appendix)."""
        return {rel: sha for rel, sha in sorted(self.stamps.items()) if sha is not None}
