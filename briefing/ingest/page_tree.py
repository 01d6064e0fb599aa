"""A page's HTML parsed once into the tree that trafilatura, htmldate and briefing's readers share.

Why this module exists: trafilatura's loader (`trafilatura.utils.load_html`) parses with
`lxml.html`'s parser, whose element classes are chosen by a Python method
(`lxml.html.HtmlElementClassLookup.lookup`), called each time lxml hands an element to Python:
thousands of times per page in trafilatura's tree-wide searches. `load_page` parses as that
loader does (the same repairs, the same parser options, the same fallbacks), with a parser that
picks the same classes in C (lxml's namespace-class lookup: `lxml.html`'s form, input, select,
textarea and label classes by tag, `HtmlElement` for every other element, `lxml.html`'s
comment, processing-instruction and entity classes). The tree, and all that is read from it,
is the same; walking it is cheaper.
"""

from __future__ import annotations

from typing import Any, Final

# lxml (trafilatura's own dependency) has no type stubs: its trees are `Any` here, as in the
# other page modules.
from lxml import etree  # type: ignore[import-untyped]
from lxml import html as lxml_html

__all__ = ["load_page"]

# The classes `lxml.html.HtmlElementClassLookup` gives by tag; every other element is an
# `HtmlElement` (tests pin that the two lookups agree).
ELEMENT_CLASSES: Final[dict[str, Any]] = {
    "form": lxml_html.FormElement,
    "input": lxml_html.InputElement,
    "label": lxml_html.LabelElement,
    "select": lxml_html.SelectElement,
    "textarea": lxml_html.TextareaElement,
}


def _parser() -> Any:
    """trafilatura's parser (`trafilatura.utils.HTML_PARSER`: the same options) with the
    element classes looked up in C."""
    parser = etree.HTMLParser(
        collect_ids=False,
        default_doctype=False,
        encoding="utf-8",
        remove_comments=True,
        remove_pis=True,
    )
    lookup = etree.ElementNamespaceClassLookup(
        etree.ElementDefaultClassLookup(
            element=lxml_html.HtmlElement,
            comment=lxml_html.HtmlComment,
            pi=lxml_html.HtmlProcessingInstruction,
            entity=lxml_html.HtmlEntity,
        )
    )
    classes = lookup.get_namespace(None)
    for tag, cls in ELEMENT_CLASSES.items():
        classes[tag] = cls
    parser.set_element_class_lookup(lookup)
    return parser


PARSER: Final = _parser()


def _from_bytes(html: str) -> Any:
    try:
        return lxml_html.fromstring(html.encode("utf8", "surrogatepass"), parser=PARSER)
    except Exception:  # what lxml cannot parse is no page (trafilatura logs and goes on)
        return None


def load_page(html: str) -> Any:
    """The page's tree as `trafilatura.utils.load_html(html)` gives it (a decoded page: a
    string), or None when it is no HTML: the same steps, in the same order."""
    from trafilatura.utils import is_dubious_html, repair_faulty_html

    beginning = html[:50].lower()
    dubious = is_dubious_html(beginning)
    html = repair_faulty_html(html, beginning)
    tree: Any = None
    from_bytes = False
    try:
        tree = lxml_html.fromstring(html, parser=PARSER)
    except ValueError:  # "Unicode strings with encoding declaration are not supported."
        tree = _from_bytes(html)
        from_bytes = True
    except Exception:  # lxml failed on the string: the bytes are tried below
        tree = None
    if (tree is None or len(tree) < 1) and not from_bytes:
        tree = _from_bytes(html)
    if tree is not None and dubious and len(tree) < 2:  # not (well-formed) HTML at all
        tree = None
    return tree
