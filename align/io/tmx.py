"""TMX 1.4b export of an alignment, and a safe TMX reader.

Writing uses translate-toolkit's ``tmxfile``: it writes the seven header
attributes TMX 1.4b requires, escapes text, and orders ``<note>`` before
``<prop>`` before ``<tuv>`` as the DTD wants. It has no call for arbitrary
``<prop>`` elements (only ``x-context``), so the ``x-align-*`` props are added
to its lxml elements directly.

One aligned link is one ``<tu>`` (``tuid`` = the link's index in the
alignment) with ``<tuv xml:lang="ar">`` and ``<tuv xml:lang="en">``; the
segments of a side are joined by one space. The language tags are the
translation's :class:`~align.model.Locales` (``srclang="en-US"``, ``<tuv
xml:lang="ar-SA">`` for English into Arabic; ``ar`` → ``en`` by default), and
the reader takes any regional tag of either direction back. Each flag becomes a ``<note>``
(``"warning repeated-word: message"``); ``<prop type="x-align-link">`` holds
the link type, source segments first (``"2-1"``), ``x-align-score`` the score, ``x-align-flags`` the
comma-separated flag codes. Links with an empty side are left out unless
``include_gaps``; then they get a single ``<tuv>`` (and the target language's
``srclang`` on the ``<tu>`` when only the target side is there).

XML 1.0 cannot hold C0 control characters (but tab and line ends) or
U+FFFE/U+FFFF, so they are left out of the ``<seg>`` text, and the unit gets a
``<note>`` saying how many and which (:func:`align.io.safexml.left_out` tells
a caller which units lost characters, to say so).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from lxml import etree
from translate.storage.tmx import tmxfile, tmxunit

from align import __version__
from align.errors import InputError
from align.io.atomic import write_atomically
from align.io.memory import MemoryPairs
from align.io.safexml import inline_text, left_out_note, not_xml_chars, parse_untrusted, xml_safe
from align.lang.rules import base_language
from align.model import Alignment, Lang, Link

CREATION_TOOL = "align-ar-en"

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: Inline codes whose content is native markup, not text (TMX 1.4b, section 3.7).
_CODE_TAGS = frozenset({"bpt", "ept", "it", "ph", "ut"})


@dataclass(frozen=True)
class UnitExtras:
    """What a caller adds to one link's ``<tu>`` (the review: its status, comments, original texts).

    Attributes:
        notes: ``<note>`` texts, after the flags' notes.
        props: ``(type, text)`` of ``<prop>`` elements, after the link's own.
    """

    notes: tuple[str, ...] = ()
    props: tuple[tuple[str, str], ...] = ()


#: Gives a link's extras, or ``None`` to leave the link out: ``(index, link) -> extras``.
Extras = Callable[[int, Link], UnitExtras | None]


def to_tmx(alignment: Alignment, *, include_gaps: bool = False, extras: Extras | None = None) -> bytes:
    """The alignment as a TMX 1.4b document (UTF-8 bytes) in its direction (``alignment.locales``), e.g. for a download button.

    Args:
        alignment: The alignment, links already flagged.
        include_gaps: Also write links with an empty side (1-0, 0-1).
        extras: What to add to each link's unit, and which links to leave out.
    """
    return bytes(_build(alignment, include_gaps, extras))


def write_tmx(alignment: Alignment, path: str | Path, *, include_gaps: bool = False) -> int:
    """Write the alignment as a TMX 1.4b file in its direction.

    The file is written to a temporary name beside ``path`` and renamed over
    it, so a failed export never leaves a truncated file.

    Args:
        alignment: The alignment, links already flagged.
        path: Where to write.
        include_gaps: Also write links with an empty side (1-0, 0-1).

    Returns:
        The number of ``<tu>`` written.

    Raises:
        InputError: ``path`` cannot be written.
    """
    data = to_tmx(alignment, include_gaps=include_gaps)
    write_atomically(Path(path), data)
    return sum(1 for _ in _exported(alignment, include_gaps))


def read_tmx(path: str | Path) -> MemoryPairs:
    """Read the Arabic-English pairs of a TMX file.

    Parsing is safe for untrusted files: no DTD or external entity is loaded,
    nothing is fetched from the network, and a file declaring entities (such
    as an entity-expansion bomb) is refused before any text is read.

    Returns:
        ``(ar, en)`` per ``<tu>`` that has an Arabic or an English variant
        (regional forms such as ``ar-SA`` count); a missing side is ``""``.
        Inline codes (``<bpt>``, ``<ph>``...) are dropped, their text kept.
        The source language is the header's ``srclang`` when that is Arabic
        or English (``None`` for ``*all*`` or no header).

    Raises:
        InputError: The file cannot be read, is not well-formed XML, declares
            entities, is not TMX, or has units but none in Arabic or English.
    """
    tree = parse_untrusted(path)
    root = tree.getroot()
    body = root.find("body")
    if root.tag != "tmx" or body is None:
        raise InputError(f"{path} is not a TMX file (no <tmx><body>)")
    header = root.find("header")
    declared = base_language(header.get("srclang") if header is not None else None)
    pairs: list[tuple[str, str]] = []
    units = body.findall("tu")
    for unit in units:
        texts = _unit_texts(unit)
        if texts:
            pairs.append((texts.get("ar", ""), texts.get("en", "")))
    if units and not pairs:
        raise InputError(f"{path} has {len(units)} translation units but none in Arabic or English")
    return MemoryPairs(pairs, "ar" if declared == "ar" else "en" if declared == "en" else None)


def _exported(alignment: Alignment, include_gaps: bool) -> Iterator[tuple[int, Link]]:
    for index, link in enumerate(alignment.links):
        if include_gaps or (link.ar and link.en):
            yield index, link


def _build(alignment: Alignment, include_gaps: bool, extras: Extras | None) -> tmxfile:
    locales = alignment.locales
    store = tmxfile(sourcelanguage=locales.source, targetlanguage=locales.target)
    store.addheader()
    header = store.document.getroot().find("header")
    header.set("creationtool", CREATION_TOOL)
    header.set("creationtoolversion", __version__)
    header.set("o-tmf", CREATION_TOOL)
    header.set("datatype", "plaintext")
    header.set("creationdate", datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ"))
    if alignment.signature:
        signature = json.dumps(alignment.signature, ensure_ascii=False, sort_keys=True, default=str)
        etree.SubElement(header, "prop", type="x-align-signature").text = xml_safe(signature)
    for index, link in _exported(alignment, include_gaps):
        added = UnitExtras() if extras is None else extras(index, link)
        if added is not None:
            _add_unit(store, alignment, index, link, added)
    return store


def _add_unit(store: tmxfile, alignment: Alignment, index: int, link: Link, extras: UnitExtras) -> None:
    locales = alignment.locales
    source, target = locales.sides
    raw = {lang: alignment.text_of(link, lang) for lang in (source, target)}
    texts = {lang: xml_safe(text) for lang, text in raw.items()}
    present = {"ar": bool(link.ar), "en": bool(link.en)}
    if present[source]:
        unit: tmxunit = store.addsourceunit(texts[source])
        if present[target]:
            unit.settarget(texts[target], locales.target)
    else:
        unit = store.addsourceunit(texts[target], locales.target)
    unit.xmlelement.set("tuid", str(index))
    props = {"x-align-link": alignment.link_kind(link), "x-align-score": f"{link.score:.4f}"}
    if link.flags:
        props["x-align-flags"] = ",".join(flag.code for flag in link.flags)
    _insert_before_variants(unit.xmlelement, [("prop", kind, value) for kind, value in props.items()])
    for flag in link.flags:
        unit.addnote(xml_safe(f"{flag.severity} {flag.code}: {flag.message}"))
    removed = not_xml_chars(raw["ar"]) + not_xml_chars(raw["en"])
    if removed:
        unit.addnote(left_out_note(removed))
    _insert_before_variants(
        unit.xmlelement, [("note", None, note) for note in extras.notes] + [("prop", kind, value) for kind, value in extras.props]
    )


def _insert_before_variants(unit: etree._Element, elements: list[tuple[str, str | None, str]]) -> None:
    """Insert ``(tag, type, text)`` elements, in order, just before the unit's first ``<tuv>``."""
    first_variant = unit.index(unit.find("tuv"))
    for offset, (tag, kind, text) in enumerate(elements):
        element = etree.Element(tag, type=kind) if kind is not None else etree.Element(tag)
        element.text = xml_safe(text)
        unit.insert(first_variant + offset, element)


def _unit_texts(unit: etree._Element) -> dict[str, str]:
    texts: dict[str, str] = {}
    for variant in unit.iterfind("tuv"):
        lang = base_language(variant.get(_XML_LANG) or variant.get("lang"))
        seg = variant.find("seg")
        if lang in ("ar", "en") and lang not in texts and seg is not None:
            texts[lang] = inline_text(seg, _CODE_TAGS)
    return texts
