"""Benchmark of the network stage: interactions, graph, metrics and the three figures.

Generates a synthetic chronology (default 100,000 entries from 50 agencies over three years)
in memory, then times ``analyse`` and ``write_network`` (CSV, GraphML, JSON and the figures
as PNG and SVG). The target (issue "Agency interaction graph") is at most 10 s and 1 GiB.
Wall time depends on what else the machine is doing, so the CPU time and load are shown too.

    .venv/bin/python bench/bench_network.py [--entries 100000] [--agencies 50] [--repeat 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from reviewbench.chronology.schema import CHRONOLOGY_COLUMNS
from reviewbench.config import review_from_mapping
from reviewbench.network import analyse, write_network

LIMIT_SECONDS, LIMIT_MIB = 10.0, 1024
FILLER = ["Mother presented as tired.", "Home conditions noted as cluttered.", "Partner present during visit.",
          "Plan reviewed with the family.", "Next visit booked.", "Advice given on safe sleeping.",
          "School attendance discussed.", "Father not present.", "Housing arrears mentioned.",
          "Sibling also seen.", "Records updated.", "Manager consulted about the plan."]
TEMPLATES = [  # event type, event kind, description (B, C: other agencies), weight
    ("Referral", "referral", "Concerns about bruising. Referral to {B}.", 8),
    ("Referral received", "referral-received", "Referral received from {B}. Screened.", 6),
    ("Contact", "referral-received", "Contact from {B} about neglect; no further action.", 3),
    ("Information sharing", "notification", "Information shared with {B} about the incident.", 8),
    ("Information request", "information-request", "Checks requested from {B}.", 4),
    ("Telephone call", "telephone-contact", "Telephone call from {B} regarding attendance.", 8),
    ("Home visit", "home-visit", "Home visit, child seen alone.", 20),
    ("Appointment", "appointment", "Routine appointment. Weight checked.", 15),
    ("Appointment", "missed-appointment", "Child was not brought to the appointment.", 5),
    ("Incident", "police-incident", "Domestic incident reported; officers attended.", 5),
    ("Case note", "other", "Case discussed in supervision.", 10),
]
JOINT_SHARE = 0.03


def make_review(agencies: int, root: Path):
    names = [f"Agency {i:02d} Service" for i in range(agencies)]
    return review_from_mapping({
        "id": "bench", "title": "Benchmark (synthetic)", "methodology": "rca",
        "scope": {"start": "2021-01-01", "end": "2023-12-31"},
        "agencies": [{"name": n, "code": f"AG{i:02d}", "aliases": [f"AG{i:02d}", f"Team {i:02d}"]}
                     for i, n in enumerate(names)],
    }, root), names


def make_chronology(entries: int, names: list[str], seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    weights = np.array([t[3] for t in TEMPLATES], dtype=float)
    n_joint_events = int(entries * JOINT_SHARE / 3)
    n_plain = entries - 3 * n_joint_events
    first, days = dt.date(2021, 1, 1).toordinal(), 3 * 365
    pick = rng.choice(len(TEMPLATES), size=n_plain, p=weights / weights.sum())
    agency = rng.integers(0, len(names), size=n_plain)
    other = (agency + rng.integers(1, len(names), size=n_plain)) % len(names)
    alias = rng.integers(0, 3, size=n_plain)
    day = rng.integers(0, days, size=n_plain)
    filler = rng.integers(0, len(FILLER), size=(n_plain, 2))
    seen = rng.choice(["Y", "N", ""], size=n_plain, p=[0.3, 0.3, 0.4])
    rows = []
    for i in range(n_plain):
        event_type, kind, text, _ = TEMPLATES[pick[i]]
        b = names[other[i]] if alias[i] == 0 else (f"AG{other[i]:02d}" if alias[i] == 1 else f"Team {other[i]:02d}")
        rows.append((names[agency[i]], event_type, kind, f"{FILLER[filler[i, 0]]} {text.format(B=b)} "
                     f"{FILLER[filler[i, 1]]}", seen[i], first + int(day[i]), ""))
    for j in range(n_joint_events):
        members = rng.choice(len(names), size=3, replace=False)
        when = first + int(rng.integers(0, days))
        for m in members:
            rows.append((names[m], "Strategy discussion", "strategy-discussion", "Strategy discussion held.", "",
                         when, f"JE-{j:05d}"))
    frame = pd.DataFrame(rows, columns=["agency", "event_type", "event_kind", "description", "child_seen", "day",
                                        "joint_event_id"])
    frame = frame.sort_values(["day", "agency"], kind="stable").reset_index(drop=True)
    frame["date"] = [dt.date.fromordinal(d).isoformat() for d in frame["day"]]
    frame["entry_id"] = [f"E-{i:06d}" for i in range(len(frame))]
    frame["date_precision"] = "day"
    frame["in_scope"] = True
    for column in CHRONOLOGY_COLUMNS:
        if column not in frame.columns:
            frame[column] = ""
    return frame[list(CHRONOLOGY_COLUMNS)]


def run_once(review, chronology, out: Path) -> dict:
    wall, cpu = time.perf_counter(), time.process_time()
    analysis = analyse(review, chronology)
    mid_wall = time.perf_counter()
    written = write_network(analysis, out)
    end_wall, end_cpu = time.perf_counter(), time.process_time()
    return {"analysis": analysis, "written": written, "analyse": mid_wall - wall, "write": end_wall - mid_wall,
            "total": end_wall - wall, "cpu": end_cpu - cpu}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--agencies", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3, help="runs; the fastest is reported (default 3)")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "out" / "network")
    args = parser.parse_args(argv)

    review, names = make_review(args.agencies, args.out)
    chronology = make_chronology(args.entries, names)
    base_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    runs = [run_once(review, chronology, args.out) for _ in range(max(1, args.repeat))]
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    best = min(runs, key=lambda r: r["total"])
    analysis = best["analysis"]

    print(f"entries {len(chronology):,}, agencies {args.agencies}, interactions {len(analysis.interactions):,}, "
          f"referrals followed {len(analysis.followthrough):,}, statements {len(analysis.statements):,}")
    totals = ", ".join(f"{r['total']:.2f}" for r in runs)
    print(f"runs: {totals} s "
          f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")
    print(f"fastest run: analyse {best['analyse']:.2f} s + write_network (CSV, GraphML, JSON, three figures as "
          f"PNG and SVG) {best['write']:.2f} s = {best['total']:.2f} s wall, {best['cpu']:.2f} s CPU "
          f"(limit {LIMIT_SECONDS:.0f} s)")
    print(f"peak resident memory {peak_mib:,.0f} MiB (of which {base_mib:,.0f} MiB before the first run: "
          f"interpreter, libraries and the generated chronology; limit {LIMIT_MIB:,} MiB)")
    for path in best["written"]:
        if path.suffix in (".png", ".svg"):
            print(f"figure: {path} ({path.stat().st_size / 1024:,.0f} KiB)")
    ok = best["total"] <= LIMIT_SECONDS and peak_mib <= LIMIT_MIB
    print("within the limits" if ok else "OVER THE LIMITS")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
