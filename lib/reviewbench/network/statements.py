"""Plain-English prompts for the reviewer, each carrying the entries behind it.

The numbers are not findings: each statement says what the chronology shows and asks the
question a reviewer would put to the agencies. They reach the report's body, so they say what
a measure means in words ("agencies heard back from most of the agencies they contacted"),
never its name or value (density, betweenness, reciprocity: those are in metrics.json and the
report's appendix). Order is fixed (by topic, then as computed) so that metrics.json compares
byte for byte between runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import pandas as pd

from ..dates import day_to_text, entry_date_text
from . import basis
from .followthrough import NEXT_ENTRY_HOW


@dataclass(frozen=True)
class Statement:
    """One prompt, with its basis (:mod:`.basis`): the rule that made it (by default the topic's),
    the settings that rule read, per entry the cue that matched and its words, a gap's edge entries."""

    topic: str
    text: str
    entry_ids: list[str] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)
    rule: str = ""
    setting: dict = field(default_factory=dict)
    matched: list[dict] = field(default_factory=list)
    edges: list[str] = field(default_factory=list)

    def __post_init__(self):
        if not self.rule:
            object.__setattr__(self, "rule", basis.rule_of(self.topic))

    @property
    def key(self) -> str:
        """Stable across re-runs: the rule and what defines the prompt (a gap's edges, in order; otherwise
        its entries and agencies)."""
        if self.edges:
            return basis.prompt_key(self.rule, ["..".join(self.edges)])
        return basis.prompt_key(self.rule, self.entry_ids, self.agencies)

    def as_dict(self) -> dict:
        return {"key": self.key, "topic": self.topic, "rule": self.rule, "setting": dict(self.setting),
                "text": self.text, "entry_ids": list(self.entry_ids), "agencies": list(self.agencies),
                "edges": list(self.edges), "matched": [dict(m) for m in self.matched]}


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def _names(items: list[str], limit: int = 4) -> str:
    items = list(items)
    if len(items) > limit:
        return ", ".join(items[:limit]) + f" and {len(items) - limit} more"
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


# (smallest share, word), largest first: 18 of 25 is "most", 20 of 36 "about half".
_SHARES = ((0.9, "nearly all"), (0.6, "most"), (0.4, "about half"), (0.2, "some"))


def share_word(part: int, whole: int) -> str:
    """``part`` of ``whole`` in a word: "all", "nearly all", "most", "about half", "some", "few" or "none"."""
    if whole <= 0 or part <= 0:
        return "none"
    if part >= whole:
        return "all"
    return next((word for floor, word in _SHARES if part / whole >= floor), "few")


def overview(period: str, entries: pd.DataFrame, interactions: pd.DataFrame, involved: list[str]) -> list[Statement]:
    recorders = sorted(set(entries["agency"].unique().tolist()) - {""})
    if not len(entries):
        return [Statement("summary", f"No entries fall {period}, so there is nothing to analyse in this period. "
                          "Check the dates asked for, the review scope and whether the chronology has been built.")]
    out = [Statement("summary", f"{period[0].upper()}{period[1:]}, {_plural(len(recorders), 'agency', 'agencies')} "
                     f"recorded {_plural(len(entries), 'entry', 'entries')}, in which "
                     f"{_plural(len(interactions), 'exchange')} between agencies (referrals, information shared or "
                     "asked for, meetings, other contact) were found.",
                     agencies=recorders)]
    if len(recorders) == 1 and len(involved) <= 1:
        out.append(Statement("one-agency", f"Only {recorders[0]} recorded entries {period} and they name no other "
                             "agency, so there is no exchange between agencies to show.", agencies=recorders))
    elif len(recorders) == 1:
        out.append(Statement("one-agency", f"Only {recorders[0]} recorded entries {period}; the network shows the "
                             "agencies its entries name. The other agencies' own records are missing from this "
                             "period: did they submit a chronology?", agencies=recorders))
    if not len(interactions):
        out.append(Statement("no-interactions", f"No exchanges between agencies were found {period}: no entry "
                             "names another agency, lists one under 'with', or shares a joint event."))
    return out


def network_statements(agencies: pd.DataFrame, density: dict, reciprocity: dict, interactions: pd.DataFrame,
                       entries: pd.DataFrame, not_involved: list[str]) -> list[Statement]:
    out = []
    if density["agencies"] > 1 and len(interactions):
        out.append(Statement("density", _in_touch(density)))
        top = agencies.sort_values(["betweenness", "agency"], ascending=[False, True]).iloc[0]
        if top["betweenness"] > 0:
            mask = (interactions["from_agency"] == top["agency"]) | (interactions["to_agency"] == top["agency"])
            name, through = top["agency"], int(mask.sum())
            level = agencies.loc[(agencies["betweenness"] == top["betweenness"]), "agency"].tolist()
            out.append(Statement(
                "broker", f"{_capital(share_word(through, len(interactions)))} of the exchanges between agencies "
                f"({through:,} of {len(interactions):,}) involved {name}, which was in touch with {top['degree']} of "
                f"the {density['agencies'] - 1} other agencies; where two agencies had no exchange of their own, the "
                f"link between them ran most often through {_names(level)}. Did others rely on {name} to pass on "
                "what they knew?", _unique(interactions.loc[mask, "entry_id"]), [name]))
    if reciprocity["links"]:
        examples = [f"{x['from_agency']} contacted {x['to_agency']}" for x in
                    sorted(reciprocity["one_way"], key=lambda x: (-x["count"], x["from_agency"], x["to_agency"]))]
        links, returned = reciprocity["links"], reciprocity["returned"]
        text = (f"Agencies heard back from {share_word(returned, links)} of the agencies they contacted: of the "
                f"{_plural(links, 'pair')} of agencies where one contacted the other (referrals, information shared "
                f"or asked for, other contact), {returned:,} {'has' if returned == 1 else 'have'} something recorded "
                "going back the other way.")
        if examples:
            text += f" Nothing is recorded coming back when, for example, {_names(examples, 3)}."
        ids = [i for x in reciprocity["one_way"] for i in x["entry_ids"]]
        out.append(Statement("reciprocity", text, _unique(ids)))
    isolates = agencies[agencies["isolate"]]
    for row in isolates.itertuples(index=False):
        if row.entries:
            ids = entries.loc[entries["agency"] == row.agency, "entry_id"].tolist()
            out.append(Statement("isolate", f"{row.agency} recorded {_plural(row.entries, 'entry', 'entries')} but "
                                 "exchanged no information with any other agency. Did it know what the others knew, "
                                 "and did they know what it knew?", ids, [row.agency]))
    for row in agencies[(agencies["entries"] == 0) & ~agencies["isolate"]].itertuples(index=False):
        mask = (interactions["from_agency"] == row.agency) | (interactions["to_agency"] == row.agency)
        ids = _unique(interactions.loc[mask, "entry_id"])
        out.append(Statement("no-own-entries", f"{row.agency} recorded no entries in this period, but "
                             f"{_plural(len(ids), 'entry', 'entries')} of other agencies name it. Is its own "
                             "record missing from the chronology?", ids, [row.agency]))
    if not_involved:
        out.append(Statement("not-involved", f"{_names(not_involved, 8)} "
                             f"{'is' if len(not_involved) == 1 else 'are'} listed in review.yaml but recorded "
                             f"nothing and {'was' if len(not_involved) == 1 else 'were'} not named by any other "
                             "agency in this period.",
                             agencies=list(not_involved)))
    return out


def _in_touch(density: dict) -> str:
    """How many pairs of the involved agencies exchanged anything, in words."""
    n, linked, possible = density["agencies"], density["pairs_linked"], density["pairs_possible"]
    if linked >= possible:
        return f"Each of the {n} agencies involved exchanged information with every other at least once."
    missing = possible - linked
    return (f"{_capital(share_word(linked, possible))} of the pairs among the {n} agencies involved were in touch: "
            f"{linked:,} of the {possible:,} pairs exchanged information at least once and {missing:,} never did. "
            f"Which of {'that pair' if missing == 1 else 'those pairs'} should have been talking?")


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def missing_tie_statements(ties: list[dict], window: int) -> list[Statement]:
    out = []
    for tie in ties:
        a, b = tie["agencies"]
        ids = tie["entry_ids"][a] + tie["entry_ids"][b]
        out.append(Statement(
            "expected-missing-tie", f"{a} and {b} both recorded concerns within {window} days of each other "
            f"between {day_to_text(tie['first_day'])} and {day_to_text(tie['last_day'])} "
            f"({a}: {_plural(len(tie['entry_ids'][a]), 'entry', 'entries')}; "
            f"{b}: {_plural(len(tie['entry_ids'][b]), 'entry', 'entries')}), "
            "but no exchange between them is recorded. Should they have shared what they knew?", ids, [a, b],
            matched=tie.get("matched", [])))
    return out


def followthrough_statements(table: pd.DataFrame, days: int) -> list[Statement]:
    if not len(table):
        return []
    answered = table[table["status"] == "answered"]
    recent = table[table["status"] == "too-recent"]
    unanswered = table[~table["status"].isin(["answered", "too-recent"])]
    # An answer found only as the receiver's next entry (followthrough's `next_entry_answers`) is
    # assumed, not read: the statement says how many, so "answered" never claims more than was seen.
    assumed = answered[answered["how"].str.startswith(NEXT_ENTRY_HOW)] if "how" in answered else answered.iloc[:0]
    text = (f"Of {_plural(len(table), 'referral or notification', 'referrals and notifications')} expecting a "
            f"response from another agency, {len(answered):,} had a recorded answer within {days} days")
    if len(assumed):
        text += (f" ({len(assumed):,} of them only the receiving agency's next entry, taken to be its response: "
                 "check those)")
    text += f" and {len(unanswered):,} did not"
    text += (f"; {len(recent):,} {'was' if len(recent) == 1 else 'were'} made too close to the end of the "
             "chronology to judge." if len(recent) else ".")
    out = [Statement("referrals", text, _unique(table["entry_id"]))]
    for row in unanswered.itertuples(index=False):
        what = "referred to" if row.kind == "referral" else "notified"
        text = (f"{row.from_agency} {what} {row.to_agency} on {entry_date_text(row.date)}; {row.to_agency} recorded "
                f"nothing within {days} days that answers it (no referral received, no entry naming "
                f"{row.from_agency}).")
        if row.note:
            text += f" {row.note}"
        out.append(Statement("unanswered-referral", text + " Was it received and acted on?", [row.entry_id],
                             [row.from_agency, row.to_agency],
                             matched=[basis.referral_cue(row.entry_id, row.rule, row.evidence)]))
    for row in recent.itertuples(index=False):
        what = "referred to" if row.kind == "referral" else "notified"
        out.append(Statement("recent-referral", f"{row.from_agency} {what} {row.to_agency} on "
                             f"{entry_date_text(row.date)}, less than {days} days before the chronology ends: "
                             "too recent to judge whether it was answered.", [row.entry_id],
                             [row.from_agency, row.to_agency],
                             matched=[basis.referral_cue(row.entry_id, row.rule, row.evidence)]))
    return out


def _records_cannot_tell(gap: dict) -> str:
    """The sentences on whose records could not tell about a period, and the attendance figures in it."""
    text = ""
    for why in gap.get("why", []):
        agency, _, reason = why.partition(": ")
        text += (f" {agency}'s records cannot tell whether it saw the child then ({reason}): ask for the child's "
                 "attendance in that period.")
    if gap.get("attendance"):
        text += f" Attendance recorded for the time: {_names(gap['attendance'], 3)}."
    return text


def gap_statements(contact_gaps: list[dict], not_seen: list[dict], threshold: int, seen_threshold: int,
                   any_seen_data: bool) -> list[Statement]:
    out = []
    for gap in contact_gaps:
        start = "the start of the period" if gap["opens_period"] else day_to_text(gap["from_day"])
        end = "the end of the period" if gap["closes_period"] else day_to_text(gap["to_day"])
        text = (f"No agency recorded contact with the family for {gap['days']} days, from {start} to {end} (longer "
                f"than {threshold} days)")
        if gap.get("could_not_tell"):
            text += f", although {_names(gap['could_not_tell'])} may have seen the child without recording it"
        text += "." + _records_cannot_tell(gap)
        out.append(Statement("contact-gap", text + " What was happening for the child then?",
                             [i for i in (gap["last_before"], gap["first_after"], *gap.get("attendance_entries", []))
                              if i], list(gap.get("could_not_tell", [])),
                             edges=[gap["last_before"], gap["first_after"]]))
    if not any_seen_data:
        out.append(Statement("child-not-seen", "No entry records whether the child was seen (the child_seen column "
                             "is empty and no description says so), so periods without the child being seen cannot "
                             "be found. Ask the agencies to complete the child_seen column.", rule=basis.NO_SEEN_DATA))
        return out
    for gap in not_seen:
        start = "the start of the period" if gap["opens_period"] else day_to_text(gap["from_day"])
        end = "the end of the period" if gap["closes_period"] else day_to_text(gap["to_day"])
        text = (f"Nobody recorded seeing the child for {gap['days']} days, from {start} to {end} (longer than "
                f"{seen_threshold} days)")
        if gap["contacts_meanwhile"]:
            text += (f", although {_names(gap['agencies_meanwhile'])} recorded "
                     f"{_plural(len(gap['contacts_meanwhile']), 'contact')} in that time")
        text += "." + _records_cannot_tell(gap)
        agencies = sorted(set(gap["agencies_meanwhile"]) | set(gap.get("could_not_tell", [])))
        out.append(Statement("child-not-seen", text + " Who should have seen the child?",
                             [i for i in (gap["last_before"], *gap["contacts_meanwhile"], gap["first_after"],
                                          *gap.get("attendance_entries", [])) if i], agencies,
                             edges=[gap["last_before"], gap["first_after"]], matched=gap.get("matched", [])))
    return out


def seen_statements(counts: dict) -> list[Statement]:
    """How often the child was recorded seen, and seen alone: the two are not the same visit."""
    seen, alone = counts.get("seen", {}), counts.get("seen-alone", {})
    total = seen.get("count", 0) + alone.get("count", 0)
    if not total:
        return []
    text = f"Agencies recorded seeing the child in {_plural(total, 'entry', 'entries')}"
    if alone.get("count"):
        text += (f", {alone['count']:,} of them alone (spoken with away from parents and carers), the last on "
                 f"{entry_date_text(alone['last'])}. Was the child seen alone as often as the concerns called for?")
    else:
        text += ", none of them recording the child seen alone. Did anyone speak with the child alone?"
    return [Statement("child-seen", text, list(alone.get("entry_ids", [])))]


def nfa_statements(repeated: list[dict]) -> list[Statement]:
    out = []
    for item in repeated:
        dates = [entry_date_text(e["date"]) for e in item["entries"]]
        out.append(Statement("repeated-nfa", f"{item['agency']} closed {item['count']} referrals or contacts with no "
                             f"further action ({_names(dates, 6)}). Was the accumulating history weighed each time?",
                             [e["entry_id"] for e in item["entries"]], [item["agency"]],
                             matched=basis.matched_of(item)))
    return out


def missed_statements(missed: list[dict]) -> list[Statement]:
    out = []
    for item in missed:
        brought = f", {item['not_brought']} recorded as 'was not brought'" if item["not_brought"] else ""
        out.append(Statement("missed-appointments", f"{item['agency']} recorded "
                             f"{_plural(item['count'], 'missed appointment or visit', 'missed appointments or visits')}"
                             f"{brought}. Were they followed up, and was the pattern seen?",
                             [e["entry_id"] for e in item["entries"]], [item["agency"]],
                             matched=basis.matched_of(item)))
    return out


def _unique(ids) -> list[str]:
    return list(dict.fromkeys(str(i) for i in ids))


def _with_settings(said: list[Statement], settings: dict) -> list[Statement]:
    """Each statement with the settings its rule read (gap_days, referral_response_days...)."""
    return [s if s.setting else replace(s, setting=basis.setting_of(s.rule, settings)) for s in said]


def all_statements(analysis) -> list[Statement]:
    """Every statement for an analysis, in the fixed order of the topics."""
    entries, interactions, network = analysis.entries, analysis.interactions, analysis.network
    settings, found = analysis.settings, analysis.patterns
    said = overview(analysis.period, entries, interactions, list(analysis.graph.nodes))
    if not len(entries):
        return _with_settings(said, settings)
    said += network_statements(analysis.agencies, network["density"], network["reciprocity"], interactions,
                               entries, network["not_involved"])
    said += missing_tie_statements(network["expected_missing_ties"], settings["concern_window_days"])
    said += followthrough_statements(analysis.followthrough, settings["referral_response_days"])
    said += gap_statements(found["contact_gaps"], found["child_not_seen"], settings["gap_days"],
                           settings["child_not_seen_days"], found["child_seen_recorded"])
    said += seen_statements(found.get("child_seen", {}))
    said += nfa_statements(found["repeated_nfa"])
    said += missed_statements(found["missed_appointments"])
    return _with_settings(said, settings)
