"""Errors a user can act on.

Why this module exists: the CLI turns these into one clear line and a non-zero exit instead of a
traceback, so every domain module raises them for problems the user caused or can fix.
"""


class BriefingError(Exception):
    """A problem worth one line to the user (bad rules file, unparseable query, ...)."""


class CorpusError(BriefingError):
    """The corpus folder is missing, unreadable, or holds no articles."""
