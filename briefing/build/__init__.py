"""The build: from a folder of source files to a committed index, between reading and storing.

Why this package exists: the index only stores and searches; the parser only turns records
into articles. Deciding what to read (the corpus diffed against the index's hashes), parsing
it (in worker processes for large builds, with typed messages), the corpus-context second pass
and handing finished articles to the index's writer is this package's one job.

- `update(index, rules, progress, procs=...)`: the entry point (`update`);
- `Progress`: what the progress callback gets, naming its unit (`progress`);
- `plan`: the diff; `passes`: the first and second pass; `workers` and `worker`: the two
  sides of a parallel build; `messages`: what they say to each other.
"""

from __future__ import annotations

from briefing.build.progress import Progress, ProgressFn, Unit
from briefing.build.update import update

__all__ = ["Progress", "ProgressFn", "Unit", "update"]
