"""Files that are not plain text, read as blocks (paragraphs, cells, cues, rows): the sides and given links made of them.

Each format's reader turns its file into :class:`Block`\\ s (one language, or
both mixed) or :class:`Pair`\\ s (pre-aligned: a bilingual table row, a
catalogue entry); the functions here build the sides every later stage reads.

A side's text is its blocks' texts joined by a blank line (a pair
document's: its units joined by a line break, one unit a line), so offsets
count in that text; ``Side.places`` names the block each offset lies in
("paragraph 4", a cue's timecodes, "Sheet1 row 7"), which is how reports
point into the file. What a file unpacks to counts against the same size
limit as a text file: a zip archive by the sizes it declares, before any part
is parsed, and the text extracted from any format as it is collected.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from align.errors import InputError
from align.io.text import MAX_INPUT_ENV, check_language, max_input_bytes, read_bytes
from align.lang.rules import arabic_share, base_language, count_script
from align.model import Lang, Link, Role, Side
from align.segment.mixed import split_mixed
from align.segment.sentences import MAX_LINKED_UNITS, Span, make_side, segment

#: Joins the blocks of a side: a blank line, so sentence splitting and the
#: mixed-document splitter see each block as a paragraph of its own.
BLOCK_SEPARATOR = "\n\n"
#: Joins the units of a pair document: one unit a line.
UNIT_SEPARATOR = "\n"
#: More parts than any Word document or workbook has (a long report has a few
#: dozen; a workbook one per sheet, image and style): more is a crafted archive.
MAX_ZIP_ENTRIES = 10_000
#: Below this share of Arabic letters a block is English, above it Arabic (as for whole files).
ARABIC_SHARE = 0.5
#: Column headers that name a language, lower case (Arabic and English names, both spellings of English in Arabic).
_LANGUAGE_NAMES: dict[str, Lang] = {
    "arabic": "ar", "العربية": "ar", "عربي": "ar", "النص العربي": "ar",
    "english": "en", "الإنجليزية": "en", "الإنكليزية": "en", "إنجليزي": "en", "انجليزي": "en", "النص الإنجليزي": "en",
}
#: A BCP 47 tag as a header cell holds it (``ar``, ``en-GB``, ``ar_SA``).
_LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(?:[-_][a-z0-9]{2,8})*")


@dataclass(frozen=True)
class Block:
    """A piece of one language's text and where it is in the file.

    Attributes:
        text: The text, markup left out, without surrounding whitespace.
        where: Where it is, as a reader finds it: ``"paragraph 4"``,
            ``"table 1, row 2, cell 1"``, ``"00:00:01,000 --> 00:00:04,000"``.
        lang: The language the file declares for it (HTML ``lang``), or ``None``.
    """

    text: str
    where: str
    lang: Lang | None = None


@dataclass(frozen=True)
class Pair:
    """Two texts a file gives as translations of each other (either may be empty: a gap).

    Attributes:
        ar: The Arabic text.
        en: The English text.
        where: Where the pair is in the file (``"row 7"``, ``"entry 12"``).
    """

    ar: str
    en: str
    where: str


@dataclass(frozen=True)
class ReadOptions:
    """How a file is read, as the command line and settings say.

    Attributes:
        presegmented: One segment per block (paragraph, cell) instead of its sentences.
        columns: A sheet's Arabic and English columns (letter, 1-based number
            or header name); ``None`` to find them by their headers and text.
    """

    presegmented: bool = False
    columns: tuple[str, str] | None = None


#: A document once read (as :data:`align.io.jobs.Document`): two sides, and the
#: links the file gives (``None``: align anew).
Document = tuple[Side, Side, tuple[Link, ...] | None]


class TextBudget:
    """Counts the characters a reader extracts and stops it at the input size limit.

    A small file can name far more text than it holds (a workbook cell
    repeating one shared string a million times), so the limit applies to
    what is extracted, not only to the file.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.left = max_input_bytes()

    def take(self, text: str) -> str:
        """``text``, counted against the budget.

        Raises:
            InputError: The text extracted so far is over the limit.
        """
        self.left -= len(text)
        if self.left < 0:
            raise InputError(
                f"{self.path}: its text is over the {max_input_bytes():,}-character limit; "
                f"split it into smaller files or raise the limit with {MAX_INPUT_ENV}=MEGABYTES"
            )
        return text


def read_zip(path: Path, what: str) -> io.BytesIO:
    """The bytes of a zip-based file (DOCX, XLSX), after checking what its parts unpack to.

    The sizes the archive declares are checked before any part is parsed;
    Python's ``zipfile`` never unpacks a part past its declared size (a part
    that tries fails its checksum), so a zip bomb is refused here.

    Args:
        path: The file.
        what: What it should be, for messages (``"a Word document (.docx)"``).

    Raises:
        InputError: Over the size limit, packed or unpacked; not a zip archive;
            or more parts than a real document has.
    """
    data = io.BytesIO(read_bytes(path))
    try:
        with zipfile.ZipFile(data) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise InputError(f"{path}: not {what}: it is not a zip archive, or a damaged one") from None
    if len(entries) > MAX_ZIP_ENTRIES:
        raise InputError(f"{path}: holds {len(entries):,} parts, more than {what} ever has ({MAX_ZIP_ENTRIES:,}); refusing it")
    unpacked, limit = sum(entry.file_size for entry in entries), max_input_bytes()
    if unpacked > limit:
        raise InputError(
            f"{path}: unpacks to {unpacked:,} bytes, over the {limit:,}-byte limit (a zip bomb, or a very large file); "
            f"split it or raise the limit with {MAX_INPUT_ENV}=MEGABYTES"
        )
    data.seek(0)
    return data


def block_language(text: str) -> Lang | None:
    """``"ar"`` or ``"en"`` by the script of most letters of ``text``; ``None`` with no letters."""
    arabic, latin = count_script(text)
    if not arabic + latin:
        return None
    return "ar" if arabic_share(text) > ARABIC_SHARE else "en"


def header_language(text: str) -> Lang | None:
    """The language a column header names: ``Arabic``, ``العربية``, ``ar-SA``, ``English``, ``en``…; else ``None``."""
    name = " ".join(text.split()).lower()
    if name in _LANGUAGE_NAMES:
        return _LANGUAGE_NAMES[name]
    if _LANGUAGE_TAG.fullmatch(name) and base_language(name) in ("ar", "en"):
        return "ar" if base_language(name) == "ar" else "en"
    return None


def is_header_row(ar: str, en: str) -> bool:
    """Whether a first row with ``ar`` and ``en`` in its Arabic and English columns names them instead of being a pair.

    A header names the languages ("Arabic | English", "العربية | English",
    "ar | en-GB") or has a text in the other column's script ("Source |
    Target", "المصدر | الهدف"); a pair has each text in its own column's script.
    A row with a side empty is a gap, not a header.
    """
    if header_language(ar) == "ar" and header_language(en) == "en":
        return True
    languages = (block_language(ar), block_language(en))
    return None not in languages and languages != ("ar", "en")


def side_of(lang: Lang, path: Path, blocks: Sequence[Block], *, whole: bool = False, checked: bool = True) -> Side:
    """One side of a pair made of ``blocks``.

    Args:
        lang: The side's language.
        path: The file.
        blocks: Its blocks, in file order.
        whole: Each block is one segment (a subtitle cue, a sheet row) instead
            of its sentences.
        checked: Refuse a side whose letters are mostly the other script.

    Raises:
        InputError: No text, or (``checked``) text in the other language.
    """
    text, starts = _join([block.text for block in blocks], BLOCK_SEPARATOR, path)
    if not text.strip():
        raise InputError(f"{path}: holds no text; give a file with text in it")
    if checked:
        check_language(path, text, lang)
    spans: list[Span] = []
    for start, block in zip(starts, blocks):
        end = start + len(block.text)
        spans.extend([(start, end)] if whole else segment(text, lang, start=start, end=end))
    return make_side(lang, str(path), text, spans, places=_places(starts, blocks))


def mixed_of(path: Path, blocks: Sequence[Block], what: str = "text") -> tuple[Side, Side]:
    """The Arabic and English sides of a file holding both languages, found as in a mixed text document.

    Raises:
        InputError: No Arabic, or no English next to it.
    """
    text, starts = _join([block.text for block in blocks], BLOCK_SEPARATOR, path)
    arabic, english = split_mixed(text)
    if not arabic:
        raise InputError(
            f"{path}: no Arabic found in its {what}; a bilingual file must hold Arabic and its English translation "
            "(for two separate files use --ar and --en)"
        )
    if not english:
        raise InputError(f"{path}: no English translation found next to the Arabic; give the two files as --ar FILE --en FILE")
    return (
        make_side("ar", str(path), text, arabic, places=_places(starts, blocks)),
        make_side("en", str(path), text, english, places=_places(starts, blocks)),
    )


def pairs_document(path: Path, pairs: Iterable[Pair], source: Lang | None = None) -> Document:
    """Pre-aligned pairs as a document whose links are given: each pair one link, a pair with one side empty a gap.

    Each side's text is its non-empty unit texts, one a line, each unit one segment.
    ``source`` is the language the file says it translates from (a catalogue's
    msgids, a memory's source language), recorded as each side's ``role``;
    ``None`` when the file does not say.

    Raises:
        InputError: No pair has Arabic or English text.
    """
    kept = [pair for pair in pairs if pair.ar.strip() or pair.en.strip()]
    if not kept:
        raise InputError(f"{path}: holds no Arabic or English text")
    sides = []
    languages: tuple[Lang, Lang] = ("ar", "en")
    for lang in languages:
        units = [pair for pair in kept if getattr(pair, lang).strip()]
        texts = [getattr(pair, lang) for pair in units]
        text, starts = _join(texts, UNIT_SEPARATOR, path)
        spans = [(start, start + len(t)) for start, t in zip(starts, texts)]
        places = list(zip(starts, (pair.where for pair in units)))
        side = make_side(lang, str(path), text, spans, places=places, max_segments=MAX_LINKED_UNITS)
        role: Role | None = None if source is None else "source" if lang == source else "target"
        sides.append(replace(side, role=role))
    links, i, j = [], 0, 0
    for pair in kept:
        ar_ids = (i,) if pair.ar.strip() else ()
        en_ids = (j,) if pair.en.strip() else ()
        links.append(Link(ar=ar_ids, en=en_ids, score=0.0))
        i, j = i + len(ar_ids), j + len(en_ids)
    return sides[0], sides[1], tuple(links)


def _join(texts: Sequence[str], separator: str, path: Path) -> tuple[str, list[int]]:
    """``texts`` joined by ``separator``, and where each starts."""
    starts, offset = [], 0
    for text in texts:
        starts.append(offset)
        offset += len(text) + len(separator)
    joined = separator.join(texts)
    TextBudget(path).take(joined)
    return joined, starts


def _places(starts: Sequence[int], blocks: Sequence[Block]) -> list[tuple[int, str]]:
    return list(zip(starts, (block.where for block in blocks)))
