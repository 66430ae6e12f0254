"""Benchmark of ``analyse()`` on small chronologies: the example review's and a labelled test case's.

What the suite and the workbench pay for each analysis of a review of a few hundred entries (the
large-chronology figures are ``bench_network.py``'s). Each case is ingested once into a temporary
folder, analysed once to warm up, then ``--repeat`` times; the CPU time per analysis (the process's
user + system time, steadier than wall time on a shared machine) and the number of Python function
calls of one analysis (cProfile: a count that does not depend on the machine's load) are printed.

    .venv/bin/python bench/bench_analyse.py [--repeat 5] [--case L1] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from pathlib import Path

from reviewbench.build import run_ingest
from reviewbench.chronology import read_chronology
from reviewbench.config import load_review
from reviewbench.network import analyse

sys.path.insert(0, str(Path(__file__).parent))
from network_outputs_same import review_folders  # noqa: E402


def measure(folder: Path, repeat: int, profile: bool) -> tuple[int, float, int]:
    """Entries, CPU seconds per analysis and function calls of one analysis of the review in ``folder``."""
    if not run_ingest(folder, progress=False).ok:
        raise SystemExit(f"{folder.name}: the ingest failed")
    review = load_review(folder)
    chronology = read_chronology(folder / "build" / "chronology.csv")
    analyse(review, chronology)                      # warm: overlays read, regexes compiled
    cpu = time.process_time()
    for _ in range(repeat):
        analyse(review, chronology)
    per_run = (time.process_time() - cpu) / repeat
    profiler = cProfile.Profile()
    profiler.enable()
    analyse(review, chronology)
    profiler.disable()
    stats = pstats.Stats(profiler)
    if profile:
        stats.sort_stats("cumulative").print_stats(25)
    return len(chronology), per_run, stats.total_calls


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed analyses per case (default 5)")
    parser.add_argument("--case", default="L1", help="the labelled case to measure besides the example (default L1)")
    parser.add_argument("--profile", action="store_true", help="print the top of each case's profile")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        folders = review_folders(work)
        chosen = {"child-t (example)": folders["child-t"], f"{args.case} (labelled case)": folders[args.case]}
        print(f"{'case':<22} {'entries':>7} {'CPU per analyse':>16} {'function calls':>15}")
        for name, folder in chosen.items():
            entries, cpu, calls = measure(folder, max(1, args.repeat), args.profile)
            print(f"{name:<22} {entries:>7} {cpu:>14.3f} s {calls:>15,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
