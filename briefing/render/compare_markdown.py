"""A `Comparison` as Markdown: `briefing compare --format markdown` and the app's export.

Why this module exists: a comparison saved to a file must read the same whether it was written
by the CLI or by the app's `e` key, so both call this one renderer. Article text goes through
the one escaper (`briefing.render.markdown`).
"""

from __future__ import annotations

from collections.abc import Callable

from briefing.compare import Comparison, QuoteGroup
from briefing.labels import date_label
from briefing.render.compare_text import cite, cut
from briefing.render.markdown import md_escape as md
from briefing.render.text import clean

__all__ = ["render_compare_markdown"]


def _timing(c: Comparison, top: int) -> list[str]:
    lines = ["## Timing", ""]
    for t in c.timing:
        lines.append(
            f"- **{md(t.outlet)}**: {t.articles} article(s), {date_label(t.first)}"
            + (f" to {date_label(t.last)}" if t.last != t.first else "")
        )
    return lines


def _shared(c: Comparison, top: int) -> list[str]:
    lines = ["", "## Reported by more than one outlet", ""]
    if not c.shared:
        return [*lines, "No statement is reported alike."]
    lines.append("| " + " | ".join(md(o) for o in c.outlets) + " |")
    lines.append("|" + "---|" * len(c.outlets))
    for row in c.shared[:top]:
        by = {s.outlet: s for s in row.statements}
        lines.append(
            "| "
            + " | ".join(
                f"{md(cut(by[o].text))} ({md(cite(by[o]))})" if o in by else "—" for o in c.outlets
            )
            + " |"
        )
    return lines


def _unique(c: Comparison, top: int) -> list[str]:
    lines: list[str] = []
    for outlet, statements in c.unique:
        lines += ["", f"## Only {md(outlet)}", ""]
        lines += [f"- {md(cut(s.text))} ({md(cite(s))})" for s in statements[:top]]
        if not statements:
            lines.append("Nothing of its own.")
    return lines


def _quote(q: QuoteGroup) -> list[str]:
    who = md(q.speaker or "unattributed")
    lines = [f"- **{who}** ({', '.join(md(o) for o in q.outlets)}):"]
    for r in q.renderings:
        lines.append(f"  - {md(r.outlet)}: “{md(cut(r.text, 240))}”")
    if q.reworded:
        diff = " ".join(
            md(p.text)
            if p.op == "same"
            else (f"~~{md(p.text)}~~" if p.op == "first" else f"**{md(p.text)}**")
            for p in q.diff
        )
        lines.append(f"  - differences: {diff}")
    return lines


def _quotes(c: Comparison, top: int) -> list[str]:
    if not c.quotes:
        return []
    lines = ["", "## Quotes", ""]
    lines.append(
        "Quoted: "
        + "; ".join(
            f"**{md(who)}** ({', '.join(f'{md(o)} {n}' for o, n in per)})"
            for who, per in c.speakers[:6]
        )
    )
    lines.append("")
    for q in c.quotes[:top]:
        lines += _quote(q)
    return lines


def _numbers(c: Comparison, top: int) -> list[str]:
    if not c.numbers:
        return []
    lines = ["", "## Numbers and dates", ""]
    lines.append("| about | " + " | ".join(md(o) for o in c.outlets) + " | |")
    lines.append("|---|" + "---|" * len(c.outlets) + "---|")
    for claim in c.numbers[: top * 2]:
        cells = []
        for o in c.outlets:
            vals = [v for oo, v, _ in claim.values if oo == o]
            cells.append(md("; ".join(vals)) if vals else "—")
        flag = "**disagree**" if claim.disagree else ""
        lines.append(f"| {md(claim.what)} ({claim.kind}) | " + " | ".join(cells) + f" | {flag} |")
    return lines


def _naming(c: Comparison, top: int) -> list[str]:
    if not (c.naming or c.framing):
        return []
    lines = ["", "## Naming and framing", ""]
    lines.append("| thing or word | " + " | ".join(md(o) for o in c.outlets) + " |")
    lines.append("|---|" + "---|" * len(c.outlets))
    for n in c.naming:
        forms = dict(n.forms)
        lines.append(
            f"| {md(n.thing)} | "
            + " | ".join(
                md(", ".join(f"{f} ×{k}" for f, k in forms.get(o, ()))) or "—" for o in c.outlets
            )
            + " |"
        )
    for f in c.framing:
        counts = dict(f.counts)
        lines.append(
            f"| “{md(f.word)}” | "
            + " | ".join(f"×{counts[o]}" if counts.get(o) else "—" for o in c.outlets)
            + " |"
        )
    return lines


def _coverage(c: Comparison, top: int) -> list[str]:
    if not c.coverage:
        return []
    lines = ["", "## Coverage", ""]
    lines.append("| fact | kind | " + " | ".join(md(o) for o in c.outlets) + " |")
    lines.append("|---|---|" + "---|" * len(c.outlets))
    for fact in c.coverage:
        marks = " | ".join("✓" if o in fact.outlets else "·" for o in c.outlets)
        lines.append(f"| {md(fact.fact)} | {fact.kind} | {marks} |")
    return lines


def _reuse(c: Comparison, top: int) -> list[str]:
    if not c.reuse:
        return []
    lines = ["", "## Text reuse", ""]
    for reused in c.reuse:
        lines.append(
            f"- {md(cut(reused.text, 240))} "
            f"(first {md(reused.first)}, {date_label(reused.copies[0][2])})"
        )
    return lines


_SECTIONS: tuple[Callable[[Comparison, int], list[str]], ...] = (
    _timing,
    _shared,
    _unique,
    _quotes,
    _numbers,
    _naming,
    _coverage,
    _reuse,
)


def render_compare_markdown(c: Comparison, top: int = 12) -> str:
    """The comparison as a Markdown document, ending in a newline."""
    lines = [f"# {md(c.label)}", "", f"Event `{c.event_id}`; outlets: {', '.join(c.outlets)}.", ""]
    for section in _SECTIONS:
        lines += section(c, top)
    return clean("\n".join(lines) + "\n")
