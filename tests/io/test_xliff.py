"""XLIFF 2.1 export: read back unit for unit by translate-toolkit and by our reader, flags as notes, XLIFF 2 element order."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import SEED_BLOG, run_align
from lxml import etree
from test_tmx import AR, EN, make_alignment, without_forbidden
from translate.storage.xliff2 import Xliff2File

from align.errors import InputError
from align.io.xliff import MDA_NS, XLIFF_NS, read_xliff, to_xliff, write_xliff
from align.lang.rules import arabic_share
from align.model import Locales

NS = {"x": XLIFF_NS, "mda": MDA_NS}


def test_translate_toolkit_reads_back_the_same_units(tmp_path: Path) -> None:
    alignment = make_alignment()
    out = tmp_path / "out.xlf"
    assert write_xliff(alignment, out, include_gaps=True) == 5
    store = Xliff2File.parsefile(str(out))
    assert (store.sourcelanguage, store.targetlanguage) == ("ar", "en")
    assert store.document.getroot().get("version") == "2.1"
    expected = [
        (str(n), without_forbidden(alignment.text_of(link, "ar")), without_forbidden(alignment.text_of(link, "en")) or None)
        for n, link in enumerate(alignment.links)
    ]
    assert [(unit.getid(), unit.source, unit.target) for unit in store.units] == expected


def test_our_reader_gets_the_pairs_back_byte_for_byte(tmp_path: Path) -> None:
    out = tmp_path / "out.xlf"
    write_xliff(make_alignment(), out)
    assert read_xliff(out).pairs == [
        (without_forbidden(AR[0]), without_forbidden(EN[0])),
        (f"{AR[1]} {AR[2]}", EN[1]),
        (without_forbidden(AR[4]), without_forbidden(EN[3])),
    ]


def test_flags_are_notes_before_the_segment_and_link_metadata_first() -> None:
    root = etree.fromstring(to_xliff(make_alignment(), include_gaps=True))
    unit = root.find("x:file/x:unit[@id='1']", NS)
    assert [etree.QName(child).localname for child in unit] == ["metadata", "notes", "segment"]
    meta = {m.get("type"): m.text for m in unit.iterfind("mda:metadata/mda:metaGroup/mda:meta", NS)}
    assert meta == {"link": "2-1", "score": "0.7700"}
    notes = unit.findall("x:notes/x:note", NS)
    assert [(n.get("category"), n.get("priority"), n.get("appliesTo"), n.text) for n in notes] == [
        ("repeated-word", "5", "source", "warning repeated-word: Word «مع» & <tag> repeated."),
        ("length-ratio", "9", None, "info length-ratio: English is short for two Arabic sentences."),
    ]
    gap = root.find("x:file/x:unit[@id='2']/x:segment", NS)
    assert gap.get("state") == "initial" and gap.find("x:target", NS) is None
    signature = root.find("x:file/mda:metadata/mda:metaGroup/mda:meta[@type='signature']", NS)
    assert json.loads(signature.text) == {"model": "multilingual-e5-small", "window": 4}


def test_characters_xml_cannot_hold_are_noted_in_their_unit() -> None:
    root = etree.fromstring(to_xliff(make_alignment()))
    notes = {unit.get("id"): [(n.get("category"), n.text) for n in unit.iterfind("x:notes/x:note", NS)]
             for unit in root.iterfind("x:file/x:unit", NS)}
    assert notes["4"] == [("x-align-left-out", "10 characters XML cannot hold left out of this unit's text: "
                                               "U+0000, U+0007, U+000B, U+001F, U+FFFE")]
    assert not any(category == "x-align-left-out" for unit, found in notes.items() if unit != "4" for category, _ in found)


def test_gaps_are_left_out_unless_asked_for() -> None:
    root = etree.fromstring(to_xliff(make_alignment()))
    assert [unit.get("id") for unit in root.iterfind("x:file/x:unit", NS)] == ["0", "1", "4"]


def test_unwritable_destination_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot write"):
        write_xliff(make_alignment(), tmp_path / "missing" / "out.xlf")


@pytest.mark.model
def test_export_and_align_write_xliff_from_the_command_line(tmp_path: Path) -> None:
    out = tmp_path / "seed.xlf"
    result = run_align("export", str(SEED_BLOG), "--xliff", str(out))
    assert result.returncode == 0, result.stderr
    assert f"XLIFF units to {out}" in result.stderr
    units = Xliff2File.parsefile(str(out)).units
    assert units and all(unit.source and unit.target for unit in units)
    printed = run_align("align", str(SEED_BLOG), "--format", "xliff", "--quiet")
    assert printed.returncode == 0, printed.stderr
    assert len(Xliff2File.parsestring(printed.stdout.encode()).units) >= len(units)
    rechecked = run_align("check", str(out), "--format", "json", "--quiet", "--fail-on", "never")
    assert rechecked.returncode == 0 and len(json.loads(rechecked.stdout)["links"]) == len(units)


def test_english_into_arabic_puts_english_in_source_and_reads_back_arabic_first(tmp_path: Path) -> None:
    alignment = make_alignment()
    default, english_first = tmp_path / "ar-en.xlf", tmp_path / "en-ar.xlf"
    write_xliff(alignment, default, include_gaps=True)
    write_xliff(replace(alignment, locales=Locales("en-GB", "ar-EG")), english_first, include_gaps=True)
    store = Xliff2File.parsefile(str(english_first))
    assert (store.sourcelanguage, store.targetlanguage) == ("en-GB", "ar-EG")
    assert (store.units[0].source, store.units[0].target) == (without_forbidden(EN[0]), without_forbidden(AR[0]))
    notes = etree.parse(str(english_first)).getroot().findall("x:file/x:unit[@id='1']/x:notes/x:note", NS)
    assert notes[0].get("appliesTo") == "target"  # the Arabic side's flag
    assert read_xliff(english_first) == (read_xliff(default).pairs, "en") and read_xliff(default).source == "ar"


@pytest.mark.model
def test_export_in_the_direction_and_locales_given_on_the_command_line(tmp_path: Path) -> None:
    tmx, xlf = tmp_path / "seed.tmx", tmp_path / "seed.xlf"
    result = run_align("export", str(SEED_BLOG), "--source-lang", "en-us", "--target-lang", "ar-sa",
                       "--tmx", str(tmx), "--xliff", str(xlf), "--quiet")
    assert result.returncode == 0, result.stderr
    assert etree.parse(str(tmx)).getroot().find("header").get("srclang") == "en-US"
    root = etree.parse(str(xlf)).getroot()
    assert (root.get("srcLang"), root.get("trgLang")) == ("en-US", "ar-SA")
    signature = json.loads(root.find("x:file/mda:metadata/mda:metaGroup/mda:meta[@type='signature']", NS).text)
    assert (signature["source_lang"], signature["target_lang"]) == ("en-US", "ar-SA")
    first = Xliff2File.parsefile(str(xlf)).units[0]
    assert arabic_share(first.source) < 0.5 < arabic_share(first.target)  # English is the source
    ar, en = read_xliff(xlf).pairs[0]
    assert (ar, en) == (first.target, first.source)  # read back Arabic first
