"""Bilingual sheets: Excel workbooks (.xlsx, openpyxl) and delimited text (.csv, .tsv, the standard csv module).

Two columns are the two sides, one row one pair (a row with one of the two
cells empty is a gap). The columns are the ones ``--columns AR,EN`` names (a
letter ``B``, a 1-based number ``2`` or a header ``Arabic``); else those whose
header names a language (``Arabic``, ``العربية``, ``ar-SA``, ``English``,
``en``); else the column with the most Arabic cells and the one with the most
English cells (the leftmost on a tie). A first row that names the columns is
a header, not a pair. Every worksheet of a workbook is read, in order; one
without both columns (an instructions sheet) is passed over.

Each row is placed as ``row R`` (``Sheet1, row R`` in a workbook), R as the
spreadsheet numbers rows. Formulas count by the value Excel last computed.
CSV files must be UTF-8 (a byte-order mark is fine); their delimiter is
guessed among comma, semicolon and tab (TSV: tab).

A sheet is at most as large as a text file: the workbook by what it unpacks
to, the cells read by :data:`CELL_BYTES` each, and the text taken from them.

Out: the bilingual review sheet (:func:`review_sheet`), one row per link with
the columns of :data:`REVIEW_COLUMNS`, for reviewers who work in Excel; the
review UI's export shares it (:func:`align.review.exports.review_xlsx`).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from align.errors import InputError
from align.io.blocks import (
    Block,
    Document,
    Pair,
    ReadOptions,
    TextBudget,
    block_language,
    header_language,
    is_header_row,
    pairs_document,
    read_zip,
    side_of,
)
from align.io.atomic import write_atomically
from align.io.safexml import xml_safe
from align.io.text import MAX_INPUT_ENV, max_input_bytes, read_text
from align.model import Alignment, Flag, Lang, Link, Side

WHAT = "an Excel workbook (.xlsx)"
#: The fewest bytes a cell takes in a workbook's XML (``<c r="A1"/>``): a sheet
#: within the size limit has at most limit / CELL_BYTES cells, so a sheet that
#: claims more (a padded row a million columns wide) is refused as too large.
CELL_BYTES = 10
#: Rows whose scripts choose the columns: enough to outvote a few stray cells.
_SAMPLE_ROWS = 1000
#: Characters read to guess a CSV file's delimiter.
_SNIFF_CHARS = 65_536
_COLUMN_LETTERS = re.compile(r"[A-Za-z]{1,3}")

#: The review sheet's columns, in order ("where": the block of a file that is not plain text).
REVIEW_COLUMNS = ("#", "source", "target", "link kind", "score", "flags", "status", "comment", "where")
#: Excel keeps at most this many characters in a cell; a longer text is cut there and the comment says so.
EXCEL_CELL_CHARS = 32_767
_WIDTHS = {"#": 6, "source": 60, "target": 60, "link kind": 9, "score": 7, "flags": 45, "status": 12, "comment": 40, "where": 24}

#: A sheet as its name (``None`` for a CSV file) and rows of cell texts.
_Sheet = tuple[str | None, list[list[str]]]


def parse_columns(text: str, where: str = "--columns") -> tuple[str, str]:
    """``--columns AR,EN``: the Arabic and the English column, each a letter, a 1-based number or a header.

    Args:
        text: The two columns, comma-separated.
        where: Where they were given, to begin the message with (the option, or a field of the review page).

    Raises:
        InputError: Not two non-empty names separated by a comma.
    """
    names = [name.strip() for name in text.split(",")]
    if len(names) != 2 or not all(names):
        example = "B,C or Arabic,English" if where != "--columns" else "--columns B,C or --columns Arabic,English"
        raise InputError(f"{where} {text!r}: give the Arabic and the English column, e.g. {example}")
    return names[0], names[1]


def read_document(path: Path, options: ReadOptions) -> Document:
    """A bilingual sheet's rows as given links.

    Raises:
        InputError: Not a readable sheet, over the size limits, a bad
            ``--columns``, or no sheet with an Arabic and an English column.
    """
    budget = TextBudget(path)
    pairs: list[Pair] = []
    for name, rows in _read(path):
        chosen = _columns(path, rows, options.columns)
        if chosen is None:
            continue
        ar, en, first = chosen
        for number, row in enumerate(rows[first:], start=first + 1):
            pairs.append(Pair(budget.take(_cell(row, ar)), budget.take(_cell(row, en)), _where(name, number)))
    if not pairs:
        raise InputError(
            f"{path}: no sheet has an Arabic column and an English column; name them with --columns AR,EN "
            "(letters, numbers or headers)"
        )
    return pairs_document(path, pairs)


def read_side(path: Path, lang: Lang, options: ReadOptions) -> Side:
    """One side of a pair: the sheet's column in ``lang``, one segment a row.

    Raises:
        InputError: Not a readable sheet, over the size limits, or no column in ``lang``.
    """
    budget = TextBudget(path)
    blocks: list[Block] = []
    for name, rows in _read(path):
        chosen = _columns(path, rows, options.columns, one=lang)
        if chosen is None:
            continue
        ar, en, first = chosen
        column = ar if lang == "ar" else en
        for number, row in enumerate(rows[first:], start=first + 1):
            text = budget.take(_cell(row, column)).strip()
            if text:
                blocks.append(Block(text, _where(name, number)))
    if not blocks:
        language = "Arabic" if lang == "ar" else "English"
        raise InputError(f"{path}: no column of {language} text found; name it with --columns AR,EN")
    return side_of(lang, path, blocks, whole=True)


def _read(path: Path) -> list[_Sheet]:
    if path.suffix.lower() == ".xlsx":
        return _read_workbook(path)
    return [(None, _read_delimited(path))]


def _read_workbook(path: Path) -> list[_Sheet]:
    # Imported here: openpyxl is needed only when a workbook is read. With
    # defusedxml installed it parses the workbook's XML without entity expansion.
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    data = read_zip(path, WHAT)
    try:
        workbook = load_workbook(data, read_only=True, data_only=True)
    except (InvalidFileException, KeyError, ValueError, TypeError, OSError, zipfile.BadZipFile) as error:
        raise InputError(f"{path}: not {WHAT}, or a damaged one ({error})") from None
    cells_left = max_input_bytes() // CELL_BYTES
    sheets: list[_Sheet] = []
    try:
        for sheet in workbook.worksheets:
            # The dimension a sheet declares may claim a million rows and columns
            # it does not have; without it, rows are as wide as their own cells.
            sheet.reset_dimensions()
            rows = []
            for values in sheet.iter_rows(values_only=True):
                cells_left -= max(len(values), 1)
                if cells_left < 0:
                    raise InputError(
                        f"{path}: its sheets hold more than {max_input_bytes() // CELL_BYTES:,} cells, over the size limit; "
                        f"split it or raise the limit with {MAX_INPUT_ENV}=MEGABYTES"
                    )
                rows.append(["" if value is None else str(value) for value in values])
            sheets.append((str(sheet.title), rows))
    except (KeyError, ValueError, TypeError, zipfile.BadZipFile) as error:
        raise InputError(f"{path}: a damaged workbook ({error})") from None
    finally:
        workbook.close()
    return sheets


def _read_delimited(path: Path) -> list[list[str]]:
    text = read_text(path)
    if path.suffix.lower() == ".tsv":
        dialect: type[csv.Dialect] | csv.Dialect = csv.excel_tab
    else:
        try:
            dialect = csv.Sniffer().sniff(text[:_SNIFF_CHARS], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        return [row for row in reader]
    except csv.Error as error:
        raise InputError(f"{path}:{reader.line_num}: not a readable CSV row ({error})") from None


def _columns(path: Path, rows: list[list[str]], names: tuple[str, str] | None, one: Lang | None = None) -> tuple[int, int, int] | None:
    """The Arabic and English columns of a sheet, and the index of its first data row; ``None`` when it has no such pair.

    Args:
        path: The file, for messages.
        rows: The sheet's rows.
        names: The columns ``--columns`` gives, or ``None`` to find them.
        one: Only this language's column is needed (one side of a pair).

    Raises:
        InputError: A name in ``names`` is no column of the sheet.
    """
    if not rows:
        return None
    header = rows[0]
    if names is not None:
        given = [_column(path, name, header) for name in names]
        named = any(not _COLUMN_LETTERS.fullmatch(name) and not name.isdigit() for name in names)
        return given[0], given[1], 1 if named or is_header_row(_cell(header, given[0]), _cell(header, given[1])) else 0
    by_header: dict[Lang, int] = {}
    for index, cell in enumerate(header):
        lang = header_language(cell)
        if lang is not None:
            by_header.setdefault(lang, index)
    if set(by_header) == {"ar", "en"} or (one is not None and one in by_header):
        return by_header.get("ar", -1), by_header.get("en", -1), 1
    counts = _script_counts(rows[1 : _SAMPLE_ROWS + 1] or rows)
    ar, en = _most(counts, "ar"), _most(counts, "en")
    column = {"ar": ar, "en": en}.get(one) if one is not None else None
    if column is not None:
        return column, column, 1 if block_language(_cell(header, column)) not in (None, one) else 0
    if ar is None or en is None:
        return None
    return ar, en, 1 if is_header_row(_cell(header, ar), _cell(header, en)) else 0


def _column(path: Path, name: str, header: Sequence[str]) -> int:
    """The 0-based index of a column named by its letters, its 1-based number, or its header."""
    wanted = " ".join(name.split()).lower()
    for index, cell in enumerate(header):
        if " ".join(cell.split()).lower() == wanted:
            return index
    if name.isdigit() and int(name) >= 1:
        return int(name) - 1
    if _COLUMN_LETTERS.fullmatch(name):
        index = 0
        for letter in name.upper():
            index = index * 26 + ord(letter) - ord("A") + 1
        return index - 1
    raise InputError(f"{path}: no column {name!r}; --columns takes letters (B), numbers (2) or header names")


def _script_counts(rows: Iterable[Sequence[str]]) -> dict[int, Counter[Lang]]:
    counts: dict[int, Counter[Lang]] = {}
    for row in rows:
        for index, cell in enumerate(row):
            lang = block_language(cell)
            if lang is not None:
                counts.setdefault(index, Counter())[lang] += 1
    return counts


def _most(counts: dict[int, Counter[Lang]], lang: Lang) -> int | None:
    """The column with the most cells in ``lang`` among those mostly in it (leftmost on a tie)."""
    other: Lang = "en" if lang == "ar" else "ar"
    candidates = [(count[lang], -index) for index, count in counts.items() if count[lang] > count[other]]
    return -max(candidates)[1] if candidates else None


def _cell(row: Sequence[str], index: int) -> str:
    return row[index] if 0 <= index < len(row) else ""


def _where(sheet: str | None, row: int) -> str:
    return f"{sheet}, row {row}" if sheet is not None else f"row {row}"


@dataclass(frozen=True)
class ReviewRow:
    """What a review says of one link, for its row of the review sheet.

    Attributes:
        status: ``unreviewed``, ``accepted`` or ``rejected``.
        comment: The reviewer's comments (false alarms and why).
        target: The reviewed English (the side the review UI edits), or ``None`` for the alignment's;
            it goes in the English column whichever way the translation goes.
        flags: The flags still open, or ``None`` for all of the link's.
    """

    status: str = "unreviewed"
    comment: str = ""
    target: str | None = None
    flags: tuple[Flag, ...] | None = None


def review_sheet(alignment: Alignment, review: Callable[[int, Link], ReviewRow] | None = None) -> bytes:
    """The bilingual review sheet (XLSX bytes): a header row, then one row per link, gaps included.

    Columns (:data:`REVIEW_COLUMNS`): the link's number (1-based, as the text
    report counts), the source text, the target text (headed by role and
    language tag, ``source (en-US)``: the Arabic first for a translation from
    Arabic, the English first for one into Arabic), the link type (``2-1``,
    source segments first), the score,
    its flags one a line (``error missing-translation: message``), the review
    status, the comment, and where the link starts in a file that is not plain
    text. Texts are stored as text, never as formulas, whatever they start with
    (``=``, ``+``, ``@``), and without the control characters a workbook cannot hold.

    Args:
        alignment: The alignment, links already flagged.
        review: A link's review by ``(index, link)``; by default every link is
            unreviewed with its own flags.
    """
    # Imported here: openpyxl is needed only when a workbook is written.
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment as Layout
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet("review")
    sheet.freeze_panes = "A2"
    for column, name in enumerate(REVIEW_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = _WIDTHS[name]
    wrapped = Layout(wrap_text=True, vertical="top")
    arabic = Layout(wrap_text=True, vertical="top", horizontal="right", readingOrder=2)  # 2: right to left

    def text_cell(value: str, layout: Layout = wrapped) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # a text starting with "=" stays text, not a formula Excel would run
        cell.alignment = layout
        return cell

    locales = alignment.locales
    titles = {"source": f"source ({locales.source})", "target": f"target ({locales.target})"}
    header = [text_cell(titles.get(name, name)) for name in REVIEW_COLUMNS]
    for cell in header:
        cell.font = Font(bold=True)
    sheet.append(header)
    for index, link in enumerate(alignment.links):
        row = review(index, link) if review is not None else ReviewRow()
        flags = link.flags if row.flags is None else row.flags
        by_lang = {"ar": alignment.text_of(link, "ar"), "en": row.target if row.target is not None else alignment.text_of(link, "en")}
        texts = [by_lang[lang] for lang in locales.sides]
        cut = [name for name, text in zip(("source", "target"), texts) if len(text) > EXCEL_CELL_CHARS]
        comment = "\n".join([row.comment] * bool(row.comment) + [f"{name} cut at {EXCEL_CELL_CHARS:,} characters, Excel's cell limit" for name in cut])
        cells = [text_cell(xml_safe(text)[:EXCEL_CELL_CHARS], arabic if lang == "ar" else wrapped)
                 for lang, text in zip(locales.sides, texts)]
        lang = next(lang for lang in locales.sides if link.ids(lang))
        side, ids = alignment.side(lang), link.ids(lang)
        score = WriteOnlyCell(sheet, value=round(float(link.score), 4))
        score.number_format = "0.00"
        sheet.append([
            index + 1,
            *cells,
            text_cell(alignment.link_kind(link)),
            score,
            text_cell(xml_safe("\n".join(f"{flag.severity} {flag.code}: {flag.message}" for flag in flags))[:EXCEL_CELL_CHARS]),
            text_cell(row.status),
            text_cell(xml_safe(comment)[:EXCEL_CELL_CHARS]),
            text_cell(xml_safe(side.where(side.segments[ids[0]].start) or "")),
        ])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_review_sheet(alignment: Alignment, path: str | Path) -> int:
    """Write the review sheet of ``alignment``, whole or not at all.

    Returns:
        The number of link rows written.

    Raises:
        InputError: ``path`` cannot be written.
    """
    write_atomically(Path(path), review_sheet(alignment))
    return len(alignment.links)
