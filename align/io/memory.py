"""Translation memories (TMX, XLIFF) as documents whose alignment is already given.

Each unit becomes one link of its Arabic and English text; re-checking it
scores the links with the embedding model and runs every check, so a memory
built elsewhere gets the same review as a fresh alignment.
"""

from __future__ import annotations

from itertools import accumulate
from pathlib import Path

from align.errors import InputError
from align.model import Lang, Link, Side
from align.segment.sentences import make_side

#: File name endings read as translation memories.
MEMORY_SUFFIXES = frozenset({".tmx", ".xlf", ".xliff"})


def is_memory(path: Path) -> bool:
    """Whether ``path`` names a TMX or XLIFF file."""
    return path.suffix.lower() in MEMORY_SUFFIXES


def read_memory(path: str | Path) -> tuple[Side, Side, tuple[Link, ...]]:
    """Read a TMX or XLIFF file as two sides and the links between them.

    Each side's text is its unit texts joined by newlines (offsets in reports
    count in that text); a unit with one side empty is a gap link.

    Raises:
        InputError: The file is unreadable, unsafe, malformed, or has no
            Arabic or English text.
    """
    # Imported here: plain-text runs import this module for is_memory() and never need lxml or translate-toolkit.
    from align.io.tmx import read_tmx
    from align.io.xliff import read_xliff

    path = Path(path)
    pairs = read_tmx(path) if path.suffix.lower() == ".tmx" else read_xliff(path)
    pairs = [(ar, en) for ar, en in pairs if ar.strip() or en.strip()]
    if not pairs:
        raise InputError(f"{path}: holds no Arabic or English text")
    source = _side("ar", str(path), [ar for ar, _ in pairs if ar.strip()])
    target = _side("en", str(path), [en for _, en in pairs if en.strip()])
    links, i, j = [], 0, 0
    for ar, en in pairs:
        ar_ids = (i,) if ar.strip() else ()
        en_ids = (j,) if en.strip() else ()
        links.append(Link(ar=ar_ids, en=en_ids, score=0.0))
        i, j = i + len(ar_ids), j + len(en_ids)
    return source, target, tuple(links)


def _side(lang: Lang, path: str, texts: list[str]) -> Side:
    """A side whose text is ``texts`` joined by newlines, one segment each."""
    starts = list(accumulate((len(t) + 1 for t in texts[:-1]), initial=0))
    return make_side(lang, path, "\n".join(texts), [(start, start + len(t)) for start, t in zip(starts, texts)])
