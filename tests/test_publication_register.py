"""The names register: every form of a registered person or place is found and replaced grammatically,
ordinary words are left to a person, and a register that cannot work is refused with the entry named."""

from __future__ import annotations

import pytest

import yaml_files
from reviewbench.errors import ReviewConfigError
from reviewbench.publication.names import NameRegister, load_register
from reviewbench.register import REGISTER, parse_register

PEOPLE = {
    "people": [
        {"name": "Tamsin Example", "pseudonym": "Mother", "title": ["Ms", "Mrs"], "known_as": ["Tammy"],
         "former_names": ["Tamsin Brackley"], "date_of_birth": "1994-05-02"},
        {"name": "Lee Sample-Jones", "pseudonym": "Mother's partner", "title": "Mr"},
        {"name": "Tia Example", "pseudonym": "Child T"},
        {"name": "Will Rose", "pseudonym": "the father"},
        {"name": "Ottoline Vance Whitcombe", "pseudonym": "Maternal grandmother", "surname": "Vance Whitcombe"},
    ],
    "places": [
        {"name": "Brookfield Primary School", "also": ["Brookfield Primary", "Brookfield"],
         "public": "a primary school"},
        {"name": "Riverside Medical Practice", "also": ["Riverside"], "public": "the GP practice"},
    ],
}


@pytest.fixture(scope="module")
def register() -> NameRegister:
    return NameRegister(parse_register(PEOPLE))


# -- every form of a person -------------------------------------------------------------------------
@pytest.mark.parametrize("text, form, whose", [
    ("Tamsin Example attended.", "Tamsin Example", "full name of Mother"),
    ("TAMSIN EXAMPLE attended.", "TAMSIN EXAMPLE", "full name of Mother"),
    ("tamsin example attended.", "tamsin example", "full name of Mother"),
    ("Seen: Tamsin\nExample and T.", "Tamsin\nExample", "full name of Mother"),
    ("Spoke to Tamsin about it.", "Tamsin", "first name of Mother"),
    ("Ms Example said so.", "Ms Example", "title and surname of Mother"),
    ("Dr. Sample-Jones said so.", "Dr. Sample-Jones", "title and surname of Mother's partner"),
    ("MS EXAMPLE said so.", "MS EXAMPLE", "title and surname of Mother"),
    ("Ms Tamsin Example said so.", "Ms Tamsin Example", "title and full name of Mother"),
    ("Ms T Example said so.", "Ms T Example", "title, initial and surname of Mother"),
    ("Tammy was upset.", "Tammy", "name known by of Mother"),
    ("Tammy Example was upset.", "Tammy Example", "name known by and surname of Mother"),
    ("Formerly Tamsin Brackley.", "Tamsin Brackley", "former name of Mother"),
    ("Ms Brackley (now Example).", "Ms Brackley", "title and surname of Mother"),
    ("Brackley was her name.", "Brackley", "surname of Mother"),
    ("Lee shouted.", "Lee", "first name of Mother's partner"),
    ("LEE shouted.", "LEE", "first name of Mother's partner"),
    ("Mr Sample-Jones shouted.", "Mr Sample-Jones", "title and surname of Mother's partner"),
    ("Mr Sample Jones shouted.", "Mr Sample Jones", "title and surname of Mother's partner"),
    ("Mr Jones shouted.", "Mr Jones", "title and surname of Mother's partner"),
    ("Jones shouted.", "Jones", "part of the surname of Mother's partner"),
    ("Lee Sample-Jones shouted.", "Lee Sample-Jones", "full name of Mother's partner"),
    ("L. Sample-Jones shouted.", "L. Sample-Jones", "initial and surname of Mother's partner"),
    ("LSJ shouted.", "LSJ", "initials of Mother's partner"),
    ("L.S.J. shouted.", "L.S.J.", "initials of Mother's partner"),
    ("Tia Example attended.", "Tia Example", "full name of Child T"),
    ("Tia’s coat", "Tia", "first name of Child T"),
    ("Will Rose came.", "Will Rose", "full name of the father"),
    ("Mrs Vance Whitcombe came.", "Mrs Vance Whitcombe", "title and surname of Maternal grandmother"),
    ("Whitcombe came.", "Whitcombe", "part of the surname of Maternal grandmother"),
    ("Ottoline came.", "Ottoline", "first name of Maternal grandmother"),
])
def test_every_form_of_a_registered_person_is_found(register, text, form, whose):
    found = [m for m in register.find(text) if m.certain]
    assert [(m.text, register.describe(m)) for m in found] == [(form, whose)]


@pytest.mark.parametrize("text, expected", [
    ("Ms Example said Lee grabbed me.", "Mother said Mother's partner grabbed me."),
    ("Ms Tamsin Example's flat was cold.", "Mother's flat was cold."),
    ("Mr Lee Sample-Jones attended.", "Mother's partner attended."),
    ("Mr Sample-Jones’s car", "Mother's partner’s car"),
    ("Will Rose came. Will Rose left.", "The father came. The father left."),
    ("We told Will Rose.", "We told the father."),
    ("Referred by Brookfield Primary School to MASH.", "Referred by a primary school to MASH."),
    ("At the Brookfield Primary School gate.", "At a primary school gate."),
    ("The Brookfield DSL phoned.", "A primary school DSL phoned."),
    ("Telephoned Riverside Medical Practice.", "Telephoned the GP practice."),
    ("Riverside's receptionist", "The GP practice's receptionist"),
])
def test_replacements_are_grammatical(register, text, expected):
    assert register.apply(text) == expected


def test_a_replacement_never_keeps_the_title(register):
    text = "Ms Example and Mr Sample-Jones and Ms Tamsin Example and Mr Lee Sample-Jones"
    assert "Ms Mother" not in register.apply(text) and "Mr Mother" not in register.apply(text)


# -- ordinary words, shared forms, addresses --------------------------------------------------------
def test_ordinary_words_are_never_matched_in_lower_case(register):
    text = "For example, we will take a sample; the rose bush; a riverside walk."
    assert register.find(text) == []
    assert register.apply(text) == text


def test_a_capitalised_ordinary_word_is_a_possible_mention_left_for_a_person(register):
    text = "Will the partners ask? Example of good practice."
    found = register.find(text)
    assert [(m.text, m.certain) for m in found] == [("Will", False), ("Example", False)]
    assert "or an ordinary word" not in register.describe(found[0])
    assert register.describe(found[0]) == "first name of the father; but it is also an ordinary word"
    assert register.apply(text) == text


def test_word_names_make_a_capitalised_ordinary_word_the_person():
    register = NameRegister(parse_register({"people": [
        {"name": "Will Rose", "pseudonym": "Father", "word_names": ["Will"]}]}))
    assert register.apply("Will said he will come.") == "Father said he will come."


def test_a_form_shared_by_two_people_is_never_given_to_either(register):
    # "Miss Example": the mother (title Ms) or the child? The register cannot tell.
    assert register.apply("Miss Example was seen.") == "[Mother or Child T] was seen."
    assert register.markers("[Mother or Child T] was seen.") == [(0, 19)]
    # ... but a declared title settles it.
    assert register.apply("Ms Example was seen.") == "Mother was seen."


def test_a_name_inside_an_address_or_file_name_is_found_but_not_rewritten(register):
    text = "see www.brookfield.sch.uk or write to tamsin.example@mail.example"
    found = register.find(text)
    assert {(m.text, m.inside_word) for m in found} >= {("brookfield", True), ("tamsin", True)}
    assert register.apply(text) == text


def test_part_of_a_hyphenated_name_is_only_a_possible_mention(register):
    found = register.find("Lee-Ann arrived.")
    assert [(m.text, m.certain) for m in found] == [("Lee", False)]
    assert register.apply("Lee-Ann arrived.") == "Lee-Ann arrived."


def test_the_simple_names_mapping_stays_valid():
    register = NameRegister.from_mapping({"Tamsin Example": "Mother"})
    assert register.apply("Ms Example and Tamsin") == "Mother and Mother"


def test_initials_that_are_an_abbreviation_are_only_possible():
    register = NameRegister.from_mapping({"Gary Parker": "Father"})
    found = register.find("Seen by the GP today.")
    assert [(m.text, m.certain) for m in found] == [("GP", False)]
    assert register.apply("Seen by the GP today.") == "Seen by the GP today."


# -- a register that cannot work is refused, naming the entry -----------------------------------------
def _problem(data) -> str:
    with pytest.raises(ReviewConfigError) as info:
        NameRegister(parse_register(data, "private/names.yaml"))
    return str(info.value)


def test_an_entry_with_no_pseudonym_is_named_without_its_name():
    message = _problem({"names": {"Jane Smith": None}})
    assert "names (J*** S****): has no pseudonym" in message and "Jane Smith" not in message


def test_a_pseudonym_equal_to_the_name_is_refused():
    message = _problem({"names": {"Child X": "Child X"}})
    assert "replacement equal to the name itself" in message


def test_two_people_with_one_name_are_refused():
    message = _problem({"people": [{"name": "Jane Smith", "pseudonym": "Mother"},
                                   {"name": "jane  smith", "pseudonym": "Aunt"}]})
    assert "people, entry 2 (j*** s****): has the same name as people, entry 1 (J*** S****)" in message


def test_a_pseudonym_that_is_itself_a_registered_name_is_refused():
    message = _problem({"people": [{"name": "Lee Sample", "pseudonym": "Father"},
                                   {"name": "Jane Smith", "pseudonym": "Lee's partner"}]})
    assert "people, entry 2 (J*** S****): the replacement 'Lee's partner' holds 'L**'" in message
    assert "first name of people, entry 1 (L** S*****)" in message


def test_unknown_keys_and_bad_values_are_named_with_a_suggestion():
    message = _problem({"peple": [], "people": [{"name": "Jane Smith", "pseudonym": "Mother", "knownas": ["J"],
                                                 "date_of_birth": "31/02/2015"}]})
    assert "the register: unknown key 'peple'. Did you mean 'people'?" in message
    assert "unknown key 'knownas'. Did you mean 'known_as'?" in message
    assert "'date_of_birth' is not a date" in message and "31/02/2015" not in message


def test_declaring_no_one_and_listing_people_is_a_contradiction():
    assert "names_no_one" in _problem({"names_no_one": True, "people": [{"name": "Jane Smith", "pseudonym": "M"}]})


def test_a_register_that_is_not_yaml_names_the_line(tmp_path):
    (tmp_path / "private").mkdir()
    (tmp_path / REGISTER).write_text("people:\n  - name: Jane Smith\n    pseudonym: [Mother\n", encoding="utf-8")
    with pytest.raises(ReviewConfigError) as info:
        load_register(tmp_path)
    assert "is not valid YAML at line" in str(info.value)


def test_no_register_file_is_an_empty_register_that_says_so(tmp_path):
    register = load_register(tmp_path)
    assert not register.exists and register.empty and register.apply("Jane Smith") == "Jane Smith"


def test_the_register_file_round_trips_through_yaml(tmp_path):
    (tmp_path / "private").mkdir()
    (tmp_path / REGISTER).write_text(yaml_files.safe_dump(PEOPLE), encoding="utf-8")
    register = load_register(tmp_path)
    assert register.exists and len(register.people) == 5 and len(register.data.places) == 2
    assert register.dates_of_birth == [("Mother", __import__("datetime").date(1994, 5, 2))]
