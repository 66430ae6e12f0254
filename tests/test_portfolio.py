"""The portfolio (issue 17, item 1): portfolio.yaml checked like review.yaml; ``reviewbench portfolio DIR``
builds each stale review through the use cases (on a process pool), reports a review that fails with its
folder and reason while the rest build, and writes build/portfolio.csv, actions.csv and actions.xlsx."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest

import yaml_files
from action_plans import ACTIONS, RECOMMENDATIONS, write_actions
from conftest import REPO, make_review
from reviewbench.cli import main
from reviewbench.errors import ReviewConfigError
from reviewbench.portfolio import build_portfolio, load_portfolio

CHILD_Q = REPO / "examples" / "portfolio" / "child-q"
AS_OF = dt.date(2026, 11, 30)


def _portfolio(folder: Path, **keys) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    data = {"partnership": "Testshire Safeguarding Children Partnership (fictional)", **keys}
    (folder / "portfolio.yaml").write_text(yaml_files.safe_dump(data, sort_keys=False), encoding="utf-8")
    return folder


def _refused(folder: Path) -> str:
    with pytest.raises(ReviewConfigError) as caught:
        load_portfolio(folder)
    return str(caught.value)


# -- portfolio.yaml -----------------------------------------------------------------------------

@pytest.mark.parametrize("keys, said", [
    ({"themes": [{"id": "neglect", "label": "Neglect"}], "agencys": []},
     "unknown key 'agencys': did you mean 'agencies'?"),
    ({"themes": [{"id": "neglect", "lable": "Neglect"}]}, "unknown key 'themes.0.lable': did you mean 'label'?"),
    ({"pack": "england-wt2032"}, "'england-wt2032' is not a rules pack: did you mean 'england-wt2023'?"),
    ({"jurisdiction": "scotland"}, "key 'jurisdiction': must be 'england' or 'wales' (found 'scotland')"),
    ({"reviews": [{"folder": "child-q"}]}, "unknown key 'reviews.0.folder'"),
])
def test_portfolio_yaml_refuses_what_it_does_not_know_naming_the_key(tmp_path, keys, said):
    message = _refused(_portfolio(tmp_path / "p", **keys))
    assert message.startswith(str(tmp_path / "p" / "portfolio.yaml"))
    assert said in message


def test_a_pack_of_another_jurisdiction_and_a_portfolio_without_reviews_are_refused(tmp_path):
    assert "the rules pack 'wales-susr-2024' is for wales, not england" in _refused(
        _portfolio(tmp_path / "a", pack="wales-susr-2024", reviews=[{"path": "x"}]))
    assert "lists no reviews, and no sub-folder of the portfolio holds a review.yaml" in _refused(
        _portfolio(tmp_path / "b"))
    assert "there is no portfolio.yaml in" in _refused(tmp_path)


def test_reviews_are_the_sub_folders_holding_a_review_yaml_or_those_listed_wherever_they_live(tmp_path):
    found = _portfolio(tmp_path / "found")
    make_review(found / "b-review")
    make_review(found / "a-review")
    (found / "notes").mkdir()
    assert [p.name for p in load_portfolio(found).review_folders()] == ["a-review", "b-review"]
    listed = _portfolio(tmp_path / "listed", reviews=[{"path": "../found/b-review"}, {"path": "missing"}])
    assert load_portfolio(listed).review_folders() == [found / "b-review", listed / "missing"]


def test_the_example_portfolio_references_child_t_where_it_lives():
    portfolio = load_portfolio(REPO / "examples" / "portfolio")
    assert REPO / "examples" / "child-t" in portfolio.review_folders()
    assert portfolio.jurisdiction == "england" and portfolio.themes and portfolio.agencies


# -- building -----------------------------------------------------------------------------------

def _review_with_actions(folder: Path) -> Path:
    """A copy of the example rapid review as a learning review with recommendations and actions."""
    shutil.copytree(CHILD_Q, folder, ignore=shutil.ignore_patterns("build"))
    config = yaml_files.safe_load((folder / "review.yaml").read_text(encoding="utf-8"))
    config.update(id="child-q2", methodology="scie-learning-together", kind="learning-review")
    (folder / "review.yaml").write_text(yaml_files.safe_dump(config, sort_keys=False), encoding="utf-8")
    (folder / "authored" / "recommendations.yaml").write_text(yaml_files.safe_dump(RECOMMENDATIONS), encoding="utf-8")
    write_actions(folder, ACTIONS)
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A portfolio of three reviews (a rapid review, a learning review with actions, and one whose ingest
    fails), built once on a pool of two workers; then built again in one process."""
    root = _portfolio(tmp_path_factory.mktemp("portfolio") / "p")
    shutil.copytree(CHILD_Q, root / "q1", ignore=shutil.ignore_patterns("build"))
    _review_with_actions(root / "q2")
    broken = make_review(root / "zz-broken", id="broken-review")
    (broken / "agency_reports" / "export.csv").write_text("Date,Details\n01/02/2022,A visit (FICTIONAL).\n",
                                                          encoding="utf-8")
    first = build_portfolio(root, as_of=AS_OF, workers=2)
    tables = {name: (root / "build" / name).read_text(encoding="utf-8") for name in ("portfolio.csv", "actions.csv")}
    second = build_portfolio(root, as_of=AS_OF, workers=1)
    return root, first, tables, second


def _rows(text: str) -> list[dict]:
    return list(csv.DictReader(text.splitlines()))


@pytest.mark.slow
def test_a_review_that_fails_is_reported_with_its_folder_and_reason_and_the_rest_build(built):
    root, first, tables, _ = built
    assert [o.ok for o in first.outcomes] == [True, True, False]
    [failed] = first.failed
    assert failed.folder == str(root / "zz-broken")
    assert "the ingest failed, so the review was not built" in failed.reason
    assert "agency_reports/export.csv" in failed.reason
    rows = {r["folder"]: r for r in _rows(tables["portfolio.csv"])}
    assert rows["zz-broken"]["build"] == "failed" and rows["zz-broken"]["reason"] == failed.reason
    assert (rows["q1"]["build"], rows["q1"]["built"]) == ("ok", "ingest; graph; lenses")
    assert (root / "q2" / "build" / "chronology.csv").is_file() and not first.ok


@pytest.mark.slow
def test_the_tables_have_a_row_per_review_and_every_action_with_its_review(built):
    root, _, tables, _ = built
    rows = {r["id"]: r for r in _rows(tables["portfolio.csv"])}
    assert (rows["child-q"]["kind"], rows["child-q2"]["kind"]) == ("rapid-review", "learning-review")
    assert rows["child-q"]["period"] == "2025-03-01/2025-09-30"
    assert rows["child-q"]["stage"] == "rapid review completed and sent to the national Panel"
    q2 = rows["child-q2"]
    assert (q2["recommendations"], q2["actions"], q2["actions_on-track"], q2["actions_evidenced"]) == \
        ("2", "3", "1", "1")
    assert (q2["flagged_overdue"], q2["actions_flagged"]) == ("2", "2")       # A1 and P1 are past due
    actions = _rows(tables["actions.csv"])
    assert [(a["review"], a["action"], a["owner_agency"]) for a in actions] == [
        ("child-q2", "A1", "Children's Social Care"), ("child-q2", "A2", "Children's Social Care"),
        ("child-q2", "P1", "Police")]
    assert actions[0]["recommendation_text"] == RECOMMENDATIONS["recommendations"][0]["text"]
    book = openpyxl.load_workbook(root / "build" / "actions.xlsx")
    assert book.sheetnames == ["Actions", "Flags", "Reviews"]
    assert book["Flags"].max_row == 3 and book["Actions"].max_row == 4


@pytest.mark.slow
def test_a_second_run_builds_nothing_that_is_current_and_gives_the_same_tables(built):
    root, first, tables, second = built
    assert [o.built for o in second.outcomes if o.ok] == [[], []]
    now = {name: (root / "build" / name).read_text(encoding="utf-8") for name in ("portfolio.csv", "actions.csv")}
    assert now["actions.csv"] == tables["actions.csv"]      # the pool and one process give the same
    drop_built = [{k: v for k, v in r.items() if k != "built"} for r in _rows(now["portfolio.csv"])]
    assert drop_built == [{k: v for k, v in r.items() if k != "built"} for r in _rows(tables["portfolio.csv"])]


@pytest.mark.slow
def test_a_changed_submission_rebuilds_that_review_only_and_the_command_says_so(built, tmp_path, capsys):
    root = tmp_path / "p"
    shutil.copytree(built[0], root)
    shutil.rmtree(root / "zz-broken")
    with (root / "q1" / "agency_reports" / "police_occurrences.csv").open("a", encoding="utf-8") as fh:
        fh.write('23/09/2025,Interview,"Mother interviewed (FICTIONAL).",Released on bail.,Detective Constable\n')
    assert main(["portfolio", str(root), "--workers", "1", "--as-of", "2026-11-30"]) == 0
    out = capsys.readouterr().out
    assert "[1/2] child-q: built ingest, graph, lenses" in out
    assert "[2/2] child-q2: up to date" in out
    assert "2 reviews, 0 failed to build; 3 actions, 2 flagged." in out


@pytest.mark.slow
def test_the_command_exits_1_naming_the_failed_folder(built, tmp_path, capsys):
    root = tmp_path / "p"
    shutil.copytree(built[0], root)
    assert main(["portfolio", str(root), "--as-of", "2026-11-30"]) == 1
    captured = capsys.readouterr()
    assert f"Failed: {root / 'zz-broken'}: the ingest failed" in captured.err
    assert "broken-review: FAILED: the ingest failed, so the review was not built" in captured.out


@pytest.mark.kernel
@pytest.mark.slow
def test_render_renders_a_stale_draft_once(tmp_path):
    root = _portfolio(tmp_path / "p", reviews=[{"path": "q"}])
    shutil.copytree(CHILD_Q, root / "q", ignore=shutil.ignore_patterns("build"))
    first = build_portfolio(root, as_of=AS_OF, workers=1, lenses=False, render=True)
    assert first.outcomes[0].built == ["ingest", "graph", "render"] and first.outcomes[0].report == "current"
    assert (root / "q" / "build" / "report.html").is_file()
    again = build_portfolio(root, as_of=AS_OF, workers=1, lenses=False, render=True)
    assert again.outcomes[0].built == [] and again.outcomes[0].report == "current"


@pytest.mark.slow
def test_a_review_with_nothing_to_build_fails_by_itself_and_another_jurisdiction_is_noted(tmp_path):
    root = _portfolio(tmp_path / "p")
    make_review(root / "welsh", id="welsh-review", jurisdiction="Wales")
    result = build_portfolio(root, as_of=AS_OF, workers=1)
    [outcome] = result.outcomes
    assert not outcome.ok and outcome.reason.startswith("there are no submissions in")
    assert outcome.folder == str(root / "welsh")
    assert result.notes == [f"welsh-review ({root / 'welsh'}) is a review under the rules of Wales; the "
                            "portfolio's jurisdiction is England."]
    assert _rows((root / "build" / "portfolio.csv").read_text(encoding="utf-8"))[0]["build"] == "failed"


def test_a_kind_of_review_not_in_the_list_is_refused_in_review_yaml(tmp_path):
    from reviewbench.config import load_review
    with pytest.raises(ReviewConfigError, match="key 'kind': must be 'rapid-review', 'local-review', "
                                                "'learning-review' or 'audit' \\(found 'audits'\\)"):
        load_review(make_review(tmp_path / "r", kind="audits"))
