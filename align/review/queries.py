"""Questions the review UI asks of a review: which links pass the filters, which flag is next, where the flagged spans are."""

from __future__ import annotations

import html

from align.model import Flag, Lang, Link, Side
from align.review.state import ReviewState


def matches(state: ReviewState, link: Link, codes: list[str], severities: list[str], only_open: bool) -> bool:
    """Whether a link passes the filters."""
    flags = state.open_flags(link) if only_open else link.flags
    if codes and not any(f.code in codes for f in flags):
        return False
    if severities and not any(f.severity in severities for f in flags):
        return False
    return not (only_open and not flags)


def next_unreviewed_flag(state: ReviewState, after: int) -> int | None:
    """The next link (cyclically after ``after``) that has open flags and no status."""
    n = len(state.links)
    for step in range(1, n + 1):
        i = (after + step) % n
        link = state.links[i]
        if state.open_flags(link) and state.status_of(link) == "unreviewed":
            return i
    return None


def highlighted(side: Side, ids: tuple[int, ...], flags: list[Flag], lang: Lang) -> str:
    """The link's text on one side, HTML-escaped, flagged spans in ``<mark class="flag">``."""
    spans = [(f.start, f.end) for f in flags if f.side == lang and f.start is not None and f.end is not None]
    parts = []
    for i in ids:
        seg = side.segments[i]
        marked = [False] * len(seg.text)
        for start, end in spans:
            for k in range(max(start, seg.start), min(end, seg.end)):
                marked[k - seg.start] = True
        out, k = [], 0
        while k < len(seg.text):
            run_end = k
            while run_end < len(seg.text) and marked[run_end] == marked[k]:
                run_end += 1
            chunk = html.escape(seg.text[k:run_end])
            out.append(f'<mark class="flag">{chunk}</mark>' if marked[k] else chunk)
            k = run_end
        parts.append("".join(out))
    return " ".join(parts)
