"""Reading input files: every unusable file is refused with a one-line fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from align.errors import InputError
from align.io.text import read_mixed, read_pair, read_text
from tests.conftest import SEED_BLOG, SEED_JPOST

ARABIC = "أعلنت الوزارة اليوم عن خطة جديدة للتعليم. وستبدأ الخطة في العام المقبل.\n"
ENGLISH = "The ministry announced a new education plan today. The plan will start next year.\n"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def refused(path: Path | str, **kwargs: object) -> str:
    with pytest.raises(InputError) as error:
        read_text(path, **kwargs)  # type: ignore[arg-type]
    message = str(error.value)
    assert "\n" not in message and str(path) in message
    return message


def test_missing_file(tmp_path: Path) -> None:
    assert "no such file" in refused(tmp_path / "nope.txt")


def test_directory(tmp_path: Path) -> None:
    assert "directory" in refused(tmp_path)


def test_empty_file(tmp_path: Path) -> None:
    assert "empty" in refused(write(tmp_path, "empty.txt", b""))


def test_whitespace_only_file(tmp_path: Path) -> None:
    assert "only whitespace" in refused(write(tmp_path, "blank.txt", b" \r\n\t\n  "))


def test_nul_bytes_mean_binary(tmp_path: Path) -> None:
    assert "binary" in refused(write(tmp_path, "x.bin", b"abc\x00def\x00" * 10))


def test_control_characters_mean_binary(tmp_path: Path) -> None:
    assert "binary" in refused(write(tmp_path, "x.dat", bytes(range(1, 9)) * 20 + b"some text"))


def test_windows_1256_arabic_gets_the_iconv_command(tmp_path: Path) -> None:
    message = refused(write(tmp_path, "cp.txt", ARABIC.encode("cp1256")))
    assert "Windows-1256" in message
    assert "iconv -f CP1256 -t UTF-8" in message


def test_other_invalid_utf8_is_named(tmp_path: Path) -> None:
    message = refused(write(tmp_path, "latin.txt", "Café au lait, très bien.".encode("latin-1")))
    assert "not valid UTF-8" in message
    assert "CP1256" not in message


def test_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    assert "limit" in refused(write(tmp_path, "big.txt", ENGLISH.encode() * 10), max_bytes=100)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-be", "utf-32"])
def test_byte_order_marks_are_accepted_and_stripped(tmp_path: Path, encoding: str) -> None:
    data = ARABIC.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    assert read_text(write(tmp_path, "bom.txt", data)) == ARABIC


def test_crlf_is_kept_and_offsets_round_trip(tmp_path: Path) -> None:
    ar = write(tmp_path, "ar.txt", ARABIC.replace("\n", "\r\n").encode() * 2)
    en = write(tmp_path, "en.txt", ENGLISH.replace("\n", "\r\n").encode() * 2)
    arabic, english = read_pair(ar, en)
    assert "\r\n" in arabic.text
    for side in (arabic, english):
        assert len(side.segments) == 4
        assert all(side.text[s.start : s.end] == s.text for s in side.segments)
        assert [s.id for s in side.segments] == list(range(4))


def test_read_pair_presegmented_keeps_lines(tmp_path: Path) -> None:
    ar = write(tmp_path, "ar.txt", ARABIC.encode())
    en = write(tmp_path, "en.txt", ENGLISH.encode())
    arabic, english = read_pair(ar, en, presegmented=True)
    assert [s.text for s in arabic.segments] == [ARABIC.strip()]
    assert [s.text for s in english.segments] == [ENGLISH.strip()]
    assert (arabic.lang, english.lang, arabic.path) == ("ar", "en", str(ar))


def test_english_given_as_arabic_is_refused(tmp_path: Path) -> None:
    ar = write(tmp_path, "ar.txt", ENGLISH.encode())
    en = write(tmp_path, "en.txt", ENGLISH.encode())
    with pytest.raises(InputError, match=r"ar\.txt: only 0% of its letters are Arabic"):
        read_pair(ar, en)


def test_arabic_given_as_english_is_refused(tmp_path: Path) -> None:
    ar = write(tmp_path, "ar.txt", ARABIC.encode())
    en = write(tmp_path, "en.txt", ARABIC.encode())
    with pytest.raises(InputError, match=r"en\.txt: 100% of its letters are Arabic"):
        read_pair(ar, en)


def test_mixed_document_without_arabic_is_refused() -> None:
    with pytest.raises(InputError, match="no Arabic text found"):
        read_mixed(SEED_JPOST)


def test_mixed_document_without_english_translation_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no English translation"):
        read_mixed(write(tmp_path, "ar-only.txt", ARABIC.encode()))


def test_read_mixed_blog_seed() -> None:
    arabic, english = read_mixed(SEED_BLOG)
    assert (len(arabic.segments), len(english.segments)) == (9, 10)
    assert arabic.text == english.text == SEED_BLOG.read_text(encoding="utf-8")
    for side in (arabic, english):
        assert all(side.text[s.start : s.end] == s.text for s in side.segments)
