"""Monotone sentence alignment of two sequences of embeddings (numpy only).

Knows nothing of files or text: it receives, for each side, the embeddings of
every run of 1..K consecutive segments and their character lengths, and returns
beads (groups of source segments linked to groups of target segments).

Method (after Vecalign and Bertalign, see the field notes §1.1–1.2):

* Similarity is the cosine *relative to the background*: each vector's mean
  cosine with the whole other side (Vecalign's random-sample norm, computed
  exactly as a dot product with the other side's mean vector) is removed, so
  0 means "no closer than an unrelated sentence" and 1 means identical.
  Optionally the similarity of the neighbouring segments is subtracted too
  (Bertalign's local margin), which separates a sentence from its neighbours.
* A length prior (Gale–Church's idea, Bertalign's form) rewards beads whose
  character lengths fit the ratio of the two sides estimated from the data.
* Gaps (1-0, 0-1) get a fixed score.
* Search is coarse-to-fine (Vecalign): both sides are halved by averaging
  neighbouring vectors until the grid is small, a 1-1/gap path is found there,
  then refined level by level inside a narrow corridor around it; the last
  level uses every requested link type. Time and memory grow linearly.
* Given the clauses of one side's sentences (``groups``), it aligns the clauses
  and links each sentence back whole, where most of its characters went.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

LinkType = tuple[int, int]
#: ``embed_spans(side, spans)``: L2-normalised embeddings of the runs of segments
#: ``(start, count)`` of side 0 (source) or 1 (target), one row per span.
SpanEmbedder = Callable[[int, Sequence[tuple[int, int]]], np.ndarray]
_Span = tuple[tuple[int, int], tuple[int, int]]
#: Robust normal fits of features, one per column: (medians, standard deviations from the MADs).
_Fit = tuple[np.ndarray, np.ndarray]

DEFAULT_LINK_TYPES: tuple[LinkType, ...] = ((0, 1), (1, 0), (1, 1), (1, 2), (2, 1), (2, 2))

_GAP_TYPES: tuple[LinkType, ...] = ((0, 1), (1, 0))
_COARSE_TYPES: tuple[LinkType, ...] = ((0, 1), (1, 0), (1, 1))
_NEG = -1e18
#: Fewest segments a side for a document's own unrelated-pair level: a 4-line
#: news item (NTREX clean 009) had true pairs at a quarter of its pairs, and the
#: level split its links; at 8 a side true pairs are under 1 in 8.
MIN_CALIBRATION_SEGMENTS = 8
#: Beads either side of a pair whose 1-1 links give the usual length ratio there
#: (step 5 of :func:`refine`): about a news article's length. The one value tried.
CROSSING_RADIUS = 20
#: Same-side cosine above which one segment repeats another (a duplicated
#: sentence, not a continuation): exact and near-exact copies only.
REPEAT_COSINE = 0.95


def link_types_up_to(max_total: int) -> tuple[LinkType, ...]:
    """All link types (n, m) with n, m >= 1 and n + m <= ``max_total``, plus the gaps.

    Args:
        max_total: Largest number of segments in one bead, 2..5.

    Returns:
        ``(0, 1), (1, 0)`` followed by the non-gap types, smallest first.

    Raises:
        ValueError: If ``max_total`` is outside 2..5.
    """
    if not 2 <= max_total <= 5:
        raise ValueError(f"max_total must be between 2 and 5, got {max_total}")
    pairs = [(n, total - n) for total in range(2, max_total + 1) for n in range(1, total)]
    return _GAP_TYPES + tuple(pairs)


def search_link_types(max_total: int, widest: int = 3) -> tuple[LinkType, ...]:
    """The link types the search tries: both sides at most ``widest`` segments, n + m <= ``max_total``.

    Windows of up to three segments are embedded anyway for 1-3 and 3-1, so 2-3,
    3-2 and 3-3 cost the search no embedding; longer links are left to :func:`refine`.

    Args:
        max_total: Largest bead n + m, at least 2.
        widest: Largest group on one side.

    Returns:
        ``(0, 1), (1, 0)`` followed by the non-gap types, smallest first.
    """
    pairs = [
        (n, total - n) for total in range(2, max_total + 1) for n in range(1, total) if n <= widest and total - n <= widest
    ]
    return _GAP_TYPES + tuple(pairs)


@dataclass(frozen=True)
class AlignParams:
    """Knobs of the aligner. The defaults are tuned on the NTREX development suite.

    Attributes:
        link_types: Allowed bead shapes ``(source count, target count)``; must
            contain ``(0, 1)`` and ``(1, 0)``, and ``(1, 1)``.
        gap_score: Score of leaving one segment unaligned (per segment, <= 0).
            Closer to 0 finds more untranslated/added segments, and more false ones.
        margin: Subtract a share of the similarity to the neighbouring segments
            (Bertalign's local margin), so a sentence is preferred over its neighbours.
        margin_weight: How much of the neighbours' similarity is subtracted.
        length_weight: Weight of the length prior (the length fit, 1 for lengths
            in the document's ratio, towards 0 worse); 0 turns it off. On a
            literal 1-1 translation the similarity decides alone, but where a
            rendering is loose its similarity to every neighbour is weak and the
            lengths tell which sentences belong together (Gale and Church align on
            length alone). Of 0.1/0.2/0.3/0.5, chosen on the literary and perturbed
            families (tuning sets): 0.3 (literary 0.912 -> 0.951, perturbed
            0.990 -> 0.989, USE); the held-out sets moved legal 0.998 -> 0.999,
            mixed 0.836 -> 0.892, restructured 0.677 -> 0.720, Qur'an 0.623 -> 0.690
            (its worst document 0.333 -> 0.258), clean unchanged. 0.5 lowered the
            worst clean and perturbed documents (0.906 -> 0.857, 0.844 -> 0.727).
        merge_penalty: Score subtracted per extra segment in a bead (a 2-1 bead
            pays it once, a 2-2 twice), countering the pull of many-to-many beads.
        band: Corridor half-width (in segments) around the coarse path when
            refining; larger is slower and more tolerant of coarse mistakes.
        full_dp_cells: Grids up to this many cells are searched in full;
            larger ones are halved first.
        anchor_bonus: Score added to a bead that links a caller's anchor pair.
        confidence_scale: Least background-relative similarity that maps to a
            bead score of 1.0; the document's median link similarity when higher
            (lower values scale linearly down to 0).
        max_total: Largest bead n+m that :func:`refine` builds after the search
            (2..8); 0 skips the refinement. The search itself only uses
            ``link_types``, whose windows are embedded up front.
        attach_gain: Least change of a bead's score (its similarity plus
            ``length_weight`` times its length fit, as in the search) for a
            neighbouring gap segment to join it. A true continuation leaves the similarity about
            where it was (median +0.004, 5th percentile -0.05 on the literary
            family with USE); an added note or stray line dilutes it (median -0.07
            to -0.15), so -0.05 keeps 95% of continuations.
        attach_spread: A gap segment of normal length joins a bead only if it is
            related to the bead's other side on its own: more similar than the
            document's unrelated pairs' median plus this many MADs, or it raises
            the bead's score and its length fit both. 0.5 was the
            best of 0/0.5/1/2 on the literary and perturbed families together
            (tuning sets); legal, mixed and the Qur'an suite were held out.
        short_chars: Segments shorter than this carry too little for their own
            embedding to judge ("Lo!", "O mankind!", "He said."): they join a
            neighbour on the similarity change alone. Counted in the target's
            characters (a source segment's length times the document's character
            ratio), so it measures what a segment says: 30 is about five English
            words, and the 22-character Arabic basmala (nine English words) is
            not short. Read so, Pickthall's suite went 0.750 -> 0.752 (basmala
            gaps found 9 -> 11 of 20, invented gaps 12.81 -> 13.22 per 100 links)
            and Yusuf Ali's 0.745 -> 0.747 (4 -> 6 of 14, 11.64 -> 11.85), the
            NTREX-built sets unchanged.
        split_spread: A 1-1 bead whose similarity is below the document's
            unrelated pairs' median plus this many MADs links two unrelated
            sentences (an adjacent deletion and insertion) and becomes two gaps.
        outlier_spread: Once clauses are linked back into whole sentences, a 1-1
            of one sentence each is split again (an unrelated sentence whose clause
            the search linked) when it is below the unrelated pairs' median plus
            this many MADs and an outlier among the document's own links
            (``outlier_z``). A loose translation's weak links are as weak as that
            (the 2-MAD level alone splits 14 of Pickthall's links, 0.859 -> 0.841),
            but they are weak among weak links; a replaced sentence is weak among
            strong ones. Mixed 0.975 -> 0.982 (gap recall 0.919 -> 0.969), paragraphs
            0.977 -> 0.982 (0.932 -> 0.969), every other set the same; the same
            at 3 MADs, one fused pair fewer split at 1.5. ``split_spread``'s level
            alone cost Pickthall 0.859 -> 0.857, the outlier test alone literary
            0.991 -> 0.985.
        outlier_z: How many robust standard deviations (1.4826 MAD) below the
            median of the document's link similarities such a 1-1 lies. The fused
            pairs of mixed and paragraphs read -4.9 to -9.0, the correct verses of
            both Qur'an suites that the 2-MAD level alone would split -1.0 to -2.6;
            3 and 4 split the same, 5 one fewer; 4, the usual outlier cut.
        cross_gain: Two neighbouring beads whose sentence boundaries cross (a
            translator moved a clause from one sentence to the next) become one
            when their union is more similar than the better of the two by more
            than this, and their lengths say so too (``cross_opposition``,
            ``cross_union``).
        cross_opposition: Least product of the two beads' length deviations,
            of opposite signs, in robust standard deviations of the document's
            own 1-1 links (log of the character ratio): each bead holds part of
            the other's content, so one is too long by about what the other is
            too short. For two independent correct links such a product beyond
            2.5 is rare (1.7% of pairs of independent standard normal deviations).
        cross_union: Largest deviation of the union's lengths, in the same
            units: the moved clause is back inside it, so its lengths fit.
            The three were chosen among (0.02, 0.04, 0.06) x (2, 2.5, 3) x
            (0.8, 1) on restructured (crossing links) and perturbed, with the
            clean set as a guard against joining correct 1-1 links (against the
            whole document's ratio; then the ratio of the 1-1 links within
            ``CROSSING_RADIUS`` beads): restructured 0.720 -> 0.782, perturbed
            0.9888 -> 0.9882, clean unchanged (0.04 / 2 / 1 read 0.799 but
            joined four pairs of correct short news sentences); held out:
            literary, legal and mixed unchanged, Qur'an 0.698 -> 0.703 (USE).
    """

    link_types: tuple[LinkType, ...] = DEFAULT_LINK_TYPES
    gap_score: float = -0.02
    margin: bool = True
    margin_weight: float = 0.5
    length_weight: float = 0.3
    merge_penalty: float = 0.05
    band: int = 8
    full_dp_cells: int = 40_000
    anchor_bonus: float = 0.3
    confidence_scale: float = 0.4
    max_total: int = 8
    attach_gain: float = -0.05
    attach_spread: float = 0.5
    short_chars: float = 30.0
    split_spread: float = 1.0
    outlier_spread: float = 2.0
    outlier_z: float = 4.0
    cross_gain: float = 0.04
    cross_opposition: float = 2.5
    cross_union: float = 0.8


@dataclass(frozen=True)
class Bead:
    """One link: consecutive source segments aligned to consecutive target segments.

    Attributes:
        src: Source segment ids (empty for an addition on the target side).
        tgt: Target segment ids (empty for an omission).
        score: Confidence in ``[0, 1]``; ``0.0`` for gaps.
    """

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float


def align(
    src_vecs: Sequence[np.ndarray],
    tgt_vecs: Sequence[np.ndarray],
    src_lens: np.ndarray,
    tgt_lens: np.ndarray,
    params: AlignParams = AlignParams(),
    anchors: Sequence[tuple[int, int]] = (),
    embed_spans: SpanEmbedder | None = None,
    standalone: tuple[np.ndarray, np.ndarray] | None = None,
    cuts: Sequence[tuple[int, int]] = (),
    groups: tuple[np.ndarray | None, np.ndarray | None] = (None, None),
) -> list[Bead]:
    """Align two documents given their overlap embeddings.

    Args:
        src_vecs: ``src_vecs[k-1]`` has shape ``(n-k+1, d)``: the L2-normalised
            embedding of segments ``i..i+k-1`` joined; k runs up to the largest
            source group size among ``params.link_types``.
        tgt_vecs: The same for the target side (``m`` segments).
        src_lens: Character length of each source segment, shape ``(n,)``.
        tgt_lens: Character length of each target segment, shape ``(m,)``.
        params: Alignment knobs.
        anchors: ``(i, j)`` pairs believed to correspond (e.g. same list number);
            beads linking them get ``params.anchor_bonus``. Out-of-range pairs are ignored.
        embed_spans: Embeds runs longer than the given windows, for beads the
            refinement builds beyond them; without it such a run is the mean of
            the windows that tile it.
        standalone: Per side, segments that never join a neighbour in the
            refinement (the caller's rule: asides in brackets, page furniture).
        cuts: Prefix points ``(p, q)`` the path passes through: segments before
            ``p`` and before ``q`` link only among themselves (the caller's
            paragraphs, which a translation keeps). Those outside the documents
            or not increasing on both sides are ignored.
        groups: Per side, ``None`` or the group of each segment (ascending from 0 by
            one): the segments are the clauses of the caller's sentences, aligned one
            by one and linked back whole (:func:`_whole_groups`); the beads returned
            then hold group ids on that side.

    Returns:
        Monotone beads covering every segment (or group) of both sides exactly once, in order.

    Raises:
        ValueError: If the shapes disagree with each other or with the link types.
    """
    n, m = len(src_lens), len(tgt_lens)
    _check_inputs(src_vecs, tgt_vecs, n, m, params.link_types)
    _check_groups(groups, n, m)
    if n == 0 or m == 0:
        counts = [int(g[-1]) + 1 if g is not None and len(g) else size for g, size in zip(groups, (n, m))]
        return [Bead((i,), (), 0.0) for i in range(counts[0])] + [Bead((), (j,), 0.0) for j in range(counts[1])]
    src_lens = np.asarray(src_lens, dtype=np.float64)
    tgt_lens = np.asarray(tgt_lens, dtype=np.float64)
    max_src = max(a for a, _ in params.link_types)
    max_tgt = max(b for _, b in params.link_types)
    anchor_list = [(int(i), int(j)) for i, j in anchors if 0 <= i < n and 0 <= j < m]
    cut_list = _increasing([(int(p), int(q)) for p, q in cuts if 0 < p < n and 0 < q < m])
    path = _coarse_path(
        np.asarray(src_vecs[0], dtype=np.float32),
        np.asarray(tgt_vecs[0], dtype=np.float32),
        src_lens,
        tgt_lens,
        params,
        anchor_list,
        cut_list,
    )
    lo, hi = _corridor(path, n, m, params.band, anchor_list + cut_list)
    level = _Level(
        [np.asarray(v, dtype=np.float32) for v in src_vecs[:max_src]],
        [np.asarray(v, dtype=np.float32) for v in tgt_vecs[:max_tgt]],
        src_lens,
        tgt_lens,
        params,
        params.link_types,
        anchor_list,
        cut_list,
    )
    beads = _dp(level, lo, hi)
    alone = standalone or (np.zeros(n, dtype=bool), np.zeros(m, dtype=bool))
    spans = _SpanScorer(level, embed_spans, alone)
    if params.max_total:
        beads = refine(beads, spans, params)
    for side, group in enumerate(groups):
        if group is not None:
            beads = _whole_groups(beads, np.asarray(group), spans.lens[side], side, params.max_total)
            # Linked back whole, a sentence replaced by an unrelated one can be a 1-1 again (its clauses
            # were read apart): split as the search's own 1-1 beads are.
            single = [_one_sentence_each(b, np.asarray(group), side) for b in beads]
            beads = split_unrelated(beads, spans, single, params.outlier_spread, params.outlier_z)
    scores = _confidences(spans, beads, params)
    src_ids, tgt_ids = (np.arange(size) if g is None else np.asarray(g) for g, size in zip(groups, (n, m)))
    return [
        Bead(_ids(src_ids, i0, i1), _ids(tgt_ids, j0, j1), score)
        for ((i0, j0), (i1, j1)), score in zip(beads, scores)
    ]


def _ids(group_of: np.ndarray, start: int, end: int) -> tuple[int, ...]:
    """The distinct groups of segments ``start..end-1``, in order."""
    return tuple(int(g) for g in dict.fromkeys(group_of[start:end].tolist()))


def _check_groups(groups: tuple[np.ndarray | None, np.ndarray | None], n: int, m: int) -> None:
    if len(groups) != 2:
        raise ValueError("groups must give one entry per side")
    if all(g is not None for g in groups):
        raise ValueError("only one side may be grouped")
    for name, group, size in (("src", groups[0], n), ("tgt", groups[1], m)):
        if group is None:
            continue
        steps = np.diff(np.asarray(group))
        if len(group) != size or (size and group[0] != 0) or not np.isin(steps, (0, 1)).all():
            raise ValueError(f"{name} groups must number the {size} segments from 0 up in steps of 0 or 1")


def score_beads(
    src_vecs: Sequence[np.ndarray],
    tgt_vecs: Sequence[np.ndarray],
    beads: Sequence[Bead],
    params: AlignParams = AlignParams(),
) -> list[Bead]:
    """Score beads found elsewhere (a translation memory's units) as :func:`align` scores its own.

    Args:
        src_vecs: As for :func:`align`, with window sizes up to the largest source group in ``beads``.
        tgt_vecs: The same for the target side.
        beads: Monotone beads covering both sides; their scores are ignored.
        params: Alignment knobs (``confidence_scale`` is used).

    Returns:
        The beads with their confidence in ``[0, 1]`` (0 for gaps).
    """
    n, m = len(src_vecs[0]), len(tgt_vecs[0])
    if n == 0 or m == 0:
        return [Bead(b.src, b.tgt, 0.0) for b in beads]
    level = _Level(
        [np.asarray(v, dtype=np.float32) for v in src_vecs],
        [np.asarray(v, dtype=np.float32) for v in tgt_vecs],
        np.zeros(n),
        np.zeros(m),
        params,
        params.link_types,
        [],
    )
    spans: list[_Span] = []
    i = j = 0
    for bead in beads:
        spans.append(((i, j), (i + len(bead.src), j + len(bead.tgt))))
        i, j = i + len(bead.src), j + len(bead.tgt)
    scorer = _SpanScorer(level, None, (np.zeros(n, dtype=bool), np.zeros(m, dtype=bool)))
    return [Bead(b.src, b.tgt, score) for b, score in zip(beads, _confidences(scorer, spans, params))]


def parallel_confidence(beads: Sequence[Bead]) -> float:
    """How much the two documents look like translations of each other, in ``[0, 1]``.

    The share of all segments (both sides) that sit in a non-gap bead scoring at
    least 0.5. Real translations score near 1 (minus omissions and additions);
    unrelated documents score near 0, so a caller can warn instead of showing a
    confident but meaningless alignment.

    Args:
        beads: The output of :func:`align`.

    Returns:
        The share, 0.0 for an empty alignment.
    """
    total = sum(len(b.src) + len(b.tgt) for b in beads)
    if total == 0:
        return 0.0
    good = sum(len(b.src) + len(b.tgt) for b in beads if b.src and b.tgt and b.score >= 0.5)
    return good / total


def _check_inputs(
    src_vecs: Sequence[np.ndarray],
    tgt_vecs: Sequence[np.ndarray],
    n: int,
    m: int,
    link_types: tuple[LinkType, ...],
) -> None:
    for required in ((0, 1), (1, 0), (1, 1)):
        if required not in link_types:
            raise ValueError(f"link_types must contain {required}")
    if any(a < 0 or b < 0 for a, b in link_types):
        raise ValueError("link types must be non-negative")
    max_src = max(a for a, _ in link_types)
    max_tgt = max(b for _, b in link_types)
    for name, vecs, size, need in (("src", src_vecs, n, max_src), ("tgt", tgt_vecs, m, max_tgt)):
        if len(vecs) < need:
            raise ValueError(f"{name}_vecs has {len(vecs)} overlap levels, link types need {need}")
        for k in range(need):
            rows = np.shape(vecs[k])[0]
            if rows != max(size - k, 0):
                raise ValueError(f"{name}_vecs[{k}] has {rows} rows, expected {max(size - k, 0)}")


class _Level:
    """Bead scores for one resolution of the two documents."""

    def __init__(
        self,
        src_vecs: list[np.ndarray],
        tgt_vecs: list[np.ndarray],
        src_lens: np.ndarray,
        tgt_lens: np.ndarray,
        params: AlignParams,
        link_types: tuple[LinkType, ...],
        anchors: list[tuple[int, int]],
        cuts: Sequence[tuple[int, int]] = (),
    ) -> None:
        self.src_vecs = src_vecs
        self.tgt_vecs = tgt_vecs
        self.n, self.m = len(src_lens), len(tgt_lens)
        self.params = params
        self.link_types = link_types
        self.anchors = anchors
        self.cuts = dict(cuts)  # row -> the column the path passes through there
        self.cut_points = sorted(self.cuts.items())
        self.cut_rows = [p for p, _ in self.cut_points]
        # The other side's mean vector gives each vector's mean cosine with it
        # (its background similarity, Vecalign's norm) in one matrix-vector product.
        src_mean = src_vecs[0].mean(axis=0)
        tgt_mean = tgt_vecs[0].mean(axis=0)
        self.means = (src_mean, tgt_mean)
        self.src_bg = [v @ tgt_mean for v in src_vecs]
        self.tgt_bg = [v @ src_mean for v in tgt_vecs]
        self.src_cum = np.concatenate([[0.0], np.cumsum(src_lens)])
        self.tgt_cum = np.concatenate([[0.0], np.cumsum(tgt_lens)])
        self.char_ratio = max(self.tgt_cum[-1], 1.0) / max(self.src_cum[-1], 1.0)

    def relative_sim(self, a: int, b: int, src_rows: np.ndarray, tgt_starts: np.ndarray, width: int) -> np.ndarray:
        """Background-relative similarity of src run ``src_rows[r]`` (length a) with the
        tgt runs (length b) starting at ``tgt_starts[r] + c`` for ``c < width``.

        0 means as similar as unrelated segments, 1 means identical; 0 outside the documents.

        Returns:
            Array of shape ``(len(src_rows), width)``.
        """
        src_count = len(self.src_bg[a - 1])
        tgt_count = len(self.tgt_bg[b - 1])
        tgt_idx = tgt_starts[:, None] + np.arange(width)[None, :]
        valid = ((src_rows >= 0) & (src_rows < src_count))[:, None] & (tgt_idx >= 0) & (tgt_idx < tgt_count)
        cos = _band_dot(self.src_vecs[a - 1], self.tgt_vecs[b - 1], src_rows, tgt_starts, width)
        src_bg = self.src_bg[a - 1][np.clip(src_rows, 0, src_count - 1)]
        tgt_bg = self.tgt_bg[b - 1][np.clip(tgt_idx, 0, tgt_count - 1)]
        return np.where(valid, _relative(cos, 0.5 * (src_bg[:, None] + tgt_bg)), 0.0)

    def bead_scores(self, a: int, b: int, lo: np.ndarray, width: int) -> np.ndarray:
        """DP scores of beads of type (a, b) ending at prefix points ``(i, lo[i] + c)``.

        Returns:
            Array of shape ``(n + 1, width)``, -inf where the bead does not fit.
        """
        params = self.params
        rows = np.arange(self.n + 1)
        if a == 0 or b == 0:
            return np.full((self.n + 1, width), params.gap_score * (a + b))
        if a > self.n or b > self.m:
            return np.full((self.n + 1, width), _NEG)
        src_rows = rows - a
        tgt_starts = lo - b
        j0 = tgt_starts[:, None] + np.arange(width)[None, :]
        valid = (src_rows >= 0)[:, None] & (j0 >= 0) & (j0 + b <= self.m)
        score = self.relative_sim(a, b, src_rows, tgt_starts, width)
        if params.margin:
            neighbours = (
                self.relative_sim(a, 1, src_rows, tgt_starts - 1, width)
                + self.relative_sim(a, 1, src_rows, tgt_starts + b, width)
                + self.relative_sim(1, b, src_rows - 1, tgt_starts, width)
                + self.relative_sim(1, b, src_rows + a, tgt_starts, width)
            )
            src_inner = (src_rows - 1 >= 0).astype(float) + (src_rows + a < self.n)
            tgt_inner = (j0 - 1 >= 0).astype(float) + (j0 + b < self.m)
            count = np.maximum(src_inner[:, None] + tgt_inner, 1.0)
            score -= params.margin_weight * np.maximum(neighbours / count, 0.0)
        if params.length_weight:
            ii = np.clip(src_rows, 0, self.n - a)[:, None]
            jj = np.clip(j0, 0, self.m - b)
            src_len = (self.src_cum[ii + a] - self.src_cum[ii]) * self.char_ratio
            tgt_len = self.tgt_cum[jj + b] - self.tgt_cum[jj]
            score += params.length_weight * (_length_fit(src_len, tgt_len) - 1.0)
        score -= params.merge_penalty * (a + b - 2)
        if params.anchor_bonus and self.anchors:
            score += params.anchor_bonus * self._anchor_hits(a, b, lo, width)
        return np.where(valid, score, _NEG)

    def _anchor_hits(self, a: int, b: int, lo: np.ndarray, width: int) -> np.ndarray:
        """1.0 where the bead ending at ``(i, lo[i] + c)`` links some anchor pair."""
        hits = np.zeros((self.n + 1, width))
        for p, q in self.anchors:
            for i in range(p + 1, min(p + a, self.n) + 1):
                for j in range(q + 1, min(q + b, self.m) + 1):
                    if 0 <= j - lo[i] < width:
                        hits[i, j - lo[i]] = 1.0
        return hits


def _relative(cos: np.ndarray, background: np.ndarray) -> np.ndarray:
    """Cosine relative to the background: 0 as similar as unrelated segments, 1 identical."""
    return (cos - background) / np.maximum(1.0 - background, 1e-3)


def _length_fit(src_len: np.ndarray, tgt_len: np.ndarray) -> np.ndarray:
    """How well two character lengths (the source's scaled by the document's ratio) fit: 1 equal, towards 0 worse."""
    return np.log2(1.0 + np.minimum(src_len, tgt_len) / np.maximum(np.maximum(src_len, tgt_len), 1.0))


def _band_dot(x: np.ndarray, y: np.ndarray, rows: np.ndarray, starts: np.ndarray, width: int) -> np.ndarray:
    """``x[rows[r]] . y[starts[r] + c]`` for ``c < width``; 0 where an index is out of range.

    Works in blocks of rows: one dense product per block over the band of ``y`` it
    spans, then each row's window is read through a strided view (no per-cell gather).
    """
    out = np.zeros((len(rows), width))
    block = 64
    for first in range(0, len(rows), block):
        block_rows = np.clip(rows[first : first + block], 0, len(x) - 1)
        block_starts = starts[first : first + block]
        y_lo = int(np.clip(block_starts.min(), 0, len(y)))
        y_hi = int(np.clip(block_starts.max() + width, 0, len(y)))
        padded = np.zeros((len(block_rows), (y_hi - y_lo) + 2 * width), dtype=np.float32)
        padded[:, width : width + y_hi - y_lo] = x[block_rows] @ y[y_lo:y_hi].T
        offsets = np.clip(block_starts - y_lo + width, 0, padded.shape[1] - width)
        windows = np.lib.stride_tricks.sliding_window_view(padded, width, axis=1)
        out[first : first + block] = windows[np.arange(len(block_rows)), offsets]
    return out


def _dp(level: _Level, lo: np.ndarray, hi: np.ndarray) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Best monotone path through prefix points ``(i, j)`` with ``lo[i] <= j <= hi[i]``.

    Returns:
        Beads as ``((i0, j0), (i1, j1))`` prefix-point pairs, in order.
    """
    n, m = level.n, level.m
    width = int((hi - lo).max()) + 1
    inside = lo[:, None] + np.arange(width)[None, :] <= hi[:, None]
    types = level.link_types
    down_types = [(t, ab) for t, ab in enumerate(types) if ab[0] > 0]
    bead_scores = [level.bead_scores(a, b, lo, width) for _, (a, b) in down_types]
    right_index = types.index((0, 1))
    offset = np.arange(width) * level.params.gap_score
    # Each score row is padded with -inf-like cells: ``pad`` before it (a bead
    # reaches back at most ``pad`` columns, since ``lo`` never decreases) and
    # ``width`` after it, so a type's predecessors are one contiguous slice of a
    # row and reads outside the corridor land on the padding.
    pad = max(b for _, (_, b) in down_types)
    score = np.full((n + 1, pad + 2 * width), _NEG)
    back = np.full((n + 1, width), -1, dtype=np.int8)
    # Candidates per row: row 0 is "nothing yet" (type -1), then one row per type.
    # argmax keeps the first of equal scores, as a strict ``>`` over the types in order does.
    candidates = np.full((len(down_types) + 1, width), _NEG)
    type_of = np.array([-1] + [t for t, _ in down_types], dtype=np.int8)
    columns = np.arange(width)
    # Where in row i - a the predecessors of row i's cells start (row i >= a).
    firsts = [(pad + np.minimum(lo[a:] - b - lo[: len(lo) - a], width)).tolist() for _, (a, b) in down_types]
    reach = [a for _, (a, _) in down_types]
    cut_rows = np.zeros(n + 2, dtype=np.int64)
    cut_rows[list(level.cuts)] = 1
    cut_before = np.cumsum(cut_rows)  # cuts at rows <= i
    for i in range(n + 1):
        candidates[0, 0] = 0.0 if i == 0 else _NEG
        for row, a in enumerate(reach):
            # A bead may not leap over a cut's row: the path passes through the cut.
            if i < a or (a > 1 and cut_before[i - 1] > cut_before[i - a]):
                candidates[row + 1] = _NEG
                continue
            first = firsts[row][i - a]
            np.add(score[i - a, first : first + width], bead_scores[row][i], out=candidates[row + 1])
        choice = candidates.argmax(axis=0)
        best = candidates[choice, columns]
        best_type = type_of[choice]
        cut = level.cuts.get(i)
        if cut is not None:
            best[columns + lo[i] > cut] = _NEG  # no bead reaches the cut's row beyond its column
        # A run of 0-1 gaps within the row: D[j] = max_k (X[k] + (j - k) * gap).
        run = np.maximum.accumulate(best - offset) + offset
        best_type[run > best + 1e-9] = right_index
        run[~inside[i]] = _NEG
        if cut is not None:
            run[columns + lo[i] < cut] = _NEG  # nor leaves it before its column
        score[i, pad : pad + width] = run
        back[i] = best_type
    beads = []
    i, j = n, m
    while i > 0 or j > 0:
        t = int(back[i, j - lo[i]])
        if t < 0:
            raise RuntimeError("alignment search corridor is disconnected")
        a, b = types[t]
        beads.append(((i - a, j - b), (i, j)))
        i, j = i - a, j - b
    beads.reverse()
    return beads


def _halve(vecs: np.ndarray, lens: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Average neighbouring pairs (a trailing odd one stays alone) and renormalise."""
    size = len(lens)
    pairs = size // 2
    merged = vecs[: 2 * pairs : 2] + vecs[1 : 2 * pairs : 2]
    merged_lens = lens[: 2 * pairs : 2] + lens[1 : 2 * pairs : 2]
    if size % 2:
        merged = np.vstack([merged, vecs[-1:]])
        merged_lens = np.append(merged_lens, lens[-1])
    norms = np.linalg.norm(merged, axis=1, keepdims=True)
    return merged / np.maximum(norms, 1e-12), merged_lens


def _coarse_path(
    src: np.ndarray,
    tgt: np.ndarray,
    src_lens: np.ndarray,
    tgt_lens: np.ndarray,
    params: AlignParams,
    anchors: list[tuple[int, int]],
    cuts: list[tuple[int, int]],
) -> list[tuple[int, int]]:
    """Prefix points of a 1-1/gap path at full resolution through the ``cuts``, found coarse-to-fine."""
    n, m = len(src_lens), len(tgt_lens)
    if (n + 1) * (m + 1) <= params.full_dp_cells or (n <= 1 and m <= 1):
        lo = np.zeros(n + 1, dtype=np.int64)
        hi = np.full(n + 1, m, dtype=np.int64)
    else:
        src_half, src_half_lens = _halve(src, src_lens) if n > 1 else (src, src_lens)
        tgt_half, tgt_half_lens = _halve(tgt, tgt_lens) if m > 1 else (tgt, tgt_lens)
        src_scale = 2 if n > 1 else 1
        tgt_scale = 2 if m > 1 else 1
        coarse_anchors = [(i // src_scale, j // tgt_scale) for i, j in anchors]
        coarse_cuts = _increasing([(p // src_scale, q // tgt_scale) for p, q in cuts])
        coarse = _coarse_path(src_half, tgt_half, src_half_lens, tgt_half_lens, params, coarse_anchors, coarse_cuts)
        upscaled = [(min(i * src_scale, n), min(j * tgt_scale, m)) for i, j in coarse]
        lo, hi = _corridor(upscaled, n, m, params.band, anchors + cuts)
    level = _Level([src], [tgt], src_lens, tgt_lens, params, _COARSE_TYPES, anchors, cuts)
    beads = _dp(level, lo, hi)
    return [beads[0][0]] + [end for _, end in beads]


def _increasing(points: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The points in order, each kept only when it lies beyond the last kept on both sides."""
    kept: list[tuple[int, int]] = []
    for p, q in sorted(points):
        if not kept or (p > kept[-1][0] and q > kept[-1][1]):
            kept.append((p, q))
    return kept


def _corridor(
    path: list[tuple[int, int]],
    n: int,
    m: int,
    band: int,
    anchors: list[tuple[int, int]],
) -> tuple[np.ndarray, np.ndarray]:
    """Per-row column bounds of a band of half-width ``band`` around a staircase path."""
    lo = np.full(n + 1, m, dtype=np.int64)
    hi = np.zeros(n + 1, dtype=np.int64)
    for (i0, j0), (i1, j1) in zip(path, path[1:]):
        rows = slice(min(i0, n), min(i1, n) + 1)
        lo[rows] = np.minimum(lo[rows], min(j0, m))
        hi[rows] = np.maximum(hi[rows], min(j1, m))
    for i, j in anchors:
        for row in (i, i + 1):
            lo[row] = min(lo[row], j)
            hi[row] = max(hi[row], j + 1)
    lo = _window_min(lo, band) - band
    hi = _window_max(hi, band) + band
    lo = np.clip(lo, 0, m)
    hi = np.clip(hi, 0, m)
    lo = np.minimum.accumulate(lo[::-1])[::-1]
    hi = np.maximum.accumulate(hi)
    lo[0] = 0
    hi[n] = m
    return lo, hi


def _window_min(values: np.ndarray, radius: int) -> np.ndarray:
    padded = np.pad(values, radius, mode="edge")
    windows = np.lib.stride_tricks.sliding_window_view(padded, 2 * radius + 1)
    return windows.min(axis=1)


def _window_max(values: np.ndarray, radius: int) -> np.ndarray:
    padded = np.pad(values, radius, mode="edge")
    windows = np.lib.stride_tricks.sliding_window_view(padded, 2 * radius + 1)
    return windows.max(axis=1)


class _SpanScorer:
    """Background-relative similarity of any bead of a level, embedding long runs on demand."""

    def __init__(self, level: _Level, embed_spans: SpanEmbedder | None, standalone: tuple[np.ndarray, np.ndarray]) -> None:
        self.level = level
        self.windows = (level.src_vecs, level.tgt_vecs)
        self.lens = (np.diff(level.src_cum), np.diff(level.tgt_cum))
        self.standalone = standalone
        self.embed_spans = embed_spans
        self.cache: tuple[dict[tuple[int, int], np.ndarray], dict[tuple[int, int], np.ndarray]] = ({}, {})
        self._formulas: tuple[set[int], set[int]] = (set(), set())
        self._unrelated: tuple[float, float] | None = None

    def vectors(self, side: int, spans: Sequence[tuple[int, int]]) -> np.ndarray:
        """Unit vectors of the runs ``(start, count)`` of one side."""
        windows, cache = self.windows[side], self.cache[side]
        missing = sorted({span for span in spans if span[1] > len(windows) and span not in cache})
        if missing:
            if self.embed_spans is not None:
                cache.update(zip(missing, np.asarray(self.embed_spans(side, missing), dtype=np.float32)))
            else:
                cache.update((span, self._tiled(windows, *span)) for span in missing)
        rows = [windows[count - 1][start] if count <= len(windows) else cache[(start, count)] for start, count in spans]
        return np.vstack(rows) if rows else np.zeros((0, windows[0].shape[1]), np.float32)

    @staticmethod
    def _tiled(windows: list[np.ndarray], start: int, count: int) -> np.ndarray:
        size = len(windows)
        parts = [windows[min(size, start + count - k) - 1][k] for k in range(start, start + count, size)]
        mean = np.sum(parts, axis=0)
        return mean / max(float(np.linalg.norm(mean)), 1e-12)

    def similarities(self, beads: Sequence[_Span]) -> np.ndarray:
        """Relative similarity of each bead (0 for gaps): 0 as unrelated segments, 1 identical."""
        full = [k for k, ((i0, j0), (i1, j1)) in enumerate(beads) if i1 > i0 and j1 > j0]
        out = np.zeros(len(beads))
        if not full:
            return out
        src = self.vectors(0, [(beads[k][0][0], beads[k][1][0] - beads[k][0][0]) for k in full])
        tgt = self.vectors(1, [(beads[k][0][1], beads[k][1][1] - beads[k][0][1]) for k in full])
        means = self.level.means
        out[full] = _relative(np.einsum("ij,ij->i", src, tgt), 0.5 * (src @ means[1] + tgt @ means[0]))
        return out

    def allowed(self, bead: _Span) -> bool:
        """Whether the bead keeps to one side of every cut: it ends at or before it on both sides, or
        starts at or after it on both (cuts rise on both sides, so the nearest few decide)."""
        (i0, j0), (i1, j1) = bead
        points = self.level.cut_points
        k = bisect_right(self.level.cut_rows, i0)
        return all((i1 <= p and j1 <= q) or (i0 >= p and j0 >= q) for p, q in points[max(0, k - 2) : k + 2])

    def repeats(self, side: int, segment: int, bead: _Span) -> bool:
        """Whether the segment repeats one that ``bead`` holds on the same side.

        A repeated sentence adds nothing for the other side to cover, so joining it
        would not lower the bead's similarity; it is left a gap for the reviewer.
        """
        (i0, j0), (i1, j1) = bead
        lo, hi = (i0, i1) if side == 0 else (j0, j1)
        vectors = self.windows[side][0]
        return bool((vectors[lo:hi] @ vectors[segment]).max() >= REPEAT_COSINE)

    def formulaic(self, side: int, segment: int) -> bool:
        """Whether the segment occurs again elsewhere on its side (a repeated formula).

        A statute's "the following shall be observed:" is related to every place
        it recurs, so its own similarity cannot single out its partner; like a
        short segment, it joins a neighbour on the similarity change alone.
        """
        return segment in self._formulas[side]

    def target_chars(self, side: int, segment: int) -> float:
        """A segment's length in the target's characters: a source segment's scaled by the document's ratio."""
        return float(self.lens[side][segment]) * (self.level.char_ratio if side == 0 else 1.0)

    def lengths(self, beads: Sequence[_Span]) -> tuple[np.ndarray, np.ndarray]:
        """Each bead's source length scaled by the document's character ratio, and its target length."""
        src_cum, tgt_cum = self.level.src_cum, self.level.tgt_cum
        spans = np.array([(i0, i1, j0, j1) for (i0, j0), (i1, j1) in beads], dtype=np.int64).reshape(-1, 4)
        return (src_cum[spans[:, 1]] - src_cum[spans[:, 0]]) * self.level.char_ratio, tgt_cum[spans[:, 3]] - tgt_cum[spans[:, 2]]

    def length_fit(self, beads: Sequence[_Span]) -> np.ndarray:
        """How well each bead's two lengths fit the document's character ratio: 1 exact, towards 0 worse."""
        return _length_fit(*self.lengths(beads))

    def length_deviation(self, beads: Sequence[_Span]) -> np.ndarray:
        """Log of each bead's target length over its source length scaled by the document's ratio."""
        src, tgt = self.lengths(beads)
        return np.log(np.maximum(tgt, 1.0) / np.maximum(src, 1.0))

    def find_formulas(self, beads: Sequence[_Span]) -> None:
        """Find which gap segments repeat another segment of their side, in one product per side."""
        for side in (0, 1):
            gaps = np.array([b[0][side] for b in beads if _is_gap(b) and _is_gap_side(b) == side], dtype=np.int64)
            if not len(gaps):
                continue
            vectors = self.windows[side][0]
            for block in np.array_split(gaps, max(1, len(gaps) // 256)):
                cosines = vectors[block] @ vectors.T  # 256 rows at a time bounds the memory
                cosines[np.arange(len(block)), block] = -1.0
                self._formulas[side].update(int(g) for g in block[cosines.max(axis=1) >= REPEAT_COSINE])

    def unrelated_level(self, spread: float) -> float:
        """Similarity of this document's unrelated 1-1 pairs: their median plus ``spread`` MADs.

        Measured once on random segment pairs of the document itself (at most one
        in ``m`` of them translates the other, so the median and the median
        absolute deviation are those of unrelated pairs), which calibrates the
        level to the document's vocabulary, topic and model. ``-inf`` for a
        document with fewer than ``MIN_CALIBRATION_SEGMENTS`` a side, where one
        pair in four or more is a translation and the median would be theirs.
        """
        n, m = len(self.lens[0]), len(self.lens[1])
        if min(n, m) < MIN_CALIBRATION_SEGMENTS:
            return -np.inf
        if self._unrelated is None:
            rng = np.random.default_rng(0)
            rows = rng.integers(0, n, min(4000, n * m))
            cols = rng.integers(0, m, len(rows))
            rel = self.similarities([((i, j), (i + 1, j + 1)) for i, j in zip(rows.tolist(), cols.tolist())])
            median = float(np.median(rel))
            self._unrelated = (median, float(np.median(np.abs(rel - median))))
        median, mad = self._unrelated
        return median + spread * mad


def _confidences(spans: _SpanScorer, beads: Sequence[_Span], params: AlignParams) -> list[float]:
    """Bead scores reported to the caller, in ``[0, 1]``, 0 for gaps.

    1.0 means "as similar as this document's typical link", so a score reads the
    same whatever the model's scale (USE's links sit near 0.6, e5-small's near
    0.3); the scale is never below ``confidence_scale``, so unrelated documents
    still score low.
    """
    sims = spans.similarities(beads)
    linked = np.array([not _is_gap(b) for b in beads], dtype=bool)
    scale = max(float(np.median(sims[linked])) if linked.any() else 0.0, params.confidence_scale)
    return [float(np.clip(sim / scale, 0.0, 1.0)) for sim in sims]


def refine(beads: list[_Span], spans: _SpanScorer, params: AlignParams) -> list[_Span]:
    """Repair the search's path where its fixed link sizes and gap score mislead it.

    The search embeds windows of at most three segments, so a long Arabic
    sentence rendered as five English ones comes out of it as a 1-3 and two
    invented gaps; and a fixed gap score lets two unrelated neighbours pair up.

    1. A 1-1 bead no more similar than the document's unrelated pairs (see
       :meth:`_SpanScorer.unrelated_level`) links an adjacent deletion and
       insertion and becomes two gaps.
    2. A gap segment joins the neighbouring bead that it is related to on its
       own (``attach_spread``) and whose similarity it does not dilute
       (``attach_gain``): the rest of a long sentence does, an added note, a
       stray line or an untranslated sentence does not. Repeated, this builds
       links up to ``max_total`` segments, embedding the long runs on demand.
    3. A run of gap segments of one side between two beads, none of which may
       join on its own, joins them whole (the first part the bead before, the
       rest the bead after) when that raises the beads' summed score and their
       length fit both: a long sentence rendered as four, whose middle sentences
       each match little, is the same case as step 2's "completes".
       Once steps 2-4 change nothing, a gap segment that is still left joins a
       neighbour where its change of similarity, of length fit and its own
       similarity to the neighbour's other side look like those of the
       document's own continuations rather than of a neighbouring link's segment
       (:func:`_attach_calibrated`), and steps 2-4 run again.
    4. One segment moves across the boundary of two neighbouring beads when the
       pair's summed similarity rises.
    5. Two neighbouring beads whose boundaries cross become one (a 2-2, 2-3,
       2-4 …): their union is clearly more similar than either, one is too long
       and the other too short by about the same amount, and the union's
       lengths fit (``cross_gain``, ``cross_opposition``, ``cross_union``).
       Each of two independent correct links rarely shows all three.

    No step builds a link across one of the caller's cuts (:meth:`_SpanScorer.allowed`).

    Args:
        beads: The search's path, as prefix-point pairs.
        spans: Similarities of any bead of this document.
        params: The refinement's knobs.

    Returns:
        The repaired path, still monotone and covering both sides.
    """
    beads = split_unrelated(beads, spans, [(i1 - i0 == 1 and j1 - j0 == 1) for (i0, j0), (i1, j1) in beads], params.split_spread)
    spans.find_formulas(beads)
    related = spans.unrelated_level(params.attach_spread)
    for calibrated in (False, True):
        # The document's own continuations and non-members, measured once its gaps are what the
        # fixed rules leave (a document with none left needs no calibration).
        models = [_attachment_models(beads, spans, side) for side in (0, 1)] if calibrated and any(map(_is_gap, beads)) else None
        for _ in range(2 * params.max_total if not calibrated or models else 0):
            changed = _attach_calibrated(beads, spans, params, models) if models else False
            changed = _attach_gaps(beads, spans, params, related) or changed
            changed = _attach_runs(beads, spans, params) or changed
            changed = _shift_boundaries(beads, spans, params) or changed
            if not changed:
                break
    _join_crossing(beads, spans, params)
    return beads


def split_unrelated(beads: list[_Span], spans: _SpanScorer, single: Sequence[bool], spread: float, outlier_z: float = 0.0) -> list[_Span]:
    """Each bead marked ``single`` (one sentence a side) that links two unrelated sentences made two gaps.

    Unrelated: less similar than the document's unrelated pairs' median plus ``spread`` MADs and, with
    ``outlier_z``, also that many robust standard deviations below the document's own links.
    """
    level = spans.unrelated_level(spread)
    sims = spans.similarities(beads)
    if outlier_z:
        linked = sims[[not _is_gap(b) for b in beads]]
        median = float(np.median(linked)) if len(linked) else 0.0
        deviation = 1.4826 * float(np.median(np.abs(linked - median))) if len(linked) else 0.0
        level = min(level, median - outlier_z * deviation) if deviation > 0 else -np.inf
    out: list[_Span] = []
    for ((i0, j0), (i1, j1)), sim, one in zip(beads, sims, single):
        if one and sim < level:
            out += [((i0, j0), (i1, j0)), ((i1, j0), (i1, j1))]
        else:
            out.append(((i0, j0), (i1, j1)))
    return out


#: Least share of a sentence's characters that, aligned with the clauses another link holds, makes the
#: two links one: a clause the translator moved into the next sentence (a crossing, the restructured
#: family) rather than a stray clause. Of 0.25 and 0.5 (the majority alone), 0.25: restructured 0.706 ->
#: 0.827, the other sets within 0.003 (USE).
GROUP_SHARE = 0.25


def _whole_groups(beads: list[_Span], group: np.ndarray, lens: np.ndarray, side: int, max_total: int) -> list[_Span]:
    """Beads of clauses made beads of whole sentences: each sentence goes where most of it goes.

    ``group`` numbers each clause of ``side`` by its sentence. A sentence's home is the link holding
    most of its characters, or the gaps when its unaligned clauses hold more than all its links
    together (compared with the largest link alone, Pickthall's "By the Dawn And ten nights, And the
    Even and the Odd, And the night when it departeth, There surely is an oath …", its first four
    clauses linked to four verses and the last unaligned, was five gaps: 4.11 invented gaps per 100
    links there against 5.24). Two beads
    become one (with all beads between them) where a sentence has at least ``GROUP_SHARE`` of its
    characters in each, and a bead that is home to no sentence joins the home of the sentence most of
    it belongs to, strongest first and never past ``max_total - 1`` sentences (the most one side of a
    searched link holds); a bead left home to none leaves its other side's segments unaligned. The other
    side is not capped: a sentence is linked to everything its clauses were, each clause link found within
    the cap (Pickthall renders 2:282 as fifteen sentences; capping the whole link at ``max_total`` left the
    rest as gaps, 8.52 invented gaps per 100 links there against 6.37). Returns beads of clauses again,
    each now covering whole sentences, so they are scored as the aligner scores its own.
    """
    flip = (lambda b: ((b[0][1], b[0][0]), (b[1][1], b[1][0]))) if side == 1 else (lambda b: b)
    beads = [flip(b) for b in beads]
    weight = np.asarray(lens, dtype=np.float64) + 1.0  # an empty clause still belongs somewhere
    groups = int(group[-1]) + 1
    starts = np.searchsorted(group, np.arange(groups + 1))  # first clause of each sentence, and the end
    linked = [not _is_gap(b) for b in beads]
    chars: list[dict[int, float]] = [{} for _ in range(groups)]  # sentence -> bead -> characters
    for k, ((i0, _), (i1, _)) in enumerate(beads):
        for i in range(i0, i1):
            chars[group[i]][k] = chars[group[i]].get(k, 0.0) + weight[i]
    totals = [sum(held.values()) for held in chars]
    home = []
    for held, total in zip(chars, totals):
        best = max((k for k in held if linked[k]), key=lambda k: held[k], default=None)
        unaligned = sum(c for k, c in held.items() if not linked[k])
        home.append(best if best is not None and total - unaligned >= unaligned else max(held, key=lambda k: held[k]))
    homed: dict[int, list[int]] = {}
    for g, k in enumerate(home):
        homed.setdefault(k, []).append(g)
    joins: list[tuple[float, int, int]] = []
    for g, held in enumerate(chars):
        joins += [(c / totals[g], k, home[g]) for k, c in held.items() if linked[k] and linked[home[g]] and k != home[g] and c >= GROUP_SHARE * totals[g]]
    for k, ((i0, _), (i1, _)) in enumerate(beads):
        if linked[k] and k not in homed:
            owner = max(range(group[i0], group[i1 - 1] + 1), key=lambda g: chars[g].get(k, 0.0))
            if linked[home[owner]]:
                joins.append((chars[owner][k] / totals[owner], k, home[owner]))
    block = list(range(len(beads)))  # each bead's block: its first bead
    ends = list(range(len(beads)))  # a block's last bead, kept at its first
    for _, a, b in sorted(joins, key=lambda join: -join[0]):
        lo, hi = block[min(a, b)], ends[block[max(a, b)]]
        if sum(len(homed.get(k, ())) for k in range(lo, hi + 1)) < max_total:
            for k in range(lo, hi + 1):
                block[k] = lo
            ends[lo] = hi
    out: list[_Span] = []
    first = 0  # the next sentence to place
    k = 0
    while k < len(beads):
        last = ends[k]
        held_here = [g for b in range(k, last + 1) for g in homed.get(b, ())]
        (_, j0), (_, j1) = beads[k][0], beads[last][1]
        if held_here and j1 > j0:
            out.append(((int(starts[held_here[0]]), j0), (int(starts[held_here[-1] + 1]), j1)))
        else:  # a gap bead, or a link home to no sentence: what it holds is left unaligned
            out += [((int(starts[g]), j0), (int(starts[g + 1]), j0)) for g in held_here]
            at = int(starts[held_here[-1] + 1]) if held_here else int(starts[first])
            out += [((at, j), (at, j + 1)) for j in range(j0, j1)]
        first = held_here[-1] + 1 if held_here else first
        k = last + 1
    return [flip(b) for b in out]


def _one_sentence_each(bead: _Span, group: np.ndarray, side: int) -> bool:
    """Whether a bead of clauses holds one sentence of the cut ``side`` and one segment of the other."""
    (i0, j0), (i1, j1) = bead
    (a0, a1), (b0, b1) = ((i0, i1), (j0, j1)) if side == 0 else ((j0, j1), (i0, i1))
    return a1 > a0 and group[a0] == group[a1 - 1] and b1 - b0 == 1


def _is_gap(bead: _Span) -> bool:
    (i0, j0), (i1, j1) = bead
    return i1 == i0 or j1 == j0


def _is_gap_side(bead: _Span) -> int:
    """Which side a gap's segment is on: 0 source, 1 target."""
    (i0, _), (i1, _) = bead
    return 0 if i1 > i0 else 1


def _size(bead: _Span) -> int:
    (i0, j0), (i1, j1) = bead
    return (i1 - i0) + (j1 - j0)


def _join_candidates(beads: list[_Span], spans: _SpanScorer, params: AlignParams) -> list[tuple[int, int, _Span]]:
    """``(gap, neighbour, union)`` for each one-segment gap bead and each link beside it under the cap."""
    candidates = []
    for k, bead in enumerate(beads):
        if not _is_gap(bead) or _size(bead) != 1:
            continue
        for neighbour in (k - 1, k + 1):
            if 0 <= neighbour < len(beads) and not _is_gap(beads[neighbour]) and _size(beads[neighbour]) < params.max_total:
                union = (min(bead[0], beads[neighbour][0]), max(bead[1], beads[neighbour][1]))
                if spans.allowed(union):
                    candidates.append((k, neighbour, union))
    return candidates


def _attach_gaps(beads: list[_Span], spans: _SpanScorer, params: AlignParams, related: float) -> bool:
    """One round of step 2 of :func:`refine`, in place; whether anything changed."""
    candidates = _join_candidates(beads, spans, params)
    if not candidates:
        return False
    before = spans.similarities([beads[n] for _, n, _ in candidates])
    after = spans.similarities([merged for _, _, merged in candidates])
    cross = spans.similarities([_cross(beads[k], beads[n]) for k, n, _ in candidates])
    # The length prior of the search, on the same scale: the rest of a sentence
    # makes the two sides' lengths fit better, an untranslated sentence worse.
    fit_change = spans.length_fit([m for _, _, m in candidates]) - spans.length_fit([beads[n] for _, n, _ in candidates])
    gains = after - before + params.length_weight * fit_change
    best: dict[int, tuple[float, int, _Span]] = {}
    for (k, neighbour, merged), gain, link, fit in zip(candidates, gains, cross, fit_change):
        side = _is_gap_side(beads[k])
        segment = beads[k][0][side]
        if spans.standalone[side][segment] or spans.repeats(side, segment, beads[neighbour]):
            continue
        # A segment unrelated on its own may still be the rest of the link's
        # translation when it raises the link's score and makes its lengths fit
        # better (a loose rendering's "He is the Relenting, the Merciful."); a
        # stray line does neither. Measured: Qur'an suite 0.586 -> 0.615,
        # literary 0.899 -> 0.904, mixed gap precision 0.771 -> 0.793, perturbed
        # unchanged (USE).
        completes = gain > 0.0 and fit > 0.0
        if link <= related and not completes and spans.target_chars(side, segment) >= params.short_chars and not spans.formulaic(side, segment):
            continue
        if gain > params.attach_gain and gain > best.get(k, (-np.inf, 0, merged))[0]:
            best[k] = (float(gain), neighbour, merged)
    return _apply_attachments(beads, best)


def _attach_calibrated(
    beads: list[_Span], spans: _SpanScorer, params: AlignParams, models: Sequence[tuple[_Fit, _Fit] | None]
) -> bool:
    """One round of the calibrated joining of :func:`refine`, in place; whether anything changed.

    Where the model reads a document poorly (a loose or archaic translation), adding the rest of a
    sentence to its link lowers the link's similarity about as much as adding a sentence that belongs
    elsewhere, so no fixed ``attach_gain`` tells them apart. The document itself shows what each
    looks like: in its links at least as sure as its median, taking an end segment off a link and
    putting it back is a continuation; adding the neighbouring link's end segment is a non-member (the
    nearest thing to an untranslated or added sentence: on the same topic, not of this link). A gap
    segment joins the neighbour where three things (the change of the link's similarity, of its
    length fit, and the segment's own similarity to the link's other side) are more likely under the
    continuations than under the non-members: a naive Bayes likelihood ratio of robust normal fits
    above 1, the neutral point, with no constant fitted. Sides with fewer than
    ``MIN_CALIBRATION_SEGMENTS`` samples of either kind are left alone.

    Measured (USE): Qur'an 0.731 -> 0.736 (invented gaps 14.65 -> 13.63 per 100 links; one of its
    20 untranslated basmalas joins the verses after it, gap recall 0.60 -> 0.55), Yusuf Ali
    0.727 -> 0.738 (14.14 -> 12.27), restructured 0.779 -> 0.780; clean, perturbed, literary, legal
    and mixed unchanged. Without the third feature the Qur'an read 0.745 (12.81) but mixed lost three
    of its 125 real gaps (gap recall 0.776 -> 0.758), perturbed two (0.934 -> 0.930).
    """
    candidates = []
    for k, neighbour, merged in _join_candidates(beads, spans, params):
        side = _is_gap_side(beads[k])
        segment = beads[k][0][side]
        if models[side] is not None and not spans.standalone[side][segment] and not spans.repeats(side, segment, beads[neighbour]):
            candidates.append((k, neighbour, merged))
    if not candidates:
        return False
    changes = _attachment_changes(spans, [(beads[n], merged, _cross(beads[k], beads[n])) for k, n, merged in candidates])
    best: dict[int, tuple[float, int, _Span]] = {}
    for (k, neighbour, merged), change in zip(candidates, changes):
        model = models[_is_gap_side(beads[k])]
        assert model is not None
        ratio = _log_likelihood_ratio(change, *model)
        if ratio > 0.0 and ratio > best.get(k, (-np.inf, 0, merged))[0]:
            best[k] = (ratio, neighbour, merged)
    return _apply_attachments(beads, best)


def _attachment_models(beads: list[_Span], spans: _SpanScorer, side: int) -> tuple[_Fit, _Fit] | None:
    """Fits of the features of :func:`_attachment_changes` for a continuation and for a non-member, on one side."""
    full = [k for k, bead in enumerate(beads) if not _is_gap(bead)]
    if len(full) < MIN_CALIBRATION_SEGMENTS:
        return None
    sims = spans.similarities([beads[k] for k in full])
    typical = float(np.median(sims))
    sure = {k for k, sim in zip(full, sims) if sim >= typical}
    continuations: list[tuple[_Span, _Span, _Span]] = []
    members: list[tuple[_Span, _Span, _Span]] = []
    for k in sorted(sure):
        (i0, j0), (i1, j1) = beads[k]
        lo, hi = (i0, i1) if side == 0 else (j0, j1)
        if hi - lo >= 2:
            for rest, end in (((lo + 1, hi), lo), ((lo, hi - 1), hi - 1)):
                continuations.append((_extend_to(beads[k], side, *rest), beads[k], _extend_to(beads[k], side, end, end + 1)))
        for neighbour, segment in ((k - 1, lo - 1), (k + 1, hi)):
            if neighbour in sure:
                grown = _extend(beads[k], side, min(segment, lo), max(segment + 1, hi))
                members.append((beads[k], grown, _extend_to(beads[k], side, segment, segment + 1)))
    if len(continuations) < MIN_CALIBRATION_SEGMENTS or len(members) < MIN_CALIBRATION_SEGMENTS:
        return None
    return _robust_fit(_attachment_changes(spans, continuations)), _robust_fit(_attachment_changes(spans, members))


def _extend_to(bead: _Span, side: int, lo: int, hi: int) -> _Span:
    """``bead`` with its segments of one side set to ``lo..hi-1``."""
    (i0, j0), (i1, j1) = bead
    return ((lo, j0), (hi, j1)) if side == 0 else ((i0, lo), (i1, hi))


def _attachment_changes(spans: _SpanScorer, triples: Sequence[tuple[_Span, _Span, _Span]]) -> np.ndarray:
    """Rows of (similarity change, length-fit change) from each triple's first bead to its second, and
    the similarity of its third: the joining segment alone against the bead's other side."""
    before = [a for a, _, _ in triples]
    after = [b for _, b, _ in triples]
    alone = [c for _, _, c in triples]
    return np.stack(
        [
            spans.similarities(after) - spans.similarities(before),
            spans.length_fit(after) - spans.length_fit(before),
            spans.similarities(alone),
        ],
        axis=1,
    )


def _robust_fit(rows: np.ndarray) -> _Fit:
    centre = np.median(rows, axis=0)
    # Floor of the spread: a feature that hardly varies over the samples (lengths of a verse-per-line
    # text) must not make a tiny difference decisive.
    spread = np.maximum(1.4826 * np.median(np.abs(rows - centre), axis=0), 0.005)
    return centre, spread


def _log_likelihood_ratio(row: np.ndarray, continuation: _Fit, member: _Fit) -> float:
    def log_density(fit: _Fit) -> float:
        centre, spread = fit
        return float(np.sum(-0.5 * ((row - centre) / spread) ** 2 - np.log(spread)))

    return log_density(continuation) - log_density(member)


def _apply_attachments(beads: list[_Span], best: dict[int, tuple[float, int, _Span]]) -> bool:
    """Join each gap to its chosen neighbour, surest first, each bead once; in place."""
    taken: set[int] = set()
    removed: set[int] = set()
    for k, (_, neighbour, merged) in sorted(best.items(), key=lambda item: -item[1][0]):
        if neighbour in taken or k in taken:
            continue
        taken.update((k, neighbour))
        beads[neighbour] = merged
        removed.add(k)
    beads[:] = [b for k, b in enumerate(beads) if k not in removed]
    return bool(removed)


def _attach_runs(beads: list[_Span], spans: _SpanScorer, params: AlignParams) -> bool:
    """One round of step 3 of :func:`refine`, in place; whether anything changed."""
    replaced: dict[int, _Span | None] = {}
    for first, last in _gap_runs(beads):
        side = _is_gap_side(beads[first])
        lo, hi = beads[first][0][side], beads[last][1][side]
        left = first - 1 if first > 0 and not _is_gap(beads[first - 1]) and first - 1 not in replaced else None
        right = last + 1 if last + 1 < len(beads) and not _is_gap(beads[last + 1]) else None
        neighbours = [k for k in (left, right) if k is not None]
        if not neighbours:
            continue
        # The first `cut` segments of the run go to the bead before, the rest to the bead after.
        options = []
        for cut in range(0 if right is not None else hi - lo, (hi - lo if left is not None else 0) + 1):
            grown = {k: _extend(beads[k], side, lo, lo + cut) if k == left else _extend(beads[k], side, lo + cut, hi) for k in neighbours}
            if all(_size(bead) <= params.max_total and spans.allowed(bead) for bead in grown.values()):
                options.append(grown)
        if not options:
            continue
        # Each option holds the same beads (the neighbours, grown): one row of the product per option.
        old = [beads[k] for k in neighbours]
        candidates = [bead for grown in options for bead in grown.values()]
        old_fit = spans.length_fit(old).sum()
        old_score = spans.similarities(old).sum() + params.length_weight * old_fit
        fits = spans.length_fit(candidates).reshape(len(options), -1).sum(axis=1)
        scores = spans.similarities(candidates).reshape(len(options), -1).sum(axis=1) + params.length_weight * fits
        better = (scores > old_score) & (fits > old_fit)
        if better.any():
            replaced.update(options[int(np.argmax(np.where(better, scores, -np.inf)))])
            replaced.update((k, None) for k in range(first, last + 1))
    kept = (replaced.get(k, bead) for k, bead in enumerate(beads))
    beads[:] = [bead for bead in kept if bead is not None]
    return bool(replaced)


def _gap_runs(beads: Sequence[_Span]) -> list[tuple[int, int]]:
    """``(first, last)`` bead indices of each run of two or more gap segments of one side."""
    runs = []
    k = 0
    while k < len(beads):
        last = k
        if _is_gap(beads[k]):
            while last + 1 < len(beads) and _is_gap(beads[last + 1]) and _is_gap_side(beads[last + 1]) == _is_gap_side(beads[k]):
                last += 1
            if last > k:
                runs.append((k, last))
        k = last + 1
    return runs


def _extend(bead: _Span, side: int, lo: int, hi: int) -> _Span:
    """``bead`` grown on one side to cover segments ``lo..hi-1`` next to it (unchanged if empty)."""
    if hi <= lo:
        return bead
    (i0, j0), (i1, j1) = bead
    if side == 0:
        return (min(i0, lo), j0), (max(i1, hi), j1)
    return (i0, min(j0, lo)), (i1, max(j1, hi))


def _cross(gap: _Span, bead: _Span) -> _Span:
    """The gap segment paired with the other side of ``bead``: how related it is on its own."""
    (gi0, gj0), (gi1, gj1) = gap
    (bi0, bj0), (bi1, bj1) = bead
    return ((bi0, gj0), (bi1, gj1)) if gj1 > gj0 else ((gi0, bj0), (gi1, bj1))


def _shift_boundaries(beads: list[_Span], spans: _SpanScorer, params: AlignParams) -> bool:
    """One round of step 4 of :func:`refine`, in place; whether anything changed."""
    candidates: list[tuple[int, _Span, _Span]] = []
    for k in range(len(beads) - 1):
        (a0, b0), (a1, b1) = beads[k]
        (c0, d0), (c1, d1) = beads[k + 1]
        if _is_gap(beads[k]) or _is_gap(beads[k + 1]):
            continue
        moves = []
        if a1 - a0 > 1:
            moves.append((((a0, b0), (a1 - 1, b1)), ((c0 - 1, d0), (c1, d1))))
        if c1 - c0 > 1:
            moves.append((((a0, b0), (a1 + 1, b1)), ((c0 + 1, d0), (c1, d1))))
        if b1 - b0 > 1:
            moves.append((((a0, b0), (a1, b1 - 1)), ((c0, d0 - 1), (c1, d1))))
        if d1 - d0 > 1:
            moves.append((((a0, b0), (a1, b1 + 1)), ((c0, d0 + 1), (c1, d1))))
        for left, right in moves:
            if _size(left) <= params.max_total and _size(right) <= params.max_total and spans.allowed(left) and spans.allowed(right):
                candidates.append((k, left, right))
    if not candidates:
        return False
    pairs = spans.similarities([b for k, _, _ in candidates for b in (beads[k], beads[k + 1])])
    moved = spans.similarities([b for _, left, right in candidates for b in (left, right)])
    fits = spans.length_fit([b for k, _, _ in candidates for b in (beads[k], beads[k + 1])])
    moved_fits = spans.length_fit([b for _, left, right in candidates for b in (left, right)])
    gains = (moved - pairs + params.length_weight * (moved_fits - fits)).reshape(-1, 2).sum(axis=1)
    touched: set[int] = set()
    changed = False
    for index in np.argsort(-gains):
        k, left, right = candidates[index]
        if gains[index] <= 1e-6:
            break
        if k in touched or k + 1 in touched:
            continue
        touched.update((k, k + 1))
        beads[k], beads[k + 1] = left, right
        changed = True
    return changed


def _join_crossing(beads: list[_Span], spans: _SpanScorer, params: AlignParams) -> None:
    """Step 5 of :func:`refine`, in place."""
    positions = np.array([k for k, bead in enumerate(beads) if _size(bead) == 2 and not _is_gap(bead)], dtype=np.int64)
    if len(positions) < MIN_CALIBRATION_SEGMENTS:
        return  # too few 1-1 links to know the document's length spread
    usual = spans.length_deviation([beads[k] for k in positions])
    spread = 1.4826 * float(np.median(np.abs(usual - np.median(usual))))  # the MAD as a standard deviation
    pairs = np.array(
        [
            k
            for k in range(len(beads) - 1)
            if not _is_gap(beads[k])
            and not _is_gap(beads[k + 1])
            and _size(beads[k]) + _size(beads[k + 1]) <= params.max_total
            and spans.allowed((beads[k][0], beads[k + 1][1]))
        ],
        dtype=np.int64,
    )
    if spread <= 0.0 or not len(pairs):
        return
    # The usual ratio near each pair, from the 1-1 links around it: a long
    # document may join parts translated apart, each with its own ratio (the
    # clean set's two long documents: four pairs of short neighbours joined
    # against the whole document's ratio, none against the local one).
    by_bead = np.full(len(beads) + 2 * CROSSING_RADIUS, np.nan)
    by_bead[positions + CROSSING_RADIUS] = usual
    windows = np.lib.stride_tricks.sliding_window_view(by_bead, 2 * CROSSING_RADIUS + 1)[pairs]
    enough = np.count_nonzero(~np.isnan(windows), axis=1) >= MIN_CALIBRATION_SEGMENTS
    centres = np.full(len(pairs), float(np.median(usual)))
    if enough.any():
        centres[enough] = np.nanmedian(windows[enough], axis=1)
    parts = [bead for k in pairs for bead in (beads[k], beads[k + 1])]
    unions: list[_Span] = [(beads[k][0], beads[k + 1][1]) for k in pairs]
    deviation = (spans.length_deviation(parts).reshape(-1, 2) - centres[:, None]) / spread
    union_deviation = np.abs(spans.length_deviation(unions) - centres) / spread
    # Lengths first: they are cheap, and few pairs pass them.
    by_length = np.flatnonzero((-deviation[:, 0] * deviation[:, 1] > params.cross_opposition) & (union_deviation < params.cross_union))
    if not len(by_length):
        return
    parts_similarity = spans.similarities([parts[p] for i in by_length for p in (2 * i, 2 * i + 1)]).reshape(-1, 2)
    gains = spans.similarities([unions[i] for i in by_length]) - parts_similarity.max(axis=1)
    joined: dict[int, _Span] = {}
    for order in np.argsort(-gains):
        k = int(pairs[by_length[order]])
        if gains[order] > params.cross_gain and not {k - 1, k, k + 1} & joined.keys():
            joined[k] = unions[by_length[order]]
    beads[:] = [joined.get(k, bead) for k, bead in enumerate(beads) if k - 1 not in joined]


#: Two neighbouring links whose English/Arabic length ratios lie this many robust standard deviations
#: (1.4826 MAD of the document's 1-1 links' log ratio) on opposite sides of the document's median, one
#: too long and the next too short, may cross: the translator moved a clause from one sentence into the
#: next (:func:`crossing_candidates`). Chosen on restructured (the crossing step's tuning set) with clean
#: as the guard, on pairs of 1-1 links: at 1.0 restructured's mean document 0.786 -> 0.828 but clean
#: 0.9994 -> 0.9982 (three correct pairs joined), at 1.25 0.818 with clean unchanged, at 1.5 0.809, at 2
#: 0.795 (USE). Any neighbouring links, not only 1-1 (a 1-2 beside a 1-1 for a 2-3): 0.825.
CROSSING_SPREAD = 1.25
#: Fewest 1-1 links a document needs for its own median and spread of length ratios.
CROSSING_MIN_LINKS = 8


def crossing_candidates(beads: Sequence[Bead], src_lens: np.ndarray, tgt_lens: np.ndarray, spread: float = CROSSING_SPREAD) -> set[int]:
    """Source segments of neighbouring links whose lengths say a clause may have crossed between them.

    Args:
        beads: An alignment of whole segments.
        src_lens: Characters of each source segment.
        tgt_lens: Characters of each target segment.
        spread: See :data:`CROSSING_SPREAD`.
    """

    def log_ratio(bead: Bead) -> float:
        return float(np.log(max(sum(tgt_lens[j] for j in bead.tgt), 1.0) / max(sum(src_lens[i] for i in bead.src), 1.0)))

    values = np.array([log_ratio(b) for b in beads if len(b.src) == 1 and len(b.tgt) == 1])
    if len(values) < CROSSING_MIN_LINKS:
        return set()
    median = float(np.median(values))
    deviation = 1.4826 * float(np.median(np.abs(values - median)))
    found: set[int] = set()
    for first, second in zip(beads, beads[1:]):
        if all(side for side in (first.src, first.tgt, second.src, second.tgt)):
            a, b = log_ratio(first) - median, log_ratio(second) - median
            if a * b < 0 and min(abs(a), abs(b)) >= spread * deviation > 0:
                found.update((*first.src, *second.src))
    return found


def join_crossings(beads: Sequence[Bead], realigned: Sequence[Bead]) -> list[Bead]:
    """``beads`` with each run of consecutive links that ``realigned`` links as one made that one link.

    ``realigned`` aligns the same document another way (its crossing candidates in clauses); only its
    joins of whole links are taken, so what it does elsewhere (a link split, a gap) changes nothing.
    """
    position = {i: k for k, bead in enumerate(beads) for i in bead.src}
    joined: dict[int, tuple[int, Bead]] = {}  # first link of a run -> (its last, the union)
    for union in realigned:
        if len(union.src) < 2 or not union.tgt:
            continue
        first, last = position[union.src[0]], position[union.src[-1]]
        run = beads[first : last + 1]
        if (
            last > first
            and all(b.src and b.tgt for b in run)
            and tuple(i for b in run for i in b.src) == union.src
            and tuple(j for b in run for j in b.tgt) == union.tgt
        ):
            joined[first] = (last, union)
    out: list[Bead] = []
    k = 0
    while k < len(beads):
        if k in joined:
            last, union = joined[k]
            out.append(union)
            k = last + 1
        else:
            out.append(beads[k])
            k += 1
    return out
