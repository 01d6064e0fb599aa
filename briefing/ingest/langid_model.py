"""py3langid's model, restricted to our languages once and memory-mapped from the resource cache.

Why this module exists: py3langid ships its model as an xz-compressed NumPy archive of ~68 MB
(142 languages) and decompresses it on every start (over a second, most of the cost of reading
the first article in a process: a one-file update, each build worker). The model is instead
loaded once by py3langid's own loader, restricted to the languages we tell apart (as
`set_languages` does), and its arrays written into the resource cache (`briefing.resources`) as
one flat file of plain numbers: a JSON header naming each array's type, shape and offset, then
the arrays' bytes. Nothing in it is decoded into objects (no pickle, no zip): the file is
memory-mapped and the arrays are views of it, so opening the model reads a few kilobytes and
classifying an article touches only the rows of the features it has. The arrays are exactly
those py3langid's loader and `set_languages` give, so the identifier decides the same. The
entry also says how many bytes back the tokenizer's state depends on (checked when it is
written), which lets `langid_walk` find a text's features in a few vectorised steps. If the
cache cannot be used, py3langid's own loader runs.

Entries are only ever replaced whole (`cached_path` renames a finished file into place), never
rewritten in place, which is what makes the mapping safe.
"""

from __future__ import annotations

import hashlib
import json
import mmap
import sys
from pathlib import Path
from typing import Any, Final

from briefing.resources import cached_path, discard, resource_dir

__all__ = ["language_identifier"]

_MAGIC: Final = b"briefing-langid\n"
_ALIGN: Final = 64
# The arrays of an entry: (numpy dtype, what the identifier holds it as). "ndarray": a NumPy
# view; otherwise a memoryview of that `struct` format (the DFA tables py3langid walks in
# plain Python, where py3langid holds stdlib arrays of the same numbers).
_ARRAYS: Final = {
    "ptc": ("float16", "ndarray"),
    "pc": ("float32", "ndarray"),
    "nextmove": ("uint32", "I"),
    "nextmove_row": ("uint16", "H"),
    "out_feat": ("int32", "i"),
}


def _model_file() -> Path:
    from py3langid.langid import MODEL_FILE

    path = Path(MODEL_FILE)
    if path.is_absolute():
        return path
    from py3langid.langid import MODEL_DIR  # older py3langid: a name relative to its folder

    return Path(MODEL_DIR) / path


def _entry_name(languages: tuple[str, ...]) -> str:
    digest = hashlib.sha1(",".join(languages).encode("utf-8")).hexdigest()[:8]
    return f"langid-{digest}"


def _write_entry(source: Path, languages: tuple[str, ...]) -> Any:
    """The entry's writer: py3langid's own model, restricted, as plain numbers."""

    def write(dest: Path) -> None:
        import numpy as np
        from py3langid.langid import LanguageIdentifier

        full = LanguageIdentifier.from_model_file(source, norm_probs=True)
        full.set_languages(languages)
        arrays: dict[str, Any] = {
            "ptc": np.ascontiguousarray(full.nb_ptc, dtype=np.float16),
            "pc": np.ascontiguousarray(full.nb_pc, dtype=np.float32),
            "nextmove": np.asarray(full.tk_nextmove, dtype=np.uint32),
            "nextmove_row": np.asarray(full.tk_row, dtype=np.uint16),
            "out_feat": np.asarray(full.tk_output, dtype=np.int32),
        }
        from briefing.ingest.langid_walk import local_depth

        header: dict[str, Any] = {
            "byteorder": sys.byteorder,
            "classes": [str(c) for c in full.nb_classes],
            "arrays": {},
            # how many bytes back the automaton's state depends on (None: too many to walk
            # them at once: the identifier walks byte by byte)
            "local_depth": local_depth(arrays["nextmove"], arrays["nextmove_row"]),
        }
        offset = 0
        for name, array in arrays.items():
            header["arrays"][name] = {
                "dtype": str(array.dtype),
                "shape": list(array.shape),
                "offset": offset,
            }
            offset += -(-array.nbytes // _ALIGN) * _ALIGN
        head = json.dumps(header).encode("utf-8")
        start = -(-(len(_MAGIC) + 8 + len(head)) // _ALIGN) * _ALIGN
        with dest.open("wb") as out:
            out.write(_MAGIC + len(head).to_bytes(8, "little") + head)
            out.write(b"\0" * (start - out.tell()))
            for name, array in arrays.items():
                out.seek(start + header["arrays"][name]["offset"])
                out.write(array.tobytes())
        for old in resource_dir().glob("langid-model-*.npz"):  # the entries of before
            discard(old)

    return write


def _load_cached(path: Path) -> tuple[Any, ...] | None:
    """(ptc, pc, classes, nextmove, nextmove_row, out_feat) as `LanguageIdentifier` takes them,
    and the automaton's local depth (`langid_walk`), mapped from an entry; None if the file is
    not the entry it should be."""
    import numpy as np

    try:
        with path.open("rb") as fh:
            mapped = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):  # unreadable, or empty
        return None
    try:
        if mapped[: len(_MAGIC)] != _MAGIC:
            return None
        size = int.from_bytes(mapped[len(_MAGIC) : len(_MAGIC) + 8], "little")
        end = len(_MAGIC) + 8 + size
        header = json.loads(mapped[len(_MAGIC) + 8 : end].decode("utf-8"))
        start = -(-end // _ALIGN) * _ALIGN
        if header.get("byteorder") != sys.byteorder or set(header["arrays"]) != set(_ARRAYS):
            return None
        classes = header["classes"]
        if not (isinstance(classes, list) and all(isinstance(c, str) for c in classes)):
            return None
        depth = header.get("local_depth")
        if depth is not None and not (type(depth) is int and 0 <= depth <= 12):
            return None
        out: dict[str, Any] = {}
        for name, (dtype, kind) in _ARRAYS.items():
            spec = header["arrays"][name]
            shape = tuple(int(n) for n in spec["shape"])
            if spec["dtype"] != dtype or any(n < 0 for n in shape):
                return None
            count = 1
            for n in shape:
                count *= n
            begin = start + int(spec["offset"])
            nbytes = count * np.dtype(dtype).itemsize
            if begin < start or begin + nbytes > len(mapped):
                return None
            if kind == "ndarray":
                out[name] = np.frombuffer(mapped, dtype, count, begin).reshape(shape)
            else:
                fmt: Any = kind  # one of the `struct` formats of `_ARRAYS`
                out[name] = memoryview(mapped)[begin : begin + nbytes].cast(fmt)
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError):
        return None
    ptc, pc = out["ptc"], out["pc"]
    n = len(classes)
    rows = len(out["nextmove_row"])
    if ptc.ndim != 2 or ptc.shape[1] != n or pc.shape != (n,) or len(out["out_feat"]) != rows:
        return None
    return ptc, pc, classes, out["nextmove"], out["nextmove_row"], out["out_feat"], depth


def language_identifier(languages: tuple[str, ...]) -> Any:
    """py3langid's identifier with normalised probabilities, restricted to `languages`."""
    from py3langid.langid import LanguageIdentifier

    source = _model_file()
    model = None
    path = cached_path(
        _entry_name(languages),
        [source, Path(__file__), Path(__file__).with_name("langid_walk.py")],  # (its depth check)
        ".bin",
        _write_entry(source, languages),
    )
    if path is not None:
        model = _load_cached(path)
        if model is None:
            discard(path)
    if model is None:
        identifier = LanguageIdentifier.from_model_file(source, norm_probs=True)
        identifier.set_languages(languages)
        return identifier
    ptc, pc, classes, nextmove, row, output, depth = model
    # the restricted model itself: `set_languages` would copy the whole matrix to pick the
    # columns it already holds (the aliases it works out, `__init__` works out the same)
    if depth is None:
        return LanguageIdentifier(ptc, pc, classes, nextmove, output, norm_probs=True, tk_row=row)
    from briefing.ingest.langid_walk import WalkingIdentifier

    return WalkingIdentifier(
        ptc, pc, classes, nextmove, output, norm_probs=True, tk_row=row, depth=depth
    )
