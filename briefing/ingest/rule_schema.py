"""The expected type of every key of a rules file, checked before the file is used.

Why this module exists: a corpus's `briefing.toml` and the user's rules are untrusted, and a
value of the wrong type (a number where a list of patterns belongs, a table for a name) used to
surface as a traceback deep in reading. `check_rules` walks a file's data against `SCHEMA` and
raises one `BriefingError` line naming the file and the key. Keys the schema does not know are
left alone, so a newer rules file still loads.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from briefing.errors import BriefingError

__all__ = ["PATTERN_KEYS", "SCHEMA", "check_rules", "pattern_strings"]

STRINGS = "a list of strings"
STRING = "a string"
COUNT = "a positive integer"
NAME_TO_STRING = "a table of strings"
NAME_TO_STRINGS = "a table of lists of strings"
OUTLETS = "a list of [[outlet]] tables"

SCHEMA: dict[str, Any] = {
    "limits": {"max_file_bytes": COUNT},
    "outlet": OUTLETS,
    "dateline": {"patterns": STRINGS, "parts": NAME_TO_STRING},
    "boilerplate": {k: STRINGS for k in ("lines", "trailers", "captions", "page_stamps")},
    "entities": {
        **{
            k: STRINGS
            for k in (
                "person_titles",
                "speech_verbs",
                "organisation_heads",
                "place_heads",
                "place_category_nouns",
                "extra_places",
                "extra_organisations",
                "not_organisations",
            )
        },
        "place_aliases": NAME_TO_STRING,
    },
    "fields": NAME_TO_STRINGS,
    "compare": {"naming": NAME_TO_STRINGS, "framing": STRINGS},
}
OUTLET_KEYS: dict[str, str] = {"name": STRING, "signatures": STRINGS, "hosts": STRINGS}
# (table, key) of every list of regular expressions
PATTERN_KEYS = (
    ("dateline", "patterns"),
    ("boilerplate", "lines"),
    ("boilerplate", "trailers"),
    ("boilerplate", "captions"),
    ("boilerplate", "page_stamps"),
)


def _type_name(value: object) -> str:
    return {dict: "a table", list: "a list", str: "a string", bool: "a boolean"}.get(
        type(value), type(value).__name__
    )


def _fits(kind: str, value: object) -> bool:
    if kind == STRING:
        return isinstance(value, str)
    if kind == STRINGS:
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if kind == COUNT:
        return isinstance(value, int) and not isinstance(value, bool) and value > 0
    if kind == NAME_TO_STRING:
        return isinstance(value, dict) and all(isinstance(v, str) for v in value.values())
    if kind == NAME_TO_STRINGS:
        return isinstance(value, dict) and all(_fits(STRINGS, v) for v in value.values())
    return True


def _check(kind: Any, value: object, key: str, where: str) -> None:
    if isinstance(kind, dict):
        if not isinstance(value, dict):
            raise BriefingError(f"{where}: [{key}] must be a table, not {_type_name(value)}")
        for sub, sub_kind in kind.items():
            if sub in value:
                _check(sub_kind, value[sub], f"{key}.{sub}", where)
    elif kind == OUTLETS:
        _check_outlets(value, where)
    elif not _fits(kind, value):
        raise BriefingError(f"{where}: {key} must be {kind}, not {_type_name(value)}")


def _check_outlets(value: object, where: str) -> None:
    if not isinstance(value, list) or not all(isinstance(o, dict) for o in value):
        raise BriefingError(f"{where}: outlet must be {OUTLETS} ([[outlet]] name = ...)")
    for i, outlet in enumerate(value, 1):
        if "name" not in outlet:
            raise BriefingError(f"{where}: every [[outlet]] needs a name (outlet {i} has none)")
        for key, kind in OUTLET_KEYS.items():
            if key in outlet and not _fits(kind, outlet[key]):
                got = _type_name(outlet[key])
                raise BriefingError(f"{where}: outlet {i}: {key} must be {kind}, not {got}")


def check_rules(data: Mapping[str, Any], where: str) -> None:
    """Raise `BriefingError` (one line: file and key) if a known key has the wrong type."""
    for key, kind in SCHEMA.items():
        if key in data:
            _check(kind, data[key], key, where)


def pattern_strings(data: Mapping[str, Any]) -> Iterator[str]:
    """Every regular expression in (checked) rules data: outlet signatures and pattern lists."""
    for outlet in data.get("outlet", []):
        yield from outlet.get("signatures", [])
    for table, key in PATTERN_KEYS:
        yield from data.get(table, {}).get(key, [])
