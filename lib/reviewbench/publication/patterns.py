"""What identifies a person in a text, and what combines into an identification.

Two families of findings:

* identifiers point at one person on their own: a registered name, an NHS number, a National
  Insurance number, a postcode, a phone number, an e-mail address;
* "jigsaw" details (:data:`JIGSAW`) are harmless alone in most reports, but together with what a
  local reader knows they identify a child: a date of birth, an exact age next to an exact date,
  an age in years and months, a street or house number, a vehicle registration, a case or crime
  reference. They are flagged for a person to decide.

Patterns lean towards catching: a false alarm costs the reviewer a look, a miss costs a family its
privacy. But a check that cries wolf is soon ignored, so every rule carries its own guard: an NHS
number must pass its modulus-11 check, a date counts as a date of birth only next to words that say
so, an age only next to an exact date, a street only after a capitalised name, a reference only
after a word that says it is one.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterable

NAME, DOB, NHS, POSTCODE, PHONE, EMAIL = ("registered name", "date of birth", "NHS number", "postcode",
                                          "phone number", "e-mail address")
NI, VEHICLE, CASE_REF = "national insurance number", "vehicle registration", "case or crime reference"
AGE_NEAR_DATE, AGE_YEARS_MONTHS, STREET = ("age next to an exact date", "age in years and months",
                                           "street or house number")
# The order that wins when matches overlap: the most specific first.
KINDS = (NAME, EMAIL, NHS, NI, DOB, PHONE, POSTCODE, VEHICLE, CASE_REF, AGE_YEARS_MONTHS, AGE_NEAR_DATE, STREET)
# Details that combine into an identification, for a person to decide; the other kinds identify on their own.
JIGSAW = frozenset({DOB, AGE_NEAR_DATE, AGE_YEARS_MONTHS, STREET, VEHICLE, CASE_REF})
KIND_HELP: dict[str, str] = {
    NAME: "A registered person's name, which the report should show as their pseudonym. Render again; if it "
          "is still there, it is where the register cannot reach (a figure, inside an address or a file name): "
          "reword it at its source.",
    DOB: "A date of birth identifies a child with little else: give the age in years, or the month and year.",
    NHS: "An NHS number belongs to one person and leads to their health records: remove it.",
    NI: "A National Insurance number belongs to one person and leads to their tax and benefit records: remove it.",
    POSTCODE: "A postcode points to a handful of homes: remove it, or name the area or the local authority instead.",
    PHONE: "A phone number leads straight to a person or a household: remove it.",
    EMAIL: "An e-mail address names or reaches a person: remove it, or give their role instead.",
    AGE_NEAR_DATE: "An exact age next to an exact date lets a reader work out the date of birth: "
                   "give the age or the date, not both, or the month instead of the day.",
    AGE_YEARS_MONTHS: "An age in years and months narrows a date of birth to a few weeks: "
                      "give the age in whole years unless the months matter to a finding.",
    STREET: "A street name or house number shows where a family lives or lived: "
            "name the kind of home or the area instead ('a flat in the town').",
    VEHICLE: "A vehicle registration can be looked up and leads to the keeper: remove it, or say 'a car'.",
    CASE_REF: "A case or crime reference is an agency's key to a person's records and can be matched with "
              "court lists or the press: remove it, or say which agency holds the record.",
}

# -- dates -------------------------------------------------------------------------------------------
_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
                "october", "november", "december")
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_DATE = re.compile(
    r"(?<![\w/.-])(?:"
    r"\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d{2})"                                  # 03/03/2015, 3.3.15
    r"|\d{4}-\d{2}-\d{2}"                                                          # 2015-03-03
    rf"|\d{{1,2}}(?:st|nd|rd|th)?(?:\s+of)?[\s-]+{_MONTH}\.?,?[\s-]+(?:\d{{4}}|\d{{2}})"  # 3rd March 2015
    rf"|{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"                        # March 3, 2015
    r")(?![\w/])", re.IGNORECASE)
_BIRTH_WORDS = re.compile(r"(?<![\w])(?:d\.?\s?o\.?\s?b\b\.?|date\s+of\s+birth|birth\s*date|birthday|born(?:\s+on)?)",
                          re.IGNORECASE)
_BIRTH_BEFORE = 30     # characters allowed between "DOB"/"born" and the date

# -- identifiers -------------------------------------------------------------------------------------
_NHS = re.compile(r"(?<![\w])(\d{3})([ -]?)(\d{3})\2(\d{4})(?![\w])")
# The Royal Mail outward and inward code shapes, in any case ("sw1a 1aa", "SW1A1AA").
_POSTCODE = re.compile(
    r"(?<![\w])(?:GIR ?0AA|[A-PR-UWYZ](?:\d[A-HJKPSTUW]|\d{1,2}|[A-HK-Y]\d[ABEHMNPRV-Y]|[A-HK-Y]\d{1,2})"
    r" ?(?P<inward>\d[ABD-HJLNP-UW-Z]{2}))(?![\w])", re.IGNORECASE)
# Written in lower case, "s47 2nd" and "y6 3rd" have the shape of a postcode: an ordinal is not an inward code.
_ORDINAL = re.compile(r"\d(?:st|nd|rd|th)", re.IGNORECASE)
_PHONE = re.compile(r"(?<![\w+])(?:\+44[\s-]?(?:\(0\)[\s-]?)?|\(?0)\d(?:[\s\-)]{0,2}\d){7,11}(?![\w])")
_EMAIL = re.compile(r"(?<![\w.+-])[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}(?![\w])")
# HMRC's shape: prefix letters never D, F, I, Q, U, V (nor O second), six digits, suffix A-D. QQ is
# HMRC's own specimen prefix: never issued, but it only ever stands where someone wrote an NI number.
_NI = re.compile(r"(?<![\w-])(?P<prefix>[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]|QQ)"
                 r"\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D](?![\w])", re.IGNORECASE)
_NI_NEVER_ISSUED = frozenset({"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"})

# -- vehicle registrations (DVLA formats; I, Q and Z are never used where the regex leaves them out) --
_VEHICLE_CURRENT = re.compile(   # since 2001: AB12 CDE (area letters, age identifier, random letters)
    r"(?<![\w/-])[A-HK-PR-SVWY][A-HJ-PR-Y](?:0[2-9]|[1-46-9]\d|5[1-9]) ?(?P<letters>[A-HJ-PR-Z]{3})(?![\w/-])",
    re.IGNORECASE)
_VEHICLE_PREFIX = re.compile(    # 1983-2001: A123 BCD (year letter first)
    r"(?<![\w/-])[A-HJ-NPR-TV-Y][1-9]\d{0,2} ?(?P<letters>[A-HJ-PR-Y]{3})(?![\w/-])", re.IGNORECASE)
_VEHICLE_SUFFIX = re.compile(    # 1963-1983: ABC 123D (year letter last)
    r"(?<![\w/-])(?P<letters>[A-HJ-PR-Y]{3}) ?[1-9]\d{0,2}[A-HJ-NPR-TV-Y](?![\w/-])", re.IGNORECASE)
# Three-letter words and this field's abbreviations that would make "t1 saw", "Y6 SAT", "KPE 12A" a plate.
_NOT_PLATE_LETTERS = frozenset("""
    the and was saw had has her his him she not for but are who can did got met new old one two six ten our
    out see say put let may via yet all any day way age yrs mth wks res ref per pre pro sat set off own due
    yes bus car van cab gap sen ehc kpe csc pol sch hsg amh das dsl nfa cpp icp hvs gps tac
""".split())

# -- case and crime references -----------------------------------------------------------------------
# Words that say a reference follows; then at most ":", "no.", "number", "#" before the reference itself.
_REF_KEYWORDS = (
    r"crime\s+(?:ref(?:erence)?|number|no)", "crn", "urn", "cad", "mrn", r"cp\s+ref(?:erence)?",
    r"(?:occurrence|incident|log|case|file|hospital|patient|client|person)\s+(?:ref(?:erence)?|number|no|id)",
    r"(?:mosaic|lcs|ehm|liquidlogic|eclipse|wccis|pnc|care\s+first|carefirst)\s+(?:id|ref(?:erence)?|number|no)",
    r"ref(?:erence)?",
)
_CASE_REF = re.compile(
    rf"(?<![\w])(?:{'|'.join(_REF_KEYWORDS)})\b\.?(?:\s*(?:no\b\.?|number|#|:))*\s*"
    r"(?P<ref>[A-Z0-9](?:[A-Z0-9]|[/\-](?=[A-Z0-9]))*)(?![\w£])", re.IGNORECASE)
_POLICE_REF = re.compile(        # police shapes that need no keyword: 42/12345/22, AP/21/118734, PNC 19/556677K
    r"(?<![\w/])(?:\d{2}/\d{4,6}/\d{2}|[A-Z]{2,3}/\d{2}/\d{4,7}|\d{2}/\d{5,7}[A-Z])(?![\w/])")
_REF_DIGITS = 4                  # a reference has at least 4 digits: "Table 3", "s47", "Level 3" never qualify
_BARE_NUMBER_MAX = 9             # longer runs of bare digits are NHS and phone numbers, checked by their rules
# A reference is never a year, a year range, a month and year ("2022-23", "03/2022") or an entry id.
_PERIOD = re.compile(r"(?:19|20)\d\d(?:[/-](?:19|20)?\d\d)?|(?:0?[1-9]|1[0-2])[/-](?:19|20)\d\d")
_ENTRY_ID = re.compile(r"[A-Z]{2,5}-[0-9a-f]{8}(?:-\d+)?", re.IGNORECASE)

# -- ages ---------------------------------------------------------------------------------------------
_NUMBER = (r"(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
           r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty)")
_HALF = r"(?:\s*½|\s+and\s+a\s+half)?"
_AGE_UNIT = r"(?:years?|yrs?|months?|mths?|weeks?|wks?|days?)"
_AGE = re.compile(
    rf"\bage(?:d|\s+of)?\s*:?\s*{_NUMBER}{_HALF}(?:\s*{_AGE_UNIT})?(?:\s+old)?\b"   # aged 4, at the age of four
    rf"|\b{_NUMBER}{_HALF}[\s-]*{_AGE_UNIT}[\s-]+old\b"                              # 4 years old, 6-week-old
    r"|\(\s*\d{1,2}\s?(?:y|yrs?|yo|y/o)\s*\)"                                        # (4y), (4 yrs)
    r"|\b\d{1,2}\s?(?:yo|y/o)\b", re.IGNORECASE)                                     # 4yo, 4 y/o
_SHORT_BLOCK = 200    # a block this short (a table cell, a caption) is read as one sentence
# Where a sentence ends: punctuation then space, or a blank line. Not after "Mr." or inside a date.
_SENTENCE_END = re.compile(r"[.!?]+['\"’”)\]]*\s+|\n\s*\n")
_ABBREVIATION = re.compile(r"\b(?:mrs?|ms|dr|no|nos|st|approx|e\.g|i\.e|c|cf|vs|" + _MONTH + r")\.$", re.IGNORECASE)


def _pair(big: str, small: str) -> str:
    return rf"\b{_NUMBER}\s*{big}(?![a-z]),?\s*(?:and\s+)?{_NUMBER}\s*{small}(?![a-z])"


# Two units of an age together: "4 years 3 months", "4y 3m", "6 weeks and 2 days".
_YEARS_MONTHS = re.compile(
    r"(?:" + "|".join((_pair(r"(?:years?|yrs?|y)", r"(?:months?|mths?|mos?|m)"),
                       _pair(r"(?:months?|mths?|mos?)", r"(?:weeks?|wks?)"),
                       _pair(r"(?:weeks?|wks?)", r"(?:days?)"))) + r")(?P<old>\s+old\b)?", re.IGNORECASE)
# Said of a span of time, not of a person: "for 2 years and 3 months", "1 year 2 months later".
_DURATION_BEFORE = re.compile(r"\b(?:for|over|within|after|in|took|taking|lasted|lasting|spent|waited|"
                              r"period\s+of|duration\s+of|up\s+to)\s+$", re.IGNORECASE)
_DURATION_AFTER = re.compile(r"\s*(?:later|ago|earlier|before|after|previously|prior|since|into|"
                             r"of(?!\s+age))\b", re.IGNORECASE)
_AGE_CUE_BEFORE = re.compile(r"\bage(?:d|\s+of)?\s*:?\s*$", re.IGNORECASE)

# -- streets and house numbers ------------------------------------------------------------------------
STREET_TYPES = ("Street", "St", "Road", "Rd", "Avenue", "Ave", "Lane", "Ln", "Close", "Drive", "Dr", "Way",
                "Crescent", "Cres", "Court", "Ct", "Place", "Pl", "Gardens", "Gdns", "Terrace", "Tce", "Grove",
                "Walk", "Row", "Mews", "Square", "Sq", "Hill", "Rise", "View", "Parade", "Pde", "Park", "Green",
                "Vale", "Chase", "Croft", "Mount", "Wharf", "Quay", "Boulevard", "Approach", "Meadows", "Fields",
                "Yard", "Gate", "End")
# Types that are also ordinary title-case words ("Family Court", "The Child's View", "Dr Patel",
# "St Mary's"): a street only with a house number in front.
_NEEDS_HOUSE_NUMBER = frozenset({"St", "Dr", "Way", "Court", "Ct", "Place", "Pl", "Walk", "Row", "Hill", "Rise",
                                 "View", "Park", "Green", "Square", "Sq", "Mount", "Approach", "Fields", "Chase",
                                 "Yard", "Gate", "End", "Quay", "Wharf"})
# Abbreviations that are also titles: followed by a capitalised word they are "Doctor" and "Saint".
_TITLES = frozenset({"St", "Dr"})
# Leading words that are not part of a street's name ("The Way Forward", "At Mill Lane").
_NOT_NAME_WORDS = frozenset("""
    The A An This That These Those Our Their His Her My Your Its Every Each Any Some No On In At To From By Of
    And Or With For Into Via Near Opposite Outside Behind Off Then When Where While After Before Also
    Police Child Child's Children's Mother's Father's Family Family's Parent's Parents'
""".split())
# A generic street every town has: without a house number it names a town centre, not a home.
_GENERIC_STREETS = frozenset({"High Street", "High St", "Main Street", "Main Road"})
# Numbers after these words are labels, not house numbers ("Year 5 Sponsored Walk", "Section 3 The Way").
_LABEL_WORDS = re.compile(r"\b(?:year|yr|level|section|s|table|stage|ks|kpe|finding|recommendation|page|para"
                          r"|paragraph|ward|room|bay|bed|class|group|tier|step|part|appendix|chapter|figure|phase"
                          r"|week|day|session|pc|dc|ds|sgt|entry|item|question|option|hour)\.?\s*$",
                          re.IGNORECASE)
# Acacia, McDonald, O'Neill, John's; not "GP", "KPE". One way to read each word: no runaway backtracking.
_LOWER = "a-zâêîôûŵŷáéíóúàèìòùäëïöü"                      # Welsh and borrowed accents: "Glyndŵr", "Rhôs"
_NAME_WORD = rf"[A-Z][A-Z'’]*[{_LOWER}][A-Z{_LOWER}'’]*+"
_STREET = re.compile(
    r"(?<![\w£$/.:-])(?P<number>(?:No\.?\s*)?\d{1,4}[A-Za-z]?\b,?\s+)?"
    rf"(?P<name>(?:St\.?\s+)?{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}})\s+"
    rf"(?P<type>{'|'.join(sorted(STREET_TYPES, key=len, reverse=True))})\b")
# Welsh street names put the type first: "Heol y Felin", "14 Ffordd Pentre", "Stryd Fawr".
WELSH_STREET_TYPES = ("Heol", "Ffordd", "Stryd", "Lôn", "Rhodfa", "Cilgant", "Clos")
_WELSH_STREET = re.compile(
    r"(?<![\w£$/.:-])(?:\d{1,4}[A-Za-z]?\b,?\s+)?"
    rf"(?:{'|'.join(WELSH_STREET_TYPES)})\s+(?:(?:y|yr)\s+)?{_NAME_WORD}")
_AFTER_TITLE = re.compile(r"\.?\s+[A-Z]")
_NOT_STREET_AFTER = re.compile(r"\s+Triage\b")              # "Street Triage", the police and mental health team
# A flat number, any case ("flat 3b"); not "flat 2 miles away" nor "a flat 2-bed".
_FLAT = re.compile(
    r"(?<![\w])(?:flat|apartment|apt\.?)\s*(?:no\.?\s*)?\d{1,4}[A-Za-z]?\b"
    r"(?!\s*-?\s*(?:miles?|mins?|minutes?|hours?|weeks?|days?|months?|years?|times?|bed(?:room)?s?|"
    r"storeys?|floors?|metres?|%))", re.IGNORECASE)
_ADDRESS_JOIN = re.compile(r"[\s,]{1,3}")                     # "Flat 2, 7 Elm Close": one address
# Between a street and its postcode: commas and a town ("12 Acacia Avenue, Anytown, AN1 2BD").
_TOWN_GAP = re.compile(r"[\s,]*(?:[A-Z][A-Za-z'’-]*[\s,]+){0,3}")
_TOWN_GAP_MAX = 40


@dataclass(frozen=True)
class Match:
    kind: str
    text: str
    start: int
    end: int


def nhs_number_valid(digits: str) -> bool:
    """The NHS modulus-11 check: weights 10..2 on the first nine digits give the tenth."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    remainder = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1))) % 11
    check = 11 - remainder
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def _phone_valid(text: str) -> bool:
    digits = re.sub(r"\D", "", text)
    if text.startswith("+44"):
        national = digits[2:]
        if "(0)" in text:
            national = national[1:]
    else:
        national = digits[1:]
    # 01, 02 and 07 numbers can be a person's; 03, 05, 08 and 09 numbers (freephone helplines,
    # public bodies' lines) belong to services.
    return len(national) in (9, 10) and national[0] in "127"


def _phone(m: re.Match) -> Match | None:
    """A valid number at the start of the candidate: digits run on ("07700 900123 12 times") are cut."""
    text = m.group(0)
    while True:
        if _phone_valid(text):
            return Match(PHONE, text, m.start(), m.start() + len(text))
        cut = max(text.rfind(" "), text.rfind("-"))
        if cut <= 3:
            return None
        text = text[:cut].rstrip(" -)")


def _match(kind: str, m: re.Match) -> Match:
    return Match(kind, m.group(0), m.start(), m.end())


# -- one detector per kind: text -> matches ------------------------------------------------------------
def _emails(text: str) -> Iterable[Match]:
    return (_match(EMAIL, m) for m in _EMAIL.finditer(text))


def _nhs_numbers(text: str) -> Iterable[Match]:
    return (_match(NHS, m) for m in _NHS.finditer(text) if nhs_number_valid(m.group(1) + m.group(3) + m.group(4)))


def _ni_numbers(text: str) -> Iterable[Match]:
    return (_match(NI, m) for m in _NI.finditer(text) if m.group("prefix").upper() not in _NI_NEVER_ISSUED)


def _dates_of_birth(text: str) -> list[Match]:
    found = []
    words = [(m.start(), m.end()) for m in _BIRTH_WORDS.finditer(text)]
    if not words:
        return found
    for m in _DATE.finditer(text):
        for start, end in words:
            before = text[end:m.start()] if end <= m.start() else None
            after = text[m.end():start] if start >= m.end() else None
            if (before is not None and len(before) <= _BIRTH_BEFORE and not re.search(r"[.;!?](\s|$)", before)
                    or after is not None and len(after) <= 4 and not re.search(r"\w", after)):
                found.append(Match(DOB, m.group(0), m.start(), m.end()))
                break
    return found


def _phones(text: str) -> Iterable[Match]:
    return (phone for m in _PHONE.finditer(text) if (phone := _phone(m)) is not None)


def _postcodes(text: str) -> Iterable[Match]:
    for m in _POSTCODE.finditer(text):
        # Upper case is a postcode as written; other cases must not be an ordinal or hang off an id.
        if not m.group(0).isupper() and (_ORDINAL.fullmatch(m.group("inward"))
                                         or text[m.start() - 1:m.start()] in ("-", "/")):
            continue
        yield _match(POSTCODE, m)


def _vehicle_registrations(text: str) -> Iterable[Match]:
    for regex in (_VEHICLE_CURRENT, _VEHICLE_PREFIX, _VEHICLE_SUFFIX):
        for m in regex.finditer(text):
            plate = m.group(0)
            if not (plate.isupper() or plate.islower()):          # "Dr12 Saw", "F3 was": mixed case is prose
                continue
            # The current format is unmistakable in capitals; elsewhere a word would make a plate.
            if (regex is not _VEHICLE_CURRENT or plate.islower()) and m.group("letters").lower() in _NOT_PLATE_LETTERS:
                continue
            yield _match(VEHICLE, m)


def _is_reference(token: str) -> bool:
    """At least 4 digits, and not a date, a year, a period, an entry id or a long bare number."""
    digits = sum(c.isdigit() for c in token)
    if digits < _REF_DIGITS or (token.isdigit() and digits > _BARE_NUMBER_MAX):
        return False
    return not (_DATE.fullmatch(token) or _PERIOD.fullmatch(token) or _ENTRY_ID.fullmatch(token))


def _case_references(text: str) -> Iterable[Match]:
    for m in _CASE_REF.finditer(text):
        if _is_reference(m.group("ref")):
            yield Match(CASE_REF, m.group("ref"), m.start("ref"), m.end("ref"))
    yield from (_match(CASE_REF, m) for m in _POLICE_REF.finditer(text))


def _ages_in_years_and_months(text: str) -> Iterable[Match]:
    for m in _YEARS_MONTHS.finditer(text):
        before = text[max(0, m.start() - 30):m.start()]
        said_of_a_person = m.group("old") or _AGE_CUE_BEFORE.search(before)
        if not said_of_a_person and (_DURATION_BEFORE.search(before) or _DURATION_AFTER.match(text, m.end())):
            continue
        yield _match(AGE_YEARS_MONTHS, m)


def _sentences(text: str, protected: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """(start, end) of each sentence; a full stop inside a date or after "Dr." ends none."""
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        if any(s <= m.start() < e for s, e in protected):
            continue
        if text[m.start()] == "." and _ABBREVIATION.search(text, max(0, m.start() - 10), m.start() + 1):
            continue
        spans.append((start, m.end()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def _ages_near_dates(text: str) -> list[Match]:
    ages = list(_AGE.finditer(text))
    dates = [(m.start(), m.end()) for m in _DATE.finditer(text)] if ages else []
    if not dates:
        return []
    if len(text) <= _SHORT_BLOCK:
        return [_match(AGE_NEAR_DATE, m) for m in ages]
    sentences = _sentences(text, dates)
    found = []
    for m in ages:
        start, end = next((s, e) for s, e in sentences if s <= m.start() < e)
        if any(start <= d_start and d_end <= end for d_start, d_end in dates):
            found.append(_match(AGE_NEAR_DATE, m))
    return found


def _street(text: str, m: re.Match) -> Match | None:
    """A street name with a capitalised name, cleaned of leading non-name words; None if it is not one."""
    kind, number = m.group("type"), m.group("number")
    if number and _LABEL_WORDS.search(text, max(0, m.start() - 20), m.start()):
        number = None                                         # "Year 5 Sponsored Walk": a label, not a house
    words = m.group("name").split()
    while words and words[0] in _NOT_NAME_WORDS:
        words.pop(0)
        number = None                                         # "12 The Way": the number was not this street's
    if not words:
        return None
    if kind in _TITLES and _AFTER_TITLE.match(text, m.end("type")):
        return None                                           # "GP Dr Patel", "Hospital St Mary's"
    if _NOT_STREET_AFTER.match(text, m.end()):
        return None
    name = " ".join(words) + " " + kind
    if not number and (kind in _NEEDS_HOUSE_NUMBER or name in _GENERIC_STREETS):
        return None
    start = m.start() if number else m.start("name") + m.group("name").index(words[0])
    end = m.end("type")
    return Match(STREET, text[start:end], start, end)


def _streets(text: str) -> list[Match]:
    found = [_match(STREET, m) for m in _FLAT.finditer(text)]
    found += [s for m in _STREET.finditer(text) if (s := _street(text, m)) is not None]
    found += [_match(STREET, m) for m in _WELSH_STREET.finditer(text)]
    found.sort(key=lambda s: s.start)
    joined: list[Match] = []
    for s in found:                       # "Flat 2, 7 Elm Close" is one address, one finding
        if joined and joined[-1].end <= s.start and _ADDRESS_JOIN.fullmatch(text, joined[-1].end, s.start):
            joined[-1] = Match(STREET, text[joined[-1].start:s.end], joined[-1].start, s.end)
        elif not joined or s.start >= joined[-1].end:
            joined.append(s)
    return joined


_DETECTORS: tuple[Callable[[str], Iterable[Match]], ...] = (
    _emails, _nhs_numbers, _ni_numbers, _dates_of_birth, _phones, _postcodes, _vehicle_registrations,
    _case_references, _ages_in_years_and_months, _ages_near_dates, _streets)


def without_overlaps(matches: Iterable, order: tuple[str, ...] = KINDS) -> list:
    """Where matches (anything with ``kind``, ``start``, ``end``) overlap, the kind earlier in ``order``
    wins; the result is in text order."""
    kept: list = []                         # disjoint, in text order: only the neighbours can overlap
    starts: list[int] = []
    rank = {kind: i for i, kind in enumerate(order)}
    for match in sorted(matches, key=lambda m: (rank[m.kind], m.start)):
        i = bisect_left(starts, match.start)
        if (i and kept[i - 1].end > match.start) or (i < len(kept) and kept[i].start < match.end):
            continue
        kept.insert(i, match)
        starts.insert(i, match.start)
    return kept


def _fold_addresses(text: str, matches: list[Match]) -> list[Match]:
    """A street just before a postcode is part of one address: the postcode alone reports it."""
    folded = list(matches)
    for i in range(len(folded) - 1, 0, -1):
        this, before = folded[i], folded[i - 1]
        if (this.kind == POSTCODE and before.kind == STREET and this.start - before.end <= _TOWN_GAP_MAX
                and _TOWN_GAP.fullmatch(text, before.end, this.start)):
            del folded[i - 1]
    return folded


def find_identifiers(text: str) -> list[Match]:
    """Every identifier and jigsaw detail in ``text`` (registered names aside), without overlaps, in text order."""
    if not text:
        return []
    plain = text.translate(_SPACES)      # a non-breaking space must not hide a postcode or an NHS number
    found = _fold_addresses(plain, without_overlaps(m for detect in _DETECTORS for m in detect(plain)))
    return [Match(m.kind, text[m.start:m.end], m.start, m.end) for m in found]


_SPACES = str.maketrans({"\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " "})


# -- a known date, e.g. a registered date of birth -----------------------------------------------------
@lru_cache(maxsize=512)
def _date_mention_pattern(date: dt.date) -> re.Pattern:
    day = f"0?{date.day}" if date.day < 10 else str(date.day)
    month = f"0?{date.month}" if date.month < 10 else str(date.month)
    year = rf"(?:{date.year}|'?{date.year % 100:02d})"
    full = _MONTH_NAMES[date.month - 1]
    short = sorted({full[:3]} | ({"sept"} if date.month == 9 else set()), key=len, reverse=True)
    name = "(?:" + "|".join([full] * (len(full) > 3) + [rf"{s}\.?" for s in short if s != full]) + ")"
    if len(full) == 3:          # "may"
        name = "(?:may)"
    ordinal = r"(?:st|nd|rd|th)?"
    forms = (
        rf"{day}\s?(?P<sep>[/.\- ])\s?{month}\s?(?P=sep)\s?{year}",               # 03/03/2015, 3.3.15, 3-3-15
        rf"{date.year}(?P<iso>[/.\-]){month}(?P=iso){day}",                        # 2015-03-03, 2015/3/3
        rf"{date.year}{date.month:02d}{date.day:02d}",                             # 20150303
        rf"{day}{ordinal}(?:\s+of)?[\s\-/.,]*{name},?[\s\-/.]*{year}",             # 3rd March 2015, 03-Mar-15
        rf"{name},?\s*(?:the\s+)?{day}{ordinal},?\s*{year}",                       # March 3rd, 2015
        # a birthday: the day and month with no year after them ("14th September", "DOB 14/9")
        rf"{day}{ordinal}(?:\s+of)?[\s\-]*{name}(?![\s,\-/.]*'?\d)",
        rf"{name}\s+(?:the\s+)?{day}{ordinal}(?![\s,\-/.]*'?\d)",
        rf"{day}/{month}(?!\s?[/.\-]?\s?\d)",
    )
    return re.compile(r"(?<![\w/.\-])(?:" + "|".join(forms) + r")(?![\w/]|[.\-]\d)", re.IGNORECASE)


def date_mentions(text: str, date: dt.date) -> list[tuple[int, int]]:
    """The (start, end) of every written form of ``date`` in ``text``, whatever the words around it.

    Day-first numeric forms only (UK usage): "03/04/2015" is 3 April. A day and month with no year
    after them ("14th September", "14/9") is a mention too: a birthday identifies as well as a date
    of birth. The same day and month in another year ("14/09/2022") is not.
    """
    return [(m.start(), m.end()) for m in _date_mention_pattern(date).finditer(text)] if text else []


def mask(text: str, keep: int = 2) -> str:
    """``text`` with every letter and digit after the first ``keep`` replaced by '*'."""
    return text[:keep] + re.sub(r"\w", "*", text[keep:])
