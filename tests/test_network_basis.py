"""The basis of every prompt (``reviewbench.network.basis``): each statement, interaction and pattern
names the rule or cue that made it, the setting it used and the words that matched, in the analysis
and in build/network/; and each prompt has a key that survives a re-run."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from network_support import AGENCIES, chronology, entry, make_review, statements
from reviewbench.network import analyse, write_network
from reviewbench.network.basis import RULES, prompt_key

CSC = "Children's Social Care"
# Every topic of statement at least once: a referral answered, a PPN unanswered, one too recent,
# NFA twice, a missed appointment, an isolate, an agency only named, one never named, gaps.
ROWS = [
    entry("SCH-1", "2022-01-10", "School", "referral", "Bruise seen on arm. Referred to MASH.", seen="Y"),
    entry("CSC-1", "2022-01-11", CSC, "referral-received", "Referral received from school.",
          outcome="No further action."),
    entry("POL-1", "2022-02-01", "Police", "police-incident", "Domestic incident at the home. PPN submitted.",
          seen="N"),
    entry("HOU-1", "2022-02-15", "Housing", "home-visit", "Concerns about the condition of the flat."),
    entry("GP-1", "2022-03-01", "GP", "missed-appointment", "Child was not brought to the clinic."),
    entry("GP-2", "2022-03-15", "GP", "appointment",
          "Child seen. Worried about weight loss; information shared with health visitor.", seen="Y"),
    entry("CSC-2", "2022-03-20", CSC, "strategy-discussion", "Strategy discussion.", joint="J1", with_="Police"),
    entry("POL-2", "2022-03-20", "Police", "strategy-discussion", "Strategy meeting.", joint="J1"),
    entry("CSC-3", "2022-04-02", CSC, "referral-received", "Contact from police about a second incident.",
          outcome="NFA"),
    entry("SCH-2", "2022-12-28", "School", "referral", "Referred to GP for a hearing test."),
]
EVERY_TOPIC = ["summary", "density", "broker", "reciprocity", "isolate", "no-own-entries", "not-involved",
               "expected-missing-tie", "referrals", "unanswered-referral", "recent-referral", "contact-gap",
               "child-not-seen", "child-seen", "repeated-nfa", "missed-appointments"]
WITH_YOUTH_JUSTICE = [*AGENCIES, {"name": "Youth Justice", "aliases": []}]


@pytest.fixture(scope="module")
def analysis(tmp_path_factory):
    """The analysis of ROWS, once for the module: the tests only read it."""
    review = make_review(tmp_path_factory.mktemp("basis") / "review", agencies=WITH_YOUTH_JUSTICE)
    return analyse(review, chronology(ROWS))


def _text_of(entry_id: str) -> str:
    row = next(r for r in ROWS if r["entry_id"] == entry_id)
    return " ".join([row["event_type"], row["description"], row.get("outcome", "")]).lower()


@pytest.mark.slow
def test_every_topic_of_the_example_chronology_is_made(analysis):
    assert sorted({s.topic for s in analysis.statements}) == sorted(EVERY_TOPIC)


def test_each_statement_names_its_rule_and_the_settings_that_rule_read(analysis):
    settings = analysis.settings
    for s in analysis.statements:
        assert s.rule == RULES[s.topic], s.topic
        assert re.fullmatch(r"[a-z][a-z0-9.-]*:[0-9a-f]{10}", s.key) and s.key.startswith(s.rule + ":")
    setting = {s.topic: s.setting for s in analysis.statements}
    assert setting["contact-gap"] == {"gap_days": settings["gap_days"]}
    assert setting["child-not-seen"] == {"child_not_seen_days": settings["child_not_seen_days"]}
    assert setting["expected-missing-tie"] == {"concern_window_days": settings["concern_window_days"]}
    assert setting["unanswered-referral"] == setting["recent-referral"] == \
        {"referral_response_days": settings["referral_response_days"]}
    assert setting["repeated-nfa"] == {"repeat_nfa_count": settings["repeat_nfa_count"]}
    assert setting["density"] == {} and setting["summary"] == {}


def test_a_referral_prompt_carries_its_form_and_the_clause_that_matched(analysis):
    [unanswered] = statements(analysis, "unanswered-referral")
    assert unanswered.matched == [{"entry_id": "POL-1", "cue": "referrals.forms.ppn", "text": "PPN submitted"}]
    [recent] = statements(analysis, "recent-referral")
    [matched] = recent.matched
    assert matched["entry_id"] == "SCH-2" and matched["cue"] == "referrals.forms.referral"
    assert matched["text"].lower() in _text_of("SCH-2") and "referred to gp" in matched["text"].lower()


def test_nfa_missed_appointments_and_concerns_carry_the_cue_and_the_words_of_each_entry(analysis):
    [nfa] = statements(analysis, "repeated-nfa")
    assert [m["entry_id"] for m in nfa.matched] == nfa.entry_ids == ["CSC-1", "CSC-3"]
    assert [m["text"] for m in nfa.matched] == ["No further action", "NFA"]       # as the agency wrote it
    assert {m["cue"] for m in nfa.matched} == {"no_further_action.patterns"}
    [missed] = statements(analysis, "missed-appointments")
    assert missed.matched == [{"entry_id": "GP-1", "cue": "missed_appointment.event_kinds",
                               "text": "missed-appointment"}]
    tie = next(s for s in statements(analysis, "expected-missing-tie") if s.agencies == ["GP", "Housing"])
    assert sorted(m["entry_id"] for m in tie.matched) == sorted(tie.entry_ids)
    worded = {m["entry_id"]: m for m in tie.matched}
    assert worded["HOU-1"] == {"entry_id": "HOU-1", "cue": "concern.patterns", "text": "Concerns"}   # whole word
    assert worded["GP-2"]["text"].lower() in _text_of("GP-2")


def test_a_gap_names_its_rule_setting_and_the_entries_at_its_edges(analysis):
    [gap] = statements(analysis, "contact-gap")
    [found] = analysis.patterns["contact_gaps"]
    assert gap.edges == [found["last_before"], found["first_after"]] == ["CSC-3", "SCH-2"]
    unseen = statements(analysis, "child-not-seen")
    assert [s.edges for s in unseen] == [["SCH-1", "GP-2"], ["GP-2", ""]]        # "": the end of the period
    assert unseen[0].matched == [{"entry_id": "SCH-1", "cue": "child_seen column", "text": "Y"},
                                 {"entry_id": "GP-2", "cue": "child_seen column", "text": "Y"}]


def test_statements_without_the_data_they_need_still_name_their_rule(tmp_path):
    review = make_review(tmp_path / "review")
    analysis = analyse(review, chronology([entry("GP-1", "2022-01-05", "GP", "appointment", "Routine check.")]))
    rules = {s.topic: s.rule for s in analysis.statements}
    assert rules["one-agency"] == "network.one-agency" and rules["no-interactions"] == "network.no-interactions"
    assert rules["child-not-seen"] == "seen.no-record"             # not a gap: nothing says the child was seen


def test_each_interaction_names_the_cue_or_kind_that_decided_it(tmp_path):
    rows = [*ROWS, entry("GP-3", "2022-05-02", "GP", "telephone-contact", "School nurse rang about T.")]
    analysis = analyse(make_review(tmp_path / "review"), chronology(rows))
    table = analysis.interactions_table()
    rule = dict(zip(table["entry_id"] + ">" + table["to_agency"], table["rule"]))
    assert rule[f"SCH-1>{CSC}"] == "referral"            # the referral form of interaction_rules.yaml that read it
    assert rule["CSC-2>Police"] == "joint-event"
    assert rule[f"CSC-3>{CSC}"] == "cue:from"
    assert rule["GP-3>School"] == "event-kind:telephone-contact"           # no cue: the entry's kind decides


def test_build_network_files_carry_keys_rules_and_what_matched(analysis, tmp_path):
    write_network(analysis, tmp_path / "out", figures=False)
    table = pd.read_csv(tmp_path / "out" / "statements.csv", dtype=str, keep_default_na=False)
    assert list(table["key"]) == [s.key for s in analysis.statements]
    row = table[table["topic"] == "unanswered-referral"].iloc[0]
    assert row["rule"] == "referral.unanswered" and row["setting"] == "referral_response_days 7"
    assert row["matched"] == 'POL-1 [referrals.forms.ppn] "PPN submitted"'
    assert table[table["topic"] == "contact-gap"].iloc[0]["edges"] == "CSC-3 .. SCH-2"
    interactions = pd.read_csv(tmp_path / "out" / "interactions.csv", dtype=str, keep_default_na=False)
    assert "rule" in interactions.columns and (interactions["rule"] != "").all()
    metrics = json.loads((tmp_path / "out" / "metrics.json").read_text(encoding="utf-8"))
    by_topic = {s["topic"]: s for s in metrics["statements"]}
    assert by_topic["repeated-nfa"]["matched"][1] == {"entry_id": "CSC-3", "cue": "no_further_action.patterns",
                                                      "text": "NFA"}
    patterns = metrics["patterns"]
    assert patterns["contact_gaps"][0]["rule"] == "gap.contact" and patterns["contact_gaps"][0]["setting"] == \
        {"gap_days": 28}
    assert patterns["repeated_nfa"][0]["entries"][0]["matched"] == "No further action"
    assert patterns["child_not_seen"][0]["matched"][0]["cue"] == "child_seen column"
    assert {t["rule"] for t in metrics["network"]["expected_missing_ties"]} == {"tie.concern-window"}
    nfa_table = analysis.pattern_table("repeated_nfa")
    assert nfa_table.iloc[0]["matched"].startswith('CSC-1 [no_further_action.patterns] "No further action"')


@pytest.mark.slow
def test_keys_are_unique_and_the_same_on_a_re_run_and_in_any_row_order(tmp_path, analysis):
    keys = [s.key for s in analysis.statements]
    assert len(set(keys)) == len(keys)
    review = make_review(tmp_path / "again", agencies=WITH_YOUTH_JUSTICE)
    again = analyse(review, chronology(list(reversed(ROWS))))
    assert [s.key for s in again.statements] == keys


@pytest.mark.slow
def test_a_key_changes_with_what_defines_the_prompt_not_with_its_wording_or_setting(tmp_path, analysis):
    review = make_review(tmp_path / "longer", agencies=WITH_YOUTH_JUSTICE, settings={"gap_days": 100})
    longer = analyse(review, chronology(ROWS))
    [gap], [same] = statements(analysis, "contact-gap"), statements(longer, "contact-gap")
    assert same.text != gap.text and same.key == gap.key       # another threshold, the same two edges
    moved = analyse(make_review(tmp_path / "moved", agencies=WITH_YOUTH_JUSTICE),
                    chronology([*ROWS, entry("HOU-2", "2022-07-01", "Housing", "home-visit", "Rent visit.")]))
    assert statements(analysis, "contact-gap")[0].key not in {s.key for s in statements(moved, "contact-gap")}
    # the order of the edges counts: a gap opening the period is not one closing it
    assert prompt_key("gap.contact", ["..X"]) != prompt_key("gap.contact", ["X.."])
