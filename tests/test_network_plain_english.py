"""The network's statements and figures in the words a partnership board uses (issue 12, item 5):
what a measure means, never its name or value."""

from __future__ import annotations

import re

import pytest
from matplotlib.text import Text

from network_support import chronology, entry, make_review, statements
from plain_english import JARGON, jargon_in
from reviewbench.chronology import read_chronology
from reviewbench.config import load_review
from reviewbench.network import analyse
from reviewbench.network.figures import network_figure
from reviewbench.network.statements import share_word
from reviewbench.vocabulary import topic_label, topic_labels

CSC = "Children's Social Care"
ROWS = [   # CSC in the middle; Housing on its own; School and GP concerned at the time, never in touch
    entry("SCH-1", "2022-01-10", "School", "referral", "Bruise seen; concern. Referred to MASH."),
    entry("CSC-1", "2022-01-11", CSC, "referral-received", "Referral received from school.", outcome="NFA"),
    entry("POL-1", "2022-02-01", "Police", "police-incident", "Domestic incident. PPN submitted to CSC."),
    entry("CSC-2", "2022-02-03", CSC, "referral-received", "PPN received from police.", outcome="NFA"),
    entry("GP-1", "2022-01-20", "GP", "appointment", "Concern about weight loss. Letter to CSC."),
    entry("HV-1", "2022-03-01", "Health Visiting", "notification", "Concerns shared with the GP."),
    entry("HOU-1", "2022-02-15", "Housing", "home-visit", "Concerns about the condition of the flat."),
]


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    """The analysis of ROWS, once for the module: the tests only read it."""
    return analyse(make_review(tmp_path_factory.mktemp("plain") / "review"), chronology(ROWS))


def test_the_statements_say_what_the_measures_mean_without_naming_them(result):
    said = {s.topic: s.text for s in result.statements}
    assert {"density", "broker", "reciprocity", "isolate", "expected-missing-tie", "repeated-nfa"} <= set(said)
    for topic, text in said.items():
        assert jargon_in(text) == [], (topic, text)
        assert not re.search(r"\b0\.\d", text), (topic, text)              # no raw measure values
    assert re.match(r"(All|Nearly all|Most|About half|Some|Few) of the pairs among the 6 agencies involved were "
                    r"in touch: \d+ of the 15 pairs exchanged information at least once", said["density"])
    assert said["broker"].split(" of the exchanges between agencies")[0] in ("Most", "About half", "Nearly all")
    assert f"involved {CSC}, which was in touch with" in said["broker"]
    assert said["reciprocity"].startswith("Agencies heard back from ")


def test_the_go_between_counts_the_exchanges_it_took_part_in(result):
    said = statements(result, "broker")[0]
    took_part = ((result.interactions["from_agency"] == CSC) | (result.interactions["to_agency"] == CSC)).sum()
    assert f"({took_part} of {len(result.interactions)}) involved {CSC}" in said.text
    assert said.agencies == [CSC]


@pytest.mark.parametrize(("part", "whole", "word"), [
    (0, 5, "none"), (1, 10, "few"), (2, 10, "some"), (20, 36, "about half"), (4, 10, "about half"),
    (18, 25, "most"), (9, 10, "nearly all"), (5, 5, "all"), (3, 0, "none"),
])
def test_a_share_is_said_in_a_word(part, whole, word):
    assert share_word(part, whole) == word


def test_every_topic_has_a_label_without_jargon():
    labels = topic_labels()
    assert {"summary", "density", "broker", "reciprocity", "isolate", "expected-missing-tie", "repeated-nfa"} <= \
        set(labels)
    for topic, label in labels.items():
        assert topic_label(topic) == label
        assert jargon_in(label) == [], (topic, label)
    assert topic_label("child-seen-alone") == "Child seen alone"       # a topic added later reads as words


@pytest.mark.slow
def test_every_topic_of_the_example_has_a_label_and_no_statement_has_jargon(built_example):
    result = analyse(load_review(built_example), read_chronology(built_example / "build" / "chronology.csv"))
    assert {s.topic for s in result.statements} <= set(topic_labels())
    assert [s.text for s in result.statements if jargon_in(s.text)] == []
    assert "broker" not in result.summary() and "go-between (1)" in result.summary()


def test_the_network_figure_uses_no_jargon(result):
    figure = network_figure(result)
    words = " ".join(" ".join(t.get_text() for t in figure.findobj(Text)).split())      # labels wrap
    assert "no exchange with any other agency" in words                  # Housing
    assert "no exchange, though both recorded concerns at the time" in words
    assert jargon_in(words) == [], jargon_in(words)


def test_the_jargon_list_holds_the_words_of_the_issue():
    assert {"broker", "density", "betweenness", "repeated nfa", "expected missing tie", "node", "edge", "tie",
            "centrality", "reciprocity"} <= set(JARGON)
    assert len(jargon_in("Density 0.56 and the expected\nmissing tie")) == 2
    assert jargon_in("knowledge of the parties, their ties") != [] and jargon_in("knowledge of the parties") == []
