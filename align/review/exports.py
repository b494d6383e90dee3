"""What a review exports: TMX with each link's review outcome, the JSON report with a ``review`` list and the
decision history, CSV (links, and the history), and the XLSX review sheet (:mod:`align.io.sheets`)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from align.io.sheets import ReviewRow, review_sheet
from align.io.tmx import UnitExtras, to_tmx
from align.model import Alignment, Link, LinkKey, link_key
from align.report.document import to_dict
from align.review.state import ReviewState, in_document_order, in_force, records
from align.review.store import Entry


def entries_in_force(history: Sequence[Entry]) -> list[Entry]:
    """The entries of ``history`` whose decisions are in force after its undos and redos, in log order."""
    return [history[position] for position in in_force([entry.decision for entry in history])]


def decided_by(state: ReviewState, kept: Sequence[Entry]) -> dict[LinkKey, Entry]:
    """For each link with a status, the decision in force (of ``kept``, :func:`entries_in_force`) that set it."""
    by: dict[LinkKey, Entry] = {}
    for entry in kept:
        if entry.decision.op in ("status", "statuses"):
            by.update(dict.fromkeys(entry.decision.keys(), entry))
    return {link_key(link): by[link_key(link)] for link in state.links if state.status_of(link) != "unreviewed" and link_key(link) in by}


def link_history(link: Link, history: Sequence[Entry]) -> list[Entry]:
    """The decisions of ``history`` that named any segment of ``link``, oldest first."""
    ar, en = set(link.ar), set(link.en)
    return [entry for entry in history if any(ar & set(key[0]) or en & set(key[1]) for key in entry.decision.keys())]


def reviewed_tmx(state: ReviewState, *, reviewed_only: bool, history: Sequence[Entry] = ()) -> bytes:
    """TMX of the review.

    Each unit has its status as ``<prop type="x-align-review">``, the reviewer
    and time of that status as ``x-align-reviewer`` and ``x-align-reviewed``,
    the reviewed texts in its ``<seg>`` s (an edited side's original text in
    ``x-align-ar-original`` / ``x-align-en-original``), false-alarm
    comments as ``<note>``, and the link's history as a ``<note>`` per
    decision in force that named its segments (``history: TIME REVIEWER:
    what``, oldest first; undone ones are left out). ``reviewed_only`` keeps the accepted links with
    both sides (a clean translation memory); otherwise every link is there,
    gaps included, each with its status.
    """
    kept = entries_in_force(history)
    by = decided_by(state, kept)

    def extras(index: int, link: Link) -> UnitExtras | None:
        status = state.status_of(link)
        if reviewed_only and (status != "accepted" or not (link.ar and link.en)):
            return None
        notes = []
        for flag in link.flags:
            comment = state.false_alarm_comment(link, flag)
            if comment is not None:
                notes.append(f"false alarm {flag.code}: {comment}")
        notes += [f"history: {entry.time} {entry.reviewer or 'unnamed'}: {entry.decision.summary()}" for entry in link_history(link, kept)]
        props: list[tuple[str, str]] = [("x-align-review", status)]
        if (entry := by.get(link_key(link))) is not None:
            if entry.reviewer:
                props.append(("x-align-reviewer", entry.reviewer))
            props.append(("x-align-reviewed", entry.time))
        for lang in ("ar", "en"):
            if state.edited(link, lang):
                props.append((f"x-align-{lang}-original", state.original(link, lang)))
        return UnitExtras(notes=tuple(notes), props=tuple(props))

    return to_tmx(state.alignment, include_gaps=True, extras=extras)


def accepted_count(state: ReviewState) -> int:
    """How many units the "accepted only" TMX holds: accepted links with both sides."""
    return sum(state.status_of(link) == "accepted" and bool(link.ar and link.en) for link in state.links)


def _as_read(state: ReviewState) -> Alignment:
    """The alignment with the file's own segments: an edited side's flags lose their offsets (they point into the edit)."""
    if state.originals is None or not state.edits:
        return state.alignment
    links = []
    for link in state.links:
        flags = [
            replace(flag, start=None, end=None) if flag.side is not None and state.edited(link, flag.side) else flag
            for flag in link.flags
        ]
        links.append(replace(link, flags=flags))
    source, target = state.originals
    return replace(state.alignment, source=source, target=target, links=links)


def history_records(history: Sequence[Entry]) -> list[dict[str, Any]]:
    """One row per decision of the log: ``revision``, ``time``, ``reviewer``, ``summary``, ``decision`` (its JSON)."""
    return [
        {
            "revision": entry.revision,
            "time": entry.time,
            "reviewer": entry.reviewer,
            "summary": entry.decision.summary(),
            "decision": entry.decision.to_json(),
        }
        for entry in history
    ]


def review_json(state: ReviewState, history: Sequence[Entry] = ()) -> str:
    """The JSON report with the review outcome of each link under ``"review"`` and the log under ``"history"``.

    The report's segments are numbered in document order, as every report's are, so it reads back
    (``align.report.document.from_json``) after a cut; the ``review`` rows keep the ids the history's decisions name.
    """
    data = to_dict(in_document_order(_as_read(state)))
    by = decided_by(state, entries_in_force(history))
    rows = records(state)
    for row, link in zip(rows, state.links, strict=True):
        entry = by.get(link_key(link))
        row["reviewer"] = entry.reviewer if entry else None
        row["reviewed_at"] = entry.time if entry else None
    data["review"] = rows
    data["history"] = history_records(history)
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


def review_csv(state: ReviewState, history: Sequence[Entry] = ()) -> str:
    """One CSV row per link with its review outcome, and who set its status when."""
    by = decided_by(state, entries_in_force(history))
    rows = records(state)
    buffer = io.StringIO()
    fields = [*(rows[0] if rows else ["ar", "en"]), "reviewer", "reviewed_at"]
    writer = csv.DictWriter(buffer, fieldnames=fields)
    writer.writeheader()
    for row, link in zip(rows, state.links, strict=True):
        entry = by.get(link_key(link))
        writer.writerow({
            **row,
            "ar_ids": " ".join(map(str, row["ar_ids"])),
            "en_ids": " ".join(map(str, row["en_ids"])),
            "open_flags": " ".join(row["open_flags"]),
            "false_alarms": "; ".join(f"{a['code']}: {a['comment']}" for a in row["false_alarms"]),
            "reviewer": entry.reviewer if entry else "",
            "reviewed_at": entry.time if entry else "",
        })
    return buffer.getvalue()


def history_csv(history: Sequence[Entry]) -> str:
    """The decision log as CSV: revision, time, reviewer, what was decided, and the decision's JSON."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=["revision", "time", "reviewer", "summary", "decision"])
    writer.writeheader()
    for row in history_records(history):
        writer.writerow({**row, "reviewer": row["reviewer"] or "", "decision": json.dumps(row["decision"], ensure_ascii=False)})
    return buffer.getvalue()


def review_xlsx(state: ReviewState) -> bytes:
    """The bilingual review sheet of the review (see :func:`align.io.sheets.review_sheet`): each link's
    status, its open flags, the reviewed English, and the false-alarm comments in the comment column.
    """

    def row(index: int, link: Link) -> ReviewRow:
        comments = [f"false alarm {flag.code}: {comment}" for flag in link.flags
                    if (comment := state.false_alarm_comment(link, flag)) is not None]
        return ReviewRow(status=state.status_of(link), comment="\n".join(comments), target=state.text(link, "en"),
                         flags=tuple(state.open_flags(link)))

    return review_sheet(state.alignment, row)
