"""Network metrics a reviewer can act on: isolates, expected-but-missing ties, centrality."""

from __future__ import annotations

import pytest

from network_support import chronology, entry, make_review, statements
from reviewbench.network import analyse

CSC = "Children's Social Care"


@pytest.fixture
def review(tmp_path):
    return make_review(tmp_path / "review")


def test_an_agency_with_entries_but_no_exchange_is_an_isolate(review):
    result = analyse(review, chronology([
        entry("SCH-1", "2022-02-01", "School", "referral", "Referred to MASH."),
        entry("HOU-1", "2022-02-03", "Housing", "home-visit", "Tenancy visit."),
        entry("HOU-2", "2022-03-03", "Housing", "home-visit", "Repairs visit."),
    ]))
    isolates = result.network["isolates"]
    assert [(i["agency"], i["entry_ids"]) for i in isolates] == [("Housing", ["HOU-1", "HOU-2"])]
    said = statements(result, "isolate")
    assert said[0].text.startswith("Housing recorded 2 entries but exchanged no information with any other agency.")
    assert said[0].entry_ids == ["HOU-1", "HOU-2"]
    table = result.agencies.set_index("agency")
    assert bool(table.loc["Housing", "isolate"]) and not bool(table.loc["School", "isolate"])


def test_an_agency_named_by_others_is_not_an_isolate_even_without_entries(review):
    result = analyse(review, chronology([
        entry("SCH-1", "2022-02-01", "School", "referral", "Referred to MASH."),
    ]))
    assert result.network["isolates"] == []
    assert statements(result, "no-own-entries")[0].agencies == [CSC]
    assert set(result.network["not_involved"]) == {"Police", "GP", "Health Visiting", "Housing"}


def test_concerns_close_in_time_without_contact_are_an_expected_but_missing_tie(review):
    result = analyse(review, chronology([
        entry("SCH-1", "2022-03-01", "School", "other", "Child has a bruise on the cheek; concern logged."),
        entry("GP-1", "2022-03-20", "GP", "appointment", "Mother worried about weight loss."),
        entry("HOU-1", "2022-09-01", "Housing", "home-visit", "Concern about damp and neglect."),
    ]))
    ties = result.network["expected_missing_ties"]
    assert [t["agencies"] for t in ties] == [["GP", "School"]]
    assert ties[0]["entry_ids"] == {"GP": ["GP-1"], "School": ["SCH-1"]}
    said = statements(result, "expected-missing-tie")
    assert said[0].entry_ids == ["GP-1", "SCH-1"] and "GP and School both recorded concerns" in said[0].text


def test_no_missing_tie_when_the_two_agencies_communicated(review):
    result = analyse(review, chronology([
        entry("SCH-1", "2022-03-01", "School", "other", "Bruise on cheek; concern logged. Shared with the GP."),
        entry("GP-1", "2022-03-20", "GP", "appointment", "Mother worried about weight loss."),
    ]))
    assert result.network["expected_missing_ties"] == []


def test_the_concern_window_comes_from_settings(tmp_path):
    rows = [entry("SCH-1", "2022-03-01", "School", "other", "Concern: bruise."),
            entry("GP-1", "2022-03-20", "GP", "appointment", "Mother worried.")]
    narrow = make_review(tmp_path / "narrow", settings={"concern_window_days": 10})
    assert analyse(narrow, chronology(rows)).network["expected_missing_ties"] == []


def test_density_reciprocity_and_the_broker(review):
    result = analyse(review, chronology([
        entry("SCH-1", "2022-02-01", "School", "referral", "Referred to MASH."),
        entry("CSC-1", "2022-02-02", CSC, "notification", "Outcome shared with the school."),
        entry("POL-1", "2022-02-05", "Police", "notification", "PPN sent to CSC."),
    ]))
    density = result.network["density"]
    assert (density["agencies"], density["pairs_linked"], density["pairs_possible"]) == (3, 2, 3)
    reciprocity = result.network["reciprocity"]
    assert (reciprocity["links"], reciprocity["returned"]) == (3, 2)
    assert [(x["from_agency"], x["to_agency"]) for x in reciprocity["one_way"]] == [("Police", CSC)]
    table = result.agencies.set_index("agency")
    assert table.loc[CSC, "betweenness"] == 1.0 and table.loc[CSC, "degree"] == 2
    assert (table.loc[CSC, "interactions_in"], table.loc[CSC, "interactions_out"]) == (2, 1)
    assert statements(result, "broker")[0].agencies == [CSC]
