"""align/bench/build_quran_suite.py: verse-level gold over sentence-segmented sides (no network)."""

from __future__ import annotations

import ast
import json
from dataclasses import replace
from pathlib import Path

import pytest

from align.bench import build_quran_suite

TANZIL = """1|1|بسم الله الرحمن الرحيم
1|2|الحمد لله رب العالمين
1|3|الرحمن الرحيم
9|1|كلام عربي أول
9|2|كلام عربي ثان


# PLEASE DO NOT REMOVE OR CHANGE THIS COPYRIGHT BLOCK
#  Tanzil Quran Text (Simple Clean, Version 1.1)
"""

PICKTHALL_XML = """<?xml version="1.0" encoding="utf-8" ?>
<!--
#  Name: Pickthall
#  --------------------------------------------------------------------
-->
<quran>
	<sura index="1" name="">
		<aya index="1" text="In the name of Allah, the Beneficent, the Merciful."/>
		<aya index="2" text="Praise be to Allah, Lord of the Worlds,"/>
		<aya index="3" text="The Beneficent, the Merciful."/>
	</sura>
	<sura index="9" name="">
		<aya index="1" text="They said: &quot;We hear.&quot; Then they went away. And they came back."/>
		<aya index="2" text="He is the Knower of the unseen."/>
	</sura>
</quran>
"""

TRANSLATION = replace(build_quran_suite.PICKTHALL, documents=((1, 1, 3), (9, 1, 2)))


def read_doc(folder: Path, name: str) -> tuple[list[str], list[str], list[tuple[list[int], list[int]]]]:
    ar = (folder / f"{name}.ar").read_text(encoding="utf-8").splitlines()
    en = (folder / f"{name}.en").read_text(encoding="utf-8").splitlines()
    gold = []
    for line in (folder / f"{name}.gold").read_text(encoding="utf-8").splitlines():
        src, tgt = (ast.literal_eval(side) for side in line.split(":"))
        gold.append((src, tgt))
    return ar, en, gold


def build(tmp_path: Path) -> dict:
    arabic, ar_notice = build_quran_suite.parse_tanzil_text(TANZIL)
    english, en_notice = build_quran_suite.parse_tanzil_xml(PICKTHALL_XML)
    assert "Tanzil Quran Text" in ar_notice and "Pickthall" in en_notice
    build_quran_suite.write_source(tmp_path / "source", (arabic, ar_notice), (english, en_notice), TRANSLATION)
    arabic, english = build_quran_suite.read_source(tmp_path / "source", TRANSLATION)  # the extract reads back the same
    return build_quran_suite.build_suite(arabic, english, tmp_path / "suite", TRANSLATION)


def test_gold_covers_every_line_once_and_merges_run_on_verses(tmp_path: Path) -> None:
    manifest = build(tmp_path)
    suite = tmp_path / "suite"
    names = [d["name"] for d in manifest["documents"]]
    assert names == ["00-q001-001-003", "01-q009-001-002"]
    for entry in manifest["documents"]:
        ar, en, gold = read_doc(suite, entry["name"])
        assert sorted(i for src, _ in gold for i in src) == list(range(len(ar)))
        assert sorted(j for _, tgt in gold for j in tgt) == list(range(len(en)))
        assert all(src and tgt for src, tgt in gold)
        assert (entry["ar_segments"], entry["en_segments"], entry["links"]) == (len(ar), len(en), len(gold))
        assert sum(entry["link_types"].values()) == len(gold)

    ar, en, gold = read_doc(suite, names[0])
    # "Praise be to Allah, Lord of the Worlds," runs on into verse 3: one link for verses 2-3
    assert gold == [([0], [0]), ([1, 2], [1])]
    assert en[1] == "Praise be to Allah, Lord of the Worlds, The Beneficent, the Merciful."

    ar, en, gold = read_doc(suite, names[1])
    # one verse, several English sentences: a 1-n link; entities are unescaped
    assert gold[0][0] == [0] and len(gold[0][1]) >= 2
    assert en[0].startswith('They said: "We hear."')
    assert gold[-1] == ([1], [len(en) - 1])


def test_same_input_same_suite(tmp_path: Path) -> None:
    build(tmp_path / "a")
    build(tmp_path / "b")
    for path in sorted((tmp_path / "a" / "suite").iterdir()):
        assert path.read_bytes() == (tmp_path / "b" / "suite" / path.name).read_bytes()


@pytest.mark.parametrize("translation", list(build_quran_suite.TRANSLATIONS.values()), ids=list(build_quran_suite.TRANSLATIONS))
def test_committed_suite_matches_its_manifest(translation: build_quran_suite.Translation) -> None:
    folder = translation.out
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["source"]["english"]["licence"].startswith("public domain")
    assert [d["name"] for d in manifest["documents"]] == sorted(path.stem for path in folder.glob("*.gold"))
    for entry in manifest["documents"]:
        ar, en, gold = read_doc(folder, entry["name"])
        assert (entry["ar_segments"], entry["en_segments"], entry["links"]) == (len(ar), len(en), len(gold))


@pytest.mark.parametrize("name", list(build_quran_suite.TRANSLATIONS))
def test_committed_suite_is_rebuilt_from_its_committed_source(name: str, tmp_path: Path) -> None:
    translation = build_quran_suite.TRANSLATIONS[name]
    build_quran_suite.main(["--translation", name, "--source", str(translation.out / "source"), "--out", str(tmp_path)])
    for path in sorted(tmp_path.iterdir()):
        assert path.read_bytes() == (translation.out / path.name).read_bytes(), path.name


def test_the_held_out_suite_shares_no_verse_with_the_development_one() -> None:
    development = set(build_quran_suite.document_keys(build_quran_suite.PICKTHALL.documents))
    held_out = set(build_quran_suite.document_keys(build_quran_suite.YUSUF_ALI.documents))
    assert held_out and not development & held_out


def test_the_basmala_heading_a_first_verse_is_an_untranslated_segment() -> None:
    verses = [
        ("بسم الله الرحمن الرحيم الم", "Alif. Lam. Mim."),
        ("ذلك الكتاب لا ريب فيه", "This is the Scripture whereof there is no doubt."),
    ]
    arabic, english, gold = build_quran_suite.build_document(verses)
    assert arabic == ["بسم الله الرحمن الرحيم", "الم", "ذلك الكتاب لا ريب فيه"]
    assert english == ["Alif. Lam. Mim.", "This is the Scripture whereof there is no doubt."]
    assert gold == [((0,), ()), ((1,), (0,)), ((2,), (1,))]
    # Where the translation renders it (the first sura, whose first verse it is), it is no gap.
    _, _, gold = build_quran_suite.build_document([("بسم الله الرحمن الرحيم الحمد لله", "In the name of Allah. Praise be to Allah.")])
    assert all(src and tgt for src, tgt in gold)
