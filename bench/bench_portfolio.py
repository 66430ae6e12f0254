"""A portfolio of many small reviews built on the local process pool and on a Dask cluster (issue 17, item 8).

    python bench/bench_portfolio.py [--reviews 200] [--workers N] [--profile-off-too] [--keep]
                                    [--json bench/out/bench_portfolio.json]

1. Generates, in a temporary folder, a portfolio of N small fictional reviews: each a copy of the example
   rapid review Child Q (examples/portfolio/child-q: its review.yaml and its three agencies' CSV
   chronologies) with its own id and every date shifted by a few days.
2. **One review**: one more generated review built in this process, after a first one has loaded every
   library (what a warm worker pays for each review it builds).
3. **Pool**: ``build_portfolio(DIR, workers=W)``: the local process pool of ``reviewbench portfolio DIR``.
4. **Cluster**: a ``distributed.LocalCluster`` of W worker processes (one thread each) on loopback, with
   Dask's defaults, then ``build_portfolio(DIR, scheduler=ADDRESS)``, as ``reviewbench portfolio DIR
   --scheduler ADDRESS``; the cluster's start is timed apart. With ``--profile-off-too``, again on a
   cluster whose workers' statistical profiler is off (``distributed.worker.profile.enabled: false``),
   to see whether its sampling of each task's stack every 10 ms costs anything here.
   Every build/ is deleted before each build, so each engine builds everything.

Prints one review's time, the expectation (one review x N / W), both wall times and their ratios to the
expectation and to each other. Exit code 0 when every review built on both engines, with the same tables.
Run by hand (or via ``make bench``); never part of the test suite.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

import yaml

BENCH_DIR = Path(__file__).resolve().parent
CHILD_Q = BENCH_DIR.parent / "examples" / "portfolio" / "child-q"
DAY = re.compile(r"\b(\d{2})/(\d{2})/(\d{4})\b")
AS_OF = dt.date(2026, 11, 30)


def _shift_text(text: str, days: int) -> str:
    def shifted(match: re.Match) -> str:
        day = dt.date(int(match[3]), int(match[2]), int(match[1])) + dt.timedelta(days=days)
        return day.strftime("%d/%m/%Y")
    return DAY.sub(shifted, text)


def _shift_dates(value, days: int):
    """Every date in a YAML value moved by ``days`` (review.yaml's scope and its process dates)."""
    if isinstance(value, dt.date):
        return value + dt.timedelta(days=days)
    if isinstance(value, dict):
        return {k: _shift_dates(v, days) for k, v in value.items()}
    if isinstance(value, list):
        return [_shift_dates(v, days) for v in value]
    return value


def make_review(folder: Path, number: int) -> Path:
    """Child Q copied as review ``number``: its own id, its dates moved by ``number % 60`` days."""
    days = number % 60
    (folder / "agency_reports").mkdir(parents=True)
    for source in sorted((CHILD_Q / "agency_reports").glob("*.csv")):
        (folder / "agency_reports" / source.name).write_text(_shift_text(source.read_text(encoding="utf-8"), days),
                                                            encoding="utf-8")
    (folder / "authored").mkdir()
    config = _shift_dates(yaml.safe_load((CHILD_Q / "review.yaml").read_text(encoding="utf-8")), days)
    config.update(id=f"bench-q{number:04d}", title=f"Child Q{number:04d} (FICTIONAL bench review)")
    (folder / "review.yaml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return folder


def make_portfolio(root: Path, reviews: int) -> Path:
    root.mkdir(parents=True)
    (root / "portfolio.yaml").write_text("# FICTIONAL benchmark portfolio (bench/bench_portfolio.py)\n"
                                         "partnership: Benchshire Safeguarding Children Partnership\n",
                                         encoding="utf-8")
    for number in range(reviews):
        make_review(root / f"review-{number:04d}", number)
    return root


def _clean(root: Path) -> None:
    for build in [root / "build", *root.glob("*/build")]:
        shutil.rmtree(build, ignore_errors=True)


def _tables(root: Path) -> dict[str, list[str]]:
    """The portfolio's tables as written, line by line."""
    return {name: (root / "build" / name).read_text(encoding="utf-8").splitlines() for name in
            ("portfolio.csv", "actions.csv")}


def one_review_seconds(scratch: Path) -> float:
    from reviewbench.portfolio import BuildOptions, build_review
    options = BuildOptions(as_of=AS_OF)
    warm = build_review(make_review(scratch / "warm", 9998), options)          # loads every library once
    assert warm.ok, warm.reason
    started = time.perf_counter()
    timed = build_review(make_review(scratch / "timed", 9999), options)
    seconds = time.perf_counter() - started
    assert timed.ok, timed.reason
    return seconds


def _on_cluster(root: Path, workers: int, *, profile: bool):
    """A fresh LocalCluster (Dask's own defaults, or with the workers' statistical profiler off), then the
    portfolio built on it: (cluster start s, build s, result, tables)."""
    import dask
    from distributed import LocalCluster

    from reviewbench.portfolio import build_portfolio
    _clean(root)
    started = time.perf_counter()
    with dask.config.set({"distributed.worker.profile.enabled": profile}), \
            LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                         dashboard_address=None) as cluster:
        start_s = time.perf_counter() - started
        started = time.perf_counter()
        result = build_portfolio(root, as_of=AS_OF, scheduler=cluster.scheduler_address)
        build_s = time.perf_counter() - started
    return start_s, build_s, result, _tables(root)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviews", type=int, default=200, help="how many reviews the portfolio holds")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="pool processes and cluster workers (default: the cores)")
    parser.add_argument("--profile-off-too", action="store_true",
                        help="also build on a cluster whose workers' statistical profiler is off "
                             "(distributed.worker.profile.enabled: false)")
    parser.add_argument("--keep", action="store_true", help="keep the generated portfolio (its path is printed)")
    parser.add_argument("--json", type=Path, default=BENCH_DIR / "out" / "bench_portfolio.json")
    args = parser.parse_args(argv)

    from reviewbench.portfolio import build_portfolio

    scratch = Path(tempfile.mkdtemp(prefix="bench-portfolio-"))
    try:
        started = time.perf_counter()
        root = make_portfolio(scratch / "portfolio", args.reviews)
        generated = time.perf_counter() - started
        one = one_review_seconds(scratch / "one")
        expected = one * args.reviews / args.workers

        _clean(root)
        started = time.perf_counter()
        pool = build_portfolio(root, as_of=AS_OF, workers=args.workers)
        pool_s = time.perf_counter() - started
        pool_tables = _tables(root)

        cluster_start_s, cluster_s, on_cluster, cluster_tables = _on_cluster(root, args.workers, profile=True)
        if args.profile_off_too:
            quiet_start_s, quiet_s, quiet, quiet_tables = _on_cluster(root, args.workers, profile=False)
    finally:
        if args.keep:
            print(f"Kept the generated portfolio in {scratch / 'portfolio'}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)

    failed = len(pool.failed) + len(on_cluster.failed)
    same = _strip_built(pool_tables) == _strip_built(cluster_tables)
    if args.profile_off_too:
        failed += len(quiet.failed)
        same = same and _strip_built(quiet_tables) == _strip_built(pool_tables)
    figures = {
        "reviews": args.reviews, "workers": args.workers, "generate_s": round(generated, 2),
        "one_review_s": round(one, 3), "expected_s": round(expected, 2),
        "pool_s": round(pool_s, 2), "cluster_start_s": round(cluster_start_s, 2), "cluster_s": round(cluster_s, 2),
        "pool_vs_expected": round(pool_s / expected, 2), "cluster_vs_expected": round(cluster_s / expected, 2),
        "cluster_vs_pool": round(cluster_s / pool_s, 2), "failed": failed, "same_tables": same,
    }
    rows = [("reviews x workers", f"{args.reviews} x {args.workers}"),
            ("one review (warm, in process)", f"{one:.3f} s"),
            ("expected: one x N / workers", f"{expected:.1f} s"),
            ("pool wall time", f"{pool_s:.1f} s  ({figures['pool_vs_expected']} x expected)"),
            ("cluster start", f"{cluster_start_s:.1f} s"),
            ("cluster wall time", f"{cluster_s:.1f} s  ({figures['cluster_vs_expected']} x expected, "
                                  f"{figures['cluster_vs_pool']} x pool)"),
            ("reviews failed (every run)", str(failed)),
            ("same tables on every engine", "yes" if same else "NO")]
    if args.profile_off_too:
        figures.update(quiet_start_s=round(quiet_start_s, 2), quiet_s=round(quiet_s, 2),
                       quiet_vs_expected=round(quiet_s / expected, 2), quiet_vs_pool=round(quiet_s / pool_s, 2))
        rows.insert(-2, ("cluster, worker profiler off", f"{quiet_s:.1f} s  ({figures['quiet_vs_expected']} x "
                                                         f"expected, {figures['quiet_vs_pool']} x pool)"))
    for label, value in rows:
        print(f"  {label:<32} {value}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(f"Wrote {args.json}")
    return 0 if failed == 0 and same else 1


def _strip_built(tables: dict[str, list[str]]) -> dict[str, list[list[str]]]:
    """The tables with the 'built' column taken out (the same on both engines here, but named by the run)."""
    import csv
    stripped = {}
    for name, lines in tables.items():
        rows = list(csv.reader(lines))
        drop = rows[0].index("built") if "built" in rows[0] else None
        stripped[name] = [[v for i, v in enumerate(r) if i != drop] for r in rows]
    return stripped


if __name__ == "__main__":
    sys.exit(main())
