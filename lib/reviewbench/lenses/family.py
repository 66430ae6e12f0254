"""Who the register says the family is: the children (the subject children first) and the adults,
with each adult's place in the family read from their relationship or pseudonym.

A registered person is a child when the register marks them ``subject: true``, when their date of
birth makes them under 18 at the end of the review's scope, or when their relationship or
pseudonym is a child's ("Child T", "Sibling", "half-brother") rather than an adult's role.
Without a register the lenses still run: they say so in a note and find the children as the
records name them ("the child", "Child T", and single capital letters used for children).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from ..publication.names import NameRegister
from ..register import REGISTER, Person, RegisterData
from .rules import LensRules

_CHILD_WORDS = re.compile(r"\b(?:child|baby|infant|sibling|brother|sister|son|daughter|half-sibling|step-sibling|"
                          r"young person|twin)\b", re.IGNORECASE)
_INITIAL = re.compile(r"(?<![\w'’./&-])([B-HJ-Z])(?![\w'’&/]|\.\w)")
_INITIAL_CONTEXT = re.compile(r"\b(?:plan|section|part|appendix|grade|type|category|stage|level|year|class|block|"
                              r"flat|unit|tier|option|group|room|ward|bay|bed|vitamin|hepatitis|hep|team|site)\s*$",
                              re.IGNORECASE)
FALLBACK_MIN = 3      # a capital letter standing alone this often is taken for a child's initial


@dataclass(frozen=True)
class Child:
    """A child of the family: registered, or an initial the records use."""

    label: str                          # how rows name the child: the pseudonym, or the initial
    initial: str | None                 # the single capital letter records use for the child
    person: Person | None = None
    owner: int | None = None            # index in the names register
    born: dt.date | None = None
    subject: bool = False

    def months_old(self, day: dt.date) -> float | None:
        return None if self.born is None else (day - self.born).days / 30.44


@dataclass(frozen=True)
class Adult:
    """A registered adult and the roles their relationship gives them."""

    label: str                          # the name as registered
    person: Person
    owner: int
    relationship: str                   # the relationship (or pseudonym) as written
    roles: tuple[str, ...]              # role ids, most specific first
    of_children: tuple[str, ...]        # the children a relationship names ("F's father"): their labels


@dataclass
class Family:
    register: RegisterData
    names: NameRegister
    children: list[Child]
    adults: list[Adult]
    notes: list[str] = field(default_factory=list)

    @property
    def subjects(self) -> list[Child]:
        marked = [c for c in self.children if c.subject]
        return marked or [c for c in self.children if c.person is not None]

    def child_of_owner(self, owner: int) -> Child | None:
        return next((c for c in self.children if c.owner == owner), None)

    def adult_of_owner(self, owner: int) -> Adult | None:
        return next((a for a in self.adults if a.owner == owner), None)


def _initial(person: Person) -> str | None:
    last = person.pseudonym.split()[-1] if person.pseudonym.split() else ""
    if len(last) == 1 and last.isupper():
        return last
    first = person.name.strip()[:1].upper()
    return first if first.isalpha() and first not in ("A", "I") else None


def _roles_of(text: str, rules: LensRules) -> tuple[str, ...]:
    """Role ids a relationship's words give, the most specific (longest match) first, with the
    roles they answer to as well (a maternal grandmother is a grandmother)."""
    found = []
    for role in rules.roles:
        for m in role.register.finditer(text):
            found.append((-(m.end() - m.start()), m.start(), role))
    found.sort(key=lambda f: (f[0], f[1]))
    taken: list[tuple[int, int]] = []
    out: list[str] = []
    for neg, start, role in found:
        end = start - neg
        if any(start < e and s < end for s, e in taken):
            continue
        taken.append((start, end))
        for rid in (role.id, *role.also):
            if rid not in out:
                out.append(rid)
    return tuple(out)


def _is_child(person: Person, scope_end: dt.date, rules: LensRules) -> bool:
    if person.subject:
        return True
    if person.date_of_birth is not None:
        return (scope_end - person.date_of_birth).days < 18 * 365.25
    words = f"{person.relationship or ''} {person.pseudonym}"
    adult_roles = [r for r in _roles_of(words, rules) if not (rules.role(r) and rules.role(r).child)]
    return not adult_roles and bool(_CHILD_WORDS.search(words))


def family_of(register: RegisterData, names: NameRegister, rules: LensRules, scope_end: dt.date) -> Family:
    """The children and adults of a register (people only; places are not family)."""
    children, adults = [], []
    for owner, person in enumerate(register.people):
        if _is_child(person, scope_end, rules):
            children.append(Child(person.pseudonym, _initial(person), person, owner, person.date_of_birth,
                                  person.subject))
    for owner, person in enumerate(register.people):
        if any(c.owner == owner for c in children):
            continue
        relationship = person.relationship or person.pseudonym
        of_children = tuple(c.label for c in children if c.initial and re.search(
            rf"(?<![\w])(?:{re.escape(c.initial)}|{re.escape(c.label)}|{re.escape(c.person.name.split()[0])})'s\b",
            relationship))
        adults.append(Adult(person.name, person, owner, relationship, _roles_of(relationship, rules), of_children))
    family = Family(register, names, children, adults)
    if not register.exists:
        family.notes.append(f"There is no names register ({REGISTER.as_posix()}): the children are found as the "
                            "records name them ('the child', 'Child T', the initials they use) and every adult is "
                            "listed as unregistered. Register the children (the subject child with 'subject: true') "
                            "and the adults, each with their 'relationship', for a fuller lens.")
    elif not children:
        family.notes.append(f"The names register ({REGISTER.as_posix()}) names no child: mark the child the review "
                            "is about with 'subject: true' (and register the siblings); until then the children are "
                            "found as the records name them.")
    elif not any(c.subject for c in children):
        family.notes.append(f"No child in the names register ({REGISTER.as_posix()}) is marked 'subject: true'; "
                            f"the lenses take {', '.join(c.label for c in children)} for the children of the review.")
    return family


def fallback_initials(texts: list[str], family: Family) -> list[Child]:
    """Single capital letters the records use for children when the register names none: a letter
    standing alone at least FALLBACK_MIN times (never "A" or "I", never "Plan B", "Section C")."""
    if any(c.initial for c in family.children):
        return []
    counts: Counter[str] = Counter()
    for text in texts:
        for m in _INITIAL.finditer(text):
            if not _INITIAL_CONTEXT.search(text[max(0, m.start() - 15):m.start()]):
                counts[m.group(1)] += 1
    return [Child(letter, letter) for letter, n in sorted(counts.items()) if n >= FALLBACK_MIN]
