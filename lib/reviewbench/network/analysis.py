"""The front of the network stage: ``analyse`` a chronology, ``graph_review`` a review folder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import networkx as nx
import pandas as pd

from ..agency_records import AgencyRecords
from ..chronology import read_chronology
from ..config import Review, as_review
from ..dates import date_to_day, parse_bound
from ..errors import ReviewbenchError
from ..palette import agency_colours
from ..stages import CHRONOLOGY
from . import metrics, patterns, sensitivity, statements
from .basis import annotate_patterns
from .built import network_dir
from .followthrough import Answers, referrals_to_follow
from .graph import build_graph, undirected
from .interactions import AgencyNames, derive_interactions, with_referrals
from .meetings import Meetings
from .outputs import write_network
from .reading import distinct, meetings_and_names, read_for_network
from .referrals import never_told, read_referrals
from .results import NetworkAnalysis
from .rules import Rules
from .sightings import attendance_spans


def analysis_settings(review: Review) -> dict:
    """The settings the network stage uses, resolved once (review.yaml ``settings:``)."""
    settings = review.settings             # validated with review.yaml (config.Settings)
    gap = settings.gap_days
    return {
        "referral_response_days": settings.referral_response_days,
        "gap_days": gap,
        "child_not_seen_days": settings.child_not_seen_days or gap,
        "concern_window_days": gap if settings.concern_window_days is None else settings.concern_window_days,
        "repeat_nfa_count": settings.repeat_nfa_count,
        "conflict_window_days": settings.conflict_window_days,
    }


def analyse(review: Review, chronology: pd.DataFrame, start: object = None, end: object = None,
            rules: Rules | None = None) -> NetworkAnalysis:
    """Interactions, graph, metrics, follow-through and patterns of ``chronology`` for one period.

    ``start``/``end`` (dates or "YYYY-MM-DD") default to the review scope; only entries marked
    in scope whose date overlaps the period are analysed. Interactions are derived from the
    whole chronology first, so a joint event or an answer to a referral just outside the
    period is still seen.
    """
    settings = analysis_settings(review)
    first, last, basis = _period(review, start, end)
    reading = read_for_network(review, chronology, rules)
    rules, records, kinds, vocabulary, every = (reading.rules, reading.records, reading.kinds, reading.vocabulary,
                                                reading.every)
    all_interactions, agency_order, names, meetings = _all_interactions(review, every, rules, records, kinds,
                                                                        reading.meeting_kinds)
    read = read_referrals(every, names, rules, vocabulary)
    all_interactions = with_referrals(all_interactions, read, every)
    entries, interactions = _select(every, all_interactions, first, last)
    entries = entries.assign(_attendance=meetings.recorders(entries))

    present = distinct(entries["agency"], interactions["from_agency"], interactions["to_agency"])
    known = [a.name for a in review.agencies]
    colours = agency_colours(review.agencies, agency_order)
    graph = build_graph([a for a in agency_order if a in present], entries, interactions, colours, set(known))
    table = metrics.agency_table(graph, interactions)
    sent = read[read["_outgoing"] & read["_row"].isin(entries["_row"])]
    referrals = referrals_to_follow(sent, interactions, rules)
    answers = Answers(referrals, every, all_interactions, rules, ends=date_to_day(review.scope.end),
                      never_told=never_told(every, names, rules))
    followed = {}

    def follow_for(days: int) -> pd.DataFrame:
        if days not in followed:
            followed[days] = answers.within(days)
        return followed[days]

    follow = follow_for(settings["referral_response_days"])
    _annotate_graph(graph, table, follow)
    silences = _silences(every, kinds, records)
    found = _patterns(entries, list(graph.nodes), first, last, settings, silences)
    counters = {"conflict_window_days": lambda days: len(sensitivity.date_conflicts(every, vocabulary, days))}
    if len(entries):
        counters.update(_counters(entries, graph, first, last, follow_for, found["child_seen_recorded"], silences))

    analysis = NetworkAnalysis(
        review_id=review.id, title=review.title, start=first, end=last, basis=basis, settings=settings,
        agency_order=agency_order, colours=colours, entries=entries,
        interactions=interactions, graph=graph, agencies=table,
        network=_network(graph, table, entries, interactions, [a for a in known if a not in present], settings),
        followthrough=follow, patterns=found, statements=[], notes=_notes(every, entries, first, last, review),
        sensitivity=sensitivity.sensitivity(settings, counters), meetings=meetings.table(entries))
    annotate_patterns(analysis.patterns, analysis.network, entries, rules, settings)
    analysis.statements = statements.all_statements(analysis)
    return analysis


def _period(review: Review, start: object, end: object) -> tuple[dt.date, dt.date, str]:
    first = parse_bound(start, "start") or review.scope.start
    last = parse_bound(end, "end") or review.scope.end
    if last < first:
        raise ReviewbenchError(f"the end date {last} is before the start date {first}.",
                               hint="Give the earlier date as the start.")
    return first, last, "review scope" if start in (None, "") and end in (None, "") else "requested"


def _all_interactions(review: Review, every: pd.DataFrame, rules: Rules, records: AgencyRecords, kinds: dict,
                      meeting_kinds: frozenset[str]) -> tuple[pd.DataFrame, list[str], AgencyNames, Meetings]:
    """Interactions of the whole chronology, every agency known in review.yaml order then by name,
    the names and aliases read, and how each agency took part in the meetings."""
    known = [a.name for a in review.agencies]
    meetings, labels, extra = meetings_and_names(review, every, records, kinds, meeting_kinds)
    names = AgencyNames(labels, rules)
    found = derive_interactions(every, names, rules, meetings)
    extra |= distinct(found["from_agency"], found["to_agency"]) - set(known)
    return found, known + sorted(extra), names, meetings


def _select(every: pd.DataFrame, interactions: pd.DataFrame, first: dt.date, last: dt.date):
    """Entries in scope whose dates overlap the period, and their interactions."""
    first_day, last_day = date_to_day(first), date_to_day(last)
    chosen = every["_dated"] & every["in_scope"] & (every["_end"] >= first_day) & (every["_start"] <= last_day)
    entries = every[chosen]
    return entries, interactions[interactions["_row"].isin(entries["_row"])].reset_index(drop=True)


def _network(graph: nx.DiGraph, table: pd.DataFrame, entries: pd.DataFrame, interactions: pd.DataFrame,
             not_involved: list[str], settings: dict) -> dict:
    linked = {frozenset(edge) for edge in undirected(graph).edges}
    isolates = [{"agency": row.agency, "entries": int(row.entries),
                 "entry_ids": entries.loc[entries["agency"] == row.agency, "entry_id"].tolist()}
                for row in table[table["isolate"]].itertuples(index=False)]
    return {"density": metrics.density(graph), "reciprocity": metrics.reciprocity(interactions),
            "isolates": isolates, "not_involved": not_involved,
            "expected_missing_ties": metrics.expected_missing_ties(entries, linked, settings["concern_window_days"])}


def _silences(every: pd.DataFrame, kinds: dict, records: AgencyRecords) -> patterns.Silences:
    """The attendance figures of the entries in scope, and the agencies whose records cannot tell."""
    used = every[every["_dated"] & every["in_scope"]]
    cannot = {name: kind.cannot_tell for name, kind in kinds.items() if kind is not None and kind.cannot_tell}
    schools = frozenset(name for name, kind in kinds.items() if kind is not None and "attendance" in kind.records)
    return patterns.Silences(attendance_spans(used, kinds, records.attendance), cannot, records.attendance, schools)


def _patterns(entries: pd.DataFrame, involved: list[str], first: dt.date, last: dt.date, settings: dict,
              silences: patterns.Silences) -> dict:
    first_day, last_day = date_to_day(first), date_to_day(last)
    recorders = distinct(entries["agency"])
    seen_recorded = _any_seen_data(entries) or bool(silences.covering().shape[0])
    return {
        "contacts_by_month": patterns.contacts_by_month(entries, [a for a in involved if a in recorders],
                                                        first_day, last_day),
        "contact_gaps": patterns.contact_gaps(entries, first_day, last_day, settings["gap_days"], silences)
        if len(entries) else [],
        "child_not_seen": patterns.child_not_seen(entries, first_day, last_day, settings["child_not_seen_days"],
                                                  silences)
        if len(entries) and seen_recorded else [],
        "child_seen_recorded": seen_recorded,
        "child_seen": patterns.seen_counts(entries),
        "attendance": silences.attendance,
        "repeated_nfa": patterns.repeated_nfa(entries, settings["repeat_nfa_count"]),
        "missed_appointments": patterns.missed_appointments(entries),
    }


def _counters(entries: pd.DataFrame, graph: nx.DiGraph, first: dt.date, last: dt.date, follow_for,
              seen_recorded: bool, silences: patterns.Silences) -> dict:
    """For each threshold setting, what its prompts count at a given value (for :mod:`.sensitivity`)."""
    first_day, last_day = date_to_day(first), date_to_day(last)
    linked = {frozenset(edge) for edge in undirected(graph).edges}
    concerns = metrics.concerns_by_agency(entries)
    counters = {
        "gap_days": patterns.gap_counter(entries, first_day, last_day, silences),
        "concern_window_days": lambda days: len(metrics.missing_ties(concerns, linked, days)),
        "referral_response_days": lambda days: int((~follow_for(days)["status"].isin(["answered", "too-recent"]))
                                                   .sum()),
        "repeat_nfa_count": patterns.nfa_counter(entries),
    }
    if seen_recorded:
        counters["child_not_seen_days"] = patterns.gap_counter(entries, first_day, last_day, silences, seen=True)
    return counters


def _any_seen_data(entries: pd.DataFrame) -> bool:
    return bool((entries["_seen_state"] != "").any() or (entries["child_seen"].str.strip() != "").any()
                or (entries["seen_alone"].str.strip() != "").any())


def _annotate_graph(graph: nx.DiGraph, table: pd.DataFrame, follow: pd.DataFrame) -> None:
    """Put the metrics on the nodes and the unanswered referrals on the edges (for GraphML)."""
    for row in table.itertuples(index=False):
        graph.nodes[row.agency].update(
            interactions_out=int(row.interactions_out), interactions_in=int(row.interactions_in),
            degree=int(row.degree), degree_centrality=float(row.degree_centrality),
            betweenness=float(row.betweenness), closeness=float(row.closeness), isolate=bool(row.isolate))
    unanswered = follow[follow["status"] == "unanswered"].groupby(["from_agency", "to_agency"]).size()
    for source, target, data in graph.edges(data=True):
        data["unanswered_referrals"] = int(unanswered.get((source, target), 0))


def _notes(every: pd.DataFrame, entries: pd.DataFrame, first: dt.date, last: dt.date, review: Review) -> list[str]:
    notes = []
    undated = int((~every["_dated"]).sum())
    if undated:
        notes.append(f"{_entries(undated)} no usable date and are left out of every time-based analysis.")
    out_of_scope = int((~every["in_scope"] & every["_dated"] & (every["_end"] >= date_to_day(first))
                        & (every["_start"] <= date_to_day(last))).sum())
    if out_of_scope:
        notes.append(f"{_entries(out_of_scope, 'is', 'are')} marked out of the review scope and left out.")
    month = int((entries["_precision"] == "month").sum())
    year = int((entries["_precision"] == "year").sum())
    if month:
        notes.append(f"{_entries(month, 'is', 'are')} dated only to the month; each counts for its whole month "
                     "when gaps are found.")
    if year:
        notes.append(f"{_entries(year, 'is', 'are')} dated only to the year and left out of gaps and the monthly "
                     "counts.")
    if first < review.scope.start or last > review.scope.end:
        notes.append(f"The period asked for reaches beyond the review scope ({review.scope.start} to "
                     f"{review.scope.end}); only entries marked in scope are analysed.")
    return notes


def _entries(n: int, one: str = "has", many: str = "have") -> str:
    return f"{n:,} {'entry' if n == 1 else 'entries'} {one if n == 1 else many}"


def graph_review(review_dir: Review | str | Path, start: object = None, end: object = None,
                 out_dir: str | Path | None = None) -> NetworkAnalysis:
    """``reviewbench graph DIR``: analyse build/chronology.csv and write build/network/."""
    review = as_review(review_dir)
    path = review.build_dir / CHRONOLOGY
    if not path.exists():
        raise ReviewbenchError(f"there is no {path.relative_to(review.root).as_posix()} yet.", where=str(review.root),
                               hint="Run 'reviewbench ingest DIR' first to build the chronology.")
    analysis = analyse(review, read_chronology(path), start, end)
    analysis.outputs = write_network(analysis, Path(out_dir) if out_dir else network_dir(review, start, end))
    return analysis
