"""Word documents: paragraphs and cells placed by position, bilingual tables as pairs, hostile archives refused."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import AR, EN, assert_clean_error, run_align
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from align.errors import InputError
from align.io.blocks import ReadOptions
from align.io.docx import read_document, read_side
from align.io.jobs import load, one_job

OPTIONS = ReadOptions()


def save(document: docx.document.Document, path: Path) -> Path:
    document.save(str(path))
    return path


def monolingual(path: Path, texts: list[str], *, header: str = "") -> Path:
    document = docx.Document()
    if header:
        document.sections[0].header.paragraphs[0].text = header
        document.sections[0].footer.paragraphs[0].text = header
    for text in texts:
        document.add_paragraph(text)
    return save(document, path)


def bilingual_table(path: Path, rows: list[tuple[str, str]], *, intro: str = "") -> Path:
    document = docx.Document()
    if intro:
        document.add_paragraph(intro)
    table = document.add_table(rows=len(rows), cols=2)
    for r, (left, right) in enumerate(rows):
        table.cell(r, 0).text, table.cell(r, 1).text = left, right
    return save(document, path)


def test_paragraphs_and_cells_are_placed_by_position_and_headers_left_out(tmp_path: Path) -> None:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "ترويسة الصفحة"
    document.add_paragraph(AR[0] + " " + AR[1])
    document.add_paragraph("")
    table = document.add_table(rows=1, cols=3)
    table.cell(0, 0).text, table.cell(0, 2).text = AR[2], AR[3]
    table.cell(0, 0).merge(table.cell(0, 1))
    document.add_paragraph(AR[4])
    side = read_side(save(document, tmp_path / "x.ar.docx"), "ar", OPTIONS)
    assert [s.text for s in side.segments] == AR
    assert [side.where(s.start) for s in side.segments] == [
        "paragraph 1", "paragraph 1", "table 1, row 1, cell 1", "table 1, row 1, cell 3", "paragraph 3",
    ]
    assert "ترويسة" not in side.text
    assert all(side.text[s.start : s.end] == s.text for s in side.segments)


def test_tracked_insertions_count_and_deletions_do_not(tmp_path: Path) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("The president arrived ")
    for kind, tag, text in (("w:ins", "w:t", "in Baghdad"), ("w:del", "w:delText", "in Basra")):
        change = OxmlElement(kind)
        change.set(qn("w:id"), "1")
        change.set(qn("w:author"), "reviewer")
        run, element = OxmlElement("w:r"), OxmlElement(tag)
        element.text = text
        run.append(element)
        change.append(run)
        paragraph._p.append(change)
    side = read_side(save(document, tmp_path / "x.en.docx"), "en", OPTIONS)
    assert side.text == "The president arrived in Baghdad"


def test_presegmented_takes_each_paragraph_whole(tmp_path: Path) -> None:
    path = monolingual(tmp_path / "x.en.docx", [EN[0] + " " + EN[3]])
    assert [s.text for s in read_side(path, "en", ReadOptions(presegmented=True)).segments] == [EN[0] + " " + EN[3]]


def test_bilingual_table_rows_are_pairs_header_skipped_and_gaps_kept(tmp_path: Path) -> None:
    rows = [("العربية", "English"), (AR[0], EN[0]), (AR[3], ""), (AR[4], EN[3])]
    source, target, links = read_document(bilingual_table(tmp_path / "t.docx", rows, intro="Instructions for the reviewer."), OPTIONS)
    assert [s.text for s in source.segments] == [AR[0], AR[3], AR[4]]
    assert [s.text for s in target.segments] == [EN[0], EN[3]]
    assert links is not None and [(k.ar, k.en) for k in links] == [((0,), (0,)), ((1,), ()), ((2,), (1,))]
    assert [source.where(s.start) for s in source.segments] == ["table 1, row 2", "table 1, row 3", "table 1, row 4"]


def test_english_first_table_is_read_arabic_first(tmp_path: Path) -> None:
    source, target, links = read_document(bilingual_table(tmp_path / "t.docx", [(EN[0], AR[0])]), OPTIONS)
    assert (source.segments[0].text, target.segments[0].text) == (AR[0], EN[0])


def test_document_without_bilingual_table_is_a_mixed_document(tmp_path: Path) -> None:
    path = monolingual(tmp_path / "m.docx", [AR[0], EN[0], AR[4], EN[3]])
    source, target, links = read_document(path, OPTIONS)
    assert links is None
    assert [s.text for s in source.segments] == [AR[0], AR[4]] and [s.text for s in target.segments] == [EN[0], EN[3]]
    assert source.where(source.segments[1].start) == "paragraph 3"


def test_check_a_bilingual_table_from_the_command_line(tmp_path: Path) -> None:
    path = bilingual_table(tmp_path / "t.docx", [("Arabic", "English"), (AR[0], EN[0]), (AR[3], "")])
    result = run_align("check", str(path), "--format", "json", "--quiet")
    assert result.returncode == 1, result.stderr  # the untranslated row is an error
    report = json.loads(result.stdout)
    assert [s["where"] for s in report["segments"]["ar"]] == ["table 1, row 2", "table 1, row 3"]
    assert report["links"][1]["flags"][0]["code"] == "missing-translation"
    text = run_align("check", str(path), "--quiet").stdout
    assert "at table 1, row 3  GAP: English target missing" in text


def test_check_a_pair_of_word_documents_and_a_folder_of_them(tmp_path: Path) -> None:
    monolingual(tmp_path / "x.ar.docx", AR[:3], header="رأس")
    monolingual(tmp_path / "x.en.docx", EN[:3], header="Head")
    result = run_align("check", "--ar", str(tmp_path / "x.ar.docx"), "--en", str(tmp_path / "x.en.docx"), "--format", "json", "--quiet")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert [s["where"] for s in report["segments"]["en"]] == ["paragraph 1", "paragraph 2", "paragraph 3"]
    bilingual_table(tmp_path / "table.docx", [(AR[0], EN[0])])
    batch = run_align("check", str(tmp_path), "--format", "summary", "--quiet")
    assert batch.returncode == 0, batch.stderr
    assert f"{tmp_path}/x " in batch.stdout and f"{tmp_path}/table.docx " in batch.stdout


def zip_bomb(path: Path, megabytes: int) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (megabytes * 2**20))
    return path


def test_zip_bomb_is_refused_by_its_declared_size_before_parsing(tmp_path: Path) -> None:
    path = zip_bomb(tmp_path / "bomb.docx", 3)
    assert path.stat().st_size < 2**20 // 10  # packs 3 MB of zeros into a few kilobytes
    result = run_align("check", str(path), "--quiet", env={"ALIGN_MAX_INPUT_MB": "1"})
    assert_clean_error(result, 2, "unpacks to 3,145,7")
    assert "zip bomb" in result.stderr


def test_part_unpacking_past_its_declared_size_is_refused(tmp_path: Path) -> None:
    good = monolingual(tmp_path / "good.docx", AR[:2])
    data = bytearray(good.read_bytes())
    # Shrink the declared size of word/document.xml in the central directory: the
    # check passes, and zipfile must stop at the declared size instead of unpacking on.
    name = b"word/document.xml"
    entry = data.index(b"PK\x01\x02")
    while data[entry + 46 : entry + 46 + len(name)] != name:
        entry = data.index(b"PK\x01\x02", entry + 4)
    data[entry + 24 : entry + 28] = (10).to_bytes(4, "little")
    lying = tmp_path / "lying.docx"
    lying.write_bytes(bytes(data))
    with pytest.raises(InputError, match="damaged"):
        read_side(lying, "ar", OPTIONS)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "not a zip archive"),
        (b"", "not a zip archive"),
        (None, "not a Word document"),
    ],
    ids=["binary renamed", "empty", "zip but not word"],
)
def test_files_that_are_not_word_documents_are_refused(tmp_path: Path, content: bytes | None, words: str) -> None:
    path = tmp_path / "x.docx"
    if content is None:
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("hello.txt", "hello")
    else:
        path.write_bytes(content)
    assert_clean_error(run_align("check", str(path), "--quiet"), 2, words)


def test_truncated_document_is_refused(tmp_path: Path) -> None:
    good = monolingual(tmp_path / "good.docx", AR[:2])
    cut = tmp_path / "cut.docx"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(InputError, match="cut.docx"):
        load(one_job(cut))


def test_document_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = monolingual(tmp_path / "x.ar.docx", AR * 200)
    monkeypatch.setenv("ALIGN_MAX_INPUT_MB", "0.001")
    with pytest.raises(InputError, match="ALIGN_MAX_INPUT_MB"):
        read_side(path, "ar", OPTIONS)
