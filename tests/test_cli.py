"""The command line end to end, as a reviewer and a quality checker use it on the example."""

import json

import pytest

from reviewbench import cli, workspace
from reviewbench.cli import main

pytestmark = pytest.mark.kernel      # every test renders, through the fixture or itself


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    import shutil

    from conftest import EXAMPLE
    folder = tmp_path_factory.mktemp("cli") / "child-t"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("build"))
    for verb in ("ingest", "graph", "render", "check"):
        assert main([verb, str(folder)]) == 0, verb
    return folder


def test_every_step_is_recorded_in_the_manifest(built):
    manifest = json.loads((built / "build" / "manifest.json").read_text())
    assert set(manifest["steps"]) >= {"ingest", "graph", "render", "check"}
    outputs = {o["path"] for o in manifest["outputs"]}
    assert {f"build/{name}" for name in ("chronology.csv", "network/metrics.json", "report.html", "report.docx",
                                         "quality.json")} <= outputs


def test_graph_prints_its_findings_and_where_they_are(built, capsys):
    assert main(["graph", str(built), "--start", "2023-01-01", "--end", "2023-06-30"]) == 0
    out = capsys.readouterr().out
    assert "Between 1 January 2023 and 30 June 2023" in out
    assert (built / "build" / "network" / "2023-01-01_to_2023-06-30" / "metrics.json").exists()
    assert main(["graph", str(built), "--start", "1st Jan"]) == 1
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_verify_passes_then_names_a_changed_submission(built, tmp_path, capsys):
    import shutil
    copy = tmp_path / "copy"
    shutil.copytree(built, copy)
    assert main(["verify", str(copy)]) == 0
    assert "Verified" in capsys.readouterr().out
    police = copy / "agency_reports" / "police_occurrences.csv"
    police.write_bytes(police.read_bytes().replace(b"PPN", b"PPX", 1))
    assert main(["verify", str(copy)]) == 1
    assert "agency_reports/police_occurrences.csv" in capsys.readouterr().out


def test_demo_builds_chronology_network_and_report(tmp_path, monkeypatch, capsys):
    import shutil

    from conftest import EXAMPLE
    folder = tmp_path / "child-t"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("build"))
    monkeypatch.setattr(workspace, "example_review", lambda: folder)
    assert cli.main(["demo"]) == 0
    out = capsys.readouterr().out
    for name in ("chronology.xlsx", "ingest_report.md", "network", "report.html", "report.docx"):
        assert str(folder / "build" / name) in out


def test_render_reuses_what_ingest_and_graph_just_built(tmp_path):
    import shutil

    from conftest import EXAMPLE
    from reviewbench.build import run_render
    folder = tmp_path / "child-t"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("build"))
    assert main(["ingest", str(folder)]) == 0
    assert main(["graph", str(folder)]) == 0
    result = run_render(folder)
    assert (result.ingested, result.graphed) == (False, False)
    assert main(["ingest", str(folder)]) == 0          # a new ingest: the network must be redone
    result = run_render(folder)
    assert (result.ingested, result.graphed) == (False, True)
