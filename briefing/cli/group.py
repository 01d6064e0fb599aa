"""The top-level `briefing` command: with no subcommand it opens the app; its options (given
before a subcommand) apply to the subcommand; errors a user can fix become one line.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from briefing.cli.support import corpus_options, follow_links_option, location_of, os_error
from briefing.errors import BriefingError
from briefing.safe_text import clean_line
from briefing.workspace import Location


class _Group(click.Group):
    """Every fault ends as one line on stderr and a non-zero exit, never a traceback:
    `BriefingError`s say what to do, OS errors (a full disk, a read-only folder) name the
    file, Ctrl-C exits with 130. `BRIEFING_DEBUG=1` shows the traceback of an unexpected
    error instead. Messages name corpus files, so they are cleaned of controls and escapes."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BriefingError as exc:
            raise click.ClickException(clean_line(str(exc))) from exc
        except BrokenPipeError:
            # `briefing export | head`: the reader left; that is not an error.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            return None
        except KeyboardInterrupt:
            click.echo("briefing: interrupted", err=True)
            ctx.exit(130)
        except OSError as exc:
            raise click.ClickException(clean_line(os_error(exc))) from None
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:
            if os.environ.get("BRIEFING_DEBUG"):
                raise
            first = str(exc).splitlines()[0][:300] if str(exc) else ""
            raise click.ClickException(
                clean_line(
                    f"unexpected error ({type(exc).__name__}: {first}); "
                    "BRIEFING_DEBUG=1 shows where"
                )
            ) from None


@click.group(
    cls=_Group,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(package_name="briefing")
@corpus_options
@follow_links_option
@click.pass_context
def main(
    ctx: click.Context,
    corpus: Path | None,
    index_dir: Path | None,
    rules: Path | None,
    follow_links: bool | None,
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
        _run_app(location_of(corpus, index_dir, rules), follow_links)
        return
    # `briefing --corpus X summary` means the same as `briefing summary --corpus X`
    given = {
        k: str(v)
        for k, v in (("corpus", corpus), ("index_dir", index_dir), ("rules", rules))
        if v is not None
    }
    if given:
        ctx.default_map = {ctx.invoked_subcommand: given}


def _run_app(opts: Location, follow_links: bool | None = None) -> None:
    """Open the Textual app (imported only now: the other commands never load Textual)."""
    if not sys.stdin.isatty() or not sys.stdout.isatty():
        raise click.UsageError(
            "the app needs a terminal; in a pipe use a command: summary, search, export, ..."
        )
    from briefing.app import make_app

    make_app(opts.corpus, opts.index_dir, opts.rules_file, follow_links=follow_links).run()


@main.command()
@corpus_options
@follow_links_option
def app(
    corpus: Path | None, index_dir: Path | None, rules: Path | None, follow_links: bool | None
) -> None:
    """Open the app: timeline, search and side-by-side comparison, all from the keyboard.

    `?` lists every key. Keys can be remapped in keymap.toml in your config folder.
    """
    _run_app(location_of(corpus, index_dir, rules), follow_links)
