"""py3langid's model, loaded from an uncompressed copy in the resource cache.

Why this module exists: py3langid ships its model as an xz-compressed NumPy archive and
decompresses it on every start (over a second, most of the cost of reading the first article in
a process: a one-file update, each build worker). The archive is decompressed once into the
resource cache (`briefing.resources`; NumPy arrays, `allow_pickle=False`) and read from there;
the arrays are exactly those py3langid's own loader returns, so the identifier decides the same.
If the cache cannot be used, py3langid's own loader runs.
"""

from __future__ import annotations

import lzma
import shutil
from pathlib import Path
from typing import Any

from briefing.resources import cached_path, discard

__all__ = ["language_identifier"]

# The arrays of the model archive and the dtypes py3langid's loader expects of them.
_ARRAYS = {
    "ptc": "float16",
    "pc": "float32",
    "classes": "<U3",
    "nextmove": "uint32",
    "nextmove_row": "uint16",
    "out_feat": "int32",
}


def _model_file() -> Path:
    from py3langid.langid import MODEL_DIR, MODEL_FILE

    path = Path(MODEL_FILE)
    return path if path.is_absolute() else Path(MODEL_DIR) / path


def _decompress(source: Path) -> Any:
    def write(dest: Path) -> None:
        with lzma.open(source) as src, dest.open("wb") as out:
            shutil.copyfileobj(src, out, length=1 << 20)

    return write


def _load_cached(path: Path) -> tuple[Any, ...] | None:
    """The model tuple py3langid's `load_model` returns, read from an uncompressed archive;
    None if the file is not the archive it should be."""
    import numpy as np
    from py3langid.modelio import _to_array

    try:
        with np.load(path, allow_pickle=False) as data:
            if set(data.files) != set(_ARRAYS):
                return None
            arrays = {name: data[name] for name in _ARRAYS}
    except Exception:  # damaged, truncated, not an archive
        return None
    for name, dtype in _ARRAYS.items():
        if arrays[name].dtype != np.dtype(dtype):
            return None
    ptc, pc = arrays["ptc"], arrays["pc"]
    n = len(arrays["classes"])
    rows = len(arrays["nextmove_row"])
    if (
        ptc.ndim != 2
        or ptc.shape[1] != n
        or pc.shape != (n,)
        or arrays["out_feat"].shape != (rows,)
    ):
        return None
    return (
        ptc,
        pc,
        arrays["classes"].tolist(),
        _to_array(arrays["nextmove"]),
        _to_array(arrays["nextmove_row"]),
        arrays["out_feat"].tolist(),
    )


def language_identifier(languages: tuple[str, ...]) -> Any:
    """py3langid's identifier with normalised probabilities, restricted to `languages`."""
    import numpy as np
    from py3langid.langid import LanguageIdentifier

    source = _model_file()
    model = None
    path = cached_path("langid-model", source, ".npz", _decompress(source))
    if path is not None:
        model = _load_cached(path)
        if model is None:
            discard(path)
    if model is None:
        identifier = LanguageIdentifier.from_model_file(source, norm_probs=True)
    else:
        ptc, pc, classes, nextmove, row, output = model
        identifier = LanguageIdentifier(
            np.asarray(ptc), np.asarray(pc), classes, nextmove, output, norm_probs=True, tk_row=row
        )
    identifier.set_languages(languages)
    return identifier
