"""py3langid's byte walk done at every byte at once, with NumPy, counting the same features.

Why this module exists: py3langid finds a text's features by walking its tokenizer's automaton
one byte at a time in Python (`visit_counts`: up to twelve thousand steps an article, a tenth of
reading one). In its automaton the state after a byte depends only on the last few bytes read
(`local_depth` checks it, when the model's cache entry is written: six for its model), so the
state after every byte is found in that many vectorised steps, each taking the state one byte
back from the step before. The features come out in the order of the byte walk, and are counted
by a `Counter` as there, so the scores are computed from the same numbers in the same order:
the identifier decides the same.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np
from py3langid.langid import LanguageIdentifier

__all__ = ["WalkingIdentifier", "local_depth"]

_BYTES = np.arange(256, dtype=np.int64)
_CHUNK = 4096


def local_depth(nextmove: Any, rows: Any, limit: int = 12) -> int | None:
    """The least `d` such that reading any `d` bytes ends in the same state whatever state the
    walk was in before them, or None if more than `limit` bytes can matter.

    By induction on a text's length that is: for every byte `a` and string `u` of `d` bytes,
    walking `u` from the state after `a` ends where walking `u` from the start does. The pairs
    of states that may still differ are followed byte by byte until none is left."""
    moves = np.asarray(nextmove)
    bases = np.asarray(rows, dtype=np.int64) << 8
    states = len(bases)
    first = moves[bases[0] + _BYTES].astype(np.int64)
    pairs = np.unique(first[first != 0] * states)  # (the state after a byte, the start)
    for depth in range(limit + 1):
        if not len(pairs):
            return depth
        found = []
        for at in range(0, len(pairs), _CHUNK):  # (a few thousand pairs at a time: memory)
            chunk = pairs[at : at + _CHUNK]
            p = moves[(bases[chunk // states][:, None] + _BYTES).ravel()].astype(np.int64)
            q = moves[(bases[chunk % states][:, None] + _BYTES).ravel()].astype(np.int64)
            differ = p != q
            found.append(np.unique(p[differ] * states + q[differ]))
        pairs = np.unique(np.concatenate(found))
    return None


class WalkingIdentifier(LanguageIdentifier):  # type: ignore[misc]
    """py3langid's identifier, its features found by `depth` vectorised steps (see above)."""

    __slots__ = ("_bases", "_depth", "_moves", "_outputs")

    def __init__(self, *args: Any, depth: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._depth = depth
        self._moves = np.asarray(self.tk_nextmove)
        self._bases = np.asarray(self.tk_row, dtype=np.intp) << 8
        self._outputs = np.asarray(self.tk_output)

    def visits(self, text: bytes) -> Counter[int] | None:
        """`visit_counts(...)` of py3langid for the encoded `text`."""
        if not text:
            return None
        read = np.frombuffer(text, dtype=np.uint8).astype(np.intp)
        state = self._moves[self._bases[0] + read]  # after each byte, from the start
        for _ in range(self._depth - 1):  # ... from the state one byte back
            back = np.empty_like(state)
            back[0] = 0
            back[1:] = state[:-1]
            state = self._moves[self._bases[back] + read]
        found = self._outputs[state]
        found = found[found >= 0]
        return Counter(found.tolist()) if len(found) else None

    def _raw_score(self, text: bytes) -> Any:
        visits = self.visits(text)
        if visits is None:
            return super()._raw_score(text)  # no features: py3langid's own answer
        return self._sparse_score(visits, self.nb_ptc)
