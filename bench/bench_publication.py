"""Benchmark of the publication check: its measured corpus, and its speed on a large chronology.

1. **Corpus**: every planted mention and look-alike of ``tests/data/publication_corpus.yaml``
   through ``find_sensitive`` with the corpus register: planted mentions, recall, look-alikes,
   false positives, by kind and by where; each miss and false alarm with its text (the corpus is
   fictional). The targets are the issue's: recall 100% and no false positive.
2. **Speed**: a synthetic chronology (default 100,000 fictional descriptions of one to three
   corpus sentences each, planted and look-alike mixed) through ``find_sensitive`` (what
   ``check`` does to every block) and ``NameRegister.apply`` (what ``render`` does to every text),
   with the corpus register: seconds and entries per second, the fastest of ``--repeat`` runs.
   No time target is set; the figures are for comparison between versions.

Exit code 0 when the corpus meets the targets, 1 otherwise.

    .venv/bin/python bench/bench_publication.py [--entries 100000] [--repeat 1] [--seed 7]
                                                [--json bench/out/bench_publication.json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent / "tests"))
from reviewbench.publication.finder import find_sensitive  # noqa: E402
from test_publication_corpus import Corpus, load_corpus, measure  # noqa: E402  (how the tests read and score it)


def make_descriptions(corpus: Corpus, entries: int, seed: int) -> list[str]:
    """``entries`` chronology descriptions, each one to three corpus sentences (planted or look-alike)."""
    rng = random.Random(seed)
    texts = [e.text for e in corpus.entries]
    return [" ".join(rng.choices(texts, k=rng.choice((1, 2, 2, 3)))) for _ in range(entries)]


def timed(work, items: list[str]) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, items with a non-empty result) of ``work`` over ``items``."""
    wall, cpu = time.perf_counter(), time.process_time()
    flagged = sum(1 for text in items if work(text))
    return time.perf_counter() - wall, time.process_time() - cpu, flagged


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=1, help="runs; the fastest is reported (default 1)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", type=Path, default=BENCH_DIR / "out" / "bench_publication.json")
    args = parser.parse_args(argv)

    corpus = load_corpus()
    result = measure(corpus)
    print("corpus: tests/data/publication_corpus.yaml")
    print("\n".join(result.lines()))
    for entry, missing, extra in result.misses:
        instead = f"; found instead {dict(extra)}" if extra else ""
        print(f"miss {entry.id} ({entry.where}): {entry.text!r}: missing {dict(missing)}{instead}")
    for entry, got in result.false_alarms:
        print(f"false alarm {entry.id} ({entry.where}): {entry.text!r}: {dict(got)}")
    ok = result.recall == 1.0 and result.false_positives == 0 and result.extra == 0
    print(f"targets (recall 100%, no false positive): {'met' if ok else 'NOT MET'}")

    register = corpus.register
    descriptions = make_descriptions(corpus, args.entries, args.seed)
    chars = sum(len(d) for d in descriptions)
    print(f"\nsynthetic chronology: {len(descriptions):,} descriptions, {chars / len(descriptions):.0f} characters "
          f"on average, register of {len(register.people)} people and {len(register.data.places)} places "
          f"({len(register.index):,} written forms)")
    runs = []
    for _ in range(max(1, args.repeat)):
        find = timed(lambda text: find_sensitive(text, register), descriptions)
        apply = timed(lambda text: register.apply(text) != text, descriptions)
        runs.append({"find": find, "apply": apply})
    figures = {}
    for step, label in (("find", "find_sensitive"), ("apply", "NameRegister.apply")):
        wall, cpu, changed = min((run[step] for run in runs), key=lambda r: r[0])
        rate = len(descriptions) / wall
        what = "with a finding" if step == "find" else "changed"
        print(f"{label:20} {wall:7.2f} s wall ({cpu:.2f} s CPU), {rate:10,.0f} entries/s, "
              f"{changed:,} entries {what}  [runs: {', '.join(f'{run[step][0]:.2f}' for run in runs)} s]")
        figures[step] = {"seconds": round(wall, 3), "cpu_seconds": round(cpu, 3),
                         "entries_per_second": round(rate), "entries_" + ("flagged" if step == "find" else "changed"):
                         changed}
    print(f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")

    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({
        "corpus": {"planted_mentions": result.planted, "found": result.found, "recall": round(result.recall, 4),
                   "lookalikes": result.lookalikes, "false_positives": result.false_positives,
                   "unplanted_findings_in_planted_texts": result.extra,
                   "by_kind": result.by_kind, "by_where": result.by_where, "targets_met": ok},
        "speed": {"entries": len(descriptions), "average_characters": round(chars / len(descriptions)), **figures},
    }, indent=2), encoding="utf-8")
    print(f"written: {args.json}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
