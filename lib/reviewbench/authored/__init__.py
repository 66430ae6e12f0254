"""What the review team writes (``authored/``): KPEs, findings, recommendations, contributions,
section texts and, for RCA, problems, five-whys chains and fishbone factors.

``load_authored(review, entry_ids)`` reads and checks everything; the ``save_*`` functions are
the write side the workbench uses (checked, atomic, and never over a change made by hand).
"""

from .models import (
    AUTHORED,
    KPE,
    Authored,
    Contribution,
    Dismissal,
    Finding,
    FishboneFactor,
    Problem,
    Recommendation,
    WhyChain,
    WorkSystemFactor,
)
from .store import (
    LIST_FILES,
    load_authored,
    save_authored,
    save_contribution,
    save_findings,
    save_items,
    save_kpes,
    save_recommendations,
    save_section,
)

__all__ = ["AUTHORED", "KPE", "LIST_FILES", "Authored", "Contribution", "Dismissal", "Finding",
           "FishboneFactor", "Problem", "Recommendation", "WhyChain", "WorkSystemFactor", "load_authored",
           "save_authored", "save_contribution", "save_findings", "save_items", "save_kpes",
           "save_recommendations", "save_section"]
