"""The review's statutory process: rules packs (stages, clocks, criteria, settings, each cited),
working days, the clocks applied to a review's dates, and ``reviewbench status``."""

from .calendar import add_working_days, bank_holidays, deadline, working_days_between
from .clocks import Timescale, assess, review_clocks, review_timescales
from .packs import Pack, Rule, current_pack, load_pack, pack_ids, pack_rules, review_pack

__all__ = ["Pack", "Rule", "Timescale", "add_working_days", "assess", "bank_holidays", "current_pack", "deadline",
           "load_pack", "pack_ids", "pack_rules", "review_clocks", "review_pack", "review_timescales",
           "working_days_between"]
