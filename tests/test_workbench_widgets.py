"""The widgets driven as a reviewer would (set values, press buttons), then the files read back."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import ipywidgets as W
import pytest

import reviewbench
import yaml_files
from reviewbench.authored.models import ITEM_ID
from reviewbench.workbench import ProblemPanel, Workbench, WorkbenchUI, open_workbench
from text_files import read


def _ui(review) -> WorkbenchUI:
    ui = open_workbench(review)
    assert isinstance(ui, WorkbenchUI)
    return ui


def _kpes(review) -> dict:
    return {k["id"]: k for k in yaml_files.safe_load(read(review / "authored" / "kpes.yaml"))["kpes"]}


@pytest.mark.slow
def test_filters_page_and_show_the_detail_with_its_source(review):
    ui = _ui(review)
    b = ui.browser
    total = len(ui.workbench.chronology)
    assert f"of <b>{total}</b>" in b.table.value and len(b.picker.options) == 25
    b.next.click()
    assert "Entries <b>26</b>" in b.table.value and not b.previous.disabled
    b.agency.value = ("Police", "GP")
    expected = ui.workbench.filter(agency=["Police", "GP"])
    assert f"of <b>{len(expected)}</b>" in b.table.value and "Entries <b>1</b>" in b.table.value   # back to page 1
    b.start.value, b.end.value = dt.date(2022, 1, 1), dt.date(2022, 6, 30)
    b.text.value = "referral"
    shown = [v for _, v in b.picker.options]
    assert shown == list(ui.workbench.filter(agency=["Police", "GP"], start="2022-01-01", end="2022-06-30",
                                             text="referral")["entry_id"][:25])
    b.pick(shown[0])
    entry = ui.workbench.entry(shown[0])
    assert entry["source_file"] in b.detail.value and "Location in the file" in b.detail.value
    b.clear.click()
    assert f"of <b>{total}</b>" in b.table.value and b.text.value == "" and b.agency.value == ()
    b.kpe.value = "KPE1"
    assert f"of <b>{len(ui.workbench.kpe('KPE1').entries)}</b>" in b.table.value
    b.kpe.value = ""
    b.joint.value = "yes"
    assert f"of <b>{len(ui.workbench.filter(joint=True))}</b>" in b.table.value
    b.draw.click()
    assert bytes(b.swimlane.value).startswith(b"\x89PNG") and b.swimlane.layout.display is None


@pytest.mark.slow
def test_pseudonymised_view_replaces_registered_names(review):
    ui = _ui(review)
    b = ui.browser
    b.text.value = "tia example"
    assert "Tia Example" in b.table.value
    b.pseudonymised.value = True
    assert "Tia Example" not in b.table.value and "Child T" in b.table.value


@pytest.mark.slow
def test_tagging_and_kpe_membership_are_saved_at_once(review):
    ui = _ui(review)
    b = ui.browser
    b.agency.value = ("Police",)
    first, second = [v for _, v in b.picker.options][:2]
    b.pick(first, second)
    b.significance["concern"].value = True
    b.themes.value = ("B1", "A1")
    b.note.value = "Two call-outs in a week."
    b.save_tags.click()
    assert "Saved the tags of" in b.tags_message.value
    tags = yaml_files.safe_load(read(review / "authored" / "tags.yaml"))["tags"]
    assert tags[first] == {"significance": ["concern"], "themes": ["A1", "B1"], "note": "Two call-outs in a week."}
    assert "Concern" in b.table.value
    b.kpe_target.value = "KPE2"
    b.add_to_kpe.click()
    assert "Added 2 entries to KPE2" in b.kpe_message.value
    assert {first, second} <= set(_kpes(review)["KPE2"]["entries"])
    b.remove_from_kpe.click()
    assert not {first, second} & set(_kpes(review)["KPE2"]["entries"])
    b.tag.value = "concern"
    assert [v for _, v in b.picker.options] == [first]


@pytest.mark.slow
def test_kpe_form_creates_edits_and_takes_the_picked_entries(review):
    ui = _ui(review)
    ui.browser.agency.value = ("Housing",)
    picked = [v for _, v in ui.browser.picker.options][:2]
    ui.browser.pick(*picked)
    form = ui.kpe_form
    assert form.choose.value == "" and form.id.value == "KPE8"
    form.title.value = "Housing arrears and the eviction notice"
    form.add_picked.click()
    form.appraisal.value = "Housing shared the notice promptly."
    form.save.click()
    assert "Saved KPE KPE8" in form.message.value
    saved = _kpes(review)["KPE8"]
    assert saved["entries"] == picked and saved["appraisal"] == "Housing shared the notice promptly."
    assert form.choose.value == "KPE8" and form.id.disabled
    form.title.value = "Housing: the eviction notice"
    form.save.click()
    assert _kpes(review)["KPE8"]["title"] == "Housing: the eviction notice"
    assert ("KPE8: Housing: the eviction notice", "KPE8") in ui.browser.kpe_target.options   # other lists follow
    form.delete.click()
    assert "Click again" in form.delete.description and "KPE8" in _kpes(review)
    form.delete.click()
    assert "KPE8" not in _kpes(review) and "Deleted KPE KPE8" in form.message.value


@pytest.mark.slow
def test_finding_and_recommendation_forms(review):
    ui = _ui(review)
    b = ui.browser
    b.kpe.value = "KPE4"
    b.pick([v for _, v in b.picker.options][0])
    form = ui.finding_form
    form.title.value = "Discharge letters are filed without action"
    form.category.value = "management-systems"
    form.statement.value = "Letters are filed."
    form.evidence_kpes.value = ("KPE4",)
    form.add_picked.click()
    form.fields["issues_for_partners"].value = "How do the partners know?\nWho audits the inbox?"
    form.save.click()
    assert "Saved finding F7" in form.message.value
    saved = yaml_files.safe_load(read(review / "authored" / "findings.yaml"))["findings"][-1]
    assert saved["category"] == "management-systems" and saved["evidence"][0] == "KPE4" and len(saved["evidence"]) == 2
    assert saved["issues_for_partners"] == ["How do the partners know?", "Who audits the inbox?"]

    rec = ui.recommendation_form
    assert ("F7: Discharge letters are filed without action", "F7") in rec.findings.options
    rec.text.value = "Inbox audits every month."
    rec.findings.value = ("F7",)
    rec.owner.value = "Practice manager"
    rec.due.value = dt.date(2024, 12, 31)
    rec.save.click()
    assert "Saved recommendation R5" in rec.message.value
    saved = yaml_files.safe_load(read(review / "authored" / "recommendations.yaml"))["recommendations"][-1]
    assert saved["findings"] == ["F7"] and str(saved["due"]) == "2024-12-31"

    form.new()
    form.title.value = "Bad"
    form.evidence.value = "NOPE-1"
    form.save.click()
    assert "Not saved." in form.message.value and "NOPE-1" in form.message.value


@pytest.mark.slow
def test_the_forms_keep_the_terms_of_reference_questions_and_offer_the_priorities(review):
    ui = _ui(review)
    form = ui.finding_form
    form.choose.value = "F5"                                   # the example's F5 answers Q4
    assert form.tor.value == "Q4" and "Q1, Q2, Q3, Q4, Q5, Q6" in form.tor.placeholder
    assert [v for _, v in form.fields["priority"].options] == ["", "high", "medium", "low"]
    assert form.fields["priority"].value == "low"
    form.tor.value = "Q4, Q5"
    form.fields["priority"].value = "high"
    form.save.click()
    saved = {f["id"]: f for f in yaml_files.safe_load(read(review / "authored" / "findings.yaml"))["findings"]}["F5"]
    assert saved["tor"] == ["Q4", "Q5"] and saved["priority"] == "high"
    assert form.themes.value == ", ".join(saved["themes"]) and saved["themes"]     # an edit keeps the themes
    form.themes.value = "A1, A44"
    form.save.click()
    assert "Not saved." in form.message.value and "A44" in form.message.value
    kpe = ui.kpe_form
    kpe.choose.value = "KPE7"
    assert kpe.tor.value == "Q3"
    kpe.appraisal.value = "Re-appraised."
    kpe.save.click()                                          # saving an edit keeps the questions
    assert _kpes(review)["KPE7"]["tor"] == ["Q3"] and _kpes(review)["KPE7"]["appraisal"] == "Re-appraised."
    kpe.tor.value = "Q33"
    kpe.save.click()
    assert "Not saved." in kpe.message.value and "did you mean &#x27;Q3&#x27;" in kpe.message.value


def test_contribution_form_has_no_name_field_and_refuses_names(review):
    ui = _ui(review)
    form = ui.contribution_form
    assert not any("name" in (getattr(w, "description", "") or "").lower() for w in form.widget.children)
    form.role.value = "Designated safeguarding lead (DSL1)"
    form.kpe.value = "KPE7"
    form.text.value = "We raised it at the conference."
    form.save.click()
    assert "Saved as authored/contributions/kpe7-designated" in form.message.value
    saved = form.choose.value                                    # the id, cut between words to the store's limit
    assert re.match(ITEM_ID, saved) and saved in "kpe7-designated-safeguarding-lead-dsl1"
    assert (review / "authored" / "contributions" / f"{saved}.md").exists()
    form.choose.value = ""
    form.role.value = "Class teacher"
    form.text.value = "Tamsin Example told me T was with her grandmother."
    form.save.click()
    assert "Not saved." in form.message.value and "never by name" in form.message.value
    assert "Tamsin" not in form.message.value
    assert form.text.value.startswith("Tamsin Example")           # what was typed is still there to correct
    assert not any("class-teacher" in p.name for p in (review / "authored" / "contributions").iterdir())


@pytest.mark.slow
def test_a_refused_save_is_shown_and_the_hand_edit_kept_then_reload_and_save(review):
    ui = _ui(review)
    form = ui.kpe_form
    form.edit("KPE3")
    form.appraisal.value = "My new appraisal."
    kpes = review / "authored" / "kpes.yaml"
    hand = read(kpes).replace("title: The school's referral", "title: HAND EDIT The school's referral")
    kpes.write_text(hand, encoding="utf-8")                       # someone edits the YAML meanwhile
    form.save.click()
    assert "Not saved." in form.message.value and "changed on disk since it was loaded" in form.message.value
    assert read(kpes) == hand
    assert form.appraisal.value == "My new appraisal."            # nothing typed is lost
    ui.reload.click()
    assert "Reloaded" in ui.message.value
    assert form.appraisal.value == "My new appraisal."            # typed: kept
    assert form.title.value.startswith("HAND EDIT")               # not typed: now as in the file
    form.save.click()
    assert "Saved KPE KPE3" in form.message.value
    saved = _kpes(review)["KPE3"]
    assert saved["appraisal"] == "My new appraisal." and saved["title"].startswith("HAND EDIT")


@pytest.mark.slow
def test_a_refused_tag_save_is_shown(review):
    ui = _ui(review)
    b = ui.browser
    entry = [v for _, v in b.picker.options][0]
    b.pick(entry)
    b.significance["key-event"].value = True
    b.save_tags.click()
    tags = review / "authored" / "tags.yaml"
    hand = read(tags).replace("key-event", "good-practice")
    tags.write_text(hand, encoding="utf-8")
    b.significance["concern"].value = True
    b.save_tags.click()
    assert "Not saved." in b.tags_message.value and "authored/tags.yaml was changed on disk" in b.tags_message.value
    assert read(tags) == hand


@pytest.mark.slow
def test_restart_reloads_the_widgets_from_the_files(review):
    ui = _ui(review)
    ui.kpe_form.title.value = "Made before the restart"
    ui.kpe_form.entries.value = ui.workbench.chronology["entry_id"].iloc[20]
    ui.kpe_form.save.click()
    again = _ui(review)                                           # a new kernel: a new workbench on the folder
    assert "KPE8" in [v for _, v in again.kpe_form.choose.options]
    again.kpe_form.edit("KPE8")
    assert again.kpe_form.title.value == "Made before the restart"


def test_problems_in_the_files_are_shown_and_a_missing_review_is_a_sentence(review, tmp_path):
    (review / "authored" / "findings.yaml").write_text("findings: [oops\n", encoding="utf-8")
    ui = _ui(review)
    assert "authored/findings.yaml" in ui.problems.value and "not valid YAML" in ui.problems.value
    ui.finding_form.title.value = "x"
    ui.finding_form.save.click()
    assert "Not saved." in ui.finding_form.message.value
    panel = open_workbench(tmp_path / "nowhere")
    assert isinstance(panel, ProblemPanel) and "is not a folder" in panel.text.value
    assert panel.build.layout.display == "none"            # nothing to build: the folder is wrong
    assert panel.facilitator_view() is panel


@pytest.mark.slow
def test_facilitator_shows_one_kpe_large_and_captures_contributions(review):
    ui = _ui(review)
    view = ui.facilitator_view()
    assert view is ui.facilitator_view()                          # one view, sharing the workbench
    assert view.kpe.value == "KPE1" and "font-size:33px" in view.heading.value
    assert "Appraisal" not in view.heading.value
    view.show_appraisal.value = True
    assert "Appraisal" in view.heading.value
    kpe1 = ui.workbench.kpe("KPE1")
    assert view.entries.value.count("<tr>") == len(kpe1.entries) + 1
    assert bytes(view.timeline.value).startswith(b"\x89PNG")
    assert "Tia Example" not in view.entries.value                  # pseudonymised by default
    view.next.click()
    assert view.kpe.value == "KPE2"
    view.size.value = 30
    assert "font-size:30px" in view.entries.value
    view.role.value = "Police officer (PC2)"
    view.words.value = "We did not know about the earlier referral."
    view.capture.click()
    assert "Saved as authored/contributions/kpe2-police-officer-pc2.md" in view.message.value
    assert view.words.value == "" and "We did not know" in view.captured.value
    text = read(review / "authored" / "contributions" / "kpe2-police-officer-pc2.md")
    assert "kpe: KPE2" in text and "role: Police officer (PC2)" in text
    view.words.value = "Lee Sample shouted at us."
    view.capture.click()
    assert "Not saved." in view.message.value and "Lee Sample" not in view.message.value
    assert view.words.value == "Lee Sample shouted at us."
    assert [c.id for c in Workbench(review).contributions if c.kpe == "KPE2"] == ["kpe2-police-officer-pc2"]


@pytest.mark.slow
def test_the_learning_event_view_projects_no_registered_form(review):
    ui = _ui(review)
    view = ui.facilitator_view()
    assert view.pseudonymised.value                                   # the default
    view.show_timeline.value = False      # a picture of agencies' lanes (drawn in the test above): the text is read here
    projected = ""
    for kpe in ui.workbench.kpes:
        view.kpe.value = kpe.id
        view.show_appraisal.value = True
        projected += view.heading.value + view.entries.value + view.captured.value
    for form in ("Lee grabbed me", "Ms Example", "Mr Sample", "Tamsin", "Brookfield", "Riverside",
                 "Anyshire General Hospital", "Ms Mother", "Mr Mother"):
        assert form not in projected, form
    assert "Mother&#x27;s partner grabbed me" in projected or "Mother's partner grabbed me" in projected
    view.pseudonymised.value = False                                  # the facilitator's own choice
    shown = ""
    for kpe in ui.workbench.kpes:
        view.kpe.value = kpe.id
        shown += view.entries.value
    assert "Brookfield" in shown and "Ms Example" in shown


@pytest.mark.slow
def test_capture_of_an_ordinary_word_asks_once_and_keeps_the_text(review):
    view = _ui(review).facilitator_view()
    view.role.value = "Designated safeguarding lead"
    view.words.value = "Example of good practice: the log was shared."
    view.capture.click()
    assert "Not saved." in view.message.value and view.words.value.startswith("Example of good practice")
    assert view.ordinary_ok.layout.display is None                    # the box to say it is the word
    view.ordinary_ok.value = True
    view.capture.click()
    assert "Saved as authored/contributions/" in view.message.value and view.words.value == ""
    assert view.ordinary_ok.layout.display == "none" and not view.ordinary_ok.value


@pytest.mark.slow
def test_an_item_deleted_by_hand_while_edited_can_be_saved_again(review):
    ui = _ui(review)
    form = ui.recommendation_form
    form.edit("R4")
    form.owner.value = "Clinical Director (new)"
    path = review / "authored" / "recommendations.yaml"
    data = yaml_files.safe_load(read(path))
    data["recommendations"] = [r for r in data["recommendations"] if r["id"] != "R4"]
    path.write_text(yaml_files.safe_dump(data, sort_keys=False), encoding="utf-8")
    ui.reload.click()
    assert "R4 is no longer in the file" in form.message.value and form.id.value == "R4" and not form.id.disabled
    form.save.click()
    assert "Saved recommendation R4" in form.message.value
    saved = {r["id"]: r for r in yaml_files.safe_load(read(path))["recommendations"]}
    assert saved["R4"]["owner"] == "Clinical Director (new)" and saved["R4"]["findings"] == ["F4", "F5"]


@pytest.mark.slow
def test_a_register_that_cannot_be_read_hides_the_learning_event_view_and_stops_capture(review):
    (review / "private" / "names.yaml").write_text("names:\n  Tamsin Example:\n", encoding="utf-8")   # no pseudonym
    view = _ui(review).facilitator_view()
    assert "names register cannot be read" in view.heading.value
    assert view.entries.value == "" and "Example" not in view.heading.value
    view.pseudonymised.value = False                                  # the facilitator's own choice
    assert "names register cannot be read" not in view.heading.value
    view.role.value, view.words.value = "Health visitor (HV1)", "We visited weekly."
    view.capture.click()
    assert "Not saved." in view.message.value and "cannot be checked for names" in view.message.value
    assert view.words.value == "We visited weekly."


@pytest.mark.slow
def test_with_no_one_registered_the_learning_event_view_says_names_are_shown(review):
    (review / "private" / "names.yaml").unlink()
    view = _ui(review).facilitator_view()
    assert "lists no one, so names are shown as the agencies recorded them" in view.heading.value


@pytest.mark.slow
def test_the_workbench_never_builds_a_missing_chronology_but_offers_to(review):
    import shutil as _shutil
    _shutil.rmtree(review / "build")
    panel = open_workbench(review)
    assert isinstance(panel, ProblemPanel) and "no integrated chronology" in panel.text.value
    assert not (review / "build" / "chronology.csv").exists()            # opening it built nothing
    assert panel.build.layout.display is None
    panel.build.click()
    assert "Built. Run the cell again" in panel.message.value
    assert isinstance(open_workbench(review), WorkbenchUI)


@pytest.mark.slow
def test_an_out_of_date_chronology_is_opened_said_and_rebuilt_on_request(review):
    police = review / "agency_reports" / "police_occurrences.csv"
    police.write_bytes(police.read_bytes() + b"\r\n")                    # the submission changed
    ui = _ui(review)
    assert ui.workbench.stale and "older than its inputs" in ui.problems.value
    assert ui.rebuild.layout.display is None
    ui.rebuild.click()
    assert "Rebuilt:" in ui.message.value and not ui.workbench.stale
    assert ui.rebuild.layout.display == "none" and "older than its inputs" not in ui.problems.value


def _widgets(widget) -> list:
    """``widget`` and every widget inside it."""
    found = [widget]
    for child in getattr(widget, "children", ()):
        found += _widgets(child)
    return found


def test_an_end_date_before_the_start_clears_the_results_and_says_why(review):
    b = _ui(review).browser
    b.agency.value = ("Police",)
    assert "<tr" in b.table.value and b.picker.options
    b.pick(b.picker.options[0][1])
    b.start.value, b.end.value = dt.date(2023, 1, 1), dt.date(2022, 1, 1)
    assert "<tr" not in b.table.value and b.picker.options == () and "Pick an entry" in b.detail.value
    assert "No entries shown" in b.table.value and "before the start date" in b.table.value
    assert "the end date 2022-01-01 is before the start date 2023-01-01" in b.filter_message.value
    b.end.value = dt.date(2023, 6, 30)
    assert "<tr" in b.table.value and b.filter_message.value == ""


def test_dates_are_typed_day_first_whatever_the_browser_s_language(review):
    ui = _ui(review)
    b = ui.browser
    assert not [w for w in _widgets(ui.widget) if isinstance(w, W.DatePicker)]   # the browser's locale decides those
    b.start.text.value = "03/04/2022"
    assert b.start.value == dt.date(2022, 4, 3) and b.start.message.value == ""       # 3 April, not 4 March
    b.end.value = dt.date(2022, 5, 1)
    assert b.end.text.value == "01/05/2022"
    assert list(b.positions) == list(ui.workbench.positions(start="2022-04-03", end="2022-05-01"))
    for typed, said in (("31/02/2022", "is not a day of the calendar"), ("3/4/22", "year in four digits"),
                        ("April", "is not a date")):
        b.end.text.value = typed
        shown = html.unescape(b.end.message.value)
        assert said in shown and f"The To date '{typed}'" in shown and "Write it as dd/mm/yyyy" in shown
        assert "No entries shown" in b.table.value and said in b.filter_message.value       # not the old results
    b.end.text.value = "2022-05-01"                                   # ISO is read too
    assert b.end.value == dt.date(2022, 5, 1) and "<tr" in b.table.value and b.end.message.value == ""


def test_a_date_typed_wrong_in_a_form_is_refused_not_saved_empty(review):
    ui = _ui(review)
    form = ui.kpe_form
    form.title.value = "An episode with a wrong date"
    form.entries.value = ui.workbench.chronology["entry_id"].iloc[0]
    form.start.text.value = "30/02/2022"
    form.save.click()
    shown = html.unescape(form.message.value)
    assert "Not saved." in shown and "The start date '30/02/2022' is not a day of the calendar" in shown
    assert form.id.value not in _kpes(review)
    form.start.text.value = "28/02/2022"
    form.save.click()
    assert _kpes(review)[form.id.value]["start"] == dt.date(2022, 2, 28)


QUOTED_CONTROL = re.compile(r"(?:press|the button) '([^']+)'|the (?:workbench's )?'([^']+)' tab")
UNQUOTED_CONTROL = re.compile(r"\b(?:press|the button) (?!')[A-Z]|<i>[^<]*</i> tab|\bthe [A-Z][\w ]* tab\b")


@pytest.mark.slow
def test_every_message_naming_a_button_or_tab_names_one_that_exists(review):
    ui = _ui(review)
    widgets = _widgets(ui.widget) + _widgets(ui.facilitator_view().widget) + \
        _widgets(ProblemPanel("A problem.", review).widget)
    buttons = {w.description for w in widgets if isinstance(w, W.Button)}
    tabs = set(ui.tabs.titles)
    assert "Reload from the files" in buttons and "Chronology" in tabs
    named, unquoted = [], []
    package = Path(reviewbench.__file__).parent             # what the workbench shows comes from these
    sources = sorted([*(package / "workbench").rglob("*.py"), *(package / "authored").rglob("*.py"),
                      package / "atomic.py"])
    for path in sources:
        text = path.read_text(encoding="utf-8")
        named += [(path.name, button or tab, bool(button)) for button, tab in QUOTED_CONTROL.findall(text)]
        unquoted += [(path.name, m.group(0)) for m in UNQUOTED_CONTROL.finditer(text)]
    assert len(named) >= 8 and not unquoted
    assert [(file, name) for file, name, is_button in named if name not in (buttons if is_button else tabs)] == []


def test_every_agency_of_the_example_shows_without_scrolling(review):
    ui = _ui(review)
    for agency in (ui.browser.agency, ui.lenses.agency):
        assert len(agency.options) == len(ui.workbench.review.agencies) == 9 and agency.rows >= 9


@pytest.mark.slow
def test_no_button_label_is_cut_to_the_default_width(review):
    ui = _ui(review)
    buttons = [w for w in _widgets(ui.widget) + _widgets(ui.facilitator_view().widget) if isinstance(w, W.Button)]
    assert len(buttons) > 15
    assert {(b.layout.width, b.layout.flex) for b in buttons} == {("auto", "0 0 auto")}


@pytest.mark.slow
def test_kpe_form_places_a_kpe_under_the_methodologys_lens_in_its_variant_file(review):
    data = yaml_files.safe_load(read(review / "review.yaml"))
    data["methodology"] = "appreciative-inquiry"
    (review / "review.yaml").write_text(yaml_files.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    variant = review / "authored" / "methodologies" / "appreciative-inquiry" / "kpes.yaml"
    base = read(review / "authored" / "kpes.yaml")
    form = _ui(review).kpe_form
    form.edit("KPE7")
    assert form.fields["ai_lens"].value == "got-in-the-way"
    form.fields["ai_lens"].value = "appreciation"
    form.save.click()
    assert "Saved KPE KPE7" in form.message.value
    placed = {k["id"]: k for k in yaml_files.safe_load(read(variant))["kpes"]}
    assert placed["KPE7"]["ai_lens"] == "appreciation" and placed["KPE6"]["ai_lens"] == "appreciation"
    assert read(review / "authored" / "kpes.yaml") == base                     # the base file is not touched
    form.edit("KPE6")
    form.fields["ai_lens"].value = ""                                          # "(not chosen yet)"
    form.save.click()
    assert "ai_lens" not in {k["id"]: k for k in yaml_files.safe_load(read(variant))["kpes"]}["KPE6"]
