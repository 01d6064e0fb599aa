"""Hostile files and faults: odd names, read-only and full disks, Ctrl-C, kill -9, damaged
index files, crafted cache files, colliding ids and symbolic links out of the corpus.

Every case must end in an answer or one line on stderr with a non-zero exit, never a
traceback, and must lose nothing. The corpora are generated in `tmp_path`. Read-only folders
and full disks are simulated by refusing the OS calls that write (tests run as root, where
`chmod` stops nothing); kill -9 and Ctrl-C are sent to a real `briefing index` process.
"""

from __future__ import annotations

import builtins
import errno
import io
import json
import os
import pickle
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from briefing.build.messages import WorkerFailed, WorkerJob, WorkerMessage
from briefing.cli import main
from briefing.index import SCHEMA_VERSION
from briefing.ingest import default_rules
from briefing.ingest.source_file import name_bytes, printable_name

Run = Callable[..., Result]

ARTICLE = (
    "TOKYO, Dec. 1 (Kyodo) -- Prime Minister Shinzo Abe met Vladimir Putin on {n} December "
    "to discuss the Kuril Islands and a peace treaty.\n\nThe talks went on for hours.\n"
)


def _corpus(folder: Path, n: int = 3) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(1, n + 1):
        (folder / f"a{i}.txt").write_text(ARTICLE.format(n=i), encoding="utf-8")
    return folder


@pytest.fixture()
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    monkeypatch.setenv("BRIEFING_INDEX_DIR", str(tmp_path / "index"))
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        return runner.invoke(main, list(args), catch_exceptions=False)

    return invoke


def _one_line_error(r: Result) -> None:
    assert r.exit_code != 0, r.output
    assert "Traceback" not in r.output
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr


def _exported(run: Run, corpus: Path) -> list[dict[str, Any]]:
    r = run("export", "--corpus", str(corpus))
    assert r.exit_code == 0, r.output
    return [json.loads(line) for line in r.stdout.splitlines()]


# --------------------------------------------------------------------------------------------
# Names that are not UTF-8


def test_printable_name_is_reversible() -> None:
    for raw in (b"caf\xe9.txt", b"plain.txt", b"back\\slash\\x41.txt", b"\xff\xfe", "é".encode()):
        name = os.fsdecode(raw)
        shown = printable_name(name)
        shown.encode("utf-8")  # printable: encodes
        assert name_bytes(shown) == raw
    assert printable_name("plain.txt") == "plain.txt"


def test_non_utf8_file_name_is_read_under_a_printable_key(run: Run, tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus", 2)
    odd = os.fsdecode(b"caf\xe9.txt")
    (corpus / odd).write_text(ARTICLE.format(n=9), encoding="utf-8")
    folder = corpus / os.fsdecode(b"sub\xff")
    folder.mkdir()
    (folder / "inner.txt").write_text(ARTICLE.format(n=8), encoding="utf-8")
    r = run("index", "--corpus", str(corpus))
    assert r.exit_code == 0, r.output
    assert "4 added" in r.stdout
    records = {rec["path"]: rec for rec in _exported(run, corpus)}
    assert {"caf\\xe9.txt", "sub\\xff/inner.txt"} <= set(records)
    assert name_bytes("caf\\xe9.txt") == b"caf\xe9.txt"
    found = run("search", "abe", "--corpus", str(corpus), "--json")
    assert found.exit_code == 0 and "caf\\\\xe9" in found.stdout
    assert (
        "0 added, 0 updated, 0 removed, 4 unchanged" in run("index", "--corpus", str(corpus)).stdout
    )


# --------------------------------------------------------------------------------------------
# Read-only folders and full disks, simulated at the OS calls


def _inside(path: Any, root: str) -> bool:
    if isinstance(path, int):
        return False
    try:
        full = os.path.realpath(os.fsdecode(path))
    except TypeError:
        return False
    return full == root or full.startswith(root + os.sep)


def _refuse_writes(
    monkeypatch: pytest.MonkeyPatch, folder: Path, code: int, *, os_calls: bool = True
) -> None:
    """Writing anything inside `folder` fails with `code` (EACCES: read-only, ENOSPC: full).
    `os_calls=False` lets files be created and renamed but not written (a disk that fills)."""
    root = os.path.realpath(folder)
    message = os.strerror(code)

    def refuse(path: Any) -> None:
        raise OSError(code, message, os.fsdecode(path))

    real_io_open = io.open

    def fake_io_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if any(c in mode for c in "wax+") and _inside(file, root):
            refuse(file)
        return real_io_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(io, "open", fake_io_open)
    monkeypatch.setattr(builtins, "open", fake_io_open)
    if not os_calls:
        return
    real_os_open = os.open

    def fake_os_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT) and _inside(path, root):
            refuse(path)
        return real_os_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", fake_os_open)
    for name in ("replace", "rename", "unlink", "remove", "mkdir", "rmdir"):
        real = getattr(os, name)

        def fake(path: Any, *args: Any, _real: Any = real, **kwargs: Any) -> Any:
            if _inside(path, root):
                refuse(path)
            return _real(path, *args, **kwargs)

        monkeypatch.setattr(os, name, fake)


def test_read_only_index_still_answers(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = _corpus(tmp_path / "corpus")
    assert run("index", "--corpus", str(corpus)).exit_code == 0
    assert run("events", "--corpus", str(corpus)).exit_code == 0
    _refuse_writes(monkeypatch, tmp_path / "index", errno.EACCES)
    r = run("search", "putin", "--corpus", str(corpus))
    assert r.exit_code == 0, r.output
    assert "3 articles match" in r.stdout and r.stderr == ""
    assert run("summary", "--corpus", str(corpus)).exit_code == 0
    # the corpus changed, the index cannot follow: answers from its last update, and says so
    (corpus / "a4.txt").write_text(ARTICLE.format(n=4), encoding="utf-8")
    stale = run("search", "putin", "--corpus", str(corpus))
    assert stale.exit_code == 0 and "3 articles match" in stale.stdout
    assert "cannot write the index" in stale.stderr and "last update" in stale.stderr
    _one_line_error(run("index", "--corpus", str(corpus)))


def test_locked_index_still_answers(run: Run, tmp_path: Path) -> None:
    from whoosh.filedb.filestore import FileStorage

    corpus = _corpus(tmp_path / "corpus")
    assert run("index", "--corpus", str(corpus)).exit_code == 0
    (corpus / "a4.txt").write_text(ARTICLE.format(n=4), encoding="utf-8")
    lock = FileStorage(str(tmp_path / "index")).lock("briefing_WRITELOCK")
    assert lock.acquire(False)  # as a build in another process would hold it
    try:
        r = run("search", "putin", "--corpus", str(corpus))
        assert r.exit_code == 0 and "3 articles match" in r.stdout
        assert "another briefing process" in r.stderr
        _one_line_error(run("index", "--corpus", str(corpus)))
    finally:
        lock.release()
    assert "4 articles" in run("index", "--corpus", str(corpus)).stdout


def test_full_disk_is_one_line(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = _corpus(tmp_path / "corpus")
    assert run("index", "--corpus", str(corpus)).exit_code == 0
    (corpus / "a4.txt").write_text(ARTICLE.format(n=4), encoding="utf-8")
    with monkeypatch.context() as m:
        _refuse_writes(m, tmp_path / "index", errno.ENOSPC, os_calls=False)
        r = run("index", "--corpus", str(corpus))
    _one_line_error(r)
    assert "no space left on device" in r.stderr.lower()
    # nothing was lost: the next update, with room again, adds the new file
    again = run("index", "--corpus", str(corpus))
    assert again.exit_code == 0, again.output
    assert "1 added" in again.stdout and "4 articles" in again.stdout


def test_a_worker_on_a_full_disk_reports_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import briefing.build.worker as worker

    def no_room(directory: Path) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(directory / "seg.pst"))

    monkeypatch.setattr(worker, "SegmentBuilder", no_room)
    sent: list[WorkerMessage] = []
    worker.index_share(WorkerJob(tmp_path, default_rules(), 0, ()), sent.append)
    (failed,) = sent
    assert isinstance(failed, WorkerFailed)
    assert failed.error == f"{tmp_path / 'seg.pst'}: no space left on device"


def test_export_into_a_missing_folder(run: Run, tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus")
    r = run("export", "--corpus", str(corpus), "-o", str(tmp_path / "nowhere" / "out.jsonl"))
    _one_line_error(r)
    assert "nowhere" in r.stderr


def test_ctrl_c_in_process_exits_130_and_loses_nothing(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import briefing.build.passes as passes

    corpus = _corpus(tmp_path / "corpus")

    def interrupted(*args: Any, **kwargs: Any) -> Any:
        raise KeyboardInterrupt

    with monkeypatch.context() as m:
        m.setattr(passes, "parse_record", interrupted)
        r = run("index", "--corpus", str(corpus))
    assert r.exit_code == 130 and "interrupted" in r.stderr and "Traceback" not in r.output
    again = run("index", "--corpus", str(corpus))
    assert again.exit_code == 0 and "3 articles" in again.stdout


# --------------------------------------------------------------------------------------------
# Damaged index files, garbage beside them


def _damage(index: Path, pattern: str, how: str) -> None:
    files = sorted(index.glob(pattern))
    assert files, pattern
    for f in files:
        size = f.stat().st_size
        if how == "truncate":
            os.truncate(f, size // 3)
        else:
            f.write_bytes(b"\0" * size)


@pytest.mark.parametrize(
    ("pattern", "how"),
    [
        ("briefing_*._stored.col", "truncate"),
        ("briefing_*.trm", "zero"),
        ("briefing_*.pst", "zero"),
        ("briefing_*._stored.col", "zero"),
        ("briefing_*._body_len.col", "zero"),  # only found by a search
        ("_briefing_*.toc", "zero"),
    ],
)
def test_damaged_index_is_rebuilt(run: Run, tmp_path: Path, pattern: str, how: str) -> None:
    corpus = _corpus(tmp_path / "corpus")
    assert run("index", "--corpus", str(corpus)).exit_code == 0
    _damage(tmp_path / "index", pattern, how)
    r = run("search", "putin", "--corpus", str(corpus))
    assert r.exit_code == 0, r.output
    assert "3 articles match" in r.stdout
    assert "damaged" in r.stderr and "rebuil" in r.stderr
    after = run("index", "--corpus", str(corpus))
    assert "3 unchanged" in after.stdout and "damaged" not in after.stderr


def test_index_command_repairs_damage(run: Run, tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus")
    assert run("index", "--corpus", str(corpus)).exit_code == 0
    _damage(tmp_path / "index", "briefing_*.trm", "zero")
    r = run("index", "--corpus", str(corpus))
    assert r.exit_code == 0 and "3 added" in r.stdout and "damaged" in r.stderr


@pytest.mark.parametrize(
    "meta",
    [
        b"\xff\xfe garbage \x00",
        b"[]",
        json.dumps({"schema_version": SCHEMA_VERSION, "sources": {"a1.txt": 5}}).encode(),
        json.dumps(
            {"schema_version": SCHEMA_VERSION, "sources": 7, "files": {"toc": 3, "sizes": []}}
        ).encode(),
    ],
)
def test_garbage_meta_file(run: Run, tmp_path: Path, meta: bytes) -> None:
    corpus = _corpus(tmp_path / "corpus")
    assert run("index", "--corpus", str(corpus)).exit_code == 0
    (tmp_path / "index" / "briefing-index.json").write_bytes(meta)
    r = run("index", "--corpus", str(corpus))
    assert r.exit_code == 0, r.output
    assert "3 articles" in r.stdout
    assert "3 articles match" in run("search", "putin", "--corpus", str(corpus)).stdout


def test_garbage_vocabulary(run: Run, tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus")
    assert run("index", "--corpus", str(corpus)).exit_code == 0
    (tmp_path / "index" / "briefing-words.txt").write_bytes(bytes(range(256)) * 4)
    r = run("search", "putinn", "--corpus", str(corpus))
    assert r.exit_code == 0, r.output
    (corpus / "a4.txt").write_text(ARTICLE.format(n=4), encoding="utf-8")
    assert run("index", "--corpus", str(corpus)).exit_code == 0  # the vocabulary is rewritten
    assert "putin" in (tmp_path / "index" / "briefing-words.txt").read_text(encoding="utf-8")


def test_a_folder_where_the_lock_file_belongs(run: Run, tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus")
    (tmp_path / "index" / "briefing_WRITELOCK").mkdir(parents=True)
    r = run("index", "--corpus", str(corpus))
    _one_line_error(r)
    assert "--rebuild" in r.stderr
    fixed = run("index", "--corpus", str(corpus), "--rebuild")
    assert fixed.exit_code == 0 and "3 added" in fixed.stdout


# --------------------------------------------------------------------------------------------
# Caches that could run code


class _Payload:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (os.system, (f"touch {self.marker}",))


def test_crafted_cache_file_runs_nothing(run: Run, tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus")
    first = run("events", "--corpus", str(corpus), "--json")
    assert first.exit_code == 0
    cache = tmp_path / "index" / "cache"
    files = list(cache.iterdir())
    assert files
    marker = tmp_path / "pwned"
    for f in files:
        f.write_bytes(pickle.dumps(_Payload(marker)))
    again = run("events", "--corpus", str(corpus), "--json")
    assert again.exit_code == 0
    assert not marker.exists()
    assert json.loads(again.stdout) == json.loads(first.stdout)


@pytest.mark.parametrize(
    "text", ['{"events": 1}', "[[1, 2]]", '[{"id": "x"}]', "[" * 5000, "\x00\xff"]
)
def test_cache_of_the_wrong_shape_is_a_miss(run: Run, tmp_path: Path, text: str) -> None:
    corpus = _corpus(tmp_path / "corpus")
    first = run("summary", "--corpus", str(corpus), "--format", "json")
    run("events", "--corpus", str(corpus), "--json")
    for f in (tmp_path / "index" / "cache").iterdir():
        f.write_text(text, encoding="utf-8", errors="surrogateescape")
    again = run("summary", "--corpus", str(corpus), "--format", "json")
    assert again.exit_code == 0 and again.stdout == first.stdout
    assert run("events", "--corpus", str(corpus), "--json").exit_code == 0


# --------------------------------------------------------------------------------------------
# Ids across sources; symbolic links


def test_ids_are_unique_across_sources_and_deletion_stays_in_its_source(
    run: Run, tmp_path: Path
) -> None:
    corpus = _corpus(tmp_path / "corpus", 1)
    (corpus / "x#1.txt").write_text(ARTICLE.format(n=11), encoding="utf-8")
    record = {"id": "1", "title": "Talks", "body": ARTICLE.format(n=12)}
    (corpus / "x.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    assert run("index", "--corpus", str(corpus)).exit_code == 0
    ids = [r["id"] for r in _exported(run, corpus)]
    assert len(ids) == len(set(ids)) == 3
    # edit the record: only it is re-read and replaced; the text file's article stays
    record["body"] = ARTICLE.format(n=13)
    (corpus / "x.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    assert "1 updated" in run("index", "--corpus", str(corpus)).stdout
    paths = sorted(r["path"] for r in _exported(run, corpus))
    assert paths == ["a1.txt", "x#1.txt", "x.jsonl:1"]


def test_links_out_of_the_corpus_are_skipped_unless_asked(run: Run, tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus", 1)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("MOSCOW, Dec. 2 (TASS) -- The secret text.\n")
    (corpus / "leak.txt").symlink_to(outside / "secret.txt")
    (corpus / "away").symlink_to(outside, target_is_directory=True)
    (corpus / "again.txt").symlink_to(corpus / "a1.txt")  # inside: followed
    r = run("index", "--corpus", str(corpus))
    assert r.exit_code == 0
    assert "leak.txt" in r.stderr and "away" in r.stderr and "outside the corpus" in r.stderr
    assert sorted(x["path"] for x in _exported(run, corpus)) == ["a1.txt", "again.txt"]
    followed = run("index", "--corpus", str(corpus), "--follow-links")
    assert "2 added" in followed.stdout
    paths = sorted(x["path"] for x in _exported(run, corpus))  # the choice is kept
    assert paths == ["a1.txt", "again.txt", "away/secret.txt", "leak.txt"]
    run("index", "--corpus", str(corpus), "--no-follow-links")
    assert len(_exported(run, corpus)) == 2


# --------------------------------------------------------------------------------------------
# A real `briefing index`, killed


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Enough new text (over `PARALLEL_MIN_BYTES`) for a parallel build of a few seconds."""
    from briefing.build.passes import PARALLEL_MIN_BYTES

    folder = tmp_path_factory.mktemp("big")
    filler = " ".join(f"word{i % 997} talks" for i in range(200))
    n = PARALLEL_MIN_BYTES // len(filler) + 200
    with (folder / "big.jsonl").open("w", encoding="utf-8") as fh:
        for i in range(n):
            body = f"TOKYO, Dec. 1 (Kyodo) -- Abe and Putin met, round {i}. {filler}"
            fh.write(json.dumps({"id": str(i), "title": f"Round {i}", "body": body}) + "\n")
    return folder


def _env(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "tmp").mkdir(exist_ok=True)
    return {
        **os.environ,
        "BRIEFING_INDEX_DIR": str(tmp_path / "index"),
        "TMPDIR": str(tmp_path / "tmp"),
    }


def _leftovers(tmp_path: Path) -> tuple[list[Path], list[str]]:
    """Build folders in the test's temporary folder, and segment files no commit uses (and
    the engine's scratch folder)."""
    from whoosh.filedb.filestore import FileStorage
    from whoosh.index import TOC

    folders = list((tmp_path / "tmp").glob("briefing-build-*"))
    index = tmp_path / "index"
    try:
        toc = TOC.read(FileStorage(str(index)), "briefing")
        used = tuple(f"{s.segment_id()}." for s in toc.segments)
    except Exception:
        used = ()
    orphans = [
        p.name
        for p in index.glob("briefing_*")
        if p.name != "briefing_WRITELOCK" and not p.name.startswith(used)
    ]
    return folders, orphans + [p.name for p in index.glob("briefing.tmp")]


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _start_and_wait_for_workers(corpus: Path, tmp_path: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "briefing", "index", "--corpus", str(corpus)]
    proc = subprocess.Popen(
        command,
        env=_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        # Ctrl-C as in a terminal: a test run started in the background by a shell without job
        # control ignores SIGINT, and its children (and Python in them) would inherit that
        preexec_fn=_default_sigint,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        folders, orphans = _leftovers(tmp_path)
        if folders and orphans:  # workers started and writing their segments
            return proc
        if proc.poll() is not None:
            pytest.fail("the build ended before its workers were seen: make the corpus bigger")
        time.sleep(0.02)  # polling a condition, not waiting for time to pass
    proc.kill()
    pytest.fail("no workers within two minutes")


def _index_again(corpus: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "briefing", "index", "--corpus", str(corpus)],
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=300,
    )


def _records(corpus: Path) -> int:
    return sum(1 for _ in (corpus / "big.jsonl").open(encoding="utf-8"))


def test_kill_9_leftovers_are_cleaned_at_the_next_run(big_corpus: Path, tmp_path: Path) -> None:
    proc = _start_and_wait_for_workers(big_corpus, tmp_path)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    folders, orphans = _leftovers(tmp_path)
    assert folders and orphans  # what a killed build leaves
    done = _index_again(big_corpus, tmp_path)
    assert done.returncode == 0, done.stderr
    assert f"{_records(big_corpus)} articles" in done.stdout
    assert _leftovers(tmp_path) == ([], [])


def test_ctrl_c_during_a_parallel_build(big_corpus: Path, tmp_path: Path) -> None:
    proc = _start_and_wait_for_workers(big_corpus, tmp_path)
    os.kill(proc.pid, signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    # stdout too: a build that ran to its end (exit 0) says how far it got
    assert proc.returncode == 130, (out[-500:], err)
    assert b"Traceback" not in err and b"interrupted" in err
    done = _index_again(big_corpus, tmp_path)
    assert done.returncode == 0, done.stderr
    assert f"{_records(big_corpus)} articles" in done.stdout
    assert _leftovers(tmp_path) == ([], [])


# --------------------------------------------------------------------------------------------
# The app on a corpus with a name that is not UTF-8


async def test_the_app_reads_a_corpus_with_a_non_utf8_name(
    tmp_path: Path, index_cache: Path
) -> None:
    from app_helpers import app_for, settle

    corpus = _corpus(tmp_path / "corpus", 2)
    (corpus / os.fsdecode(b"caf\xe9.txt")).write_text(ARTICLE.format(n=9), encoding="utf-8")
    app = app_for(tmp_path, index_cache, corpus, prebuilt=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)  # fails if the app never gets past "reading the corpus..."
        assert app.corpus is not None
        assert len(app.corpus.articles) == 3


def test_an_empty_worker_leaves_the_shared_scratch_folder_alone(tmp_path: Path) -> None:
    """A worker whose records all wait for the second pass writes no segment; finishing it
    must not empty the scratch folder the other writers of the index are spilling into."""
    from briefing.index import CorpusIndex
    from briefing.index.whoosh_internals import finish_unlocked, unlocked_writer

    index = CorpusIndex.open(_corpus(tmp_path / "corpus"), tmp_path / "index")
    busy = unlocked_writer(index._ix, 32)
    scratch = tmp_path / "index" / "briefing.tmp"
    (scratch / "run-of-another-worker.ctmp").write_bytes(b"sorted postings")
    assert finish_unlocked(unlocked_writer(index._ix, 32)) is None
    assert (scratch / "run-of-another-worker.ctmp").exists()
    busy.cancel()


def test_spill_folders_are_known_by_name_even_emptied(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build killed while making or removing its spill folder can leave it without its
    marker file: the next run still removes it (it is named by its index), and never a
    folder of another index."""
    from briefing.index import CorpusIndex
    from briefing.index.integrity import clean_leftovers, make_build_folder

    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)  # re-read TMPDIR
    CorpusIndex.open(_corpus(tmp_path / "corpus"), tmp_path / "index")
    ours = make_build_folder(tmp_path / "index")
    for child in ours.iterdir():  # emptied half-way, marker gone
        child.unlink()
    theirs = make_build_folder(tmp_path / "other-index")
    assert ours.parent == tmp_path / "tmp"
    assert clean_leftovers(tmp_path / "index") >= 1
    assert not ours.exists() and theirs.exists()
