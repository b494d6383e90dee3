"""Fuzz the input readers and the TMX importer for a bounded time (not part of CI).

Hypothesis generates inputs (random bytes, hostile Unicode, mutated TMX with
entity declarations, DOCTYPEs and truncations; files that are not regular
files: a FIFO, /dev/zero, a directory, links to them; sizes at the extremes:
empty, at and over the input limit, one line of the whole size, the most tiny
lines); every input must be read or refused with an ``InputError``, within
``_HANG_S`` seconds, and a side read must keep the segment limits. Anything
else is a bug: the script prints the input that caused it and exits 1.

The input limit is lowered to ``_LIMIT_MB`` for the run so that files at and
over it are quick to write and read.

Usage: python scripts/fuzz.py [--seconds 300]
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from test_properties import arabic_text, english_text, hostile_text  # noqa: E402

from align.errors import InputError  # noqa: E402
from align.io.jobs import load, one_job  # noqa: E402
from align.io.text import MAX_INPUT_ENV, read_mixed, read_pair, read_text  # noqa: E402
from align.io.tmx import read_tmx  # noqa: E402
from align.model import Side  # noqa: E402
from align.segment.sentences import MAX_SEGMENT_CHARS, MAX_SEGMENTS  # noqa: E402

#: The input limit during the run (MB): files at and over it stay cheap.
_LIMIT_MB = 0.25
_LIMIT = int(_LIMIT_MB * 2**20)
#: A read taking longer than this is a hang (a FIFO read blocks forever).
_HANG_S = 20
#: How a path that is no regular file is refused, before anything is read from it.
_REFUSALS = ("not a regular file", "is a directory", "no such file", "cannot be read")
#: What fills a file of a given size: one line of prose, no sentence end, tiny lines, no space at all.
_FILLERS = ["وقال الرئيس إن المحادثات ستستمر، ", "He said the talks would last, ", "ب\n", "a\n", "ب", "a", "Yes. "]

_TMX = (
    '<?xml version="1.0" encoding="UTF-8"?>{doctype}<tmx version="1.4"><header srclang="ar" datatype="plaintext" '
    'segtype="sentence" adminlang="en" o-tmf="x" creationtool="x" creationtoolversion="1"/><body>'
    '<tu><tuv xml:lang="{ar_lang}"><seg>{ar}</seg></tuv><tuv xml:lang="en"><seg>{en}</seg></tuv></tu>{extra}</body></tmx>'
)
_DOCTYPES = [
    "",
    '<!DOCTYPE tmx SYSTEM "tmx14.dtd">',
    '<!DOCTYPE tmx [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>',
    '<!DOCTYPE tmx [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    '<!DOCTYPE tmx [<!ENTITY x SYSTEM "http://127.0.0.1:9/x">]>',
]
_FRAGMENTS = ["", "&b;", "&x;", "<ph>1</ph>", "<bpt i='1'>[</bpt>", "]]>", "<![CDATA[x]]>", "&#0;", "&#x1F600;", "<tu>", "</seg>"]

tmx_documents = st.builds(
    lambda doctype, ar_lang, ar, en, extra, cut: _TMX.format(doctype=doctype, ar_lang=ar_lang, ar=ar, en=en, extra=extra)[:cut],
    st.sampled_from(_DOCTYPES),
    st.sampled_from(["ar", "AR-sa", "en", "fr", ""]),
    st.one_of(arabic_text, st.sampled_from(_FRAGMENTS)),
    st.one_of(english_text, st.sampled_from(_FRAGMENTS)),
    st.sampled_from(_FRAGMENTS),
    st.integers(40, 10_000),
)


class Hang(Exception):
    """A read that did not finish within ``_HANG_S`` seconds."""


def _hang(signum: int, frame: object) -> None:
    raise Hang(f"no answer within {_HANG_S} s")


def _within_limits(side: Side) -> None:
    """A side read must keep the segment limits and its offsets."""
    assert len(side.segments) <= MAX_SEGMENTS, len(side.segments)
    for segment in side.segments:
        assert len(segment.text) <= MAX_SEGMENT_CHARS and side.text[segment.start : segment.end] == segment.text


def non_regular(folder: Path) -> dict[str, Path]:
    """Paths that are not regular files: each must be refused without being read."""
    fifo = folder / "pipe.txt"
    os.mkfifo(fifo)
    directory = folder / "folder.txt"
    directory.mkdir()
    links = {"link to /dev/zero": "/dev/zero", "link to a FIFO": str(fifo), "link to a folder": str(directory),
             "dangling link": str(folder / "nothing")}
    paths = {"FIFO": fifo, "directory": directory, "/dev/zero": Path("/dev/zero"), "/dev/null": Path("/dev/null"),
             "/dev/urandom": Path("/dev/urandom")}
    for name, target in links.items():
        paths[name] = folder / f"{name.replace(' ', '-').replace('/', '')}.txt"
        paths[name].symlink_to(target)
    return paths


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=300.0, help="time budget (default 300)")
    args = parser.parse_args()
    os.environ[MAX_INPUT_ENV] = str(_LIMIT_MB)
    signal.signal(signal.SIGALRM, _hang)
    scratch = tempfile.TemporaryDirectory(prefix="align-fuzz-")
    folder = Path(scratch.name)
    special = non_regular(folder)
    counts = {"read_text": 0, "read_mixed": 0, "read_pair": 0, "read_tmx": 0, "non-regular files": 0, "size extremes": 0}
    deadline = time.monotonic() + args.seconds

    def write(name: str, data: bytes) -> Path:
        path = folder / name
        path.write_bytes(data)
        return path

    def survives(name: str, call: Callable[[], object]) -> object:
        """What ``call`` read, or the ``InputError`` that refused it."""
        counts[name] += 1
        signal.alarm(_HANG_S)
        try:
            return call()
        except InputError as error:
            return error
        finally:
            signal.alarm(0)

    fuzz = settings(max_examples=500, deadline=None, database=None, suppress_health_check=list(HealthCheck))

    @fuzz
    @given(st.one_of(st.binary(max_size=2000), hostile_text.map(lambda t: t.encode("utf-8", "surrogatepass"))))
    def readers(data: bytes) -> None:
        path = write("input.txt", data)
        survives("read_text", lambda: read_text(path))
        survives("read_mixed", lambda: read_mixed(path))

    @fuzz
    @given(arabic_text, english_text, st.booleans())
    def pairs(ar: str, en: str, presegmented: bool) -> None:
        ar_path = write("a.txt", ar.encode("utf-8", "surrogatepass"))
        en_path = write("e.txt", en.encode("utf-8", "surrogatepass"))
        survives("read_pair", lambda: read_pair(ar_path, en_path, presegmented=presegmented))

    @fuzz
    @given(st.one_of(tmx_documents.map(lambda t: t.encode("utf-8", "surrogatepass")), st.binary(max_size=2000)))
    def tmx(data: bytes) -> None:
        path = write("input.tmx", data)
        survives("read_tmx", lambda: read_tmx(path))

    @fuzz
    @given(st.sampled_from(sorted(special)), st.sampled_from(["ar", "en", "doc", "tmx"]))
    def devices(kind: str, role: str) -> None:
        # Each reader, and the one loader, on a path that is no regular file.
        good = write("good.en.txt", b"He said the talks would last three days.\n")
        path = special[kind]
        calls = {
            "ar": lambda: read_pair(path, good),
            "en": lambda: read_pair(write("good.ar.txt", "قال إن المحادثات ستستمر.".encode()), path),
            "doc": lambda: load(one_job(path)),
            "tmx": lambda: read_tmx(path),
        }
        refusal = survives("non-regular files", calls[role])
        assert isinstance(refusal, InputError) and any(words in str(refusal) for words in _REFUSALS), f"{kind} as {role}: {refusal}"

    @fuzz
    @given(
        st.sampled_from(_FILLERS), st.sampled_from(_FILLERS),
        st.one_of(st.sampled_from([0, 1, _LIMIT - 1, _LIMIT, _LIMIT + 1]), st.integers(0, _LIMIT + 10)),
        st.booleans(),
    )
    def sizes(ar_fill: str, en_fill: str, size: int, presegmented: bool) -> None:
        def filled(fill: str) -> bytes:
            unit = fill.encode()
            return (unit * (size // len(unit) + 1))[:size]

        ar_path, en_path = write("big.ar.txt", filled(ar_fill)), write("big.en.txt", filled(en_fill))
        sides = survives("size extremes", lambda: read_pair(ar_path, en_path, presegmented=presegmented))
        if isinstance(sides, tuple):
            for side in sides:
                _within_limits(side)

    started = time.monotonic()
    while time.monotonic() < deadline:
        for target in (readers, pairs, tmx, devices, sizes):
            try:
                target()
            except Exception as error:  # noqa: BLE001 - a bug: report it and stop
                print(f"FAILED in {target.__name__}: {type(error).__name__}: {error}", file=sys.stderr)
                return 1
    seconds = time.monotonic() - started
    total = sum(counts.values())
    print(f"{total:,} inputs in {seconds:.0f} s, no failure: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
