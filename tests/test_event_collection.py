"""Grouping from scratch turns cyclic collection off only while it runs."""

from __future__ import annotations

import gc

import pytest

from briefing.collection import uncollected


def test_collection_is_off_inside_and_as_it_was_after() -> None:
    assert gc.isenabled()
    with uncollected():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with uncollected():
            assert not gc.isenabled()
        assert not gc.isenabled()  # it was off: left off
    finally:
        gc.enable()


def test_collection_comes_back_after_an_error() -> None:
    with pytest.raises(ValueError), uncollected():
        raise ValueError
    assert gc.isenabled()
