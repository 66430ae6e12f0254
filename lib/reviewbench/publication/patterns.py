"""What identifies a person in a text: registered names, dates of birth, NHS numbers, postcodes,
phone numbers and e-mail addresses.

Patterns lean towards catching: a false alarm costs the reviewer a look, a miss costs a family
its privacy. Two exceptions keep the noise down: an NHS number must pass its modulus-11 check,
and a date counts as a date of birth only next to words that say so ("DOB", "born on").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .names import NameRegister

NAME, DOB, NHS, POSTCODE, PHONE, EMAIL = ("registered name", "date of birth", "NHS number", "postcode",
                                          "phone number", "e-mail address")
KINDS = (NAME, EMAIL, NHS, DOB, PHONE, POSTCODE)      # the order that wins when matches overlap

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
_NHS = re.compile(r"(?<![\w])(\d{3})([ -]?)(\d{3})\2(\d{4})(?![\w])")
_POSTCODE = re.compile(
    r"(?<![\w])(?:GIR ?0AA|[A-PR-UWYZ](?:\d[A-HJKPSTUW]|\d{1,2}|[A-HK-Y]\d[ABEHMNPRV-Y]|[A-HK-Y]\d{1,2})"
    r" ?\d[ABD-HJLNP-UW-Z]{2})(?![\w])")
_PHONE = re.compile(r"(?<![\w+])(?:\+44[\s-]?(?:\(0\)[\s-]?)?|\(?0)\d(?:[\s\-)]{0,2}\d){7,11}(?![\w])")
_EMAIL = re.compile(r"(?<![\w.+-])[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}(?![\w])")


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
    return len(national) in (9, 10) and national[0] in "1235789"


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


def find_sensitive(text: str, register: NameRegister | None = None) -> list[Match]:
    """Everything in ``text`` that could identify someone, without overlaps, in text order."""
    if not text:
        return []
    matches: list[Match] = []
    if register is not None and register.pattern is not None:
        matches += [Match(NAME, m.group(1), m.start(1), m.end(1)) for m in register.pattern.finditer(text)]
    matches += [Match(EMAIL, m.group(0), m.start(), m.end()) for m in _EMAIL.finditer(text)]
    matches += [Match(NHS, m.group(0), m.start(), m.end()) for m in _NHS.finditer(text)
                if nhs_number_valid(m.group(1) + m.group(3) + m.group(4))]
    matches += _dates_of_birth(text)
    matches += [phone for m in _PHONE.finditer(text) if (phone := _phone(m)) is not None]
    matches += [Match(POSTCODE, m.group(0), m.start(), m.end()) for m in _POSTCODE.finditer(text)]
    kept: list[Match] = []
    for match in sorted(matches, key=lambda m: (KINDS.index(m.kind), m.start)):
        if all(match.end <= k.start or match.start >= k.end for k in kept):
            kept.append(match)
    return sorted(kept, key=lambda m: m.start)


def mask(text: str, keep: int = 2) -> str:
    """``text`` with every letter and digit after the first ``keep`` replaced by '*'."""
    return text[:keep] + re.sub(r"\w", "*", text[keep:])
