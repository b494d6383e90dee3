"""Web pages: block-level text, scripts and styles left out, lang and dir honoured, binaries refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import AR, EN, assert_clean_error, run_align

from align.errors import InputError
from align.io.blocks import ReadOptions
from align.io.html import read_blocks, read_document, read_side

OPTIONS = ReadOptions()

BILINGUAL = f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html lang="en"><head><title>Not text</title><style>p {{ color: red }}</style></head>
<body>
<nav><a href="/ar" lang="ar">العربية</a></nav>
<section dir="rtl">
  <h1>{AR[0]}</h1>
  <p>{AR[1]}<script>document.write("hidden");</script> {AR[2]}</p>
</section>
<section>
  <h1>{EN[0]}</h1>
  <p>{EN[1]}
     <em>{EN[2]}</em></p>
  <!-- a comment -->
</section>
</body></html>
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_blocks_collapse_whitespace_and_leave_out_head_scripts_styles_comments(tmp_path: Path) -> None:
    blocks = read_blocks(write(tmp_path, "page.html", BILINGUAL))
    assert [b.text for b in blocks] == ["العربية", AR[0], f"{AR[1]} {AR[2]}", EN[0], f"{EN[1]} {EN[2]}"]
    assert [b.lang for b in blocks] == ["ar", "ar", "ar", "en", "en"]
    assert [b.where for b in blocks] == ["line 5 <nav>", "line 7 <h1>", "line 8 <p>", "line 11 <h1>", "line 12 <p>"]


def test_page_declaring_both_languages_is_split_by_its_declarations(tmp_path: Path) -> None:
    source, target, links = read_document(write(tmp_path, "page.html", BILINGUAL), OPTIONS)
    assert links is None
    assert [s.text for s in source.segments] == ["العربية", AR[0], AR[1], AR[2]]
    assert [s.text for s in target.segments] == [EN[0], f"{EN[1]} {EN[2]}"]  # EN[1] and EN[2] are one sentence
    assert source.where(source.segments[3].start) == "line 8 <p>"


def test_one_side_leaves_out_what_is_declared_in_the_other_language(tmp_path: Path) -> None:
    page = f'<html lang="en"><body><p>{EN[0]}</p><ul><li><a lang="ar" href="/ar">العربية</a></li></ul><p>{EN[3]}</p></body></html>'
    side = read_side(write(tmp_path, "x.en.html", page), "en", OPTIONS)
    assert [s.text for s in side.segments] == [EN[0], EN[3]]


def test_page_without_declarations_is_a_mixed_document(tmp_path: Path) -> None:
    page = f"<div><p>{AR[0]}</p><p>{EN[0]}</p><p>{AR[4]}</p><p>{EN[3]}</p></div>"
    source, target, _ = read_document(write(tmp_path, "mixed.htm", page), OPTIONS)
    assert [s.text for s in source.segments] == [AR[0], AR[4]] and [s.text for s in target.segments] == [EN[0], EN[3]]


def test_line_breaks_and_preformatted_text_are_kept(tmp_path: Path) -> None:
    page = "<p>first line<br>second   line</p><pre>  kept\n    as is</pre>"
    assert [b.text for b in read_blocks(write(tmp_path, "x.html", page))] == ["first line\nsecond line", "kept\n    as is"]


def test_malformed_markup_is_read_leniently(tmp_path: Path) -> None:
    page = f"<p>{EN[0]}<p>{EN[3]}<div><b>{EN[4]}</i></table>"
    side = read_side(write(tmp_path, "x.en.html", page), "en", OPTIONS)
    assert [s.text for s in side.segments] == [EN[0], EN[3], EN[4]]


def test_check_a_page_and_a_pair_of_pages_from_the_command_line(tmp_path: Path) -> None:
    result = run_align("check", str(write(tmp_path, "page.html", BILINGUAL)), "--format", "json", "--quiet", "--fail-on", "never")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["segments"]["en"][0] == {"id": 0, "text": EN[0], "start": 0, "end": len(EN[0]), "where": "line 11 <h1>"}
    ar = write(tmp_path, "x.ar.html", f'<html lang="ar" dir="rtl"><body><p>{AR[0]}</p><p>{AR[4]}</p></body></html>')
    en = write(tmp_path, "x.en.html", f'<html lang="en"><body><p>{EN[0]}</p><p>{EN[3]}</p></body></html>')
    pair = run_align("check", "--ar", str(ar), "--en", str(en), "--format", "json", "--quiet")
    assert pair.returncode == 0, pair.stderr
    assert [link["ar"] + link["en"] for link in json.loads(pair.stdout)["links"]] == [[0, 0], [1, 1]]


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (bytes(range(256)) * 16, "binary"),
        (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;" * 50, "NUL"),
        ("<html><body><p>وصل</p></body></html>".encode("cp1256"), "not valid UTF-8"),
        (b"<html><head><script>var a = 1;</script></head><body>  </body></html>", "shows no text"),
        (b"<div>" * 100_000 + "نص".encode() + b"</div>" * 100_000, "nests elements deeper"),
    ],
    ids=["binary", "image renamed", "not utf-8", "no text", "nested too deep"],
)
def test_unusable_pages_are_refused(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "x.html"
    path.write_bytes(content)
    assert_clean_error(run_align("check", str(path), "--quiet"), 2, words)


def test_page_over_the_size_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "x.ar.html", f"<p>{AR[0]}</p>" * 100)
    monkeypatch.setenv("ALIGN_MAX_INPUT_MB", "0.001")
    with pytest.raises(InputError, match="limit"):
        read_side(path, "ar", OPTIONS)
