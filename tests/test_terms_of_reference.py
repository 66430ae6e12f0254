"""The terms of reference (``authored/terms_of_reference.yaml``), the questions KPEs and findings answer
(``tor``), and the terms-of-reference matrix (``table: terms-of-reference``), built in-process from a
small review (tests/report_support.py)."""

from __future__ import annotations

import pytest

import yaml_files
from report_support import FINDING, KPE, build, section, write_review
from reviewbench.errors import AuthoredError

QUESTIONS = [{"id": "Q1", "question": "How were visits followed up?", "lead": "Children's Social Care"},
             {"id": "Q2", "question": "How was the child's voice heard?"}]


def _review(tmp_path, questions=QUESTIONS, kpe_tor=("Q1",), finding_tor=("Q1",), **authored):
    items = {"kpes": [{**KPE, "tor": list(kpe_tor)}], "findings": [{**FINDING, "tor": list(finding_tor)}]}
    if questions is not None:
        items["terms_of_reference"] = questions
    return write_review(tmp_path / "review", **items, **authored)


def test_the_matrix_lists_each_question_with_the_findings_and_kpes_that_answer_it(tmp_path):
    report = build(_review(tmp_path))
    matrix = section(report.html(), "tor-matrix")
    assert "<thead><tr><th>Question</th><th>Findings</th><th>Key practice episodes</th></tr></thead>" in matrix
    q1 = matrix[matrix.index("<strong>Q1</strong>"):matrix.index("<strong>Q2</strong>")]
    assert "How were visits followed up?" in q1 and "Lead: Children&#39;s Social Care" in q1
    assert '<a href="#finding-F1">F1</a>: Visits were not followed up' in q1          # as the report cites them
    assert '<a href="#kpe-KPE1">KPE1</a>: The home visit in March 2022' in q1
    assert "[GAP]" not in q1


def test_a_question_nothing_answers_is_a_marked_gap_counted_in_both_editions(tmp_path):
    root = _review(tmp_path)
    draft = build(root)
    matrix = section(draft.html(), "tor-matrix")
    q2 = matrix[matrix.index("<strong>Q2</strong>"):]
    assert "[GAP]</strong> Nothing in the report answers Q2 yet" in q2
    [gap] = [g for g in draft.gaps if "Q2" in g.message]
    assert gap.where == "Appendix A.1 How the report answers the terms of reference, Q2"
    assert f'<a href="#{gap.anchor}">{gap.where}</a>' in str(draft.parts[0].html)     # listed at the top
    public = build(root, publish=True)
    assert "Nothing in the report answers Q2" not in public.html()                     # not shown in public...
    assert any("Q2" in g.message for g in public.gaps)                                 # ...but counted: refused


def test_answering_the_last_question_removes_its_gap(tmp_path):
    report = build(_review(tmp_path, kpe_tor=("Q2",)))
    assert not any("answers Q" in g.message for g in report.gaps)


def test_without_the_file_the_matrix_is_one_gap_saying_the_file_is_missing_and_what_to_write(tmp_path):
    report = build(_review(tmp_path, questions=None, kpe_tor=(), finding_tor=()))
    matrix = section(report.html(), "tor-matrix")
    assert matrix.count("<tr>") == 2                                    # the heading and one row
    assert "<em>No terms of reference</em>" in matrix
    assert "<code>authored/terms_of_reference.yaml</code> is missing: write questions:" in matrix
    [gap] = [g for g in report.gaps if "terms_of_reference.yaml" in g.message]
    assert "tor: [Q1, Q3]" in gap.message


def test_an_empty_file_is_a_gap_saying_it_holds_no_questions(tmp_path):
    report = build(_review(tmp_path, questions=[], kpe_tor=(), finding_tor=()))
    assert "<code>authored/terms_of_reference.yaml</code> holds no questions yet" in section(report.html(),
                                                                                            "tor-matrix")


@pytest.mark.parametrize("where, tor", [("finding F1", {"finding_tor": ("Q1", "Q21")}),
                                        ("KPE KPE1", {"kpe_tor": ("Q12",)})])
def test_an_unknown_question_is_refused_naming_the_file_the_item_and_a_close_id(tmp_path, where, tor):
    with pytest.raises(AuthoredError) as caught:
        build(_review(tmp_path, **tor))
    text = str(caught.value)
    file = "authored/findings.yaml" if where.startswith("finding") else "authored/kpes.yaml"
    assert f"{file}, {where}" in text and "which is not a question of authored/terms_of_reference.yaml" in text
    assert "(did you mean 'Q1'" in text or "(did you mean 'Q2'" in text
    assert "the questions are: Q1, Q2" in text


def test_naming_a_question_with_no_terms_of_reference_says_to_write_them(tmp_path):
    with pytest.raises(AuthoredError, match=r"authored/findings.yaml, finding F1: tor names Q1, but "
                                            r"authored/terms_of_reference.yaml has no questions"):
        build(_review(tmp_path, questions=None, kpe_tor=()))


@pytest.mark.parametrize("questions, message", [
    ([{"id": "1", "question": "Why?"}], "key 'id' must be Q and a number: Q1, Q2... (found '1')"),
    ([{"id": "Q1", "question": "Why?"}, {"id": "Q1", "question": "How?"}],
     "the id 'Q1' is used by more than one question"),
    ([{"id": "Q1"}], "question Q1: key 'question' is missing"),
])
def test_a_wrong_question_is_refused_naming_the_file(tmp_path, questions, message):
    with pytest.raises(AuthoredError) as caught:
        build(_review(tmp_path, questions=questions, kpe_tor=(), finding_tor=()))
    assert "authored/terms_of_reference.yaml" in str(caught.value) and message in str(caught.value)


def test_the_findings_of_a_section_grouped_by_question_sit_under_their_first_question(tmp_path):
    silp = {"category": "A1", "statement": "Said once.", "evidence": ["KPE1"]}
    root = _review(tmp_path)
    (root / "authored" / "findings.yaml").write_text(yaml_files.safe_dump({"findings": [
        {"id": "F1", "title": "Visits were not followed up", "tor": ["Q2", "Q1"], **silp},
        {"id": "F2", "title": "Voices were not recorded", **silp}]}), encoding="utf-8")
    html = section(build(root, method="silp").html(), "findings")
    q1, q2, f1 = html.index('id="tor-Q1"'), html.index('id="tor-Q2"'), html.index('id="finding-F1"')
    assert q1 < f1 < q2 and html.count('id="finding-F1"') == 1      # under Q1, the first it answers, once
    assert 'Also answered by <a href="#finding-F1">F1</a> (under an earlier question).' in html[q2:]
    assert html.index('id="tor-none"') < html.index('id="finding-F2"')              # it answers no question


def test_the_kpes_and_findings_name_the_questions_they_answer(tmp_path):
    html = build(_review(tmp_path, finding_tor=("Q1", "Q2"))).html()
    assert '<p class="meta">Terms of reference: Q1, Q2</p>' in section(html, "findings")
    assert "· Terms of reference: Q1</p>" in section(html, "key-practice-episodes")
