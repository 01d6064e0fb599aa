"""trafilatura's guarded prune of boilerplate sections, with its nesting check made cheap.

Why this module exists: trafilatura's main extractor prunes each candidate frame (and, for a
short result, the whole page again) with `prune_unwanted_nodes(tree, OVERALL_DISCARD_XPATH,
with_backup=True)`: it finds the boilerplate sections, keeps the outermost ones (those with no
found section among their ancestors) and deletes them unless that would remove nearly all the
text. Its outermost test walks every found section's ancestors up to the page's root, one
Python element at a time: a tenth of a page's reading CPU, the largest single item left.
`outermost` gives the same list in the same order, remembering what each walk learnt about the
ancestors it passed (none of theirs is a found section, or one is), so later walks stop where
an earlier one passed. `prune_unwanted_nodes` is trafilatura's function with that step
replaced, and with the sections found by `page_discard` (the same, without a callback per
element) when they are `OVERALL_DISCARD_XPATH`'s (also unguarded, as the precision run's
comparison with readability prunes its tree); `faster_pruning` puts it in trafilatura's main
extractor and that comparison for the length of a `with` block (`page_extract` runs its
extractions in one),
with the main extractor's candidate frames found in Python (`page_frames`), and puts
trafilatura's own back after.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any, Final

from briefing.ingest.page_discard import discard_patterns, discarded
from briefing.ingest.page_frames import AttributeTests, frames

__all__ = ["faster_pruning", "outermost", "prune_unwanted_nodes"]

_NAME: Final = "prune_unwanted_nodes"  # the name trafilatura's main extractor calls it by
_FRAMES: Final = "BODY_XPATH"  # and the name of its list of candidate frames


def outermost(found: dict[Any, None] | Iterable[Any]) -> list[Any]:
    """`[e for e in found if not any(a in found for a in e.iterancestors())]`, in that order.

    `clear` holds elements none of whose ancestors-or-self was found; `covered` elements with
    a found one among their ancestors-or-self. A walk up from an element stops at the first
    ancestor that was found or is covered (the element is nested) or is clear (it is not); the
    elements it passed are then covered or clear in turn. (lxml gives the same Python object
    for an element while one is held, as these sets hold them.)"""
    found = found if isinstance(found, dict) else dict.fromkeys(found)
    clear: set[Any] = set()
    covered: set[Any] = set()
    out: list[Any] = []
    for element in found:
        passed: list[Any] = []
        nested = False
        for ancestor in element.iterancestors():
            if ancestor in found or ancestor in covered:
                nested = True
                break
            if ancestor in clear:
                break
            passed.append(ancestor)
        if nested:
            covered.update(passed)
        else:
            clear.update(passed)
            out.append(element)
    return out


def prune_unwanted_nodes(tree: Any, nodelist: list[Any], with_backup: bool = False) -> Any:
    """`trafilatura.htmlprocessing.prune_unwanted_nodes`, the same steps, `outermost` for its
    outermost test, and `OVERALL_DISCARD_XPATH`'s sections found by `page_discard`.

    Without the guard, trafilatura deletes what the first expression finds, then what the
    second finds in what is left; here both are found first. The same tree results: whether
    an element passes either expression depends only on its own tag and attributes, which no
    deletion changes, so the second finds what it finds before the deletions less the
    elements they took out, and deleting one of those again changes nothing in the tree (one
    deleted itself has no parent; one inside a deleted section changes only that section)."""
    from trafilatura.htmlprocessing import prune_unwanted_nodes as theirs
    from trafilatura.xml import delete_element
    from trafilatura.xpaths import OVERALL_DISCARD_XPATH

    patterns = discard_patterns() if nodelist is OVERALL_DISCARD_XPATH else None
    if not with_backup:
        if patterns is None:
            return theirs(tree, nodelist)
        for elem in discarded(tree, patterns):
            delete_element(elem)  # the tail text is kept, as theirs
        return tree
    # guard: prune nothing if it would remove too much text, the tree keeps its elements
    if patterns is not None:  # the same elements, found in Python (`page_discard`)
        found = discarded(tree, patterns)
    else:
        found = [elem for expression in nodelist for elem in expression(tree)]
    matches = dict.fromkeys(found)
    outer = outermost(matches)
    old_len = len(tree.text_content())
    if old_len - sum(len(elem.text_content()) for elem in outer) > old_len / 7:
        for elem in outer:
            delete_element(elem)
    return tree


@contextmanager
def faster_pruning(tests: AttributeTests | None = None) -> Iterator[None]:
    """trafilatura's main extractor (`main_extractor.prune_unwanted_nodes`, the name it calls)
    and its comparison with readability (`external.prune_unwanted_nodes`: the precision run's
    unguarded prune of `OVERALL_DISCARD_XPATH`) use `prune_unwanted_nodes` inside the block,
    and with `tests` the main extractor's candidate frames
    (`main_extractor.BODY_XPATH`, read once per extraction) are `page_frames.frames(tests)`;
    its own (`htmlprocessing`'s function, `xpaths`' list, which it imports) are back after the
    block, whatever happens (also when blocks in two threads overlap: the output is the same
    either way, the frames' answers depend on no page, and no block leaves this module's
    function or frames in place)."""
    from trafilatura import external, htmlprocessing, main_extractor, xpaths

    setattr(main_extractor, _NAME, prune_unwanted_nodes)
    setattr(external, _NAME, prune_unwanted_nodes)
    if tests is not None:
        setattr(main_extractor, _FRAMES, frames(tests))
    try:
        yield
    finally:
        setattr(main_extractor, _NAME, getattr(htmlprocessing, _NAME))
        setattr(external, _NAME, getattr(htmlprocessing, _NAME))
        setattr(main_extractor, _FRAMES, getattr(xpaths, _FRAMES))
