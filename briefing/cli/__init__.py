"""The `briefing` command line: the app, summary, search, events, compare, export and index.

Why this package exists: it is the thin shell between a person's terminal and the workspace. It
parses options, opens the workspace (bringing the index up to date), and prints what comes back:
with Rich on a terminal, plainly in a pipe, as JSON or Markdown when asked. Errors a user can fix
become one line on stderr and a non-zero exit, never a traceback; warnings about individual files
name the file and never stop the rest. `group` holds the top-level command, `commands` the
subcommands, `support` what they share (options, consoles, warnings, progress).
"""

from __future__ import annotations

from briefing.cli import commands as _commands  # registers the subcommands on `main`
from briefing.cli.group import main
from briefing.cli.support import progress_label

__all__ = ["main", "progress_label"]

del _commands
