"""What the review page asks of a review: the next flag either way, flagged spans marked by severity and depth."""

from __future__ import annotations

from conftest import make_alignment

from align.model import Flag
from align.review import state as review
from align.review.queries import highlighted, next_unreviewed_flag


def test_next_and_previous_unreviewed_flag() -> None:
    state = review.start(make_alignment())
    flagged = [i for i, link in enumerate(state.links) if link.flags]
    assert next_unreviewed_flag(state, flagged[0]) == flagged[1]
    assert next_unreviewed_flag(state, flagged[1], -1) == flagged[0]
    assert next_unreviewed_flag(state, flagged[0], -1) == flagged[-1], "cyclic"


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
