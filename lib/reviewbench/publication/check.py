"""``reviewbench check DIR``: publication safety, then the quality markers and timescales."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..config import Review, as_review
from ..hashing import file_sha256
from ..quality.prompts import prompts_lines
from ..quality.report import assess_quality, write_quality
from .decisions import DECISIONS
from .extract import html_blocks
from .names import REGISTER, NameRegister, review_register
from .rendered import rendered_status
from .scan import REPORT_STEM, ScanResult, grouped, masked_text, scan_review, what_to_do


@dataclass
class CheckResult:
    """What ``check`` found. ``ok`` is publication safety: a register, something current to check, no
    hit that a reviewer has not accepted, nothing unreadable."""

    review: Review
    scan: ScanResult
    quality: dict                                   # the content of build/quality.json
    register: NameRegister
    no_report: str = ""                             # the sentence when there was nothing to check
    outputs: list[Path] = field(default_factory=list)

    @property
    def problems(self) -> list[str]:
        """Why nothing can be called safe: the scan's (register, unreadable files, a register copy,
        a stale report) and a missing report."""
        return self.scan.problems + ([self.no_report] if self.no_report else [])

    @property
    def ok(self) -> bool:
        return self.scan.ok and not self.no_report

    @property
    def flagged_timescales(self) -> list[dict]:
        return [t for t in self.quality["timescales"] if t["flagged"]]

    def lines(self) -> list[str]:
        """Sentences for the command line: each hit and problem, the accepted items, what to do, a verdict."""
        scan = self.scan
        out = grouped(scan.hits) + self.problems + scan.not_scanned
        accepted: dict[str, list] = {}
        for hit, decision in scan.accepted:
            accepted.setdefault(hit.key, [decision, hit, []])[2].append(f"{hit.file}, {hit.place}")
        register = self.register
        out += [f"Accepted [{key}]: {hit.kind} '{hit.shown}' ({len(places)} place(s): {'; '.join(places)}), "
                f"{masked_text(decision.summary(), register)}" for key, (decision, hit, places) in accepted.items()]
        out += [f"Decision {d.id} ({d.where} of {DECISIONS.as_posix()}) no longer matches anything in "
                f"{', '.join(scan.scanned) or 'the report'}: the text changed; remove it, and decide again on "
                "what the check finds now." for d in scan.stale if scan.scanned]   # nothing scanned: nothing to match
        out += scan.notes
        if scan.hits:
            out += ["What to do:"] + [f"  - {line}" for line in what_to_do(scan.kinds())]
        out += [f"Timescale {t['status'].upper()}: {t['label']}: {t['detail']}." for t in self.flagged_timescales]
        out += prompts_lines(self.quality["prompts"], self.review)
        if scan.scanned:
            out.append(self.verdict())
        assessed = sum(m["reviewer"]["status"] != "not assessed" for m in self.quality["markers"])
        out.append(f"Quality markers: {assessed} of {len(self.quality['markers'])} assessed by the reviewer; "
                   f"details in {self.review.build_dir / 'quality.md'}.")
        return out

    def verdict(self) -> str:
        scan = self.scan
        where = f"the {scan.edition}: {', '.join(scan.scanned)}" if scan.edition else ", ".join(scan.scanned)
        line = safety_verdict(f"Publication safety ({where})", scan, self.register, can_check=self.ok)
        if scan.edition == "working draft":
            line += " There is no public edition yet: 'reviewbench render --publish' makes it."
        return line


def safety_verdict(label: str, scan: ScanResult, register: NameRegister, *, can_check: bool = True,
                   when_found: str = "") -> str:
    """The one line that says whether what ``scan`` read can be shared: what it found, else why nothing can
    be called safe (``can_check`` False, or the scan's problems), else what it was checked against.
    ``when_found``: a sentence added when something was found (what to do with the document)."""
    accepted = (f"; {len({h.key for h, _ in scan.accepted})} item(s) accepted by the reviewer, listed above"
                if scan.accepted else "")
    if scan.hits:
        items = len({h.key for h in scan.hits})
        return (f"{label}: {items} thing(s) that could identify someone, in {len(scan.hits)} place(s){accepted}."
                + (f" {when_found}" if when_found else ""))
    if not can_check or not scan.ok:
        return f"{label}: it cannot be called safe, for the reasons above{accepted}."
    against = ("the register declares that the review names no one" if register.names_no_one else
               f"checked against the {len(register.people)} people and {len(register.data.places)} places "
               "of the names register")
    return f"{label}: nothing found that could identify someone ({against}){accepted}."


def scan_lines(scan: ScanResult) -> list[str]:
    """What a command that wrote a document to publish prints of its scan, before the verdict: each item
    found with its places, why nothing can be called safe, the files to check by eye, the scan's notes,
    the items the reviewer accepted, and what to do."""
    out = [*grouped(scan.hits), *scan.problems, *scan.not_scanned, *scan.notes]
    out += [f"Accepted [{hit.key}]: {hit.kind} '{hit.shown}' ({hit.file}, {hit.place})" for hit, _ in scan.accepted]
    if scan.hits:
        out += ["What to do:"] + [f"  - {line}" for line in what_to_do(scan.kinds())]
    return out


def stale_outputs(review: Review, scanned: list[str]) -> tuple[list[str], list[str]]:
    """(problems, notes): a scanned report older than its inputs is never checked as if current."""
    problems, notes = [], []
    for label in scanned:
        status, reasons = rendered_status(review, review.build_dir / label)
        if status == "stale":
            why = "; ".join(r.rstrip(".") for r in reasons)
            problems.append(f"build/{label} is older than its inputs ({why}), so checking it "
                            "would not check the report as it would be rendered now: render again, then check.")
        elif status == "changed":
            notes.append(f"build/{label} was changed after reviewbench rendered it; it was checked as it is now.")
    return problems, notes


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


def check_review(review_dir: Review | str | Path, *, today: dt.date | None = None) -> CheckResult:
    """Scan the outputs meant for publication and write build/quality.json and build/quality.md.

    Args:
        review_dir: the review folder, or the review already loaded (with its overlays).
        today: the day open deadlines are judged against (recorded as ``as_of``); the command line
            passes nothing, meaning today's date. Tests and ``verify`` pass it explicitly.
    """
    review = as_review(review_dir)
    register = review_register(review)
    scan = scan_review(review, register=register)
    # A copy of the register in build/, or a report older than its inputs, makes the scan's verdict
    # (and the quality evidence built from it) "not safe", whatever the scan found.
    stale, notes = stale_outputs(review, scan.scanned)
    scan.problems += register_copies(review) + stale
    scan.notes += notes
    no_report = "" if scan.edition else (
        f"There is no rendered report to check in {review.build_dir} (report.html, report.docx or publish/); run "
        "'reviewbench render' first. The quality markers were still written.")
    html = review.build_dir / f"{REPORT_STEM}.html"
    report_text = " ".join(b.text for b in html_blocks(html)) if html.exists() else ""
    data = assess_quality(review, as_of=today or dt.date.today(), scan=scan, report_text=report_text,
                          masked=lambda text: masked_text(text, register))
    outputs = write_quality(review, data)
    return CheckResult(review, scan, data, register, no_report, outputs)
