"""authored/actions.yaml (issue 17, item 2): each action checked against the review's recommendations
and agencies and the statuses of reviewbench/data/actions.yaml, and flagged by the rules that carry
their statement and what in the action meets them."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from action_plans import ACTIONS, plan_review, write_actions
from conftest import EXAMPLE
from reviewbench.config import load_review
from reviewbench.errors import AuthoredError
from reviewbench.portfolio import action_flags, is_overdue, load_actions
from reviewbench.portfolio.statuses import plan_terms


def _problems(folder) -> list[str]:
    with pytest.raises(AuthoredError) as caught:
        load_actions(load_review(folder))
    return caught.value.problems


def _with(change: dict, index: int = 0) -> list[dict]:
    actions = [dict(a) for a in ACTIONS]
    actions[index] = {**actions[index], **change}
    return actions


def test_a_valid_plan_loads_with_each_current_status_the_last_of_its_history(tmp_path):
    plan = load_actions(load_review(plan_review(tmp_path / "r")))
    assert [(a.id, a.status) for a in plan.actions] == [("A1", "on-track"), ("A2", "evidenced"),
                                                        ("P1", "not-started")]
    assert [a.id for a in plan.of_agency("Police")] == ["P1"]


def test_an_unknown_recommendation_is_refused_naming_the_file_the_action_and_the_nearest_id(tmp_path):
    problems = _problems(plan_review(tmp_path / "r", _with({"recommendation": "R11"})))
    assert len(problems) == 1
    assert problems[0].startswith("authored/actions.yaml, action A1: recommendation 'R11' is not in "
                                  "authored/recommendations.yaml (did you mean 'R1'?)")


def test_an_owner_that_is_not_an_agency_of_the_review_is_refused_with_the_agencies(tmp_path):
    problems = _problems(plan_review(tmp_path / "r", _with({"owner_agency": "Polce"}, index=2)))
    assert "authored/actions.yaml, action P1: owner_agency 'Polce' is not an agency of review.yaml (did you " \
           "mean 'Police'?)" in problems[0]
    assert "Children's Social Care" in problems[0]


def test_an_alias_of_an_agency_is_read_as_the_agency(tmp_path):
    plan = load_actions(load_review(plan_review(tmp_path / "r", _with({"owner_agency": "constabulary"}, index=2))))
    assert plan.owner(plan.action("P1")) == "Police"


def test_a_status_not_in_the_list_is_refused_naming_the_key(tmp_path):
    history = [{"date": "2024-03-01", "status": "on-trak"}]
    problems = _problems(plan_review(tmp_path / "r", _with({"status_history": history})))
    assert problems[0].startswith("authored/actions.yaml, action A1: key 'status_history.0.status': 'on-trak' is "
                                  "not a status of an action (did you mean 'on-track'?)")


def test_an_impossible_date_is_refused_naming_the_action_and_key(tmp_path):
    problems = _problems(plan_review(tmp_path / "r", _with({"due": "2025-02-31"})))
    assert problems == ["authored/actions.yaml, action A1: key 'due' must be a date written YYYY-MM-DD "
                        "(found '2025-02-31')."]


def test_a_history_out_of_date_order_or_going_back_from_evidenced_is_refused(tmp_path):
    history = [{"date": "2024-05-01", "status": "on-track"}, {"date": "2024-04-01", "status": "at-risk"}]
    assert "is dated before the one above it" in _problems(plan_review(tmp_path / "a",
                                                                        _with({"status_history": history})))[0]
    history = [{"date": "2024-05-01", "status": "evidenced"}, {"date": "2024-06-01", "status": "on-track"}]
    assert "follows 'evidenced', after which the status cannot go back" in _problems(
        plan_review(tmp_path / "b", _with({"status_history": history})))[0]


def test_an_unknown_key_is_refused_with_the_nearest_key(tmp_path):
    problems = _problems(plan_review(tmp_path / "r", _with({"owner_agncy": "Police"})))
    assert "key 'owner_agncy' is not a known key (did you mean 'owner_agency'?)" in problems[0]


def test_an_action_past_its_due_date_and_not_done_is_flagged_overdue_with_its_rule_and_evidence(tmp_path):
    plan = load_actions(load_review(plan_review(tmp_path / "r")))
    a1 = plan.action("A1")                      # due 2025-06-30, on track since 2024-03-01
    assert not is_overdue(a1, dt.date(2025, 6, 30)) and action_flags(a1, dt.date(2025, 6, 30)) == []
    [flag] = action_flags(a1, dt.date(2025, 7, 10))
    assert flag.rule == "overdue"
    assert flag.statement == plan_terms().rules["overdue"].statement
    assert flag.evidence == "due 30 June 2025, 10 days before 10 July 2025; last status on-track on 1 March 2024 by " \
                            "Head of MASH"
    assert a1.status == "on-track"              # the history is what was recorded; overdue is computed


def test_a_done_action_is_never_overdue_and_without_evidence_is_flagged(tmp_path):
    actions = _with({"status_history": [{"date": "2024-03-01", "status": "complete", "by": "Head of MASH"}]})
    plan = load_actions(load_review(plan_review(tmp_path / "r", actions)))
    [flag] = action_flags(plan.action("A1"), dt.date(2026, 1, 1))
    assert (flag.rule, flag.evidence) == ("done-without-evidence", "last status complete on 1 March 2024 by Head of "
                                                                   "MASH; no evidence recorded")
    assert action_flags(plan.action("A2"), dt.date(2027, 1, 1)) == []       # evidenced, with its audit


def test_saving_writes_through_the_guard_and_never_over_a_hand_edit(tmp_path):
    folder = plan_review(tmp_path / "r")
    plan = load_actions(load_review(folder))
    write_actions(folder, ACTIONS[:2])                               # someone edits the file meanwhile
    with pytest.raises(Exception, match="changed on disk since it was loaded"):
        plan.save(plan.actions)
    assert "P1" not in (folder / "authored" / "actions.yaml").read_text(encoding="utf-8")


def test_the_example_plan_holds_actions_in_each_state_the_flags_know(tmp_path):
    folder = tmp_path / "child-t"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("build"))
    plan = load_actions(load_review(folder))
    as_of = dt.date(2026, 11, 30)
    flags = {a.id: [f.rule for f in action_flags(a, as_of)] for a in plan.actions}
    statuses = {a.id: a.status for a in plan.actions}
    assert "on-track" in statuses.values() and "evidenced" in statuses.values()
    assert ["overdue"] in flags.values() and ["done-without-evidence"] in flags.values()
    evidenced = [a for a in plan.actions if a.status == "evidenced"]
    assert all(a.evidence for a in evidenced) and not any(flags[a.id] for a in evidenced)


@pytest.mark.slow                    # the yearly report: pandoc
def test_the_portfolio_command_never_counts_an_unread_plan_as_no_actions(tmp_path, capsys):
    """'3 actions, 1 flagged' of a portfolio where one review's plan could not be read names that review."""
    from reviewbench.cli import main
    root = tmp_path / "p"
    root.mkdir()
    (root / "portfolio.yaml").write_text("partnership: Testshire partnership (fictional)\n", encoding="utf-8")
    plan_review(root / "a", id="review-a")
    broken = plan_review(root / "b", id="review-b")
    (broken / "authored" / "actions.yaml").write_text("actions: [unclosed\n", encoding="utf-8")
    assert main(["portfolio", str(root), "--as-of", "2026-11-30", "--workers", "1"]) == 1
    summary = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("Testshire"))
    assert summary.endswith("(not counted: the actions of review-b, whose files could not be read).")
    assert f"{len(ACTIONS)} actions" in summary
    main(["yearly", str(root), "--year", "2024-25", "--as-of", "2026-11-30", "--workers", "1"])
    yearly = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("Testshire"))
    assert "items of evidence of impact dated in it: " in yearly
    assert "(not counted: those of review-b, whose files could not be read)" in yearly


@pytest.mark.slow
def test_an_unquoted_impossible_due_date_is_a_problem_with_its_line_and_the_portfolio_goes_on(tmp_path, capsys):
    """'due: 2025-13-01' crashed the portfolio command as a bug (PyYAML's bare ValueError)."""
    from reviewbench.cli import main
    folder = plan_review(tmp_path / "p" / "r", id="review-r")
    path = folder / "authored" / "actions.yaml"
    text = path.read_text(encoding="utf-8")
    assert "due: '2025-06-30'" in text                                    # safe_dump quotes it: written by hand
    path.write_text(text.replace("due: '2025-06-30'", "due: 2025-13-30"), encoding="utf-8")
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "2025-13-30" in text)
    assert _problems(folder) == [f"authored/actions.yaml, line {line}: '2025-13-30' is not a day of the calendar; "
                                 "correct it (dates are written YYYY-MM-DD)."]
    (tmp_path / "p" / "portfolio.yaml").write_text("partnership: Testshire partnership (fictional)\n",
                                                   encoding="utf-8")
    assert main(["portfolio", str(tmp_path / "p"), "--as-of", "2026-11-30", "--workers", "1"]) == 1
    captured = capsys.readouterr()
    assert "is not a day of the calendar" in captured.out + captured.err and "bug" not in captured.err
