"""Publication safety: scan what is meant for publication for anything that could identify someone.

Meant for publication is the public edition, ``build/publish/`` (written by ``render --publish``,
or put there by hand); while there is none, the working draft ``build/report.*`` is scanned in its
place, since that is what would otherwise be sent out, with the workbook that holds the chronology
appendix of a large draft (``build/report_chronology.xlsx``). The working chronology and the network
files are the review team's own material, hold real names by design, and are not scanned.

Nothing is called safe without a names register: a review with no ``private/names.yaml``, or one
listing no one, fails unless the register declares ``names_no_one: true``. Every item found is
masked in what the tool prints and writes; an item a reviewer accepted in
``private/publication_decisions.yaml`` passes and is listed with who decided and why.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from lxml import etree

from ..config import Review
from ..errors import PublicationError
from .decisions import DECISIONS, Decision, item_key, load_decisions
from .extract import EXTRACTORS, Block
from .finder import POSSIBLE, REGISTER_HELP, REGISTER_KINDS, find_sensitive
from .names import REGISTER, NameRegister, mask_name, review_register
from .patterns import KIND_HELP, mask

PUBLISH_DIR = "publish"
REPORT_STEM = "report"
REPORT_CHRONOLOGY = "report_chronology.xlsx"   # a large draft's chronology appendix, beside the report
DISSEMINATION_DIR = "dissemination"  # build/dissemination/: the briefing, deck and plain summary, to share
METHODOLOGIES_DIR = "methodologies"  # build/methodologies/<id>/: a draft rendered with another methodology
CONTEXT_CHARS = 32
_IMAGES = {".png", ".jpg", ".jpeg", ".gif", ".pdf", ".tif", ".tiff", ".bmp", ".webp"}


def shown(kind: str, text: str) -> str:
    """How a found item is printed: names keep each word's first letter, anything else its first two."""
    return mask_name(text) if kind in REGISTER_KINDS or kind == POSSIBLE else mask(text)


def help_for(kind: str) -> str:
    return REGISTER_HELP.get(kind) or KIND_HELP.get(kind, "")


def grouped(hits: list[Hit]) -> list[str]:
    """One line per flagged item (its id), with every place it was found: the HTML and the Word edition
    of one sentence are one decision."""
    by_key: dict[str, list[Hit]] = {}
    for hit in hits:
        by_key.setdefault(hit.key, []).append(hit)
    lines = []
    for key, same in by_key.items():
        first = same[0]
        detail = f" ({first.detail})" if first.detail else ""
        context = f" in “{first.context}”" if first.context else ""
        places = "; ".join(f"{h.file}, {h.place}" for h in same)
        lines.append(f"[{key}] {first.kind} '{first.shown}'{detail}{context}: {places}")
    return lines


@dataclass(frozen=True)
class Hit:
    """Something that could identify a person, in ``file`` at ``place``. ``text`` is never printed."""

    file: str            # relative to build/: "report.html", "publish/report.docx"
    place: str           # "section 3 ('Findings'), paragraph 2", "row 12 (entry ...), column description"
    kind: str            # registered name | registered place | possible registered name | NHS number | ...
    text: str            # as found; see ``shown``
    detail: str = ""     # whose ("title and surname of Mother"), never the name itself
    key: str = ""        # the id a decision refers to (PD-...)
    context: str = ""    # the words around it, everything identifying in them masked

    @property
    def shown(self) -> str:
        return shown(self.kind, self.text)

    def message(self) -> str:
        detail = f" ({self.detail})" if self.detail else ""
        context = f" in “{self.context}”" if self.context else ""
        return f"{self.file}, {self.place}: {self.kind} '{self.shown}'{detail}{context} [{self.key}]"

    def as_dict(self) -> dict:
        """For files in build/: masked."""
        return {"file": self.file, "place": self.place, "kind": self.kind, "text": self.shown,
                "detail": self.detail, "id": self.key, "context": self.context}


@dataclass
class ScanResult:
    scanned: list[str] = field(default_factory=list)       # files scanned, relative to build/
    not_scanned: list[str] = field(default_factory=list)   # sentences: files a person must check by eye
    problems: list[str] = field(default_factory=list)      # sentences: why nothing can be called safe
    hits: list[Hit] = field(default_factory=list)          # not accepted
    accepted: list[tuple[Hit, Decision]] = field(default_factory=list)
    stale: list[Decision] = field(default_factory=list)    # decisions that match nothing any more
    notes: list[str] = field(default_factory=list)
    edition: str = ""                                      # "public edition" | "working draft" | ""

    @property
    def ok(self) -> bool:
        return not self.hits and not self.problems

    def kinds(self) -> list[str]:
        return sorted({h.kind for h in self.hits})


def published_files(review: Review) -> tuple[list[Path], str]:
    """What would be published, in a stable order, and which edition that is."""
    build = review.build_dir
    publish = build / PUBLISH_DIR
    files = sorted(p for p in publish.rglob("*") if p.is_file() and not p.name.startswith((".", "~$"))) \
        if publish.is_dir() else []
    if files:
        return files, "public edition"
    files = draft_files(build)
    return files, "working draft" if files else ""


def draft_files(build: Path) -> list[Path]:
    """The working draft: build/report.* and, for a large review, the workbook of its chronology appendix."""
    if not build.is_dir():
        return []
    return sorted(p for p in [*build.glob(f"{REPORT_STEM}.*"), build / REPORT_CHRONOLOGY] if p.is_file())


def _svg_blocks(path: Path) -> list[Block]:
    """The text of an SVG: its text, title and description elements, and its comments, where matplotlib keeps
    each label it draws as outlines (``svg.fonttype: path``, as every figure of reviewbench is saved): a name in
    a figure's label has no text element to be found in."""
    root = etree.parse(str(path)).getroot()
    texts = ((node.text or "").strip() if node.tag is etree.Comment else " ".join(node.itertext()).strip()
             for node in root.iter()
             if node.tag is etree.Comment or (isinstance(node.tag, str) and
                                              etree.QName(node).localname in ("text", "title", "desc")))
    return [Block(f"text {i}", t) for i, t in enumerate(texts, start=1) if t]


def _blocks(path: Path) -> list[Block] | None:
    suffix = path.suffix.lower()
    if suffix == ".svg":
        return _svg_blocks(path)
    extractor = EXTRACTORS.get(suffix)
    return extractor(path) if extractor else None


def masked_text(text: str, register: NameRegister) -> str:
    """``text`` with everything that could identify someone masked."""
    for item in reversed(find_sensitive(text, register)):
        text = text[:item.start] + shown(item.kind, item.text) + text[item.end:]
    return text


def _context(block: Block, start: int, end: int, register: NameRegister) -> str:
    a = max(block.skip, start - CONTEXT_CHARS)
    b = min(len(block.text), end + CONTEXT_CHARS)
    snippet = masked_text(block.text[a:b], register)
    snippet = " ".join(snippet.split())
    return ("…" if a > block.skip else "") + snippet + ("…" if b < len(block.text) else "")


def scan_blocks(blocks: Iterable[Block], register: NameRegister, label: str) -> list[Hit]:
    """Every item in ``blocks`` that could identify someone, as hits in the file ``label``."""
    hits = []
    found: dict[str, list] = {}          # a text repeated in many cells (an agency, a date) is read once
    for block in blocks:
        items = found.get(block.text)
        if items is None:
            items = found[block.text] = find_sensitive(block.text, register)
        for item in items:
            if item.start >= block.skip:
                hits.append(Hit(label, masked_text(block.place, register), item.kind, item.text, item.detail,
                                item_key(item.kind, item.text, block.text, item.start, item.end),
                                _context(block, item.start, item.end, register)))
    return hits


def scan_file(path: Path, register: NameRegister, label: str) -> list[Hit]:
    """Every hit in one file; ``label`` is how the file is named in messages. Raises if unreadable."""
    return scan_blocks(_blocks(path) or [], register, label)


def register_problems(register: NameRegister) -> tuple[list[str], list[str]]:
    """(problems, notes) about the register itself: without one, nothing can be called safe."""
    if register.names_no_one:
        return [], [f"The names register declares that this review names no one ({REGISTER.as_posix()}: "
                    "names_no_one: true); every other check ran."]
    if not register.exists:
        return [f"The review has no names register ({REGISTER.as_posix()}), so nothing can be called safe: the "
                "check cannot know whose names to look for. Copy the register from the lead reviewer (a clone of "
                "the review never has one), or write it: each person with their pseudonym, each place with its "
                "public form. If the review names no one, write 'names_no_one: true' in it."], []
    if register.empty:
        return [f"The names register ({REGISTER.as_posix()}) lists no one, so nothing can be called safe. Add each "
                "person with their pseudonym and each identifying place with its public form, or, if the review "
                "names no one, write 'names_no_one: true' in it."], []
    return [], []


def scan_files(paths: Iterable[Path], register: NameRegister, base: Path,
               decisions: dict[str, Decision] | None = None) -> ScanResult:
    """Scan ``paths``, naming each relative to ``base`` (build/, or the staging folder of a render)."""
    result = ScanResult()
    result.problems, result.notes = register_problems(register)
    found: list[Hit] = []
    for path in paths:
        label = path.relative_to(base).as_posix() if path.is_relative_to(base) else path.name
        suffix = path.suffix.lower()
        if suffix in _IMAGES or (suffix not in EXTRACTORS and suffix != ".svg"):
            kind = "an image or PDF" if suffix in _IMAGES else "a kind of file reviewbench cannot read"
            result.not_scanned.append(f"{label} is {kind}; check it by eye before publication.")
            continue
        try:
            found += scan_file(path, register, label)
        except (OSError, ValueError, KeyError, zipfile.BadZipFile, etree.XMLSyntaxError) as exc:
            result.problems.append(f"{label} could not be read to check it ({type(exc).__name__}: {exc}); "
                                   "render it again.")
            continue
        result.scanned.append(label)
    decisions = decisions or {}
    for hit in found:
        decision = decisions.get(hit.key)
        if decision is None:
            result.hits.append(hit)
        else:
            result.accepted.append((hit, decision))
    used = {h.key for h in found}
    result.stale = [d for key, d in decisions.items() if key not in used]
    return result


def scan_review(review: Review, paths: Iterable[Path] | None = None, base: Path | None = None,
                register: NameRegister | None = None) -> ScanResult:
    """Scan what the review would publish (or ``paths``, e.g. a render's staged copies), with the
    review's register (or ``register``, already loaded)."""
    register = register or review_register(review)
    decisions = load_decisions(review.root)
    edition = ""
    if paths is None:
        paths, edition = published_files(review)
    result = scan_files(list(paths), register, review.build_dir if base is None else Path(base), decisions)
    result.edition = edition
    if edition == "public edition" and result.stale:
        # A decision about the working draft (its chronology appendix, say) is not stale for that.
        keys = {h.key for h in scan_files(draft_files(review.build_dir), register, review.build_dir).hits}
        result.stale = [d for d in result.stale if d.id not in keys]
    return result


def scan_outputs(review: Review, paths: Iterable[Path] | None = None, base: Path | None = None) -> list[Hit]:
    """The hits not accepted by the reviewer (see :func:`scan_review`)."""
    return scan_review(review, paths, base).hits


def _refusal(hits: list[Hit], problems: list[str]) -> PublicationError:
    """The error for outputs that may not be published: every hit, grouped by item, and every problem."""
    lines = grouped(hits) + problems
    shown_lines = "\n  ".join(lines[:50]) + (f"\n  ... and {len(lines) - 50} more" if len(lines) > 50 else "")
    items = len({h.key for h in hits})
    what = (f"{items} thing(s) in it could identify someone, in {len(hits)} place(s)" if hits
            else "it cannot be called safe")
    return PublicationError(
        f"the report cannot be published: {what}:\n  {shown_lines}\n", hits=hits, problems=problems,
        hint=f"Complete the names register ({REGISTER.as_posix()}), correct the text at its source, or, for "
             f"an item that may stay, record who decided and why in {DECISIONS.as_posix()} under its id "
             "([PD-...]); then render again.")


def assert_publishable(review: Review, paths: Iterable[Path] | None = None, base: Path | None = None) -> ScanResult:
    """Raise :class:`PublicationError` naming every hit and problem, unless nothing identifies anyone.

    Render calls this on the staged outputs before moving them to their publishable place:
    ``assert_publishable(review, [staging / "report.html", staging / "report.docx"], base=staging)``.
    """
    result = scan_review(review, paths, base)
    if not result.ok:
        raise _refusal(result.hits, result.problems)
    return result


def what_to_do(kinds: Iterable[str]) -> list[str]:
    """One sentence per kind of item found: why it matters and what to do."""
    return [f"{kind}: {help_for(kind)}" for kind in sorted(set(kinds)) if help_for(kind)]

