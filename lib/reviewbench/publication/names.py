"""The names register (``private/names.yaml``): real names and the pseudonyms that replace them.

The register itself is never copied into build/ and never rendered. Rendering passes every
text through :meth:`NameRegister.apply`, so a name typed by an agency into a description
reaches the report only as its pseudonym.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..errors import ReviewConfigError

REGISTER = Path("private") / "names.yaml"


@dataclass(frozen=True)
class NameRegister:
    names: dict[str, str]                 # real name -> pseudonym
    pattern: re.Pattern | None

    @classmethod
    def from_mapping(cls, names: dict[str, str | None]) -> "NameRegister":
        # A name without a pseudonym yet (``Jane Smith:`` with nothing after it) is still found by
        # ``find`` and by the publication check, but ``apply`` leaves it as it is.
        names = {str(k).strip(): "" if v is None else str(v).strip() for k, v in names.items() if str(k).strip()}
        if not names:
            return cls({}, None)
        # Longest first, so "Tamsin Example" wins over "Tamsin"; possessive 's kept after the pseudonym.
        alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
        pattern = re.compile(rf"(?<![\w])({alternatives})(?=(?:['’]s)?(?![\w]))", re.IGNORECASE)
        return cls(names, pattern)

    def apply(self, text: str) -> str:
        """``text`` with every registered name (any case, also possessive) replaced by its pseudonym."""
        if self.pattern is None or not text:
            return text
        lookup = {k.lower(): v for k, v in self.names.items()}
        return self.pattern.sub(lambda m: lookup[m.group(1).lower()] or m.group(1), text)

    @property
    def unresolved(self) -> list[str]:
        """Registered names that have no pseudonym yet: they would reach a report as they are."""
        return [name for name, pseudonym in self.names.items() if not pseudonym]

    def find(self, text: str) -> list[str]:
        """Registered names present in ``text`` (as written there)."""
        return [m.group(1) for m in self.pattern.finditer(text)] if self.pattern is not None and text else []


def load_register(review_root: Path) -> NameRegister:
    """The review's register; an absent file is an empty register."""
    path = Path(review_root) / REGISTER
    if not path.exists():
        return NameRegister.from_mapping({})
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ReviewConfigError(f"is not valid YAML ({exc}).", where=str(path)) from exc
    names = data.get("names") if isinstance(data, dict) else None
    if names is None:
        names = {}
    if not isinstance(names, dict):
        raise ReviewConfigError("'names' must map each real name to its pseudonym "
                                "(for example  names: {\"Jane Smith\": \"Mother\"}).", where=str(path))
    return NameRegister.from_mapping(names)
