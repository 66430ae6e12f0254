"""The workbench's Python API (``reviewbench.workbench.Workbench``), without a browser."""

from __future__ import annotations

import datetime as dt

import pytest

import yaml_files
from reviewbench.errors import AuthoredError, ReviewbenchError
from reviewbench.network.figures import NOT_SEEN_COLOUR
from reviewbench.workbench import Workbench
from text_files import read


def _yaml(path):
    return yaml_files.safe_load(read(path))


# -- the chronology and its filters ----------------------------------------------------------------

def test_chronology_is_the_built_one_and_filters_combine(review):
    wb = Workbench(review)
    chron = wb.chronology
    assert len(chron) > 100 and list(chron["entry_id"]) == list(dict.fromkeys(chron["entry_id"]))

    police = wb.filter(agency="Police")
    assert len(police) == (chron["agency"] == "Police").sum() and set(police["agency"]) == {"Police"}
    assert len(wb.filter(agency="MASH")) == (chron["agency"] == "Children's Social Care").sum()   # an alias
    both = wb.filter(agency=["Police", "GP"])
    assert len(both) == chron["agency"].isin(["Police", "GP"]).sum()
    assert list(both.index) == sorted(both.index)                                              # chronology order

    march = wb.filter(start="2022-03-01", end=dt.date(2022, 3, 31))
    assert len(march) and all("2022-03" in d or len(d) == 4 for d in march["date"])
    kind = chron["event_kind"].iloc[0]
    assert set(wb.filter(kind=kind)["event_kind"]) == {kind}
    assert set(wb.filter(joint=True)["joint_event_id"]) - {""} == set(chron["joint_event_id"]) - {""}
    assert (wb.filter(joint=False)["joint_event_id"] == "").all()
    assert wb.filter(in_scope=True)["in_scope"].all() and not wb.filter(in_scope=False)["in_scope"].any()


def test_text_search_wants_every_word_in_any_case(review):
    wb = Workbench(review)
    chron = wb.chronology
    word = "hungry"
    expected = chron[chron["description"].str.lower().str.contains(word)
                     | chron["outcome"].str.lower().str.contains(word)]
    found = wb.filter(text="HUNGRY")
    assert set(expected["entry_id"]) <= set(found["entry_id"]) and len(found)
    assert len(wb.filter(text="hungry zebra-never-written")) == 0
    narrowed = wb.filter(text="hungry", agency=found["agency"].iloc[0])
    assert 0 < len(narrowed) <= len(found)


def test_kpe_and_tag_filters(review):
    wb = Workbench(review)
    kpe1 = wb.kpe("KPE1")
    assert list(wb.filter(kpe="KPE1")["entry_id"]) == [e for e in wb.chronology["entry_id"] if e in kpe1.entries]
    in_any = set(wb.filter(kpe=True)["entry_id"])
    assert set(kpe1.entries) <= in_any
    assert not in_any & set(wb.filter(kpe=False)["entry_id"])
    entry = kpe1.entries[0]
    wb.tag(entry, significance="concern", themes=["A1"])
    assert list(wb.filter(tag="concern")["entry_id"]) == [entry]
    assert list(wb.filter(tag="A1", kpe="KPE1")["entry_id"]) == [entry]
    assert wb.filter(tag="A1", kpe="KPE7").empty or entry in wb.kpe("KPE7").entries


def test_unknown_filter_values_are_sentences_with_a_suggestion(review):
    wb = Workbench(review)
    with pytest.raises(ReviewbenchError, match="did you mean 'Police'"):
        wb.filter(agency="Polce")
    with pytest.raises(ReviewbenchError, match="not a tag"):
        wb.filter(tag="A99x")
    with pytest.raises(ReviewbenchError, match="no KPE 'KPE99'"):
        wb.filter(kpe="KPE99")
    with pytest.raises(ReviewbenchError, match="before the start"):
        wb.filter(start="2022-05-01", end="2022-04-01")
    with pytest.raises(ReviewbenchError, match="YYYY-MM-DD"):
        wb.filter(start="1st May")


def test_entry_detail_has_provenance_kpes_and_citing_findings(review):
    wb = Workbench(review)
    entry_id = wb.kpe("KPE1").entries[0]
    detail = wb.entry(entry_id)
    assert detail["source_file"].startswith("agency_reports/") and detail["source_location"]
    assert "KPE1" in detail["kpes"]
    assert "F1" in detail["cited_by"]                       # F1 cites KPE1
    html = wb.entry_html(entry_id)
    assert detail["source_file"] in html and "Location in the file" in html


# -- tagging ---------------------------------------------------------------------------------------

def test_tags_are_saved_at_once_and_cleared_with_empty_values(review):
    wb = Workbench(review)
    entry = wb.chronology["entry_id"].iloc[5]
    wb.tag(entry, significance=["key event", "concern"], themes=["B1", "Domestic abuse"], note="Check with DAS.")
    data = _yaml(review / "authored" / "tags.yaml")
    assert data["tags"][entry] == {"significance": ["key-event", "concern"], "themes": ["B1"],
                                   "note": "Check with DAS."}
    wb.tag(entry, note="")                                  # only the note changes
    assert _yaml(review / "authored" / "tags.yaml")["tags"][entry] == {"significance": ["key-event", "concern"],
                                                                         "themes": ["B1"]}
    wb.tag(entry, significance=[], themes=[])
    assert entry not in (_yaml(review / "authored" / "tags.yaml")["tags"] or {})
    assert not list((review / "authored").glob(".*.tmp"))   # atomic writes leave no temporary file


def test_tags_refuse_unknown_themes_and_entries(review):
    wb = Workbench(review)
    entry = wb.chronology["entry_id"].iloc[0]
    with pytest.raises(AuthoredError, match="theme 'A99' is not in the theme list"):
        wb.tag(entry, themes=["A99"])
    with pytest.raises(ReviewbenchError, match="not an entry of the chronology"):
        wb.tag("CSC-00000000", significance="concern")
    with pytest.raises(ReviewbenchError, match="significance 'urgent'"):
        wb.tag(entry, significance="urgent")
    assert not (review / "authored" / "tags.yaml").exists()


def test_a_review_can_add_and_relabel_themes(review):
    (review / "themes.yaml").write_text(yaml_files.safe_dump({"groups": [
        {"id": "A", "themes": [{"id": "A1", "label": "Sharing information (local wording)"}]},
        {"id": "L", "label": "Local priorities", "themes": [{"id": "L1", "label": "Neglect strategy 2023"}]},
    ]}), encoding="utf-8")
    wb = Workbench(review)
    assert wb.themes.label("A1") == "Sharing information (local wording)"
    assert wb.themes.ids.index("A1") < wb.themes.ids.index("A2") < wb.themes.ids.index("L1")
    entry = wb.chronology["entry_id"].iloc[0]
    wb.tag(entry, themes=["L1"])
    assert list(wb.filter(tag="L1")["entry_id"]) == [entry]


# -- authoring -------------------------------------------------------------------------------------

def test_add_kpe_takes_its_period_from_its_entries(review):
    wb = Workbench(review)
    picked = list(wb.filter(agency="Police", in_scope=True)["entry_id"][:3])
    kpe = wb.add_kpe(wb.next_id("kpe"), "The Police call-outs", list(reversed(picked)), description="Three call-outs.")
    assert kpe.id == "KPE8" and kpe.entries == picked                      # chronology order
    saved = {k["id"]: k for k in _yaml(review / "authored" / "kpes.yaml")["kpes"]}["KPE8"]
    dates = wb.filter(kpe="KPE8")["date"]
    assert str(saved["start"]) == dates.min() and str(saved["end"]) == dates.max()
    assert saved["description"] == "Three call-outs."
    with pytest.raises(ReviewbenchError, match="already a KPE 'KPE8'"):
        wb.add_kpe("KPE8", "Again", picked)
    wb.add_kpe("KPE8", "Renamed", picked, replace=True)
    assert wb.kpe("KPE8").title == "Renamed"
    with pytest.raises(ReviewbenchError, match="needs a start date"):
        wb.add_kpe("KPE9", "No entries, no date")


def test_entries_join_and_leave_a_kpe(review):
    wb = Workbench(review)
    outside = next(e for e in wb.chronology["entry_id"] if e not in wb.kpe("KPE2").entries)
    assert outside in wb.add_to_kpe("KPE2", [outside]).entries
    assert outside in _yaml(review / "authored" / "kpes.yaml")["kpes"][1]["entries"]
    assert outside not in wb.remove_from_kpe("KPE2", outside).entries
    with pytest.raises(ReviewbenchError, match="did you mean"):
        wb.add_to_kpe("KPE2", [outside[:-1] + "x"])


def test_add_finding_checks_category_and_evidence(review):
    wb = Workbench(review)
    entry = wb.kpe("KPE3").entries[0]
    finding = wb.add_finding("F7", "Closure without the whole picture", "Longer-term work", "Statement.",
                             ["KPE3", entry], issues_for_partners=["How do the partners know?"],
                             why_it_matters="It matters.")
    assert finding.category == "longer-term-work"                             # a label is taken as its id
    saved = _yaml(review / "authored" / "findings.yaml")["findings"][-1]
    assert saved["evidence"] == ["KPE3", entry] and saved["issues_for_partners"] == ["How do the partners know?"]
    with pytest.raises(AuthoredError, match="category 'weather' is not a category"):
        wb.add_finding("F8", "Bad", "weather")
    with pytest.raises(AuthoredError, match="evidence 'KPE42'"):
        wb.add_finding("F8", "Bad", "tools", evidence=["KPE42"])
    assert "F8" not in read(review / "authored" / "findings.yaml")


def test_ids_typed_in_any_form_are_saved_as_one_list(review):
    wb = Workbench(review)
    entries = wb.kpe("KPE3").entries[:2]
    finding = wb.add_finding("F7", "Typed ids", "tools", evidence=f"KPE3;{entries[0]}\n KPE3 , ")
    assert finding.evidence == ["KPE3", entries[0]]
    assert _yaml(review / "authored" / "findings.yaml")["findings"][-1]["evidence"] == ["KPE3", entries[0]]
    assert wb.remove_from_kpe("KPE3", f"{entries[0]}; {entries[1]}").entries == wb.kpe("KPE3").entries
    assert not set(entries) & set(wb.kpe("KPE3").entries)


def test_add_recommendation_links_findings(review):
    wb = Workbench(review)
    rec = wb.add_recommendation("R5", "Screening shows previous contacts.", ["F1", "F2"], owner="Head of MASH",
                                due="2024-09-30")
    assert rec.due == dt.date(2024, 9, 30)
    assert _yaml(review / "authored" / "recommendations.yaml")["recommendations"][-1]["findings"] == ["F1", "F2"]
    with pytest.raises(AuthoredError, match="finding 'F99'"):
        wb.add_recommendation("R6", "Text", ["F99"])


def test_delete_is_refused_while_something_refers_to_it(review):
    wb = Workbench(review)
    with pytest.raises(AuthoredError, match="KPE1"):
        wb.delete("kpe", "KPE1")                          # findings cite KPE1
    assert "id: KPE1" in read(review / "authored" / "kpes.yaml")
    wb.delete("recommendation", "R4")
    assert "R4" not in [r.id for r in Workbench(review).recommendations]


def test_contributions_are_recorded_by_role_never_by_name(review):
    wb = Workbench(review)
    item = wb.add_contribution("Social worker (SW2)", "We saw the referrals one at a time.", kpe="KPE3")
    path = review / "authored" / "contributions" / f"{item.id}.md"
    assert item.id == "kpe3-social-worker-sw2" and path.exists()
    text = read(path)
    assert "role: Social worker (SW2)" in text and "kpe: KPE3" in text and "one at a time" in text
    assert wb.add_contribution("Social worker (SW2)", "And again.", kpe="KPE3").id == "kpe3-social-worker-sw2-2"
    before = sorted(p.name for p in (review / "authored" / "contributions").iterdir())
    for role, words in [("Tamsin Example", "I was the mother."),                 # a name as the role
                        ("Health visitor (HV2)", "I visited tamsin example's home."),  # any case, possessive
                        ("Police officer", "Lee Sample was present.")]:
        with pytest.raises(ReviewbenchError, match="never by name") as refused:
            wb.add_contribution(role, words, kpe="KPE2")
        assert "Tamsin" not in str(refused.value) and "Lee Sample" not in str(refused.value)
    assert sorted(p.name for p in (review / "authored" / "contributions").iterdir()) == before
    with pytest.raises(ReviewbenchError, match="role"):
        wb.add_contribution("", "Something")
    with pytest.raises(AuthoredError, match="kpe 'KPE99'"):
        wb.add_contribution("GP", "Something", kpe="KPE99")


@pytest.mark.parametrize("words, forms", [
    ("I remember Ms Example telling me Lee had moved out", ["'M* E******' (title and surname of Mother)",
                                                           "'L**' (first name of Mother's partner)"]),
    ("Mr Sample collected her", ["'M* S*****' (title and surname of Mother's partner)"]),
    ("Tia’s teacher rang us", ["'T**' (first name of Child T)"]),
    ("The Brookfield DSL rang us", ["'B*********' (other name of the primary school)"]),
    ("We phoned Riverside Medical Practice", ["'R******** M****** P*******' (name of the GP practice)"]),
])
@pytest.mark.slow
def test_capture_refuses_every_registered_form_naming_whose_by_pseudonym(review, words, forms):
    wb = Workbench(review)
    with pytest.raises(ReviewbenchError) as refused:
        wb.add_contribution("Social worker (SW2)", words, kpe="KPE2")
    message = str(refused.value)
    for form in forms:
        assert form in message
    for real in ("Example", "Lee", "Sample", "Tia", "Brookfield", "Riverside"):
        assert real not in message
    assert not [c for c in Workbench(review).contributions if c.kpe == "KPE2"]


def test_a_capitalised_ordinary_word_is_saved_once_the_person_says_it_is_the_word(review):
    wb = Workbench(review)
    words = "Example of good practice: the school shared its log the same day."
    with pytest.raises(ReviewbenchError) as refused:
        wb.add_contribution("Designated safeguarding lead", words, kpe="KPE2")
    assert refused.value.only_ordinary_words and "also an ordinary word" in str(refused.value)
    item = wb.add_contribution("Designated safeguarding lead", words, kpe="KPE2", ordinary_words=True)
    assert item.body == words
    with pytest.raises(ReviewbenchError):          # a certain form is refused whatever is ticked
        wb.add_contribution("Designated safeguarding lead", "Ms Example agreed.", kpe="KPE2", ordinary_words=True)


# -- never lose work -----------------------------------------------------------------------------

def test_a_save_over_a_hand_edit_is_refused_and_the_edit_kept(review):
    wb = Workbench(review)
    kpes = review / "authored" / "kpes.yaml"
    hand = read(kpes).replace("title: The Police notification", "title: EDITED BY HAND The Police notification")
    kpes.write_text(hand, encoding="utf-8")
    entry = wb.chronology["entry_id"].iloc[3]
    with pytest.raises(ReviewbenchError, match="changed on disk since it was loaded") as refused:
        wb.add_kpe("KPE8", "Mine", [entry])
    assert "nothing was overwritten" in str(refused.value)
    assert read(kpes) == hand
    wb.reload()                                            # the reviewer reloads, then saves again
    wb.add_kpe("KPE8", "Mine", [entry])
    assert "EDITED BY HAND" in read(kpes) and "title: Mine" in read(kpes)


def test_a_tag_save_over_a_hand_edit_is_refused(review):
    wb = Workbench(review)
    entry = wb.chronology["entry_id"].iloc[0]
    wb.tag(entry, significance="concern")
    tags = review / "authored" / "tags.yaml"
    hand = read(tags) + "  HV-13b88463: {note: typed by hand}\n"
    tags.write_text(hand, encoding="utf-8")
    with pytest.raises(ReviewbenchError, match="authored/tags.yaml was changed on disk"):
        wb.tag(entry, significance="good-practice")
    assert read(tags) == hand
    wb.reload()
    assert wb.tags_of("HV-13b88463").note == "typed by hand"


def test_a_new_workbench_reloads_everything_from_the_files(review):
    wb = Workbench(review)
    entry = wb.filter(kpe=False, in_scope=True)["entry_id"].iloc[0]
    wb.add_kpe("KPE8", "Kept", [entry], appraisal="Good.")
    wb.tag(entry, significance="good-practice", themes=["D1"], note="Shared quickly.")
    wb.add_finding("F7", "Kept finding", "tools", evidence=["KPE8"])
    wb.add_contribution("School nurse", "We were not told.", kpe="KPE8")
    del wb                                                  # the kernel restarts
    again = Workbench(review)
    assert again.kpe("KPE8").appraisal == "Good." and again.kpes_of(entry) == ["KPE8"]
    assert again.tags_of(entry).note == "Shared quickly." and list(again.filter(tag="D1")["entry_id"]) == [entry]
    assert "F7" in [f.id for f in again.findings] and again.cited_by(entry) == ["F7"]
    assert [c.role for c in again.contributions if c.kpe == "KPE8"] == ["School nurse"]


def test_broken_authored_files_are_listed_and_browsing_still_works(review):
    (review / "authored" / "kpes.yaml").write_text("kpes:\n  - id: KPE1\n    title: [unclosed\n", encoding="utf-8")
    (review / "authored" / "tags.yaml").write_text("tags:\n  X: {colour: red}\n", encoding="utf-8")
    wb = Workbench(review)
    assert any(p.startswith("authored/kpes.yaml") for p in wb.problems)
    assert any("authored/tags.yaml" in p and "colour" in p for p in wb.problems)
    assert len(wb.filter(agency="Police")) > 0
    with pytest.raises(ReviewbenchError, match="authored/kpes.yaml"):
        wb.add_kpe("KPE9", "x", [wb.chronology["entry_id"].iloc[0]])
    with pytest.raises(ReviewbenchError, match="tags cannot be saved"):
        wb.tag(wb.chronology["entry_id"].iloc[0], significance="concern")


@pytest.mark.slow
def test_swimlane_of_a_filtered_range(review):
    wb = Workbench(review)
    png = wb.swimlane_png(wb.filter(agency=["Police", "Children's Social Care"], start="2022-01-01", end="2022-06-30"))
    assert png.startswith(b"\x89PNG") and len(png) > 5000


def _not_seen_spans(figure) -> list[tuple[float, float]]:
    """The "child not seen" bars drawn in the child-seen lane (y = 0) of a swimlane."""
    ax = figure.axes[0]
    return sorted((float(line.get_xdata()[0]), float(line.get_xdata()[1])) for line in ax.lines
                  if line.get_color() == NOT_SEEN_COLOUR and list(line.get_ydata()) == [0, 0])


@pytest.mark.slow
def test_the_swimlane_of_one_agency_shows_the_child_unseen_only_when_no_agency_saw_her(review):
    wb = Workbench(review)
    start, end = "2022-01-01", "2023-06-30"
    everyone = _not_seen_spans(wb.swimlane(wb.filter(start=start, end=end), start, end))
    police = wb.filter(agency="Police", start=start, end=end)
    assert 0 < len(police) < len(wb.filter(start=start, end=end))
    assert everyone and _not_seen_spans(wb.swimlane(police, start, end)) == everyone
    lanes = [t.get_text() for t in wb.swimlane(police, start, end).axes[0].get_yticklabels()]
    assert lanes == ["child seen", "Police"]                        # the Police entries alone are drawn
