"""Results derived from a whole index (events, the briefing), kept until the index changes.

Why this module exists: grouping fifty thousand articles into events takes tens of seconds and
reading every article back from the index takes several more, yet `briefing summary`, `briefing
events` and the app's timeline ask for the same answers again and again. Each answer is stored
next to the index, keyed by the index's state (its table-of-contents files: a new generation on
every commit), the package version and the caller's own key. Any change to the corpus makes a
new index generation and so a miss; nothing stale is ever served. A damaged or unreadable cache
file is a miss, never an error.

The cache is JSON, never pickle: a file in an index folder could have been put there by anyone,
and loading it must not run code. A value is written as its dataclass fields (`encode`) and
read back against the type it must have (`decode`): anything of another shape is a miss.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import json
import os
import tempfile
import types
import typing
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TypeVar

from briefing.collection import uncollected
from briefing.json_bytes import dumps as json_bytes

if TYPE_CHECKING:
    from briefing.events import Event
    from briefing.index import CorpusIndex
    from briefing.models import Article

T = TypeVar("T")

CACHE_VERSION = 6  # 2: JSON, not pickle; 3: labels from shared words; 4: glance and timeline
# counts; 5: labels from shared phrases and plain headlines; 6: no blindspot of unknown outlets
_KEEP = 8  # entries kept per name; older ones are removed


def index_stamp(index_dir: Path) -> str:
    """A string that changes whenever the index in `index_dir` changes."""
    parts = []
    for p in sorted(index_dir.glob("*.toc")):
        try:
            st = p.stat()
        except OSError:
            continue
        parts.append(f"{p.name}:{st.st_size}:{st.st_mtime_ns}")
    return "|".join(parts)


def package_version() -> str:
    """The installed package's version (\"dev\" from a checkout without metadata)."""
    try:
        from importlib.metadata import version

        return version("briefing")
    except Exception:  # running from a checkout without metadata
        return "dev"


def cached(index_dir: Path, name: str, key: str, compute: Callable[[], T], kind: Any) -> T:
    """`compute()`, or its stored result for this index state, `name` and `key`; `kind` is
    the type of the value (`tuple[Event, ...]`), what a stored value is checked against."""
    folder = index_dir / "cache"
    stamp = f"{CACHE_VERSION}|{package_version()}|{index_stamp(index_dir)}|{key}"
    digest = hashlib.sha256(stamp.encode("utf-8")).hexdigest()[:20]
    path = folder / f"{name}-{digest}.json"
    try:
        return decode(json.loads(path.read_text(encoding="utf-8")), kind)  # type: ignore[no-any-return]
    except (OSError, ValueError, TypeError, KeyError, RecursionError):
        pass  # missing, damaged, of another shape, or written by another version: compute
    value = compute()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        data = json_bytes(encode(value))
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
        _prune(folder, name)
    except OSError:
        pass  # a read-only cache directory only costs time
    return value


_PLAIN: Final = frozenset({str, int, float, bool, type(None)})


def encode(value: Any) -> Any:
    """A frozen dataclass tree as JSON values: dataclasses as objects of their fields. (The
    plain values, most of a tree, are told by their exact type first: a cached briefing holds
    tens of thousands of citations.)"""
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is tuple or kind is list:
        return [encode(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {name: encode(getattr(value, name)) for name in _field_names(type(value))}
    if isinstance(value, tuple | list):
        return [encode(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"cannot cache a {type(value).__name__}")


@functools.cache
def _field_names(kind: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(kind))


def decode(data: Any, kind: Any) -> Any:
    """`data` (from `encode`) as a value of type `kind`; `TypeError` or `ValueError` if it is
    of any other shape (a dataclass's type hints say what each field must be)."""
    return _decoder(kind)(data)


Decoder = Callable[[Any], Any]


@functools.cache
def _decoder(kind: Any) -> Decoder:
    """The decoder of `kind`, worked out once per type: a cached table of 50,000 articles is
    hundreds of thousands of values, and reading a dataclass's type hints or a generic's
    arguments for each of them took most of the time of reading the table back."""
    origin = typing.get_origin(kind)
    args = typing.get_args(kind)
    if kind is Any:
        raise TypeError("no type to check against")
    if origin is typing.Literal:
        return functools.partial(_literal, args)
    if origin in (typing.Union, types.UnionType):
        return functools.partial(_union, args, tuple(_Lazy(a) for a in args))
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            if args[0] in (str, int, bool):
                return functools.partial(_plain_tuple, args[0])
            return functools.partial(_tuple_of, _Lazy(args[0]))
        return functools.partial(_fixed_tuple, tuple(_Lazy(a) for a in args))
    if kind is type(None):
        return _none
    if dataclasses.is_dataclass(kind) and isinstance(kind, type):
        return _dataclass_decoder(kind)
    if kind is float:
        return _float
    if kind in (str, int, bool):
        return functools.partial(_exact, kind)
    return functools.partial(_unknown, kind)


class _Lazy:
    """The decoder of `kind`, looked up when first used (a type that cannot be decoded is an
    error only when a value of it is met, and a dataclass may refer to itself)."""

    __slots__ = ("_decode", "kind")

    def __init__(self, kind: Any) -> None:
        self.kind = kind
        self._decode: Decoder | None = None

    def __call__(self, data: Any) -> Any:
        if self._decode is None:
            self._decode = _decoder(self.kind)
        return self._decode(data)


def _literal(args: tuple[Any, ...], data: Any) -> Any:
    if data not in args or type(data) is not type(args[args.index(data)]):
        raise ValueError(f"{data!r} is not one of {args}")
    return data


def _union(args: tuple[Any, ...], options: tuple[Decoder, ...], data: Any) -> Any:
    for option in options:
        with contextlib.suppress(TypeError, ValueError, KeyError):
            return option(data)
    raise TypeError(f"{data!r} fits none of {args}")


def _plain_tuple(kind: type, data: Any) -> tuple[Any, ...]:
    if not isinstance(data, list):
        raise TypeError("expected a list")
    for v in data:
        if type(v) is not kind:
            raise TypeError(f"expected {kind}, got {type(v).__name__}")
    return tuple(data)


def _tuple_of(item: Decoder, data: Any) -> tuple[Any, ...]:
    if not isinstance(data, list):
        raise TypeError("expected a list")
    return tuple(item(v) for v in data)


def _fixed_tuple(items: tuple[Decoder, ...], data: Any) -> tuple[Any, ...]:
    if not isinstance(data, list):
        raise TypeError("expected a list")
    if len(items) != len(data):
        raise TypeError("wrong length")
    return tuple(item(v) for v, item in zip(data, items, strict=True))


def _none(data: Any) -> None:
    if data is not None:
        raise TypeError("expected null")


def _float(data: Any) -> float:
    if isinstance(data, int | float) and not isinstance(data, bool):
        return float(data)
    raise TypeError(f"expected {float}, got {type(data).__name__}")


def _exact(kind: type, data: Any) -> Any:
    if type(data) is kind:
        return data
    raise TypeError(f"expected {kind}, got {type(data).__name__}")


def bulk() -> contextlib.AbstractContextManager[None]:
    """No cyclic garbage collection while a large result is built or read: millions of small
    lists and tuples made at once (rows, events, a cached briefing) would start a collection
    over all of them again and again (seconds), and they hold no cycles to collect."""
    return uncollected()


def _unknown(kind: Any, data: Any) -> Any:
    raise TypeError(f"expected {kind}, got {type(data).__name__}")


def _dataclass_decoder(kind: type) -> Decoder:
    hints = typing.get_type_hints(kind)
    fields = [f for f in dataclasses.fields(kind) if f.init]
    names = frozenset(f.name for f in fields)
    pairs = [(f.name, _Lazy(hints[f.name])) for f in fields]

    def decode_one(data: Any) -> Any:
        if not isinstance(data, dict):
            raise TypeError(f"expected an object for {kind.__name__}")
        if data.keys() != names:
            raise KeyError(f"fields of {kind.__name__} differ")
        return kind(**{name: field(data[name]) for name, field in pairs})

    return decode_one


def _prune(folder: Path, name: str) -> None:
    entries = sorted(folder.glob(f"{name}-*.json"), key=lambda p: p.stat().st_mtime_ns)
    for old in entries[:-_KEEP]:
        with contextlib.suppress(OSError):
            old.unlink()


def corpus_events(index: CorpusIndex, articles: list[Article] | None = None) -> tuple[Event, ...]:
    """The corpus's events, grouped once per index state. `articles`, when the caller already
    holds them all, saves reading them back from the index on a miss."""
    from briefing.events import Event, group_events

    return cached(
        index.directory,
        "events",
        "",
        lambda: group_events(articles if articles is not None else index.all_articles()),
        tuple[Event, ...],
    )
