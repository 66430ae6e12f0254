"""The signals a reviewer looks for (build/analysis/signals.csv): escalation used, a disagreement
recorded and not escalated, thresholds disagreed, starting again (a change of worker, a case closed
and opened again), drift (a plan running while the child is not seen), elective home education or
removal from roll while a child is on a plan, and risk assessed higher than before.

Each row is a prompt with the entries behind it: what the records show, never a judgement. The steps
are the shared process reading (:mod:`.process`); whether the child was seen is the network stage's
reading; the numbers and the words are data (``signals`` and ``process`` in lens_rules.yaml).
"""

from __future__ import annotations

import pandas as pd

from ..config import Review
from ..dates import date_to_day, day_to_date, long_date
from ..network.sightings import SIGHTED
from .process import Occurrence, Process, read_process
from .records import Record, Records
from .rules import LensRules

SIGNAL_COLUMNS = ("signal", "date", "agency", "entry_id", "entry_ids", "detail", "rule")
NEW_EPISODE = ("new-episode", "new-episode-words")


def _row(signal: str, record: Record, behind: list[str], detail: str, rule: str) -> dict:
    return {"signal": signal, "date": record.date, "agency": record.agency, "entry_id": record.entry_id,
            "entry_ids": ";".join(dict.fromkeys([*behind, record.entry_id])), "detail": detail, "rule": rule}


def _said(occ: Occurrence) -> str:
    return f"'{occ.words}'" if occ.words else occ.event.replace("-", " ")


class _Signals:
    def __init__(self, records: Records, rules: LensRules, review: Review):
        self.records, self.rules, self.review = records, rules, review
        self.process: Process = read_process(records, rules, review)
        self.index = {r.entry_id: i for i, r in enumerate(records.records)}

    def escalations(self) -> list[dict]:
        rows = []
        for signal in ("escalation", "disagreement-not-escalated"):
            for occ in self.process.of(signal):
                record = occ.first
                before = self._decision_before(record)
                detail = f"{record.agency}: {_said(occ)}"
                if before is not None:
                    detail += f"; the decision before it: {before.entry_id} ({before.agency}, {before.date})"
                rows.append(_row(signal, record, [*([before.entry_id] if before else []), *occ.entry_ids], detail,
                                 f"signals.{signal}"))
        return rows

    def _decision_before(self, record: Record) -> Record | None:
        """Another agency's closure in the days before: the decision a disagreement is about."""
        window = self.rules.signals.threshold_days
        at = self.index[record.entry_id]
        found = [o.first for o in self.process.of("closure") if o.first.agency != record.agency
                 and 0 <= record.day - o.first.day <= window and self.index[o.first.entry_id] < at]
        return found[-1] if found else None

    def thresholds(self) -> list[dict]:
        """A closure by one agency within threshold_days of another agency's concern."""
        window = self.rules.signals.threshold_days
        rows = []
        for occ in self.process.of("closure"):
            closing = occ.first
            at = self.index[closing.entry_id]
            if self.rules.signals.not_threshold is not None and any(
                    self.rules.signals.not_threshold.search(t.text) for t in closing.texts):
                continue
            concerned = [r for r in self.records.records[:at] if r.agency != closing.agency
                         and 0 <= closing.day - r.day <= window and self._concern(r)]
            if concerned:
                agencies = ", ".join(dict.fromkeys(r.agency for r in concerned))
                rows.append(_row("threshold-disagreement", closing, [r.entry_id for r in concerned],
                                 f"{closing.agency} closed ({_said(occ)}) {window} days or less after a concern "
                                 f"recorded by {agencies}", "signals.threshold-disagreement"))
        return rows

    def _concern(self, record: Record) -> bool:
        """Whether an entry raises a concern: the network stage's rules, the signals' words, or a step."""
        signals = self.rules.signals
        return bool(self.process.concern.get(record.entry_id)
                    or signals.concern is not None and any(signals.concern.search(t.text) for t in record.texts)
                    or set(signals.concern_events) & set(self.process.by_entry.get(record.entry_id, {})))

    def start_again(self) -> list[dict]:
        rows = [_row("start-again", occ.first, occ.entry_ids, f"change of worker: {_said(occ)}",
                     "signals.worker-change") for occ in self.process.of("worker-change")]
        episodes = sorted((o for e in NEW_EPISODE for o in self.process.of(e)),
                          key=lambda o: self.index[o.first.entry_id])
        window = self.rules.signals.reopen_days
        used: set[str] = set()
        for closure in self.process.of("closure"):
            closed = closure.first
            again = next((o.first for o in episodes if o.first.agency == closed.agency
                          and self.index[o.first.entry_id] > self.index[closed.entry_id]
                          and o.first.day - closed.day <= window and o.first.entry_id not in used), None)
            if again is not None:
                used.add(again.entry_id)
                rows.append(_row("start-again", again, [closed.entry_id],
                                 f"{closed.agency} closed on {long_date(closed.when)} ({_said(closure)}) and opened "
                                 f"again {again.day - closed.day} days later", "signals.reopened"))
        return rows

    def drift(self) -> list[dict]:
        """A plan running while no entry records the child seen for more than drift_days."""
        settings = self.review.settings
        days = self.rules.signals.drift_days or settings.child_not_seen_days or settings.gap_days
        seen = [r for r in self.records.records if self.process.seen.get(r.entry_id) in SIGHTED]
        end = self.review.scope.end
        rows = []
        for plan in self.process.plans:
            if plan.kind not in self.rules.signals.drift_plans:
                continue
            last_day = plan.end.day if plan.end is not None else max(self.records.records[-1].day, date_to_day(end))
            marks = [r for r in seen if plan.start.day <= r.day <= last_day]
            previous: Record = plan.start.first
            for nxt in [*marks, None]:
                until = nxt.day if nxt is not None else last_day
                if until - previous.day > days:
                    during = [r.entry_id for r in self.records.records if previous.day < r.day < until
                              and any(e in ("core-group", "rcpc", "not-seen-visit")
                                      for e in self.process.by_entry.get(r.entry_id, {}))]
                    ending = (f"seen again on {long_date(nxt.when)} ({nxt.entry_id})" if nxt is not None else
                              f"not recorded as seen by {long_date(day_to_date(last_day))}")
                    rows.append(_row("drift", previous, [*during, *([nxt.entry_id] if nxt else [])],
                                     f"{plan.kind.replace('-', ' ')} from {long_date(plan.start.first.when)}: no entry "
                                     f"records the child seen for {until - previous.day} days after "
                                     f"{long_date(previous.when)}; {ending}",
                                     "signals.drift"))
                if nxt is not None:
                    previous = nxt
        return rows

    def off_roll(self) -> list[dict]:
        rows = []
        for occ in self.process.of("off-roll"):
            record = occ.first
            plan = next((p for kind in self.rules.plans if (p := self.process.plan_at(kind, record.day))), None)
            if plan is not None:
                rows.append(_row("off-roll-on-plan", record, [plan.start.first.entry_id, *occ.entry_ids],
                                 f"{_said(occ)} while on a {plan.kind.replace('-', ' ')} (from "
                                 f"{long_date(plan.start.first.when)})", "signals.off-roll"))
        return rows

    def rising_risk(self) -> list[dict]:
        signals = self.rules.signals
        if signals.risk is None or not signals.levels:
            return []
        rows, highest, earlier = [], -1, []
        for record in self.records.records:
            level = self._level(record)
            if level is None:
                continue
            if highest >= 0 and level > highest:
                rows.append(_row("rising-risk", record, list(earlier),
                                 f"risk recorded as {self._word(level)}, above {self._word(highest)} recorded before",
                                 "signals.rising-risk"))
            highest = max(highest, level)
            earlier.append(record.entry_id)
        return rows

    def _word(self, level: int) -> str:
        return self.rules.signals.level_names[level]

    def _level(self, record: Record) -> int | None:
        found = []
        for text in record.texts:
            for m in self.rules.signals.risk.finditer(text.text):
                word = next((v for k, v in m.groupdict().items() if k.startswith("level") and v), None)
                level = next((i for i, words in enumerate(self.rules.signals.levels) if word and words.fullmatch(word)),
                             None)
                if level is not None:
                    found.append(level)
        return max(found) if found else None


def signals_lens(records: Records, rules: LensRules, review: Review) -> pd.DataFrame:
    """One row per signal, in the order of the entries they show in."""
    lens = _Signals(records, rules, review)
    rows = [*lens.escalations(), *lens.thresholds(), *lens.start_again(), *lens.drift(), *lens.off_roll(),
            *lens.rising_risk()]
    rows.sort(key=lambda r: (lens.index[r["entry_id"]], r["signal"], r["rule"]))
    return pd.DataFrame(rows, columns=list(SIGNAL_COLUMNS))
