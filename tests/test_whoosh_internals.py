"""The private Whoosh writer calls of a parallel build (`briefing.index.whoosh_internals`) were
read against one whoosh-reloaded release. This fails loudly when another is installed: re-read
`SegmentWriter.commit` and the names below in the new release, then move the pin."""

from __future__ import annotations

import inspect
from importlib.metadata import version

from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.query import MultiTerm
from whoosh.writing import SegmentWriter

from briefing.index.whoosh_internals import (
    CHECKED_WHOOSH_VERSION,
    PRIVATE_MATCHER_NAMES,
    PRIVATE_NAMES,
)


def test_the_installed_whoosh_is_the_one_the_internals_were_checked_against() -> None:
    installed = version("whoosh-reloaded")
    assert installed == CHECKED_WHOOSH_VERSION, (
        f"whoosh-reloaded {installed} is installed, but briefing.index.whoosh_internals was "
        f"checked against {CHECKED_WHOOSH_VERSION}: re-check it before moving the pin"
    )


def test_the_private_names_still_exist() -> None:
    assert "_lk" in inspect.signature(SegmentWriter.__init__).parameters
    for name in PRIVATE_NAMES:
        if name != "_added":  # an attribute of an open writer, set in __init__
            assert callable(getattr(SegmentWriter, name)), name
    assert "self._added" in inspect.getsource(SegmentWriter.__init__)


def test_the_private_matcher_names_still_exist() -> None:
    source = inspect.getsource(W3LeafMatcher)
    for name in PRIVATE_MATCHER_NAMES:
        assert f"self.{name}" in source or f"def {name}(" in source, name
    assert callable(MultiTerm._btexts)
