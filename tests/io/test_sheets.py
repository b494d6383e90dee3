"""Bilingual sheets (XLSX, CSV, TSV): the chosen or found columns as the two sides, huge sheets refused; the review sheet written."""

from __future__ import annotations

import json
import re
import zipfile
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
from conftest import AR, EN, assert_clean_error, build, make_alignment, run_align

from align.checks.runner import check_alignment
from align.errors import InputError
from align.io.blocks import ReadOptions
from align.io.sheets import REVIEW_COLUMNS, read_document, read_side, review_sheet
from align.model import Alignment, Locales, link_key
from align.review import state as review
from align.review.exports import review_xlsx

OPTIONS = ReadOptions()


def workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def texts(document: tuple) -> tuple[list[str], list[str], list[tuple]]:
    source, target, links = document
    return [s.text for s in source.segments], [s.text for s in target.segments], [(k.ar, k.en) for k in links]


def test_columns_named_by_their_headers_every_sheet_read(tmp_path: Path) -> None:
    path = workbook(tmp_path / "glossary.xlsx", {
        "Read me": [["Translate the Arabic column."], ["Keep names as they are."]],
        "News": [["ID", "English", "Arabic", "Notes"], [1, EN[0], AR[0], "checked"], [2, None, AR[3], ""], [3, EN[3], AR[4]]],
    })
    source, target, links = read_document(path, OPTIONS)
    assert texts((source, target, links)) == ([AR[0], AR[3], AR[4]], [EN[0], EN[3]], [((0,), (0,)), ((1,), ()), ((2,), (1,))])
    assert [source.where(s.start) for s in source.segments] == ["News, row 2", "News, row 3", "News, row 4"]


def test_columns_found_by_their_script_and_a_header_row_skipped(tmp_path: Path) -> None:
    rows = [["Source", "Target", "Comment"], [AR[0], EN[0], "Looks good to me."], [AR[4], EN[3], ""], [AR[3], EN[4], "Wrong sentence?"]]
    path = workbook(tmp_path / "review.xlsx", {"Sheet": rows})
    assert texts(read_document(path, OPTIONS))[:2] == ([AR[0], AR[4], AR[3]], [EN[0], EN[3], EN[4]])


@pytest.mark.parametrize("columns", [("C", "B"), ("3", "2"), ("arabic", "Translation")])
def test_columns_given_by_letter_number_or_header(tmp_path: Path, columns: tuple[str, str]) -> None:
    rows = [["Note", "Translation", "Arabic"], ["English note on the row", EN[0], AR[0]], ["Another English note here", EN[3], AR[4]]]
    path = workbook(tmp_path / "x.xlsx", {"Sheet": rows})
    assert texts(read_document(path, ReadOptions(columns=columns)))[:2] == ([AR[0], AR[4]], [EN[0], EN[3]])


def test_csv_with_semicolons_and_tsv(tmp_path: Path) -> None:
    csv_path = tmp_path / "x.csv"
    csv_path.write_text(f'ar;en\n"{AR[0]}";"{EN[0]}"\n{AR[4]};"{EN[3]}; still English"\n', encoding="utf-8-sig")
    source, target, _ = read_document(csv_path, OPTIONS)
    assert [s.text for s in target.segments] == [EN[0], f"{EN[3]}; still English"]
    assert target.where(target.segments[1].start) == "row 3"
    tsv_path = tmp_path / "x.tsv"
    tsv_path.write_text(f"{EN[0]}\t{AR[0]}\n{EN[3]}\t{AR[4]}\n", encoding="utf-8")
    assert texts(read_document(tsv_path, OPTIONS))[:2] == ([AR[0], AR[4]], [EN[0], EN[3]])


def test_one_side_of_a_pair_is_its_language_column(tmp_path: Path) -> None:
    path = workbook(tmp_path / "x.ar.xlsx", {"Sheet": [["#", "Arabic"], [1, AR[0]], [2, AR[4]]]})
    side = read_side(path, "ar", OPTIONS)
    assert [s.text for s in side.segments] == [AR[0], AR[4]] and side.where(side.segments[0].start) == "Sheet, row 2"


def test_sheet_without_two_languages_is_refused(tmp_path: Path) -> None:
    path = workbook(tmp_path / "x.xlsx", {"Sheet": [["English", "Notes"], [EN[0], "fine"]]})
    with pytest.raises(InputError, match="--columns AR,EN"):
        read_document(path, OPTIONS)


def test_check_a_workbook_from_the_command_line_with_columns(tmp_path: Path) -> None:
    path = workbook(tmp_path / "x.xlsx", {"Sheet": [["Note", "Translation", "Arabic"], ["note", EN[0], AR[0]], ["note", "", AR[3]]]})
    result = run_align("check", str(path), "--columns", "C,B", "--format", "json", "--quiet")
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    assert [s["where"] for s in report["segments"]["ar"]] == ["Sheet, row 2", "Sheet, row 3"]
    assert report["links"][1]["flags"][0]["code"] == "missing-translation"
    assert_clean_error(run_align("check", str(path), "--columns", "C", "--quiet"), 2, "give the Arabic and the English column")
    assert_clean_error(run_align("check", str(path), "--columns", "Arabic,Nope", "--quiet"), 2, "no column 'Nope'")


def test_sheet_claiming_a_huge_dimension_is_read_by_its_cells(tmp_path: Path) -> None:
    path = workbook(tmp_path / "x.xlsx", {"Sheet": [[AR[0], EN[0]]]})
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["xl/worksheets/sheet1.xml"] = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', parts["xl/worksheets/sheet1.xml"])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    assert texts(read_document(path, OPTIONS)) == ([AR[0]], [EN[0]], [((0,), (0,))])


def test_too_many_cells_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    book = openpyxl.Workbook()
    book.active.append([AR[0], EN[0]])
    book.active.cell(row=2, column=16_000, value="x")  # a row padded out to 16,000 cells
    path = tmp_path / "wide.xlsx"
    book.save(path)
    monkeypatch.setenv("ALIGN_MAX_INPUT_MB", "0.1")  # 10,485 cells
    with pytest.raises(InputError, match="more than 10,485 cells"):
        read_document(path, OPTIONS)


def shared_strings_workbook(path: Path, strings: tuple[str, str], rows: int) -> Path:
    """A workbook whose every row names the same two shared strings (openpyxl writes strings inline, so it is patched)."""
    workbook(path, {"Sheet": [["x", "y"]]})
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    cells = "".join(f'<row r="{r}"><c r="A{r}" t="s"><v>0</v></c><c r="B{r}" t="s"><v>1</v></c></row>' for r in range(1, rows + 1))
    parts["xl/worksheets/sheet1.xml"] = re.sub(rb"<sheetData>.*</sheetData>", f"<sheetData>{cells}</sheetData>".encode(),
                                               parts["xl/worksheets/sheet1.xml"], flags=re.DOTALL)
    items = "".join(f"<si><t>{text}</t></si>" for text in strings)
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    parts["xl/sharedStrings.xml"] = f'<sst xmlns="{main}" count="{2 * rows}" uniqueCount="2">{items}</sst>'.encode()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"</Types>", (
        b'<Override PartName="/xl/sharedStrings.xml" '
        b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'))
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(b"</Relationships>", (
        b'<Relationship Id="rIdS" Target="sharedStrings.xml" '
        b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/></Relationships>'))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def test_shared_strings_are_read(tmp_path: Path) -> None:
    path = shared_strings_workbook(tmp_path / "x.xlsx", (AR[0], EN[0]), 2)
    assert texts(read_document(path, OPTIONS))[:2] == ([AR[0]] * 2, [EN[0]] * 2)


def test_a_shared_string_repeated_past_the_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = shared_strings_workbook(tmp_path / "x.xlsx", (" ".join([AR[0]] * 100), " ".join([EN[0]] * 100)), 300)
    monkeypatch.setenv("ALIGN_MAX_INPUT_MB", "0.1")
    assert path.stat().st_size < 0.1 * 2**20 // 4  # the workbook is small; the text it names is not
    with pytest.raises(InputError, match="its text is over the 104,857-character limit"):
        read_document(path, OPTIONS)


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("x.xlsx", bytes(range(256)) * 16, "not a zip archive"),
        ("x.csv", bytes(range(256)) * 16, "binary"),
        ("x.csv", b'ar,en\n"' + "و".encode() * 140_000 + b'",x\n', "x.csv:2: not a readable CSV row"),
    ],
    ids=["binary xlsx", "binary csv", "field over the csv limit"],
)
def test_unreadable_sheets_are_refused(tmp_path: Path, name: str, content: bytes, words: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert_clean_error(run_align("check", str(path), "--quiet"), 2, words)


def test_zip_bomb_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (3 * 2**20))
    assert_clean_error(run_align("check", str(path), "--quiet", env={"ALIGN_MAX_INPUT_MB": "1"}), 2, "zip bomb")


# --- the review sheet -----------------------------------------------------------------


def sheet_rows(data: bytes, path: Path) -> list[tuple]:
    path.write_bytes(data)
    sheet = openpyxl.load_workbook(path).active
    return [tuple(cell.value for cell in row) for row in sheet.iter_rows()]


def test_review_sheet_has_one_row_per_link_with_its_flags(tmp_path: Path) -> None:
    alignment = make_alignment()
    rows = sheet_rows(review_sheet(alignment), tmp_path / "review.xlsx")
    assert rows[0] == ("#", "source (ar)", "target (en)", *REVIEW_COLUMNS[3:])
    assert len(rows) == 1 + len(alignment.links)
    number, source, target, kind, score, flags, status, comment, where = rows[4]  # the 1-0 gap
    assert (number, source, target, kind, score, status, comment, where) == (4, AR[3], None, "1-0", 0, "unreviewed", None, None)
    assert flags == f"error missing-translation: {alignment.links[3].flags[0].message}"
    assert rows[1][4] == 0.9


def test_review_sheet_of_a_translation_into_arabic_puts_the_english_first(tmp_path: Path) -> None:
    alignment = check_alignment(replace(make_alignment(), locales=Locales("en-US", "ar-SA")))
    path = tmp_path / "review.xlsx"
    rows = sheet_rows(review_sheet(alignment), path)
    assert rows[0][1:3] == ("source (en-US)", "target (ar-SA)")
    assert rows[1][1:4] == (EN[0], AR[0], "1-1")
    number, source, target, kind, _, flags, *_ = rows[4]  # Arabic with no English: an addition to the translation
    assert (number, source, target, kind) == (4, None, AR[3], "0-1")
    assert flags.startswith("warning missing-source: The Arabic")
    assert openpyxl.load_workbook(path).active["C2"].alignment.horizontal == "right"  # the Arabic column reads right to left


def test_review_sheet_keeps_texts_as_text_never_formulas(tmp_path: Path) -> None:
    hostile = ['=HYPERLINK("http://example.org","click")', "+1+1", "@SUM(A1)", "نص\x00\x07 بمحارف تحكم"]
    alignment = build((hostile[3], hostile[0]), (hostile[1], hostile[2]))
    path = tmp_path / "review.xlsx"
    path.write_bytes(review_sheet(alignment))
    sheet = openpyxl.load_workbook(path).active
    assert [(sheet[f"B{r}"].value, sheet[f"C{r}"].value) for r in (2, 3)] == [("نص بمحارف تحكم", hostile[0]), (hostile[1], hostile[2])]
    assert all(sheet[cell].data_type == "s" for cell in ("B2", "C2", "B3", "C3"))


def test_a_text_over_the_excel_cell_limit_is_cut_and_the_comment_says_so(tmp_path: Path) -> None:
    long_english = "word " * 7_000
    rows = sheet_rows(review_sheet(build((AR[0], long_english))), tmp_path / "review.xlsx")
    assert len(rows[1][2]) == 32_767 and rows[1][7] == "target cut at 32,767 characters, Excel's cell limit"


def test_review_sheet_names_where_each_link_is_in_the_file(tmp_path: Path) -> None:
    path = workbook(tmp_path / "x.xlsx", {"News": [["Arabic", "English"], [AR[0], EN[0]], [AR[3], ""]]})
    source, target, links = read_document(path, OPTIONS)
    alignment = Alignment(source, target, list(links))
    rows = sheet_rows(review_sheet(alignment), tmp_path / "review.xlsx")
    assert [row[8] for row in rows[1:]] == ["News, row 2", "News, row 3"]


def test_the_review_export_puts_status_open_flags_edits_and_comments_in_the_sheet(tmp_path: Path) -> None:
    alignment = make_alignment()
    state = review.start(alignment)
    gap = link_key(alignment.links[3])
    state = review.set_status(state, link_key(alignment.links[0]), "accepted")
    state = review.mark_false_alarm(state, gap, review.flag_ref(state.alignment, state.links[3], state.links[3].flags[0]), "a title, not prose")
    state = review.edit_text(state, link_key(alignment.links[4]), "en", "The visit will last three days.")
    rows = sheet_rows(review_xlsx(state), tmp_path / "review.xlsx")
    assert rows[1][6] == "accepted"
    assert (rows[4][5], rows[4][7]) == (None, "false alarm missing-translation: a title, not prose")
    assert rows[5][2] == "The visit will last three days."


def test_export_writes_the_review_sheet_from_the_command_line(tmp_path: Path) -> None:
    ar, en = tmp_path / "x.ar.txt", tmp_path / "x.en.txt"
    ar.write_text("\n".join(AR[:2]), encoding="utf-8")
    en.write_text("\n".join([EN[0], f"{EN[1]} {EN[2]}"]), encoding="utf-8")
    out = tmp_path / "review.xlsx"
    result = run_align("export", "--ar", str(ar), "--en", str(en), "--presegmented", "--xlsx", str(out))
    assert result.returncode == 0, result.stderr
    assert f"wrote 2 review rows to {out}" in result.stderr
    rows = sheet_rows(out.read_bytes(), tmp_path / "copy.xlsx")
    assert [(row[1], row[3]) for row in rows[1:]] == [(AR[0], "1-1"), (AR[1], "1-1")]
