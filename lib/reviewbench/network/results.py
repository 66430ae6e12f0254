"""What the network stage found for one period: :class:`NetworkAnalysis`.

Kept apart from :mod:`.analysis` (which makes it) so that the writers (:mod:`.outputs`) and the
figures (:mod:`.figures`) import the result, never the stage that makes it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import pandas as pd

from ..dates import date_to_day, day_to_iso, day_to_text
from ..errors import ReviewbenchError
from ..vocabulary import topic_label
from .basis import describe_matched, describe_setting, matched_of
from .interactions import INTERACTION_COLUMNS
from .meetings import MEETING_COLUMNS
from .sensitivity import sensitivity_table
from .statements import Statement

SILENCE_COLUMNS = ("could_not_tell", "why", "attendance", "attendance_entries")
PATTERN_COLUMNS = {
    "contact_gaps": ("from", "to", "days", "opens_period", "closes_period", "last_before", "first_after",
                     *SILENCE_COLUMNS, "rule", "setting"),
    "child_not_seen": ("from", "to", "days", "opens_period", "closes_period", "last_before", "first_after",
                       "contacts_meanwhile", "agencies_meanwhile", *SILENCE_COLUMNS, "rule", "setting", "matched"),
    "repeated_nfa": ("agency", "count", "rule", "setting", "dates", "entry_ids", "matched"),
    "missed_appointments": ("agency", "count", "not_brought", "rule", "setting", "dates", "entry_ids", "matched"),
}
# The columns of build/network/statements.csv (and of statements_table()).
STATEMENT_COLUMNS = ("key", "topic", "rule", "setting", "statement", "entries", "entry_ids", "agencies", "edges",
                     "matched")


def _joined(items: list) -> str:
    """A list cell for reading: "; " between items that hold commas themselves, else ", "."""
    return ("; " if any("," in str(i) for i in items) else ", ").join(str(i) for i in items)


@dataclass
class NetworkAnalysis:
    """Everything the network stage found for one period; written by ``write_network``."""

    review_id: str
    title: str
    start: dt.date
    end: dt.date
    basis: str                      # "review scope" or "requested"
    settings: dict
    agency_order: list[str]         # every agency known, in review.yaml order: lanes and layout
    colours: dict[str, str]
    entries: pd.DataFrame           # entries in the period, with the analysis columns
    interactions: pd.DataFrame
    graph: nx.DiGraph
    agencies: pd.DataFrame
    network: dict
    followthrough: pd.DataFrame
    patterns: dict
    statements: list[Statement]
    notes: list[str]
    outputs: list[Path] = field(default_factory=list)
    sensitivity: list[dict] = field(default_factory=list)   # each threshold's finding at half and double
    meetings: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(MEETING_COLUMNS)))

    @property
    def first_day(self) -> int:
        return date_to_day(self.start)

    @property
    def last_day(self) -> int:
        return date_to_day(self.end)

    @property
    def period(self) -> str:
        return f"between {day_to_text(self.first_day)} and {day_to_text(self.last_day)}"

    def statements_table(self) -> pd.DataFrame:
        """The statements as a table (the notebook, build/network/statements.csv): each prompt's key, topic,
        rule and setting, its text, its entries, and what matched in them."""
        return pd.DataFrame([{"key": s.key, "topic": s.topic, "rule": s.rule,
                              "setting": describe_setting(s.setting), "statement": s.text,
                              "entries": len(s.entry_ids), "entry_ids": ", ".join(s.entry_ids),
                              "agencies": ", ".join(s.agencies), "edges": " .. ".join(e or "-" for e in s.edges),
                              "matched": describe_matched(s.matched)} for s in self.statements],
                            columns=list(STATEMENT_COLUMNS))

    def unanswered(self) -> pd.DataFrame:
        """Referrals not answered in time (undated ones too); those too recent to judge are left out."""
        status = self.followthrough["status"]
        return self.followthrough[~status.isin(["answered", "too-recent"])].reset_index(drop=True)

    def sensitivity_table(self) -> pd.DataFrame:
        """How each threshold's finding changes at half and at double its setting (build/network/sensitivity.csv)."""
        return sensitivity_table(self.sensitivity)

    def interactions_table(self) -> pd.DataFrame:
        return self.interactions[list(INTERACTION_COLUMNS)].reset_index(drop=True)

    def pattern_table(self, name: str) -> pd.DataFrame:
        """One of ``patterns`` as a table: contacts_by_month, contact_gaps, child_not_seen,
        repeated_nfa or missed_appointments (entry ids joined for reading)."""
        tables = sorted(k for k, v in self.patterns.items() if isinstance(v, (list, pd.DataFrame)))
        if name not in tables:
            raise ReviewbenchError(f"there is no pattern called '{name}'.", hint=f"Use one of {', '.join(tables)}.")
        if name == "attendance":
            return self.attendance_table()
        value = self.patterns[name]
        if isinstance(value, pd.DataFrame):
            return value
        if not value:
            return pd.DataFrame(columns=list(PATTERN_COLUMNS[name]))
        rows = []
        for item in value:
            row = {k: v for k, v in item.items() if k not in ("from_day", "to_day", "entries")}
            if "entries" in item:
                row["dates"] = ", ".join(e["date"] for e in item["entries"])
                row["entry_ids"] = ", ".join(e["entry_id"] for e in item["entries"])
                row["matched"] = matched_of(item)
            if "setting" in row:
                row["setting"] = describe_setting(row["setting"])
            if "matched" in row:
                row["matched"] = describe_matched(row["matched"])
            rows.append({k: (_joined(v) if isinstance(v, list) else v) for k, v in row.items()})
        return pd.DataFrame(rows)

    def child_seen_table(self) -> pd.DataFrame:
        """The entries that say whether the child was seen: seen, seen-alone or not-seen, and what said so
        (the column and its value, or the words that matched)."""
        rows = self.entries[self.entries["_seen_state"] != ""]
        return pd.DataFrame({"entry_id": rows["entry_id"], "date": rows["date"], "agency": rows["agency"],
                             "seen": rows["_seen_state"], "evidence": rows["_seen_evidence"]},
                            columns=["entry_id", "date", "agency", "seen", "evidence"]).reset_index(drop=True)

    def attendance_table(self) -> pd.DataFrame:
        """The child's school attendance figures: who recorded each, the days it covers, and whether it
        says the child was at school on most of them."""
        table = self.patterns.get("attendance")
        if table is None or not len(table):
            return pd.DataFrame(columns=["entry_id", "agency", "from", "to", "percent", "most_days"])
        return pd.DataFrame({"entry_id": table["entry_id"], "agency": table["agency"],
                             "from": [day_to_iso(int(d)) for d in table["from_day"]],
                             "to": [day_to_iso(int(d)) for d in table["to_day"]],
                             "percent": table["percent"], "most_days": table["most_days"].astype(bool)})

    def pattern_note(self, name: str) -> str:
        """One sentence on what a pattern found, for above its table."""
        s = self.settings
        if name == "contacts_by_month":
            return f"Contacts per agency per month {self.period}."
        if name == "attendance":
            table = self.attendance_table()
            most = int(table["most_days"].sum())
            return (f"{len(table) or 'No'} school attendance figure{'' if len(table) == 1 else 's'} {self.period}"
                    + (f"; {most} say the child was at school on most days of the time they cover." if len(table)
                       else "."))
        if name == "child_not_seen" and not self.patterns["child_seen_recorded"]:
            return "No entry records whether the child was seen, so periods without it cannot be found."
        one, many, rest = {
            "contact_gaps": ("period", "periods", f"longer than {s['gap_days']} days with no agency contact"),
            "child_not_seen": ("period", "periods", f"longer than {s['child_not_seen_days']} days with no record "
                               "of the child being seen"),
            "repeated_nfa": ("agency", "agencies", f"closed {s['repeat_nfa_count']} or more referrals with no "
                             "further action"),
            "missed_appointments": ("agency", "agencies", "recorded missed appointments or visits"),
        }[name]
        found = len(self.pattern_table(name))
        return f"{found or 'No'} {one if found <= 1 else many} {rest} {self.period}."

    def figure_path(self, name: str, suffix: str = ".png") -> Path:
        """Where ``write_network`` put a figure (swimlane, network, heatmap)."""
        for path in self.outputs:
            if path.stem == name and path.suffix == suffix:
                return path
        raise ReviewbenchError(f"the {name} figure has not been written.",
                               hint="Call graph_review(...) or write_network(...) first.")

    def summary(self) -> str:
        """A few lines for the command line."""
        lines = [s.text for s in self.statements if s.topic in ("summary", "one-agency", "no-interactions")]
        counts: dict[str, int] = {}
        for s in self.statements:
            counts[s.topic] = counts.get(s.topic, 0) + 1
        shown = [f"{topic_label(topic).lower()} ({n})" for topic, n in counts.items()
                 if topic not in ("summary", "one-agency", "no-interactions")]
        if shown:
            lines.append("Prompts for the reviewer: " + ", ".join(shown) + ".")
        return "\n".join(lines)
