"""A typo in review.yaml or in a review's own overlay file is refused with the key and a suggestion.

Unknown keys used to be kept silently: ``settings: {gap_day: 14}`` loaded and the analysis
ran with the default 28. Every level of every file a reviewer writes is now strict.
"""

import re

import pytest

import yaml_files
from conftest import BASE_CONFIG, EXAMPLE, REPO, make_review
from reviewbench.authored.themes import load_themes
from reviewbench.config import load_review, review_from_mapping
from reviewbench.config_problems import problems_message, unknown_key
from reviewbench.errors import ReviewbenchError, ReviewConfigError
from reviewbench.methodology import get_methodology
from reviewbench.network.rules import interaction_rules
from reviewbench.process import current_pack, pack_rules, review_pack
from reviewbench.quality.markers import reviewer_assessments
from reviewbench.suggest import close_matches, did_you_mean
from reviewbench.vocabulary import event_kinds


def _refused(folder) -> str:
    with pytest.raises(ReviewConfigError) as err:
        load_review(folder)
    return str(err.value)


# -- the suggestion itself -------------------------------------------------------------------------

def test_did_you_mean_offers_the_nearest_name_or_nothing():
    assert did_you_mean("sorces", ["id", "sources", "settings"]) == " Did you mean 'sources'?"
    assert did_you_mean("zzz", ["id", "sources"]) == ""
    assert did_you_mean("A99", ["A9", "B1"], cutoff=0.5, aside=True) == " (did you mean 'A9'?)"
    assert did_you_mean(17, ["17-publication", "18"], cutoff=0.5) == " Did you mean '18'?"


def test_a_short_form_finds_the_long_name_when_asked_to():
    known = ["appreciative-inquiry", "rca", "scie-learning-together", "silp"]
    assert "scie-learning-together" not in close_matches("scie", known, n=3, cutoff=0.5)
    assert close_matches("scie", known, n=3, cutoff=0.5, containing=True)[0] == "scie-learning-together"
    assert did_you_mean("slip", known, n=3, cutoff=0.5, containing=True) == " Did you mean 'silp'?"


def test_an_unknown_key_with_nothing_close_lists_the_keys_to_use():
    assert unknown_key("zzz", ["start", "end"], ["scope"]) == "unknown key 'scope.zzz': use one of start, end"
    assert problems_message(["a", "b?"]) == "2 problems:\n  - a.\n  - b?"


# -- review.yaml, at every level ---------------------------------------------------------------------

@pytest.mark.parametrize("change, expected", [
    ({"sorces": [{"file": "agency_reports/police.csv"}]}, "unknown key 'sorces': did you mean 'sources'?"),
    ({"jurisdicton": "wales"}, "unknown key 'jurisdicton': did you mean 'jurisdiction'?"),
    ({"settings": {"gap_day": 14}}, "unknown key 'settings.gap_day': did you mean 'gap_days'?"),
    ({"settings": {"referral_response_day": 3}},
     "unknown key 'settings.referral_response_day': did you mean 'referral_response_days'?"),
    ({"scope": {"start": "2022-01-01", "end": "2022-12-31", "ends": "2023-01-01"}},
     "unknown key 'scope.ends': did you mean 'end'?"),
    ({"agencies": [*BASE_CONFIG["agencies"], {"name": "Housing", "alises": ["HSG"]}]},
     f"unknown key 'agencies.{len(BASE_CONFIG['agencies'])}.alises': did you mean 'aliases'?"),
    ({"sources": [{"file": "agency_reports/police.csv", "agncy": "Police"}]},
     "unknown key 'sources.0.agncy': did you mean 'agency'?"),
    ({"dates": {"notifcation": "2022-03-01"}}, "unknown key 'dates.notifcation': did you mean 'notification'?"),
])
def test_a_typo_in_review_yaml_is_refused_with_a_suggestion(tmp_path, change, expected):
    message = _refused(make_review(tmp_path / "r", **change))
    assert f"review.yaml: {expected}" in message
    assert "See the README section 'review.yaml'" in message


def test_a_misspelt_required_key_is_named_twice_one_problem_a_line(tmp_path):
    message = _refused(make_review(tmp_path / "r", scope={"start": "2022-01-01", "edn": "2022-12-31"}))
    assert "review.yaml: 2 problems:\n" in message
    assert "  - key 'scope.end' is missing.\n" in message
    assert "  - unknown key 'scope.edn': did you mean 'end'?" in message


def test_an_unknown_key_with_nothing_close_says_which_keys_there_are(tmp_path):
    message = _refused(make_review(tmp_path / "r", colour_scheme="pastel"))
    assert "unknown key 'colour_scheme': use one of id, title, methodology, scale, scope, agencies, sources, " \
           "settings, dates, jurisdiction" in message
    assert "root" not in message.split("use one of")[1]          # the folder is not a key


def test_root_is_not_a_key_of_review_yaml(tmp_path):
    with pytest.raises(ReviewConfigError, match="unknown key 'root'"):
        review_from_mapping({**BASE_CONFIG, "root": "/elsewhere"}, tmp_path)


def test_every_key_the_readme_and_the_example_show_is_valid(tmp_path):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### review.yaml"):]
    block = re.search(r"```yaml\n(.*?)```", section, re.S).group(1)
    review = review_from_mapping(yaml_files.safe_load(block), tmp_path)
    assert review.settings.gap_days == 28 and review.dates.aware is not None and review.sources[1].exclude
    assert review_pack(review).settings["rapid_review_anchor"].value == review.process.settings["rapid_review_anchor"]
    assert review.process.decision.criteria and review.process.records["notification"].to
    assert load_review(EXAMPLE).settings.referral_response_days == 7


# -- the review's own overlay files ------------------------------------------------------------------

@pytest.fixture
def folder(tmp_path):
    return make_review(tmp_path / "r")


def _write(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(data if isinstance(data, str) else yaml_files.safe_dump(data, sort_keys=False), encoding="utf-8")


@pytest.mark.parametrize("data, where, expected", [
    ({"kind": [{"id": "x"}]}, "event_kinds.yaml", "unknown key 'kind': did you mean 'kinds'?"),
    ({"kinds": [{"id": "visit", "lable": "Visit", "patterns": ["visit"]}]}, "event_kinds.yaml, kinds item 1",
     "unknown key 'lable': did you mean 'label'?"),
])
def test_a_typo_in_event_kinds_is_refused(folder, data, where, expected):
    _write(folder / "event_kinds.yaml", data)
    with pytest.raises(ReviewConfigError) as err:
        event_kinds(folder)
    assert f"{where}: {expected}" in str(err.value)


@pytest.mark.parametrize("data, where, expected", [
    ({"concerns": {"patterns": ["worried"]}}, "interaction_rules.yaml",
     "unknown key 'concerns': did you mean 'concern'?"),
    ({"concern": {"pattern": ["worried"]}}, "interaction_rules.yaml",
     "unknown key 'concern.pattern': did you mean 'patterns'?"),
    ({"cues": [{"id": "tasked-by", "pattern": "tasked by", "directon": "incoming"}]},
     "interaction_rules.yaml, cues item 1", "unknown key 'directon': did you mean 'direction'?"),
    ({"event_kinds": {"home-visit": {"kind": "contact", "directon": "outgoing"}}},
     "interaction_rules.yaml, event_kinds 'home-visit'", "unknown key 'directon': did you mean 'direction'?"),
])
def test_a_typo_in_interaction_rules_is_refused(folder, data, where, expected):
    _write(folder / "interaction_rules.yaml", data)
    with pytest.raises(ReviewConfigError) as err:
        interaction_rules(folder)
    assert f"{where}: {expected}" in str(err.value)


@pytest.mark.parametrize("data, where, expected", [
    ({"grups": []}, "themes.yaml", "unknown key 'grups': did you mean 'groups'?"),
    ({"groups": [{"id": "L", "lable": "Local", "themes": []}]}, "themes.yaml, group 1",
     "unknown key 'lable': did you mean 'label'?"),
    ({"groups": [{"id": "L", "themes": [{"id": "L1", "label": "Neglect", "descripton": "x"}]}]},
     "themes.yaml, group 1 (L), theme 1", "unknown key 'descripton': did you mean 'description'?"),
])
def test_a_typo_in_themes_is_refused(folder, data, where, expected):
    _write(folder / "themes.yaml", data)
    with pytest.raises(ReviewConfigError) as err:
        load_themes(folder)
    assert f"{where}: {expected}" in str(err.value)


@pytest.mark.parametrize("data, expected", [
    ({"rule": [{"id": "notification", "amount": 3}]}, "unknown key 'rule': did you mean 'rules'?"),
    ({"rules": [{"id": "notification", "amout": 3}]},
     "unknown key 'rules.notification.amout': did you mean 'amount'?"),
    ({"rules": [{"id": "notification", "form": "aware"}]},
     "unknown key 'rules.notification.form': did you mean 'from'?"),
])
def test_a_typo_in_timescales_is_refused(folder, data, expected):
    _write(folder / "timescales.yaml", data)
    with pytest.raises(ReviewConfigError) as err:
        pack_rules(current_pack("england"), folder)
    assert f"timescales.yaml: {expected}" in str(err.value)


@pytest.mark.parametrize("text, expected", [
    ("13-analysis: {status: partly, evidnce: Hindsight addressed.}\n",
     "unknown key '13-analysis.evidnce': did you mean 'evidence'?"),
    ("markers:\n  13: met\nmarker_notes: draft\n", "unknown key 'marker_notes': did you mean 'markers'?"),
    ("13-analyis: met\n", "key '13-analyis' is not a quality marker. Did you mean '13-analysis'?"),
])
def test_a_typo_in_the_quality_assessment_is_refused(folder, text, expected):
    _write(folder / "authored" / "quality.yaml", text)
    with pytest.raises(ReviewConfigError) as err:
        reviewer_assessments(load_review(folder))
    assert f"quality.yaml: {expected}" in str(err.value)


def test_a_typo_in_a_method_file_is_refused_with_a_suggestion(tmp_path):
    data = yaml_files.safe_load((get_methodology("rca").folder / "method.yaml").read_text(encoding="utf-8"))
    data.update(id="local-rca", sumary="A local variant.")
    data["outline"][0]["tittle"] = data["outline"][0].pop("title")
    _write(tmp_path / "methodology" / "local-rca" / "method.yaml", data)
    with pytest.raises(ReviewbenchError) as err:
        get_methodology("local-rca", tmp_path)
    message = str(err.value)
    assert "method.yaml: 3 problems:" in message
    assert "unknown key 'sumary': did you mean 'summary'?" in message
    assert "key 'outline.0.title' is missing." in message
    assert "unknown key 'outline.0.tittle': did you mean 'title'?" in message
