"""After the report (issue 17, items 3 and 5), without writing documents: authored/response.yaml and
authored/dissemination.yaml checked on load (an unknown key with the nearest known one, a recommendation
the review does not have named by its row, a date that cannot be), the response joined with the actions
that answer each recommendation, and the portfolio's response column and dissemination.csv."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

import yaml_files
from action_plans import plan_review
from conftest import EXAMPLE, make_review
from reviewbench.authored import load_authored
from reviewbench.cli import main
from reviewbench.config import load_review
from reviewbench.dissemination import load_record, load_response, record_rows, response_rows, response_state
from reviewbench.errors import AuthoredError
from reviewbench.portfolio import build_portfolio, load_actions

ANSWERS = [{"recommendation": "R1", "response": "accepted", "text": "Screening will show every contact (FICTIONAL)."},
           {"recommendation": "R2", "response": "accepted-in-part", "text": "Weekly, not daily (FICTIONAL)."}]
USE = {"date": "2024-05-09", "product": "briefing", "event": "Team meeting (FICTIONAL)", "audience": "Social workers",
       "agencies": ["Children's Social Care"], "attendees": 12,
       "feedback": [{"summary": "Clear.", "rating": 4}, {"summary": "Too long.", "rating": 2}, {"summary": "Useful."}],
       "by": "Business unit"}


def _write(folder: Path, name: str, data) -> Path:
    path = folder / "authored" / name
    path.write_text(yaml_files.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def _refused(load, folder: Path) -> AuthoredError:
    with pytest.raises(AuthoredError) as caught:
        load(load_review(folder))
    return caught.value


@pytest.fixture
def planned(tmp_path) -> Path:
    """A review with two recommendations and the action plan of action_plans.ACTIONS (A1, A2 answer R1; P1 R2)."""
    return plan_review(tmp_path / "r")


# -- response.yaml --------------------------------------------------------------------------------

def test_the_example_response_answers_every_recommendation_and_is_published():
    review = load_review(EXAMPLE)
    loaded = load_response(review)
    recommendations = [r.id for r in load_authored(review).recommendations]
    assert [a.recommendation for a in loaded.response.recommendations] == recommendations
    assert loaded.unanswered == []
    assert loaded.response.published == dt.date(2024, 4, 22)
    assert response_state(review) == "published 2024-04-22"


@pytest.mark.parametrize("data, key, said", [
    ({"statment": "We accept."}, "statment", "unknown key 'statment': did you mean 'statement'?"),
    ({"recommendations": [{"recommendation": "R1", "respons": "accepted"}]}, "recommendations.0.respons",
     "unknown key 'recommendations.0.respons': did you mean 'response'?"),
    ({"recommendations": [{"recommendation": "R1", "response": "agreed"}]}, "recommendations.0.response",
     "key 'recommendations.0.response': must be 'accepted', 'accepted-in-part' or 'not-accepted' (found 'agreed')"),
])
def test_a_response_with_a_key_or_value_it_does_not_know_is_refused_naming_the_key(planned, data, key, said):
    _write(planned, "response.yaml", data)
    error = _refused(load_response, planned)
    assert error.file == "authored/response.yaml" and key in [p.key for p in error.details]
    assert said in str(error)


def test_an_impossible_published_date_is_refused(planned):
    path = planned / "authored" / "response.yaml"
    path.write_text("published: 2024-02-30\nstatement: We accept (FICTIONAL).\n", encoding="utf-8")
    error = _refused(load_response, planned)
    assert str(error) == ("authored/response.yaml, line 1: '2024-02-30' is not a day of the calendar; correct it "
                          "(dates are written YYYY-MM-DD).")
    path.write_text("published: 30/04/2024\n", encoding="utf-8")
    assert "key 'published': must be a date written YYYY-MM-DD (found '30/04/2024')" in str(
        _refused(load_response, planned))


def test_a_recommendation_the_review_does_not_have_is_refused_naming_its_row(planned):
    _write(planned, "response.yaml", {"recommendations": [ANSWERS[0], {"recommendation": "R3", "response": "accepted"}]})
    error = _refused(load_response, planned)
    assert error.location == "recommendations.1 (R3)" and error.key == "recommendation"
    assert "recommendation 'R3' is not in authored/recommendations.yaml" in str(error)
    assert "its recommendations are R1, R2" in str(error)


def test_a_recommendation_answered_twice_is_refused(planned):
    _write(planned, "response.yaml", {"recommendations": [ANSWERS[0], ANSWERS[0]]})
    assert "recommendation 'R1' is answered more than once" in str(_refused(load_response, planned))


def test_unanswered_recommendations_are_listed_and_the_states_follow_the_file(planned):
    review = load_review(planned)
    assert response_state(review) == "none" and load_response(review) is None
    _write(planned, "response.yaml", {"statement": "Draft (FICTIONAL).", "recommendations": ANSWERS[:1]})
    assert load_response(review).unanswered == ["R2"]
    assert response_state(review) == "draft"
    _write(planned, "response.yaml", {"published": dt.date(2024, 6, 3), "recommendations": ANSWERS})
    assert response_state(review) == "published 2024-06-03"


def test_the_response_rows_join_each_recommendation_with_its_answer_and_its_actions(planned):
    _write(planned, "response.yaml", {"recommendations": ANSWERS[1:]})
    review = load_review(planned)
    rows = response_rows(load_response(review), load_actions(review))
    assert [r.recommendation for r in rows] == ["R1", "R2"]
    r1, r2 = rows
    assert (r1.answer, r1.label) == (None, "No response recorded")
    assert [(a.id, a.owner, a.due, a.status, a.status_date) for a in r1.actions] == [
        ("A1", "Children's Social Care", dt.date(2025, 6, 30), "on-track", dt.date(2024, 3, 1)),
        ("A2", "Children's Social Care", dt.date(2026, 6, 30), "evidenced", dt.date(2024, 9, 1))]
    assert r2.label == "Accepted in part" and r2.answer.text == ANSWERS[1]["text"]
    assert [(a.id, a.owner, a.status, a.status_date) for a in r2.actions] == [("P1", "Police", "not-started", None)]
    assert all(not r.actions for r in response_rows(load_response(review), None))


# -- dissemination.yaml -----------------------------------------------------------------------------

def test_the_record_is_read_in_date_order_and_becomes_rows_with_the_review(planned):
    later = {**USE, "date": "2024-07-01", "product": "summary", "feedback": []}
    _write(planned, "dissemination.yaml", {"uses": [later, USE]})
    review = load_review(planned)
    uses = load_record(review)
    assert [u.date for u in uses] == [dt.date(2024, 5, 9), dt.date(2024, 7, 1)]
    assert uses[0].line() == ("9 May 2024, Team meeting (FICTIONAL): the seven-minute briefing, for social workers, "
                              "12 attended")
    first, second = record_rows(review, uses)
    assert (first["review"], first["date"], first["product"], first["agencies"]) == (
        "test-review", "2024-05-09", "briefing", "Children's Social Care")
    assert (first["feedback"], first["mean_rating"], first["feedback_summaries"]) == (3, 3.0, "Clear. | Too long. | Useful.")
    assert (second["feedback"], second["mean_rating"]) == (0, None)


@pytest.mark.parametrize("use, said", [
    ({**USE, "audiance": "x"}, "unknown key 'uses.0.audiance': did you mean 'audience'?"),
    ({**USE, "date": "2024-13-01"}, "key 'uses.0.date': must be a date written YYYY-MM-DD (found '2024-13-01')"),
    ({**USE, "product": "leaflet"}, "key 'uses.0.product': must be 'report', 'response', 'summary', 'briefing' or "
                                    "'deck' (found 'leaflet')"),
    ({**USE, "feedback": [{"summary": "Fine.", "rating": 7}]}, "key 'uses.0.feedback.0.rating'"),
    ({**USE, "feedback": [{"summary": "Fine.", "sumary": "x"}]}, "unknown key 'uses.0.feedback.0.sumary': did you mean 'summary'?"),
])
def test_a_record_with_a_wrong_key_or_value_is_refused_naming_the_key(planned, use, said):
    _write(planned, "dissemination.yaml", {"uses": [use]})
    error = _refused(load_record, planned)
    assert str(error).startswith("authored/dissemination.yaml: ") and said in str(error)


def test_a_record_that_is_not_a_mapping_or_not_yaml_is_refused(planned):
    path = planned / "authored" / "dissemination.yaml"
    path.write_text("- date: 2024-05-09\n", encoding="utf-8")
    assert "must be a mapping of keys" in str(_refused(load_record, planned))
    path.write_text("uses: [date: 2024-05-09\n", encoding="utf-8")
    assert "is not valid YAML" in str(_refused(load_record, planned))


def test_the_command_lists_the_record_with_british_dates(planned, capsys):
    _write(planned, "dissemination.yaml", {"uses": [USE]})
    assert main(["dissemination", str(planned)]) == 0
    out = capsys.readouterr().out
    assert "1 recorded use(s)" in out and "9 May 2024, Team meeting (FICTIONAL)" in out
    assert "feedback: Too long. (rated 2 of 5)" in out and "2024-05-09" not in out
    _write(planned, "dissemination.yaml", {"uses": [{**USE, "evnt": "x"}]})
    assert main(["dissemination", str(planned)]) == 1
    assert "did you mean 'event'?" in capsys.readouterr().err


def test_the_plain_summary_section_is_no_unknown_section_of_the_report(tmp_path):
    folder = tmp_path / "child-t"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("build"))
    assert (folder / "authored" / "sections" / "plain_summary.md").is_file()
    authored = load_authored(load_review(folder))
    assert "plain_summary" in authored.sections
    assert not [w for w in authored.warnings if "plain_summary" in w]
    (folder / "authored" / "sections" / "plain_summry.md").write_text("Typo (FICTIONAL).\n", encoding="utf-8")
    assert [w for w in load_authored(load_review(folder)).warnings if "plain_summry.md is not a text section" in w]


# -- the portfolio ------------------------------------------------------------------------------------

@pytest.mark.slow
def test_the_portfolio_has_a_response_column_and_every_use_in_dissemination_csv(tmp_path):
    """Reviews with no submissions fail to build, quickly; their response and record are still read."""
    root = tmp_path / "p"
    root.mkdir()
    (root / "portfolio.yaml").write_text("partnership: Testshire partnership (fictional)\n", encoding="utf-8")
    published, draft = plan_review(root / "a", id="review-a"), plan_review(root / "b", id="review-b")
    make_review(root / "c", id="review-c")
    broken = plan_review(root / "d", id="review-d")
    unread = plan_review(root / "e", id="review-e")                   # its authored/ cannot be read
    (unread / "authored" / "findings.yaml").write_text("findings: [unclosed\n", encoding="utf-8")
    _write(unread, "response.yaml", {"recommendations": ANSWERS[:1]})
    both = plan_review(root / "f", id="review-f")                     # neither its authored/ nor its response
    (both / "authored" / "findings.yaml").write_text("findings: [unclosed\n", encoding="utf-8")
    _write(both, "response.yaml", {"publshed": dt.date(2024, 6, 3), "recommendations": ANSWERS})
    _write(published, "response.yaml", {"published": dt.date(2024, 6, 3), "recommendations": ANSWERS})
    _write(draft, "response.yaml", {"recommendations": ANSWERS[:1]})
    _write(published, "dissemination.yaml", {"uses": [{**USE, "date": "2024-08-01"}, USE]})
    _write(draft, "dissemination.yaml", {"uses": [{**USE, "date": "2024-06-01", "product": "deck", "feedback": []}]})
    _write(broken, "response.yaml", {"recommendations": [{"recommendation": "R7", "response": "accepted"}]})
    result = build_portfolio(root, as_of=dt.date(2026, 11, 30), workers=1)
    table = {r["id"]: r for r in csv.DictReader((root / "build" / "portfolio.csv").read_text(encoding="utf-8")
                                                .splitlines())}
    assert {rid: row["response"] for rid, row in table.items()} == {
        "review-a": "published 2024-06-03", "review-b": "draft", "review-c": "none", "review-d": "",
        "review-e": "draft", "review-f": ""}              # e: as written, since its recommendations cannot be read
    assert "recommendation 'R7' is not in authored/recommendations.yaml" in table["review-d"]["problems"]
    assert table["review-e"]["problems"].count("authored/findings.yaml") == 1   # not again for the response
    assert table["review-f"]["problems"].count("authored/findings.yaml") == 1
    assert "unknown key 'publshed': did you mean 'published'?" in table["review-f"]["problems"]
    uses = list(csv.DictReader((root / "build" / "dissemination.csv").read_text(encoding="utf-8").splitlines()))
    assert [(u["review"], u["date"], u["product"]) for u in uses] == [
        ("review-a", "2024-05-09", "briefing"), ("review-b", "2024-06-01", "deck"), ("review-a", "2024-08-01", "briefing")]
    assert uses[0]["mean_rating"] == "3.0" and uses[1]["feedback"] == "0"
    assert root / "build" / "dissemination.csv" in result.outputs
