"""The lenses on the bundled example (Child T): what issue 13 says they must find there."""

from __future__ import annotations

import pandas as pd
import pytest

from reviewbench.build import run_lenses

# T's words as the records hold them (the list), each with the entry that records it first.
T_WORDS = {
    "HV-2a01b741": "Lee shouts",                      # health visitor, May 2022
    "SCH-c05751ee": "Lee was loud and mummy cried",    # school, May 2022, logged and not shared
    "SCH-2b8e3a31": "mummy sleeps all day",           # school referral, June 2022
    "SCH-986ceb84": "Lee grabbed me",                 # school referral, November 2022
}


@pytest.fixture(scope="module")
def lensed(built_example, tmp_path_factory):
    """A copy of the built example with its lenses run once."""
    import shutil
    target = tmp_path_factory.mktemp("lenses") / "child-t"
    shutil.copytree(built_example, target)
    result = run_lenses(target)
    return target, result


def _table(folder, name: str) -> pd.DataFrame:
    return pd.read_csv(folder / "build" / "analysis" / f"{name}.csv", dtype=str, keep_default_na=False)


@pytest.mark.slow
def test_the_voice_lens_finds_ts_words_where_the_records_hold_them(lensed):
    voice = _table(lensed[0], "voice").set_index("entry_id")
    for entry_id, words in T_WORDS.items():
        assert words in voice.loc[entry_id, "words"], entry_id
        assert voice.loc[entry_id, "child"] == "Child T"
        assert voice.loc[entry_id, "rule"].startswith("voice.")
    assert voice.loc["SCH-c05751ee", "heard_by"] == "class teacher"
    # the words MASH wrote down from the school's referrals are there too, marked as passed on
    assert "(passed on)" in voice.loc["CSC-715bb7bb", "heard_by"]
    assert "Lee grabbed me" in voice.loc["CSC-715bb7bb", "words"]


@pytest.mark.slow
def test_what_happened_next_shows_the_school_shared_nothing_that_week(lensed):
    voice = _table(lensed[0], "voice").set_index("entry_id")
    after = voice.loc["SCH-c05751ee", "what_next"]
    assert "HSG-d1b76c5e" in after                     # the only other entry within 7 days: a rent letter
    assert "SCH-88f2190f (School, 2022-06-06" in after  # the school's own next entry, 13 days later
    assert "Children's Social Care" not in after


def test_a_parents_account_of_the_child_is_not_the_childs_voice(lensed):
    voice = _table(lensed[0], "voice")
    # "Ms Example said T was 'at nan's'", "said T asleep upstairs": the mother's words, not T's
    assert not set(voice["entry_id"]) & {"HV-ea2ff7e2", "CSC-4b351ac9", "HV-b7ccc65f", "POL-efae506a"}


def test_the_mothers_partner_is_in_five_agencies_records_and_no_agency_checked_him(lensed):
    adults = _table(lensed[0], "adults").set_index("adult")
    lee = adults.loc["Lee Sample"]
    agencies = lee["recorded_by"].split("; ")
    assert {"Police", "Children's Social Care", "Health Visiting", "Housing", "Domestic Abuse Service",
            "School"} <= set(agencies)
    assert len(agencies) >= 5
    assert lee["registered"] == "yes" and lee["relationship"] == "Mother's partner"
    assert lee["checked"] == "no"
    entries = lee["entry_ids"].split("; ")
    for entry_id in ("HSG-a96244b3", "SCH-3f967b61", "DAS-c6af9a02", "POL-46e1cc69", "HV-5f352dd0"):
        assert entry_id in entries
    assert lee["first_entry"] == "CSC-42db8de9" and lee["last_entry"] == "POL-395feb5a"


def test_ts_father_never_appears(lensed):
    adults = _table(lensed[0], "adults").set_index("adult")
    father = adults.loc["Child T's father"]
    assert father["mentions"] == "0" and father["registered"] == "no"
    assert father["recorded_by"] == ""
    assert "Police" in father["never_recorded_by"] and "School" in father["never_recorded_by"]
    assert "No record names Child T's father" in father["note"]


def test_the_grandmother_the_records_never_name_is_listed_for_the_register(lensed):
    adults = _table(lensed[0], "adults").set_index("adult")
    grandmother = adults.loc["maternal grandmother (not named)"]
    assert grandmother["registered"] == "no"
    assert "CSC-9d9b8096" in grandmother["entry_ids"]       # Sibling 1 placed with her
    assert "HV-ea2ff7e2" in grandmother["entry_ids"]        # "at nan's": the records' other word for her


@pytest.mark.slow
def test_the_lenses_are_deterministic(lensed):
    folder, result = lensed
    first = {p.name: p.read_bytes() for p in result.outputs}
    again = run_lenses(folder)
    assert {p.name: p.read_bytes() for p in again.outputs} == first
    assert sorted(first) == ["accounts.csv", "adults.csv", "lenses.json", "meetings.csv", "procedures.csv",
                             "signals.csv", "voice.csv"]
