"""The example portfolio (examples/portfolio: Child T, the rapid review Child Q, the SILP local review Child R)
built on the local process pool and on a Dask distributed cluster (issue 17, item 8): three reviews, every
action in the tables with the status and flags its file gives it, and the same tables from both engines."""

from __future__ import annotations

import collections
import csv
import datetime as dt
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

import yaml_files
from conftest import EXAMPLE_PORTFOLIO, copy_example_portfolio
from reviewbench.cli import main
from reviewbench.portfolio import BuildOptions, build_portfolio, build_review, load_portfolio
from reviewbench.portfolio.statuses import plan_terms

AS_OF = dt.date(2026, 11, 30)
TABLES = ("portfolio.csv", "actions.csv")


def _rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _tables(portfolio: Path) -> dict[str, list[dict]]:
    """The portfolio's tables, less the column that says what this run built (a second run builds nothing)."""
    return {name: [{k: v for k, v in row.items() if k != "built"} for row in _rows(portfolio / "build" / name)]
            for name in TABLES}


def _plans() -> dict[str, list[dict]]:
    """Each example review's actions as its authored/actions.yaml holds them (none without one), by review id."""
    plans = {}
    for folder in load_portfolio(EXAMPLE_PORTFOLIO).review_folders():
        review_id = yaml_files.safe_load((folder / "review.yaml").read_text(encoding="utf-8"))["id"]
        path = folder / "authored" / "actions.yaml"
        plans[review_id] = yaml_files.safe_load(path.read_text(encoding="utf-8"))["actions"] if path.is_file() else []
    return plans


def _audits() -> set[str]:
    """The ids of the example portfolio's case audits (kind: audit): scored, with no chronology to build."""
    return {folder.name for folder in load_portfolio(EXAMPLE_PORTFOLIO).review_folders()
            if yaml_files.safe_load((folder / "review.yaml").read_text(encoding="utf-8")).get("kind") == "audit"}


def _status(action: dict) -> str:
    return action["status_history"][-1]["status"] if action.get("status_history") else "not-started"


def _expected_flags(action: dict) -> list[str]:
    """The two rules of reviewbench/data/actions.yaml, read off the action as written."""
    done = {s.id for s in plan_terms().statuses if s.done}
    flags = []
    if action["due"] < AS_OF and _status(action) not in done:
        flags.append("overdue")
    if _status(action) in done and not action.get("evidence"):
        flags.append("done-without-evidence")
    return flags


@pytest.fixture(scope="module")
def pooled(tmp_path_factory):
    """A copy of the example portfolio built on a local pool of two processes."""
    portfolio = copy_example_portfolio(tmp_path_factory.mktemp("pooled"))
    result = build_portfolio(portfolio, as_of=AS_OF, workers=2)
    return portfolio, result


@pytest.fixture(scope="module")
def scheduler():
    """A Dask cluster of two worker processes on loopback; its scheduler's address."""
    from distributed import LocalCluster
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster:
        yield cluster.scheduler_address


def _free_address() -> str:
    """A loopback address where nothing listens (a port the system just gave out, closed again)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"tcp://127.0.0.1:{port}"


# -- the example portfolio ------------------------------------------------------------------------

@pytest.mark.slow
def test_the_example_portfolio_builds_its_reviews_and_its_audit_without_a_problem(pooled):
    portfolio, result = pooled
    assert [o.id for o in result.outcomes] == list(_plans())
    assert len(result.outcomes) == 4 and result.ok, [(o.reason, o.problems) for o in result.outcomes]
    kinds = {o.id: (o.kind, o.methodology) for o in result.outcomes}
    assert kinds["child-q"] == ("rapid-review", "rapid-review")
    assert kinds["child-r"] == ("local-review", "silp")
    assert {rid for rid, (kind, _) in kinds.items() if kind == "audit"} == _audits() == {"audit-neglect-2026"}
    rows = {r["id"]: r for r in _rows(portfolio / "build" / "portfolio.csv")}
    for outcome in result.outcomes:
        assert int(rows[outcome.id]["findings"]) == outcome.findings
        assert int(rows[outcome.id]["recommendations"]) == outcome.recommendations
        assert int(rows[outcome.id]["actions"]) == len(_plans()[outcome.id])
    planned = [o for o in result.outcomes if _plans()[o.id]]
    assert [o.id for o in planned] == ["child-t", "child-r"]
    assert all(o.findings and o.recommendations for o in planned)


@pytest.mark.slow
def test_every_action_is_in_the_tables_with_the_status_and_flags_its_file_gives_it(pooled):
    portfolio, _ = pooled
    plans = _plans()
    actions = _rows(portfolio / "build" / "actions.csv")
    assert [(a["review"], a["action"], a["status"], a["flags"]) for a in actions] == [
        (review_id, action["id"], _status(action), "; ".join(_expected_flags(action)))
        for review_id, plan in plans.items() for action in plan]
    for row in _rows(portfolio / "build" / "portfolio.csv"):
        counted = collections.Counter(_status(a) for a in plans[row["id"]])
        flagged = collections.Counter(f for a in plans[row["id"]] for f in _expected_flags(a))
        for status in plan_terms().status_ids:
            assert int(row[f"actions_{status}"]) == counted[status], (row["id"], status)
        for rule in plan_terms().rules:
            assert int(row[f"flagged_{rule}"]) == flagged[rule], (row["id"], rule)


def test_the_example_reviews_keep_their_actions_in_different_states():
    statuses = {review_id: {_status(a) for a in plan} for review_id, plan in _plans().items()}
    assert statuses["child-r"] == set(plan_terms().status_ids)                 # one action in each state
    assert statuses["child-r"] - statuses["child-t"]                           # and one Child T has not
    flags = {f for plan in _plans().values() for a in plan for f in _expected_flags(a)}
    assert flags == set(plan_terms().rules)                                       # every rule raised somewhere


# -- on a Dask cluster ----------------------------------------------------------------------------

@pytest.mark.slow
def test_the_portfolio_built_on_a_dask_cluster_has_the_same_outcome_as_on_the_pool(pooled, scheduler, tmp_path,
                                                                                   capsys):
    portfolio = copy_example_portfolio(tmp_path)
    assert main(["portfolio", str(portfolio), "--scheduler", scheduler, "--as-of", AS_OF.isoformat()]) == 0
    out = capsys.readouterr().out
    for review_id in _plans():
        built = "audit" if review_id in _audits() else "ingest, graph, lenses"
        assert f"{review_id}: built {built}" in out
    assert f"[{len(_plans())}/{len(_plans())}] " in out and f"Wrote {portfolio / 'build' / 'actions.xlsx'}" in out
    assert _tables(portfolio) == _tables(pooled[0])


@pytest.mark.slow
def test_a_review_that_fails_on_the_cluster_is_reported_with_its_folder_and_reason_as_on_the_pool(scheduler,
                                                                                                  tmp_path, capsys):
    root = tmp_path / "p"
    shutil.copytree(EXAMPLE_PORTFOLIO / "child-q", root / "child-q", ignore=shutil.ignore_patterns("build"))
    (root / "portfolio.yaml").write_text("partnership: Testshire Safeguarding Children Partnership (fictional)\n"
                                         "reviews: [{path: child-q}, {path: not-there}]\n", encoding="utf-8")
    on_pool = build_review(root / "not-there", BuildOptions(as_of=AS_OF))
    assert main(["portfolio", str(root), "--scheduler", scheduler, "--as-of", AS_OF.isoformat()]) == 1
    captured = capsys.readouterr()
    assert f"Failed: {root / 'not-there'}: {on_pool.reason}" in captured.err
    assert f"not-there: FAILED: {on_pool.reason}" in captured.out
    assert "child-q: built ingest, graph, lenses" in captured.out
    assert {r["folder"]: r["build"] for r in _rows(root / "build" / "portfolio.csv")} == {
        "child-q": "ok", "not-there": "failed"}


@pytest.mark.slow
def test_an_unreachable_scheduler_is_a_sentence_naming_its_address_and_what_to_do(tmp_path, capsys):
    portfolio = copy_example_portfolio(tmp_path)
    address = _free_address()
    assert main(["portfolio", str(portfolio), "--scheduler", address, "--connect-timeout", "1"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"Problem: the Dask scheduler at {address} could not be reached within 1 s")
    assert "leave out --scheduler to build on this computer's cores" in err and "Traceback" not in err
    assert not (portfolio / "build").exists() and not (portfolio / "child-q" / "build").exists()
    assert main(["portfolio", str(portfolio), "--scheduler", "scheduler-host"]) == 1
    assert "'scheduler-host' is not the address of a Dask scheduler" in capsys.readouterr().err


def test_workers_and_a_scheduler_together_are_a_usage_error(tmp_path, capsys):
    assert main(["portfolio", str(tmp_path), "--scheduler", "tcp://127.0.0.1:8786", "--workers", "2"]) == 2
    assert "with --scheduler the cluster's workers build the reviews" in capsys.readouterr().err


@pytest.mark.slow
def test_a_build_on_the_pool_does_not_import_dask(tmp_path):
    root = tmp_path / "p"
    shutil.copytree(EXAMPLE_PORTFOLIO / "child-q", root / "child-q", ignore=shutil.ignore_patterns("build"))
    (root / "portfolio.yaml").write_text("partnership: Testshire Safeguarding Children Partnership (fictional)\n",
                                         encoding="utf-8")
    code = ("import sys; from reviewbench.cli import main; "
            f"code = main(['portfolio', {str(root)!r}, '--workers', '1']); print(code, 'distributed' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.stdout.splitlines()[-1] == "0 False", done.stdout + done.stderr
    assert (root / "build" / "actions.csv").is_file()


# -- verifying the portfolio ----------------------------------------------------------------------

@pytest.mark.slow
def test_verify_checks_every_review_on_the_pool_and_the_cluster_and_names_a_changed_submission(pooled, scheduler,
                                                                                               tmp_path, capsys):
    """``portfolio DIR --verify`` runs reviewbench verify for each review (the audit is not verifiable, never
    "verified"), on the pool as on the cluster, builds nothing, and names the review whose input changed."""
    root = Path(shutil.copytree(pooled[0].parent, tmp_path / "copy"))      # the portfolio and ../child-t beside it
    portfolio = root / "portfolio"
    assert main(["portfolio", str(portfolio), "--verify", "--render"]) == 2
    assert "leave out --render" in capsys.readouterr().err

    assert main(["portfolio", str(portfolio), "--verify", "--workers", "2"]) == 0
    out = capsys.readouterr().out
    reviews = list(_plans())
    for review_id in reviews:
        expected = "not verifiable: a case audit" if review_id in _audits() else "verified"
        assert f"{review_id}: {expected}" in out, review_id
    rows = {row["review"]: row for row in _rows(portfolio / "build" / "verify.csv")}
    assert sorted(rows) == sorted(reviews)
    assert {rid: row["verdict"] for rid, row in rows.items()} == {
        rid: "not verifiable" if rid in _audits() else "verified" for rid in reviews}

    submission = sorted((portfolio / "child-r" / "agency_reports").iterdir())[0]
    submission.write_bytes(submission.read_bytes() + b"\n")              # a changed submission, after the build
    built = {p: p.stat().st_mtime_ns for p in (portfolio / "child-r" / "build").rglob("*") if p.is_file()}
    assert main(["portfolio", str(portfolio), "--verify", "--scheduler", scheduler]) == 1
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if "] child-r: " in line)
    assert "child-r: not verified (" in line and f"agency_reports/{submission.name}" in line
    assert all(f"{rid}: verified" in out for rid in reviews if rid not in _audits() | {"child-r"})
    assert {p: p.stat().st_mtime_ns for p in (portfolio / "child-r" / "build").rglob("*") if p.is_file()} == built
    assert {row["review"]: row["verdict"] for row in _rows(portfolio / "build" / "verify.csv")}["child-r"] == \
        "not verified"
