"""Fuzz the input readers and the TMX importer for a bounded time (not part of CI).

Hypothesis generates inputs (random bytes, hostile Unicode, mutated TMX with
entity declarations, DOCTYPEs and truncations); every input must be read or
refused with an ``InputError``. Any other exception is a bug: the script
prints the input that caused it and exits 1.

Usage: python scripts/fuzz.py [--seconds 300]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from test_properties import arabic_text, english_text, hostile_text  # noqa: E402

from align.errors import InputError  # noqa: E402
from align.io.text import read_mixed, read_pair, read_text  # noqa: E402
from align.io.tmx import read_tmx  # noqa: E402

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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=300.0, help="time budget (default 300)")
    args = parser.parse_args()
    scratch = tempfile.TemporaryDirectory(prefix="align-fuzz-")
    folder = Path(scratch.name)
    counts = {"read_text": 0, "read_mixed": 0, "read_pair": 0, "read_tmx": 0}
    deadline = time.monotonic() + args.seconds

    def write(name: str, data: bytes) -> Path:
        path = folder / name
        path.write_bytes(data)
        return path

    def survives(name: str, call) -> None:  # noqa: ANN001 - any reader
        counts[name] += 1
        try:
            call()
        except InputError:
            pass

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

    started = time.monotonic()
    while time.monotonic() < deadline:
        for target in (readers, pairs, tmx):
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
