"""Alignment accuracy against gold alignments (read with :mod:`align.io.vecalign`).

Scores:
    strict: a predicted link is right only if the gold has exactly the same link.
    lax (as defined in Vecalign's score.py): a predicted link is right if it shares
        at least one source id and one target id with a gold link; a gold link is
        found if some predicted link shares a source and a target id with it. A gap
        shares nothing, so gaps count under lax only when they match exactly.
    gaps: 1-0 and 0-1 links only, exact match, precision and recall separately —
        how well untranslated and added segments are found.

Gap links count in strict and lax like any other link. Several documents are
scored by adding up their counts (micro-average).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from align.model import LinkKey


@dataclass(frozen=True)
class AlignmentScore:
    """Counts behind the accuracy figures; add two with ``+`` to pool documents.

    Attributes:
        test_links: Number of predicted links.
        gold_links: Number of gold links.
        strict_hits: Predicted links found exactly in the gold.
        lax_test_hits: Predicted links overlapping a gold link on both sides.
        lax_gold_hits: Gold links overlapping a predicted link on both sides.
        test_gaps: Predicted 1-0 and 0-1 links.
        gold_gaps: Gold 1-0 and 0-1 links.
        gap_hits: Predicted gap links that are gold gap links.
        documents: Documents pooled.
        f1_sum: Sum of the documents' strict F1 (for the mean document).
        worst_f1: The lowest document strict F1.
    """

    test_links: int = 0
    gold_links: int = 0
    strict_hits: int = 0
    lax_test_hits: int = 0
    lax_gold_hits: int = 0
    test_gaps: int = 0
    gold_gaps: int = 0
    gap_hits: int = 0
    documents: int = 0
    f1_sum: float = 0.0
    worst_f1: float = 1.0

    def __add__(self, other: AlignmentScore) -> AlignmentScore:
        summed = {name: getattr(self, name) + getattr(other, name) for name in self.__dataclass_fields__}
        summed["worst_f1"] = min(self.worst_f1, other.worst_f1)
        return AlignmentScore(**summed)

    @property
    def invented_gaps_per_100(self) -> float:
        """Predicted gap links the gold does not have, per 100 gold links: false missing-source/-target flags."""
        return 100.0 * (self.test_gaps - self.gap_hits) / self.gold_links if self.gold_links else 0.0

    @property
    def mean_document_f1(self) -> float:
        """Strict F1 of the average document (macro-average), 1.0 for none."""
        return self.f1_sum / self.documents if self.documents else 1.0

    @property
    def strict_precision(self) -> float:
        return _ratio(self.strict_hits, self.test_links)

    @property
    def strict_recall(self) -> float:
        return _ratio(self.strict_hits, self.gold_links)

    @property
    def strict_f1(self) -> float:
        return _f1(self.strict_precision, self.strict_recall)

    @property
    def lax_precision(self) -> float:
        return _ratio(self.lax_test_hits, self.test_links)

    @property
    def lax_recall(self) -> float:
        return _ratio(self.lax_gold_hits, self.gold_links)

    @property
    def lax_f1(self) -> float:
        return _f1(self.lax_precision, self.lax_recall)

    @property
    def gap_precision(self) -> float:
        """Share of predicted gaps that are real; 1.0 when none was predicted."""
        return _ratio(self.gap_hits, self.test_gaps)

    @property
    def gap_recall(self) -> float:
        """Share of real gaps found; 1.0 when the gold has none."""
        return _ratio(self.gap_hits, self.gold_gaps)

    def as_dict(self) -> dict[str, float | int]:
        """Counts and figures, for JSON reports."""
        figures = {
            name: getattr(self, name)
            for name in (
                "strict_precision",
                "strict_recall",
                "strict_f1",
                "lax_precision",
                "lax_recall",
                "lax_f1",
                "gap_precision",
                "gap_recall",
                "invented_gaps_per_100",
                "mean_document_f1",
            )
        }
        counts = {name: getattr(self, name) for name in self.__dataclass_fields__}
        return {**figures, **counts}


def score_alignment(gold: Iterable[LinkKey], test: Iterable[LinkKey]) -> AlignmentScore:
    """Compare a predicted alignment of one document with its gold.

    Args:
        gold: Gold links; links empty on both sides are ignored.
        test: Predicted links, same form.

    Returns:
        The counts; read the figures from its properties or ``as_dict()``.
    """
    gold_set = {_normal(link) for link in gold if link[0] or link[1]}
    test_set = {_normal(link) for link in test if link[0] or link[1]}
    gold_gaps = {link for link in gold_set if not (link[0] and link[1])}
    test_gaps = {link for link in test_set if not (link[0] and link[1])}
    hits = len(test_set & gold_set)
    f1 = _f1(_ratio(hits, len(test_set)), _ratio(hits, len(gold_set)))
    return AlignmentScore(
        documents=1,
        f1_sum=f1,
        worst_f1=f1,
        test_links=len(test_set),
        gold_links=len(gold_set),
        strict_hits=len(test_set & gold_set),
        lax_test_hits=_lax_hits(test_set, gold_set),
        lax_gold_hits=_lax_hits(gold_set, test_set),
        test_gaps=len(test_gaps),
        gold_gaps=len(gold_gaps),
        gap_hits=len(test_gaps & gold_gaps),
    )


def link_confusion(gold: Iterable[LinkKey], test: Iterable[LinkKey]) -> Counter[str]:
    """What the gold links that were missed became: ``"1-5 -> 1-3"`` counts.

    Each missed gold link is paired with the predicted link holding its first
    Arabic segment (its first English one for an Arabic gap), so a long link cut
    into a shorter one and gaps reads as ``1-5 -> 1-3``.
    """
    test_links = [_normal(link) for link in test if link[0] or link[1]]
    by_src = {i: link for link in test_links for i in link[0]}
    by_tgt = {j: link for link in test_links for j in link[1]}
    exact = set(test_links)
    confusion: Counter[str] = Counter()
    for link in (_normal(link) for link in gold if link[0] or link[1]):
        if link in exact:
            continue
        found = by_src.get(link[0][0]) if link[0] else by_tgt.get(link[1][0])
        shape = f"{len(found[0])}-{len(found[1])}" if found else "?"
        confusion[f"{len(link[0])}-{len(link[1])} -> {shape}"] += 1
    return confusion


def _normal(link: LinkKey) -> LinkKey:
    return tuple(sorted(link[0])), tuple(sorted(link[1]))


def _lax_hits(links: set[LinkKey], reference: set[LinkKey]) -> int:
    """Links that match a reference link exactly or share a source and a target id with one."""
    targets_of_source: dict[int, set[int]] = {}
    for src, tgt in reference:
        for i in src:
            targets_of_source.setdefault(i, set()).update(tgt)
    hits = 0
    for link in links:
        src, tgt = link
        linked = set().union(*(targets_of_source.get(i, set()) for i in src))
        if link in reference or linked.intersection(tgt):
            hits += 1
    return hits


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def _f1(precision: float, recall: float) -> float:
    total = precision + recall
    return 2 * precision * recall / total if total else 0.0
