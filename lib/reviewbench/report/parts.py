"""The pieces a report is made of (its parts and gaps) and the options it is built with.

A leaf: the builder (:mod:`.content`), the appendices it delegates to (:mod:`.provenance`) and
the report (:mod:`reviewbench.report`) all import these, and these import nothing of theirs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup

from ..methodology import Scale


@dataclass(frozen=True)
class Gap:
    anchor: str
    number: str          # "2.3", or "3 Findings, F2" for an item of a section
    title: str
    message: str

    @property
    def where(self) -> str:
        """The section's number and title, or the number and the item's id."""
        return self.number if "," in self.number else f"{self.number} {self.title}"


@dataclass
class Part:
    """One block of the report (the front matter, a top-level section, an appendix)."""

    id: str
    html: Markup

    def _repr_html_(self) -> str:
        return str(self.html)


@dataclass
class Options:
    publish: bool = False                # the public edition
    timeline: bool = False               # public edition: a summary timeline of the cited entries
    chronology_appendix: str = "in-scope"
    chronology_limit: int | None = None  # draft: an appendix of more entries moves to the workbook
    parameters: dict = field(default_factory=dict)
    versions: dict = field(default_factory=dict)
    scale: Scale | None = None           # review.yaml's scale, when the methodology rendered has it
