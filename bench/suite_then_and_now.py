"""Time an earlier commit's test suite against the same test files today, on this machine, now.

Issue 10 (filed at commit 4f92929) asked for ``make test`` to pass faster than it then did. The suite has
since grown by the tests of later issues (the portfolio, the Dask cluster, LibreOffice, Chromium...), so
the whole suite's time says little about it. This compares like with like:

- **then**: the commit's own tests on its own code, as its Makefile ran them (``python -m pytest -q``, one
  process): ``git archive`` of the commit into a temporary folder, its ``lib/`` first on ``PYTHONPATH``
  (the notebooks' kernel inherits it), with today's ``.venv``, so both sides use the same libraries;
- **now**: the same test files in this checkout, as they are today (some hold more tests than then),
  through ``make test TESTS=...`` (ruff, then pytest-xdist, as every day).

    .venv/bin/python bench/suite_then_and_now.py [--then 4f92929] [--runs 2]

With ``--runs N`` then and now alternate N times and the medians are compared. Wall time is taken around
each command; CPU time (user + system) is that of everything the command started. Needs git and the commit
in this checkout's history. Exit code 0 when now's median wall time is below then's, 1 otherwise.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import resource
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ISSUE_10 = "4f92929"            # the commit issue 10 was filed at: "faster than today's 158 s"


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float, str]:
    """Wall time, CPU time and the last line of pytest's summary of ``command``; raises if a test failed."""
    cpu, started = _children_cpu(), time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    wall, cpu = time.perf_counter() - started, _children_cpu() - cpu
    summary = next((line for line in reversed(done.stdout.splitlines()) if re.search(r"\d+ (passed|failed)", line)), "")
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} (in {cwd}) failed with exit code {done.returncode}:\n"
                         f"{done.stdout[-3000:]}{done.stderr[-3000:]}")
    return wall, cpu, summary.strip("= ")


def extract(commit: str, target: Path) -> list[str]:
    """The tree of ``commit`` in ``target``; its test files (tests/test_*.py), relative to it."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", commit],
                             capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        # the "data" filter (Python 3.11.4 and later; the default from 3.14) where this Python has it
        tar.extractall(target, **({"filter": "data"} if hasattr(tarfile, "data_filter") else {}))
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(target / "lib")], check=True)   # as .venv's are
    return sorted(p.relative_to(target).as_posix() for p in (target / "tests").glob("test_*.py"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--then", default=ISSUE_10, help=f"the earlier commit (default {ISSUE_10}, issue 10's)")
    parser.add_argument("--runs", type=int, default=1, help="then and now alternately, this many times each")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="reviewbench-then-") as folder:
        then_root = Path(folder)
        files = extract(args.then, then_root)
        missing = [f for f in files if not (ROOT / f).is_file()]
        if missing:
            print(f"These test files of {args.then} are gone today, so the comparison would not be like with like: "
                  f"{', '.join(missing)}.", file=sys.stderr)
            return 2
        then_env = {**os.environ, "PYTHONPATH": str(then_root / "lib")}
        then_cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
        now_cmd = ["make", "--no-print-directory", "test", f"TESTS={' '.join(files)}"]
        runs: dict[str, list[tuple[float, float, str]]] = {"then": [], "now": []}
        for run in range(1, args.runs + 1):
            for side, command, cwd, env in (("then", then_cmd, then_root, then_env), ("now", now_cmd, ROOT, os.environ)):
                runs[side].append(timed(command, cwd, dict(env)))
                wall, cpu, summary = runs[side][-1]
                print(f"run {run} {side:>4}: {wall:6.1f} s wall, {cpu:6.1f} s CPU  ({summary})", flush=True)
    medians = {side: (statistics.median(r[0] for r in rows), statistics.median(r[1] for r in rows))
               for side, rows in runs.items()}
    print(f"\n{len(files)} test files of {args.then}, on {os.cpu_count()} cores; medians of {args.runs} run(s):")
    for side, (wall, cpu) in medians.items():
        print(f"  {side:>4}: {wall:6.1f} s wall, {cpu:6.1f} s CPU  ({runs[side][-1][2]})")
    faster = medians["now"][0] < medians["then"][0]
    print(f"Now is {'faster' if faster else 'NOT faster'}: {medians['now'][0] / medians['then'][0]:.2f} of then's wall time.")
    return 0 if faster else 1


if __name__ == "__main__":
    sys.exit(main())
