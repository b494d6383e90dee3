"""Translation memories (TMX, XLIFF) as documents whose alignment is already given.

Each unit becomes one link of its Arabic and English text; re-checking it
scores the links with the embedding model and runs every check, so a memory
built elsewhere gets the same review as a fresh alignment.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from align.io.blocks import Document, Pair, pairs_document
from align.model import Lang

#: File name endings read as translation memories.
MEMORY_SUFFIXES = frozenset({".tmx", ".xlf", ".xliff"})


class MemoryPairs(NamedTuple):
    """What a memory holds: ``(ar, en)`` per unit (a missing side ``""``), and the language it says it translates from.

    Attributes:
        pairs: The units' Arabic and English texts.
        source: ``"ar"`` or ``"en"`` as the file names its source language, or
            ``None`` when it does not (a TMX header's ``srclang="*all*"``).
    """

    pairs: list[tuple[str, str]]
    source: Lang | None


def is_memory(path: Path) -> bool:
    """Whether ``path`` names a TMX or XLIFF file."""
    return path.suffix.lower() in MEMORY_SUFFIXES


def read_memory(path: str | Path) -> Document:
    """Read a TMX or XLIFF file as two sides and the links between them.

    Each side's text is its unit texts joined by newlines (offsets in reports
    count in that text; each unit's place is ``unit N``, 1-based); a unit with
    one side empty is a gap link. A memory that names its source language is
    checked in that direction.

    Raises:
        InputError: The file is unreadable, unsafe, malformed, or has no
            Arabic or English text.
    """
    # Imported here: plain-text runs import this module for is_memory() and never need lxml or translate-toolkit.
    from align.io.tmx import read_tmx
    from align.io.xliff import read_xliff

    path = Path(path)
    memory = read_tmx(path) if path.suffix.lower() == ".tmx" else read_xliff(path)
    units = (Pair(ar, en, f"unit {n}") for n, (ar, en) in enumerate(memory.pairs, start=1))
    return pairs_document(path, units, source=memory.source)
