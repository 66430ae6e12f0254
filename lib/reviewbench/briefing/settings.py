"""What a seven-minute briefing holds: the boxes of ``reviewbench/data/briefing.yaml`` (labels, caps,
what fills each) and the review's own ``authored/briefing.yaml`` (questions for teams, links, a box
written by hand, a label of its own), both checked on load: an unknown key or box id is refused with
the nearest known one.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..authored.mapping import read_checked
from ..authored.models import AUTHORED
from ..authored.validate import BRIEFING_FILE as AUTHORED_FILE
from ..config import Review
from ..config_problems import not_among, problems_message, validation_problems
from ..errors import AuthoredError, FileProblem, ReviewConfigError
from ..yamlio import builtin_yaml

DATA_FILE = "briefing.yaml"
WHERE = f"{AUTHORED}/{AUTHORED_FILE}"
SECTION = "Seven-minute briefing and learning-event deck"     # the README's, for what each key expects


STRICT = ConfigDict(extra="forbid", frozen=True)     # every level refuses a key it does not know


class BoxSpec(BaseModel):
    """One box of the briefing as the data file defines it."""

    model_config = STRICT

    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    label: str = Field(min_length=1)
    fill: Literal["background", "finding-field", "section", "findings", "recommendations", "questions",
                  "find-more"]
    field: str = ""                       # finding-field: the finding's field
    sections: list[str] = []              # section / finding-field: the authored sections to read
    words: int | None = Field(default=None, ge=10)


class BriefingSpec(BaseModel):
    """``reviewbench/data/briefing.yaml``: the boxes in reading order."""

    model_config = STRICT

    title: str = Field(min_length=1)
    words: int = Field(ge=10)
    boxes: list[BoxSpec] = Field(min_length=1)

    def cap(self, box: BoxSpec) -> int:
        return box.words or self.words

    @property
    def ids(self) -> list[str]:
        return [b.id for b in self.boxes]


def briefing_spec() -> BriefingSpec:
    """The built-in boxes (a broken data file is a bug of the package, said as such)."""
    try:
        return BriefingSpec(**builtin_yaml(DATA_FILE))
    except ValidationError as exc:
        raise ReviewConfigError(problems_message(validation_problems(exc, BriefingSpec)),
                                file=f"reviewbench/data/{DATA_FILE}") from exc


BoxText = str | list[str]     # a text (paragraphs split by blank lines) or a list (one bullet each)


class AuthoredBriefing(BaseModel):
    """``authored/briefing.yaml``: what the reviewer writes for the briefing (every key optional)."""

    model_config = STRICT

    questions: list[str] = []             # questions for teams, one bullet each
    links: list[str] = []                 # where to find more: procedures, training, the published report
    labels: dict[str, str] = {}           # box id -> the partnership's own label
    boxes: dict[str, BoxText] = {}        # box id -> the box written by hand, replacing what is filled

    @field_validator("questions", "links")
    @classmethod
    def _no_blank(cls, value: list[str]) -> list[str]:
        return [v.strip() for v in value if v and v.strip()]


def _unknown_boxes(data: AuthoredBriefing, spec: BriefingSpec) -> list[tuple[str, str]]:
    """(key path, sentence) for each box id under ``labels`` or ``boxes`` that is not a box of the briefing."""
    return [(f"{key}.{box}", f"key '{key}.{box}': " + not_among(box, spec.ids, "a box of the briefing"))
            for key in ("labels", "boxes") for box in getattr(data, key) if box not in spec.ids]


def load_authored_briefing(review: Review, spec: BriefingSpec | None = None) -> AuthoredBriefing:
    """Read and check ``authored/briefing.yaml`` (none: nothing written by hand, every box filled), as the
    other authored files of one mapping are read (:func:`reviewbench.authored.mapping.read_checked`).

    Raises:
        AuthoredError: the file is not YAML, or holds an unknown key or box id (each named with the nearest).
    """
    spec = spec or briefing_spec()
    data = read_checked(review, AUTHORED_FILE, AuthoredBriefing, "questions, links, labels and boxes",
                        section=SECTION)
    if data is None:
        return AuthoredBriefing()
    unknown = _unknown_boxes(data, spec)
    if unknown:
        boxes = f" The boxes are {', '.join(spec.ids)}."
        raise AuthoredError([FileProblem(WHERE, sentence + (boxes if sentence.endswith("?") else "."), key=key)
                             for key, sentence in unknown])
    return data
