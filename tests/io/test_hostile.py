"""Issue 6's list of hostile inputs: each gives a result or a one-line error with exit 2."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import REPO, HashingEmbedder, assert_clean_error, run_align

from align import pipeline
from align.cli import main
from align.io.text import read_pair

ENGLISH = "The president arrived in Baghdad this morning. He said the talks would last three days.\n"
ARABIC = "وصل الرئيس إلى بغداد صباح اليوم. وقال إن المحادثات ستستمر ثلاثة أيام.\n"

#: name → bytes of the --ar file (the --en file is plain English), and words the error must contain.
REFUSED = {
    "empty": (b"", "empty"),
    "whitespace only": (b" \n\t\r\n  ", "whitespace"),
    "windows-1256": (ARABIC.encode("cp1256"), "iconv -f CP1256"),
    "invalid utf-8": (b"\xc3\x28 \xa0\xa1 text", "not valid UTF-8"),
    # UTF-8 Arabic also decodes as Windows-1256 letters: a damaged UTF-8 file is not called legacy.
    "utf-8 arabic with a bad byte": (ARABIC.encode() + b"\xff" + ARABIC.encode(), f"byte 0xff at offset {len(ARABIC.encode())}"),
    "binary": (bytes(range(256)) * 4, "binary"),
    "nul bytes": (ARABIC.encode() + b"\x00\x00" + ARABIC.encode(), "NUL"),
    "only punctuation": ("... ،،، ؟!؟ — «» ()".encode(), "no letters"),
    "only numbers": ("١٢٣ 456 ٧٨٩\n2024".encode(), "no letters"),
    "english given as arabic": (ENGLISH.encode(), "swapped"),
}

#: name → text of the --ar file; each must align (English file: plain English).
ACCEPTED = {
    "utf-8 byte-order mark": "\ufeff" + ARABIC,
    "bidi and zero-width controls": "\u202b\u200fوصل\u200c الرئيس\u200d إلى بغداد\u202c صباح اليوم.\u2066 وقال\u2069 إن المحادثات ستستمر ثلاثة أيام.",
    "presentation forms": "ﻭﺻﻞ ﺍﻟﺮﺋﻴﺲ ﺇﻟﻰ ﺑﻐﺪﺍﺩ ﺻﺒﺎﺡ ﺍﻟﻴﻮﻡ. ﻭﻗﺎﻝ ﺇﻥ ﺍﻟﻤﺤﺎﺩﺛﺎﺕ ﺳﺘﺴﺘﻤﺮ ﺛﻼﺛﺔ ﺃﻳﺎﻡ.",
    "diacritics everywhere": "وَصَلَ الرَّئِيسُ إِلَى بَغْدَادَ صَبَاحَ اليَوْمِ. وَقَالَ إِنَّ المُحَادَثَاتِ سَتَسْتَمِرُّ ثَلَاثَةَ أَيَّامٍ.",
    "persian and urdu letters": "رئیس جمهور امروز صبح به بغداد رسید. گفت که گفتگوها سه روز ادامه خواهد داشت۔",
    "mixed scripts in one segment": "وصل الرئيس Joe Biden إلى بغداد (Baghdad) صباح 23/11/2026. وقال إن المحادثات ستستمر ٣ أيام.",
    "arabic-indic digits": "وصل ٢٠ وفدا إلى بغداد عام ٢٠٢٦. وقال إن المحادثات ستستمر ٣ أيام.",
    "one line of 1 MB": ("وقال الرئيس إن المحادثات ستستمر ثلاثة أيام و" * 23_000)[:1_000_000],
}


def run_main(*args: str) -> int:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    return int(exit_info.value.code)


@pytest.fixture
def english_file(tmp_path: Path) -> Path:
    path = tmp_path / "doc.en.txt"
    path.write_text(ENGLISH, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", list(REFUSED))
def test_refused_with_one_line_and_exit_two(name: str, tmp_path: Path, english_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data, words = REFUSED[name]
    ar = tmp_path / "doc.ar.txt"
    ar.write_bytes(data)
    assert run_main("check", "--ar", str(ar), "--en", str(english_file), "--quiet") == 2
    err = capsys.readouterr().err
    assert words in err and str(ar) in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_arabic_and_english_swapped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ar, en = tmp_path / "a.txt", tmp_path / "e.txt"
    ar.write_text(ENGLISH, encoding="utf-8")
    en.write_text(ARABIC, encoding="utf-8")
    assert run_main("check", "--ar", str(ar), "--en", str(en), "--quiet") == 2
    assert "swapped" in capsys.readouterr().err


@pytest.mark.parametrize(("text", "words"), [(ARABIC * 3, "no English"), (ENGLISH * 3, "no Arabic")], ids=["all arabic", "all english"])
def test_mixed_document_in_one_language(text: str, words: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_text(text, encoding="utf-8")
    assert run_main("check", str(doc), "--quiet") == 2
    assert words in capsys.readouterr().err


def test_huge_file_is_refused_before_it_is_read(tmp_path: Path, english_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ar = tmp_path / "huge.ar.txt"
    with ar.open("wb") as handle:
        handle.truncate(200 * 2**20)  # sparse: 200 MB that cost no disk and would take long to read
    assert run_main("check", "--ar", str(ar), "--en", str(english_file), "--quiet") == 2
    assert "limit" in capsys.readouterr().err


def test_size_limit_is_configurable(tmp_path: Path, english_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    ar = tmp_path / "doc.ar.txt"
    ar.write_text(ARABIC * 100, encoding="utf-8")
    monkeypatch.setenv("ALIGN_MAX_INPUT_MB", "0.001")
    assert run_main("check", "--ar", str(ar), "--en", str(english_file), "--quiet") == 2
    assert "ALIGN_MAX_INPUT_MB" in capsys.readouterr().err
    for unusable in ("lots", "inf", "nan", "-1", "0"):
        monkeypatch.setenv("ALIGN_MAX_INPUT_MB", unusable)
        assert run_main("check", "--ar", str(ar), "--en", str(english_file), "--quiet") == 2, unusable
        err = capsys.readouterr().err
        assert "ALIGN_MAX_INPUT_MB" in err and "Traceback" not in err and err.count("\n") == 1


@pytest.mark.parametrize("kind", ["fifo", "/dev/zero", "/dev/urandom", "link to /dev/zero"])
def test_pipes_and_devices_are_refused_without_reading(
    kind: str, tmp_path: Path, english_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A FIFO would block the read forever; a device reports size 0 and never ends.
    if kind == "fifo":
        ar = tmp_path / "pipe.ar"
        os.mkfifo(ar)
    elif kind.startswith("link"):
        ar = tmp_path / "zero.ar"
        ar.symlink_to("/dev/zero")
    else:
        ar = Path(kind)
    assert run_main("check", "--ar", str(ar), "--en", str(english_file), "--quiet") == 2
    err = capsys.readouterr().err
    assert "not a regular file" in err and str(ar) in err and err.count("\n") == 1


def test_utf16_with_byte_order_mark_aligns(tmp_path: Path, english_file: Path) -> None:
    ar = tmp_path / "doc.ar.txt"
    ar.write_bytes(ARABIC.encode("utf-16"))
    source, target = read_pair(ar, english_file)
    alignment = pipeline.run(source, target, embedder=HashingEmbedder(), progress=lambda f, s: None)
    assert [s.text for s in alignment.source.segments] == ["وصل الرئيس إلى بغداد صباح اليوم.", "وقال إن المحادثات ستستمر ثلاثة أيام."]


@pytest.mark.parametrize("name", list(ACCEPTED))
def test_accepted_and_aligned(name: str, tmp_path: Path, english_file: Path) -> None:
    ar = tmp_path / "doc.ar.txt"
    ar.write_text(ACCEPTED[name], encoding="utf-8")
    source, target = read_pair(ar, english_file)
    alignment = pipeline.run(source, target, embedder=HashingEmbedder(), progress=lambda f, s: None)
    for side in (alignment.source, alignment.target):
        assert all(side.text[s.start : s.end] == s.text for s in side.segments)
    assert [i for link in alignment.links for i in link.ar] == list(range(len(source.segments)))
    assert [j for link in alignment.links for j in link.en] == list(range(len(target.segments)))


# --- issue 15: memory and time bounded by the input's size ------------------------------

#: What the README's "Limits" promise for the inputs below, with room for a slower machine.
BOUND_S, BOUND_MB = 60, 1024


@dataclass
class Bounded:
    returncode: int
    stderr: str
    seconds: float
    peak_mb: float


#: Runs the command given and prints its exit code and peak memory (KiB). A child's peak counts the memory
#: of the process it was forked from (kept across exec), here pytest with its models: so this small
#: process starts ``align`` and reads its own child's ``getrusage``.
MEASURE = """
import json, os, subprocess, sys
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
_, status, usage = os.wait4(child.pid, 0)
print(json.dumps([os.waitstatus_to_exitcode(status), usage.ru_maxrss]))
"""


def run_bounded(*args: str, cwd: Path, env: dict[str, str] | None = None) -> Bounded:
    """Run ``align`` in a child process and measure its wall time and peak memory."""
    err = cwd / "stderr.txt"
    with err.open("w") as stderr:
        started = time.monotonic()
        measure = subprocess.Popen(
            [sys.executable, "-c", MEASURE, sys.executable, "-c", "from align.cli import main; main()", *args],
            stdout=subprocess.PIPE, stderr=stderr, cwd=REPO, env={**os.environ, **(env or {})}, text=True,
            start_new_session=True,
        )
        try:
            out, _ = measure.communicate(timeout=3 * BOUND_S)
        except subprocess.TimeoutExpired:
            # Well past the bound: both processes are killed, so a regression fails the test instead of hanging it.
            os.killpg(measure.pid, signal.SIGKILL)
            raise
    returncode, peak_kib = json.loads(out)
    return Bounded(returncode, err.read_text(), time.monotonic() - started, peak_kib / 1024)


def one_line(phrase: str, size: int) -> str:
    """``phrase`` repeated to ``size`` bytes of UTF-8: one line, no sentence end."""
    return phrase * (size // len(phrase.encode("utf-8")))


#: name → (Arabic text, English text, --presegmented).
OVERSIZED = {
    "5 MB on one line": (
        one_line("وقال الرئيس إن المحادثات ستستمر ثلاثة أيام و", 5_000_000),
        one_line("The president said the talks would last three days and ", 5_000_000),
        False,
    ),
    "200k lines of one letter": ("ب\n" * 200_000, "a\n" * 200_000, False),
    "200k lines of one letter, presegmented": ("ب\n" * 200_000, "a\n" * 200_000, True),
}


@pytest.mark.model
@pytest.mark.parametrize("name", list(OVERSIZED))
def test_oversized_input_finishes_or_is_refused_within_the_bound(name: str, tmp_path: Path) -> None:
    ar_text, en_text, presegmented = OVERSIZED[name]
    ar, en = tmp_path / "doc.ar.txt", tmp_path / "doc.en.txt"
    ar.write_text(ar_text, encoding="utf-8")
    en.write_text(en_text, encoding="utf-8")
    args = ["check", "--ar", str(ar), "--en", str(en), "--quiet", "--format", "summary", *(["--presegmented"] * presegmented)]
    # A cache of its own: the vectors are computed, not found from an earlier run.
    result = run_bounded(*args, cwd=tmp_path, env={"ALIGN_CACHE_DIR": str(tmp_path / "cache")})
    assert result.seconds < BOUND_S and result.peak_mb < BOUND_MB, (result.seconds, result.peak_mb)
    assert "Traceback" not in result.stderr
    if presegmented:
        assert result.returncode == 2
        assert result.stderr.strip() == f"align: error: {ar}: 200,000 Arabic segments, over the limit of 50,000 a document; split it into smaller documents"
    else:
        assert result.returncode in (0, 1), result.stderr


def test_presegmented_line_over_the_segment_limit_is_refused_with_its_line(tmp_path: Path, english_file: Path) -> None:
    ar = tmp_path / "doc.ar.txt"
    ar.write_text(ARABIC + ARABIC + "وقال " * 1000 + "\n", encoding="utf-8")
    result = run_align("check", "--ar", str(ar), "--en", str(english_file), "--presegmented", "--quiet")
    assert_clean_error(result, 2, f"{ar}: line 3 holds a segment of 4,999 characters, over the limit of 2,000")
    assert result.stderr.count("\n") == 1


# --- issue 15: Ctrl-C and SIGTERM stop a run at once, leaving no output ----------------


def slow_pair(folder: Path) -> tuple[Path, Path]:
    """A pair that takes the model a minute to embed: 3,000 different sentences a side."""
    rng = random.Random(0)
    words = {"ar": ARABIC.split(), "en": ENGLISH.split()}
    paths = []
    for lang in ("ar", "en"):
        path = folder / f"slow.{lang}.txt"
        path.write_text("\n".join(" ".join(rng.choices(words[lang], k=12)) + "." for _ in range(3000)), encoding="utf-8")
        paths.append(path)
    return paths[0], paths[1]


@pytest.mark.model
@pytest.mark.parametrize(
    ("command", "signum", "ignored_at_start"),
    [("export", signal.SIGINT, False), ("align", signal.SIGINT, True), ("export", signal.SIGTERM, False)],
    ids=["export, Ctrl-C", "align, SIGINT to a background job", "export, SIGTERM"],
)
def test_a_signal_while_embedding_stops_the_run_without_output(
    command: str, signum: signal.Signals, ignored_at_start: bool, tmp_path: Path
) -> None:
    ar, en = slow_pair(tmp_path)
    out = tmp_path / "out.tmx"
    args = ["--ar", str(ar), "--en", str(en), *(["--tmx", str(out)] if command == "export" else [])]
    err = tmp_path / "stderr.txt"
    with err.open("w") as stderr:
        child = subprocess.Popen(
            [sys.executable, "-c", "from align.cli import main; main()", command, *args],
            stdout=subprocess.PIPE, stderr=stderr, cwd=REPO, text=True,
            env={**os.environ, "ALIGN_CACHE_DIR": str(tmp_path / "cache")},
            # A shell starts a background job with SIGINT ignored, as the report did.
            preexec_fn=(lambda: signal.signal(signal.SIGINT, signal.SIG_IGN)) if ignored_at_start else None,
        )
        try:
            deadline = time.monotonic() + 60
            while "embedding:" not in err.read_text() and time.monotonic() < deadline and child.poll() is None:
                time.sleep(0.2)
            assert child.poll() is None, err.read_text()
            child.send_signal(signum)
            sent = time.monotonic()
            stdout, _ = child.communicate(timeout=30)
        finally:
            child.kill()  # a run that ignored the signal must not outlive the test
    assert time.monotonic() - sent < 5
    assert child.returncode == 128 + signum
    # The progress bar redraws its one line with carriage returns; below it, one line says why the run stopped.
    lines = err.read_text().split("\n")
    assert [line for line in lines if line and "embedding:" not in line] == [f"align: interrupted ({signum.name})"]
    assert lines[-2:] == [f"align: interrupted ({signum.name})", ""]
    assert stdout == "" and sorted(p.name for p in tmp_path.iterdir()) == ["cache", "slow.ar.txt", "slow.en.txt", "stderr.txt"]


# --- issue 15: what a TMX export cannot hold is reported, not dropped silently ------------


@pytest.mark.model
def test_tmx_and_xliff_exports_report_the_characters_they_leave_out(
    tmp_path: Path, english_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from align.io.tmx import read_tmx
    from align.io.xliff import read_xliff

    ar, tmx, xliff = tmp_path / "doc.ar.txt", tmp_path / "out.tmx", tmp_path / "out.xlf"
    bell_and_nonchar = ARABIC.replace("صباح", "صباح\x07\ufffe", 1).replace("ستستمر", "ستستمر\x1b", 1)
    ar.write_text(bell_and_nonchar, encoding="utf-8")
    args = ("export", "--ar", str(ar), "--en", str(english_file), "--tmx", str(tmx), "--xliff", str(xliff), "--quiet")
    assert run_main(*args) == 0
    assert capsys.readouterr().err == (
        "align: warning: left out 3 characters XML cannot hold (control characters, U+FFFE, U+FFFF) "
        "from 2 units (ids 0, 1); each says so in a <note>\n"
    )
    expected = ["وصل الرئيس إلى بغداد صباح اليوم.", "وقال إن المحادثات ستستمر ثلاثة أيام."]
    assert [a for a, _ in read_tmx(tmx).pairs] == [a for a, _ in read_xliff(xliff).pairs] == expected
    for written in (tmx, xliff):
        notes = written.read_text(encoding="utf-8")
        assert "2 characters XML cannot hold left out of this unit's text: U+0007, U+FFFE" in notes
        assert "1 character XML cannot hold left out of this unit's text: U+001B" in notes


# --- issue 15: every line end is a line end -------------------------------------------

ARABIC_LINES = ["وصل الرئيس إلى بغداد صباح اليوم.", "وقال إن المحادثات ستستمر ثلاثة أيام.", "وغادر الوفد مساء."]
ENGLISH_LINES = ["The president arrived in Baghdad this morning.", "He said the talks would last three days.", "The delegation left in the evening."]


def aligned_segments(tmp_path: Path, newline: str, *args: str) -> list[list[str]]:
    ar, en = tmp_path / f"{len(newline)}.ar.txt", tmp_path / f"{len(newline)}.en.txt"
    ar.write_text(newline.join(ARABIC_LINES) + newline, encoding="utf-8")
    en.write_text(newline.join(ENGLISH_LINES) + newline, encoding="utf-8")
    result = run_align("align", "--ar", str(ar), "--en", str(en), "--format", "json", "-q", *args)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    segments = report["segments"]
    return [[segments[side][i]["text"] for i in link[side]] for link in report["links"] for side in ("ar", "en")]


@pytest.mark.model
@pytest.mark.parametrize("presegmented", [True, False], ids=["presegmented", "sentences"])
@pytest.mark.parametrize("newline", ["\r", "\r\n", "\u2028", "\u2029"], ids=["CR", "CRLF", "LS", "PS"])
def test_old_mac_windows_and_unicode_line_ends_split_as_lf_does(newline: str, presegmented: bool, tmp_path: Path) -> None:
    args = ("--presegmented",) if presegmented else ()
    expected = [[line] for pair in zip(ARABIC_LINES, ENGLISH_LINES) for line in pair]
    assert aligned_segments(tmp_path, "\n", *args) == expected
    assert aligned_segments(tmp_path, newline, *args) == expected
