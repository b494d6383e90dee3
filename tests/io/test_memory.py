"""Re-checking translation memories: TMX and XLIFF read safely, their units kept as links."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SEED_BLOG, HashingEmbedder, build_side, run_align

from align import pipeline
from align.errors import InputError
from align.io.memory import read_memory
from align.io.tmx import write_tmx
from align.io.xliff import read_xliff
from align.model import Alignment, Link

XLIFF_12 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file source-language="{src}" target-language="{tgt}" datatype="plaintext" original="doc.txt">
    <body>
      <trans-unit id="1"><source>{s1}</source><target>{t1}</target></trans-unit>
      <trans-unit id="2"><source>{s2}</source></trans-unit>
    </body>
  </file>
</xliff>"""

XLIFF_20 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="ar-SA" trgLang="en-US">
  <file id="f1"><unit id="u1">
    <segment><source>وصل الرئيس <ph id="1"/>إلى بغداد.</source><target>The president arrived in <pc id="2">Baghdad</pc>.</target></segment>
    <segment><source>وقال إن المحادثات ستستمر.</source><target>He said the talks would go on.</target></segment>
  </unit></file>
</xliff>"""

AR = ["وصل الرئيس إلى بغداد.", "وقال إن المحادثات ستستمر 3 أيام."]
EN = ["The president arrived in Baghdad.", "He said the talks would last 5 days."]


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_xliff_12_from_arabic(tmp_path: Path) -> None:
    path = write(tmp_path, "doc.xlf", XLIFF_12.format(src="ar", tgt="en", s1=AR[0], t1=EN[0], s2=AR[1]))
    assert read_xliff(path).pairs == [(AR[0], EN[0]), (AR[1], "")]


def test_xliff_12_from_english_is_read_arabic_first(tmp_path: Path) -> None:
    path = write(tmp_path, "doc.xliff", XLIFF_12.format(src="en-GB", tgt="ar", s1=EN[0], t1=AR[0], s2=EN[1]))
    assert read_xliff(path).pairs == [(AR[0], EN[0]), ("", EN[1])]


def test_xliff_20_segments_and_inline_codes(tmp_path: Path) -> None:
    path = write(tmp_path, "doc.xlf", XLIFF_20)
    assert read_xliff(path).pairs == [
        ("وصل الرئيس إلى بغداد.", "The president arrived in Baghdad."),
        ("وقال إن المحادثات ستستمر.", "He said the talks would go on."),
    ]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (XLIFF_12.format(src="fr", tgt="en", s1="Bonjour", t1="Hello", s2="Oui"), "only Arabic and English"),
        ("<tmx><body/></tmx>", "not an XLIFF file"),
        ("<xliff", "not well-formed"),
        ('<?xml version="1.0"?><!DOCTYPE xliff [<!ENTITY x SYSTEM "file:///etc/passwd">]><xliff>&x;</xliff>', "declares XML entities"),
    ],
    ids=["french", "not xliff", "malformed", "external entity"],
)
def test_bad_xliff_is_an_input_error(tmp_path: Path, text: str, words: str) -> None:
    with pytest.raises(InputError, match=words):
        read_xliff(write(tmp_path, "doc.xlf", text))


def test_memory_units_become_links_gaps_included(tmp_path: Path) -> None:
    alignment = Alignment(
        build_side("ar", [*AR, "جملة بلا ترجمة."]),
        build_side("en", [*EN, "A note with no source."]),
        [Link((0,), (0,), 0.9), Link((1,), (1,), 0.8), Link((2,), (), 0.0), Link((), (2,), 0.0)],
    )
    path = tmp_path / "memory.tmx"
    write_tmx(alignment, path, include_gaps=True)
    source, target, links = read_memory(path)
    assert [s.text for s in source.segments] == [*AR, "جملة بلا ترجمة."]
    assert [s.text for s in target.segments] == [*EN, "A note with no source."]
    assert [(k.ar, k.en) for k in links] == [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((), (2,))]
    assert all(source.text[s.start : s.end] == s.text for s in source.segments)


def test_given_links_are_kept_scored_and_checked(tmp_path: Path) -> None:
    path = write(tmp_path, "doc.xlf", XLIFF_12.format(src="ar", tgt="en", s1=AR[1], t1=EN[1], s2=AR[0]))
    source, target, links = read_memory(path)
    checked = pipeline.run(source, target, embedder=HashingEmbedder(), progress=lambda f, s: None, links=links)
    assert [(k.ar, k.en) for k in checked.links] == [((0,), (0,)), ((1,), ())]
    codes = [{f.code for f in link.flags} for link in checked.links]
    assert "number-mismatch" in codes[0] and "missing-translation" in codes[1]
    assert checked.signature["links"] == "given"
    aligned_anew = pipeline.run(source, target, embedder=HashingEmbedder(), progress=lambda f, s: None)
    assert "links" not in aligned_anew.signature


def test_empty_memory_is_an_input_error(tmp_path: Path) -> None:
    path = write(tmp_path, "empty.xlf", XLIFF_12.format(src="ar", tgt="en", s1=" ", t1="", s2=""))
    with pytest.raises(InputError, match="no Arabic or English text"):
        read_memory(path)


@pytest.mark.model
def test_an_exported_memory_is_rechecked_from_the_command_line(tmp_path: Path) -> None:
    memory = tmp_path / "seed.tmx"
    assert run_align("export", str(SEED_BLOG), "--tmx", str(memory), "--quiet").returncode == 0
    result = run_align("check", str(memory), "--format", "json", "--quiet", "--fail-on", "warning")
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    assert len(report["links"]) == 9 and all(link["ar"] and link["en"] for link in report["links"])
    assert report["summary"]["flags_by_code"]["repeated-word"] == 2


def test_aligning_a_memory_again_points_to_check(tmp_path: Path) -> None:
    path = write(tmp_path, "doc.xlf", XLIFF_12.format(src="ar", tgt="en", s1=AR[0], t1=EN[0], s2=AR[1]))
    result = run_align("align", str(path), "--quiet")
    assert result.returncode == 2 and "align check" in result.stderr and "Traceback" not in result.stderr


def test_a_memory_may_hold_more_units_than_an_aligned_document_but_not_without_bound(tmp_path: Path) -> None:
    from align.io.blocks import Pair, pairs_document
    from align.segment.sentences import MAX_LINKED_UNITS, MAX_SEGMENTS

    # Units linked already are embedded once each and never searched: past the aligned documents' limit.
    many = [Pair(f"جملة {n}", f"Sentence {n}", f"unit {n}") for n in range(MAX_SEGMENTS + 1)]
    source, target, links = pairs_document(tmp_path / "big.tmx", many)
    assert len(source.segments) == len(target.segments) == len(links) == MAX_SEGMENTS + 1
    too_many = [Pair("ج", "s", f"unit {n}") for n in range(MAX_LINKED_UNITS + 1)]
    with pytest.raises(InputError, match=f"{MAX_LINKED_UNITS + 1:,} Arabic segments, over the limit of {MAX_LINKED_UNITS:,}"):
        pairs_document(tmp_path / "bigger.tmx", too_many)
