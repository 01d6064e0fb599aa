"""Pilot tests of the app: keys in, state and messages asserted, workers waited on (no sleeps)."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_helpers import app_for, hostile_corpus, idle, settle, workers_done
from textual.widgets import Input

from briefing.app.comparison_pane import ComparisonPane
from briefing.app.empty import EmptyCorpusScreen
from briefing.app.help import HelpScreen
from briefing.app.main_screen import MainScreen
from briefing.app.messages import OpenArticle, OpenEvent
from briefing.app.reader import ReaderScreen
from briefing.app.search_pane import SearchPane
from briefing.app.timeline import TimelinePane

SIZE = (120, 40)


def option_ids(widget: TimelinePane | SearchPane) -> list[str]:
    ol = widget.option_list if isinstance(widget, TimelinePane) else widget.results
    return [ol.get_option_at_index(i).id or "" for i in range(ol.option_count)]


def prompts(widget: TimelinePane | SearchPane) -> str:
    if isinstance(widget, TimelinePane):
        return "\n".join(row.text for row in widget.rows)
    ol = widget.results
    return "\n".join(str(ol.get_option_at_index(i).prompt) for i in range(ol.option_count))


# --- timeline --------------------------------------------------------------------------------


async def test_timeline_shows_events_outlets_blindspots_and_references(
    tmp_path: Path, index_cache: Path
) -> None:
    app = app_for(tmp_path, index_cache)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        timeline = app.main.query_one(TimelinePane)
        assert app.corpus is not None and len(app.corpus.events) == 3
        text = prompts(timeline)
        assert "December 2016" in text and "Putin's visit to Japan" in text
        assert "Sputnik 2" in text and "TASS 1" in text
        assert "TASS · blindspot (1/2)" in text and "not in" not in text
        assert "referenced" in text and "ahead" in text
        assert "~Dec 2016" in text  # the month-precise article looks approximate
        # The newest event is highlighted and focused.
        assert app.focused is timeline.option_list
        assert timeline.highlighted_event() == "2016-12-13-putins-visit-to-japan"


async def test_timeline_enter_compares_event_and_opens_articles(
    tmp_path: Path, index_cache: Path
) -> None:
    app = app_for(tmp_path, index_cache)
    seen: list[object] = []
    async with app.run_test(size=SIZE, message_hook=seen.append) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await idle(pilot)
        assert any(isinstance(m, OpenEvent) for m in seen)
        pane = app.main.query_one(ComparisonPane)
        assert pane.event is not None and pane.event.id == "2016-12-13-putins-visit-to-japan"
        assert app.main.active == "comparison"
        await pilot.press("1", "j", "enter")  # the event's first article
        await pilot.pause()
        assert any(isinstance(m, OpenArticle) for m in seen)
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_f_filters_the_timeline_not_the_search(tmp_path: Path, index_cache: Path) -> None:
    app = app_for(tmp_path, index_cache)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        timeline = app.main.query_one(TimelinePane)
        await pilot.press("f", *"sputnik")
        await pilot.pause()
        assert timeline.query_one("#timeline-filter", Input).value == "sputnik"
        events = [i for i in option_ids(timeline) if i.startswith("e:")]
        assert events == ["e:2016-12-13-putins-visit-to-japan"]
        assert app.main.query_one(SearchPane).query_text == ""
        await pilot.press("enter", "escape")  # back to the list, then clear
        await pilot.pause()
        assert timeline.query_one("#timeline-filter", Input).value == ""
        assert len([i for i in option_ids(timeline) if i.startswith("e:")]) == 3


async def test_vim_keys_and_expand(tmp_path: Path, index_cache: Path) -> None:
    app = app_for(tmp_path, index_cache)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        timeline = app.main.query_one(TimelinePane)
        ol = timeline.option_list
        await pilot.press("g")
        first = ol.highlighted
        await pilot.press("j")
        assert ol.highlighted is not None and first is not None and ol.highlighted > first
        await pilot.press("k")
        assert ol.highlighted == first
        await pilot.press("G")
        assert ol.highlighted == ol.option_count - 1
        # Collapse the newest event: its articles disappear.
        eid = "2016-12-13-putins-visit-to-japan"
        ol.highlighted = ol.get_option_index(f"e:{eid}")
        before = ol.option_count
        await pilot.press("space")
        assert ol.option_count == before - 3
        assert ol.highlighted_option is not None and ol.highlighted_option.id == f"e:{eid}"


# --- search ----------------------------------------------------------------------------------


async def test_search_as_you_type_and_reader_with_matches(
    tmp_path: Path, index_cache: Path
) -> None:
    app = app_for(tmp_path, index_cache)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("/")
        assert app.focused is app.main.query_one("#query")
        await pilot.press(*"kurils")
        await idle(pilot)
        search = app.main.query_one(SearchPane)
        assert search.result is not None
        expected = app.workspace.search("kurils", limit=50) if app.workspace else None
        assert expected is not None and search.result.total == expected.total > 0
        assert [h.article_id for h in search.result.hits] == option_ids(search)
        status = str(search.query_one("#search-status").render())
        assert f"{expected.total} match" in status and "TASS" in status
        await pilot.press("down", "enter")
        await pilot.pause()
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        assert reader.matches, "the query's words are highlighted in the text"
        assert reader.current == 0
        await pilot.press("n")
        assert reader.current == 1 % len(reader.matches)
        await pilot.press("N")
        assert reader.current == 0
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
        assert app.focused is search.results


async def test_search_errors_inline_and_did_you_mean(tmp_path: Path, index_cache: Path) -> None:
    app = app_for(tmp_path, index_cache)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        search = app.main.query_one(SearchPane)
        await pilot.press("/", *'"peace treaty')
        await idle(pilot)
        assert search.error and "quote" in search.error.lower()
        assert "✖" in str(search.query_one("#search-status").render())
        search.query_one("#query", Input).value = ""
        await pilot.press(*"date:2016-13")
        await idle(pilot)
        assert search.error
        search.query_one("#query", Input).value = ""
        await pilot.press(*"abee")
        await idle(pilot)
        assert search.result is not None and search.result.suggestion == "abe"
        assert "Did you mean" in str(search.query_one("#search-status").render())
        status = search.query_one("#search-status")
        assert status.size.height == 2  # the counts, then "did you mean"
        await pilot.press("ctrl+y")
        await idle(pilot)
        assert search.query_text == "abe" and search.result.total > 0
        # the status line is laid out again when its height changes (only then)
        assert status.size.height == 1


async def test_search_sort_toggle_and_stale_results_ignored(
    tmp_path: Path, index_cache: Path
) -> None:
    app = app_for(tmp_path, index_cache)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        search = app.main.query_one(SearchPane)
        await pilot.press("/", *"putin", "enter")
        await idle(pilot)
        assert app.focused is search.results and search.result is not None
        assert search.result.sort == "relevance"
        await pilot.press("s")
        await idle(pilot)
        assert search.result.sort == "date"
        dates = [h.published or "" for h in search.result.hits]
        assert dates == sorted(dates, reverse=True)
        # A result for a query that is no longer typed is never shown.
        old = search.result
        search.show_result("something else", old)
        assert search.result is old


# --- reader, help, keys, theme, export -------------------------------------------------------


async def test_reader_shows_how_the_date_is_known(tmp_path: Path, index_cache: Path) -> None:
    app = app_for(tmp_path, index_cache)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.corpus is not None
        article = next(a for a in app.corpus.articles.values() if a.published.precision == "month")
        app.post_message(OpenArticle(article.id))
        await pilot.pause()
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        meta = str(reader.query_one("#reader-meta").render())
        assert article.outlet and article.outlet in meta
        assert "~Dec 2016" in meta and "month" in meta
        assert "date:" in meta and "People:" in meta and "Places:" in meta
        assert reader.query_one("#reader-headline").allow_select
        await pilot.press("G", "g", "escape")
        assert isinstance(app.screen, MainScreen)


async def test_help_lists_every_binding_with_ids(tmp_path: Path, index_cache: Path) -> None:
    app = app_for(tmp_path, index_cache)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.table
        from rich.console import Console

        console = Console(width=120, record=True)
        console.print(table)
        text = console.export_text()
        for binding_id in (
            "timeline.filter",
            "search.sort",
            "reader.next",
            "app.search",
            "list.down",
        ):
            assert binding_id in text
        await pilot.press("escape")
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("q")
        assert isinstance(app.screen, MainScreen)


async def test_keymap_from_config_remaps_keys(tmp_path: Path, index_cache: Path) -> None:
    config = tmp_path / "config"
    config.mkdir()
    (config / "keymap.toml").write_text('"timeline.filter" = "ctrl+f"\n"list.down" = "ctrl+n"\n')
    app = app_for(tmp_path, index_cache)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        ol = app.main.query_one(TimelinePane).option_list
        await pilot.press("g", "ctrl+n")
        assert ol.highlighted is not None and ol.highlighted > 0
        await pilot.press("ctrl+f")
        assert app.focused is app.main.query_one("#timeline-filter")


async def test_broken_config_is_a_warning_not_a_crash(tmp_path: Path, index_cache: Path) -> None:
    config = tmp_path / "config"
    config.mkdir()
    (config / "keymap.toml").write_text("this is [not toml")
    app = app_for(tmp_path, index_cache)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert any("keymap.toml" in n.message for n in app._notifications)


async def test_theme_persists_between_runs(tmp_path: Path, index_cache: Path) -> None:
    app = app_for(tmp_path, index_cache)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.theme = "nord"
        await pilot.pause()
    assert 'theme = "nord"' in (tmp_path / "config" / "app.toml").read_text()
    again = app_for(tmp_path / "second", index_cache) if False else None
    assert again is None
    from briefing.app import make_app

    second = make_app(
        app.corpus_path, tmp_path / "index", config_dir=tmp_path / "config", export_dir=tmp_path
    )
    async with second.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert second.theme == "nord"


async def test_export_writes_markdown_of_the_pane(tmp_path: Path, index_cache: Path) -> None:
    app = app_for(tmp_path, index_cache)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await pilot.press("/", *"treaty", "enter")
        await idle(pilot)
        await pilot.press("e")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("e")
    out = tmp_path / "out"
    timeline = (out / "briefing-timeline.md").read_text()
    assert timeline.startswith("# Timeline") and "Putin's visit to Japan" in timeline
    search = (out / "briefing-search-treaty.md").read_text()
    assert search.startswith("# Search: treaty") and "matches" in search
    articles = list(out.glob("briefing-article-*.md"))
    assert len(articles) == 1
    assert any("saved the" in n.message for n in app._notifications)


# --- layout, bad input -----------------------------------------------------------------------


async def test_narrow_terminal_uses_tabs(tmp_path: Path, index_cache: Path) -> None:
    app = app_for(tmp_path, index_cache)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        main = app.main
        assert main.has_class("-narrow")
        assert main.query_one("#timeline").display and not main.query_one("#search").display
        await pilot.press("2")
        assert main.query_one("#search").display and not main.query_one("#timeline").display
        await pilot.press("tab")
        assert main.active == "comparison" and main.query_one("#comparison").display
        await pilot.press("tab")
        assert main.active == "timeline"
    wide = app_for(tmp_path / "wide", index_cache)
    async with wide.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert wide.main.has_class("-wide")
        assert all(
            wide.main.query_one(f"#{p}").display for p in ("timeline", "search", "comparison")
        )


async def test_markup_and_escapes_in_articles_are_shown_as_text(
    tmp_path: Path, index_cache: Path
) -> None:
    corpus = hostile_corpus(tmp_path)
    app = app_for(tmp_path, index_cache, corpus)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "[bold red]Alarm[/]" in prompts(app.main.query_one(TimelinePane))
        await pilot.press("/", *"alarm", "enter")
        await idle(pilot)
        search = app.main.query_one(SearchPane)
        shown = prompts(search)
        assert "[bold red]Alarm[/]" in shown and "\x1b" not in shown
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        headline = str(app.screen.query_one("#reader-headline").render())
        assert "[bold red]" in headline and "\x1b" not in headline
        body = str(app.screen.query_one("#p-0").render())
        assert "[link=x]went[/link]" in body
        meta = str(app.screen.query_one("#reader-meta").render())
        assert "Wire [b]One[/b]" in meta


@pytest.mark.parametrize("kind", ["missing", "empty"])
async def test_missing_or_empty_corpus_shows_a_helpful_screen(
    tmp_path: Path, index_cache: Path, kind: str
) -> None:
    corpus = tmp_path / "corpus"
    if kind == "empty":
        corpus.mkdir()
    app = app_for(tmp_path, index_cache, corpus, prebuilt=False)
    async with app.run_test(size=SIZE) as pilot:
        await workers_done(app)
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, EmptyCorpusScreen)
        text = str(app.screen.query_one("#empty-text").render())
        assert "--corpus" in text
        await pilot.press("q")
    assert app.return_code in (0, None)


async def test_app_is_usable_while_the_index_updates(tmp_path: Path, index_cache: Path) -> None:
    """A fresh index: the screen answers keys at once, progress is shown, then events appear."""
    app = app_for(tmp_path, index_cache, prebuilt=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("/", *"abe")
        assert app.main.query_one(SearchPane).query_text == "abe"
        await settle(pilot)
        await idle(pilot)
        search = app.main.query_one(SearchPane)
        assert search.result is not None and search.result.total > 0
        assert app.corpus is not None and len(app.corpus.events) == 3


async def test_escape_leaves_the_query_so_keys_are_commands_again(
    tmp_path: Path, index_cache: Path
) -> None:
    app = app_for(tmp_path, index_cache)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        search = app.main.query_one(SearchPane)
        await pilot.press("slash", *"kuril", "enter")
        await settle(pilot)
        search.focus_query()
        await pilot.press("escape")
        assert app.focused is search.results
        await pilot.press("1")  # a command again, not a character of the query
        assert search.query_text == "kuril"
        assert app.focused is app.main.query_one(TimelinePane).option_list


async def test_as_you_type_the_word_being_typed_matches_as_a_prefix(
    tmp_path: Path, index_cache: Path
) -> None:
    app = app_for(tmp_path, index_cache)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("/", *"anachronis")
        await idle(pilot)
        search = app.main.query_one(SearchPane)
        assert search.result is not None and search.result.total > 0  # never "0 matches"
        status = str(search.query_one("#search-status").render())
        assert "0 matches" not in status and "Did you mean" not in status


async def test_unknown_keymap_ids_themes_and_a_remapped_q_are_reported(
    tmp_path: Path, index_cache: Path
) -> None:
    config = tmp_path / "config"
    config.mkdir()
    (config / "keymap.toml").write_text('"timeline.filtr" = "ctrl+f"\n"timeline.filter" = "q"\n')
    (config / "app.toml").write_text('theme = "no-such-theme"\n')
    app = app_for(tmp_path, index_cache)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        messages = " ".join(n.message for n in app._notifications)
        assert "'timeline.filtr'" in messages  # a typo in an id is named
        assert "no-such-theme" in messages
        assert "ctrl+q still quits" in messages  # q now filters; quitting is still a key away
        await pilot.press("q")
        assert app.is_running and app.focused is app.main.query_one("#timeline-filter")


async def test_export_of_an_empty_comparison_is_refused(tmp_path: Path, index_cache: Path) -> None:
    app = app_for(tmp_path, index_cache)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3", "e")
        await pilot.pause()
        assert not list((tmp_path / "out").glob("*.md"))
        assert any("nothing to export" in n.message for n in app._notifications)


async def test_ctrl_c_says_what_it_copied(tmp_path: Path, index_cache: Path) -> None:
    app = app_for(tmp_path, index_cache)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert any("nothing selected" in n.message for n in app._notifications)


async def test_reader_shows_the_url_drops_photo_credits_and_scrolls_per_key(
    tmp_path: Path, index_cache: Path
) -> None:
    import json

    corpus = tmp_path / "withurl"
    corpus.mkdir()
    body = "\n\n".join(
        [
            "Enlarge this image toggle caption Jane Roe/AP Jane Roe/AP",
            *(
                f"Paragraph {n} of the story about the harbour talks in Port Meridian."
                for n in range(40)
            ),
        ]
    )
    record = {
        "title": "Harbour talks open",
        "body": body,
        "outlet": "Wire",
        "date": "2020-01-02",
        "url": "https://example.org/harbour",
    }
    (corpus / "a.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    app = app_for(tmp_path, index_cache, corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.corpus is not None
        (aid,) = app.corpus.articles
        app.post_message(OpenArticle(aid))
        await pilot.pause()
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        assert "https://example.org/harbour" in str(reader.query_one("#reader-meta").render())
        texts = " ".join(str(p.render()) for p in reader.query(".paragraph"))
        assert "toggle caption" not in texts and "Paragraph 0" in texts
        for _ in range(5):  # a burst of key repeats, all handled before the screen refreshes
            reader.action_scroll_down()
        await pilot.pause()
        assert reader.query_one("#reader-scroll").scroll_y == 5


async def test_while_the_index_is_built_results_say_they_are_so_far(
    tmp_path: Path, index_cache: Path
) -> None:
    from briefing.build import Progress

    app = app_for(tmp_path, index_cache)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("/", *"putin")
        await idle(pilot)
        search = app.main.query_one(SearchPane)
        search.set_indexing(Progress(2, 5, "files"))
        status = str(search.query_one("#search-status").render())
        assert "indexing 2/5 files… results so far" in status
        search.set_indexing(None)
        assert "so far" not in str(search.query_one("#search-status").render())


async def test_a_hit_shown_again_keeps_its_row(tmp_path: Path, index_cache: Path) -> None:
    """The next keystroke's results reuse the rows of the hits they share with the last ones
    (each row is measured once); a hit that changed in any way gets a row of its own."""
    from dataclasses import replace

    app = app_for(tmp_path, index_cache)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        search = app.main.query_one(SearchPane)
        await pilot.press("/", *"treaty")
        await idle(pilot)
        result = search.result
        assert result is not None and len(result.hits) >= 2
        rows = [search.results.get_option_at_index(i) for i in range(len(result.hits))]
        first = result.hits[0]
        changed = replace(first, headline=first.headline + " (updated)", headline_snippet=None)
        again = replace(result, hits=(changed, *result.hits[1:]))
        search.show_result(search.query_text.strip(), again)
        now = [search.results.get_option_at_index(i) for i in range(len(again.hits))]
        assert now[0] is not rows[0] and "(updated)" in str(now[0].prompt)
        assert all(a is b for a, b in zip(now[1:], rows[1:], strict=True))
        assert [o.id for o in now] == [h.article_id for h in again.hits]
        assert search.results.highlighted == 0


async def test_the_app_follows_links_out_of_the_corpus_when_asked(tmp_path: Path) -> None:
    from briefing.app import make_app

    corpus, outside = tmp_path / "corpus", tmp_path / "outside"
    corpus.mkdir()
    outside.mkdir()
    story = (
        "TOKYO, Dec. 2 (Kyodo) -- Talks on the islands went on for a second day, officials said."
    )
    (corpus / "a.txt").write_text(f"Talks go on\n\n{story}\n", encoding="utf-8")
    (outside / "b.txt").write_text(f"Islands talks end\n\n{story} They ended.\n", encoding="utf-8")
    (corpus / "b.txt").symlink_to(outside / "b.txt")
    for follow, expected in ((None, 1), (True, 2), (None, 2), (False, 1)):
        app = make_app(
            corpus, tmp_path / "index", config_dir=tmp_path / "config", follow_links=follow
        )
        async with app.run_test(size=SIZE) as pilot:
            await workers_done(app)
            await settle(pilot)
            assert app.workspace is not None
            assert app.workspace.count() == expected, follow  # None: as the last update chose
