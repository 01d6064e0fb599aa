"""Search results, a briefing and a comparison as JSON, for tools and scripts.

Why this module exists: `--json` and `--format json` are contracts other programs read, so the
three documents are written in one place, from the records' own `to_json()` (keys stable,
dates ISO at their precision, text as given, never escaped for a terminal). `dumps` is the one
encoder: it keeps non-ASCII text readable but writes C0, C1 and bidi controls as `\\uXXXX`, so a
name from a corpus cannot drive a terminal that `cat`s the JSON.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from briefing.render.text import escape_json

if TYPE_CHECKING:
    from briefing.compare import Comparison
    from briefing.index import SearchResult
    from briefing.summary import Briefing

__all__ = ["compare_json", "dumps", "render_json", "search_json"]


def dumps(data: Any, indent: int | None = None) -> str:
    """JSON text, non-ASCII kept, control and bidi code points escaped."""
    return escape_json(json.dumps(data, ensure_ascii=False, indent=indent))


def render_json(briefing: Briefing) -> str:
    """The briefing as indented JSON (see `Briefing.to_json`), without a trailing newline."""
    return dumps(briefing.to_json(), indent=2)


def compare_json(c: Comparison) -> str:
    """The comparison as indented JSON (see `Comparison.to_json`), without a trailing newline."""
    return dumps(c.to_json(), indent=2)


def search_json(result: SearchResult) -> dict[str, Any]:
    """Search hits as a JSON-ready dict: the query, counts per outlet and each hit."""
    return {
        "query": result.query,
        "total": result.total,
        "sort": result.sort,
        "suggestion": result.suggestion,
        "outlets": {name: n for name, n in result.outlet_counts},
        "hits": [
            {
                "id": h.article_id,
                "path": h.path,
                "outlet": h.outlet,
                "published": h.published,
                "precision": h.precision,
                "headline": h.headline,
                "score": round(h.score, 4) if h.score is not None else None,
                "snippet": h.snippet.text if h.snippet else "",
                "highlights": [list(s) for s in (h.snippet.spans if h.snippet else ())],
            }
            for h in result.hits
        ],
    }
