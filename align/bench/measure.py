"""Accuracy and speed of the aligner against gold alignments.

Two measurements:

* :func:`bench_pair` aligns a real document pair with the pipeline's own
  stages (embed, then align) and scores the links against a gold alignment
  (see :mod:`align.bench.score`), timing each stage.
* :func:`bench_scale` aligns synthetic embeddings of a chosen size, to measure
  how alignment time and memory grow with document length independently of
  any model.
"""

from __future__ import annotations

import json
import resource
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

from align.aligner import AlignParams, Bead, align
from align.bench.score import AlignmentScore, link_confusion, score_alignment
from align.embed.embedder import Embedder
from align.errors import InputError
from align.io.vecalign import read_links
from align.model import LinkKey, Side
from align.pipeline import align_params, alignment_units, embed_side, link_sides
from align.settings import Settings


@dataclass(frozen=True)
class BenchResult:
    """Accuracy and cost of aligning one document pair (or a pool of them).

    Attributes:
        name: The document (or suite) name.
        score: Link counts behind strict/lax/gap precision and recall.
        ar_segments: Arabic segments aligned.
        en_segments: English segments aligned.
        embedded_texts: Texts sent to the model (segments and their windows).
        embed_seconds: Wall time spent embedding (cache hits included).
        align_seconds: CPU seconds spent aligning (one thread), window embeddings excluded;
            measured without ``tracemalloc``.
        align_peak_mb: Largest extra memory the aligner held at once.
        confusion: Missed gold links by what they became (``"1-5 -> 1-3"``).
    """

    name: str
    score: AlignmentScore
    ar_segments: int = 0
    en_segments: int = 0
    embedded_texts: int = 0
    embed_seconds: float = 0.0
    align_seconds: float = 0.0
    align_peak_mb: float = 0.0
    confusion: Counter[str] = field(default_factory=Counter)

    @property
    def documents(self) -> int:
        """How many document pairs were pooled (the score counts them)."""
        return self.score.documents

    def as_dict(self) -> dict[str, object]:
        """Figures and counts, for ``--format json``."""
        total_seconds = self.embed_seconds + self.align_seconds
        segments = self.ar_segments + self.en_segments
        return {
            "name": self.name,
            "documents": self.documents,
            "segments": {"ar": self.ar_segments, "en": self.en_segments},
            "accuracy": self.score.as_dict(),
            "seconds": {"embed": round(self.embed_seconds, 3), "align": round(self.align_seconds, 3)},
            "embedded_texts_per_second": round(self.embedded_texts / self.embed_seconds, 1) if self.embed_seconds else None,
            "segments_per_second": round(segments / total_seconds, 1) if total_seconds else None,
            "align_peak_mb": round(self.align_peak_mb, 1),
            "missed_links": dict(self.confusion.most_common()),
            "process_peak_rss_mb": round(peak_rss_mb(), 1),
        }


def pool(name: str, results: Iterable[BenchResult]) -> BenchResult:
    """Add up several documents' results (micro-averaged accuracy, summed time, largest memory)."""
    items = list(results)
    return BenchResult(
        name=name,
        score=sum((r.score for r in items), AlignmentScore()),
        ar_segments=sum(r.ar_segments for r in items),
        en_segments=sum(r.en_segments for r in items),
        embedded_texts=sum(r.embedded_texts for r in items),
        embed_seconds=sum(r.embed_seconds for r in items),
        align_seconds=sum(r.align_seconds for r in items),
        align_peak_mb=max((r.align_peak_mb for r in items), default=0.0),
        confusion=sum((r.confusion for r in items), Counter()),
    )


def bench_pair(
    name: str, source: Side, target: Side, gold: list[LinkKey], *, embedder: Embedder, settings: Settings = Settings()
) -> BenchResult:
    """Align one document pair and score it against its gold alignment.

    Raises:
        InputError: The gold alignment names segments the documents do not have.
    """
    _check_gold(name, gold, len(source.segments), len(target.segments))
    params = align_params(settings)
    started = time.perf_counter()
    units = alignment_units(source, target)
    src_vecs = embed_side(units.source, embedder, params)
    tgt_vecs = embed_side(units.target, embedder, params)
    embedded = time.perf_counter()
    beads, align_seconds, peak_mb = _measured(lambda: link_sides(units, src_vecs, tgt_vecs, params, embedder))
    test = [(b.src, b.tgt) for b in beads]
    return BenchResult(
        name=name,
        score=score_alignment(gold, test),
        confusion=link_confusion(gold, test),
        ar_segments=len(source.segments),
        en_segments=len(target.segments),
        embedded_texts=sum(len(v) for v in src_vecs + tgt_vecs),
        embed_seconds=embedded - started,
        align_seconds=align_seconds,
        align_peak_mb=peak_mb,
    )


def read_gold(path: str | Path) -> list[LinkKey]:
    """Read a gold alignment file, turning format errors into one-line input errors."""
    path = Path(path)
    try:
        return read_links(path)
    except FileNotFoundError as error:
        raise InputError(f"{path}: no such file") from error
    except (ValueError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: not a gold alignment ({error})") from error


def suite_documents(folder: str | Path) -> list[tuple[str, Path, Path, Path]]:
    """The ``NAME.ar``, ``NAME.en``, ``NAME.gold`` triples of a suite folder, by name.

    Raises:
        InputError: The folder is missing or holds no complete triple.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(f"{folder}: not a folder")
    triples = []
    for gold in sorted(folder.glob("*.gold")):
        ar, en = gold.with_suffix(".ar"), gold.with_suffix(".en")
        if ar.exists() and en.exists():
            triples.append((gold.stem, ar, en, gold))
    if not triples:
        raise InputError(f"{folder}: no NAME.ar / NAME.en / NAME.gold triples found")
    return triples


def bench_scale(size: int, *, dim: int = 384, drop_share: float = 0.02, seed: int = 0) -> BenchResult:
    """Align synthetic ``size`` × ``size`` embeddings and score against their known links.

    The target side is a noisy copy of the source with a share of segments
    dropped on each side, so the answer is known and a fast but wrong aligner
    shows up in the score. Only alignment is timed.
    """
    rng = np.random.default_rng(seed)
    base = _unit(rng.standard_normal((size, dim), dtype=np.float32))
    kept_src = rng.random(size) >= drop_share
    kept_tgt = (rng.random(size) >= drop_share) | ~kept_src
    src = base[kept_src]
    tgt = _unit(base[kept_tgt] + 0.6 * _unit(rng.standard_normal((int(kept_tgt.sum()), dim), dtype=np.float32)))
    lengths = rng.integers(40, 200, size).astype(np.float64)
    gold = _synthetic_gold(kept_src, kept_tgt)
    params = AlignParams()
    src_vecs = [src, _unit(src[:-1] + src[1:])]
    tgt_vecs = [tgt, _unit(tgt[:-1] + tgt[1:])]
    with threadpool_limits(limits=1):
        beads, seconds, peak_mb = _measured(lambda: align(src_vecs, tgt_vecs, lengths[kept_src], lengths[kept_tgt] * 1.1, params))
    return BenchResult(
        name=f"synthetic {len(src)}x{len(tgt)}",
        score=score_alignment(gold, [(b.src, b.tgt) for b in beads]),
        ar_segments=len(src),
        en_segments=len(tgt),
        align_seconds=seconds,
        align_peak_mb=peak_mb,
    )


def to_text(results: list[BenchResult]) -> str:
    """A table: one row per result, the figures the README reports, and what the missed links became."""
    header = (
        f"{'name':<28} {'docs':>4} {'segs ar/en':>11} {'strict F1':>9} {'mean doc':>8} {'worst doc':>9} {'lax F1':>7} "
        f"{'gap P':>6} {'gap R':>6} {'inv/100':>7} {'embed s':>8} {'align s':>8} {'align MB':>8}"
    )
    rows = [header]
    for r in results:
        s = r.score
        rows.append(
            f"{r.name[:28]:<28} {r.documents:>4} {f'{r.ar_segments}/{r.en_segments}':>11} {s.strict_f1:>9.3f} "
            f"{s.mean_document_f1:>8.3f} {s.worst_f1:>9.3f} {s.lax_f1:>7.3f} {s.gap_precision:>6.3f} {s.gap_recall:>6.3f} "
            f"{s.invented_gaps_per_100:>7.2f} {r.embed_seconds:>8.2f} {r.align_seconds:>8.2f} {r.align_peak_mb:>8.1f}"
        )
        if r.confusion:
            missed = ", ".join(f"{shape} x{count}" for shape, count in r.confusion.most_common(8))
            rows.append(f"{'':<4}missed gold -> found: {missed}")
    return "\n".join(rows)


def to_json(results: list[BenchResult], signature: dict[str, object]) -> str:
    """The results with the signature (model, link types) that produced them."""
    return json.dumps({"signature": signature, "results": [r.as_dict() for r in results]}, ensure_ascii=False, indent=2)


def peak_rss_mb() -> float:
    """The largest resident memory this process has used so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _measured(run: Callable[[], list[Bead]]) -> tuple[list[Bead], float, float]:
    """The beads, CPU seconds and peak traced megabytes of ``run``, run twice: timed, then traced.

    ``tracemalloc`` records every allocation, which made the aligner 2-5 times
    slower (20,000 x 20,000: 4.8 CPU s alone, 22 s traced), so the time is
    taken from a run without it; the alignment is deterministic, so the second
    run holds the same arrays.
    """
    started = time.process_time()
    beads = run()
    seconds = time.process_time() - started
    with _peak_memory() as peak:
        run()
    return beads, seconds, peak.megabytes


@dataclass
class _Peak:
    megabytes: float = 0.0


@contextmanager
def _peak_memory() -> Iterator[_Peak]:
    # numpy reports its buffers to tracemalloc, so this sees the aligner's arrays.
    peak = _Peak()
    tracemalloc.start()
    try:
        yield peak
    finally:
        peak.megabytes = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()


def _unit(vectors: np.ndarray) -> np.ndarray:
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def _synthetic_gold(kept_src: np.ndarray, kept_tgt: np.ndarray) -> list[LinkKey]:
    gold: list[LinkKey] = []
    i = j = 0
    for in_src, in_tgt in zip(kept_src, kept_tgt):
        if in_src and in_tgt:
            gold.append(((i,), (j,)))
        elif in_src:
            gold.append(((i,), ()))
        else:
            gold.append(((), (j,)))
        i += int(in_src)
        j += int(in_tgt)
    return gold


def _check_gold(name: str, gold: list[LinkKey], n: int, m: int) -> None:
    src = sorted(i for link in gold for i in link[0])
    tgt = sorted(j for link in gold for j in link[1])
    if src != list(range(n)) or tgt != list(range(m)):
        raise InputError(
            f"{name}: the gold alignment does not cover the {n} Arabic and {m} English segments exactly once "
            "(segmentation differs? use --presegmented for one-segment-per-line files)"
        )
