"""Markdown (.md, .markdown), parsed with markdown-it-py (CommonMark with tables): its text, its markup left out.

Each paragraph, heading, list item's paragraph, quote and table cell is a
block of the text a reader sees: emphasis marks, link targets, images, inline
HTML and heading or list markers are left out, a link's text and inline code
kept; code blocks and HTML blocks are left out whole. A line break the author
forced stays a line break, a wrapped line is a space, and runs of whitespace
are one space, as the rendered page shows them. Each block is placed as
``line N`` (1-based), where it starts in the file.

A file given alone is a mixed document (Arabic passages and their
translations); as one side of a pair, its blocks are sentence-split
(``--presegmented``: one segment each).
"""

from __future__ import annotations

from pathlib import Path

from align.errors import InputError
from align.io.blocks import Block, Document, ReadOptions, mixed_of, side_of
from align.io.text import read_text
from align.model import Lang, Side

#: Inline tokens whose text a reader sees; other inline tokens are markup.
_TEXT_TOKENS = frozenset({"text", "code_inline"})
_BREAKS = {"softbreak": " ", "hardbreak": "\n"}


def read_document(path: Path, options: ReadOptions) -> Document:
    """A Markdown file given alone, read as a mixed document.

    Raises:
        InputError: Not text, over the size limit, or without both languages.
    """
    source, target = mixed_of(path, read_blocks(path))
    return source, target, None


def read_side(path: Path, lang: Lang, options: ReadOptions) -> Side:
    """One side of a pair: the file's blocks.

    Raises:
        InputError: Not text, over the size limit, or mostly in the other language.
    """
    return side_of(lang, path, read_blocks(path), whole=options.presegmented)


def read_blocks(path: Path) -> list[Block]:
    """The text blocks of a Markdown file, in file order.

    Raises:
        InputError: Not text, over the size limit, or no text outside code and markup.
    """
    # Imported here: markdown-it-py is needed only when Markdown is read.
    from markdown_it import MarkdownIt

    text = read_text(path)
    blocks = []
    for token in MarkdownIt("commonmark").enable("table").parse(text):
        if token.type != "inline" or token.map is None:
            continue
        pieces = [child.content if child.type in _TEXT_TOKENS else _BREAKS.get(child.type, "") for child in token.children or []]
        # Whitespace collapsed as the rendered page shows it (markup left out leaves runs of spaces).
        block = "\n".join(" ".join(line.split()) for line in "".join(pieces).split("\n")).strip()
        if block:
            blocks.append(Block(block, f"line {token.map[0] + 1}"))
    if not blocks:
        raise InputError(f"{path}: holds no text outside code and markup")
    return blocks
