"""``render_review``: the methodology notebooks executed with papermill, build/report.html
(nbconvert) and build/report.docx (pandoc) on the example review and small fixtures.

One rendered copy of the example is shared by the module (a render costs a kernel start); the
tests of a re-render copy it, reusing its build. What the other methodologies' content becomes is
built in-process, without a kernel.
"""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from html import unescape
from pathlib import Path

import docx
import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

import yaml_files
from conftest import EXAMPLE
from plain_english import html_words, jargon_in
from reviewbench.authored import load_authored, save_contribution, save_findings, save_items, save_recommendations
from reviewbench.build import ensure_built, run_render
from reviewbench.config import load_review
from reviewbench.errors import NotebookError, NotebookParameterError, ReviewbenchError
from reviewbench.methodology import get_methodology, methodology_root
from reviewbench.report import open_report

REAL_NAMES = ("Tamsin Example", "Lee Sample", "Tia Example")
MARKUP_ROW = ('12/05/2022,10:00,"Note from Tamsin Example: <script>alert(""x"")</script> and <b>bold</b> '
              '& <img src=x onerror=alert(1)>","Lee Sample informed <i>by phone</i>"\n')
AUTHORED_MARKUP = "\n\nA note typed by Lee Sample: <script>alert('authored')</script> stays text.\n"


def _docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """The example with one submission holding markup and a real name, rendered once (SCIE)."""
    root = tmp_path_factory.mktemp("render") / "child-t"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("build"))
    (root / "agency_reports" / "school_markup_note.csv").write_text(
        "Date,Time,Description,Outcome\n" + MARKUP_ROW, encoding="utf-8")
    limitations = root / "authored" / "sections" / "limitations.md"
    limitations.write_text(limitations.read_text(encoding="utf-8") + AUTHORED_MARKUP, encoding="utf-8")
    result = run_render(root)
    html = result.html.read_text(encoding="utf-8")
    return root, result, html


def _copy(rendered, tmp_path: Path, name: str = "copy") -> Path:
    """A copy of the rendered example, build included (its cache stays valid)."""
    target = tmp_path / name
    shutil.copytree(rendered[0], target)
    return target


# -- the example, SCIE --------------------------------------------------------------------------

@pytest.mark.kernel
def test_render_writes_html_docx_and_the_executed_notebook(rendered):
    root, result, _ = rendered
    assert result.html == root / "build" / "report.html" and result.html.stat().st_size > 50_000
    assert result.docx == root / "build" / "report.docx" and zipfile.is_zipfile(result.docx)
    assert result.notebooks == [root / "build" / "notebooks" / "report.ipynb"]     # the one report notebook
    assert result.methodology == "scie-learning-together" and result.publish is False
    assert result.ingested and result.graphed                 # a fresh copy: built in this render
    assert result.gaps == [      # the two the example leaves on purpose
        "Appendix A.1 How the report answers the terms of reference, Q5: Nothing in the report answers Q5 yet: add "
        "Q5 to the tor of the findings or KPEs that answer it, or say in the report why it cannot be answered.",
        "Appendix B Participants: No text yet. Write it in authored/sections/participants.md."]


@pytest.mark.kernel
def test_the_executed_notebook_records_review_methodology_inputs_and_parameters(rendered):
    root, result, _ = rendered
    nb = nbformat.read(result.notebooks[0], as_version=4)
    meta = nb.metadata["reviewbench"]
    assert meta["review"] == "child-t" and meta["methodology"] == "scie-learning-together"
    assert meta["methodology_version"] == get_methodology("scie-learning-together").version
    assert "agency_reports/school_markup_note.csv" in meta["inputs"] and "review.yaml" in meta["inputs"]
    assert nb.metadata["papermill"]["parameters"]["review_dir"] == str(root)
    assert nb.metadata["kernelspec"]["name"] == "reviewbench"
    assert not any(o.get("output_type") == "error" for c in nb.cells for o in c.get("outputs", []))


@pytest.mark.kernel
def test_the_html_holds_no_code_prompts_or_workbench_cells(rendered):
    html = rendered[2]
    for code in ("open_report(", "review_dir =", "import ", "report.display()", "report.readiness()",
                 "jp-InputArea", "jp-InputPrompt", "In&nbsp;[", "Out[", "class=\"dataframe\"",
                 "What the review team writes", "<pre", "Traceback"):
        assert code not in html, code


@pytest.mark.kernel
def test_the_html_is_self_contained(rendered):
    html = rendered[2]
    assert "<script" not in html.lower()
    assert "<link" not in html.lower() and "@import" not in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert "http://" not in html and "https://" not in html
    images = re.findall(r'<img [^>]*src="([^"]+)"', html)
    assert len(images) >= 2 and all(src.startswith("data:image/png;base64,") for src in images)


@pytest.mark.kernel
def test_sections_are_numbered_in_the_outline_order(rendered):
    html = rendered[2]
    method = get_methodology("scie-learning-together")
    found = re.findall(r'<h1 id="section-([a-z0-9-]+)">([^<]*)</h1>', html)
    assert [sid for sid, _ in found] == [s.id for s in method.outline] + [s.id for s in method.appendices]
    assert found[0][1] == "1 Summary" and found[6][1] == "7 Findings"
    assert found[len(method.outline)][1] == "Appendix A: Terms of reference"
    assert '<h2 id="section-key-practice-episodes">5.6 Key practice episodes</h2>' in html


@pytest.mark.kernel
def test_every_internal_link_has_a_target(rendered):
    html = rendered[2]
    targets = set(re.findall(r'\sid="([^"]+)"', html))
    links = set(re.findall(r'href="#([^"]+)"', html))
    assert links and not links - targets, sorted(links - targets)[:10]


@pytest.mark.kernel
def test_each_finding_lists_its_evidence_linked_to_chronology_rows(rendered):
    root, _, html = rendered
    authored = load_authored(load_review(root))
    for finding in authored.findings:
        block = html.split(f'id="finding-{finding.id}"', 1)[1].split('<div class="finding">', 1)[0]
        assert f"Evidence for {finding.id}" in block
        for ref in finding.evidence:
            target = f"kpe-{ref}" if ref.startswith("KPE") else f"entry-{ref}"
            assert f'href="#{target}"' in block, (finding.id, ref)
            assert f'id="{target}"' in html
    assert re.search(r'<tr id="entry-CSC-42db8de9"><td><span class="entry-id">CSC-42db8de9</span>', html)


@pytest.mark.kernel
def test_issues_for_the_safeguarding_partners_and_recommendations_tables(rendered):
    html = rendered[2]
    assert "Table" in html and "Issues for the safeguarding partners to consider" in html
    assert "How do the safeguarding partners know that screening decisions take account of previous contacts" in html
    assert '<tr id="rec-R1">' in html and "Head of MASH" in html


@pytest.mark.kernel
def test_a_section_with_no_content_is_a_marked_gap(rendered):
    html = rendered[2]
    participants = html.split('id="section-participants"', 1)[1].split("</section>", 1)[0]
    assert 'class="gap"' in participants and "[GAP]" in participants
    assert "authored/sections/participants.md" in participants
    assert "This draft has 2 gaps" in html


@pytest.mark.kernel
def test_markup_in_a_submission_and_in_authored_text_shows_as_text(rendered):
    root, result, html = rendered
    unquoted = html.replace("&#34;", '"').replace("&quot;", '"').replace("&#39;", "'")
    assert 'Note from Mother: &lt;script&gt;alert("x")&lt;/script&gt;' in unquoted
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "&lt;b&gt;bold&lt;/b&gt;" in html
    assert "&lt;script&gt;alert('authored')&lt;/script&gt; stays text" in unquoted
    assert "<script" not in html and "<b>bold</b>" not in html and "onerror=alert(1)>" not in html
    text = _docx_text(result.docx)
    assert '<script>alert("x")</script>' in text and "<img src=x onerror=alert(1)>" in text
    assert "<script>alert('authored')</script>" in text


@pytest.mark.kernel
def test_every_text_passes_through_the_names_register(rendered):
    _, result, page = rendered
    html = unescape(page)        # the page's text: an apostrophe in a name is &#39; in the markup
    text = _docx_text(result.docx)
    for name in REAL_NAMES:
        assert name not in html and name not in text, name
    assert "Note from Mother:" in html and "A note typed by Mother's partner" in html
    assert "Note from Mother:" in text


@pytest.mark.kernel
def test_the_docx_has_titles_tables_headings_draft_marking_and_page_numbers(rendered):
    root, result, _ = rendered
    document = docx.Document(str(result.docx))
    text = _docx_text(result.docx)
    for finding in load_authored(load_review(root)).findings:
        assert finding.title in text, finding.id
    styles = {p.style.name for p in document.paragraphs}
    assert {"Title", "Heading 1", "Heading 2", "Heading 3"} <= styles
    assert len(document.tables) > 20
    assert document.tables[0].style.name == "Table"
    assert "DRAFT — not for publication" in document.sections[0].header.paragraphs[0].text
    footer = document.sections[0].footer._element.xml
    assert "PAGE" in footer and "NUMPAGES" in footer
    assert [p.text for p in document.paragraphs[:2]] == ["OFFICIAL-SENSITIVE", "Child T"]   # the title page
    assert any(p.style.name == "Gap" and "[GAP]" in p.text for p in document.paragraphs)
    body = zipfile.ZipFile(result.docx).read("word/document.xml").decode("utf-8")
    assert 'w:anchor="entry-CSC-42db8de9"' in body and 'w:name="entry-CSC-42db8de9"' in body
    bookmarks = re.findall(r'<w:bookmarkStart [^>]*w:name="([^"]+)"', body)
    assert bookmarks and max(len(b) for b in bookmarks) <= 40           # Word keeps 40 characters
    assert "data:image" not in body and body.count("<pic:pic") == 2      # swimlane and network
    assert str(root) not in body and "/tmp" not in body                  # no local path recorded


def test_anchors_stay_word_bookmarks_of_at_most_40_characters():
    from reviewbench.report.outline import anchor
    assert anchor("finding", "F1") == "finding-F1"
    long_id = "kpe7-designated-safeguarding-lead-dsl1"
    assert len(anchor("contrib", long_id)) == 40 and anchor("contrib", long_id) == anchor("contrib", long_id)
    assert anchor("contrib", long_id) != anchor("contrib", long_id + "x")


@pytest.mark.kernel
def test_the_provenance_appendix_lists_parameters_inputs_and_versions(rendered):
    html = rendered[2]
    appendix = html.split('id="section-provenance"', 1)[1]
    assert "Notebook parameters" in appendix and "<code>chronology_appendix</code>" in appendix
    assert "the review folder (child-t)" in appendix and str(rendered[0]) not in appendix
    assert "<td>Edition</td><td>working draft</td>" in appendix
    assert "agency_reports/csc_chronology.xlsx" in appendix and "authored/findings.yaml" in appendix
    assert "private/names.yaml" not in re.sub(r"\(private/names.yaml; never rendered\)", "", appendix)
    assert "scie-learning-together, version 1.1" in appendix and "pandoc" in appendix


@pytest.mark.kernel
def test_the_report_body_has_no_network_jargon_and_the_appendix_keeps_the_measures(rendered):
    root, result, html = rendered
    body, appendices = html.split('id="section-terms-of-reference"', 1)
    assert jargon_in(html_words(body)) == []
    prompts = body.split('id="section-chronology-prompts"', 1)[1]
    assert "<td>Go-between</td>" in prompts and "Agencies heard back from" in prompts
    assert "are in Appendix E (Parameters and provenance)" in prompts
    document = docx.Document(str(result.docx))
    words = []
    for block in document.iter_inner_content():
        if getattr(block, "text", "").startswith("Appendix A:"):
            break
        words.append(block.text if hasattr(block, "text") else " ".join(c.text for r in block.rows for c in r.cells))
    assert len(words) > 50 and jargon_in("\n".join(words)) == []
    metrics = json.loads((root / "build" / "network" / "metrics.json").read_text(encoding="utf-8"))
    provenance = html_words(appendices.split('id="section-provenance"', 1)[1])
    assert f"density {metrics['network']['density']['density']:.2f}" in provenance
    assert "Betweenness" in provenance and "How the prompts depend on the settings" in provenance
    assert [r["text"] for r in metrics["sensitivity"] if r["text"] not in provenance] == []


@pytest.mark.kernel
def test_the_appendix_shows_the_statutory_timescales_with_late_ones_flagged(rendered):
    appendix = rendered[2].split('id="section-provenance"', 1)[1]
    timescales = appendix.split("Statutory timescales", 1)[1].split("</table>", 1)[0]
    # the example's rapid review (aware 19 June 2023 + 15 working days = 10 July) was done on 12 July
    assert "<td>10 July 2023</td>" in timescales and "<strong>LATE</strong>" in timescales
    assert "overdue" not in timescales.lower(), "a report is judged on its dates alone, never on the clock"
    assert "LATE" in _docx_text(rendered[1].docx)


@pytest.mark.kernel
def test_a_rerender_after_only_authored_text_changed_reuses_the_build(rendered, tmp_path):
    review = _copy(rendered, tmp_path)
    chronology = review / "build" / "chronology.csv"
    metrics = review / "build" / "network" / "metrics.json"
    before = (chronology.stat().st_mtime_ns, metrics.stat().st_mtime_ns)
    overview = review / "authored" / "sections" / "overview.md"
    overview.write_text(overview.read_text(encoding="utf-8") + "\nA sentence added after the first draft.\n",
                        encoding="utf-8")
    second = run_render(review)
    assert not second.ingested and not second.graphed and second.reused_ingest
    assert (chronology.stat().st_mtime_ns, metrics.stat().st_mtime_ns) == before
    html = second.html.read_text(encoding="utf-8")
    assert "A sentence added after the first draft." in html
    assert "A sentence added after the first draft." in _docx_text(second.docx)
    # a render of unchanged inputs gives the same bytes: the last test of the chronology appendix below


# -- the other methodologies, each with its own small authored content ----------------------
# Built in-process (open_report) on a copy of the graphed example: what each methodology's content becomes
# does not depend on the kernel, and every methodology's notebook runs in a kernel in
# test_render_methodologies.py (demo --all).

def _graphed(graphed_example: Path, tmp_path: Path) -> Path:
    target = tmp_path / "child-t"
    shutil.copytree(graphed_example, target)
    return target

def _switch(review: Path, method_id: str) -> None:
    _no_variant(review, method_id)
    data = yaml_files.safe_load((review / "review.yaml").read_text(encoding="utf-8"))
    data["methodology"] = method_id
    data.pop("scale", None)                  # the example's scale is one of SCIE's, refused for another methodology
    (review / "review.yaml").write_text(yaml_files.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _no_variant(review: Path, method_id: str) -> None:
    """These tests write each methodology's content into authored/ itself: the example's variant goes."""
    shutil.rmtree(review / "authored" / "methodologies" / method_id, ignore_errors=True)


def _clear(review: Path, *names: str) -> None:
    for name in names:
        (review / "authored" / name).unlink()


@pytest.mark.slow
def test_rca_renders_problems_factors_root_causes_and_smart_recommendations(graphed_example, tmp_path):
    review = _graphed(graphed_example, tmp_path)
    _switch(review, "rca")
    _clear(review, "findings.yaml", "recommendations.yaml")
    authored = load_authored(load_review(review))
    save_items(authored, "problems", [
        {"id": "CDP1", "kind": "care", "title": "A referral closed without checking the partner",
         "entries": ["CSC-42db8de9", "CSC-d8dfb1e2"]},
        {"id": "SDP1", "kind": "service", "title": "No confirmation that Police notifications arrive",
         "entries": ["POL-91c51ffd"]}])
    save_items(authored, "five_whys", [{"id": "W1", "problem": "SDP1", "whys": [
        "Why was the notification not acted on? It was never recorded.",
        "Why was it not recorded? It did not arrive in the MASH inbox.",
        "Why did nobody notice? Nothing confirms receipt."], "root_cause": "No reconciliation of notifications."}])
    save_items(authored, "fishbone", [
        {"problem": "CDP1", "category": "task", "factor": "Screening looks at one contact at a time"},
        {"problem": "CDP1", "category": "communication", "factor": "Partner's name not checked with Police"},
        {"problem": "SDP1", "category": "equipment-resources", "factor": "Two inboxes, no shared log"}])
    save_findings(authored, [{"id": "RC1", "title": "Notifications are not reconciled", "category": "communication",
                              "statement": "Nothing confirms that a notification sent has been received.",
                              "evidence": ["SDP1", "KPE5", "POL-91c51ffd"], "problems": ["SDP1"],
                              "contributory_factors": ["Two inboxes", "No daily check"],
                              "root_cause": "No reconciliation between Police and MASH."}])
    save_recommendations(authored, [
        {"id": "RR1", "text": "Reconcile notifications daily.", "findings": ["RC1"], "owner": "Head of MASH",
         "due": "2024-01-31", "action": "A shared daily log.", "measure": "Audit of a month's notifications."},
        {"id": "RR2", "text": "Train screeners on cumulative history.", "findings": ["RC1"]}])
    report = open_report(review)
    assert report.methodology.id == "rca"
    html = report.html()
    assert "Care and service delivery problems" in html and '<tr id="problem-CDP1">' in html
    assert 'id="fishbone-CDP1"' in html and 'id="fishbone-SDP1"' in html
    assert "Why did nobody notice? Nothing confirms receipt." in html
    assert "Root cause RC1: Notifications are not reconciled" in html
    assert "Communication factors" in html and "No reconciliation between Police and MASH." in html
    assert "<em>Evidence of completion:</em> Audit of a month" in html
    assert "No date for RR2 yet (SMART: time-bound)." in html and "No owner for RR2 yet (SMART)." in html


@pytest.mark.slow
def test_silp_renders_findings_by_practice_theme_and_the_learning_event(graphed_example, tmp_path):
    review = _graphed(graphed_example, tmp_path)
    _no_variant(review, "silp")
    _clear(review, "findings.yaml", "recommendations.yaml")
    authored = load_authored(load_review(review), methodology="silp")
    save_findings(authored, [
        {"id": "L1", "title": "Agencies did not see each other's referrals", "category": "A1",
         "statement": "Each referral was screened alone.", "evidence": ["KPE1", "KPE3"],
         "good_practice": "The health visitor's referral was prompt.", "learning": "Share the history."},
        {"id": "L2", "title": "Explanations for not seeing T were accepted", "category": "A6",
         "evidence": ["KPE7"]}])
    save_contribution(authored, {"id": "learning-event-sw", "kind": "practitioner", "role": "Social worker (SW3)",
                                 "body": "At the time the plan felt in place."})
    report = open_report(review, methodology="silp")
    html = report.html()
    assert report.methodology.id == "silp"
    assert "Findings by question" in html and "Practice theme: Information sharing and communication" in html
    assert "Finding L1: Agencies did not see each other" in html and "Good practice to build on" in html
    assert 'id="contrib-learning-event-sw"' in html
    assert "No statement of L2 yet." in html                          # an item's missing text is a gap too
    recommendations = html.split('id="section-recommendations"', 1)[1].split("</section>", 1)[0]
    assert "[GAP]" in recommendations


@pytest.mark.slow                    # the only fast test to need graphed_example: its graph, about 2.5 s
def test_appreciative_inquiry_renders_the_four_ds_with_a_gap_for_an_empty_phase(graphed_example, tmp_path):
    review = _graphed(graphed_example, tmp_path)
    _switch(review, "appreciative-inquiry")
    _clear(review, "findings.yaml", "recommendations.yaml")
    authored = load_authored(load_review(review))
    save_findings(authored, [
        {"id": "T1", "title": "The response to T's disclosure", "category": "discover", "evidence": ["KPE6"],
         "statement": "Every agency acted the same day.", "enablers": ["A clear disclosure", "A named lead"]},
        {"id": "T2", "title": "Every child seen, every time", "category": "dream", "evidence": ["KPE7"],
         "aspiration": "No plan runs for a week without the child being seen."},
        {"id": "T3", "title": "A trigger for a child not seen", "category": "design", "evidence": ["KPE7"]}])
    report = open_report(review)
    html = report.html()
    assert report.methodology.id == "appreciative-inquiry"
    for title in ("3 Discover: what worked", "4 Dream: practice at its best every time",
                  "5 Design: what needs to be in place", "6 Destiny: commitments"):
        assert f">{title}</h1>" in html, title
    destiny = html.split('id="section-destiny-themes"', 1)[1].split("</section>", 1)[0]
    assert "[GAP]" in destiny and "No themes in Destiny yet" in destiny
    assert "A clear disclosure" in html.split('id="section-enablers"', 1)[1]


# -- failures --------------------------------------------------------------------------------

def _broken_methodology(review: Path, cells: list[str], parameters: dict | None = None) -> None:
    """A review's own methodology "broken": SCIE's, with a notebook of the given cells."""
    data = yaml_files.safe_load((methodology_root() / "scie-learning-together" / "method.yaml").read_text(encoding="utf-8"))
    data.update(id="broken", title="Broken (test)")
    data["notebooks"] = [{"path": "broken.ipynb", "report": True,
                          "parameters": parameters or {"review_dir": {"type": "path", "required": True}}}]
    folder = review / "methodology" / "broken"
    folder.mkdir(parents=True)
    (folder / "method.yaml").write_text(yaml_files.safe_dump(data, sort_keys=False), encoding="utf-8")
    nb = new_notebook(cells=[new_code_cell('review_dir = "."', metadata={"tags": ["parameters"]})]
                      + [new_code_cell(c) for c in cells])
    nb.metadata["kernelspec"] = {"name": "reviewbench", "display_name": "reviewbench", "language": "python"}
    nbformat.write(nb, folder / "broken.ipynb")


@pytest.mark.kernel
def test_an_error_in_a_notebook_names_notebook_and_cell_and_keeps_the_partial_notebook(rendered, tmp_path):
    review = _copy(rendered, tmp_path)
    _broken_methodology(review, ["x = 1", 'raise ValueError("deliberately broken for the test")', "y = 2"])
    with pytest.raises(NotebookError) as err:
        run_render(review, methodology="broken")
    message = str(err.value)
    assert "notebook broken.ipynb stopped at cell 4" in message           # cell 3 of 4, after the injected one
    assert "raise ValueError" in message and "ValueError: deliberately broken for the test" in message
    folder = review / "build" / "methodologies" / "broken"          # not review.yaml's methodology
    partial = folder / "notebooks" / "broken.ipynb"
    assert err.value.partial == partial and str(partial) in message
    nb = nbformat.read(partial, as_version=4)
    assert any(o.get("output_type") == "error" for c in nb.cells for o in c.get("outputs", []))
    assert not (folder / "report.html").exists() and not (folder / "report.docx").exists()
    assert (review / "build" / "report.html").read_bytes() == (rendered[0] / "build" / "report.html").read_bytes()


def _no_kernel(monkeypatch) -> None:
    import papermill

    def refuse(*args, **kwargs):
        raise AssertionError("a kernel was started")
    monkeypatch.setattr(papermill, "execute_notebook", refuse)
    monkeypatch.setattr("reviewbench.render.execute.run_notebook", refuse)


@pytest.mark.kernel
def test_bad_parameters_fail_before_a_kernel_starts(rendered, tmp_path, monkeypatch):
    _no_kernel(monkeypatch)
    review = _copy(rendered, tmp_path)
    with pytest.raises(NotebookParameterError, match=r"notebook report.ipynb has no parameter "
                                                     r"'chronology_apendix' \(did you mean 'chronology_appendix'"):
        run_render(review, parameters={"chronology_apendix": "all"})
    with pytest.raises(NotebookParameterError, match="parameter 'chronology_appendix' of notebook "
                                                     "report.ipynb must be one of"):
        run_render(review, chronology_appendix="everything")
    _broken_methodology(review, ["x = 1"], parameters={"review_dir": {"type": "path", "required": True},
                                                       "dpi": {"type": "int", "required": True}})
    with pytest.raises(NotebookParameterError, match="notebook broken.ipynb needs the parameter 'dpi'"):
        run_render(review, methodology="broken")
    with pytest.raises(NotebookParameterError, match="parameter 'dpi' of notebook broken.ipynb must be a whole "
                                                     "number"):
        run_render(review, methodology="broken", parameters={"dpi": "120"})
    assert (review / "build" / "report.html").exists()                  # nothing was touched


@pytest.mark.kernel
def test_wrong_authored_content_fails_before_a_kernel_starts(rendered, tmp_path, monkeypatch):
    _no_kernel(monkeypatch)
    review = _copy(rendered, tmp_path)
    ensure_built(load_review(review))       # up to date (a no-op unless reviewbench's code changed meanwhile)
    path = review / "authored" / "findings.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("evidence: [KPE5, POL-91c51ffd]",
                                                             "evidence: [KPE5, CSC-deadbeef]"), encoding="utf-8")
    with pytest.raises(ReviewbenchError) as err:
        run_render(review)
    assert "authored/findings.yaml, finding F2: evidence 'CSC-deadbeef' is not an entry of the chronology or a " \
           "KPE id" in str(err.value)


@pytest.mark.kernel
def test_an_unknown_methodology_fails_with_did_you_mean(rendered, tmp_path, monkeypatch):
    _no_kernel(monkeypatch)
    with pytest.raises(ReviewbenchError, match="Did you mean 'scie-learning-together'"):
        run_render(rendered[0], methodology="scie")


@pytest.mark.kernel
def test_the_report_json_metadata_of_gaps_reaches_the_result(rendered):
    nb = nbformat.read(rendered[1].notebooks[0], as_version=4)
    front = [o for c in nb.cells for o in c.get("outputs", []) if o.get("metadata", {}).get("reviewbench", {})
             .get("part") == "front"]
    assert len(front) == 1 and json.dumps(front[0]["metadata"]["reviewbench"]["gaps"]) == json.dumps(rendered[1].gaps)


@pytest.mark.slow
def test_an_empty_chronology_appendix_says_when_everything_is_out_of_scope(graphed_example, tmp_path):
    review = _graphed(graphed_example, tmp_path)
    data = yaml_files.safe_load((review / "review.yaml").read_text(encoding="utf-8"))
    data["scope"] = {"start": "2030-01-01", "end": "2030-12-31"}
    (review / "review.yaml").write_text(yaml_files.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    _clear(review, "kpes.yaml", "findings.yaml", "recommendations.yaml")    # nothing cites an entry
    shutil.rmtree(review / "authored" / "contributions")
    ensure_built(review)                                      # a new scope: the chronology and network again
    gap = next(g.message for g in open_report(review).gaps if "chronology" in g.where.lower())
    assert "fall outside the review's scope" in gap and "--chronology all" in gap


@pytest.mark.kernel
def test_a_chronology_appendix_over_the_limit_moves_to_a_workbook_that_the_report_names(rendered, tmp_path):
    from openpyxl import load_workbook

    from reviewbench.chronology import read_chronology
    review = _copy(rendered, tmp_path)
    config = review / "review.yaml"
    original = config.read_text(encoding="utf-8")
    data = yaml_files.safe_load(original)
    data.setdefault("settings", {})["chronology_appendix_limit"] = 20
    config.write_text(yaml_files.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    result = run_render(review)
    assert not result.ingested and not result.graphed            # the limit is the report's alone
    assert result.workbook == review / "build" / "report_chronology.xlsx"
    html = result.html.read_text(encoding="utf-8")
    assert 'href="report_chronology.xlsx"' in html and "report_chronology.xlsx" in _docx_text(result.docx)
    sheet = load_workbook(result.workbook, read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    in_workbook = [row[rows[0].index("Entry")] for row in rows[1:]]
    chronology = read_chronology(review / "build" / "chronology.csv")["entry_id"].tolist()
    shown = re.findall(r'<tr id="entry-([^"]+)"', html)
    assert in_workbook == chronology and 0 < len(shown) < len(chronology)
    manifest = json.loads((review / "build" / "manifest.json").read_text(encoding="utf-8"))
    assert "build/report_chronology.xlsx" in {o["path"] for o in manifest["outputs"]}

    config.write_text(original, encoding="utf-8")                  # back under the limit
    again = run_render(review)
    assert again.workbook is None and not (review / "build" / "report_chronology.xlsx").exists()
    # the report as it always was, to the byte: a render is deterministic
    assert again.html.read_text(encoding="utf-8") == rendered[2]
    assert again.docx.read_bytes() == rendered[1].docx.read_bytes()


@pytest.mark.kernel
def test_verify_re_renders_the_word_report_with_the_day_the_build_recorded_and_another_methodologys_draft(
        rendered, tmp_path, capsys):
    from reviewbench.cli import main
    from reviewbench.provenance import read_manifest

    review = _copy(rendered, tmp_path)
    result = run_render(review, day="2024-01-02")
    assert result.day.isoformat() == "2024-01-02"
    assert read_manifest(review)["steps"]["render"]["day"] == "2024-01-02"
    assert "Version 0.3 (draft for the review panel), 2 January 2024" in _docx_text(result.docx)   # the title page
    assert docx.Document(str(result.docx)).core_properties.created.date().isoformat() == "2024-01-02"
    assert run_render(review, methodology="seips").html == review / "build" / "methodologies" / "seips" / "report.html"
    capsys.readouterr()
    assert main(["verify", str(review)]) == 0
    out = capsys.readouterr().out
    assert "Verified" in out
    # each re-created and found identical: an output verify did not re-create is named in a note
    assert "build/report.docx" not in out and "build/methodologies/seips/report.html" not in out
