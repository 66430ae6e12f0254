"""Whether the ingest, network and lenses stages are up to date, and the lock that builds hold.

The inputs are hashed (review.yaml, every file in agency_reports/, the review's own
vocabularies, the built-in data and the code of the stage; for the lenses the names register
too); the hashes of the last build are kept in ``build/.cache.json``. A re-render after only
authored text changed reuses them all. The lenses are built on demand (``reviewbench lenses``):
only the callers that ask for them (``stale_stages(review, with_lenses=True)``) see them stale.
Light on purpose (no pandas at import): ``render`` checks the cache before a kernel starts.
Running the stages is :mod:`reviewbench.build`'s work.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path

from filelock import FileLock

from . import __version__
from .boundary import walk_inside
from .config import Review
from .hashing import file_sha256
from .register import BIRTH, REGISTER, child_birth

CACHE_FILE = ".cache.json"
CACHE_FORMAT = 1
LOCK_FILE = ".prepare.lock"
CHRONOLOGY = "chronology.csv"
INGEST_REPORT = "ingest_report.json"
NETWORK = "network"
NETWORK_FIGURES = ("swimlane", "network", "heatmap")
ANALYSIS = "analysis"
LENS_SUMMARY = "lenses.json"
LENS_RULES = "lens_rules.yaml"
_PACKAGE = Path(__file__).resolve().parent
_INGEST_CODE = ("intake", "chronology", "data/column_synonyms.yaml", "data/event_kinds.yaml", "config.py",
                "model.py", "vocabulary.py", "palette.py", "agency_records.py", "data/agency_records.yaml")
_GRAPH_CODE = ("network", "data/interaction_rules.yaml", "palette.py")
_LENS_CODE = ("lenses", "data/lens_rules.yaml", "data/publication.yaml", "publication/forms.py", "publication/names.py",
              "register.py", "network", "data/interaction_rules.yaml", "process/calendar.py",
              "process/packs.py")   # network: child seen; process: working days
# settings only the lenses read: changing one re-runs only them
LENS_SETTINGS = ("voice_next_days", "meeting_known_days", "plan_visit_working_days", "not_seen_escalation_count",
                 "not_seen_escalation_working_days")
# The files beside review.yaml the ingest, the network stage and the lenses read (review.yaml and its overlays).
REVIEW_SETTINGS = ("review.yaml", "event_kinds.yaml", "interaction_rules.yaml", "agency_records.yaml", LENS_RULES)


@lru_cache(maxsize=4)
def _code_hash(parts: tuple[str, ...]) -> str:
    """A hash of reviewbench's own code and data for a stage, so a new version rebuilds (read once
    per process: every freshness check needs it)."""
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
    files = [root / name for name in REVIEW_SETTINGS]
    links: dict[str, str] = {}
    if review.reports_dir.is_dir():
        walk = walk_inside(review.reports_dir, root)       # never reads a file a link outside leads to
        files += walk.files
        links = {p.path.relative_to(root).as_posix(): f"link to {p.target}" for p in walk.refused}
    return {**{p.relative_to(root).as_posix(): file_sha256(p) for p in files if p.is_file()}, **links}


def stage_keys(review: Review, inputs: dict[str, str] | None = None) -> dict[str, str]:
    """Cache keys of the ingest, network and lenses stages.

    review.yaml counts by its content as loaded, less what only the report and the portfolio use (the
    methodology and its scale, the kind, the chronology appendix's limit, the title page's partnership and
    version): switching a review to another methodology (or re-wording a comment) re-renders without
    re-ingesting. The protective marking counts: the Excel chronology the ingest writes carries it.
    """
    inputs = dict(input_hashes(review) if inputs is None else inputs)
    inputs.pop("review.yaml", None)
    config = review.model_dump(mode="json", exclude={"methodology": True, "scale": True, "kind": True, "root": True,
                                                      "partnership": True, "version": True,
                                                      "settings": {"chronology_appendix_limit", *LENS_SETTINGS}})
    inputs["review.yaml (as loaded)"] = hashlib.sha256(json.dumps(config, sort_keys=True).encode()).hexdigest()
    ingest_inputs = {k: v for k, v in inputs.items() if k not in ("interaction_rules.yaml", LENS_RULES)}
    # The ingest flags dates before the subject child's birth: it depends on that date (not on the
    # rest of the register, so naming people for publication never re-ingests). Only the ingest key
    # in build/.cache.json, a digest of every input, is made from it.
    born, unreadable = child_birth(review)
    ingest_inputs[BIRTH] = "unreadable" if unreadable else (born.isoformat() if born else "")
    ingest = hashlib.sha256(json.dumps([ingest_inputs, _code_hash(_INGEST_CODE)], sort_keys=True).encode())
    graph = hashlib.sha256(json.dumps([ingest.hexdigest(), inputs.get("interaction_rules.yaml"),
                                       _code_hash(_GRAPH_CODE)]).encode())
    register = Path(review.root) / REGISTER          # the lenses read the whole register: who is family
    settings = {name: getattr(review.settings, name) for name in LENS_SETTINGS}
    lenses = hashlib.sha256(json.dumps([ingest.hexdigest(), inputs.get(LENS_RULES), settings,
                                        inputs.get("interaction_rules.yaml"),     # the child-seen reading
                                        file_sha256(register) if register.is_file() else None,
                                        _code_hash(_LENS_CODE)], sort_keys=True).encode())
    return {"ingest": ingest.hexdigest(), "graph": graph.hexdigest(), "lenses": lenses.hexdigest()}


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


def lens_outputs(build: Path) -> bool:
    return (build / ANALYSIS / LENS_SUMMARY).is_file()


def build_lock(build: Path) -> FileLock:
    """The review's build lock (cross-platform): one build step at a time per review folder, and a
    report notebook waits here while ``render`` brings the chronology and network up to date.
    Re-entrant in one thread; another thread or process waits."""
    build.mkdir(parents=True, exist_ok=True)
    return FileLock(str(build / LOCK_FILE), is_singleton=True)


def record(review: Review, stage: str) -> None:
    """Note that ``stage`` ("ingest", "graph" or "lenses") just ran on the current inputs, so the next
    step reuses its outputs. A new ingest makes the recorded network and lenses out of date."""
    build = review.build_dir
    keys = stage_keys(review)
    with build_lock(build):
        cache = _read_cache(build) if stage != "ingest" else {}
        cache.pop("format", None)
        cache[stage] = keys[stage]
        _write_cache(build, cache)


def forget(review: Review) -> None:
    """Forget every recorded stage (a failed ingest leaves nothing that looks current)."""
    (review.build_dir / CACHE_FILE).unlink(missing_ok=True)


def stale_stages(review: Review, with_lenses: bool = False) -> list[str]:
    """Which of "ingest" and "graph" (and with ``with_lenses``, "lenses") are out of date with their
    inputs (cheap: hashes only, no pandas)."""
    build = review.build_dir
    cache, keys = _read_cache(build), stage_keys(review)
    out = []
    if cache.get("ingest") != keys["ingest"] or not ingest_outputs(build):
        out.append("ingest")
    if "ingest" in out or cache.get("graph") != keys["graph"] or not network_outputs(build):
        out.append("graph")
    if with_lenses and ("ingest" in out or cache.get("lenses") != keys["lenses"] or not lens_outputs(build)):
        out.append("lenses")
    return out


RUN_TO_REBUILD = ("'reviewbench render' (which rebuilds them first), or 'reviewbench ingest' and "
                  "'reviewbench graph'")


def stale_message(review: Review, stages: list[str], run: str = RUN_TO_REBUILD) -> str:
    """A sentence for a step or a view that needs an out-of-date build: what is stale and what to run."""
    what = {"ingest": "the integrated chronology", "graph": "the agency network", "lenses": "the lenses"}
    return (f"{' and '.join(what[s] for s in stages)} of {review.root.name} "
            f"{'are' if len(stages) > 1 else 'is'} missing or older than {'their' if len(stages) > 1 else 'its'} "
            "inputs (review.yaml, the "
            f"submissions, the review's vocabularies). Nothing was rebuilt: run {run}.")
