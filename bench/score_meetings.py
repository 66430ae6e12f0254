"""Score the meetings lens against the hand-labelled corpus (its ``meeting_attendance`` labels).

Run by hand, never in the suite (the corpus lives outside the repository):

    .venv/bin/python bench/score_meetings.py [--corpus /work/shared/labelled] [--out bench/out/meetings] [--misses]

Each case is built as ``score_labelled.py`` builds it, ingested (which groups one meeting's
entries of several agencies into a joint event), and its lenses run. ``meetings.csv`` gives each
meeting's states, the corpus labels entries: scored by meeting, a labelled ``AGENCY:state`` on an
entry is found when the meeting that entry belongs to has that agency in that state, and a row of
the lens (``not recorded`` rows left out) is right when an entry of its meeting carries that label.
"""

from __future__ import annotations

import datetime as dt
import sys

import pandas as pd

from reviewbench.build import run_ingest, run_lenses
from score_labelled import build_case, corpus_parser, read_corpus

CODE = {"attended": "attended", "report only": "report-only", "invited and absent": "invited-absent"}


def main(argv: list[str] | None = None) -> int:
    parser = corpus_parser(__doc__, "meetings", "list every missed and extra fact")
    args = parser.parse_args(argv)
    tables = read_corpus(args.corpus)
    if tables is None:
        return 2
    found_all = right_all = labels_all = matched_all = 0
    print(f"{'case':5}{'rows':>6}{'right':>7}{'labels':>8}{'found':>7}{'precision':>11}{'recall':>8}")
    for case in tables["cases"]:
        cid = case["case_id"]
        folder = build_case(args.corpus, case, [a for a in tables["agencies"] if a["case_id"] == cid],
                            [e for e in tables["entries"] if e["case_id"] == cid], args.out / cid)
        if not run_ingest(folder, progress=False, today=dt.date(2025, 1, 1)).ok:
            print(f"{cid}: ingest failed", file=sys.stderr)
            return 1
        run_lenses(folder)
        chronology = pd.read_csv(folder / "build" / "chronology.csv", dtype=str, keep_default_na=False)
        corpus_id = dict(zip(chronology["entry_id"], chronology["source"]))
        rows = pd.read_csv(folder / "build" / "analysis" / "meetings.csv", dtype=str, keep_default_na=False)
        rows = rows[rows["status"].isin(list(CODE))]
        labels = {(r["entry_id"], r["value"]) for r in tables["labels"]
                  if r["case_id"] == cid and r["label"] == "meeting_attendance"}
        meeting_of: dict[str, set[str]] = {}
        facts = set()
        for row in rows.itertuples():
            entries = frozenset(corpus_id[e] for e in row.entry_ids.split("; "))
            facts.add((entries, f"{row.agency}:{CODE[row.status]}"))
            for e in entries:
                meeting_of.setdefault(e, set()).add(f"{row.agency}:{CODE[row.status]}")
        right = [f for f in facts if any((e, f[1]) in labels for e in f[0])]
        found = [lab for lab in labels if lab[1] in meeting_of.get(lab[0], set())]
        if args.misses:
            for lab in sorted(set(labels) - set(found)):
                print(f"  missed  {lab[0]} {lab[1]}")
            for f in sorted(set(facts) - set(right), key=lambda f: sorted(f[0])):
                print(f"  extra   {'+'.join(sorted(f[0]))} {f[1]}")
        print(f"{cid:5}{len(facts):>6}{len(right):>7}{len(labels):>8}{len(found):>7}"
              f"{len(right) / max(len(facts), 1):>11.3f}{len(found) / max(len(labels), 1):>8.3f}")
        found_all += len(facts)
        right_all += len(right)
        labels_all += len(labels)
        matched_all += len(found)
    print(f"{'all':5}{found_all:>6}{right_all:>7}{labels_all:>8}{matched_all:>7}"
          f"{right_all / max(found_all, 1):>11.3f}{matched_all / max(labels_all, 1):>8.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
