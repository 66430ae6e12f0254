"""Rules packs as cited data: every rule cited, a review's pack named or defaulted (with a note for a
review begun under an older edition), and the new review.yaml sections refusing what they do not know."""

from __future__ import annotations

import pytest

import yaml_files
from conftest import make_review
from reviewbench.config import DATE_KEYS, load_review
from reviewbench.errors import ReviewConfigError
from reviewbench.process import current_pack, load_pack, pack_ids, review_pack, review_timescales

PACKS = pack_ids()


def test_the_three_packs_ship_and_one_is_current_per_jurisdiction():
    assert {"england-wt2023", "england-wt2018", "wales-susr-2024"} <= set(PACKS)
    assert current_pack("england").id == "england-wt2023" and current_pack("wales").id == "wales-susr-2024"
    old = load_pack("england-wt2018")
    assert old.superseded_by == "england-wt2023" and old.effective < current_pack("england").effective


@pytest.mark.parametrize("pack_id", PACKS)
def test_every_rule_criterion_and_setting_choice_of_every_pack_has_a_citation(pack_id):
    pack = load_pack(pack_id)
    cited = [(f"rule {r.id}", r.citation) for r in pack.rules]
    cited += [(f"criterion {k}", c.citation) for k, c in pack.criteria.items()]
    cited += [(f"setting {k}={n}", c.citation) for k, s in pack.settings.items() for n, c in s.choices.items()]
    assert cited
    for what, citation in cited:
        assert citation is not None and citation.section, f"{pack_id}: {what} cites no chapter, paragraph or section"
        assert citation.source in pack.sources or citation.document, f"{pack_id}: {what} names no document"
        assert pack.cite(citation).startswith((pack.sources[citation.source].title if citation.source else "?"))
    for rule in pack.rules:                       # a clock of the pack counts from a review date
        assert rule.from_ in DATE_KEYS or rule.setting in pack.settings
        assert rule.actual in DATE_KEYS
        assert rule.amount is not None or not rule.confirmed, f"{pack_id}: {rule.id} is confirmed with no figure"


def test_the_wales_pack_has_no_english_panel_rule_and_marks_its_figures_unconfirmed():
    wales = load_pack("wales-susr-2024")
    text = " ".join(f"{r.id} {r.label}" for r in wales.rules).lower()
    assert "panel" not in text and "rapid" not in text and "secretary of state" not in text
    assert wales.rules and not any(r.confirmed for r in wales.rules)
    assert all(r.citation.source == "susr" for r in wales.rules)


def test_an_unknown_pack_is_refused_with_the_nearest_one(tmp_path):
    folder = make_review(tmp_path / "r", process={"pack": "england-wt2032"})
    with pytest.raises(ReviewConfigError) as err:
        review_timescales(load_review(folder))
    assert "process.pack" in str(err.value) and "did you mean 'england-wt2023'?" in str(err.value).lower()
    assert err.value.key == "process.pack"


def test_a_pack_of_another_jurisdiction_is_refused(tmp_path):
    folder = make_review(tmp_path / "r", jurisdiction="wales", process={"pack": "england-wt2023"})
    with pytest.raises(ReviewConfigError, match="is for England, but the review's jurisdiction is wales.*wales-susr"):
        review_pack(load_review(folder))


def test_a_review_begun_under_2018_keeps_the_current_pack_unless_it_names_the_old_one(tmp_path):
    dates = {"aware": "2023-06-19", "decision": "2023-07-12"}
    unnamed = review_pack(load_review(make_review(tmp_path / "a", dates=dates)))
    assert unnamed.pack.id == "england-wt2023" and not unnamed.named
    assert "19 June 2023" in unnamed.notes[0] and "process: {pack: england-wt2018}" in unnamed.notes[0]
    pinned = review_pack(load_review(make_review(tmp_path / "b", dates=dates, process={"pack": "england-wt2018"})))
    assert pinned.pack.id == "england-wt2018" and pinned.named and "superseded by england-wt2023" in pinned.notes[0]
    items = review_timescales(load_review(make_review(tmp_path / "c", dates=dates,
                                                      process={"pack": "england-wt2018"})))
    assert all("Working Together to Safeguard Children 2018" in t.basis for t in items)
    recent = review_pack(load_review(make_review(tmp_path / "d", dates={"aware": "2024-02-01"})))
    assert recent.notes == []


def test_an_old_review_yaml_with_only_dates_still_loads_and_gets_the_current_pack(tmp_path):
    folder = make_review(tmp_path / "r", dates={"incident": "2024-05-01", "aware": "2024-05-02",
                                                "notification": "2024-05-03", "rapid_review": "2024-05-20",
                                                "decision": "2024-05-20", "start": "2024-06-01",
                                                "target_completion": "2024-11-20", "completion": None,
                                                "publication": None})
    review = load_review(folder)
    assert review.process.pack is None and review_pack(review).pack.id == "england-wt2023"
    assert {t.id: t.status for t in review_timescales(review)}["notification"] == "met"


@pytest.mark.parametrize("process, words", [
    ({"pakc": "england-wt2023"}, "unknown key 'process.pakc': did you mean 'pack'?"),
    ({"looked_afer": True}, "unknown key 'process.looked_afer': did you mean 'looked_after'?"),
    ({"decision": {"by": "partners", "critera": ["serious_case"]}},
     "unknown key 'process.decision.critera': did you mean 'criteria'?"),
    ({"records": {"notification": {"bye": "CSC"}}}, "unknown key 'process.records.notification.bye': "
                                                    "did you mean 'by'?"),
    ({"records": {"notifcation": {"by": "CSC"}}}, "'notifcation' is not a stage under 'dates': "
                                                  "did you mean 'notification'?"),
    ({"decision": {"outcome": "local review"}}, "process.decision.outcome"),
])
def test_unknown_keys_in_process_are_refused_with_a_suggestion(tmp_path, process, words):
    with pytest.raises(ReviewConfigError) as err:
        load_review(make_review(tmp_path / "r", process=process))
    assert words in str(err.value)


@pytest.mark.parametrize("process, words", [
    ({"settings": {"rapid_review_ancor": "aware"}},
     "unknown setting 'process.settings.rapid_review_ancor': did you mean 'rapid_review_anchor'?"),
    ({"settings": {"rapid_review_anchor": "notified"}},
     "'notified' is not a choice of the pack england-wt2023. Did you mean 'notification'?"),
    ({"decision": {"criteria": ["serious-case"]}},
     "'serious-case' is not a criterion of the pack england-wt2023. Did you mean 'serious_case'?"),
])
def test_settings_and_criteria_unknown_to_the_pack_are_refused_with_a_suggestion(tmp_path, process, words):
    review = load_review(make_review(tmp_path / "r", process=process))
    with pytest.raises(ReviewConfigError) as err:
        review_timescales(review)
    assert words in str(err.value) and "review.yaml" in str(err.value)


def test_a_review_rule_citing_a_source_the_pack_lacks_is_refused(tmp_path):
    folder = make_review(tmp_path / "r")
    (folder / "timescales.yaml").write_text(yaml_files.safe_dump({"rules": [
        {"id": "notification", "citation": {"source": "wt2032", "section": "5"}}]}), encoding="utf-8")
    with pytest.raises(ReviewConfigError, match="cites the source 'wt2032'.*Did you mean 'wt2023'"):
        review_timescales(load_review(folder))
