"""Render at scale: ``reviewbench ingest`` then ``reviewbench render`` on large synthetic reviews.

    python bench/bench_render_scale.py [--sizes 5000,20000,100000] [--agencies 50] [--seed 7]
                                       [--regenerate] [--no-floor] [--json bench/out/bench_render_scale.json]
    python bench/bench_render_scale.py --profile bench/out/scale-100000   # cProfile of the report, in-process

For each size: the case is generated with ``make_large_case.py`` into ``bench/out/scale-N`` (kept
and reused while its ``expected.json`` matches; ``--regenerate`` writes it again), then, each in a
fresh process,

1. the ingest floor of ``bench_ingest.py`` (the files read with the plain libraries), unless ``--no-floor``;
2. ``reviewbench ingest CASE`` after deleting ``CASE/build/``;
3. KPEs, findings and recommendations citing 240 entries are written (``make_large_case.py --authored``);
4. ``reviewbench render CASE``: the network stage (out of date after an ingest), the report notebook
   in its kernel, report.html (nbconvert) and report.docx (pandoc), as a user runs it after an ingest.

Wall time is taken around each command. Peak memory is that of the whole process tree: the
resident set sizes of the command and every descendant (the Jupyter kernel, pandoc) summed, polled
every 20 ms with psutil; the largest single process (``os.wait4``'s maximum resident set size) is
shown too. Targets, at the largest size: render at most 2 x the ingest time of the same review, and
the render's process tree within 1 GiB. Exit code 0 when met (and every command succeeded), 1 otherwise.
Run by hand (or via ``make bench``); never part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

BENCH_DIR = Path(__file__).resolve().parent
OUT_DIR = BENCH_DIR / "out"
sys.path.insert(0, str(BENCH_DIR))

from bench_ingest import _tail, _versions, reviewbench_command, warm_cache  # noqa: E402
from make_large_case import generate, write_authored  # noqa: E402

RATIO_TARGET = 2.0               # render time / ingest time of the same review
MEMORY_TARGET_MIB = 1024.0       # render's process tree
POLL_SECONDS = 0.02


def _tree_rss(proc: psutil.Process) -> int:
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            total += p.memory_info().rss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return total


def measure_tree(cmd: list[str]) -> dict:
    """Run ``cmd``; its exit code, wall and CPU seconds, the peak of its process tree's summed RSS
    (MiB, polled) and its largest single process (MiB, ``os.wait4``)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        child = subprocess.Popen(cmd, stdout=out, stderr=err)
        proc = psutil.Process(child.pid)
        peak = [0]
        done = threading.Event()

        def poll() -> None:
            while not done.is_set():
                try:
                    peak[0] = max(peak[0], _tree_rss(proc))
                except psutil.NoSuchProcess:
                    return
                done.wait(POLL_SECONDS)

        poller = threading.Thread(target=poll, daemon=True)
        poller.start()
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        done.set()
        poller.join()
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = (f.read().decode("utf-8", "replace") for f in (out, err))
    largest = usage.ru_maxrss / (2**20 if sys.platform == "darwin" else 2**10)
    return {"returncode": child.returncode, "seconds": round(seconds, 2),
            "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2), "tree_peak_mib": round(peak[0] / 2**20),
            "largest_mib": round(largest), "stdout": stdout, "stderr": stderr}


def case_for(size: int, agencies: int, seed: int, regenerate: bool) -> Path:
    case = OUT_DIR / f"scale-{size}"
    expected = case / "expected.json"
    current = json.loads(expected.read_text(encoding="utf-8")) if expected.exists() else {}
    wanted = (size, agencies, seed)
    if regenerate or (current.get("entries"), current.get("agencies"), current.get("seed")) != wanted \
            or not (case / "private" / "names.yaml").exists():          # made before the case had a register
        print(f"Generating {case} ...", flush=True)
        generate(case, agencies, size, seed, quiet=True)
    return case


def run_size(size: int, args: argparse.Namespace, command: list[str]) -> dict:
    case = case_for(size, args.agencies, args.seed, args.regenerate)
    warm_cache(case)
    row: dict = {"entries": size, "case": str(case), "problems": []}
    if not args.no_floor:
        floor = measure_tree([sys.executable, str(BENCH_DIR / "bench_ingest.py"), "--floor-child", str(case)])
        row["floor"] = {k: floor[k] for k in ("seconds", "cpu_seconds", "tree_peak_mib", "largest_mib")}
    shutil.rmtree(case / "build", ignore_errors=True)
    ingest = measure_tree([*command, "ingest", str(case)])
    row["ingest"] = {k: ingest[k] for k in ("seconds", "cpu_seconds", "tree_peak_mib", "largest_mib")}
    if ingest["returncode"] != 0:
        row["problems"].append(f"ingest exited {ingest['returncode']}: {_tail(ingest['stderr'] or ingest['stdout'])}")
        return row
    row["cited"] = write_authored(case, seed=args.seed)
    render = measure_tree([*command, "render", str(case)])
    row["render"] = {k: render[k] for k in ("seconds", "cpu_seconds", "tree_peak_mib", "largest_mib")}
    if render["returncode"] != 0:
        row["problems"].append(f"render exited {render['returncode']}: {_tail(render['stderr'] or render['stdout'])}")
        return row
    build = case / "build"
    row["outputs_mib"] = {p.name: round(p.stat().st_size / 2**20, 2) for p in sorted(build.glob("report*"))
                          if p.is_file()}
    row["ratio_render_ingest"] = round(render["seconds"] / ingest["seconds"], 2)
    if "floor" in row:
        row["ratio_ingest_floor"] = round(ingest["seconds"] / row["floor"]["seconds"], 2)
    return row


def _fmt(value, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def print_table(rows: list[dict]) -> None:
    print(f"\n{'entries':>8} {'floor s':>8} {'ingest s':>9} {'MiB':>5} {'render s':>9} {'tree MiB':>9} "
          f"{'largest':>8} {'render/ingest':>14} {'ingest/floor':>13}")
    for r in rows:
        floor, ingest, render = r.get("floor", {}), r.get("ingest", {}), r.get("render", {})
        print(f"{r['entries']:>8} {_fmt(floor.get('seconds'), '.1f'):>8} {_fmt(ingest.get('seconds'), '.1f'):>9} "
              f"{_fmt(ingest.get('tree_peak_mib'), '.0f'):>5} {_fmt(render.get('seconds'), '.1f'):>9} "
              f"{_fmt(render.get('tree_peak_mib'), '.0f'):>9} {_fmt(render.get('largest_mib'), '.0f'):>8} "
              f"{_fmt(r.get('ratio_render_ingest'), '.2f'):>14} {_fmt(r.get('ratio_ingest_floor'), '.2f'):>13}")
        for problem in r["problems"]:
            print(f"  PROBLEM: {problem}")


def profile_report(case: Path, top: int = 30) -> None:
    """cProfile of the report as the kernel builds it (``open_report``) and of its HTML, in this process."""
    import cProfile
    import pstats

    from reviewbench.report import open_report
    profiler = cProfile.Profile()
    started = time.perf_counter()
    report = profiler.runcall(open_report, case)
    html = profiler.runcall(report.html)
    print(f"open_report + html(): {time.perf_counter() - started:.1f} s, {len(html) / 2**20:.1f} MiB of HTML, "
          f"peak RSS of this process {psutil.Process().memory_info().rss / 2**20:.0f} MiB")
    saved = OUT_DIR / "bench_render_scale.prof"
    profiler.dump_stats(saved)
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.strip_dirs().sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    print(f"Full profile in {saved}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="5000,20000,100000", help="entries per case, comma-separated")
    parser.add_argument("--agencies", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--regenerate", action="store_true", help="write the cases again even if they exist")
    parser.add_argument("--no-floor", action="store_true", help="skip the ingest floor")
    parser.add_argument("--reviewbench", help="the reviewbench command (default: beside this Python)")
    parser.add_argument("--json", type=Path, default=OUT_DIR / "bench_render_scale.json")
    parser.add_argument("--profile", type=Path, metavar="CASE", help="profile the report of an ingested CASE only")
    args = parser.parse_args(argv)
    if args.profile:
        profile_report(args.profile)
        return 0

    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    command = reviewbench_command(args.reviewbench)
    rows = []
    for size in sizes:
        print(f"{size} entries ...", flush=True)
        rows.append(run_size(size, args, command))
        print_table(rows[-1:])
    print_table(rows)
    largest = rows[-1]
    render = largest.get("render", {})
    time_ok = largest.get("ratio_render_ingest") is not None and largest["ratio_render_ingest"] <= RATIO_TARGET
    memory_ok = render.get("tree_peak_mib") is not None and render["tree_peak_mib"] <= MEMORY_TARGET_MIB
    problems = [p for r in rows for p in r["problems"]]
    print(f"\nAt {largest['entries']} entries: render/ingest {_fmt(largest.get('ratio_render_ingest'), '.2f')} "
          f"(target <= {RATIO_TARGET}) {'PASS' if time_ok else 'FAIL'}; render tree peak "
          f"{_fmt(render.get('tree_peak_mib'), '.0f')} MiB (target <= {MEMORY_TARGET_MIB:.0f}) "
          f"{'PASS' if memory_ok else 'FAIL'}")
    result = {"rows": rows, "targets": {"ratio_render_ingest_max": RATIO_TARGET, "tree_peak_mib_max": MEMORY_TARGET_MIB},
              "pass": {"time": time_ok, "memory": memory_ok, "commands": not problems},
              "environment": _versions(), "when": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"Figures written to {args.json}")
    return 0 if time_ok and memory_ok and not problems else 1


if __name__ == "__main__":
    sys.exit(main())
