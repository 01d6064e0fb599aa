"""The subcommands: `summary`, `search`, `export`, `events`, `compare` and `index`.

Each asks the workspace one thing and prints it with a renderer; none repeats the corpus work.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import click

from briefing.cli.group import main
from briefing.cli.support import (
    corpus_options,
    esc,
    follow_links_option,
    location_of,
    open_workspace,
    os_reason,
    stderr,
    stdout,
)
from briefing.errors import BriefingError
from briefing.workspace import Location


@main.command()
@corpus_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["rich", "markdown", "json"]),
    default="rich",
    show_default=True,
    help="rich: for the terminal (plain text in a pipe); markdown or json: for files and tools.",
)
@click.option(
    "--top",
    type=click.IntRange(1, 100),
    default=10,
    show_default=True,
    help="How many events, people, places and quotes to list.",
)
@click.option(
    "--timeline",
    "timeline_limit",
    type=click.IntRange(0, None),
    default=200,
    show_default=True,
    help="Show the most recent N timeline entries (0: all).",
)
def summary(
    corpus: Path | None,
    index_dir: Path | None,
    rules: Path | None,
    fmt: str,
    top: int,
    timeline_limit: int,
) -> None:
    """Print the briefing: corpus at a glance, events, timeline, people, places, quotes.

    Every line cites its article (outlet, date, id) so it can be checked.
    """
    from briefing.render.briefing_markdown import render_markdown
    from briefing.render.briefing_rich import render_rich
    from briefing.render.json import render_json

    # the events' child reads their state while the index is brought up to date
    ws, _ = open_workspace(
        location_of(corpus, index_dir, rules), before_update=lambda w: w.expect_briefing(top=top)
    )
    briefing = ws.briefing(top=top, timeline_limit=timeline_limit or None)
    if fmt == "json":
        click.echo(render_json(briefing))
    elif fmt == "markdown":
        click.echo(render_markdown(briefing))
    else:
        render_rich(briefing, stdout())


@main.command()
@corpus_options
@click.argument("query")
@click.option("--limit", type=click.IntRange(1, 10_000), default=10, show_default=True)
@click.option(
    "--sort",
    type=click.Choice(["relevance", "date"]),
    default="relevance",
    show_default=True,
    help="date: newest first.",
)
@click.option("--json", "as_json", is_flag=True, help="Print hits as JSON.")
def search(
    corpus: Path | None,
    index_dir: Path | None,
    rules: Path | None,
    query: str,
    limit: int,
    sort: str,
    as_json: bool,
) -> None:
    """Search the corpus. QUERY: words, "phrases", AND/OR/NOT, fields, date ranges.

    \b
    Fields: outlet:tass  person:abe  place:kuril*  org:apec  dateline:tokyo
            headline:treaty  body:gas  date:2016-12  date:[2016-12-01 to 2016-12-31]
    """
    from briefing.render.json import dumps, search_json
    from briefing.render.search import render_search

    ws, _ = open_workspace(location_of(corpus, index_dir, rules))
    result = ws.search(query, limit=limit, sort=sort)
    if as_json:
        click.echo(dumps(search_json(result), indent=2))
        return
    render_search(result, stdout())


@main.command()
@corpus_options
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead of stdout.",
)
def export(
    corpus: Path | None, index_dir: Path | None, rules: Path | None, output: Path | None
) -> None:
    """Write every article as one JSON object per line (see README, "Export schema")."""
    from briefing.render.json import dumps

    ws, _ = open_workspace(location_of(corpus, index_dir, rules))
    lines = (dumps(record) + "\n" for record in ws.export_records())
    if output is None:
        for line in lines:
            sys.stdout.write(line)
        sys.stdout.flush()
        return
    tmp = output.with_name(output.name + ".tmp")
    written = 0
    try:
        with tmp.open("w", encoding="utf-8") as fh:
            for line in lines:
                fh.write(line)
                written += 1
        tmp.replace(output)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise BriefingError(f"{output}: cannot write: {os_reason(exc)}") from None
    stderr().print(f"wrote {written} articles to {esc(str(output))}")


@main.command()
@corpus_options
@click.option("--json", "as_json", is_flag=True, help="Print events as JSON.")
@click.option("--markdown", "as_markdown", is_flag=True, help="Print events by month as Markdown.")
@click.option(
    "--regroup",
    is_flag=True,
    help="Group the whole corpus from scratch (normally only what changed is placed).",
)
@click.option("--long", "long", is_flag=True, help="Also each event's id, people and places.")
def events(
    corpus: Path | None,
    index_dir: Path | None,
    rules: Path | None,
    as_json: bool,
    as_markdown: bool,
    regroup: bool,
    long: bool,
) -> None:
    """List the events: articles about the same happening, from any outlet.

    One line per event: dates, label, the top outlets with their article counts. Each event
    also has a stable id, people and places (--long, --json) and its articles per outlet
    (--json). An event only one outlet covered is a blindspot for the others.
    """
    from briefing.render.events import render_events
    from briefing.render.events_markdown import render_events_markdown
    from briefing.render.json import dumps

    opts = location_of(corpus, index_dir, rules)
    ws, _ = open_workspace(opts)
    found = ws.events(regroup=regroup)
    if as_json:
        payload = {"corpus": str(opts.corpus), "events": [e.to_json() for e in found]}
        click.echo(dumps(payload, indent=2))
        return
    if as_markdown:
        click.echo(render_events_markdown(found), nl=False)
        return
    render_events(found, stdout(), long=long)


@main.command()
@corpus_options
@click.argument("event")
@click.option(
    "--outlets",
    metavar="A,B",
    help="Two to four outlets to compare (default: the event's biggest, up to four).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["rich", "markdown", "json"]),
    default="rich",
    show_default=True,
)
@click.option(
    "--top",
    type=click.IntRange(1, 100),
    default=12,
    show_default=True,
    help="How many statements to show per section.",
)
def compare(
    corpus: Path | None,
    index_dir: Path | None,
    rules: Path | None,
    event: str,
    outlets: str | None,
    fmt: str,
    top: int,
) -> None:
    """Compare how outlets told one EVENT (an id from `briefing events`, or words of its label).

    \b
    Shows statements reported alike (side by side), what only one outlet reports, quotes and
    their wording, numbers and dates (disagreements flagged), naming and framing, a coverage
    matrix, text reuse and who reported first.
    \b
    Examples:
      briefing compare "visit to japan"
      briefing compare 2016-12-13-putin --outlets tass,sputnik --format markdown
    """
    from briefing.render.compare_markdown import render_compare_markdown
    from briefing.render.compare_rich import render_compare
    from briefing.render.json import compare_json

    ws, _ = open_workspace(location_of(corpus, index_dir, rules))
    chosen = ws.find_event(event)
    wanted = [o for o in (outlets or "").split(",") if o.strip()] or None
    result = ws.compare(chosen, wanted, top=top)
    if fmt == "json":
        click.echo(compare_json(result))
    elif fmt == "markdown":
        click.echo(render_compare_markdown(result, top=top), nl=False)
    else:
        render_compare(result, stdout(), top=top)


@main.command()
@corpus_options
@click.option("--rebuild", is_flag=True, help="Throw the index away and build it again.")
@follow_links_option
def index(
    corpus: Path | None,
    index_dir: Path | None,
    rules: Path | None,
    rebuild: bool,
    follow_links: bool | None,
) -> None:
    """Build or update the index (only added, changed or removed files are re-read), then its
    events (updated with what changed, grouped from scratch the first time) and the summary's
    rows, so a summary or the app after it finds them ready."""
    import time

    opts = location_of(corpus, index_dir, rules)
    opts = Location(opts.corpus, opts.index_dir, opts.rules_file, follow_links)
    ws, report = open_workspace(opts, rebuild=rebuild, stale_ok=False)
    out = stdout()
    out.print(
        f"[bold]{report.added}[/] added, [bold]{report.updated}[/] "
        f"{'re-read' if report.reread else 'updated'}, "
        f"[bold]{report.removed}[/] removed, {report.unchanged} unchanged, "
        f"[yellow]{len(report.skipped)}[/] warnings "
        f"in {report.seconds:.1f}s; {ws.count()} articles in {esc(str(ws.index.directory))}"
    )
    if ws.count():
        started = time.perf_counter()
        found = ws.prepare()
        out.print(f"{found} events, in {time.perf_counter() - started:.1f}s")
