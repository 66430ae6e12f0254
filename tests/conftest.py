"""Shared fixtures: small review folders made in tmp_path."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "child-t"

BASE_CONFIG = {
    "id": "test-review",
    "title": "Test Review (fictional)",
    "methodology": "scie-learning-together",
    "scope": {"start": "2022-01-01", "end": "2022-12-31"},
    "agencies": [
        {"name": "Children's Social Care", "code": "CSC", "aliases": ["CSC", "MASH", "social care"]},
        {"name": "Police", "code": "POL", "aliases": ["constabulary"]},
        {"name": "Health Visiting", "code": "HV", "aliases": ["HV", "health visitor"]},
        {"name": "School", "code": "SCH", "aliases": ["Brookfield Primary"]},
        {"name": "GP", "code": "GP", "aliases": ["Riverside Medical Practice"]},
    ],
}


def make_review(root: Path, **overrides) -> Path:
    """A review folder with review.yaml and empty workspace folders."""
    config = {**BASE_CONFIG, **overrides}
    for name in ("agency_reports", "authored", "private"):
        (root / name).mkdir(parents=True, exist_ok=True)
    (root / "review.yaml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return root


@pytest.fixture
def review_dir(tmp_path: Path) -> Path:
    return make_review(tmp_path / "review")


@pytest.fixture
def example_copy(tmp_path: Path) -> Path:
    """A private copy of the bundled example review (without any build/)."""
    target = tmp_path / "child-t"
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns("build"))
    return target
