"""Subtitles (SRT, WebVTT): cues as segments placed by their timecodes, dual subtitles as pairs, non-subtitles refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import AR, EN, assert_clean_error, run_align

from align.errors import InputError
from align.io.blocks import ReadOptions
from align.io.subtitles import read_cues, read_document, read_side

OPTIONS = ReadOptions()
TIMES = [("00:00:01,000", "00:00:04,000"), ("00:00:04,500", "00:00:07,250"), ("00:01:02,000", "00:01:05,000")]


def srt(cues: list[str]) -> str:
    return "\n".join(f"{n}\n{start} --> {end}\n{text}\n" for n, ((start, end), text) in enumerate(zip(TIMES, cues), start=1))


def vtt(cues: list[str]) -> str:
    blocks = [f"{start.replace(',', '.')} --> {end.replace(',', '.')} align:start\n{text}\n" for (start, end), text in zip(TIMES, cues)]
    return "WEBVTT - a title\n\nNOTE a comment\n\n" + "\n".join(blocks)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_srt_cues_are_segments_placed_by_timecode_tags_left_out(tmp_path: Path) -> None:
    path = write(tmp_path, "x.en.srt", srt([f"<i>{EN[0]}</i>", f"{EN[1]}\n{EN[2]}", '<font color="#fff">' + EN[3] + "</font>"]))
    side = read_side(path, "en", OPTIONS)
    assert [s.text for s in side.segments] == [EN[0], f"{EN[1]}\n{EN[2]}", EN[3]]
    assert [side.where(s.start) for s in side.segments] == [
        "cue 1, 00:00:01,000 --> 00:00:04,000", "cue 2, 00:00:04,500 --> 00:00:07,250", "cue 3, 00:01:02,000 --> 00:01:05,000",
    ]


def test_webvtt_cues_keep_webvtt_timecodes_and_drop_voice_tags(tmp_path: Path) -> None:
    path = write(tmp_path, "x.ar.vtt", vtt([f"<v Speaker>{AR[0]}</v>", AR[1], AR[4]]))
    cues = read_cues(path)
    assert [c.text for c in cues] == [AR[0], AR[1], AR[4]]
    assert cues[1].where == "cue 2, 00:00:04.500 --> 00:00:07.250"


def test_dual_subtitles_alone_are_pairs_a_one_language_cue_a_gap(tmp_path: Path) -> None:
    path = write(tmp_path, "dual.srt", srt([f"{AR[0]}\n{EN[0]}", f"{EN[3]}\n{AR[4]}", AR[3]]))
    source, target, links = read_document(path, OPTIONS)
    assert [s.text for s in source.segments] == [AR[0], AR[4], AR[3]] and [s.text for s in target.segments] == [EN[0], EN[3]]
    assert links is not None and [(k.ar, k.en) for k in links] == [((0,), (0,)), ((1,), (1,)), ((2,), ())]
    assert source.where(source.segments[2].start) == "cue 3, 00:01:02,000 --> 00:01:05,000"


def test_one_language_subtitles_alone_say_to_give_the_translation(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="English only.*--ar FILE --en FILE"):
        read_document(write(tmp_path, "x.srt", srt(EN[:3])), OPTIONS)


def test_check_dual_subtitles_and_a_pair_from_the_command_line(tmp_path: Path) -> None:
    dual = write(tmp_path, "dual.vtt", vtt([f"{AR[0]}\n{EN[0]}", AR[3]]))
    result = run_align("check", str(dual), "--quiet")
    assert result.returncode == 1, result.stderr
    assert "at cue 2, 00:00:04.500 --> 00:00:07.250  GAP: English target missing" in result.stdout
    ar = write(tmp_path, "x.ar.srt", srt([AR[0], AR[4]]))
    en = write(tmp_path, "x.en.vtt", vtt([EN[0], EN[3]]))
    pair = run_align("check", "--ar", str(ar), "--en", str(en), "--format", "json", "--quiet")
    assert pair.returncode == 0, pair.stderr
    report = json.loads(pair.stdout)
    assert [s["where"] for s in report["segments"]["ar"]] == ["cue 1, 00:00:01,000 --> 00:00:04,000", "cue 2, 00:00:04,500 --> 00:00:07,250"]


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("x.srt", bytes(range(256)) * 16, "binary"),
        ("x.srt", b"\x1f\x8b\x08\x00" + b"\x00" * 64, "NUL"),
        ("x.srt", "Just a paragraph of text.\nAnother line.\n".encode(), "not a SubRip subtitle file"),
        ("x.vtt", srt(EN[:2]).encode(), "not a WebVTT subtitle file"),
        ("x.srt", b"1\n00:00:01,000 --> 00:0x:04,000\nHello\n", "no cue with text and valid times"),
    ],
    ids=["binary renamed", "gzip renamed", "plain text", "srt named vtt", "bad timecode"],
)
def test_files_that_are_not_subtitles_are_refused(tmp_path: Path, name: str, content: bytes, words: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert_clean_error(run_align("check", str(path), "--quiet"), 2, words)


def test_subtitles_over_the_size_limit_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "x.srt", srt([AR[0]] * 3) * 20)
    monkeypatch.setenv("ALIGN_MAX_INPUT_MB", "0.001")
    with pytest.raises(InputError, match="limit"):
        read_cues(path)
