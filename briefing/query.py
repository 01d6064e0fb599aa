"""Check and normalise a search query before any search engine sees it.

Why this module exists: the query language users type (`person:abe`, `place:kuril*`,
`date:[2016-12-01 to 2016-12-31]`, `"peace treaty" NOT putin`) is briefing's, not the search
engine's. Whoosh's own parser is lenient in unhelpful ways: it auto-closes brackets and quotes,
turns an unknown `foo:bar` into the words "foo bar", and its date plugin cuts ISO dates down to the
year. So this module, which knows nothing about Whoosh, does the strict part:

- it rejects what cannot mean anything (unbalanced quotes, brackets or parentheses, unknown field
  names, impossible dates) with a one-line `QueryError`;
- it maps the friendly field names (`person`, `org`, `organization`, `title`, ...) onto the
  canonical ones (`people`, `organisations`, `headline`, ...);
- it takes every `date:` clause out of the text, parses it into a `DateFilter` (inclusive first and
  last day), and puts a caller-chosen placeholder term in its place, so the engine adapter can swap
  each placeholder for its own range query while keeping the AND/OR/NOT structure;
- it remembers every edit, so a character offset in the rewritten text maps back onto what the user
  typed (for "did you mean" suggestions that rewrite the user's own words);
- it keeps untrusted work bounded: a query longer than `MAX_QUERY_CHARS` and a wildcard with
  no letter or digit in it (`*`, `***`, `?*`, which would expand to every word) are refused;
- it owns the fields: which are searched text (`TEXT_FIELDS`), which hold names (`NAME_FIELDS`),
  whose words are highlighted in an article (`highlight_group`), and which words of a query are
  to be highlighted (`highlight_words`). The index's snippets, the search results and the
  reader's highlighter all read them from here, so they cannot drift apart.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from briefing.errors import BriefingError

__all__ = [
    "FIELD_ALIASES",
    "HIGHLIGHT_NAME_FIELDS",
    "MAX_QUERY_CHARS",
    "NAMES",
    "NAME_FIELDS",
    "TEXT_FIELDS",
    "DateFilter",
    "PreparedQuery",
    "QueryError",
    "QueryWord",
    "highlight_group",
    "highlight_words",
    "parse_date_value",
    "prepare",
]


class QueryError(BriefingError):
    """A search query that cannot be understood; the message says what is wrong, in one line."""


MAX_QUERY_CHARS: Final = 1000  # far beyond any typed query; a pasted article is refused
_WILDCARDS: Final = "*?"


# Friendly field name (lower case) -> canonical field name.
FIELD_ALIASES: dict[str, str] = {
    "headline": "headline",
    "title": "headline",
    "lede": "lede",
    "lead": "lede",
    "body": "body",
    "text": "body",
    "outlet": "outlet",
    "person": "people",
    "people": "people",
    "place": "places",
    "places": "places",
    "org": "organisations",
    "orgs": "organisations",
    "organisation": "organisations",
    "organisations": "organisations",
    "organization": "organisations",
    "organizations": "organisations",
    "dateline": "dateline",
    "date": "date",
    "id": "id",
    "lang": "lang",
    "language": "lang",
}

# The article's text, searched (stemmed) when a word names no field.
TEXT_FIELDS: Final = ("headline", "lede", "body")
# Names, searched as written (unstemmed).
NAME_FIELDS: Final = ("people", "places", "organisations", "dateline", "outlet")
# Names whose words are highlighted in an article's text. Not outlet: it says where an article
# is from, not what it says.
HIGHLIGHT_NAME_FIELDS: Final = ("people", "places", "organisations", "dateline")
NAMES: Final = "names"  # the highlight group of every name field

_KNOWN = (
    "headline/title, lede, body, outlet, person, place, org/organisation/organization, "
    "dateline, date, lang, id"
)
_DATE_HELP = "use YYYY, YYYY-MM or YYYY-MM-DD, or a range like [2016-12-01 to 2016-12-31]"
# A field prefix: a name starting with a letter, then a colon. Not preceded by a word character,
# so "10:30" and "e-mail:x" are not fields.
_FIELD_RE = re.compile(r"([A-Za-z_]\w*):")
_DATE_RE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_BARE_VALUE_RE = re.compile(r"[^\s()]+")


@dataclass(frozen=True, slots=True)
class DateFilter:
    """A `date:` clause as inclusive first and last days; None means open on that side."""

    start: dt.date | None
    end: dt.date | None
    text: str  # the clause as typed, for messages


@dataclass(frozen=True, slots=True)
class PreparedQuery:
    """A checked query: `text` has canonical field names and date placeholders."""

    original: str
    text: str
    dates: tuple[DateFilter, ...]
    # (original start, original end, rewritten start, rewritten end) of every edit, in order.
    edits: tuple[tuple[int, int, int, int], ...] = ()

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of `text` (outside any edit) back onto `original`."""
        return self._map(start), self._map(end)

    def _map(self, pos: int) -> int:
        shift = 0
        for o_start, o_end, n_start, n_end in self.edits:
            if pos >= n_end:
                shift = o_end - n_end
            elif pos > n_start:
                return o_start
            else:
                break
        return pos + shift


def prepare(query: str, placeholder: Callable[[int], str]) -> PreparedQuery:
    """Check `query` and rewrite it; `placeholder(i)` is the term that stands for date clause i.

    Raises `QueryError` for an empty query, unbalanced quotes/brackets/parentheses, an unknown
    field, a field with no value, or a date that is not a real day, month or year.
    """
    if not query.strip():
        raise QueryError('empty query: type some words, a "phrase", or a field like outlet:tass')
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(
            f"query too long: {len(query):,} characters (at most {MAX_QUERY_CHARS:,}); "
            "a few words or a phrase find the articles"
        )
    out: list[str] = []
    edits: list[tuple[int, int, int, int]] = []
    dates: list[DateFilter] = []
    length = 0  # length of the rewritten text so far
    balance = _Balance()
    i, n = 0, len(query)

    def emit(original_start: int, original_end: int, new: str) -> None:
        nonlocal length
        if new != query[original_start:original_end]:
            edits.append((original_start, original_end, length, length + len(new)))
        out.append(new)
        length += len(new)

    while i < n:
        c = query[i]
        if c == '"':
            close = query.find('"', i + 1)
            if close < 0:
                raise QueryError(f'unbalanced quote: the " at character {i + 1} is never closed')
            emit(i, close + 1, query[i : close + 1])
            i = close + 1
            continue
        if c in "()[]{}":
            balance.see(c, i)
        elif c in _WILDCARDS:
            _check_wildcard(query, i)
        elif (c.isalpha() or c == "_") and (i == 0 or not _is_word_char(query[i - 1])):
            m = _FIELD_RE.match(query, i)
            if m:
                i = _field(query, m, emit, dates, placeholder)
                continue
        emit(i, i + 1, c)
        i += 1
    balance.check_closed()
    return PreparedQuery(query, "".join(out), tuple(dates), tuple(edits))


class _Balance:
    """The parentheses and brackets open so far; a `QueryError` for any out of balance."""

    def __init__(self) -> None:
        self.parens: list[int] = []
        self.brackets: list[tuple[str, int]] = []

    def see(self, c: str, i: int) -> None:
        if c == "(":
            self.parens.append(i)
        elif c == ")":
            if not self.parens:
                raise QueryError(f"unbalanced parenthesis: ')' at character {i + 1} has no '('")
            self.parens.pop()
        elif c in "[{":
            self.brackets.append((c, i))
        else:
            want = "[" if c == "]" else "{"
            if not self.brackets or self.brackets[-1][0] != want:
                raise QueryError(f"unbalanced bracket: '{c}' at character {i + 1} has no '{want}'")
            self.brackets.pop()

    def check_closed(self) -> None:
        if self.parens:
            at = self.parens[-1] + 1
            raise QueryError(f"unbalanced parenthesis: the '(' at character {at} is never closed")
        if self.brackets:
            kind, at = self.brackets[-1]
            raise QueryError(
                f"unbalanced bracket: the '{kind}' at character {at + 1} is never closed"
            )


def _check_wildcard(query: str, at: int) -> None:
    """A wildcard must sit in a word with a letter or digit: `kuril*`, `ab?e`, never `*`."""
    start = at
    while start > 0 and not query[start - 1].isspace() and query[start - 1] not in '()"':
        start -= 1
    end = at
    while end < len(query) and not query[end].isspace() and query[end] not in '()"':
        end += 1
    word = query[start:end]
    value = word.split(":", 1)[1] if ":" in word else word
    if not any(ch.isalnum() for ch in value):
        raise QueryError(
            f"wildcard {word!r} has no letters: it would match every word; "
            "type the start of a word, like kuril*"
        )


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c in "_-.:/'"


def _field(
    query: str,
    m: re.Match[str],
    emit: Callable[[int, int, str], None],
    dates: list[DateFilter],
    placeholder: Callable[[int], str],
) -> int:
    """Handle one `name:` prefix at `m`; return the index just after what was consumed."""
    typed = m.group(1)
    canonical = FIELD_ALIASES.get(typed.lower())
    value_at = m.end()
    has_value = value_at < len(query) and query[value_at] not in " \t\r\n)"
    if canonical is None:
        if not has_value:  # "Putin: peace" is text with a colon in it, not a field
            emit(m.start(), m.end(), query[m.start() : m.end()])
            return m.end()
        raise QueryError(
            f"unknown field {typed!r} in {_clause_at(query, m.start())!r} "
            f'(fields: {_KNOWN}; put text in "quotes" to search for it literally)'
        )
    if not has_value:
        raise QueryError(f"{typed}: needs a value right after the colon, like {typed}:word")
    if canonical != "date":
        emit(m.start(), m.end(), canonical + ":")
        return m.end()
    end, value, is_range = _date_value(query, value_at, typed)
    clause = query[m.start() : end]
    if is_range:
        start_day, end_day = _parse_range(value, clause)
    else:
        start_day, end_day = _parse_bound(value, clause)
    dates.append(DateFilter(start_day, end_day, clause))
    emit(m.start(), end, placeholder(len(dates) - 1))
    return end


def _clause_at(query: str, start: int) -> str:
    m = _BARE_VALUE_RE.match(query, start)
    return m.group(0) if m else query[start:]


def _date_value(query: str, at: int, typed: str) -> tuple[int, str, bool]:
    """The value after `date:`: (end index, value text, whether it was a [range])."""
    c = query[at]
    if c == "[":
        close = query.find("]", at)
        if close < 0:
            raise QueryError(f"unbalanced bracket: the '[' after {typed}: is never closed")
        return close + 1, query[at + 1 : close], True
    if c == '"':
        close = query.find('"', at + 1)
        if close < 0:
            raise QueryError(f'unbalanced quote: the " after {typed}: is never closed')
        return close + 1, query[at + 1 : close].strip(), False
    m = _BARE_VALUE_RE.match(query, at)
    if m is None:  # `date:(2016)`: a group of dates
        raise QueryError(
            f"{typed}: takes one date or a [range], not a group in (...): "
            f"write {typed}:2016 OR {typed}:2017, or {typed}:[2016 to 2017]"
        )
    return m.end(), m.group(0), False


def _parse_range(inner: str, clause: str) -> tuple[dt.date | None, dt.date | None]:
    words = inner.split()
    lowered = [w.lower() for w in words]
    if lowered.count("to") != 1 or len(words) > 3 or len(words) < 2:
        raise QueryError(f"bad date range {clause!r}: {_DATE_HELP}; leave a side empty to open it")
    at = lowered.index("to")
    low = words[0] if at == 1 else None
    high = words[-1] if at == len(words) - 2 else None
    if at not in (0, 1) or (low is None and high is None):
        raise QueryError(f"bad date range {clause!r}: {_DATE_HELP}; leave a side empty to open it")
    start = _parse_bound(low, clause)[0] if low else None
    end = _parse_bound(high, clause)[1] if high else None
    if start and end and start > end:
        raise QueryError(f"bad date range {clause!r}: it ends before it starts")
    return start, end


def _parse_bound(value: str, clause: str) -> tuple[dt.date, dt.date]:
    try:
        return parse_date_value(value)
    except ValueError:
        raise QueryError(f"bad date {value!r} in {clause!r}: {_DATE_HELP}") from None


def parse_date_value(value: str) -> tuple[dt.date, dt.date]:
    """`2016` / `2016-12` / `2016-12-16` -> (first day, last day). Raises ValueError."""
    m = _DATE_RE.fullmatch(value.strip())
    if not m:
        raise ValueError(value)
    year = int(m.group(1))
    if m.group(3):
        day = dt.date(year, int(m.group(2)), int(m.group(3)))
        return day, day
    if m.group(2):
        month = int(m.group(2))
        if not 1 <= month <= 12:
            raise ValueError(value)
        last = calendar.monthrange(year, month)[1]
        return dt.date(year, month, 1), dt.date(year, month, last)
    if year < 1:
        raise ValueError(value)
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


# --------------------------------------------------------------------------------------------
# The words of a query that are highlighted


@dataclass(frozen=True, slots=True)
class QueryWord:
    """A positive word of a query: lower case, in its highlight group (see `highlight_group`:
    None for a word that names no field, so any text field), matched by prefix if `prefix`."""

    text: str
    group: str | None
    prefix: bool = False


_TOKEN_RE = re.compile(r'-?\w+:\[[^\]]*\]|-?\w+:"[^"]*"|-?\w+:\S+|-?"[^"]*"|[()]|\S+')
_QUERY_WORD_RE = re.compile(r"\w+\*?")
_OPERATORS = frozenset({"and", "or", "not", "to"})


def highlight_group(field: str | None) -> str | None:
    """Where a canonical field's words are highlighted: the text field itself, `"names"` for a
    name field whose words show in the text, or None (outlet, id, a date: never highlighted)."""
    if field in TEXT_FIELDS:
        return field
    if field in HIGHLIGHT_NAME_FIELDS:
        return NAMES
    return None


def highlight_words(query: str) -> tuple[QueryWord, ...]:
    """The words of `query` to highlight in an article, read the way `prepare` reads fields
    (every alias: `title:` is `headline:`, `person:` is `people:`). Words under NOT or `-`,
    operators, date filters and fields that are not highlighted are left out. A query that
    `prepare` rejects has nothing to highlight."""
    try:
        prepared = prepare(query, lambda i: f"id:__date{i}__")
    except QueryError:
        return ()
    out: list[QueryWord] = []
    negate_next = False
    for token in _TOKEN_RE.findall(prepared.text):
        low = token.lower()
        if token == "NOT" or low == "not":
            negate_next = True
            continue
        if low in _OPERATORS or token in "()":
            continue
        negated, negate_next = negate_next or token.startswith("-"), False
        if negated:
            continue
        group, value = _group_of(token.lstrip("-"))
        if group == _SKIP:
            continue
        for word in _QUERY_WORD_RE.findall(value.strip('"').lower()):
            if word.endswith("*"):
                if len(word) > 1:
                    out.append(QueryWord(word[:-1], group, prefix=True))
            elif word not in _OPERATORS:
                out.append(QueryWord(word, group))
    return tuple(out)


_SKIP: Final = "\0skip"


def _group_of(token: str) -> tuple[str | None, str]:
    """(highlight group, value) of a token of a prepared query; `_SKIP` when not highlighted."""
    if ":" not in token or token.startswith('"'):
        return None, token
    name, _, value = token.partition(":")
    if name not in FIELD_ALIASES.values() or value.startswith("["):
        return None, token  # "10:30" and the like: text with a colon in it
    group = highlight_group(name)
    return (group if group is not None else _SKIP), value
