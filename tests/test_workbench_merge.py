"""The three-way merge of an edit (``workbench.ui.merge``): what was typed, what was read, what is on disk now."""

from __future__ import annotations

import datetime as dt

from reviewbench.workbench.ui.merge import merge_edit

READ = {"title": "The school's referral", "start": dt.date(2022, 3, 1), "entries": ("SCH-1", "CSC-2"),
        "appraisal": "Prompt."}
BLANK = {"title": "", "start": None, "entries": (), "appraisal": ""}


def test_no_conflict_saves_what_was_typed():
    typed = {**READ, "appraisal": "Prompt, but not followed up."}
    merged = merge_edit(typed, READ, dict(READ))
    assert merged.values == typed
    assert merged.touched == {"appraisal"} and not merged.conflicts
    untouched = merge_edit(dict(READ), READ, dict(READ))
    assert untouched.values == READ and not untouched.touched


def test_a_field_the_file_changed_and_the_person_did_not_touch_comes_from_the_file():
    typed = {**READ, "appraisal": "My new appraisal."}
    now = {**READ, "title": "HAND EDIT The school's referral", "entries": ("SCH-1", "CSC-2", "POL-3")}
    merged = merge_edit(typed, READ, now)
    assert merged.values == {**now, "appraisal": "My new appraisal."}
    assert merged.touched == {"appraisal"} and not merged.conflicts


def test_a_field_typed_back_to_what_was_read_is_untouched_so_the_file_wins():
    typed = dict(READ)                                   # changed, then changed back before saving
    now = {**READ, "appraisal": "Edited by hand."}
    merged = merge_edit(typed, READ, now)
    assert merged.values["appraisal"] == "Edited by hand." and not merged.touched


def test_when_both_changed_the_same_field_the_person_s_value_is_kept_and_named():
    typed = {**READ, "title": "Mine"}
    now = {**READ, "title": "Theirs", "appraisal": "Theirs too."}
    merged = merge_edit(typed, READ, now)
    assert merged.values == {**READ, "title": "Mine", "appraisal": "Theirs too."}
    assert merged.conflicts == {"title"}
    same = merge_edit(typed, READ, {**READ, "title": "Mine"})     # both made the same change: no conflict
    assert same.values["title"] == "Mine" and not same.conflicts


def test_an_item_deleted_on_disk_keeps_everything_in_the_form():
    typed = {**READ, "appraisal": "Kept."}
    merged = merge_edit(typed, READ, None)
    assert merged.values == typed                        # untouched fields too: saving creates it again
    assert merged.touched == {"appraisal"} and not merged.conflicts


def test_a_new_item_is_what_was_typed():
    typed = {**BLANK, "title": "Housing arrears", "entries": ("HOU-1",)}
    merged = merge_edit(typed, BLANK, None)
    assert merged.values == typed and merged.touched == {"title", "entries"} and not merged.conflicts


def test_the_arguments_are_left_as_they_were():
    typed, read, now = {**READ, "title": "Mine"}, dict(READ), {**READ, "title": "Theirs"}
    copies = (dict(typed), dict(read), dict(now))
    merge_edit(typed, read, now).values["title"] = "changed"
    assert (typed, read, now) == copies
