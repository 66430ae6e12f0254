"""Statutory timescales in the quality report: the clocks of the review's rules pack as a table.

The clocks themselves are :mod:`reviewbench.process` (rules packs, working days, ``assess``).
"""

from __future__ import annotations

from ..process.calendar import add_working_days, deadline
from ..process.clocks import FLAGGED, Timescale, assess, review_timescales

__all__ = ["Timescale", "add_working_days", "assess", "deadline", "review_timescales", "timescales_markdown"]


def timescales_markdown(items: list[Timescale] | list[dict]) -> str:
    """A Markdown table for ``check`` and the report's appendix; late and overdue rows in bold capitals."""
    lines = ["| timescale | rule | due | done | status |", "|---|---|---|---|---|"]
    for item in items:
        t = item.as_dict() if isinstance(item, Timescale) else item
        status = f"**{t['status'].upper()}**" if t["status"] in FLAGGED else t["status"]
        lines.append(f"| {t['label']} | {t['rule']} | {t['due'] or '-'} | {t['actual'] or '-'} | {status}: "
                     f"{t['detail'].replace('|', '/')} |")
    return "\n".join(lines) + "\n"
