"""The register engine: one place that finds and replaces every registered form of a person or
place. Rendering, ``check``, the workbench's pseudonymised view, the learning-event view and its
capture box all go through :class:`NameRegister`.

Matching works on words, not on strings: the text is split into words once, and at each word
the longest registered sequence of words is looked up (so "Ms. Example", "Ms Example" across a
line break and "MS EXAMPLE" are one form, and a 100,000-entry chronology costs one pass).

A replacement is grammatical: the whole form, title included, becomes the pseudonym ("Ms Example
said" -> "Mother said", never "Ms Mother"); a possessive stays ("Mother's"); a replacement that
starts with an article absorbs the article before the name ("at the Brookfield" -> "at a primary
school"); at the start of a sentence it is capitalised. A form shared by two people that the
register cannot settle becomes "[Mother or Child T]": not identifying, and the check lists it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from ..config import Review
from ..errors import ReviewConfigError
from ..register import REGISTER, Person, RegisterData, mask_name, parse_register, read_register, register_data
from .forms import ANY, HYPHENATED, NUMBERED, UPPER, WORD, Form, norm, person_forms, place_forms, vocabulary

__all__ = ["NameMatch", "NameRegister", "Owner", "REGISTER", "load_register", "mask_name", "review_register"]

_GAP = re.compile(r"\s+|\s*[-‐‑–]\s*")                 # between the words of one form
_DOTTED_GAP = re.compile(r"\.\s*")                       # after an initial or a title: "T.E.", "Dr. Smith"
_HYPHEN_NEXT = re.compile(r"[-‐‑–]\w")
_HYPHENATED_TAIL = re.compile(r"(?:[-‐‑–]\w+(?:['’]\w+)*)+")
_NUMBER_NEXT = re.compile(r"\s*\d\d(?:\s?\d\d){2}(?!\d)")     # "WR 123456 A", "WR 12 34 56 A"
_ARTICLE_BEFORE = re.compile(r"(?i)(?<![\w])(the|an|a)\s+$")
_ARTICLE = re.compile(r"(?i)^(the|an|a)\s")
_OPENERS = " \t\"“‘'(["
_SENTENCE_END = re.compile(r"[.!?\n][\s\"“‘'(\[]*$")


@dataclass(frozen=True)
class Owner:
    """A registered person or place, as the engine knows it."""

    kind: str                 # "person" | "place"
    label: str                # the pseudonym or public form that replaces every form
    where: str                # the register entry, for messages ("people, entry 2 (T***** E******)")
    titles: frozenset[str]    # declared titles, normalised ("ms")


@dataclass(frozen=True)
class NameMatch:
    """A registered form found in a text."""

    start: int
    end: int
    text: str
    owners: tuple[int, ...]   # more than one: the form is shared and the register cannot tell whose
    kind: str                 # the form: "title and surname", "first name", "place name"...
    doubt: str = ""           # why it may not be the owner: "" when certain
    inside_word: bool = False  # part of an address, e-mail or file name ("brookfield.sch.uk")

    @property
    def certain(self) -> bool:
        return not self.doubt


@dataclass(frozen=True)
class _Word:
    start: int
    end: int
    text: str
    full: str                 # normalised
    base: str                 # normalised, possessive 's removed
    base_end: int


class NameRegister:
    """Finds and replaces the registered forms of the people and places of a review."""

    def __init__(self, data: RegisterData):
        self.data = data
        vocab = vocabulary()
        self.owners: list[Owner] = []
        forms: list[Form] = []
        for person in data.people:
            forms += person_forms(person, len(self.owners), vocab)
            self.owners.append(Owner("person", person.pseudonym, person.where,
                                     frozenset(norm(t) for t in person.title)))
        for place in data.places:
            forms += place_forms(place, len(self.owners), vocab)
            self.owners.append(Owner("place", place.public, place.where, frozenset()))
        self.index: dict[tuple[str, ...], list[Form]] = {}
        for form in forms:
            self.index.setdefault(form.words, []).append(form)
        self.longest = max((len(w) for w in self.index), default=0)
        self._first = frozenset(w[0] for w in self.index)          # words that can start a form
        self._titles = frozenset(norm(t) for t in vocab.titles)
        labels = sorted({re.escape(o.label) for o in self.owners}, key=len, reverse=True)
        self._marker = re.compile(rf"\[(?:{'|'.join(labels)})(?: or (?:{'|'.join(labels)}))+\]") if labels else None
        self._check_replacements()

    # -- building --------------------------------------------------------------------------------
    @classmethod
    def from_mapping(cls, names: dict[str, str | None]) -> "NameRegister":
        """A register from the simple form ``{full name: pseudonym}`` (tests, and old registers)."""
        return cls(parse_register({"names": dict(names)}, "names register"))

    def _check_replacements(self) -> None:
        """A pseudonym or public form that is itself a registered form would put a name back."""
        problems = []
        for i, owner in enumerate(self.owners):
            for match in self.find(owner.label):
                if match.certain and i not in match.owners:
                    other = self.owners[match.owners[0]]
                    problems.append(f"{owner.where}: the replacement '{owner.label}' holds "
                                    f"'{mask_name(match.text)}', the {match.kind} of {other.where}; choose "
                                    "another.")
        if problems:
            raise ReviewConfigError("the names register has problems:\n  " + "\n  ".join(problems),
                                    where=self.data.path, hint="Fix them in the register and run the command again.")

    # -- what the register is ----------------------------------------------------------------------
    @property
    def exists(self) -> bool:
        return self.data.exists

    @property
    def empty(self) -> bool:
        return self.data.empty

    @property
    def names_no_one(self) -> bool:
        return self.data.names_no_one

    @property
    def people(self) -> tuple[Person, ...]:
        return self.data.people

    @property
    def dates_of_birth(self) -> list[tuple[str, dt.date]]:
        """(pseudonym, date of birth) of every person whose date of birth is registered."""
        return [(p.pseudonym, p.date_of_birth) for p in self.data.people if p.date_of_birth]

    def label(self, match: NameMatch) -> str:
        """What replaces a match: the pseudonym, or "[Mother or Child T]" when it is shared."""
        labels = [self.owners[i].label for i in match.owners]
        return labels[0] if len(labels) == 1 else f"[{' or '.join(labels)}]"

    def describe(self, match: NameMatch) -> str:
        """"title and surname of Mother": the form and whose it is, without the name."""
        whose = " or ".join(self.owners[i].label for i in match.owners)
        return f"{match.kind} of {whose}" + (f"; but {match.doubt}" if match.doubt else "")

    # -- finding -------------------------------------------------------------------------------------
    @staticmethod
    def _word(text: str, lowered: str | None, span: tuple[int, int]) -> _Word:
        start, end = span
        full = lowered[start:end] if lowered is not None else norm(text[start:end])
        if full.endswith("'s") and end - start > 3:                 # a possessive: "Tamsin's"
            return _Word(start, end, text[start:end], full, full[:-2], end - 2)
        return _Word(start, end, text[start:end], full, full, end)

    @staticmethod
    def _case_ok(form: Form, texts: list[str]) -> bool:
        if form.case == ANY:
            return True
        if form.case == UPPER:
            return all(t.isupper() for t in texts)
        return all(t[:1].isupper() for t in texts)              # CAPITALISED

    def _choose(self, candidates: list[Form]) -> tuple[tuple[int, ...], Form]:
        """The owner(s) of a form: explicit forms beat derived ones, a declared title beats none."""
        owners = sorted({f.owner for f in candidates})
        if len(owners) > 1 and any(f.explicit for f in candidates):
            candidates = [f for f in candidates if f.explicit]
            owners = sorted({f.owner for f in candidates})
        title = candidates[0].title
        if len(owners) > 1 and title:
            titled = [o for o in owners if title in self.owners[o].titles]
            if titled:
                owners = titled
                candidates = [f for f in candidates if f.owner in titled]
        best = max(candidates, key=lambda f: (f.certain, f.explicit))
        return tuple(owners), best

    def find(self, text: str) -> list[NameMatch]:
        """Every registered form in ``text``, longest first at each word, in text order."""
        if not text or not self.index:
            return []
        lowered: str | None = text.replace("’", "'").lower()
        if len(lowered) != len(text):       # a letter whose lower case is longer ("İ"): word by word
            lowered = None
        first = self._first
        if lowered is not None:             # the same words as the spans below, lower-cased
            words = WORD.findall(lowered)
            if first.isdisjoint(words) and ("'s" not in lowered or first.isdisjoint(
                    [w[:-2] for w in words if w.endswith("'s")])):
                return []                   # most texts: no word a form starts with, found in one pass in C
        spans = [m.span() for m in WORD.finditer(text)]
        if lowered is None:
            words = [norm(text[start:end]) for start, end in spans]
        elif len(words) != len(spans):      # never seen: lower-casing changed where words break
            words = [lowered[start:end] for start, end in spans]
        starts = [i for i, word in enumerate(words) if word in first or (word.endswith("'s") and word[:-2] in first)]
        found: list[NameMatch] = []
        tokens: dict[int, _Word] = {}
        taken = 0                           # words up to here belong to a form found already
        for i in starts:
            if i < taken:
                continue
            run = range(i, min(i + self.longest, len(spans)))
            for j in run:
                if j not in tokens:
                    tokens[j] = self._word(text, lowered, spans[j])
            match = self._match_at(text, [tokens[j] for j in run])
            if match is not None:
                found.append(match[0])
                taken = i + match[1]
        return found

    def _match_at(self, text: str, tokens: list[_Word]) -> tuple[NameMatch, int] | None:
        """The longest form that starts at ``tokens[0]``, and how many words it takes."""
        for length in range(min(self.longest, len(tokens)), 0, -1):
            run = tokens[:length]
            if not all(self._gap_ok(text[a.end:b.start], a) for a, b in zip(run, run[1:])):
                continue
            head = tuple(t.full for t in run[:-1])
            for last, end in ((run[-1].full, run[-1].end), (run[-1].base, run[-1].base_end)):
                texts = [t.text for t in run[:-1]] + [text[run[-1].start:end]]
                candidates = [f for f in self.index.get(head + (last,), []) if self._case_ok(f, texts)]
                if candidates:
                    owners, best = self._choose(candidates)
                    start = run[0].start
                    if len(run[-1].text) == 1 and text[end:end + 1] == ".":
                        end += 1                                        # "T.E." whole
                    doubt = best.doubt
                    hyphenated = _HYPHEN_NEXT.match(text, end) or (start > 1 and text[start - 1] in "-‐‑–"
                                                                   and text[start - 2].isalnum())
                    if hyphenated and length == 1:
                        doubt = doubt or HYPHENATED                     # "Lee-Ann": maybe someone else
                    elif hyphenated and _HYPHEN_NEXT.match(text, end):
                        end = _HYPHENATED_TAIL.match(text, end).end()   # "Tamsin Brackley-Example": all hers
                    if best.case == UPPER and _NUMBER_NEXT.match(text, end):
                        doubt = doubt or NUMBERED                       # "WR 123456 A": a reference, not initials
                    inside = (start > 0 and text[start - 1] in "@/\\_"
                              or start > 1 and text[start - 1] == "." and text[start - 2].isalnum()
                              and len(run[0].text) > 1
                              or end < len(text) and (text[end] == "@" or text[end] in "./_"
                                                      and end + 1 < len(text) and text[end + 1].isalnum()))
                    return NameMatch(start, end, text[start:end], owners, best.kind, doubt, inside), length
        return None

    def _gap_ok(self, gap: str, before: _Word) -> bool:
        if _GAP.fullmatch(gap):
            return True
        return bool(_DOTTED_GAP.fullmatch(gap)) and (len(before.text) == 1 or before.full in self._titles)

    def markers(self, text: str) -> list[tuple[int, int]]:
        """Spans of "[Mother or Child T]": a shared form the renderer could not settle."""
        return [m.span() for m in self._marker.finditer(text)] if self._marker and text else []

    # -- replacing -----------------------------------------------------------------------------------
    def apply(self, text: str) -> str:
        """``text`` with every certain form replaced by its pseudonym or public form."""
        if not text or not self.index:
            return text
        out: list[str] = []
        pos = 0
        for match in self.find(text):
            if not match.certain or match.inside_word:
                continue
            before = text[pos:match.start]
            replacement = self.label(match)
            capital = False
            article = _ARTICLE_BEFORE.search(before)
            if article and _ARTICLE.match(replacement):
                capital = article.group(1)[0].isupper()
                before = before[:article.start()]
            out.append(before)
            if capital or _sentence_start("".join(out)):
                replacement = replacement[:1].upper() + replacement[1:]
            out.append(replacement)
            pos = match.end
        out.append(text[pos:])
        return "".join(out)


def _sentence_start(prefix: str) -> bool:
    return not prefix.strip(_OPENERS) or _SENTENCE_END.search(prefix[-12:]) is not None


def load_register(review_root: Path) -> NameRegister:
    """The review's register engine; an absent file gives an empty register (``exists`` False)."""
    return NameRegister(read_register(review_root))


def review_register(review: Review) -> NameRegister:
    """The register engine of a loaded review, made once per loaded review (:meth:`Review.overlay`)
    from the one reading of the file that intake's date of birth uses too (``register_data``)."""
    return review.overlay(REGISTER.as_posix(), lambda _root: NameRegister(register_data(review)))
