"""Build the network outputs of the example and of the labelled test cases, and compare them with a saved set.

A speed change to the network stage must not change what it writes. This script copies
``examples/child-t`` and builds each case of ``tests/data/labelled_cases/`` as the labelled-cases test
does (one CSV per agency), runs ``ingest`` and ``graph`` on each, and either saves every file of
``build/network/`` (``--save``) or compares them byte for byte with a saved set (``--compare``).

    .venv/bin/python bench/network_outputs_same.py --save bench/out/network_before
    .venv/bin/python bench/network_outputs_same.py --compare bench/out/network_before

Exit code 0 when every file is the same (or after saving), 1 otherwise (each difference listed).
"""

from __future__ import annotations

import argparse
import csv
import filecmp
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))   # the labelled-cases test's own folder builder

from reviewbench.build import run_graph, run_ingest  # noqa: E402
from test_network_labelled_cases import _review_folder  # noqa: E402

LABELLED = ROOT / "tests" / "data" / "labelled_cases"


def _rows(name: str) -> list[dict]:
    with (LABELLED / name).open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def review_folders(work: Path) -> dict[str, Path]:
    """The example and the labelled cases as review folders under ``work``, by name."""
    folders = {"child-t": work / "child-t"}
    shutil.copytree(ROOT / "examples" / "child-t", folders["child-t"])
    agencies, entries = _rows("agencies.csv"), _rows("entries.csv")
    for case in _rows("cases.csv"):
        cid = case["case_id"]
        folders[cid] = _review_folder(case, [a for a in agencies if a["case_id"] == cid],
                                      [e for e in entries if e["case_id"] == cid], work / cid)
    return folders


def build(out: Path) -> None:
    """Every review's build/network/ copied to ``out/<review>/``."""
    with tempfile.TemporaryDirectory() as tmp:
        for name, folder in review_folders(Path(tmp)).items():
            if not run_ingest(folder, progress=False).ok:
                raise SystemExit(f"{name}: the ingest failed")
            run_graph(folder)
            shutil.copytree(folder / "build" / "network", out / name)


def differences(left: Path, right: Path) -> list[str]:
    """Files only on one side or not byte-identical, as relative paths."""
    found = []
    names = {p.relative_to(left) for p in left.rglob("*") if p.is_file()} | \
            {p.relative_to(right) for p in right.rglob("*") if p.is_file()}
    for name in sorted(names):
        a, b = left / name, right / name
        if not a.exists() or not b.exists():
            found.append(f"{name}: only in {left if a.exists() else right}")
        elif not filecmp.cmp(a, b, shallow=False):
            found.append(f"{name}: differs")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--save", type=Path, help="folder to write the outputs to (replaced)")
    group.add_argument("--compare", type=Path, help="folder of saved outputs to compare with")
    args = parser.parse_args(argv)
    if args.save:
        shutil.rmtree(args.save, ignore_errors=True)
        build(args.save)
        print(f"saved {sum(1 for p in args.save.rglob('*') if p.is_file())} files to {args.save}")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        now = Path(tmp) / "now"
        build(now)
        found = differences(args.compare, now)
    for line in found:
        print(line)
    print("the same" if not found else f"{len(found)} files differ")
    return 0 if not found else 1


if __name__ == "__main__":
    sys.exit(main())
