"""build/manifest.json: what a build was made from, with what, and what it made.

Every build step (ingest, graph, render, publish, check) ends with :func:`write_manifest`, which records
the SHA-256 of every input (review.yaml and the review's other YAML settings, each submission in
agency_reports/, each authored file), the methodology and its version, the package versions, and
every file under build/ with its SHA-256. The names register is recorded by its hash alone, so
``verify`` can tell that it changed without a single name leaving private/. The manifest's
``created`` is the only wall-clock time anywhere in build/.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import platform
from importlib import metadata
from pathlib import Path
from typing import Iterable

from ..config import Review, as_review
from ..errors import ReviewbenchError
from ..hashing import file_sha256
from ..methodology import METHOD_FILE, get_methodology
from ..publication.names import REGISTER
from ..publication.rendered import hidden, input_files
from .content import content_digest, has_run_metadata

MANIFEST = "manifest.json"
MANIFEST_VERSION = 1
PACKAGES = ("reviewbench", "pandas", "openpyxl", "python-docx", "networkx", "matplotlib", "nbformat",
            "nbconvert", "papermill", "holidays", "pyyaml", "pydantic")
EXCLUDED_NOTE = ("build/manifest.json itself; hidden folders and files in build/ (staging, checkpoints); "
                 "__pycache__. Executed notebooks and Office files are listed with content_sha256, the "
                 "digest of their content without run times (cell outputs only, for notebooks).")


def output_files(review: Review) -> list[Path]:
    """Every file under build/ but the manifest, hidden staging folders and caches."""
    build = review.build_dir
    if not build.is_dir():
        return []
    return sorted(p for p in build.rglob("*")
                  if p.is_file() and not hidden(p.relative_to(build)) and p.relative_to(build).as_posix() != MANIFEST)


def file_record(path: Path, root: Path, content: bool = False) -> dict:
    """Path (relative to ``root``), SHA-256 and size; with ``content``, the digest without run metadata too."""
    record = {"path": path.relative_to(root).as_posix(), "sha256": file_sha256(path), "bytes": path.stat().st_size}
    if content and has_run_metadata(path):
        record["content_sha256"] = content_digest(path, root)
    return record


def methodology_info(review: Review) -> dict:
    """The methodology's id, its ``version`` (from method.yaml) and the SHA-256 of its method.yaml."""
    info = {"id": review.methodology, "version": None, "sha256": None}
    try:
        method = get_methodology(review.methodology, review.root)
    except ReviewbenchError:            # unknown or invalid: render says so; the manifest records the id
        return info
    info.update(version=method.version, sha256=file_sha256(method.folder / METHOD_FILE))
    return info


def package_versions() -> dict[str, str | None]:
    """The versions of Python and of :data:`PACKAGES` running this process."""
    return dict(_installed_versions())


@functools.lru_cache(maxsize=1)
def _installed_versions() -> dict[str, str | None]:
    """Read once per process: each lookup parses a package's metadata (a build writes the manifest at every
    step, and the versions cannot change under a running process)."""
    versions: dict[str, str | None] = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def build_manifest(review: Review, *, steps: dict | None = None, created: str | None = None) -> dict:
    """The manifest of the review's current inputs and build, as plain data."""
    root = review.root
    register = root / REGISTER
    return {
        "manifest_version": MANIFEST_VERSION,
        "review": review.id,
        "created": created or dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
        "methodology": methodology_info(review),
        "packages": package_versions(),
        "steps": steps or {},
        "inputs": [file_record(p, root) for p in input_files(review)],
        "private": ([{"path": REGISTER.as_posix(), "sha256": file_sha256(register)}] if register.exists() else []),
        "outputs": [file_record(p, root, content=True) for p in output_files(review)],
        "excluded": EXCLUDED_NOTE,
    }


def read_manifest(review: Review | str | Path) -> dict | None:
    """The review's build/manifest.json, or ``None`` when there is none."""
    review = as_review(review)
    path = review.build_dir / MANIFEST
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ReviewbenchError(f"is not a readable manifest ({exc}).", where=str(path),
                               hint="Run the build again (reviewbench ingest, graph, render) to rewrite it.") from exc
    if not isinstance(data, dict) or "inputs" not in data or "outputs" not in data:
        raise ReviewbenchError("is not a reviewbench manifest (no 'inputs' or 'outputs').", where=str(path),
                               hint="Run the build again to rewrite it.")
    return data


def write_manifest(review: Review, outputs: Iterable[Path] | None = None, *, step: str | None = None,
                   options: dict | None = None, forget_steps: Iterable[str] = ()) -> Path:
    """Write build/manifest.json for the build as it now is; call it at the end of every build step.

    Args:
        review: the loaded review.
        outputs: the files the step wrote; each must be under build/ (a safeguard: the manifest
            always lists every file in build/, whoever wrote it).
        step: the step just run ("ingest", "graph", "render" for the draft, "publish" for the public
            edition, "check"); recorded under ``steps`` with ``options`` (e.g. ``{"publish": True,
            "timeline": False}``) so ``verify`` re-runs it the same way. Steps recorded by earlier
            calls are kept, but for ``forget_steps`` (those whose outputs a failed step removed).
    """
    build = review.build_dir
    for path in outputs or ():
        path = Path(path).resolve()
        if not path.is_relative_to(build.resolve()) or not path.exists():
            raise ReviewbenchError(f"cannot record '{path}' in the manifest: it is not a file under {build}.")
    try:
        previous = read_manifest(review) or {}
    except ReviewbenchError:
        previous = {}
    steps = {k: v for k, v in (previous.get("steps") or {}).items() if k not in set(forget_steps)}
    if step:
        steps[step] = options or {}
    data = build_manifest(review, steps=steps)
    build.mkdir(parents=True, exist_ok=True)
    path = build / MANIFEST
    staging = build / f".{MANIFEST}.tmp"
    staging.write_text(json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(staging, path)
    return path
