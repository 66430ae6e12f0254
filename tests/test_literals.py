"""Needles: literals a pattern cannot match without, so a text holding none of them is not searched.
A needle test may only ever spare a search that would have found nothing."""

from __future__ import annotations

import re

import pytest

from reviewbench.literals import ascii_lower, may_match, needles
from reviewbench.vocabulary import builtin_event_kinds, classify

PATTERNS = [
    "core group", r"\b(icpc|rcpc)\b", r"strat(egy)? disc", r"professionals?\W? meeting", r"(?:a|b)c{2,}d",
    r"x?yz", r"(?-i:CASE) matters", r"[A-Z]{3} code", r"(ab){0}cd", r"(?=look)ahead", r"(?>atomic) group",
    r"item\d+|other thing", r"colou?r", r"a++b", r"fo(o|)bar", r"(?P<w>word) (?P=w)", r"\bs\.?\s?47 strategy",
    "\u017ftrategy disc", "\u0131cpc",                # a long s and a dotless i match s and i, case ignored
]
TEXTS = [
    "Core Group meeting held", "ICPC today", "RCPCs", "Strategy disc.", "strat disc", "PROFESSIONALS MEETING",
    "professional-meeting", "acccd", "bccd", "yz", "case matters", "CASE matters", "ABC code", "abc code", "cd",
    "lookahead", "atomic group", "item42", "OTHER THING", "color", "Colour", "aab", "fobar", "foobar",
    "word word", "S47 strategy", "s. 47 strategy", "nothing at all", "", "\u017ftrategy disc",
    "\u0130CPC", "\u212aore group",
]


@pytest.mark.parametrize("pattern", PATTERNS)
def test_a_text_a_pattern_matches_is_never_ruled_out(pattern):
    found = needles(pattern, re.IGNORECASE)
    compiled = re.compile(pattern, re.IGNORECASE)
    for text in TEXTS:
        if compiled.search(text):
            assert may_match(found, ascii_lower(text)), (pattern, text, found)


def test_needles_are_literals_every_match_passes_through():
    assert needles("core group", re.I) == {"core group"}
    assert needles(r"\b(icpc|rcpc)\b", re.I) == {"icpc", "rcpc"}
    assert needles(r"strategy (discussion|meeting|call)", re.I) == {"strategy "}
    assert needles(r"(?:a|b)c{2,}d|x?yz", re.I) == {"c", "yz"}       # of equals, the first
    assert needles("Core Group", re.I) == {"core group"}           # lower case, as the text is compared
    assert needles(r"[a-z]+\d?", re.I) is None                     # nothing but classes: every text is searched
    assert needles(r"(broken", re.I) is None                       # re.compile says what is wrong


def test_a_text_that_holds_no_needle_is_ruled_out_and_one_that_is_not_ascii_never_is():
    found = needles("core group", re.I)
    assert not may_match(found, ascii_lower("Strategy discussion"))
    assert may_match(found, ascii_lower("the CORE GROUP met"))
    # Case-insensitive matching knows Unicode look-alikes (the Kelvin sign is a k): never ruled out.
    kelvin = "\u212aelvin scale"
    assert re.search("kelvin", kelvin, re.I) and ascii_lower(kelvin) is None
    assert may_match(needles("kelvin", re.I), ascii_lower(kelvin))


def test_classifying_with_needles_gives_what_searching_every_kind_gives(built_example):
    from reviewbench.chronology import read_chronology

    kinds = builtin_event_kinds()
    frame = read_chronology(built_example / "build" / "chronology.csv")
    texts = [f"{d}\n{o}" for d, o in zip(frame["description"], frame["outcome"])] + list(frame["event_type"])
    texts += [t.upper() for t in texts] + TEXTS
    for text in texts:
        searched = next((k for k in kinds if k.regex is not None and k.regex.search(text)), None)
        assert classify(kinds, "", text) is (searched or next(k for k in kinds if k.id == "other")), text
