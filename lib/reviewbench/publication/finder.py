"""Everything in a text that could identify someone, in one list: the register's people and places
(:mod:`.names`), their dates of birth, and the identifiers and jigsaw details of :mod:`.patterns`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .forms import vocabulary
from .names import NameRegister
from .patterns import DOB, KINDS, NAME, date_mentions, find_identifiers, without_overlaps

PLACE = "registered place"
POSSIBLE = "possible registered name"
UNSETTLED = "name shared by several people"
UNREGISTERED = "name with a title, not in the register"
REGISTER_KINDS = (NAME, PLACE, UNSETTLED)
ORDER = (*REGISTER_KINDS, *(k for k in KINDS if k not in REGISTER_KINDS), UNREGISTERED, POSSIBLE)   # who wins
REGISTER_HELP = {
    PLACE: "A registered place: it should have been replaced by its public form. Render again, or reword it.",
    UNSETTLED: "A form of a name that several registered people share (a surname, initials): the report shows "
               "both pseudonyms. Say whose it is in the register (a person's 'title', or the form under their "
               "'known_as'), or reword the text at its source.",
    UNREGISTERED: "A title and a name the register does not know (\"Mr Jones\", \"Dr Patel\"): a family member "
                  "or a practitioner the report must not name. Add the person to the register with a pseudonym "
                  "(practitioners by role: 'GP1'), or, for someone the report may name (an author it cites), "
                  "accept it in private/publication_decisions.yaml.",
    POSSIBLE: "An ordinary word that is also part of a registered name. If it is the person, list the word "
              "under their 'word_names' in the register so it is replaced; if it is the word, accept it in "
              "private/publication_decisions.yaml.",
}


_NAME_WORD = r"(?:[A-Z][a-z]*['’])?[A-Z][a-zA-Z]*[a-z](?:[-‐][A-Z][a-zA-Z]*[a-z])?"    # Patel, O'Brien, McKay-Jones
_TITLED = re.compile(r"(?<![\w])(?:{titles})\.?[ \t\u00a0]+(?:[A-Z]\.?[ \t\u00a0]+)?"
                     rf"{_NAME_WORD}(?:[ \t\u00a0]+{_NAME_WORD}){{0,2}}(?![\w-])(?!['’](?!s\b))")


def _titled_names(text: str, register: NameRegister | None) -> list[Sensitive]:
    """A title and a capitalised word: a name, registered or not ("Mr Sample", "Dr Patel"). A name
    the register knows is found (and wins) as a registered name; a pseudonym like "Mr B" is not a name."""
    vocab = vocabulary()
    pattern = _titled_pattern(vocab.titles)
    labels = {o.label.lower() for o in register.owners} if register is not None else set()
    found = []
    for m in pattern.finditer(text):
        words = m.group(0).split()
        if m.group(0).lower() not in labels and not _GENERIC.match(words[1] if len(words) > 1 else ""):
            found.append(Sensitive(UNREGISTERED, m.group(0), m.start(), m.end()))
    return found


@lru_cache(maxsize=4)
def _titled_pattern(titles: tuple[str, ...]) -> re.Pattern:
    names = "|".join(re.escape(t) for t in sorted(titles, key=len, reverse=True))
    return re.compile(_TITLED.pattern.replace("{titles}", names))


# Words after a title that name a role, not a person ("Ms Mother" from an old register's pseudonym).
_GENERIC = re.compile(r"^(?:Mother|Father|Partner|Child|Sibling|Grandmother|Grandfather|Unknown)$")


@dataclass(frozen=True)
class Sensitive:
    kind: str
    text: str
    start: int
    end: int
    detail: str = ""          # "title and surname of Mother": whose, never the name


def find_sensitive(text: str, register: NameRegister | None = None) -> list[Sensitive]:
    """Everything in ``text`` that could identify someone, without overlaps, in text order."""
    if not text:
        return []
    found: list[Sensitive] = []
    if register is not None:
        for m in register.find(text):
            person = all(register.owners[i].kind == "person" for i in m.owners)
            kind = POSSIBLE if not m.certain else NAME if person else PLACE
            detail = register.describe(m) + (" (inside an address or a file name)" if m.inside_word else "")
            found.append(Sensitive(kind, m.text, m.start, m.end, detail))
        found += [Sensitive(UNSETTLED, text[a:b], a, b) for a, b in register.markers(text)]
        for label, born in register.dates_of_birth:
            found += [Sensitive(DOB, text[a:b], a, b, f"date of birth of {label}")
                      for a, b in date_mentions(text, born)]
    found += [Sensitive(m.kind, m.text, m.start, m.end) for m in find_identifiers(text)]
    found += _titled_names(text, register)
    return without_overlaps(found, ORDER)
