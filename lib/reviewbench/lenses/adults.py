"""The adults around the child (build/analysis/adults.csv): every adult in the children's lives,
who recorded them and who never did, and whether any agency checked them.

One row per adult: each registered adult (even one no record mentions), each adult the records
name who is not registered (to add to the register), each role the records use without a name
("uncle", "a male voice"), each form two people share ("Mr Ficto": listed on its own, never
merged), and, for each subject child, a mother or father no record and no register names: the
"invisible" adults a review asks about.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..config import Review
from ..register import REGISTER
from .records import Record, Records
from .refs import ADULT, Ref
from .rules import LensRules
from .text import EntryText

ADULT_COLUMNS = ("adult", "pseudonym", "relationship", "registered", "mentions", "first_date", "first_entry",
                 "last_date", "last_entry", "recorded_by", "never_recorded_by", "checked", "checked_in", "entry_ids",
                 "rule", "matched", "note")
MATCHED_SHOWN = 6


@dataclass
class Mention:
    """Every mention of one person (by key) in the records, in chronology order."""

    key: str
    entries: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    matched: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)

    def merged(self, other: "Mention") -> "Mention":
        """Both people's mentions as one, by date; on one day this person's entries, then the other's, each in
        chronology order. (Never a set's order: it changes from one run to the next, and a re-run must give the
        same table.)"""
        out = Mention(self.key)
        pairs = sorted(dict.fromkeys([*zip(self.dates, self.entries), *zip(other.dates, other.entries)]),
                       key=lambda p: p[0])                        # stable: the order above within a day
        out.dates, out.entries = [d for d, _ in pairs], [e for _, e in pairs]
        out.agencies = list(dict.fromkeys(self.agencies + other.agencies))
        out.rules = list(dict.fromkeys(self.rules + other.rules))
        out.matched = list(dict.fromkeys(self.matched + other.matched))
        out.checked = list(dict.fromkeys(self.checked + other.checked))
        return out

    def add(self, record: Record, ref: Ref) -> None:
        if not self.entries or self.entries[-1] != record.entry_id:
            self.entries.append(record.entry_id)
            self.dates.append(record.date)
        for items, value in ((self.agencies, record.agency), (self.rules, ref.rule),
                             (self.matched, " ".join(ref.text.split()))):
            if value not in items:
                items.append(value)


def _checked_refs(record: Record, entry: EntryText, refs: list[Ref], rules: LensRules) -> list[Ref]:
    """The adults a text says were checked: named in a sentence with a check (and no word saying it
    was not done); a check sentence that names no one counts for the adult the text is about (the
    first it names); an entry whose event type is a check counts for every adult it names."""
    adults = [r for r in refs if r.kind == ADULT]
    text = entry.text
    if rules.check_event_types.search(record.event_type or "") and not any(
            cue.regex.search(text) for cue in rules.not_checks):
        return adults
    out = []
    for start, end in entry.sentences:
        sentence = text[start:end]
        if not any(c.regex.search(sentence) for c in rules.checks) or any(
                c.regex.search(sentence) for c in rules.not_checks):
            continue
        named = [r for r in adults if start <= r.start < end]
        if not named:
            named = [r for r in adults if r.end <= start][:1]
        out += named
    return out


def _generic_roles(mentions: dict[str, Mention], rules: LensRules) -> dict[str, str]:
    """Unnamed "grandmother" taken to be the unnamed "maternal grandmother" when the records name only
    that one (a role whose ``also`` holds the generic one): {generic key: specific key}."""
    unnamed = {k.split("|", 1)[0][5:]: k for k in mentions if k.startswith("role:")}
    out = {}
    for generic, key in unnamed.items():
        specific = [k for rid, k in unnamed.items() if rules.role(rid) and generic in rules.role(rid).also]
        if len(specific) == 1:
            out[key] = specific[0]
    return out


def collect_mentions(records: Records, rules: LensRules) -> dict[str, Mention]:
    """Every adult mention, by person key, with the entries where a check of them is recorded."""
    found: dict[str, Mention] = {}
    for record in records.records:
        for entry, scan in zip(record.texts, record.scans):
            for ref in scan.refs:
                if ref.kind == ADULT:
                    for key in (ref.key, *ref.also):
                        found.setdefault(key, Mention(key)).add(record, ref)
            for ref in _checked_refs(record, entry, scan.refs, rules):
                for key in (ref.key, *ref.also):
                    if record.entry_id not in found[key].checked:
                        found[key].checked.append(record.entry_id)
    return found


class _Lister:
    def __init__(self, records: Records, rules: LensRules, agencies: list[str]):
        self.records = records
        self.rules = rules
        self.finder = records.finder
        self.agencies = agencies

    def row(self, adult: str, pseudonym: str, relationship: str, registered: str, mention: Mention | None,
            note: str) -> dict:
        m = mention or Mention("")
        recorded = [a for a in self.agencies if a in m.agencies]
        return {"adult": adult, "pseudonym": pseudonym, "relationship": relationship, "registered": registered,
                "mentions": len(m.entries), "first_date": m.dates[0] if m.dates else "",
                "first_entry": m.entries[0] if m.entries else "", "last_date": m.dates[-1] if m.dates else "",
                "last_entry": m.entries[-1] if m.entries else "", "recorded_by": "; ".join(recorded),
                "never_recorded_by": "; ".join(a for a in self.agencies if a not in recorded),
                "checked": "yes" if m.checked else "no", "checked_in": "; ".join(m.checked),
                "entry_ids": "; ".join(m.entries), "rule": "; ".join(m.rules),
                "matched": "; ".join(m.matched[:MATCHED_SHOWN]) + ("; ..." if len(m.matched) > MATCHED_SHOWN else ""),
                "note": note}

    def candidates(self, key: str) -> str:
        keys = key.split("|", 1)[1].split(",") if "|" in key else []
        return " or ".join(self.finder.describe(k) for k in keys)

    def expected_missing(self, keys: set[str]) -> list[dict]:
        """A mother or father (the rules' ``expected``) of a subject child no one names."""
        family = self.records.family
        children = family.subjects or [c for c in self.records.children] or []
        rows = []
        for child in children or [None]:
            label = child.label if child else "the child"
            for role_id in self.rules.expected:
                registered = [a for a in family.adults if role_id in a.roles
                              and (child is None or not a.of_children or child.label in a.of_children)]
                named = self.records.newcomers.with_role(role_id)
                by_role = [k for k in keys if k.startswith(f"role:{role_id}|") or (
                    k.startswith("amb:") and self.rules.label(role_id) == k[4:].split("|")[0])]
                if registered or named or by_role:
                    continue
                word = self.rules.label(role_id)
                role = self.rules.role(role_id)
                pronoun = {"male": "he", "female": "she"}.get(role.sex if role else None, "they")
                rows.append(self.row(f"{label}'s {word}", "", word, "no", None,
                                     f"No record names {label}'s {word} and the register ({REGISTER.as_posix()}) "
                                     f"does not: who is {pronoun}, and did any agency ask?"))
        return rows


def agency_order(review: Review, records: Records) -> list[str]:
    """The agencies with entries analysed, in review.yaml's order, then any other by name."""
    present = set(records.agencies)
    known = [a.name for a in review.agencies if a.name in present]
    return known + sorted(present - set(known))


def adults_lens(records: Records, rules: LensRules, review: Review) -> pd.DataFrame:
    """One row per adult in the children's lives (see the module's doc)."""
    agencies = agency_order(review, records)
    mentions = collect_mentions(records, rules)
    lister = _Lister(records, rules, agencies)
    family = records.family
    order = {key: i for i, key in enumerate(mentions)}
    rows = []
    for adult in family.adults:
        key = f"reg:{adult.owner}"
        note = "" if key in mentions else "Registered, but no agency's record mentions them."
        rows.append(lister.row(adult.label, adult.person.pseudonym, adult.relationship, "yes", mentions.get(key), note))
    rows += lister.expected_missing(set(mentions))
    newcomers = records.newcomers
    unregistered = f"Not in the names register: add them to {REGISTER.as_posix()} with their relationship."
    for key in sorted((k for k in mentions if k.startswith(("new:", "name:"))), key=order.get):
        if key.startswith("name:"):              # a name the records give that no one else's matches
            rows.append(lister.row(key[5:], "", "", "no", mentions[key], unregistered))
            continue
        person = newcomers.people[int(key[4:])]
        note = unregistered
        alike = [p.display for p in newcomers.people if p is not person and person.first and not person.surname
                 and p.first and p.first != person.first and p.first.startswith(person.first[:3])]
        if alike:
            note += f" '{person.display}' may be {' or '.join(alike)}."
        relationship = newcomers.relation(key) or ", ".join(rules.label(r) for r in person.roles)
        rows.append(lister.row(person.display, "", relationship, "no", mentions[key], note))
    taken_as = _generic_roles(mentions, rules)
    for key in sorted((k for k in mentions if k.startswith("role:") and k not in taken_as), key=order.get):
        relation = key.split("|", 1)[1]
        mention = mentions[key]
        note = (f"Named only as '{relation}' by the records: who is this, and is it someone already listed? Add them "
                "to the register once known.")
        merged = [k for k, into in taken_as.items() if into == key]
        for generic in merged:
            mention = mention.merged(mentions[generic])
            note += (f" The records' '{generic.split('|', 1)[1]}' is taken to be this {relation}, the only one they "
                     "name.")
        rows.append(lister.row(f"{relation} (not named)", "", relation, "no", mention, note))
    for key in sorted((k for k in mentions if k.startswith("amb:")), key=order.get):
        shown = key[4:].split("|")[0]
        rows.append(lister.row(shown, "", "", "unclear", mentions[key],
                               f"'{shown}' could be {lister.candidates(key)}: the records do not say which, so "
                               "these mentions are listed apart, not given to either."))
    return pd.DataFrame(rows, columns=list(ADULT_COLUMNS))
