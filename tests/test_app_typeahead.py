"""Keys typed ahead of the app: a burst of keys that arrives before the app has handled the
first one must land where a person expects, not where focus was a moment ago.

A terminal (and tmux) delivers keys as fast as they are typed or pasted; the app handles them one
by one from its queue. When a key moves focus (`/` to the query, `1` to the timeline, `enter` to
the results), the keys already queued behind it must go to the new place. These tests post the
whole burst at once, as a fast typist or a paste does, and only then let the app run.
"""

from __future__ import annotations

from pathlib import Path

from app_helpers import app_for, settle
from textual import events
from textual.app import App
from textual.widgets import Input

from briefing.app.reader import ReaderScreen
from briefing.app.search_pane import SearchPane

SIZE = (120, 40)


def _burst(app: App[None], keys: str) -> None:
    """Queue keys the way the terminal driver does, all at once, none handled yet."""
    driver = app._driver
    assert driver is not None
    chars = {"slash": "/", "enter": "\r", "down": None}
    for key in keys.split():
        event = events.Key(key, chars.get(key, key))
        event.set_sender(app)
        driver.send_message(event)


async def test_letters_typed_right_after_slash_reach_the_query(
    tmp_path: Path, index_cache: Path
) -> None:
    app = app_for(tmp_path, index_cache)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        _burst(app, "slash k u r i l")
        await pilot.pause()
        await settle(pilot)
        assert app.query_one("#query", Input).value == "kuril"


async def test_enter_then_enter_opens_the_first_result(tmp_path: Path, index_cache: Path) -> None:
    app = app_for(tmp_path, index_cache)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"kuril")
        await settle(pilot)
        assert app.query_one(SearchPane).results.option_count
        _burst(app, "down enter")
        await pilot.pause()
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)


async def test_pane_key_then_enter_acts_in_the_new_pane(tmp_path: Path, index_cache: Path) -> None:
    app = app_for(tmp_path, index_cache)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"kuril")
        await settle(pilot)
        await pilot.press("down")  # into the results: enter there would open an article
        _burst(app, "1 enter")
        await pilot.pause()
        await settle(pilot)
        assert not isinstance(app.screen, ReaderScreen), "enter went to the search results"
        assert app.main.active == "comparison"


async def test_enter_twice_in_the_query_opens_the_first_result(
    tmp_path: Path, index_cache: Path
) -> None:
    """The second enter reaches the query before the first one's move to the results is handled
    (a submit is a message behind the keys); it still opens the first result."""
    app = app_for(tmp_path, index_cache)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"kuril")
        await settle(pilot)
        _burst(app, "enter enter")
        await pilot.pause()
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
