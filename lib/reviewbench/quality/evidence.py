"""The quality evidence the workbench can compute from a review folder and its build.

Each check returns an :class:`Evidence` (``met``, ``partly``, ``not-met`` or ``unknown``, and a
sentence saying why). The authored files are read leniently, so this works whatever stage the
review has reached:

- ``authored/findings.yaml``: a list (or ``findings:``) of findings, each with an ``id`` or
  ``title`` and its evidence under ``evidence``, ``entries``, ``entry_ids``, ``kpes`` or
  ``episodes`` (chronology entry ids or key practice episode ids);
- ``authored/kpes.yaml``: a list (or ``kpes:`` / ``episodes:``) of episodes with an ``id``;
- ``authored/recommendations.yaml``: a list (or ``recommendations:``), each with ``owner`` and
  ``due`` (or ``due_date``);
- ``authored/contributions/*.md``: who contributed, from front matter (``from:``, ``kind:``,
  ``type:`` or ``contributor:``) or the file name (``family-...``, ``practitioner-...``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Callable

import yaml

from ..config import Review
from ..errors import ReviewConfigError
from .timescales import Timescale

MET, PARTLY, NOT_MET, UNKNOWN = "met", "partly", "not-met", "unknown"
EVIDENCE_KEYS = ("evidence", "entries", "entry_ids", "kpes", "kpe", "episodes")
FAMILY_WORDS = ("family", "mother", "father", "parent", "carer", "grandparent", "sibling", "child", "relative")
PRACTITIONER_WORDS = ("practitioner", "learning event", "learning-event", "staff", "professional", "worker",
                      "manager", "conversation")
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*(?:\n|\Z)", re.DOTALL)


@dataclass(frozen=True)
class Evidence:
    id: str
    label: str
    status: str
    detail: str

    def as_dict(self) -> dict:
        return asdict(self)


# -- reading authored files leniently ----------------------------------------------------------------
def _yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ReviewConfigError(f"is not valid YAML ({exc}).", where=str(path)) from exc


def authored_items(review: Review, name: str, *keys: str) -> list[dict] | None:
    """The list in ``authored/<name>.yaml`` (bare, or under one of ``keys``); ``None`` if no file."""
    path = review.authored_dir / f"{name}.yaml"
    if not path.exists():
        return None
    data = _yaml(path) or []
    if isinstance(data, dict):
        found = next((data[k] for k in keys if isinstance(data.get(k), (list, dict))), None)
        data = found if found is not None else data
        if isinstance(data, dict):          # id -> item
            data = [{"id": k, **(v if isinstance(v, dict) else {"text": v})} for k, v in data.items()]
    if not isinstance(data, list):
        raise ReviewConfigError(f"must hold a list of {name}.", where=str(path))
    return [item if isinstance(item, dict) else {"text": item} for item in data]


def _label(item: dict, n: int, kind: str) -> str:
    return str(item.get("id") or item.get("title") or f"{kind} {n}")


def _refs(item: dict) -> list[str]:
    refs: list[str] = []
    for key in EVIDENCE_KEYS:
        value = item.get(key)
        values = value if isinstance(value, list) else [value] if value else []
        for v in values:
            if isinstance(v, dict):
                v = v.get("id") or v.get("entry") or v.get("entry_id") or v.get("kpe")
            refs += [r for r in re.split(r"[,;\s]+", str(v or "")) if r]
    return refs


def _entry_ids(review: Review) -> set[str] | None:
    path = review.build_dir / "chronology.csv"
    if not path.exists():
        return None
    import pandas as pd
    return set(pd.read_csv(path, usecols=["entry_id"], dtype=str, keep_default_na=False)["entry_id"])


def contributions(review: Review) -> dict[str, list[str]]:
    """Contribution files in ``authored/contributions/`` by who gave them: family, practitioner, other."""
    found: dict[str, list[str]] = {"family": [], "practitioner": [], "other": []}
    folder = review.authored_dir / "contributions"
    if not folder.is_dir():
        return found
    for path in sorted(folder.glob("*.md")):
        text = path.read_text(encoding="utf-8", errors="replace")
        said = ""
        front = _FRONT_MATTER.match(text)
        if front:
            meta = yaml.safe_load(front.group(1)) if front.group(1).strip() else {}
            if isinstance(meta, dict):
                said = " ".join(str(meta.get(k, "")) for k in ("from", "kind", "type", "contributor", "source", "role"))
        said = (said or path.stem.replace("_", " ").replace("-", " ")).lower()
        rel = path.relative_to(review.root).as_posix()
        if any(w in said for w in PRACTITIONER_WORDS):
            found["practitioner"].append(rel)
        elif any(w in said for w in FAMILY_WORDS):
            found["family"].append(rel)
        else:
            found["other"].append(rel)
    return found


# -- the checks -----------------------------------------------------------------------------------
def _scope_set(review: Review, **_) -> Evidence:
    s = review.scope
    return Evidence("scope_set", "Scope set", MET,
                    f"review.yaml sets the period under review: {s.start.isoformat()} to {s.end.isoformat()}, "
                    f"{len(review.agencies)} agencies listed.")


def _submissions(review: Review, **_) -> Evidence:
    label = "Submissions received from each agency listed"
    path = review.build_dir / "ingest_report.json"
    if not path.exists():
        return Evidence("submissions_received", label, UNKNOWN, "no build/ingest_report.json: run reviewbench ingest.")
    report = json.loads(path.read_text(encoding="utf-8"))
    by_agency = report.get("by_agency", {})
    missing = [a.name for a in review.agencies if not by_agency.get(a.name, {}).get("files")]
    failed = [f["file"] for f in report.get("files", []) if f.get("status") == "failed"]
    have = len(review.agencies) - len(missing)
    detail = f"{have} of {len(review.agencies)} agencies have a submission in the chronology"
    if missing:
        detail += f"; none yet from {', '.join(missing)}"
    if failed:
        detail += f"; could not be read: {', '.join(failed)}"
    status = MET if not missing and not failed else NOT_MET if have == 0 else PARTLY
    return Evidence("submissions_received", label, status, detail + ".")


def _contribution(kind: str) -> Callable[..., Evidence]:
    def check(review: Review, **_) -> Evidence:
        files = contributions(review)[kind]
        label = f"{kind.capitalize()} contributions recorded"
        if files:
            return Evidence(f"{kind}_contributions", label, MET, f"{len(files)} recorded: {', '.join(files)}.")
        return Evidence(f"{kind}_contributions", label, NOT_MET,
                        f"no {kind} contribution in authored/contributions/ (say who gave it in the file's "
                        f"front matter, e.g. 'from: {kind}').")
    return check


def _findings_linked(review: Review, **_) -> Evidence:
    label = "Every finding linked to evidence"
    findings = authored_items(review, "findings", "findings")
    if not findings:
        return Evidence("findings_linked", label, NOT_MET, "no findings in authored/findings.yaml yet.")
    kpes = authored_items(review, "kpes", "kpes", "episodes", "key_practice_episodes") or []
    known_entries = _entry_ids(review)
    known = None if known_entries is None else known_entries | {str(k.get("id")) for k in kpes if k.get("id")}
    unlinked, broken = [], []
    for n, finding in enumerate(findings, start=1):
        refs = _refs(finding)
        if not refs:
            unlinked.append(_label(finding, n, "finding"))
        elif known is not None:
            broken += [f"{_label(finding, n, 'finding')} -> {r}" for r in refs if r not in known]
    problems = []
    if unlinked:
        problems.append(f"no evidence for {', '.join(unlinked)}")
    if broken:
        problems.append(f"evidence not in the chronology or kpes.yaml: {', '.join(broken[:10])}"
                        + (f" and {len(broken) - 10} more" if len(broken) > 10 else ""))
    if known is None:
        problems.append("entry ids not checked (no build/chronology.csv)")
    linked = len(findings) - len(unlinked)
    status = MET if not unlinked and not broken else NOT_MET if linked == 0 else PARTLY
    detail = f"{linked} of {len(findings)} findings cite evidence" + (f"; {'; '.join(problems)}" if problems else "")
    return Evidence("findings_linked", label, status, detail + ".")


def _due_date(value: Any) -> bool:
    if isinstance(value, dt.date):
        return True
    try:
        dt.date.fromisoformat(str(value).strip())
        return True
    except ValueError:
        return False


def _recommendations(review: Review, **_) -> Evidence:
    label = "Recommendations with owners and due dates"
    items = authored_items(review, "recommendations", "recommendations")
    if not items:
        return Evidence("recommendations_owned", label, NOT_MET, "no recommendations in authored/recommendations.yaml yet.")
    lacking = []
    for n, item in enumerate(items, start=1):
        gaps = [w for w, ok in (("owner", bool(str(item.get("owner") or "").strip())),
                                ("due date", _due_date(item.get("due") or item.get("due_date") or "")))
                if not ok]
        if gaps:
            lacking.append(f"{_label(item, n, 'recommendation')} (no {' or '.join(gaps)})")
    complete = len(items) - len(lacking)
    status = MET if not lacking else NOT_MET if complete == 0 else PARTLY
    detail = f"{complete} of {len(items)} recommendations have an owner and a due date (yyyy-mm-dd)"
    return Evidence("recommendations_owned", label, status,
                    detail + (f"; missing: {', '.join(lacking)}" if lacking else "") + ".")


def _hindsight(review: Review, report_text: str = "", **_) -> Evidence:
    label = "A statement on hindsight bias"
    where = []
    if review.authored_dir.is_dir():
        for path in sorted(review.authored_dir.rglob("*")):
            if path.suffix.lower() in (".md", ".yaml", ".yml", ".txt") and path.is_file():
                if "hindsight" in path.read_text(encoding="utf-8", errors="replace").lower():
                    where.append(path.relative_to(review.root).as_posix())
    if "hindsight" in report_text.lower():
        where.append("the rendered report")
    if where:
        return Evidence("hindsight_statement", label, MET, f"hindsight is addressed in {', '.join(where)}.")
    return Evidence("hindsight_statement", label, NOT_MET,
                    "neither the authored files nor the report mention hindsight bias.")


def _timescales(review: Review, timescales: list[Timescale] = (), **_) -> Evidence:
    label = "Statutory timescales met"
    known = [t for t in timescales if t.status != "unknown"]
    if not known:
        return Evidence("timescales_met", label, UNKNOWN, "no timescale can be worked out: set the dates under "
                        "'dates:' in review.yaml (aware, decision...).")
    flagged = [t for t in known if t.flagged]
    pending = [t for t in known if t.status in ("due", "open")]
    parts = [f"{t.id}: {t.status}" for t in known]
    unknown = [t.id for t in timescales if t.status == "unknown"]
    detail = "; ".join(parts) + (f"; not computable: {', '.join(unknown)}" if unknown else "")
    status = NOT_MET if flagged else PARTLY if pending or unknown else MET
    return Evidence("timescales_met", label, status, detail + ".")


def _publication(review: Review, scan=None, **_) -> Evidence:
    label = "Published outputs identify no one"
    if scan is None or not (scan.scanned or scan.problems):
        return Evidence("publication_safe", label, UNKNOWN, "no rendered report to check yet.")
    if scan.ok:
        return Evidence("publication_safe", label, MET, f"no identifying details found in {', '.join(scan.scanned)}.")
    return Evidence("publication_safe", label, NOT_MET,
                    f"{len(scan.hits)} identifying detail(s) found" + (f"; {len(scan.problems)} file(s) unreadable"
                                                                       if scan.problems else "") + ".")


CHECKS: dict[str, Callable[..., Evidence]] = {
    "scope_set": _scope_set,
    "submissions_received": _submissions,
    "practitioner_contributions": _contribution("practitioner"),
    "family_contributions": _contribution("family"),
    "findings_linked": _findings_linked,
    "recommendations_owned": _recommendations,
    "hindsight_statement": _hindsight,
    "timescales_met": _timescales,
    "publication_safe": _publication,
}


def compute_evidence(review: Review, *, timescales: list[Timescale], scan=None, report_text: str = "") -> dict[str, Evidence]:
    """Every computed check, by id (``CHECKS`` order)."""
    return {key: check(review, timescales=timescales, scan=scan, report_text=report_text)
            for key, check in CHECKS.items()}
