"""Gettext catalogues: entries as pre-aligned pairs re-checked like a memory, malformed catalogues refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import AR, EN, assert_clean_error, run_align

from align.errors import InputError
from align.io.blocks import ReadOptions
from align.io.jobs import load, one_job
from align.io.po import read_document

OPTIONS = ReadOptions()


def catalogue(entries: str, language: str | None = "ar") -> str:
    header = f'"Language: {language}\\n"\n' if language else ""
    return f'msgid ""\nmsgstr ""\n{header}"Content-Type: text/plain; charset=UTF-8\\n"\n\n{entries}'


ENTRIES = f"""#: src/news.c:12
msgctxt "headline"
msgid "{EN[0]}"
msgstr "{AR[0]}"

#, fuzzy
msgid "{EN[3]}"
msgstr "{AR[4]}"

msgid "Not translated yet."
msgstr ""

msgid "%d soldier"
msgid_plural "%d soldiers"
msgstr[0] "لا جنود"
msgstr[1] "جندي واحد"
msgstr[2] "جنديان"
msgstr[3] "%d جنود"
msgstr[4] "%d جنديا"
msgstr[5] "%d جندي"

#~ msgid "Obsolete"
#~ msgstr "قديم"
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_entries_are_pairs_fuzzy_kept_obsolete_and_header_left_out(tmp_path: Path) -> None:
    source, target, links = read_document(write(tmp_path, "ar.po", catalogue(ENTRIES)), OPTIONS)
    assert [s.text for s in source.segments] == [AR[0], AR[4], "%d جندي"]
    assert [s.text for s in target.segments] == [EN[0], EN[3], "Not translated yet.", "%d soldiers"]
    assert links is not None and [(k.ar, k.en) for k in links] == [((0,), (0,)), ((1,), (1,)), ((), (2,)), ((2,), (3,))]
    assert [target.where(s.start) for s in target.segments] == [
        "entry 1 (msgctxt 'headline', src/news.c:12)", "entry 2", "entry 3", "entry 4",
    ]


def test_arabic_msgids_translated_into_english_are_read_arabic_first(tmp_path: Path) -> None:
    entries = f'msgid "{AR[0]}"\nmsgstr "{EN[0]}"\n'
    for language in ("en-GB", None):
        source, target, _ = read_document(write(tmp_path, "en.po", catalogue(entries, language)), OPTIONS)
        assert (source.segments[0].text, target.segments[0].text) == (AR[0], EN[0])


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (catalogue('msgid "Hello"\nmsgstr "Bonjour"\n', "fr"), "translates into fr"),
        (catalogue('msgid "Hello"\nmsgstr "Hi"\n', None), "both English"),
        (catalogue('msgid "Hello\nmsgstr "x"\n'), "not a gettext PO file"),
        ("Just some prose, not a catalogue.\n", "not a gettext PO file"),
    ],
    ids=["french", "english to english", "unterminated string", "prose"],
)
def test_bad_catalogues_are_input_errors(tmp_path: Path, text: str, words: str) -> None:
    with pytest.raises(InputError, match=words):
        read_document(write(tmp_path, "x.po", text), OPTIONS)


def test_a_catalogue_is_not_one_side_of_a_pair(tmp_path: Path) -> None:
    path = write(tmp_path, "x.po", catalogue(ENTRIES))
    with pytest.raises(InputError, match="check it alone"):
        load(one_job(ar=path, en=path))


@pytest.mark.parametrize(("language", "msgids"), [("ar", "English"), ("en-GB", "Arabic")])
def test_a_catalogue_is_checked_in_its_own_direction_from_the_command_line(tmp_path: Path, language: str, msgids: str) -> None:
    english_msgids = msgids == "English"
    entries = ENTRIES if english_msgids else f'msgid "{AR[0]}"\nmsgstr "{EN[0]}"\n\nmsgid "{AR[1]}"\nmsgstr ""\n'
    path = write(tmp_path, "ui.po", catalogue(entries, language))
    result = run_align("check", str(path), "--format", "json", "--quiet", "--fail-on", "warning")
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    assert report["signature"]["links"] == "given"
    # The msgids are the source whatever their language: an empty msgstr is a translation left out.
    gap = report["links"][2 if english_msgids else 1]
    assert [f["code"] for f in gap["flags"]] == ["missing-translation"]
    untranslated = "Not translated yet." if english_msgids else AR[1]
    assert gap["flags"][0]["message"].startswith(f"The {msgids} '\u2068{untranslated}\u2069' has no ")
    assert (report["source"]["lang"], report["target"]["lang"]) == (("en", "ar") if english_msgids else ("ar", "en"))


def test_a_catalogue_into_arabic_reads_as_english_source_in_the_text_report(tmp_path: Path) -> None:
    path = write(tmp_path, "ar.po", catalogue(ENTRIES, "ar_SA"))
    result = run_align("check", str(path), "--quiet", "--source-lang", "en-US", "--target-lang", "ar-SA")
    assert result.returncode == 1, result.stderr
    assert "[3/4] 1-0  en 2 → ar -  score 0.00  at entry 3  GAP: Arabic target missing" in result.stdout
    assert "  EN (source) | Not translated yet.\n  AR (target) | (no Arabic segment)\n" in result.stdout
    assert "ERROR missing-translation: The English 'Not translated yet.' has no Arabic translation. [en]" in result.stdout
    assert "  direction  en-US → ar-SA" in result.stdout


def test_binary_renamed_po_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.po"
    path.write_bytes(bytes(range(256)) * 16)
    assert_clean_error(run_align("check", str(path), "--quiet"), 2, "binary")
