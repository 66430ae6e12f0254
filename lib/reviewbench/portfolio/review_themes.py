"""One review's themes, as plain rows for the portfolio's matrix: the chronology entries tagged with a
theme (``authored/tags.yaml``) and the findings naming one (``themes:`` in ``authored/findings.yaml``).

Read in the worker that builds the review (:mod:`.reviews`), so the rows cross process boundaries as
plain values; the two sources are kept apart (``source``), never added together.
"""

from __future__ import annotations

from ..authored.models import Authored
from ..authored.tags import TagStore
from ..authored.themes import load_themes
from ..config import Review

TAG, FINDING = "tag", "finding"


def review_theme_rows(review: Review, authored: Authored) -> list[dict]:
    """One row per (entry, theme) tagged and per (finding, theme) named, each with the review theme's label.

    Raises:
        ReviewbenchError: themes.yaml or tags.yaml cannot be read (the caller reports it as a problem).
    """
    taxonomy = load_themes(review.root)
    rows = []
    for finding in authored.findings:
        for theme in finding.themes:
            rows.append({"source": FINDING, "theme": theme, "label": taxonomy.label(theme), "item": finding.id,
                         "title": finding.title, "evidence": list(finding.evidence)})
    tags = TagStore.load(review.root, taxonomy)
    for entry_id in sorted(tags.tags):
        for theme in tags.tags[entry_id].themes:
            rows.append({"source": TAG, "theme": theme, "label": taxonomy.label(theme), "item": entry_id,
                         "title": tags.tags[entry_id].note, "evidence": [entry_id]})
    return rows
