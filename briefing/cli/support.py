"""What every command of the command line shares: the corpus options, the consoles, warnings
about files, and opening the workspace with a progress bar.

Why this module exists: the commands differ only in what they ask the workspace and how they
print it; opening the corpus, reporting progress and naming bad files are the same for all.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from briefing.corpus import bundled_corpus
from briefing.errors import IndexUnavailable
from briefing.safe_text import clean_line
from briefing.workspace import SOURCES_LOOKED_FOR, Location, Workspace

if TYPE_CHECKING:
    from rich.console import Console

    from briefing.build import Progress as BuildProgress
    from briefing.index import UpdateReport

F = TypeVar("F", bound=Callable[..., Any])


def follow_links_option(func: F) -> F:
    """`--follow-links/--no-follow-links`: for the commands that bring the index up to date
    and say so (`index`, the app); None when not given: as the index's last update."""
    return click.option(
        "--follow-links/--no-follow-links",
        default=None,
        help="Read symbolic links that lead out of the corpus folder (kept for later updates; "
        "default: they are skipped with a warning).",
    )(func)


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
        help=f"Folder (or single file) of articles: {SOURCES_LOOKED_FOR}. "
        "Default: the bundled corpus.",
    )(func)
    return func


def location_of(corpus: Path | None, index_dir: Path | None, rules: Path | None) -> Location:
    return Location(
        corpus=(corpus or bundled_corpus()).expanduser(),
        index_dir=index_dir.expanduser() if index_dir else None,
        rules_file=rules,
    )


def stderr() -> Console:
    """The console for warnings and progress; it cleans every text it draws (`SafeConsole`)."""
    from briefing.render.console import SafeConsole

    return SafeConsole(stderr=True, highlight=False)


def stdout() -> Console:
    """The console for results; it cleans every text it draws (`SafeConsole`)."""
    from briefing.render.console import SafeConsole

    return SafeConsole(highlight=False, soft_wrap=False)


def warn_all(report: UpdateReport, shown_per_reason: int = 3) -> None:
    """One line per problem file; many files with the same problem are summarised."""
    err = stderr()
    by_reason: dict[str, list[str]] = {}
    for w in report.skipped:
        by_reason.setdefault(w.reason, []).append(w.path)
    for reason, paths in by_reason.items():
        for path in paths[:shown_per_reason]:
            err.print(f"[yellow]warning:[/] {esc(path)}: {esc(reason)}")
        if len(paths) > shown_per_reason:
            more = len(paths) - shown_per_reason
            err.print(f"[yellow]warning:[/] … and {more} more: {esc(reason)}")


def esc(text: str) -> str:
    """A string from the corpus (a name, a path, a reason) for Rich markup on one line: controls
    and escape sequences dropped, `[` escaped."""
    from rich.markup import escape

    return escape(clean_line(text))


def progress_label(step: BuildProgress) -> str:
    """The progress bar's label: what the build counts ("Indexing files", "Indexing articles")."""
    return f"Indexing {step.unit}"


def open_workspace(
    opts: Location,
    *,
    quiet: bool = False,
    rebuild: bool = False,
    stale_ok: bool = True,
    before_update: Callable[[Workspace], None] | None = None,
) -> tuple[Workspace, UpdateReport]:
    """Open the corpus's workspace and bring its index up to date, with a progress bar on long
    work; warnings name their files on stderr. `stale_ok`: if the index cannot be written
    (locked by another process, or a read-only folder), answer from its last commit with a
    warning, instead of failing. `before_update(ws)`: what to start before the update (the
    summary's events, `Workspace.expect_briefing`)."""
    ws = Workspace.open(opts, rebuild=rebuild)
    if before_update is not None:
        before_update(ws)
    err = stderr()
    ws.on_note = lambda text: err.print(f"[yellow]warning:[/] {esc(text)}")
    try:
        report = _update(ws, quiet)
    except IndexUnavailable as exc:
        if not stale_ok or ws.count() == 0:
            raise
        err.print(f"[yellow]warning:[/] {esc(str(exc))}; answering from its last update")
        report = _unchanged(ws)
    if not quiet:
        warn_all(report)
        for note in report.notes:
            err.print(f"[yellow]warning:[/] {esc(note)}")
    ws.require_articles()
    return ws, report


def _unchanged(ws: Workspace) -> UpdateReport:
    from briefing.index import UpdateReport

    return UpdateReport(0, 0, 0, 0, (), 0.0, articles=ws.count())


def _update(ws: Workspace, quiet: bool) -> UpdateReport:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    err = stderr()
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

        return ws.update(progress=tick)


def os_error(exc: OSError) -> str:
    """An OS error in a line: the file and the reason."""
    reason = os_reason(exc)
    return f"{exc.filename}: {reason}" if exc.filename else reason


def os_reason(exc: OSError) -> str:
    reason = exc.strerror or type(exc).__name__
    return reason[:1].lower() + reason[1:]
