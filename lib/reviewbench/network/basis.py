"""The basis of every prompt: the rule that made it, the setting it used, the words that matched.

A reviewer who doubts a prompt ("child not seen for 105 days") needs to see why it was made
before deciding whether it is wrong. So every statement carries a rule id (``gap.contact``,
``referral.unanswered``...), the settings of review.yaml that rule read, and, per entry behind
it, the cue of ``interaction_rules.yaml`` that fired and the words it matched; a gap names the
entries at its edges. Cue ids name the section of the rules file they come from
(``no_further_action.patterns``, ``referrals.forms.ppn``), so the reviewer knows what to change.

Every statement also has a *key* that survives re-runs: its rule and the entries that define it
(a gap's edges; otherwise its entries and agencies), hashed. A reviewer's dismissal of a
prompt (``authored/dismissed_prompts.yaml``) refers to it by that key; when the analysis no
longer makes the prompt, the key no longer matches and the dismissal is reported, not kept.
"""

from __future__ import annotations

import hashlib
import re
from typing import Iterable

import numpy as np
import pandas as pd

from .rules import Rules

# The rule behind each topic of statement. A topic not listed gets "statement.<topic>".
RULES = {
    "summary": "network.summary",
    "one-agency": "network.one-agency",
    "no-interactions": "network.no-interactions",
    "density": "network.density",
    "broker": "network.betweenness",
    "reciprocity": "network.reciprocity",
    "isolate": "network.isolate",
    "no-own-entries": "network.no-own-entries",
    "not-involved": "network.not-involved",
    "expected-missing-tie": "tie.concern-window",
    "referrals": "referral.followthrough",
    "unanswered-referral": "referral.unanswered",
    "recent-referral": "referral.too-recent",
    "contact-gap": "gap.contact",
    "child-not-seen": "gap.child-not-seen",
    "child-seen": "seen.counts",
    "repeated-nfa": "pattern.repeated-nfa",
    "missed-appointments": "pattern.missed-appointments",
}
NO_SEEN_DATA = "seen.no-record"     # "no entry records whether the child was seen"
_WORD_END = re.compile(r"\w*")
_SEEN_COLUMNS = ("child_seen", "seen_alone", "attendance")     # the columns a sighting can come from

# The settings of review.yaml (``settings:``) each rule reads.
RULE_SETTINGS = {
    "tie.concern-window": ("concern_window_days",),
    "referral.followthrough": ("referral_response_days",),
    "referral.unanswered": ("referral_response_days",),
    "referral.too-recent": ("referral_response_days",),
    "gap.contact": ("gap_days",),
    "gap.child-not-seen": ("child_not_seen_days",),
    "pattern.repeated-nfa": ("repeat_nfa_count",),
}

def rule_of(topic: str) -> str:
    return RULES.get(topic, f"statement.{topic}")


def setting_of(rule: str, settings: dict) -> dict:
    """The settings ``rule`` read, by name: ``{"gap_days": 60}``."""
    return {name: settings[name] for name in RULE_SETTINGS.get(rule, ()) if name in settings}


def prompt_key(rule: str, entry_ids: Iterable[str], agencies: Iterable[str] = ()) -> str:
    """``gap.contact:3fa9c2d1e0``: the rule, and a digest of the entries and agencies that define the prompt.

    The order of the ids does not matter; the wording of the statement and the settings do not
    count, so re-wording a prompt or changing a threshold keeps a dismissal that still applies.
    """
    digest = hashlib.sha256("\x1f".join([rule, " ".join(sorted(set(entry_ids))),
                                         " ".join(sorted(set(agencies)))]).encode("utf-8"))
    return f"{rule}:{digest.hexdigest()[:10]}"


def describe_setting(setting: dict) -> str:
    """``gap_days 60, ...``: a setting for a table cell or a sentence."""
    return ", ".join(f"{name} {value}" for name, value in setting.items())


def describe_matched(matched: list[dict]) -> str:
    """``GP-1 [no_further_action.patterns] "NFA"; ...``: what matched, for a table cell."""
    return "; ".join(f"{m['entry_id']} [{m['cue']}]" + (f' "{m["text"]}"' if m.get("text") else "")
                     for m in matched)


# -- what matched in each entry ---------------------------------------------------------------------

_CUE_COLUMNS = ("event_kind", "_low", "_seen_evidence", "event_type", "description", "outcome")


class EntryCues:
    """The cue of the rules that made an entry count as a concern, an NFA, a missed appointment or a
    sighting of the child, and the words it matched; looked up for the few entries behind prompts."""

    def __init__(self, entries: pd.DataFrame, rules: Rules):
        self.entries, self.rules = entries, rules
        self._position: dict[str, int] | None = None
        self._columns: dict[str, np.ndarray] = {}

    def _row(self, entry_id: str) -> dict | None:
        if self._position is None:     # the columns read once, not a pandas row per entry
            self._position = {e: i for i, e in enumerate(self.entries["entry_id"].tolist())}
            self._columns = {c: self.entries[c].to_numpy() for c in _CUE_COLUMNS}
        i = self._position.get(entry_id)
        if i is None:
            return None
        row = {c: values[i] for c, values in self._columns.items()}
        return {"kind": row["event_kind"], "low": row["_low"], "seen": row["_seen_evidence"],
                "text": f"{row['event_type']}\n{row['description']}\n{row['outcome']}"}

    @staticmethod
    def _words(pattern, row: dict) -> str:
        """The words ``pattern`` matched in the entry, as the agency wrote them where the case allows."""
        found = pattern.search(row["low"]) if pattern is not None else None
        if found is None:
            return ""
        source = row["text"] if len(row["text"]) == len(row["low"]) else row["low"]
        end = _WORD_END.match(source, found.end()).end()     # "disclos" shown as the word: "disclosed"
        return " ".join(source[found.start():end].split())

    def _cue(self, entry_id: str, section: str, kinds: frozenset, pattern) -> dict:
        row = self._row(entry_id)
        if row is None:
            return {"entry_id": entry_id, "cue": section, "text": ""}
        if row["kind"] in kinds:
            return {"entry_id": entry_id, "cue": f"{section}.event_kinds", "text": row["kind"]}
        return {"entry_id": entry_id, "cue": f"{section}.patterns", "text": self._words(pattern, row)}

    def concern(self, entry_id: str) -> dict:
        return self._cue(entry_id, "concern", self.rules.concern_event_kinds, self.rules.concern)

    def nfa(self, entry_id: str) -> dict:
        return self._cue(entry_id, "no_further_action", frozenset(), self.rules.nfa)

    def missed(self, entry_id: str) -> dict:
        return self._cue(entry_id, "missed_appointment", self.rules.missed_event_kinds, self.rules.missed)

    def seen(self, entry_id: str) -> dict:
        """What made the entry a sighting (``sightings.seen_states``): a column ("child_seen: Y",
        "attendance: 96%") or the words of the ``child_seen`` rules."""
        row = self._row(entry_id)
        evidence = row["seen"] if row is not None else ""
        column, colon, value = evidence.partition(": ")
        if colon and column in _SEEN_COLUMNS:
            return {"entry_id": entry_id, "cue": f"{column} column", "text": value.split("; ")[0].strip()}
        return {"entry_id": entry_id, "cue": "child_seen.patterns", "text": evidence}


def referral_cue(entry_id: str, rule: str, evidence: str) -> dict:
    """A referral's form (``referrals.forms.<id>``, or the follow-through kind that picked it) and its clause."""
    cue = f"followthrough.{rule.replace(':', '.')}" if ":" in rule else f"referrals.forms.{rule}"
    return {"entry_id": entry_id, "cue": cue, "text": evidence}


def annotate_patterns(patterns: dict, network: dict, entries: pd.DataFrame, rules: Rules, settings: dict) -> None:
    """Put the rule, its setting and what matched on each pattern item (written to metrics.json, and
    read by the statements): gaps get their rule and setting (their edges are already there), the
    child's gaps the cue that counted each edge as a sighting, NFA and missed appointments the cue
    of each entry, expected ties the concern cue of each entry."""
    cues = EntryCues(entries, rules)
    for name, rule in (("contact_gaps", "gap.contact"), ("child_not_seen", "gap.child-not-seen")):
        for gap in patterns.get(name, []):
            gap["rule"] = rule
            gap["setting"] = setting_of(rule, settings)
            if name == "child_not_seen":
                gap["matched"] = [cues.seen(e) for e in (gap["last_before"], gap["first_after"]) if e]
    for name, rule, cue in (("repeated_nfa", "pattern.repeated-nfa", cues.nfa),
                            ("missed_appointments", "pattern.missed-appointments", cues.missed)):
        for item in patterns.get(name, []):
            item["rule"] = rule
            item["setting"] = setting_of(rule, settings)
            for listed in item["entries"]:
                found = cue(listed["entry_id"])
                listed.update(cue=found["cue"], matched=found["text"])
    for tie in network.get("expected_missing_ties", []):
        tie["rule"] = "tie.concern-window"
        tie["setting"] = setting_of(tie["rule"], settings)
        tie["matched"] = [cues.concern(e) for ids in tie["entry_ids"].values() for e in ids]


def matched_of(item: dict) -> list[dict]:
    """The per-entry cues of an annotated NFA or missed-appointments item, as a statement holds them."""
    return [{"entry_id": e["entry_id"], "cue": e.get("cue", ""), "text": e.get("matched", "")}
            for e in item["entries"]]
