"""The ingest and network stages, run only when their inputs changed.

The inputs are hashed (review.yaml, every file in agency_reports/, the review's own
vocabularies, the built-in data and the code of the stage); the hashes of the last build are
kept in ``build/.cache.json``. A re-render after only authored text changed reuses both.
Light on purpose (no pandas at import): ``render`` checks the cache before a kernel starts.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import threading
from contextlib import contextmanager
from pathlib import Path

from . import __version__
from .config import Review
from .errors import ReviewbenchError
from .hashing import file_sha256

CACHE_FILE = ".cache.json"
CACHE_FORMAT = 1
LOCK_FILE = ".prepare.lock"
CHRONOLOGY = "chronology.csv"
INGEST_REPORT = "ingest_report.json"
NETWORK = "network"
NETWORK_FIGURES = ("swimlane", "network", "heatmap")
_PACKAGE = Path(__file__).resolve().parent
_INGEST_CODE = ("intake", "chronology", "data/column_synonyms.yaml", "data/event_kinds.yaml", "config.py",
                "model.py", "vocabulary.py")
_GRAPH_CODE = ("network", "data/interaction_rules.yaml")


def _code_hash(parts: tuple[str, ...]) -> str:
    """A hash of reviewbench's own code and data for a stage, so a new version rebuilds."""
    digest = hashlib.sha256(__version__.encode())
    for part in parts:
        base = _PACKAGE / part
        files = sorted(base.rglob("*")) if base.is_dir() else [base]
        for path in files:
            if path.is_file() and path.suffix in (".py", ".yaml"):
                digest.update(path.relative_to(_PACKAGE).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def input_hashes(review: Review) -> dict[str, str]:
    """SHA-256 of every file the ingest and the network stage read from the review folder."""
    root = Path(review.root)
    files = [root / "review.yaml", root / "event_kinds.yaml", root / "interaction_rules.yaml"]
    if review.reports_dir.is_dir():
        files += sorted(p for p in review.reports_dir.rglob("*") if p.is_file())
    return {p.relative_to(root).as_posix(): file_sha256(p) for p in files if p.is_file()}


def stage_keys(review: Review, inputs: dict[str, str] | None = None) -> dict[str, str]:
    """Cache keys of the ingest and network stages.

    review.yaml counts by its content as loaded, less the methodology: switching a review to
    another methodology (or re-wording a comment) re-renders without re-ingesting.
    """
    inputs = dict(input_hashes(review) if inputs is None else inputs)
    inputs.pop("review.yaml", None)
    config = review.model_dump(mode="json", exclude={"methodology", "root"})
    inputs["review.yaml (as loaded)"] = hashlib.sha256(json.dumps(config, sort_keys=True).encode()).hexdigest()
    ingest_inputs = {k: v for k, v in inputs.items() if k != "interaction_rules.yaml"}
    ingest = hashlib.sha256(json.dumps([ingest_inputs, _code_hash(_INGEST_CODE)], sort_keys=True).encode())
    graph = hashlib.sha256(json.dumps([ingest.hexdigest(), inputs.get("interaction_rules.yaml"),
                                       _code_hash(_GRAPH_CODE)]).encode())
    return {"ingest": ingest.hexdigest(), "graph": graph.hexdigest()}


def _read_cache(build: Path) -> dict:
    try:
        data = json.loads((build / CACHE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and data.get("format") == CACHE_FORMAT else {}


def _write_cache(build: Path, data: dict) -> None:
    tmp = build / f"{CACHE_FILE}.tmp"
    tmp.write_text(json.dumps({"format": CACHE_FORMAT, **data}, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp, build / CACHE_FILE)


def ingest_outputs(build: Path) -> bool:
    return (build / CHRONOLOGY).is_file() and (build / INGEST_REPORT).is_file()


def network_outputs(build: Path) -> bool:
    folder = build / NETWORK
    return (folder / "metrics.json").is_file() and all((folder / f"{n}.png").is_file() for n in NETWORK_FIGURES)


try:
    import fcntl
except ImportError:                          # not POSIX: no lock (render then prepares before the kernel)
    fcntl = None
CAN_LOCK = fcntl is not None


@contextmanager
def _locked(build: Path):
    """One prepare at a time per review folder: a render's and its notebook's, or two renders'."""
    if fcntl is None:
        yield
        return
    with (build / LOCK_FILE).open("a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def fresh_entry_ids(review: Review) -> list[str] | None:
    """Entry ids of the built chronology if it is up to date with its inputs, else None.

    Cheap (no pandas): lets a render check authored references before a kernel starts.
    """
    build = review.build_dir
    if _read_cache(build).get("ingest") != stage_keys(review)["ingest"] or not ingest_outputs(build):
        return None
    with (build / CHRONOLOGY).open(encoding="utf-8", newline="") as fh:
        return [row["entry_id"] for row in csv.DictReader(fh)]


def record(review: Review, stage: str) -> None:
    """Note that ``stage`` ("ingest" or "graph") just ran on the current inputs, e.g. from the
    command line, so the next ``render`` reuses its outputs instead of running it again.
    A new ingest makes the recorded network out of date."""
    build = review.build_dir
    keys = stage_keys(review)
    with _locked(build):
        cache = _read_cache(build) if stage == "graph" else {}
        cache.pop("format", None)
        cache[stage] = keys[stage]
        _write_cache(build, cache)


def _ingest(review: Review) -> None:
    from .intake.ingest import ingest, write_ingest
    result = ingest(review, progress=False)
    write_ingest(result)
    if not result.files:
        raise ReviewbenchError(f"there are no submissions in {review.reports_dir}, so there is no chronology "
                               "to report on.", hint="Put the agencies' files in agency_reports/.")
    if not result.ok:
        failed = "; ".join(f.error for f in result.failed)
        raise ReviewbenchError(f"the ingest failed, so no report was rendered: {failed}",
                               hint=f"See {review.build_dir / 'ingest_report.md'}.")


def _graph(review: Review) -> str:
    """Run the network stage; return why it could not run ('' when it did)."""
    try:
        from .network import graph_review
    except ImportError as exc:       # the stage is optional for a report: its sections become gaps
        return f"the agency network stage is not available in this installation ({exc})."
    graph_review(review.root)
    return ""


def is_fresh(review: Review) -> bool:
    """Whether build/ is up to date with its inputs (cheap: hashes only, no pandas)."""
    build = review.build_dir
    cache, keys = _read_cache(build), stage_keys(review)
    return (cache.get("ingest") == keys["ingest"] and cache.get("graph") == keys["graph"]
            and ingest_outputs(build) and network_outputs(build))


def update_build(review: Review, locked: threading.Event | None = None) -> tuple[bool, bool, str]:
    """Rebuild what is out of date; returns (ingested, graphed, why the network stage did not run).

    ``locked`` is set once this call holds the review's build lock: ``render`` updates the
    build in a thread while the kernel starts, and the notebook's own call then waits for it
    and finds everything up to date.
    """
    build = review.build_dir
    build.mkdir(parents=True, exist_ok=True)
    with _locked(build):
        if locked is not None:
            locked.set()
        keys = stage_keys(review)
        cache = _read_cache(build)
        ingested = graphed = False
        if cache.get("ingest") != keys["ingest"] or not ingest_outputs(build):
            cache = {}
            (build / CACHE_FILE).unlink(missing_ok=True)
            _ingest(review)
            ingested = True
            _write_cache(build, {"ingest": keys["ingest"]})
        note = ""
        if ingested or cache.get("graph") != keys["graph"] or not network_outputs(build):
            note = _graph(review)
            graphed = not note
            _write_cache(build, {"ingest": keys["ingest"], **({"graph": keys["graph"]} if not note else {})})
    return ingested, graphed, note
