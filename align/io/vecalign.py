"""The Vecalign (Bertalign) link format: one link per line, ``[i, i+1]:[j]``, 0-based ids, ``[]`` for an empty side, optionally ``:score``.

The one reader and writer of the format: gold alignments of the bench and
``align align --format vecalign`` both go through it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Sequence
from pathlib import Path

from align.model import LinkKey


def parse_links(text: str) -> list[LinkKey]:
    """Parse links in Vecalign format.

    Args:
        text: Lines such as ``[0, 1]:[2]`` or ``[3]:[]:0.52``; blank lines are skipped.

    Returns:
        The links in file order.

    Raises:
        ValueError: On a line that is not two bracketed lists of integers.
    """
    links = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        fields = line.strip().split(":")
        try:
            src, tgt = (ast.literal_eval(field.strip()) for field in fields[:2])
        except (ValueError, SyntaxError) as error:
            raise ValueError(f"line {number}: expected '[i, ...]:[j, ...]', got {line.strip()!r}") from error
        if not (isinstance(src, list) and isinstance(tgt, list)) or not all(
            isinstance(k, int) for k in src + tgt
        ):
            raise ValueError(f"line {number}: expected two lists of integers, got {line.strip()!r}")
        links.append((tuple(src), tuple(tgt)))
    return links


def format_links(links: Iterable[LinkKey], scores: Sequence[float] | None = None) -> str:
    """Write links in Vecalign format, one per line, with an optional score column.

    Args:
        links: ``(source ids, target ids)`` pairs.
        scores: One score per link, written as a third field with 6 decimals.

    Returns:
        The text, ending with a newline when there is at least one link.
    """
    lines = []
    for k, (src, tgt) in enumerate(links):
        line = f"[{', '.join(map(str, src))}]:[{', '.join(map(str, tgt))}]"
        if scores is not None:
            line += f":{scores[k]:.6f}"
        lines.append(line + "\n")
    return "".join(lines)


def read_links(path: str | Path) -> list[LinkKey]:
    """Read a Vecalign-format file (UTF-8); see :func:`parse_links`."""
    return parse_links(Path(path).read_text(encoding="utf-8"))


def write_links(path: str | Path, links: Iterable[LinkKey], scores: Sequence[float] | None = None) -> None:
    """Write a Vecalign-format file (UTF-8); see :func:`format_links`."""
    Path(path).write_text(format_links(links, scores), encoding="utf-8")
