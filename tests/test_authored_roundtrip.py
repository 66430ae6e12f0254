"""Saves keep a hand-written authored file as it was written: comments, key order, quoting, date style and
block scalars of everything not edited (reviewbench.authored.roundtrip). Each test reads the diff of one
save with difflib and checks it is the change asked for, and nothing else."""

from __future__ import annotations

import datetime as dt
import difflib
import shutil
from pathlib import Path

import pytest

from reviewbench.authored import KPE, load_authored, save_items
from reviewbench.authored.skeleton import write_skeletons
from reviewbench.config import load_review
from reviewbench.errors import ReviewbenchError
from reviewbench.methodology import get_methodology
from reviewbench.workbench import Workbench
from text_files import read

HAND_WRITTEN = """\
# Our KPEs, agreed at the panel of 3 March 2023 (FICTIONAL example).
# Keep the order: it is the order of the report.

kpes:
# The first referral; the panel argued about the end date.
- id: KPE9
  title: "Mrs Fictional's call to the duty desk"   # quoted on purpose
  start: 2022-01-14
  end: 2022-01-20
  entries: [HV-13b88463,
    HV-b4a695b2]
  description: |
    A first line written by hand,
    and a second one.
  appraisal: >-
    Folded text that a reviewer wrote
    over two lines.

# An episode the panel may drop.
- id: KPE10
  title: 'A short episode'
  start: 2022-03-03
  entries: [POL-46e1cc69]   # the notification only
  explanation: Plain text on one line.

- id: KPE11
  title: The last one
  start: 2022-06-07
  end: 2022-06-23
  entries: [SCH-2b8e3a31]
# trailing notes of the file
"""


@pytest.fixture
def hand_written(review) -> Path:
    """The example review whose kpes.yaml also holds three KPEs written by hand, with comments."""
    path = review / "authored" / "kpes.yaml"
    example = read(path).split("kpes:\n", 1)[1]
    text = HAND_WRITTEN.replace("kpes:\n", "kpes:\n" + example, 1)
    path.write_text(text, encoding="utf-8")
    return review


def _changes(before: str, after: str) -> tuple[list[str], list[str]]:
    """The lines removed and the lines added by a save."""
    diff = list(difflib.unified_diff(before.splitlines(), after.splitlines(), n=0, lineterm=""))
    removed = [line[1:] for line in diff if line.startswith("-") and not line.startswith("---")]
    added = [line[1:] for line in diff if line.startswith("+") and not line.startswith("+++")]
    return removed, added


def _save(review: Path, change) -> tuple[str, str]:
    authored = load_authored(load_review(review))
    path = review / "authored" / "kpes.yaml"
    before = read(path)
    kpes = change(list(authored.kpes))
    save_items(authored, "kpes", kpes)
    after = read(path)
    again = load_authored(load_review(review))
    assert [k.model_dump() for k in again.kpes] == [KPE.model_validate(k.model_dump()).model_dump() for k in kpes]
    return before, after


def _edit(kpes: list[KPE], kpe_id: str, **values) -> list[KPE]:
    return [k.model_copy(update=values) if k.id == kpe_id else k for k in kpes]


def test_editing_one_field_of_a_hand_written_file_changes_that_line_alone(hand_written):
    before, after = _save(hand_written, lambda kpes: _edit(kpes, "KPE10", title="A longer episode"))
    removed, added = _changes(before, after)
    assert removed == ["  title: 'A short episode'"]
    assert added == ["  title: A longer episode"]


def test_an_edited_block_scalar_is_written_as_a_block_in_its_place(hand_written):
    before, after = _save(hand_written, lambda kpes: _edit(
        kpes, "KPE9", description="A first line rewritten,\nthen a second,\nand a third."))
    removed, added = _changes(before, after)
    assert removed == ["    A first line written by hand,", "    and a second one."]
    assert added == ["    A first line rewritten,", "    then a second,", "    and a third."]
    assert "  description: |\n    A first line rewritten," in after
    assert "  appraisal: >-\n    Folded text" in after                 # the folded block next to it untouched


def test_dates_stay_unquoted_and_a_changed_date_is_written_unquoted(hand_written):
    before, after = _save(hand_written, lambda kpes: _edit(kpes, "KPE11", end=dt.date(2022, 6, 30)))
    assert _changes(before, after) == (["  end: 2022-06-23"], ["  end: 2022-06-30"])
    assert "'2022" not in after and '"2022' not in after


def test_a_new_key_goes_after_the_item_s_last_key_and_a_cleared_one_is_removed(hand_written):
    before, after = _save(hand_written, lambda kpes: _edit(
        kpes, "KPE10", explanation="", appraisal="Adequate, with one gap."))
    removed, added = _changes(before, after)
    assert removed == ["  explanation: Plain text on one line."]
    assert added == ["  appraisal: Adequate, with one gap."]
    assert "  entries: [POL-46e1cc69]   # the notification only\n  appraisal: Adequate" in after


def test_a_new_item_is_appended_after_the_last_and_the_rest_is_kept(hand_written):
    new = KPE(id="KPE12", title="A new episode", start=dt.date(2022, 8, 12), entries=["HSG-69ae99ea"],
              appraisal="Line one.\nLine two.")
    before, after = _save(hand_written, lambda kpes: kpes + [new])
    removed, added = _changes(before, after)
    assert removed == []
    assert added == ["- id: KPE12", "  title: A new episode", "  start: 2022-08-12",
                     "  entries: [HSG-69ae99ea]", "  appraisal: |", "    Line one.", "    Line two."]
    assert after.endswith("    Line two.\n# trailing notes of the file\n")


def test_a_deleted_item_goes_with_its_comments_and_nothing_else(hand_written):
    before, after = _save(hand_written, lambda kpes: [k for k in kpes if k.id != "KPE10"])
    removed, added = _changes(before, after)
    assert added == []
    assert removed == ["# An episode the panel may drop.", "- id: KPE10", "  title: 'A short episode'",
                       "  start: 2022-03-03", "  entries: [POL-46e1cc69]   # the notification only",
                       "  explanation: Plain text on one line.", ""]
    assert "# The first referral; the panel argued about the end date." in after


def test_the_workbench_adds_an_entry_to_a_kpe_by_changing_its_entries_alone(hand_written):
    wb = Workbench(hand_written)
    path = hand_written / "authored" / "kpes.yaml"
    before = read(path)
    wb.add_to_kpe("KPE11", ["SCH-a193ea1f"])
    removed, added = _changes(before, read(path))
    assert removed == ["  entries: [SCH-2b8e3a31]"]
    assert added == ["  entries: [SCH-2b8e3a31, SCH-a193ea1f]"]
    assert Workbench(hand_written).kpe("KPE11").entries == ["SCH-2b8e3a31", "SCH-a193ea1f"]


def test_the_first_kpe_saved_into_the_skeleton_keeps_its_notes(review):
    for name in ("kpes.yaml", "findings.yaml", "recommendations.yaml"):
        (review / "authored" / name).unlink()
    shutil.rmtree(review / "authored" / "contributions")
    write_skeletons(review, get_methodology(load_review(review).methodology, review))
    path = review / "authored" / "kpes.yaml"
    skeleton = read(path)
    wb = Workbench(review)
    wb.add_kpe("KPE1", "The first episode", ["HV-13b88463"])
    removed, added = _changes(skeleton, read(path))
    assert removed == []
    assert added[0].startswith("- id: KPE1") and all(not line.startswith("#") for line in added)
    assert [line for line in read(path).splitlines() if line.startswith("#")] == \
        [line for line in skeleton.splitlines() if line.startswith("#")]


def test_a_save_still_refuses_a_hand_edit_made_since_loading(hand_written):
    authored = load_authored(load_review(hand_written))
    path = hand_written / "authored" / "kpes.yaml"
    edited = read(path).replace("# trailing notes of the file", "# a note added by hand")
    path.write_text(edited, encoding="utf-8")
    with pytest.raises(ReviewbenchError, match="was changed on disk since it was loaded"):
        save_items(authored, "kpes", _edit(list(authored.kpes), "KPE10", title="Other"))
    assert read(path) == edited


HAND_TAGS = """\
# Tags agreed at the panel (FICTIONAL example). Keep the comments.
tags:
  # The notification the panel discussed longest.
  POL-46e1cc69:
    significance: [key-event]
    note: Read at the panel on 3 March 2023.   # a comment beside a value
  SCH-2b8e3a31:
    significance: [concern]

  # Not sure yet.
  CSC-0134b901:
    significance: [good-practice]
# trailing notes of the file
"""


def test_tagging_an_entry_changes_that_entrys_lines_alone_and_keeps_the_comments(review):
    path = review / "authored" / "tags.yaml"
    path.write_text(HAND_TAGS, encoding="utf-8")
    wb = Workbench(review)
    wb.tag("SCH-2b8e3a31", note="Seen by the school nurse.")
    removed, added = _changes(HAND_TAGS, read(path))
    assert removed == [] and added == ["    note: Seen by the school nurse."]
    wb.tag("CSC-0134b901", significance=())                      # its tags emptied: the entry goes
    removed, added = _changes(HAND_TAGS, read(path))
    assert removed == ["  # Not sure yet.", "  CSC-0134b901:", "    significance: [good-practice]"]
    assert added == ["    note: Seen by the school nurse."]
    wb.tag("HV-2a01b741", significance="key-event")               # a new entry goes at the end of the tags
    after = read(path)
    assert after.startswith("# Tags agreed at the panel") and "# The notification the panel discussed longest." in after
    assert "note: Read at the panel on 3 March 2023.   # a comment beside a value" in after
    assert after.index("HV-2a01b741:") > after.index("SCH-2b8e3a31:") and after.endswith("# trailing notes of the file\n")
    assert list(Workbench(review).tags_of("HV-2a01b741").significance) == ["key-event"]
