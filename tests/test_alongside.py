"""Work done in a forked child alongside this process (`briefing.alongside`), and the briefing
that uses it: the same answer whether the child did the events or this process did.

The child path is taken only on two cores or more with `fork` and no other thread; the tests
that need it skip where it cannot run (they say why), the rest hold everywhere.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest

import briefing.workspace as workspace
from briefing.alongside import Alongside, Later, can_fork

needs_fork = pytest.mark.skipif(not can_fork(), reason="no second core, fork or one thread only")


@needs_fork
def test_the_childs_result_comes_back_and_it_sees_what_the_parent_had() -> None:
    made_here = {"n": 41}
    with Alongside(lambda: (os.getpid(), made_here["n"] + 1)) as side:
        assert side.started
        done = side.result()
    assert done is not None
    pid, value = done[0]
    assert pid != os.getpid()
    assert value == 42


@needs_fork
def test_a_failing_child_gives_no_result_and_says_why() -> None:
    def boom() -> int:
        raise ValueError("no such thing")

    side = Alongside(boom)
    assert side.result() is None
    assert side.failure is not None and "no such thing" in side.failure


@needs_fork
def test_a_child_that_dies_gives_no_result() -> None:
    def die() -> int:
        os._exit(3)

    side = Alongside(die)
    assert side.result() is None
    assert side.failure is not None


def test_not_wanted_runs_nothing() -> None:
    ran: list[int] = []
    side = Alongside(lambda: ran.append(1), wanted=False)
    assert not side.started
    assert side.result() is None
    assert ran == []


def test_no_child_while_another_thread_runs() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not can_fork()
        assert not Alongside(lambda: 1).started
    finally:
        stop.set()
        thread.join()


@needs_fork
def test_leaving_stops_a_child_whose_result_was_not_taken() -> None:
    gate = threading.Event()  # never set in the child: it waits until stopped
    with Alongside(lambda: gate.wait(600)) as side:
        proc = side._proc
        assert proc is not None
    assert not proc.is_alive()


@needs_fork
def test_a_later_rest_is_done_after_the_result_is_sent_and_leaving_waits_for_it(
    tmp_path: Path,
) -> None:
    import multiprocessing as mp

    gate = mp.get_context("fork").Event()  # set by this process once it has the result
    done = tmp_path / "rest-done"

    def rest() -> None:
        if gate.wait(600):
            done.write_text("yes", encoding="utf-8")

    side: Alongside[int] = Alongside(lambda: Later(42, rest))
    with side:
        assert side.result() == (42,)
        assert side.finishing and not done.exists()  # the child is still at its rest
        gate.set()
    assert not side.finishing
    assert done.read_text(encoding="utf-8") == "yes"  # leaving waited for it


def test_a_later_settled_here_does_its_rest_first() -> None:
    ran: list[str] = []
    assert Later("value", lambda: ran.append("rest")).settle() == "value"
    assert ran == ["rest"]


def _corpus(folder: Path, n: int, start: int = 0) -> None:
    """`n` short articles: a story told by three outlets every ten articles, else one's own."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for i in range(start, start + n):
        story = i // 10 if i % 10 < 3 else 1000 + i
        words = f"zarkov{story} plinth{story} Velmora{story} harbour{story} treaty"
        record = {
            "id": f"a{i}",
            "title": f"Talks on {words}",
            "source": f"Outlet {i % 3}",
            "date": f"2016-12-{1 + story % 28:02d}",
            "text": f'{words}. "We will sign the treaty soon, we are sure of it," Ivan Petrov'
            f" said of {words}.",
        }
        lines.append(json.dumps(record))
    (folder / f"part-{start}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _workspace(tmp_path: Path, n: int) -> workspace.Workspace:
    """A workspace over `_corpus(n)`, its index up to date."""
    from briefing.workspace import Location, Workspace

    corpus = tmp_path / "corpus"
    _corpus(corpus, n)
    ws = Workspace.open(Location(corpus, tmp_path / "index"))
    ws.update()
    return ws


def _same_briefing(ws: workspace.Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    """The briefing made with what the test patched equals the plain path's."""
    fast = ws.briefing(top=5, timeline_limit=30)
    monkeypatch.undo()
    assert fast == ws.plain_briefing(top=5, timeline_limit=30)
    ws.close()


@needs_fork
def test_the_briefing_is_the_same_whether_the_events_were_updated_alongside_or_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefing.workspace import Workspace

    if not can_fork():  # a thread left running by an earlier test, say
        pytest.skip("another thread is running: no child process would be used")
    ws = _workspace(tmp_path, 120)
    corpus = tmp_path / "corpus"
    ws.briefing(top=5, timeline_limit=30)  # events grouped and kept, rows kept
    _corpus(corpus, 15, start=120)
    ws.update()
    monkeypatch.setattr(workspace, "ALONGSIDE_FROM", 0)
    here: list[bool] = []
    events = Workspace.events

    def counted(self: Workspace, *, regroup: bool = False) -> object:
        here.append(True)
        return events(self, regroup=regroup)

    monkeypatch.setattr(Workspace, "events", counted)
    fast = ws.briefing(top=5, timeline_limit=30)
    assert here == []  # the child brought the events up to date
    monkeypatch.undo()
    # and kept their state after sending them: read back as they are, nothing regrouped
    import briefing.events.incremental as incremental

    def no_grouping(*args: object, **kw: object) -> None:
        raise AssertionError("the events were grouped again: their state was not kept")

    monkeypatch.setattr(incremental, "update", no_grouping)
    monkeypatch.setattr(incremental, "full", no_grouping)
    assert len(ws.events()) > 0
    monkeypatch.undo()
    assert len(fast.events) >= 2  # there are events to compare
    assert fast == ws.plain_briefing(top=5, timeline_limit=30)
    ws.close()


def test_when_the_child_fails_the_events_are_updated_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefing.workspace import Workspace

    ws = _workspace(tmp_path, 60)
    monkeypatch.setattr(workspace, "ALONGSIDE_FROM", 0)

    def broken(*args: object) -> object:
        raise OSError("disk gone")

    monkeypatch.setattr(Workspace, "_chosen_events", broken)
    _same_briefing(ws, monkeypatch)


@pytest.mark.parametrize("alongside", [True, False])
def test_prepare_leaves_the_events_and_the_rows_ready(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, alongside: bool
) -> None:
    from briefing.index import CorpusIndex

    ws = _workspace(tmp_path, 90)
    monkeypatch.setattr(workspace, "ALONGSIDE_FROM", 0 if alongside else 10**9)
    count = ws.prepare()
    assert count == len(ws.events())

    def no_pass(self: CorpusIndex, **kw: object) -> None:
        raise AssertionError("every article read again: the rows were not ready")

    monkeypatch.setattr(CorpusIndex, "each_article", no_pass)
    _same_briefing(ws, monkeypatch)


# ---- Ahead: a child started before all it needs is known


@needs_fork
def test_ahead_prepares_at_once_and_goes_on_with_the_message() -> None:
    from briefing.alongside import Ahead

    parent = os.getpid()
    ahead: Ahead[int, tuple[int, int, int]] = Ahead(
        lambda: os.getpid(), lambda pid, n: (pid, os.getpid(), n + 1)
    )
    assert ahead.started
    side = ahead.go(41)
    done = side.result()
    side.close()
    assert done is not None
    prepared_in, went_on_in, value = done[0]
    assert prepared_in == went_on_in != parent  # both steps in the one child
    assert value == 42


@needs_fork
def test_a_cancelled_ahead_ends_its_child_without_its_work(tmp_path: Path) -> None:
    from briefing.alongside import Ahead

    mark = tmp_path / "went-on"
    ahead: Ahead[int, int] = Ahead(lambda: 1, lambda _, n: mark.write_text(str(n)))
    ahead.cancel()
    assert not mark.exists()
    assert ahead.go(1).result() is None  # nothing comes of it afterwards either


def test_a_process_that_never_sends_its_ahead_the_message_still_exits(tmp_path: Path) -> None:
    """The child waits for a message; the parent's exit hangs up on it, so the parent's exit
    (which joins its children) does not wait forever."""
    import subprocess
    import sys

    script = (
        "from briefing.alongside import Ahead\n"
        "a = Ahead(lambda: 1, lambda p, m: p + m)\n"
        "print('started' if a.started else 'not started')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() in ("started", "not started")


@needs_fork
def test_the_briefing_expected_before_the_update_is_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`expect_briefing` before `update` (what `briefing summary` does): the events' child read
    their state during the update, then brought them up to date: the same briefing; an update
    with nothing to do starts no child."""
    if not can_fork():
        pytest.skip("another thread is running: no child process would be used")
    ws = _workspace(tmp_path, 120)
    ws.briefing(top=5, timeline_limit=30)  # events grouped and kept, rows kept
    _corpus(tmp_path / "corpus", 15, start=120)
    monkeypatch.setattr(workspace, "ALONGSIDE_FROM", 0)
    started: list[bool] = []
    real = workspace.Workspace._start_ahead

    def noting(self: workspace.Workspace) -> None:
        real(self)
        started.append(self._ahead is not None)

    monkeypatch.setattr(workspace.Workspace, "_start_ahead", noting)
    ws.expect_briefing(top=5)
    assert ws._ahead is None  # nothing is started before the update knows it has work
    ws.update()
    assert started == [True] and ws._ahead is not None
    fast = ws.briefing(top=5, timeline_limit=30)
    assert ws._ahead is None
    ws.expect_briefing(top=5)
    ws.update()  # nothing changed: no child
    assert started == [True] and ws._ahead is None
    assert ws.briefing(top=5, timeline_limit=30) == fast  # cached
    monkeypatch.undo()
    assert len(fast.events) >= 2
    assert fast == ws.plain_briefing(top=5, timeline_limit=30)
    ws.close()
