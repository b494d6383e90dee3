"""What re-checking a large translation memory costs: a TMX of N units, checked twice in fresh processes.

The memory repeats the 1-1 sentence pairs of a development suite folder
(``bench/suite/clean``: 1,997 pairs of real news) until it has N units, so
the first, cold, run embeds a few thousand texts instead of 2N and the bench
stays minutes long; every unit is still read, scored and checked, and the
cache answers each distinct text once (as it does in any document). The TMX is
written by the tool's own exporter, then
:func:`align.bench.recheck.bench_recheck` checks it twice in fresh processes.
A memory this size is larger than the default input limit (50 MB), so the
children run with :data:`MEMORY_INPUT_MB`.
"""

from __future__ import annotations

from pathlib import Path

from align.bench.measure import suite_documents
from align.bench.recheck import RecheckResult, bench_recheck
from align.errors import InputError
from align.io.text import MAX_INPUT_ENV
from align.model import Alignment, Lang, Link, Side
from align.segment.sentences import MAX_LINKED_UNITS, make_side
from align.settings import Settings


def suite_pairs(folder: Path) -> list[tuple[str, str]]:
    """The (Arabic, English) sentence pairs of a suite folder's 1-1 gold links, in document order.

    Raises:
        InputError: The folder holds no suite (see :func:`suite_documents`).
    """
    from align.io.vecalign import read_links

    pairs: list[tuple[str, str]] = []
    for _, ar_path, en_path, gold_path in suite_documents(folder):
        ar = ar_path.read_text(encoding="utf-8").splitlines()
        en = en_path.read_text(encoding="utf-8").splitlines()
        pairs += [(ar[src[0]], en[tgt[0]]) for src, tgt in read_links(gold_path) if len(src) == 1 and len(tgt) == 1]
    return pairs


def memory_pairs(pairs: list[tuple[str, str]], units: int) -> list[tuple[str, str]]:
    """``units`` units: ``pairs`` over and over, in order.

    Raises:
        InputError: No pairs to build from.
    """
    if not pairs:
        raise InputError("no sentence pairs to build a memory from")
    return [pairs[unit % len(pairs)] for unit in range(units)]


def write_memory(pairs: list[tuple[str, str]], path: Path) -> None:
    """Write ``pairs`` as a TMX memory, one unit a pair."""
    from align.io.tmx import write_tmx

    alignment = Alignment(_side("ar", [ar for ar, _ in pairs]), _side("en", [en for _, en in pairs]), [Link((k,), (k,), 0.0) for k in range(len(pairs))])
    write_tmx(alignment, path)


def _side(lang: Lang, texts: list[str]) -> Side:
    text, starts = "\n".join(texts), [0]
    for unit in texts[:-1]:
        starts.append(starts[-1] + len(unit) + 1)
    spans = [(start, start + len(unit)) for start, unit in zip(starts, texts)]
    return make_side(lang, None, text, spans, max_segments=MAX_LINKED_UNITS)


#: The pairs the memory repeats, from the repository root (where ``align bench`` runs).
SUITE_PAIRS = Path("bench/suite/clean")
#: Input limit for the checks of the built memory, in MB: a unit of this suite takes about 500 bytes of TMX.
MEMORY_INPUT_MB = 1000


def bench_memory(units: int, folder: Path, workdir: Path, settings: Settings) -> RecheckResult:
    """Build a ``units``-unit TMX from ``folder``'s pairs in ``workdir`` and measure ``align check`` on it, cold then warm.

    Raises:
        InputError: The suite folder is missing, or too small for ``units`` distinct units.
    """
    path = workdir / f"memory-{units}.tmx"
    write_memory(memory_pairs(suite_pairs(folder), units), path)
    return bench_recheck(path, settings, env={MAX_INPUT_ENV: str(MEMORY_INPUT_MB)})
