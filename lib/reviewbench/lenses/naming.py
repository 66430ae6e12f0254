"""The shapes of a person's name in a record, and whose name the register says it is.

Records write family members as "Dale MOCKUP" (police nominals), "Mr Sample", "partner Dale",
"uncle Ross", "friend 'Jonno'", "gave his name as Wes". These patterns are the shape of a name
only; which words come before a name (roles, introducers, titles) are data in lens_rules.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..publication.names import NameMatch
from .family import Family

GIVEN = r"[A-Z][a-z]+(?:[-'’][A-Z][a-z]+)?"
UPPER = r"[A-Z]{2,}(?:-[A-Z]{2,})?"
UPPER3 = r"[A-Z]{3,}(?:-[A-Z]{2,})?"
# A name right after a role word or an introducer: "Dale", "'Jonno'", "(Dale)", "Dale MOCKUP",
# "Kieran Shamley", "Mr Sample", "BRACKNEY".
NAME_AFTER = re.compile(
    rf"^(?:[,:]\s*|\s+)?(?:\(|['\"‘“])?\s*(?:(?P<title>Mr|Mrs|Ms|Miss|Mx)\.?\s+)?"
    rf"(?:(?P<first>{GIVEN})(?:\s+(?P<surname>{GIVEN}|{UPPER}))?|(?P<upper>[A-Z]{{3,}}(?:-[A-Z]{{2,}})?))"
    rf"(?![\w-])")
NOMINAL = re.compile(rf"(?<![\w'’])(?P<first>{GIVEN})\s+(?P<surname>[A-Z]*[AEIOUY][A-Z]*(?:-[A-Z]{{2,}})?)(?![\w'’])")
_SURNAME_LETTERS = 4          # "Dean HOAXLEY" is a nominal, "Rang MGM" and "Agreed FSW" are not
_LIST_NEXT = re.compile(r"\s*(?:,\s*(?:[A-Z]|and\b)|and\b|&)")
TITLED = re.compile(rf"(?<![\w])(?P<title>Mr|Mrs|Ms|Miss|Mx)\.?\s+(?:(?P<first>{GIVEN})\s+(?=(?:{GIVEN}|{UPPER})\b))?"
                    rf"(?P<surname>{GIVEN}|{UPPER})(?![\w-])")
SURNAME_KINDS = ("surname", "part of the surname")


@dataclass(frozen=True)
class Name:
    """A name as a record writes it."""

    first: str | None
    surname: str | None           # title case ("Hoaxley" for "HOAXLEY")
    title: str | None
    start: int
    end: int

    @property
    def display(self) -> str:
        if self.first and self.surname:
            return f"{self.first} {self.surname}"
        if self.surname:
            return f"{self.title or 'Mx'} {self.surname}"
        return self.first or ""


def tidy(word: str | None) -> str | None:
    """"HOAXLEY" -> "Hoaxley", "REEVE-SMITH" -> "Reeve-Smith"; other words as written."""
    if not word:
        return None
    return "-".join(p.capitalize() for p in word.split("-")) if word.isupper() and len(word) > 1 else word


def nominal_surname(word: str, not_surnames: frozenset[str]) -> bool:
    """Whether a word in capitals after a given name is a surname ("HOAXLEY"), not an abbreviation."""
    return len(word.replace("-", "")) >= _SURNAME_LETTERS and word.upper() not in not_surnames


def name_after(text: str, pos: int, not_names: frozenset[str], not_surnames: frozenset[str],
               apposition: bool = False) -> Name | None:
    """The name written right after ``pos`` (after a role word or an introducer), if any. After a
    comma, only with ``apposition`` ("friend, Wes"; "a male, Wesley GRAINGE, present") and never as
    the next item of a list ("mum, Gary, SW2", "Mother, Mr Placeby and father")."""
    m = NAME_AFTER.match(text[pos:pos + 80])
    if not m:
        return None
    if text[pos:pos + m.end()].lstrip().startswith((",", ":")) and (
            not apposition or _LIST_NEXT.match(text, pos + m.end())):
        return None
    first, surname, upper = m.group("first"), m.group("surname"), m.group("upper")
    if first and (first in not_names or any(part in not_names for part in re.split(r"[-'’]", first))):
        return None
    if surname and (surname in not_names or surname.upper() in not_surnames):
        surname = None
    if upper and upper in not_surnames:
        return None
    end = pos + m.end() if (surname or upper or not first) else pos + m.start("first") + len(first)
    if upper:
        return Name(None, tidy(upper), m.group("title"), pos + m.start("upper"), end)
    if m.group("title") and not surname:            # "Mr Sample": the word is the surname
        return Name(None, first, m.group("title"), pos + m.start("first"), end)
    return Name(first, tidy(surname), m.group("title"), pos + m.start("first"), end)


def adult_owners(family: Family, match: NameMatch) -> tuple[int, ...]:
    """The registered adults a registered form found in a text can be. A title rules the children
    out; "Mrs Proxy" is not Carl Proxy (registered as Mr) though the register derives the form."""
    people = len(family.register.people)
    owners = [o for o in match.owners if o < people and family.adult_of_owner(o) is not None]
    words = match.text.replace(".", " ").split()
    title = words[0].lower() if words else ""
    if title in ("mr", "mrs", "ms", "miss", "mx") and match.kind.startswith("title and surname"):
        declared = [o for o in owners if family.adult_of_owner(o).person.title]
        owners = [o for o in owners if o not in declared
                  or title in {t.lower() for t in family.adult_of_owner(o).person.title}]
    return tuple(owners)


def child_owners(family: Family, match: NameMatch) -> tuple[int, ...]:
    people = len(family.register.people)
    return tuple(o for o in match.owners if o < people and family.child_of_owner(o) is not None)


def whole_name_registered(family: Family, text: str) -> bool:
    """Whether ``text`` (a name found in a record) is, as a whole, a registered person's form."""
    stripped = text.strip(" '\"‘’“”()")
    for match in family.names.find(stripped):
        whole = match.end >= len(stripped) or stripped[match.end:] in ("'s", "’s")
        if match.start == 0 and whole and (adult_owners(family, match) or child_owners(family, match)):
            return True
    return False
