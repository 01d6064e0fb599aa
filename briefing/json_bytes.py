"""JSON written as bytes, fast: the large caches kept beside an index.

Why this module exists: the events' state, the briefing's rows and a cached briefing are tens of
megabytes of JSON at fifty thousand articles, and `json.dumps` spent most of a second on each
(in `briefing summary`, on its way to the answer). orjson writes what
`json.dumps(value, ensure_ascii=False, separators=(",", ":"))` writes for what those caches
hold (strings, numbers, lists, objects with string keys), eight times sooner: the same values
read back, every float exactly, the bytes the same but for a float's negative exponent
(`1e-8`, not `1e-08`). A value it cannot write (an integer past 64 bits, a key that is not a
string) is written by the standard library instead, as before. One difference: a float that
is not finite is written as null (`json` writes NaN, which is not JSON); the caches hold none,
and a cache that read back wrong would only be made again. Reading stays with `json`: orjson
reads these files barely faster (most of the time goes to making the objects).
"""

from __future__ import annotations

import json
from typing import Any

import orjson

__all__ = ["dumps"]


def dumps(value: Any) -> bytes:
    """`value` as compact UTF-8 JSON (as `json.dumps(..., ensure_ascii=False, separators=
    (",", ":"))` writes it, see above)."""
    try:
        return orjson.dumps(value)
    except (TypeError, orjson.JSONEncodeError):
        pass
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
