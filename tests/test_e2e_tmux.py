"""End to end in a real terminal: tmux runs `briefing`, a person's keys go in, screens come out.

Starts the app on the bundled corpus with a temporary index, on a tmux server of its own
(`tmux -L`, never the user's), searches for the Kurils, opens a
result, goes back, compares the December 2016 visit on the timeline, and quits. Skipped where
tmux is not installed. Waits by polling the captured screen (bounded), never by fixed sleeps, and
never retries: a lost key is a bug (it was one: see briefing/app/focus.py).
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
    """One tmux server of the test's own (`tmux -L socket`): the user's server is never touched."""

    def __init__(self, socket: str, name: str) -> None:
        self.socket = socket
        self.name = name

    def tmux(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["tmux", "-L", self.socket, *args], check=check, capture_output=True, text=True
        )

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", self.name, *keys)

    def text(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", self.name, "-l", *keys)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.name, check=False).stdout

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
    name = f"briefing-e2e-{uuid.uuid4().hex[:8]}"
    term = Terminal(socket=name, name=name)
    briefing = Path(sys.executable).with_name("briefing")
    command = (
        # a tmux server started from a test can hand the pane COLUMNS=80/LINES=24, which Python
        # (and so Textual) prefers to the real size; and a new pane can be 0x0 for a moment
        "unset COLUMNS LINES; "
        'while [ "$(stty size)" = "0 0" ]; do sleep 0.05; done; '
        f"cd {tmp_path} && BRIEFING_CONFIG_DIR={tmp_path / 'config'} "
        f"{briefing} --index-dir {tmp_path / 'index'}; echo APP-EXITED $?; sleep 5"
    )
    # -f /dev/null: none of the user's tmux configuration; escape-time 0 on this server only,
    # so an escape is never merged with the next key into alt+key
    term.tmux("-f", "/dev/null", "new-session", "-d", "-s", name, "-x", "140", "-y", "40", command)
    term.tmux("set-option", "-s", "escape-time", "0")
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
        term.tmux("kill-server", check=False)
