"""The register file ``private/names.yaml``: the people, places and organisations a report must not
name, each once, with what replaces them.

    names:                           # the simple form stays valid: full name -> pseudonym
      Jane Smith: Mother
    people:
      - name: Tamsin Example
        pseudonym: Mother            # replaces every form of her name ("Ms Example", "Tamsin's"...)
        title: Ms                    # optional: decides "Ms Example" when two people share a surname
        surname: Example             # optional: default the last word (set it for "Sample Jones")
        known_as: [Tam, Tammy]       # nicknames and short forms of her first name
        former_names: [Tamsin Smith]
        date_of_birth: 1994-05-02    # every written form of it is flagged
        relationship: mother         # optional: her place in the child's life (the lenses read it;
                                     #   default: the pseudonym)
      - name: Tyler Example
        pseudonym: T
        subject: true                # the child the review is about: the ingest flags entries dated
        date_of_birth: 2016-05-02    #   before this birth (date_before_birth); the date stays here
        ordinary_words: [Example]    # parts of the name that are also ordinary words
        word_names: []               # of those, the ones that are her when capitalised, in this review
    places:                          # or organisations: the same fields
      - name: Brookfield Primary School
        also: [Brookfield Primary, Brookfield]
        public: a primary school     # what the report says instead
    names_no_one: false              # true: the review's texts name no one (the other checks still run)

Only parsing and validation live here (below the stages, which key the ingest on the subject
child's date of birth: :func:`child_birth`); :mod:`reviewbench.publication.forms` derives the
written forms and :mod:`reviewbench.publication.names` finds and replaces them. Messages never
print a registered name in full: they name the entry by its position and its masked name
("people, entry 2 (T***** E******)").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Protocol, TypeVar

import yaml

from .errors import ReviewConfigError
from .suggest import did_you_mean
from .yamlio import load_yaml, yaml_problem

REGISTER = Path("private") / "names.yaml"
TOP_KEYS = ("names", "people", "places", "organisations", "names_no_one")
PERSON_KEYS = ("name", "pseudonym", "title", "surname", "known_as", "former_names", "date_of_birth", "subject",
               "ordinary_words", "word_names", "relationship", "note")
PLACE_KEYS = ("name", "public", "also", "kind", "ordinary_words", "note")
EXAMPLE = ('people:\n  - name: Jane Smith\n    pseudonym: Mother\nplaces:\n'
           '  - name: Brookfield Primary School\n    public: a primary school')


def mask_name(text: str) -> str:
    """Each word's first letter kept, every other letter or digit starred: "T***** E******"."""
    return re.sub(r"(?<=\w)\w", "*", str(text))


@dataclass(frozen=True)
class Person:
    name: str
    pseudonym: str
    where: str                              # "people, entry 2" or "names, 'J*** S****'": for messages
    title: tuple[str, ...] = ()
    surname: str | None = None
    known_as: tuple[str, ...] = ()
    former_names: tuple[str, ...] = ()
    date_of_birth: dt.date | None = None
    ordinary_words: tuple[str, ...] | None = None       # None: from the built-in list
    word_names: tuple[str, ...] = ()
    subject: bool = False                   # a child the review is about
    relationship: str | None = None         # their place in the child's life ("mother's partner")


@dataclass(frozen=True)
class Place:
    name: str
    public: str
    where: str
    also: tuple[str, ...] = ()
    kind: str = ""
    ordinary_words: tuple[str, ...] | None = None


@dataclass(frozen=True)
class RegisterData:
    """The register as written, validated. ``exists`` is False when there is no file at all."""

    people: tuple[Person, ...] = ()
    places: tuple[Place, ...] = ()
    names_no_one: bool = False
    exists: bool = False
    path: str = str(REGISTER)

    @property
    def empty(self) -> bool:
        return not self.people and not self.places


class _Reader:
    """Collects every problem of the file, so the reviewer fixes them in one go."""

    def __init__(self, origin: str):
        self.origin = origin
        self.problems: list[str] = []

    def problem(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def unknown_keys(self, item: dict, allowed: tuple[str, ...], where: str) -> None:
        for key in item:
            if key not in allowed:
                hint = did_you_mean(key, allowed) or f" Known keys: {', '.join(allowed)}."
                self.problem(where, f"unknown key '{key}'.{hint}")

    def text(self, item: dict, key: str, where: str, required: bool = False) -> str | None:
        value = item.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem(where, f"has no '{key}'.")
            return None
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            self.problem(where, f"'{key}' must be a text.")
            return None
        return " ".join(str(value).split())

    def texts(self, item: dict, key: str, where: str) -> tuple[str, ...] | None:
        value = item.get(key)
        if value is None:
            return None
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, (str, int)) and str(v).strip() for v in value):
            self.problem(where, f"'{key}' must be a list of texts (for example  {key}: [Tam, Tammy]).")
            return None
        return tuple(" ".join(str(v).split()) for v in value)

    def flag(self, item: dict, key: str, where: str) -> bool:
        value = item.get(key, False)
        if not isinstance(value, bool):
            self.problem(where, f"'{key}' must be true or false.")
            return False
        return value

    def date(self, item: dict, key: str, where: str) -> dt.date | None:
        value = item.get(key)
        if value is None or isinstance(value, dt.date):
            return value
        text = str(value).strip()
        for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y"):
            try:
                return dt.datetime.strptime(text, fmt).date()
            except ValueError:
                pass
        self.problem(where, f"'{key}' is not a date ('{mask_name(text)}'); write it as 2015-03-31 or 31/03/2015.")
        return None


def _entry(reader: _Reader, item, where: str, keys: tuple[str, ...], replacement: str, example: str,
           missing: str) -> tuple[str, str, str] | None:
    """(name, the entry as messages name it, its replacement), every problem of the entry noted."""
    if not isinstance(item, dict):
        reader.problem(where, f"must be an entry with 'name' and '{replacement}' (for example  - {example}).")
        return None
    name = reader.text(item, "name", where, required=True)
    if name:
        where = f"{where} ({mask_name(name)})"
    reader.unknown_keys(item, keys, where)
    value = reader.text(item, replacement, where)
    if name and not value:
        reader.problem(where, missing)
    return name or "", where, value or ""


def _person(reader: _Reader, item, where: str) -> Person | None:
    entry = _entry(reader, item, where, PERSON_KEYS, "pseudonym", "{name: Jane Smith, pseudonym: Mother}",
                   "has no pseudonym: write what the report says instead of the name (for example  pseudonym: Mother).")
    if entry is None:
        return None
    name, where, pseudonym = entry
    title = reader.texts(item, "title", where) or ()
    person = Person(name=name, pseudonym=pseudonym, where=where,
                    title=tuple(t.rstrip(".") for t in title), surname=reader.text(item, "surname", where),
                    known_as=reader.texts(item, "known_as", where) or (),
                    former_names=reader.texts(item, "former_names", where) or (),
                    date_of_birth=reader.date(item, "date_of_birth", where),
                    ordinary_words=reader.texts(item, "ordinary_words", where),
                    word_names=reader.texts(item, "word_names", where) or (),
                    subject=reader.flag(item, "subject", where),
                    relationship=reader.text(item, "relationship", where))
    if person.surname and name and person.surname.lower() not in name.lower():
        reader.problem(where, "'surname' must be part of the name.")
    return person if name and pseudonym else None


def _place(reader: _Reader, item, where: str) -> Place | None:
    entry = _entry(reader, item, where, PLACE_KEYS, "public", "{name: Brookfield Primary School, public: a primary "
                   "school}", "has no public form: write what the report says instead (for example  public: a "
                   "primary school).")
    if entry is None:
        return None
    name, where, public = entry
    place = Place(name=name, public=public, where=where, also=reader.texts(item, "also", where) or (),
                  kind=reader.text(item, "kind", where) or "",
                  ordinary_words=reader.texts(item, "ordinary_words", where))
    return place if name and public else None


def parse_register(data, origin: str = str(REGISTER)) -> RegisterData:
    """Validate the register's content; raise one :class:`ReviewConfigError` listing every problem."""
    reader = _Reader(origin)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ReviewConfigError(f"must hold 'people:' (and 'places:'), for example\n{EXAMPLE}", file=origin)
    reader.unknown_keys(data, TOP_KEYS, "the register")
    people: list[Person] = []
    names = data.get("names")
    if names is not None and not isinstance(names, dict):
        reader.problem("names", "must map each full name to its pseudonym (for example  names: {Jane Smith: Mother}).")
    for key, value in (names or {}).items():
        item = {"name": key, "pseudonym": value}
        if isinstance(value, dict):           # names: {Jane Smith: {pseudonym: Mother, ...}}
            item = {"name": key, **value}
        person = _person(reader, item, "names")
        people += [person] if person else []
    listed = data.get("people")
    if listed is not None and not isinstance(listed, list):
        reader.problem("people", "must be a list of people, each starting with '- name:'.")
        listed = []
    for i, item in enumerate(listed or [], start=1):
        person = _person(reader, item, f"people, entry {i}")
        people += [person] if person else []
    places: list[Place] = []
    for key in ("places", "organisations"):
        listed = data.get(key)
        if listed is not None and not isinstance(listed, list):
            reader.problem(key, "must be a list, each entry starting with '- name:'.")
            listed = []
        for i, item in enumerate(listed or [], start=1):
            place = _place(reader, item, f"{key}, entry {i}")
            places += [place] if place else []
    no_one = data.get("names_no_one", False)
    if not isinstance(no_one, bool):
        reader.problem("names_no_one", "must be true or false.")
        no_one = False
    if no_one and people:
        reader.problem("names_no_one", "is true, but the register lists people: remove one or the other.")
    _check_identity(reader, people, places)
    if reader.problems:
        raise ReviewConfigError("the names register has problems:\n  " + "\n  ".join(reader.problems),
                                where=origin, hint="Fix them in the register and run the command again.")
    return RegisterData(tuple(people), tuple(places), no_one, exists=True, path=origin)


def _norm(text: str) -> str:
    return " ".join(text.replace("’", "'").lower().split())


def _check_identity(reader: _Reader, people: list[Person], places: list[Place]) -> None:
    """Two entries with one name, or a replacement that is its own name: each named."""
    seen: dict[str, str] = {}
    for entry in [*people, *places]:
        key = _norm(entry.name)
        if key in seen:
            reader.problem(entry.where, f"has the same name as {seen[key]}: register each person or place once "
                                        "(give one of them a middle name or a former name if that is how they "
                                        "differ).")
        seen.setdefault(key, entry.where)
        replacement = entry.pseudonym if isinstance(entry, Person) else entry.public
        if _norm(replacement) == key:
            reader.problem(entry.where, "has a replacement equal to the name itself, so the name would stay in the "
                                        "report: choose a pseudonym that is not the name (for example 'Mother', "
                                        "'Child T').")


def read_register(review_root: Path) -> RegisterData:
    """The review's register as written; an absent file gives an empty register with ``exists`` False."""
    path = Path(review_root) / REGISTER
    if not path.exists():
        return RegisterData(path=str(path))
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ReviewConfigError(yaml_problem(exc), file=str(path),
                                hint="Check the indentation and the quotes there; a name with a colon in it "
                                     "needs quotes.") from exc
    return parse_register(data, str(path))


T = TypeVar("T")


class Overlays(Protocol):
    """A loaded review, as far as the register needs it (``config.Review``, a layer above)."""
    def overlay(self, name: str, load: Callable[[Path], T]) -> T: ...


WRITTEN = f"{REGISTER.as_posix()} (as written)"     # the overlay's name: Review.overlay(WRITTEN, read_register)
BIRTH = f"{REGISTER.as_posix()} (subject's date of birth)"   # how the date stands in a stage's inputs


def register_data(review: Overlays) -> RegisterData:
    """The register of a loaded review as written, read once per loaded review (``Review.overlay``):
    the date of birth at intake and the names engine of check and render share the one reading."""
    return review.overlay(WRITTEN, read_register)


def child_birth(review: Overlays) -> tuple[dt.date | None, str | None]:
    """The earliest date of birth of the children the review is about (``subject: true``), and why
    it is unknown when the register cannot be read (a sentence, or None). Dates before it are
    flagged at intake; the date itself never leaves private/."""
    try:
        data = register_data(review)
    except ReviewConfigError as exc:
        return None, str(exc)
    births = [p.date_of_birth for p in data.people if p.subject and p.date_of_birth]
    return (min(births) if births else None), None
