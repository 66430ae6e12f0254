"""The methodology registry: each methodology is data (``methodology/<id>/method.yaml``).

A method file holds the stages, the report outline (sections in order and what fills each),
the finding typology, the authored inputs it reads, the extra fields of its findings and
recommendations, the prompts, and the notebooks to run with their parameter schema. Adding a
methodology means adding a folder; nothing in ``lib/`` changes. A review may carry its own
methodologies in ``<review>/methodology/<id>/``; they are found first.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .config_problems import problems_message, validation_problems
from .errors import ReviewbenchError, ReviewConfigError
from .intake.summary_form import FIELD_IDS as SUMMARY_FIELDS
from .suggest import did_you_mean
from .yamlio import load_yaml, yaml_problem

METHOD_FILE = "method.yaml"
ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"

# What can fill a section of the outline, and the tables and figures a section can name: the one list
# of each. reviewbench.report.registry registers one function for each name, refuses any other name,
# and fails as it is imported when a name has no function; a method.yaml naming another is refused here.
FILL_KINDS = ("text", "kpes", "findings", "recommendations", "issues-for-partners", "contributions",
              "chronology", "figure", "table", "provenance", "none", "agency-summaries", "decision")
# Names renamed with Working Together 2023 (England has had no Board since 2019: the safeguarding
# partners), still read under their old name so that existing reviews and method files keep working:
# a fill, and a field of findings (authored/findings.yaml, method.yaml's findings.fields and prompts).
FILL_ALIASES = {"issues-for-board": "issues-for-partners"}
FIELD_ALIASES = {"issues_for_board": "issues_for_partners"}
# How the guidance in force names the body a review reports to, in the built-in methodologies' words;
# a review's rules pack gives its own (reviewbench.process.packs, terms.partners) and
# Methodology.worded puts it in their place.
PARTNERS = "the safeguarding partners"
# The authored files a methodology can read (reviewbench.authored knows each one's format).
INPUT_IDS = ("sections", "kpes", "findings", "recommendations", "contributions", "problems",
             "five_whys", "fishbone", "work_system")
FIGURES = ("swimlane", "network", "heatmap", "fishbone", "contributory-factors", "work-system")
# The figures the report draws from authored content (the others come from build/network/); render also
# saves them under build/figures/ (reviewbench.report.figures).
AUTHORED_FIGURES = ("fishbone", "contributory-factors", "work-system")
TABLES = ("agencies", "network-statements", "problems", "five-whys", "fishbone", "contributory-factors",
          "root-causes", "enablers", "typology", "evidence-index", "key-entries", "lens-prompts", "work-system",
          "terms-of-reference")
# How a findings section may group its findings: under each terms-of-reference question they answer.
FINDING_GROUPS = ("terms-of-reference",)
# The one report notebook every built-in methodology runs (methodology-specific analysis comes from the fills
# and figures its outline names), and the report notebooks it replaced, each identical but for its default.
REPORT_NOTEBOOK = "report.ipynb"
RETIRED_NOTEBOOKS = ("scie_learning_together.ipynb", "rca.ipynb", "silp.ipynb", "appreciative_inquiry.ipynb",
                     "rapid_review.ipynb")
FIELD_KINDS = ("text", "list", "problem-refs", "date", "choice")
PARAMETER_TYPES = ("str", "path", "bool", "int", "float", "list")
# Left out of the public edition by default: the review team's working material (the integrated
# chronology, the prompts computed from it and from the lenses, input hashes and notebook parameters). A table section
# may still say ``public: true``; a chronology or provenance section never can.
NOT_PUBLIC_FILLS = ("chronology", "provenance")
NOT_PUBLIC_TABLES = ("network-statements", "lens-prompts")


def unknown_name(kind: str, value: object, known: tuple[str, ...]) -> str:
    """"there is no fill 'finding' (did you mean 'findings'?); use one of ...": for method.yaml and the
    report's registry alike."""
    return f"there is no {kind} '{value}'{did_you_mean(value, known, aside=True)}; use one of: {', '.join(known)}"


def renamed_fields(data: object) -> object:
    """``data`` (a mapping of fields) with each field's old name (``FIELD_ALIASES``) read as its new
    one, in its place. Both names given: the texts of both become one list (each once), so nothing
    written under the old name is lost; two different mappings (method.yaml's field specs) are refused.

    Raises:
        ValueError: both names hold different values that cannot be joined (as a pydantic validator
            this becomes the item's problem).
    """
    if not isinstance(data, dict) or not any(old in data for old in FIELD_ALIASES):
        return data
    out: dict = {}
    for key, value in data.items():
        new = FIELD_ALIASES.get(key, key)
        out[new] = _joined(new, out[new], value) if new in out else value
    return out


def _joined(new: str, first: object, second: object) -> object:
    if first == second or second in (None, "", []):
        return first
    if first in (None, "", []):
        return second
    if not all(isinstance(v, (str, list)) for v in (first, second)):
        old = next(o for o, n in FIELD_ALIASES.items() if n == new)
        raise ValueError(f"'{new}' is given twice, also under its old name '{old}'; keep one, under '{new}'")
    joined: list = []
    for item in [*(first if isinstance(first, list) else [first]), *(second if isinstance(second, list) else [second])]:
        if item not in joined:
            joined.append(item)
    return joined


def methodology_root() -> Path:
    """The built-in ``methodology/`` folder: the repository's, or the installed shared data's."""
    from .resources import methodology_dir
    return methodology_dir()


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Stage(_Strict):
    id: str = Field(pattern=ID_PATTERN)
    title: str
    description: str = ""


class Category(_Strict):
    id: str = Field(min_length=1)
    label: str
    description: str = ""


class Typology(_Strict):
    label: str = "Category"
    source: str = ""
    categories: list[Category] = Field(min_length=1)

    @property
    def ids(self) -> list[str]:
        return [c.id for c in self.categories]

    def label_of(self, category_id: str) -> str:
        return next((c.label for c in self.categories if c.id == category_id), category_id)


class AuthoredInput(_Strict):
    id: Literal[INPUT_IDS]  # type: ignore[valid-type]
    required: bool = False
    prompt: str = ""


class FieldSpec(_Strict):
    """An extra field of a KPE, finding or recommendation in this methodology; a ``choice`` holds
    one of its ``choices`` (an appreciative inquiry KPE's ``ai_lens``, a SCIE finding's ``priority``),
    each ``{id, label}`` or a plain value that is both."""

    kind: Literal[FIELD_KINDS] = "text"  # type: ignore[valid-type]
    label: str
    required: bool = False
    prompt: str = ""
    choices: list[Category] = []

    @field_validator("choices", mode="before")
    @classmethod
    def _plain_choices(cls, value: Any) -> Any:
        return [{"id": c, "label": c} if isinstance(c, str) else c for c in value] if isinstance(value, list) else value

    @model_validator(mode="after")
    def _choices(self) -> "FieldSpec":
        if (self.kind == "choice") != bool(self.choices):
            raise ValueError("a field of kind 'choice' lists its choices ({id, label}, or plain values), "
                             "and only it does")
        return self

    @property
    def choice_ids(self) -> list[str]:
        return [c.id for c in self.choices]

    def choice_label(self, choice_id: str) -> str:
        return next((c.label for c in self.choices if c.id == choice_id), choice_id)


class ItemSpec(_Strict):
    label: str = ""
    plural: str = ""
    fields: dict[str, FieldSpec] = {}
    order_by: str | None = None          # a field with choices: items are shown in the order of its choices

    @model_validator(mode="after")
    def _order_by_choices(self) -> "ItemSpec":
        if self.order_by is not None:
            spec = self.fields.get(self.order_by)
            if spec is None or not spec.choices:
                raise ValueError(f"order_by names '{self.order_by}', which is not one of these fields with "
                                 f"'choices'{did_you_mean(self.order_by, list(self.fields), aside=True)}")
        return self

    def ordered(self, items: list) -> list:
        """``items`` in the order of their ``order_by`` field's choices (an item without a value last),
        in the order written within each; as they are when there is no ``order_by``."""
        if self.order_by is None:
            return list(items)
        rank = {choice: i for i, choice in enumerate(self.fields[self.order_by].choice_ids)}
        return sorted(items, key=lambda item: rank.get(str(item.extra.get(self.order_by) or ""), len(rank)))


class RecommendationSpec(ItemSpec):
    smart: bool = False


class ParameterSpec(_Strict):
    type: Literal[PARAMETER_TYPES] = "str"  # type: ignore[valid-type]
    required: bool = False
    default: Any = None
    choices: list[Any] | None = None
    help: str = ""


class Scale(Stage):
    """A scale a methodology can be run at (SCIE: full, mid-range, focused...); review.yaml ``scale:``.
    Written as a stage is: an id, a title, a description."""


class SourceRef(_Strict):
    """A published source of the methodology: its own guidance, or a public report made with it."""

    title: str = Field(min_length=1)
    publisher: str = ""
    year: int | str | None = None
    url: str = ""
    note: str = ""                       # what it is evidence of, or what could not be confirmed

    @property
    def citation(self) -> str:
        """Title, publisher and year: what a report cites (it holds no web address: it fetches nothing)."""
        return self.title + (f", {self.publisher}" if self.publisher else "") + (f" ({self.year})" if self.year else "")

    @property
    def line(self) -> str:
        """The source in one line for the notebook's guide: the citation, its address, the note."""
        return self.citation + (f", {self.url}" if self.url else "") + (f". {self.note}" if self.note else "")


class NotebookSpec(_Strict):
    path: str = Field(min_length=1)
    report: bool = False
    parameters: dict[str, ParameterSpec] = {}


class Section(_Strict):
    """One section of the report outline; ``fill`` says what fills it."""

    id: str = Field(pattern=ID_PATTERN, max_length=32)      # "section-<id>" is a Word bookmark: 40 at most
    title: str
    fill: str = "none"                   # one of FILL_KINDS
    prompt: str = ""
    required: bool = False
    text: str | None = None              # fill text: the authored/sections/<text>.md file (default: id)
    figure: str | None = None            # fill figure: one of FIGURES
    table: str | None = None             # fill table: one of TABLES
    view: Literal["in-scope", "all", "cited"] | None = None    # fill chronology
    categories: list[str] | None = None  # fill findings: only these categories
    only: dict[str, list[str]] | None = None   # fill kpes: only the KPEs whose choice field holds one of these
    kind: Literal["practitioner", "family"] | None = None      # fill contributions: only this kind
    fields: list[str] | None = None      # fill agency-summaries: only these headings of the summary form
    # fill findings: grouped under each terms-of-reference question they answer
    group: Literal[FINDING_GROUPS] | None = None  # type: ignore[valid-type]
    public: bool | None = None           # in the public edition? default: by fill (see in_public_edition)
    sections: list["Section"] = []

    @field_validator("fill", mode="before")
    @classmethod
    def _renamed_fill(cls, value: object) -> object:
        return FILL_ALIASES.get(value, value) if isinstance(value, str) else value

    @field_validator("fill", "figure", "table")
    @classmethod
    def _known_name(cls, value: str | None, info) -> str | None:
        if value is None:
            return value
        known = {"fill": FILL_KINDS, "figure": FIGURES, "table": TABLES}[info.field_name]
        if value not in known:
            raise ValueError(unknown_name(info.field_name, value, known))
        return value

    @model_validator(mode="after")
    def _fill_options(self) -> "Section":
        if self.fill == "figure" and self.figure is None:
            raise ValueError(f"section '{self.id}' fills a figure but names none (figure: {'|'.join(FIGURES)})")
        if self.fill == "table" and self.table is None:
            raise ValueError(f"section '{self.id}' fills a table but names none (table: {'|'.join(TABLES)})")
        unknown = [f for f in self.fields or [] if f not in SUMMARY_FIELDS]
        if unknown:
            raise ValueError(f"section '{self.id}': " + "; ".join(unknown_name("summary form field", f, SUMMARY_FIELDS)
                                                                 for f in unknown))
        if self.group is not None and self.fill != "findings":
            raise ValueError(f"section '{self.id}': 'group' groups the findings of a 'fill: findings' section")
        if self.public and self.fill in NOT_PUBLIC_FILLS:
            raise ValueError(f"section '{self.id}' (fill: {self.fill}) can never be in the public edition, so it "
                             "cannot say 'public: true' (render --publish --timeline adds a summary timeline of "
                             "the cited entries instead of the chronology)")
        return self

    def in_public_edition(self, timeline: bool = False) -> bool:
        """Whether the public edition shows this section: ``public:`` if given, else by what fills it.

        A chronology section becomes the summary timeline of the cited entries when the reviewer
        asks for one (``timeline``); the integrated chronology itself is never published.
        """
        if self.public is not None:
            return self.public
        if self.fill == "chronology":
            return timeline
        return self.fill not in NOT_PUBLIC_FILLS and self.table not in NOT_PUBLIC_TABLES

    def walk(self):
        yield self
        for child in self.sections:
            yield from child.walk()


class Methodology(_Strict):
    id: str = Field(pattern=ID_PATTERN)
    version: str = Field(min_length=1)
    title: str
    summary: str = ""
    report_kind: str = "Review"
    clock: str | None = None             # a rule of the review's rules pack whose due date the report's front shows
    sources: list[SourceRef] = []        # its own guidance and public reports made with it
    scales: list[Scale] = []             # the scales it can be run at (review.yaml: scale)
    stages: list[Stage] = Field(min_length=1)
    typology: Typology
    inputs: list[AuthoredInput] = []
    kpes: ItemSpec = ItemSpec()
    findings: ItemSpec = ItemSpec()
    recommendations: RecommendationSpec = RecommendationSpec()
    prompts: dict[str, list[str]] = {}
    notebooks: list[NotebookSpec] = Field(min_length=1)
    outline: list[Section] = Field(min_length=1)
    appendices: list[Section] = []
    folder: Path = Field(default=Path("."), exclude=True)

    @model_validator(mode="before")
    @classmethod
    def _renamed_fields(cls, data: object) -> object:
        """A method file written before a field was renamed (``issues_for_board``) keeps working."""
        if not isinstance(data, dict):
            return data
        data = {**data, "prompts": renamed_fields(data.get("prompts", {}))}
        for items in ("kpes", "findings", "recommendations"):
            spec = data.get(items)
            if isinstance(spec, dict) and "fields" in spec:
                data[items] = {**spec, "fields": renamed_fields(spec["fields"])}
        return data

    @model_validator(mode="after")
    def _consistent(self) -> "Methodology":
        ids = [s.id for top in [*self.outline, *self.appendices] for s in top.walk()]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"section ids must be unique; repeated: {', '.join(duplicates)}")
        reports = [n.path for n in self.notebooks if n.report]
        if len(reports) != 1:
            raise ValueError("exactly one notebook must be marked 'report: true'")
        known = set(self.typology.ids)
        for section in self.sections():
            unknown = sorted(set(section.categories or []) - known)
            if unknown:
                raise ValueError(f"section '{section.id}' names categories not in the typology: {', '.join(unknown)}")
        scale_ids = [s.id for s in self.scales]
        if len(set(scale_ids)) != len(scale_ids):
            raise ValueError("each scale may be listed once under 'scales'")
        for section in self.sections():
            for key, values in (section.only or {}).items():
                spec = self.kpes.fields.get(key)
                if section.fill != "kpes" or spec is None or spec.kind != "choice":
                    raise ValueError(f"section '{section.id}': 'only' filters a kpes section by a choice field of "
                                     f"kpes.fields; '{key}' is not one")
                unknown = sorted(set(values) - set(spec.choice_ids))
                if unknown:
                    raise ValueError(f"section '{section.id}': {', '.join(unknown)} not a choice of '{key}' "
                                     f"({', '.join(spec.choice_ids)})")
        input_ids = [i.id for i in self.inputs]
        if len(set(input_ids)) != len(input_ids):
            raise ValueError("each authored input may be listed once under 'inputs'")
        return self

    def worded(self, partners: str) -> "Methodology":
        """The methodology in the words of a review's guidance: ``partners`` (its rules pack's
        ``terms.partners``, "the regional safeguarding board" for Wales) wherever its texts say
        "the safeguarding partners" (``PARTNERS``). The built-in texts are written so that either
        reads right: no possessive and no verb that agrees with it follows the phrase."""
        if partners == PARTNERS:
            return self
        return Methodology(**_worded(self.model_dump(exclude={"folder"}), partners), folder=self.folder)

    # -- lookups -----------------------------------------------------------------------------
    def sections(self) -> list[Section]:
        """Every section and appendix, depth first, in report order."""
        return [s for top in [*self.outline, *self.appendices] for s in top.walk()]

    def uses(self, input_id: str) -> bool:
        return any(i.id == input_id for i in self.inputs)

    def input(self, input_id: str) -> AuthoredInput | None:
        return next((i for i in self.inputs if i.id == input_id), None)

    def scale(self, scale_id: str) -> Scale | None:
        return next((s for s in self.scales if s.id == scale_id), None)

    @property
    def report_subtitle(self) -> str:
        return f"{self.report_kind}: draft report"

    @property
    def report_notebook(self) -> NotebookSpec:
        return next(n for n in self.notebooks if n.report)

    def notebook_path(self, spec: NotebookSpec) -> Path:
        """A notebook next to method.yaml wins over the shared one in ``notebooks/``. A report notebook
        named by its name before the one report notebook (``RETIRED_NOTEBOOKS``: ``rca.ipynb``...) is
        ``notebooks/report.ipynb``, so that method files written then keep working."""
        local = self.folder / spec.path
        if local.exists():
            return local
        from .resources import notebooks_dir
        shared = notebooks_dir() / spec.path
        if not shared.exists() and spec.path in RETIRED_NOTEBOOKS:
            return notebooks_dir() / REPORT_NOTEBOOK
        return shared


def review_scale(scale_id: str | None, own: Methodology, rendered: Methodology) -> tuple[Scale | None, str | None]:
    """The scale a report states (review.yaml ``scale:``), and a note when it states none.

    The scale belongs to the review's own methodology (review.yaml ``methodology:``): one it does not
    have is refused, with "did you mean". A report rendered with another methodology (to compare them)
    states the scale when that methodology has it too, and otherwise says why it states none.

    Raises:
        ReviewConfigError: the scale is not one of the review's own methodology.
    """
    if scale_id is None:
        return None, None
    known = [s.id for s in own.scales]
    if scale_id not in known:
        listed = f"use one of: {', '.join(known)}" if known else f"{own.title} has no scales: remove 'scale:'"
        raise ReviewConfigError(f"scale '{scale_id}' is not a scale of {own.title}"
                                f"{did_you_mean(scale_id, known, aside=True)}; {listed}.",
                                file="review.yaml", key="scale", hint="See 'scales:' in the methodology's method.yaml.")
    scale = rendered.scale(scale_id)
    if scale is None:
        return None, (f"review.yaml's scale '{scale_id}' is a scale of {own.title}, not of {rendered.title}: "
                      "this report states no scale.")
    return scale, None


def worded_text(text: str, partners: str) -> str:
    """``text`` with ``partners`` (a rules pack's ``terms.partners``) for "the safeguarding partners"."""
    return text.replace(PARTNERS, partners).replace(PARTNERS.capitalize(), partners[:1].upper() + partners[1:])


def _worded(value: Any, partners: str) -> Any:
    if isinstance(value, str):
        return worded_text(value, partners)
    if isinstance(value, dict):
        return {key: _worded(item, partners) for key, item in value.items()}
    if isinstance(value, list):
        return [_worded(item, partners) for item in value]
    return value


# -- the registry ------------------------------------------------------------------------------

def _search_path(review_root: str | Path | None) -> list[Path]:
    paths = []
    if review_root is not None:
        paths.append(Path(review_root) / "methodology")
    paths.append(methodology_root())
    return [p for p in paths if p.is_dir()]


@lru_cache(maxsize=64)
def _load(path: Path, mtime_ns: int) -> Methodology:
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ReviewbenchError(yaml_problem(exc), where=str(path)) from exc
    if not isinstance(data, dict):
        raise ReviewbenchError("must be a mapping (id, version, title, stages, outline...).", where=str(path))
    if "version" in data and not isinstance(data["version"], str):
        data["version"] = str(data["version"])
    try:
        method = Methodology(**data, folder=path.parent)
    except ValidationError as exc:
        raise ReviewbenchError(problems_message(validation_problems(exc, Methodology)), where=str(path),
                               hint="See methodology/README.md for what each key expects.") from exc
    if method.id != path.parent.name:
        raise ReviewbenchError(f"its id '{method.id}' differs from its folder name '{path.parent.name}'.",
                               where=str(path), hint="Make them the same.")
    return method


def list_methodologies(review_root: str | Path | None = None) -> list[str]:
    """Ids of every methodology found (the review's own first, then the built-in ones), sorted."""
    found = {p.parent.name for base in _search_path(review_root) for p in base.glob(f"*/{METHOD_FILE}")}
    return sorted(found)


def get_methodology(methodology_id: str, review_root: str | Path | None = None) -> Methodology:
    """The methodology ``methodology_id``; an unknown id is an error with "did you mean"."""
    for base in _search_path(review_root):
        path = base / str(methodology_id) / METHOD_FILE
        if path.is_file():
            return _load(path.resolve(), path.stat().st_mtime_ns)
    known = list_methodologies(review_root)
    asked = str(methodology_id).strip().lower()
    suggestion = did_you_mean(asked, known, n=3, cutoff=0.5, containing=True)    # "scie" -> "scie-learning-together"
    raise ReviewbenchError(f"there is no methodology '{methodology_id}'.{suggestion}",
                           hint=f"Known methodologies: {', '.join(known) or 'none'}.")
