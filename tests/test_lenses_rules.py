"""The lenses' rules are data: a review's own lens_rules.yaml extends them, checked like every overlay."""

from __future__ import annotations

import pytest

from network_support import chronology, entry, make_review
from reviewbench.errors import ReviewConfigError
from reviewbench.lenses import analyse_lenses, lens_rules

ROWS = [entry("SCH-1", "2022-03-01", "School", "", "Child X told the TA she was 'scared of the big dog'."),
        entry("SCH-2", "2022-03-02", "School", "", "Child X flapped her hands at the gate when the car came."),
        entry("POL-1", "2022-03-03", "Police", "", "PNC checks on the lodger Marty COBBLESTONE: two previous "
                                                 "convictions.")]


def _write(folder, text: str) -> None:
    (folder / "lens_rules.yaml").write_text(text, encoding="utf-8")


def test_the_built_in_rules_load_with_an_id_for_every_rule():
    rules = lens_rules()
    ids = [c.id for c in rules.speech + rules.behaviour + rules.infant_behaviour] + [r.id for r in rules.roles]
    assert len(ids) == len(set(ids)) and all(ids)
    assert {"mother", "father", "mothers-partner", "uncle", "unidentified-man"} <= {r.id for r in rules.roles}
    assert rules.expected == ("mother", "father")


@pytest.mark.parametrize("text, said", [
    ("voice:\n  speach:\n    - {id: x, pattern: said}\n", ["voice.speach", "did you mean 'speech'"]),
    ("adults:\n  roles:\n    - {id: uncle, patern: 'uncle'}\n", ["adults.roles.0.patern", "'pattern'"]),
    ("voice:\n  behaviour:\n    - {id: broken, pattern: '(crying'}\n",
     ["voice.behaviour rule 'broken'", "not a valid regular expression"]),
    ("adults:\n  expected: [fahter]\n", ["'fahter'", "Did you mean 'father'"]),
    ("voice: [said]\n", ["voice", "must be a mapping of keys"]),
])
def test_a_mistake_in_the_reviews_rules_is_named_with_the_file_and_the_place(tmp_path, text, said):
    review = make_review(tmp_path / "r")
    _write(review.root, text)
    with pytest.raises(ReviewConfigError) as err:
        lens_rules(review.root)
    message = str(err.value)
    assert str(review.root / "lens_rules.yaml") in message
    for words in said:
        assert words in message, message


def test_a_review_adds_a_rule_and_its_rows_name_it(tmp_path):
    review = make_review(tmp_path / "r")
    before = analyse_lenses(review, chronology(ROWS)).tables["voice"]
    assert "SCH-2" not in set(before["entry_id"])                  # "flapped" is no built-in cue
    _write(review.root, "voice:\n  behaviour:\n    - {id: flapping-local, pattern: '\\bflapped\\b'}\n")
    review = make_review(tmp_path / "r")                            # loaded again: the overlay is read once
    voice = analyse_lenses(review, chronology(ROWS)).tables["voice"].set_index("entry_id")
    assert voice.loc["SCH-2", "rule"] == "voice.flapping-local"
    assert voice.loc["SCH-2", "matched"] == "flapped"


def test_a_review_drops_a_built_in_rule_by_its_id(tmp_path):
    review = make_review(tmp_path / "r")
    _write(review.root, "voice:\n  speech:\n    - {id: speech-verb, enabled: false}\n"
                        "    - {id: quoted-words, enabled: false}\n")
    voice = analyse_lenses(review, chronology(ROWS)).tables["voice"]
    assert "SCH-1" not in set(voice["entry_id"])


def test_a_review_replaces_a_field_of_a_built_in_rule(tmp_path):
    review = make_review(tmp_path / "r")
    _write(review.root, "adults:\n  roles:\n    - {id: lodger, label: paying guest}\n")
    adults = analyse_lenses(review, chronology(ROWS)).tables["adults"].set_index("adult")
    assert adults.loc["Marty Cobblestone", "relationship"] == "paying guest"
    assert adults.loc["Marty Cobblestone", "checked"] == "yes"
