"""The terminal app (Textual): timeline, search and side-by-side comparison over a corpus.

Why this package exists: it is where a person spends their day with briefing. It is the only part
of briefing that imports Textual; the CLI imports it lazily (`briefing`, `briefing app`), so the
other commands never pay for it. One widget per module; `app.py` is the hub; `briefing.tcss`
holds the styles.
"""

from briefing.app.app import BriefingApp, make_app

__all__ = ["BriefingApp", "make_app"]
