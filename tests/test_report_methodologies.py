"""The example rendered in-process with each methodology that has an authored variant (rca, seips,
appreciative-inquiry): no validation error, no gap but the one the example leaves on purpose (Q5 of its
terms of reference unanswered), and each methodology's own analysis drawn."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import yaml_files
from report_support import section
from reviewbench.errors import AuthoredError
from reviewbench.methodology import get_methodology
from reviewbench.render.figures import save_figures
from reviewbench.report import open_report
from reviewbench.report.figures import work_system_figure

VARIANTS = ["appreciative-inquiry", "rca", "seips"]
AI_KPES = Path("authored") / "methodologies" / "appreciative-inquiry" / "kpes.yaml"


@pytest.mark.parametrize("method_id", VARIANTS)
@pytest.mark.slow
def test_the_example_renders_with_each_methodology_with_no_error_and_no_gap(graphed_example, method_id):
    report = open_report(graphed_example, methodology=method_id)
    assert report.methodology.id == method_id
    [gap] = report.gaps                              # Q5, unanswered on purpose; every other question answered
    assert "How the report answers the terms of reference" in gap.where and "Q5" in gap.where
    html = report.html()
    for wanted in (s for s in report.methodology.sections() if s.required):
        assert f'id="section-{wanted.id}"' in html, wanted.id


@pytest.mark.slow
def test_seips_draws_the_work_system_from_the_factors_and_render_saves_it(graphed_example, tmp_path):
    report = open_report(graphed_example, methodology="seips")
    html = report.html()
    assert 'id="figure-work-system"' in section(html, "work-system-diagram")
    table = section(html, "work-system-factors")
    for factor in report.authored.work_system:
        assert factor.text.split(" (")[0].replace("'", "&#39;") in table, factor.id
    saved = save_figures(html, tmp_path / "figures")
    assert saved == [tmp_path / "figures" / "figure-work-system.png"]
    assert saved[0].read_bytes().startswith(b"\x89PNG") and saved[0].stat().st_size > 10_000


def test_the_work_system_figure_names_every_component_with_its_count_and_the_agencies():
    components = get_methodology("seips").typology.categories
    drawn = [(c.label, [("A factor of " + c.id, ["Police"])] if i % 2 == 0 else []) for i, c in enumerate(components)]
    figure = work_system_figure(drawn, {"Police": "#123456"})
    texts = [t.get_text() for t in figure.axes[0].texts]
    for i, component in enumerate(components):
        count = 1 if i % 2 == 0 else 0
        assert any(t.startswith(f"{component.label} ({count})") for t in texts), component.id
    assert "Police" in texts                                                     # the legend of agencies
    dots = [line for line in figure.axes[0].lines if line.get_color() == "#123456"]
    assert len(dots) == len(components[::2]) + 1                                # above each box, and the legend


@pytest.mark.slow
def test_rca_public_edition_has_neutral_wording_and_no_internal_sections(graphed_example):
    for publish in (False, True):
        report = open_report(graphed_example, methodology="rca", publish=publish)
        text = report.html().lower()
        for phrase in ("patient factors", "distribution list", "detection of the incident"):
            assert phrase not in text, (publish, phrase)
        assert "child and family context" in text
    assert 'id="figure-contributory-factors"' in section(report.html(), "factors-chart")


@pytest.mark.slow
def test_an_appreciative_inquiry_kpe_not_yet_placed_is_a_gap_never_practice_at_its_best(graphed_example, tmp_path):
    review = Path(shutil.copytree(graphed_example, tmp_path / "child-t"))
    path = review / AI_KPES
    data = yaml_files.safe_load(path.read_text(encoding="utf-8"))
    unplaced = next(k for k in data["kpes"] if k["ai_lens"] == "got-in-the-way")
    del unplaced["ai_lens"]
    path.write_text(yaml_files.safe_dump(data, sort_keys=False), encoding="utf-8")
    report = open_report(review, methodology="appreciative-inquiry")
    html = report.html()
    kpe = f'id="kpe-{unplaced["id"]}"'
    assert kpe not in section(html, "practice-episodes") and kpe not in section(html, "got-in-the-way")
    gaps = [g for g in report.gaps if unplaced["id"] in g.message]
    assert len(gaps) == 1 and "not yet placed" in gaps[0].message
    assert "authored/methodologies/appreciative-inquiry/kpes.yaml" in gaps[0].message
    placed = [k["id"] for k in data["kpes"] if k.get("ai_lens") == "appreciation"]
    assert all(f'id="kpe-{k}"' in section(html, "practice-episodes") for k in placed)


def test_an_appreciative_inquiry_lens_that_is_no_choice_is_an_error_naming_the_variant_file(graphed_example, tmp_path):
    review = Path(shutil.copytree(graphed_example, tmp_path / "child-t"))
    path = review / AI_KPES
    data = yaml_files.safe_load(path.read_text(encoding="utf-8"))
    data["kpes"][0]["ai_lens"] = "practice-at-its-best"
    path.write_text(yaml_files.safe_dump(data, sort_keys=False), encoding="utf-8")
    with pytest.raises(AuthoredError) as err:
        open_report(review, methodology="appreciative-inquiry")
    assert (f"authored/methodologies/appreciative-inquiry/kpes.yaml, KPE {data['kpes'][0]['id']}: 'ai_lens' must be "
            "one of: appreciation, got-in-the-way") in str(err.value)


@pytest.mark.slow
def test_a_large_draft_names_the_workbook_where_its_own_render_puts_it(graphed_example, tmp_path):
    """Over the appendix limit, the report names the workbook beside it: build/ for review.yaml's
    methodology, build/methodologies/<id>/ for a draft rendered with another (where render writes it)."""
    review = Path(shutil.copytree(graphed_example, tmp_path / "child-t"))
    config = review / "review.yaml"
    data = yaml_files.safe_load(config.read_text(encoding="utf-8"))
    data.setdefault("settings", {})["chronology_appendix_limit"] = 20
    config.write_text(yaml_files.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    said = {method_id: section(open_report(review, methodology=method_id).html(), "chronology")
            for method_id in (data["methodology"], "seips")}
    assert "(build/report_chronology.xlsx in the review folder)" in said[data["methodology"]]
    assert "(build/methodologies/seips/report_chronology.xlsx in the review folder)" in said["seips"]
    assert all('href="report_chronology.xlsx"' in text for text in said.values())
