"""A person named in a text, as the lenses find them (:mod:`.mentions` finds them)."""

from __future__ import annotations

from dataclasses import dataclass

CHILD, ADULT, PROFESSIONAL, PRONOUN = "child", "adult", "professional", "pronoun"
GENERIC_CHILD = "a child"        # a child the record names only as "the child", "the baby", "YP"


@dataclass(frozen=True)
class Ref:
    """A person named in a text."""

    start: int
    end: int
    text: str
    kind: str                      # child | adult | professional | pronoun
    key: str = ""                  # a child's label; an adult's key (see PeopleFinder.describe)
    rule: str = ""
    sex: str | None = None
    in_quote: bool = False
    possessive: bool = False       # "Macy's": the owner of something, not the one acting
    after_preposition: bool = False
    infant: bool = False           # a child the record calls a baby
    role: str | None = None        # for an adult: the role that named them, when one did
    also: tuple[str, ...] = ()     # more adults the same words name ("parents": the mother and the father)
