"""The private Whoosh writer calls of a parallel build (`briefing.index.whoosh_internals`) were
read against one whoosh-reloaded release. This fails loudly when another is installed: re-read
`SegmentWriter.commit` and the names below in the new release, then move the pin."""

from __future__ import annotations

import inspect
import random
from importlib.metadata import version
from pathlib import Path

from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.query import MultiTerm
from whoosh.reading import SegmentReader
from whoosh.writing import SegmentWriter

from briefing.index.whoosh_internals import (
    CHECKED_WHOOSH_VERSION,
    PRIVATE_BYTES_COLUMN_NAMES,
    PRIVATE_COLUMN_NAMES,
    PRIVATE_FILTER_NAMES,
    PRIVATE_INVERSE_NAMES,
    PRIVATE_LIST_NAMES,
    PRIVATE_MATCHER_NAMES,
    PRIVATE_NAMES,
    bytes_column,
    live_docs,
    posting_ids,
    read_postings,
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


def test_the_private_list_column_and_inverse_names_still_exist() -> None:
    from whoosh.codec import whoosh3
    from whoosh.columns import NumericColumn
    from whoosh.matching import FilterMatcher, InverseMatcher, ListMatcher

    for cls, names in (
        (ListMatcher, PRIVATE_LIST_NAMES),
        (FilterMatcher, PRIVATE_FILTER_NAMES),
        (InverseMatcher, PRIVATE_INVERSE_NAMES),
        (NumericColumn.Reader, PRIVATE_COLUMN_NAMES),
    ):
        source = inspect.getsource(cls.__init__)
        for name in names:
            assert f"self.{name} =" in source, (cls, name)
    assert callable(whoosh3._lenfield)
    assert callable(whoosh3.W3PerDocReader._cached_reader)
    assert "self._perdoc" in inspect.getsource(SegmentReader.__init__)


def test_postings_read_whole_are_the_matchers_own(tmp_path: Path) -> None:
    """`posting_ids` and `read_postings` (the deltas of each block summed at once) give the
    ids and weights a matcher walks, over lists of many blocks and of one."""
    from whoosh.fields import ID, TEXT, Schema
    from whoosh.index import create_in

    ix = create_in(str(tmp_path), Schema(id=ID(stored=True), body=TEXT))
    rng = random.Random(7)
    writer = ix.writer()
    for i in range(1500):
        words = ["common"] * rng.randrange(1, 4) + (["rare"] if i % 97 == 0 else [])
        writer.add_document(id=str(i), body=" ".join(words))
    writer.commit()
    with ix.searcher() as s:
        reader = s.reader()
        for word, blocks in (("common", True), ("rare", False)):
            walked_ids, walked_weights = [], []
            m = reader.postings("body", word)
            while m.is_active():
                walked_ids.append(m.id())
                walked_weights.append(m.weight())
                m.next()
            assert list(posting_ids(reader, "body", word)) == walked_ids
            m = reader.postings("body", word)
            assert isinstance(m, W3LeafMatcher) or not blocks
            if isinstance(m, W3LeafMatcher):
                ids, weights = read_postings(m)
                assert list(ids) == walked_ids
                assert list(weights) == walked_weights
        assert len(walked_ids) > 0
        assert len(list(posting_ids(reader, "body", "common"))) == 1500


def test_blocks_read_without_their_values_are_whooshs_own(tmp_path: Path) -> None:
    """`_ids_weights` (a block's pickle inflated and unpickled only up to its values) gives
    each block's ids and weights as Whoosh's own decoding of the whole block does: blocks of
    many postings, of weights that vary, that are all 1.0 or all alike, of one to three
    postings (a short tuple has no mark); a field without positions is read as Whoosh does."""
    from whoosh.fields import ID, TEXT, Schema
    from whoosh.index import create_in

    from briefing.index.whoosh_internals import _ids_weights

    schema = Schema(id=ID(stored=True), body=TEXT, plain=TEXT(phrase=False))
    ix = create_in(str(tmp_path), schema)
    rng = random.Random(11)
    writer = ix.writer()
    for i in range(700):
        words = ["common"] * rng.randrange(1, 5) + ["once"] + (["two"] * 2 if i % 3 else [])
        words += ["few"] if i in (5, 300, 301) else []
        rng.shuffle(words)
        writer.add_document(id=str(i), body=" ".join(words), plain=" ".join(words))
    writer.commit()
    with ix.searcher() as s:
        reader = s.reader()
        read_fast = 0
        for field in ("body", "plain"):
            for word in ("common", "once", "two", "few"):
                whoosh_ids, whoosh_weights = [], []
                m = reader.postings(field, word)
                while m.is_active():
                    whoosh_ids.append(m.id())
                    whoosh_weights.append(m.weight())
                    m.next()
                m = reader.postings(field, word)
                assert isinstance(m, W3LeafMatcher)
                if field == "body":
                    while m.is_active():  # every block of a field with positions read so
                        found = _ids_weights(m)
                        assert found is not None
                        read_fast += 1
                        m._next_block()
                    m = reader.postings(field, word)
                ids, weights = read_postings(m)
                assert list(ids) == whoosh_ids
                assert list(weights) == whoosh_weights
        assert read_fast > 4


def test_a_bytes_column_and_the_live_documents_read_at_once_are_whooshs_own(
    tmp_path: Path,
) -> None:
    """`bytes_column` (a column's data read once and sliced) gives each document's value as
    the column reader's `__getitem__` does, with offsets derived from the lengths and with
    offsets stored (a long column); `live_docs` is `all_doc_ids()`, deletions or none."""
    from whoosh.columns import VarBytesColumn
    from whoosh.fields import ID, Schema
    from whoosh.index import create_in

    source = inspect.getsource(VarBytesColumn.Reader)
    for name in PRIVATE_BYTES_COLUMN_NAMES:
        assert f"self.{name} =" in source, name
    assert "deleted_docs_set" in inspect.getsource(SegmentReader)
    schema = Schema(
        id=ID(stored=True, unique=True),
        derived=ID(sortable=True),  # offsets derived from the lengths
        stored=ID(sortable=VarBytesColumn(write_offsets_cutoff=10)),  # offsets written
    )
    ix = create_in(str(tmp_path), schema)
    rng = random.Random(5)
    values = ["", "TASS", "Kyodo", "Рейтер", "東京", "a" * 300]
    for part in range(2):
        writer = ix.writer()
        for i in range(60):
            doc = {"id": f"{part}-{i}"}
            for field in ("derived", "stored"):
                value = rng.choice(values)
                if value:
                    doc[field] = value
            writer.add_document(**doc)
        writer.commit(merge=False)
    writer = ix.writer()
    for i in range(0, 60, 7):
        writer.delete_by_term("id", f"0-{i}")
    writer.commit(merge=False)
    with ix.searcher() as s:
        checked = 0
        for sub, _ in s.leaf_searchers():
            reader = sub.reader()
            assert live_docs(reader) == frozenset(reader.all_doc_ids())
            for field in ("derived", "stored"):
                column = reader.column_reader(field, translate=False)
                raw = bytes_column(column)
                assert raw is not None
                assert raw == [column[d] for d in range(reader.doc_count_all())]
                assert column.had_stored_offsets == (field == "stored")
                checked += 1
        assert checked == 4
        assert any(sub.reader().has_deletions() for sub, _ in s.leaf_searchers())
