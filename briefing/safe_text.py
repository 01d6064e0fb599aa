"""Strings from a corpus made safe for a terminal, Rich, Markdown and JSON: the one cleaning step.

Why this module exists: a corpus is a folder of files from the internet, and its text, file and
folder names, ids, outlet names from its `briefing.toml` and the corpus's own name can carry
escape sequences that set a terminal's title or clipboard (OSC 0, OSC 52), move its cursor, or
reorder what a reader sees (bidi overrides). Every output path, the CLI, the renderers and the
app, cleans such strings with `clean` (or `clean_line` for one-line names) from here, and JSON
output escapes the same code points with `escape_json`. It sits at the bottom of the layers so
the domain's error messages can use it too.
"""

from __future__ import annotations

import re

__all__ = ["UNSAFE", "clean", "clean_line", "escape_json"]

# ESC sequences: CSI (ESC [ ... final), string sequences OSC/DCS/SOS/PM/APC (ESC ] P X ^ _ up to
# BEL or ST, or to the end when unterminated), the same introduced by their 8-bit C1 forms, and
# any other two-character ESC sequence
_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d-\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]?"
)
# C0 controls but tab and newline, DEL, C1 controls, bidi embeddings, overrides, isolates and
# marks (they reorder text on screen: "exe.txt" shown for "txt.exe")
UNSAFE = "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_UNSAFE = re.compile(f"[{UNSAFE}]")
_UNSAFE_IN_JSON = re.compile(f"[{UNSAFE}\u2028\u2029]")
_LINE_BREAKS = re.compile(r"[\t\n\r\v\f\u0085\u2028\u2029]+")


def clean(text: str | None) -> str:
    """The text without escape sequences, control characters or bidi controls (tabs and
    newlines kept)."""
    if not text:
        return ""
    return _UNSAFE.sub("", _SEQUENCE.sub("", text))


def clean_line(text: str | None) -> str:
    """`clean` for a name shown on one line (a file name, an id, an outlet): line breaks and
    tabs become spaces, so a name cannot forge a line of output."""
    return clean(_LINE_BREAKS.sub(" ", text or ""))


def escape_json(encoded: str) -> str:
    """JSON text (from `json.dumps(..., ensure_ascii=False)`) with C0, C1 and bidi controls, and
    U+2028/2029, written as `\\uXXXX` escapes. These code points can only occur inside JSON
    strings, where the escape means the same character."""
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group(0)):04x}", encoded)
