"""Referrals and notifications in an entry's words: which were sent or received, and between whom.

An entry is read clause by clause (a clause ends at ". ", ";" or a line break). A clause holds a
referral or notification when it uses one of the forms agencies use (a PPN, a MERLIN, a
referral, a liaison form, a request for a service: ``referrals: forms`` in the interaction
rules), or when it is a plain message (a call, an e-mail, "X informed": ``messages``) that
brings news to another agency's front door. Everything about which words are which is data;
this module holds the reading:

- who receives: the agencies the clause names, except the recording agency, a name inside a
  form ("PPN" as an alias of the police) and senders (a name after "from" or "by", a name
  before a verb of sending, a name right before a form that was received or that names its
  receiver); with no other agency named at all, the form's usual receiver;
- what was received rather than sent: a clause that says so, a clause naming only senders, a
  form followed by its sender ("PPN from police"), or, in an entry recording something received
  ("Contact - PPN screening"), a form with a usual sender and no agency named; the sender (or the
  form's usual sender) then sent it to the recorder;
- what is not a referral: a plan, an offer declined, someone else's referral (the rules'
  ``not_referral``), a form dated before the entry ("referral made 21/04" written on 26/04), a
  form in brackets without a verb of sending ("file (incl. PPN Jan 2022)");
- a copy ("copy to the school nurse") keeps the form of the clause before it.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

import numpy as np
import pandas as pd

from ..chronology.schema import NO_DAY
from ..dates import day_to_date
from ..vocabulary import EventKind
from .interactions import AgencyNames
from .rules import ReferralForm, Rules, casefree

REFERRAL_COLUMNS = ["_row", "from_agency", "to_agency", "kind", "rule", "evidence", "_outgoing"]
# A clause ends at ". " (not after an abbreviation: "incl. PPN"), ";" or a line break.
_ABBREVIATIONS = ("incl", "approx", "e\\.g", "i\\.e", "etc", "re", "no", "dr", "mr", "mrs", "ms")
_NOT_AN_END = "".join(rf"(?<!\b{a})" for a in _ABBREVIATIONS)
_CLAUSE = re.compile(_NOT_AN_END + r"\.(?:\s|$)|;|\n")
_SENTENCE = re.compile(_NOT_AN_END + r"\.(?:\s|$)|\n")
_BRACKETS = re.compile(r"\([^()]*\)|^[^()]*\)|\([^()]*$")   # a bracket may open or close in another clause
_SENDING = re.compile(r"\b(?:sent|made|submitted|raised|completed|e-?mailed|rang|faxed|done)\b")
_REACH = 30            # characters before a name searched for the words that make it a sender
_CLOSE_BEFORE = 12     # a name ending this close before a form can be the form's sender ("school referral")
_SENDER_AFTER = 30     # a sender this close after a form received it from there ("PPN from police")
_TO_BEFORE = re.compile(r"\b(?:to|into|for|with)\s+(?:the\s+|a\s+|an\s+)?$")
_TO_AFTER = re.compile(r"^[^.;:]{0,25}?\b(?:to|into)\s")
_FROM_BETWEEN = re.compile(r"\b(?:from|by)\b")
_ABOUT_BEFORE = re.compile(r"\b(?:for|of|about|re|regarding)\s+(?:the\s+|an?\s+)?$")   # "notified for IHCP update"
_DOOR_REACH = 25       # characters after a name searched for the front-door words ("the CMHT duty line")
_DOOR_END = re.compile(r"\band\b|[,:;]")
# What a clause saying only who told whom holds besides the names and the verb (a numbered worker,
# "SW3", is a name too).
_BARE = re.compile(r"\b(?:the|a|an|and|also|both|by|via|e-?mail|phone|telephone|letter|text|was|were|has|been)\b"
                   r"|\b[a-z]{1,4}\d{1,2}\b|[\d\W_]+")


class _Name(NamedTuple):
    agency: str
    start: int
    end: int


class _Found(NamedTuple):
    outgoing: bool
    agency: str
    form: ReferralForm
    evidence: str


def read_referrals(entries: pd.DataFrame, names: AgencyNames, rules: Rules,
                   kinds: tuple[EventKind, ...] = ()) -> pd.DataFrame:
    """One row per entry and agency a referral or notification went to (``_outgoing``) or came from.

    An entry whose event type is a meeting (of the rules' ``skip_event_kinds``, by ``kinds``'
    patterns) is not read: a referral told there is someone else's.
    """
    rows: list[tuple] = []
    forms, messages = rules.referral_form, rules.message_form
    if forms is None and messages is None:
        return _frame(rows, entries)
    meetings = [k for k in kinds if k.id in rules.referral_skip_event_kinds]
    # "... referred to CAMHS and emailed the GP": the e-mail is a message of its own.
    verbs = "|".join(f"(?:{casefree(f.pattern)})" for f in rules.message_forms)
    another = re.compile(rf"\s(?:and|also|then)\s+(?={verbs})") if verbs else None
    columns = zip(entries["_row"].to_numpy(), entries["agency"].to_numpy(), entries["_low"].to_numpy(),
                  entries["event_kind"].to_numpy(), entries["event_type"].to_numpy(), entries["description"].to_numpy(),
                  entries["outcome"].to_numpy(), entries["_start"].to_numpy())
    for row, recorder, low, event_kind, event_type, description, outcome, start in columns:
        used = list(forms.finditer(low)) if forms is not None else []     # the forms, found once per entry
        if not used and (messages is None or messages.search(low) is None):
            continue
        if event_kind in rules.referral_skip_event_kinds and any(k.matches(event_type) for k in meetings):
            continue
        text = f"{event_type}\n{description}\n{outcome}"
        source = text if len(text) == len(low) else low     # the evidence in the record's own letters
        reader = _Reader(recorder, names, rules, low.partition("\n")[0], int(start), used)
        found: dict[tuple[bool, str], _Found] = {}
        previous = None
        for start_at, end_at in _pieces(low, another):
            reader.at = start_at
            facts, previous = reader.read(low[start_at:end_at], previous, start_at <= len(event_type),
                                          source[start_at:end_at])
            for fact in facts:
                found.setdefault((fact.outgoing, fact.agency), fact)
        for fact in found.values():
            pair = (recorder, fact.agency) if fact.outgoing else (fact.agency, recorder)
            rows.append((row, *pair, fact.form.kind, fact.form.id, fact.evidence, fact.outgoing))
    return _frame(rows, entries)


class _Reader:
    """Reads the clauses of one entry."""

    def __init__(self, recorder: str, names: AgencyNames, rules: Rules, event_type: str, start: int,
                 forms: list[re.Match] | None = None):
        self.recorder, self.names, self.rules = recorder, names, rules
        self.used, self.at = forms, 0       # the forms found in the whole entry; where the clause starts
        self.received = rules.received_entry is not None and rules.received_entry.search(event_type) is not None
        self.day = None if start == NO_DAY else day_to_date(start)

    def read(self, clause: str, previous: ReferralForm | None, title: bool = False,
             source: str | None = None) -> tuple[list[_Found], ReferralForm | None]:
        """What the (lower-cased) clause sent or received, and the form a following copy keeps.

        ``title``: the clause is in the event type, where an agency named right before a form sent
        it ("EDT - hospital referral"), unless the form names its receiver ("Referral to CAMHS").
        ``source``: the clause as written, for the evidence.
        """
        rules = self.rules
        spans = self._forms(clause)
        message = False
        if not spans and previous is not None and rules.copy is not None and rules.copy.search(clause):
            spans = [(0, 0, previous)]
        if not spans and rules.message_form is not None:
            found = rules.message_form.search(clause)
            if found is not None:
                spans, message = [(found.start(), found.end(), rules.message_forms[int(found.lastgroup[1:])])], True
        if not spans:
            return self._noted(clause, source or clause), None
        if (rules.not_referral is not None and rules.not_referral.search(clause)) \
                or self._told_as_history(clause, spans):
            return [], None
        form = spans[0][2]
        evidence = " ".join((source or clause).split())
        mentions = self._mentions(clause, spans)
        senders = [m for m in mentions
                   if m.agency != self.recorder and self._sender(clause, m, [] if message else spans, title)]
        if title and senders:
            self.received = True        # the rest of the entry is about what was received
        receivers = [m for m in mentions if m.agency != self.recorder and m not in senders]
        if self._received(clause, spans, senders, receivers) or (self.received and not senders and not receivers
                                                                 and form.senders and not message):
            if message:
                return [], None
            froms = _unique(m.agency for m in senders) or self._usual(form.senders)
            return [_Found(False, a, form, evidence) for a in froms], form
        if message:
            if rules.not_message is not None and rules.not_message.search(clause):
                return [], None
            closed = rules.closed_case is not None and rules.closed_case.search(clause) is not None
            said = form.content and _says_more(clause, mentions, spans)
            receivers = [m for m in receivers if not _ABOUT_BEFORE.search(clause[:m.start])
                         and (closed or said or self._front_door(clause, m))]
        tos = _unique(m.agency for m in receivers)
        if not tos and not message and not any(m.agency != self.recorder for m in mentions):
            tos = self._usual(form.to)
        return [_Found(True, a, form, evidence) for a in tos], form

    def _forms(self, clause: str, notes: bool = False) -> list[tuple[int, int, ReferralForm]]:
        """The forms used in the clause, in order; not one in brackets that sends nothing (a note),
        or, with ``notes``, only those."""
        if self.rules.referral_form is None:
            return []
        if self.used is None:
            matches = [(m.start(), m.end(), m.lastgroup) for m in self.rules.referral_form.finditer(clause)]
        else:
            end = self.at + len(clause)
            matches = [(m.start() - self.at, m.end() - self.at, m.lastgroup) for m in self.used
                       if self.at <= m.start() and m.end() <= end]
        if not matches:
            return []
        brackets = [m.span() for m in _BRACKETS.finditer(clause) if not _SENDING.search(m.group())]
        return [(start, end, self.rules.referral_forms[int(group[1:])]) for start, end, group in matches
                if any(b_start <= start < b_end for b_start, b_end in brackets) == notes]

    def _noted(self, clause: str, source: str) -> list[_Found]:
        """A form named in a note says where something came from: "booking (GP referral)"."""
        found = []
        for start, _, form in self._forms(clause, notes=True):
            opening = clause.rfind("(", 0, start)
            for name in self._mentions(clause, []):
                if name.agency != self.recorder and opening < name.start and 0 <= start - name.end <= _CLOSE_BEFORE:
                    found.append(_Found(False, name.agency, form, " ".join(source.split())))
        return found

    def _told_as_history(self, clause: str, spans: list) -> bool:
        """A form dated before the entry ("EH referral made 21/04" in an entry of 26/04)."""
        if self.rules.history_date is None or self.day is None:
            return False
        for _, end, _ in spans:
            found = self.rules.history_date.match(clause[end:])
            if found is None:
                continue
            day, month, year = found.group(1), found.group(2), found.group(3)
            year = int(year) + (2000 if len(year) == 2 else 0) if year else self.day.year
            try:
                when = dt.date(year, int(month), int(day))
            except ValueError:
                continue
            if found.group(3) is None and when > self.day:      # "21/12" written in January
                when = when.replace(year=year - 1)
            if when < self.day:
                return True
        return False

    def _mentions(self, clause: str, spans: list) -> list[_Name]:
        """The agencies named in the clause, but not a name that is a form itself ("PPN", "RFS")."""
        names = self.names
        out = []
        for match in names.regex.finditer(clause):
            if any(match.start() - 2 <= start <= match.start() and match.end() <= end <= match.end() + 2
                   for start, end, _ in spans):
                continue
            words = match.group()
            agency = names.seen[words] if words in names.seen else names.seen.setdefault(words, names.resolve(words))
            if agency is not None:
                out.append(_Name(agency, match.start(), match.end()))
        return out

    def _sender(self, clause: str, name: _Name, spans: list, title: bool) -> bool:
        rules = self.rules
        before = clause[max(0, name.start - _REACH):name.start]
        if rules.not_receiver_before is not None and rules.not_receiver_before.search(before):
            return True
        if _TO_BEFORE.search(before):        # "referral to CMHT sent via e-RS"
            return False
        if rules.sender_after is not None and rules.sender_after.match(clause[name.end:]):
            return True
        # "Police notification"; "school referral" received; "DSL referral to the 0-19 service"
        for start, end, form in spans:
            if 0 <= start - name.end <= _CLOSE_BEFORE and (
                    self.received or title or form.kind == "notification" or _TO_AFTER.match(clause[end:])):
                return True
        return False

    def _received(self, clause: str, spans: list, senders: list[_Name], receivers: list[_Name]) -> bool:
        """The clause records a form received: it says so, it names only senders, or the form is
        followed by its sender ("PPN from police")."""
        if self.rules.received_clause is not None and self.rules.received_clause.search(clause):
            return True
        if senders and not receivers:
            return True
        end = spans[0][1]
        return any(0 <= s.start - end <= _SENDER_AFTER and _FROM_BETWEEN.search(clause[end:s.start])
                   for s in senders)

    def _front_door(self, clause: str, name: _Name) -> bool:
        """The receiver was reached at its front door (the MASH, a duty line, the surgery), not a worker."""
        rules = self.rules
        if rules.front_door is None:
            return False
        words = clause[name.start:name.end] + _DOOR_END.split(clause[name.end:name.end + _DOOR_REACH], 1)[0]
        for door in rules.front_door.finditer(words):
            if rules.worker is None or not rules.worker.match(words[door.end():]):
                return True
        return False

    def _usual(self, words: tuple[str, ...]) -> list[str]:
        for word in words:
            agency = self.names.resolve(word)
            if agency and agency != self.recorder:
                return [agency]
        return []


def _pieces(low: str, another: re.Pattern | None) -> list[tuple[int, int]]:
    """(start, end) of each clause of an entry's text, a clause cut again before another message."""
    out, at = [], 0
    for end in [m for m in _CLAUSE.finditer(low)] + [None]:
        stop = end.start() if end is not None else len(low)
        cut = at
        if another is not None:
            for part in another.finditer(low, at, stop):
                out.append((cut, part.start()))
                cut = part.end()
        out.append((cut, stop))
        at = end.end() if end is not None else stop
    return [(s, e) for s, e in out if e > s]


def _says_more(clause: str, mentions: list[_Name], spans: list) -> bool:
    """Whether the clause says what the news is, beyond who told whom and how."""
    cut = sorted([(m.start, m.end) for m in mentions] + [(s, e) for s, e, _ in spans])
    rest, at = [], 0
    for start, end in cut:
        rest.append(clause[at:max(at, start)])
        at = max(at, end)
    rest.append(clause[at:])
    return bool(_BARE.sub(" ", " ".join(rest)).strip())


def _unique(agencies) -> list[str]:
    return list(dict.fromkeys(agencies))


def _frame(rows: list[tuple], entries: pd.DataFrame) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=REFERRAL_COLUMNS)
    frame["_row"] = frame["_row"].astype(np.int64)
    frame["_outgoing"] = frame["_outgoing"].astype(bool)
    index = pd.Index(entries["_row"].to_numpy()).get_indexer(frame["_row"].to_numpy())
    for column in ("date", "entry_id", "_start", "_end", "event_kind"):
        frame[column] = entries[column].to_numpy()[index] if len(frame) else \
            pd.Series([], dtype=entries[column].dtype)
    return frame


def never_told(entries: pd.DataFrame, names: AgencyNames, rules: Rules) -> dict[str, set[int]]:
    """Agency -> the rows of entries saying its message never arrived or was never read ("PO had not
    been told of the police incident", "midwife email found unread"): a sentence matching the rules'
    ``not_an_answer`` that names the agency. Such an entry answers nothing from that agency."""
    out: dict[str, set[int]] = {}
    if rules.not_an_answer is None:
        return out
    for row, low in zip(entries["_row"].to_numpy(), entries["_low"].to_numpy()):
        if rules.not_an_answer.search(low) is None:
            continue
        for sentence in _SENTENCE.split(low):
            if rules.not_an_answer.search(sentence) is None:
                continue
            for match in names.regex.finditer(sentence):
                agency = names.resolve(match.group())
                if agency is not None:
                    out.setdefault(agency, set()).add(int(row))
    return out
