"""The build's segment writer (`briefing.index.whoosh_postings`: postings grouped by term, and
written a term at a time) writes the very bytes Whoosh's own segment writer writes for the same
documents: every file of the segment, posting blocks, term table and columns, is compared."""

from __future__ import annotations

import hashlib
import random
from pathlib import Path
from typing import Any

import pytest
from whoosh import index as whoosh_index

from briefing.index import whoosh_postings
from briefing.index.frequent import frequent_words
from briefing.index.schema import PAIR_FIELDS, schema
from briefing.index.whoosh_internals import commit_with_segments, finish_unlocked, unlocked_writer

RUSSIAN = "Путин встретился премьер министром Японии Абэ переговоры договоре Курилах".split()
CJK = ["長門市", "日露首脳会談", "東京", "中文新闻", "한국어"]


def _documents(n: int, seed: int = 7) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    common = sorted(frequent_words())[:400]
    rare = [f"w{rng.randrange(10**6)}" for _ in range(300)]
    vocabulary = common + rare + RUSSIAN + CJK + ["U.S.", "3.14", "don't", "Café", "the", "a"]

    def text(words: int) -> str:
        return " ".join(rng.choice(vocabulary) for _ in range(words))

    docs = []
    for i in range(n):
        doc: dict[str, Any] = {
            "id": f"doc-{i}",
            "source_key": f"file-{i % 3}.jsonl",
            "record_hash": hashlib.sha256(str(i).encode()).hexdigest(),
            "context_year": rng.choice([0, 0, 2016, 2019]),
            "headline": text(rng.randint(1, 12)),
            "body": text(rng.randint(0, 400)),
            "outlet": rng.choice(["Reuters", "BBC News", "ТАСС"]),
            "people": "\n".join(rng.sample(["Shinzo Abe", "Владимир Путин", "Joe Biden"], 2)),
            "article": "{}" * rng.randint(1, 50),
        }
        if rng.random() < 0.7:
            doc["lede"] = text(rng.randint(1, 40))
        if rng.random() < 0.5:
            doc["places"] = "Kuril Islands\nJapan"
            doc["dateline"] = "TOKYO"
        if rng.random() < 0.8:
            doc["outlet_name"], doc["lang"] = doc["outlet"], rng.choice(["en", "ru"])
            doc["date_start"] = doc["date_end"] = 20160000 + rng.randint(101, 1231)
        for text_field, pairs in PAIR_FIELDS.items():
            if doc.get(text_field):
                doc[pairs] = doc[text_field]
        docs.append({k: v for k, v in doc.items() if v != ""})
    return docs


def _segment_files(folder: Path) -> dict[str, bytes]:
    """The segment's files by kind (the random segment id taken out of their names)."""
    files = {}
    for path in folder.iterdir():
        if path.name.startswith("briefing_") and "." in path.name and ".toc" not in path.name:
            kind = path.name.split(".", 1)[1]
            assert kind not in files, "one segment expected"
            files[kind] = path.read_bytes()
    return files


def _whoosh_segment(folder: Path, docs: list[dict[str, Any]]) -> dict[str, bytes]:
    folder.mkdir()
    ix = whoosh_index.create_in(str(folder), schema(), indexname="briefing")
    writer = ix.writer(compound=False)
    assert type(writer.pool).__name__ == "PostingPool"  # Whoosh's own pool and flush
    for doc in docs:
        writer.add_document(**doc)
    writer.commit()
    return _segment_files(folder)


def _our_segment(folder: Path, docs: list[dict[str, Any]], limitmb: int) -> dict[str, bytes]:
    folder.mkdir()
    ix = whoosh_index.create_in(str(folder), schema(), indexname="briefing")
    writer = unlocked_writer(ix, limitmb)
    assert isinstance(writer.pool, whoosh_postings.TermPool)
    for doc in docs:
        writer.add_document(**doc)
    segment = finish_unlocked(writer)
    commit_with_segments(ix.writer(), [segment])
    return _segment_files(folder)


@pytest.mark.parametrize("limitmb", [256, 0])  # all in memory; a run spilled per field
def test_the_same_segment_files_as_whoosh_writes(tmp_path: Path, limitmb: int) -> None:
    docs = _documents(60)
    theirs = _whoosh_segment(tmp_path / "whoosh", docs)
    ours = _our_segment(tmp_path / "ours", docs, limitmb)
    assert sorted(ours) == sorted(theirs)
    for kind, data in theirs.items():
        assert ours[kind] == data, kind


def test_runs_are_joined_past_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(whoosh_postings, "_MAX_RUNS", 3)
    docs = _documents(12, seed=3)
    theirs = _whoosh_segment(tmp_path / "whoosh", docs)
    assert _our_segment(tmp_path / "ours", docs, 0) == theirs


def test_whooshs_own_flush_reads_the_pool(tmp_path: Path) -> None:
    """A commit through Whoosh's own `SegmentWriter.commit` (as `CorpusIndex.add_articles`
    makes) reads the pool one posting at a time: the same segment."""
    docs = _documents(20, seed=5)
    theirs = _whoosh_segment(tmp_path / "whoosh", docs)
    (tmp_path / "ours").mkdir()
    ix = whoosh_index.create_in(str(tmp_path / "ours"), schema(), indexname="briefing")
    writer = unlocked_writer(ix, 0)
    for doc in docs:
        writer.add_document(**doc)
    writer.commit()
    assert _segment_files(tmp_path / "ours") == theirs


def test_the_private_writer_names_still_exist() -> None:
    import inspect

    from whoosh.codec import whoosh3
    from whoosh.writing import SegmentWriter

    source = inspect.getsource(SegmentWriter) + inspect.getsource(whoosh3.W3FieldWriter)
    for name in whoosh_postings.WRITER_PRIVATE_NAMES:
        assert f"self.{name}" in source or f"def {name}(" in source, name
    assert "self.pool = PostingPool(self._tempstorage" in inspect.getsource(SegmentWriter)
    for name in ("_blocklimit", "_compression", "_inlinelimit"):
        assert f"self.{name} =" in inspect.getsource(whoosh3.W3Codec.__init__), name


def test_spilled_runs_are_removed(tmp_path: Path) -> None:
    _our_segment(tmp_path / "ours", _documents(10, seed=9), 0)
    assert not list((tmp_path / "ours").rglob("*.run"))
