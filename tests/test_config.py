"""review.yaml is validated on load; every error names the key and what is expected."""

import pytest

import yaml_files
from conftest import BASE_CONFIG, make_review
from reviewbench.config import load_review
from reviewbench.errors import ReviewConfigError


def _write(folder, data):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "review.yaml").write_text(yaml_files.safe_dump(data), encoding="utf-8")
    return folder


def test_valid_review_loads_with_typed_values(review_dir):
    review = load_review(review_dir)
    assert review.scope.start.isoformat() == "2022-01-01"
    assert review.agency_named("mash").name == "Children's Social Care"
    assert review.agency_named("Social-Care").name == "Children's Social Care"
    assert review.settings.referral_response_days == 7
    assert review.root == review_dir.resolve()


@pytest.mark.parametrize("change, words", [
    ({"scope": None}, ["scope"]),
    ({"scope": {"start": "2022-01-01"}}, ["scope.end", "missing"]),
    ({"scope": {"start": "2022-13-01", "end": "2023-01-01"}}, ["scope.start"]),
    ({"scope": {"start": "2023-01-01", "end": "2022-01-01"}}, ["scope", "before start"]),
    ({"agencies": []}, ["agencies"]),
    ({"agencies": [{"aliases": ["x"]}]}, ["agencies.0.name", "missing"]),
    ({"agencies": [{"name": "A", "alias": ["x"]}]}, ["unknown key 'agencies.0.alias': did you mean 'aliases'?"]),
    ({"agencies": [{"name": "A", "aliases": ["X"]}, {"name": "B", "aliases": ["x"]}]}, ["unique"]),
    ({"id": "Child T!"}, ["id"]),
    ({"sources": [{"file": "a.csv", "columns": {"dat": "Date"}}]}, ["sources.0.columns", "'dat' is not a column key: did you mean 'date'?"]),
    ({"settings": {"referral_response_days": -1}}, ["settings.referral_response_days"]),
])
def test_invalid_keys_are_named(tmp_path, change, words):
    data = {**BASE_CONFIG, **change}
    data = {k: v for k, v in data.items() if v is not None}
    with pytest.raises(ReviewConfigError) as err:
        load_review(_write(tmp_path / "r", data))
    for word in words:
        assert word in str(err.value)
    assert "review.yaml" in str(err.value)


def test_missing_review_yaml_says_how_to_create_one(tmp_path):
    with pytest.raises(ReviewConfigError, match="reviewbench new"):
        load_review(tmp_path)


def test_broken_yaml_names_the_line(tmp_path):
    (tmp_path / "review.yaml").write_text("id: x\ntitle: [unclosed\n", encoding="utf-8")
    with pytest.raises(ReviewConfigError, match="line"):
        load_review(tmp_path)


def test_a_date_that_is_no_day_of_the_calendar_is_named_with_its_line_not_taken_for_a_bug(tmp_path):
    """PyYAML reads an unquoted 2024-02-30 as a date and raises a bare ValueError: every reader of YAML gets
    a sentence with the line instead (yamlio)."""
    (tmp_path / "review.yaml").write_text("id: x\ntitle: T\nscope:\n  start: 2024-02-30\n", encoding="utf-8")
    with pytest.raises(ReviewConfigError) as caught:
        load_review(tmp_path)
    assert "at line 4, column 10: '2024-02-30' is not a day of the calendar" in str(caught.value)
    assert caught.value.file.endswith("review.yaml")


def test_sources_are_found_by_relative_path(tmp_path):
    folder = make_review(tmp_path / "r", sources=[{"file": "./agency_reports/p.csv", "agency": "Police"}])
    review = load_review(folder)
    assert review.source_for("agency_reports/p.csv").agency == "Police"
    assert review.source_for("agency_reports/other.csv") is None
