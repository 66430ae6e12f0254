"""Run every benchmark in bench/ one after another (``make bench``).

    python bench/run.py [NAME ...]

Runs bench_ingest.py first, then every other bench_*.py in name order (or only the ones
named, e.g. ``python bench/run.py network``), each in its own process with this Python,
printing their output as it comes. Exit code 0 when every benchmark met its targets.
Benchmarks are run by hand; they are never part of the test suite.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent


def scripts(names: list[str]) -> list[Path]:
    found = sorted(BENCH_DIR.glob("bench_*.py"), key=lambda p: (p.name != "bench_ingest.py", p.name))
    if names:
        wanted = {n.removeprefix("bench_").removesuffix(".py") for n in names}
        found = [p for p in found if p.stem.removeprefix("bench_") in wanted]
    return found


def main(argv: list[str] | None = None) -> int:
    names = sys.argv[1:] if argv is None else argv
    todo = scripts(names)
    if not todo:
        print(f"No benchmark matches {' '.join(names)} in {BENCH_DIR}.", file=sys.stderr)
        return 2
    results = []
    for script in todo:
        print(f"\n=== {script.name} ===", flush=True)
        started = time.perf_counter()
        code = subprocess.call([sys.executable, str(script)], cwd=BENCH_DIR.parent)
        results.append((script.name, code, time.perf_counter() - started))
    print("\n=== summary ===")
    for name, code, seconds in results:
        print(f"  {name:<24} {'PASS' if code == 0 else f'FAIL (exit {code})':<16} {seconds:7.1f} s")
    return 0 if all(code == 0 for _, code, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
