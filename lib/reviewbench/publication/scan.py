"""Publication safety: scan every output meant for publication for what identifies someone.

Meant for publication are ``build/report.*`` (the rendered report: HTML, Word...) and anything
under ``build/publish/`` (e.g. a pseudonymised chronology or summary timeline prepared for
publication). The working chronology ``build/chronology.*`` and the network files are the review
team's own material, hold real names by design, and are not scanned.

The register's names are shown in messages to the reviewer (they already hold the register);
everything else that is found is masked, and nothing found is ever written to build/ unmasked.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from lxml import etree

from ..config import Review
from ..errors import ReviewbenchError
from .extract import EXTRACTORS, Block
from .names import NameRegister, load_register
from .patterns import NAME, find_sensitive, mask

PUBLISH_DIR = "publish"
REPORT_STEM = "report"
_IMAGES = {".png", ".jpg", ".jpeg", ".gif", ".pdf", ".tif", ".tiff", ".bmp", ".webp"}


class PublicationError(ReviewbenchError):
    """An output meant for publication still identifies someone."""

    def __init__(self, hits: list["Hit"], problems: list[str] | None = None):
        self.hits = hits
        self.problems = problems or []
        lines = [h.message() for h in hits] + self.problems
        shown = "\n  ".join(lines[:50]) + (f"\n  ... and {len(lines) - 50} more" if len(lines) > 50 else "")
        super().__init__(
            f"the report cannot be published: {len(hits)} thing(s) in it could identify someone:\n  {shown}\n",
            hint="Add each name to private/names.yaml with its pseudonym (names: {\"Jane Smith\": \"Mother\"}), "
                 "or correct the text at its source, then render again.")


@dataclass(frozen=True)
class Hit:
    """Something that could identify a person, in ``file`` at ``place``."""

    file: str            # relative to build/: "report.html", "publish/chronology.csv"
    place: str           # "section 3 ('Findings'), paragraph 2", "paragraph 41", "row 12 (entry ...), column description"
    kind: str            # registered name | date of birth | NHS number | postcode | phone number | e-mail address
    text: str            # as found; see ``shown``

    @property
    def shown(self) -> str:
        """A registered name as found (the reviewer holds the register); anything else masked."""
        return self.text if self.kind == NAME else mask(self.text)

    def message(self) -> str:
        return f"{self.file}, {self.place}: {self.kind} '{self.shown}'"

    def as_dict(self) -> dict:
        """For files in build/: every text masked, registered names too."""
        return {"file": self.file, "place": self.place, "kind": self.kind, "text": mask(self.text)}


@dataclass
class ScanResult:
    scanned: list[str] = field(default_factory=list)       # files scanned, relative to build/
    not_scanned: list[str] = field(default_factory=list)   # sentences: files a person must check by eye
    problems: list[str] = field(default_factory=list)      # sentences: files that could not be read
    hits: list[Hit] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.hits and not self.problems


def published_files(review: Review) -> list[Path]:
    """``build/report.*`` and every file under ``build/publish/``, in a stable order."""
    build = review.build_dir
    files = sorted(p for p in build.glob(f"{REPORT_STEM}.*") if p.is_file())
    publish = build / PUBLISH_DIR
    if publish.is_dir():
        files += sorted(p for p in publish.rglob("*") if p.is_file() and not p.name.startswith((".", "~$")))
    return files


def _svg_blocks(path: Path) -> list[Block]:
    root = etree.parse(str(path)).getroot()
    texts = (" ".join(node.itertext()).strip() for node in root.iter() if isinstance(node.tag, str)
             and etree.QName(node).localname in ("text", "title", "desc"))
    return [Block(f"text {i}", t) for i, t in enumerate(texts, start=1) if t]


def _blocks(path: Path) -> list[Block] | None:
    suffix = path.suffix.lower()
    if suffix == ".svg":
        return _svg_blocks(path)
    extractor = EXTRACTORS.get(suffix)
    return extractor(path) if extractor else None


def _masked_place(place: str, register: NameRegister) -> str:
    # A place names a heading or an entry; a heading holding a name must not repeat it.
    for match in reversed(find_sensitive(place, register)):
        place = place[:match.start] + mask(match.text) + place[match.end:]
    return place


def scan_file(path: Path, register: NameRegister, label: str) -> list[Hit]:
    """Every hit in one file; ``label`` is how the file is named in messages. Raises if unreadable."""
    blocks = _blocks(path)
    hits = []
    for block in blocks or []:
        for match in find_sensitive(block.text, register):
            if match.start >= block.skip:
                hits.append(Hit(label, _masked_place(block.place, register), match.kind, match.text))
    return hits


def scan_files(paths: Iterable[Path], register: NameRegister, base: Path) -> ScanResult:
    """Scan ``paths``, naming each relative to ``base`` (build/, or the staging folder of a render)."""
    result = ScanResult()
    for path in paths:
        label = path.relative_to(base).as_posix() if path.is_relative_to(base) else path.name
        suffix = path.suffix.lower()
        if suffix in _IMAGES or (suffix not in EXTRACTORS and suffix != ".svg"):
            kind = "an image or PDF" if suffix in _IMAGES else "a kind of file reviewbench cannot read"
            result.not_scanned.append(f"{label} is {kind}; check it by eye before publication.")
            continue
        try:
            result.hits += scan_file(path, register, label)
        except (OSError, ValueError, KeyError, zipfile.BadZipFile, etree.XMLSyntaxError) as exc:
            result.problems.append(f"{label} could not be read to check it ({type(exc).__name__}: {exc}); "
                                   "render it again.")
            continue
        result.scanned.append(label)
    return result


def scan_review(review: Review, paths: Iterable[Path] | None = None, base: Path | None = None) -> ScanResult:
    """Scan the review's outputs meant for publication (or ``paths``, e.g. a render's staging copies)."""
    register = load_register(review.root)
    return scan_files(published_files(review) if paths is None else list(paths), register,
                      review.build_dir if base is None else Path(base))


def scan_outputs(review: Review, paths: Iterable[Path] | None = None, base: Path | None = None) -> list[Hit]:
    """The hits in the outputs meant for publication (see :func:`scan_review`)."""
    return scan_review(review, paths, base).hits


def assert_publishable(review: Review, paths: Iterable[Path] | None = None, base: Path | None = None) -> None:
    """Raise :class:`PublicationError` listing every hit, unless the outputs identify no one.

    Render calls this on the staged outputs before moving them to their publishable place:
    ``assert_publishable(review, [staging / "report.html", staging / "report.docx"], base=staging)``.
    """
    result = scan_review(review, paths, base)
    if not result.ok:
        raise PublicationError(result.hits, result.problems)
