"""The clocks of the rules packs over bank holidays, forwards and backwards; the rapid review's
anchor setting; statuses against an explicit today; a review's own timescales.yaml; Wales."""

from __future__ import annotations

import datetime as dt

import pytest

import yaml_files
from conftest import make_review
from reviewbench.config import Dates, load_review
from reviewbench.errors import ReviewConfigError
from reviewbench.process import add_working_days, assess, deadline, load_pack, review_timescales
from reviewbench.process.clocks import review_clocks

D = dt.date
ENGLAND = "england-wt2023"


def _rule(rule_id: str, pack: str = ENGLAND, **settings):
    return load_pack(pack).rule(rule_id, **settings)


# -- working days and bank holidays -------------------------------------------------------------
@pytest.mark.parametrize("jurisdiction", ["england", "wales"])
def test_notification_due_on_fifth_working_day_after_christmas_bank_holidays(jurisdiction):
    # Aware Thursday 23 Dec 2021. Christmas and Boxing Day fell on a weekend: substitute bank
    # holidays Mon 27 and Tue 28 Dec; New Year's Day (Sat) gave Mon 3 Jan 2022.
    # Working days: Fri 24 (1), Wed 29 (2), Thu 30 (3), Fri 31 (4), Tue 4 Jan (5).
    item = assess(_rule("notification"), Dates(aware=D(2021, 12, 23)), jurisdiction)
    assert item.due == "2022-01-04"
    assert "27 December 2021" in item.detail and "3 January 2022" in item.detail
    assert add_working_days(D(2021, 12, 23), 15, jurisdiction) == D(2022, 1, 18)


@pytest.mark.parametrize("jurisdiction", ["england", "wales"])
def test_jubilee_bank_holidays_are_skipped(jurisdiction):
    # Aware Wed 1 June 2022; Thu 2 and Fri 3 June 2022 were bank holidays (Spring, Platinum Jubilee).
    assert add_working_days(D(2022, 6, 1), 5, jurisdiction) == D(2022, 6, 10)


def test_plain_weekend_counts_no_working_days():
    assert add_working_days(D(2023, 3, 3), 1) == D(2023, 3, 6)        # Friday -> Monday
    assert add_working_days(D(2023, 3, 4), 5) == D(2023, 3, 10)       # from a Saturday


def test_completion_is_six_calendar_months_with_month_ends_clamped():
    assert deadline(D(2022, 3, 15), 6, "months") == D(2022, 9, 15)
    assert deadline(D(2022, 8, 31), 6, "months") == D(2023, 2, 28)
    assert deadline(D(2023, 8, 31), 6, "months") == D(2024, 2, 29)
    assert deadline(D(2023, 1, 1), 10, "days") == D(2023, 1, 11)


# -- statuses against an explicit today ------------------------------------------------------------
def test_open_deadline_is_overdue_only_after_the_due_day_given_as_today():
    rule, dates = _rule("notification"), Dates(aware=D(2021, 12, 23))
    assert assess(rule, dates, today=D(2022, 1, 4)).status == "due"
    overdue = assess(rule, dates, today=D(2022, 1, 6))
    assert overdue.status == "overdue" and overdue.flagged
    assert "2 working days overdue" in overdue.detail
    assert assess(rule, dates).status == "open"          # no today: no judgement on open items


def test_actual_date_decides_met_or_late_whatever_today_is():
    rule = _rule("rapid_review")
    met = assess(rule, Dates(aware=D(2021, 12, 23), rapid_review=D(2022, 1, 18)), today=D(2030, 1, 1))
    late = assess(rule, Dates(aware=D(2021, 12, 23), rapid_review=D(2022, 1, 20)))
    assert (met.status, met.flagged) == ("met", False)
    assert (late.status, late.flagged) == ("late", True)
    assert "2 working days after the due date" in late.detail


def test_missing_from_date_gives_unknown_naming_the_key():
    item = assess(_rule("completion"), Dates(), today=D(2024, 1, 1))
    assert item.status == "unknown" and item.due is None
    assert "dates.decision" in item.detail


def test_target_after_due_date_is_noted():
    item = assess(_rule("completion"), Dates(decision=D(2022, 1, 10), target_completion=D(2022, 9, 1)))
    assert item.due == "2022-07-10"
    assert "target date" in item.detail


# -- review.yaml and the rules as data ---------------------------------------------------------------
def test_review_yaml_dates_and_jurisdiction_are_typed(tmp_path):
    folder = make_review(tmp_path / "r", jurisdiction="Wales",
                         dates={"aware": "2021-12-23", "decision": "2022-02-01"})
    review = load_review(folder)
    assert review.jurisdiction == "wales"
    assert review.dates.aware == D(2021, 12, 23) and review.dates.notification is None
    assert load_review(make_review(tmp_path / "e")).jurisdiction == "england"


@pytest.mark.parametrize("change, words", [
    ({"dates": {"aware": "2021-13-01"}}, ["dates.aware"]),
    ({"dates": {"awre": "2021-12-01"}}, ["unknown key 'dates.awre': did you mean 'aware'?"]),
    ({"jurisdiction": "scotland"}, ["jurisdiction", "england"]),
])
def test_bad_dates_name_their_key(tmp_path, change, words):
    with pytest.raises(ReviewConfigError) as err:
        load_review(make_review(tmp_path / "r", **change))
    for word in words:
        assert word in str(err.value)


def test_a_review_can_change_and_drop_rules(tmp_path):
    folder = make_review(tmp_path / "r", dates={"aware": "2021-12-23"})
    (folder / "timescales.yaml").write_text(yaml_files.safe_dump({"rules": [
        {"id": "notification", "amount": 3},
        {"id": "completion", "enabled": False},
        {"id": "panel_copy", "label": "Copy to the Panel", "from": "aware", "amount": 2, "unit": "days",
         "citation": {"document": "Anyshire partners' review protocol (fictional)", "section": "3.2"}},
    ]}), encoding="utf-8")
    items = {t.id: t for t in review_timescales(load_review(folder))}
    assert set(items) == {"notification", "rapid_review", "decision", "sent_to_panel", "take_down", "panel_copy"}
    assert items["notification"].due == "2021-12-30"
    assert items["panel_copy"].due == "2021-12-25"


def test_a_rule_naming_an_unknown_date_is_refused(tmp_path):
    folder = make_review(tmp_path / "r")
    (folder / "timescales.yaml").write_text("rules:\n  - {id: notification, from: awareness}\n", encoding="utf-8")
    with pytest.raises(ReviewConfigError, match=r"'awareness' is not a review date: did you mean 'aware'\?"):
        review_timescales(load_review(folder))



def test_a_new_rule_without_a_citation_is_refused_and_a_basis_line_counts_as_one(tmp_path):
    folder = make_review(tmp_path / "r", dates={"aware": "2021-12-23"})
    rule = {"id": "local_check", "label": "Local check", "from": "aware", "amount": 2, "unit": "days"}
    (folder / "timescales.yaml").write_text(yaml_files.safe_dump({"rules": [rule]}), encoding="utf-8")
    with pytest.raises(ReviewConfigError, match="rules.local_check.*has no citation"):
        review_timescales(load_review(folder))
    (folder / "timescales.yaml").write_text(yaml_files.safe_dump({"rules": [
        {**rule, "basis": "Anyshire partners' review protocol (fictional), 3.1"}]}), encoding="utf-8")
    item = next(t for t in review_timescales(load_review(folder)) if t.id == "local_check")
    assert item.due == "2021-12-25" and item.basis == "Anyshire partners' review protocol (fictional), 3.1"


def test_a_rule_limited_to_england_is_not_applied_to_a_wales_review(tmp_path):
    folder = make_review(tmp_path / "r", jurisdiction="wales", dates={"decision": "2024-11-04"})
    (folder / "timescales.yaml").write_text(yaml_files.safe_dump({"rules": [
        {"id": "local_check", "label": "Local check", "from": "decision", "amount": 2, "unit": "days",
         "applies": ["england"], "basis": "a fictional protocol"},
        {"id": "local_welsh", "label": "Local Welsh check", "from": "decision", "amount": 3, "unit": "days",
         "applies": ["wales"], "basis": "a fictional protocol"}]}), encoding="utf-8")
    ids = {t.id for t in review_timescales(load_review(folder))}
    assert "local_welsh" in ids and "local_check" not in ids


# -- the England pack -------------------------------------------------------------------------------
def test_the_copy_to_the_panel_is_counted_back_from_publication_over_easter():
    # Publication Wednesday 3 April 2024. Backwards: Tue 2 April (1); Easter Monday 1 April and Good
    # Friday 29 March are bank holidays; Thu 28 (2), Wed 27 (3), Tue 26 (4), Mon 25 (5), Fri 22 (6),
    # Thu 21 March (7): sent on or before 21 March 2024 is at least 7 working days before.
    rule = _rule("sent_to_panel")
    met = assess(rule, Dates(publication=D(2024, 4, 3), sent_to_panel=D(2024, 3, 21)))
    late = assess(rule, Dates(publication=D(2024, 4, 3), sent_to_panel=D(2024, 3, 25)))
    assert met.due == late.due == "2024-03-21"
    assert met.status == "met" and "29 March 2024" in met.detail and "1 April 2024" in met.detail
    assert late.status == "late" and "2 working days after the due date" in late.detail
    assert add_working_days(D(2024, 4, 3), -7) == D(2024, 3, 21)
    assert deadline(D(2024, 4, 3), -7, "working_days", "wales") == D(2024, 3, 21)


def test_the_notification_counts_five_working_days_over_the_may_bank_holiday():
    # Aware Friday 3 May 2024; Monday 6 May was the Early May bank holiday: Tue 7 (1) ... Mon 13 (5).
    item = assess(_rule("notification"), Dates(aware=D(2024, 5, 3)), "england", today=D(2024, 5, 14))
    assert item.due == "2024-05-13" and item.status == "overdue" and "1 working day overdue" in item.detail


@pytest.mark.parametrize("anchor, dates, due", [
    # from becoming aware (Thu 23 Dec 2021): the next working day is day 1 -> Tue 18 January 2022
    ("aware", {"aware": D(2021, 12, 23), "notification": D(2021, 12, 29)}, "2022-01-18"),
    # from the notification (Wed 29 Dec 2021), that day counted as working day 1 -> Wed 19 January 2022
    ("notification", {"aware": D(2021, 12, 23), "notification": D(2021, 12, 29)}, "2022-01-19"),
    # a notification sent on a Saturday: day 1 is the next working day (Tue 4 January, after the bank holiday)
    ("notification", {"aware": D(2021, 12, 30), "notification": D(2022, 1, 1)}, "2022-01-24"),
])
def test_the_rapid_review_anchor_setting_changes_the_due_date(tmp_path, anchor, dates, due):
    iso = {k: v.isoformat() for k, v in dates.items()}
    folder = make_review(tmp_path / "r", dates=iso, process={"settings": {"rapid_review_anchor": anchor}})
    items = {t.id: t for t in review_timescales(load_review(folder))}
    assert items["rapid_review"].due == due and items["decision"].due == due
    assert items["rapid_review"].from_key == anchor
    assert assess(_rule("rapid_review", rapid_review_anchor=anchor), Dates(**dates)).due == due


def test_the_anchor_defaults_to_becoming_aware(tmp_path):
    folder = make_review(tmp_path / "r", dates={"aware": "2021-12-23", "notification": "2021-12-29"})
    item = next(t for t in review_timescales(load_review(folder)) if t.id == "rapid_review")
    assert item.due == "2022-01-18" and item.rule == "15 working days after dates.aware"
    assert load_pack(ENGLAND).settings["rapid_review_anchor"].default == "aware"


def test_a_take_down_within_the_year_is_flagged_early_and_none_is_never_overdue():
    rule = _rule("take_down")
    early = assess(rule, Dates(publication=D(2024, 3, 1), take_down=D(2024, 12, 2)))
    kept = assess(rule, Dates(publication=D(2024, 3, 1), take_down=D(2025, 3, 1)))
    still_up = assess(rule, Dates(publication=D(2024, 3, 1)), today=D(2030, 1, 1))
    assert early.due == "2025-03-01" and (early.status, early.flagged) == ("early", True)
    assert kept.status == "met" and (still_up.status, still_up.flagged) == ("open", False)
    assert "not before 1 March 2025" in still_up.detail


def test_a_date_after_today_is_a_plan_not_a_fact():
    rule = _rule("notification")
    item = assess(rule, Dates(aware=D(2024, 5, 1), notification=D(2024, 5, 8)), today=D(2024, 5, 3))
    assert item.status == "due" and item.actual is None and "planned for 8 May 2024" in item.detail
    assert assess(rule, Dates(aware=D(2024, 5, 1), notification=D(2024, 5, 8)), today=D(2024, 5, 9)).status == "met"


@pytest.mark.parametrize("looked_after, present", [(True, True), (False, False), (None, False)])
def test_ofsted_is_told_only_when_the_child_was_looked_after(tmp_path, looked_after, present):
    process = {} if looked_after is None else {"looked_after": looked_after}
    folder = make_review(tmp_path / "r", dates={"aware": "2024-05-01"}, process=process)
    items = {t.id: t for t in review_timescales(load_review(folder))}
    assert ("ofsted_notification" in items) is present
    if present:
        assert items["ofsted_notification"].due == "2024-05-09" and "Ofsted" in items["ofsted_notification"].label


# -- Wales -------------------------------------------------------------------------------------------
ENGLISH_PANEL_RULES = {"notification", "rapid_review", "decision", "sent_to_panel", "ofsted_notification"}


def test_a_wales_review_gets_the_welsh_clocks_and_no_english_panel_deadline(tmp_path):
    dates = {"incident": "2024-11-01", "aware": "2024-11-04", "notification": "2024-11-06",
             "rapid_review": "2024-11-20", "referral": "2024-11-08", "decision": "2024-12-02",
             "publication": "2025-09-01"}
    folder = make_review(tmp_path / "r", jurisdiction="wales", dates=dates, process={"looked_after": True})
    review = load_review(folder)
    clocks = {t.id: t for t in review_clocks(review, today=D(2025, 7, 1))}
    assert not ENGLISH_PANEL_RULES & set(clocks), "the national Panel has no role in Wales"
    assert clocks["completion"].due == "2025-06-02" and clocks["completion"].status == "overdue"
    assert not clocks["completion"].confirmed and "Single unified safeguarding review" in clocks["completion"].basis
    assert clocks["susr_decision"].status == "done" and clocks["susr_decision"].due is None
    english = make_review(tmp_path / "e", dates=dates, process={"looked_after": True})
    assert ENGLISH_PANEL_RULES <= {t.id for t in review_clocks(load_review(english), today=D(2025, 7, 1))}


def test_a_wales_review_counts_welsh_bank_holidays(tmp_path):
    # Wales shares England's bank holidays; the Welsh pack's clocks count them the same way.
    folder = make_review(tmp_path / "r", jurisdiction="wales", dates={"decision": "2024-12-23"})
    (folder / "timescales.yaml").write_text(yaml_files.safe_dump({"rules": [
        {"id": "susr_decision", "amount": 10, "unit": "working_days", "from": "referral"},
        {"id": "panel_meeting", "label": "Review panel meets", "from": "decision", "amount": 5,
         "basis": "a fictional regional board protocol"}]}), encoding="utf-8")
    items = {t.id: t for t in review_timescales(load_review(folder))}
    # Mon 23 Dec 2024: Tue 24 (1), Christmas and Boxing Day, Fri 27 (2), Mon 30 (3), Tue 31 (4), New Year, Thu 2 (5)
    assert items["panel_meeting"].due == "2025-01-02"
    assert items["susr_decision"].status == "unknown" and "dates.referral" in items["susr_decision"].detail
