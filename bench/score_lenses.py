"""Score the voice and adults lenses against the hand-labelled corpus (its ``child_words`` and
``adult`` labels).

Run by hand, never in the suite (the corpus lives outside the repository):

    .venv/bin/python bench/score_lenses.py [--corpus /work/shared/labelled] [--out bench/out/lenses]
                                           [--misses] [--no-register]

Each case becomes a review folder as in ``score_labelled.py``, plus the names register a reviewer
would write from the corpus's own lists: the children of ``cases.csv`` (the subject children with
``subject: true`` and their month of birth) and each adult of ``persons.csv`` that has a name,
with their relationship (``--no-register`` leaves the register out, to measure the lenses on
what the records alone say). It runs ``reviewbench ingest`` and the lenses, and turns
``build/analysis/voice.csv`` and ``adults.csv`` into the corpus's facts:

- ``child_words``: one fact per entry of voice.csv (the corpus scores the entry, not the words);
- ``adult``: one fact per entry of each adults.csv row, the row mapped to a ``person_id`` by its
  registered name, or, for someone unregistered, by the corpus's ``referred_to_as`` words (the
  mapping its README asks for); a row no person matches stays a fact with no id (a false positive).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import sys
from pathlib import Path

import pandas as pd
import yaml

from reviewbench.build import run_ingest, run_lenses
from score_labelled import _scorer, build_case, corpus_parser, read_corpus

HERE = Path(__file__).resolve().parent
_FEMALE = re.compile(r"\b(?:mother|grandmother|aunt|sister|girlfriend|wife|kerry|neighbour-pat)\b", re.IGNORECASE)
_MALE = re.compile(r"\b(?:father|uncle|brother|grandfather|partner|boyfriend|husband|man|male)\b", re.IGNORECASE)


def _person_name(text: str) -> str | None:
    """"'Shane' (surname given to police only in Nov 2023)" -> "Shane"; "not named" -> None."""
    name = re.sub(r"\([^)]*\)", "", text).replace("'", "").replace('"', "").strip()
    return None if not name or name.lower().startswith(("not ", "unknown")) else name


def _children(case: dict) -> list[dict]:
    """The children of cases.csv: "K (girl, born 2019-01, ...); R (boy, born 2022-11-14)"."""
    people = []
    for part in case["children"].split(";"):
        part = part.strip()
        m = re.match(r"(?:(?:brother|sister|half-sibling)\s+)?([A-Z])\b", part)
        if not m:
            continue
        subject = "not a subject child" not in part
        born = re.search(r"born (\d{4}-\d{2}(?:-\d{2})?)", part)
        person = {"name": m.group(1), "pseudonym": f"Child {m.group(1)}", "subject": subject}
        if born:
            person["date_of_birth"] = born.group(1) if len(born.group(1)) == 10 else born.group(1) + "-15"
        elif not subject:
            person["relationship"] = "sibling"
        people.append(person)
    return people


def write_register(folder: Path, case: dict, persons: list[dict]) -> None:
    people = _children(case)
    for p in persons:
        name = _person_name(p["name"])
        if name is None or any(name == q["name"] for q in people):
            continue
        entry = {"name": name, "pseudonym": p["person_id"].replace("-", " ").capitalize(),
                 "relationship": p["relationship"]}
        first = f"{p['relationship']} {p['person_id']}".split(";")[0]
        if re.search(r"grandmother", first):
            entry["title"] = ["Mrs"]              # as a reviewer registers an older relative
        elif _FEMALE.search(first):
            entry["title"] = ["Ms", "Miss"]
        elif _MALE.search(first):
            entry["title"] = ["Mr"]
        people.append(entry)
    (folder / "private" / "names.yaml").write_text(yaml.safe_dump({"people": people}, sort_keys=False),
                                                   encoding="utf-8")


def _words(text: str) -> list[str]:
    return [w.strip().strip("'\"").lower() for w in re.split(r",(?![^()]*\))", text) if w.strip()]


def _person_id(row: dict, persons: list[dict]) -> str:
    """The corpus person an adults.csv row is: by registered name, or by the words the records use."""
    adult = row["adult"]
    if row["registered"] == "yes":
        return next((p["person_id"] for p in persons if _person_name(p["name"]) == adult), "?" + adult)
    if adult.endswith("(not named)"):
        relation = adult[: -len("(not named)")].strip()
        if relation.startswith("unidentified"):
            found = [p["person_id"] for p in persons if p["person_id"].startswith("unidentified")]
        else:
            found = [p["person_id"] for p in persons if relation in p["relationship"].lower()]
        return found[0] if len(found) == 1 else "?" + adult
    if row["registered"] == "no":
        low = adult.lower()
        for p in persons:
            names = _words(p["referred_to_as"]) + [(_person_name(p["name"]) or "").lower()]
            if low in names or low.split()[0] in names:
                return p["person_id"]
    return "?" + adult


def tool_facts(case_id: str, folder: Path, persons: list[dict]) -> list[dict]:
    chronology = pd.read_csv(folder / "build" / "chronology.csv", dtype=str, keep_default_na=False)
    corpus_id = dict(zip(chronology["entry_id"], chronology["source"]))
    analysis = folder / "build" / "analysis"
    voice = pd.read_csv(analysis / "voice.csv", dtype=str, keep_default_na=False)
    adults = pd.read_csv(analysis / "adults.csv", dtype=str, keep_default_na=False)
    facts = [{"case_id": case_id, "entry_id": corpus_id[e], "label": "child_words", "value": "", "note": ""}
             for e in dict.fromkeys(voice["entry_id"])]
    for row in adults.to_dict("records"):
        person = _person_id(row, persons)
        for e in filter(None, row["entry_ids"].split("; ")):
            facts.append({"case_id": case_id, "entry_id": corpus_id[e], "label": "adult", "value": person,
                          "note": row["adult"]})
    return facts


def misses(labels: list[dict], facts: list[dict], kind: str, valued: tuple[str, ...] = ("adult",)) -> list[str]:
    """Every label of ``kind`` the facts miss and every fact no label has; by entry, and by value too
    for the kinds in ``valued``."""
    key = (lambda r: (r["entry_id"], r["value"])) if kind in valued else (lambda r: (r["entry_id"],))
    gold = {key(r) for r in labels if r["label"] == kind}
    tool = {key(r) for r in facts if r["label"] == kind}
    return [f"  missed  {' '.join(k)}" for k in sorted(gold - tool)] + \
           [f"  extra   {' '.join(k)}" for k in sorted(tool - gold)]


def lensed_case(corpus: Path, case: dict, tables: dict, out: Path, register: bool = True) -> Path | None:
    """One corpus case as a review folder under ``out`` (with the register a reviewer would write),
    ingested and its lenses run; None when the ingest fails (said on stderr)."""
    cid = case["case_id"]
    folder = build_case(corpus, case, [a for a in tables["agencies"] if a["case_id"] == cid],
                        [e for e in tables["entries"] if e["case_id"] == cid], out / cid)
    if register:
        write_register(folder, case, [p for p in tables["persons"] if p["case_id"] == cid])
    if not run_ingest(folder, progress=False, today=dt.date(2025, 1, 1)).ok:
        print(f"{cid}: ingest failed", file=sys.stderr)
        return None
    run_lenses(folder)
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = corpus_parser(__doc__, "lenses", "list every missed and extra fact")
    parser.add_argument("--no-register", action="store_true", help="run without a names register")
    args = parser.parse_args(argv)
    corpus = args.corpus
    tables = read_corpus(corpus)
    if tables is None:
        return 2
    scorer = _scorer(corpus)
    cases, agencies, entries, labels, persons = (tables[k] for k in ("cases", "agencies", "entries", "labels",
                                                                     "persons"))
    kinds = ("child_words", "adult")
    all_facts: list[dict] = []
    rows = []
    for case in cases:
        cid = case["case_id"]
        people = [p for p in persons if p["case_id"] == cid]
        folder = lensed_case(corpus, case, tables, args.out, register=not args.no_register)
        if folder is None:
            return 1
        facts = tool_facts(cid, folder, people)
        all_facts += facts
        case_labels = [r for r in labels if r["case_id"] == cid and r["label"] in kinds]
        rows.append((cid, scorer.score(case_labels, facts)))
        if args.misses:
            for kind in kinds:
                print(f"{cid} {kind}:")
                print("\n".join(misses(case_labels, facts, kind)))
    rows.append(("all", scorer.score([r for r in labels if r["label"] in kinds], all_facts)))
    args.out.mkdir(parents=True, exist_ok=True)
    with (args.out / "facts.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=["case_id", "entry_id", "label", "value", "note"])
        writer.writeheader()
        writer.writerows(all_facts)
    print_figures(rows, kinds)
    print(f"\nfacts written to {args.out / 'facts.csv'}")
    return 0


def print_figures(rows: list[tuple[str, dict]], kinds: tuple[str, ...], first: str = "case", width: int = 5,
                  kind_width: int = 14) -> None:
    """A table of the scorer's figures: one line per row name and kind of label."""
    print(f"\n{first:{width}}{'measure':{kind_width}}{'tool':>6}{'labels':>8}{'matched':>9}{'precision':>11}{'recall':>8}")
    for name, figures in rows:
        for kind in kinds:
            r = figures.get(kind)
            if r:
                print(f"{name:{width}}{kind:{kind_width}}{r['tool']:>6}{r['labels']:>8}{r['matched']:>9}"
                      f"{r['precision']:>11.3f}{r['recall']:>8.3f}")


if __name__ == "__main__":
    sys.exit(main())
