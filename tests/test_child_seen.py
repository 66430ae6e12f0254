"""Whether an entry records the child seen, seen alone or not seen (network/sightings.py), in the
styles agencies write in: terse police logs, narrative social-care and health-visiting notes,
clinical GP and hospital notes, CPOMS-style school logs. All text is fictional."""

from __future__ import annotations

import pytest

from network_support import chronology, entry
from reviewbench.network.entries import prepare_entries
from reviewbench.network.rules import RULES_FILE, interaction_rules
from reviewbench.vocabulary import event_kinds

CSC, HV = "Children's Social Care", "Health Visiting"
SEEN, ALONE, NOT_SEEN = "seen", "seen-alone", "not-seen"


def _read(rows, review_dir=None):
    frame = prepare_entries(chronology(rows), interaction_rules(review_dir), event_kinds())
    return dict(zip(frame["entry_id"], zip(frame["_seen_state"], frame["_seen_evidence"])))


STYLES = [
    # police: terse, the child's presence written in passing
    ("Police", "police-incident", "Domestic incident - CAD 0412", "Officers attd 22:10. IP answered door. Child Z (4) "
     "asleep upstairs per IP - not checked by officers.", NOT_SEEN),
    ("Police", "police-incident", "Concern for welfare - CAD 0977", "Officers attd. Z (4) awake in lounge, crying, seen "
     "by officers - no marks.", SEEN),
    ("Police", "police-incident", "MFH - located", "Located 02:10 at the bus station with two males. Conveyed home.",
     SEEN),
    # health visiting and social care: narrative notes
    (HV, "home-visit", "Home visit", "Mum and Z seen at home. Z playing with bricks, speech clear.", SEEN),
    (HV, "home-visit", "Home visit", "Mum seen alone - Z at nursery. Mum low in mood.", ""),
    (HV, "home-visit", "Home visit - no access", "No answer at the door. Card left.", NOT_SEEN),
    (CSC, "home-visit", "Home visit (s47)", "Unannounced. Z seen alone in her bedroom; drew her family.", ALONE),
    (CSC, "home-visit", "Statutory visit", "Parents seen; children at school. Home cluttered.", ""),
    (CSC, "home-visit", "Statutory visit", "Mother says Z is staying with her grandmother. Z not seen.", NOT_SEEN),
    # GP and hospital: clinical notes, the child as the patient
    ("GP", "appointment", "Consultation - Z", "Z (4) with mother: cough 3/7, chest clear.", SEEN),
    ("GP", "missed-appointment", "Immunisations", "Z not brought for the pre-school booster. Letter sent.", NOT_SEEN),
    ("Hospital", "emergency-attendance", "ED attendance", "Z (4) brought by mother: laceration to chin.", SEEN),
    ("Hospital", "appointment", "Paediatric clinic", "Attended with mum. Weight on the 25th centile.", SEEN),
    # school: CPOMS-style logs, where staff see the child in class
    ("School", "other", "CPOMS - presentation", "Z arrived late and hungry; asked for toast at breakfast club.", SEEN),
    ("School", "other", "CPOMS - wellbeing", "Z very quiet in class today.", SEEN),
    ("School", "other", "CPOMS - disclosure", 'Z told the DSL: "daddy shouts at night".', ALONE),
    ("School", "other", "Attendance", "Z absent; no call from the parent.", NOT_SEEN),
    ("School", "other", "Attendance", "Autumn half-term attendance 95%.", ""),     # a figure is not a sighting
]


@pytest.mark.parametrize("agency, kind, event_type, text, expected", STYLES)
def test_the_words_of_each_style_say_whether_the_child_was_seen(agency, kind, event_type, text, expected):
    state, evidence = _read([entry("E-1", "2022-03-01", agency, kind, text, event_type=event_type)])["E-1"]
    assert state == expected, evidence
    assert bool(evidence) == bool(expected)
    if expected:
        assert " ".join(evidence.split()) in " ".join(f"{event_type}\n{text}".split())


@pytest.mark.parametrize("agency, kind, event_type, text", [
    (CSC, "referral-received", "PPN received from police", "Domestic incident 03/03, Z present and upset."),
    ("GP", "information-request", "Request for information from CSC", "Response: Z seen 25/04 for a rash."),
    ("Police", "notification", "Operation Encompass", "Call to Oak Primary re incident 03/03, Z present."),
])
def test_an_entry_passing_on_another_agencys_information_is_not_a_sighting_of_its_own(agency, kind, event_type, text):
    assert _read([entry("E-1", "2022-03-05", agency, kind, text, event_type=event_type)])["E-1"] == ("", "")


def test_a_setting_that_receives_a_notification_still_records_the_child_it_saw_that_day():
    state, evidence = _read([entry("NUR-1", "2022-03-07", "Little Acorns Nursery", "notification",
                                   "Call from police 08:15. Z in today, quiet on arrival.",
                                   event_type="Op Encompass notification received")])["NUR-1"]
    assert (state, evidence) == (SEEN, "Z in today")


@pytest.mark.parametrize("agency, kind, event_type, text", [
    ("Adult Mental Health", "missed-appointment", "Assessment - DNA", "Mother did not attend. Letter sent."),
    (CSC, "core-group", "Core group", "Present: SW1, HV1, DSL. Mother DNA (work). Plan reviewed."),
])
def test_a_missed_appointment_of_the_parent_or_at_a_meeting_is_not_the_child_unseen(agency, kind, event_type, text):
    assert _read([entry("E-1", "2022-03-05", agency, kind, text, event_type=event_type)])["E-1"] == ("", "")


def test_the_columns_decide_first_and_seen_alone_is_told_apart():
    found = _read([
        entry("A", "2022-03-01", CSC, "home-visit", "Z seen alone in her room.", seen="Y"),
        entry("B", "2022-03-02", CSC, "home-visit", "Visit.", seen="Yes", seen_alone="Yes"),
        entry("C", "2022-03-03", HV, "home-visit", "Z seen with mum.", seen="Not recorded"),
        entry("D", "2022-03-04", HV, "home-visit", "Z seen in the garden through the window.", seen="N"),
        entry("E", "2022-03-05", "School", "other", "Register.", attendance="absent"),
        entry("F", "2022-03-06", "School", "other", "Register.", attendance="present"),
        entry("G", "2022-03-07", HV, "home-visit", "Visit.", seen="Y - seen alone"),
    ])
    assert {k: v[0] for k, v in found.items()} == {"A": ALONE, "B": ALONE, "C": SEEN, "D": NOT_SEEN, "E": NOT_SEEN,
                                                   "F": SEEN, "G": ALONE}
    assert found["A"][1] == "child_seen: Y; Z seen alone" and found["B"][1] == "seen_alone: Yes"
    assert found["E"][1] == "attendance: absent"


def test_a_review_teaches_the_childs_name_as_its_records_write_it(tmp_path):
    rows = [entry("HV-1", "2022-03-01", HV, "home-visit", "Tia seen with her mother at home.")]
    assert _read(rows)["HV-1"] == ("", "")         # a name is not known until the review gives it
    (tmp_path / RULES_FILE).write_text('child_seen:\n  child_names: ["Tia"]\n', encoding="utf-8")
    assert _read(rows, tmp_path)["HV-1"] == (SEEN, "Tia seen")
    rows = [entry("HV-2", "2022-03-02", HV, "home-visit", "TIA SEEN.")]
    assert _read(rows, tmp_path)["HV-2"] == ("", "")           # names are matched as written
