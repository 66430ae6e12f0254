"""A review and its overlays load once into one typed object that is passed down (issue 10): the
event kinds, interaction rules, timescales, themes and names register of a review are read the
first time a step asks for them and kept with the loaded Review, so one command reads each once."""

from __future__ import annotations

import pytest

from reviewbench import register as register_module
from reviewbench import vocabulary
from reviewbench.build import run_check, run_graph, run_ingest
from reviewbench.config import as_review, load_review
from reviewbench.errors import ReviewConfigError
from reviewbench.intake import ingest as ingest_module
from reviewbench.network import reading as network_reading
from reviewbench.network.rules import RULES_FILE, interaction_rules
from reviewbench.publication.names import review_register
from reviewbench.register import register_data
from reviewbench.vocabulary import EVENT_KINDS_FILE, event_kinds


def _counting(monkeypatch, modules, name):
    """Count the calls of the loader ``name`` wherever the modules imported it (it still runs)."""
    calls = []
    original = getattr(modules[0], name)

    def counted(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)
    for module in modules:
        monkeypatch.setattr(module, name, counted)
    return calls


def test_an_overlay_is_read_once_per_loaded_review_and_again_by_a_fresh_load(review):
    loaded = load_review(review)
    kinds = loaded.overlay(EVENT_KINDS_FILE, event_kinds)
    (review / EVENT_KINDS_FILE).write_text("kinds: [{label: no id}]\n", encoding="utf-8")
    assert loaded.overlay(EVENT_KINDS_FILE, event_kinds) is kinds             # kept: not read again
    with pytest.raises(ReviewConfigError, match="event_kinds.yaml") as caught:
        load_review(review).overlay(EVENT_KINDS_FILE, event_kinds)           # a fresh review reads it
    assert caught.value.file and caught.value.file.endswith(EVENT_KINDS_FILE)


@pytest.mark.slow
def test_one_command_reads_the_event_kinds_once_for_the_ingest_and_the_network(review, monkeypatch):
    calls = _counting(monkeypatch, [vocabulary, ingest_module, network_reading], "event_kinds")
    loaded = load_review(review)
    assert run_ingest(loaded, progress=False).ok
    run_graph(loaded)
    assert len(calls) == 1 and calls[0][0] == loaded.root
    assert set(loaded._overlays) >= {EVENT_KINDS_FILE, RULES_FILE}


@pytest.mark.slow
def test_the_review_a_step_is_given_is_the_one_it_uses(review):
    """The use cases take the loaded review: a rules file broken after it was read does not matter
    to that review's command, and is named by the next command, which loads the review afresh."""
    loaded = load_review(review)
    assert as_review(loaded) is loaded
    assert run_ingest(loaded, progress=False).ok
    loaded.overlay(RULES_FILE, interaction_rules)
    (review / RULES_FILE).write_text("rules: [\n", encoding="utf-8")
    assert len(run_graph(loaded).entries) > 0
    with pytest.raises(ReviewConfigError, match="interaction_rules.yaml"):
        run_graph(review)


@pytest.mark.slow
def test_ingest_then_check_read_the_names_register_once(review, monkeypatch):
    """Intake wants the child's date of birth, check the names engine: one reading of the file."""
    calls = _counting(monkeypatch, [register_module], "read_register")
    loaded = load_review(review)
    assert run_ingest(loaded, progress=False).ok
    run_check(loaded)
    assert len(calls) == 1
    assert review_register(loaded) is review_register(loaded)
    assert review_register(loaded).data is register_data(loaded)
