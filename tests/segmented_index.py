"""An index in three segments, the last replacing and deleting some of the first: the shape a
real index has after a few updates, for tests that compare a fast search path with the plain one.

Why this module exists: the fast paths read Whoosh's segments directly (postings, deletions,
block headers), so they must be pinned on an index of several segments with replaced and deleted
documents, not only on one fresh segment. The articles come from the calling test's generator.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from briefing.index import CorpusIndex
from briefing.models import Article

Make = Callable[[int, int, str], list[Article]]


def segmented_index(
    folder: Path,
    make: Make,
    sizes: tuple[int, int, int],
    deleted: Iterable[str],
) -> CorpusIndex:
    """Three commits of `make(n, seed, prefix)`: `sizes[0]` articles "a", `sizes[1]` articles
    "b", then `sizes[2]` articles "a" again (the same ids as the first ones: replaced); then the
    documents whose ids are `deleted` are deleted."""
    ix = CorpusIndex.open(folder / "corpus", folder / "index")
    ix.add_articles(make(sizes[0], 1, "a"))
    ix.add_articles(make(sizes[1], 2, "b"))
    ix.add_articles(make(sizes[2], 3, "a"))
    writer = ix._whoosh_writer()
    for doc_id in deleted:
        writer.delete_by_term("id", doc_id)
    writer.commit()
    ix._refresh()
    return ix
