"""What the review page asks of a review: the next shown link and flag, the link of a heatmap cell, flagged spans marked."""

from __future__ import annotations

import pytest
from conftest import EN, make_alignment

from align.model import Flag
from align.review import state as review
from align.review.queries import cut_point, highlighted, link_at_cell, next_shown, next_unreviewed_flag, shown_links


def test_next_and_previous_unreviewed_flag() -> None:
    state = review.start(make_alignment())
    flagged = [i for i, link in enumerate(state.links) if link.flags]
    assert next_unreviewed_flag(state, flagged[0]) == flagged[1]
    assert next_unreviewed_flag(state, flagged[1], -1) == flagged[0]
    assert next_unreviewed_flag(state, flagged[0], -1) == flagged[-1], "cyclic"


def test_the_next_shown_link_skips_the_hidden_ones() -> None:
    state = review.start(make_alignment())
    flagged = shown_links(state, [], [], only_open=True)
    assert flagged and flagged != list(range(len(state.links))), "the filter hides some links"
    assert next_shown(flagged, flagged[0]) == flagged[1]
    hidden = next(i for i in range(len(state.links)) if i not in flagged and i < flagged[-1])
    assert next_shown(flagged, hidden) == min(i for i in flagged if i > hidden), "from a hidden link, the next shown one"
    assert next_shown(flagged, flagged[-1]) == flagged[-1], "the last shown link stays selected"
    assert next_shown([], 2) == 2


def test_each_heatmap_cell_of_a_link_selects_it_and_a_gap_is_selected_from_its_row() -> None:
    state = review.start(make_alignment())
    for i, link in enumerate(state.links):
        for a in link.ar:
            for e in link.en:
                assert link_at_cell(state, a, e) == i
    gap = next(link for link in state.links if link.ar and not link.en)  # Arabic 3, left untranslated
    assert link_at_cell(state, gap.ar[0], 3) == state.links.index(gap), "a gap has no cell: its row selects it"
    assert link_at_cell(state, 0, 1) is None, "off the path"


def test_a_flag_inside_a_flagged_segment_is_marked_deeper() -> None:
    side = make_alignment().target
    segment = side.segments[2]  # "and the search for 150 missing soldiers."
    start = segment.start + segment.text.index("150")
    flags = [
        Flag("untranslated", "info", "whole", "en", segment.start, segment.end),
        Flag("number-mismatch", "error", "number", "en", start, start + 3),
    ]
    html = highlighted(side, (2,), flags, "en")
    assert '<mark class="flag sev-info depth-1" title="untranslated">and the search for </mark>' in html
    assert '<mark class="flag sev-error depth-2" title="untranslated, number-mismatch">150</mark>' in html


def test_the_cut_mark_gives_the_offset_to_cut_at() -> None:
    assert cut_point("He said. It is.", "He said.| It is.") == 8
    assert cut_point("a|b c", "a|b |c") == 4, "a mark the text already has is not the cut"


@pytest.mark.parametrize(
    ("marked", "message"),
    [
        ("He said. It is.", "Type one | where"),
        ("He| said.| It is.", "Type exactly one |"),
        ("He said.| It was.", "Only add the |"),
        ("He said.|", "Only add the |"),
    ],
)
def test_a_cut_mark_must_be_one_mark_in_the_unchanged_text(marked: str, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("|", r"\|")):
        cut_point("He said. It is.", marked)


def test_a_heatmap_cell_selects_a_link_holding_a_part_of_a_cut_segment() -> None:
    state = review.start(make_alignment())
    cut = review.split_segment(state, ((1,), (1,)), "en", 1, EN[1].index(" the"))
    split = review.split(cut, ((1,), (1, 5)), 1, 1)
    assert link_at_cell(split, 1, 1) == 1
    assert link_at_cell(split, 3, 1) == 2, "the English part alone is a gap, selected from its column"
