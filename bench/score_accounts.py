"""Score the accounts lens against the hand-labelled corpus (its ``parent_account`` and
``contradicts`` labels).

Run by hand, never in the suite (the corpus lives outside the repository):

    .venv/bin/python bench/score_accounts.py [--corpus /work/shared/labelled] [--out bench/out/accounts]
                                             [--misses] [--no-register]

Each case is built as ``score_lenses.py`` builds it (the register a reviewer would write from the
corpus's lists), ingested, and its lenses run. ``accounts.csv`` becomes the corpus's facts: one
``parent_account`` per claim entry and kind, one ``contradicts`` per contradicting entry with the
account it is set against (the corpus's convention: the most recent earlier claim). Figures are
given three times: over every label, and over the labels of the claims the lens's rules are about
(``IN_KINDS``: someone moved out or not living there, a parent living at her mother's, going to
AA), then with the claims of the kinds added later (``NEW_KINDS``: not drinking or using, "just a
friend", visiting in the day only); the corpus labels many other claims (insulin given, a fall, a
boyfriend's age) that no rule of the lens looks for.
"""

from __future__ import annotations

import csv
import re
import sys

import pandas as pd

from score_labelled import _scorer, corpus_parser, read_corpus
from score_lenses import lensed_case, misses, print_figures

KINDS = ("parent_account", "contradicts")
# The corpus's claim ids that are the lens's kinds of claim (read from its labels, by hand).
IN_KINDS = {
    "partner-moved-out", "darren-moved-out", "darren-not-around", "not-living-with-dean", "dean-split",
    "split-from-dean", "dean-not-around", "dean-not-living-there", "steve-moved-on", "steve-moved-out",
    "steve-just-visiting", "ryan-not-resident", "ryan-gone", "ryan-visits-only", "ryan-denies-living-there",
    "shane-moved-away", "living-at-mgm", "wayne-at-aa",
}
# The claims of the kinds added for issue 13's follow-up (not-using; "just a friend", "visits in the
# day only"): scored apart, so the first figures stay comparable.
NEW_KINDS = {
    "no-illicit-use", "dean-clean", "wayne-stopped-drinking", "wayne-not-drinking", "gary-stopped-drinking",
    "shane-just-a-friend", "dean-keeping-agreement",
}


def _claim_id(label: dict) -> str:
    if label["label"] == "parent_account":
        return label["value"]
    m = re.match(r"claim=([\w-]+)", label["note"])
    return m.group(1) if m else ""


def tool_facts(case_id: str, folder) -> list[dict]:
    chronology = pd.read_csv(folder / "build" / "chronology.csv", dtype=str, keep_default_na=False)
    corpus_id = dict(zip(chronology["entry_id"], chronology["source"]))
    accounts = pd.read_csv(folder / "build" / "analysis" / "accounts.csv", dtype=str, keep_default_na=False)
    facts = [{"case_id": case_id, "entry_id": corpus_id[e], "label": "parent_account", "value": claim, "note": ""}
             for e, claim in dict.fromkeys(zip(accounts["claim_entry_id"], accounts["claim"]))]
    for row in accounts[accounts["contradicting_entry_id"] != ""].to_dict("records"):
        facts.append({"case_id": case_id, "entry_id": corpus_id[row["contradicting_entry_id"]], "label": "contradicts",
                      "value": corpus_id[row["claim_entry_id"]], "note": f"claim={row['claim']}"})
    return facts


def main(argv: list[str] | None = None) -> int:
    parser = corpus_parser(__doc__, "accounts", "list every missed and extra fact")
    parser.add_argument("--no-register", action="store_true", help="run without a names register")
    args = parser.parse_args(argv)
    tables = read_corpus(args.corpus)
    if tables is None:
        return 2
    scorer = _scorer(args.corpus)
    cases, labels = tables["cases"], tables["labels"]
    labels = [r for r in labels if r["label"] in KINDS]
    all_facts: list[dict] = []
    for case in cases:
        cid = case["case_id"]
        folder = lensed_case(args.corpus, case, tables, args.out, register=not args.no_register)
        if folder is None:
            return 1
        facts = tool_facts(cid, folder)
        all_facts += facts
        if args.misses:
            in_kinds = [r for r in labels if r["case_id"] == cid and _claim_id(r) in IN_KINDS | NEW_KINDS]
            for kind in KINDS:
                print(f"{cid} {kind} (labels of the lens's kinds):")
                print("\n".join(misses(in_kinds, facts, kind, valued=("contradicts",))))
    args.out.mkdir(parents=True, exist_ok=True)
    with (args.out / "facts.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=["case_id", "entry_id", "label", "value", "note"])
        writer.writeheader()
        writer.writerows(all_facts)
    print_figures([(name, scorer.score(chosen, all_facts)) for name, chosen in (
        ("all", labels), ("lens's kinds", [r for r in labels if _claim_id(r) in IN_KINDS]),
        ("+ new kinds", [r for r in labels if _claim_id(r) in IN_KINDS | NEW_KINDS]))], KINDS, "labels", 16, 16)
    print(f"\nfacts written to {args.out / 'facts.csv'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
