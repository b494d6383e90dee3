"""The one way through for a document read by :func:`align.io.jobs.load`: embed → align → check.

The CLI, the batch workers and the review UI call this module with one
:class:`~align.settings.Settings`, so all of them produce the same alignment
for the same input and settings.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

import numpy as np
from threadpoolctl import threadpool_limits

from align import __version__
from align.aligner import (
    AlignParams,
    Bead,
    SpanEmbedder,
    align,
    crossing_candidates,
    join_crossings,
    link_types_up_to,
    parallel_confidence,
    score_beads,
    search_link_types,
)
from align.checks.context import TextEmbedder
from align.checks.runner import check_alignment
from align.embed.embedder import Embedder
from align.errors import InputError
from align.lang.rules import INVISIBLE_MARKS, to_latin_digits
from align.model import Alignment, Link, Locales, Side
from align.segment.clauses import clause_units, sentences_in_clauses
from align.settings import Settings

Progress = Callable[[float, str], None]

#: Below this share of confidently aligned segments the two sides probably do
#: not translate each other, and the report says so instead of pretending.
NOT_PARALLEL_CONFIDENCE = 0.5

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def window_texts(texts: Sequence[str], size: int) -> list[str]:
    """Texts of every run of ``size`` consecutive segments, joined by a space."""
    return [" ".join(texts[i : i + size]) for i in range(len(texts) - size + 1)]


def _embedding_text(text: str) -> str:
    # Bidi and zero-width marks split words for the tokenizer without meaning anything.
    return INVISIBLE_MARKS.sub("", text)


def check_embedding(embedder: Embedder) -> TextEmbedder:
    """``embedder`` as the checks that compare meaning call it (``check_alignment``'s ``embed``):
    on texts cleaned as the aligner cleans its own, so a link's full text comes from the cache."""

    def embed(texts: Sequence[str]) -> np.ndarray:
        return embedder.encode([_embedding_text(t) for t in texts])

    return embed


#: Texts embedded between two progress reports when a caller follows the
#: embedding (the review UI): a report, and a chance to cancel, every few seconds
#: on two CPU cores, in chunks large enough to keep the model's batches full.
EMBED_CHUNK = 128


def window_count(segments: int, max_size: int) -> int:
    """How many windows of 1..max_size consecutive segments a side of ``segments`` segments has."""
    return sum(max(segments - k + 1, 0) for k in range(1, max_size + 1))


def embed_windows(
    texts: Sequence[str],
    embedder: Embedder,
    max_size: int,
    *,
    progress: bool = False,
    embedded: Callable[[int], None] | None = None,
) -> list[np.ndarray]:
    """Embeddings of all windows of 1..max_size consecutive segments.

    Args:
        texts: The side's segment texts.
        embedder: The sentence embedder.
        max_size: The widest window.
        progress: Draw a progress bar on stderr.
        embedded: Called with the number of windows embedded after each chunk
            of :data:`EMBED_CHUNK` (so the caller can show progress, or stop
            the work by raising).

    Returns:
        ``vecs[k-1]`` of shape ``(len(texts) - k + 1, dim)`` (empty when the
        side is shorter than ``k``).
    """
    clean = [_embedding_text(t) for t in texts]
    windows = [window_texts(clean, k) for k in range(1, max_size + 1)]
    flat = [w for group in windows for w in group]
    if not flat:
        vecs = np.zeros((0, embedder.dim), np.float32)
    elif embedded is None:
        vecs = embedder.encode(flat, progress=progress)
    else:
        chunks = []
        for start in range(0, len(flat), EMBED_CHUNK):
            chunks.append(embedder.encode(flat[start : start + EMBED_CHUNK]))
            embedded(len(chunks[-1]))
        vecs = np.concatenate(chunks)
    out, offset = [], 0
    for group in windows:
        out.append(vecs[offset : offset + len(group)])
        offset += len(group)
    return out


def number_anchors(source: Side, target: Side) -> list[tuple[int, int]]:
    """Segment pairs that share a number found in no other segment on either side.

    Such numbers (dates, counts, resolution numbers) are strong evidence two
    segments translate each other; the aligner uses them as soft anchors.
    """

    def unique_numbers(side: Side) -> dict[str, int]:
        seen: dict[str, list[int]] = {}
        for seg in side.segments:
            for number in set(_NUMBER.findall(to_latin_digits(seg.text))):
                seen.setdefault(number, []).append(seg.id)
        return {n: ids[0] for n, ids in seen.items() if len(ids) == 1}

    src, tgt = unique_numbers(source), unique_numbers(target)
    pairs = sorted((src[n], tgt[n]) for n in src.keys() & tgt.keys())
    # Keep only a crossing-free chain, so anchors never contradict each other.
    chain: list[tuple[int, int]] = []
    for i, j in pairs:
        if not chain or (i > chain[-1][0] and j > chain[-1][1]):
            chain.append((i, j))
    return chain


_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")
#: How far a paragraph pair's character ratio may be from the document's (the median pair's) and the
#: paragraphs still be taken for translations of each other: the bounds at which ``length-ratio`` flags a link.
_PARAGRAPH_RATIO = (0.5, 2.0)
#: Segments the median paragraph holds on each side at least: paragraphs of one sentence (an HTML page's
#: ``<p>`` per sentence, subtitles) tell no more than the sentence counts do, and an omission beside an
#: addition keeps those counts equal, so cuts there would force the wrong pairs.
_PARAGRAPH_SEGMENTS = 2


def paragraph_starts(side: Side) -> list[int]:
    """Ids of the segments after the first that open a paragraph: a blank line stands between them and
    the segment before."""
    segments = side.segments
    return [b.id for a, b in zip(segments, segments[1:]) if _BLANK_LINE.search(side.text, a.end, b.start)]


def paragraph_cuts(source: Side, target: Side) -> list[tuple[int, int]]:
    """Where the k-th paragraphs of the two sides start, as points the alignment passes through, when
    both sides have as many paragraphs and each pair's length ratio is near the document's (a
    translation keeps its original's paragraphing; then no link joins sentences of two paragraphs).
    None when the counts differ or a pair is far off (the paragraphing is the translator's own), or when
    the paragraphs are mostly single sentences (see :data:`_PARAGRAPH_SEGMENTS`)."""
    starts = paragraph_starts(source), paragraph_starts(target)
    if not starts[0] or len(starts[0]) != len(starts[1]):
        return []
    bounds = [list(pairwise([0, *starts[0], len(source.segments)])), list(pairwise([0, *starts[1], len(target.segments)]))]
    if any(np.median([end - start for start, end in side]) < _PARAGRAPH_SEGMENTS for side in bounds):
        return []
    ratios = []
    for (a0, a1), (b0, b1) in zip(*bounds):
        src_chars = sum(len(s.text) for s in source.segments[a0:a1])
        tgt_chars = sum(len(s.text) for s in target.segments[b0:b1])
        ratios.append(tgt_chars / max(src_chars, 1))
    usual = float(np.median(ratios))
    low, high = _PARAGRAPH_RATIO
    if not all(low * usual <= ratio <= high * usual for ratio in ratios):
        return []
    return list(zip(*starts))


#: Largest link, n+m. The search tries links of up to three segments a side
#: (the windows embedded up front); the aligner's refinement builds the longer
#: ones, embedding only the runs it tries.
MAX_LINK = 8


def align_params(settings: Settings) -> AlignParams:
    """The aligner's parameters for these settings.

    Raises:
        InputError: ``max_link`` outside 2..8.
    """
    if not 2 <= settings.max_link <= MAX_LINK:
        raise InputError(f"--max-link must be between 2 and {MAX_LINK}, not {settings.max_link}")
    return AlignParams(link_types=search_link_types(settings.max_link), max_total=settings.max_link)


def _widest(side: Side, params: AlignParams) -> int:
    column = 0 if side.lang == "ar" else 1
    return max(t[column] for t in params.link_types)


def embed_side(
    side: Side,
    embedder: Embedder,
    params: AlignParams,
    *,
    progress: bool = False,
    embedded: Callable[[int], None] | None = None,
) -> list[np.ndarray]:
    """Window embeddings of one side, as many window sizes as the link types need (``embedded``: see :func:`embed_windows`)."""
    return embed_windows([s.text for s in side.segments], embedder, _widest(side, params), progress=progress, embedded=embedded)


def span_embedder(source: Side, target: Side, embedder: Embedder) -> SpanEmbedder:
    """Embeds runs of segments of either side on demand, for the links longer than the windows."""
    texts = ([_embedding_text(s.text) for s in source.segments], [_embedding_text(s.text) for s in target.segments])

    def embed_spans(side: int, spans: Sequence[tuple[int, int]]) -> np.ndarray:
        return embedder.encode([" ".join(texts[side][start : start + count]) for start, count in spans])

    return embed_spans


@dataclass(frozen=True)
class Units:
    """What the aligner links: each side's segments, or one side's long sentences cut into clauses.

    Attributes:
        source: The Arabic side's units.
        target: The English side's units.
        groups: Per side, ``None`` (its units are its segments) or each unit's segment id.
    """

    source: Side
    target: Side
    groups: tuple[np.ndarray | None, np.ndarray | None] = (None, None)


def alignment_units(source: Side, target: Side) -> Units:
    """The units to align: where one side has far more segments than the other (a translation that
    renders each long sentence as several, or runs short verses into one sentence), the other's long
    sentences cut into clauses (:func:`align.segment.clauses.clause_units`), else the segments themselves."""
    cut = clause_units(source, target)
    if cut is not None:
        return Units(cut[0], target, (cut[1], None))
    cut = clause_units(target, source)
    return Units(source, target) if cut is None else Units(source, cut[0], (None, cut[1]))


def link_sides(
    units: Units,
    src_vecs: Sequence[np.ndarray],
    tgt_vecs: Sequence[np.ndarray],
    params: AlignParams,
    embedder: Embedder,
) -> list[Bead]:
    """Align two embedded sides' units (no checks); the beads hold segment ids. ``embedder`` embeds
    the runs of long links.

    Where the units are the segments themselves and neighbouring links look as if a clause crossed
    between them (:func:`align.aligner.crossing_candidates`), their Arabic sentences are cut into clauses
    and the document aligned again; the links that this second alignment joins into one (a 2-2, 2-3 …)
    replace the first's, the rest stays as it was (:func:`align.aligner.join_crossings`).
    """
    beads = _link(units, src_vecs, tgt_vecs, params, embedder)
    if any(group is not None for group in units.groups):
        return beads
    source, target = units.source, units.target
    candidates = crossing_candidates(beads, _lengths(source), _lengths(target))
    cut = sentences_in_clauses(source, candidates) if candidates else None
    if cut is None:
        return beads
    clauses = Units(cut[0], target, (cut[1], None))
    clause_vecs = _windows_reusing(cut[0], cut[1], src_vecs, embedder, params)
    return join_crossings(beads, _link(clauses, clause_vecs, tgt_vecs, params, embedder))


def _windows_reusing(side: Side, group: np.ndarray, vecs: Sequence[np.ndarray], embedder: Embedder, params: AlignParams) -> list[np.ndarray]:
    """:func:`embed_side` of ``side``, whose units are the segments of the side that ``vecs`` embeds with
    some cut into clauses (``group``: each unit's segment): a window of whole segments is taken from
    ``vecs``, so a second alignment embeds only the windows that hold a clause (the cache would give the
    rest, but not to a run without one)."""
    whole = np.bincount(group)[group] == 1
    clean = [_embedding_text(s.text) for s in side.segments]
    out: list[np.ndarray] = []
    for size in range(1, _widest(side, params) + 1):
        starts = range(len(clean) - size + 1)
        missing = [u for u in starts if not whole[u : u + size].all()]
        rows = dict(zip(missing, embedder.encode([" ".join(clean[u : u + size]) for u in missing]))) if missing else {}
        out.append(
            np.stack([rows[u] if u in rows else vecs[size - 1][group[u]] for u in starts])
            if len(starts)
            else np.zeros((0, embedder.dim), np.float32)
        )
    return out


def _lengths(side: Side) -> np.ndarray:
    return np.array([len(s.text) for s in side.segments], dtype=np.float64)


def _link(units: Units, src_vecs: Sequence[np.ndarray], tgt_vecs: Sequence[np.ndarray], params: AlignParams, embedder: Embedder) -> list[Bead]:
    source, target = units.source, units.target
    # Many BLAS threads on small band products cost far more in contention than
    # they gain, worst on a busy machine; one thread is fastest here.
    with threadpool_limits(limits=1):
        return align(
            src_vecs,
            tgt_vecs,
            _lengths(source),
            _lengths(target),
            params,
            anchors=number_anchors(source, target),
            embed_spans=span_embedder(source, target, embedder),
            standalone=(_standalone(source), _standalone(target)),
            cuts=paragraph_cuts(source, target),
            groups=units.groups,
        )


#: A whole segment in brackets is an aside (a translator's or editor's note);
#: a number with at most three words around it is page furniture (a page
#: number, a running head) left by conversion. Neither continues a neighbour's
#: sentence, so the aligner leaves them gaps when nothing translates them.
_ASIDE = re.compile(r"^\s*(\[[^\]]*\]|\([^)]*\))\s*$")
_FURNITURE_WORDS = 3


def _standalone(side: Side) -> np.ndarray:
    def alone(text: str) -> bool:
        if _ASIDE.match(text):
            return True
        latin = to_latin_digits(text)
        return bool(_NUMBER.search(latin)) and len(re.findall(r"[^\W\d_]+", latin)) <= _FURNITURE_WORDS

    return np.array([alone(s.text) for s in side.segments], dtype=bool)


#: The share of a run's progress that embedding takes: nearly all of its time
#: when nothing is cached (aligning and checking take seconds after minutes).
EMBEDDING_SHARE = 0.9


def _unreported(fraction: float, stage: str) -> None:
    """Progress nobody follows."""


def _given_params(settings: Settings, links: Sequence[Link]) -> AlignParams:
    # Given links need windows only as wide as their own groups.
    widest = max((len(k.ar) + len(k.en) for k in links), default=2)
    return replace(align_params(settings), link_types=link_types_up_to(min(max(widest, 2), 5)))


def _embed_reporting(
    source: Side, target: Side, embedder: Embedder, params: AlignParams, report: Progress, total_segments: int
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Both sides' windows, reporting the document's segments embedded so far as a count."""
    sizes = {side.lang: window_count(len(side.segments), _widest(side, params)) for side in (source, target)}
    total_windows = max(sum(sizes.values()), 1)
    done = 0

    def embedded(count: int) -> None:
        nonlocal done
        done += count
        segments = round(total_segments * done / total_windows)
        report(EMBEDDING_SHARE * done / total_windows, f"embedding: {segments:,} of {total_segments:,} segments")

    report(0.0, f"embedding: 0 of {total_segments:,} segments")
    return embed_side(source, embedder, params, embedded=embedded), embed_side(target, embedder, params, embedded=embedded)


def score_links(source: Side, target: Side, links: Sequence[Link], *, embedder: Embedder, settings: Settings = Settings()) -> list[float]:
    """The similarity of what each link holds, on the aligner's document-relative scale (0 for a gap).

    For links changed by a reviewer: merged, split, moved or edited links are
    scored as :func:`run` scores the links of a translation memory. Texts
    already embedded come from the embedder's cache.
    """
    params = _given_params(settings, links)
    src_vecs = embed_side(source, embedder, params)
    tgt_vecs = embed_side(target, embedder, params)
    beads = score_beads(src_vecs, tgt_vecs, [Bead(tuple(k.ar), tuple(k.en), 0.0) for k in links], params)
    return [float(b.score) for b in beads]


def run(
    source: Side,
    target: Side,
    *,
    embedder: Embedder,
    settings: Settings = Settings(),
    progress: Progress | None = None,
    links: Sequence[Link] | None = None,
) -> Alignment:
    """Align the two sides and run the checks.

    Args:
        source: The Arabic side (whichever way the translation goes: see :func:`direction`).
        target: The English side.
        embedder: Sentence embedder (see ``align.embed.embedder.load_embedder``).
        settings: Link sizes and check settings (the model is ``embedder``'s).
        progress: Called with a fraction in [0, 1] and what is being done
            (while embedding: how many segments of how many, after each chunk
            of :data:`EMBED_CHUNK` windows; it may raise to stop the run);
            without it a progress bar is drawn on stderr while embedding.
        links: An alignment given in advance (a translation memory's units):
            scored and checked instead of aligning anew.

    Returns:
        The checked alignment in its :func:`direction`, with a
        signature of model, parameters and every setting that differs from the defaults.
    """
    params = align_params(settings) if links is None else _given_params(settings, links)
    units = alignment_units(source, target) if links is None else Units(source, target)
    report = progress or _unreported
    if progress is None:  # the bars drawn while embedding are the report
        src_vecs = embed_side(units.source, embedder, params, progress=True)
        tgt_vecs = embed_side(units.target, embedder, params, progress=True)
    else:
        total = len(source.segments) + len(target.segments)
        src_vecs, tgt_vecs = _embed_reporting(units.source, units.target, embedder, params, report, total)
    if links is None:
        report(EMBEDDING_SHARE, "aligning")
        beads = link_sides(units, src_vecs, tgt_vecs, params, embedder)
    else:
        report(EMBEDDING_SHARE, "scoring the given links")
        beads = score_beads(src_vecs, tgt_vecs, [Bead(tuple(k.ar), tuple(k.en), 0.0) for k in links], params)
    scored = [Link(ar=b.src, en=b.tgt, score=float(b.score)) for b in beads]
    signature: dict[str, object] = {
        "tool": f"align-ar-en {__version__}",
        "model": embedder.name,
        "backend": getattr(embedder, "backend", ""),  # the runtime that computed the vectors (an optional attribute)
        "max_link": settings.max_link,
        "link_types": ["-".join(map(str, t)) for t in params.link_types],
        "parallel_confidence": round(float(parallel_confidence(beads)), 3),
    }
    if links is not None:
        signature["links"] = "given"
    signature.update(settings.signature())
    report(0.95, "checking")
    alignment = Alignment(source=source, target=target, links=scored, signature=signature, locales=direction(source, settings))
    checked = check_alignment(alignment, settings.thresholds, settings.ignored, embed=check_embedding(embedder))
    report(1.0, "done")
    return checked


def direction(arabic: Side, settings: Settings) -> Locales:
    """The direction a document is checked in: its file's own when the file names its source (a catalogue,
    a memory), else the settings'; the language tags are the settings' either way."""
    if arabic.role is None:
        return settings.locales
    return settings.locales.facing("ar" if arabic.role == "source" else "en")


def looks_parallel(alignment: Alignment) -> bool:
    """Whether the two sides look like translations of each other at all."""
    confidence = alignment.signature.get("parallel_confidence", 1.0)
    return float(confidence) >= NOT_PARALLEL_CONFIDENCE  # type: ignore[arg-type]


def similarity_matrix(alignment: Alignment, embedder: Embedder) -> np.ndarray:
    """Cosine similarity of every Arabic segment with every English segment.

    For the review heatmap; quadratic, so meant for one document at a time.
    """
    src = embedder.encode([_embedding_text(s.text) for s in alignment.source.segments])
    tgt = embedder.encode([_embedding_text(s.text) for s in alignment.target.segments])
    return src @ tgt.T
