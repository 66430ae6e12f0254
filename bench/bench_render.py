"""Time ``render_review`` on the example review against a floor measured in the same run.

    python bench/bench_render.py [--repeat 3] [--json bench/out/bench_render.json]

The floor is the least any notebook-based report could cost: papermill executing a trivial
notebook (kernel "reviewbench") whose one cell imports pandas, networkx and matplotlib, then
nbconvert turning it into HTML with the built-in lab template. The render is the real thing
on a fresh copy of examples/child-t (no build/): ingest, network graph and figures, the
methodology notebook, report.html and report.docx. Then one sentence of authored text is
changed and the review rendered again: that re-render must reuse the ingest and the graph
(build/chronology.csv untouched) and is timed too.

Each measurement runs in a fresh process, so each pays for starting Python and importing
its libraries; floor and render alternate, and the medians are compared.
Target: render (HTML and DOCX) at most 2 x the floor. Exit code 0 when met, 1 otherwise.
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
REPO = BENCH_DIR.parent
EXAMPLE = REPO / "examples" / "child-t"
OUT_DIR = BENCH_DIR / "out"
RATIO_TARGET = 2.0


# -- the measured children --------------------------------------------------------------------

def floor_child(work: Path) -> dict:
    import nbformat
    import papermill
    from nbconvert import HTMLExporter
    from nbformat.v4 import new_code_cell, new_notebook

    nb = new_notebook(cells=[new_code_cell("x = 1", metadata={"tags": ["parameters"]}),
                             new_code_cell("import pandas, networkx, matplotlib")])
    nb.metadata["kernelspec"] = {"name": "reviewbench", "display_name": "reviewbench", "language": "python"}
    source, executed = work / "trivial.ipynb", work / "trivial-out.ipynb"
    nbformat.write(nb, source)
    papermill.execute_notebook(str(source), str(executed), parameters={"x": 2}, kernel_name="reviewbench",
                               cwd=str(work), progress_bar=False)
    body, _ = HTMLExporter(template_name="lab").from_filename(str(executed))
    (work / "trivial.html").write_text(body, encoding="utf-8")
    return {"html_bytes": len(body)}


def render_child(review: Path) -> dict:
    from reviewbench.build import run_render
    result = run_render(review)
    return {"ingested": result.ingested, "graphed": result.graphed, "html_bytes": result.html.stat().st_size,
            "docx_bytes": result.docx.stat().st_size, "gaps": len(result.gaps)}


def measure(args: list[str]) -> dict:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, str(Path(__file__).resolve()), *args], capture_output=True, text=True)
    seconds = time.perf_counter() - started
    out = {"seconds": seconds, "returncode": done.returncode}
    if done.returncode == 0:
        out.update(json.loads(done.stdout.strip().splitlines()[-1]))
    else:
        out["stderr"] = done.stderr[-2000:]
    return out


def _fresh_copy(root: Path, name: str) -> Path:
    target = root / name
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns("build"))
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; medians are compared")
    parser.add_argument("--json", type=Path, default=OUT_DIR / "bench_render.json", help="where to write the figures")
    parser.add_argument("--floor-child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--render-child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.floor_child:
        print(json.dumps(floor_child(args.floor_child)))
        return 0
    if args.render_child:
        print(json.dumps(render_child(args.render_child)))
        return 0

    floors, renders, rerenders, problems = [], [], [], []
    with tempfile.TemporaryDirectory(prefix="reviewbench-bench-render-") as tmp:
        root = Path(tmp)
        for attempt in range(1, max(1, args.repeat) + 1):
            work = root / f"floor-{attempt}"
            work.mkdir()
            floor = measure(["--floor-child", str(work)])
            review = _fresh_copy(root, f"child-t-{attempt}")
            render = measure(["--render-child", str(review)])
            chronology = review / "build" / "chronology.csv"
            before = chronology.stat().st_mtime_ns if chronology.exists() else None
            overview = review / "authored" / "sections" / "overview.md"
            overview.write_text(overview.read_text(encoding="utf-8") + "\nOne more sentence for the benchmark.\n",
                                encoding="utf-8")
            rerender = measure(["--render-child", str(review)])
            after = chronology.stat().st_mtime_ns if chronology.exists() else None
            for name, run in (("floor", floor), ("render", render), ("re-render", rerender)):
                if run["returncode"] != 0:
                    problems.append(f"{name} run {attempt} failed: {run.get('stderr', '')}")
            if rerender.get("ingested") or rerender.get("graphed") or before != after:
                problems.append(f"re-render {attempt} did not reuse the ingest and graph")
            floors.append(floor["seconds"])
            renders.append(render["seconds"])
            rerenders.append(rerender["seconds"])
            print(f"run {attempt}: floor {floor['seconds']:.2f} s, render {render['seconds']:.2f} s, "
                  f"re-render {rerender['seconds']:.2f} s", flush=True)

    floor_s, render_s, rerender_s = (statistics.median(x) for x in (floors, renders, rerenders))
    ratio, re_ratio = render_s / floor_s, rerender_s / floor_s
    figures = {
        "floor_seconds": round(floor_s, 3), "render_seconds": round(render_s, 3),
        "rerender_seconds": round(rerender_s, 3), "ratio": round(ratio, 3), "rerender_ratio": round(re_ratio, 3),
        "target_ratio": RATIO_TARGET, "runs": {"floor": floors, "render": renders, "rerender": rerenders},
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()},
        "problems": problems,
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    met = ratio <= RATIO_TARGET and not problems
    print(f"Floor (papermill trivial notebook + nbconvert HTML): {floor_s:.2f} s (median of {len(floors)})")
    print(f"Render of the example, fresh (HTML and DOCX):        {render_s:.2f} s = {ratio:.2f} x floor "
          f"(target <= {RATIO_TARGET:.1f} x)")
    print(f"Re-render after an authored change (cache reused):  {rerender_s:.2f} s = {re_ratio:.2f} x floor")
    for problem in problems:
        print(f"PROBLEM: {problem}")
    print(("PASS" if met else "FAIL") + f"; figures in {args.json}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
