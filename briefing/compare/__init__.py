"""How each outlet told one event: aligned statements, what only one reports, quotes, numbers.

Why this package exists: the reason to read several outlets is to see where they differ. Given
one event (from `briefing.events`) and two or more of its outlets, `compare` returns a frozen
`Comparison` that the CLI prints and the app's comparison pane shows side by side:

- shared statements, aligned (`alignment`): sentences in different outlets that report the same
  thing (same names, numbers and key words, different wording), strongest first;
- what only one outlet reports (`alignment`), ranked by how much it carries;
- quotes by speaker (`quotes`), the same quote in different words paired with its differences;
- the numbers and dates each outlet gives (`numbers`, `claims`), disagreements flagged;
- naming and framing (`naming`, `coverage`): different words for the same thing ("Southern
  Kurils" / "Northern Territories"), and loaded words ("disputed", "claims");
- a coverage matrix of the event's key facts against outlets (`coverage`);
- text reuse and timing (`reuse`): near-verbatim sentences in more than one outlet, who was
  first, how many articles each outlet ran.

Everything is general rules over sentences (`sentences`: term weights, names, numbers, dates);
nothing here knows any particular article. Plain Python: no Textual, no Rich.
"""

from briefing.compare.comparison import MAX_ARTICLES_PER_OUTLET, compare
from briefing.compare.records import (
    AlignedStatement,
    CompareError,
    Comparison,
    CoverageRow,
    DiffPiece,
    FactKind,
    FramingWord,
    Naming,
    NumberClaim,
    OutletTiming,
    QuoteGroup,
    QuoteRendering,
    Reuse,
    Statement,
)

__all__ = [
    "MAX_ARTICLES_PER_OUTLET",
    "AlignedStatement",
    "CompareError",
    "Comparison",
    "CoverageRow",
    "DiffPiece",
    "FactKind",
    "FramingWord",
    "Naming",
    "NumberClaim",
    "OutletTiming",
    "QuoteGroup",
    "QuoteRendering",
    "Reuse",
    "Statement",
    "compare",
]
