"""A safe XLIFF reader (1.2 and 2.x), for re-checking translations done in a CAT tool, and an XLIFF 2.1 writer.

XLIFF 1.2: ``<file source-language target-language>`` holding ``<trans-unit>``s
with ``<source>`` and ``<target>``. XLIFF 2.x: ``<xliff srcLang trgLang>``
holding ``<unit>``s whose ``<segment>``s have ``<source>`` and ``<target>``.
Files translated from English into Arabic are read the other way round, so the
Arabic is always first.

The writer makes one ``<unit id="N">`` per link (N its index in the alignment,
as the TMX export's ``tuid``), one ``<segment>`` in it: ``<source>`` the
source language's text, ``<target>`` the target's (the Arabic and the English
by default; ``srcLang``/``trgLang`` carry the translation's
:class:`~align.model.Locales`, ``en-US`` → ``ar-SA`` swaps them), each side's
segments joined by a space, ``state`` ``translated`` (``initial`` without a
target). Each flag is a
``<note category="CODE" priority="P" appliesTo="source|target">`` ("severity
code: message", P 1 for errors, 5 warnings, 9 infos); the link type and score
are ``<mda:meta type="link|score">`` of the Metadata module, the alignment's
signature one on the ``<file>``. Links with an empty side are left out unless
``include_gaps``. Characters XML cannot hold are left out of the text, and a
``<note category="x-align-left-out">`` of the unit says how many and which. It is written with lxml rather than translate-toolkit's
``Xliff2File``, which (3.20) puts ``<notes>`` inside ``<segment>`` where XLIFF 2
does not allow them; translate-toolkit reads the result back unit for unit.
"""

from __future__ import annotations

import json
from pathlib import Path

from lxml import etree

from align.errors import InputError
from align.io.atomic import write_atomically
from align.io.memory import MemoryPairs
from align.io.safexml import inline_text, left_out_note, not_xml_chars, parse_untrusted, xml_safe
from align.lang.rules import base_language
from align.model import Alignment, Lang, Link

XLIFF_VERSION = "2.1"
#: XLIFF 2.x core and Metadata module namespaces (2.1 keeps 2.0's).
XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"
MDA_NS = "urn:oasis:names:tc:xliff:metadata:2.0"
_NOTE_PRIORITY = {"error": "1", "warning": "5", "info": "9"}
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

#: Inline codes whose content is native markup, not text (XLIFF 1.2 and 2.x).
_CODE_TAGS = frozenset({"bpt", "ept", "it", "ph", "x", "bx", "ex", "sc", "ec", "cp"})


def read_xliff(path: str | Path) -> MemoryPairs:
    """Read the Arabic–English pairs of an XLIFF file.

    Returns:
        ``(ar, en)`` per translation unit (per segment in XLIFF 2); a missing
        target is ``""``. Inline codes are dropped, their text kept. The
        source language is ``srcLang``'s (XLIFF 1.2: the first ``<file>``'s
        ``source-language``).

    Raises:
        InputError: The file is unsafe or malformed (see
            :func:`align.io.safexml.parse_untrusted`), not XLIFF, or not between
            Arabic and English.
    """
    root = parse_untrusted(path).getroot()
    if etree.QName(root).localname != "xliff":
        raise InputError(f"{path} is not an XLIFF file (no <xliff> root)")
    if root.get("srcLang") is not None:
        pairs = _pairs(path, root.get("srcLang"), root.get("trgLang"), _elements(root, "segment"))
        return MemoryPairs(pairs, _language(root.get("srcLang")))
    files = _elements(root, "file")
    pairs = []
    for file in files:
        pairs += _pairs(path, file.get("source-language"), file.get("target-language"), _elements(file, "trans-unit"))
    return MemoryPairs(pairs, _language(files[0].get("source-language")) if files else None)


def _language(tag: str | None) -> Lang:
    # _pairs has already refused a file whose languages are not Arabic and English.
    return "ar" if base_language(tag) == "ar" else "en"


def _pairs(path: str | Path, source_lang: str | None, target_lang: str | None, units: list[etree._Element]) -> list[tuple[str, str]]:
    languages = (base_language(source_lang), base_language(target_lang))
    if languages not in (("ar", "en"), ("en", "ar")):
        raise InputError(f"{path}: translates {source_lang or '?'} into {target_lang or '?'}; only Arabic and English are checked")
    pairs = []
    for unit in units:
        source, target = (_text(unit, name) for name in ("source", "target"))
        pairs.append((source, target) if languages[0] == "ar" else (target, source))
    return pairs


def _elements(parent: etree._Element, name: str) -> list[etree._Element]:
    return [e for e in parent.iter() if isinstance(e.tag, str) and etree.QName(e).localname == name]


def _text(unit: etree._Element, name: str) -> str:
    found = next((e for e in unit if isinstance(e.tag, str) and etree.QName(e).localname == name), None)
    return inline_text(found, _CODE_TAGS) if found is not None else ""


def to_xliff(alignment: Alignment, *, include_gaps: bool = False) -> bytes:
    """The alignment as an XLIFF 2.1 bilingual file (UTF-8 bytes) in its direction (``alignment.locales``); see the module docstring."""
    locales = alignment.locales
    root = etree.Element(f"{{{XLIFF_NS}}}xliff", nsmap={None: XLIFF_NS, "mda": MDA_NS})
    root.set("version", XLIFF_VERSION)
    root.set("srcLang", locales.source)
    root.set("trgLang", locales.target)
    file = etree.SubElement(root, _core("file"), id="f1")
    original = alignment.side(locales.source_lang).path
    if original:
        file.set("original", original)
    if alignment.signature:
        signature = json.dumps(alignment.signature, ensure_ascii=False, sort_keys=True, default=str)
        _metadata(file, {"signature": signature})
    for index, link in enumerate(alignment.links):
        if include_gaps or (link.ar and link.en):
            _unit(file, alignment, index, link)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def write_xliff(alignment: Alignment, path: str | Path, *, include_gaps: bool = False) -> int:
    """Write the alignment as an XLIFF 2.1 file, whole or not at all.

    Returns:
        The number of ``<unit>`` written.

    Raises:
        InputError: ``path`` cannot be written.
    """
    write_atomically(Path(path), to_xliff(alignment, include_gaps=include_gaps))
    return sum(1 for link in alignment.links if include_gaps or (link.ar and link.en))


def _core(name: str) -> str:
    return f"{{{XLIFF_NS}}}{name}"


def _metadata(parent: etree._Element, values: dict[str, str]) -> None:
    group = etree.SubElement(etree.SubElement(parent, f"{{{MDA_NS}}}metadata"), f"{{{MDA_NS}}}metaGroup", category="x-align")
    for kind, value in values.items():
        etree.SubElement(group, f"{{{MDA_NS}}}meta", type=kind).text = xml_safe(value)


def _unit(file: etree._Element, alignment: Alignment, index: int, link: Link) -> None:
    # XLIFF 2 orders a unit's children: module elements, <notes>, then <segment>s.
    source, target = alignment.locales.sides
    unit = etree.SubElement(file, _core("unit"), id=str(index))
    _metadata(unit, {"link": alignment.link_kind(link), "score": f"{link.score:.4f}"})
    removed = not_xml_chars(alignment.text_of(link, "ar")) + not_xml_chars(alignment.text_of(link, "en"))
    if link.flags or removed:
        notes = etree.SubElement(unit, _core("notes"))
        for flag in link.flags:
            note = etree.SubElement(notes, _core("note"), category=flag.code, priority=_NOTE_PRIORITY[flag.severity])
            if flag.side is not None:
                note.set("appliesTo", alignment.locales.role(flag.side))
            note.text = xml_safe(f"{flag.severity} {flag.code}: {flag.message}")
        if removed:
            etree.SubElement(notes, _core("note"), category="x-align-left-out").text = left_out_note(removed)
    has_target = bool(link.ids(target))
    segment = etree.SubElement(unit, _core("segment"), state="translated" if has_target else "initial")
    sides: tuple[tuple[str, Lang], ...] = (("source", source), ("target", target)) if has_target else (("source", source),)
    for tag, lang in sides:
        # Kept as they are: line breaks inside a cue or a cell are part of the text.
        etree.SubElement(segment, _core(tag), {_XML_SPACE: "preserve"}).text = xml_safe(alignment.text_of(link, lang))
