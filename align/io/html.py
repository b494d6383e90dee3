"""Web pages (.html, .htm, .xhtml), read with lxml's lenient HTML parser: the text of each block-level element.

Scripts, styles, templates, the ``<head>`` and comments are left out. Each
block element (paragraph, heading, list item, table cell, ``div`` …) is a
block with the text it holds outside the blocks nested in it, whitespace
collapsed as a browser shows it (``<br>`` a line break, ``<pre>`` kept as
written); it is placed as ``line L <tag>``, the line of the file where the
element starts.

A block's language is what the nearest ``lang`` (or ``xml:lang``) or ``dir``
on it or around it declares (``dir="rtl"`` Arabic, ``ltr`` English; ``lang``
first where one element has both).
A page given alone whose blocks are declared in both Arabic and English is
split by those declarations (undeclared blocks by their script) and aligned;
a page that declares one language or none is read as a mixed document. One
side of a pair leaves out the blocks declared in the other language (a
language switcher's ``<a lang="ar">العربية</a>``).

Malformed markup is read as a browser would read it; a file that is not text
(binary, not UTF-8) is refused as any text file is.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree
from lxml import html as lxml_html

from align.errors import InputError
from align.io.blocks import Block, Document, ReadOptions, block_language, mixed_of, side_of
from align.io.text import read_text
from align.lang.rules import base_language
from align.model import Lang, Side

#: Elements whose content is not text a reader sees.
_SKIPPED = frozenset({"head", "script", "style", "template", "noscript", "svg", "math", "iframe", "object", "canvas"})
#: Elements that start a block of their own (HTML's block-level and table elements).
_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "dd", "details", "dialog", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup",
    "hr", "html", "legend", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td",
    "tfoot", "th", "thead", "title", "tr", "ul",
})
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_DIRECTIONS: dict[str, Lang] = {"rtl": "ar", "ltr": "en"}


def read_document(path: Path, options: ReadOptions) -> Document:
    """A page given alone: split by its ``lang`` declarations when it declares both languages, else read as mixed.

    Raises:
        InputError: Not text, over the size limit, or without both languages.
    """
    blocks = read_blocks(path)
    declared = {block.lang for block in blocks}
    if {"ar", "en"} <= declared:
        by_language: dict[Lang, list[Block]] = {"ar": [], "en": []}
        for block in blocks:
            lang = block.lang or block_language(block.text)
            if lang is not None:
                by_language[lang].append(block)
        return (
            side_of("ar", path, by_language["ar"], whole=options.presegmented, checked=False),
            side_of("en", path, by_language["en"], whole=options.presegmented, checked=False),
            None,
        )
    source, target = mixed_of(path, blocks, "page")
    return source, target, None


def read_side(path: Path, lang: Lang, options: ReadOptions) -> Side:
    """One side of a pair: the page's blocks, less those declared in the other language.

    Raises:
        InputError: Not text, over the size limit, or mostly in the other language.
    """
    blocks = read_blocks(path)
    other = "en" if lang == "ar" else "ar"
    return side_of(lang, path, [block for block in blocks if block.lang != other] or blocks, whole=options.presegmented)


def read_blocks(path: Path) -> list[Block]:
    """The page's blocks in document order, each with its declared language.

    Raises:
        InputError: Not text, over the size limit, or no text in its body.
    """
    text = read_text(path)
    # Parsed from UTF-8 bytes with the encoding given: an XHTML file's
    # <?xml encoding?> declaration would make lxml refuse a str.
    parser = lxml_html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True)
    try:
        root = lxml_html.document_fromstring(text.encode("utf-8"), parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as error:
        raise InputError(f"{path}: cannot be read as HTML ({error})") from None
    # libxml2 stops a page nested past its depth limit (256) and reads no further.
    limit = next((error for error in parser.error_log if error.type_name == "ERR_RESOURCE_LIMIT"), None)
    if limit is not None:
        raise InputError(f"{path}: nests elements deeper than an HTML parser reads ({limit.message}); refusing it")
    blocks = _walk(root)
    if not blocks:
        raise InputError(f"{path}: its page shows no text; give a page with text in it")
    return blocks


def _walk(root: etree._Element) -> list[Block]:
    """Blocks from a walk over the tree (iterative: a page may nest deeper than Python's recursion allows).

    Each piece of text keeps the language declared where it stands, so a block
    whose text all stands in one declaration (``<li><a lang="ar">العربية</a></li>``)
    has that language, and any other block its element's.
    """
    blocks: list[Block] = []
    parts: list[tuple[str, Lang | None]] = []
    owners: list[tuple[etree._Element, Lang | None]] = [(root, None)]  # the open block elements and their languages
    declared: list[Lang | None] = [None]  # the language declared at each open element
    pre = 0

    def flush() -> None:
        raw = "".join(text for text, _ in parts)
        text = raw.strip("\n") if pre else "\n".join(" ".join(line.split()) for line in raw.split("\n"))
        text = text.strip()
        languages = {lang for piece, lang in parts if block_language(piece) is not None}
        parts.clear()
        if text:
            element, own = owners[-1]
            lang = languages.pop() if len(languages) == 1 else own
            blocks.append(Block(text, f"line {element.sourceline} <{element.tag}>", lang))

    walker = etree.iterwalk(root, events=("start", "end"))
    for event, element in walker:
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in _SKIPPED:
                walker.skip_subtree()
                continue
            declared.append(_declared(element, declared[-1]))
            if tag in _BLOCKS:
                flush()
                owners.append((element, declared[-1]))
                pre += tag == "pre"
            elif tag == "br":
                parts.append(("\n", None))
            parts.append((_source_text(element.text, pre), declared[-1]))
        else:
            if tag not in _SKIPPED:
                if tag in _BLOCKS:
                    flush()
                    owners.pop()
                    pre -= tag == "pre"
                declared.pop()
            if element is not root:
                parts.append((_source_text(element.tail, pre), declared[-1]))
    return blocks


def _source_text(text: str | None, pre: int) -> str:
    """Text as HTML renders it: outside ``<pre>`` line breaks are spaces."""
    if not text:
        return ""
    return text if pre else text.replace("\r", " ").replace("\n", " ")


def _declared(element: etree._Element, around: Lang | None) -> Lang | None:
    """The language ``element``'s own ``lang`` (else ``dir``) declares, else ``around`` (its parent's).

    A ``lang`` other than Arabic or English declares ``None``.
    """
    lang = element.get("lang") or element.get(_XML_LANG)
    if lang is not None:
        base = base_language(lang)
        return "ar" if base == "ar" else "en" if base == "en" else None
    return _DIRECTIONS.get((element.get("dir") or "").lower(), around)
