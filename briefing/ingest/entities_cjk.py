"""Places named in Chinese, Japanese or Korean text.

Why this module exists: these scripts put no spaces between words and no capitals on names, so
the cue-based finders cannot see a name. What can be seen are the names the data knows in these
scripts: CLDR's country names (Babel) and the gazetteer's alternate names of larger cities,
found as substrings, longest first ("日本", "東京", "长门" ...). Each is kept as written; its
English name is what lets events and comparisons match it with an English article.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from briefing.ingest.placenames import known_names
from briefing.models import Mention

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")
_LONGEST = 8


@lru_cache(maxsize=1)
def _names() -> frozenset[str]:
    return frozenset(n for n in known_names() if 2 <= len(n) <= _LONGEST and _CJK.fullmatch(n[0]))


def find_places(paragraphs: Sequence[str]) -> tuple[Mention, ...]:
    """Places named in the paragraphs, most mentioned first."""
    names = _names()
    found: Counter[str] = Counter()
    for para in paragraphs:
        i = 0
        while i < len(para):
            if not _CJK.match(para, i):
                i += 1
                continue
            for n in range(min(_LONGEST, len(para) - i), 1, -1):
                piece = para[i : i + n]
                if piece in names:
                    found[piece] += 1
                    i += n
                    break
            else:
                i += 1
    return tuple(
        Mention(name, "place", count)
        for name, count in sorted(found.items(), key=lambda kv: (-kv[1], kv[0]))
    )
