"""Small review folders with an action plan, for the tests of authored/actions.yaml and of the agencies'
returns (plain helpers; the fixtures are in conftest.py). Every name in them is invented."""

from __future__ import annotations

from pathlib import Path

import yaml_files
from conftest import make_review

RECOMMENDATIONS = {"recommendations": [
    {"id": "R1", "text": "Screening shows every previous contact (FICTIONAL)."},
    {"id": "R2", "text": "Notifications are reconciled every day (FICTIONAL)."}]}

ACTIONS = [
    {"id": "A1", "recommendation": "R1", "owner_agency": "Children's Social Care", "lead_role": "Head of MASH",
     "due": "2025-06-30", "success_criteria": "A dip sample shows every contact.",
     "status_history": [{"date": "2024-03-01", "status": "on-track", "by": "Head of MASH"}]},
    {"id": "A2", "recommendation": "R1", "owner_agency": "Children's Social Care", "lead_role": "Team manager",
     "due": "2026-06-30", "status_history": [
         {"date": "2024-03-01", "status": "complete", "by": "Team manager"},
         {"date": "2024-09-01", "status": "evidenced", "by": "Business unit"}],
     "evidence": [{"date": "2024-08-20", "kind": "audit", "summary": "20 of 20 records complete."}]},
    {"id": "P1", "recommendation": "R2", "owner_agency": "Police", "lead_role": "Detective Inspector",
     "due": "2025-01-31"},
]


def plan_review(root: Path, actions: list[dict] | None = None, **overrides) -> Path:
    """A review (begun 1 January 2024) with two recommendations and ``actions`` (default: :data:`ACTIONS`)."""
    folder = make_review(root, dates={"start": "2024-01-01"}, **overrides)
    authored = folder / "authored"
    (authored / "recommendations.yaml").write_text(yaml_files.safe_dump(RECOMMENDATIONS, sort_keys=False), encoding="utf-8")
    write_actions(folder, ACTIONS if actions is None else actions)
    return folder


def write_actions(folder: Path, actions: list[dict]) -> Path:
    path = folder / "authored" / "actions.yaml"
    path.write_text(yaml_files.safe_dump({"actions": actions}, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path
