"""How much each prompt depends on its setting: every threshold's finding counted at half the
setting, at the setting and at double it.

A gap prompt that appears at 28 days but not at 30 deserves less weight than one that is
still there at 56; a quality checker reads it here (build/network/sensitivity.csv, metrics.json
and the report's provenance appendix) without re-running anything. Half is rounded up and
never below the lowest value review.yaml accepts for the setting, so "at half" is always a
setting the reviewer could have chosen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import pandas as pd

from ..chronology.joint import find_joint_events
from ..config import Settings
from ..vocabulary import EventKind

SENSITIVITY_COLUMNS = ("setting", "value", "half", "double", "at_half", "at_setting", "at_double",
                       "depends_on_setting", "counts", "text")

Counter = Callable[[int], int]


@dataclass(frozen=True)
class Threshold:
    setting: str     # the key under ``settings:`` in review.yaml (its resolved value in analysis_settings)
    counts: str      # what is counted, for the table's reader
    line: str        # the finding at the setting, "{value}" standing for it ("Periods over {value} ...")
    unit: str        # "days": "14 days"; "or more": "3 or more"


THRESHOLDS = (
    Threshold("gap_days", "periods with no agency contact for longer than the setting",
              "Periods over {value} with no agency contact", "days"),
    Threshold("child_not_seen_days", "periods without the child being seen for longer than the setting",
              "Periods over {value} without the child being seen", "days"),
    Threshold("concern_window_days", "pairs of agencies that recorded concerns within the setting of each other "
              "but never exchanged anything", "Pairs of agencies recording concerns within {value} of each other "
              "but never in touch", "days"),
    Threshold("referral_response_days", "referrals and notifications with no answer within the setting",
              "Referrals and notifications with no answer within {value}", "days"),
    Threshold("repeat_nfa_count", "agencies that closed at least the setting's number of referrals with no "
              "further action", "Agencies closing {value} referrals with no further action", "or more"),
    Threshold("conflict_window_days", "meetings recorded by agencies on dates up to the setting apart (date "
              "conflicts to resolve, in the whole chronology)",
              "Meetings recorded on dates up to {value} apart (date conflicts)", "days"),
)


def _lowest(setting: str) -> int:
    """The lowest value review.yaml accepts for ``setting`` (its ``ge`` constraint)."""
    return next((m.ge for m in Settings.model_fields[setting].metadata if getattr(m, "ge", None) is not None), 0)


def _amount(value: int, unit: str) -> str:
    if unit == "days":
        return f"{value:,} {'day' if value == 1 else 'days'}"
    return f"{value:,} {unit}"


def sensitivity(settings: dict, counters: dict[str, Counter]) -> list[dict]:
    """One row per threshold with a counter: the count at half, at and at double the setting."""
    rows = []
    for threshold in THRESHOLDS:
        count = counters.get(threshold.setting)
        if count is None:
            continue
        value = int(settings[threshold.setting])
        half, double = max(_lowest(threshold.setting), (value + 1) // 2), value * 2
        at_half, at_setting, at_double = count(half), count(value), count(double)
        unit = threshold.unit
        rows.append({
            "setting": threshold.setting, "value": value, "half": half, "double": double,
            "at_half": at_half, "at_setting": at_setting, "at_double": at_double,
            "depends_on_setting": not at_half == at_setting == at_double, "counts": threshold.counts,
            "text": f"{threshold.line.format(value=_amount(value, unit))}: {at_setting:,}; at {_amount(half, unit)}: "
                    f"{at_half:,}; at {_amount(double, unit)}: {at_double:,}."})
    return rows


def date_conflicts(entries: pd.DataFrame, kinds: tuple[EventKind, ...], window_days: int) -> list[dict]:
    """The date conflicts the ingest would list with ``window_days`` (the chronology is not changed)."""
    joint = [k.id for k in kinds if k.joint]
    candidates = entries["event_kind"].isin(joint) & (entries["date_precision"] == "day")
    frame = entries.loc[candidates, ["entry_id", "date", "date_precision", "agency", "event_kind"]].copy()
    frame["joint_event_id"] = ""
    frame["flags"] = [[] for _ in range(len(frame))]
    return find_joint_events(frame, kinds, window_days)[1]


def sensitivity_table(rows: list[dict]) -> pd.DataFrame:
    """The rows as a table (build/network/sensitivity.csv, the notebook)."""
    return pd.DataFrame(rows, columns=list(SENSITIVITY_COLUMNS))
