"""Time ``reviewbench ingest`` on a large case against a floor measured in the same run.

    python bench/bench_ingest.py [--case bench/out/large] [--regenerate] [--repeat 1] [--profile]
    python bench/bench_ingest.py --case bench/out/mix --mix csv=20,xlsx=20,docx=10   # issue 11 item 10
    python bench/bench_ingest.py --profile-only     # cProfile of the ingest, no timed runs

The floor is the least any intake could do with these files: read them with the plain
libraries (openpyxl read-only ``iter_rows(values_only=True)``, python-docx ``cell.text`` for
every cell of every table, ``pandas.read_csv(dtype=str)``) and concatenate the rows into one
DataFrame, nothing else. Both the floor and the ingest run in a fresh process each, so both
pay for starting Python and importing their libraries. Wall time is measured around the
child process and its peak memory (maximum resident set size) is taken from ``os.wait4``,
which reports that one child's own resource usage.

Targets: ingest time at most 1.0 x the floor; ingest peak memory at most 1 GiB.
Exit code: 0 all targets met and the ingest report checks out, 1 otherwise.
Run by hand (or via ``make bench``); never part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
OUT_DIR = BENCH_DIR / "out"
DEFAULT_CASE = OUT_DIR / "large"
RATIO_TARGET = 1.0
MEMORY_TARGET_MIB = 1024.0


# -- the floor (runs in its own process: ``bench_ingest.py --floor-child CASE``) ---------------

def floor_read(case: Path) -> dict:
    """Read every submission with the plain libraries and concatenate the rows.

    Returns the number of rows and the seconds spent per format (the timing around each
    file costs nothing measurable and tells which library dominates the floor).
    """
    started = time.perf_counter()
    import docx
    import openpyxl
    import pandas as pd

    seconds = {"import": time.perf_counter() - started, "xlsx": 0.0, "docx": 0.0, "csv": 0.0}
    frames = []
    for path in sorted((case / "agency_reports").iterdir()):
        suffix = path.suffix.lower()
        t0 = time.perf_counter()
        if suffix == ".xlsx":
            wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
            rows = []
            for ws in wb.worksheets:
                rows.extend(ws.iter_rows(values_only=True))
            wb.close()
            frames.append(pd.DataFrame(rows))
        elif suffix == ".docx":
            document = docx.Document(path)
            rows = []
            for table in document.tables:
                for row in table.rows:
                    rows.append([cell.text for cell in row.cells])
            frames.append(pd.DataFrame(rows))
        elif suffix == ".csv":
            frame = pd.read_csv(path, dtype=str)
            frame.columns = range(frame.shape[1])    # positional, like the other frames
            frames.append(frame)
        else:
            continue
        seconds[suffix[1:]] += time.perf_counter() - t0
    t0 = time.perf_counter()
    combined = pd.concat(frames, ignore_index=True)
    seconds["concat"] = time.perf_counter() - t0
    return {"rows": len(combined), "seconds": {k: round(v, 3) for k, v in seconds.items()}}


# -- measuring one child process ----------------------------------------------------------------

def measure(cmd: list[str], env: dict | None = None) -> dict:
    """Run ``cmd``; return its exit code, wall seconds, peak RSS (MiB) and output.

    ``os.wait4`` gives the resource usage of exactly this child (and any grandchildren it
    waited for), so repeated runs in one benchmark never see each other's peaks the way
    ``getrusage(RUSAGE_CHILDREN)`` would. Output goes to temporary files, not pipes, so a
    chatty child cannot block while we wait for it.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)   # tell Popen it has been reaped
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    # ru_maxrss is in KiB on Linux, bytes on macOS.
    peak = usage.ru_maxrss / (2**20 if sys.platform == "darwin" else 2**10)
    cpu = usage.ru_utime + usage.ru_stime
    return {"returncode": proc.returncode, "seconds": seconds, "cpu_seconds": cpu, "peak_mib": peak,
            "stdout": stdout, "stderr": stderr}


def reviewbench_command(explicit: str | None) -> list[str]:
    if explicit:
        return [explicit]
    script = Path(sys.executable).parent / "reviewbench"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "reviewbench.cli"]


def warm_cache(case: Path) -> None:
    """Read every file once so the first measured run does not pay for a cold disk."""
    for path in (case / "agency_reports").iterdir():
        with path.open("rb") as fh:
            while fh.read(1 << 22):
                pass


def check_report(case: Path, expected: dict) -> list[str]:
    """Problems with build/ingest_report.json (empty list: all good)."""
    report_path = case / "build" / "ingest_report.json"
    if not report_path.exists():
        return [f"{report_path} was not written"]
    report = json.loads(report_path.read_text(encoding="utf-8"))
    problems = []
    read, accepted, rejected = (report.get(k) for k in ("rows_read", "rows_accepted", "rows_rejected"))
    if None in (read, accepted, rejected):
        return [f"ingest_report.json lacks rows_read/rows_accepted/rows_rejected (keys: {sorted(report)})"]
    if read != accepted + rejected:
        problems.append(f"rows_read {read} != rows_accepted {accepted} + rows_rejected {rejected}")
    if accepted != expected["entries"]:
        problems.append(f"rows_accepted {accepted} != {expected['entries']} generated entries"
                        + (f" ({rejected} rejected; first: {report.get('rejects', [])[:1]})" if rejected else ""))
    return problems


def run_ingest(case: Path, command: list[str]) -> dict:
    shutil.rmtree(case / "build", ignore_errors=True)
    return measure([*command, "ingest", str(case)])


def profile_ingest(case: Path, top: int = 25) -> None:
    """Run the ingest in this process under cProfile and print the top cumulative entries."""
    import cProfile
    import pstats

    try:
        from reviewbench.cli import main as reviewbench_main
    except ImportError:                        # not installed in this Python: use the source tree
        sys.path.insert(0, str(BENCH_DIR.parent / "lib"))
        from reviewbench.cli import main as reviewbench_main

    shutil.rmtree(case / "build", ignore_errors=True)
    profiler = cProfile.Profile()
    code = profiler.runcall(reviewbench_main, ["ingest", str(case)])
    saved = OUT_DIR / "bench_ingest.prof"
    saved.parent.mkdir(parents=True, exist_ok=True)
    profiler.dump_stats(saved)
    print(f"\ncProfile of `reviewbench ingest` in-process (exit code {code}); top {top} by cumulative time:")
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.strip_dirs().sort_stats("cumulative").print_stats(top)
    print(f"Top {top} by own time (tottime):")
    stats.sort_stats("tottime").print_stats(top)
    print(f"Full profile saved to {saved} (python -m pstats {saved}; or snakeviz).")


def _versions() -> dict:
    from importlib import metadata
    out = {"python": platform.python_version(), "platform": platform.platform(),
           "cpus": os.cpu_count()}
    for dist in ("reviewbench", "openpyxl", "python-docx", "pandas", "lxml"):
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            out[dist] = None
    return out


def _tail(text: str, lines: int = 15) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", type=Path, default=DEFAULT_CASE, help="review folder (default: bench/out/large)")
    parser.add_argument("--regenerate", action="store_true", help="write the case again even if it exists")
    parser.add_argument("--agencies", type=int, default=50, help="when generating (default 50)")
    parser.add_argument("--entries", type=int, default=100_000, help="when generating (default 100000)")
    parser.add_argument("--seed", type=int, default=7, help="when generating (default 7)")
    parser.add_argument("--mix", help="when generating: files per format, e.g. csv=20,xlsx=20,docx=10")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each; the median is reported")
    parser.add_argument("--profile", action="store_true", help="also profile the ingest in-process")
    parser.add_argument("--profile-only", action="store_true", help="only profile the ingest (no timed runs)")
    parser.add_argument("--reviewbench", help="the reviewbench command (default: beside this Python)")
    parser.add_argument("--json", type=Path, default=OUT_DIR / "bench_ingest.json", help="where to write the figures")
    parser.add_argument("--floor-child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.floor_child:                       # we are the measured floor process
        print(json.dumps(floor_read(args.floor_child)))
        return 0

    case = args.case.resolve()
    if args.regenerate or not (case / "expected.json").exists():
        sys.path.insert(0, str(BENCH_DIR))
        from make_large_case import generate
        print(f"Generating the case in {case} ...", flush=True)
        generate(case, args.agencies, args.entries, args.seed, mix=args.mix)
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    command = reviewbench_command(args.reviewbench)
    files = sorted((case / "agency_reports").iterdir())
    size = sum(p.stat().st_size for p in files)
    print(f"Case: {case} ({expected['entries']} entries, {expected['agencies']} agencies, "
          f"{len(files)} files, {size / 2**20:.1f} MiB)")
    print(f"Ingest command: {' '.join(command)} ingest {case}")
    warm_cache(case)
    if args.profile_only:
        profile_ingest(case)
        return 0

    floors, ingests, problems = [], [], []
    for attempt in range(1, max(1, args.repeat) + 1):
        floor = measure([sys.executable, str(Path(__file__).resolve()), "--floor-child", str(case)])
        if floor["returncode"] != 0:
            print(f"The floor run failed (exit {floor['returncode']}):\n{_tail(floor['stderr'])}", file=sys.stderr)
            return 1
        read = json.loads(floor["stdout"].strip().splitlines()[-1])
        floor["rows"], floor["parts"] = read["rows"], read["seconds"]
        floor_rows = floor["rows"]
        floors.append(floor)
        ingest = run_ingest(case, command)
        ingests.append(ingest)
        print(f"  run {attempt}: floor {floor['seconds']:.2f} s / {floor['peak_mib']:.0f} MiB ({floor_rows} rows); "
              f"ingest {ingest['seconds']:.2f} s / {ingest['peak_mib']:.0f} MiB (exit {ingest['returncode']})",
              flush=True)
        if ingest["returncode"] != 0:
            problems.append(f"run {attempt}: `reviewbench ingest` exited {ingest['returncode']}:\n"
                            f"{_tail(ingest['stderr'] or ingest['stdout'])}")
            break
        problems += [f"run {attempt}: {p}" for p in check_report(case, expected)]

    floor_s = statistics.median(r["seconds"] for r in floors)
    floor_mib = statistics.median(r["peak_mib"] for r in floors)
    ok_runs = [r for r in ingests if r["returncode"] == 0]
    ingest_s = statistics.median(r["seconds"] for r in ok_runs) if ok_runs else None
    ingest_mib = statistics.median(r["peak_mib"] for r in ok_runs) if ok_runs else None
    ratio = ingest_s / floor_s if ingest_s is not None else None
    floor_cpu = statistics.median(r["cpu_seconds"] for r in floors)
    ingest_cpu = statistics.median(r["cpu_seconds"] for r in ok_runs) if ok_runs else None
    cpu_ratio = ingest_cpu / floor_cpu if ingest_cpu is not None else None
    floor_parts = {k: round(statistics.median(r["parts"][k] for r in floors), 2) for k in floors[0]["parts"]}
    time_ok = ratio is not None and ratio <= RATIO_TARGET
    memory_ok = ingest_mib is not None and ingest_mib <= MEMORY_TARGET_MIB

    def verdict(ok: bool) -> str:
        return "PASS" if ok else "FAIL"

    def fmt(value, spec):
        return "n/a" if value is None else format(value, spec)

    runs = len(floors)
    print(f"\nreviewbench ingest vs floor ({'median of ' + str(runs) + ' runs' if runs > 1 else '1 run'})")
    print(f"  {'measure':<22} {'floor':>9} {'ingest':>9} {'target':>12}  result")
    print(f"  {'wall time (s)':<22} {floor_s:>9.2f} {fmt(ingest_s, '.2f'):>9} {'':>12}")
    print(f"  {'cpu time (s)':<22} {floor_cpu:>9.2f} {fmt(ingest_cpu, '.2f'):>9} {'':>12}  "
          f"(ratio {fmt(cpu_ratio, '.2f')}, for information)")
    print(f"  {'ratio ingest/floor':<22} {'':>9} {fmt(ratio, '.2f'):>9} {'<= ' + str(RATIO_TARGET):>12}  {verdict(time_ok)}")
    print(f"  {'peak memory (MiB)':<22} {floor_mib:>9.0f} {fmt(ingest_mib, '.0f'):>9} "
          f"{'<= ' + format(MEMORY_TARGET_MIB, '.0f'):>12}  {verdict(memory_ok)}")
    checks_ok = not problems
    print(f"  {'ingest report checks':<22} {'':>9} {'':>9} {'':>12}  {verdict(checks_ok)}")
    print("  floor by part (s): " + ", ".join(f"{k} {v:.2f}" for k, v in floor_parts.items()))
    for problem in problems:
        print(f"  - {problem}")

    result = {
        "case": str(case), "entries": expected["entries"], "agencies": expected["agencies"],
        "files": len(files), "case_mib": round(size / 2**20, 1), "runs": runs,
        "floor": {"seconds": round(floor_s, 3), "cpu_seconds": round(floor_cpu, 3),
                  "peak_mib": round(floor_mib, 1), "rows": floors[0]["rows"], "parts_seconds": floor_parts,
                  "all_seconds": [round(r["seconds"], 3) for r in floors],
                  "all_peak_mib": [round(r["peak_mib"], 1) for r in floors]},
        "ingest": {"seconds": None if ingest_s is None else round(ingest_s, 3),
                   "cpu_seconds": None if ingest_cpu is None else round(ingest_cpu, 3),
                   "peak_mib": None if ingest_mib is None else round(ingest_mib, 1),
                   "all_seconds": [round(r["seconds"], 3) for r in ingests],
                   "all_peak_mib": [round(r["peak_mib"], 1) for r in ingests],
                   "exit_codes": [r["returncode"] for r in ingests]},
        "ratio": None if ratio is None else round(ratio, 3),
        "cpu_ratio": None if cpu_ratio is None else round(cpu_ratio, 3),
        "targets": {"ratio_max": RATIO_TARGET, "peak_mib_max": MEMORY_TARGET_MIB},
        "pass": {"time": time_ok, "memory": memory_ok, "checks": checks_ok},
        "problems": problems,
        "environment": _versions(),
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"\nFigures written to {args.json}")

    if args.profile:
        profile_ingest(case)
    return 0 if (time_ok and memory_ok and checks_ok) else 1


if __name__ == "__main__":
    sys.exit(main())
