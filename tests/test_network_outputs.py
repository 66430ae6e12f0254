"""build/network/: the files, their determinism, and plain statements on bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import networkx as nx
import pandas as pd
import pytest

from network_support import chronology, entry, make_review, statements, topics, write_chronology
from reviewbench.errors import ReviewbenchError, ReviewConfigError
from reviewbench.network import analyse, graph_review, write_network

CSC = "Children's Social Care"
FIGURES = [f"{name}{suffix}" for name in ("swimlane", "network", "heatmap") for suffix in (".png", ".svg")]
FILES = ["interactions.csv", "followthrough.csv", "statements.csv", "meetings.csv", "child_seen.csv",
         "contacts_by_month.csv", "sensitivity.csv",
         "agency_graph.graphml", "metrics.json", *FIGURES]

ROWS = [
    entry("SCH-1", "2022-01-10", "School", "referral", "Bruise seen. Referred to MASH.", seen="Y"),
    entry("CSC-1", "2022-01-11", CSC, "referral-received", "Referral received from school.", outcome="NFA"),
    entry("POL-1", "2022-02-01", "Police", "police-incident", "Domestic incident. PPN submitted to CSC.", seen="N"),
    entry("CSC-2", "2022-03-20", CSC, "strategy-discussion", "Strategy discussion.", joint="J1", with_="Police"),
    entry("POL-2", "2022-03-20", "Police", "strategy-discussion", "Strategy meeting.", joint="J1"),
    entry("GP-1", "2022-03-01", "GP", "missed-appointment", "Child was not brought."),
    entry("HOU-1", "2022-02-15", "Housing", "home-visit", "Concerns about the condition of the flat."),
    entry("HOU-2", "2022-05", "Housing", "home-visit", "Tenancy visit."),
]


@pytest.mark.slow
def test_write_network_writes_every_file_with_the_contract_columns(tmp_path):
    review = make_review(tmp_path / "review")
    written = write_network(analyse(review, chronology(ROWS)), tmp_path / "out")
    assert sorted(p.name for p in written) == sorted(FILES)
    interactions = pd.read_csv(tmp_path / "out" / "interactions.csv", dtype=str, keep_default_na=False)
    assert list(interactions.columns)[:6] == ["from_agency", "to_agency", "kind", "date", "entry_id", "evidence"]
    graph = nx.read_graphml(tmp_path / "out" / "agency_graph.graphml")
    assert graph.has_edge("School", CSC) and graph.nodes["Housing"]["isolate"] is True
    assert graph.edges["Police", CSC]["unanswered_referrals"] == 1
    metrics = json.loads((tmp_path / "out" / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["agencies"]["Housing"]["entries"] == 2
    assert {"density", "reciprocity", "isolates", "expected_missing_ties"} <= set(metrics["network"])
    assert all("entry_ids" in s and "text" in s for s in metrics["statements"])
    for name in FIGURES:
        assert (tmp_path / "out" / name).stat().st_size > 1000
    undrawn = write_network(analyse(review, chronology(ROWS)), tmp_path / "undrawn", figures=False)
    assert [p.name for p in undrawn] == [p.name for p in written if p.name not in FIGURES]
    for path in undrawn:
        assert path.read_bytes() == (tmp_path / "out" / path.name).read_bytes(), path.name


def test_without_figures_every_other_file_is_written_and_nothing_is_drawn(tmp_path):
    review = make_review(tmp_path / "review")
    written = write_network(analyse(review, chronology(ROWS)), tmp_path / "out", figures=False)
    assert sorted(p.name for p in written) == sorted(set(FILES) - set(FIGURES))
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(p.name for p in written)


@pytest.mark.slow
def test_two_runs_give_identical_bytes(tmp_path):
    review = make_review(tmp_path / "review")
    write_network(analyse(review, chronology(ROWS)), tmp_path / "one")
    write_network(analyse(review, chronology(ROWS)), tmp_path / "two")
    for name in FILES:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name


@pytest.mark.slow
def test_graph_review_reads_the_chronology_and_writes_build_network(tmp_path):
    review = make_review(tmp_path / "review")
    write_chronology(review.root, ROWS)
    result = graph_review(review.root)
    assert {p.name for p in result.outputs} == set(FILES)
    assert all(p.parent == review.root / "build" / "network" for p in result.outputs)
    assert result.figure_path("network").exists()
    sliced = graph_review(review.root, start="2022-03-01", end="2022-03-31")
    assert sliced.outputs[0].parent == review.root / "build" / "network" / "2022-03-01_to_2022-03-31"
    assert set(sliced.entries["entry_id"]) == {"GP-1", "CSC-2", "POL-2"}


def test_graph_review_without_a_chronology_says_to_ingest_first(tmp_path):
    review = make_review(tmp_path / "review")
    with pytest.raises(ReviewbenchError, match="reviewbench ingest"):
        graph_review(review.root)


def test_bad_dates_and_settings_are_sentences(tmp_path):
    review = make_review(tmp_path / "review")
    with pytest.raises(ReviewbenchError, match="before the start date"):
        analyse(review, chronology(ROWS), start="2022-05-01", end="2022-04-01")
    with pytest.raises(ReviewbenchError, match="YYYY-MM-DD"):
        analyse(review, chronology(ROWS), start="1st March")
    with pytest.raises(ReviewConfigError, match="repeat_nfa_count"):
        make_review(tmp_path / "odd", settings={"repeat_nfa_count": "often"})


def _written(tmp_path, review, rows, **period):
    result = analyse(review, chronology(rows), **period)
    written = write_network(result, tmp_path / "out")
    assert sorted(p.name for p in written) == sorted(FILES)
    assert all(p.stat().st_size > 0 for p in written)
    json.loads((tmp_path / "out" / "metrics.json").read_text(encoding="utf-8"))
    return result


@pytest.mark.slow
def test_one_agency_gives_outputs_and_a_plain_statement(tmp_path):
    review = make_review(tmp_path / "review")
    result = _written(tmp_path, review, [
        entry("POL-1", "2022-02-01", "Police", "police-incident", "Incident at home."),
        entry("POL-2", "2022-02-03", "Police", "police-incident", "Second incident."),
    ])
    said = statements(result, "one-agency")
    assert said and said[0].text.startswith("Only Police recorded entries")
    assert "no-interactions" in topics(result)
    # matplotlib writes each text into the SVG as a comment: the figure explains itself
    assert b"No exchanges between agencies were found" in (tmp_path / "out" / "network.svg").read_bytes()
    assert len(result.network["isolates"]) == 1


@pytest.mark.slow
def test_no_interactions_gives_outputs_and_a_plain_statement(tmp_path):
    review = make_review(tmp_path / "review")
    result = _written(tmp_path, review, [
        entry("POL-1", "2022-02-01", "Police", "police-incident", "Incident at home."),
        entry("GP-1", "2022-02-03", "GP", "appointment", "Routine check."),
    ])
    assert statements(result, "no-interactions")[0].text.startswith("No exchanges between agencies were found")
    assert len(result.interactions) == 0 and result.network["reciprocity"]["reciprocity"] is None


@pytest.mark.slow
def test_nothing_in_scope_gives_outputs_and_a_plain_statement(tmp_path):
    review = make_review(tmp_path / "review")
    result = _written(tmp_path, review, [
        entry("POL-1", "2021-02-01", "Police", "police-incident", "Before the scope.", in_scope=False),
    ])
    assert topics(result) == ["summary"]
    assert result.statements[0].text.startswith("No entries fall between 1 January 2022 and 31 December 2022")
    assert result.graph.number_of_nodes() == 0
    for name in ("swimlane.svg", "network.svg"):
        assert b"No entries fall between" in (tmp_path / "out" / name).read_bytes()
    assert b"No agency recorded contact" in (tmp_path / "out" / "heatmap.svg").read_bytes()


@pytest.mark.slow
def test_an_empty_chronology_gives_outputs(tmp_path):
    review = make_review(tmp_path / "review")
    result = _written(tmp_path, review, [])
    assert topics(result) == ["summary"]


@pytest.mark.slow   # draws the figures of thousands of entries
def test_thousands_of_entries_on_one_day_give_outputs(tmp_path):
    review = make_review(tmp_path / "review")
    agencies = ["Police", CSC, "School", "GP"]
    rows = [entry(f"E-{i:05d}", "2022-03-05", agencies[i % 4], "telephone-contact",
                  f"Call to {agencies[(i + 1) % 4]}.") for i in range(5000)]
    result = _written(tmp_path, review, rows)
    assert len(result.interactions) == 5000
    assert result.graph.number_of_edges() == 4
    assert [g["days"] for g in result.patterns["contact_gaps"]] == [63, 301]
    assert b"Entries of one agency" in (tmp_path / "out" / "swimlane.svg").read_bytes()     # the note, wrapped


@pytest.mark.slow
def test_outputs_do_not_depend_on_the_python_hash_seed(tmp_path):
    review = make_review(tmp_path / "review")
    write_chronology(review.root, ROWS)
    script = ("import sys; from reviewbench.network import graph_review; "
              "graph_review(sys.argv[1], out_dir=sys.argv[2])")
    for seed in ("1", "2"):
        subprocess.run([sys.executable, "-c", script, str(review.root), str(tmp_path / seed)], check=True,
                       env={**os.environ, "PYTHONHASHSEED": seed})
    for name in FILES:
        assert (tmp_path / "1" / name).read_bytes() == (tmp_path / "2" / name).read_bytes(), name


def test_a_chronology_without_the_agency_column_is_named(tmp_path):
    review = make_review(tmp_path / "review")
    with pytest.raises(ReviewbenchError, match="no column.*agency"):
        analyse(review, chronology(ROWS).drop(columns=["agency"]))
