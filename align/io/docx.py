"""Word documents (.docx), read with python-docx: body paragraphs and table cells, in document order.

Headers, footers, footnotes and comments are left out: they are page
furniture and notes, not the text translated. Each body paragraph is a block
placed as ``paragraph N`` (1-based, counting every paragraph of the body,
empty ones too, as Word's ¶ marks show them); each table cell is a block
placed as ``table T, row R, cell C``, its paragraphs (and any table nested in
it) joined by line breaks. Text inserted with track changes on counts; deleted
text does not.

A document given alone: a table of two columns, one Arabic and one English,
is a pre-aligned bilingual table, each row a pair to re-check (a first row
naming the columns is skipped); without such a table, the paragraphs and cells
are read as a mixed document of Arabic passages and their translations.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from align.errors import InputError
from align.io.blocks import (
    Block,
    Document,
    Pair,
    ReadOptions,
    TextBudget,
    block_language,
    is_header_row,
    mixed_of,
    pairs_document,
    read_zip,
    side_of,
)
from align.model import Lang, Side

if TYPE_CHECKING:
    from docx.table import Table, _Cell, _Row
    from docx.text.paragraph import Paragraph

WHAT = "a Word document (.docx)"


def read_document(path: Path, options: ReadOptions) -> Document:
    """A Word document given alone: its bilingual tables' rows as pairs, else its text as a mixed document.

    Raises:
        InputError: Not a readable Word document, over the size limits, or
            without both languages.
    """
    items = _read(path)
    pairs = [pair for item in items if isinstance(item, list) for pair in _bilingual_rows(item)]
    if pairs:
        return pairs_document(path, pairs)
    source, target = mixed_of(path, _blocks(items), "paragraphs and tables")
    return source, target, None


def read_side(path: Path, lang: Lang, options: ReadOptions) -> Side:
    """One side of a pair: every paragraph and table cell, sentence-split (``presegmented``: one segment each).

    Raises:
        InputError: Not a readable Word document, over the size limits, or
            mostly in the other language.
    """
    return side_of(lang, path, _blocks(_read(path)), whole=options.presegmented)


#: A table as its rows of cell blocks.
_Table = list[list[Block]]


def _read(path: Path) -> list[Block | _Table]:
    """The body's paragraphs (as blocks) and tables (as rows of cell blocks), in document order."""
    # Imported here: python-docx is needed only when a Word document is read.
    import docx
    from docx.opc.exceptions import OpcError
    from docx.table import Table

    data = read_zip(path, WHAT)
    try:
        document = docx.Document(data)
    except (OpcError, KeyError, ValueError, zipfile.BadZipFile, etree.LxmlError) as error:
        raise InputError(f"{path}: not {WHAT}, or a damaged one ({error})") from None
    budget = TextBudget(path)
    items: list[Block | _Table] = []
    paragraphs = tables = 0
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            tables += 1
            items.append(_table(item, f"table {tables}", budget))
        else:
            paragraphs += 1
            text = budget.take(_paragraph_text(item)).strip()
            if text:
                items.append(Block(text, f"paragraph {paragraphs}"))
    return items


def _paragraph_text(paragraph: Paragraph) -> str:
    # python-docx's Paragraph.text leaves out runs inside <w:ins> (text inserted
    # with track changes on), which is part of what the document now says.
    parts = paragraph._p.xpath("w:r | w:hyperlink | w:ins/w:r | w:ins/w:hyperlink")
    return "".join(part.text for part in parts)


def _cells(row: _Row) -> list[tuple[int, _Cell]]:
    """The row's cells with their 1-based grid column, a merged cell once (python-docx repeats it per column it spans)."""
    cells: dict[int, tuple[int, _Cell]] = {}
    for column, cell in enumerate(row.cells, start=1):
        cells.setdefault(id(cell._tc), (column, cell))
    return list(cells.values())


def _table(table: Table, where: str, budget: TextBudget) -> _Table:
    return [
        [Block(budget.take(_cell_text(cell)).strip(), f"{where}, row {r}, cell {c}") for c, cell in _cells(row)]
        for r, row in enumerate(table.rows, start=1)
    ]


def _cell_text(cell: _Cell) -> str:
    from docx.table import Table

    parts: list[str] = []
    for item in cell.iter_inner_content():
        if isinstance(item, Table):
            parts.extend(_cell_text(inner) for row in item.rows for _, inner in _cells(row))
        else:
            parts.append(_paragraph_text(item))
    return "\n".join(part for part in parts if part.strip())


def _blocks(items: list[Block | _Table]) -> list[Block]:
    cells = (lambda table: [cell for row in table for cell in row])
    return [block for item in items for block in ([item] if isinstance(item, Block) else cells(item)) if block.text]


def _bilingual_rows(table: _Table) -> list[Pair]:
    """The rows of a two-column table whose columns are one Arabic and one English, as pairs; else none."""
    if not table or any(len(row) != 2 for row in table):
        return []
    columns = [block_language("\n".join(row[k].text for row in table)) for k in (0, 1)]
    if set(columns) != {"ar", "en"}:
        return []
    ar, en = (0, 1) if columns[0] == "ar" else (1, 0)
    body = table[1:] if is_header_row(table[0][ar].text, table[0][en].text) else table
    return [Pair(row[ar].text, row[en].text, row[0].where.rsplit(", cell", 1)[0]) for row in body]
