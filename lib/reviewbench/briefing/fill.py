"""The seven boxes filled from the review: each box's ``fill`` (``reviewbench/data/briefing.yaml``) names
a function here; a box the reviewer wrote in ``authored/briefing.yaml`` replaces what it would fill.
Every text passes through the names register as the report's does, then is held to the box's cap
(:mod:`.caps`), and each cut or empty box is a note for the command to say.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import mistune

from ..authored import Authored, load_authored
from ..config import Review
from ..dates import long_date
from ..methodology import Methodology, get_methodology
from ..process.packs import review_pack
from ..publication.names import NameRegister, review_register
from .caps import cap_paragraphs, first_sentence
from .settings import WHERE, AuthoredBriefing, BoxSpec, BriefingSpec, briefing_spec, load_authored_briefing

PRIORITIES = {"high": 0, "medium": 1, "low": 2}


@dataclass
class Box:
    """One box as it is printed: its number (1 to 7), label and paragraphs (or bullets)."""

    id: str
    number: int
    label: str
    paragraphs: list[str]
    bullets: bool
    source: str                   # where its text came from, for the command's output
    cap: int
    gap: str = ""                 # nothing filled it: what to write, and where
    cut: str = ""                 # the note when the cap cut it

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


@dataclass
class Briefing:
    """A review's seven-minute briefing: its heading lines, its boxes in order, and the notes to say."""

    review: Review
    title: str                    # "Seven-minute briefing"
    subject: str                  # "Child T: Learning Together systems review"
    byline: str                   # the partnership, and the day
    day: dt.date
    boxes: list[Box]
    register: NameRegister
    authored: Authored
    written: AuthoredBriefing
    kind: str = ""
    partnership: str = ""
    notes: list[str] = field(default_factory=list)

    def box(self, box_id: str) -> Box | None:
        """The box ``box_id``, or None when the briefing's layout has none."""
        return next((b for b in self.boxes if b.id == box_id), None)

    @property
    def questions(self) -> list[str]:
        """The questions for teams as the briefing has them (the deck's discussion slide)."""
        box = self.box("questions")
        return box.paragraphs if box else []


@dataclass
class _Context:
    review: Review
    method: Methodology
    authored: Authored
    written: AuthoredBriefing
    partnership: str


Filled = tuple[list[str], bool, str]       # paragraphs, as bullets, where they came from


def _markdown_paragraphs(text: str) -> list[str]:
    """The paragraphs of authored Markdown as plain text (emphasis and links kept as their words)."""
    def plain(tokens: list[dict]) -> str:
        return "".join(" " if t["type"] in ("softbreak", "linebreak") else
                       t.get("raw", "") if "children" not in t else plain(t["children"]) for t in tokens)

    tokens = mistune.create_markdown(renderer=None)(text or "")
    return [" ".join(plain(t.get("children", [])).split()) for t in tokens if t["type"] == "paragraph"]


def _section(ctx: _Context, spec: BoxSpec) -> tuple[list[str], str]:
    for section_id in spec.sections:
        paragraphs = _markdown_paragraphs(ctx.authored.section(section_id))
        if paragraphs:
            return paragraphs[:1], f"the first paragraph of authored/sections/{section_id}.md"
    return [], ""


def _fill_background(ctx: _Context, spec: BoxSpec) -> Filled:
    review = ctx.review
    text = (f"This {ctx.method.report_kind} for {ctx.partnership} is about {review.title}. It looked at what "
            f"{len(review.agencies)} agencies did between "
            f"{long_date(review.scope.start)} and {long_date(review.scope.end)}.")
    if review.dates.publication is not None:
        text += f" The report was published on {long_date(review.dates.publication)}."
    return [text], False, "review.yaml (title, methodology, scope, agencies)"


def _fill_finding_field(ctx: _Context, spec: BoxSpec) -> Filled:
    found = [first_sentence(str(f.extra.get(spec.field) or "")) for f in by_priority(ctx.authored)]
    found = [s for s in found if s]
    if found:
        return found, True, f"the findings' {spec.field} (authored/findings.yaml)"
    paragraphs, source = _section(ctx, spec)
    return paragraphs, False, source


def _fill_section(ctx: _Context, spec: BoxSpec) -> Filled:
    paragraphs, source = _section(ctx, spec)
    if paragraphs:
        return paragraphs, False, source
    kpes = [f"{k.period}: {k.title}." for k in sorted(ctx.authored.kpes, key=lambda k: k.start)]
    return kpes, True, "the key practice episodes (authored/kpes.yaml)" if kpes else ""


def by_priority(authored: Authored) -> list:
    return sorted(authored.findings, key=lambda f: PRIORITIES.get(str(f.extra.get("priority", "")).lower(), 1))


def _fill_findings(ctx: _Context, spec: BoxSpec) -> Filled:
    items = [f"{f.title.rstrip('.')}: {first_sentence(f.statement)}".rstrip(": ") for f in by_priority(ctx.authored)]
    return items, True, "the findings (authored/findings.yaml), highest priority first"


def _fill_recommendations(ctx: _Context, spec: BoxSpec) -> Filled:
    return ([r.text for r in ctx.authored.recommendations], True,
            "the recommendations (authored/recommendations.yaml)")


def _fill_questions(ctx: _Context, spec: BoxSpec) -> Filled:
    return list(ctx.written.questions), True, f"the questions of {WHERE}"


def _fill_find_more(ctx: _Context, spec: BoxSpec) -> Filled:
    review = ctx.review
    text = f"The full report: {review.title}, {ctx.method.report_kind}, {ctx.partnership}"
    if review.dates.publication is not None:
        text += f", published {long_date(review.dates.publication)}"
    for edition in ("build/publish/report.docx", "build/report.docx"):
        if (review.root / edition).is_file():
            text += f" (in the review folder: {edition})"
            break
    return [text + ".", *ctx.written.links], True, f"review.yaml and the links of {WHERE}"


FILLS: dict[str, Callable[[_Context, BoxSpec], Filled]] = {
    "background": _fill_background, "finding-field": _fill_finding_field, "section": _fill_section,
    "findings": _fill_findings, "recommendations": _fill_recommendations, "questions": _fill_questions,
    "find-more": _fill_find_more,
}

_GAPS = {"questions": f"write the questions for teams in {WHERE} (questions: [...])"}


def _written_box(value: str | list[str]) -> tuple[list[str], bool]:
    if isinstance(value, list):
        return [" ".join(str(v).split()) for v in value if str(v).strip()], True
    return [" ".join(p.split()) for p in str(value).split("\n\n") if p.strip()], False


def _box(ctx: _Context, spec: BriefingSpec, box: BoxSpec, number: int, register: NameRegister) -> Box:
    label = ctx.written.labels.get(box.id, box.label)
    if box.id in ctx.written.boxes:
        paragraphs, bullets = _written_box(ctx.written.boxes[box.id])
        source = f"{WHERE} (boxes.{box.id})"
    else:
        paragraphs, bullets, source = FILLS[box.fill](ctx, box)
    paragraphs = [register.apply(p) for p in paragraphs]
    cap = spec.cap(box)
    made = Box(box.id, number, label, paragraphs, bullets, source, cap)
    if not paragraphs:
        made.gap = _GAPS.get(box.fill, f"write it in {WHERE} (boxes: {{{box.id}: ...}})")
        return made
    capped = cap_paragraphs(paragraphs, cap)
    if capped.cut:
        made.paragraphs = capped.paragraphs
        left = f", {capped.left_out} of its {len(paragraphs)} items left out" if bullets and capped.left_out else ""
        how = "inside its first sentence, which alone is over the cap" if capped.mid_sentence else "at a sentence"
        made.cut = (f"box {number} '{label}' held {capped.before} words, over its cap of {cap}: it was cut {how} "
                    f"to {capped.after} words{left}. To choose what it says, write it in {WHERE} "
                    f"(boxes: {{{box.id}: ...}}) within the cap.")
    return made


def build_briefing(review: Review, day: dt.date) -> Briefing:
    """The briefing of ``review``, dated ``day``: every box filled (or written by hand), pseudonymised, capped."""
    spec = briefing_spec()
    written = load_authored_briefing(review, spec)
    pack = review_pack(review).pack
    method = get_methodology(review.methodology, review.root).worded(pack.terms.partners)
    authored = load_authored(review, methodology=method)
    register = review_register(review)
    partnership = review.partnership or pack.terms.partners
    ctx = _Context(review, method, authored, written, partnership)
    boxes = [_box(ctx, spec, box, number, register) for number, box in enumerate(spec.boxes, start=1)]
    briefing = Briefing(review, spec.title, register.apply(f"{review.title}: {method.report_kind}"),
                        f"{partnership} · {long_date(day)}", day, boxes, register, authored, written,
                        kind=method.report_kind, partnership=partnership)
    briefing.notes += [b.cut for b in boxes if b.cut]
    briefing.notes += [f"box {b.number} '{b.label}' is empty: {b.gap}." for b in boxes if b.gap]
    return briefing
