"""deck.pptx: the slides a facilitator shows at a learning event, made with python-pptx.

A title slide; one slide per key practice episode and one per finding (its title, what it says held to
a slide's words, the ids of its evidence); the recommendations; the questions for discussion (the
briefing's questions for teams). Each slide's speaker notes carry its citations: every chronology
entry it cites with its agency, date and what was recorded, and every KPE by title, so the facilitator
can answer "how do we know?". Every text passes through the names register as the report's does.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..atomic import write_atomic
from ..chronology.schema import read_chronology
from ..dates import entry_date_text, long_date
from ..render.docx_finish import dated_bytes
from .caps import cap_paragraphs
from .fill import Briefing, by_priority

SLIDE_WORDS = 60                    # what a slide may say of a statement; the notes hold all of it
RECOMMENDATIONS_PER_SLIDE = 4
DESCRIPTION_CHARS = 200             # of an entry's description, in the notes
WIDTH, HEIGHT = 13.333, 7.5         # inches: 16:9
CITED = ["entry_id", "date", "date_precision", "time", "agency", "description"]


@dataclass
class Slide:
    """One slide's content: its title, its lines (bullets), its speaker notes."""

    title: str
    lines: list[str] = field(default_factory=list)
    notes: str = ""
    subtitle: bool = False              # the title slide: the lines are its subtitle


@dataclass
class Deck:
    briefing: Briefing
    slides: list[Slide]
    notes: list[str] = field(default_factory=list)     # for the command: entries cited but not found


class _Citations:
    """The notes' lines for cited ids: a KPE by its title and period, an entry by agency, date and record."""

    def __init__(self, briefing: Briefing, chronology: pd.DataFrame | None):
        self.briefing = briefing
        self.rows = ({r["entry_id"]: r for r in chronology.to_dict("records")} if chronology is not None else {})
        self.missing: set[str] = set()

    def line(self, item_id: str) -> str:
        apply = self.briefing.register.apply
        kpe = self.briefing.authored.kpe(item_id)
        if kpe is not None:
            return f"{item_id}: key practice episode, {kpe.period}: {apply(kpe.title)}"
        finding = self.briefing.authored.finding(item_id)
        if finding is not None:
            return f"{item_id}: finding: {apply(finding.title)}"
        row = self.rows.get(item_id)
        if row is None:
            self.missing.add(item_id)
            return f"{item_id}: chronology entry (not in build/chronology.csv)"
        text = " ".join(apply(str(row["description"] or "")).split())
        text = text if len(text) <= DESCRIPTION_CHARS else text[:DESCRIPTION_CHARS].rsplit(" ", 1)[0] + "…"
        when = entry_date_text(str(row["date"]), str(row["date_precision"] or ""), str(row["time"] or ""))
        return f"{item_id}: {row['agency']}, {when}: {text}"

    def notes(self, lead: str, ids: list[str]) -> str:
        cited = "\n".join(f"- {self.line(i)}" for i in ids) or "- (no evidence cited)"
        return f"{lead}\n\nEvidence cited:\n{cited}"


def _short(text: str) -> str:
    capped = cap_paragraphs([" ".join(text.split())], SLIDE_WORDS)
    return capped.paragraphs[0] if capped.paragraphs else ""


def build_deck(briefing: Briefing, chronology: pd.DataFrame | None) -> Deck:
    """The slides of the review's learning event (``chronology``: the built one, for the notes' citations)."""
    review, authored, apply = briefing.review, briefing.authored, briefing.register.apply
    cite = _Citations(briefing, chronology)
    slides = [Slide(apply(f"{review.title}: learning from the review"),
                    [briefing.kind, briefing.partnership,
                     f"The period reviewed: {long_date(review.scope.start)} to {long_date(review.scope.end)}"],
                    "Learning event. Everything on these slides is pseudonymised as the report is; the notes "
                    "cite the chronology entries behind each slide.", subtitle=True)]
    for kpe in sorted(authored.kpes, key=lambda k: k.start):
        said = apply(kpe.appraisal or kpe.description)
        slides.append(Slide(apply(f"{kpe.id}: {kpe.title}"),
                            [kpe.period, *filter(None, [_short(said)]),
                             f"Evidence: {', '.join(kpe.entries) or 'none cited'}"],
                            cite.notes(" ".join(said.split()), kpe.entries)))
    for finding in by_priority(authored):
        said = apply(finding.statement)
        slides.append(Slide(apply(f"{finding.id}: {finding.title}"),
                            [*filter(None, [_short(said)]), f"Evidence: {', '.join(finding.evidence) or 'none cited'}"],
                            cite.notes(" ".join(said.split()), finding.evidence)))
    recs = authored.recommendations
    pages = [recs[i:i + RECOMMENDATIONS_PER_SLIDE] for i in range(0, len(recs), RECOMMENDATIONS_PER_SLIDE)]
    for number, page in enumerate(pages, start=1):
        title = "Recommendations" + (f" ({number} of {len(pages)})" if len(pages) > 1 else "")
        notes = "\n".join(f"- {r.id} answers {', '.join(r.findings) or 'no finding named'}"
                          + (f"; owner: {apply(r.owner)}" if r.owner else "")
                          + (f"; due {long_date(r.due)}" if r.due else "") for r in page)
        slides.append(Slide(title, [apply(f"{r.id}: {r.text}") for r in page], notes))
    questions = briefing.questions
    box = briefing.box("questions")
    slides.append(Slide("Questions for discussion", questions or [f"To be written: {box.gap if box else ''}"],
                        "The questions for teams of the seven-minute briefing"
                        + (f" (box {box.number}, {box.source})." if box else ".")))
    deck = Deck(briefing, slides)
    if cite.missing:
        deck.notes.append(f"{len(cite.missing)} cited entr{'y is' if len(cite.missing) == 1 else 'ies are'} not in "
                          f"build/chronology.csv ({', '.join(sorted(cite.missing))}): their notes give the id alone.")
    return deck


def read_cited_chronology(path: Path) -> pd.DataFrame:
    return read_chronology(path, CITED)


# python-pptx (a third of a second to import) is loaded only when a deck is written, not by the briefing.

def _place(shape, left: float, top: float, width: float, height: float) -> None:
    from pptx.util import Inches

    shape.left, shape.top, shape.width, shape.height = Inches(left), Inches(top), Inches(width), Inches(height)


def _text(frame, lines: list[str], size: float) -> None:
    from pptx.enum.text import MSO_AUTO_SIZE
    from pptx.util import Pt

    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE             # held short by the caps; nothing shrinks it
    for index, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.text = line
        for run in paragraph.runs:
            run.font.size = Pt(size)


def write_deck(deck: Deck, path: Path, day: dt.date) -> Path:
    """Write ``path`` (.pptx), 16:9, dated ``day`` (its properties and zip entries)."""
    from pptx import Presentation
    from pptx.util import Inches

    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(WIDTH), Inches(HEIGHT)
    for slide in deck.slides:
        made = prs.slides.add_slide(prs.slide_layouts[0 if slide.subtitle else 1])
        title, body = made.placeholders[0], made.placeholders[1]
        if slide.subtitle:
            _place(title, 0.8, 1.8, 11.7, 1.8)
            _place(body, 0.8, 3.8, 11.7, 2.6)
        else:
            _place(title, 0.6, 0.35, 12.1, 1.25)
            _place(body, 0.6, 1.75, 12.1, 5.3)
        title.text = slide.title
        _text(title.text_frame, [slide.title], 36 if slide.subtitle else 28)
        _text(body.text_frame, slide.lines, 22 if slide.subtitle else 20)
        made.notes_slide.notes_text_frame.text = slide.notes
    props = prs.core_properties
    props.title = f"{deck.briefing.review.title}: learning event"
    props.subject = deck.briefing.kind
    props.author = props.last_modified_by = ""
    props.created = props.modified = dt.datetime.combine(day, dt.time())
    props.revision = 1
    write_atomic(path, dated_bytes(prs, day))
    return path
