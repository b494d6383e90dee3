"""Questions the review UI asks of a review: which links pass the filters, which link is next, where the flagged spans are."""

from __future__ import annotations

import html
from collections.abc import Sequence

from align.model import Flag, Lang, Link, Side, most_severe
from align.review.state import ReviewState


def matches(state: ReviewState, link: Link, codes: list[str], severities: list[str], only_open: bool) -> bool:
    """Whether a link passes the filters."""
    flags = state.open_flags(link) if only_open else link.flags
    if codes and not any(f.code in codes for f in flags):
        return False
    if severities and not any(f.severity in severities for f in flags):
        return False
    return not (only_open and not flags)


def shown_links(state: ReviewState, codes: list[str], severities: list[str], only_open: bool) -> list[int]:
    """The positions of the links that pass the filters, in document order."""
    return [i for i, link in enumerate(state.links) if matches(state, link, codes, severities, only_open)]


def next_shown(shown: Sequence[int], current: int) -> int:
    """The first of the ``shown`` positions after ``current``; ``current`` itself when none follows.

    After Accept or Reject the selection moves on to the next link the
    filters show, never to a hidden one (which would leave no row selected).
    """
    return next((i for i in shown if i > current), current)


def link_at_cell(state: ReviewState, row: int, col: int) -> int | None:
    """The position of the link a click on the heatmap cell of Arabic segment ``row`` and English segment ``col`` (from 0) selects.

    The link that holds both segments; else a gap (a link with one side only,
    which has no cell of its own) holding the row's Arabic or the column's
    English segment, so a gap can be selected from its row or column; else
    ``None`` (a cell off the alignment's path).
    """
    # The heatmap has a row or column per segment of the file: a cut segment's parts share theirs.
    cells = [(state.file_segments(link, "ar"), state.file_segments(link, "en")) for link in state.links]
    for i, (rows, cols) in enumerate(cells):
        if row in rows and col in cols:
            return i
    for i, (rows, cols) in enumerate(cells):
        if (not cols and row in rows) or (not rows and col in cols):
            return i
    return None


#: What a reviewer types where a segment should be cut.
CUT_MARK = "|"


def cut_point(text: str, marked: str) -> int:
    """Where a reviewer marked ``text`` to be cut: the offset of the one :data:`CUT_MARK` added to it in ``marked``.

    Raises:
        ValueError: No mark, more than one, or a change to the text besides the mark (one line for the reviewer).
    """
    added = marked.count(CUT_MARK) - text.count(CUT_MARK)
    if added < 1:
        raise ValueError(f"Type one {CUT_MARK} where the segment should be cut.")
    if added > 1:
        raise ValueError(f"Type exactly one {CUT_MARK}: the segment is cut in two at one point.")
    at = next((i for i, (a, b) in enumerate(zip(text, marked, strict=False)) if a != b), len(text))
    if marked[at] != CUT_MARK or marked[:at] + marked[at + 1 :] != text:
        raise ValueError(f"Only add the {CUT_MARK}: change the text itself with Edit the texts.")
    return at


def next_unreviewed_flag(state: ReviewState, after: int, step: int = 1) -> int | None:
    """The next link (cyclically after ``after``; with ``step=-1`` the previous one) that has open flags and no status."""
    n = len(state.links)
    for distance in range(1, n + 1):
        i = (after + step * distance) % n
        link = state.links[i]
        if state.open_flags(link) and state.status_of(link) == "unreviewed":
            return i
    return None


def highlighted(side: Side, ids: tuple[int, ...], flags: list[Flag], lang: Lang) -> str:
    """The link's text on one side, HTML-escaped, flagged spans in ``<mark>`` elements.

    A span's mark has the classes ``flag``, ``sev-<severity>`` of its most
    severe flag and ``depth-<n>``, how many flagged spans cover it (at most 3),
    so a number flagged inside a whole-segment flag stands out from it; its
    title names the codes.
    """
    spans = [f for f in flags if f.side == lang and f.start is not None and f.end is not None]
    parts = []
    for i in ids:
        seg = side.segments[i]
        if not seg.text:
            continue
        covering: list[tuple[int, ...]] = [()] * len(seg.text)
        for n, flag in enumerate(spans):
            assert flag.start is not None and flag.end is not None  # filtered above
            for k in range(max(flag.start, seg.start), min(flag.end, seg.end)):
                covering[k - seg.start] = (*covering[k - seg.start], n)
        out, k = [], 0
        while k < len(seg.text):
            run_end = k
            while run_end < len(seg.text) and covering[run_end] == covering[k]:
                run_end += 1
            chunk = html.escape(seg.text[k:run_end])
            if covering[k]:
                marks = [spans[n] for n in covering[k]]
                severity = most_severe(marks)
                codes = html.escape(", ".join(dict.fromkeys(f.code for f in marks)), quote=True)
                depth = min(len(marks), 3)
                chunk = f'<mark class="flag sev-{severity} depth-{depth}" title="{codes}">{chunk}</mark>'
            out.append(chunk)
            k = run_end
        parts.append("".join(out))
    return " ".join(parts)
