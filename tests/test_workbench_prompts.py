"""The Prompts tab of the workbench (``reviewbench.workbench.ui.prompts``) and the API under it: each
prompt shown with its rule and the words that matched; dismissing one as wrong with a reason, driven
as a reviewer would (set values, press buttons), then the files read back."""

from __future__ import annotations

import pytest

import yaml_files
from network_support import analysed_review, copy_review, entry, make_review, write_chronology, write_metrics
from reviewbench.errors import ReviewbenchError, StaleBuildError
from reviewbench.workbench import Workbench, WorkbenchUI, open_workbench
from text_files import read

pytestmark = pytest.mark.slow      # each opens the workbench on a graphed copy of the example

CSC = "Children's Social Care"
ROWS = [
    entry("SCH-1", "2022-01-10", "School", "referral", "Bruise on the arm. Referred to MASH.", seen="Y"),
    entry("CSC-1", "2022-01-11", CSC, "referral-received", "Referral received from school.",
          outcome="No further action."),
    entry("POL-1", "2022-02-01", "Police", "police-incident", "Domestic incident. PPN submitted.", seen="N"),
    entry("CSC-2", "2022-02-20", CSC, "referral-received", "Contact from police.", outcome="NFA"),
    entry("SCH-2", "2022-06-15", "School", "meeting", "Child seen by the class teacher.", seen="Y"),
]
REASON = "CSC screened the PPN the same day; its record of that is in the MASH log, not this chronology."
BY = "Lead reviewer (R1)"
DISMISSALS = "authored/dismissed_prompts.yaml"


@pytest.fixture(scope="module")
def analysed_once(tmp_path_factory):
    """The review with its chronology and network statements, once for the module (``review`` copies it)."""
    return analysed_review(tmp_path_factory.mktemp("prompts") / "review", ROWS)


@pytest.fixture
def review(analysed_once, tmp_path):
    return copy_review(analysed_once, tmp_path / "review")


def _ui(review) -> WorkbenchUI:
    ui = open_workbench(review.root)
    assert isinstance(ui, WorkbenchUI)
    return ui


def _key(ui, rule: str) -> str:
    return next(key for _, key in ui.prompts.live.options if key.startswith(rule + ":"))


def test_the_prompts_tab_shows_each_prompt_with_its_rule_setting_and_the_words_that_matched(review):
    ui = _ui(review)
    panel = ui.prompts
    assert "Prompts" in ui.tabs.titles
    prompts = ui.workbench.prompts()
    assert [key for _, key in panel.live.options] == [p["key"] for p in prompts.live]
    assert panel.dismiss.disabled and "Pick a prompt" in panel.detail.value
    panel.live.value = _key(ui, "referral.unanswered")
    assert "<code>referral.unanswered</code>" in panel.detail.value
    assert "setting: referral_response_days 7" in panel.detail.value
    assert "<td>POL-1</td><td><code>referrals.forms.ppn</code></td><td>PPN submitted</td>" in panel.detail.value
    panel.live.value = _key(ui, "pattern.repeated-nfa")
    assert "<td>CSC-2</td><td><code>no_further_action.patterns</code></td><td>NFA</td>" in panel.detail.value
    panel.live.value = _key(ui, "gap.child-not-seen")
    assert "<b>Between</b> SCH-1 and SCH-2" in panel.detail.value
    assert "older than the chronology or the rules" in panel.status.value and panel.build.layout.display is None


def test_dismissing_a_prompt_saves_why_and_who_and_moves_it_out_of_the_live_prompts(review):
    ui = _ui(review)
    panel = ui.prompts
    key = _key(ui, "referral.unanswered")
    panel.live.value = key
    panel.dismiss.click()                                   # no reason yet: refused, nothing written
    assert "Not saved." in panel.message.value and "Say why the prompt" in panel.message.value
    assert not (review.root / DISMISSALS).exists()
    panel.reason.value, panel.by.value = REASON, BY
    panel.dismiss.click()
    assert f"Dismissed {key}" in panel.message.value and panel.reason.value == ""
    [stored] = yaml_files.safe_load(read(review.root / DISMISSALS))["dismissed"]
    assert (stored["prompt"], stored["reason"], stored["dismissed_by"], stored["rule"]) == \
        (key, REASON, BY, "referral.unanswered")
    assert key not in [k for _, k in panel.live.options] and key in [k for _, k in panel.dismissed.options]
    assert "live prompts, 1 dismissed as wrong" in panel.status.value
    panel.dismissed.value = key
    assert f"dismissed by {BY}" in panel.dismissed_detail.value and "PPN submitted" in panel.dismissed_detail.value
    again = Workbench(review.root)                           # after a kernel restart: read back from the file
    assert [d.prompt for _, d in again.prompts().dismissed] == [key]
    panel.restore.click()
    assert f"Restored {key}" in panel.restore_message.value
    assert key in [k for _, k in panel.live.options] and panel.dismissed.options == ()


def test_a_dismissal_whose_prompt_is_gone_is_said_in_the_tab(review):
    ui = _ui(review)
    key = _key(ui, "gap.child-not-seen")
    ui.workbench.dismiss_prompt(key, REASON, BY, "2023-11-20")
    write_metrics(review, [*ROWS, entry("HV-1", "2022-04-05", "Health Visiting", "home-visit",
                                        "Child seen at home.", seen="Y")])
    ui.reload.click()
    panel = ui.prompts
    assert key not in [k for _, k in panel.live.options] and key in [k for _, k in panel.dismissed.options]
    assert f"The prompt {key}" in panel.gone.value and "is no longer made by the analysis" in panel.gone.value
    panel.dismissed.value = key
    assert "The analysis no longer makes this prompt." in panel.dismissed_detail.value


def test_the_api_refuses_an_unknown_prompt_and_a_bad_date(review):
    wb = Workbench(review.root)
    key = wb.prompts().live[0]["key"]
    with pytest.raises(ReviewbenchError, match="is not a prompt of the agency network"):
        wb.dismiss_prompt(key[:-1] + "x", REASON, BY)
    with pytest.raises(ReviewbenchError, match="the dismissal date '20/11/2023' is not a date"):
        wb.dismiss_prompt(key, REASON, BY, "20/11/2023")
    with pytest.raises(ReviewbenchError, match="no prompt .* is dismissed"):
        wb.restore_prompt(key)
    assert not (review.root / DISMISSALS).exists()


def test_without_a_network_the_tab_says_so_and_builds_it(tmp_path):
    review = make_review(tmp_path / "review")
    write_chronology(review.root, ROWS)
    with pytest.raises(StaleBuildError, match="there is no agency network"):
        Workbench(review.root).prompts()
    ui = _ui(review)
    panel = ui.prompts
    assert "there is no agency network" in panel.status.value and panel.live.options == ()
    panel.build.click()
    assert "Built." in panel.build_message.value
    assert len(panel.live.options) == len(ui.workbench.prompts().live) > 0
    assert panel.build.layout.display == "none" and "older than" not in panel.status.value
