"""Score the process reading the procedures and signals lenses start from, and the signals lens,
against the hand-labelled corpus: its ``closure`` labels (an agency closing its case, contact or
episode) and its ``escalation`` labels (a disagreement escalated, or recorded and not escalated).

Run by hand, never in the suite (the corpus lives outside the repository):

    .venv/bin/python bench/score_process.py [--corpus /work/shared/labelled] [--out bench/out/process] [--misses]

Each case becomes a review folder as in ``score_labelled.py`` (with the names register of
``score_lenses.py``); ``reviewbench ingest`` and ``reviewbench lenses`` run on it, and each entry the
process reading (``reviewbench.lenses.process``) marks ``closure`` is one ``closure`` fact (the
corpus scores the entry, not the kind of closure); each row of signals.csv whose signal is
``escalation`` or ``disagreement-not-escalated`` is one ``escalation`` fact at its entry. The clocks of procedures.csv have no labels in
the corpus; the rows each case gives are printed for a reader to check by hand.
"""

from __future__ import annotations

import sys

import pandas as pd

from reviewbench.chronology import read_chronology
from reviewbench.config import load_review
from reviewbench.lenses.family import family_of
from reviewbench.lenses.process import read_process
from reviewbench.lenses.records import read_records
from reviewbench.lenses.rules import RULES_FILE, lens_rules
from reviewbench.publication.names import review_register
from score_labelled import _scorer, corpus_parser, read_corpus
from score_lenses import lensed_case, print_figures

KINDS = ("closure", "escalation")
ESCALATION = ("escalation", "disagreement-not-escalated")


def tool_facts(case_id: str, folder) -> list[dict]:
    review = load_review(folder)
    chronology = read_chronology(review.build_dir / "chronology.csv")
    corpus_id = dict(zip(chronology["entry_id"], chronology["source"]))
    rules = review.overlay(RULES_FILE, lens_rules)
    names = review_register(review)
    records = read_records(review, chronology, family_of(names.data, names, rules, review.scope.end), rules)
    process = read_process(records, rules, review)
    facts = [{"case_id": case_id, "entry_id": corpus_id[entry_id], "label": "closure", "value": "",
              "note": found["closure"].words}
             for entry_id, found in process.by_entry.items() if "closure" in found]
    signals = pd.read_csv(review.build_dir / "analysis" / "signals.csv", dtype=str, keep_default_na=False)
    facts += [{"case_id": case_id, "entry_id": corpus_id[row["entry_id"]], "label": "escalation",
               "value": row["signal"], "note": row["detail"]}
              for row in signals.to_dict("records") if row["signal"] in ESCALATION]
    return facts


def main(argv: list[str] | None = None) -> int:
    args = corpus_parser(__doc__, "process", "list every missed and extra fact").parse_args(argv)
    tables = read_corpus(args.corpus)
    if tables is None:
        return 2
    scorer = _scorer(args.corpus)
    all_facts, rows = [], []
    for case in tables["cases"]:
        cid = case["case_id"]
        folder = lensed_case(args.corpus, case, tables, args.out)
        if folder is None:
            return 1
        facts = tool_facts(cid, folder)
        all_facts += facts
        labels = [r for r in tables["labels"] if r["case_id"] == cid and r["label"] in KINDS]
        rows.append((cid, scorer.score(labels, facts)))
        if args.misses:
            for kind in KINDS:
                gold = {r["entry_id"] for r in labels if r["label"] == kind}
                tool = {f["entry_id"]: f["note"] for f in facts if f["label"] == kind}
                print(f"{cid} {kind}:\n" + "\n".join([f"  missed  {e}" for e in sorted(gold - set(tool))] +
                                                     [f"  extra   {e} ({tool[e][:80]})"
                                                      for e in sorted(set(tool) - gold)]))
        clocks = pd.read_csv(folder / "build" / "analysis" / "procedures.csv", dtype=str, keep_default_na=False)
        print(f"{cid} procedures.csv:\n" + (clocks[["clock", "start_entry_id", "start_date", "met_by_entry_id",
                                                    "days_late", "status"]].to_string(index=False)
                                            if len(clocks) else "  (no clock)"))
    rows.append(("all", scorer.score([r for r in tables["labels"] if r["label"] in KINDS], all_facts)))
    print_figures(rows, KINDS)
    return 0


if __name__ == "__main__":
    sys.exit(main())
