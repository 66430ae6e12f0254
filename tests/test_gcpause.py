"""The collector paused while a stage builds many objects: paused within, as it was after."""

from __future__ import annotations

import gc
import weakref

import pytest

from reviewbench.gcpause import collector_paused


def test_the_collector_is_paused_within_and_as_it_was_after():
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()                    # an inner block does not end the outer pause
    assert gc.isenabled()


def test_a_failing_stage_still_ends_the_pause_and_a_stopped_collector_stays_stopped():
    with pytest.raises(ValueError), collector_paused():
        raise ValueError("the stage failed")
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_cycles_made_while_paused_are_collected_afterwards():
    class Node:
        pass

    with collector_paused():
        first, second = Node(), Node()
        first.other, second.other = second, first
        alive = weakref.ref(first)
        del first, second
        assert alive() is not None                     # a cycle: reference counting cannot free it
    gc.collect()
    assert alive() is None
