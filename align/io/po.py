"""Gettext catalogues (.po), read with translate-toolkit: each entry's msgid and msgstr a pre-aligned pair to re-check.

The header entry and obsolete (``#~``) entries are left out; fuzzy entries are
kept (they are translations waiting for review); an entry without a
translation is a gap. A plural entry is checked as its ``msgid_plural``
against its last ``msgstr[n]`` form (Arabic's general form, English's
plural). Each entry is placed as ``entry N`` (1-based, header not counted),
with its context and first source reference when it has them.

The catalogue's ``Language`` header names the language of the msgstrs, and
the msgids are in the other one (gettext's msgids are the source text);
without the header, the script of the texts decides. Arabic is always the
first side, and the catalogue is checked in its own direction, msgids as the
source: an entry with an empty msgstr is a ``missing-translation`` whichever
language the msgids are in.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from align.errors import InputError
from align.io.blocks import Document, Pair, ReadOptions, block_language, pairs_document
from align.io.text import read_text
from align.lang.rules import base_language
from align.model import Lang, Side

if TYPE_CHECKING:
    from translate.misc.multistring import multistring
    from translate.storage.pypo import pounit


def read_document(path: Path, options: ReadOptions) -> Document:
    """A catalogue's entries as given links.

    Raises:
        InputError: Not a PO file (a syntax error names the line), over the
            size limit, or not between Arabic and English.
    """
    # Imported here: translate-toolkit's PO parser is needed only when a catalogue is read.
    from translate.storage.pypo import pofile

    text = read_text(path)
    try:
        store = pofile.parsestring(text.encode("utf-8"))
    except (ValueError, UnicodeError) as error:
        raise InputError(f"{path}: not a gettext PO file ({error})") from None
    units = [unit for unit in store.units if not unit.isheader() and not unit.isobsolete()]
    entries = [(_texts(unit.source), _texts(unit.target), _where(n, unit)) for n, unit in enumerate(units, start=1)]
    target = _target_language(path, store.gettargetlanguage(), entries)
    if target == "ar":
        return pairs_document(path, (Pair(msgstr, msgid, where) for msgid, msgstr, where in entries), source="en")
    return pairs_document(path, (Pair(msgid, msgstr, where) for msgid, msgstr, where in entries), source="ar")


def read_side(path: Path, lang: Lang, options: ReadOptions) -> Side:
    """A catalogue holds both sides: it is not one side of a pair.

    Raises:
        InputError: Always, saying how to check it.
    """
    raise InputError(f"{path}: a PO catalogue holds both languages; check it alone: align check {path}")


def _texts(value: str | multistring | None) -> str:
    """The text checked of a msgid or msgstr: the last form of a plural (a multistring), else the string."""
    strings = getattr(value, "strings", None)
    return str(strings[-1]) if strings else str(value or "")


def _where(number: int, unit: pounit) -> str:
    context = unit.getcontext()
    details = [f"msgctxt {context!r}"] if context else []
    details += unit.getlocations()[:1]
    return f"entry {number}" + (f" ({', '.join(details)})" if details else "")


def _target_language(path: Path, declared: str | None, entries: list[tuple[str, str, str]]) -> Lang:
    """The language of the msgstrs: the ``Language`` header's, else the script of the texts."""
    if declared:
        base = base_language(declared)
        if base not in ("ar", "en"):
            raise InputError(f"{path}: translates into {declared}; only Arabic and English are checked")
        return "ar" if base == "ar" else "en"
    msgids = block_language("\n".join(msgid for msgid, _, _ in entries))
    msgstrs = block_language("\n".join(msgstr for _, msgstr, _ in entries))
    if msgids is not None and msgids == msgstrs:
        name = "Arabic" if msgids == "ar" else "English"
        raise InputError(f"{path}: its msgids and msgstrs are both {name}; only Arabic and English translations are checked")
    if msgstrs is not None:
        return msgstrs
    if msgids is not None:
        return "en" if msgids == "ar" else "ar"
    raise InputError(f"{path}: holds no Arabic or English text")
