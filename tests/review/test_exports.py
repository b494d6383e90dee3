"""What a review exports: who decided in TMX, JSON and CSV, the history, the XLSX review sheet."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from conftest import AR, EN, make_alignment
from lxml import etree
from openpyxl import load_workbook

from align.io.sheets import REVIEW_COLUMNS
from align.report.document import from_json
from align.review import state as review
from align.review.exports import accepted_count, history_csv, review_csv, review_json, review_xlsx, reviewed_tmx
from align.review.state import Decision
from align.review.store import ReviewStore


def reviewed(tmp_path: Path):
    """A review of three decisions (one undone), saved with reviewer names, and its history."""
    alignment = make_alignment()
    store = ReviewStore(tmp_path / "review.sqlite")
    session = store.open_session(alignment.source, alignment.target)
    state = review.start(alignment)
    gap = state.links[3]
    for decision, who in [
        (Decision.status(((0,), (0,)), "accepted"), "Amal"),
        (Decision.status(((1,), (1,)), "rejected"), "Basim"),
        (Decision.undo(), "Basim"),
        (Decision.edit(((2,), (2,)), "en", "and the search for 150 soldiers still missing."), "Amal"),
        (Decision.false_alarm(((3,), ()), review.flag_ref(state.alignment, gap, gap.flags[0]), "a heading"), "Amal"),
    ]:
        state = review.apply(state, decision)
        store.append(session, decision, reviewer=who)
    return state, store.history(session)


def test_tmx_names_who_accepted_and_keeps_the_original_text(tmp_path: Path) -> None:
    state, history = reviewed(tmp_path)
    units = etree.fromstring(reviewed_tmx(state, reviewed_only=False, history=history)).findall("body/tu")
    assert units[0].findtext("prop[@type='x-align-reviewer']") == "Amal"
    assert units[0].findtext("prop[@type='x-align-reviewed']") == history[0].time
    assert units[1].findtext("prop[@type='x-align-reviewer']") is None, "Basim's reject was undone"
    assert units[2].findtext("prop[@type='x-align-en-original']") == EN[2]
    history_notes = [[n.text for n in unit.findall("note") if n.text.startswith("history: ")] for unit in units]
    assert history_notes[0] == [f"history: {history[0].time} Amal: accepted ar 1 / en 1"]
    assert history_notes[1] == [], "an undone decision is no history of the unit"
    assert history_notes[2] == [f"history: {history[3].time} Amal: edited the English of ar 3 / en 3"]
    assert history_notes[3][0].endswith("Amal: marked missing-translation on ar 4 / en none a false alarm: a heading")
    assert accepted_count(state) == 1


def test_json_and_csv_carry_the_history_and_who_decided(tmp_path: Path) -> None:
    state, history = reviewed(tmp_path)
    data = json.loads(review_json(state, history))
    assert [entry["reviewer"] for entry in data["history"]] == ["Amal", "Basim", "Basim", "Amal", "Amal"]
    assert data["history"][2]["summary"] == "undo"
    assert data["review"][0]["reviewer"] == "Amal" and data["review"][1]["reviewer"] is None
    assert data["review"][2]["en"].endswith("still missing.") and data["review"][2]["en_original"] == EN[2]
    assert all(f["start"] is None for f in data["links"][2]["flags"] if f.get("side") == "en"), "no offsets into an edit"
    rows = list(csv.DictReader(io.StringIO(review_csv(state, history))))
    assert rows[0]["reviewer"] == "Amal" and rows[0]["reviewed_at"] == history[0].time
    log = list(csv.DictReader(io.StringIO(history_csv(history))))
    assert [row["summary"] for row in log][:2] == ["accepted ar 1 / en 1", "rejected ar 2 / en 2"]


def test_the_review_sheet_holds_the_reviewed_texts_of_both_sides(tmp_path: Path) -> None:
    state, _ = reviewed(tmp_path)
    state = review.apply(state, Decision.edit(((4,), (3,)), "ar", "وتستمر الزيارة أربعة أيام."))
    sheet = load_workbook(io.BytesIO(review_xlsx(state))).active
    rows = [dict(zip(REVIEW_COLUMNS, row)) for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert len(rows) == len(state.links)
    assert (rows[0]["source"], rows[0]["target"], rows[0]["status"]) == (AR[0], EN[0], "accepted")
    assert rows[2]["target"].endswith("still missing."), "the reviewed English"
    assert rows[4]["source"] == "وتستمر الزيارة أربعة أيام.", "the reviewed Arabic"
    assert rows[3]["comment"].endswith(": a heading") and not rows[3]["flags"], "a false alarm is a comment, not an open flag"


def test_a_cut_segment_exports_as_two_parts_in_tmx_csv_and_the_sheet() -> None:
    state = review.start(make_alignment())
    at = EN[1].index(" the agreement")
    for decision in [
        Decision.split_segment(((1,), (1,)), "en", 1, at),
        Decision.split(((1,), (1, 5)), 1, 1),
        Decision.merge(((), (5,)), ((2,), (2,))),
        Decision.status(((2,), (5, 2)), "accepted"),
    ]:
        state = review.apply(state, decision)
    units = etree.fromstring(reviewed_tmx(state, reviewed_only=True)).findall("body/tu")
    assert [[seg.text for seg in unit.iter("seg")] for unit in units] == [[AR[2], f"the agreement covers mine clearance {EN[2]}"]]
    rows = list(csv.DictReader(io.StringIO(review_csv(state))))
    assert (rows[1]["en_ids"], rows[1]["en"]) == ("1", "He said")
    assert (rows[2]["en_ids"], rows[2]["status"]) == ("5 2", "accepted")
    sheet = load_workbook(io.BytesIO(review_xlsx(state))).active
    targets = [row[REVIEW_COLUMNS.index("target")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert targets[1:3] == ["He said", f"the agreement covers mine clearance {EN[2]}"]
    report = from_json(review_json(state))
    assert [report.text_of(link, "en") for link in report.links[1:3]] == ["He said", f"the agreement covers mine clearance {EN[2]}"]
    assert json.loads(review_json(state))["review"][2]["en_ids"] == [5, 2], "the ids the history names"
