"""The adults the records name who are not in the register: "uncle Ross", "Jonathan QUILLBY aka
Jonno", "a man who gave his name as Wes", "Mr Grainge".

The first pass over the chronology collects every such name with the role it came with
(:class:`~.mentions.Sighting`); here they become people, merged only where the records
themselves join them: one full name, a nickname the records give ("aka"), a first name or a
"Mr Surname" that only one of them has. A form two of them share ("Mr Ficto" for two brothers)
stays ambiguous: its mentions are listed on their own, never given to either.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..publication.forms import vocabulary
from .mentions import PeopleFinder, Sighting
from .naming import Name
from .refs import ADULT, Ref
from .text import EntryText

_TITLES = "(?:Mr|Mrs|Ms|Miss|Mx)"
_TITLE_SEX = {"Mr": "male", "Mrs": "female", "Ms": "female", "Miss": "female"}


@dataclass
class Newcomer:
    """Someone the records name who is not registered."""

    first: str | None = None
    surname: str | None = None
    title: str | None = None
    nicknames: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)          # role ids, as the records gave them
    relations: list[str] = field(default_factory=list)      # the relationship in words
    rules: list[str] = field(default_factory=list)

    @property
    def display(self) -> str:
        if self.first and self.surname:
            return f"{self.first} {self.surname}"
        if self.first:
            return self.first
        if self.nicknames:
            return self.nicknames[0]
        return f"{self.title or 'Mx'} {self.surname}"

    @property
    def sex(self) -> str | None:
        return _TITLE_SEX.get(self.title or "")

    def given_names(self) -> list[str]:
        return [n for n in [self.first, *self.nicknames] if n]

    def learn(self, sighting: Sighting) -> None:
        if sighting.role and "-of-" not in sighting.role and not sighting.role.startswith("unidentified") \
                and sighting.role not in self.roles:
            self.roles.append(sighting.role)
        if sighting.relation and sighting.relation not in self.relations \
                and not (sighting.role or "").startswith("unidentified"):
            self.relations.append(sighting.relation)
        if sighting.rule not in self.rules:
            self.rules.append(sighting.rule)
        if sighting.name.title and not self.title:
            self.title = sighting.name.title


class Newcomers:
    """The unregistered people of one chronology, and finding them in a text."""

    def __init__(self, people: list[Newcomer]):
        self.people = people
        forms: dict[tuple[str, bool], set[int]] = {}     # (regex source, ignore case) -> people
        ordinary = vocabulary().ordinary
        for i, person in enumerate(people):
            given = person.given_names()
            if person.first and person.surname:
                forms.setdefault((rf"\b{re.escape(person.first)}\s+{re.escape(person.surname)}\b", True), set()).add(i)
            for name in given:
                forms.setdefault((rf"(?<!\w)(?<!\w['’]){_cased(name)}(?![\w-])", False), set()).add(i)
            if person.surname:
                forms.setdefault((rf"\b{_TITLES}\.?\s+{_cased(person.surname)}(?![\w-])", False), set()).add(i)
                forms.setdefault((rf"(?<!\w)(?<!\w['’]){re.escape(person.surname.upper())}(?![\w-])", False),
                                 set()).add(i)
                if person.surname.lower() not in ordinary:
                    forms.setdefault((rf"(?<!\w)(?<!\w['’]){re.escape(person.surname)}(?![\w-])", False), set()).add(i)
        self._forms = [(re.compile(src, re.IGNORECASE if nocase else 0), tuple(sorted(owners)))
                       for (src, nocase), owners in sorted(forms.items())]
        self._any = re.compile("|".join(f"(?:{regex.pattern})" if not regex.flags & re.IGNORECASE else
                                        f"(?i:{regex.pattern})" for regex, _ in self._forms)) if self._forms else None

    @classmethod
    def collect(cls, sightings: list[Sighting]) -> Newcomers:
        """People from the names the first pass saw, merged where the records join them."""
        people: list[Newcomer] = []
        full = [s for s in sightings if s.name.first and s.name.surname]
        for s in full:
            person = next((p for p in people if _same(p.first, s.name.first) and _same(p.surname, s.name.surname)),
                          None)
            if person is None:
                person = Newcomer(s.name.first, s.name.surname)
                people.append(person)
            person.learn(s)
        for s in sightings:
            if s.aka_of is not None and s.name.first:
                owner = _owner_of(people, s.aka_of)
                if owner is not None and s.name.first not in owner.given_names():
                    owner.nicknames.append(s.name.first)
                    owner.learn(s)
        for s in sightings:
            if s in full or (s.aka_of is not None and _owner_of(people, s.aka_of) is not None):
                continue
            matches = _matching(people, s.name)
            if len(matches) == 1:
                matches[0].learn(s)
            elif not matches:
                person = Newcomer(s.name.first, s.name.surname, s.name.title)
                people.append(person)
                person.learn(s)
        return cls(people)

    # -- finding them ---------------------------------------------------------------------------
    def refs(self, entry: EntryText, finder: PeopleFinder) -> list[Ref]:
        out = []
        for regex, owners in self._forms:
            for m in regex.finditer(entry.text):
                keys = tuple(f"new:{i}" for i in owners)
                key = keys[0] if len(keys) == 1 else finder.newcomers_ambiguous(m.group(0), keys)
                sex = self.people[owners[0]].sex if len(owners) == 1 else _TITLE_SEX.get(m.group(0).split()[0])
                role = self.people[owners[0]].roles[0] if len(owners) == 1 and self.people[owners[0]].roles else None
                out.append(finder._ref(entry, m.start(), m.end(), ADULT, key=key, rule="adults.named-in-records",
                                       sex=sex, role=role))
        return out

    def named_in(self, text: str) -> bool:
        """Whether ``text`` may name one of them (one pass over it)."""
        return self._any is not None and self._any.search(text) is not None

    def roles_held(self) -> set[str]:
        return {role for person in self.people for role in person.roles}

    def role_of(self, key: str) -> str | None:
        person = self.people[int(key[4:])]
        return person.roles[0] if person.roles else None

    def with_role(self, role_id: str) -> list[str]:
        return [f"new:{i}" for i, p in enumerate(self.people) if role_id in p.roles]

    def display(self, key: str) -> str:
        return self.people[int(key[4:])].display

    def relation(self, key: str) -> str:
        person = self.people[int(key[4:])]
        return person.relations[0] if person.relations else ""


def _cased(word: str) -> str:
    """A name as records write it: as written, or in capitals ("Ross", "ROSS")."""
    return f"(?:{re.escape(word)}|{re.escape(word.upper())})"


def _same(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and a.lower() == b.lower()


def _owner_of(people: list[Newcomer], name: Name) -> Newcomer | None:
    found = _matching(people, name)
    return found[0] if len(found) == 1 else None


def _matching(people: list[Newcomer], name: Name) -> list[Newcomer]:
    """The people a partial name can be: a first name or nickname, or a surname, they alone have."""
    if name.first and name.surname:
        return [p for p in people if _same(p.first, name.first) and _same(p.surname, name.surname)]
    if name.first:
        return [p for p in people if any(_same(g, name.first) for g in p.given_names())]
    if name.surname:
        return [p for p in people if _same(p.surname, name.surname)]
    return []
