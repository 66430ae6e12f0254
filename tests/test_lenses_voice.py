"""The child's voice: whose words and behaviour a record holds, who heard them, what happened next."""

from __future__ import annotations

import pytest

import yaml_files
from network_support import chronology, entry, make_review
from reviewbench.lenses import analyse_lenses

PEOPLE = [{"name": "Kirsty Dummett", "pseudonym": "Mother", "title": ["Ms"], "relationship": "mother"},
          {"name": "Wayne Stubb", "pseudonym": "Mother's partner", "title": ["Mr"]},
          {"name": "Ellie Dummett", "pseudonym": "Child E", "subject": True, "date_of_birth": "2016-02-01"},
          {"name": "Baby Dummett", "pseudonym": "Baby B", "subject": True, "date_of_birth": "2022-01-10"}]


def _review(tmp_path, people=PEOPLE, settings=None):
    review = make_review(tmp_path / "review", settings=settings)
    if people is not None:
        (review.root / "private" / "names.yaml").write_text(yaml_files.safe_dump({"people": people}), encoding="utf-8")
    return review


def _voice(review, rows):
    result = analyse_lenses(review, chronology(rows))
    return result.tables["voice"], result


@pytest.mark.parametrize("text, children", [
    ("Ellie told the class teacher 'Wayne hit mummy'.", ["Child E"]),
    ("E hungry, tired, said she had no breakfast.", ["Child E"]),
    ("Ellie seen alone in her room: 'I don't like it when they shout'.", ["Child E"]),
    ("Mum and Ellie seen. Ellie quiet, would not speak to the SW.", ["Child E"]),
    ("Ellie drew her family without Wayne.", ["Child E"]),
    # a parent's account of the child, or a behaviour the record says was not there: not the child's voice
    ("Mum said Ellie 'makes things up'.", []),
    ("Ms Dummett said E was at her nan's; E not seen.", []),
    ("Ellie said to be at a friend's house. Not seen.", []),
    ("Ellie settled quickly, separated from mum without upset.", []),
    ("Mother tearful when asked about Ellie's school.", []),
    ("Mr Stubb said 'she is a liar'.", []),
])
def test_a_childs_words_or_behaviour_and_only_those(tmp_path, text, children):
    voice, _ = _voice(_review(tmp_path), [entry("SCH-1", "2022-05-03", "School", "", text)])
    assert list(voice["child"]) == children, (text, voice.to_dict("records"))
    assert all(rule.startswith("voice.") for rule in voice["rule"]) and all(voice["matched"])


def test_a_babys_responses_count_only_for_a_baby(tmp_path):
    review = _review(tmp_path)
    voice, _ = _voice(review, [
        entry("HV-1", "2022-06-01", "Health Visiting", "", "Baby B seen. Smiling, babbling, fixes and follows."),
        entry("HV-2", "2022-06-01", "Health Visiting", "", "Ellie smiling at the visitor."),
        entry("HV-3", "2025-06-01", "Health Visiting", "", "Baby Dummett smiling at the visitor.", in_scope=True)])
    assert list(voice["entry_id"]) == ["HV-1"]
    assert voice.loc[0, "child"] == "Baby B" and "infant-response" in voice.loc[0, "rule"]


def test_two_children_joined_in_one_clause_are_both_heard(tmp_path):
    voice, _ = _voice(_review(tmp_path), [entry("POL-1", "2022-05-03", "Police", "",
                                                "Ellie and Baby B in the bedroom, both crying.")])
    assert sorted(voice["child"]) == ["Baby B", "Child E"]


def test_heard_by_names_the_professional_told_and_marks_words_passed_on(tmp_path):
    voice, _ = _voice(_review(tmp_path), [
        entry("SCH-1", "2022-05-03", "School", "", "Ellie told the DSL 'Wayne shouts'.", practitioner_role="Teacher1"),
        entry("CSC-1", "2022-05-04", "Children's Social Care", "",
              "Referral received from the school: Ellie said 'Wayne shouts'.", practitioner_role="MASH SW")])
    heard = dict(zip(voice["entry_id"], voice["heard_by"]))
    assert heard == {"SCH-1": "DSL", "CSC-1": "MASH SW (passed on)"}


def test_what_next_lists_the_days_after_as_the_setting_says(tmp_path):
    rows = [entry("SCH-1", "2022-05-03", "School", "", "Ellie said 'Wayne shouts'.", event_type="Concern"),
            entry("GP-1", "2022-05-03", "GP", "", "Mother's appointment.", event_type="Consultation"),
            entry("HV-1", "2022-05-06", "Health Visiting", "", "Home visit.", event_type="Home visit"),
            entry("CSC-1", "2022-05-20", "Children's Social Care", "", "Contact.", event_type="Contact"),
            entry("SCH-2", "2022-06-30", "School", "", "Attendance letter.", event_type="Letter")]
    voice, result = _voice(_review(tmp_path), rows)
    assert voice.loc[0, "what_next"] == ("GP-1 (GP, 2022-05-03: Consultation); HV-1 (Health Visiting, 2022-05-06: "
                                         "Home visit); SCH-2 (School, 2022-06-30: Letter)")
    assert result.settings["voice_next_days"] == 7
    voice, _ = _voice(_review(tmp_path, settings={"voice_next_days": 20}), rows)
    assert "CSC-1 (Children's Social Care, 2022-05-20: Contact)" in voice.loc[0, "what_next"]


def test_nothing_after_says_so(tmp_path):
    voice, _ = _voice(_review(tmp_path), [entry("SCH-1", "2022-05-03", "School", "", "Ellie said 'Wayne shouts'.")])
    assert voice.loc[0, "what_next"] == "nothing recorded by any agency within 7 days"


def test_without_a_register_the_lens_says_so_and_reads_the_initials_the_records_use(tmp_path):
    rows = [entry(f"SCH-{i}", f"2022-05-0{i}", "School", "", text) for i, text in enumerate([
        "T late again.", "T told the TA 'my tummy hurts'.", "T absent.", "Child T crying in class."], start=1)]
    voice, result = _voice(_review(tmp_path, people=None), rows)
    assert list(voice["entry_id"]) == ["SCH-2", "SCH-4"] and set(voice["child"]) == {"T"}
    assert any("There is no names register" in note for note in result.notes)
    assert any("The records use T for children" in note for note in result.notes)


def test_a_register_without_a_subject_child_is_noted(tmp_path):
    people = [dict(p, subject=False) for p in PEOPLE]
    _, result = _voice(_review(tmp_path, people=people), [entry("SCH-1", "2022-05-03", "School", "", "Seen.")])
    assert any("marked 'subject: true'" in note for note in result.notes)


def test_entries_out_of_scope_or_undated_are_left_out_and_counted(tmp_path):
    rows = [entry("SCH-1", "2021-05-03", "School", "", "Ellie said 'no'.", in_scope=False),
            entry("SCH-2", "2022-05-03", "School", "", "Ellie said 'yes'.")]
    voice, result = _voice(_review(tmp_path), rows)
    assert list(voice["entry_id"]) == ["SCH-2"]
    assert "1 entry is outside the review scope and left out." in result.notes
