"""The words of Working Together 2023 (issue 14, item 4): England has safeguarding partners, not a Board;
a Wales review's report names the regional safeguarding board; the old names (``issues_for_board``,
``fill: issues-for-board``) still read, and are never rewritten unless the file is written anyway."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

import yaml_files
from report_support import FINDING, KPE, SCIE, build, section, write_review
from reviewbench.authored import load_authored, save_findings
from reviewbench.config import load_review
from reviewbench.errors import ReviewbenchError
from reviewbench.methodology import get_methodology, methodology_root
from reviewbench.process.packs import load_pack, pack_ids
from reviewbench.workbench import Workbench
from text_files import read

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "child-t"
# "Board" as a body other than England's safeguarding partners: the NHS's and Wales' own.
ALLOWED = re.compile(r"Integrated Care Boards?|NHS Commissioning Board|regional (safeguarding )?boards?|issues[_-]for[_-]board", re.I)
BOARD = re.compile(r"\bboards?\b", re.I)
OLD_QUESTION = "How does the Board know visits are followed up?"


def _notebook_markdown(path: Path) -> str:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def _wording() -> dict[str, str]:
    """Every outline, prompt and example text a reviewer reads, by file."""
    texts = {p: p.read_text(encoding="utf-8") for p in sorted((ROOT / "methodology").glob("*/method.yaml"))}
    texts[ROOT / "methodology" / "README.md"] = (ROOT / "methodology" / "README.md").read_text(encoding="utf-8")
    texts |= {p: _notebook_markdown(p) for p in sorted((ROOT / "notebooks").glob("*.ipynb"))}
    texts |= {p: p.read_text(encoding="utf-8") for p in sorted((EXAMPLE / "authored").rglob("*"))
              if p.is_file() and p.suffix in (".md", ".yaml")}
    texts[EXAMPLE / "README.md"] = (EXAMPLE / "README.md").read_text(encoding="utf-8")
    return texts


def test_no_board_remains_in_outlines_prompts_notebooks_or_the_example():
    texts = _wording()
    assert len([p for p in texts if p.name == "method.yaml"]) >= 4 and len(texts) > 20
    found = [f"{path.relative_to(ROOT)}, line {number}: {line.strip()}"
             for path, text in texts.items() for number, line in enumerate(text.splitlines(), start=1)
             if BOARD.search(ALLOWED.sub("", line))]
    assert not found, "England has safeguarding partners, not a Board:\n" + "\n".join(found)


def test_the_scie_outline_ends_findings_in_issues_for_the_safeguarding_partners():
    scie = get_methodology(SCIE)
    section_ = next(s for s in scie.sections() if s.fill == "issues-for-partners")
    assert section_.title == "Issues for the safeguarding partners to consider"
    assert scie.findings.fields["issues_for_partners"].required


def test_every_pack_names_the_body_a_review_reports_to():
    terms = {pack_id: load_pack(pack_id).terms.partners for pack_id in pack_ids()}
    assert terms["england-wt2023"] == terms["england-wt2018"] == "the safeguarding partners"
    assert terms["wales-susr-2024"] == "the regional safeguarding board"


def _wales(root: Path) -> Path:
    config = yaml_files.safe_load((root / "review.yaml").read_text(encoding="utf-8"))
    (root / "review.yaml").write_text(yaml_files.safe_dump({**config, "jurisdiction": "wales"}, sort_keys=False),
                                      encoding="utf-8")
    return root


def test_a_wales_review_reports_to_the_regional_safeguarding_board(tmp_path):
    html = build(_wales(write_review(tmp_path / "review", kpes=[KPE], findings=[FINDING]))).html()
    issues = section(html, "issues-for-partners")
    assert "Issues for the regional safeguarding board to consider" in issues
    assert "safeguarding partners to consider" not in html
    assert "How do the safeguarding partners know visits are followed up?" in issues    # authored: as written


def test_an_england_review_reports_to_the_safeguarding_partners(tmp_path):
    html = build(write_review(tmp_path / "review", kpes=[KPE], findings=[FINDING])).html()
    assert "Issues for the safeguarding partners to consider" in section(html, "issues-for-partners")
    assert "regional safeguarding board" not in html


# -- the old names ------------------------------------------------------------------------------------
def _old_finding() -> dict:
    finding = {k: v for k, v in FINDING.items() if k != "issues_for_partners"}
    return {**finding, "issues_for_board": [OLD_QUESTION]}


def test_issues_for_board_in_findings_yaml_is_read_and_the_file_left_as_it_is(tmp_path):
    root = write_review(tmp_path / "review", kpes=[KPE], findings=[_old_finding()])
    before = (root / "authored" / "findings.yaml").read_bytes()
    html = build(root).html()
    assert f"<ul><li>{OLD_QUESTION}</li></ul>" in section(html, "issues-for-partners")
    assert (root / "authored" / "findings.yaml").read_bytes() == before


def test_a_save_writes_the_new_name_with_the_old_names_content(tmp_path):
    root = write_review(tmp_path / "review", kpes=[KPE], findings=[_old_finding()])
    authored = load_authored(load_review(root))
    edited = [f.model_copy(update={"title": "Visits were rarely followed up"}) for f in authored.findings]
    save_findings(authored, edited)
    saved = yaml_files.safe_load(read(root / "authored" / "findings.yaml"))["findings"][0]
    assert saved["issues_for_partners"] == [OLD_QUESTION] and "issues_for_board" not in saved
    assert saved["title"] == "Visits were rarely followed up"


def test_both_names_in_one_finding_keep_every_question_once(tmp_path):
    both = {**FINDING, "issues_for_board": [OLD_QUESTION, FINDING["issues_for_partners"][0]]}
    root = write_review(tmp_path / "review", kpes=[KPE], findings=[both])
    finding = load_authored(load_review(root)).findings[0]
    assert finding.extra["issues_for_partners"] == [FINDING["issues_for_partners"][0], OLD_QUESTION]
    assert "issues_for_board" not in finding.extra


def _own_method_with_old_names(root: Path) -> None:
    """The review's own copy of the SCIE method, as written before the rename."""
    text = (methodology_root() / SCIE / "method.yaml").read_text(encoding="utf-8")
    old = (text.replace("issues-for-partners", "issues-for-board").replace("issues_for_partners", "issues_for_board")
           .replace("the safeguarding partners", "the Board"))
    assert "fill: issues-for-board" in old and "issues_for_board:" in old
    (root / "methodology" / SCIE).mkdir(parents=True)
    (root / "methodology" / SCIE / "method.yaml").write_text(old, encoding="utf-8")


def test_a_method_file_with_the_old_fill_and_field_names_still_renders(tmp_path):
    root = write_review(tmp_path / "review", kpes=[KPE], findings=[_old_finding()])
    _own_method_with_old_names(root)
    method = get_methodology(SCIE, root)
    assert method.folder == root / "methodology" / SCIE
    assert "issues_for_partners" in method.findings.fields and "issues_for_partners" in method.prompts
    html = build(root).html()
    issues = section(html, "issues-for-board")            # its own section id is kept
    assert "Issues for the Board to consider" in issues and f"<li>{OLD_QUESTION}</li>" in issues


def test_a_method_file_giving_the_field_under_both_names_is_refused(tmp_path):
    root = write_review(tmp_path / "review")
    _own_method_with_old_names(root)
    path = root / "methodology" / SCIE / "method.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  fields:\n", "  fields:\n    issues_for_partners:\n      kind: text\n"
                                 "      label: Issues\n", 1), encoding="utf-8")
    with pytest.raises(ReviewbenchError, match="'issues_for_partners' is given twice, also under its old name "
                                               "'issues_for_board'"):
        get_methodology(SCIE, root)


def test_the_workbench_edits_a_finding_written_with_the_old_name_without_losing_it(built_example, tmp_path):
    root = tmp_path / "child-t"
    shutil.copytree(built_example, root)
    path = root / "authored" / "findings.yaml"
    path.write_text(read(path).replace("issues_for_partners:", "issues_for_board:"), encoding="utf-8")
    before = yaml_files.safe_load(read(path))["findings"][0]["issues_for_board"]
    wb = Workbench(root)
    finding = next(f for f in wb.findings if f.id == "F1")
    assert finding.extra["issues_for_partners"] == before
    wb.add_finding("F1", "A new title", finding.category, finding.statement, finding.evidence, replace=True,
                   **{k: v for k, v in finding.extra.items()})
    saved = yaml_files.safe_load(read(path))["findings"][0]
    assert saved["issues_for_partners"] == before and "issues_for_board" not in saved


def test_the_workbench_forms_of_a_wales_review_speak_of_the_regional_safeguarding_board(built_example, tmp_path):
    root = tmp_path / "child-t"
    shutil.copytree(built_example, root)
    assert Workbench(root).methodology.findings.fields["issues_for_partners"].label == \
        "Issues for the safeguarding partners to consider"
    wb = Workbench(_wales(root))
    assert wb.methodology.findings.fields["issues_for_partners"].label == \
        "Issues for the regional safeguarding board to consider"
    assert wb.methodology.prompts["issues_for_partners"] == \
        ["Is this an open question the regional safeguarding board can own, rather than an action for one agency?"]
