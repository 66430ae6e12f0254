"""Score reviewbench's interactions and referral follow-through against a hand-labelled corpus.

Run by hand, never in the suite (the corpus lives outside the repository):

    .venv/bin/python bench/score_labelled.py [--corpus /work/shared/labelled] [--out bench/out/labelled]
                                             [--misses]

For each case of the corpus it builds a review folder (review.yaml with the case's period and
agencies, aliases from ``agencies.csv``; one CSV submission per agency from ``entries.csv``, the
corpus entry id in the ``Source`` column), runs ``reviewbench ingest`` and ``graph`` on it, turns
``build/network/interactions.csv`` and ``followthrough.csv`` into the facts the corpus's
``score.py`` expects, and prints precision and recall per case and overall for:

- interaction (``FROM>TO:kind``; reviewbench has no ``notification`` kind, so also ignoring the kind);
- referral detection: ``expects_response`` = yes, to the right agency;
- follow-through: ``answered_by`` (an entry id, ``none`` or ``too-recent``) of the referrals
  labelled ``expects_response`` = yes.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import importlib.util
import re
import shutil
import sys
from collections import defaultdict
from pathlib import Path

import pandas as pd
import yaml

from reviewbench.build import run_graph, run_ingest

HERE = Path(__file__).resolve().parent
RESPONSE_DAYS = 14     # the corpus's "too recent" window (its README: a labelling convention)
COLUMNS = {"date": "Date", "time": "Time", "event_type": "Event type", "description": "Description",
           "outcome": "Outcome", "practitioner_role": "Practitioner role", "entry_id": "Source"}


def _read(path: Path) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _aliases(text: str) -> list[str]:
    """The words a case's records use for an agency, without the labeller's notes in brackets."""
    out = []
    for item in re.split(r",(?![^()]*\))", text):
        words = re.sub(r"\([^)]*\)", "", item).strip()
        if words and words not in out:
            out.append(words)
    return out


def build_case(corpus: Path, case: dict, agencies: list[dict], entries: list[dict], folder: Path) -> Path:
    """A review folder for one case: review.yaml and one CSV per agency."""
    if folder.exists():
        shutil.rmtree(folder)
    for name in ("agency_reports", "authored", "private"):
        (folder / name).mkdir(parents=True)
    for a in agencies:       # the records also use the agency's code ("Missing notification to CSC")
        a["referred_to_as"] = f'{a["code"]}, {a["referred_to_as"]}'
    words = [w.lower() for a in agencies for w in _aliases(a["referred_to_as"])]
    shared = {w for w in words if words.count(w) > 1}     # "TA" in two schools: names neither
    config = {"id": case["case_id"].lower(), "title": f"Corpus case {case['case_id']}",
              "methodology": "scie-learning-together",
              "scope": {"start": case["period_start"], "end": case["period_end"]},
              "settings": {"referral_response_days": RESPONSE_DAYS},
              "agencies": [{"name": a["agency"], "code": a["code"], "aliases": [w for w in _aliases(a["referred_to_as"])
                                                                      if w.lower() not in shared]}
                           for a in agencies]}
    (folder / "review.yaml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True),
                                        encoding="utf-8")
    by_agency = defaultdict(list)
    for e in entries:
        by_agency[e["agency"]].append(e)
    codes = {a["agency"]: a["code"] for a in agencies}
    sources = []
    for agency, rows in sorted(by_agency.items()):
        name = f"{codes[agency].lower()}_chronology.csv"
        frame = pd.DataFrame([{label: r[key] for key, label in COLUMNS.items()} for r in rows])
        frame.to_csv(folder / "agency_reports" / name, index=False, encoding="utf-8")
        sources.append({"file": f"agency_reports/{name}", "agency": agency})
    config["sources"] = sources
    (folder / "review.yaml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True),
                                        encoding="utf-8")
    return folder


def tool_facts(case_id: str, folder: Path) -> list[dict]:
    """reviewbench's interactions and follow-through as facts in the corpus's label columns."""
    chronology = pd.read_csv(folder / "build" / "chronology.csv", dtype=str, keep_default_na=False)
    corpus_id = dict(zip(chronology["entry_id"], chronology["source"]))
    network = folder / "build" / "network"
    interactions = pd.read_csv(network / "interactions.csv", dtype=str, keep_default_na=False)
    follow = pd.read_csv(network / "followthrough.csv", dtype=str, keep_default_na=False)
    facts = []
    for row in interactions.itertuples(index=False):
        facts.append({"case_id": case_id, "entry_id": corpus_id[row.entry_id], "label": "interaction",
                      "value": f"{row.from_agency}>{row.to_agency}:{row.kind}", "note": ""})
    for row in follow.itertuples(index=False):
        entry = corpus_id[row.entry_id]
        note = f"to={row.to_agency}"
        facts.append({"case_id": case_id, "entry_id": entry, "label": "expects_response", "value": "yes",
                      "note": note})
        if row.status == "answered":
            value = corpus_id[row.answered_by]
        elif row.late_answer:        # the corpus counts an answer however late
            value = corpus_id[row.late_answer]
        elif row.status == "too-recent":
            value = "too-recent"
        else:
            value = "none"
        facts.append({"case_id": case_id, "entry_id": entry, "label": "answered_by", "value": value,
                      "note": f"{note}; {row.status} {row.how}".strip()})
    return facts


def _without_kind(rows: list[dict]) -> list[dict]:
    return [dict(r, label="pair", value=r["value"].split(":")[0]) for r in rows if r["label"] == "interaction"]


def _referrals_only(labels: list[dict]) -> list[dict]:
    """The labels of follow-through: expects_response yes, and the answers of those referrals."""
    expected = {(r["case_id"], r["entry_id"], _to(r["note"])) for r in labels
                if r["label"] == "expects_response" and r["value"] == "yes"}
    keep = []
    for r in labels:
        if r["label"] in ("expects_response", "answered_by"):
            if (r["case_id"], r["entry_id"], _to(r["note"])) in expected:
                keep.append(r)
        elif r["label"] in ("interaction", "trap"):
            keep.append(r)
    return keep


def _to(note: str) -> str:
    m = re.match(r"^to=([^;]+)", note or "")
    return m.group(1).strip() if m else ""


def _scorer(corpus: Path):
    spec = importlib.util.spec_from_file_location("corpus_score", corpus / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _figures(scorer, labels: list[dict], facts: list[dict]) -> dict:
    gold = _referrals_only(labels)
    result = scorer.score(gold, facts)
    result["pair"] = scorer.score(_without_kind(labels), _without_kind(facts)).get("pair")
    return result


def _misses(labels: list[dict], facts: list[dict]) -> list[str]:
    gold = {(r["case_id"], r["entry_id"], r["label"], _to(r["note"]), r["value"]) for r in _referrals_only(labels)
            if r["label"] in ("expects_response", "answered_by")}
    tool = {(r["case_id"], r["entry_id"], r["label"], _to(r["note"]), r["value"]) for r in facts
            if r["label"] in ("expects_response", "answered_by")}
    out = [f"  missed  {' '.join(k)}" for k in sorted(gold - tool)]
    out += [f"  extra   {' '.join(k)}" for k in sorted(tool - gold)]
    return out


def corpus_arguments(argv: list[str] | None, description: str, out: str, misses: str) -> argparse.Namespace | None:
    """--corpus, --out (bench/out/<out>) and --misses; None, said on stderr, when there is no corpus."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--corpus", type=Path, default=Path("/work/shared/labelled"))
    parser.add_argument("--out", type=Path, default=HERE / "out" / out)
    parser.add_argument("--misses", action="store_true", help=misses)
    args = parser.parse_args(argv)
    if not (args.corpus / "labels.csv").exists():
        print(f"no labelled corpus at {args.corpus}", file=sys.stderr)
        return None
    return args


def main(argv: list[str] | None = None) -> int:
    args = corpus_arguments(argv, __doc__.split("\n\n")[0], "labelled", "list every missed and extra referral fact")
    if args is None:
        return 2
    corpus = args.corpus
    scorer = _scorer(corpus)
    cases = _read(corpus / "cases.csv")
    agencies, entries, labels = _read(corpus / "agencies.csv"), _read(corpus / "entries.csv"), \
        _read(corpus / "labels.csv")
    all_facts: list[dict] = []
    rows = []
    for case in cases:
        cid = case["case_id"]
        folder = build_case(corpus, case, [a for a in agencies if a["case_id"] == cid],
                            [e for e in entries if e["case_id"] == cid], args.out / cid)
        result = run_ingest(folder, progress=False, today=dt.date(2025, 1, 1))
        if not result.ok:
            print(f"{cid}: ingest failed", file=sys.stderr)
            return 1
        run_graph(folder)
        facts = tool_facts(cid, folder)
        all_facts += facts
        case_labels = [r for r in labels if r["case_id"] == cid]
        rows.append((cid, _figures(scorer, case_labels, facts)))
        if args.misses:
            print(f"{cid}:")
            print("\n".join(_misses(case_labels, facts)))
    rows.append(("all", _figures(scorer, labels, all_facts)))
    with (args.out / "facts.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=["case_id", "entry_id", "label", "value", "note"])
        writer.writeheader()
        writer.writerows(all_facts)
    print(f"\n{'case':5}{'measure':20}{'tool':>6}{'labels':>8}{'matched':>9}{'precision':>11}{'recall':>8}")
    names = {"expects_response": "referral detection", "answered_by": "follow-through",
             "interaction": "interaction", "pair": "who-with-whom"}
    for cid, figures in rows:
        for kind in ("expects_response", "answered_by", "interaction", "pair"):
            r = figures.get(kind)
            if r:
                print(f"{cid:5}{names[kind]:20}{r['tool']:>6}{r['labels']:>8}{r['matched']:>9}"
                      f"{r['precision']:>11.3f}{r['recall']:>8.3f}")
        print(f"{cid:5}{'trap hits':20}{figures['_trap_hits']:>6}")
    print(f"\nfacts written to {args.out / 'facts.csv'} (score.py {args.out / 'facts.csv'} scores them all)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
