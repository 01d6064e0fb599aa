"""A page's HTML parsed once into the tree that trafilatura, htmldate and briefing's readers share.

Why this module exists: trafilatura's loader (`trafilatura.utils.load_html`) parses with
`lxml.html`'s parser, whose element classes are chosen by a Python method
(`lxml.html.HtmlElementClassLookup.lookup`), called each time lxml hands an element to Python:
thousands of times per page in trafilatura's tree-wide searches. `load_page` parses as that
loader does (the same repairs, the same parser options, the same fallbacks), with a parser that
picks the same classes in C (lxml's namespace-class lookup: `lxml.html`'s form, input, select,
textarea and label classes by tag, `HtmlElement` for every other element, `lxml.html`'s
comment, processing-instruction and entity classes). The tree, and all that is read from it,
is the same; walking it is cheaper. The loader's repairs of the markup are its own steps too,
but its pass deleting control characters (a regular expression run over the whole page, which
almost never holds one) is made only when the page holds one of them (`repair_html`).
"""

from __future__ import annotations

from functools import cache
from typing import Any, Final

# lxml (trafilatura's own dependency) has no type stubs: its trees are `Any` here, as in the
# other page modules.
from lxml import etree  # type: ignore[import-untyped]
from lxml import html as lxml_html

__all__ = ["CONTROL_CHARACTERS", "load_page", "repair_html"]

# The characters `trafilatura.utils.repair_faulty_html` deletes (its `INVALID_XML_CHARS`, a
# character class of them: `repair_html` checks that it is this one).
CONTROL_CHARACTERS: Final = "".join(
    [chr(c) for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)] + ["\ufffe", "\uffff"]
)
_CONTROL_CLASS: Final = r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]"

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


@cache
def _own_repair() -> bool:
    """Whether `repair_html` may make trafilatura's repairs itself: on the release whose
    steps it repeats, with the control characters it knows."""
    from trafilatura.utils import INVALID_XML_CHARS

    from briefing.ingest.page_extract import verified

    return verified() and INVALID_XML_CHARS.pattern == _CONTROL_CLASS


def repair_html(html: str, beginning: str) -> str:
    """`trafilatura.utils.repair_faulty_html(html, beginning)`: the same steps, the control
    characters deleted only when the page holds one (a search for each, in C, is a third of
    the regular expression's pass over the page)."""
    from trafilatura.utils import DOCTYPE_TAG, FAULTY_HTML, INVALID_XML_CHARS, repair_faulty_html

    if not _own_repair():
        return repair_faulty_html(html, beginning)
    if any(c in html for c in CONTROL_CHARACTERS):
        html = INVALID_XML_CHARS.sub("", html)
    if "doctype" in beginning:
        firstline, _, rest = html.partition("\n")
        html = DOCTYPE_TAG.sub("", firstline, count=1) + "\n" + rest
    for line in html[:4096].splitlines()[:4]:  # a self-closing <html/> in the first lines
        if "<html" in line and line.endswith("/>"):
            html = FAULTY_HTML.sub(r"\1>", html, count=1)
            break
    return html


def load_page(html: str) -> Any:
    """The page's tree as `trafilatura.utils.load_html(html)` gives it (a decoded page: a
    string), or None when it is no HTML: the same steps, in the same order."""
    from trafilatura.utils import is_dubious_html

    beginning = html[:50].lower()
    dubious = is_dubious_html(beginning)
    html = repair_html(html, beginning)
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
