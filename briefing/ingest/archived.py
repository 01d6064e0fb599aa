"""The original address inside a web archive's address: whose page an archived copy is.

Why this module exists: a page saved from a web archive (the Wayback Machine, and the many
archives built on the same replay software) carries the archive's address as its URL and
canonical link: `https://web.archive.org/web/20160218174457/http://example.de/2010/05/story/`.
Its outlet is example.de's, not the archive's; named by the archive's host, every archived page
of every site became one outlet, "web.archive.org". Such an address (a Memento-style "URI-M")
holds a capture time of 4 to 14 digits, perhaps a replay flag (`id_`, `im_`, ...), then the
original address whole; that shape, not a list of archives, is what is recognised, so any
archive that writes its addresses this way is read the same.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["MAX_URL", "original_url"]

MAX_URL: Final = 4000  # longer is no address a page states for itself: left as it is

# /<capture time>[flag_]/<scheme>://...  (the scheme's "//" is sometimes collapsed to "/")
_ARCHIVED: Final = re.compile(
    r"^[a-z][a-z0-9+.-]*://[^/?#]+(?:/[^/?#]*)*?/\d{4,14}(?:[a-z]{2}_)?/(https?):/{1,2}(\S+)$",
    re.I,
)


def original_url(url: str | None) -> str | None:
    """The original address an archive's address wraps (nested archives unwrapped), else
    `url` itself."""
    if url is None or len(url) > MAX_URL:
        return url
    for _ in range(3):  # an archived copy of an archived copy: at most a few levels
        m = _ARCHIVED.match(url)
        if not m:
            break
        url = f"{m.group(1).lower()}://{m.group(2)}"
    return url
