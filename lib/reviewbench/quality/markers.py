"""The 18 SCIE/NSPCC quality markers (data) and the reviewer's own assessment of each.

The markers, their stages, statements and prompts live in ``reviewbench/data/quality_markers.yaml``.
The reviewer's assessment lives in the review's ``authored/quality.yaml``::

    13-analysis: {status: partly, evidence: "Hindsight addressed in section 4; human factors not yet."}
    17: {status: n/a, evidence: "Not for publication: criminal trial pending."}

A key may be the marker's id, its number or its name. A missing file means "not assessed".
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from ..config import Review
from ..config_problems import problems_message, unknown_keys
from ..errors import ReviewConfigError
from ..suggest import did_you_mean
from ..yamlio import load_yaml, yaml_problem

MARKERS_FILE = "quality_markers.yaml"
ASSESSMENT_FILE = Path("authored") / "quality.yaml"
STATUSES = ("met", "partly", "not-met", "n/a")
ASSESSMENT_KEYS = ("status", "evidence")
NOT_ASSESSED = "not assessed"


@dataclass(frozen=True)
class Marker:
    id: str
    number: int
    name: str
    stage: str
    stage_label: str
    statement: str
    prompts: tuple[str, ...]
    evidence: tuple[str, ...]       # ids of the checks reviewbench computes for this marker


@dataclass(frozen=True)
class Assessment:
    """The reviewer's own status for a marker, with the evidence they cite."""

    status: str = NOT_ASSESSED
    evidence: str = ""


@lru_cache(maxsize=1)
def quality_markers() -> tuple[Marker, ...]:
    """The 18 markers in SCIE's order."""
    data = load_yaml(resources.files("reviewbench").joinpath("data", MARKERS_FILE).read_text(encoding="utf-8"))
    stages = data["stages"]
    markers = tuple(Marker(id=m["id"], number=int(m["number"]), name=m["name"], stage=m["stage"],
                           stage_label=stages[m["stage"]], statement=" ".join(m["statement"].split()),
                           prompts=tuple(m.get("prompts") or ()), evidence=tuple(m.get("evidence") or ()))
                    for m in data["markers"])
    return markers


def _marker_for(key: object) -> Marker | None:
    text = str(key).strip().lower()
    for marker in quality_markers():
        if text in (marker.id, str(marker.number), marker.name.lower(), f"{marker.number:02d}"):
            return marker
    return None


def reviewer_assessments(review: Review) -> dict[str, Assessment] | None:
    """Marker id -> the reviewer's assessment, from ``authored/quality.yaml``; ``None`` if there is none."""
    path = review.root / ASSESSMENT_FILE
    if not path.exists():
        return None
    where = str(path)
    try:
        data = load_yaml(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ReviewConfigError(yaml_problem(exc), where=where) from exc
    if isinstance(data, dict) and isinstance(data.get("markers"), dict):
        if unknown := unknown_keys(data, ("markers",)):
            raise ReviewConfigError(problems_message(unknown), where=where)
        data = data["markers"]
    if not isinstance(data, dict):
        raise ReviewConfigError("must map each quality marker to its status, for example "
                                "'13-analysis: {status: partly, evidence: \"...\"}'.", where=where)
    found: dict[str, Assessment] = {}
    ids = [m.id for m in quality_markers()]
    for key, value in data.items():
        marker = _marker_for(key)
        if marker is None:
            hint = did_you_mean(str(key).lower(), ids) or f" Use a marker id ({ids[0]} ... {ids[-1]}) or number."
            raise ReviewConfigError(f"key '{key}' is not a quality marker.{hint}", where=where)
        if isinstance(value, str):
            value = {"status": value}
        if not isinstance(value, dict):
            raise ReviewConfigError(f"key '{key}' must hold 'status' and 'evidence'.", where=where)
        if unknown := unknown_keys(value, ASSESSMENT_KEYS, at=(key,)):
            raise ReviewConfigError(problems_message(unknown), where=where)
        status = str(value.get("status", "")).strip().lower().replace(" ", "-")
        status = {"na": "n/a", "not-applicable": "n/a", "notmet": "not-met"}.get(status, status)
        if status not in STATUSES:
            raise ReviewConfigError(f"key '{key}.status' is {value.get('status')!r}; use one of "
                                    f"{', '.join(STATUSES)}.", where=where)
        found[marker.id] = Assessment(status, " ".join(str(value.get("evidence") or "").split()))
    return found
