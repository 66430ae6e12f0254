"""``reviewbench status DIR``: where a review stands in its statutory process, as of a given day.

The stages done (with their dates, who acted and the clocks they met or missed), what is
overdue, what is due next, what cannot start yet, and what review.yaml should still record;
every clock named with its rule and its citation, counted in the pack's units (working days with
the jurisdiction's bank holidays).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..config import DATE_KEYS, Review
from ..dates import long_date
from .clocks import Timescale, review_clocks
from .packs import ReviewPack, review_pack

TARGETS = ("target_completion", "agency_reports_due")      # planned dates, kept whatever the pack


@dataclass(frozen=True)
class StageDate:
    key: str
    label: str
    date: dt.date
    record: str                  # "by ...; to: ..." from process.records (or process.decision)


@dataclass
class ReviewStatus:
    """A review's stages and clocks on the day ``as_of``; ``lines()`` for the terminal, ``as_dict()`` for JSON."""

    review: Review
    as_of: dt.date
    chosen: ReviewPack
    stages: list[StageDate]
    clocks: list[Timescale]
    prompts: list[str] = field(default_factory=list)

    @property
    def done(self) -> list[StageDate]:
        return [s for s in self.stages if s.date <= self.as_of]

    @property
    def planned(self) -> list[StageDate]:
        return [s for s in self.stages if s.date > self.as_of]

    def clocks_in(self, *statuses: str) -> list[Timescale]:
        """The clocks in ``statuses``, soonest first (on one day, in the pack's order: the sort is stable)."""
        return sorted((t for t in self.clocks if t.status in statuses), key=lambda t: t.due or "")

    @property
    def ok(self) -> bool:
        """Nothing to put right now: no clock overdue, no date before the earliest its rule allows."""
        return not self.clocks_in("overdue", "early")

    def lines(self) -> list[str]:
        pack = self.chosen.pack
        how = "named in review.yaml" if self.chosen.named else f"the current pack for {pack.jurisdiction.title()}"
        out = [f"{self.review.title} ({self.review.id}), as of {long_date(self.as_of)}: {pack.review}, "
               f"{pack.heading}, {how}."]
        out += [f"Note: {note}" for note in self.chosen.notes]
        for chosen in self.chosen.settings.values():
            default = "the pack's default" if chosen.default else "set in review.yaml"
            out.append(f"Setting {chosen.id} = {chosen.value} ({default}): {chosen.choice.label}. "
                       f"Source: {pack.cite(chosen.choice.citation)}.")
        out.append("")
        out.append(f"Done ({len(self.done)}):" if self.done else "Done: nothing recorded yet under 'dates:'.")
        for stage in self.done:
            out.append(f"  {long_date(stage.date):<18} {stage.label} (dates.{stage.key}){stage.record}")
            out += [f"  {'':<18} {_clock(t)}" for t in self.clocks if t.actual_key == stage.key and t.actual]
        for title, statuses in (("Overdue", ("overdue", "early")), ("Due next", ("due",)),
                                ("Not started (the date a clock runs from is not set)", ("unknown",)),
                                ("Open, with no deadline (a date not to come before)", ("open",)),
                                ("Steps with no clock in the pack, to do", ("to do",))):
            found = self.clocks_in(*statuses)
            if found:
                out += ["", f"{title} ({len(found)}):"] + [f"  {_clock(t)}" for t in found]
        if self.planned:
            out += ["", f"Planned ({len(self.planned)}):"]
            out += [f"  {long_date(s.date):<18} {s.label} (dates.{s.key}){s.record}" for s in self.planned]
        if self.prompts:
            out += ["", "To record in review.yaml:"] + [f"  - {p}" for p in self.prompts]
        overdue, due = self.clocks_in("overdue", "early"), self.clocks_in("due")
        verdict = (f"{len(overdue)} item(s) to put right now (listed under Overdue)." if overdue else
                   "Nothing overdue.")
        if due:
            verdict += f" Next due: {due[0].label}, by {long_date(dt.date.fromisoformat(due[0].due))}."
        return out + ["", verdict]

    def as_dict(self) -> dict:
        pack = self.chosen.pack
        return {
            "review": self.review.id, "as_of": self.as_of.isoformat(), "jurisdiction": self.review.jurisdiction,
            "pack": {"id": pack.id, "title": pack.title, "version": pack.version,
                     "effective": pack.effective.isoformat(), "named": self.chosen.named},
            "notes": list(self.chosen.notes),
            "settings": {c.id: {"value": c.value, "default": c.default, "source": pack.cite(c.choice.citation)}
                         for c in self.chosen.settings.values()},
            "done": [_stage_dict(s) for s in self.done],
            "planned": [_stage_dict(s) for s in self.planned],
            "clocks": [t.as_dict() for t in self.clocks],
            "overdue": [t.id for t in self.clocks_in("overdue", "early")],
            "due": [t.id for t in self.clocks_in("due")],
            "prompts": list(self.prompts),
            "ok": self.ok,
        }


def _stage_dict(stage: StageDate) -> dict:
    return {"key": stage.key, "label": stage.label, "date": stage.date.isoformat()}


def _clock(t: Timescale) -> str:
    confirmed = "" if t.confirmed else "; figure not confirmed"
    return (f"rule {t.id} ({t.rule}{confirmed}): {t.status.upper() if t.flagged else t.status}, {t.detail}. "
            f"{t.label}. Source: {t.basis}.")


def _record(review: Review, key: str) -> str:
    record = review.process.decision if key == "decision" else review.process.records.get(key)
    if record is None:
        return ""
    parts = [f"by {record.by}"] if record.by else []
    parts += [f"to: {', '.join(record.to)}"] if record.to else []
    if key == "decision" and record.outcome:
        parts.append(f"outcome: {record.outcome.replace('_', ' ')}")
    if key == "decision" and record.criteria:
        parts.append(f"criteria: {', '.join(record.criteria)}")
    parts += [record.note] if record.note else []
    return f"; {'; '.join(parts)}" if parts else ""


def _prompts(review: Review, chosen: ReviewPack) -> list[str]:
    pack, process, dates = chosen.pack, review.process, review.dates
    stage_keys = {s.date for s in pack.stages}
    rule_keys = {k for r in chosen.rules(review) for k in (r.from_, r.actual, r.target) if k}
    out = []
    for key in DATE_KEYS:
        if getattr(dates, key) is not None and key not in stage_keys | rule_keys | set(TARGETS):
            out.append(f"dates.{key} is set, but it is not a stage of the pack {pack.id} ({pack.title}): it is not "
                       f"shown and no clock runs from it. Remove it if it belongs to another process.")
    out += [f"process.records.{key} is about a stage the pack {pack.id} does not have: remove it."
            for key in process.records if key not in stage_keys]
    conditional = [r for r in chosen.rules(review) if r.when and getattr(process, r.when) is None]
    out += [f"process.{r.when}: true or false. If true, rule {r.id} applies: {r.label} "
            f"(Source: {pack.cite(r.citation)})." for r in conditional]
    if "notification" in stage_keys and dates.notification and not (process.records.get("notification")
                                                                     and process.records["notification"].to):
        out.append("process.records.notification.to: to whom the notification went (the national Panel, the "
                   "safeguarding partners, Ofsted...), and process.records.notification.by: who sent it.")
    decision = process.decision
    if dates.decision and not (decision and decision.by and decision.outcome and (decision.criteria or
                                                                                  decision.reasons)):
        criteria = "; ".join(f"{cid}: {c.label} ({pack.cite(c.citation)})" for cid, c in pack.criteria.items())
        out.append("process.decision: who decided on a local review (by), the outcome (local_review, "
                   "no_local_review, national_review, other_learning), the criteria it meets and the reasons"
                   + (f". The pack's criteria are {criteria}" if criteria else "") + ".")
    return out


def review_status(review: Review, as_of: dt.date) -> ReviewStatus:
    """Where ``review`` stands on ``as_of``: every stage of its pack with a date, every clock assessed."""
    chosen = review_pack(review)
    stages = sorted((StageDate(s.date, s.label, day, _record(review, s.date))
                     for s in chosen.pack.stages if (day := getattr(review.dates, s.date)) is not None),
                    key=lambda s: s.date)      # by date; a stable sort keeps the pack's order on one day
    return ReviewStatus(review=review, as_of=as_of, chosen=chosen, stages=stages,
                        clocks=review_clocks(review, today=as_of), prompts=_prompts(review, chosen))
