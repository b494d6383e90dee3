"""Read input files into segmented sides, refusing unusable input in one line.

Offsets in every :class:`~align.model.Side` refer to the decoded text: a
byte-order mark is not part of it, and line ends are kept as they are in the
file (``\\r\\n`` stays ``\\r\\n``), so ``side.text[seg.start:seg.end] == seg.text``.
"""

from __future__ import annotations

import codecs
import math
import os
import re
import stat
from pathlib import Path

from align.errors import InputError
from align.lang.rules import arabic_share, count_script
from align.model import Lang, Side
from align.segment.mixed import split_mixed
from align.segment.sentences import make_side, segment, segment_lines

#: Byte-order marks accepted, longest first (the UTF-32 LE mark starts with the UTF-16 LE one).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: Share of control characters above which a file is taken for binary data.
_MAX_CONTROL_SHARE = 0.1
#: Control characters that are not whitespace (NUL is refused before decoding).
_CONTROL = re.compile(r"[\x01-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")
#: Below this share of Arabic letters a file given as Arabic is refused, and
#: above it a file given as English; quoted names in the other script stay well
#: inside the margin.
_ARABIC_SHARE_THRESHOLD = 0.5

MAX_INPUT_ENV = "ALIGN_MAX_INPUT_MB"
DEFAULT_MAX_INPUT_MB = 50


def max_input_bytes() -> int:
    """The largest input file accepted: ``$ALIGN_MAX_INPUT_MB`` megabytes, 50 by default.

    Raises:
        InputError: The variable is set but not a positive number.
    """
    setting = os.environ.get(MAX_INPUT_ENV)
    if setting is None:
        return DEFAULT_MAX_INPUT_MB * 2**20
    try:
        megabytes = float(setting)
    except ValueError:
        megabytes = -1.0
    # inf and nan parse as floats but are no limit at all (inf overflowed int()).
    if not (megabytes > 0 and math.isfinite(megabytes)):
        raise InputError(f"{MAX_INPUT_ENV}={setting!r} is not a positive, finite number of megabytes")
    return int(megabytes * 2**20)


def check_size(path: Path, max_bytes: int | None = None) -> None:
    """Refuse a file over ``max_bytes`` (default :func:`max_input_bytes`) before anything reads it.

    Raises:
        InputError: The file is too large, or its size cannot be read.
    """
    limit = max_input_bytes() if max_bytes is None else max_bytes
    try:
        status = path.stat()  # follows links: what counts is what is read
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror})") from None
    # A FIFO blocks the read forever and a device (/dev/zero, /dev/urandom) reports
    # size 0 and never ends: only regular files have a size the limit can trust.
    if not stat.S_ISREG(status.st_mode):
        raise InputError(f"{path}: not a regular file (a pipe, device or socket); give a text file")
    size = status.st_size
    if size > limit:
        raise InputError(
            f"{path}: {size:,} bytes is over the {limit:,}-byte limit; split it into smaller files "
            f"or raise the limit with {MAX_INPUT_ENV}=MEGABYTES"
        )


def read_bytes(path: str | Path, *, max_bytes: int | None = None) -> bytes:
    """Read a file's bytes, refusing it before reading when it is over the size limit.

    Raises:
        InputError: The file is missing, a directory, not a regular file, or
            larger than ``max_bytes`` (default :func:`max_input_bytes`).
    """
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file; check the path")
    if path.is_dir():
        raise InputError(f"{path}: is a directory; give a text file")
    limit = max_input_bytes() if max_bytes is None else max_bytes
    check_size(path, limit)
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)  # bounded even if the file grows after the check
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror}); check its permissions") from error
    if len(data) > limit:
        raise InputError(f"{path}: grew past the {limit:,}-byte limit while being read")
    return data


def read_text(path: str | Path, *, max_bytes: int | None = None) -> str:
    """Read a UTF-8 (or UTF-16/32 with byte-order mark) text file.

    The byte-order mark is stripped, so offsets refer to the text after it.
    Line ends are returned unchanged.

    Raises:
        InputError: The file is unusable (see :func:`read_bytes`), binary, not valid UTF-8 (with the ``iconv`` command
            to convert Windows-1256 Arabic), empty, or whitespace only.
    """
    path = Path(path)
    text = _decode(path, read_bytes(path, max_bytes=max_bytes))
    if not text.strip():
        raise InputError(f"{path}: {'is empty' if not text else 'holds only whitespace'}; give a file with text in it")
    if _control_share(text) > _MAX_CONTROL_SHARE:
        raise InputError(f"{path}: mostly control characters, looks like a binary file; give a plain-text file")
    return text


def _decode(path: Path, data: bytes) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as error:
                raise InputError(
                    f"{path}: starts with a {encoding.upper()} byte-order mark but is not valid {encoding.upper()} "
                    f"(byte {error.start}); re-save it as UTF-8"
                ) from error
    if b"\x00" in data:
        raise InputError(f"{path}: contains NUL bytes, looks like a binary file (or UTF-16 without BOM); save it as UTF-8 text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        if not _damaged_utf8(data) and _looks_like_cp1256_arabic(data):
            raise InputError(
                f"{path}: is Windows-1256 (Arabic), not UTF-8; convert it with: "
                f"iconv -f CP1256 -t UTF-8 '{path}' > converted.txt"
            ) from error
        broken = data.decode("utf-8", errors="replace").count("\ufffd")
        raise InputError(
            f"{path}: not valid UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start}"
            f"{f', {broken} bad sequences in all' if broken > 1 else ''}); "
            f"fix or re-save it as UTF-8, e.g. iconv -f ENCODING -t UTF-8 '{path}' > converted.txt"
        ) from error


def _control_share(text: str) -> float:
    return len(_CONTROL.findall(text)) / len(text) if text else 0.0


def _damaged_utf8(data: bytes) -> bool:
    """Whether ``data`` is UTF-8 with some bad bytes, not text in a legacy encoding.

    UTF-8 Arabic also decodes as Windows-1256 "Arabic" (its lead and continuation
    bytes are letters there), so a few broken bytes in a UTF-8 file must not be
    reported as a legacy file: more well-formed multi-byte characters than broken
    bytes means UTF-8. Windows-1256 prose almost never forms a valid UTF-8 sequence.
    """
    text = data.decode("utf-8", errors="replace")
    broken = text.count("\ufffd")
    well_formed = sum(1 for char in text if ord(char) > 0x7F) - broken
    return well_formed > broken


def _looks_like_cp1256_arabic(data: bytes) -> bool:
    """Whether ``data`` reads as Arabic prose in Windows-1256, not as random bytes."""
    try:
        text = data.decode("cp1256")
    except UnicodeDecodeError:
        return False
    arabic, _ = count_script(text)
    visible = len(text) - sum(char.isspace() for char in text)
    return (
        arabic_share(text) >= _ARABIC_SHARE_THRESHOLD
        and arabic >= 0.5 * visible
        and _control_share(text) <= _MAX_CONTROL_SHARE
    )


def read_pair(
    ar_path: str | Path, en_path: str | Path, *, presegmented: bool = False
) -> tuple[Side, Side]:
    """Read and segment an Arabic file and its English translation.

    Args:
        ar_path: The Arabic file.
        en_path: The English file.
        presegmented: One segment per non-empty line instead of sentence splitting.

    Returns:
        ``(arabic_side, english_side)``.

    Raises:
        InputError: A file is unusable (see :func:`read_text`), or its letters
            are mostly in the other language's script.
    """
    return read_side(ar_path, "ar", presegmented=presegmented), read_side(en_path, "en", presegmented=presegmented)


def read_side(path: str | Path, lang: Lang, *, presegmented: bool = False) -> Side:
    """Read and segment one side of a pair: a text file in ``lang``.

    Raises:
        InputError: The file is unusable (see :func:`read_text`), or its letters
            are mostly in the other language's script.
    """
    text = read_text(path)
    check_language(Path(path), text, lang)
    spans = segment_lines(text) if presegmented else segment(text, lang)
    return make_side(lang, str(path), text, spans)


def check_language(path: Path, text: str, lang: Lang) -> None:
    """Refuse ``text`` read from ``path`` as the ``lang`` side when its letters are mostly the other script.

    Raises:
        InputError: No letters at all, or mostly the other language's letters.
    """
    arabic, latin = count_script(text)
    if not arabic + latin:
        raise InputError(f"{path}: has no letters at all; give the {'Arabic' if lang == 'ar' else 'English'} text")
    share = arabic_share(text)
    if lang == "ar" and share < _ARABIC_SHARE_THRESHOLD:
        raise InputError(
            f"{path}: only {share:.0%} of its letters are Arabic; pass the Arabic text as --ar "
            "(swapped with --en? one document holding both languages goes without --ar/--en)"
        )
    if lang == "en" and share > _ARABIC_SHARE_THRESHOLD:
        raise InputError(
            f"{path}: {share:.0%} of its letters are Arabic; pass the English translation as --en "
            "(swapped with --ar?)"
        )


def read_mixed(path: str | Path) -> tuple[Side, Side]:
    """Read one document holding Arabic passages and their English translation.

    Both sides share the document's text; only the bilingual region(s) found by
    :func:`align.segment.mixed.split_mixed` become segments.

    Returns:
        ``(arabic_side, english_side)``.

    Raises:
        InputError: The file is unusable (see :func:`read_text`), has no
            Arabic, or has no English next to its Arabic.
    """
    text = read_text(path)
    arabic, english = split_mixed(text)
    if not arabic:
        raise InputError(
            f"{path}: no Arabic text found; a mixed document must hold Arabic passages and their English "
            "translation (for two separate files use --ar and --en)"
        )
    if not english:
        raise InputError(
            f"{path}: no English translation found next to the Arabic; give the two texts as --ar FILE --en FILE"
        )
    return make_side("ar", str(path), text, arabic), make_side("en", str(path), text, english)
