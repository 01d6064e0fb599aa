"""The app's search queue: a request runs at once when idle, else the newest waits."""

from __future__ import annotations

from briefing.app.search_queue import STUCK_AFTER, SearchQueue


def test_idle_runs_at_once_and_only_the_newest_waits() -> None:
    queue: SearchQueue[str] = SearchQueue()
    assert queue.request("k", 0.0) == "k"
    assert queue.request("ku", 0.01) is None
    assert queue.request("kur", 0.02) is None  # replaces "ku": it is never run
    assert queue.finished(0.05) == "kur"
    assert queue.finished(0.09) is None  # nothing waits: idle again
    assert queue.request("kuril", 0.1) == "kuril"


def test_a_stuck_search_no_longer_holds_the_next_back() -> None:
    queue: SearchQueue[str] = SearchQueue()
    assert queue.request("a", 0.0) == "a"
    assert queue.request("ab", 0.1) is None
    assert queue.overdue(0.2) is None  # still within STUCK_AFTER
    assert queue.overdue(STUCK_AFTER + 0.01) == "ab"
    assert queue.waiting is None
    assert queue.request("abc", 2 * STUCK_AFTER + 0.1) == "abc"  # "ab" is stuck too: run
