"""Normalize text for matching only; reports always show the original text.

Arabic spelling varies in ways that do not change meaning: diacritics,
tatweel, the hamza forms of alef, alef maksura for ya, teh marbuta for heh,
Arabic-Indic digits. English varies in case. Both may carry invisible bidi and
zero-width marks. camel-tools' character utilities (which need no downloaded
data) do the Arabic part.
"""

from __future__ import annotations

import unicodedata

from camel_tools.utils.dediac import dediac_ar
from camel_tools.utils.normalize import (
    normalize_alef_ar,
    normalize_alef_maksura_ar,
    normalize_teh_marbuta_ar,
)

from align.lang.rules import (
    ARABIC_PUNCTUATION_TO_LATIN,
    INVISIBLE_MARKS,
    TATWEEL,
    to_latin_digits,
)
from align.model import Lang


def normalize(text: str, lang: Lang) -> str:
    """The form of ``text`` used to compare, count and look up words.

    Both languages: Unicode compatibility forms folded (NFKC: Arabic
    presentation forms become letters), bidi and zero-width marks removed,
    Arabic-Indic and Persian digits turned into 0-9, Arabic punctuation into
    its Latin counterpart, whitespace runs folded into one space and trimmed.
    Arabic: diacritics and tatweel removed; أ إ آ ٱ → ا, ى → ي, ة → ه.
    English: case folded.

    Args:
        text: Original text.
        lang: ``"ar"`` or ``"en"``.
    """
    text = INVISIBLE_MARKS.sub("", unicodedata.normalize("NFKC", text))
    text = to_latin_digits(text).translate(ARABIC_PUNCTUATION_TO_LATIN)
    if lang == "ar":
        text = dediac_ar(text).replace(TATWEEL, "")
        text = normalize_teh_marbuta_ar(normalize_alef_maksura_ar(normalize_alef_ar(text)))
    else:
        text = text.casefold()
    return " ".join(text.split())
