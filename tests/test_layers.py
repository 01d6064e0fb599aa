"""The house's layering, enforced: data flows one way and each library stays in its room.

Layers, bottom to top: models and errors; ingest (reading articles); query (the query language);
index (Whoosh: storing and searching); build (discover, diff, parse, hand to the index);
events; compare; summary; workspace (the one place the CLI and the app get their corpus work
from); render (everything that draws); and the CLI and the app on top. A module may import its
own layer and the ones below, never one above, at run time or for type checking alike. Textual
is only for the app; Rich only for render, the CLI and the app; Whoosh only for the index.

Reads the source with `ast` (imports inside functions and `TYPE_CHECKING` blocks included), so
a lazy import cannot sneak a higher layer in.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "briefing"

# (layer, module prefixes); a prefix covers the module and everything below it
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    (
        "base",
        (
            "briefing.models",
            "briefing.errors",
            "briefing.formats",
            "briefing.corpus",
            "briefing.labels",
            "briefing.safe_text",
            "briefing.spans",
            "briefing.resources",
            "briefing.lazy_exports",
            "briefing.collection",
            "briefing.alongside",
            "briefing.json_bytes",
        ),
    ),
    ("ingest", ("briefing.ingest",)),
    ("query", ("briefing.query",)),
    ("index", ("briefing.index",)),
    ("build", ("briefing.build",)),
    ("events", ("briefing.events",)),
    ("compare", ("briefing.compare",)),
    ("summary", ("briefing.summary",)),
    (
        "workspace",
        (
            "briefing.workspace",
            "briefing.cache",
            "briefing.event_state",
            "briefing.overview",
        ),
    ),
    ("render", ("briefing.render",)),
    ("top", ("briefing.cli", "briefing.app", "briefing.__main__", "briefing")),
]

# third-party libraries and the layers allowed to import them
CONFINED = {
    "textual": ("briefing.app",),
    "rich": ("briefing.render", "briefing.cli", "briefing.app"),
    "whoosh": ("briefing.index",),
}


def _covers(prefix: str, module: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def layer_of(module: str) -> int:
    """The layer of a briefing module: the most specific prefix wins."""
    best, best_len = -1, -1
    for rank, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if _covers(prefix, module) and len(prefix) > best_len:
                best, best_len = rank, len(prefix)
    if best < 0:
        raise AssertionError(f"{module} is in no layer: add it to LAYERS in {__file__}")
    return best


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(path: Path, source: str | None = None) -> Iterator[tuple[int, str]]:
    """(line, absolute module) of every import in the file, relative ones resolved."""
    text = path.read_text(encoding="utf-8") if source is None else source
    tree = ast.parse(text, filename=str(path))
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package.pop()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            yield node.lineno, target
            for alias in node.names:  # `from briefing import cli` imports briefing.cli
                yield node.lineno, f"{target}.{alias.name}"


SOURCES = sorted(PACKAGE.rglob("*.py"))


def _violations(sources: dict[Path, str] | None = None) -> list[str]:
    """Every upward or confined import; `sources` stands in for files' text (the self-test)."""
    found = []
    for path in SOURCES:
        me = module_name(path)
        mine = layer_of(me)
        for line, target in imports(path, (sources or {}).get(path)):
            where = f"{path.relative_to(PACKAGE.parent)}:{line}"
            top = target.split(".")[0]
            if top in CONFINED and not any(_covers(p, me) for p in CONFINED[top]):
                found.append(f"{where}: {me} imports {top}")
            if top != "briefing" or target == "briefing":
                continue
            if (
                not (PACKAGE.parent / (target.replace(".", "/") + ".py")).exists()
                and not (PACKAGE.parent / target.replace(".", "/")).is_dir()
            ):
                continue  # `from briefing.x import name`: the name, not a module
            theirs = layer_of(target)
            if theirs > mine:
                found.append(
                    f"{where}: {me} ({LAYERS[mine][0]}) imports {target} ({LAYERS[theirs][0]})"
                )
    return list(dict.fromkeys(found))


def _is_module(name: str) -> bool:
    path = PACKAGE.parent / name.replace(".", "/")
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def import_graph() -> dict[str, set[str]]:
    """briefing module -> the briefing modules it imports (a name imported from a package
    counts as the package itself, since its `__init__` must run)."""
    graph: dict[str, set[str]] = {}
    for path in SOURCES:
        me = module_name(path)
        edges = graph.setdefault(me, set())
        for _, target in imports(path):
            if target.startswith("briefing") and _is_module(target) and target != me:
                edges.add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _parents(module: str) -> set[str]:
    parts = module.split(".")
    return {".".join(parts[:i]) for i in range(1, len(parts))}


def test_no_import_cycles() -> None:
    """No two modules import each other, directly or round a loop. A module importing its own
    parent package is a loop too (the package's `__init__` imports the module back)."""
    graph = import_graph()
    # a package's __init__ may import its own submodules; a submodule never imports its parents
    upward = [
        f"{m} imports its package {t}" for m, ts in graph.items() for t in ts if t in _parents(m)
    ]
    assert upward == []
    downward = {m: {t for t in ts if m not in _parents(t)} for m, ts in graph.items()}
    assert cycles(downward) == []


def test_every_module_is_in_a_layer() -> None:
    for path in SOURCES:
        layer_of(module_name(path))


def test_no_module_imports_a_higher_layer_or_a_library_outside_its_room() -> None:
    assert _violations() == []


@pytest.mark.parametrize(
    ("source", "bad"),
    [
        ("from briefing.app import make_app\n", "briefing.app"),
        ("import rich\n", "rich"),
        ("def f():\n    from whoosh import index\n", "whoosh"),
        ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import textual\n", "textual"),
    ],
)
def test_the_check_sees_lazy_and_type_only_imports(source: str, bad: str) -> None:
    """The checker itself: a models module that imports upward or a confined library is caught."""
    found = _violations({PACKAGE / "models.py": source})
    assert any(v.startswith("briefing/models.py") and bad in v for v in found), found
