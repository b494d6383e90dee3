"""A safe XLIFF reader (1.2 and 2.x), for re-checking translations done in a CAT tool.

XLIFF 1.2: ``<file source-language target-language>`` holding ``<trans-unit>``s
with ``<source>`` and ``<target>``. XLIFF 2.x: ``<xliff srcLang trgLang>``
holding ``<unit>``s whose ``<segment>``s have ``<source>`` and ``<target>``.
Files translated from English into Arabic are read the other way round, so the
Arabic is always first.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from align.errors import InputError
from align.io.safexml import inline_text, parse_untrusted
from align.lang.rules import base_language

#: Inline codes whose content is native markup, not text (XLIFF 1.2 and 2.x).
_CODE_TAGS = frozenset({"bpt", "ept", "it", "ph", "x", "bx", "ex", "sc", "ec", "cp"})


def read_xliff(path: str | Path) -> list[tuple[str, str]]:
    """Read the Arabic–English pairs of an XLIFF file.

    Returns:
        ``(ar, en)`` per translation unit (per segment in XLIFF 2); a missing
        target is ``""``. Inline codes are dropped, their text kept.

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
    else:
        pairs = []
        for file in _elements(root, "file"):
            pairs += _pairs(path, file.get("source-language"), file.get("target-language"), _elements(file, "trans-unit"))
    return pairs


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
