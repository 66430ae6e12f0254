"""Lens rows in the report, built in-process: a KPE or finding citing ``[voice:1]`` or ``[voice:ENTRY]``,
the problems of a citation that names nothing, the public edition (lens words never in it) and the
prompts from the lenses (fill ``table: lens-prompts``). The lens files are written as
``reviewbench lenses`` writes them and read by the real reader; one test runs the real lenses."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pandas as pd
import pytest

from report_support import ENTRIES, FINDING, INCIDENT, KPE, VISIT, build, make_prepared, section, write_review
from reviewbench.errors import AuthoredError
from reviewbench.lens_tables import date_columns, entry_columns, read_lens_tables
from reviewbench.lenses import registry
from reviewbench.report.prepare import LENSES_UNAVAILABLE
from reviewbench.workbench.lensrows import lens_table_html

UNREGISTERED = "Zebedee Marchbanks"          # a fictional name no register lists
REGISTERED = "Robin Quillfeather"            # the fictional register's (report_support) name


AGENCY = {e[0]: e[4] for e in ENTRIES}


def _row(lens, entries: list[str], day: str, words: str) -> dict:
    """A row of ``lens`` (any columns): its entry ids, its date, the agency of its first entry, words."""
    ids, days = entry_columns(lens.columns), date_columns(lens.columns)
    return {c: ("; ".join(entries) if c in ids else day if c in days else AGENCY[entries[0]] if c == "agency"
                else words) for c in lens.columns}


def write_lenses(root: Path, rows: dict[str, list[dict]] | None = None, notes=("a note of the lenses",)) -> Path:
    """build/analysis/ of every lens of the registry: by default voice with two rows (the visit, then the
    incident and the visit) and every other lens with one row (the incident), the words naming people."""
    folder = root / "build" / "analysis"
    folder.mkdir(parents=True, exist_ok=True)
    rows = rows or {}
    summary = {"lenses": {}, "notes": list(notes), "settings": {}}
    for lens in registry.LENSES:
        default = ([_row(lens, [VISIT], "2022-03-01", f"{REGISTERED} said so; {UNREGISTERED} too"),
                    _row(lens, [INCIDENT, VISIT], "2022-04-02", "shouting")] if lens.name == "voice"
                   else [_row(lens, [INCIDENT], "2022-04-02", f"{UNREGISTERED} was there")])
        table = pd.DataFrame(rows.get(lens.name, default), columns=list(lens.columns))
        table.to_csv(folder / lens.file, index=False)
        summary["lenses"][lens.name] = {"file": lens.file, "rows": len(table), "about": lens.about}
    (folder / "lenses.json").write_text(json.dumps(summary), encoding="utf-8")
    return root


def prepared_with_lenses(root: Path, **kwargs):
    prepared = make_prepared(root)
    prepared.lenses = read_lens_tables(write_lenses(root, **kwargs) / "build")
    return prepared


def _kpe(appraisal: str) -> dict:
    return {**KPE, "appraisal": appraisal}


def test_a_kpe_citing_a_lens_row_shows_it_with_the_rows_entries_linked_to_the_chronology(tmp_path):
    root = write_review(tmp_path / "review", kpes=[_kpe("As the child said [voice:2], and earlier [voice:1].")])
    html = section(build(root, prepared=prepared_with_lenses(root)).html(), "key-practice-episodes")
    assert (f'[voice lens, row 2: <a href="#entry-{INCIDENT}">{INCIDENT}</a>, '
            f'<a href="#entry-{VISIT}">{VISIT}</a>]') in html
    assert f'[voice lens, row 1: <a href="#entry-{VISIT}">{VISIT}</a>]' in html
    assert "[voice:2]" not in html and "shouting" not in html          # the citation, not the row's words


def test_a_row_is_cited_by_the_one_entry_only_it_holds(tmp_path):
    root = write_review(tmp_path / "review", kpes=[_kpe(f"See [voice:{INCIDENT}].")])
    html = build(root, prepared=prepared_with_lenses(root)).html()
    assert "[voice lens, row 2: " in html


def test_the_entries_of_a_row_a_finding_cites_are_cited_by_the_finding(tmp_path):
    finding = {**FINDING, "statement": "The incident [voice:2] was not shared.", "evidence": ["KPE1"]}
    kpe = {**KPE, "entries": [VISIT]}
    root = write_review(tmp_path / "review", kpes=[kpe], findings=[finding])
    html = build(root, prepared=prepared_with_lenses(root)).html()
    appendix = section(html, "chronology")
    row = appendix[appendix.index(f'id="entry-{INCIDENT}"'):]
    assert "F1" in row[:row.index("</tr>")]


@pytest.mark.parametrize("cited, said", [
    ("[vocie:1]", "there is no lens 'vocie' (did you mean 'voice'?)"),
    ("[voice:9]", "the voice lens has no row 9 (it has 2 rows)"),
    ("[voice:HV-0000c003]", "no row of the voice lens holds the entry 'HV-0000c003'"),
    (f"[voice:{VISIT}]", "2 rows of the voice lens hold the entry"),
])
def test_a_citation_of_no_row_is_a_problem_naming_the_file_the_item_and_the_field(tmp_path, cited, said):
    root = write_review(tmp_path / "review", kpes=[_kpe(f"As recorded {cited}.")])
    with pytest.raises(AuthoredError) as caught:
        build(root, prepared=prepared_with_lenses(root))
    assert caught.value.details[0].file == "authored/kpes.yaml"
    assert str(caught.value).startswith(f"authored/kpes.yaml, KPE KPE1: {cited} cites no row: ")
    assert said in str(caught.value) and caught.value.key == "appraisal"


def test_citing_lenses_not_built_is_a_problem_saying_what_to_run(tmp_path):
    root = write_review(tmp_path / "review", sections={"overview": "As the child said [voice:1]."})
    prepared = make_prepared(root)
    prepared.lenses_unavailable = LENSES_UNAVAILABLE
    with pytest.raises(AuthoredError) as caught:
        build(root, prepared=prepared)
    assert caught.value.file == "authored/sections/overview.md"
    assert "The lenses are missing or older than their inputs" in str(caught.value)
    assert str(caught.value).endswith("run 'reviewbench lenses'. Then render again.")


def test_bracketed_text_that_is_no_lens_citation_is_left_alone(tmp_path):
    root = write_review(tmp_path / "review", kpes=[_kpe("Seen [Note: by the GP] and [see below].")])
    html = build(root, prepared=prepared_with_lenses(root)).html()
    assert "[Note: by the GP] and [see below]" in html


def test_the_public_edition_names_a_cited_rows_entries_by_agency_and_date_and_shows_no_lens_words(tmp_path):
    root = write_review(tmp_path / "review", kpes=[_kpe("As the child said [voice:2].")])
    public = build(root, prepared=prepared_with_lenses(root), publish=True).html()
    assert "[voice lens: Police, 2 April 2022; Children&#39;s Social Care, 1 March 2022 at 10:00]" in public
    for leaked in (UNREGISTERED, REGISTERED, "shouting", INCIDENT, VISIT, "row 2", "What the lenses show"):
        assert leaked not in public


def test_the_prompts_from_the_lenses_count_each_lens_and_say_where_to_look(tmp_path):
    root = write_review(tmp_path / "review", kpes=[KPE])
    html = section(build(root, prepared=prepared_with_lenses(root)).html(), "lens-prompts")
    assert "These are prompts for the review team, not findings" in html
    for lens in registry.LENSES:
        assert f"<strong>{lens.name}</strong>" in html
    voice = html[html.index("<strong>voice</strong>"):]
    voice = voice[:voice.index("</tr>")]
    assert "<td>2</td>" in voice
    assert "Children&#39;s Social Care (2), Police (1)" in voice          # rows per agency of their entries
    assert "Dated 1 March 2022 to 2 April 2022" in voice
    assert f'voice:1 (<a href="#entry-{VISIT}">{VISIT}</a>)' in voice
    assert "<li>a note of the lenses</li>" in html
    assert UNREGISTERED not in html


def test_a_lens_with_no_rows_says_its_rules_found_nothing_not_that_nothing_happened(tmp_path):
    root = write_review(tmp_path / "review", kpes=[KPE])
    html = section(build(root, prepared=prepared_with_lenses(root, rows={"adults": []})).html(), "lens-prompts")
    adults = html[html.index("<strong>adults</strong>"):]
    adults = adults[:adults.index("</tr>")]
    assert "<td>0</td>" in adults
    assert "the lens found nothing its rules recognise" in adults and "not a sign it did not happen" in adults
    voice = html[html.index("<strong>voice</strong>"):]
    assert "found nothing" not in voice[:voice.index("</tr>")]


def test_the_lenses_tab_tells_a_lens_with_no_rows_from_rows_filtered_out(tmp_path):
    tables = read_lens_tables(write_lenses(tmp_path / "review", rows={"adults": []}) / "build")
    empty = lens_table_html(tables.tables["adults"], [], str)
    assert "its rules recognised nothing in these records" in empty and "Clear a filter" not in empty
    filtered = lens_table_html(tables.tables["voice"], [], str)
    assert "No row of this lens matches these filters" in filtered and "recognised nothing" not in filtered


def test_a_lens_added_to_the_registry_gets_its_prompts_and_citations(tmp_path, monkeypatch):
    extra = dataclasses.replace(registry.LENSES[0], name="rooms", file="rooms.csv",
                         columns=("joint_event_id", "date", "agency", "status", "known_before"),
                         about="what each meeting knew (a test lens)")
    monkeypatch.setattr(registry, "LENSES", (*registry.LENSES, extra))
    root = write_review(tmp_path / "review", kpes=[_kpe("The meeting knew [rooms:1].")])
    html = build(root, prepared=prepared_with_lenses(root)).html()
    assert f'[rooms lens, row 1: <a href="#entry-{INCIDENT}">{INCIDENT}</a>]' in html
    assert "<strong>rooms</strong><br>what each meeting knew" in section(html, "lens-prompts")


def test_without_lenses_the_prompts_section_says_why_and_is_no_gap(tmp_path):
    root = write_review(tmp_path / "review", kpes=[KPE])
    prepared = make_prepared(root)
    prepared.lenses_unavailable = LENSES_UNAVAILABLE
    with_lenses = build(root, prepared=prepared_with_lenses(root))
    report = build(root, prepared=prepared)
    assert f"No prompts from the lenses: {LENSES_UNAVAILABLE}".replace("'", "&#39;") in section(report.html(),
                                                                                                "lens-prompts")
    assert len(report.gaps) == len(with_lenses.gaps)


@pytest.mark.slow
def test_the_examples_report_reads_its_lenses_only_when_built_and_cites_the_childs_words(review):
    from reviewbench.build import run_graph, run_lenses
    from reviewbench.config import load_review
    from reviewbench.report import open_report
    from reviewbench.report.prepare import prepare

    run_graph(review)
    before = prepare(load_review(review))
    assert before.lenses is None and before.lenses_unavailable == LENSES_UNAVAILABLE
    run_lenses(review)
    tables = prepare(load_review(review)).lenses
    voice = tables.lens("voice")
    row = voice.find("HV-2a01b741")                       # T said 'Lee shouts' (health visitor, May 2022)
    kpes = (review / "authored" / "kpes.yaml").read_text(encoding="utf-8")
    (review / "authored" / "kpes.yaml").write_text(
        kpes.replace("  appraisal: |\n", "  appraisal: |\n    What T said [voice:HV-2a01b741] was not heard.\n", 1),
        encoding="utf-8")
    html = open_report(review).html()
    assert f'[voice lens, row {row + 1}: <a href="#entry-HV-2a01b741">HV-2a01b741</a>]' in html
    assert 'id="section-lens-prompts"' in html
