"""Rendering the example with another methodology than review.yaml's, and ``demo --all``: each draft in
build/methodologies/<id>/, the review's own report left alone (verify re-rendering such a draft is in
test_render.py)."""

from __future__ import annotations

import json

import pytest

from reviewbench import cli, workspace
from reviewbench.cli import main
from reviewbench.hashing import file_sha256
from reviewbench.methodology import list_methodologies


@pytest.mark.kernel
@pytest.mark.slow
def test_render_with_another_methodology_writes_its_own_folder(rendered_copy, capsys):
    build = rendered_copy / "build"
    own = {name: file_sha256(build / name) for name in ("report.html", "report.docx")}
    assert main(["render", str(rendered_copy), "--methodology", "seips"]) == 0
    folder = build / "methodologies" / "seips"
    assert f"Report: {folder / 'report.html'}" in capsys.readouterr().out
    html = (folder / "report.html").read_text(encoding="utf-8")
    assert "Systems-based learning review (SEIPS): draft report" in html and 'id="figure-work-system"' in html
    assert (folder / "report.docx").stat().st_size > 10_000
    assert (folder / "notebooks" / "report.ipynb").is_file()
    figure = folder / "figures" / "figure-work-system.png"
    assert figure.read_bytes().startswith(b"\x89PNG")
    assert {name: file_sha256(build / name) for name in own} == own          # the review's report is untouched
    assert not (build / "figures").exists()                                   # SCIE draws no authored figure
    steps = json.loads((build / "manifest.json").read_text(encoding="utf-8"))["steps"]
    assert steps["render:seips"]["methodology"] == "seips" and "render" in steps
    assert main(["render", str(rendered_copy), "--methodology", "seips", "--publish"]) == 1
    assert "the public edition is rendered with the review's own methodology" in capsys.readouterr().err
    # verify re-renders such a draft: test_render.py's test of verify


@pytest.mark.kernel
@pytest.mark.slow
def test_demo_all_renders_the_example_with_every_methodology_and_lists_where(tmp_path, monkeypatch, capsys):
    from conftest import copy_example_portfolio
    portfolio = copy_example_portfolio(tmp_path)          # the demo's second part builds it: the copies, beside
    folder = tmp_path / "child-t"                         # each other as in examples/
    monkeypatch.setattr(workspace, "example_review", lambda: folder)
    monkeypatch.setattr(workspace, "example_portfolio", lambda: portfolio)
    status = cli.main(["demo", "--all"])
    out = capsys.readouterr().out
    table = out.split("The example rendered with each methodology", 1)[1].splitlines()[1:]
    rows = {line.split()[0]: line for line in table if line.strip()}
    assert sorted(rows) == list_methodologies()
    assert str(folder / "build" / "report.html") in rows["scie-learning-together"]
    # Each methodology the example has authored content for renders (a variant, or review.yaml's own).
    with_content = {p.name for p in (folder / "authored" / "methodologies").iterdir()} | {"scie-learning-together",
                                                                                         "rapid-review"}
    for method_id in with_content:
        if method_id == "scie-learning-together":
            continue
        report = folder / "build" / "methodologies" / method_id / "report.html"
        assert str(report) in rows[method_id] and report.stat().st_size > 20_000, method_id
    assert status == (0 if set(rows) <= with_content else 1)
