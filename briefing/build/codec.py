"""The worker pipes' wire format: each message of a parallel build as one line of JSON.

Why this module exists: the job and the replies (`messages`) crossed the worker pipes
pickled, and unpickling runs whatever the bytes say. Here each message is a JSON object with a
`type`, read back against the message's fields (strings, ints, lists of them), so bytes of
any other shape are a `CodecError`, never code that runs. A worker's segment travels as its
state (`Segment.to_json`), the rules as the recipe they were compiled from (`Rules.recipe`).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import IO, Any

from briefing.build.messages import ChunkDone, ShareDone, WorkerFailed, WorkerJob
from briefing.build.spill import encode_pending, pending_of
from briefing.errors import BriefingError
from briefing.index import Segment
from briefing.ingest import rules_of_recipe
from briefing.models import InputWarning

__all__ = ["CodecError", "Message", "decode", "encode", "read_message", "write_message"]

Message = WorkerJob | ChunkDone | ShareDone | WorkerFailed


class CodecError(ValueError):
    """Bytes on a worker pipe that are not a message."""


def _counter(counts: Counter[Any]) -> dict[str, int]:
    return {str(k): int(v) for k, v in counts.items()}


def _to_json(message: Message) -> dict[str, Any]:
    if isinstance(message, WorkerJob):
        return {
            "type": "job",
            "directory": str(message.directory),
            "rules": message.rules.recipe,
            "worker": message.worker,
            "chunks": [str(c) for c in message.chunks],
        }
    if isinstance(message, ChunkDone):
        return {
            "type": "chunk",
            "worker": message.worker,
            "records": message.records,
            "warnings": [[w.path, w.reason] for w in message.warnings],
            "words": sorted(message.words),
            "years": _counter(message.years),
            "failed": _counter(message.failed),
            "waiting": [encode_pending(p) for p in message.waiting],
        }
    if isinstance(message, ShareDone):
        segment = None if message.segment is None else message.segment.to_json()
        return {"type": "share", "worker": message.worker, "segment": segment}
    if isinstance(message, WorkerFailed):
        return {"type": "failed", "worker": message.worker, "error": message.error}
    raise TypeError(f"not a worker message: {type(message).__name__}")


def encode(message: Message) -> bytes:
    """`message` as one line of JSON (UTF-8, newline-terminated)."""
    text = json.dumps(_to_json(message), ensure_ascii=False, separators=(",", ":"))
    return text.encode("utf-8") + b"\n"


def _int(value: Any) -> int:
    if type(value) is not int:
        raise TypeError(f"expected an integer, got {type(value).__name__}")
    return value


def _str(value: Any) -> str:
    if type(value) is not str:
        raise TypeError(f"expected a string, got {type(value).__name__}")
    return value


def _list(value: Any) -> list[Any]:
    if type(value) is not list:
        raise TypeError(f"expected a list, got {type(value).__name__}")
    return value


def _counts(value: Any, key: type) -> Counter[Any]:
    if type(value) is not dict:
        raise TypeError(f"expected an object, got {type(value).__name__}")
    return Counter({(int(k) if key is int else _str(k)): _int(v) for k, v in value.items()})


_FIELDS = {
    "job": {"directory", "rules", "worker", "chunks"},
    "chunk": {"worker", "records", "warnings", "words", "years", "failed", "waiting"},
    "share": {"worker", "segment"},
    "failed": {"worker", "error"},
}


def _from_json(data: Any) -> Message:
    if type(data) is not dict or data.get("type") not in _FIELDS:
        raise TypeError("expected an object with a message type")
    kind = data.pop("type")
    if set(data) != _FIELDS[kind]:
        raise KeyError(f"the fields of a {kind} message differ")
    worker = _int(data["worker"])
    if kind == "job":
        return WorkerJob(
            Path(_str(data["directory"])),
            rules_of_recipe(data["rules"]),
            worker,
            tuple(Path(_str(c)) for c in _list(data["chunks"])),
        )
    if kind == "chunk":
        warnings = []
        for w in _list(data["warnings"]):
            path, reason = _list(w)
            warnings.append(InputWarning(_str(path), _str(reason)))
        return ChunkDone(
            worker,
            _int(data["records"]),
            tuple(warnings),
            frozenset(_str(w) for w in _list(data["words"])),
            _counts(data["years"], int),
            _counts(data["failed"], str),
            tuple(pending_of(p) for p in _list(data["waiting"])),
        )
    if kind == "share":
        segment = data["segment"]
        return ShareDone(worker, None if segment is None else Segment.from_json(segment))
    return WorkerFailed(worker, _str(data["error"]))


def decode(line: bytes) -> Message:
    """The message of one line `encode` wrote; `CodecError` if it is not one."""
    try:
        return _from_json(json.loads(line.decode("utf-8")))
    except (ValueError, TypeError, KeyError, RecursionError, BriefingError) as exc:
        raise CodecError(f"not a worker message ({exc})") from None


def write_message(stream: IO[bytes], message: Message) -> None:
    stream.write(encode(message))
    stream.flush()


def read_message(stream: IO[bytes]) -> Message | None:
    """The next message on `stream`, or None at its end."""
    line = stream.readline()
    if not line:
        return None
    return decode(line)
