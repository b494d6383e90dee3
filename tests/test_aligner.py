from __future__ import annotations

import numpy as np
import pytest

from align.aligner import (
    DEFAULT_LINK_TYPES,
    AlignParams,
    Bead,
    align,
    crossing_candidates,
    join_crossings,
    link_types_up_to,
    parallel_confidence,
    search_link_types,
)

DIM = 64


def unit(rows: np.ndarray) -> np.ndarray:
    return rows / np.linalg.norm(rows, axis=-1, keepdims=True)


def overlap_vectors(segments: np.ndarray, max_group: int) -> list[np.ndarray]:
    """What the pipeline embeds for joined runs of k segments, modelled as the normalised sum."""
    n = len(segments)
    return [
        unit(np.array([segments[i : i + k].sum(axis=0) for i in range(n - k + 1)]).reshape(-1, DIM))
        for k in range(1, max_group + 1)
    ]


def noisy(vector: np.ndarray, rng: np.random.Generator, noise: float = 0.4) -> np.ndarray:
    return unit(vector + noise * rng.normal(size=DIM) / np.sqrt(DIM))


def translated_pair(seed: int, n: int = 80):
    """A source document and a noisy 'translation' with omissions, additions, merges and splits.

    Returns source vectors, target vectors, their lengths and the gold links.
    """
    rng = np.random.default_rng(seed)
    src = unit(rng.normal(size=(n, DIM)))
    src_lens = rng.integers(30, 200, size=n).astype(float)
    tgt: list[np.ndarray] = []
    tgt_lens: list[float] = []
    gold: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    i = 0
    previous = "1-1"
    while i < n:
        kind = rng.choice(["1-1"] * 12 + ["1-0", "0-1", "2-1", "1-2"])
        if {kind, previous} == {"1-0", "0-1"}:
            # An omission next to an addition is a substitution: a weak 1-1 is as right.
            kind = "1-1"
        previous = kind
        j = len(tgt)
        if kind == "1-0" and 0 < i < n - 1:
            gold.append(((i,), ()))
            i += 1
        elif kind == "0-1":
            tgt.append(unit(rng.normal(size=DIM)))
            tgt_lens.append(float(rng.integers(30, 200)))
            gold.append(((), (j,)))
        elif kind == "2-1" and i + 1 < n:
            tgt.append(noisy(src[i] + src[i + 1], rng))
            tgt_lens.append(1.2 * (src_lens[i] + src_lens[i + 1]))
            gold.append(((i, i + 1), (j,)))
            i += 2
        elif kind == "1-2":
            half = unit(rng.normal(size=DIM))
            tgt.extend([noisy(src[i] + half, rng), noisy(src[i] - half, rng)])
            tgt_lens.extend([0.6 * src_lens[i], 0.6 * src_lens[i]])
            gold.append(((i,), (j, j + 1)))
            i += 1
        else:
            tgt.append(noisy(src[i], rng))
            tgt_lens.append(1.2 * src_lens[i])
            gold.append(((i,), (j,)))
            i += 1
    return src, np.array(tgt), src_lens, np.array(tgt_lens), gold


def run(src, tgt, src_lens, tgt_lens, params=AlignParams(), anchors=()):
    groups = max(max(a, b) for a, b in params.link_types)
    return align(overlap_vectors(src, groups), overlap_vectors(tgt, groups), src_lens, tgt_lens, params, anchors)


def assert_valid(beads: list[Bead], n: int, m: int) -> None:
    """Monotone, in order, every segment of both sides exactly once, scores in [0, 1]."""
    assert [i for b in beads for i in b.src] == list(range(n))
    assert [j for b in beads for j in b.tgt] == list(range(m))
    assert all(b.src or b.tgt for b in beads)
    assert all(0.0 <= b.score <= 1.0 for b in beads)
    assert all(b.score == 0.0 for b in beads if not (b.src and b.tgt))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_recovers_omissions_additions_merges_and_splits(seed):
    src, tgt, src_lens, tgt_lens, gold = translated_pair(seed)
    beads = run(src, tgt, src_lens, tgt_lens)
    assert [(b.src, b.tgt) for b in beads] == gold
    assert_valid(beads, len(src), len(tgt))


def test_long_document_goes_through_the_coarse_levels():
    src, tgt, src_lens, tgt_lens, gold = translated_pair(3, n=600)
    beads = run(src, tgt, src_lens, tgt_lens)
    assert_valid(beads, len(src), len(tgt))
    found = {(b.src, b.tgt) for b in beads}
    assert len(found & set(gold)) / len(gold) > 0.97


def test_matched_beads_score_high_and_translation_looks_parallel():
    src, tgt, src_lens, tgt_lens, _ = translated_pair(4)
    beads = run(src, tgt, src_lens, tgt_lens)
    one_to_one = [b.score for b in beads if len(b.src) == 1 and len(b.tgt) == 1]
    assert np.median(one_to_one) > 0.8
    assert parallel_confidence(beads) > 0.8


@pytest.mark.parametrize("n, m", [(40, 40), (7, 30), (30, 3), (1, 1)])
def test_unrelated_documents_keep_invariants_and_look_unrelated(n, m):
    rng = np.random.default_rng(n * 100 + m)
    src, tgt = unit(rng.normal(size=(n, DIM))), unit(rng.normal(size=(m, DIM)))
    params = AlignParams(link_types=link_types_up_to(5))
    beads = run(src, tgt, np.full(n, 50.0), np.full(m, 60.0), params)
    assert_valid(beads, n, m)
    if n > 1:
        assert parallel_confidence(beads) < 0.3


@pytest.mark.parametrize("n, m", [(0, 0), (3, 0), (0, 4)])
def test_empty_side_gives_only_gaps(n, m):
    params = AlignParams(link_types=((0, 1), (1, 0), (1, 1)))
    beads = align([np.zeros((n, DIM))], [np.zeros((m, DIM))], np.ones(n), np.ones(m), params)
    assert_valid(beads, n, m)
    assert all(not (b.src and b.tgt) for b in beads)
    assert parallel_confidence(beads) == 0.0


def test_anchor_decides_between_repeated_sentences():
    # Source sentences 1 and 2 are the same; the translation has it once.
    rng = np.random.default_rng(5)
    src = unit(rng.normal(size=(4, DIM)))
    src[2] = src[1]
    tgt = np.array([noisy(src[0], rng), noisy(src[1], rng), noisy(src[3], rng)])
    lens = np.full(4, 80.0)
    for anchored in (1, 2):
        beads = run(src, tgt, lens, np.full(3, 90.0), anchors=[(anchored, 1)])
        assert Bead((anchored,), (1,), beads[anchored].score) in beads
        assert ((3 - anchored,), ()) in [(b.src, b.tgt) for b in beads]


def _respects(beads: list[Bead], cut: tuple[int, int]) -> bool:
    p, q = cut
    return all(
        (all(i < p for i in b.src) and all(j < q for j in b.tgt)) or (all(i >= p for i in b.src) and all(j >= q for j in b.tgt))
        for b in beads
    )


@pytest.mark.parametrize("n", [40, 600])  # 600: through the coarse levels
def test_the_path_passes_through_every_cut(n: int) -> None:
    src, tgt, src_lens, tgt_lens, gold = translated_pair(8, n=n)
    groups = max(max(a, b) for a, b in AlignParams().link_types)
    vectors = overlap_vectors(src, groups), overlap_vectors(tgt, groups)
    # Where gold links meet, a cut changes nothing; one off by a segment moves a sentence across it.
    starts = [(link[0][0] if link[0] else None, link[1][0] if link[1] else None) for link in gold]
    true_cut = next((i, j) for i, j in starts[n // 4 :] if i is not None and j is not None)
    wrong_cut = next((i, j + 1) for i, j in starts[n // 2 :] if i is not None and j is not None)
    plain = align(*vectors, src_lens, tgt_lens)
    with_true = align(*vectors, src_lens, tgt_lens, cuts=[true_cut])
    assert [(b.src, b.tgt) for b in with_true] == [(b.src, b.tgt) for b in plain]
    both = align(*vectors, src_lens, tgt_lens, cuts=[true_cut, wrong_cut])
    assert_valid(both, len(src), len(tgt))
    assert _respects(both, true_cut) and _respects(both, wrong_cut)
    assert not _respects(plain, wrong_cut)


def test_out_of_range_and_crossing_cuts_are_ignored():
    src, tgt, src_lens, tgt_lens, gold = translated_pair(6, n=30)
    groups = max(max(a, b) for a, b in AlignParams().link_types)
    vectors = overlap_vectors(src, groups), overlap_vectors(tgt, groups)
    # Outside the documents, at their start, or falling back on the source after (5, 9): only (5, 9) is kept.
    beads = align(*vectors, src_lens, tgt_lens, cuts=[(0, 0), (-1, 3), (30, 99), (5, 9), (12, 2)])
    assert_valid(beads, len(src), len(tgt))
    assert [(b.src, b.tgt) for b in beads] == [(b.src, b.tgt) for b in align(*vectors, src_lens, tgt_lens, cuts=[(5, 9)])]
    assert _respects(beads, (5, 9))


def test_out_of_range_anchors_are_ignored():
    src, tgt, src_lens, tgt_lens, gold = translated_pair(6, n=30)
    beads = run(src, tgt, src_lens, tgt_lens, anchors=[(-1, 0), (30, 99)])
    assert [(b.src, b.tgt) for b in beads] == gold


def test_link_types_up_to():
    assert set(link_types_up_to(3)) == {(0, 1), (1, 0), (1, 1), (1, 2), (2, 1)}
    assert len(link_types_up_to(5)) == 2 + 1 + 2 + 3 + 4
    assert set(DEFAULT_LINK_TYPES) <= set(link_types_up_to(4))
    with pytest.raises(ValueError):
        link_types_up_to(6)


def test_missing_overlap_level_is_reported():
    vecs = unit(np.ones((5, DIM)))
    with pytest.raises(ValueError, match="overlap levels"):
        align([vecs], [vecs], np.ones(5), np.ones(5))


def test_wrong_overlap_shape_is_reported():
    vecs = unit(np.ones((5, DIM)))
    with pytest.raises(ValueError, match="rows"):
        align([vecs, vecs], [vecs, vecs[:4]], np.ones(5), np.ones(5))


def span_embedder(src: np.ndarray, tgt: np.ndarray):
    """The pipeline's on-demand embedding of long runs, modelled as the normalised sum."""

    def embed_spans(side, spans):
        vectors = (src, tgt)[side]
        return unit(np.array([vectors[start : start + count].sum(axis=0) for start, count in spans]))

    return embed_spans


def long_link_pair(shapes: list[tuple[int, int]], seed: int = 7):
    """Documents whose links have the given shapes (n, m); each link's segments share one meaning.

    A link's meaning is a run of parts that each side cuts differently: a long
    Arabic sentence rendered as several English ones carries all of their content,
    and in an n-m link with n, m > 1 a source boundary falls inside a target
    segment (otherwise the link would be several smaller ones).
    """
    rng = np.random.default_rng(seed)
    src: list[np.ndarray] = []
    tgt: list[np.ndarray] = []
    gold = []
    for n, m in shapes:
        total = 2 * n * m
        parts = unit(rng.normal(size=(total, DIM)))
        src_cuts = [0] + [k * 2 * m - (1 if m > 1 else 0) for k in range(1, n)] + [total]
        tgt_cuts = [k * 2 * n for k in range(m)] + [total]
        src_ids = tuple(range(len(src), len(src) + n))
        tgt_ids = tuple(range(len(tgt), len(tgt) + m))
        src += [noisy(parts[a:b].sum(axis=0), rng, 0.2) for a, b in zip(src_cuts, src_cuts[1:])]
        tgt += [noisy(parts[a:b].sum(axis=0), rng, 0.2) for a, b in zip(tgt_cuts, tgt_cuts[1:])]
        gold.append((src_ids, tgt_ids))
    src_lens = np.full(len(src), 100.0)
    tgt_lens = np.full(len(tgt), 100.0 * len(src) / len(tgt))
    return np.array(src), np.array(tgt), src_lens, tgt_lens, gold


def run_long(src, tgt, src_lens, tgt_lens, max_total=8):
    params = AlignParams(link_types=search_link_types(max_total), max_total=max_total)
    return align(
        overlap_vectors(src, 3), overlap_vectors(tgt, 3), src_lens, tgt_lens, params,
        embed_spans=span_embedder(src, tgt),
    )


@pytest.mark.parametrize("shape", [(1, 5), (5, 1), (1, 7), (6, 1)])
def test_long_links_are_found_beyond_the_search_windows(shape):
    shapes = [(1, 1), (1, 1), shape, (1, 1), (1, 2), (1, 1)]
    src, tgt, src_lens, tgt_lens, gold = long_link_pair(shapes)
    beads = run_long(src, tgt, src_lens, tgt_lens)
    assert_valid(beads, len(src), len(tgt))
    assert [(b.src, b.tgt) for b in beads] == gold


def crossing_pair(shape: tuple[int, int], seed: int):
    """Twelve 1-1 links, then an n-m link whose sentence boundaries cross, then six more 1-1 links.

    Both sides of the crossing link carry the same clauses, cut differently: no
    source boundary meets a target one (where one would, the translator moved
    half a sentence across it). Lengths follow the clauses, with the usual
    noise of a translation on the 1-1 links.
    """
    rng = np.random.default_rng(seed)
    src: list[np.ndarray] = []
    tgt: list[np.ndarray] = []
    src_lens: list[float] = []
    tgt_lens: list[float] = []
    gold = []

    def link(src_cuts: list[int], tgt_cuts: list[int], noise: float) -> None:
        clauses = unit(rng.normal(size=(src_cuts[-1], DIM)))
        gold.append((tuple(range(len(src), len(src) + len(src_cuts) - 1)), tuple(range(len(tgt), len(tgt) + len(tgt_cuts) - 1))))
        for cuts, vectors, lens, scale in ((src_cuts, src, src_lens, 1.0), (tgt_cuts, tgt, tgt_lens, 1.3)):
            for a, b in zip(cuts, cuts[1:]):
                vectors.append(noisy(clauses[a:b].sum(axis=0), rng, 0.2))
                lens.append(25.0 * (b - a) * scale * float(np.exp(rng.normal(0.0, noise))))

    for _ in range(12):
        link([0, 12], [0, 12], 0.08)
    n, m = shape
    total = 12 * n * m
    sentence = total // m
    src_cuts = [0] + [k * total // n - (sentence // 2 if k * total // n % sentence == 0 else 0) for k in range(1, n)] + [total]
    link(src_cuts, [k * sentence for k in range(m + 1)], 0.0)
    for _ in range(6):
        link([0, 12], [0, 12], 0.08)
    return np.array(src), np.array(tgt), np.array(src_lens), np.array(tgt_lens), gold


@pytest.mark.parametrize("shape", [(2, 2), (2, 3), (2, 4), (3, 2)])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_crossing_links_are_found_whole(shape, seed):
    src, tgt, src_lens, tgt_lens, gold = crossing_pair(shape, seed)
    beads = run_long(src, tgt, src_lens, tgt_lens)
    assert_valid(beads, len(src), len(tgt))
    assert [(b.src, b.tgt) for b in beads] == gold


def test_neighbouring_links_whose_boundaries_meet_stay_apart():
    """Two correct links side by side are not joined, though their union is as similar."""
    rng = np.random.default_rng(3)
    src, tgt, src_lens, tgt_lens, gold = long_link_pair([(1, 1)] * 10 + [(1, 2), (1, 3), (2, 1)] + [(1, 1)] * 6, seed=3)
    src_lens = src_lens * np.exp(rng.normal(0.0, 0.08, len(src_lens)))
    beads = run_long(src, tgt, src_lens, tgt_lens)
    assert [(b.src, b.tgt) for b in beads] == gold


def test_complete_translation_of_long_sentences_gets_no_gaps():
    rng = np.random.default_rng(11)
    shapes = [(1, int(rng.integers(1, 7))) for _ in range(30)]
    src, tgt, src_lens, tgt_lens, gold = long_link_pair(shapes, seed=11)
    beads = run_long(src, tgt, src_lens, tgt_lens)
    assert all(b.src and b.tgt for b in beads)
    assert len({(b.src, b.tgt) for b in beads} & set(gold)) / len(gold) > 0.9


def test_adjacent_deletion_and_insertion_are_two_gaps_not_a_link():
    rng = np.random.default_rng(12)
    src = unit(rng.normal(size=(12, DIM)))
    tgt = np.array([noisy(v, rng) for v in src])
    tgt[6] = unit(rng.normal(size=DIM))  # sentence 6 replaced by an unrelated one
    lens = np.full(12, 100.0)
    beads = run_long(src, tgt, lens, lens)
    links = [(b.src, b.tgt) for b in beads]
    assert ((6,), (6,)) not in links
    assert ((6,), ()) in links and ((), (6,)) in links


def test_added_sentence_is_not_attached_to_its_neighbour():
    rng = np.random.default_rng(13)
    src = unit(rng.normal(size=(10, DIM)))
    tgt = [noisy(v, rng) for v in src]
    tgt.insert(4, unit(rng.normal(size=DIM)))
    lens = np.full(10, 100.0)
    beads = run_long(src, np.array(tgt), lens, np.full(11, 100.0))
    assert ((), (4,)) in [(b.src, b.tgt) for b in beads]


def test_standalone_segments_never_join_a_link_in_the_refinement():
    shapes = [(1, 1), (1, 5), (1, 1)]
    src, tgt, src_lens, tgt_lens, gold = long_link_pair(shapes)
    params = AlignParams(link_types=search_link_types(8), max_total=8)
    vectors = (overlap_vectors(src, 3), overlap_vectors(tgt, 3))
    free = align(*vectors, src_lens, tgt_lens, params, embed_spans=span_embedder(src, tgt))
    assert [(b.src, b.tgt) for b in free] == gold
    # The caller marks the long link's English segments as asides: the search's
    # link (at most three a side) stays as found and the rest are gaps.
    alone = (np.zeros(len(src), dtype=bool), np.isin(np.arange(len(tgt)), [1, 2, 3, 4, 5]))
    beads = align(*vectors, src_lens, tgt_lens, params, embed_spans=span_embedder(src, tgt), standalone=alone)
    assert_valid(beads, len(src), len(tgt))
    middle = [b for b in beads if b.src == (1,)]
    assert len(middle) == 1 and 1 <= len(middle[0].tgt) <= 3
    assert sum(1 for b in beads if not b.src) == 5 - len(middle[0].tgt)


def loose_rendering_pair(seed: int):
    """Every third Arabic sentence is long and rendered as four English ones: the first two
    carry its meaning, the last two little of it (a loose rendering's closing lines); the
    lengths fit the document's ratio only with all four."""
    rng = np.random.default_rng(seed)
    src, tgt, src_lens, tgt_lens, gold = [], [], [], [], []
    for k in range(12):
        meaning = unit(rng.normal(size=(4, DIM)))
        if k % 3 == 1:
            src.append(unit(meaning.sum(axis=0)))
            src_lens.append(400.0)
            weak = [unit(0.5 * meaning[q] + rng.normal(size=DIM) / np.sqrt(DIM)) for q in (2, 3)]
            gold.append(((len(src) - 1,), tuple(range(len(tgt), len(tgt) + 4))))
            tgt += [noisy(meaning[0], rng, 0.2), noisy(meaning[1], rng, 0.2), *weak]
            tgt_lens += [100.0] * 4
        else:
            src.append(meaning[0])
            src_lens.append(100.0)
            gold.append(((len(src) - 1,), (len(tgt),)))
            tgt.append(noisy(meaning[0], rng, 0.2))
            tgt_lens.append(100.0)
    return np.array(src), np.array(tgt), np.array(src_lens), np.array(tgt_lens), gold


def test_weakly_matching_run_of_sentences_joins_the_long_link_it_completes():
    gaps = exact = 0
    for seed in range(3):
        src, tgt, src_lens, tgt_lens, gold = loose_rendering_pair(seed)
        beads = run_long(src, tgt, src_lens, tgt_lens)
        assert_valid(beads, len(src), len(tgt))
        gaps += sum(1 for b in beads if not (b.src and b.tgt))
        exact += [(b.src, b.tgt) for b in beads] == gold
    # Before the run of gaps could join whole: 4 invented gaps, no document exact.
    assert gaps <= 1 and exact >= 2


def test_two_added_sentences_in_a_row_stay_gaps():
    rng = np.random.default_rng(14)
    src = unit(rng.normal(size=(10, DIM)))
    tgt = [noisy(v, rng) for v in src]
    tgt[4:4] = [unit(rng.normal(size=DIM)), unit(rng.normal(size=DIM))]
    beads = run_long(src, np.array(tgt), np.full(10, 100.0), np.full(12, 100.0))
    links = [(b.src, b.tgt) for b in beads]
    assert ((), (4,)) in links and ((), (5,)) in links


def weak_rendering_pair(seed: int, n: int = 30, inserted_after: int = 14):
    """Every Arabic sentence rendered as two English ones, the second a loose rendering that
    carries little of its meaning (as a weak model reads an archaic translation), and one
    unrelated English sentence added after link ``inserted_after``."""
    rng = np.random.default_rng(seed)
    src, tgt, gold = [], [], []
    for k in range(n):
        meaning = unit(rng.normal(size=(2, DIM)))
        src.append(unit(meaning.sum(axis=0)))
        gold.append(((k,), (len(tgt), len(tgt) + 1)))
        tgt += [noisy(meaning[0], rng, 0.2), unit(0.3 * meaning[1] + rng.normal(size=DIM) / np.sqrt(DIM))]
        if k == inserted_after:
            tgt.append(unit(rng.normal(size=DIM)))
            gold.append(((), (len(tgt) - 1,)))
    return np.array(src), np.array(tgt), np.full(n, 200.0), np.full(len(tgt), 100.0), gold


def test_loose_continuations_join_by_the_documents_own_calibration_and_an_addition_stays_a_gap():
    invented = 0
    for seed in range(4):
        src, tgt, src_lens, tgt_lens, gold = weak_rendering_pair(seed)
        beads = run_long(src, tgt, src_lens, tgt_lens)
        assert_valid(beads, len(src), len(tgt))
        links = [(b.src, b.tgt) for b in beads]
        assert next(link for link in gold if not link[0]) in links  # the added sentence
        invented += sum(1 for link in links if not (link[0] and link[1]) and link not in gold)
    # With the fixed attach_gain alone: 13 invented gaps over the four documents.
    assert invented <= 4


@pytest.mark.parametrize("seed", range(6))
def test_search_finds_the_best_path_through_its_corridor(seed: int) -> None:
    # The banded search against a plain dynamic programme over every prefix point of
    # the corridor: on random similarities, anchors and corridors both reach the same best score.
    from align.aligner import _corridor, _dp, _Level

    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(5, 30)), int(rng.integers(5, 30))
    src, tgt = unit(rng.normal(size=(n, DIM))), unit(rng.normal(size=(m, DIM)))
    types = search_link_types(8)
    level = _Level(
        overlap_vectors(src, 3),
        overlap_vectors(tgt, 3),
        rng.integers(20, 200, n).astype(float),
        rng.integers(20, 200, m).astype(float),
        AlignParams(link_types=types),
        types,
        [(int(rng.integers(n)), int(rng.integers(m)))],
    )
    if seed % 2:  # a band around the diagonal, as the coarse pass gives
        diagonal = [(i, min(m, round(i * m / n))) for i in range(n + 1)]
        lo, hi = _corridor(diagonal, n, m, 2, level.anchors)
    else:
        lo, hi = np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m, dtype=np.int64)
    width = int((hi - lo).max()) + 1
    scores = {(a, b): level.bead_scores(a, b, lo, width) for a, b in types if a > 0}

    def bead(a: int, b: int, i: int, j: int) -> float:
        if a == 0:
            return level.params.gap_score * b
        column = j - lo[i]
        return float(scores[(a, b)][i, column]) if 0 <= column < width else -np.inf

    best = np.full((n + 1, m + 1), -np.inf)
    best[0, 0] = 0.0
    for i in range(n + 1):
        for j in range(lo[i], hi[i] + 1):
            for a, b in types:
                if (a, b) != (0, 0) and i >= a and j >= b and lo[i - a] <= j - b <= hi[i - a]:
                    best[i, j] = max(best[i, j], best[i - a, j - b] + bead(a, b, i, j))
    path = _dp(level, lo, hi)
    found = sum(bead(i1 - i0, j1 - j0, i1, j1) for (i0, j0), (i1, j1) in path)
    assert path[0][0] == (0, 0) and path[-1][1] == (n, m)
    assert found == pytest.approx(best[n, m], abs=1e-9)


def clause_pair(clauses_per_sentence: list[int], seed: int = 5, translated: set[int] | None = None):
    """Arabic sentences cut into clauses, each clause translated by one English sentence.

    Returns clause vectors, English vectors, their lengths, each clause's sentence and the gold
    links of whole sentences; sentences not in ``translated`` (all when ``None``) have no English.
    """
    rng = np.random.default_rng(seed)
    src, tgt, group, gold = [], [], [], []
    for sentence, count in enumerate(clauses_per_sentence):
        english = []
        for _ in range(count):
            clause = unit(rng.normal(size=DIM))
            src.append(clause)
            group.append(sentence)
            if translated is None or sentence in translated:
                english.append(len(tgt))
                tgt.append(noisy(clause, rng, 0.2))
        gold.append(((sentence,), tuple(english)))
    src_lens = np.full(len(src), 60.0)
    tgt_lens = np.full(len(tgt), 70.0)
    return np.array(src), np.array(tgt), src_lens, tgt_lens, np.array(group), gold


def run_grouped(src, tgt, src_lens, tgt_lens, group, max_total=8):
    params = AlignParams(link_types=search_link_types(max_total), max_total=max_total)
    return align(
        overlap_vectors(src, 3), overlap_vectors(tgt, 3), src_lens, tgt_lens, params,
        embed_spans=span_embedder(src, tgt), groups=(group, None),
    )


def test_clauses_are_linked_back_as_whole_sentences():
    # Sentences of one to six clauses, each clause an English sentence of its own: links 1-1 to 1-6.
    counts = [1, 3, 1, 6, 2, 1, 4, 1, 1, 5, 2, 1, 3, 1]
    src, tgt, src_lens, tgt_lens, group, gold = clause_pair(counts)
    beads = run_grouped(src, tgt, src_lens, tgt_lens, group)
    assert_valid(beads, len(counts), len(tgt))
    assert [(b.src, b.tgt) for b in beads] == gold
    assert all(b.score > 0.5 for b in beads)


def test_an_untranslated_sentence_of_several_clauses_stays_one_gap():
    counts = [2, 1, 3, 1, 2, 1, 1, 2, 1, 1]
    src, tgt, src_lens, tgt_lens, group, gold = clause_pair(counts, seed=6, translated=set(range(10)) - {2})
    beads = run_grouped(src, tgt, src_lens, tgt_lens, group)
    assert_valid(beads, len(counts), len(tgt))
    assert ((2,), ()) in [(b.src, b.tgt) for b in beads]
    assert [(b.src, b.tgt) for b in beads] == gold


def test_a_sentence_rendered_as_more_sentences_than_the_cap_is_linked_whole_to_all_of_them():
    # One sentence of nine clauses, each its own English sentence: a 1-9, past the search's cap of 8,
    # found clause by clause (each clause link within the cap), with no English left as a gap.
    counts = [1, 1, 9, 1, 1, 2, 1, 1, 1, 1]
    src, tgt, src_lens, tgt_lens, group, gold = clause_pair(counts, seed=8)
    beads = run_grouped(src, tgt, src_lens, tgt_lens, group)
    assert_valid(beads, len(counts), len(tgt))
    assert [(b.src, b.tgt) for b in beads] == gold
    assert ((2,), tuple(range(2, 11))) in gold


def test_a_sentence_whose_clauses_are_linked_apart_goes_with_them_though_its_unaligned_clause_is_larger():
    from align.aligner import _whole_groups

    # Sentence 0 = five clauses; the first four (20 characters each) are linked one by one, the last
    # (40) is unaligned: the links together hold more of it than the gap, so it is one link, not five gaps.
    group = np.array([0, 0, 0, 0, 0, 1])
    lens = np.array([20.0, 20.0, 20.0, 20.0, 40.0, 50.0])
    beads = [((0, 0), (1, 1)), ((1, 1), (2, 2)), ((2, 2), (3, 3)), ((3, 3), (4, 4)), ((4, 4), (5, 4)), ((5, 4), (6, 5))]
    assert _whole_groups(beads, group, lens, 0, 8) == [((0, 0), (5, 4)), ((5, 4), (6, 5))]


def test_linking_sentences_back_whole_never_joins_more_sentences_than_one_side_of_the_cap():
    from align.aligner import _whole_groups

    # Eight one-clause sentences whose clause links each hold the end of the previous sentence's clause
    # (a staircase): every join is asked for, but a link holds at most max_total - 1 = 3 sentences.
    group = np.arange(8).repeat(2)
    lens = np.tile([60.0, 40.0], 8)
    beads = [((0, 0), (1, 1))] + [((2 * k + 1, k + 1), (2 * k + 3, k + 2)) for k in range(7)] + [((15, 8), (16, 9))]
    whole = _whole_groups(beads, group, lens, 0, 4)
    sizes = [len(set(group[i0:i1])) for (i0, _), (i1, _) in whole if i1 > i0]
    assert max(sizes) <= 3 and sum(sizes) == 8


@pytest.mark.parametrize("seed", [0, 1, 3])
def test_a_sentence_in_clauses_whose_translation_was_replaced_is_two_gaps_not_a_link(seed: int) -> None:
    # Sentence 6 (two clauses) has an unrelated English sentence that shares a little with its second
    # clause: the clause link passes the search's test, and linked back whole the sentence would be a
    # 1-1 far weaker than the document's links and no more alike than its unrelated pairs.
    rng = np.random.default_rng(seed)
    src, tgt, group = [], [], []
    for sentence in range(14):
        clauses = [unit(rng.normal(size=DIM)) for _ in range(2 if sentence in (3, 6, 10) else 1)]
        src += clauses
        group += [sentence] * len(clauses)
        related = 0.15 * clauses[-1] if sentence == 6 else 0
        tgt.append(unit(related + unit(rng.normal(size=DIM))) if sentence == 6 else noisy(unit(sum(clauses)), rng, 0.2))
    beads = run_grouped(np.array(src), np.array(tgt), np.full(len(src), 60.0), np.full(len(tgt), 100.0), np.array(group))
    assert_valid(beads, 14, 14)
    links = [(b.src, b.tgt) for b in beads]
    assert ((6,), ()) in links and ((), (6,)) in links
    assert [link for link in links if link[0] and link[1]] == [((k,), (k,)) for k in range(14) if k != 6]


def test_groups_must_number_one_side_from_zero_up():
    src, tgt, src_lens, tgt_lens, group, _ = clause_pair([2, 1, 2])
    with pytest.raises(ValueError, match="from 0 up"):
        run_grouped(src, tgt, src_lens, tgt_lens, group + 1)
    with pytest.raises(ValueError, match="one side"):
        align(overlap_vectors(src, 2), overlap_vectors(tgt, 2), src_lens, tgt_lens, groups=(group, np.arange(len(tgt))))


@pytest.mark.parametrize(("moved", "joined"), [(30, True), (10, False)])
def test_a_sentence_whose_clause_crossed_into_the_next_link_joins_it_only_if_the_clause_is_large(moved, joined):
    from align.aligner import _whole_groups

    # Sentence 0 = clauses 0 and 1 (100 - moved and moved characters), sentence 1 = clause 2; the
    # clause beads link clause 0 to E0 and clauses 1-2 to E1.
    group = np.array([0, 0, 1])
    lens = np.array([100.0 - moved, float(moved), 100.0])
    beads = [((0, 0), (1, 1)), ((1, 1), (3, 2))]
    whole = _whole_groups(beads, group, lens, 0, 8)
    assert whole == ([((0, 0), (3, 2))] if joined else [((0, 0), (2, 1)), ((2, 1), (3, 2))])


def test_neighbouring_links_one_too_long_and_the_next_too_short_are_crossing_candidates() -> None:
    # Twelve 1-1 links whose English runs about 1.1 times the Arabic; links 4 and 5 are 1.8 and 0.6 times
    # (a clause moved from sentence 5 into sentence 4's English), links 8 and 9 both 1.8 times (no crossing).
    rng = np.random.default_rng(3)
    src_lens = rng.integers(80, 160, 12).astype(float)
    factors = 1.1 + rng.normal(0, 0.03, 12)
    factors[[4, 5, 8, 9]] = [1.8, 0.6, 1.8, 1.8]
    beads = [Bead((k,), (k,), 0.9) for k in range(12)]
    assert crossing_candidates(beads, src_lens, src_lens * factors) == {4, 5}
    # A gap between them, or too few links to know the document's ratio: none.
    assert crossing_candidates(beads[:5] + [Bead((5,), (), 0.0)] + beads[6:], src_lens, src_lens * factors) == set()
    assert crossing_candidates(beads[:7], src_lens, src_lens * factors) == set()
    # A 1-2 beside a 1-1 (a 2-3 whose English the search split unevenly) is judged on its summed lengths.
    tgt_lens = np.append(src_lens * factors, 40.0)
    wide = beads[:4] + [Bead((4,), (4, 12), 0.9)] + beads[5:]
    assert crossing_candidates(wide, src_lens, tgt_lens) == {4, 5}


def test_only_the_realignments_joins_of_whole_links_are_taken() -> None:
    first = [Bead((0,), (0,), 0.9), Bead((1,), (1,), 0.8), Bead((2,), (2,), 0.9), Bead((3,), (), 0.0), Bead((4,), (3,), 0.9)]
    realigned = [
        Bead((0, 1), (0, 1), 0.95),  # a crossing: taken
        Bead((2, 3), (2,), 0.7),  # joins a gap to a link: not a join of whole links
        Bead((4,), (), 0.0),  # a link split: not taken
        Bead((), (3,), 0.0),
    ]
    assert join_crossings(first, realigned) == [Bead((0, 1), (0, 1), 0.95), *first[2:]]
