"""What was said against what was seen (build/analysis/accounts.csv): a parent's account to a
professional ("Mum says Connor has moved out") set beside the later records, of any agency and of
the same one, that do not fit it ("Connor collected R from school").

An account is a claim of one of the kinds in the rules (``accounts.claims``) in a sentence where a
verb of telling (``accounts.told``) has a parent or carer for its subject (``accounts.speakers``).
Who it is about is found by the people finder, so "Lee", "Mr Sample", "her partner" and "the S/P"
are one person when the register (or the records) say so. A record contradicts it when one of the
claim's ``contradicted_by`` cues, not negated in its clause, sits in a clause naming that person.
Each contradicting record is set against the most recent earlier (or same-day) account of the same
kind about the same person; the earlier ones are listed beside it. An account no record contradicts
still has its row. Rows are prompts: what each record says, never a judgement about who was right.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from ..config import Review
from .records import Record, Records
from .refs import ADULT, CHILD, GENERIC_CHILD, PRONOUN, Ref
from .rules import Claim, Cue, LensRules
from .subjects import subject_of
from .text import EntryText

ACCOUNT_COLUMNS = ("claim_entry_id", "claim_date", "claim_agency", "claim", "about", "claim_words", "told_to",
                   "contradicting_entry_id", "contradicting_date", "contradicting_agency", "contradicting_words",
                   "days_after", "same_claim_before", "rule", "note")
ANYONE = "*"                   # a contradicting record that names no one: it fits an account about anyone
_AFTER_WORDS = ("per", "according to")    # "per mum": the speaker comes after the word
_PRONOUN_SEX = {"he": "male", "him": "male", "his": "male", "he's": "male", "she": "female", "her": "female",
                "she's": "female"}


@dataclass
class Account:
    """One claim of one kind a parent made in one entry, about one or more people."""

    index: int
    record: Record
    claim: Claim
    about: frozenset[str]
    words: str
    told_to: str
    services: frozenset[str]
    note: str = ""


@dataclass
class Contradiction:
    index: int
    record: Record
    claim: Claim
    people: frozenset[str]
    words: list[str] = field(default_factory=list)
    cues: list[str] = field(default_factory=list)
    ends: bool = False          # the record says the account no longer stands ("we're back together")


def _sentence(entry: EntryText, pos: int) -> str:
    start, end = entry.sentence_of(pos)
    return " ".join(entry.text[start:end].split())


class _Reader:
    """Finds one review's accounts and the records that contradict them."""

    def __init__(self, records: Records, rules: LensRules, review: Review):
        self.records = records
        self.rules = rules
        self.family = records.family
        children = records.family.subjects or records.children
        self.children = frozenset([c.label for c in children] + [GENERIC_CHILD])
        words = sorted(((w, a.name) for a in review.agencies for w in (a.name, *a.aliases) if len(w) > 1),
                       key=lambda p: -len(p[0]))
        self.claimed: dict[int, list[tuple[int, int]]] = {}     # the spans of the accounts found, by text
        self._services = [(re.compile(rf"\b{re.escape(w)}\b", re.IGNORECASE), name) for w, name in words]

    # -- who is who ----------------------------------------------------------------------------
    def roles_of(self, ref: Ref) -> set[str]:
        """Every role a person holds: from the role word that named them, the register, the records."""
        roles: set[str] = set()
        for role_id in filter(None, (ref.role,)):
            role = self.rules.role(role_id)
            roles |= {role_id, *(role.also if role else ()), *(role.means if role else ())}
        for key in self._candidates(ref):
            if key.startswith("reg:") and (adult := self.family.adult_of_owner(int(key[4:]))) is not None:
                roles |= set(adult.roles)
            elif key.startswith("new:"):
                roles |= set(self.records.newcomers.people[int(key[4:])].roles)
            elif key.startswith("role:"):
                roles.add(key[5:].split("|")[0])
        return roles

    @staticmethod
    def _candidates(ref: Ref) -> list[str]:
        """A person's keys; for a form two people share ("Mr Testwood"), each of theirs."""
        keys = [ref.key, *ref.also]
        return [k for key in keys for k in (key.split("|", 1)[1].split(",") if key.startswith("amb:") else [key])]

    def keys_of(self, ref: Ref) -> set[str]:
        return {ref.key, *self._candidates(ref)} | {f"role:{r}" for r in self.roles_of(ref)}

    @staticmethod
    def _person(ref: Ref, refs: list[Ref], not_of: frozenset[str] = frozenset()) -> Ref | None:
        """The person a reference stands for: a pronoun is the person named before it (in a parent's
        own words, "Wayne: 'he's moved on'", someone other than the parent, ``not_of``)."""
        if ref.kind != PRONOUN:
            return ref
        sex = ref.sex or _PRONOUN_SEX.get(ref.text.lower())
        not_of = not_of if sex else frozenset()        # "they are not together": the speaker and another
        before = [r for r in refs if r.end <= ref.start and r.kind in (ADULT, CHILD) and not r.in_quote
                  and r.key not in not_of and not (sex and r.sex and sex != r.sex)]
        known = [r for r in before if sex and r.sex == sex]       # "he": a man named, before a child of no known sex
        return (known or before or [None])[-1]

    def _adults(self, refs: list[Ref], start: int, end: int, not_of: frozenset[str] = frozenset()) -> list[Ref]:
        out = []
        for ref in refs:
            if start <= ref.start < end and (person := self._person(ref, refs, not_of)) is not None \
                    and person.kind == ADULT:
                out.append(person)
        return out

    def _speaker(self, entry: EntryText, refs: list[Ref], cue: Cue, told: re.Match) -> Ref | None:
        if told.group(0).lower() in _AFTER_WORDS:
            after = [r for r in refs if told.end() <= r.start <= told.end() + 6]
            actors = [self._person(after[0], refs)] if after else []
        else:       # "Mum says...": its subject; "Called mum: '...'", 'Wayne "..."' (speaker: before): named last
            pos = told.end() if cue.speaker == "before" else told.start()
            actors = subject_of(entry, refs, pos, cue.speaker)
            names_itself = any(told.start() <= r.start < told.end() for r in refs)     # 'Steve "..."'
            if cue.speaker == "before" and not names_itself and not any(self._speaks(a) for a in actors):
                # "Kerry, asked about it: '...'"
                actors = [a for a in self._adults(refs, entry.sentence_of(told.start())[0], pos)
                          if self._speaks(a)][-1:]
            # 'K said "... I was scared." Mum states...': the parent named just before the verb
            actors += [r for r in refs if r.kind == ADULT and not r.in_quote and r.end <= told.start()
                       and not entry.text[r.end:told.start()].strip()]
            clause = entry.clauses[entry.clause_at(told.start())]
            if not any(a.kind == ADULT for a in actors) and re.fullmatch(
                    r"\W*(?:who\s+)?", entry.text[clause.start:told.start()], re.IGNORECASE):
                # "Spoke to Mrs T: says...": the last adult named before
                start, _ = entry.sentence_of(told.start())
                before = self._adults(refs, entry.sentence_of(max(0, start - 1))[0], told.start())
                actors = before[-1:]
        return next((a for a in actors if self._speaks(a)), None)

    def _speaks(self, ref: Ref | None) -> bool:
        """Whether a person is one whose accounts count (a parent or carer)."""
        return ref is not None and ref.kind == ADULT and bool(self.roles_of(ref) & self.rules.speakers)

    def _fallback(self, claim: Claim) -> frozenset[str]:
        """Who a claim that names no one is about: the people with one of the claim's roles."""
        keys = {f"reg:{a.owner}" for a in self.family.adults if set(a.roles) & set(claim.roles)}
        keys |= {k for role in claim.roles for k in self.records.newcomers.with_role(role)}
        return frozenset(keys) or frozenset(f"role:{r}" for r in claim.roles)

    def _about(self, claim: Claim, entry: EntryText, refs: list[Ref], speaker: Ref, told_end: int, m: re.Match,
               end: int) -> tuple[frozenset[str], str]:
        if claim.about == "child":
            named = [r for r in refs if told_end <= r.start < m.start() and r.kind == CHILD]
            keys = {r.key for r in named}
            if not keys or keys == {GENERIC_CHILD}:
                return self.children, ""
            return frozenset(keys), ""
        mine = frozenset({speaker.key, *speaker.also})
        if claim.about == "subject":          # "Lee says he has not had a drink": he is Lee
            before = self._adults(refs, told_end, m.start())
            return frozenset({(before[-1] if before else speaker).key}), ""
        before = self._adults(refs, told_end, m.start(), mine)
        others = [r for r in before if r.key not in mine][-1:] or \
                 [r for r in self._adults(refs, m.end(), end) if r.key not in mine
                  and self.roles_of(r) & set(claim.roles)][:1]          # "lives with her mum": not who left
        if others:
            ref = others[0]
            note = "the record does not say which person this is; the possible people are kept apart" \
                if ref.key.startswith("amb:") else ""
            return frozenset({ref.key}), note
        keys = self._fallback(claim)
        who = " or ".join(self.records.finder.describe(k) for k in sorted(keys))
        return keys, f"the account names no one; taken to be about {who}"

    # -- accounts ------------------------------------------------------------------------------
    def accounts(self) -> list[Account]:
        out: list[Account] = []
        for index, record in enumerate(self.records.records):
            seen: set[tuple[str, frozenset[str]]] = set()
            for entry, scan in zip(record.texts, record.scans):
                for start, end in entry.sentences:
                    for claim in self.rules.claims:
                        for m in claim.regex.finditer(entry.text, start, end):
                            account = self._account(index, record, entry, scan.refs, claim, m, start, end)
                            if account is not None:
                                self.claimed.setdefault(id(entry), []).append((m.start(), m.end()))
                            if account is not None and (claim.id, account.about) not in seen:
                                seen.add((claim.id, account.about))
                                out.append(account)
        return out

    def _account(self, index: int, record: Record, entry: EntryText, refs: list[Ref], claim: Claim, m: re.Match,
                 start: int, end: int) -> Account | None:
        told = [(t, cue) for cue in self.rules.told for t in cue.regex.finditer(entry.text, start, m.end())
                if t.end() <= m.start()]        # a cue may look ahead into the claim ("Mum: 'won't be back'")
        if not told or self._negated(entry, m):        # "they never separated"
            return None
        # the nearest words of telling that have a parent for their speaker ('Wayne: Steve "moved out"')
        found = ((last, speaker) for last, cue in sorted(told, key=lambda t: -t[0].start())
                 if (speaker := self._speaker(entry, refs, cue, last)) is not None)
        last, speaker = next(found, (None, None))
        if speaker is None:
            return None
        about, note = self._about(claim, entry, refs, speaker, last.end(), m, end)
        services = frozenset(name for regex, name in self._services if regex.search(entry.text, m.start(), end)) \
            if claim.same_service else frozenset()
        return Account(index, record, claim, about, _sentence(entry, m.start()),
                       record.practitioner_role or record.agency, services, note)

    # -- what does not fit them ----------------------------------------------------------------
    def contradictions(self) -> list[Contradiction]:
        out: dict[tuple[int, str, frozenset[str]], Contradiction] = {}
        ending: set[tuple[int, str]] = set()     # "Attended with Dean: 'we're back together'": said of "we"
        for index, record in enumerate(self.records.records):
            for entry, scan in zip(record.texts, record.scans):
                claimed = self.claimed.get(id(entry), [])
                for claim in self.rules.claims:
                    for cue in claim.contradicted_by:
                        for m in cue.regex.finditer(entry.text):
                            if any(s < m.end() and m.start() < e for s, e in claimed) or self._negated(entry, m):
                                continue
                            if cue.ends:
                                ending.add((index, claim.id))
                            people = self._people(claim, entry, scan.refs, m)
                            if not people:
                                continue
                            found = out.setdefault((index, claim.id, people),
                                                   Contradiction(index, record, claim, people))
                            words = _sentence(entry, m.start())
                            if words not in found.words:
                                found.words.append(words)
                            if cue.id not in found.cues:
                                found.cues.append(cue.id)
        for (index, claim_id, _), found in out.items():
            found.ends = (index, claim_id) in ending
        return list(out.values())

    def _negated(self, entry: EntryText, m: re.Match) -> bool:
        clause = entry.clauses[entry.clause_at(m.start())]
        before = entry.text[clause.start:m.start()]
        return any(cue.regex.search(before) for cue in self.rules.negations)

    def _people(self, claim: Claim, entry: EntryText, refs: list[Ref], m: re.Match) -> frozenset[str]:
        """Who a contradicting cue is said of: the people named just before it in its clause, with
        those joined to them ("Leanne and K at the flat"), and those just after it ("attended with
        Kyle"); none: the subject of its clause. For an account about a child, the children. No one
        named at all: anyone."""
        kind = CHILD if claim.about == "child" else ADULT
        clause = entry.clauses[entry.clause_at(m.start())]
        text = entry.text
        sentence = entry.sentence_of(m.start())
        before = [r for r in refs if sentence[0] <= r.start and r.end <= m.start()
                  and r.kind in (ADULT, CHILD, PRONOUN) and (not r.possessive or r.kind == PRONOUN
                                                              or _IS.match(text, r.end))]   # "he's", "Dad's always"
        named = _chain(before[::-1], text, backwards=True) if before and before[-1].start >= clause.start else []
        after = [r for r in refs if m.start() <= r.start < sentence[1] and r.kind in (ADULT, CHILD)
                 and not r.possessive]
        if after and (after[0].start < m.end() or _LEADS_TO.fullmatch(text[m.end():after[0].start])):
            named += _chain(after, text, backwards=False)
        named = [p for r in named if (p := self._person(r, refs)) is not None]
        if not any(r.kind == kind for r in named):       # the subject, in the cue's own sentence
            start = entry.sentence_of(m.start())[0]
            named = [r for r in subject_of(entry, refs, m.start()) if r.start >= start]
        keys: set[str] = set()
        for ref in named:
            if ref.kind == kind:
                keys |= {ref.key} if kind == CHILD else self.keys_of(ref)
        if GENERIC_CHILD in keys:
            keys |= self.children
        if not keys and claim.unnamed and not any(r.kind == kind for r in refs
                                                         if clause.start <= r.start < clause.end):
            return frozenset({ANYONE})
        return frozenset(keys)


_LEADS_TO = re.compile(r"[\s(:]*|[\s\w:]{0,15}?\b(?:by|with|to|from)\s+(?:(?:the|her|his|their) )?(?:\w+['’]s\s+)?"
                       r"(?:(?:partner|boyfriend|girlfriend|husband|wife|brother|sister|uncle|cousin|friend)\s+)?",
                       re.IGNORECASE)
_IS = re.compile(r"['’]s (?:always|been|never|not|back|gone|there|here|still|just|drunk)\b", re.IGNORECASE)
_JOINED = re.compile(r"\s*(?:(?:,|and|&|,\s*and)\s*)?(?:(?:the|her|his|their) )?", re.IGNORECASE)


def _chain(refs: list[Ref], text: str, backwards: bool) -> list[Ref]:
    """The first of ``refs`` (nearest the cue) and those joined to it by "and" or a comma."""
    if not refs:
        return []
    out = [refs[0]]
    for ref in refs[1:]:
        gap = text[ref.end:out[-1].start] if backwards else text[out[-1].end:ref.start]
        if not _JOINED.fullmatch(gap):
            break
        out.append(ref)
    return out


def _fits(account: Account, contradiction: Contradiction) -> bool:
    """Whether a contradicting record is about the account's person, in its time and service."""
    if account.claim.id != contradiction.claim.id or account.index == contradiction.index:
        return False
    days = contradiction.record.day - account.record.day
    if days < 0 or (account.claim.within_days is not None and days > account.claim.within_days):
        return False
    if account.services and contradiction.record.agency not in account.services:
        return False
    return ANYONE in contradiction.people or bool(account.about & contradiction.people)


def _standing(pairs: dict[tuple[int, int], Contradiction]) -> dict[tuple[int, int], Contradiction]:
    """The pairs whose account still stood: once a record says it no longer does (the parent "back
    together", the partner "moved back in"), the later records are not set against it."""
    ended: set[int] = set()
    out = {}
    for key, contradiction in sorted(pairs.items(), key=lambda p: (p[1].record.day, p[1].index)):
        if key[0] in ended:
            continue
        out[key] = contradiction
        if contradiction.ends:
            ended.add(key[0])
    return out


def _row(account: Account, describe, contradiction: Contradiction | None, before: list[Account],
         again: Account | None) -> dict:
    people = sorted(describe(k) for k in account.about if k not in (GENERIC_CHILD, ANYONE))
    row = {"claim_entry_id": account.record.entry_id, "claim_date": account.record.date,
           "claim_agency": account.record.agency, "claim": account.claim.id,
           "about": "; ".join(people or [GENERIC_CHILD]), "claim_words": account.words,
           "told_to": account.told_to, "contradicting_entry_id": "", "contradicting_date": "",
           "contradicting_agency": "", "contradicting_words": "", "days_after": "",
           "same_claim_before": "; ".join(a.record.entry_id for a in before),
           "rule": f"accounts.{account.claim.id}", "note": account.note}
    if contradiction is None:
        until = (f"before the same account was given again ({again.record.entry_id}); later records are set "
                 "against the later account") if again is not None else "in the chronology"
        found = (f"the lens found no record that does not fit it {until} (it reads only the words of its rules: "
                 "the records after it still need reading)")
        row["note"] = "; ".join(filter(None, [account.note, found]))
        return row
    row.update({"contradicting_entry_id": contradiction.record.entry_id,
                "contradicting_date": contradiction.record.date,
                "contradicting_agency": contradiction.record.agency,
                "contradicting_words": " ".join(contradiction.words),
                "days_after": str(contradiction.record.day - account.record.day),
                "rule": "; ".join([row["rule"], *(f"accounts.{account.claim.id}.{c}" for c in contradiction.cues)])})
    return row


def accounts_lens(records: Records, rules: LensRules, review: Review) -> pd.DataFrame:
    """One row per contradicting record and the account it is set against; one row for each
    account no record contradicts."""
    reader = _Reader(records, rules, review)
    accounts = reader.accounts()
    pairs: dict[tuple[int, int], Contradiction] = {}
    for contradiction in reader.contradictions():
        fitting = [a for a in accounts if _fits(a, contradiction)]
        if not fitting:
            continue
        latest = max(fitting, key=lambda a: (a.record.day, a.index < contradiction.index, a.index))
        key = (accounts.index(latest), contradiction.index)
        if key in pairs:        # the same record against the same account for two people: one row
            pairs[key].words += [w for w in contradiction.words if w not in pairs[key].words]
            pairs[key].cues += [c for c in contradiction.cues if c not in pairs[key].cues]
            pairs[key].ends = pairs[key].ends or contradiction.ends
        else:
            pairs[key] = contradiction
    pairs = _standing(pairs)
    describe = records.finder.describe
    rows = []
    for i, account in enumerate(accounts):
        before = [a for a in accounts[:i] if a.claim.id == account.claim.id and a.about & account.about]
        mine = sorted((c for (a, _), c in pairs.items() if a == i), key=lambda c: c.index)
        again = next((a for a in accounts[i + 1:] if a.claim.id == account.claim.id and a.about & account.about), None)
        rows += [_row(account, describe, c, before, again) for c in mine] or \
            [_row(account, describe, None, before, again)]
    return pd.DataFrame(rows, columns=list(ACCOUNT_COLUMNS))
