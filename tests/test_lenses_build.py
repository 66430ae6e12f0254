"""``reviewbench lenses``: build/analysis/ written by the build use case, current or stale like the
network, in the manifest, re-created and compared by ``verify``."""

from __future__ import annotations

import json
import os
import shutil

import pytest

import yaml_files
from reviewbench.build import run_ingest, run_lenses
from reviewbench.cli import main
from reviewbench.config import load_review
from reviewbench.errors import StaleBuildError
from reviewbench.provenance.manifest import read_manifest
from reviewbench.stages import stale_stages
from reviewbench.verify import verify_review


@pytest.fixture
def lensed(lensed_copy):
    """A private copy of the built example with its lenses run."""
    return lensed_copy


def _stale(folder) -> list[str]:
    """The stale stages but the network, which the example's build (an ingest) never had."""
    return [s for s in stale_stages(load_review(folder), with_lenses=True) if s != "graph"]


def test_the_lenses_are_written_and_recorded_in_the_manifest(lensed):
    analysis = lensed / "build" / "analysis"
    assert sorted(p.name for p in analysis.iterdir()) == ["accounts.csv", "adults.csv", "lenses.json", "meetings.csv",
                                                          "procedures.csv", "signals.csv", "voice.csv"]
    manifest = read_manifest(lensed)
    assert {"build/analysis/voice.csv", "build/analysis/adults.csv", "build/analysis/accounts.csv",
            "build/analysis/meetings.csv", "build/analysis/procedures.csv", "build/analysis/signals.csv",
            "build/analysis/lenses.json"} <= \
        {o["path"] for o in manifest["outputs"]}
    assert "lenses" in manifest["steps"]
    summary = json.loads((analysis / "lenses.json").read_text(encoding="utf-8"))
    assert summary["lenses"]["voice"]["rows"] == len((analysis / "voice.csv").read_text().splitlines()) - 1
    assert summary["settings"] == {"voice_next_days": 7, "meeting_known_days": 28, "plan_visit_working_days": 10,
                                   "not_seen_escalation_count": 2, "not_seen_escalation_working_days": 5}
    assert not [p for p in analysis.iterdir() if p.name.startswith(".")]       # no staging file left behind


@pytest.mark.slow
def test_the_lenses_are_current_until_the_register_or_their_rules_change(lensed):
    assert _stale(lensed) == []
    register = lensed / "private" / "names.yaml"
    data = yaml_files.safe_load(register.read_text(encoding="utf-8"))
    data["people"].append({"name": "Dean Exemplum", "pseudonym": "T's father", "relationship": "father"})
    register.write_text(yaml_files.safe_dump(data), encoding="utf-8")
    assert _stale(lensed) == ["lenses"]                     # the chronology and network stay current
    assert "lenses" not in stale_stages(load_review(lensed))   # nothing else asks for the lenses
    result = run_lenses(lensed)
    assert "T's father" not in set(result.tables["adults"]["adult"])          # now a registered row, "Dean Exemplum"
    assert _stale(lensed) == []
    (lensed / "lens_rules.yaml").write_text("voice:\n  infant_months: 12\n", encoding="utf-8")
    assert _stale(lensed) == ["lenses"]


def test_a_lens_setting_reruns_the_lenses_only(lensed):
    config = yaml_files.safe_load((lensed / "review.yaml").read_text(encoding="utf-8"))
    config["settings"]["voice_next_days"] = 14
    (lensed / "review.yaml").write_text(yaml_files.safe_dump(config, sort_keys=False), encoding="utf-8")
    assert _stale(lensed) == ["lenses"]


def test_a_new_chronology_makes_the_lenses_stale_and_they_refuse_to_run_on_it(lensed):
    report = next((lensed / "agency_reports").glob("*.csv"))
    report.write_bytes(report.read_bytes() + b"\n")        # whatever its encoding (one is Windows-1252)
    os.utime(report)
    assert "lenses" in _stale(lensed)
    with pytest.raises(StaleBuildError, match="run 'reviewbench ingest' first"):
        run_lenses(lensed)


@pytest.mark.slow
def test_a_failed_ingest_removes_the_lenses_of_the_old_chronology(lensed):
    (lensed / "agency_reports" / "broken.xlsx").write_bytes(b"not a workbook")
    result = run_ingest(lensed, progress=False)
    assert not result.ok and "analysis/" in result.discarded
    assert not (lensed / "build" / "analysis").exists()
    assert "lenses" not in (read_manifest(lensed)["steps"])


@pytest.mark.slow
def test_verify_recreates_the_lenses_and_names_a_changed_row(lensed):
    result = verify_review(lensed)
    assert result.ok, result.messages
    assert {"analysis/voice.csv", "analysis/adults.csv", "analysis/accounts.csv", "analysis/meetings.csv",
            "analysis/procedures.csv", "analysis/signals.csv",
            "analysis/lenses.json"} <= \
        set(result.compared)
    voice = lensed / "build" / "analysis" / "voice.csv"
    voice.write_text(voice.read_text(encoding="utf-8").replace("Lee shouts", "Lee sings"), encoding="utf-8")
    result = verify_review(lensed)
    assert any("analysis/voice.csv" in p for p in result.problems)


@pytest.mark.slow
def test_the_command_line_runs_the_lenses_and_says_where_they_are(lensed, capsys):
    assert main(["lenses", str(lensed)]) == 0
    out = capsys.readouterr().out
    assert "voice: 10 rows" in out and "adults: 4 rows" in out
    assert f"Lenses: {lensed / 'build' / 'analysis'}" in out


def test_the_command_line_before_any_ingest_says_what_to_run(example_copy, capsys):
    shutil.rmtree(example_copy / "build", ignore_errors=True)
    assert main(["lenses", str(example_copy)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Problem:") and "'reviewbench ingest' first" in err
