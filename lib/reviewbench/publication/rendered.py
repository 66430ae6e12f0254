"""build/.rendered.json: what each rendered report was made from, so a check can tell later
whether a report is older than its inputs, or was edited by hand after it was rendered.

For each output (by its path relative to build/: "report.html", "publish/report.docx") it keeps
the output's SHA-256 and the SHA-256 of every input at the time: the files a build is made from
(:func:`input_files`, which the manifest counts as its inputs too) but the authored files no report reads
(the partners' response, the record of dissemination, the action plan...), and the names register, by its
hash only (a name never leaves private/).

Here, below both :mod:`reviewbench.render` (which records) and :mod:`.check` (which refuses a stale
report), rather than in :mod:`reviewbench.provenance`, which re-runs render and check to verify.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..atomic import write_atomic
from ..authored.validate import NOT_READ_BY_A_REPORT
from ..config import Review
from ..hashing import file_sha256
from ..intake.ingest import submission_files
from .names import REGISTER

RENDERED = ".rendered.json"
CURRENT, STALE, CHANGED, UNKNOWN = "current", "stale", "changed", "unknown"


def hidden(rel: Path) -> bool:
    """Hidden files and folders (staging, checkpoints, Office lock files) and caches: never inputs or outputs."""
    return any(part.startswith((".", "~$")) or part == "__pycache__" for part in rel.parts)


def input_files(review: Review) -> list[Path]:
    """review.yaml and the review's other top-level YAML, agency_reports/, authored/ and the review's
    own methodology/ if it has one; never private/."""
    root = review.root
    files = sorted(p for p in root.iterdir() if p.is_file() and p.suffix.lower() in (".yaml", ".yml"))
    files += submission_files(review)[0]
    for folder in (review.authored_dir, root / "methodology"):
        if folder.is_dir():
            files += sorted(p for p in folder.rglob("*") if p.is_file() and not hidden(p.relative_to(folder)))
    return files


def changed_files(then: dict[str, str], now: dict[str, str]) -> list[tuple[str, str]]:
    """(path, "removed" | "added" | "changed") for every file whose SHA-256 differs, in path order."""
    out = []
    for path in sorted(set(then) | set(now)):
        if path not in now:
            out.append((path, "removed"))
        elif path not in then:
            out.append((path, "added"))
        elif then[path] != now[path]:
            out.append((path, "changed"))
    return out


def _inputs(review: Review) -> dict[str, str]:
    """What a report is made from: the build's inputs but those no report reads (the response, the record of
    dissemination, the action plan...: ``NOT_READ_BY_A_REPORT``), and the names register."""
    root = review.root
    files = [p for p in input_files(review) if p.relative_to(root).as_posix() not in NOT_READ_BY_A_REPORT]
    if (root / REGISTER).is_file():
        files.append(root / REGISTER)
    return {p.relative_to(root).as_posix(): file_sha256(p) for p in files}


def _key(review: Review, output: Path) -> str:
    output = Path(output)
    build = review.build_dir
    return (output if not output.is_absolute() else output.resolve().relative_to(build.resolve())).as_posix()


def _read(review: Review) -> dict:
    try:
        data = json.loads((review.build_dir / RENDERED).read_text(encoding="utf-8"))
    except (OSError, ValueError):       # none yet, or unreadable: nothing is known
        return {}
    return data if isinstance(data, dict) else {}


def record_rendered(review: Review, outputs: list[Path]) -> None:
    """Record each output's SHA-256 and its inputs' in build/.rendered.json (other records are kept)."""
    data = _read(review)
    inputs = _inputs(review)
    for output in outputs:
        key = _key(review, output)
        data[key] = {"sha256": file_sha256(review.build_dir / key), "inputs": inputs}
    write_atomic(review.build_dir / RENDERED, json.dumps(data, indent=1, sort_keys=True) + "\n")


def _input_changes(then: dict[str, str], now: dict[str, str], shown: str) -> list[str]:
    def name(path: str) -> str:
        return f"{path} (the names register)" if path == REGISTER.as_posix() else path
    said = {"removed": "was removed", "added": "was added", "changed": "changed"}
    return [f"{name(path)} {said[how]} since {shown} was rendered." for path, how in changed_files(then, now)]


def rendered_status(review: Review, output: Path) -> tuple[str, list[str]]:
    """Whether ``output`` (under build/, absolute or relative to it) is still what its inputs give.

    Returns ``("current", [])``; ``("stale", sentences)`` naming each input changed, added or
    removed since the render; ``("changed", sentences)`` when the output itself was changed after
    it was rendered (the sentences name any input changes too); ``("unknown", [])`` when nothing
    was recorded for it, or it no longer exists.
    """
    key = _key(review, output)
    record = _read(review).get(key)
    path = review.build_dir / key
    if not isinstance(record, dict) or not path.is_file():
        return UNKNOWN, []
    shown = f"build/{key}"
    changes = _input_changes(record.get("inputs") or {}, _inputs(review), shown)
    if file_sha256(path) != record.get("sha256"):
        return CHANGED, [f"{shown} was changed after it was rendered (by hand?)."] + changes
    return (STALE, changes) if changes else (CURRENT, [])
