"""The lenses in the workbench: the Lenses tab (filters, rows, their entries, the rebuild it offers)
and a lens for one KPE in the learning-event view, driven as a reviewer would, in-process."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from reviewbench.lenses import registry
from reviewbench.lenses.registry import Lens
from reviewbench.workbench import Workbench, WorkbenchUI, open_workbench


def _ui(review) -> WorkbenchUI:
    ui = open_workbench(review)
    assert isinstance(ui, WorkbenchUI)
    return ui


def _csv(review, name: str) -> pd.DataFrame:
    return pd.read_csv(review / "build" / "analysis" / f"{name}.csv", dtype=str, keep_default_na=False)


def _ids(cell: str) -> list[str]:
    return [e.strip() for e in cell.split(";") if e.strip()]


@pytest.fixture
def lensed(lensed_copy):
    """A private copy of the built example with its lenses built too."""
    return lensed_copy


@pytest.mark.slow
def test_opening_the_tab_never_builds_says_so_and_builds_on_request(review):
    ui = _ui(review)
    panel = ui.lenses
    assert ui.tabs.titles[-1] == "Lenses"
    assert not (review / "build" / "analysis").exists()                 # opening built nothing
    assert "not built yet" in panel.status.value and panel.build.layout.display is None
    assert panel.rows.options == () and panel.table.value == ""
    panel.build.click()
    assert "Built the lenses" in panel.build_message.value
    voice = _csv(review, "voice")
    assert len(panel.rows.options) == len(voice) > 0
    assert panel.build.layout.display == "none" and panel.status.value == ""
    assert [value for _, value in panel.rows.options] == list(range(len(voice)))
    assert panel.rows.options[1][0].startswith("voice:2")


@pytest.mark.slow
def test_every_lens_of_the_registry_is_offered_with_its_about_line(lensed):
    panel = _ui(lensed).lenses
    assert [v for _, v in panel.lens.options] == [lens.name for lens in registry.LENSES]
    for lens in registry.LENSES:
        panel.lens.value = lens.name
        assert lens.about.split("'")[0] in panel.about.value
        assert len(panel.rows.options) == len(_csv(lensed, lens.name))


@pytest.mark.slow
def test_rows_are_filtered_by_agency_dates_and_words_as_the_browser_filters_entries(lensed):
    ui = _ui(lensed)
    panel, wb = ui.lenses, ui.workbench
    agency_of = dict(zip(wb.chronology["entry_id"], wb.chronology["agency"]))
    adults = _csv(lensed, "adults")
    panel.lens.value = "adults"
    panel.agency.value = ("Hospital",)
    expected = [i for i, cell in enumerate(adults["entry_ids"]) if any(agency_of[e] == "Hospital" for e in _ids(cell))]
    assert [v for _, v in panel.rows.options] == expected and 0 < len(expected) < len(adults)
    assert f"<b>{len(expected)}</b> of {len(adults)} row" in panel.table.value

    panel.clear.click()
    voice = _csv(lensed, "voice")
    panel.lens.value = "voice"
    panel.start.value, panel.end.value = dt.date(2022, 5, 1), dt.date(2022, 5, 31)
    in_may = [i for i, day in enumerate(voice["date"]) if "2022-05-01" <= day <= "2022-05-31"]
    assert [v for _, v in panel.rows.options] == in_may and in_may
    panel.clear.click()
    panel.text.value = "mummy sleeps"
    assert [v for _, v in panel.rows.options] == [i for i, w in enumerate(voice["words"]) if "mummy sleeps" in w]
    panel.text.value = ""
    panel.agency.value = ("Hospital",)
    panel.start.value = dt.date(2023, 1, 1)
    panel.end.value = dt.date(2022, 1, 1)
    assert "before the start date" in panel.filter_message.value


@pytest.mark.slow
def test_a_picked_row_shows_all_of_it_its_key_and_each_of_its_entries(lensed):
    ui = _ui(lensed)
    panel, wb = ui.lenses, ui.workbench
    panel.lens.value = "adults"
    adults = _csv(lensed, "adults")
    row = next(i for i, cell in enumerate(adults["entry_ids"]) if len(_ids(cell)) > 3)
    panel.pick(row)
    assert f"[adults:{row + 1}]" in panel.row_detail.value
    assert [v for _, v in panel.entries.options] == _ids(adults.at[row, "entry_ids"])
    second = _ids(adults.at[row, "entry_ids"])[1]
    panel.pick_entry(second)
    assert f"Entry {second}" in panel.entry_detail.value
    assert wb.entry(second)["source_file"] in panel.entry_detail.value


@pytest.mark.slow
def test_the_pseudonymised_view_shows_no_registered_name_of_the_lens_rows(lensed):
    ui = _ui(lensed)
    panel, wb = ui.lenses, ui.workbench
    panel.lens.value = "adults"
    names = [p.name for p in wb.register.data.people if p.name]
    assert names and any(n in panel.table.value for n in names)          # the lens holds the names as recorded
    panel.pseudonymised.value = True
    panel.pick(0)
    for name in names:
        assert name not in panel.table.value and name not in panel.row_detail.value
        assert name not in str(panel.rows.options)


@pytest.mark.slow
def test_out_of_date_lenses_are_shown_said_and_rebuilt(lensed):
    rules = lensed / "lens_rules.yaml"
    rules.write_text("voice: {}\n", encoding="utf-8")       # a review's own rules (valid, adds nothing)
    ui = _ui(lensed)
    panel = ui.lenses
    assert ui.workbench.lens_state() == "stale"
    assert "older than" in panel.status.value and panel.rows.options      # the last build is shown
    panel.build.click()
    assert ui.workbench.lens_state() == "current" and panel.status.value == ""


def test_a_kpe_gets_the_rows_citing_its_entries_or_dated_in_its_period(lensed):
    wb = Workbench(lensed)
    voice = _csv(lensed, "voice")
    for kpe in wb.kpes:
        start, end = kpe.start.isoformat(), (kpe.end or kpe.start).isoformat()
        expected = [i for i, (entry, day) in enumerate(zip(voice["entry_id"], voice["date"]))
                    if entry in kpe.entries or start <= day <= end]
        assert wb.lens_kpe_positions("voice", kpe.id) == expected
    assert any(wb.lens_kpe_positions("voice", k.id) for k in wb.kpes)


@pytest.mark.slow
def test_the_learning_event_view_shows_a_lens_for_the_kpe_pseudonymised_without_its_rules(lensed):
    ui = _ui(lensed)
    view = ui.facilitator_view()
    wb = ui.workbench
    kpe = next(k for k in wb.kpes if wb.lens_kpe_positions("voice", k.id))
    view.kpe.value = kpe.id
    assert view.lens_rows.value == ""                                   # no lens until one is chosen
    view.lens.value = "voice"
    shown = view.lens_rows.value
    assert wb.lens_kpe_rule(kpe.id).split("(")[0].replace("'", "&#x27;") in shown
    for i in wb.lens_kpe_positions("voice", kpe.id):
        assert f">voice:{i + 1}<" in shown
    assert "voice.speech-verb" not in shown and ">rule<" not in shown
    view.lens.value = "adults"
    names = [p.name for p in wb.register.data.people if p.name]
    assert all(name not in view.lens_rows.value for name in names)
    assert ">adults:" in view.lens_rows.value


@pytest.mark.slow
def test_the_learning_event_view_says_when_the_lenses_are_not_built(review):
    view = _ui(review).facilitator_view()
    view.lens.value = "voice"
    assert "not built yet" in view.lens_rows.value


@pytest.mark.slow
def test_a_lens_added_to_the_registry_appears_with_its_rows_entries_and_kpe(lensed, monkeypatch):
    """A lens another helper adds (one line in LENSES, its own columns): here a meetings-like lens whose
    CSV is written by hand, with ``known_before`` (;-joined) as its entry ids."""
    wb = Workbench(lensed)
    kpe = wb.kpes[0]
    meetings = Lens("rooms", "rooms.csv", ("joint_event_id", "date", "agency", "status", "known_before"),
                    lambda records, rules, review: pd.DataFrame(), "what each meeting knew (a test lens)")
    monkeypatch.setattr(registry, "LENSES", (*registry.LENSES, meetings))
    inside, outside = kpe.entries[0], wb.chronology["entry_id"].iloc[-1]
    pd.DataFrame([
        {"joint_event_id": "J1", "date": "2021-06-01", "agency": "Police", "status": "attended",
         "known_before": f"{inside}; {outside}"},
        {"joint_event_id": "J2", "date": "2021-06-02", "agency": "GP", "status": "report only",
         "known_before": outside},
    ]).to_csv(lensed / "build" / "analysis" / "rooms.csv", index=False)
    ui = _ui(lensed)
    panel = ui.lenses
    assert "rooms" in [v for _, v in panel.lens.options]
    panel.lens.value = "rooms"
    assert "what each meeting knew" in panel.about.value and len(panel.rows.options) == 2
    panel.pick(0)
    assert [v for _, v in panel.entries.options] == [inside, outside]
    panel.agency.value = ("Police",)
    assert [v for _, v in panel.rows.options] == [0]
    assert ui.workbench.lens_kpe_positions("rooms", kpe.id) == [0]
