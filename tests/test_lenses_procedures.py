"""The procedures lens (build/analysis/procedures.csv): the child protection clocks on the bundled
example, on small hand-made chronologies, with its figures as review settings and its clocks as data,
and measured against the hand-labelled set tests/data/labelled_process/."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

import yaml_files
from lens_support import Score
from network_support import chronology, entry, make_review
from process_support import CASES, case_chronology, clock_score, event_score, load_case, process_found
from reviewbench.build import run_lenses
from reviewbench.errors import ReviewConfigError
from reviewbench.lenses import analyse_lenses, lens_rules

EVENT_FLOOR = {"precision": 0.97, "recall": 0.97}     # measured 1.000 and 1.000 (entry and event), 183 entries
CLOCK_FLOOR = {"precision": 0.97, "recall": 0.97}     # measured 1.000 and 1.000 (clock, start date, met date)


@pytest.fixture(scope="module")
def example(lensed_example):
    table = pd.read_csv(lensed_example / "build" / "analysis" / "procedures.csv", dtype=str, keep_default_na=False)
    return lensed_example, table


def _row(table: pd.DataFrame, clock: str, start: str) -> pd.Series:
    rows = table[(table["clock"] == clock) & (table["start_date"] == start)]
    assert len(rows) == 1, table[["clock", "start_date", "met_by_entry_id"]].to_string()
    return rows.iloc[0]


def test_the_conference_the_kpe_calls_good_practice_was_held_on_working_day_16(example):
    row = _row(example[1], "initial-conference", "2022-11-16")
    assert row["start_entry_id"] == "CSC-b23f5ad5"          # "Threshold for s47 enquiry met"
    assert row["met_by_entry_id"] == "CSC-9bfeda37"         # the ICPC, social care's record of it
    assert (row["due_date"], row["met_date"], row["taken"], row["days_late"], row["status"]) == \
        ("2022-12-07", "2022-12-08", "16", "1", "late")
    assert row["unit"] == "working days" and row["rule"] == "procedures.initial-conference"
    behind = row["entry_ids"].split(";")
    # every agency's record of the strategy discussion and of the conference, the health visitor's a day late
    assert {"SCH-19a0b122", "HV-2e32e6e7", "POL-870a4d4e", "GP-96896b84", "POL-50722729", "HV-64b55a85"} <= set(behind)
    assert "Working Together to Safeguard Children 2023" in row["basis"]


def test_the_core_group_and_the_first_review_conference_were_in_time_and_the_next_is_running(example):
    table = example[1]
    core = _row(table, "first-core-group", "2022-12-08")
    assert (core["met_by_entry_id"], core["taken"], core["status"]) == ("CSC-2267568d", "8", "met")
    first = _row(table, "first-review-conference", "2022-12-08")
    assert (first["due_date"], first["met_by_entry_id"], first["status"]) == ("2023-03-08", "CSC-bf9368ee", "met")
    following = _row(table, "review-conference", "2023-03-07")
    # due in September 2023, after the records end: running, never "not met"
    assert (following["due_date"], following["met_by_entry_id"], following["status"]) == \
        ("2023-09-07", "running", "running")


def test_the_social_workers_visits_count_christmas_bank_holidays_out_and_stop_in_january(example):
    table = example[1]
    christmas = _row(table, "plan-visit", "2022-12-14")
    assert (christmas["start_entry_id"], christmas["due_date"], christmas["met_by_entry_id"]) == \
        ("CSC-a1c48607", "2022-12-30", "CSC-97a7189a")
    assert christmas["days_late"] == "8" and "26 December 2022, 27 December 2022" in christmas["detail"]
    last = _row(table, "plan-visit", "2023-01-12")        # T is not seen by a social worker again
    assert (last["met_by_entry_id"], last["status"]) == ("not met", "not met")
    assert "a local figure, not a statutory one" in last["detail"]


def test_two_visits_without_seeing_t_start_the_escalation_clock_and_nothing_meets_it(example):
    row = _row(example[1], "not-seen-escalation", "2023-02-09")
    assert row["start_entry_id"] == "HV-ea2ff7e2"          # after social care's visit of 7 February
    assert (row["met_by_entry_id"], row["status"]) == ("not met", "not met")
    assert "HOSP-80f0b68d" in row["entry_ids"]              # T next seen, in hospital, on 18 June


def test_a_strategy_discussion_while_the_children_are_on_plans_starts_no_initial_conference_clock(example):
    assert set(example[1][example[1]["clock"] == "initial-conference"]["start_date"]) == {"2022-11-16"}


@pytest.mark.slow
def test_the_figures_are_review_settings_and_the_clocks_data(example, tmp_path):
    folder = tmp_path / "child-t"
    shutil.copytree(example[0], folder)
    config = yaml_files.safe_load((folder / "review.yaml").read_text(encoding="utf-8"))
    config["settings"]["plan_visit_working_days"] = 20
    (folder / "review.yaml").write_text(yaml_files.safe_dump(config, sort_keys=False), encoding="utf-8")
    (folder / "lens_rules.yaml").write_text(
        "procedures:\n  clocks:\n    - {id: initial-conference, amount: 16}\n", encoding="utf-8")
    table = run_lenses(folder).tables["procedures"]
    assert _row(table, "plan-visit", "2022-12-14")["status"] == "met"
    icpc = _row(table, "initial-conference", "2022-11-16")
    assert (icpc["due_date"], icpc["status"], icpc["days_late"]) == ("2022-12-08", "met", 0)


def test_a_clock_that_names_no_event_is_refused_with_the_file_and_the_nearest_name(tmp_path):
    review = make_review(tmp_path / "review")
    (review.root / "lens_rules.yaml").write_text(
        "procedures:\n  clocks:\n    - {id: initial-conference, met_by: icpcc}\n", encoding="utf-8")
    with pytest.raises(ReviewConfigError) as err:
        lens_rules(review.root)
    assert "icpcc" in str(err.value) and "Did you mean 'icpc'" in str(err.value)
    assert str(review.root / "lens_rules.yaml") in str(err.value)
    (review.root / "lens_rules.yaml").write_text(
        "procedures:\n  clocks:\n    - {id: initial-conference, amout: 3}\n", encoding="utf-8")
    with pytest.raises(ReviewConfigError, match="amount"):
        lens_rules(review.root)


def test_a_conference_held_on_time_and_one_never_recorded(tmp_path):
    review = make_review(tmp_path / "review", scope=("2024-01-01", "2024-12-31"))
    rows = [entry("CSC-1", "2024-03-18", "Children's Social Care", "strategy-discussion",
                  "Strategy discussion with Police and school. Section 47 enquiry agreed.",
                  event_type="Strategy discussion"),
            entry("CSC-2", "2024-04-10", "Children's Social Care", "child-protection-conference",
                  "ICPC held. Child made subject to a child protection plan.", event_type="ICPC"),
            entry("CSC-3", "2024-06-03", "Children's Social Care", "strategy-discussion",
                  "Strategy discussion: section 47 enquiry for the new baby.", event_type="Strategy discussion",
                  in_scope=True)]
    table = analyse_lenses(review, chronology(rows)).tables["procedures"]
    icpc = table[table["clock"] == "initial-conference"].set_index("start_entry_id")
    # 18 March + 15 working days, Good Friday and Easter Monday not counted: 10 April, the day it was held
    assert (icpc.loc["CSC-1", "due_date"], icpc.loc["CSC-1", "met_by_entry_id"], icpc.loc["CSC-1", "taken"],
            icpc.loc["CSC-1", "status"]) == ("2024-04-10", "CSC-2", 15, "met")
    assert "29 March 2024, 1 April 2024" in icpc.loc["CSC-1", "detail"]
    # the second strategy discussion fell while the child was on a plan: no clock
    assert "CSC-3" not in icpc.index
    core = table[table["clock"] == "first-core-group"].iloc[0]
    assert (core["met_by_entry_id"], core["status"]) == ("not met", "not met")


def test_without_a_register_or_a_process_the_lens_still_runs(tmp_path):
    review = make_review(tmp_path / "review")
    rows = [entry("GP-1", "2022-05-01", "GP", "appointment", "Mum seen for low mood.")]
    result = analyse_lenses(review, chronology(rows))
    assert result.tables["procedures"].empty
    assert list(result.tables["procedures"].columns)[:3] == ["clock", "child", "start_entry_id"]


# -- the labelled set ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def scores(tmp_path_factory) -> dict[str, Score]:
    events, clocks = Score(set(), set()), Score(set(), set())
    for name in CASES:
        case = load_case(name)
        process, table = process_found(case, tmp_path_factory.mktemp(name) / "review")
        events, clocks = events + event_score(case, process), clocks + clock_score(case, table)
    return {"events": events, "clocks": clocks}


def _assert_floor(score: Score, floor: dict, what: str) -> None:
    assert score.precision >= floor["precision"] and score.recall >= floor["recall"], (
        f"{what}: precision {score.precision:.3f}, recall {score.recall:.3f} (floors {floor}):\n"
        + "\n".join(score.misses()))


def test_the_labelled_set_is_big_enough_and_written_in_several_styles():
    cases = [load_case(name) for name in CASES]
    entries = [e for case in cases for e in case["entries"]]
    assert len(entries) >= 150
    assert sum(bool(e.get("process")) for e in entries) >= 60
    assert sum(len(case["clocks"]) for case in cases) >= 40
    assert len({e["agency"] for e in entries}) >= 12
    assert {case.get("jurisdiction", "england") for case in cases} == {"england", "wales"}
    assert any(case["people"] is None for case in cases)
    assert all(len(case_chronology(case)) == len(case["entries"]) for case in cases)


@pytest.mark.slow
def test_the_process_reading_reaches_its_floor(scores):
    _assert_floor(scores["events"], EVENT_FLOOR, "entries and the process steps they record")


@pytest.mark.slow
def test_the_clocks_reach_their_floor(scores):
    _assert_floor(scores["clocks"], CLOCK_FLOOR, "clocks, their start and the date that met them")
