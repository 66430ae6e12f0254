"""What reaches the report, decided in one place for both editions.

The working draft shows everything: every section, its gaps and prompts, entry ids linked to
the integrated chronology. The public edition (``Options.publish``) shows the sections the
methodology makes public (:meth:`~reviewbench.methodology.Section.in_public_edition`: not the
chronology, the provenance appendix or the network prompts, unless method.yaml says so), counts
gaps without showing them (render refuses to publish while one remains), shows no prompt, and
no entry id, submission file name or hash: an entry is named by its agency and date, and the
chronology appendix becomes, when asked for (``Options.timeline``), a summary timeline of the
entries the report cites. A draft's chronology appendix of more entries than review.yaml's
``settings: chronology_appendix_limit`` lists the entries the report cites, and says that the whole
chronology is in a workbook beside the report; a list of statements about the chronology that long
lists the first of each kind. Every fill asks this module rather than testing ``publish`` itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from ..methodology import Methodology, Section
from .outline import numbered
from .parts import Options

TIMELINE_TITLE = "Summary timeline"
CHRONOLOGY_SCOPES = {"in-scope": "entries in the review scope and every entry cited", "all": "every entry",
                     "cited": "entries cited in this report"}


@dataclass(frozen=True)
class Edition:
    publish: bool = False
    timeline: bool = False
    chronology_appendix: str = "in-scope"
    chronology_limit: int | None = None

    @classmethod
    def of(cls, options: Options) -> "Edition":
        return cls(options.publish, options.timeline, options.chronology_appendix, options.chronology_limit)

    # -- sections ------------------------------------------------------------------------------------
    def shows(self, section: Section) -> bool:
        """Every section in the draft; the public ones in the public edition."""
        return not self.publish or section.in_public_edition(self.timeline)

    def numbered(self, method: Methodology) -> Iterator[tuple[str, Section]]:
        """(number, section) of every section this edition shows, as the report numbers them."""
        return numbered(method, self.shows)

    def visible(self, sections: list[Section]) -> list[Section]:
        return [s for s in sections if self.shows(s)]

    def heading(self, section: Section) -> str:
        """A section's title; in the public edition the chronology appendix is the summary timeline."""
        return TIMELINE_TITLE if self.chronology_as_timeline and section.fill == "chronology" else section.title

    # -- what the review team sees, and readers do not ------------------------------------------------
    @property
    def shows_working_notes(self) -> bool:
        """The draft marking, gaps, prompts and the prompts computed from the chronology."""
        return not self.publish

    @property
    def names_entries_by_id(self) -> bool:
        """Entry ids (linked to the chronology appendix) in the draft; agency and date in public."""
        return not self.publish

    @property
    def drops_private_columns(self) -> bool:
        """Columns of entry ids and submission file names are left out of the public edition."""
        return self.publish

    @property
    def chronology_as_timeline(self) -> bool:
        """The public edition never shows the integrated chronology; at most the summary timeline."""
        return self.publish

    def columns(self, head: list, rows: list[list], widths: tuple[int, ...] | None,
                private_column: int | None) -> tuple[list, list[list], tuple[int, ...] | None]:
        """A table's columns in this edition: a private one (entry ids, file names) is left out of the
        public edition, the other columns' widths scaled back to 100%."""
        if not self.drops_private_columns or private_column is None:
            return head, rows, widths
        i = private_column
        head = head[:i] + head[i + 1:]
        rows = [r[:i] + r[i + 1:] for r in rows]
        if widths:
            rest = widths[:i] + widths[i + 1:]
            widths = tuple(round(w * 100 / sum(rest)) for w in rest)
        return head, rows, widths

    # -- the chronology appendix ----------------------------------------------------------------------
    def chronology_ids(self, rows: dict[str, dict], cited: dict, view: str | None = None) -> list[str]:
        """The entries a chronology ``view`` shows (default: the edition's), in chronology order: those
        cited, and every one (``all``) or those in the review's scope (``in-scope``)."""
        view = view or self.chronology_appendix
        return [entry_id for entry_id, row in rows.items()
                if entry_id in cited or view == "all" or (view == "in-scope" and row["in_scope"])]

    def over_limit(self, rows: int) -> bool:
        """Whether a table of ``rows`` drawn from the chronology is too long for a report
        (``settings: chronology_appendix_limit``)."""
        return self.chronology_limit is not None and rows > self.chronology_limit

    def chronology_in_workbook(self, listed: int) -> bool:
        """Whether a draft's chronology appendix of ``listed`` entries is too long for a report: it then
        lists the cited entries, and the whole chronology is in a workbook beside the report."""
        return not self.publish and self.over_limit(listed)
