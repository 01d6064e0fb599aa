"""Which source files an update must read: the corpus diffed against the index's hashes.

Why this module exists: an update should read only what changed. A file is unchanged when its
size and mtime, or else its SHA-256, match what the index recorded; a file the index holds but
the folder no longer has is removed. The plan also carries the new hashes, recorded once the
files are read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from briefing.index import SourceHashes
from briefing.ingest import SourceFile
from briefing.models import InputWarning

__all__ = ["Change", "Plan", "diff"]


@dataclass(frozen=True, slots=True)
class Change:
    """A source file to read: new, or changed since it was indexed."""

    source: SourceFile
    digest: str  # SHA-256 of the file
    stat: str  # "size:mtime_ns"


@dataclass(slots=True)
class Plan:
    todo: list[Change] = field(default_factory=list)
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: set[str] = field(default_factory=set)
    touched: bool = False  # files touched but not changed: their new mtimes are in `hashes`
    hashes: SourceHashes = field(default_factory=SourceHashes)

    def record(self, articles: Mapping[str, int]) -> None:
        """Remember the new hashes of the files read (`articles`: how many each yielded)."""
        known, empty = self.hashes.sources, self.hashes.empty
        for change in self.todo:
            key = change.source.key
            known.pop(key, None)
            empty.pop(key, None)
            (known if articles.get(key) else empty)[key] = [change.digest, change.stat]


def diff(
    sources: list[SourceFile],
    hashes: SourceHashes,
    warnings: list[InputWarning],
    *,
    reread: bool = False,
) -> Plan:
    """What changed between `sources` (the folder now) and `hashes` (what the index holds).
    A file that cannot be read to hash it is left out with a warning. `reread`: every file is
    read again (the reading rules changed), counted as updated when the index held it."""
    plan = Plan(hashes=hashes)
    known, empty = hashes.sources, hashes.empty
    for src in sources:
        stat = f"{src.size}:{src.mtime_ns}"
        before = ("", "") if reread else known.get(src.key) or empty.get(src.key) or ("", "")
        if before[1] == stat:
            plan.unchanged += 1
            continue
        try:
            digest = src.fingerprint()
        except OSError as exc:
            warnings.append(InputWarning(src.key, f"cannot read: {exc.strerror or exc}"))
            continue
        if before[0] == digest:  # touched, not changed: remember the new mtime
            plan.unchanged += 1
            plan.touched = True
            (empty if src.key in empty else known)[src.key] = [digest, stat]
            continue
        plan.todo.append(Change(src, digest, stat))
        if src.key in known or src.key in empty:
            plan.updated += 1
        else:
            plan.added += 1
    present = {src.key for src in sources}
    plan.removed = {k for k in (*known, *empty) if k not in present}
    for key in plan.removed:
        known.pop(key, None)
        empty.pop(key, None)
    if reread:  # what could not be hashed again is not in the new reading either
        again = {c.source.key for c in plan.todo}
        for key in [k for k in (*known, *empty) if k not in again]:
            known.pop(key, None)
            empty.pop(key, None)
    return plan
