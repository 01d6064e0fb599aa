"""A `Comparison` for the terminal (Rich), for files (Markdown) and for tools (JSON).

Why this module exists: `briefing compare` prints the same `Comparison` the app's comparison
pane shows; keeping the printing apart from `briefing.compare` keeps that module free of Rich.
Article text is data: it only ever enters `rich.text.Text` objects (never markup strings), and
Markdown escapes whatever Markdown would interpret.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from rich import box
from rich.console import Console, Group, RenderableType
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from briefing.compare import Comparison, DiffPiece, Statement
from briefing.summary import date_label, outlet_style
from briefing.summary import md_escape as _md

__all__ = ["compare_json", "render_compare", "render_compare_markdown"]

_MAX_SENTENCE = 320


def _cut(text: str, limit: int = _MAX_SENTENCE) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _cite(s: Statement) -> str:
    return f"{s.outlet}, {date_label(s.published)}, {s.article_id}"


def _outlet(name: str) -> Text:
    return Text(name, style=f"bold {outlet_style(name)}")


def diff_text(diff: Sequence[DiffPiece], first: str, second: str) -> Text:
    """A word diff as one line: words only in the first struck through, only in the second
    underlined, each tagged with its outlet."""
    out = Text()
    for piece in diff:
        if out:
            out.append(" ")
        if piece.op == "same":
            out.append(piece.text)
        elif piece.op == "first":
            out.append(piece.text, style="strike red")
        else:
            out.append(piece.text, style="underline green")
    out.append(f"   (struck: {first} only; underlined: {second} only)", style="dim")
    return out


def render_compare(c: Comparison, console: Console, top: int = 12) -> None:
    """The comparison, section by section, outlets side by side where it helps."""
    console.print(_header(c))
    for title, body in _sections(c, top):
        console.print(Rule(Text(title, style="bold"), align="left"))
        console.print(body)


def _header(c: Comparison) -> RenderableType:
    head = Text(c.label, style="bold")
    head.append(f"  {c.event_id}\n", style="dim")
    for i, t in enumerate(c.timing):
        if i:
            head.append(" · ")
        head.append_text(_outlet(t.outlet))
        head.append(f" {t.articles} article{'s' * (t.articles != 1)}, ")
        head.append("first " if i == 0 else "from ")
        head.append(date_label(t.first))
    return head


def _sections(c: Comparison, top: int) -> list[tuple[str, RenderableType]]:
    out: list[tuple[str, RenderableType]] = []
    # shared, side by side
    table = Table(box=box.SIMPLE_HEAD, expand=True, show_lines=True)
    for o in c.outlets:
        table.add_column(_outlet(o), ratio=1, overflow="fold")
    for row in c.shared[:top]:
        by = {s.outlet: s for s in row.statements}
        cells = []
        for o in c.outlets:
            s = by.get(o)
            if s is None:
                cells.append(Text("—", style="dim"))
                continue
            cell = Text(_cut(s.text))
            cell.append(f"\n{date_label(s.published)} · {s.article_id}", style="dim")
            cells.append(cell)
        table.add_row(*cells)
    out.append(
        (
            "Reported by more than one outlet",
            table if c.shared else Text("No statement is reported alike.", style="dim"),
        )
    )
    # unique
    for outlet, statements in c.unique:
        body = Text()
        for s in statements[:top]:
            if body:
                body.append("\n")
            body.append("• ")
            body.append(_cut(s.text))
            tags = [*s.names[:3], *s.numbers[:2]]
            if tags:
                body.append("  [" + ", ".join(tags) + "]", style="cyan")
            body.append(f"  ({date_label(s.published)}, {s.article_id})", style="dim")
        out.append((f"Only {outlet}", body or Text("Nothing of its own.", style="dim")))
    # quotes
    if c.quotes:
        qt = Text("Quoted: ", style="dim")
        for i, (who, per) in enumerate(c.speakers[:6]):
            qt.append("; " if i else "")
            qt.append(who, style="bold")
            qt.append(" (" + ", ".join(f"{o} {n}" for o, n in per) + ")")
        for q in c.quotes[:top]:
            if qt:
                qt.append("\n")
            qt.append(q.speaker or "unattributed", style="bold")
            qt.append(" — ")
            for i, o in enumerate(q.outlets):
                if i:
                    qt.append(", ")
                qt.append_text(_outlet(o))
            if q.reworded and len(q.renderings) > 1:
                qt.append("\n  ")
                qt.append_text(diff_text(q.diff, q.renderings[0].outlet, q.renderings[1].outlet))
            else:
                qt.append("\n  “")
                qt.append(_cut(q.renderings[0].text, 240))
                qt.append("”")
        out.append(("Quotes", qt))
    # numbers and dates
    if c.numbers:
        nt = Table(box=box.SIMPLE_HEAD, expand=True)
        nt.add_column("About", max_width=24)
        for o in c.outlets:
            nt.add_column(_outlet(o), ratio=1, overflow="fold")
        nt.add_column("", width=9)
        for claim in c.numbers[: top * 2]:
            cells = []
            for o in c.outlets:
                vals = [v for oo, v, _ in claim.values if oo == o]
                cells.append(Text("; ".join(vals)) if vals else Text("—", style="dim"))
            flag = Text("disagree", style="bold red") if claim.disagree else Text("")
            nt.add_row(Text(f"{claim.what} ({claim.kind})"), *cells, flag)
        out.append(("Numbers and dates", nt))
    # naming and framing
    if c.naming or c.framing:
        ft = Table(box=box.SIMPLE_HEAD, expand=True)
        ft.add_column("Thing or word", max_width=24)
        for o in c.outlets:
            ft.add_column(_outlet(o), ratio=1, overflow="fold")
        for n in c.naming:
            forms = dict(n.forms)
            ft.add_row(
                Text(n.thing, style="bold"),
                *[
                    Text(", ".join(f"{f} ×{k}" for f, k in forms.get(o, ()))) or Text("—")
                    for o in c.outlets
                ],
            )
        for f in c.framing:
            counts = dict(f.counts)
            ft.add_row(
                Text(f"“{f.word}”", style="italic"),
                *[Text(f"×{counts.get(o, 0)}" if counts.get(o) else "—") for o in c.outlets],
            )
        out.append(("Naming and framing", ft))
    # coverage matrix
    if c.coverage:
        mt = Table(box=box.SIMPLE_HEAD, expand=False)
        mt.add_column("Fact")
        mt.add_column("Kind", style="dim")
        for o in c.outlets:
            mt.add_column(_outlet(o), justify="center")
        for fact in c.coverage:
            mt.add_row(
                Text(fact.fact),
                fact.kind,
                *[
                    Text("✓", style="green") if o in fact.outlets else Text("·", style="dim")
                    for o in c.outlets
                ],
            )
        out.append(("Coverage", mt))
    if c.reuse:
        rt = Text()
        for r in c.reuse:
            if rt:
                rt.append("\n")
            rt.append("• ")
            rt.append(_cut(r.text, 240))
            rt.append(
                f"\n  first {r.first} ({date_label(r.copies[0][2])}), then "
                + ", ".join(f"{o} ({date_label(d)})" for o, _, d in r.copies[1:]),
                style="dim",
            )
        out.append(("Text reuse", rt))
    return out


def render_compare_markdown(c: Comparison, top: int = 12) -> str:
    lines = [f"# {_md(c.label)}", "", f"Event `{c.event_id}`; outlets: {', '.join(c.outlets)}.", ""]
    lines += ["## Timing", ""]
    for t in c.timing:
        lines.append(
            f"- **{_md(t.outlet)}**: {t.articles} article(s), {date_label(t.first)}"
            + (f" to {date_label(t.last)}" if t.last != t.first else "")
        )
    lines += ["", "## Reported by more than one outlet", ""]
    if c.shared:
        lines.append("| " + " | ".join(_md(o) for o in c.outlets) + " |")
        lines.append("|" + "---|" * len(c.outlets))
        for row in c.shared[:top]:
            by = {s.outlet: s for s in row.statements}
            lines.append(
                "| "
                + " | ".join(
                    f"{_md(_cut(by[o].text))} ({_md(_cite(by[o]))})" if o in by else "—"
                    for o in c.outlets
                )
                + " |"
            )
    else:
        lines.append("No statement is reported alike.")
    for outlet, statements in c.unique:
        lines += ["", f"## Only {_md(outlet)}", ""]
        lines += [f"- {_md(_cut(s.text))} ({_md(_cite(s))})" for s in statements[:top]]
        if not statements:
            lines.append("Nothing of its own.")
    if c.quotes:
        lines += ["", "## Quotes", ""]
        lines.append(
            "Quoted: "
            + "; ".join(
                f"**{_md(who)}** ({', '.join(f'{_md(o)} {n}' for o, n in per)})"
                for who, per in c.speakers[:6]
            )
        )
        lines.append("")
        for q in c.quotes[:top]:
            who = _md(q.speaker or "unattributed")
            lines.append(f"- **{who}** ({', '.join(_md(o) for o in q.outlets)}):")
            for r in q.renderings:
                lines.append(f"  - {_md(r.outlet)}: “{_md(_cut(r.text, 240))}”")
            if q.reworded:
                diff = " ".join(
                    _md(p.text)
                    if p.op == "same"
                    else (f"~~{_md(p.text)}~~" if p.op == "first" else f"**{_md(p.text)}**")
                    for p in q.diff
                )
                lines.append(f"  - differences: {diff}")
    if c.numbers:
        lines += ["", "## Numbers and dates", ""]
        lines.append("| about | " + " | ".join(_md(o) for o in c.outlets) + " | |")
        lines.append("|---|" + "---|" * len(c.outlets) + "---|")
        for claim in c.numbers[: top * 2]:
            cells = []
            for o in c.outlets:
                vals = [v for oo, v, _ in claim.values if oo == o]
                cells.append(_md("; ".join(vals)) if vals else "—")
            flag = "**disagree**" if claim.disagree else ""
            lines.append(
                f"| {_md(claim.what)} ({claim.kind}) | " + " | ".join(cells) + f" | {flag} |"
            )
    if c.naming or c.framing:
        lines += ["", "## Naming and framing", ""]
        lines.append("| thing or word | " + " | ".join(_md(o) for o in c.outlets) + " |")
        lines.append("|---|" + "---|" * len(c.outlets))
        for n in c.naming:
            forms = dict(n.forms)
            lines.append(
                f"| {_md(n.thing)} | "
                + " | ".join(
                    _md(", ".join(f"{f} ×{k}" for f, k in forms.get(o, ()))) or "—"
                    for o in c.outlets
                )
                + " |"
            )
        for f in c.framing:
            counts = dict(f.counts)
            lines.append(
                f"| “{_md(f.word)}” | "
                + " | ".join(f"×{counts[o]}" if counts.get(o) else "—" for o in c.outlets)
                + " |"
            )
    if c.coverage:
        lines += ["", "## Coverage", ""]
        lines.append("| fact | kind | " + " | ".join(_md(o) for o in c.outlets) + " |")
        lines.append("|---|---|" + "---|" * len(c.outlets))
        for fact in c.coverage:
            marks = " | ".join("✓" if o in fact.outlets else "·" for o in c.outlets)
            lines.append(f"| {_md(fact.fact)} | {fact.kind} | {marks} |")
    if c.reuse:
        lines += ["", "## Text reuse", ""]
        for reused in c.reuse:
            lines.append(
                f"- {_md(_cut(reused.text, 240))} "
                f"(first {_md(reused.first)}, {date_label(reused.copies[0][2])})"
            )
    return "\n".join(lines) + "\n"


def compare_json(c: Comparison) -> str:
    return json.dumps(c.to_json(), ensure_ascii=False, indent=2)


def render_compare_group(c: Comparison, top: int = 12) -> Group:
    """The comparison as one Rich renderable (for embedding, e.g. an export)."""
    parts: list[RenderableType] = [_header(c)]
    for title, body in _sections(c, top):
        parts += [Rule(Text(title, style="bold"), align="left"), body]
    return Group(*parts)
