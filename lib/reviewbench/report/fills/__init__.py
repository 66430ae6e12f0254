"""The built-in fills, each registered with :func:`reviewbench.report.registry.fill` (and the tables of
a ``table`` fill with :func:`~reviewbench.report.registry.table`) as its module is imported.

A fill is ``function(builder, section, number, level) -> Markup``: it decides what the section
shows (asking the builder's :class:`~reviewbench.report.edition.Edition` what this edition
shows) and hands it to a template. Importing this package registers them all, then checks that
every name method.yaml may use has its function.
"""

from ..registry import check_complete
from . import (
    chronology,
    contributions,
    episodes,
    figure,
    findings,
    lens_prompts,
    problems,
    prose,
    provenance,
    rapid_review,
    recommendations,
    tables,
    terms_of_reference,
    work_system,
)

check_complete()

__all__ = ["chronology", "contributions", "episodes", "figure", "findings", "lens_prompts", "problems", "prose",
           "provenance", "rapid_review", "recommendations", "tables",
           "terms_of_reference", "work_system"]
