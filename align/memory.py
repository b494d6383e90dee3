"""Translation memories (TMX, XLIFF) as documents whose alignment is already given.

Each unit becomes one link of its Arabic and English text; re-checking it
scores the links with the embedding model and runs every check, so a memory
built elsewhere gets the same review as a fresh alignment.
"""

from __future__ import annotations

from pathlib import Path

from align.errors import InputError
from align.model import Link, Segment, Side

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
    from align.tmx import read_tmx
    from align.xliff import read_xliff

    path = Path(path)
    pairs = read_tmx(path) if path.suffix.lower() == ".tmx" else read_xliff(path)
    pairs = [(ar, en) for ar, en in pairs if ar.strip() or en.strip()]
    if not pairs:
        raise InputError(f"{path}: holds no Arabic or English text")
    source = _side("ar", str(path), [ar for ar, _ in pairs])
    target = _side("en", str(path), [en for _, en in pairs])
    links, i, j = [], 0, 0
    for ar, en in pairs:
        ar_ids = (i,) if ar.strip() else ()
        en_ids = (j,) if en.strip() else ()
        links.append(Link(ar=ar_ids, en=en_ids, score=0.0))
        i, j = i + len(ar_ids), j + len(en_ids)
    return source, target, tuple(links)


def _side(lang: str, path: str, texts: list[str]) -> Side:
    present = [t for t in texts if t.strip()]
    segments, offset = [], 0
    for k, text in enumerate(present):
        segments.append(Segment(id=k, lang=lang, text=text, start=offset, end=offset + len(text)))  # type: ignore[arg-type]
        offset += len(text) + 1
    return Side(lang=lang, path=path, text="\n".join(present), segments=tuple(segments))  # type: ignore[arg-type]
