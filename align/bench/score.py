"""Gold alignments (Vecalign/Bertalign format) and alignment accuracy.

Format: one link per line, ``[i, i+1]:[j]`` with 0-based segment ids, ``[]`` for an
empty side (a gap), optionally followed by ``:score`` (read and ignored).

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

import ast
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

GoldLink = tuple[tuple[int, ...], tuple[int, ...]]


def parse_links(text: str) -> list[GoldLink]:
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


def format_links(links: Iterable[GoldLink], scores: Sequence[float] | None = None) -> str:
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


def read_links(path: str | Path) -> list[GoldLink]:
    """Read a Vecalign-format file (UTF-8); see :func:`parse_links`."""
    return parse_links(Path(path).read_text(encoding="utf-8"))


def write_links(path: str | Path, links: Iterable[GoldLink], scores: Sequence[float] | None = None) -> None:
    """Write a Vecalign-format file (UTF-8); see :func:`format_links`."""
    Path(path).write_text(format_links(links, scores), encoding="utf-8")


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
    """

    test_links: int = 0
    gold_links: int = 0
    strict_hits: int = 0
    lax_test_hits: int = 0
    lax_gold_hits: int = 0
    test_gaps: int = 0
    gold_gaps: int = 0
    gap_hits: int = 0

    def __add__(self, other: AlignmentScore) -> AlignmentScore:
        return AlignmentScore(
            *(getattr(self, name) + getattr(other, name) for name in self.__dataclass_fields__)
        )

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
            )
        }
        counts = {name: getattr(self, name) for name in self.__dataclass_fields__}
        return {**figures, **counts}


def score_alignment(gold: Iterable[GoldLink], test: Iterable[GoldLink]) -> AlignmentScore:
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
    return AlignmentScore(
        test_links=len(test_set),
        gold_links=len(gold_set),
        strict_hits=len(test_set & gold_set),
        lax_test_hits=_lax_hits(test_set, gold_set),
        lax_gold_hits=_lax_hits(gold_set, test_set),
        test_gaps=len(test_gaps),
        gold_gaps=len(gold_gaps),
        gap_hits=len(test_gaps & gold_gaps),
    )


def _normal(link: GoldLink) -> GoldLink:
    return tuple(sorted(link[0])), tuple(sorted(link[1]))


def _lax_hits(links: set[GoldLink], reference: set[GoldLink]) -> int:
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
