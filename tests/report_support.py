"""A review in tmp_path and its report built in-process, without a build: a three-entry chronology,
written as build/chronology.csv is and read by the real reader (imported by tests/test_report.py
and tests/test_render_outputs.py)."""

from __future__ import annotations

import csv
from pathlib import Path

import yaml_files
from conftest import make_review
from reviewbench.authored.store import LIST_FILES
from reviewbench.chronology import CHRONOLOGY_COLUMNS, read_chronology
from reviewbench.config import load_review
from reviewbench.methodology import get_methodology
from reviewbench.report import Prepared, Report, build_report

SCIE = "scie-learning-together"
VISIT, INCIDENT, EARLIER = "CSC-0000a001", "POL-0000b002", "HV-0000c003"
ENTRIES = [   # entry_id, date, precision, time, agency, event type, description, outcome, in scope
    (EARLIER, "2021-06", "month", "", "Health Visiting", "Contact", "New birth visit before the review period.", "",
     False),
    (VISIT, "2022-03-01", "day", "10:00", "Children's Social Care", "Home visit",
     "Social worker visited; Robin Quillfeather was at home.", "Plan agreed.", True),
    (INCIDENT, "2022-04-02", "day", "", "Police", "Incident", "Officers attended a reported argument.", "", True),
]
FINDING = {"id": "F1", "title": "Visits were not followed up", "category": "responses-to-incidents",
           "priority": "high", "statement": f"Each visit was judged on its own, as on {VISIT}.",
           "evidence": [VISIT, "KPE1"], "wider_evidence": "An audit of twenty plans found the same.",
           "why_it_matters": "A visit not followed up protects no one.",
           "issues_for_partners": ["How do the safeguarding partners know visits are followed up?"]}
KPE = {"id": "KPE1", "title": "The home visit in March 2022", "start": "2022-03-01", "end": "2022-04-02",
       "entries": [VISIT, INCIDENT], "description": "The visit and the incident a month later.",
       "appraisal": "The visit was prompt."}


def write_review(root: Path, **authored) -> Path:
    """A review with the fictional register and the given authored files: ``kpes=[...]``,
    ``sections={"overview": "..."}``, ``contributions={"name": (front matter, body)}``."""
    make_review(root)
    (root / "private" / "names.yaml").write_text(yaml_files.safe_dump({"names": {"Robin Quillfeather": "Parent A"}}),
                                                 encoding="utf-8")
    folder = root / "authored"
    for name, body in authored.pop("sections", {}).items():
        (folder / "sections").mkdir(exist_ok=True)
        (folder / "sections" / f"{name}.md").write_text(body, encoding="utf-8")
    for name, (meta, body) in authored.pop("contributions", {}).items():
        (folder / "contributions").mkdir(exist_ok=True)
        (folder / "contributions" / f"{name}.md").write_text(f"---\n{yaml_files.safe_dump(meta)}---\n{body}\n",
                                                             encoding="utf-8")
    for input_id, items in authored.items():
        spec = LIST_FILES[input_id]
        (folder / spec.name).write_text(yaml_files.safe_dump({spec.key: items}, sort_keys=False), encoding="utf-8")
    return root


def make_prepared(root: Path, entries: list[tuple] = ENTRIES, statements: list | None = None,
              figures: dict | None = None) -> Prepared:
    path = root.parent / f"{root.name}-chronology.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=CHRONOLOGY_COLUMNS)
        writer.writeheader()
        for entry_id, date, precision, time, agency, kind, description, outcome, in_scope in entries:
            writer.writerow({"entry_id": entry_id, "date": date, "date_precision": precision, "time": time,
                             "agency": agency, "event_type": kind, "description": description, "outcome": outcome,
                             "in_scope": in_scope, "source_file": f"agency_reports/{agency}.csv"})
    by_agency = {a: {"entries": sum(1 for e in entries if e[4] == a), "files": [f"agency_reports/{a}.csv"]}
                 for a in {e[4] for e in entries}}
    return Prepared(review=load_review(root), chronology=read_chronology(path),
                    ingest_report={"rows_read": 3, "rows_accepted": 3, "rows_rejected": 0, "by_agency": by_agency},
                    metrics={"agencies": {}, "statements": statements or []}, figures=figures or {},
                    inputs={"agency_reports/police.csv": "0" * 64})


def build(root: Path, method: str = SCIE, prepared: Prepared | None = None, **options) -> Report:
    review = load_review(root)
    return build_report(review, get_methodology(method, root), prepared or make_prepared(root),
                        versions={"reviewbench": "test"}, **options)


def section(html: str, section_id: str) -> str:
    """The HTML of one section, from its heading to the first end of a section after it."""
    start = html.index(f'id="section-{section_id}"')
    return html[start:html.index("</section>", start)]


def lay_variant(root: Path, methodology: str) -> Path:
    """Lay the example's authored variant for ``methodology`` (``authored/methodologies/<id>/``) over
    ``authored/`` in ``root``, a copy: what rendering with that methodology reads once variants are read."""
    variant = root / "authored" / "methodologies" / methodology
    assert variant.is_dir(), f"the review has no authored variant for {methodology}"
    for path in sorted(p for p in variant.rglob("*") if p.is_file()):
        target = root / "authored" / path.relative_to(variant)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())
    return root


def set_review_yaml(root: Path, **values) -> None:
    """Change keys of ``root``'s review.yaml (a value of None removes the key)."""
    path = root / "review.yaml"
    data = yaml_files.safe_load(path.read_text(encoding="utf-8"))
    data.update(values)
    data = {k: v for k, v in data.items() if v is not None}
    path.write_text(yaml_files.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
