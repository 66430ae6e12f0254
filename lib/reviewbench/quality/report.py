"""build/quality.json and build/quality.md: markers, computed evidence, timescales, publication safety.

Both are functions of the review folder, its build and the ``as_of`` day (which decides whether an
open deadline is overdue, and is written into the file), so ``verify`` can re-create them exactly.
Nothing found by the publication scan is written unmasked.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from ..config import Review
from ..process.packs import review_pack
from .evidence import compute_evidence, read_authored
from .markers import NOT_ASSESSED, Assessment, marker_citation, markers_in_force, reviewer_assessments
from .prompts import prompts_checked, prompts_lines
from .timescales import review_timescales, timescales_markdown

JSON_FILE, MD_FILE = "quality.json", "quality.md"


def assess_quality(review: Review, *, as_of: dt.date, scan=None, report_text: str = "",
                   masked=lambda text: text) -> dict:
    """Everything ``check`` reports about quality, as plain data (the content of quality.json).

    The markers are those of the review's rules pack in force (``pack``): what belongs to another
    process is not asked, and ``markers_skipped`` says so."""
    chosen = review_pack(review)
    pack = chosen.pack
    rules = {rule.id: rule for rule in chosen.rules(review)}
    in_force = markers_in_force(pack, set(rules))
    timescales = review_timescales(review, today=as_of)
    read = read_authored(review)
    evidence = compute_evidence(review, timescales=timescales, scan=scan, report_text=report_text, read=read)
    own = reviewer_assessments(review)
    markers = []
    for marker in in_force.markers:
        mine = (own or {}).get(marker.id, Assessment())
        markers.append({
            "id": marker.id, "number": marker.number, "name": marker.name, "stage": marker.stage,
            "stage_label": marker.stage_label, "citation": marker_citation(marker),
            "statement": marker.statement, "prompts": [p.text for p in marker.prompts],
            "rules": [{"prompt": p.text, "rule": p.rule, "citation": pack.cite(rules[p.rule].citation)}
                      for p in marker.prompts if p.rule],
            "computed": [evidence[e].as_dict() for e in marker.evidence],
            "reviewer": {"status": mine.status, "evidence": mine.evidence},
        })
    publication = None
    if scan is not None:
        publication = {"ok": scan.ok, "edition": scan.edition, "scanned": scan.scanned,
                       "not_scanned": scan.not_scanned, "problems": scan.problems, "notes": scan.notes,
                       "hits": [h.as_dict() for h in scan.hits],
                       "accepted": [{**h.as_dict(), "decided_by": d.decided_by,
                                     "date": d.date.isoformat() if d.date else None, "reason": masked(d.reason)}
                                    for h, d in scan.accepted],
                       "stale_decisions": [d.id for d in scan.stale]}
    return {
        "review": review.id,
        "title": review.title,
        "as_of": as_of.isoformat(),
        "jurisdiction": review.jurisdiction,
        "pack": {"id": pack.id, "version": pack.version, "title": pack.title},
        "reviewer_assessment": "authored/quality.yaml" if own is not None else None,
        "publication": publication,
        "evidence": {k: v.as_dict() for k, v in evidence.items()},
        "timescales": [t.as_dict() for t in timescales],
        "prompts": prompts_checked(review, *read, masked=masked),
        "markers": markers,
        "markers_skipped": list(in_force.skipped),
    }


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "/")


def quality_markdown(data: dict) -> str:
    lines = [f"# Quality check: {data['title']}", "",
             f"As of {data['as_of']} ({data['jurisdiction'].capitalize()} working days and bank holidays).",
             "", f"Checked against the rules pack {data['pack']['id']} ({data['pack']['title']}, version "
             f"{data['pack']['version']}).", ""]
    pub = data["publication"]
    lines += ["## Publication safety", ""]
    if pub is None or not (pub["scanned"] or pub["problems"]):
        lines.append("No rendered report to check yet (build/report.*, build/publish/).")
    elif pub["ok"]:
        lines.append(f"Nothing that could identify someone was found in the {pub['edition'] or 'report'} "
                     f"({', '.join(pub['scanned'])}).")
    else:
        lines.append(f"**Not safe to publish.** {len(pub['hits'])} thing(s) that could identify someone (shown "
                     "masked), and the problems below:")
        lines.append("")
        lines += [f"- {h['file']}, {h['place']}: {h['kind']} `{h['text']}` [{h['id']}]" for h in pub["hits"]]
        lines += [f"- {p}" for p in pub["problems"]]
    if pub and pub["accepted"]:
        lines += ["", "Accepted by the reviewer (private/publication_decisions.yaml):", ""]
        lines += [f"- {a['file']}, {a['place']}: {a['kind']} `{a['text']}` [{a['id']}]: {a['decided_by']}"
                  f"{' on ' + a['date'] if a['date'] else ''}: {_cell(a['reason'])}" for a in pub["accepted"]]
    if pub and pub["stale_decisions"]:
        lines += ["", f"Decisions that no longer match anything: {', '.join(pub['stale_decisions'])}."]
    if pub and (pub["not_scanned"] or pub["notes"]):
        lines += [""] + [f"- {n}" for n in pub["not_scanned"] + pub["notes"]]
    lines += ["", "## Timescales", "", timescales_markdown(data["timescales"]).rstrip()]
    lines += ["", "## Prompts dismissed by the review team", ""]
    lines += [f"- {line}" if i else line for i, line in enumerate(prompts_lines(data["prompts"]))]
    lines += ["", "## What the workbench found", "", "| check | status | detail |", "|---|---|---|"]
    lines += [f"| {e['label']} | {e['status']} | {_cell(e['detail'])} |" for e in data["evidence"].values()]
    lines += ["", "## Quality markers (SCIE/NSPCC, 2016)", ""]
    if data["markers_skipped"]:
        lines += [f"Not asked of a review under the rules pack {data['pack']['id']}:", ""]
        lines += [f"- {line}" for line in data["markers_skipped"]] + [""]
    if data["reviewer_assessment"] is None:
        lines += ["The reviewer has not assessed the markers yet (authored/quality.yaml: "
                  "`<marker id>: {status: met|partly|not-met|n/a, evidence: \"...\"}`)."]
    stage = None
    for m in data["markers"]:
        if m["stage"] != stage:
            stage = m["stage"]
            lines += ["", f"### {m['stage_label']}", "", "| marker | reviewer | evidence | computed | source |",
                      "|---|---|---|---|---|"]
        computed = "; ".join(f"{c['label']}: {c['status']}" for c in m["computed"]) or "-"
        reviewer = m["reviewer"]["status"]
        lines.append(f"| {m['number']}. {m['name']} | {reviewer if reviewer != NOT_ASSESSED else '*not assessed*'} | "
                     f"{_cell(m['reviewer']['evidence']) or '-'} | {_cell(computed)} | {_cell(m['citation'])} |")
    return "\n".join(lines).rstrip() + "\n"


def write_quality(review: Review, data: dict, out_dir: Path | None = None) -> list[Path]:
    """Write quality.json and quality.md into build/ (or ``out_dir``)."""
    out = Path(out_dir) if out_dir else review.build_dir
    out.mkdir(parents=True, exist_ok=True)
    (out / JSON_FILE).write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    (out / MD_FILE).write_text(quality_markdown(data), encoding="utf-8")
    return [out / JSON_FILE, out / MD_FILE]
