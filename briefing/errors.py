"""Errors a user can act on.

Why this module exists: the CLI turns these into one clear line and a non-zero exit instead of a
traceback, so every domain module raises them for problems the user caused or can fix.
"""


class BriefingError(Exception):
    """A problem worth one line to the user (bad rules file, unparseable query, ...)."""


class CorpusError(BriefingError):
    """The corpus folder is missing, unreadable, or holds no articles."""


class IndexUnavailable(BriefingError):
    """The index cannot be written now (another process holds its lock, or its folder is
    read-only); what it holds can still be searched."""


class IndexDamaged(BriefingError):
    """The index's files are damaged (truncated, zeroed, unreadable by the engine); the
    workspace rebuilds it from the corpus."""
