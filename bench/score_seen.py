"""Score reviewbench's child-seen reading and meeting attendance against a hand-labelled corpus.

Run by hand, never in the suite (the corpus lives outside the repository):

    .venv/bin/python bench/score_seen.py [--corpus /work/shared/labelled] [--out bench/out/seen] [--misses]

Each case is built and run as ``bench/score_labelled.py`` does (one review folder per case,
``reviewbench ingest`` and ``graph``), then scored:

- child_seen, with the corpus's ``score.py`` (one label per child per entry: reviewbench says one
  thing per entry, so an entry where K was seen alone and R only seen scores one of the two);
- per entry, whether it records a sighting at all (seen or seen alone), which is what the
  child-not-seen periods are made of;
- the child-not-seen periods (``build/network/metrics.json``): a period is false when an entry the
  corpus labels seen or seen alone falls inside it;
- meeting_attendance (``AGENCY:attended|report-only|invited-absent``) of the entries of meeting
  kinds: each entry's own agency and the agencies its words give a state.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections import defaultdict
from pathlib import Path

import pandas as pd

from reviewbench.agency_records import agency_records
from reviewbench.build import run_graph, run_ingest
from reviewbench.chronology.attendance import MeetingReader, conveners
from reviewbench.config import load_review
from reviewbench.vocabulary import event_kinds
from score_labelled import _scorer, build_case, corpus_parser, read_corpus

SIGHTED = {"seen", "seen-alone"}


def tool_facts(case_id: str, folder: Path) -> list[dict]:
    """child_seen facts from build/network/child_seen.csv and meeting_attendance facts from the chronology."""
    chronology = pd.read_csv(folder / "build" / "chronology.csv", dtype=str, keep_default_na=False)
    corpus_id = dict(zip(chronology["entry_id"], chronology["source"]))
    seen = pd.read_csv(folder / "build" / "network" / "child_seen.csv", dtype=str, keep_default_na=False)
    facts = [{"case_id": case_id, "entry_id": corpus_id[row.entry_id], "label": "child_seen", "value": row.seen,
              "note": row.evidence} for row in seen.itertuples(index=False)]
    review = load_review(folder)
    labels = {label: a.name for a in review.agencies for label in (a.name, *a.aliases)}
    records = agency_records()
    reader = MeetingReader(records.meetings, labels, conveners(records.kinds_of(review.agencies)))
    meetings = {k.id for k in event_kinds() if k.joint}
    for row in chronology[chronology["event_kind"].isin(meetings)].itertuples(index=False):
        text = f"{row.event_type}\n{row.description}\n{row.outcome}"
        states = {**reader.mentioned(text, row.agency),
                  row.agency: reader.own(row.agency, row.meeting_attendance, text, row.event_kind) or "attended"}
        facts += [{"case_id": case_id, "entry_id": corpus_id[row.entry_id], "label": "meeting_attendance",
                   "value": f"{agency}:{state}", "note": ""} for agency, state in sorted(states.items())]
    return facts


def _sightings(labels: list[dict]) -> dict[tuple[str, str], bool]:
    """Per entry with a child_seen label: whether any child was seen there."""
    out: dict[tuple[str, str], bool] = {}
    for r in labels:
        if r["label"] == "child_seen":
            key = (r["case_id"], r["entry_id"])
            out[key] = out.get(key, False) or r["value"] in SIGHTED
    return out


def entry_level(labels: list[dict], facts: list[dict]) -> dict:
    gold = {k for k, v in _sightings(labels).items() if v}
    tool = {(f["case_id"], f["entry_id"]) for f in facts if f["label"] == "child_seen" and f["value"] in SIGHTED}
    hit = len(gold & tool)
    return {"tool": len(tool), "labels": len(gold), "matched": hit,
            "precision": hit / len(tool) if tool else 0.0, "recall": hit / len(gold) if gold else 0.0}


def false_periods(case_id: str, folder: Path, labels: list[dict], dates: dict) -> tuple[int, list[str]]:
    """The child-not-seen periods and those with an entry labelled seen inside them."""
    metrics = json.loads((folder / "build" / "network" / "metrics.json").read_text(encoding="utf-8"))
    seen = sorted({dates[(r["case_id"], r["entry_id"])] for r in labels
                   if r["label"] == "child_seen" and r["case_id"] == case_id and r["value"] in SIGHTED})
    periods = metrics["patterns"]["child_not_seen"]
    false = [f"{p['from']} to {p['to']} ({p['days']} days): seen on {', '.join(d for d in seen if p['from'] < d < p['to'])}"
             for p in periods if any(p["from"] < d < p["to"] for d in seen)]
    return len(periods), false


def _misses(labels: list[dict], facts: list[dict], kind: str) -> list[str]:
    gold = defaultdict(set)
    for r in labels:
        if r["label"] == kind:
            gold[r["entry_id"]].add(r["value"])
    tool = defaultdict(set)
    for f in facts:
        if f["label"] == kind:
            tool[f["entry_id"]].add(f["value"])
    out = []
    for entry in sorted(set(gold) | set(tool)):
        if gold[entry] != tool[entry]:
            out.append(f"  {entry}: labels {sorted(gold[entry])}, tool {sorted(tool[entry])}")
    return out


def main(argv: list[str] | None = None) -> int:
    args = corpus_parser(__doc__, "seen", "list every entry where the tool and the labels differ").parse_args(argv)
    tables = read_corpus(args.corpus)
    if tables is None:
        return 2
    scorer = _scorer(args.corpus)
    cases, agencies, entries, labels = (tables[k] for k in ("cases", "agencies", "entries", "labels"))
    dates = {(e["case_id"], e["entry_id"]): e["date"] for e in entries}
    rows, all_facts, periods, wrong = [], [], 0, []
    for case in cases:
        cid = case["case_id"]
        folder = build_case(args.corpus, case, [a for a in agencies if a["case_id"] == cid],
                            [e for e in entries if e["case_id"] == cid], args.out / cid)
        if not run_ingest(folder, progress=False, today=dt.date(2025, 1, 1)).ok:
            print(f"{cid}: ingest failed", file=sys.stderr)
            return 1
        run_graph(folder)
        facts = tool_facts(cid, folder)
        case_labels = [r for r in labels if r["case_id"] == cid]
        count, false = false_periods(cid, folder, labels, dates)
        periods, wrong = periods + count, wrong + [f"{cid} {f}" for f in false]
        rows.append((cid, scorer.score(case_labels, facts), entry_level(case_labels, facts), count, len(false)))
        all_facts += facts
        if args.misses:
            print(f"{cid} child_seen:\n" + "\n".join(_misses(case_labels, facts, "child_seen")))
            print(f"{cid} meeting_attendance:\n" + "\n".join(_misses(case_labels, facts, "meeting_attendance")))
    rows.append(("all", scorer.score(labels, all_facts), entry_level(labels, all_facts), periods, len(wrong)))
    print(f"\n{'case':5}{'measure':24}{'tool':>6}{'labels':>8}{'matched':>9}{'precision':>11}{'recall':>8}")
    for cid, figures, entry, count, false in rows:
        for name, r in (("child_seen (per child)", figures.get("child_seen")), ("sighting (per entry)", entry),
                        ("meeting_attendance", figures.get("meeting_attendance"))):
            if r:
                print(f"{cid:5}{name:24}{r['tool']:>6}{r['labels']:>8}{r['matched']:>9}"
                      f"{r['precision']:>11.3f}{r['recall']:>8.3f}")
        print(f"{cid:5}{'not-seen periods':24}{count:>6}   false (a labelled sighting inside): {false}")
    for line in wrong:
        print(f"  false period: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
