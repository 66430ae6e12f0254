"""The command line end to end, as a reviewer and a quality checker use it on the example."""

import json

import pytest

from reviewbench.cli import main


@pytest.mark.kernel                  # the example rendered once per worker (conftest)
def test_every_step_is_recorded_in_the_manifest(rendered_example):
    manifest = json.loads((rendered_example / "build" / "manifest.json").read_text())
    assert set(manifest["steps"]) >= {"ingest", "graph", "render", "check"}
    outputs = {o["path"] for o in manifest["outputs"]}
    assert {f"build/{name}" for name in ("chronology.csv", "network/metrics.json", "report.html", "report.docx",
                                         "quality.json")} <= outputs


@pytest.mark.slow                    # the network drawn
def test_graph_prints_its_findings_and_where_they_are(review, capsys):
    assert main(["graph", str(review), "--start", "2023-01-01", "--end", "2023-06-30"]) == 0
    out = capsys.readouterr().out
    assert "Between 1 January 2023 and 30 June 2023" in out
    assert (review / "build" / "network" / "2023-01-01_to_2023-06-30" / "metrics.json").exists()
    assert main(["graph", str(review), "--start", "1st Jan"]) == 1
    assert "YYYY-MM-DD" in capsys.readouterr().err


@pytest.mark.slow
def test_verify_passes_then_names_a_changed_submission(review, capsys):
    # the chronology alone (conftest's built example): verify re-runs what the build has, and a full build's
    # re-run through the command line is test_render_methodologies.py's
    assert main(["verify", str(review)]) == 0
    assert "Verified" in capsys.readouterr().out
    police = review / "agency_reports" / "police_occurrences.csv"
    police.write_bytes(police.read_bytes().replace(b"PPN", b"PPX", 1))
    assert main(["verify", str(review)]) == 1
    assert "agency_reports/police_occurrences.csv" in capsys.readouterr().out


@pytest.mark.slow                    # an ingest and a network, twice
def test_render_reuses_what_ingest_and_graph_just_built(example_copy):
    from reviewbench.build import ensure_built
    folder = example_copy
    assert main(["ingest", str(folder)]) == 0
    assert main(["graph", str(folder)]) == 0
    # what render runs before its notebooks (test_render.py shows render reporting what this returns)
    assert ensure_built(folder) == (False, False)
    assert main(["ingest", str(folder)]) == 0          # a new ingest: the network must be redone
    assert ensure_built(folder) == (False, True)
    assert ensure_built(folder) == (False, False)
