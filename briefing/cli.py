"""The `briefing` command line: summary, search, export and index over a corpus folder.

Why this module exists: it is the thin shell between a person's terminal and the domain. It
parses options, opens (and incrementally updates) the index, calls the domain, and prints what
comes back: with Rich on a terminal, plainly in a pipe, as JSON or Markdown when asked. Errors a
user can fix become one line on stderr and a non-zero exit, never a traceback; warnings about
individual files name the file and never stop the rest.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from briefing.cache import corpus_events
from briefing.corpus import bundled_corpus
from briefing.errors import BriefingError, CorpusError

if TYPE_CHECKING:
    from rich.console import Console

    from briefing.build import Progress as BuildProgress
    from briefing.index import CorpusIndex, UpdateReport

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True, slots=True)
class Options:
    corpus: Path
    index_dir: Path | None
    rules: Path | None


def corpus_options(func: F) -> F:
    """The options every command takes."""
    func = click.option(
        "--rules",
        "rules",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help="Extra reading rules (TOML): outlets, datelines, boilerplate, record fields.",
    )(func)
    func = click.option(
        "--index-dir",
        type=click.Path(file_okay=False, path_type=Path),
        envvar="BRIEFING_INDEX_DIR",
        help="Where the index lives (default: your cache directory, one per corpus). "
        "Env: BRIEFING_INDEX_DIR.",
    )(func)
    func = click.option(
        "--corpus",
        type=click.Path(path_type=Path),
        default=None,
        help="Folder (or single file) of articles: .txt, .jsonl, .jsonl.gz. "
        "Default: the bundled corpus.",
    )(func)
    return func


def _options(corpus: Path | None, index_dir: Path | None, rules: Path | None) -> Options:
    return Options(
        corpus=(corpus or bundled_corpus()).expanduser(),
        index_dir=index_dir.expanduser() if index_dir else None,
        rules=rules,
    )


def _stderr() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def _stdout() -> Console:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


def _warn_all(report: UpdateReport, shown_per_reason: int = 3) -> None:
    """One line per problem file; many files with the same problem are summarised."""
    err = _stderr()
    by_reason: dict[str, list[str]] = {}
    for w in report.skipped:
        by_reason.setdefault(w.reason, []).append(w.path)
    for reason, paths in by_reason.items():
        for path in paths[:shown_per_reason]:
            err.print(f"[yellow]warning:[/] {_esc(path)}: {_esc(reason)}")
        if len(paths) > shown_per_reason:
            more = len(paths) - shown_per_reason
            err.print(f"[yellow]warning:[/] … and {more} more: {_esc(reason)}")


def _esc(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def progress_label(step: BuildProgress) -> str:
    """The progress bar's label: what the build counts ("Indexing files", "Indexing articles")."""
    return f"Indexing {step.unit}"


def open_index(
    opts: Options, *, quiet: bool = False, rebuild: bool = False
) -> tuple[CorpusIndex, UpdateReport]:
    """Open the corpus's index and bring it up to date, with a progress bar on long work."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    from briefing.build import update
    from briefing.index import CorpusIndex
    from briefing.ingest import load_rules

    rules = load_rules(opts.corpus, opts.rules)
    index = CorpusIndex.open(opts.corpus, index_dir=opts.index_dir, rebuild=rebuild)
    err = _stderr()
    show = not quiet and err.is_terminal
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not show,
    ) as progress:
        task = progress.add_task("Indexing", total=None)

        def tick(step: BuildProgress) -> None:
            progress.update(
                task, description=progress_label(step), completed=step.done, total=step.total
            )

        report = update(index, rules, progress=tick)
    if not quiet:
        _warn_all(report)
    if index.count() == 0:
        raise CorpusError(
            f"{opts.corpus}: no articles found (looked for *.txt, *.jsonl, *.jsonl.gz, *.ndjson)"
        )
    return index, report


class _Group(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BriefingError as exc:
            raise click.ClickException(str(exc)) from exc
        except BrokenPipeError:
            # `briefing export | head`: the reader left; that is not an error.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            return None


@click.group(
    cls=_Group,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(package_name="briefing")
@corpus_options
@click.pass_context
def main(
    ctx: click.Context, corpus: Path | None, index_dir: Path | None, rules: Path | None
) -> None:
    """Brief yourself on a news story from a folder of saved articles.

    With no command, opens the app (timeline, search, comparison); `?` in it lists the keys.

    \b
    Examples:
      briefing                              the app, on the bundled corpus
      briefing --corpus ~/news              the app, on your articles
      briefing summary                      the bundled corpus, briefed
      briefing search 'kuril* AND outlet:tass'
      briefing search 'date:[2016-12-01 to 2016-12-31]' --sort date
      briefing events                       stories told by several outlets
      briefing compare "visit to japan" --outlets tass,sputnik
      briefing export --corpus ~/news > articles.jsonl
      briefing index --corpus ~/news        build or update the index
    """
    if ctx.invoked_subcommand is None:
        _run_app(_options(corpus, index_dir, rules))
        return
    # `briefing --corpus X summary` means the same as `briefing summary --corpus X`
    given = {
        k: str(v)
        for k, v in (("corpus", corpus), ("index_dir", index_dir), ("rules", rules))
        if v is not None
    }
    if given:
        ctx.default_map = {ctx.invoked_subcommand: given}


def _run_app(opts: Options) -> None:
    """Open the Textual app (imported only now: the other commands never load Textual)."""
    if not sys.stdin.isatty() or not sys.stdout.isatty():
        raise click.UsageError(
            "the app needs a terminal; in a pipe use a command: summary, search, export, ..."
        )
    from briefing.app import make_app

    make_app(opts.corpus, opts.index_dir, opts.rules).run()


@main.command()
@corpus_options
def app(corpus: Path | None, index_dir: Path | None, rules: Path | None) -> None:
    """Open the app: timeline, search and side-by-side comparison, all from the keyboard.

    `?` lists every key. Keys can be remapped in keymap.toml in your config folder.
    """
    _run_app(_options(corpus, index_dir, rules))


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
    from briefing.cache import cached
    from briefing.render.briefing_markdown import render_markdown
    from briefing.render.briefing_rich import render_rich
    from briefing.render.json import render_json
    from briefing.summary import build_briefing

    opts = _options(corpus, index_dir, rules)
    index, _ = open_index(opts)

    def build() -> Any:
        found = corpus_events(index)
        return build_briefing(
            index.all_articles(),
            top=top,
            title=opts.corpus.name,
            events=found,
            timeline_limit=timeline_limit or None,
        )

    key = f"{top}|{timeline_limit}|{opts.corpus.name}"
    briefing = cached(index.directory, "briefing", key, build)
    if fmt == "json":
        click.echo(render_json(briefing))
    elif fmt == "markdown":
        click.echo(render_markdown(briefing))
    else:
        render_rich(briefing, _stdout())


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
    from briefing.render.json import search_json
    from briefing.render.search import render_search

    opts = _options(corpus, index_dir, rules)
    index, _ = open_index(opts)
    result = index.search(query, limit=limit, sort=sort)
    if as_json:
        click.echo(json.dumps(search_json(result), ensure_ascii=False, indent=2))
        return
    render_search(result, _stdout())


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
    from briefing.events import event_of

    opts = _options(corpus, index_dir, rules)
    index, _ = open_index(opts)
    articles = sorted(index.all_articles(), key=lambda a: (a.published.date.sort_key(), a.id))
    events = event_of(corpus_events(index))
    lines = (
        json.dumps({**a.to_json(), "event_id": events.get(a.id)}, ensure_ascii=False) + "\n"
        for a in articles
    )
    if output is None:
        for line in lines:
            sys.stdout.write(line)
        sys.stdout.flush()
        return
    tmp = output.with_name(output.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        fh.writelines(lines)
    tmp.replace(output)
    _stderr().print(f"wrote {len(articles)} articles to {_esc(str(output))}")


@main.command()
@corpus_options
@click.option("--json", "as_json", is_flag=True, help="Print events as JSON.")
@click.option("--markdown", "as_markdown", is_flag=True, help="Print events by month as Markdown.")
def events(
    corpus: Path | None,
    index_dir: Path | None,
    rules: Path | None,
    as_json: bool,
    as_markdown: bool,
) -> None:
    """List the events: articles about the same happening, from any outlet.

    Each event has a stable id, a label, its dates, people and places, and its articles per
    outlet. An event only one outlet covered is a blindspot for the others.
    """
    from briefing.render.events import render_events
    from briefing.render.events_markdown import render_events_markdown

    opts = _options(corpus, index_dir, rules)
    index, _ = open_index(opts)
    found = corpus_events(index)
    if as_json:
        payload = {"corpus": str(opts.corpus), "events": [e.to_json() for e in found]}
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    if as_markdown:
        click.echo(render_events_markdown(found), nl=False)
        return
    render_events(found, _stdout())


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
    from briefing.compare import compare as run_compare
    from briefing.events import find_event
    from briefing.ingest import load_rules
    from briefing.render.compare_markdown import render_compare_markdown
    from briefing.render.compare_rich import render_compare
    from briefing.render.json import compare_json

    opts = _options(corpus, index_dir, rules)
    index, _ = open_index(opts)
    chosen = find_event(corpus_events(index), event)
    if chosen is None:
        raise BriefingError(f"no event matches {event!r}; `briefing events` lists them")
    wanted = [o for o in (outlets or "").split(",") if o.strip()] or None
    articles = [a for a in map(index.get, chosen.articles) if a is not None]
    result = run_compare(
        chosen, articles, wanted, top=top, rules=load_rules(opts.corpus, opts.rules)
    )
    if fmt == "json":
        click.echo(compare_json(result))
    elif fmt == "markdown":
        click.echo(render_compare_markdown(result, top=top), nl=False)
    else:
        render_compare(result, _stdout(), top=top)


@main.command()
@corpus_options
@click.option("--rebuild", is_flag=True, help="Throw the index away and build it again.")
def index(corpus: Path | None, index_dir: Path | None, rules: Path | None, rebuild: bool) -> None:
    """Build or update the index (only added, changed or removed files are re-read)."""
    opts = _options(corpus, index_dir, rules)
    ix, report = open_index(opts, rebuild=rebuild)
    out = _stdout()
    out.print(
        f"[bold]{report.added}[/] added, [bold]{report.updated}[/] updated, "
        f"[bold]{report.removed}[/] removed, {report.unchanged} unchanged, "
        f"[yellow]{len(report.skipped)}[/] warnings "
        f"in {report.seconds:.1f}s; {ix.count()} articles in {_esc(str(ix.directory))}"
    )
