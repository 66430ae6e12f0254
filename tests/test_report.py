"""The report built in-process (``reviewbench.report``): each fill from small authored inputs, the
public edition's exclusions, escaping, and the registry of fills. No kernel and no build: a
three-entry chronology is read by the real reader, and ``build_report`` fills the methodology's
outline from it (tests/report_support.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import yaml_files
from report_support import (
    EARLIER,
    ENTRIES,
    FINDING,
    INCIDENT,
    KPE,
    SCIE,
    VISIT,
    build,
    make_prepared,
    section,
    write_review,
)
from reviewbench.errors import ReviewbenchError
from reviewbench.methodology import FILL_KINDS, TABLES, get_methodology
from reviewbench.report import DRAFT_MARK
from reviewbench.report.figures import fishbone_figure, png_bytes
from reviewbench.report.registry import FILLS, TABLE_FILLS, Registry, fill, table
from reviewbench.vocabulary import topic_label


@pytest.fixture
def full(tmp_path) -> Path:
    """A review with a KPE, a finding, a recommendation and a contribution, and one section written."""
    return write_review(tmp_path / "review", kpes=[KPE], findings=[FINDING],
                   recommendations=[{"id": "R1", "text": "Follow up every visit within a week.", "findings": ["F1"]}],
                   sections={"overview": "The overview names Robin Quillfeather."},
                   contributions={"parent": ({"kind": "family", "role": "Parent (fictional)", "kpe": "KPE1"},
                                             "We were not told what would happen next.")})


# -- each fill ------------------------------------------------------------------------------------------

def test_a_finding_links_its_evidence_to_the_chronology_appendix_and_the_kpe(full):
    html = build(full).html()
    finding = html[html.index('id="finding-F1"'):]
    finding = finding[:finding.index("</div>")]
    assert "Finding F1: Visits were not followed up" in finding
    assert f'<a href="#entry-{VISIT}">{VISIT}</a>' in finding and '<a href="#kpe-KPE1">KPE1</a>' in finding
    assert "Key practice episode: The home visit in March 2022" in finding
    assert '<p class="meta">Recommendations: <a href="#rec-R1">R1</a></p>' in finding
    assert f'<tr id="entry-{VISIT}">' in section(html, "chronology")


def test_a_kpe_shows_its_period_agencies_entries_and_what_cites_it_with_a_gap_for_the_missing_explanation(full):
    report = build(full)
    kpe = section(report.html(), "key-practice-episodes")
    assert '<div class="kpe">\n<h3 id="kpe-KPE1">KPE1: The home visit in March 2022</h3>' in kpe
    assert "Period: 1 March 2022 to 2 April 2022" in kpe
    assert "Agencies: Children&#39;s Social Care, Police" in kpe
    assert "<p>The visit was prompt.</p>" in kpe
    assert "[GAP]</strong> No explanation of KPE1 yet." in kpe
    assert '<p class="meta">Contributions: <a href="#contrib-parent">Parent (fictional)</a></p>' in kpe
    assert '<p class="meta">Cited by: <a href="#finding-F1">F1</a></p>' in kpe
    assert any(g.message == "No explanation of KPE1 yet." and g.number.endswith(", KPE1") for g in report.gaps)


def test_issues_for_the_safeguarding_partners_recommendations_and_contributions_each_fill_their_section(full):
    html = build(full).html()
    issues = section(html, "issues-for-partners")
    assert '<a href="#finding-F1">F1</a>: Visits were not followed up' in issues
    assert "<ul><li>How do the safeguarding partners know visits are followed up?</li></ul>" in issues
    recommendations = section(html, "recommendations")
    assert '<tr id="rec-R1"><td>R1</td><td>Follow up every visit within a week.</td>' in recommendations
    assert '<a href="#finding-F1">F1</a>' in recommendations
    contributions = section(html, "contributions")
    assert 'id="contrib-parent"' in contributions
    assert '<p class="meta">Family: Parent (fictional) · about <a href="#kpe-KPE1">KPE1</a></p>' in contributions
    assert "We were not told what would happen next." in contributions


def test_an_empty_required_section_is_a_gap_with_its_prompt_listed_in_the_front_matter(tmp_path):
    report = build(write_review(tmp_path / "review"))
    html = report.html()
    summary = section(html, "summary")
    assert '<div class="gap" id="gap-1" data-custom-style="Gap"><p><strong>[GAP]</strong> No text yet. Write it in ' \
           "<code>authored/sections/summary.md</code>.</p>" in summary
    assert '<p class="gap-prompt">What goes here: ' in summary
    front = str(report.parts[0].html)
    assert f"This draft has {len(report.gaps)} gaps" in front
    assert '<li><a href="#gap-1">1 Summary</a>: No text yet. Write it in <code>authored/sections/' \
           'summary.md</code>.</li>' in front
    assert [g.anchor for g in report.gaps] == [f"gap-{i}" for i in range(1, len(report.gaps) + 1)]
    assert re.findall(r'<div class="gap" id="(gap-\d+)"', html) == [g.anchor for g in report.gaps]


def test_the_public_edition_has_no_draft_banner_gap_prompt_chronology_or_provenance(full):
    draft, public = build(full), build(full, publish=True)
    assert DRAFT_MARK in draft.html() and "draft-banner" in draft.html()
    html = public.html()
    assert "draft-banner" not in html and DRAFT_MARK not in html and "DRAFT" not in html
    assert "[GAP]" not in html and "gap-summary" not in html and "What goes here" not in html
    assert 'id="section-chronology"' not in html and 'id="section-provenance"' not in html
    assert not re.search(r"\b(CSC|POL|HV)-0000", html), "an entry id reached the public edition"
    public_gaps = {str(g.message) for g in public.gaps}     # counted, so that render can refuse to publish
    assert "No explanation of KPE1 yet." in public_gaps and public_gaps < {str(g.message) for g in draft.gaps}
    assert "5.5 Key practice episodes, KPE1" in [g.where for g in public.gaps]      # numbered as published
    assert public.subtitle == "Learning Together systems review" and "draft" in draft.subtitle


def test_the_public_timeline_lists_only_the_cited_entries_by_agency_and_date(full):
    html = build(full, publish=True, timeline=True).html()
    timeline = section(html, "chronology")
    assert timeline.startswith('id="section-chronology">Appendix D: Summary timeline</h1>')
    assert "Social worker visited; Parent A was at home." in timeline
    assert "Officers attended" in timeline                    # cited by KPE1
    assert "New birth visit" not in timeline                  # cited by nothing
    assert "as on Children&#39;s Social Care, 1 March 2022 at 10:00." in html      # an id in text: agency and date


def test_the_chronology_appendix_shows_the_scope_it_was_asked_for(full):
    in_scope = section(build(full).html(), "chronology")
    everything = section(build(full, chronology_appendix="all").html(), "chronology")
    assert "New birth visit" not in in_scope and "2 of 3 entries" in in_scope
    assert "New birth visit before the review period. <em>(outside the review scope)</em>" in everything
    assert "3 of 3 entries: every entry" in everything
    assert "Parent A was at home.<br><em>Outcome:</em> Plan agreed.</td>" in everything


UNCITED = ("SCH-0000d004", "2022-05-01", "day", "", "School", "Meeting", "Robin Quillfeather met the class teacher.",
           "", True)


def _limit(root: Path, limit: int) -> Path:
    """review.yaml with ``settings: chronology_appendix_limit``."""
    path = root / "review.yaml"
    data = yaml_files.safe_load(path.read_text(encoding="utf-8"))
    data["settings"] = {"chronology_appendix_limit": limit}
    path.write_text(yaml_files.safe_dump(data, sort_keys=False), encoding="utf-8")
    return root


def test_an_appendix_over_the_limit_lists_the_cited_entries_and_says_where_the_whole_chronology_is(full):
    report = build(_limit(full, 2), prepared=make_prepared(full, [*ENTRIES, UNCITED]))
    html = report.html()
    appendix = section(html, "chronology")
    assert report.chronology_workbook
    assert "would list 3 of the 4 entries" in appendix              # in scope or cited: all but EARLIER
    assert 'href="report_chronology.xlsx"' in appendix and "build/report_chronology.xlsx" in appendix
    assert "Below are the 2 entries this report cites" in appendix
    assert re.findall(r'<tr id="entry-([^"]+)"', appendix) == [VISIT, INCIDENT]
    assert "met the class teacher" not in html
    assert set(re.findall(r'href="#([^"]+)"', html)) <= set(re.findall(r' id="([^"]+)"', html))   # links land


def test_an_appendix_at_the_limit_is_the_one_without_a_limit(full):
    prepared = make_prepared(full, [*ENTRIES, UNCITED])
    at_limit = build(_limit(full, 3), prepared=prepared)
    unlimited = build(_limit(full, 10**9), prepared=prepared)
    over = build(_limit(full, 2), prepared=prepared)
    assert not at_limit.chronology_workbook and at_limit.html() == unlimited.html()
    assert over.chronology_workbook and over.html() != at_limit.html()


def test_more_statements_than_the_limit_list_the_first_of_each_kind_and_count_the_rest(full):
    from reviewbench.report.fills.tables import STATEMENTS_PER_TOPIC
    unanswered = [{"topic": "unanswered-referral", "text": f"Referral {n} had no answer.", "entry_ids": [VISIT]}
                  for n in range(STATEMENTS_PER_TOPIC + 7)]
    statements = [{"topic": "summary", "text": "Three entries.", "entry_ids": []}, *unanswered,
                  {"topic": "density", "text": "Few exchanges.", "entry_ids": []}]
    prepared = make_prepared(full, statements=statements)
    listed = section(build(_limit(full, len(statements)), prepared=prepared).html(), "chronology-prompts")
    cut = section(build(_limit(full, len(statements) - 1), prepared=prepared).html(), "chronology-prompts")
    assert listed.count("had no answer") == len(unanswered) and "more of this kind" not in listed
    assert cut.count("had no answer") == STATEMENTS_PER_TOPIC
    assert "<em>and 7 more of this kind</em>" in cut and "build/network/metrics.json" in cut
    assert "Three entries." in cut and "Few exchanges." in cut          # every kind keeps its first


def test_the_public_edition_never_points_at_the_workbook(full):
    report = build(_limit(full, 0), publish=True, timeline=True)
    assert not report.chronology_workbook and "report_chronology" not in report.html()


def test_the_workbook_holds_every_entry_pseudonymised_with_its_scope_and_what_cites_it(full):
    from reviewbench.config import load_review
    from reviewbench.report.workbook import chronology_workbook
    entries = [*ENTRIES, UNCITED]
    frame = chronology_workbook(load_review(full), get_methodology(SCIE, full), make_prepared(full, entries))
    assert frame["entry_id"].tolist() == [e[0] for e in entries]         # out of scope and uncited too
    assert frame["in_scope"].tolist() == [e[-1] for e in entries]
    assert dict(zip(frame["entry_id"], frame["cited_in"])) == {EARLIER: "", VISIT: "KPE1, F1", INCIDENT: "KPE1",
                                                               UNCITED[0]: ""}
    descriptions = " ".join(frame["description"])
    assert "Quillfeather" not in descriptions and "Parent A met the class teacher." in descriptions


def test_ids_are_linked_as_whole_tokens_the_longest_first(tmp_path):
    from reviewbench.publication.names import NameRegister
    from reviewbench.report.text import TextRenderer
    text = TextRenderer(NameRegister.from_mapping({}))
    ids = ["KPE1", "KPE10", "F1", "F1.2", "1A-00ff", "A.B"]
    text.set_targets({i: f"t{n}" for n, i in enumerate(ids)}, {"POL-1": "Police, 01/02/2022"})
    def linked(source: str) -> list[str]:
        return re.findall(r'href="#(t\d+)"', str(text.link_ids(source)))
    assert linked("KPE10 then KPE1. and KPE1, F1.2; F1.3") == ["t1", "t0", "t0", "t3", "t2"]
    assert linked("x-KPE1 KPE1-b KPE1_b aKPE1 KPE1é") == []              # inside another token
    assert linked("1A-00ff (A.B) A.Bc A.B.") == ["t4", "t5", "t5"]
    assert str(text.link_ids("as on POL-1.")) == "as on Police, 01/02/2022."


def test_authored_and_recorded_markup_is_shown_as_text_never_run(tmp_path):
    hostile = {**FINDING, "evidence": [VISIT], "title": "<script>alert('title')</script>", "statement": "A <b>bold</b> claim <img src=x>"}
    root = write_review(tmp_path / "review", findings=[hostile],
                   sections={"overview": "Text <script>alert('section')</script> and <iframe src=x></iframe>"})
    recorded = (VISIT, "2022-03-01", "day", "", "Children's Social Care", "Visit",
                "Note: <script>alert(1)</script> <img src=x onerror=alert(2)>", "", True)
    html = build(root, prepared=make_prepared(root, [ENTRIES[0], recorded, ENTRIES[2]])).html()
    assert "<script" not in html and "<iframe" not in html and "<img src=x" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_every_text_passes_through_the_names_register(full):
    html = build(full, chronology_appendix="all").html()
    assert "Quillfeather" not in html
    assert "The overview names Parent A" in html and "Parent A was at home." in html


def test_tables_and_figures_are_numbered_in_order_and_a_missing_figure_is_a_gap(full):
    swimlane = full.parent / "swimlane.png"
    swimlane.write_bytes(png_bytes(fishbone_figure("A fictional problem", [("Task", ["A factor"])]), dpi=20))
    html = build(full, prepared=make_prepared(full, figures={"swimlane": swimlane})).html()
    assert re.findall(r"<caption>Table (\d+):", html) == [str(i) for i in range(1, html.count("<caption>") + 1)]
    assert '<figure id="figure-swimlane"><img src="data:image/png;base64,iVBOR' in html
    assert "<figcaption>Figure 1: Entries recorded by each agency" in html
    assert "[GAP]</strong> The network figure is not available: it was not produced." in html


def test_network_statements_are_prompts_for_the_review_team_only(full):
    statements = [{"topic": "child-seen", "text": "The child was seen once.", "entry_ids": [VISIT]}]
    prepared = make_prepared(full, statements=statements)
    draft = section(build(full, prepared=prepared).html(), "chronology-prompts")
    assert "These are prompts for the review team, not findings." in draft
    assert f'<a href="#entry-{VISIT}">{VISIT}</a>' in draft
    assert 'id="section-chronology-prompts"' not in build(full, prepared=prepared, publish=True).html()


def test_the_agencies_table_names_submissions_in_the_draft_only(full):
    draft = section(build(full).html(), "agency-involvement")
    public = section(build(full, publish=True).html(), "agency-involvement")
    assert "Police.csv" in draft and "<th>Submission</th>" in draft
    assert "Police.csv" not in public and "<th>Submission</th>" not in public
    assert '<col style="width: 24%">' in draft and "<td><em>no submission</em></td>" in draft     # School, GP


def test_the_provenance_appendix_lists_parameters_inputs_and_software(full):
    provenance = section(build(full).html(), "provenance")
    assert "<td><code>publish</code></td><td>no</td>" in provenance
    assert f'<code class="hash">{"0" * 64}</code>' in provenance
    assert "<td>reviewbench</td><td>test</td>" in provenance


@pytest.mark.slow
def test_prompts_name_their_topics_in_words_and_the_appendix_keeps_the_measures_and_settings(full):
    from reviewbench.config import load_review
    from reviewbench.network import analyse, metrics_dict
    referral = ("SCH-0000d004", "2022-03-05", "day", "", "School", "Referral", "Referred to MASH about a bruise.", "",
                True)
    prepared = make_prepared(full, [*ENTRIES, referral])
    analysis = analyse(load_review(full), prepared.chronology)
    prepared.metrics = metrics_dict(analysis)
    html = build(full, prepared=prepared).html()
    prompts = section(html, "chronology-prompts")
    topics = {s.topic for s in analysis.statements}
    assert {"summary", "density", "reciprocity", "isolate", "unanswered-referral"} <= topics
    cells = set(re.findall(r"<tr><td>([^<]*)</td>", prompts))
    assert cells == {topic_label(t) for t in topics} and not cells & topics
    assert "are in Appendix E (Parameters and provenance)" in prompts
    provenance = section(html, "provenance")
    assert "<td>density</td><td>0.33</td>" in provenance and "<td>reciprocity</td><td>0.00</td>" in provenance
    assert "<td>School</td><td>1</td><td>0.00</td><td>0.50</td>" in provenance      # degree, betweenness, closeness
    for row in analysis.sensitivity:
        assert f"<td><code>{row['setting']}: {row['value']}</code></td><td>{row['text']}</td>" in provenance
    assert "How the prompts depend on the settings" not in build(full, prepared=prepared, publish=True).html()


def test_a_section_of_subsections_shows_its_prompt_in_the_draft_and_is_a_gap_when_it_has_none(tmp_path):
    root = write_review(tmp_path / "review")
    method = yaml_files.safe_load((get_methodology(SCIE).folder / "method.yaml").read_text(encoding="utf-8"))
    next(s for s in method["outline"] if s["id"] == "introduction")["prompt"] = "Why this case, and how it was reviewed."
    method["outline"].append({"id": "later", "title": "Later work", "prompt": "What follows."})
    own = root / "methodology" / SCIE
    own.mkdir(parents=True)
    (own / "method.yaml").write_text(yaml_files.safe_dump(method, sort_keys=False), encoding="utf-8")
    html = build(root).html()
    assert '<p class="section-prompt">Why this case, and how it was reviewed.</p>' in section(html, "introduction")
    assert "[GAP]</strong> This section has no content yet.</p><p class=\"gap-prompt\">What goes here: What follows." \
        in section(html, "later")
    assert "section-prompt" not in build(root, publish=True).html()


def test_rca_tables_of_problems_whys_and_factors_and_smart_recommendations(tmp_path):
    root = write_review(tmp_path / "review",
                   problems=[{"id": "CDP1", "kind": "care", "title": "The visit was not followed up",
                              "description": "No contact for a month.", "entries": [VISIT]}],
                   five_whys=[{"id": "W1", "problem": "CDP1", "whys": ["Why? Nobody owned it."]}],
                   fishbone=[{"problem": "CDP1", "category": "task", "factor": "No follow-up step"}],
                   findings=[{"id": "RC1", "title": "No owner for follow-up", "category": "task", "evidence": ["CDP1"],
                              "statement": "Follow-up had no owner.", "problems": ["CDP1"],
                              "contributory_factors": ["No follow-up step"], "root_cause": "No owner."}],
                   recommendations=[{"id": "RR1", "text": "Name an owner.", "findings": ["RC1"], "action": "A rota."}])
    html = build(root, "rca").html()
    assert '<tr id="problem-CDP1"><td>CDP1</td><td>Care delivery problem</td><td><strong>The visit was not ' \
           f'followed up</strong><br>No contact for a month.</td><td><a href="#entry-{VISIT}">{VISIT}</a></td></tr>' \
           in html
    assert "<ol><li>Why? Nobody owned it.</li></ol>" in html and "No root cause for chain W1 yet." in html
    assert '<li>No follow-up step (<a href="#problem-CDP1">CDP1</a>)</li>' in html
    assert '<p><a href="#problem-CDP1">CDP1</a> The visit was not followed up</p>' in html      # problem-refs field
    recommendation = html[html.index('<tr id="rec-RR1">'):]
    assert "<br><em>Action:</em> A rota." in recommendation
    assert "No &#39;Evidence of completion&#39; for RR1 yet." in recommendation
    assert "No owner for RR1 yet (SMART)." in recommendation and "No date for RR1 yet (SMART: time-bound)." in html


def test_tables_of_findings_enablers_themes_root_causes_and_the_evidence_index(tmp_path):
    root = write_review(tmp_path / "review", findings=[
        {"id": "T1", "title": "Same-day response", "category": "discover", "evidence": [VISIT],
         "statement": "Every agency acted the same day.", "enablers": ["A named lead"]},
        {"id": "T2", "title": "Every child seen", "category": "dream", "evidence": [INCIDENT]}])
    method = yaml_files.safe_load((get_methodology("appreciative-inquiry").folder / "method.yaml").read_text("utf-8"))
    method["appendices"] += [{"id": "themes", "title": "Themes", "fill": "table", "table": "typology"},
                             {"id": "causes", "title": "Causes", "fill": "table", "table": "root-causes"},
                             {"id": "index", "title": "Index", "fill": "table", "table": "evidence-index"}]
    own = root / "methodology" / "appreciative-inquiry"
    own.mkdir(parents=True)
    (own / "method.yaml").write_text(yaml_files.safe_dump(method, sort_keys=False), encoding="utf-8")
    html = build(root, "appreciative-inquiry").html()
    assert '<td><a href="#finding-T1">T1</a>: Same-day response</td><td>Discover' in section(html, "enablers")
    assert "<ul><li>A named lead</li></ul>" in section(html, "enablers")
    assert '<td>discover</td><td>Discover' in section(html, "themes") and '<a href="#finding-T2">T2</a>' in \
        section(html, "themes")
    assert '<td><a href="#finding-T2">T2</a></td><td>Dream' in section(html, "causes")
    index = section(html, "index")
    assert f'<td><a href="#entry-{VISIT}">{VISIT}</a></td><td>1\u00a0March\u00a02022 at 10:00</td>' in index
    assert '<td><a href="#finding-T1">T1</a></td></tr>' in index and EARLIER not in index


# -- the registry of fills --------------------------------------------------------------------------------

def test_every_name_method_yaml_accepts_has_one_registered_function():
    assert set(FILLS.functions) == set(FILL_KINDS) and not FILLS.missing()
    assert set(TABLE_FILLS.functions) == set(TABLES) and not TABLE_FILLS.missing()


def test_the_registry_refuses_an_unknown_fill_or_table_with_a_suggestion():
    with pytest.raises(ReviewbenchError, match="there is no fill 'finding' \\(did you mean 'findings'\\?\\)"):
        fill("finding")
    with pytest.raises(ReviewbenchError, match="there is no table 'agency' \\(did you mean 'agencies'\\?\\)"):
        table("agency")
    with pytest.raises(ReviewbenchError, match="did you mean 'chronology'"):
        FILLS["chronolgy"]


def test_a_name_registered_twice_or_left_without_a_function_is_refused():
    registry = Registry("fill", ("text", "kpes"))
    registry.register("text")(lambda *args: "")
    with pytest.raises(ReviewbenchError, match="registered twice"):
        registry.register("text")(lambda *args: "")
    assert registry.missing() == ["kpes"]
