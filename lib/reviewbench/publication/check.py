"""``reviewbench check DIR``: publication safety, then the quality markers and timescales."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..config import Review, load_review
from ..hashing import file_sha256
from ..quality.report import assess_quality, write_quality
from .extract import html_blocks
from .names import REGISTER
from .scan import REPORT_STEM, ScanResult, scan_review


@dataclass
class CheckResult:
    """What ``check`` found. ``ok`` is publication safety: no hit, nothing unreadable, something to check."""

    review: Review
    scan: ScanResult
    quality: dict                                   # the content of build/quality.json
    problems: list[str] = field(default_factory=list)
    outputs: list[Path] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.scan.ok and not self.problems

    @property
    def flagged_timescales(self) -> list[dict]:
        return [t for t in self.quality["timescales"] if t["flagged"]]

    def lines(self) -> list[str]:
        """Sentences for the command line: each hit and problem, then flagged timescales and a summary."""
        out = [h.message() for h in self.scan.hits] + self.scan.problems + self.problems + self.scan.not_scanned
        out += [f"Timescale {t['status'].upper()}: {t['label']}: {t['detail']}." for t in self.flagged_timescales]
        if self.scan.scanned:
            verdict = (f"{len(self.scan.hits)} thing(s) that could identify someone" if self.scan.hits
                       else "nothing that could identify someone")
            out.append(f"Publication safety: {verdict} in {', '.join(self.scan.scanned)}.")
        assessed = sum(m["reviewer"]["status"] != "not assessed" for m in self.quality["markers"])
        out.append(f"Quality markers: {assessed} of {len(self.quality['markers'])} assessed by the reviewer; "
                   f"details in {self.review.build_dir / 'quality.md'}.")
        return out


def register_copies(review: Review) -> list[str]:
    """Sentences for every file in build/ that is a copy of the names register."""
    register = review.root / REGISTER
    if not register.exists() or not review.build_dir.is_dir():
        return []
    digest = file_sha256(register)
    return [f"build/{p.relative_to(review.build_dir).as_posix()} is a copy of the names register; delete it "
            "(the register must never leave private/)."
            for p in sorted(review.build_dir.rglob("*"))
            if p.is_file() and (p.name == register.name or p.stat().st_size == register.stat().st_size
                                and file_sha256(p) == digest)]


def check_review(review_dir: str | Path, *, today: dt.date | None = None) -> CheckResult:
    """Scan the outputs meant for publication and write build/quality.json and build/quality.md.

    Args:
        review_dir: the review folder.
        today: the day open deadlines are judged against (recorded as ``as_of``); the command line
            passes nothing, meaning today's date. Tests and ``verify`` pass it explicitly.
    """
    review = load_review(review_dir)
    scan = scan_review(review)
    problems = register_copies(review)
    if not scan.scanned and not scan.problems:
        problems.append(f"There is no rendered report to check in {review.build_dir} (report.html, report.docx "
                        "or publish/); run 'reviewbench render' first. The quality markers were still written.")
    html = review.build_dir / f"{REPORT_STEM}.html"
    report_text = " ".join(b.text for b in html_blocks(html)) if html.exists() else ""
    data = assess_quality(review, as_of=today or dt.date.today(), scan=scan, report_text=report_text)
    outputs = write_quality(review, data)
    return CheckResult(review, scan, data, problems, outputs)
