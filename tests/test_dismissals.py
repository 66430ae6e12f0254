"""Dismissing a prompt as wrong (``reviewbench.authored.dismissals``): kept in
authored/dismissed_prompts.yaml, found again after a re-run of the network stage, left out of the
report's live prompts, listed with its reason by ``check``, and reported when its prompt is gone."""

from __future__ import annotations

import datetime as dt
import json

import pytest

import yaml_files
from network_support import analysed_review, copy_review, entry, make_review, write_chronology
from report_support import VISIT, build, make_prepared, section, write_review
from reviewbench.authored import load_authored
from reviewbench.authored.dismissals import dismiss, find_prompt, restore, review_prompts
from reviewbench.build import run_check, run_graph
from reviewbench.cli import main
from reviewbench.errors import AuthoredError, ReviewbenchError
from reviewbench.network.basis import prompt_key
from reviewbench.quality.prompts import NETWORK_STALE
from text_files import read

CSC = "Children's Social Care"
# Seen in January and again in June: one "not seen" gap between the two, and one after June.
ROWS = [
    entry("SCH-1", "2022-01-10", "School", "meeting", "Child seen in class; concern about a bruise.", seen="Y"),
    entry("POL-1", "2022-02-01", "Police", "police-incident", "Domestic incident. PPN submitted.", seen="N"),
    entry("GP-1", "2022-03-01", "GP", "missed-appointment", "Child was not brought."),
    entry("SCH-2", "2022-06-15", "School", "meeting", "Child seen by the class teacher.", seen="Y"),
]
REASON = "The school saw the child on most days of this period; its log records concerns, not attendance."
BY = "Lead reviewer (R1)"
DAY = dt.date(2023, 11, 20)
DISMISSALS = "authored/dismissed_prompts.yaml"


@pytest.fixture(scope="module")
def built_once(tmp_path_factory):
    """A review with its chronology and its network built (as 'reviewbench ingest' and 'graph' leave them),
    once for the module: each test copies it (``built``)."""
    review = make_review(tmp_path_factory.mktemp("dismissals") / "review")
    write_chronology(review.root, ROWS)
    run_graph(review.root)
    return review.root


@pytest.fixture
def built(built_once, tmp_path):
    return copy_review(built_once, tmp_path / "review")


@pytest.fixture(scope="module")
def analysed_once(tmp_path_factory):
    """A review with its chronology and the statements of its network (build/network/metrics.json, as
    the network stage writes it, without drawing the figures), once for the module (``analysed``)."""
    return analysed_review(tmp_path_factory.mktemp("dismissals") / "review", ROWS)


@pytest.fixture
def analysed(analysed_once, tmp_path):
    return copy_review(analysed_once, tmp_path / "review")


def _statements(review) -> list[dict]:
    return json.loads(read(review.build_dir / "network" / "metrics.json"))["statements"]


def _unseen(review) -> dict:
    """The "not seen" gap between the two sightings."""
    return next(s for s in _statements(review) if s["rule"] == "gap.child-not-seen" and s["edges"] == ["SCH-1", "SCH-2"])


def test_a_dismissal_is_stored_with_its_reason_who_when_and_the_prompt_as_it_read(analysed):
    prompt = _unseen(analysed)
    dismiss(load_authored(analysed), prompt, REASON, BY, DAY)
    stored = yaml_files.safe_load(read(analysed.root / DISMISSALS))["dismissed"]
    assert stored == [{"prompt": prompt["key"], "reason": REASON, "dismissed_by": BY, "date": DAY,
                       "rule": "gap.child-not-seen", "text": prompt["text"]}]
    again = load_authored(analysed).dismissals                      # read back as the report and check read it
    assert [(d.prompt, d.date, d.dismissed_by) for d in again] == [(prompt["key"], DAY, BY)]


def test_a_dismissal_needs_a_reason_and_who_and_is_never_made_twice(analysed):
    authored, prompt = load_authored(analysed), _unseen(analysed)
    with pytest.raises(ReviewbenchError, match="say why the prompt"):
        dismiss(authored, prompt, "  ", BY, DAY)
    with pytest.raises(ReviewbenchError, match="say who dismisses"):
        dismiss(authored, prompt, REASON, "", DAY)
    assert not (analysed.root / DISMISSALS).exists()
    dismiss(authored, prompt, REASON, BY, DAY)
    with pytest.raises(ReviewbenchError, match=r"already dismissed by Lead reviewer \(R1\) on 2023-11-20"):
        dismiss(authored, prompt, "Another reason.", BY, DAY)
    with pytest.raises(ReviewbenchError, match=r"is not a prompt of the agency network \(did you mean"):
        find_prompt(_statements(analysed), prompt["key"][:-1] + "x")


def test_a_hand_edit_since_loading_is_never_overwritten(analysed):
    authored = load_authored(analysed)
    (analysed.root / DISMISSALS).write_text("dismissed: []\n# edited by hand\n", encoding="utf-8")
    with pytest.raises(ReviewbenchError, match="was created on disk since it was loaded"):
        dismiss(authored, _unseen(analysed), REASON, BY, DAY)
    assert read(analysed.root / DISMISSALS) == "dismissed: []\n# edited by hand\n"


def test_a_broken_dismissals_file_names_the_file_the_dismissal_and_the_key(analysed):
    key = _unseen(analysed)["key"]
    item = {"prompt": key, "reason": REASON, "dismissed_by": BY, "date": "2023-11-20"}
    (analysed.root / DISMISSALS).write_text(yaml_files.safe_dump({"dismissed": [item, item, {**item, "prompt": "row 12"}]}),
                                         encoding="utf-8")
    with pytest.raises(AuthoredError) as caught:
        load_authored(analysed)
    problems = caught.value.problems
    assert any(p.startswith(f"{DISMISSALS}, dismissal number 3: key 'prompt'") for p in problems)
    assert f"{DISMISSALS}, dismissal number 2: prompt {key} is dismissed twice (also in dismissal number 1); " \
           "keep one." in problems


@pytest.mark.slow
def test_a_dismissal_survives_a_re_run_of_graph_and_restoring_makes_the_prompt_live(built):
    prompt = _unseen(built)
    dismiss(load_authored(built), prompt, REASON, BY, DAY)
    (built.build_dir / "network").rename(built.build_dir / "old-network")
    run_graph(built.root)                                           # built again from the chronology
    sorted_ = review_prompts(_statements(built), load_authored(built).dismissals)
    assert [(s["key"], d.reason) for s, d in sorted_.dismissed] == [(prompt["key"], REASON)]
    assert prompt["key"] not in {s["key"] for s in sorted_.live} and not sorted_.gone
    assert len(sorted_.live) == len(_statements(built)) - 1
    restore(load_authored(built), prompt["key"])
    assert prompt["key"] in {s["key"] for s in review_prompts(_statements(built),
                                                              load_authored(built).dismissals).live}


@pytest.mark.slow
def test_a_dismissal_whose_prompt_is_gone_is_reported_by_check(built):
    prompt = _unseen(built)
    dismiss(load_authored(built), prompt, REASON, BY, DAY)
    # The health visitor's record of seeing the child in April arrives: the gap splits in two.
    write_chronology(built.root, [*ROWS, entry("HV-1", "2022-04-05", "Health Visiting", "home-visit",
                                               "Child seen at home.", seen="Y")])
    run_graph(built.root)
    sorted_ = review_prompts(_statements(built), load_authored(built).dismissals)
    assert [d.prompt for d in sorted_.gone] == [prompt["key"]] and not sorted_.dismissed
    lines = run_check(built.root, today=DAY).lines()
    gone = next(line for line in lines if prompt["key"] in line)
    assert "is no longer made by the analysis" in gone and REASON in gone and DISMISSALS in gone
    assert any("0 dismissed as wrong by the review team; 1 dismissal(s) refer to prompts the analysis no longer "
               "makes" in line for line in lines)


@pytest.mark.slow
def test_check_lists_each_dismissal_with_its_reason_who_and_when(built):
    prompt = _unseen(built)
    dismiss(load_authored(built), prompt, REASON, BY, DAY)
    result = run_check(built.root, today=DAY)
    live = len(_statements(built)) - 1
    assert f"Prompts of the agency network: {live} live, 1 dismissed as wrong by the review team ({DISMISSALS})." \
        in result.lines()
    assert f"Dismissed [{prompt['key']}] gap.child-not-seen: '{prompt['text']}' (by {BY} on 2023-11-20: " \
           f"{REASON})" in result.lines()
    data = json.loads(read(built.build_dir / "quality.json"))["prompts"]
    assert data["live"] == live and data["gone"] == []
    assert data["dismissed"] == [{"prompt": prompt["key"], "topic": "child-not-seen", "rule": "gap.child-not-seen",
                                  "text": prompt["text"], "reason": REASON, "dismissed_by": BY,
                                  "date": "2023-11-20"}]
    assert "## Prompts dismissed by the review team" in read(built.build_dir / "quality.md")


def test_check_without_a_network_says_the_dismissals_could_not_be_matched(tmp_path):
    review = make_review(tmp_path / "review")
    write_chronology(review.root, ROWS)
    (review.root / DISMISSALS).write_text(yaml_files.safe_dump({"dismissed": [
        {"prompt": prompt_key("gap.contact", ["SCH-1..SCH-2"]), "reason": REASON, "dismissed_by": BY,
         "date": "2023-11-20"}]}), encoding="utf-8")
    lines = run_check(review.root, today=DAY).lines()
    assert any(f"the 1 dismissal(s) in {DISMISSALS} could not be matched" in line for line in lines)


def test_check_says_when_the_network_it_matched_is_out_of_date_but_quality_json_does_not(analysed):
    dismiss(load_authored(analysed), _unseen(analysed), REASON, BY, DAY)      # the network stage never recorded
    lines = run_check(analysed.root, today=DAY).lines()
    assert any("1 dismissed as wrong" in line for line in lines)
    assert NETWORK_STALE in lines
    data = json.loads(read(analysed.build_dir / "quality.json"))["prompts"]   # verify re-creates it: inputs only
    assert NETWORK_STALE not in data["notes"] and len(data["dismissed"]) == 1


def test_the_report_leaves_dismissed_prompts_out_and_counts_them(tmp_path):
    keep = {"key": prompt_key("gap.contact", ["A..B"]), "topic": "contact-gap", "rule": "gap.contact",
            "text": "No agency recorded contact for 40 days.", "entry_ids": [VISIT]}
    wrong = {"key": prompt_key("gap.child-not-seen", ["A..B"]), "topic": "child-not-seen",
             "rule": "gap.child-not-seen", "text": "Nobody recorded seeing the child for 105 days.",
             "entry_ids": [VISIT]}
    gone = prompt_key("referral.unanswered", [VISIT], ["Police", CSC])
    root = write_review(tmp_path / "review", dismissals=[
        {"prompt": wrong["key"], "reason": REASON, "dismissed_by": BY, "date": "2023-11-20"},
        {"prompt": gone, "reason": "Not a referral.", "dismissed_by": BY, "date": "2023-11-21"}])
    prompts = section(build(root, prepared=make_prepared(root, statements=[keep, wrong])).html(), "chronology-prompts")
    assert keep["text"] in prompts and wrong["text"] not in prompts
    assert ("1 live prompt, 1 dismissed as wrong by the review team; 1 dismissal refers to a prompt the analysis "
            f"no longer makes ({DISMISSALS}; &#39;reviewbench check&#39; lists them with the reasons)") in prompts


@pytest.mark.slow
def test_the_command_line_dismisses_and_restores_through_graph(built, capsys):
    key = _unseen(built)["key"]
    assert main(["graph", str(built.root), "--dismiss", key, "--reason", REASON]) == 2
    assert "needs --reason" in capsys.readouterr().err
    assert main(["graph", str(built.root), "--dismiss", key, "--start", "2022-01-01", "--reason", REASON,
                 "--by", BY]) == 2
    assert main(["graph", str(built.root), "--dismiss", key, "--reason", REASON, "--by", BY,
                 "--date", "2023-11-20"]) == 0
    out = capsys.readouterr().out
    assert f"Dismissed {key} (dismissed by {BY} on 2023-11-20: {REASON})" in out and "1 dismissed as wrong" in out
    assert [d.prompt for d in load_authored(built).dismissals] == [key]
    assert main(["graph", str(built.root), "--dismiss", key + "0", "--reason", REASON, "--by", BY]) == 1
    assert "is not a prompt of the agency network" in capsys.readouterr().err
    assert main(["graph", str(built.root), "--restore", key]) == 0
    assert f"Restored {key}" in capsys.readouterr().out and load_authored(built).dismissals == []


def test_the_timeline_figure_says_which_gaps_it_marks_were_dismissed(tmp_path):
    """The swimlane is drawn by 'graph' with every gap marked: under it, the report names the gaps the
    review team dismissed as wrong, so the figure never says what the text no longer does."""
    import matplotlib
    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    wrong = {"key": prompt_key("gap.child-not-seen", ["A..B"]), "topic": "child-not-seen",
             "rule": "gap.child-not-seen", "text": "Nobody recorded seeing the child for 105 days.",
             "entry_ids": [VISIT]}
    other = {"key": prompt_key("referral.unanswered", [VISIT], ["Police", CSC]), "topic": "referral",
             "rule": "referral.unanswered", "text": "A referral went unanswered.", "entry_ids": [VISIT]}
    png = tmp_path / "swimlane.png"
    figure = plt.figure(figsize=(2, 1))
    figure.savefig(png)
    plt.close(figure)
    dismissed = [{"prompt": wrong["key"], "reason": REASON, "dismissed_by": BY, "date": "2023-11-20"},
                 {"prompt": other["key"], "reason": "Not a referral.", "dismissed_by": BY, "date": "2023-11-21"}]
    root = write_review(tmp_path / "review", dismissals=dismissed)
    timeline = section(build(root, prepared=make_prepared(root, statements=[wrong, other],
                                                          figures={"swimlane": png})).html(), "timeline")
    assert 'id="figure-swimlane"' in timeline
    assert "still marks 1 gap the review team dismissed as wrong" in timeline
    assert "Nobody recorded seeing the child for 105 days." in timeline and "A referral went" not in timeline
    clean = tmp_path / "clean"
    write_review(clean)
    timeline = section(build(clean, prepared=make_prepared(clean, statements=[wrong], figures={"swimlane": png}))
                       .html(), "timeline")
    assert 'id="figure-swimlane"' in timeline and "dismissed" not in timeline
