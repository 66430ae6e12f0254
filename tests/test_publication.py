"""Publication safety: what identifies someone is found in every rendered output, and blocks publishing."""

from __future__ import annotations

import html
import json
from pathlib import Path

import docx
import pytest

import yaml_files
from conftest import make_review
from reviewbench.chronology import read_chronology
from reviewbench.config import load_review
from reviewbench.errors import PublicationError
from reviewbench.intake.ingest import ingest, write_ingest
from reviewbench.publication import assert_publishable, check_review, load_register, scan_outputs
from reviewbench.publication.finder import POSSIBLE, find_sensitive
from reviewbench.publication.patterns import DOB, EMAIL, NAME, NHS, PHONE, POSTCODE, nhs_number_valid

PLANTED = "Home visit. Tamsin Example's flat was cold; Child seen."


# -- the patterns -----------------------------------------------------------------------------------
def _kinds(text: str, names: dict | None = None) -> list[tuple[str, str]]:
    from reviewbench.publication.names import NameRegister
    register = NameRegister.from_mapping(names or {})
    return [(m.kind, m.text) for m in find_sensitive(text, register)]


def test_nhs_numbers_need_a_valid_modulus_11_check_digit():
    assert nhs_number_valid("9434765919")
    assert not nhs_number_valid("9434765918")
    assert not nhs_number_valid("1234567890")          # check digit would be 10: never issued
    assert _kinds("NHS no 943 476 5919.") == [(NHS, "943 476 5919")]
    assert _kinds("ref 943-476-5919") == [(NHS, "943-476-5919")]
    assert _kinds("NHS no 943 476 5918, case 4010232137") == [(NHS, "4010232137")]


@pytest.mark.parametrize("text, found", [
    ("DOB: 01/02/2015", (DOB, "01/02/2015")),
    ("Child T (d.o.b. 3.2.15) was seen", (DOB, "3.2.15")),
    ("she was born on the 3rd of March 2015 at AGH", (DOB, "3rd of March 2015")),
    ("date of birth 2015-03-03", (DOB, "2015-03-03")),
    ("03/03/2015 (DOB)", (DOB, "03/03/2015")),
    ("Lives at 4 High Street, AN1 2BD.", (POSTCODE, "AN1 2BD")),
    ("office in SW1A 1AA", (POSTCODE, "SW1A 1AA")),
    ("mobile 07700 900123 given", (PHONE, "07700 900123")),
    ("call 020 7946 0958", (PHONE, "020 7946 0958")),
    ("tel +44 (0)1632 960001", (PHONE, "+44 (0)1632 960001")),
    ("email jane.doe@example.org today", (EMAIL, "jane.doe@example.org")),
    ("TAMSIN EXAMPLE’s partner", (NAME, "TAMSIN EXAMPLE")),
])
def test_identifying_details_are_found(text, found):
    assert _kinds(text, {"Tamsin Example": "Mother"}) == [found]


@pytest.mark.parametrize("text", [
    "Home visit on 03/03/2022 at 14:30.",                       # a date alone is a chronology date
    "The baby was born prematurely. On 03/03/2022 the HV visited.",
    "Entry CSC-1a2b3c4d, 12 visits, 1234 5678 90 pence",
    "Case number 1234567890",                                   # fails the NHS check
    "Examples were sampled.",
])
def test_ordinary_report_text_is_not_flagged(text):
    assert _kinds(text, {"Tamsin Example": "Mother", "Lee Sample": "Partner"}) == []


# -- a small review with a rendered report -----------------------------------------------------------
def _review(tmp_path: Path, names: dict[str, str]) -> Path:
    folder = make_review(tmp_path / "r")
    (folder / "agency_reports" / "csc_chronology.csv").write_text(
        "Date,Details,Action taken\n"
        f"03/03/2022,\"{PLANTED}\",Case note\n"
        "10/05/2022,Strategy discussion with police,S47 agreed\n", encoding="utf-8")
    _register(folder, names)
    write_ingest(ingest(load_review(folder), progress=False))
    return folder


def _register(folder: Path, names: dict[str, str | None]) -> None:
    (folder / "private" / "names.yaml").write_text(yaml_files.safe_dump({"names": names}), encoding="utf-8")


def _render(folder: Path, out: Path, names: dict[str, str] | None = None) -> list[Path]:
    """A stand-in renderer: pseudonymises the chronology into a small HTML and a real .docx, with the
    review's register, or with ``names`` (a register as it was when the report was rendered)."""
    from reviewbench.publication.names import NameRegister
    review = load_review(folder)
    register = load_register(review.root) if names is None else NameRegister.from_mapping(names)
    chronology = read_chronology(review.build_dir / "chronology.csv")
    out.mkdir(parents=True, exist_ok=True)
    rows = "".join(f"<tr><td>{r.date}</td><td>{html.escape(register.apply(r.description))}</td></tr>"
                   for r in chronology.itertuples())
    page = (f"<html><head><title>Child T</title><style>p {{color: red}}</style></head><body>"
            f"<h1>Introduction</h1><p>This review concerns Child T.</p>"
            f"<h2>Chronology</h2><table><tr><th>Date</th><th>What happened</th></tr>{rows}</table>"
            f"<h2>Findings</h2><p>The family told the review what mattered to them.</p></body></html>")
    (out / "report.html").write_text(page, encoding="utf-8")
    document = docx.Document()
    document.add_heading("Introduction", level=1)
    document.add_paragraph("This review concerns Child T.")
    document.add_heading("Background", level=1)
    document.add_paragraph("Child T lived with Mother.")
    table = document.add_table(rows=1, cols=2)
    for r in chronology.itertuples():
        cells = table.add_row().cells
        cells[0].text, cells[1].text = r.date, register.apply(r.description)
    document.save(out / "report.docx")
    return [out / "report.html", out / "report.docx"]


def test_check_names_a_planted_name_in_the_report_with_its_place_masked(tmp_path):
    folder = _review(tmp_path, {"Lee Sample": "Mother's partner", "Tamsin Example": "Mother"})
    _render(folder, folder / "build", names={"Lee Sample": "Mother's partner"})   # rendered before she was added
    result = check_review(folder)
    assert not result.ok
    names = [h for h in result.scan.hits if h.kind == NAME]
    assert {(h.file, h.text) for h in names} == {("report.html", "Tamsin Example"), ("report.docx", "Tamsin Example")}
    places = {h.file: h.place for h in names}
    assert places["report.html"] == "section 2 ('Chronology'), table row 2"
    assert places["report.docx"].startswith("table 1, row 2")
    assert names[0].key == names[1].key                     # one decision would cover both editions
    lines = "\n".join(result.lines())
    assert "report.docx, table 1, row 2" in lines and "'T***** E******' (full name of Mother)" in lines
    assert "Tamsin Example" not in lines


def test_check_catches_a_date_of_birth_and_an_nhs_number_and_masks_them(tmp_path):
    folder = _review(tmp_path, {"Tamsin Example": "Mother"})
    _render(folder, folder / "build")
    document = docx.Document(folder / "build" / "report.docx")
    for _ in range(38):
        document.add_paragraph("")
    document.add_paragraph("Child T (DOB 14/02/2019) was registered with the GP, NHS number 943 476 5919.")
    document.save(folder / "build" / "report.docx")
    result = check_review(folder)
    hits = {h.kind: h for h in result.scan.hits}
    assert set(hits) == {DOB, NHS}
    assert hits[DOB].place == hits[NHS].place == "paragraph 43 (under 'Background')"
    assert hits[NHS].message().startswith("report.docx, paragraph 43 (under 'Background'): NHS number '94* *** ****'")
    assert "14/02/2019" not in " ".join(result.lines())
    written = (folder / "build" / "quality.json").read_text(encoding="utf-8")
    assert "943 476 5919" not in written and "14/02/2019" not in written
    assert json.loads(written)["publication"]["ok"] is False


def test_hidden_corners_of_a_docx_are_scanned(tmp_path):
    folder = _review(tmp_path, {"Tamsin Example": "Mother"})
    out = folder / "build"
    _render(folder, out)
    document = docx.Document(out / "report.docx")
    document.core_properties.author = "Tamsin Example"
    document.sections[0].header.paragraphs[0].text = "Contact: reviewer@example.org"
    document.save(out / "report.docx")
    places = {(h.place, h.kind) for h in scan_outputs(load_review(folder))}
    assert ("document properties (creator)", NAME) in places
    assert ("page header (header1.xml), paragraph 1", EMAIL) in places


def test_a_name_in_the_register_never_reaches_build_files_unmasked(tmp_path):
    folder = _review(tmp_path, {"Lee Sample": "Partner", "Tamsin Example": "Mother"})
    _render(folder, folder / "build", names={"Lee Sample": "Partner"})
    assert not check_review(folder).ok
    for name in ("quality.json", "quality.md"):
        assert "Tamsin Example" not in (folder / "build" / name).read_text(encoding="utf-8")


def test_publish_folder_exports_are_scanned_but_the_working_chronology_is_not(tmp_path):
    folder = _review(tmp_path, {"Tamsin Example": "Mother"})
    _render(folder, folder / "build")
    review = load_review(folder)
    assert scan_outputs(review) == []            # build/chronology.csv holds the name: not for publication
    publish = folder / "build" / "publish"
    publish.mkdir()
    frame = read_chronology(folder / "build" / "chronology.csv")
    frame.to_csv(publish / "chronology.csv", index=False)
    hits = scan_outputs(review)
    entry = frame.loc[frame["description"].str.contains("Tamsin"), "entry_id"].iloc[0]
    assert [(h.file, h.place, h.kind) for h in hits] == [
        ("publish/chronology.csv", f"row 2 (entry {entry}), column description", NAME)]


def test_a_name_in_a_figures_label_is_found_in_its_svg_though_matplotlib_draws_it_as_outlines(tmp_path):
    """reviewbench saves its figures with their text drawn as outlines (no text element): the label is found
    in the comment matplotlib keeps beside it, so an SVG copied into build/publish/ is not called clean."""
    from reviewbench.network.figures import new_figure, save_figure
    folder = _review(tmp_path, {"Tamsin Example": "Mother"})
    _render(folder, folder / "build")
    publish = folder / "build" / "publish"
    publish.mkdir()
    figure = new_figure(2.0)
    figure.add_subplot().set_title("Contacts with Tamsin Example")
    svg = next(p for p in save_figure(figure, publish / "contacts") if p.suffix == ".svg")
    assert "<text" not in svg.read_text(encoding="utf-8")          # outlines: the case this test is about
    hits = scan_outputs(load_review(folder))
    assert [(h.file, h.kind) for h in hits if h.file.endswith(".svg")] == [("publish/contacts.svg", NAME)]


@pytest.mark.slow
def test_check_scans_the_workbook_that_holds_a_large_drafts_chronology(tmp_path):
    import openpyxl
    from openpyxl.utils import get_column_letter

    from reviewbench.build import run_graph, run_ingest
    from reviewbench.chronology.headings import heading
    from reviewbench.methodology import get_methodology
    from reviewbench.render.workbook import write_report_chronology
    names = {"Lee Sample": "Mother's partner", "Tamsin Example": "Mother"}
    folder = _review(tmp_path, names)
    run_ingest(folder, progress=False)
    run_graph(folder)
    review = load_review(folder)
    method = get_methodology(review.methodology, folder)
    write_report_chronology(review, method)                  # through the register: nothing to find
    clean = check_review(folder)
    assert clean.scan.edition == "working draft" and clean.scan.scanned == ["report_chronology.xlsx"]
    assert clean.scan.hits == []
    _register(folder, {"Lee Sample": "Mother's partner"})    # written before she was in the register
    write_report_chronology(load_review(folder), method)
    _register(folder, names)
    hits = check_review(folder).scan.hits
    entry = read_chronology(folder / "build" / "chronology.csv")["entry_id"].iloc[0]
    assert [(h.file, h.kind, h.text) for h in hits] == [("report_chronology.xlsx", NAME, "Tamsin Example")]
    header = [c.value for c in openpyxl.load_workbook(folder / "build" / "report_chronology.xlsx")["Chronology"][1]]
    column = get_column_letter(header.index(heading("description")) + 1)
    assert hits[0].place.startswith(f"sheet 'Chronology', cell {column}2 (entry {entry})")


def test_a_copy_of_the_register_in_build_fails_the_check(tmp_path):
    folder = _review(tmp_path, {"Tamsin Example": "Mother"})
    _render(folder, folder / "build")
    (folder / "build" / "extras").mkdir()
    (folder / "build" / "extras" / "register.yaml").write_bytes((folder / "private" / "names.yaml").read_bytes())
    result = check_review(folder)
    assert not result.ok
    assert any("build/extras/register.yaml is a copy of the names register" in p for p in result.problems)


def test_check_without_a_rendered_report_says_to_render_first(tmp_path):
    folder = _review(tmp_path, {"Tamsin Example": "Mother"})
    result = check_review(folder)
    assert not result.ok
    assert any("reviewbench render" in line for line in result.lines())
    assert (folder / "build" / "quality.json").exists()


# -- render --publish -------------------------------------------------------------------------------
def test_publish_is_refused_until_the_register_pseudonymises_the_name(tmp_path):
    # Staged outputs made while the register did not know her yet.
    folder = _review(tmp_path, {"Lee Sample": "Mother's partner", "Tamsin Example": "Mother"})
    staging = folder / "build" / ".render-staging"
    staged = _render(folder, staging, names={"Lee Sample": "Mother's partner"})
    with pytest.raises(PublicationError) as err:
        assert_publishable(load_review(folder), staged, base=staging)
    message = str(err.value)
    assert "report.html, section 2 ('Chronology')" in message and "report.docx, table 1, row 2" in message
    assert "T***** E******" in message and "Tamsin Example" not in message and "private/names.yaml" in message
    assert ".render-staging" not in message

    _register(folder, {"Lee Sample": "Mother's partner", "Tamsin Example": "Mother"})
    staged = _render(folder, staging)
    assert_publishable(load_review(folder), staged, base=staging)     # no exception: publishable
    assert "Mother&#x27;s flat was cold" in (staging / "report.html").read_text(encoding="utf-8")


def test_render_refuses_a_register_that_cannot_work_before_a_kernel_starts(tmp_path):
    from reviewbench.build import run_render
    from reviewbench.errors import ReviewConfigError
    folder = _review(tmp_path, {"Lee Sample": "Mother's partner"})
    (folder / "private" / "names.yaml").write_text("names:\n  Tamsin Example:\n", encoding="utf-8")
    with pytest.raises(ReviewConfigError) as err:
        run_render(folder)
    assert "names (T***** E******): has no pseudonym" in str(err.value)
    assert not (folder / "build" / "notebooks").exists()          # refused before any notebook ran


def test_html_code_is_skipped_but_embedded_data_alt_text_and_comments_are_scanned(tmp_path):
    folder = make_review(tmp_path / "r")
    _register(folder, {"Tamsin Example": "Mother"})
    (folder / "build").mkdir()
    (folder / "build" / "report.html").write_text(
        "<html><head><style>.tel:after {content: '07700 900123'}</style>"
        "<script>var tel = '07700 900123';</script>"
        "<script type='application/vnd.jupyter.widget-state+json'>{\"value\": \"Tamsin Example\"}</script></head>"
        "<body><h1>Findings</h1><img alt=\"Photo of Tamsin Example\" src=\"x.png\">"
        "<!-- DOB: 01/02/2015 --></body></html>", encoding="utf-8")
    hits = [(h.place, h.kind) for h in scan_outputs(load_review(folder))]
    assert hits == [("before the first heading, embedded data (<script>)", NAME),
                    ("section 1 ('Findings'), alt text of <img>", NAME),
                    ("section 1 ('Findings'), HTML comment", DOB)]


# -- no register, decisions, possible names --------------------------------------------------------
def _page(folder: Path, body: str) -> None:
    (folder / "build").mkdir(exist_ok=True)
    (folder / "build" / "report.html").write_text(f"<html><body><h1>Findings</h1>{body}</body></html>",
                                                  encoding="utf-8")


@pytest.mark.parametrize("register", [None, "names: {}\n", "people: []\nplaces: []\n"])
def test_no_register_or_an_empty_one_is_never_called_safe(tmp_path, register):
    folder = make_review(tmp_path / "r")
    if register is None:
        (folder / "private" / "names.yaml").unlink(missing_ok=True)
    else:
        (folder / "private" / "names.yaml").write_text(register, encoding="utf-8")
    _page(folder, "<p>Tamsin Example was seen by the health visitor.</p>")
    result = check_review(folder)
    assert not result.ok and result.scan.hits == []
    text = "\n".join(result.lines())
    assert "nothing can be called safe" in text and "nothing found that could identify someone" not in text
    assert ("has no names register" if register is None else "lists no one") in text


def test_a_review_that_names_no_one_says_so_and_still_runs_every_other_check(tmp_path):
    folder = make_review(tmp_path / "r")
    (folder / "private" / "names.yaml").write_text("names_no_one: true\n", encoding="utf-8")
    _page(folder, "<p>A themed review of practice; no child is named.</p>")
    result = check_review(folder)
    assert result.ok
    assert any("names no one" in line for line in result.lines())
    _page(folder, "<p>Contact the team on 020 7946 0958.</p>")
    assert [h.kind for h in check_review(folder).scan.hits] == [PHONE]


def test_a_flagged_item_accepted_by_a_reviewer_passes_and_is_listed_with_who_and_why(tmp_path):
    folder = make_review(tmp_path / "r")
    _register(folder, {"Will Rose": "Father"})
    _page(folder, "<p>The partnership asked one question. Will the partners review the threshold document?</p>")
    first = check_review(folder)
    assert [(h.kind, h.shown) for h in first.scan.hits] == [(POSSIBLE, "W***")]
    assert "first name of Father; but it is also an ordinary word" in first.scan.hits[0].message()
    key = first.scan.hits[0].key
    (folder / "private" / "publication_decisions.yaml").write_text(yaml_files.safe_dump({"decisions": [
        {"id": key, "decided_by": "Lead reviewer (R1)", "date": "2026-11-20",
         "reason": "'Will' here is the verb, not Will Rose."}]}), encoding="utf-8")
    second = check_review(folder)
    assert second.ok and second.scan.hits == []
    lines = "\n".join(second.lines())
    assert f"Accepted [{key}]: {POSSIBLE} 'W***' (1 place(s): report.html, section 1 ('Findings'), paragraph 1), " \
           "accepted by Lead reviewer (R1) on 2026-11-20: 'W***' here is the verb, not W*** R***." in lines
    written = json.loads((folder / "build" / "quality.json").read_text(encoding="utf-8"))["publication"]
    assert written["accepted"][0]["id"] == key and "Will Rose" not in json.dumps(written)


def test_a_decision_that_no_longer_matches_the_text_is_reported_not_kept(tmp_path):
    folder = make_review(tmp_path / "r")
    _register(folder, {"Will Rose": "Father"})
    _page(folder, "<p>Will the partners review the threshold document?</p>")
    key = check_review(folder).scan.hits[0].key
    (folder / "private" / "publication_decisions.yaml").write_text(yaml_files.safe_dump({"decisions": [
        {"id": key, "decided_by": "Lead reviewer (R1)", "reason": "the verb"}]}), encoding="utf-8")
    _page(folder, "<p>Will the family be asked about it?</p>")                       # the text changed
    result = check_review(folder)
    assert not result.ok and result.scan.hits[0].key != key
    assert any(line.startswith(f"Decision {key} (decisions, entry 1 of private/publication_decisions.yaml) no "
                               "longer matches anything") for line in result.lines())


def test_a_decisions_file_with_problems_names_each(tmp_path):
    from reviewbench.errors import ReviewConfigError
    folder = make_review(tmp_path / "r")
    _register(folder, {"Will Rose": "Father"})
    _page(folder, "<p>Nothing here.</p>")
    (folder / "private" / "publication_decisions.yaml").write_text(yaml_files.safe_dump({"decisions": [
        {"id": "PD-nothex", "reason": "because"}, {"id": "PD-0123456789", "decided_by": "R1", "reasn": "x"}]}),
        encoding="utf-8")
    with pytest.raises(ReviewConfigError) as err:
        check_review(folder)
    message = str(err.value)
    assert "decisions, entry 1: 'id' must be an id the check printed" in message
    assert "decisions, entry 1: has no 'decided_by'" in message
    assert "decisions, entry 2: unknown key 'reasn'. Did you mean 'reason'?" in message


def test_places_lowercase_postcodes_and_jigsaw_details_are_flagged(tmp_path):
    folder = make_review(tmp_path / "r")
    (folder / "private" / "names.yaml").write_text(yaml_files.safe_dump({
        "people": [{"name": "Tamsin Example", "pseudonym": "Mother"}],
        "places": [{"name": "Brookfield Primary School", "also": ["Brookfield"], "public": "a primary school"}]}),
        encoding="utf-8")
    _page(folder, "<p>Brookfield called. The family moved to sw1a 1aa.</p><p>Seen at 14 Mill Lane.</p>")
    kinds = sorted(h.kind for h in check_review(folder).scan.hits)
    assert kinds == ["postcode", "registered place", "street or house number"]


def test_publishing_without_a_register_is_refused_however_clean_the_text_looks(tmp_path):
    folder = make_review(tmp_path / "r")
    staging = folder / "build" / ".render-staging"
    staging.mkdir(parents=True)
    (staging / "report.html").write_text("<html><body><h1>Findings</h1><p>Tamsin Example was seen.</p></body></html>",
                                         encoding="utf-8")
    with pytest.raises(PublicationError) as err:
        assert_publishable(load_review(folder), [staging / "report.html"], base=staging)
    assert "has no names register" in str(err.value) and "cannot be called safe" in str(err.value)
