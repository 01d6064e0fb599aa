"""End to end in a real terminal: tmux runs `briefing`, a person's keys go in, screens come out.

Starts the app on the bundled corpus with a temporary index, searches for the Kurils, opens a
result, goes back, compares the December 2016 visit on the timeline, and quits. Skipped where
tmux is not installed. Waits by polling the captured screen (bounded), never by fixed sleeps.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


class Terminal:
    def __init__(self, name: str) -> None:
        self.name = name

    def keys(self, *keys: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, *keys], check=True)

    def text(self, *keys: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, "-l", *keys], check=True)

    def screen(self) -> str:
        out = subprocess.run(
            ["tmux", "capture-pane", "-p", "-t", self.name], capture_output=True, text=True
        )
        return out.stdout

    def wait_for(self, *needles: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if all(n in screen for n in needles):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"never saw {needles!r} on screen:\n{screen}")


def test_search_open_compare_quit(tmp_path: Path) -> None:
    # Driving a terminal through tmux is timing-sensitive (about one run in six loses a key on
    # this shared machine; not yet understood): up to three runs, each in a fresh session.
    for attempt in range(3):
        try:
            _search_open_compare_quit(tmp_path / f"run{attempt}")
            return
        except AssertionError:
            if attempt == 2:
                raise


def _search_open_compare_quit(tmp_path: Path) -> None:
    tmp_path.mkdir(parents=True, exist_ok=True)
    name = f"briefing-e2e-{uuid.uuid4().hex[:8]}"
    briefing = Path(sys.executable).with_name("briefing")
    command = (
        # a tmux server started from a test can hand the pane COLUMNS=80/LINES=24, which Python
        # (and so Textual) prefers to the real size; and a new pane can be 0x0 for a moment
        "unset COLUMNS LINES; "
        'while [ "$(stty size)" = "0 0" ]; do sleep 0.05; done; '
        f"cd {tmp_path} && BRIEFING_CONFIG_DIR={tmp_path / 'config'} "
        f"{briefing} --index-dir {tmp_path / 'index'}; echo APP-EXITED $?; sleep 5"
    )
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", name, "-x", "140", "-y", "40", command], check=True
    )
    # keys are sent one call apart: an escape must not merge with the next key into alt+key
    subprocess.run(["tmux", "set-option", "-s", "escape-time", "0"], check=False)
    term = Terminal(name)
    try:
        start = term.wait_for("1 Timeline", "2 Search", "3 events", "visit to Japan", timeout=60)
        assert "Putin's visit to Japan" in start
        term.keys("/")
        term.text("kuril")
        # the results of the whole query (not of "kur" on the way), so enter moves to them at once
        results = term.wait_for("4 matches", "Kuril")
        assert "TASS" in results and "Sputnik" in results
        term.keys("Enter")  # to the results
        term.keys("Enter")  # open the first
        reader = term.wait_for("match 1 of", "People:", "Places:")
        assert "esc back" in reader
        term.keys("Escape")
        term.wait_for("2 Search", "1 Timeline")
        term.keys("1")
        term.keys("Enter")  # the highlighted (newest) event: Putin's visit to Japan
        compared = term.wait_for("comparing", "Reported by more than one")
        assert "TASS" in compared and "Sputnik" in compared
        term.keys("q")
        term.wait_for("APP-EXITED 0")
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)
