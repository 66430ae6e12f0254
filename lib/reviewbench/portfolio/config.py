"""``portfolio.yaml``: a partnership's reviews and audits, read and checked once into a :class:`Portfolio`.

A portfolio is a folder with ``portfolio.yaml``. Its reviews are the review folders listed under
``reviews:`` (each ``{path: ...}``, relative to the portfolio: a review that lives elsewhere is
referenced, never copied), or, with no ``reviews:`` key, every sub-folder holding a review.yaml. Every
level refuses keys it does not know, with the nearest known one, as review.yaml does.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator

from ..config import REVIEW_FILE, Agency, Jurisdiction
from ..config_problems import key_path, not_among, problems_message, unknown_key, validation_problems, yaml_keys
from ..errors import ReviewConfigError
from ..process import load_pack, pack_ids
from ..suggest import did_you_mean
from ..yamlio import load_yaml, yaml_problem

PORTFOLIO_FILE = "portfolio.yaml"
HINT = "See the README section 'The portfolio and action plans' for what each key expects."


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Theme(_Strict):
    """A learning theme of the partnership's vocabulary (reviews and findings are tagged with its id)."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    label: str = Field(min_length=1)
    description: str = ""
    review_themes: list[str] = []       # ids of the reviews' theme lists (A1, B1...) counted as this theme


class Priority(_Strict):
    """A priority learning theme the partnership chose: since when, and why."""

    theme: str = Field(min_length=1)
    since: dt.date | None = None
    reason: str = ""


class ReviewRef(_Strict):
    """A review folder of the portfolio, relative to the portfolio folder (``../child-t``) or absolute."""

    path: str = Field(min_length=1)


class Portfolio(_Strict):
    """portfolio.yaml as loaded; ``root`` is the portfolio folder (not a key of the file)."""

    partnership: str = Field(min_length=1)
    jurisdiction: Jurisdiction = "england"
    pack: str | None = None                   # a rules pack id; None: the current pack of the jurisdiction
    themes: list[Theme] = []
    agencies: list[Agency] = []
    reviews: list[ReviewRef] | None = None    # None: every sub-folder holding a review.yaml
    priorities: list[Priority] = []           # priority learning themes: ids of ``themes``
    root: Path = Field(default=Path("."), exclude=True)

    @field_validator("pack")
    @classmethod
    def _known_pack(cls, value: str | None) -> str | None:
        if value is not None and value not in pack_ids():
            raise ValueError(not_among(value, pack_ids(), "a rules pack"))
        return value

    @field_validator("themes")
    @classmethod
    def _themes_once(cls, value: list[Theme]) -> list[Theme]:
        ids = [t.id for t in value]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise ValueError(f"the theme id(s) {', '.join(twice)} are listed more than once: keep one of each")
        return value

    @field_validator("priorities")
    @classmethod
    def _priorities_known(cls, value: list[Priority], info: ValidationInfo) -> list[Priority]:
        ids = [t.id for t in info.data.get("themes", [])]
        for priority in value:
            if priority.theme not in ids:
                raise ValueError(f"the priority theme '{priority.theme}' is not a theme of 'themes'"
                                 f"{did_you_mean(priority.theme, ids, aside=True)}; "
                                 + (f"use one of {', '.join(ids)}" if ids else "list the themes under 'themes' first")
                                 + " (a priority names a theme by its id)")
        return value

    @property
    def build_dir(self) -> Path:
        return self.root / "build"

    def review_folders(self) -> list[Path]:
        """The review folders, in the order listed (or by name): listed ones whether or not they exist
        (building one that does not says so, and the rest still build)."""
        if self.reviews is not None:
            return [(self.root / ref.path).resolve() for ref in self.reviews]
        return sorted(p.resolve() for p in self.root.iterdir()
                      if p.is_dir() and p.name != "build" and (p / REVIEW_FILE).is_file())


def load_portfolio(folder: str | Path) -> Portfolio:
    """Read and check ``folder/portfolio.yaml``; every problem names its key.

    Raises:
        ReviewConfigError: the file is missing, not YAML, or holds a key or value that is not right.
    """
    root = Path(folder).resolve()
    path = root / PORTFOLIO_FILE
    if not root.is_dir():
        raise ReviewConfigError(f"'{folder}' is not a folder.", hint="Give the path of a portfolio folder.")
    if not path.is_file():
        raise ReviewConfigError(f"there is no {PORTFOLIO_FILE} in '{folder}'.",
                                hint=f"Write one naming the partnership (partnership: ...). {HINT}")
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ReviewConfigError(yaml_problem(exc), file=str(path)) from exc
    if not isinstance(data, dict):
        raise ReviewConfigError("must be a mapping of keys (partnership, jurisdiction, themes, agencies, reviews).",
                                file=str(path), hint=HINT)
    if "root" in data:
        raise ReviewConfigError(problems_message([unknown_key("root", yaml_keys(Portfolio))]), file=str(path),
                                key="root", hint=HINT)
    try:
        portfolio = Portfolio(**data, root=root)
    except ValidationError as exc:
        raise ReviewConfigError(problems_message(validation_problems(exc, Portfolio)), file=str(path),
                                key=key_path(exc.errors()[0]["loc"]), hint=HINT) from exc
    if portfolio.pack and load_pack(portfolio.pack).jurisdiction != portfolio.jurisdiction:
        raise ReviewConfigError(f"the rules pack '{portfolio.pack}' is for {load_pack(portfolio.pack).jurisdiction}, "
                                f"not {portfolio.jurisdiction}.", file=str(path), key="pack", hint=HINT)
    if not portfolio.review_folders():
        raise ReviewConfigError("lists no reviews, and no sub-folder of the portfolio holds a review.yaml.",
                                file=str(path), key="reviews",
                                hint="List them under 'reviews:' ({path: ../child-t}) or put the review folders "
                                     "in the portfolio folder.")
    return portfolio
