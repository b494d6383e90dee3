"""What a review exports: TMX with each link's review outcome, the JSON report with a ``review`` list, CSV, and the XLSX review sheet."""

from __future__ import annotations

import csv
import io
import json

from align.io.sheets import ReviewRow, review_sheet
from align.io.tmx import UnitExtras, to_tmx
from align.model import Link
from align.report.document import to_dict
from align.review.state import ReviewState, records


def reviewed_tmx(state: ReviewState, *, reviewed_only: bool) -> bytes:
    """TMX of the review: status as ``<prop type="x-align-review">``, the reviewed
    English text in the English ``<seg>`` (the original in ``x-align-en-original``),
    false-alarm comments as ``<note>``. ``reviewed_only`` keeps the accepted links
    with both sides (a clean translation memory); otherwise every link is there,
    gaps included, each with its status.
    """

    def extras(index: int, link: Link) -> UnitExtras | None:
        status = state.status_of(link)
        if reviewed_only and (status != "accepted" or not (link.ar and link.en)):
            return None
        notes = []
        for flag in link.flags:
            comment = state.false_alarm_comment(link, flag)
            if comment is not None:
                notes.append(f"false alarm {flag.code}: {comment}")
        props: list[tuple[str, str]] = [("x-align-review", status)]
        english = None
        if tuple(link.en) in state.en_edits:
            props.append(("x-align-en-original", state.alignment.text_of(link, "en")))
            english = state.english(link)
        return UnitExtras(notes=tuple(notes), props=tuple(props), english=english)

    return to_tmx(state.alignment, include_gaps=True, extras=extras)


def review_json(state: ReviewState) -> str:
    """The JSON report with the review outcome of each link under ``"review"``."""
    data = to_dict(state.alignment)
    data["review"] = records(state)
    return json.dumps(data, ensure_ascii=False, indent=2)


def review_csv(state: ReviewState) -> str:
    """One CSV row per link with its review outcome."""
    rows = records(state)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]) if rows else ["ar", "en"])
    writer.writeheader()
    for row in rows:
        writer.writerow({
            **row,
            "ar_ids": " ".join(map(str, row["ar_ids"])),
            "en_ids": " ".join(map(str, row["en_ids"])),
            "open_flags": " ".join(row["open_flags"]),
            "false_alarms": "; ".join(f"{a['code']}: {a['comment']}" for a in row["false_alarms"]),
        })
    return buffer.getvalue()


def review_xlsx(state: ReviewState) -> bytes:
    """The bilingual review sheet of the review (see :func:`align.io.sheets.review_sheet`): each link's
    status, its open flags, the reviewed English, and the false-alarm comments in the comment column.
    """

    def row(index: int, link: Link) -> ReviewRow:
        comments = [f"false alarm {flag.code}: {comment}" for flag in link.flags
                    if (comment := state.false_alarm_comment(link, flag)) is not None]
        return ReviewRow(status=state.status_of(link), comment="\n".join(comments), target=state.english(link),
                         flags=tuple(state.open_flags(link)))

    return review_sheet(state.alignment, row)
