"""Who each entry involves, which way, and as what kind of interaction.

An entry involves another agency when that agency reported the same joint event, is named in
the ``with`` column, or is mentioned (by name or alias) in the event type, description or
outcome. The words right before a mention (a *cue*, from the interaction rules) say which way
it went; without one, the entry's event kind decides. An agency never involves itself.

The kind is the entry's event kind's ``interaction``; a cue with a kind says more about the
one agency it names ("checks requested from school" is a request, whatever the entry). A
joint event links its agencies as a joint meeting, unless the entry is itself a referral or
sharing (a referral made at a strategy discussion stays a referral, and can be answered by the
other agency's record of the same event). "none" becomes "contact" once another agency is
involved. One row per entry and agency, so counts are of entries, not of words. Each row names
the ``rule`` that decided its kind and direction (``cue:<id>``, ``event-kind:<id>`` or
``joint-event``); ``evidence`` holds the words that matched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
import pandas as pd

from ..chronology.schema import split_list
from .meetings import Meetings
from .rules import Rules, casefree

# The columns of build/network/interactions.csv: the contract first, then our additions. ``rule``:
# the cue, form or source that made the interaction what it is (a referral form's id, a cue's id,
# "joint-event", "event-kind:<kind>"); ``evidence``: the words that matched.
INTERACTION_COLUMNS = ("from_agency", "to_agency", "kind", "date", "entry_id", "evidence",
                       "recorded_by", "via", "rule")
REFERRAL_KINDS = ("referral", "notification")

# How sure we are of a counterpart, best first: a joint event, a mention with a cue, the
# `with` column, a bare mention.
_JOINT, _CUED, _WITH, _MENTION = range(4)
_SENT = ("referral", "information-shared", "information-requested")
_ARTICLE = r"(?:(?:the|a|an|their|our|his|her)\s+)?"
_CONTINUES = re.compile(r"^\s*(?:,|and|&|or|/|as well as)\s*(?:(?:the|a|an)\s+)?$", re.IGNORECASE)


def name_key(label: str) -> str:
    """Compare agency labels ignoring case, punctuation and apostrophes."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", re.sub(r"['\u2019]", "", label.lower())).split())


_SEPARATOR = r"[\s\-/]+"
_APOSTROPHE = "['\u2019]?"
_CUE_REACH = 60   # characters before a mention searched for a cue


def _tokens(label: str) -> list[str]:
    """A label as regex tokens over lower-cased text: any run of space, hyphen or slash between
    words, apostrophes optional ("children's" also matches "childrens" and "children’s")."""
    tokens: list[str] = []
    for ch in label.strip().lower():
        if ch.isspace() or ch in "-/":
            if tokens and tokens[-1] != _SEPARATOR:
                tokens.append(_SEPARATOR)
        elif ch in "'\u2019":
            tokens.append(_APOSTROPHE)
        else:
            tokens.append(re.escape(ch))
    return tokens


def _trie(sequences: list[list[str]]) -> str:
    """An alternation of token sequences folded into a trie, longest match first.

    Python's regex engine tries the alternatives of a flat alternation one by one at every
    position; folded into a trie it tries one branch per character instead, which is what
    makes 100,000 entries x 150 names and aliases take a fraction of a second.
    """
    root: dict = {}
    for tokens in sequences:
        node = root
        for token in tokens:
            node = node.setdefault(token, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [token + emit(child) for token, child in sorted(node.items()) if token]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(root) or r"(?!x)x"


class AgencyNames:
    """One compiled regex per review for agency names and aliases, and one for the cues before them."""

    def __init__(self, labels: dict[str, str], rules: Rules):
        self.lookup = {name_key(label): name for label, name in labels.items() if name_key(label)}
        self.seen: dict[str, str | None] = {}   # matched words -> agency, so each spelling is resolved once
        sequences = [_tokens(label) for label in labels if name_key(label)]
        # Not inside a hyphenated word either: "pre-school" does not name the School. A number may
        # follow, as chronologies number their workers: "SW2" is a social worker, "GP1" a GP.
        self.regex = re.compile(rf"(?<![\w-])(?:{_trie(sequences)})\d{{0,2}}(?![\w-])")
        self.cues = rules.cues
        self.not_after, self.not_before = rules.not_involved_after, rules.not_involved_before
        groups = "|".join(f"(?P<c{i}>{casefree(c.pattern)})" for i, c in enumerate(self.cues))
        self.cue = re.compile(rf"(?<!\w)(?:{groups})\s+{_ARTICLE}$") if self.cues else None

    def _not_involved(self, low: str, start: int, end: int) -> bool:
        return (self.not_after is not None and self.not_after.match(low[end:end + _CUE_REACH]) is not None) or \
            (self.not_before is not None and self.not_before.search(low, max(0, start - _CUE_REACH), start) is not None)

    def resolve(self, label: str) -> str | None:
        key = name_key(label)
        return self.lookup.get(key) or self.lookup.get(key.rstrip("0123456789").strip())

    def mentions(self, text: str, low: str) -> Iterable[tuple[str, int | None, str]]:
        """(agency, index of the cue or None, matched words) for each mention, in text order; not a
        mention that says the agency was not involved ("Housing: not invited").

        ``low`` is ``text`` lower-cased; the matched words are taken from ``text`` when the
        two line up character for character.
        """
        source = text if len(text) == len(low) else low
        previous_end, previous_cue = None, None
        for match in self.regex.finditer(low):
            words = match.group()
            agency = self.seen[words] if words in self.seen else self.seen.setdefault(words, self.resolve(words))
            if agency is None or self._not_involved(low, match.start(), match.end()):
                continue
            start, cue = match.start(), None
            found = self.cue.search(low, max(0, start - _CUE_REACH), start) if self.cue else None
            if found is not None:
                cue = next(i for i in range(len(self.cues)) if found.group(f"c{i}") is not None)
                start = found.start()
            elif previous_cue is not None and _CONTINUES.match(low[previous_end:match.start()]):
                cue = previous_cue   # "referred to CSC and Police": Police was referred to as well
            previous_end, previous_cue = match.end(), cue
            yield agency, cue, " ".join(source[start:match.end()].split())


def agency_labels(review_agencies: Iterable, extra: Iterable[str] = ()) -> dict[str, str]:
    """Every name and alias -> canonical agency name (the review's agencies win over extras)."""
    labels: dict[str, str] = {}
    for name in extra:
        if name:
            labels.setdefault(name, name)
    for agency in review_agencies:
        labels[agency.name] = agency.name
        for alias in agency.aliases:
            labels[alias] = agency.name
    return labels


def derive_interactions(entries: pd.DataFrame, names: AgencyNames, rules: Rules,
                        meetings: Meetings | None = None) -> pd.DataFrame:
    """One row per entry and other agency it involves (see the module docstring).

    With ``meetings``, a meeting is a joint meeting only between agencies that attended it: a report
    sent is information shared with the convener, an invitation not taken up no exchange.
    """
    agencies = entries["agency"].to_numpy()
    joint_ids = entries["joint_event_id"].str.strip().to_numpy()
    joint_members: dict[str, list[str]] = {}
    for jid, agency in zip(joint_ids, agencies):
        if jid and agency and agency not in joint_members.setdefault(jid, []):
            joint_members[jid].append(agency)

    kind_rules = rules.event_kinds
    rows: list[tuple] = []
    columns = zip(entries["_row"].to_numpy(), agencies, entries["event_kind"].to_numpy(),
                  entries["_kind"].to_numpy(), joint_ids, entries["with"].to_numpy(),
                  entries["event_type"].to_numpy(), entries["description"].to_numpy(),
                  entries["outcome"].to_numpy(), entries["_low"].to_numpy(), entries["meeting_attendance"].to_numpy())
    for row, recorder, event_kind, kind, jid, with_, event_type, description, outcome, low, took_part in columns:
        found: dict[str, tuple[int, int | None, str]] = {}
        if jid:
            for other in joint_members[jid]:
                if other != recorder:
                    found[other] = (_JOINT, None, f"joint event {jid} also reported by {other}")
        if with_:
            for label in split_list(with_):
                other = names.resolve(label) or label   # an agency outside review.yaml keeps its own name
                if other != recorder and other not in found:
                    found[other] = (_WITH, None, f"with: {label}")
        if not low.isspace():
            for other, cue, evidence in names.mentions(f"{event_type}\n{description}\n{outcome}", low):
                if other == recorder:
                    continue
                rank = _CUED if cue is not None else _MENTION
                if other not in found or rank < found[other][0]:
                    found[other] = (rank, cue, f"text: {evidence}")
                elif found[other][0] == _JOINT and cue is not None and found[other][1] is None:
                    found[other] = (_JOINT, cue, found[other][2])
        if not found:
            continue
        spec = kind_rules.get(event_kind, {})
        states = meetings.at(jid, event_kind, recorder, took_part, f"{event_type}\n{description}\n{outcome}") \
            if meetings is not None else None
        for other in sorted(found):
            rank, cue, evidence = found[other]
            rule, cued = f"event-kind:{event_kind}", False
            if rank == _JOINT and kind not in _SENT:
                this_kind, direction, rule = "joint-meeting", "outgoing", "joint-event"
            else:   # a referral or sharing at a joint event is still a referral or sharing
                this_kind = kind
                direction = spec.get("direction", rules.default_direction)
                if cue is not None:
                    direction, rule, cued = rules.cues[cue].direction, f"cue:{rules.cues[cue].id}", True
                    if rules.cues[cue].kind and this_kind in rules.refinable_kinds:
                        this_kind = rules.cues[cue].kind
                if this_kind == "none":
                    this_kind = "contact"
            pair = (recorder, other) if direction == "outgoing" else (other, recorder)
            if this_kind == "joint-meeting" and states is not None:
                exchange = meetings.exchange(event_kind, recorder, other, states)
                if exchange is None:
                    continue        # invited and did not come, or a report that went to the convener only
                *pair, this_kind, said = exchange
                evidence = f"{evidence}; {said}" if said else evidence
            rows.append((*pair, this_kind, row, evidence, recorder,
                         ("joint", "mention", "with", "mention")[rank], rule, cued))

    frame = pd.DataFrame(rows, columns=["from_agency", "to_agency", "kind", "_row", "evidence",
                                        "recorded_by", "via", "rule", "_cued"])
    frame["_cued"] = frame["_cued"].astype(bool)
    frame["_row"] = frame["_row"].astype(np.int64)
    position = entries["_row"].to_numpy()
    index = pd.Index(position).get_indexer(frame["_row"].to_numpy())
    for column in ("date", "entry_id", "_start", "_end", "event_kind"):
        frame[column] = entries[column].to_numpy()[index] if len(frame) else \
            pd.Series([], dtype=entries[column].dtype)
    frame["_outgoing"] = (frame["from_agency"] == frame["recorded_by"]).to_numpy(dtype=bool)
    return frame.sort_values(["_row", "from_agency", "to_agency"], kind="stable").reset_index(drop=True)


def with_referrals(interactions: pd.DataFrame, referrals: pd.DataFrame, entries: pd.DataFrame) -> pd.DataFrame:
    """The interactions, with what the referral reading found (``referrals.read_referrals``) in them.

    A referral or notification found in an entry replaces that entry's interaction with the same
    agency (its direction, kind, rule, and the clause as evidence), or becomes one when no mention
    made it (a PPN to its usual receiver, an Encompass call received); an outgoing referral or
    notification the reading did not find (a plan, a form told as history) is only a contact. So
    interactions.csv and followthrough.csv agree: every referral or notification the recorder sent
    is followed up.
    """
    frame = interactions.copy()
    keys = pd.MultiIndex.from_arrays([frame["_row"].to_numpy(), _other(frame)])
    found = referrals.assign(_other=_other(referrals))
    first = ~found.duplicated(["_row", "_other"]).to_numpy()
    position = pd.MultiIndex.from_frame(found.loc[first, ["_row", "_other"]]).get_indexer(keys)
    matched = position >= 0
    frame.loc[frame["_outgoing"].to_numpy() & frame["kind"].isin(REFERRAL_KINDS).to_numpy() & ~matched,
              ["kind", "rule"]] = ["contact", "not-a-referral"]
    reading = found[first].iloc[position[matched]]
    for column in ("from_agency", "to_agency", "kind", "rule", "_outgoing"):
        frame.loc[matched, column] = reading[column].to_numpy()
    frame.loc[matched, "evidence"] = ("text: " + reading["evidence"]).to_numpy()
    frame.loc[matched, "via"] = np.where(frame.loc[matched, "via"] == "joint", "joint", "form")
    frame.loc[matched, "_cued"] = False
    used = np.zeros(len(found), dtype=bool)
    used[np.flatnonzero(first)[position[matched]]] = True
    new = found[~used]
    if len(new):
        index = pd.Index(entries["_row"].to_numpy()).get_indexer(new["_row"].to_numpy())
        added = pd.DataFrame({"from_agency": new["from_agency"].to_numpy(), "to_agency": new["to_agency"].to_numpy(),
                              "kind": new["kind"].to_numpy(), "_row": new["_row"].to_numpy(),
                              "evidence": ("text: " + new["evidence"]).to_numpy(),
                              "recorded_by": entries["agency"].to_numpy()[index], "via": "form",
                              "rule": new["rule"].to_numpy(), "_cued": False})
        for column in ("date", "entry_id", "_start", "_end", "event_kind"):
            added[column] = entries[column].to_numpy()[index]
        added["_outgoing"] = new["_outgoing"].to_numpy(dtype=bool)
        frame = pd.concat([frame, added], ignore_index=True)
    frame["_outgoing"] = frame["_outgoing"].astype(bool)
    frame["_cued"] = frame["_cued"].astype(bool)
    return frame.sort_values(["_row", "from_agency", "to_agency"], kind="stable").reset_index(drop=True)


def _other(frame: pd.DataFrame) -> np.ndarray:
    """The agency an interaction involves besides the recorder."""
    return np.where(frame["_outgoing"].to_numpy(dtype=bool), frame["to_agency"].to_numpy(),
                    frame["from_agency"].to_numpy())
