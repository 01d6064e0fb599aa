"""A `Comparison` for the terminal: outlets side by side, section by section.

Why this module exists: `briefing compare` prints the same `Comparison` the app's comparison
pane shows; keeping the drawing apart from `briefing.compare` keeps the analysis free of Rich.
Article text is data: it only ever enters `rich.text.Text` objects, never markup strings.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich import box
from rich.console import Console, RenderableType
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from briefing.compare import Comparison, DiffPiece
from briefing.labels import date_label, outlet_style
from briefing.render.compare_text import cut

__all__ = ["diff_text", "render_compare"]

Section = tuple[str, RenderableType]


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


def _shared(c: Comparison, top: int) -> list[Section]:
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
            cell = Text(cut(s.text))
            cell.append(f"\n{date_label(s.published)} · {s.article_id}", style="dim")
            cells.append(cell)
        table.add_row(*cells)
    body = table if c.shared else Text("No statement is reported alike.", style="dim")
    return [("Reported by more than one outlet", body)]


def _unique(c: Comparison, top: int) -> list[Section]:
    out: list[Section] = []
    for outlet, statements in c.unique:
        body = Text()
        for s in statements[:top]:
            if body:
                body.append("\n")
            body.append("• ")
            body.append(cut(s.text))
            tags = [*s.names[:3], *s.numbers[:2]]
            if tags:
                body.append("  [" + ", ".join(tags) + "]", style="cyan")
            body.append(f"  ({date_label(s.published)}, {s.article_id})", style="dim")
        out.append((f"Only {outlet}", body or Text("Nothing of its own.", style="dim")))
    return out


def _quotes(c: Comparison, top: int) -> list[Section]:
    if not c.quotes:
        return []
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
            qt.append(cut(q.renderings[0].text, 240))
            qt.append("”")
    return [("Quotes", qt)]


def _numbers(c: Comparison, top: int) -> list[Section]:
    if not c.numbers:
        return []
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
    return [("Numbers and dates", nt)]


def _naming(c: Comparison, top: int) -> list[Section]:
    if not (c.naming or c.framing):
        return []
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
    return [("Naming and framing", ft)]


def _coverage(c: Comparison, top: int) -> list[Section]:
    if not c.coverage:
        return []
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
    return [("Coverage", mt)]


def _reuse(c: Comparison, top: int) -> list[Section]:
    if not c.reuse:
        return []
    rt = Text()
    for r in c.reuse:
        if rt:
            rt.append("\n")
        rt.append("• ")
        rt.append(cut(r.text, 240))
        rt.append(
            f"\n  first {r.first} ({date_label(r.copies[0][2])}), then "
            + ", ".join(f"{o} ({date_label(d)})" for o, _, d in r.copies[1:]),
            style="dim",
        )
    return [("Text reuse", rt)]


_SECTIONS: tuple[Callable[[Comparison, int], list[Section]], ...] = (
    _shared,
    _unique,
    _quotes,
    _numbers,
    _naming,
    _coverage,
    _reuse,
)


def _sections(c: Comparison, top: int) -> list[Section]:
    return [section for make in _SECTIONS for section in make(c, top)]
