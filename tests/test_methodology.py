"""The methodology registry: methodologies are data in methodology/<id>/method.yaml."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import yaml_files
from reviewbench.errors import NotebookParameterError, ReviewbenchError
from reviewbench.methodology import FILL_KINDS, get_methodology, list_methodologies, methodology_root
from reviewbench.render.parameters import check_parameters, notebook_cell_parameters

LEARNING_REVIEWS = ["appreciative-inquiry", "rca", "scie-learning-together", "seips", "silp"]     # reports with findings
BUILT_IN = sorted([*LEARNING_REVIEWS, "rapid-review"])
TYPOLOGIES = {
    "scie-learning-together": ["innate-human-biases", "family-professional-interaction", "responses-to-incidents",
                               "longer-term-work", "tools", "management-systems"],
    "rca": ["child-and-family", "individual", "task", "communication", "team", "education-training", "equipment-resources",
            "working-conditions", "organisational-strategic"],
    "seips": ["person", "tasks", "tools", "organisation", "internal-environment", "external-environment"],
    "silp": [f"A{i}" for i in range(1, 15)],
    "appreciative-inquiry": ["discover", "dream", "design", "destiny"],
}


def test_the_built_in_methodologies_are_listed():
    assert list_methodologies() == BUILT_IN


@pytest.mark.parametrize("method_id", LEARNING_REVIEWS)
def test_each_methodology_has_its_typology_stages_outline_and_version(method_id):
    method = get_methodology(method_id)
    assert method.typology.ids == TYPOLOGIES[method_id]
    assert method.version and isinstance(method.version, str)
    assert method.stages and method.outline
    assert all(s.fill in FILL_KINDS for s in method.sections())
    assert any(s.fill == "findings" for s in method.sections())
    assert any(s.fill == "chronology" for s in method.sections())
    assert any(s.fill == "provenance" for s in method.sections())
    assert any(i.id == "findings" and i.required for i in method.inputs)


@pytest.mark.parametrize("method_id", BUILT_IN)
def test_each_report_notebook_exists_and_its_parameters_cell_matches_the_schema(method_id, tmp_path):
    method = get_methodology(method_id)
    spec = method.report_notebook
    path = method.notebook_path(spec)
    assert path.is_file() and path.parent.name == "notebooks"
    assert notebook_cell_parameters(path) == list(spec.parameters)
    checked = check_parameters(method, spec, {"review_dir": str(tmp_path), "methodology": method_id})
    assert checked == {"review_dir": str(tmp_path.resolve()), "methodology": method_id, "publish": False,
                       "timeline": False, "chronology_appendix": "in-scope"}


def test_scie_findings_end_in_issues_for_the_safeguarding_partners_and_rca_recommendations_are_smart():
    scie, rca = get_methodology("scie-learning-together"), get_methodology("rca")
    assert scie.findings.fields["issues_for_partners"].required
    assert any(s.fill == "issues-for-partners" for s in scie.sections())
    assert rca.recommendations.smart
    assert {"contributory_factors", "root_cause"} <= set(rca.findings.fields)
    assert {"problems", "five_whys", "fishbone"} <= {i.id for i in rca.inputs}
    assert "enablers" in get_methodology("appreciative-inquiry").findings.fields


@pytest.mark.parametrize("asked, suggested", [("scie", "scie-learning-together"), ("rcaa", "rca"),
                                              ("appreciative", "appreciative-inquiry"), ("slip", "silp")])
def test_an_unknown_methodology_gets_did_you_mean(asked, suggested):
    with pytest.raises(ReviewbenchError) as err:
        get_methodology(asked)
    assert f"there is no methodology '{asked}'" in str(err.value)
    assert f"Did you mean '{suggested}'" in str(err.value)
    assert f"Known methodologies: {', '.join(BUILT_IN)}." in str(err.value)


def _local_methodology(review_root: Path, method_id: str, **changes) -> Path:
    """A review's own methodology: a copy of SCIE's method.yaml under another id, edited."""
    data = yaml_files.safe_load((methodology_root() / "scie-learning-together" / "method.yaml").read_text(encoding="utf-8"))
    data.update(id=method_id, title=f"Local {method_id}", **changes)
    folder = review_root / "methodology" / method_id
    folder.mkdir(parents=True)
    (folder / "method.yaml").write_text(yaml_files.safe_dump(data, sort_keys=False), encoding="utf-8")
    return folder


def test_a_new_methodology_is_a_folder_and_needs_no_code(tmp_path):
    _local_methodology(tmp_path, "local-learning", version="0.1")
    assert "local-learning" in list_methodologies(tmp_path)
    assert "local-learning" not in list_methodologies()
    method = get_methodology("local-learning", tmp_path)
    assert method.version == "0.1" and method.typology.ids == TYPOLOGIES["scie-learning-together"]
    # its notebook is the shared one, found in notebooks/ because the folder has none of its own
    assert method.notebook_path(method.report_notebook).parent.name == "notebooks"
    shutil.copy(method.notebook_path(method.report_notebook),
                tmp_path / "methodology" / "local-learning" / method.report_notebook.path)
    assert get_methodology("local-learning", tmp_path).notebook_path(method.report_notebook).parent.name == \
        "local-learning"


def test_a_bad_method_file_names_the_file_and_the_key(tmp_path):
    folder = _local_methodology(tmp_path, "bad-one", outline=[{"id": "timeline", "title": "Timeline",
                                                               "fill": "figure"}])
    with pytest.raises(ReviewbenchError) as err:
        get_methodology("bad-one", tmp_path)
    assert str(folder / "method.yaml") in str(err.value)
    assert "fills a figure but names none" in str(err.value)


@pytest.mark.parametrize("section, said", [
    ({"fill": "finding"}, "key 'outline.0.fill': there is no fill 'finding' (did you mean 'findings'?)"),
    ({"fill": "table", "table": "agency"}, "key 'outline.0.table': there is no table 'agency' (did you mean "
                                           "'agencies'?)"),
    ({"fill": "figure", "figure": "swimlanes"}, "there is no figure 'swimlanes' (did you mean 'swimlane'?)"),
])
def test_an_unknown_fill_table_or_figure_is_refused_with_a_suggestion(tmp_path, section, said):
    folder = _local_methodology(tmp_path, "typo", outline=[{"id": "s", "title": "S", **section}])
    with pytest.raises(ReviewbenchError) as err:
        get_methodology("typo", tmp_path)
    assert str(folder / "method.yaml") in str(err.value) and said in str(err.value)


def test_a_method_file_whose_id_differs_from_its_folder_is_refused(tmp_path):
    folder = _local_methodology(tmp_path, "right-name")
    data = yaml_files.safe_load((folder / "method.yaml").read_text(encoding="utf-8"))
    data["id"] = "other-name"
    (folder / "method.yaml").write_text(yaml_files.safe_dump(data), encoding="utf-8")
    with pytest.raises(ReviewbenchError, match="differs from its folder name"):
        get_methodology("right-name", tmp_path)


def test_findings_sections_may_only_name_categories_of_the_typology(tmp_path):
    _local_methodology(tmp_path, "bad-categories",
                       outline=[{"id": "f", "title": "F", "fill": "findings", "categories": ["toolz"]}])
    with pytest.raises(ReviewbenchError, match="categories not in the typology: toolz"):
        get_methodology("bad-categories", tmp_path)


def test_parameters_are_checked_before_any_kernel(tmp_path):
    method = get_methodology("rca")
    spec = method.report_notebook
    base = {"review_dir": str(tmp_path), "methodology": "rca"}
    with pytest.raises(NotebookParameterError, match=r"notebook report.ipynb has no parameter 'reviw_dir' "
                                                     r"\(did you mean 'review_dir'\?\)"):
        check_parameters(method, spec, {**base, "reviw_dir": "x"})
    with pytest.raises(NotebookParameterError, match="notebook report.ipynb needs the parameter 'review_dir'"):
        check_parameters(method, spec, {"methodology": "rca"})
    with pytest.raises(NotebookParameterError, match="parameter 'publish' of notebook report.ipynb must be true or "
                                                     "false"):
        check_parameters(method, spec, {**base, "publish": "yes"})
    with pytest.raises(NotebookParameterError, match="must be one of 'in-scope', 'all'"):
        check_parameters(method, spec, {**base, "chronology_appendix": "everything"})
    with pytest.raises(NotebookParameterError, match="there is no folder"):
        check_parameters(method, spec, {**base, "review_dir": str(tmp_path / "missing")})


def test_a_schema_that_disagrees_with_the_notebook_is_an_error_naming_both(tmp_path):
    folder = _local_methodology(tmp_path, "drifted")
    data = yaml_files.safe_load((folder / "method.yaml").read_text(encoding="utf-8"))
    data["notebooks"][0]["parameters"]["figure_dpi"] = {"type": "int", "default": 120}
    (folder / "method.yaml").write_text(yaml_files.safe_dump(data, sort_keys=False), encoding="utf-8")
    method = get_methodology("drifted", tmp_path)
    with pytest.raises(NotebookParameterError) as err:
        check_parameters(method, method.report_notebook, {"review_dir": str(tmp_path), "methodology": "drifted"})
    assert "report.ipynb" in str(err.value) and "figure_dpi" in str(err.value)


# -- sources, scales, ordered and grouped findings (issue 15) -------------------------------------------

@pytest.mark.parametrize("method_id", ["scie-learning-together", "silp"])
def test_the_scie_and_silp_outlines_cite_their_sources_and_have_scales(method_id):
    method = get_methodology(method_id)
    assert method.sources and all(s.title and s.publisher for s in method.sources)
    assert any(s.url.startswith("https://www.scie.org.uk/") or "reviewconsulting.co.uk" in s.url
               for s in method.sources)
    assert method.scales and len({s.id for s in method.scales}) == len(method.scales)
    assert any(s.fill == "table" and s.table == "terms-of-reference" for s in method.sections())


def test_silp_labels_its_typology_as_the_tools_own_list_not_silps():
    source = get_methodology("silp").typology.source
    assert "reviewbench's own list" in source and "not a SILP typology" in source


@pytest.mark.parametrize("changes, said", [
    ({"findings": {"order_by": "urgency", "fields": {"priority": {"kind": "choice", "label": "Priority",
                                                                  "choices": ["high"]}}}},
     "order_by names 'urgency', which is not one of these fields with 'choices'"),
    ({"findings": {"order_by": "note", "fields": {"note": {"label": "Note"}}}},
     "order_by names 'note', which is not one of these fields with 'choices'"),
    ({"findings": {"fields": {"tags": {"kind": "list", "label": "Tags", "choices": ["a"]}}}},
     "a field of kind 'choice' lists its choices"),
    ({"outline": [{"id": "s", "title": "S", "fill": "kpes", "group": "terms-of-reference"}]},
     "'group' groups the findings of a 'fill: findings' section"),
    ({"outline": [{"id": "s", "title": "S", "fill": "findings", "group": "theme"}]}, "outline.0.group"),
    ({"scales": [{"id": "full", "title": "Full"}, {"id": "full", "title": "Again"}]},
     "each scale may be listed once"),
    ({"sources": [{"publisher": "A publisher"}]}, "sources.0.title"),
])
@pytest.mark.slow
def test_a_wrong_order_choice_group_scale_or_source_is_refused_naming_the_file(tmp_path, changes, said):
    folder = _local_methodology(tmp_path, "wrong-data", **changes)
    with pytest.raises(ReviewbenchError) as err:
        get_methodology("wrong-data", tmp_path)
    assert str(folder / "method.yaml") in str(err.value) and said in str(err.value)


@pytest.mark.slow
def test_a_kpes_section_filters_only_by_a_choice_field_and_its_choices(tmp_path):
    choice = {"kind": "choice", "label": "Lens", "choices": [{"id": "appreciation", "label": "Appreciation"}]}
    kpes = [{"id": "k", "title": "K", "fill": "kpes", "only": {"ai_lens": ["appreciation"]}}]
    assert get_methodology(_local_methodology(tmp_path / "a", "good-filter", kpes={"fields": {"ai_lens": choice}},
                                              outline=kpes).name, tmp_path / "a").kpes.fields["ai_lens"].choice_ids \
        == ["appreciation"]
    _local_methodology(tmp_path / "b", "no-field", outline=kpes)
    with pytest.raises(ReviewbenchError, match="'ai_lens' is not one"):
        get_methodology("no-field", tmp_path / "b")
    _local_methodology(tmp_path / "c", "bad-choice", kpes={"fields": {"ai_lens": choice}},
                       outline=[{**kpes[0], "only": {"ai_lens": ["practice-at-its-best"]}}])
    with pytest.raises(ReviewbenchError, match="practice-at-its-best not a choice of 'ai_lens'"):
        get_methodology("bad-choice", tmp_path / "c")
    _local_methodology(tmp_path / "d", "no-choices", kpes={"fields": {"ai_lens": {"kind": "choice", "label": "L"}}})
    with pytest.raises(ReviewbenchError, match="a field of kind 'choice' lists its choices"):
        get_methodology("no-choices", tmp_path / "d")


@pytest.mark.parametrize("method_id", [m for m in BUILT_IN if m != "rapid-review"])
def test_every_learning_review_methodology_has_a_terms_of_reference_matrix_and_cites_its_sources(method_id):
    """The rapid review comes before terms of reference are agreed; every other methodology shows how its
    report answers them, and names where its outline comes from."""
    method = get_methodology(method_id)
    assert [s.id for s in method.sections() if s.fill == "table" and s.table == "terms-of-reference"]
    assert method.sources and all(s.title for s in method.sources)
