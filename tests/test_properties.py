"""Invariants that hold for any input, checked on random Unicode and random bytes.

Every stage either gives a well-formed result or refuses with an ``InputError``
(exit 2 in the CLI) — never another exception: readers, mixed-document
splitting, alignment, checks, and the TMX round trip.
"""

from __future__ import annotations

import itertools
import tempfile
from pathlib import Path

import numpy as np
from conftest import HashingEmbedder, build_side
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from align import pipeline
from align.aligner import AlignParams, align, link_types_up_to
from align.checks.runner import check_alignment
from align.errors import InputError
from align.io.text import read_mixed, read_pair, read_text
from align.io.tmx import read_tmx, write_tmx
from align.model import Alignment, Link, Side

# Characters the rules care about, plus the troublemakers of issue 6: bidi and
# zero-width controls, presentation forms, diacritics, Persian/Urdu letters,
# Arabic-Indic digits, brackets, NUL and other controls.
_HOSTILE = list(
    "0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹ .-–—()[]{}«»﴾﴿\"'?!؟،؛…\n\r\t\x00\x07\x1b\x85"
    "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c\ufeff"
    "ﻻﺍﻟﺴﻼﻡﷺﷲ"  # presentation forms
    "ًٌٍَُِّْٰٓ"  # diacritics
    "پچژگکیےٹڈڑںھ"  # Persian and Urdu letters
    "ابتثجحخدذرسشصضطظعغفقكلمنهويءآأإىةـ"
)
_WORDS = ["د.", "U.S.", "Mr.", "3 –", "٣-", "(4)", "used. used.", "freedom freedom", "~HC]", "[note", "لا", "not", "\r\n", "\n\n"]
hostile_text = st.lists(
    st.one_of(
        st.sampled_from(_HOSTILE + _WORDS),
        st.text(st.characters(blacklist_categories=("Cs",)), max_size=4),
        st.text("abcXYZ ", min_size=1, max_size=8),
    ),
    max_size=80,
).map("".join)

#: Texts that pass the language check most of the time, so the pipeline itself gets exercised.
arabic_text = st.lists(
    st.one_of(st.sampled_from(["وقال", "الرئيس", "إن", "المحادثات", "ستستمر", "بغداد", "لا", "١٠", "سنوات.", "\n", "، "]), hostile_text),
    min_size=1,
    max_size=30,
).map(" ".join)
english_text = st.lists(
    st.one_of(st.sampled_from(["He", "said", "the", "talks", "would", "last", "Baghdad", "not", "10", "years.", "\n", ", "]), hostile_text),
    min_size=1,
    max_size=30,
).map(" ".join)

_XML_ILLEGAL = set(range(0x00, 0x09)) | {0x0B, 0x0C} | set(range(0x0E, 0x20)) | {0xFFFE, 0xFFFF}
xml_text = st.text(
    st.characters(blacklist_categories=("Cs",)).filter(lambda c: ord(c) not in _XML_ILLEGAL), min_size=1, max_size=40
)

_SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


_SCRATCH = tempfile.TemporaryDirectory(prefix="align-prop-")
_FILE_NUMBERS = itertools.count()


def _written(data: bytes | str, suffix: str = ".txt") -> Path:
    """``data`` in a scratch file (a new name each time: a pair needs two files at once)."""
    folder = Path(_SCRATCH.name)
    path = folder / f"input-{next(_FILE_NUMBERS)}{suffix}"
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8", newline="")
    else:
        path.write_bytes(data)
    return path


def _check_side(side: Side) -> None:
    previous_end = 0
    for i, seg in enumerate(side.segments):
        assert seg.id == i
        assert side.text[seg.start : seg.end] == seg.text
        assert previous_end <= seg.start < seg.end
        previous_end = seg.end


def _check_links(alignment: Alignment) -> None:
    """Links in order, each segment of each side in exactly one link."""
    for lang, count in (("ar", len(alignment.source.segments)), ("en", len(alignment.target.segments))):
        ids = [i for link in alignment.links for i in getattr(link, lang)]
        assert ids == list(range(count))
    for link in alignment.links:
        assert link.ar or link.en
        assert list(link.ar) == list(range(link.ar[0], link.ar[0] + len(link.ar))) if link.ar else True
        assert list(link.en) == list(range(link.en[0], link.en[0] + len(link.en))) if link.en else True


def _check_flag_spans(alignment: Alignment) -> None:
    """Every flag with a span points inside its side's text."""
    for link in alignment.links:
        for flag in link.flags:
            side = alignment.source if flag.side == "ar" else alignment.target
            if flag.start is not None:
                assert 0 <= flag.start < flag.end <= len(side.text)


@_SETTINGS
@given(data=st.one_of(st.binary(max_size=400), hostile_text.map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_any_bytes_are_read_or_refused_with_a_reason(data: bytes) -> None:
    path = _written(data)
    try:
        text = read_text(path)
    except InputError as error:
        assert str(path) in str(error)
        return
    assert text.strip()


@_SETTINGS
@given(text=hostile_text)
def test_any_mixed_document_splits_into_well_formed_sides_or_is_refused(text: str) -> None:
    try:
        source, target = read_mixed(_written(text))
    except InputError:
        return
    _check_side(source)
    _check_side(target)
    assert source.segments and target.segments
    ar_chars = {k for s in source.segments for k in range(s.start, s.end)}
    en_chars = {k for s in target.segments for k in range(s.start, s.end)}
    assert not ar_chars & en_chars, "no character is both Arabic and English"


@_SETTINGS
@given(ar=arabic_text, en=english_text, presegmented=st.booleans())
def test_any_pair_runs_through_the_pipeline_or_is_refused(ar: str, en: str, presegmented: bool) -> None:
    try:
        source, target = read_pair(_written(ar), _written(en), presegmented=presegmented)
    except InputError:
        event("refused")
        return
    event("aligned")
    _check_side(source)
    _check_side(target)
    alignment = pipeline.run(source, target, embedder=HashingEmbedder(), progress=lambda fraction, stage: None)
    _check_links(alignment)
    _check_flag_spans(alignment)


@_SETTINGS
@given(
    n=st.integers(0, 40),
    m=st.integers(0, 40),
    max_link=st.integers(2, 8),
    seed=st.integers(0, 2**32 - 1),
    grouped=st.sampled_from([None, 0, 1]),
)
def test_alignment_is_monotone_and_covers_every_segment_once(n: int, m: int, max_link: int, seed: int, grouped: int | None) -> None:
    """Also where one side's segments are the clauses of sentences (``groups``): then the beads hold every
    sentence of that side exactly once, whole, at most ``max_link - 1`` of them in one bead."""
    rng = np.random.default_rng(seed)
    params = AlignParams(
        link_types=link_types_up_to(min(max_link, 4)), max_total=max_link, full_dp_cells=rng.choice([50, 40_000])
    )

    def windows(count: int, column: int) -> list[np.ndarray]:
        base = rng.standard_normal((count, 8)).astype(np.float32)
        out = []
        for k in range(1, max(t[column] for t in params.link_types) + 1):
            summed = np.array([base[i : i + k].sum(axis=0) for i in range(count - k + 1)], np.float32).reshape(-1, 8)
            out.append(summed / np.maximum(np.linalg.norm(summed, axis=1, keepdims=True), 1e-9))
        return out

    sizes = [n, m]
    groups: list[np.ndarray | None] = [None, None]
    if grouped is not None and sizes[grouped]:
        starts = np.flatnonzero(rng.random(sizes[grouped]) < 0.5)
        group = np.zeros(sizes[grouped], dtype=np.int64)
        group[starts[starts > 0]] = 1
        groups[grouped] = np.cumsum(group)
        sizes[grouped] = int(groups[grouped][-1]) + 1
    beads = align(
        windows(n, 0), windows(m, 1), rng.integers(1, 300, n).astype(float), rng.integers(1, 300, m).astype(float), params,
        groups=(groups[0], groups[1]),
    )
    assert [i for b in beads for i in b.src] == list(range(sizes[0]))
    assert [j for b in beads for j in b.tgt] == list(range(sizes[1]))
    if grouped is None or not sizes[grouped]:
        assert all(len(b.src) + len(b.tgt) <= max(max_link, 2) for b in beads)
    else:  # a sentence is linked to all its clauses were: the cap bounds its side, not the other
        assert all(len((b.src, b.tgt)[grouped]) <= max_link - 1 for b in beads)
    assert all(len(b.src) + len(b.tgt) == 1 for b in beads if not (b.src and b.tgt))
    assert all(0.0 <= b.score <= 1.0 for b in beads)


@_SETTINGS
@given(pairs=st.lists(st.tuples(hostile_text, hostile_text), min_size=1, max_size=4), score=st.floats(0, 1))
def test_checks_never_fail_and_point_inside_the_text(pairs: list[tuple[str, str]], score: float) -> None:
    ar = [a or "نص" for a, _ in pairs]
    en = [e or "text" for _, e in pairs]
    alignment = Alignment(build_side("ar", ar), build_side("en", en), [Link((i,), (i,), score) for i in range(len(pairs))])
    _check_flag_spans(check_alignment(alignment))


@_SETTINGS
@given(pairs=st.lists(st.tuples(xml_text, xml_text), min_size=1, max_size=5))
def test_tmx_export_then_import_keeps_every_segment_byte_for_byte(pairs: list[tuple[str, str]]) -> None:
    ar = [a for a, _ in pairs]
    en = [e for _, e in pairs]
    alignment = Alignment(build_side("ar", ar), build_side("en", en), [Link((i,), (i,), 0.5) for i in range(len(pairs))])
    path = _written(b"", suffix=".tmx")
    assert write_tmx(alignment, path) == len(pairs)
    assert read_tmx(path).pairs == pairs
