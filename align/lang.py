"""Language rules for Arabic and English, in one place.

Segmentation, normalization and the checks all read their character classes
and word lists from here, so a rule fixed here is fixed everywhere.
"""

from __future__ import annotations

import re

ARABIC_LETTER = re.compile(r"[\u0620-\u064A\u066E-\u06D3\u06D5\u06FA-\u06FC\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFC]")
LATIN_LETTER = re.compile(r"[A-Za-z\u00C0-\u024F]")

#: Arabic diacritics (harakat, shadda, sukun, superscript alef) and tatweel.
ARABIC_DIACRITICS = re.compile(r"[\u064B-\u065F\u0670\u06D6-\u06ED]")
TATWEEL = "\u0640"

#: Bidi controls and zero-width characters: invisible, never meaningful for matching.
INVISIBLE_MARKS = re.compile(r"[\u200B-\u200F\u202A-\u202E\u2066-\u2069\u061C\uFEFF\u00AD]")

ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
DIGIT_TABLE = str.maketrans(ARABIC_INDIC_DIGITS + PERSIAN_DIGITS, "0123456789" * 2)
#: Arabic decimal separator ٫ and thousands separator ٬.
ARABIC_DECIMAL_SEPARATOR = "\u066B"
ARABIC_THOUSANDS_SEPARATOR = "\u066C"

#: Arabic punctuation and its Latin counterpart.
ARABIC_COMMA = "،"
ARABIC_SEMICOLON = "؛"
ARABIC_QUESTION_MARK = "؟"
ARABIC_PUNCTUATION_TO_LATIN = str.maketrans({"،": ",", "؛": ";", "؟": "?", "٪": "%", "۔": "."})

SENTENCE_END = ".!?؟۔…"

#: Opening bracket -> closing bracket. The ornate parentheses ﴾﴿ are listed as
#: they are read in Arabic text (U+FD3E opens on the right).
BRACKET_PAIRS: dict[str, str] = {
    "(": ")",
    "[": "]",
    "{": "}",
    "«": "»",
    "\uFD3E": "\uFD3F",
    "\uFD3F": "\uFD3E",
}


def count_script(text: str) -> tuple[int, int]:
    """Count Arabic and Latin letters in ``text``.

    Returns:
        ``(arabic_letters, latin_letters)``.
    """
    return len(ARABIC_LETTER.findall(text)), len(LATIN_LETTER.findall(text))


def arabic_share(text: str) -> float:
    """Share of letters in ``text`` that are Arabic script (0.0 when no letters)."""
    arabic, latin = count_script(text)
    total = arabic + latin
    return arabic / total if total else 0.0


def to_latin_digits(text: str) -> str:
    """Replace Arabic-Indic and Persian digits with 0-9."""
    return text.translate(DIGIT_TABLE)
