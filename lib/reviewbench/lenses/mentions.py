"""Who a record names, and where: the children, the adults of the family (registered, named in the
records, or by their role), the professionals, and the pronouns that stand for one of them.

One pass over a text gives every reference (:class:`Ref`); overlapping candidates go to the
longest, then to the most certain source (the register before a name seen in the records, a
name before a role word). The voice lens asks who the subject of a verb is; the adults lens
counts who is mentioned. The same finder runs twice over a chronology: once to collect the
names of people the register does not hold (:mod:`.unregistered`), then to find everyone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Protocol

from .family import Child, Family
from .naming import NOMINAL, SURNAME_KINDS, TITLED, Name, adult_owners, child_owners, name_after, nominal_surname, tidy
from .refs import ADULT, CHILD, GENERIC_CHILD, PROFESSIONAL, PRONOUN, Ref
from .rules import LensRules, longest_matches
from .subjects import subject_of
from .text import EntryText


class Known(Protocol):
    """The people a first pass found who are not registered (:class:`.unregistered.Newcomers`)."""

    def refs(self, entry: EntryText, finder: PeopleFinder) -> list[Ref]: ...
    def role_of(self, key: str) -> str | None: ...
    def with_role(self, role_id: str) -> list[str]: ...
    def display(self, key: str) -> str: ...

_PRIORITY = {"register": 0, "newcomer": 1, "name": 2, "role": 3, "child": 4, "professional": 5, "pronoun": 6}
_TITLE_SEX = {"mr": "male", "mrs": "female", "ms": "female", "miss": "female", "mx": None}
_PROFESSIONAL_TITLE = re.compile(r"\b(?:Dr|PC|DC|DS|DI|DCI|PS|Sgt|PCSO|Nurse|Cllr|Judge|HHJ|Prof|Professor|Rev|"
                                 r"Revd|SW|HV|GP)\.?\s*$")
_POSSESSOR = re.compile(r"(?:\b(?P<pronoun>his|her|their|my)|['’]s)\s+$", re.IGNORECASE)
_BABY = re.compile(r"\b(?:baby|babies|infant|newborn|neonate)\b", re.IGNORECASE)
_WORD_BEFORE = re.compile(r"([A-Za-z]+)\W*$")
UNIDENTIFIED = "unidentified"
_COPULA = re.compile(r"\s+(?:is|was|=)\s+(?:[\w'’]+\s+)?", re.IGNORECASE)


@dataclass(frozen=True)
class Sighting:
    """A name of someone the register does not hold, and how the record introduced them."""

    name: Name
    role: str | None               # the role id it came with ("uncle"), if any
    relation: str                  # the relationship as the record puts it ("uncle", "Mr Ficto's brother")
    rule: str
    aka_of: Name | None = None     # "Jonathan QUILLBY aka Jonno": the name this one is another name for


@dataclass
class Scan:
    refs: list[Ref] = field(default_factory=list)
    sightings: list[Sighting] = field(default_factory=list)


class PeopleFinder:
    """Finds the people of one review's records (its family, rules, agencies and, on the second
    pass, the people the first pass found who are not registered)."""

    def __init__(self, family: Family, rules: LensRules, agency_words: list[str], extra_children: list[Child],
                 newcomers: Known | None = None):
        self.family = family
        self.rules = rules
        self.newcomers = newcomers
        self.children = [c for c in family.children if c.initial] + extra_children
        self._initials = [(c, re.compile(rf"(?:\b(?:[Cc]hild|[Bb]aby|[Ss]ibling) )?(?<![\w'’./&-]){c.initial}"
                                         r"(?![\w'’&/]|\.\w)")) for c in self.children if c.initial]
        words = sorted({w for w in agency_words if len(w) > 1}, key=len, reverse=True)
        self._agencies = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b") if words else None
        self._titles = tuple(t.lower() for t in rules.titles)
        self._not_names = rules.not_names | {c.initial for c in self.children if c.initial} | {
            word for w in agency_words for word in re.findall(r"[A-Z][\w'’-]*", w)}

    # -- the two passes ------------------------------------------------------------------------
    def scan(self, entry: EntryText) -> Scan:
        """Every reference in ``entry`` and the unregistered names it holds."""
        text = entry.text
        scan = Scan()
        if not text.strip():
            return scan
        candidates: list[tuple[int, int, int, Ref]] = []

        def add(ref: Ref, source: str) -> None:
            candidates.append((ref.start, -(ref.end - ref.start), _PRIORITY[source], ref))

        for ref in self._register_refs(entry):
            add(ref, "register")
        if self.newcomers is not None:
            for ref in self.newcomers.refs(entry, self):
                add(ref, "newcomer")
        named = {}
        for ref, sighting in self._name_refs(entry):
            add(ref, "name")
            named[(ref.start, ref.end)] = sighting
        for ref in self._child_refs(entry):
            add(ref, "child")
        for ref in self._professional_refs(entry):
            add(ref, "professional")
        for cue in self.rules.pronouns:
            for m in cue.regex.finditer(text):
                add(self._ref(entry, m.start(), m.end(), PRONOUN, rule=f"people.{cue.id}"), "pronoun")
        kept = _specific_children(_non_overlapping(candidates), text)
        scan.sightings.extend(named[(r.start, r.end)] for r in kept if (r.start, r.end) in named
                              and r.key.startswith("name:"))
        roles, sightings = self._role_refs(entry, kept)
        scan.sightings.extend(sightings)
        merged = [(r.start, -(r.end - r.start), _PRIORITY["role"], r) for r in roles]
        scan.refs = _settled(_non_overlapping([(r.start, -(r.end - r.start), 0, r) for r in kept] + merged), entry)
        scan.sightings.extend(self._introduced(entry, scan.refs))
        return scan

    # -- building a reference --------------------------------------------------------------------
    def _ref(self, entry: EntryText, start: int, end: int, kind: str, **more) -> Ref:
        text = entry.text
        before = _WORD_BEFORE.search(text[max(0, start - 20):start])
        return Ref(start, end, text[start:end], kind, in_quote=entry.in_quote(start),
                   possessive=text[end:end + 2] in ("'s", "’s") or text[start:end].endswith(("'s", "’s")),
                   after_preposition=bool(before and before.group(1).lower() in self.rules.prepositions
                                          and not text[before.end() + max(0, start - 20):start].strip(" ")),
                   **more)

    # -- the register ------------------------------------------------------------------------------
    def _register_refs(self, entry: EntryText) -> list[Ref]:
        out = []
        text = entry.text
        for match in self.family.names.find(text):
            if match.inside_word or match.kind == "initials":
                continue                                      # "CP" is a plan more often than Carl Proxy
            adults = adult_owners(self.family, match)
            children = () if match.kind in SURNAME_KINDS and adults else child_owners(self.family, match)
            words = match.text.replace(".", " ").split()
            titled = bool(words) and words[0].lower() in self._titles
            if adults and (titled or not children):
                if match.kind in SURNAME_KINDS and (self._given_name_before(text, match.start)
                                                    or self._child_initial_before(text, match.start)):
                    continue                                  # "Ross FIXTURE", "M TESTINGTON": someone else
                if len(adults) == 1:
                    adult = self.family.adult_of_owner(adults[0])
                    out.append(self._ref(entry, match.start, match.end, ADULT, key=f"reg:{adults[0]}",
                                         rule="adults.registered-name", sex=self._sex_of_adult(adult, words[0])))
                else:
                    key = self.newcomers_ambiguous(match.text, tuple(f"reg:{o}" for o in adults))
                    out.append(self._ref(entry, match.start, match.end, ADULT, key=key,
                                         rule="adults.registered-name"))
            elif children and not titled:
                child = self.family.child_of_owner(children[0])
                out.append(self._ref(entry, match.start, match.end, CHILD, key=child.label,
                                     rule="people.registered-child"))
        return out

    def newcomers_ambiguous(self, text: str, keys: tuple[str, ...]) -> str:
        """The key of a form several people share ("Ms Fixture", "Mr Ficto"): listed, never merged."""
        shown = " ".join(w.capitalize() if w.isupper() else w for w in text.replace("’", "'").split())
        if shown.endswith("'s"):
            shown = shown[:-2]
        return "amb:" + shown + "|" + ",".join(sorted(keys))

    def _child_initial_before(self, text: str, start: int) -> bool:
        m = re.search(r"(?<![\w'’])([A-Z])\.?\s+$", text[max(0, start - 4):start])
        return bool(m) and any(c.initial == m.group(1) for c in self.children)

    def _given_name_before(self, text: str, start: int) -> bool:
        m = re.search(r"(?<![\w'’])([A-Z][a-z]+)\s+$", text[max(0, start - 25):start])
        return bool(m) and m.group(1) not in self._not_names and m.group(1).lower() not in self._titles

    def _sex_of_adult(self, adult, title_word: str) -> str | None:
        title = title_word.lower().rstrip(".")
        if title in _TITLE_SEX:
            return _TITLE_SEX[title]
        for t in adult.person.title:
            if t.lower() in _TITLE_SEX:
                return _TITLE_SEX[t.lower()]
        for role_id in adult.roles:
            role = self.rules.role(role_id)
            if role and role.sex:
                return role.sex
        return None

    # -- names of people the register does not hold ------------------------------------------------
    def _name_refs(self, entry: EntryText) -> list[tuple[Ref, Sighting]]:
        """Police nominals ("Dean HOAXLEY") and titled names ("Mr Grainge") not registered."""
        out = []
        text = entry.text
        for regex, rule in ((NOMINAL, "adults.nominal"), (TITLED, "adults.titled-name")):
            for m in regex.finditer(text):
                first, surname = m.group("first"), m.group("surname")
                title = m.groupdict().get("title")
                if first and first in self._not_names or surname.upper() in self.rules.not_surnames \
                        or surname in self._not_names or (rule == "adults.nominal" and not nominal_surname(
                            surname, self.rules.not_surnames)) or self._not_a_person(m.group(0)):
                    continue
                if _PROFESSIONAL_TITLE.search(text[max(0, m.start() - 12):m.start()]):
                    continue
                name = Name(first, tidy(surname), title, m.start(), m.end())
                if self._registered(name.display if first else m.group(0)):
                    continue
                ref = self._ref(entry, m.start(), m.end(), ADULT, key="name:" + name.display, rule=rule,
                                sex=_TITLE_SEX.get((title or "").lower()))
                out.append((ref, Sighting(name, None, "", rule)))
        return out

    def _registered(self, text: str) -> bool:
        for match in self.family.names.find(text):
            if match.start == 0 and (adult_owners(self.family, match) or child_owners(self.family, match)) \
                    and match.end >= len(text.rstrip("'’s")):
                return True
        return False

    # -- the children ------------------------------------------------------------------------------
    def _child_refs(self, entry: EntryText) -> list[Ref]:
        out = []
        text = entry.text
        for child, regex in self._initials:
            for m in regex.finditer(text):
                out.append(self._ref(entry, m.start(), m.end(), CHILD, key=child.label, rule="people.initial"))
        for start, end, cue in longest_matches(self.rules.children, self.rules.any_child, text):
            label = GENERIC_CHILD
            letter = re.search(r"(?-i:\b[A-Z])$", text[start:end])
            if cue.id == "child-initial" and letter:
                known = next((c for c in self.children if c.initial == letter.group(0)), None)
                label = known.label if known else f"Child {letter.group(0)}"
            out.append(self._ref(entry, start, end, CHILD, key=label, rule=f"people.{cue.id}",
                                 infant=bool(_BABY.search(text[start:end]))))
        return out

    def _professional_refs(self, entry: EntryText) -> list[Ref]:
        out = []
        for start, end, cue in longest_matches(self.rules.professionals, self.rules.any_professional, entry.text):
            out.append(self._ref(entry, start, end, PROFESSIONAL, rule=f"people.{cue.id}"))
        if self._agencies is not None:
            for m in self._agencies.finditer(entry.text):
                out.append(self._ref(entry, m.start(), m.end(), PROFESSIONAL, rule="people.agency"))
        return out

    # -- roles ---------------------------------------------------------------------------------------
    def _role_refs(self, entry: EntryText, kept: list[Ref]) -> tuple[list[Ref], list[Sighting]]:
        """Role words ("mum", "uncle", "a male") as references, in text order, each resolved to the
        person it names (a registered adult, someone named in the records) or left as a role.

        A role word is not a reference of its own when a name says who it is: after it ("uncle
        Ross"), in apposition before it ("Shelley ORMEROD (partner)"), or just after it ("a man who
        gave his name as 'Jonno'"). A named-only role ("friend") counts only with its name. A word that
        stands for another role ("IP" for the mother) is resolved as that role."""
        text = entry.text
        excluded = [m.span() for cue in self.rules.not_family for m in cue.regex.finditer(text)]
        refs: list[Ref] = []
        sightings: list[Sighting] = []
        taken = [(r.start, r.end) for r in kept]
        for start, end, role in longest_matches(self.rules.roles, self.rules.any_role, text):
            if any(s <= start < e for s, e in excluded) or any(start < e and s < end for s, e in taken):
                continue
            taken.append((start, end))
            role_id, relation, whose = self._compose(entry, start, role, kept + refs)
            if role.means and role_id == role.id:
                role_id, relation = role.means[0], self.rules.label(role.means[0])
            name = name_after(text, end, self._not_names, self.rules.not_surnames,
                              apposition=role.named_only or role.id.startswith(UNIDENTIFIED))
            if name is not None and not self._is_role_word(text[name.start:name.end]) \
                    and not self._not_a_person(text[name.start:name.end]):
                if not self._registered(name.display if name.first else text[name.start:name.end]) \
                        and not self._name_taken(name, kept):
                    sightings.append(Sighting(name, role_id, relation, f"adults.role.{role.id}"))
                continue
            described = self._apposition(text, start, end, kept)
            if described is not None:
                if described.key.startswith("name:"):
                    sightings.append(Sighting(_name_of_ref(described), role_id, relation, f"adults.role.{role.id}"))
                continue
            composed = self.rules.role(role_id) or role
            if role_id == "sibling" or composed.child:
                refs.append(self._ref(entry, start, end, CHILD, key="a sibling", rule=f"people.{role.id}"))
                continue
            if role.named_only or self._named_after(entry, end, bool(role.id.startswith(UNIDENTIFIED))):
                continue
            key = self._resolve_role(role_id, relation, whose)
            if len(role.means) > 1:                   # "parents": each of them the records know
                keys = [k for k in [key] + [self._resolve_role(r, self.rules.label(r), whose) for r in role.means[1:]]
                        if k.startswith(("reg:", "new:"))]
                if not keys:
                    continue
                key, others = keys[0], tuple(dict.fromkeys(keys[1:]))
            else:
                others = ()
            refs.append(self._ref(entry, start, end, ADULT, key=key, rule=f"adults.role.{role.id}", sex=composed.sex,
                                  role=role_id, also=others))
        return refs, sightings

    def _not_a_person(self, words: str) -> bool:
        """A professional's or a service's word read as a name ("Midwife", "Northmoor")."""
        return any(cue.regex.fullmatch(words) for cue in self.rules.professionals) or bool(
            self._agencies and self._agencies.fullmatch(words))

    def _is_role_word(self, words: str) -> bool:
        return any(role.regex.fullmatch(words) for role in self.rules.roles)

    def _apposition(self, text: str, start: int, end: int, kept: list[Ref]) -> Ref | None:
        """The named adult a role word describes: "Shelley ORMEROD (partner)", "Jamie Ficto, partner's
        brother,"."""
        if not re.match(r"\s*[),]|\s*$", text[end:end + 3]):
            return None
        return next((r for r in kept if r.kind == ADULT and r.key.startswith(("name:", "new:", "reg:"))
                     and re.fullmatch(r"\s*[(,]\s*(?:\w+['’]s\s+)?", text[r.end:start])), None)

    def _named_after(self, entry: EntryText, pos: int, whole_sentence: bool) -> bool:
        """A name follows the role word through an introducer ("a man who gave his name as 'Jonno'",
        "new partner identified by Housing as Wesley Grainge"): the name is the reference."""
        start, end = entry.sentence_of(pos)
        rest = entry.text[pos:end if whole_sentence else min(end, pos + 45)]
        for cue in self.rules.introducers:
            for m in cue.regex.finditer(rest):
                if name_after(rest, m.end(), self._not_names, self.rules.not_surnames):
                    return True
        return False

    def _name_taken(self, name: Name, kept: list[Ref]) -> bool:
        return any(r.start <= name.start < r.end and r.key.startswith(("reg:", "new:")) for r in kept)

    def _compose(self, entry: EntryText, start: int, role, refs: list[Ref]) -> tuple[str, str, str | None]:
        """The role a possessive makes of a role word: "mum's brother" is an uncle, "Carl's mum" (a
        father's mother) the paternal grandmother, "her boyfriend" (her: the child) the child's
        boyfriend. "his", "her", "my" stand for the subject of the clause ("Mum said her partner...",
        a child's "I want to live with my dad"); a role relative to its subject (``relative``: a
        "boyfriend") is the subject's when that is a child. Returns the role id, the relationship
        in words, and the child it is relative to, if any."""
        text = entry.text
        role_id = role.id
        m = _POSSESSOR.search(text[max(0, start - 12):start])
        owner = None
        if m and m.group("pronoun"):
            sex = {"his": "male", "her": "female"}.get(m.group("pronoun").lower())
            found = subject_of(entry, refs, start - len(m.group(0)))
            owner = found[0] if found and found[0].kind in (CHILD, ADULT) and (
                sex is None or found[0].sex in (None, sex)) else None
        elif m:
            cut = start - len(m.group(0))
            owner = next((r for r in reversed(refs) if r.end in (cut, cut + 2) and r.kind in (CHILD, ADULT)), None)
        elif role.relative:
            found = subject_of(entry, refs, start)
            owner = found[0] if found and found[0].kind == CHILD else None
        if owner is None:
            return role_id, self.rules.label(role_id), None
        owner_role = "child" if owner.kind == CHILD else self._role_of_key(owner.key, owner.role)
        composed = self.rules.kin.get(owner_role or "", {}).get(role_id)
        child = owner.key if owner.kind == CHILD else None
        named_owner = owner.kind == ADULT and owner.key.startswith(("reg:", "new:"))
        if composed and named_owner and composed in self.rules.kin_labels:    # "Gary's mother"
            return composed, f"{self.describe(owner.key).split()[0]}'s {self.rules.label(role_id)}", None
        if composed:
            return composed, self.rules.label(composed), child
        if owner.kind == CHILD:
            return role_id, self.rules.label(role_id), child
        return f"{role_id}-of-{owner.key}", f"{self.describe(owner.key)}'s {self.rules.label(role_id)}", None

    def _role_of_key(self, key: str, role: str | None) -> str | None:
        if role and not role.startswith(("role:",)):
            return role
        if key.startswith("reg:"):
            adult = self.family.adult_of_owner(int(key[4:]))
            return adult.roles[0] if adult and adult.roles else None
        if key.startswith("new:") and self.newcomers is not None:
            return self.newcomers.role_of(key)
        if key.startswith("role:"):
            return key[5:]
        return None

    def _resolve_role(self, role_id: str, relation: str, child: str | None) -> str:
        """The person a role word names: the one registered adult (or person named in the records)
        with that role (of ``child``, when the record says whose: "Freya's father", "my dad");
        several: an ambiguous key, listed, never merged; none: the role itself."""
        if "-of-" in role_id or role_id.startswith(UNIDENTIFIED):
            return f"role:{role_id}|{relation}"
        registered = [a for a in self.family.adults if role_id in a.roles]
        if len(registered) > 1:
            if child is not None:
                narrowed = [a for a in registered if child in a.of_children] or \
                           [a for a in registered if not a.of_children]
                registered = narrowed or registered
        if len(registered) == 1:
            return f"reg:{registered[0].owner}"
        if len(registered) > 1:
            return self.newcomers_ambiguous(self.rules.label(role_id), tuple(f"reg:{a.owner}" for a in registered))
        if self.newcomers is not None:
            found = self.newcomers.with_role(role_id)
            if len(found) == 1:
                return found[0]
            if len(found) > 1:
                return self.newcomers_ambiguous(self.rules.label(role_id), tuple(found))
        return f"role:{role_id}|{relation}"

    def _introduced(self, entry: EntryText, refs: list[Ref]) -> list[Sighting]:
        """Names after an introducer ("gave his name as 'Jonno'", "aka Deano", "believed to be
        BRACKNEY"): for the first pass, which collects who is not registered."""
        out = []
        text = entry.text
        for cue in self.rules.introducers:
            for m in cue.regex.finditer(text):
                name = name_after(text, m.end(), self._not_names, self.rules.not_surnames)
                if name is None or self._registered(text[name.start:name.end]):
                    continue
                aka = None
                before = [r for r in refs if r.end <= m.start() and r.kind == ADULT
                          and r.key.startswith(("name:", "new:"))
                          and not re.sub(r"\([^)]*\)", "", text[r.end:m.start()]).strip(" ,")]
                if before and re.search(r"\b(?:aka|a\.k\.a|known as)\b", m.group(0), re.IGNORECASE):
                    aka = _name_of_ref(before[-1])
                role = next((r.role for r in reversed(refs) if r.end <= m.start() and r.kind == ADULT and r.role
                             and entry.sentence_of(r.start) == entry.sentence_of(m.start())), None)
                if role and role.startswith(UNIDENTIFIED):
                    role = None
                out.append(Sighting(name, role, self.rules.label(role) if role else "", f"adults.introducers.{cue.id}",
                                    aka))
        return out

    # -- naming a person -------------------------------------------------------------------------
    def describe(self, key: str) -> str:
        """A person's key as words: their registered name, the name the records give them, a role."""
        if key.startswith("reg:"):
            return self.family.register.people[int(key[4:])].name
        if key.startswith("new:") and self.newcomers is not None:
            return self.newcomers.display(key)
        if key.startswith("name:"):
            return key[5:]
        if key.startswith(("role:", "amb:")):
            return key.split(":", 1)[1].split("|")[0].replace("-", " ")
        return key


def _name_of_ref(ref: Ref) -> Name:
    words = ref.key.split(":", 1)[1].split() if ":" in ref.key else ref.text.split()
    if len(words) >= 2 and words[0] not in ("Mr", "Mrs", "Ms", "Miss", "Mx"):
        return Name(words[0], words[-1], None, ref.start, ref.end)
    if len(words) >= 2:
        return Name(None, words[-1], words[0], ref.start, ref.end)
    return Name(words[0] if words else None, None, None, ref.start, ref.end)


def _settled(refs: list[Ref], entry: EntryText) -> list[Ref]:
    """A form several people share, settled by the text itself: the one of them it named just
    before ("Rhys FICTO punched the wall. FICTO left."), else the one the sentence says it is
    ("baby's father is Dale"). Otherwise it stays ambiguous."""
    out = []
    for i, ref in enumerate(refs):
        if ref.kind == ADULT and ref.key.startswith("amb:"):
            options = set(ref.key.split("|", 1)[1].split(","))
            before = [r for r in out if r.key in options]
            sentence = entry.sentence_of(ref.start)
            after = [r for r in refs[i + 1:] if r.key in options and r.start < sentence[1]
                     and _COPULA.fullmatch(entry.text[ref.end:r.start])]
            chosen = before[-1] if before else (after[0] if len({r.key for r in after}) == 1 else None)
            if chosen is not None:
                ref = Ref(ref.start, ref.end, ref.text, ADULT, chosen.key, ref.rule, chosen.sex, ref.in_quote,
                          ref.possessive, ref.after_preposition, ref.infant, chosen.role)
        out.append(ref)
    return out


def _specific_children(refs: list[Ref], text: str) -> list[Ref]:
    """"Child FREYA", "baby Noah": the named child, not a child and then a name."""
    out = []
    for i, ref in enumerate(refs):
        after = refs[i + 1] if i + 1 < len(refs) else None
        named = ("people.registered-child", "people.initial")
        if ref.kind == CHILD and ref.rule not in named and after is not None and after.kind == CHILD \
                and after.rule in named and not text[ref.end:after.start].strip():
            out.append(Ref(ref.start, after.end, text[ref.start:after.end], CHILD, after.key, after.rule,
                           in_quote=ref.in_quote, possessive=after.possessive, after_preposition=ref.after_preposition,
                           infant=ref.infant or after.infant))
            continue
        if out and out[-1].end > ref.start:
            continue
        out.append(ref)
    return out


def _non_overlapping(candidates: list[tuple[int, int, int, Ref]]) -> list[Ref]:
    """The longest candidate at each place, the most certain source on a tie; in text order."""
    kept: list[Ref] = []
    spans: list[tuple[int, int]] = []
    for _start, _neg, _priority, ref in sorted(candidates, key=lambda c: (c[1], c[2], c[0])):
        if any(ref.start < e and s < ref.end for s, e in spans):
            continue
        kept.append(ref)
        spans.append((ref.start, ref.end))
    return sorted(kept, key=lambda r: r.start)
