"""The lenses there are: each a name, the CSV it writes under build/analysis/, its columns, and the
pure function that makes its table from the records and the rules. A new lens (accounts,
meetings, procedures, signals) is one module and one line here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import pandas as pd

from ..config import Review
from .accounts import ACCOUNT_COLUMNS, accounts_lens
from .adults import ADULT_COLUMNS, adults_lens
from .meetings import MEETING_LENS_COLUMNS, meetings_lens
from .procedures import PROCEDURE_COLUMNS, procedures_lens
from .records import Records
from .rules import LensRules
from .signals import SIGNAL_COLUMNS, signals_lens
from .voice import VOICE_COLUMNS, voice_lens


@dataclass(frozen=True)
class Lens:
    name: str
    file: str
    columns: tuple[str, ...]
    make: Callable[[Records, LensRules, Review], pd.DataFrame]
    about: str


LENSES: tuple[Lens, ...] = (
    Lens("voice", "voice.csv", VOICE_COLUMNS, voice_lens,
         "the child's words and behaviour as recorded, who heard them and what happened next"),
    Lens("adults", "adults.csv", ADULT_COLUMNS, adults_lens,
         "every adult in the child's life: who recorded them, who never did, whether anyone checked them"),
    Lens("accounts", "accounts.csv", ACCOUNT_COLUMNS, accounts_lens,
         "what a parent told a professional, set beside the later records of any agency that do not fit it "
         "(only the kinds of account its rules know: one missing here is not one confirmed)"),
    Lens("meetings", "meetings.csv", MEETING_LENS_COLUMNS, meetings_lens,
         "each meeting: how each agency took part, what it held in the days before, whether that could reach it"),
    Lens("procedures", "procedures.csv", PROCEDURE_COLUMNS, procedures_lens,
         "each child protection clock the records start: due date, the entries that met it, working days taken"),
    Lens("signals", "signals.csv", SIGNAL_COLUMNS, signals_lens,
         "escalation, thresholds disagreed, starting again, drift, off roll on a plan, rising risk"),
)
