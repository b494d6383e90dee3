"""TMX 1.4b export of an alignment, and a safe TMX reader.

Writing uses translate-toolkit's ``tmxfile``: it writes the seven header
attributes TMX 1.4b requires, escapes text, and orders ``<note>`` before
``<prop>`` before ``<tuv>`` as the DTD wants. It has no call for arbitrary
``<prop>`` elements (only ``x-context``), so the ``x-align-*`` props are added
to its lxml elements directly.

One aligned link is one ``<tu>`` (``tuid`` = the link's index in the
alignment) with ``<tuv xml:lang="ar">`` and ``<tuv xml:lang="en">``; the
segments of a side are joined by one space. Each flag becomes a ``<note>``
(``"warning repeated-word: message"``); ``<prop type="x-align-link">`` holds
the link type (``"2-1"``), ``x-align-score`` the score, ``x-align-flags`` the
comma-separated flag codes. Links with an empty side are left out unless
``include_gaps``; then they get a single ``<tuv>`` (and ``srclang="en"`` on the
``<tu>`` when only English is there).
"""

from __future__ import annotations

import json
import os
import re
import secrets
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

from lxml import etree
from translate.storage.tmx import tmxfile, tmxunit

from align import __version__
from align.errors import InputError
from align.io.safexml import inline_text, parse_untrusted
from align.lang.rules import base_language
from align.model import Alignment, Link

CREATION_TOOL = "align-ar-en"

#: Everything outside XML 1.0's ``Char`` production (C0 controls except tab,
#: line feed and carriage return; surrogates; U+FFFE and U+FFFF).
_NOT_XML_CHAR = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: Inline codes whose content is native markup, not text (TMX 1.4b, section 3.7).
_CODE_TAGS = frozenset({"bpt", "ept", "it", "ph", "ut"})


def to_tmx(alignment: Alignment, *, include_gaps: bool = False) -> bytes:
    """The alignment as a TMX 1.4b document (UTF-8 bytes), e.g. for a download button."""
    return bytes(_build(alignment, include_gaps))


def write_tmx(alignment: Alignment, path: str | Path, *, include_gaps: bool = False) -> int:
    """Write the alignment as a TMX 1.4b file.

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
    _write_atomically(Path(path), data)
    return sum(1 for _ in _exported(alignment, include_gaps))


def read_tmx(path: str | Path) -> list[tuple[str, str]]:
    """Read the Arabic-English pairs of a TMX file.

    Parsing is safe for untrusted files: no DTD or external entity is loaded,
    nothing is fetched from the network, and a file declaring entities (such
    as an entity-expansion bomb) is refused before any text is read.

    Returns:
        ``(ar, en)`` per ``<tu>`` that has an Arabic or an English variant
        (regional forms such as ``ar-SA`` count); a missing side is ``""``.
        Inline codes (``<bpt>``, ``<ph>``...) are dropped, their text kept.

    Raises:
        InputError: The file cannot be read, is not well-formed XML, declares
            entities, is not TMX, or has units but none in Arabic or English.
    """
    tree = parse_untrusted(path)
    root = tree.getroot()
    body = root.find("body")
    if root.tag != "tmx" or body is None:
        raise InputError(f"{path} is not a TMX file (no <tmx><body>)")
    pairs: list[tuple[str, str]] = []
    units = body.findall("tu")
    for unit in units:
        texts = _unit_texts(unit)
        if texts:
            pairs.append((texts.get("ar", ""), texts.get("en", "")))
    if units and not pairs:
        raise InputError(f"{path} has {len(units)} translation units but none in Arabic or English")
    return pairs


def _exported(alignment: Alignment, include_gaps: bool) -> Iterator[tuple[int, Link]]:
    for index, link in enumerate(alignment.links):
        if include_gaps or (link.ar and link.en):
            yield index, link


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids (C0 controls, lone surrogates, U+FFFE/F)."""
    return _NOT_XML_CHAR.sub("", text)


def _build(alignment: Alignment, include_gaps: bool) -> tmxfile:
    store = tmxfile(sourcelanguage="ar", targetlanguage="en")
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
        _add_unit(store, alignment, index, link)
    return store


def _add_unit(store: tmxfile, alignment: Alignment, index: int, link: Link) -> None:
    ar = xml_safe(alignment.text_of(link, "ar"))
    en = xml_safe(alignment.text_of(link, "en"))
    if link.ar:
        unit: tmxunit = store.addsourceunit(ar)
        if link.en:
            unit.settarget(en, "en")
    else:
        unit = store.addsourceunit(en, "en")
    unit.xmlelement.set("tuid", str(index))
    props = {"x-align-link": link.kind, "x-align-score": f"{link.score:.4f}"}
    if link.flags:
        props["x-align-flags"] = ",".join(flag.code for flag in link.flags)
    first_variant = unit.xmlelement.index(unit.xmlelement.find("tuv"))
    for offset, (kind, value) in enumerate(props.items()):
        prop = etree.Element("prop", type=kind)
        prop.text = xml_safe(value)
        unit.xmlelement.insert(first_variant + offset, prop)
    for flag in link.flags:
        unit.addnote(xml_safe(f"{flag.severity} {flag.code}: {flag.message}"))


def _write_atomically(path: Path, data: bytes) -> None:
    temp = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
    try:
        try:
            # Mode 0o666 lets the user's umask decide, as for any new file.
            handle = os.fdopen(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), "wb")
            with handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, path)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None


def _unit_texts(unit: etree._Element) -> dict[str, str]:
    texts: dict[str, str] = {}
    for variant in unit.iterfind("tuv"):
        lang = base_language(variant.get(_XML_LANG) or variant.get("lang"))
        seg = variant.find("seg")
        if lang in ("ar", "en") and lang not in texts and seg is not None:
            texts[lang] = inline_text(seg, _CODE_TAGS)
    return texts
