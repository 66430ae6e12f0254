"""Fixtures for the workbench tests: private copies of the example review, built once per session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLE
from reviewbench.config import load_review
from reviewbench.intake.ingest import ingest, write_ingest


@pytest.fixture(scope="session")
def built_example(tmp_path_factory) -> Path:
    """The example review with its chronology built, in a session folder (never in examples/)."""
    target = tmp_path_factory.mktemp("workbench") / "child-t"
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns("build", "workbench.ipynb"))
    result = ingest(load_review(target), progress=False)
    write_ingest(result)
    assert result.ok
    return target


@pytest.fixture
def review(built_example, tmp_path) -> Path:
    """A private copy of the built example for one test."""
    target = tmp_path / "child-t"
    shutil.copytree(built_example, target)
    return target


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")
