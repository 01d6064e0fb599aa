"""Tests for how the index is built (`briefing.build`) and kept up to date with the real
reader: parallel builds (worker processes) give the same index as one process, and a changed
JSON Lines file re-parses only its changed records. Small hand-written fixtures; the benchmark
lives in bench/."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import briefing.build.passes as passes_module
import briefing.build.workers as workers_module
from briefing.build import Progress, update
from briefing.index import WORDS_FILE, CorpusIndex
from briefing.models import Article, InputWarning, RawDocument

TOPICS = (
    ("Kuril talks resume", "TOKYO, Dec. 5 - Shinzo Abe met Vladimir Putin on the Kuril Islands."),
    ("Wheat harvest rises", "Farmers in Kansas reported a record wheat harvest, officials said."),
    ("Oil prices fall", "Crude oil fell for a third day as OPEC output rose, traders said."),
    (
        "Senate passes budget",
        "The Senate passed the budget on Tuesday, Senator Mitch McConnell said.",
    ),
)


def _record(n: int) -> dict[str, Any]:
    headline, body = TOPICS[n % len(TOPICS)]
    record: dict[str, Any] = {
        "id": f"r{n:03d}",
        "title": f"{headline} ({n})",
        "body": f"{body}\n\nParagraph {n} adds detail number {n * 7}.",
        "source": ["Reuters", "TASS", "CNN"][n % 3],
    }
    if n % 5:
        record["date"] = f"2016-12-{1 + n % 28:02d}"
    return record


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    with (folder / "wire.jsonl").open("w", encoding="utf-8") as fh:
        for n in range(40):
            fh.write(json.dumps(_record(n)) + "\n")
        fh.write("not json\n")
    (folder / "a.txt").write_text(
        "Talks in Lima\n\nLIMA, November 20. /TASS/. Putin and Abe spoke about a treaty.\n",
        encoding="utf-8",
    )
    (folder / "b.txt").write_text("Gas deal\n\nA gas deal was signed on Friday.\n", "utf-8")
    return folder


def _docs_in_order(ix: CorpusIndex) -> list[str]:
    with ix._ix.searcher() as s:
        return [fields["id"] for fields in s.all_stored_fields()]


def _build(corpus: Path, directory: Path, procs: int) -> CorpusIndex:
    ix = CorpusIndex.open(corpus, directory)
    report = update(ix, procs=procs)
    assert report.added == 3
    return ix


def test_a_small_update_parsed_half_alongside_gives_the_same_index(
    tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Below the workers' threshold, two cores parse the later half of the records in a forked
    child (`SPLIT_MIN_RECORDS`): the same readings, documents and warnings, in the same order."""
    import briefing.alongside as alongside_module

    if not alongside_module.can_fork():
        pytest.skip("another thread runs in this process: no child is forked")
    serial = _build(corpus, tmp_path / "serial", procs=1)
    results: list[bool] = []
    real = alongside_module.Alongside.result

    def noting(self: Any) -> Any:
        done = real(self)
        results.append(done is not None)
        return done

    monkeypatch.setattr(alongside_module.Alongside, "result", noting)
    split = CorpusIndex.open(corpus, tmp_path / "split")
    report = update(split, procs=2)
    assert results == [True]  # the 40 records of wire.jsonl were split: a child parsed half
    assert [w.path for w in report.skipped] == ["wire.jsonl:41"]
    assert [a.to_json() for a in split.all_articles()] == [
        a.to_json() for a in serial.all_articles()
    ]
    assert _docs_in_order(split) == _docs_in_order(serial)
    split.close()
    serial.close()


def test_parallel_build_gives_the_same_index_as_one_process(
    tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(passes_module, "PARALLEL_MIN_BYTES", 0)  # workers even for a few KB
    monkeypatch.setattr(workers_module, "CHUNK_RECORDS", 4)  # several chunks per worker
    serial = _build(corpus, tmp_path / "serial", procs=1)
    progress: list[Progress] = []
    parallel = CorpusIndex.open(corpus, tmp_path / "parallel")
    report = update(parallel, procs=2, progress=progress.append)
    assert progress[-1] == Progress(42, 42, "articles")  # a parallel build counts articles
    assert report.articles == serial.count() == 42
    assert [w.path for w in report.skipped] == ["wire.jsonl:41"]
    assert [a.to_json() for a in parallel.all_articles()] == [
        a.to_json() for a in serial.all_articles()
    ]
    # The same documents in the same order, so ties rank alike.
    assert _docs_in_order(parallel) == _docs_in_order(serial)
    for query in ("oil", "person:abe", "date:2016-12", "outlet:tass wheat", '"record wheat"'):
        assert [h.article_id for h in parallel.search(query).hits] == [
            h.article_id for h in serial.search(query).hits
        ]
    words = WORDS_FILE
    assert (tmp_path / "parallel" / words).read_text() == (tmp_path / "serial" / words).read_text()
    # And it keeps updating incrementally afterwards.
    (corpus / "b.txt").unlink()
    assert update(parallel, procs=2).removed == 1
    assert parallel.count() == 41
    parallel.close()
    serial.close()


def test_a_changed_jsonl_file_reparses_only_changed_records(
    tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ix = _build(corpus, tmp_path / "index", procs=1)
    parsed: list[str] = []
    real = passes_module.parse_record  # type: ignore[attr-defined]  # patched where it is used

    def counting(raw: RawDocument, *args: Any) -> Article | InputWarning:
        parsed.append(raw.id)
        return real(raw, *args)

    monkeypatch.setattr(passes_module, "parse_record", counting)
    assert ix.search("zebra").total == 0
    lines = (corpus / "wire.jsonl").read_text(encoding="utf-8").splitlines()
    changed = _record(7)
    changed["title"] = "Zebra escapes zoo"
    lines[7] = json.dumps(changed)
    del lines[3]  # r003 is gone
    lines.insert(0, json.dumps({**_record(99), "id": "r099"}))  # a new record, lines shift
    (corpus / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = update(ix)
    assert (report.updated, report.added, report.unchanged) == (1, 0, 2)
    assert sorted(parsed) == ["wire#r007", "wire#r099"]
    assert ix.search("zebra").total == 1  # the open searcher sees the commit
    assert ix.get("wire#r003") is None
    assert report.articles == ix.count() == 42
    article = ix.get("wire#r008")
    assert article is not None and article.headline == "Kuril talks resume (8)"
    # Unchanged again: nothing is read.
    parsed.clear()
    assert update(ix).unchanged == 3 and parsed == []
    # The file's records now lie in two segments, the first with deletions: found in both.
    lines[0] = json.dumps({**_record(99), "id": "r099", "title": "Okapi seen"})
    lines[1] = json.dumps({**_record(0), "title": "Giraffe seen"})
    (corpus / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = update(ix)
    assert sorted(set(parsed)) == ["wire#r000", "wire#r099"]  # (r000, undated: twice)
    assert ix.search("okapi").total == ix.search("giraffe").total == 1
    assert ix.search("zebra").total == 1
    assert report.articles == ix.count() == 42
    ix.close()


def test_second_pass_counts_context_from_the_index(tmp_path: Path, corpus: Path) -> None:
    """An article dated only by a year-less dateline takes its year from the corpus, counted
    from stored columns (not by decoding articles), also when it arrives later on its own."""
    ix = _build(corpus, tmp_path / "index", procs=1)
    (corpus / "c.txt").write_text(
        "Talks go on\n\nTOKYO, December 6. /TASS/. The talks went on, officials said.\n",
        encoding="utf-8",
    )
    report = update(ix)
    assert report.added == 1
    article = ix.get("c")
    assert article is not None
    assert article.published.date.start is not None
    assert article.published.date.start.year == 2016
    ix.close()


def test_an_update_decodes_only_the_lines_it_does_not_hold(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Unchanged lines are not even decoded, and the ids come out as a build from nothing
    gives them: records without an id (named by line number) after an inserted line, and a
    duplicate id whose first holder was removed, are decoded again and renamed."""
    import briefing.ingest.jsonl as jsonl_module

    folder = tmp_path / "corpus"
    folder.mkdir()
    records = [_record(n) for n in range(12)]
    for r in records[8:]:
        del r["id"]  # named by line number
    records[5]["id"] = records[4]["id"]  # a duplicate: r004 and r004~2
    path = folder / "wire.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    ix = CorpusIndex.open(folder, tmp_path / "index")
    update(ix)
    assert ix.get("wire#r004~2") is not None and ix.get("wire#9") is not None
    decoded: list[int] = []
    real = jsonl_module._record

    def counting(decoded_line: str, line: bytes, key: str, stem: str, lineno: int, *rest: Any):  # type: ignore[no-untyped-def]
        decoded.append(lineno)
        return real(decoded_line, line, key, stem, lineno, *rest)

    monkeypatch.setattr(jsonl_module, "_record", counting)
    lines = path.read_text(encoding="utf-8").splitlines()
    changed = {**records[2], "title": "Zebra escapes zoo"}
    lines[2] = json.dumps(changed)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = update(ix)
    assert report.updated == 1 and ix.search("zebra").total == 1
    assert decoded == [3, 6]  # the changed line, and r004~2 (a de-duplicated id: any doubt decodes)
    # A line inserted first, the first r004 removed: line-numbered and de-duplicated ids move.
    decoded.clear()
    del lines[4]
    lines.insert(0, json.dumps({**_record(50), "id": "r050"}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    update(ix)
    assert sorted(decoded) == [1, 6]  # the new line, and r004~2 that is now r004
    fresh = CorpusIndex.open(folder, tmp_path / "fresh")
    update(fresh)
    assert sorted(a.id for a in ix.all_articles()) == sorted(a.id for a in fresh.all_articles())

    def read(index: CorpusIndex) -> list[tuple[str, str, str]]:
        # which record holds which id (an unchanged record is kept as indexed, with or without
        # this fast path: its `path` line and corpus-year evidence are those of its last parse)
        return sorted((a.id, a.headline, a.content_hash) for a in index.all_articles())

    assert read(ix) == read(fresh)
    ix.close()
    fresh.close()


def test_outlet_counts_after_an_update_are_those_of_a_fresh_searcher(
    tmp_path: Path, corpus: Path
) -> None:
    """The open index's searcher after a commit lends the outlet sets of the segments it
    shares with the one before (`matches.Segments`): deletions in an old segment and a new
    segment must count as a freshly opened index counts them."""
    ix = _build(corpus, tmp_path / "index", procs=1)
    for query in ("talks", "oil OR wheat"):
        ix.search(query)  # the searcher's sets are made
    lines = (corpus / "wire.jsonl").read_text(encoding="utf-8").splitlines()
    del lines[4:10]  # deletions in the old segment
    lines.append(json.dumps({**_record(60), "id": "r060", "source": "Kyodo"}))  # a new outlet
    (corpus / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    update(ix)
    fresh = CorpusIndex.open(corpus, tmp_path / "index")
    for query in ("talks", "oil OR wheat", "kuril", "senate"):
        a, b = ix.search(query), fresh.search(query)
        assert (a.total, a.outlet_counts) == (b.total, b.outlet_counts), query
    assert dict(ix.search("kuril").outlet_counts).get("Kyodo") == 1
    ix.close()
    fresh.close()
