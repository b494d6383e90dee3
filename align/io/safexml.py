"""XML from and for strangers: parsing TMX and XLIFF without the dangers XML allows, and text XML may hold.

No DTD is loaded, no entity resolved, nothing fetched from the network or the
disk, and a document that declares entities (an entity-expansion bomb, an
external entity) is refused before any of its text is used.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from lxml import etree

from align.errors import InputError
from align.model import Alignment
from align.io.text import check_size

#: Everything outside XML 1.0's ``Char`` production (C0 controls except tab,
#: line feed and carriage return; surrogates; U+FFFE and U+FFFF).
_NOT_XML_CHAR = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids (C0 controls, lone surrogates, U+FFFE/F)."""
    return _NOT_XML_CHAR.sub("", text)


def not_xml_chars(text: str) -> list[str]:
    """The characters of ``text`` that :func:`xml_safe` removes, in order."""
    return _NOT_XML_CHAR.findall(text)


def left_out_note(chars: list[str]) -> str:
    """The note an exported unit gets when ``chars`` were left out of its text (TMX and XLIFF word it alike)."""
    codes = ", ".join(f"U+{ord(char):04X}" for char in sorted(set(chars)))
    return f"{len(chars)} character{'s' if len(chars) > 1 else ''} XML cannot hold left out of this unit's text: {codes}"


def left_out(alignment: Alignment, *, include_gaps: bool = False) -> dict[int, int]:
    """How many characters a TMX or XLIFF export leaves out of each unit's text: link index -> count, where any.

    The index is the unit's ``tuid`` (TMX) and ``id`` (XLIFF).

    Args:
        alignment: The alignment exported.
        include_gaps: As given to the export.
    """
    counts = {
        index: len(not_xml_chars(alignment.text_of(link, "ar")) + not_xml_chars(alignment.text_of(link, "en")))
        for index, link in enumerate(alignment.links)
        if include_gaps or (link.ar and link.en)
    }
    return {index: count for index, count in counts.items() if count}


def parse_untrusted(path: str | Path) -> etree._ElementTree:
    """Parse an XML file safely.

    Raises:
        InputError: The file cannot be read, is over the input size limit, is
            not well-formed XML, or declares entities.
    """
    check_size(Path(path))
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        tree = etree.parse(os.fspath(path), parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(f"{path} is not well-formed XML: {exc}") from None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc}") from None
    dtd = tree.docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise InputError(f"{path} declares XML entities; refusing to read it (translation memories never need them)")
    return tree


def inline_text(element: etree._Element, code_tags: frozenset[str]) -> str:
    """The text of ``element`` and its children, dropping inline codes whose content is markup."""
    parts = [element.text or ""]
    for child in element:
        tag = etree.QName(child).localname if isinstance(child.tag, str) else None
        if tag is not None and tag not in code_tags:
            parts.append(inline_text(child, code_tags))
        parts.append(child.tail or "")
    return "".join(parts)
