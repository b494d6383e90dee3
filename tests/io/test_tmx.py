"""TMX export: valid TMX 1.4b, lossless round trip, gaps, notes and props, safe reading."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import REPO, build_side
from lxml import etree
from translate.storage.tmx import tmxfile

from align.errors import InputError
from align.io.safexml import left_out
from align.io.tmx import read_tmx, to_tmx, write_tmx
from align.model import Alignment, Flag, Link, Locales

DTD_PATH = REPO / "tests" / "data" / "tmx14.dtd"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

AR = [
    "قال الرئيس: «لن نتراجع» & أضاف <شيئاً> و\"اقتباس\" و'آخر'.",
    "  جملة ثانية \u200fمع علامة اتجاه\u200f\r\nعلى سطرين\t",
    "وجملة ملحقة بها 😀 ‍👩‍👩‍👧.",
    "جملة بلا ترجمة\u202e مع تجاوز اتجاه.",
    "نص فيه محارف تحكم\x00\x07\x0b\x1f\ufffe ممنوعة.",
]
EN = [
    'The president said: "We will not back down" & added <something> and \'another\'.',
    "A second sentence with a mark\u200e, ]]> and &amp; written out. ",
    "An added sentence 'not in the source'.",
    "Text with control\x00\x07\x0b\x1f\ufffe characters forbidden.",
]
FORBIDDEN = "\x00\x07\x0b\x1f\ufffe"

def make_alignment() -> Alignment:
    source, target = build_side("ar", AR), build_side("en", EN)
    return Alignment(
        source=source,
        target=target,
        links=[
            Link(ar=(0,), en=(0,), score=0.91),
            Link(ar=(1, 2), en=(1,), score=0.77, flags=[
                Flag("repeated-word", "warning", "Word «مع» & <tag> repeated.", "ar", 5, 10),
                Flag("length-ratio", "info", "English is short for two Arabic sentences."),
            ]),
            Link(ar=(3,), en=(), flags=[
                Flag("missing-translation", "error", "Arabic sentence has no English translation.", "ar"),
            ]),
            Link(ar=(), en=(2,), flags=[
                Flag("added-text", "warning", "English sentence has no Arabic source.", "en"),
            ]),
            Link(ar=(4,), en=(3,), score=0.5),
        ],
        signature={"model": "multilingual-e5-small", "window": 4},
    )


def parse(path: Path) -> etree._ElementTree:
    return etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))


def units(path: Path) -> list[etree._Element]:
    return parse(path).getroot().findall("body/tu")


def without_forbidden(text: str) -> str:
    return text.translate(dict.fromkeys(map(ord, FORBIDDEN)))


@pytest.mark.parametrize("include_gaps", [False, True])
def test_export_is_valid_tmx14(tmp_path: Path, include_gaps: bool) -> None:
    out = tmp_path / "out.tmx"
    write_tmx(make_alignment(), out, include_gaps=include_gaps)
    dtd = etree.DTD(str(DTD_PATH))
    assert dtd.validate(parse(out)), dtd.error_log.filter_from_errors()


def test_header_carries_the_required_attributes(tmp_path: Path) -> None:
    out = tmp_path / "out.tmx"
    write_tmx(make_alignment(), out)
    root = parse(out).getroot()
    assert root.get("version") == "1.4"
    header = root.find("header")
    for attribute in ("creationtool", "creationtoolversion", "segtype", "o-tmf", "adminlang", "srclang", "datatype"):
        assert header.get(attribute), attribute
    assert header.get("srclang") == "ar"
    assert "multilingual-e5-small" in header.find("prop[@type='x-align-signature']").text


def test_round_trip_keeps_every_text_byte_for_byte(tmp_path: Path) -> None:
    alignment = make_alignment()
    out = tmp_path / "out.tmx"
    written = write_tmx(alignment, out)
    expected = [(without_forbidden(alignment.text_of(link, "ar")), without_forbidden(alignment.text_of(link, "en")))
                for link in alignment.links if link.ar and link.en]
    assert written == len(expected) == 3
    assert read_tmx(out).pairs == expected
    assert read_tmx(out).pairs[1][0].startswith("  جملة") and "\r\n" in read_tmx(out).pairs[1][0]


def test_forbidden_control_characters_are_stripped_and_the_rest_kept(tmp_path: Path) -> None:
    out = tmp_path / "out.tmx"
    write_tmx(make_alignment(), out)
    ar, en = read_tmx(out).pairs[-1]
    assert ar == "نص فيه محارف تحكم ممنوعة."
    assert en == "Text with control characters forbidden."


def test_stripped_characters_are_counted_and_noted_in_their_unit(tmp_path: Path) -> None:
    out = tmp_path / "out.tmx"
    alignment = make_alignment()
    write_tmx(alignment, out)
    assert left_out(alignment) == {4: 10}  # five on each side of the last link
    notes = {unit.get("tuid"): [note.text for note in unit.findall("note")] for unit in units(out)}
    assert notes["4"] == ["10 characters XML cannot hold left out of this unit's text: U+0000, U+0007, U+000B, U+001F, U+FFFE"]
    assert not any("cannot hold" in note for tuid, texts in notes.items() if tuid != "4" for note in texts)


def test_gaps_are_left_out_unless_asked_for(tmp_path: Path) -> None:
    alignment = make_alignment()
    without, with_gaps = tmp_path / "without.tmx", tmp_path / "with.tmx"
    assert write_tmx(alignment, without) == 3
    assert write_tmx(alignment, with_gaps, include_gaps=True) == 5
    assert len(units(without)) == 3
    pairs = read_tmx(with_gaps).pairs
    assert pairs[2] == (AR[3], "")
    assert pairs[3] == ("", EN[2])
    english_only = units(with_gaps)[3]
    assert english_only.get("srclang") == "en"
    assert [variant.get(XML_LANG) for variant in english_only.findall("tuv")] == ["en"]


def test_flags_become_notes_and_link_metadata_props(tmp_path: Path) -> None:
    out = tmp_path / "out.tmx"
    write_tmx(make_alignment(), out, include_gaps=True)
    merged, missing = units(out)[1:3]
    assert merged.get("tuid") == "1"
    assert [note.text for note in merged.findall("note")] == [
        "warning repeated-word: Word «مع» & <tag> repeated.",
        "info length-ratio: English is short for two Arabic sentences.",
    ]
    props = {prop.get("type"): prop.text for prop in merged.findall("prop")}
    assert props == {"x-align-link": "2-1", "x-align-score": "0.7700", "x-align-flags": "repeated-word,length-ratio"}
    assert [variant.get(XML_LANG) for variant in merged.findall("tuv")] == ["ar", "en"]
    assert missing.find("prop[@type='x-align-link']").text == "1-0"
    assert missing.find("note").text.startswith("error missing-translation:")


def test_unflagged_link_has_no_flag_prop(tmp_path: Path) -> None:
    out = tmp_path / "out.tmx"
    write_tmx(make_alignment(), out)
    assert units(out)[0].find("prop[@type='x-align-flags']") is None
    assert units(out)[0].find("note") is None


def test_translate_toolkit_reads_the_export() -> None:
    alignment = make_alignment()
    store = tmxfile.parsestring(to_tmx(alignment))
    assert [(unit.source, unit.target) for unit in store.units][0] == (AR[0], EN[0])


def test_failed_export_leaves_the_old_file_untouched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out.tmx"
    out.write_text("previous export", encoding="utf-8")

    def fail(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(InputError, match="No space left"):
        write_tmx(make_alignment(), out)
    assert out.read_text(encoding="utf-8") == "previous export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.tmx"]


def test_unwritable_destination_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        write_tmx(make_alignment(), tmp_path / "missing-folder" / "out.tmx")


def test_empty_alignment_writes_a_valid_empty_tmx(tmp_path: Path) -> None:
    out = tmp_path / "out.tmx"
    assert write_tmx(Alignment(build_side("ar", []), build_side("en", []), []), out) == 0
    assert etree.DTD(str(DTD_PATH)).validate(parse(out))
    assert read_tmx(out).pairs == []


def test_reader_accepts_regional_tags_and_drops_inline_codes(tmp_path: Path) -> None:
    path = tmp_path / "other.tmx"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<tmx version="1.4"><header creationtool="x" creationtoolversion="1" segtype="sentence" '
        'o-tmf="x" adminlang="en" srclang="en-US" datatype="html"/><body>'
        '<tu><tuv xml:lang="en-US"><seg>Click <bpt i="1">&lt;b&gt;</bpt>here<ept i="1">&lt;/b&gt;</ept>.</seg></tuv>'
        '<tuv xml:lang="AR-sa"><seg>انقر <hi>هنا</hi><ph>{0}</ph>.</seg></tuv>'
        '<tuv xml:lang="fr"><seg>Cliquez ici.</seg></tuv></tu>'
        '</body></tmx>',
        encoding="utf-8",
    )
    assert read_tmx(path).pairs == [("انقر هنا.", "Click here.")]


@pytest.mark.parametrize("content", [
    "",
    "<tmx><body><tu>",
    "<html><body/></html>",
    '<tmx version="1.4"><header/></tmx>',
    '<tmx version="1.4"><header/><body><tu><tuv xml:lang="fr"><seg>Bonjour</seg></tuv></tu></body></tmx>',
])
def test_malformed_tmx_is_an_input_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "bad.tmx"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError):
        read_tmx(path)


def test_missing_tmx_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        read_tmx(tmp_path / "absent.tmx")


def test_entity_bomb_is_refused_without_expansion(tmp_path: Path) -> None:
    entities = ['<!ENTITY lol0 "lollollollollollollollollollol">']
    entities += [f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)]
    path = tmp_path / "bomb.tmx"
    path.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE tmx [{"".join(entities)}]>\n'
        '<tmx version="1.4"><header/><body><tu><tuv xml:lang="ar"><seg>&lol9;</seg></tuv>'
        '<tuv xml:lang="en"><seg>&lol9;</seg></tuv></tu></body></tmx>',
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="entit"):
        read_tmx(path)


def test_declared_entities_are_refused_even_when_harmless(tmp_path: Path) -> None:
    path = tmp_path / "entity.tmx"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY name "الاسم">]>\n'
        '<tmx version="1.4"><header/><body><tu><tuv xml:lang="ar"><seg>&name;</seg></tuv>'
        '<tuv xml:lang="en"><seg>name</seg></tuv></tu></body></tmx>',
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="declares XML entities"):
        read_tmx(path)


def test_external_entity_is_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    path = tmp_path / "xxe.tmx"
    path.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>\n'
        '<tmx version="1.4"><header/><body><tu><tuv xml:lang="ar"><seg>&xxe;</seg></tuv>'
        '<tuv xml:lang="en"><seg>x</seg></tuv></tu></body></tmx>',
        encoding="utf-8",
    )
    with pytest.raises(InputError) as error:
        read_tmx(path)
    assert "TOP-SECRET" not in str(error.value)


def test_locale_codes_and_direction_are_written_and_either_direction_reads_back(tmp_path: Path) -> None:
    alignment = make_alignment()
    default, english_first = tmp_path / "ar-en.tmx", tmp_path / "en-ar.tmx"
    write_tmx(alignment, default, include_gaps=True)
    write_tmx(replace(alignment, locales=Locales("en-US", "ar-SA")), english_first, include_gaps=True)
    root = parse(english_first).getroot()
    assert root.find("header").get("srclang") == "en-US"
    first = root.find("body/tu")
    assert [tuv.get(XML_LANG) for tuv in first.iterfind("tuv")] == ["en-US", "ar-SA"]
    assert root.find("body/tu[@tuid='2']").get("srclang") == "ar-SA"  # Arabic only: the target language's unit
    assert etree.DTD(str(DTD_PATH)).validate(parse(english_first))
    # Read back Arabic first, remembering which language was the source.
    assert read_tmx(english_first) == (read_tmx(default).pairs, "en") and read_tmx(default).source == "ar"
