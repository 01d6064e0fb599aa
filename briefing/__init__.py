"""briefing: brief yourself on a news story from a folder of saved articles.

The domain (ingest, index, summary, events, compare) is plain Python returning frozen dataclasses
and never imports Textual; the terminal app lives in `briefing.app`.
"""

__version__ = "0.1.0"
