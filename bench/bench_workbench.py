"""Benchmark of the workbench's chronology browser: filter, then draw one page of the table.

Writes a synthetic review (default 100,000 entries from 50 agencies over three years, the
generator of ``bench_network.py``; a few KPEs and 2,000 tagged entries) into
``bench/out/workbench/``, opens it with ``Workbench``, and for several filter combinations
times

* **api**: ``Workbench.criteria`` + ``positions`` + ``page_html`` (filter and render a page);
* **widget**: the same through the browser widget: set the filter widgets, which filters,
  renders the page into its ``ipywidgets.HTML``, and refills the entry picker, as a click
  in JupyterLab does (without the browser's own drawing time).

Target (issue "interactive workbench"): at most 150 ms per filter + page, for the median and
for the slowest run of every combination. Exit code 0 when met.

    .venv/bin/python bench/bench_workbench.py [--entries 100000] [--agencies 50] [--repeat 7]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_network import make_chronology  # noqa: E402  (the same synthetic chronology)
from reviewbench.chronology.export import write_csv  # noqa: E402
from reviewbench.workbench import Workbench  # noqa: E402

LIMIT_MS = 150.0


def write_case(root: Path, entries: int, agencies: int) -> list[str]:
    names = [f"Agency {i:02d} Service" for i in range(agencies)]
    (root / "build").mkdir(parents=True, exist_ok=True)
    (root / "authored").mkdir(exist_ok=True)
    (root / "review.yaml").write_text(yaml.safe_dump({
        "id": "bench-workbench", "title": "Workbench benchmark (synthetic)", "methodology": "scie-learning-together",
        "scope": {"start": "2021-01-01", "end": "2023-12-31"},
        "agencies": [{"name": n, "aliases": [f"AG{i:02d}", f"Team {i:02d}"]} for i, n in enumerate(names)],
    }, sort_keys=False), encoding="utf-8")
    chronology = make_chronology(entries, names)
    write_csv(chronology, root / "build" / "chronology.csv")
    rng = np.random.default_rng(11)
    ids = chronology["entry_id"].tolist()
    kpes = []
    for k in range(1, 9):
        start = int(rng.integers(0, len(ids) - 400))
        picked = sorted(set(rng.integers(start, start + 400, size=40).tolist()))
        kpes.append({"id": f"KPE{k}", "title": f"Episode {k}", "start": chronology["date"][picked[0]],
                     "end": chronology["date"][picked[-1]], "entries": [ids[i] for i in picked]})
    (root / "authored" / "kpes.yaml").write_text(yaml.safe_dump({"kpes": kpes}, sort_keys=False), encoding="utf-8")
    themes = ["A1", "A2", "A4", "B1", "B3", "C1"]
    tags = {ids[i]: {"significance": ["concern"] if i % 3 else ["key-event"],
                     "themes": [themes[i % len(themes)]], **({"note": "checked with the school"} if i % 5 == 0 else {})}
            for i in sorted(set(rng.integers(0, len(ids), size=2000).tolist()))}
    (root / "authored" / "tags.yaml").write_text(yaml.safe_dump({"tags": tags}, sort_keys=False), encoding="utf-8")
    return names


def combinations(names: list[str]) -> dict[str, dict]:
    return {
        "no filter": {},
        "3 agencies": {"agency": names[:3]},
        "date range (3 months)": {"start": dt.date(2022, 3, 1), "end": dt.date(2022, 5, 31)},
        "text 'bruising'": {"text": "bruising"},
        "text 'child seen alone' (3 words)": {"text": "child seen alone"},
        "text, no match": {"text": "zebra"},
        "agency + kind + dates + text": {"agency": names[:10], "kind": "home-visit", "start": dt.date(2021, 6, 1),
                                         "end": dt.date(2023, 6, 1), "text": "seen"},
        "KPE": {"kpe": "KPE3"},
        "tag 'concern'": {"tag": "concern"},
        "joint events, in scope": {"joint": True, "in_scope": True},
    }


def time_api(wb: Workbench, filters: dict, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        positions = wb.positions(wb.criteria(**filters))
        html = wb.page_html(positions, 0, 25)
        out.append((time.perf_counter() - t0) * 1000)
        assert "<table" in html or "No entry matches" in html
    return out


def _set(browser, filters: dict) -> None:
    """Set the filter widgets the way a reviewer does; the last change triggers the filter."""
    browser._quiet = True
    try:
        browser.agency.value = tuple(filters.get("agency", ()))
        browser.start.value = filters.get("start")
        browser.end.value = filters.get("end")
        browser.kind.value = filters.get("kind", "")
        browser.kpe.value = filters.get("kpe", "")
        browser.tag.value = filters.get("tag", "")
        browser.joint.value = {True: "yes", False: "no"}.get(filters.get("joint"), "")
        browser.in_scope.value = bool(filters.get("in_scope"))
        browser.text.value = ""
    finally:
        browser._quiet = False


def time_widget(browser, filters: dict, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        _set(browser, filters)
        text = filters.get("text", "")
        t0 = time.perf_counter()
        if text:
            browser.text.value = text          # the observer filters and redraws
        else:
            browser.refresh()
        out.append((time.perf_counter() - t0) * 1000)
        browser._quiet = True
        browser.text.value = ""
        browser._quiet = False
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--agencies", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "out" / "workbench")
    args = parser.parse_args(argv)

    t0 = time.perf_counter()
    names = write_case(args.out, args.entries, args.agencies)
    t1 = time.perf_counter()
    wb = Workbench(args.out)
    t2 = time.perf_counter()
    ui = wb.show()
    t3 = time.perf_counter()
    print(f"{len(wb.chronology):,} entries, {args.agencies} agencies, {len(wb.kpes)} KPEs, "
          f"{len(wb.tag_store.tags):,} tagged entries (case written in {t1 - t0:.1f} s)")
    print(f"open: Workbench {1000 * (t2 - t1):,.0f} ms (read the CSV, index it, load authored/), "
          f"widgets {1000 * (t3 - t2):,.0f} ms; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"\n{'filter':36} {'matches':>8} {'api median':>11} {'api max':>8} {'widget median':>14} {'widget max':>11}")
    results, ok = [], True
    for label, filters in combinations(names).items():
        matches = len(wb.positions(wb.criteria(**filters)))
        api = time_api(wb, filters, args.repeat)
        widget = time_widget(ui.browser, filters, args.repeat)
        row = {"filter": label, "matches": matches, "api_median_ms": statistics.median(api), "api_max_ms": max(api),
               "widget_median_ms": statistics.median(widget), "widget_max_ms": max(widget)}
        results.append(row)
        ok &= max(row["api_max_ms"], row["widget_max_ms"]) <= LIMIT_MS
        print(f"{label:36} {matches:>8,} {row['api_median_ms']:>9.1f}ms {row['api_max_ms']:>6.1f}ms "
              f"{row['widget_median_ms']:>12.1f}ms {row['widget_max_ms']:>9.1f}ms")
    worst = max(max(r["api_max_ms"], r["widget_max_ms"]) for r in results)
    print(f"\nslowest filter + page: {worst:.1f} ms (target at most {LIMIT_MS:.0f} ms): "
          f"{'within the target' if ok else 'OVER THE TARGET'}")
    (args.out.parent / "bench_workbench.json").write_text(json.dumps(
        {"entries": len(wb.chronology), "agencies": args.agencies, "repeat": args.repeat, "limit_ms": LIMIT_MS,
         "results": results, "ok": ok}, indent=2), encoding="utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
