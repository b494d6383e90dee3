"""Reports: JSON schema and round trip, text, TSV and Vecalign output."""

from __future__ import annotations

import copy
import json
import re
from dataclasses import replace

import numpy
import pytest
from conftest import build_side

from align.checks.context import quote
from align.errors import InputError
from align.model import Alignment, Flag, Link, Locales
from align.report.document import (
    REPORT_VERSION,
    from_dict,
    from_json,
    summary,
    to_dict,
    to_json,
    to_text,
    to_tsv,
    to_vecalign,
)

AR = [
    "قال الرئيس: «لن نتراجع» & أضاف <شيئاً>.",
    "هذه جملة ثانية \u200fمع علامة اتجاه.",
    "وجملة ملحقة بها 😀.",
    "جملة بلا ترجمة\u202e مع تجاوز اتجاه.",
    "الجملة الأخيرة.",
]
EN = [
    'The president said: "We will not back down" & added <something>.',
    "This is the second sentence, with a mark\u200e, joined to its tail 😀.",
    "An added sentence 'not in the source'.",
    "The last sentence.",
]

def make_alignment() -> Alignment:
    source, target = build_side("ar", AR), build_side("en", EN)
    repeated = source.segments[0].start + AR[0].index("«")
    return Alignment(
        source=source,
        target=target,
        links=[
            Link(ar=(0,), en=(0,), score=0.91, flags=[
                Flag("quote-mismatch", "info", "Quotes differ: « » vs \" \".", "ar", repeated, repeated + 1),
            ]),
            Link(ar=(1, 2), en=(1,), score=0.77),
            Link(ar=(3,), en=(), score=0.0, flags=[
                Flag("missing-translation", "error", "Arabic sentence has no English translation.", "ar",
                     source.segments[3].start, source.segments[3].end),
            ]),
            Link(ar=(), en=(2,), score=0.0, flags=[
                Flag("added-text", "warning", "English sentence has no Arabic source.", "en",
                     target.segments[2].start, target.segments[2].end),
                Flag("low-score", "info", "Whole link is doubtful."),
            ]),
            Link(ar=(4,), en=(3,), score=0.88),
        ],
        signature={"model": "multilingual-e5-small", "window": 4},
    )


def test_json_has_exactly_the_documented_keys() -> None:
    data = json.loads(to_json(make_alignment()))
    assert set(data) == {"version", "model", "signature", "source", "target", "segments", "links", "summary"}
    assert data["version"] == REPORT_VERSION
    assert data["model"] == "multilingual-e5-small"
    assert data["source"] == {"path": "doc.ar.txt", "lang": "ar"}
    assert data["target"] == {"path": "doc.en.txt", "lang": "en"}
    assert set(data["segments"]) == {"ar", "en"}
    for segment in data["segments"]["ar"] + data["segments"]["en"]:
        assert set(segment) == {"id", "text", "start", "end"}
    for link in data["links"]:
        assert set(link) == {"ar", "en", "score", "flags"}
        for flag in link["flags"]:
            assert set(flag) == {"code", "severity", "message", "side", "start", "end"}
    assert set(data["summary"]) == {"links", "flags_by_code", "flags_by_severity"}


def test_english_into_arabic_names_english_the_source_and_reads_back() -> None:
    alignment = replace(make_alignment(), locales=Locales("en-US", "ar-SA"))
    data = to_dict(alignment)
    assert data["source"] == {"path": "doc.en.txt", "lang": "en-US"}
    assert data["target"] == {"path": "doc.ar.txt", "lang": "ar-SA"}
    assert data["links"] == to_dict(make_alignment())["links"]  # links and segments stay keyed by language
    restored = from_dict(data)
    assert restored.locales == Locales("en-US", "ar-SA") and restored.source.lang == "ar"
    assert to_dict(restored) == data
    text = to_text(alignment)
    # Source first, link types counted source to target: Arabic segments 1-2 and English 1 are a 1-2 link.
    assert "[2/5] 1-2  en 1 → ar 1-2  score 0.77\n" in text
    assert f"  EN (source) | {EN[1]}\n  AR (target) | {AR[1]} {AR[2]}\n" in text
    assert "[3/5] 0-1  en - → ar 3  score 0.00  GAP: English source missing" in text
    assert "GAP: Arabic target missing" in text
    assert "  direction  en-US → ar-SA\n" in text and "(0-1: 1, 1-0: 1, 1-1: 2, 1-2: 1)" in text


def test_a_report_from_before_directions_reads_as_arabic_into_english() -> None:
    data = to_dict(make_alignment())
    assert (data["source"]["lang"], data["target"]["lang"]) == ("ar", "en")
    assert from_dict(data).locales == Locales("ar", "en")


def test_json_keeps_arabic_and_emoji_readable() -> None:
    text = to_json(make_alignment())
    assert AR[0].split()[0] in text
    assert "😀" in text
    assert "\\u" not in text


def test_json_round_trip_restores_the_alignment() -> None:
    original = make_alignment()
    restored = from_json(to_json(original))
    assert restored.links == original.links
    assert restored.signature == original.signature
    for before, after in ((original.source, restored.source), (original.target, restored.target)):
        assert after.segments == before.segments
        assert after.path == before.path
        for seg in after.segments:
            assert after.text[seg.start:seg.end] == seg.text
    for link in restored.links:
        for flag in link.flags:
            if flag.side is not None:
                rebuilt = (restored.source if flag.side == "ar" else restored.target).text
                kept = (original.source if flag.side == "ar" else original.target).text
                assert rebuilt[flag.start:flag.end] == kept[flag.start:flag.end]
    assert to_dict(restored) == to_dict(original)


def test_places_of_a_file_that_is_not_plain_text_are_reported_and_read_back() -> None:
    original = make_alignment()
    # Two blocks on the Arabic side: segments 0-2 in the first table row, 3-4 in the second.
    places = ((0, "table 1, row 1"), (original.source.segments[3].start, "table 1, row 2"))
    alignment = Alignment(replace(original.source, places=places), original.target, original.links, original.signature)
    data = to_dict(alignment)
    assert [s["where"] for s in data["segments"]["ar"]] == ["table 1, row 1"] * 3 + ["table 1, row 2"] * 2
    assert all("where" not in s for s in data["segments"]["en"])
    assert to_dict(from_dict(data)) == data
    text = to_text(alignment)
    assert "[3/5] 1-0  ar 3 → en -  score 0.00  at table 1, row 2  GAP: English target missing" in text
    assert "ar 0 → en 0  score 0.91  at table 1, row 1\n" in text


def test_json_accepts_numpy_scores_and_ids() -> None:
    alignment = make_alignment()
    alignment.links[0] = Link(ar=(numpy.int64(0),), en=(numpy.int64(0),), score=numpy.float32(0.5))
    alignment.signature["threshold"] = numpy.float32(0.25)
    data = json.loads(to_json(alignment))
    assert data["links"][0] == {"ar": [0], "en": [0], "score": 0.5, "flags": []}


def test_summary_counts_links_and_flags() -> None:
    counts = summary(make_alignment())
    assert counts["links"] == 5
    assert counts["flags_by_code"] == {"added-text": 1, "low-score": 1, "missing-translation": 1, "quote-mismatch": 1}
    assert counts["flags_by_severity"] == {"error": 1, "warning": 1, "info": 2}


def test_vecalign_lines_for_gaps_and_merges() -> None:
    assert to_vecalign(make_alignment()).splitlines() == ["[0]:[0]", "[1, 2]:[1]", "[3]:[]", "[]:[2]", "[4]:[3]"]


def test_tsv_has_one_row_per_link_and_six_columns() -> None:
    alignment = make_alignment()
    rows = [line.split("\t") for line in to_tsv(alignment).splitlines()]
    assert rows[0] == ["ar_ids", "en_ids", "score", "ar", "en", "flags"]
    assert len(rows) == len(alignment.links) + 1
    assert all(len(row) == 6 for row in rows)
    assert rows[2][:2] == ["1,2", "1"]
    assert rows[2][3] == AR[1] + " " + AR[2]
    assert rows[4][1] == "2" and rows[4][0] == "" and rows[4][5] == "added-text,low-score"


def test_tsv_flattens_tabs_and_line_breaks_in_texts() -> None:
    alignment = Alignment(build_side("ar", ["سطر\tأول\nثان"]), build_side("en", ["line\r\ntwo"]),
                          [Link(ar=(0,), en=(0,), score=0.5)])
    rows = to_tsv(alignment).splitlines()
    assert len(rows) == 2
    assert rows[1].split("\t")[3:5] == ["سطر أول ثان", "line two"]


def test_text_report_shows_flags_and_missing_sides() -> None:
    text = to_text(make_alignment())
    assert "\x1b" not in text
    assert "ERROR missing-translation: Arabic sentence has no English translation." in text
    assert "WARNING added-text" in text and "INFO low-score" in text
    assert "English target missing" in text and "Arabic source missing" in text
    assert f"  AR (source) | {AR[0]}\n  EN (target) | {EN[0]}\n" in text
    assert AR[0] in text and EN[0] in text
    assert "Summary" in text and "missing-translation" in text.split("Summary")[1]
    flag_lines = text.split("quote-mismatch:")[1].splitlines()
    assert flag_lines[1].strip().endswith("«"), "a flagged span inside a segment is quoted"


def test_text_report_neutralises_bidi_overrides_and_escape_sequences() -> None:
    alignment = Alignment(build_side("ar", ["نص\u202eمعكوس"]), build_side("en", ["evil \x1b[2J text"]),
                          [Link(ar=(0,), en=(0,), score=0.5)])
    text = to_text(alignment)
    assert "\u202e" not in text and "<U+202E>" in text
    assert "\x1b" not in text and "<U+001B>" in text


def test_text_report_prints_a_quote_in_plain_marks_and_escapes_controls_inside_it() -> None:
    arabic = "نص\u2069 خبيث"  # a stray pop-isolate in the text itself
    message = f"The Arabic '{quote(arabic)}' has no English translation."
    link = Link(ar=(0,), en=(), score=0.0, flags=(Flag("missing-translation", "error", message, "ar", 0, len(arabic)),))
    text = to_text(Alignment(build_side("ar", [arabic]), build_side("en", []), [link]))
    assert "ERROR missing-translation: The Arabic 'نص<U+2069> خبيث' has no English translation." in text


def test_text_report_colours_only_on_request() -> None:
    assert "\x1b[" in to_text(make_alignment(), color=True)


def test_empty_alignment_reports_cleanly() -> None:
    alignment = Alignment(build_side("ar", []), build_side("en", []), [])
    assert from_dict(to_dict(alignment)).links == []
    assert re.search(r"links\s+0\b", to_text(alignment))
    assert to_vecalign(alignment) == ""


def _broken(change) -> dict:
    data = copy.deepcopy(to_dict(make_alignment()))
    change(data)
    return data


@pytest.mark.parametrize("change", [
    lambda d: d.update(version="2"),
    lambda d: d.pop("links"),
    lambda d: d["source"].update(lang="en"),
    lambda d: d["target"].update(lang="fr"),
    lambda d: d["source"].pop("lang"),
    lambda d: d["segments"]["ar"][1].update(start=0),
    lambda d: d["segments"]["ar"][0].update(text="قصير"),
    lambda d: d["segments"]["en"][0].update(id=5),
    lambda d: d["segments"]["ar"][-1].update(start=10**12, end=10**12 + len(AR[-1])),
    lambda d: d["links"][0].update(ar=[7]),
    lambda d: d["links"][0].update(ar=["0"]),
    lambda d: d["links"].pop(1),
    lambda d: d["links"].append({"ar": [], "en": [], "score": 0, "flags": []}),
    lambda d: d["links"][0].update(score="high"),
    lambda d: d["links"][0]["flags"][0].update(severity="fatal"),
    lambda d: d["links"][0]["flags"][0].update(end=10**6),
    lambda d: d["links"][0]["flags"][0].pop("message"),
    lambda d: d.update(segments=[]),
])
def test_malformed_reports_are_refused(change) -> None:
    with pytest.raises(InputError):
        from_dict(_broken(change))


@pytest.mark.parametrize("text", ["", "{", "[]", "null", '{"version": "1"}'])
def test_non_report_json_is_refused(text: str) -> None:
    with pytest.raises(InputError):
        from_json(text)
