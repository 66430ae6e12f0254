"""Every written form that identifies a registered person or place.

A person registered once as "Tamsin Example" is written by agencies as "Tamsin Example",
"Tamsin", "Ms Example", "Mrs. Example", "T. Example", "TE", "Tamsin's", "TAMSIN EXAMPLE"... Each
form is a sequence of normalised words (lower case, straight apostrophes), so spacing, line
breaks, dots after initials and titles, and hyphens between the parts of a double-barrelled name
never hide a form; :mod:`.names` matches the sequences against the words of a text.

A form is *certain* (found in any case, replaced, refused) or *possible*: a part of a name that is
also an ordinary word ("Rose", "Will", "Example"), or initials that are also a common
abbreviation ("GP"). A possible form is matched only when capitalised, is never replaced on
sight, and is listed by the check for a person to decide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..register import Person, Place
from ..yamlio import builtin_yaml

ANY, CAPITALISED, UPPER = "any", "capitalised", "upper"
ORDINARY_WORD = "it is also an ordinary word"
ABBREVIATION = "they are also a common abbreviation"
HYPHENATED = "it is part of a hyphenated name, perhaps someone else's"
NUMBERED = "a number follows, so they may be part of a reference"
WORD = re.compile(r"\w+(?:['’]\w+)*")


@dataclass(frozen=True)
class Vocabulary:
    """Titles, ordinary words and abbreviations (``data/publication.yaml``)."""

    titles: tuple[str, ...]
    word_titles: frozenset[str]          # lower case: titles that are also ordinary words ("miss")
    ordinary: frozenset[str]             # lower case
    abbreviations: frozenset[str]        # upper case


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    data = builtin_yaml("publication.yaml")
    return Vocabulary(tuple(dict.fromkeys(data["titles"])), frozenset(str(w).lower() for w in data["word_titles"]),
                      frozenset(str(w).lower() for w in data["ordinary_words"]),
                      frozenset(str(w).upper() for w in data["abbreviations"]))


def norm(word: str) -> str:
    return word.replace("’", "'").lower()


def words(text: str) -> tuple[str, ...]:
    """The normalised words of ``text``: "Sample-Jones" and "Sample Jones" give the same words."""
    return tuple(norm(w) for w in WORD.findall(text))


@dataclass(frozen=True)
class Form:
    """One way of writing an owner's name, as normalised words."""

    words: tuple[str, ...]
    kind: str                 # "full name", "title + surname", "initials", "place name"...
    owner: int                # index of the owner (person or place) in the register
    doubt: str                # why it may not be the owner ("" when certain)
    case: str                 # ANY | CAPITALISED (every word capitalised or in capitals) | UPPER (initials)
    explicit: bool            # written in the register as such: wins when two owners share the words
    title: str = ""           # the title in the form, normalised ("ms")

    @property
    def certain(self) -> bool:
        return not self.doubt


class _Builder:
    def __init__(self, owner: int, vocab: Vocabulary, ordinary: tuple[str, ...] | None,
                 word_names: tuple[str, ...] = ()):
        self.owner = owner
        self.vocab = vocab
        self.ordinary = vocab.ordinary if ordinary is None else frozenset(norm(w) for w in ordinary)
        self.word_names = frozenset(norm(w) for w in word_names)
        self.titles = frozenset(norm(t) for t in vocab.titles)
        self.forms: dict[tuple[tuple[str, ...], str], Form] = {}

    def is_ordinary(self, word: str) -> bool:
        return word in self.ordinary or word in self.vocab.word_titles

    def add(self, text_words: tuple[str, ...], kind: str, *, explicit: bool = False, title: str = "") -> None:
        if not text_words or (len(text_words) == 1 and (len(text_words[0]) < 2 or text_words[0] in self.titles)):
            return                          # a single letter or a title is never a form on its own
        # A single letter counts as ordinary for the case rule: "A. Sample" is a name, "a sample" is not.
        ordinary = all(self.is_ordinary(w) or len(w) == 1 for w in text_words)
        certain = len(text_words) > 1 or not ordinary or text_words[0] in self.word_names
        self._keep(Form(text_words, kind, self.owner, "" if certain else ORDINARY_WORD,
                        CAPITALISED if ordinary else ANY, explicit, title))

    def add_initials(self, letters: tuple[str, ...], kind: str) -> None:
        if len(letters) < 2:
            return
        joined = "".join(letters).upper()
        possible = joined in self.vocab.abbreviations or joined.lower() in self.ordinary
        for text_words in ((joined.lower(),), tuple(letters)):      # "TE" and "T.E." / "T E"
            self._keep(Form(text_words, kind, self.owner, ABBREVIATION if possible else "", UPPER, False))

    def _keep(self, form: Form) -> None:
        key = (form.words, form.case)
        old = self.forms.get(key)
        if old is None or (form.certain, form.explicit) > (old.certain, old.explicit):
            self.forms[key] = form


def _split_name(name: str, surname: str | None) -> tuple[list[tuple[str, ...]], tuple[str, ...]]:
    """(given names, each as its words, and the surname's words). The surname is the last word of
    the name (with its hyphenated parts: "Sample-Jones") unless the register gives it."""
    chunks = name.split()
    if surname:
        tail = words(surname)
        for cut in range(len(chunks) - 1, -1, -1):
            if words(" ".join(chunks[cut:])) == tail:
                return [words(c) for c in chunks[:cut] if words(c)], tail
    if len(chunks) < 2:
        return [words(name)], ()
    return [words(c) for c in chunks[:-1] if words(c)], words(chunks[-1])


def _name_forms(b: _Builder, name: str, surname: str | None, label: str, explicit: bool) -> None:
    """The forms of one name of a person (their name, or a former name)."""
    given, family = _split_name(name, surname)
    full = words(name)
    b.add(full, label, explicit=explicit)
    if not family:
        return
    if len(given) > 1:
        b.add(given[0] + family, "first name and surname")
    for i, chunk in enumerate(given):
        b.add(chunk, "first name" if i == 0 else "middle name")
        if len(chunk) > 1:                                      # "Lee-Ann": "Lee" and "Ann" too
            for part in chunk:
                b.add((part,), "part of the first name" if i == 0 else "part of a middle name")
    parts = [family] + ([(p,) for p in family] if len(family) > 1 else [])
    for part in parts:
        b.add(part, "surname" if part == family else "part of the surname")
    initials = tuple(chunk[0][0] for chunk in given)
    if given:
        b.add((initials[0],) + family, "initial and surname")
        if len(given) > 1:
            b.add(initials + family, "initials and surname")
            b.add_initials(initials[:1] + tuple(p[0] for p in family), "initials")
        b.add_initials(initials + tuple(p[0] for p in family), "initials")
    for title in b.vocab.titles:
        t = norm(title)
        for part in parts:
            b.add((t,) + part, "title and surname", title=t)
        b.add((t,) + full, "title and full name", title=t)
        if given:
            b.add((t, initials[0]) + family, "title, initial and surname", title=t)
            b.add((t,) + given[0] + family, "title, first name and surname", title=t)


def person_forms(person: Person, owner: int, vocab: Vocabulary | None = None) -> list[Form]:
    """Every form of a person: their name, the forms derived from it, former names, names known by."""
    b = _Builder(owner, vocab or vocabulary(), person.ordinary_words, person.word_names)
    _name_forms(b, person.name, person.surname, "full name", explicit=True)
    family = _split_name(person.name, person.surname)[1]
    for known in person.known_as:
        known_words = words(known)
        b.add(known_words, "name known by", explicit=True)
        if len(known_words) == 1 and family:
            b.add(known_words + family, "name known by and surname", explicit=True)
    for former in person.former_names:
        _name_forms(b, former, None, "former name", explicit=True)
    return list(b.forms.values())


_ARTICLES = ("the", "a", "an")


def place_forms(place: Place, owner: int, vocab: Vocabulary | None = None) -> list[Form]:
    """A place's name and the other names it goes by (``also``); each is written in the register,
    so each is certain, but one that is an ordinary word is matched only when capitalised. A leading
    article is not part of the form ("the Hollins" is "Hollins"): the replacement takes it in."""
    b = _Builder(owner, vocab or vocabulary(), place.ordinary_words)
    for text in (place.name, *place.also):
        text_words = words(text)
        while len(text_words) > 1 and text_words[0] in _ARTICLES:
            text_words = text_words[1:]
        if not text_words:
            continue
        ordinary = all(b.is_ordinary(w) for w in text_words)
        b._keep(Form(text_words, "name" if text == place.name else "other name", owner, "",
                     CAPITALISED if ordinary else ANY, True))
    return list(b.forms.values())
