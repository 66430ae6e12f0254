"""What each meeting knew: how each agency took part, what it held before, whether that could reach it."""

from __future__ import annotations

import pandas as pd
import pytest

from example_lenses import example_lens_table
from network_support import chronology, entry, make_review
from reviewbench.lenses import analyse_lenses

AGENCIES = [{"name": "Police"}, {"name": "Children's Social Care", "aliases": ["CSC", "SW", "TM", "IRO"]},
            {"name": "School", "aliases": ["DSL"]}, {"name": "GP"}, {"name": "Health Visiting", "aliases": ["HV"]},
            {"name": "Housing"}]
ROWS = [
    entry("POL-1", "2022-03-01", "Police", "", "Domestic incident at the address. PPN to MASH."),
    entry("HSG-1", "2022-03-02", "Housing", "", "Tenancy visit. Damage to door."),
    entry("GP-1", "2022-01-05", "GP", "", "Mother, low mood."),          # more than 28 days before
    entry("GP-2", "2022-03-03", "GP", "", "Mother, bruised arm."),
    entry("SCH-1", "2022-03-04", "School", "", "Child quiet in class."),
    entry("CSC-1", "2022-03-07", "Children's Social Care", "", "Strategy discussion. Attended: TM, Police, DSL. "
          "GP report received. HV invited - did not attend.", event_type="Strategy discussion"),
    entry("POL-2", "2022-03-20", "Police", "", "Arrest."),                 # after the meeting
]


def _meetings(tmp_path, rows=ROWS, settings=None) -> pd.DataFrame:
    review = make_review(tmp_path / "review", agencies=AGENCIES, settings=settings)
    return analyse_lenses(review, chronology(rows)).tables["meetings"].set_index("agency")


def test_each_agency_at_a_meeting_with_how_it_took_part_and_what_it_held_before(tmp_path):
    table = _meetings(tmp_path)
    assert table.loc["Children's Social Care", "status"] == "attended"
    assert table.loc["Police", "status"] == "attended" and table.loc["Police", "known_before"] == "POL-1"
    assert table.loc["School", "known_before"] == "SCH-1" and table.loc["School", "shared"] == "yes"
    gp = table.loc["GP"]
    assert (gp["status"], gp["shared"], gp["known_before"]) == ("report only", "yes", "GP-2")
    hv = table.loc["Health Visiting"]
    assert (hv["status"], hv["shared"], hv["known_before"]) == ("invited and absent", "no", "")
    assert set(table["kind"]) == {"strategy-discussion"} and set(table["entry_ids"]) == {"CSC-1"}
    assert set(table["date"]) == {"2022-03-07"} and table.loc["GP", "rule"] == "meetings.report-only"


def test_an_agency_never_named_that_held_entries_before_is_listed_as_not_recorded(tmp_path):
    housing = _meetings(tmp_path).loc["Housing"]
    assert (housing["status"], housing["shared"], housing["known_before"]) == ("not recorded", "no", "HSG-1")
    assert housing["note"] == "no record of the meeting names Housing; it held entries in the 28 days before"


def test_the_days_before_are_a_review_setting(tmp_path):
    table = _meetings(tmp_path, settings={"meeting_known_days": 90})
    assert table.loc["GP", "known_before"] == "GP-1; GP-2"
    table = _meetings(tmp_path / "b", settings={"meeting_known_days": 2})
    assert table.loc["Police", "known_before"] == "" and "Housing" not in table.index


# -- the bundled example ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def example_meetings(lensed_example) -> pd.DataFrame:
    return example_lens_table(lensed_example, "meetings")


def test_the_example_icpc_has_the_gp_by_report_and_what_each_agency_held(example_meetings):
    icpc = example_meetings[example_meetings["joint_event_id"] == "J-2022-12-08-child-protection-conference"]
    icpc = icpc.set_index("agency")
    assert icpc.loc["GP", "status"] == "report only" and icpc.loc["GP", "shared"] == "yes"
    assert {a for a in icpc.index if icpc.loc[a, "status"] == "attended"} == {
        "Children's Social Care", "Health Visiting", "Police", "School"}
    assert "HV-7cf1fe0d" in icpc.loc["Health Visiting", "known_before"].split("; ")   # "Mr Sample has left"
    assert "POL-f1717553" in icpc.loc["Police", "known_before"].split("; ")           # Lee interviewed
    assert icpc.loc["Hospital", "status"] == "not recorded"                           # the CP medical's hospital
    assert icpc.loc["Hospital", "known_before"] == "HOSP-06732dd2"


def test_the_example_core_groups_show_who_was_never_there(example_meetings):
    core = example_meetings[(example_meetings["kind"] == "core-group")
                            & (example_meetings["joint_event_id"] == "J-2023-01-17-core-group")].set_index("agency")
    assert core.loc["Housing", "status"] == "not recorded" and core.loc["Housing", "shared"] == "no"
    assert core.loc["School", "status"] == "attended"
