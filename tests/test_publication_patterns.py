"""The identifier and jigsaw detectors: what they catch in chronology wording, and what they leave alone.

Every name, place, number and registration here is fictional.
"""

from __future__ import annotations

import datetime as dt

import pytest

from reviewbench.publication.finder import find_sensitive
from reviewbench.publication.patterns import (
    AGE_NEAR_DATE,
    AGE_YEARS_MONTHS,
    CASE_REF,
    DOB,
    EMAIL,
    JIGSAW,
    KIND_HELP,
    KINDS,
    NAME,
    NHS,
    NI,
    PHONE,
    POSTCODE,
    STREET,
    VEHICLE,
    date_mentions,
    find_identifiers,
)


def _found(text: str) -> list[tuple[str, str]]:
    return [(m.kind, m.text) for m in find_identifiers(text)]


# -- what is found ------------------------------------------------------------------------------------
POSTCODES = [
    ("Family moved to sw1a 1aa in May.", "sw1a 1aa"),
    ("Address on the referral: sw1a1aa", "sw1a1aa"),
    ("Temporary accommodation in cf10 1aa from 2022.", "cf10 1aa"),
    ("Forwarding address SW1A1AA.", "SW1A1AA"),
    ("Mother's new address, an1 2bd, was shared with school.", "an1 2bd"),
    ("Refuge postcode Cf10 1Aa given by IDVA.", "Cf10 1Aa"),
    ("Grandmother lives in m1 1ae.", "m1 1ae"),
    ("Housing application lists an12 3bd as the address.", "an12 3bd"),
    ("Office in SW1A 1AA", "SW1A 1AA"),
]

AGES_NEAR_DATES = [
    ("On 03/03/2022 T (aged 4) was seen at home by HV1.", "aged 4"),
    ("Child T, aged four, attended ED on 5th December 2021 with a head injury.", "aged four"),
    ("2022-03-03: the 4-year-old was not brought to the dental appointment.", "4-year-old"),
    ("Sibling 1 was 6 weeks old when seen at clinic on 11.1.22.", "6 weeks old"),
    ("T (4y) brought to ED by mother on 05/12/2021.", "(4y)"),
    ("On March 3, 2022 HV1 saw Sibling 1, aged 3 weeks, at home.", "aged 3 weeks"),
    ("Sibling 1, 18 months old, was weighed at clinic on 14 Jan 2022.", "18 months old"),
    ("On 3rd March 2022 T, six years old, disclosed a bruise to her teacher.", "six years old"),
    ("Age 4 at the time of the incident on 27/12/2021.", "Age 4"),
    ("Mother (aged 24) attended the ICPC on 12/04/2022.", "aged 24"),
    ("03/03/2022\nT aged 4. Seen alone in her bedroom.", "aged 4"),                  # a table cell
    ("T, 4 yrs old, seen by Dr. Patel on 3 Mar. 2022 at the surgery.", "4 yrs old"),
]

AGES_IN_YEARS_AND_MONTHS = [
    ("T was 4 years 3 months old at the time of the ICPC.", "4 years 3 months old"),
    ("T, aged 4 years and 3 months, was seen at nursery.", "4 years and 3 months"),
    ("Child T (4y 3m) seen in clinic.", "4y 3m"),
    ("Sibling 1: 1 yr 2 mths, weight on the 2nd centile.", "1 yr 2 mths"),
    ("T was 3 years, 2 months old when the family moved.", "3 years, 2 months old"),
    ("T's age recorded as 4 yrs 3 mths on the referral form.", "4 yrs 3 mths"),
    ("Sibling 1 was 6 weeks and 2 days old at the new birth visit.", "6 weeks and 2 days old"),
    ("Sibling 1 (3 months 2 weeks) was asleep in the pram.", "3 months 2 weeks"),
    ("A boy of four years and three months was found alone.", "four years and three months"),
    ("Developmental review at 2 years 6 months not attended.", "2 years 6 months"),
]

STREETS = [
    ("PC 1234 attended 14 Mill Lane after a call from a neighbour.", "14 Mill Lane"),
    ("The family moved to 12a Acacia Ave in March.", "12a Acacia Ave"),
    ("Mother and the children lived on Acacia Avenue.", "Acacia Avenue"),
    ("HV1 visited Flat 3; no answer at the door.", "Flat 3"),
    ("Mother said she was moving to flat 3b with a friend.", "flat 3b"),
    ("No. 14 Mill Lane was boarded up by the landlord.", "No. 14 Mill Lane"),
    ("Police attended 14, Mill Lane at 22:40.", "14, Mill Lane"),
    ("Temporary address: Flat 2, 7 Elm Close.", "Flat 2, 7 Elm Close"),
    ("Mother's partner stayed at 3 St John's Road.", "3 St John's Road"),
    ("Officers attended 27 Oak Court; no reply.", "27 Oak Court"),
    ("Maternal grandmother lives in Upper Mill Rd.", "Upper Mill Rd"),
    ("T was found at 8 High St by a passer-by.", "8 High St"),
    ("The family were rehoused to 40 Church Way.", "40 Church Way"),
    ("Mother walked T to St Mary's Road.", "St Mary's Road"),
    ("The family lived on Heol y Felin.", "Heol y Felin"),                # Welsh: the type comes first
    ("Police attended 3 Heol Glyndŵr at 22:40.", "3 Heol Glyndŵr"),
]

VEHICLES = [
    ("Vehicle AB12 CDE seen outside the family home.", "AB12 CDE"),
    ("Partner's car, reg FD07XYZ, parked in the road.", "FD07XYZ"),
    ("ANPR hit on ab12 cde at 02:10.", "ab12 cde"),
    ("Taxi LR51 ABC collected T from school.", "LR51 ABC"),
    ("An old van, B456 KLM, was parked outside.", "B456 KLM"),
    ("Classic car GHJ 456K registered to the partner.", "GHJ 456K"),
    ("Vehicle check on YX68 PWR: no insurance.", "YX68 PWR"),
    ("PNC check on vehicle k123 bcd: no trace.", "k123 bcd"),
    ("Partner seen driving BD51 SMR near the school.", "BD51 SMR"),
]

NI_NUMBERS = [
    ("Mother's NI number AB 12 34 56 C was on the referral.", "AB 12 34 56 C"),
    ("NINO: ab123456c", "ab123456c"),
    ("NI no. JK 98 76 54 D given to housing.", "JK 98 76 54 D"),
    ("Benefit claim under CE123456A was suspended.", "CE123456A"),
    ("national insurance PW 11 22 33 B", "PW 11 22 33 B"),
    ("Partner's NI WR 123456 A on the tenancy.", "WR 123456 A"),
    ("Universal Credit record ZY 65 43 21 A", "ZY 65 43 21 A"),
    ("HMRC specimen QQ 12 34 56 C", "QQ 12 34 56 C"),          # never issued, but it stands where an NI number was
    ("Specimen written qq123456c", "qq123456c"),
]

CASE_REFS = [
    ("Crime ref 42/12345/22 recorded for common assault.", "42/12345/22"),
    ("Crime number: NC-2022-004512 (no further action).", "NC-2022-004512"),
    ("CAD 1234 created at 22:41.", "1234"),
    ("URN 22/4411 for the criminal damage.", "22/4411"),
    ("Occurrence no. 220045871 shared with MASH.", "220045871"),
    ("Mosaic ID 1234567 for T.", "1234567"),
    ("LCS ID: 765432", "765432"),
    ("CP ref CP/2022/0193 closed.", "CP/2022/0193"),
    ("Referral logged, case number 88231.", "88231"),
    ("Incident no 4417 at the address.", "4417"),
    ("Log number #5512 opened by the call handler.", "5512"),
    ("Police reference AP/21/118734", "AP/21/118734"),
    ("Occurrence 42/67890/22 linked to the earlier call.", "42/67890/22"),
    ("ref: LA/CSC/20456", "LA/CSC/20456"),
    ("CRN 2200451 given to mother.", "2200451"),
    ("crime reference number 42/12345/22", "42/12345/22"),
]


@pytest.mark.parametrize("kind, text, expected", [
    *((POSTCODE, t, e) for t, e in POSTCODES),
    *((AGE_NEAR_DATE, t, e) for t, e in AGES_NEAR_DATES),
    *((AGE_YEARS_MONTHS, t, e) for t, e in AGES_IN_YEARS_AND_MONTHS),
    *((STREET, t, e) for t, e in STREETS),
    *((VEHICLE, t, e) for t, e in VEHICLES),
    *((NI, t, e) for t, e in NI_NUMBERS),
    *((CASE_REF, t, e) for t, e in CASE_REFS),
])
def test_each_kind_is_found_in_chronology_wording(kind, text, expected):
    assert _found(text) == [(kind, expected)]


# -- what is left alone ---------------------------------------------------------------------------------
NOT_FLAGGED = [
    "Strategy discussion under section 47.",
    "S47 enquiry started; s47 agreed at 14:30.",
    "Entry CSC-1a2b3c4d",
    "See entries POL-46e1cc69 and HV-97b990a9.",
    "KPE3: the missed health review.",
    "KPE12 and F3 are linked.",
    "R2 was not implemented.",
    "HV1 saw T at clinic.",
    "Level 3 safeguarding training",
    "Core group on 20/12/2022.",
    "T was seen at school.",
    "the high street",
    "Shops on the High Street were closed.",
    "3 months later the case was closed.",
    "Mother had lived in the area for 4 years.",
    "18 months",
    "£1,250.00 arrears",
    "Arrears rose from £640.20 to £1,240.55.",
    "Children Act 1989",
    "Table 12",
    "Year 1 class",
    "10:30",
    "PPN submitted",
    "2022-03-03",
    "T ran down the lane.",
    "Mother's partner is a close friend of the family.",
    "The decision was close.",
    "Mother said there was no way she would leave.",
    "St Mary's Hospital ED at 22:40.",
    "GP Dr Patel reviewed T; Dr. Jones consulted.",
    "ED Dr1 examined T.",
    "The Family Court made an interim care order.",
    "Mother attended Anyshire Magistrates' Court.",
    "The Child's View",
    "The Way Forward",
    "Year 5 Sponsored Walk",
    "Police Street Triage attended.",
    "Working Together to Safeguard Children 2023, paragraph 4.12.",
    "Recommendation 4 and Finding 2.",
    "Case number 1234567890",                               # a bare 10-digit number: the NHS rule's
    "With reference to the 2022 review.",
    "Terms of reference 2023-24 agreed.",
    "ICPC held on 12/04/2022 at 14:30.",
    "The plan lasted 1 year and 4 months.",
    "It took 2 years 3 months to hold the review.",
    "T was seen 2 weeks and 3 days after discharge.",
    "The case was open for 1 year and 4 months.",
    "T aged 4 was seen at home.",                            # an age without a date
    "Child T (aged 4) lived with her mother.",
    "the s47 2nd strategy meeting",                          # lower case and an ordinal: not a postcode
    "Y6 SAT results were good.",
    "KS2 SATs",
    "Traffic on the A1 road; M25 J10.",
    "a flat 2 miles from school",
    "The flat was cold; T had no bedding.",
    "Operation Encompass notification sent 03/03/2022.",
    "DASH score 14 of 27; EPDS 15.",
    "Sibling 1 and Sibling 2 were present.",
    "NHS 111 called at 02:00; 999 at 22:40.",
    "Marac on 3 March 2022 heard 14 cases.",
    "Between 2019 and 2021 the family moved 3 times.",
    "Mother, 24, attended.",
    "A 10-week delay in the referral.",
    "T's weight was on the 2nd centile.",
    "Key Stage 2, pages 12-14.",
    "BG 12 34 56 C",                                         # NI prefixes never issued
    "GB123456A",
    "DA 12 34 56 C",
    "AB 12 34 56 E",                                         # NI suffix is A-D
    "Ward 12 Children's Ward",
    "MASH referral 1234 hours after the call.",
    "Reference 12 in the terms of reference.",
]


@pytest.mark.parametrize("text", NOT_FLAGGED)
def test_look_alikes_in_safeguarding_writing_are_not_flagged(text):
    assert _found(text) == []


def test_an_age_in_another_sentence_of_a_long_paragraph_is_not_next_to_the_date():
    paragraph = ("At the strategy discussion the police and social care agreed that a section 47 enquiry was "
                 "needed and that the child, aged 4, should be seen by a paediatrician. Several weeks later, on "
                 "03/03/2022, the assessment took place at the hospital, with mother present throughout.")
    assert len(paragraph) > 200 and _found(paragraph) == []
    assert _found(paragraph.replace("aged 4, should", "aged 4, should on 04/03/2022")) == [(AGE_NEAR_DATE, "aged 4")]


def test_a_date_alone_is_not_flagged_and_a_full_stop_inside_a_date_ends_no_sentence():
    assert _found("Seen on 3.3.22 at home.") == []
    long = "Background written at some length so that the paragraph is no table cell. " * 3
    assert _found(long + "On 3 Mar. 2022 T (aged four) was seen.") == [(AGE_NEAR_DATE, "aged four")]


def test_a_street_just_before_its_postcode_is_reported_once_as_the_postcode():
    assert _found("Lives at 12 Acacia Avenue, Anytown, AN1 2BD.") == [(POSTCODE, "AN1 2BD")]
    assert _found("Flat 2, 7 Elm Close, AN1 2BD") == [(POSTCODE, "AN1 2BD")]
    assert _found("She lives at 12 Acacia Avenue. The area's postcode is AN1 2BD.") == [
        (STREET, "12 Acacia Avenue"), (POSTCODE, "AN1 2BD")]


def test_a_reference_with_a_keyword_and_a_police_shape_is_one_finding():
    assert _found("Crime number 42/12345/22 and PC 1234 attended.") == [(CASE_REF, "42/12345/22")]


def test_several_kinds_in_one_entry_come_in_text_order():
    text = ("03/03/2022 PC 1234 attended 14 Mill Lane; vehicle AB12 CDE outside; crime ref 42/12345/22; "
            "T (aged 4) seen; mother's NI AB 12 34 56 C; email tamsin@example.org")
    assert _found(text) == [(STREET, "14 Mill Lane"), (VEHICLE, "AB12 CDE"), (CASE_REF, "42/12345/22"),
                            (AGE_NEAR_DATE, "aged 4"), (NI, "AB 12 34 56 C"), (EMAIL, "tamsin@example.org")]


def test_an_age_in_years_and_months_wins_over_the_same_age_next_to_a_date():
    assert _found("On 03/03/2022 T, aged 4 years 3 months, was seen.") == [(AGE_YEARS_MONTHS, "4 years 3 months")]


def test_find_sensitive_without_a_register_is_find_identifiers():
    text = "DOB 01/02/2015; NHS 943 476 5919; 07700 900123; Flat 3; ANPR AB12 CDE."
    assert [(s.kind, s.text, s.start, s.end) for s in find_sensitive(text)] == \
        [(m.kind, m.text, m.start, m.end) for m in find_identifiers(text)]
    assert [m.kind for m in find_sensitive(text)] == [DOB, NHS, PHONE, STREET, VEHICLE]


# -- the kinds, for the check and its messages ------------------------------------------------------------
def test_every_kind_has_a_place_in_the_order_and_a_sentence_of_help():
    new = {NI, VEHICLE, CASE_REF, AGE_NEAR_DATE, AGE_YEARS_MONTHS, STREET}
    assert new <= set(KINDS) and len(KINDS) == len(set(KINDS))
    assert set(KIND_HELP) == set(KINDS)
    for kind, help_text in KIND_HELP.items():
        assert help_text.endswith(".") and ": " in help_text, kind       # why it matters: what to do.
    assert JIGSAW == {DOB, AGE_NEAR_DATE, AGE_YEARS_MONTHS, STREET, VEHICLE, CASE_REF}
    assert not JIGSAW & {NAME, NHS, NI, POSTCODE, PHONE, EMAIL}


# -- a known date -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("written", [
    "03/03/2015", "3/3/15", "3.3.15", "2015-03-03", "3rd March 2015", "3 Mar 2015", "March 3rd, 2015",
    "03-Mar-15", "3rd of March, 2015", "Mar. 3 2015", "20150303", "03.03.2015",
    "3rd March", "3 Mar", "March 3rd", "3/3",          # a birthday: the day and month with no year
])
def test_every_written_form_of_a_known_date_is_found_whatever_the_words_around_it(written):
    text = f"T's party was held on {written}, at home."
    start = text.index(written)
    assert date_mentions(text, dt.date(2015, 3, 3)) == [(start, start + len(written))]


@pytest.mark.parametrize("other", ["13/03/2015", "03/03/2016", "3/3/150", "2015-03-13", "23 March 2015",
                                   "3.3.15.2", "4/3/2015", "3rd March 2022", "3/3/2022", "March 2015", "3.3"])
def test_other_dates_and_the_same_day_in_another_year_are_not_the_known_date(other):
    assert date_mentions(f"Seen on {other} by HV1.", dt.date(2015, 3, 3)) == []


def test_date_mentions_finds_each_mention_and_september_as_sept():
    text = "DOB 14 Sept 2019; again 14/09/19 and 2019-09-14."
    spans = date_mentions(text, dt.date(2019, 9, 14))
    assert [text[a:b] for a, b in spans] == ["14 Sept 2019", "14/09/19", "2019-09-14"]
    assert date_mentions("", dt.date(2019, 9, 14)) == []
