from __future__ import annotations

import pytest

from align.bench.score import AlignmentScore, score_alignment

GOLD = [((0,), (0,)), ((1,), ()), ((2, 3), (1,)), ((4,), (2,))]
# Right: 0-0, the omission of 1, 4-2. Half right (lax): 2-1. Wrong: 3 reported as omitted.
TEST = [((0,), (0,)), ((1,), ()), ((2,), (1,)), ((3,), ()), ((4,), (2,))]


def test_strict_lax_and_gap_figures_match_hand_count():
    result = score_alignment(GOLD, TEST)
    assert result.strict_precision == pytest.approx(3 / 5)
    assert result.strict_recall == pytest.approx(3 / 4)
    assert result.strict_f1 == pytest.approx(2 * 0.6 * 0.75 / 1.35)
    assert result.lax_precision == pytest.approx(4 / 5)
    assert result.lax_recall == pytest.approx(1.0)
    assert result.lax_f1 == pytest.approx(2 * 0.8 / 1.8)
    assert result.gap_precision == pytest.approx(1 / 2)
    assert result.gap_recall == pytest.approx(1.0)


def test_perfect_alignment_scores_one_everywhere():
    result = score_alignment(GOLD, list(reversed(GOLD)))
    assert result.as_dict()["strict_f1"] == 1.0
    assert result.lax_f1 == 1.0
    assert (result.gap_precision, result.gap_recall) == (1.0, 1.0)


def test_missed_gap_lowers_gap_recall_not_precision():
    gold = [((0,), (0,)), ((1,), ()), ((2,), (1,))]
    test = [((0,), (0,)), ((1, 2), (1,))]
    result = score_alignment(gold, test)
    assert result.gap_recall == 0.0
    assert result.gap_precision == 1.0
    assert result.strict_precision == pytest.approx(1 / 2)
    assert result.lax_precision == 1.0


def test_documents_pool_by_counts():
    first = score_alignment(GOLD, TEST)
    second = score_alignment(GOLD, GOLD)
    pooled = first + second
    assert pooled.strict_precision == pytest.approx((3 + 4) / (5 + 4))
    assert pooled.gap_precision == pytest.approx((1 + 1) / (2 + 1))
    assert AlignmentScore() + first == first


def test_as_dict_holds_figures_and_counts():
    figures = score_alignment(GOLD, TEST).as_dict()
    assert figures["test_links"] == 5
    assert figures["gold_links"] == 4
    assert figures["gap_precision"] == pytest.approx(0.5)
