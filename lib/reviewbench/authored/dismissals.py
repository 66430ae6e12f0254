"""Prompts a reviewer dismissed as wrong (``authored/dismissed_prompts.yaml``), and the prompts of a
network build sorted by them.

    dismissed:
      - prompt: gap.child-not-seen:c876769b02      # the key build/network/statements.csv gives
        reason: The school saw T on most days of this period; its log records concerns, not sightings.
        dismissed_by: Lead reviewer (R1)
        date: 2023-11-20
        rule: gap.child-not-seen                   # the prompt as it read when dismissed
        text: Nobody recorded seeing the child for 105 days, ...

A prompt's key is made from its rule and the entries that define it, so it is the same after a
re-run of ``reviewbench graph`` on the same chronology. A dismissed prompt is left out of what the
report and the workbench show as live prompts, and counted and listed for the quality checker
(``reviewbench check``). When the analysis no longer makes a dismissed prompt (the chronology or
the rules changed), its dismissal matches nothing: it is reported as such, never dropped silently.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..errors import ReviewbenchError
from ..suggest import did_you_mean
from .models import Authored, Dismissal
from .store import LIST_FILES, save_items

DISMISSALS_FILE = f"authored/{LIST_FILES['dismissals'].name}"
TEXT_LIMIT = 90            # characters of a prompt's text quoted in a sentence


@dataclass
class PromptReview:
    """The prompts of one network build: live, dismissed (with the dismissal), and the dismissals
    whose prompt the analysis no longer makes."""

    live: list[dict] = field(default_factory=list)
    dismissed: list[tuple[dict, Dismissal]] = field(default_factory=list)
    gone: list[Dismissal] = field(default_factory=list)

    def counts(self) -> str:
        """``23 live prompts, 2 dismissed as wrong (1 of them no longer made by the analysis)``."""
        text = f"{len(self.live)} live prompt{'' if len(self.live) == 1 else 's'}, {len(self.dismissed)} dismissed " \
               "as wrong by the review team"
        if self.gone:
            text += (f"; {len(self.gone)} dismissal{' refers' if len(self.gone) == 1 else 's refer'} to a prompt the "
                     "analysis no longer makes")
        return text


def review_prompts(statements: list[dict], dismissals: list[Dismissal]) -> PromptReview:
    """Sort the statements of metrics.json (in their order) by the review's dismissals. A statement
    without a key (a network built before prompts had keys) is live."""
    by_key = {d.prompt: d for d in dismissals}
    review = PromptReview()
    made = set()
    for statement in statements:
        key = statement.get("key")
        made.add(key)
        if key in by_key:
            review.dismissed.append((statement, by_key[key]))
        else:
            review.live.append(statement)
    review.gone = [d for d in dismissals if d.prompt not in made]
    return review


def find_prompt(statements: list[dict], key: str) -> dict:
    """The statement of metrics.json with the key ``key``; an unknown key is refused with the nearest."""
    found = next((s for s in statements if s.get("key") == key), None)
    if found is None:
        raise ReviewbenchError(f"'{key}' is not a prompt of the agency network"
                               f"{did_you_mean(key, [s.get('key', '') for s in statements], aside=True)}.",
                               hint="The keys are in build/network/statements.csv (and in the workbench's Prompts "
                                    "tab); after a change to the chronology, build the network again.")
    return found


def quoted(text: str, limit: int = TEXT_LIMIT) -> str:
    text = " ".join(text.split())
    return f"'{text[:limit - 1].rstrip()}…'" if len(text) > limit else f"'{text}'"


def gone_sentence(dismissal: Dismissal) -> str:
    """What a quality checker reads about a dismissal that applies to nothing any more."""
    what = f" ({dismissal.rule}: {quoted(dismissal.text)})" if dismissal.text else ""
    return (f"The prompt {dismissal.prompt}{what}, {dismissal.summary}, is no longer made by the analysis (the "
            f"chronology or the rules changed since), so its dismissal in {DISMISSALS_FILE} applies to nothing. "
            "Check whether a new prompt replaced it, then remove that dismissal.")


def dismiss(authored: Authored, prompt: dict, reason: str, dismissed_by: str, date: dt.date) -> Dismissal:
    """Record ``prompt`` (a statement of metrics.json) as dismissed; refused if it already is, or
    without a reason and who decided. Saved at once, atomically, never over a hand edit."""
    key = prompt.get("key") or ""
    reason, dismissed_by = " ".join((reason or "").split()), " ".join((dismissed_by or "").split())
    if not key:
        raise ReviewbenchError("this prompt has no key (the network was built by an older reviewbench), so a "
                               "dismissal could not find it again.",
                               hint="Run 'reviewbench graph' and dismiss it then.")
    if not reason:
        raise ReviewbenchError(f"say why the prompt {key} is wrong: a dismissal needs a reason the quality checker "
                               "can read. Nothing was saved.")
    if not dismissed_by:
        raise ReviewbenchError(f"say who dismisses the prompt {key} (a role, for example 'Lead reviewer (R1)'). "
                               "Nothing was saved.")
    existing = next((d for d in authored.dismissals if d.prompt == key), None)
    if existing is not None:
        raise ReviewbenchError(f"the prompt {key} is already {existing.summary}.",
                               hint=f"Restore it first to dismiss it again with another reason ({DISMISSALS_FILE}).")
    item = Dismissal(prompt=key, reason=reason, dismissed_by=dismissed_by, date=date,
                     rule=str(prompt.get("rule") or ""), text=" ".join(str(prompt.get("text") or "").split()))
    save_items(authored, "dismissals", [*authored.dismissals, item])
    return item


def restore(authored: Authored, key: str) -> Dismissal:
    """Remove the dismissal of the prompt ``key``: the prompt is live again."""
    found = next((d for d in authored.dismissals if d.prompt == key), None)
    if found is None:
        raise ReviewbenchError(f"no prompt {key} is dismissed in {DISMISSALS_FILE}"
                               f"{did_you_mean(key, [d.prompt for d in authored.dismissals], aside=True)}.")
    save_items(authored, "dismissals", [d for d in authored.dismissals if d.prompt != key])
    return found
