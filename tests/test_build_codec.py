"""The worker pipes' messages (`briefing.build.codec`) go as JSON lines and come back equal;
bytes of any other shape (pickle included) are a `CodecError` that runs nothing."""

from __future__ import annotations

import os
import pickle
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from whoosh import index as whoosh_index

from briefing.build.codec import CodecError, decode, encode, read_message
from briefing.build.messages import ChunkDone, Pending, ShareDone, WorkerFailed, WorkerJob
from briefing.index import SegmentBuilder
from briefing.index.schema import schema
from briefing.index.whoosh_internals import commit_with_segments
from briefing.index.writer import INDEX_NAME
from briefing.ingest import default_rules, parse_record
from briefing.ingest.rules import DEFAULT_RULES, _merge, _read_toml, build_rules
from briefing.models import Article, InputWarning, RawDocument


def _round_trip(message: Any) -> Any:
    line = encode(message)
    assert line.endswith(b"\n") and line.count(b"\n") == 1
    return decode(line)


def _trusted(rules: Any) -> list[bool]:
    patterns = [*rules.datelines, *rules.boilerplate_lines, *rules.trailers, *rules.captions]
    patterns += [p for o in rules.outlets for p in o.signatures]
    return [p.trusted for p in patterns]


def test_a_job_comes_back_with_the_same_rules(tmp_path: Path) -> None:
    custom = build_rules(
        _merge(_read_toml(DEFAULT_RULES), {"limits": {"max_file_bytes": 1234}}),
        sources=("defaults", "mine.toml"),
    )
    for rules in (default_rules(), custom):
        job = WorkerJob(tmp_path, rules, 1, (tmp_path / "a.jsonl", tmp_path / "b.jsonl"))
        back = _round_trip(job)
        assert (back.directory, back.worker, back.chunks) == (job.directory, 1, job.chunks)
        # Compiled patterns compare by identity: the rules compare by their fields' text, and
        # each pattern is trusted (runs without a time budget) exactly when it was before.
        assert repr(back.rules) == repr(rules)
        assert _trusted(back.rules) == _trusted(rules)
        assert back.rules.recipe == rules.recipe
        assert back.rules.max_file_bytes == rules.max_file_bytes


def test_a_chunk_comes_back_equal() -> None:
    chunk = ChunkDone(
        3,
        100,
        (InputWarning("a.txt", "empty\nfile «x»"),),
        frozenset({"peace", "путин", "日本"}),
        Counter({2016: 3, 2020: 1}),
        Counter({"b.jsonl": 2}),
        (Pending(RawDocument("b:1", "b.jsonl", "Body\x00", "h", {"date": "2020"}, "b"), "b"),),
    )
    assert _round_trip(chunk) == chunk
    assert _round_trip(ChunkDone(0, 0)) == ChunkDone(0, 0)


def test_a_share_comes_back_with_a_segment_the_index_commits(tmp_path: Path) -> None:
    whoosh_index.create_in(str(tmp_path), schema(), indexname=INDEX_NAME)
    builder = SegmentBuilder(tmp_path)
    text = "Putin meets Abe\n\nTOKYO, Dec. 16 (TASS) - Talks in Nagato on the Kuril Islands."
    raw = RawDocument("a1", "a1.txt", text, "h")
    article = parse_record(raw, default_rules())
    assert isinstance(article, Article)
    builder.add(article, "a1.txt")
    segment = builder.finish()
    assert segment is not None
    back = _round_trip(ShareDone(2, segment))
    assert back.worker == 2 and back.segment is not None
    assert back.segment.to_json() == segment.to_json()
    assert back.segment.handle.doc_count_all() == 1
    ix = whoosh_index.open_dir(str(tmp_path), indexname=INDEX_NAME)
    commit_with_segments(ix.writer(), [back.segment.handle])
    with ix.searcher() as searcher:
        assert searcher.doc_count() == 1
        assert searcher.document_number(id="a1") == 0
        assert ("body", "nagato") in searcher.reader()
    assert _round_trip(ShareDone(1, None)) == ShareDone(1, None)


def test_a_failure_comes_back_equal() -> None:
    assert _round_trip(WorkerFailed(1, "disk full")) == WorkerFailed(1, "disk full")


class _Payload:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (os.system, (f"touch {self.marker}",))


@pytest.mark.parametrize(
    "line",
    [
        b"not json\n",
        b"[1, 2]\n",
        b'{"type": "failed", "worker": "1", "error": "x"}\n',
        b'{"type": "share", "worker": 1, "segment": {"segid": "../x"}}\n',
        b'{"type": "chunk", "worker": 1}\n',
        b'{"type": "job", "worker": 1, "directory": ".", "chunks": [], "rules": {}}\n',
    ],
)
def test_other_bytes_are_an_error(line: bytes) -> None:
    with pytest.raises(CodecError):
        decode(line)


def test_a_pickle_runs_nothing(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    path = tmp_path / "pipe"
    path.write_bytes(pickle.dumps(_Payload(marker)) + b"\n")
    with path.open("rb") as stream, pytest.raises(CodecError):
        read_message(stream)
    assert not marker.exists()
