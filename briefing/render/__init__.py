"""Everything that draws: search results, events, the briefing and a comparison.

Why this package exists: the domain returns frozen records and never prints; this is the one
place that turns them into text, for the terminal (Rich), for files (Markdown) and for tools
(JSON). The CLI and the app both call these renderers, so a file saved from either reads the
same. Article text is data: it only ever enters `rich.text.Text` objects or goes through the one
Markdown escaper (`markdown.md_escape`); the app's highlighted snippets use `snippets`.

Modules: `search`, `events`, `briefing_rich`, `compare_rich` (terminal); `briefing_markdown`,
`compare_markdown`, `events_markdown` (Markdown); `json`; the shared `markdown`, `snippets`,
`text` and `compare_text` helpers.
"""

from briefing.render.events import render_events
from briefing.render.json import search_json
from briefing.render.search import render_search
from briefing.render.snippets import snippet_text

__all__ = ["render_events", "render_search", "search_json", "snippet_text"]
