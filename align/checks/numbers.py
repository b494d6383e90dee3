"""Numbers on one side only (``number-mismatch``): digits in any script with their separators and scale words, and numbers written in words."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import NamedTuple

from align.checks.context import LANGUAGE_NAME, SIDES_BOTH_WAYS, LinkContext, LinkText
from align.checks.registry import Finding, check
from align.lang import rules
from align.lang.normalize import normalize


def _number_values(literal: str) -> frozenset[Decimal]:
    """The values a written number may stand for.

    ``1,500`` and ``1.500`` may each be a thousands or a decimal separator (both
    conventions occur in Arabic translations), so such a number has two readings.
    """
    text = rules.to_latin_digits(literal).replace(rules.ARABIC_THOUSANDS_SEPARATOR, "'")
    text = text.replace(rules.ARABIC_DECIMAL_SEPARATOR, ".")
    readings = []
    if re.fullmatch(r"\d{1,3}(?:[,.']\d{3})+", text):
        readings.append(re.sub(r"[,.']", "", text))
    if re.fullmatch(r"\d+[,.]\d+", text):
        readings.append(text.replace(",", "."))
    if re.fullmatch(r"\d{1,3}(?:[,']\d{3})+\.\d+", text):
        readings.append(re.sub(r"[,']", "", text))
    if re.fullmatch(r"\d+", text):
        readings.append(text)
    # Anything else (a version number such as 1.2.3) has no single value.
    return frozenset(Decimal(r).normalize() for r in readings)


_EN_NUMBERS = {normalize(w, "en"): v for w, v in rules.ENGLISH_NUMBER_WORDS.items()}
_EN_UNITS = {**{w: v for w, v in _EN_NUMBERS.items() if v < 10}, "one": 1}
_AR_NUMBERS = {normalize(w, "ar"): v for w, v in rules.ARABIC_NUMBER_WORDS.items()}
_AR_TEEN_UNITS = {
    normalize(w, "ar"): v
    for w, v in {**rules.ARABIC_ORDINAL_UNITS, **rules.ARABIC_TEEN_UNITS, **rules.ARABIC_NUMBER_WORDS}.items()
    if v < 10
}
_AR_TEN = {normalize("عشر", "ar"), normalize("عشرة", "ar")}
_AR_ARTICLE = normalize("ال", "ar")
_SCALES: dict[str, dict[str, int]] = {
    "en": {normalize(w, "en"): v for w, v in rules.ENGLISH_SCALE_WORDS.items()},
    "ar": {normalize(w, "ar"): v for w, v in rules.ARABIC_SCALE_WORDS.items()},
}
_FIRST_WORD = re.compile(r"[\s-]*([^\W\d_]+)")
_DECADE = re.compile(r"\d{3}0s\b")


class _Number(NamedTuple):
    values: frozenset[Decimal]  # the number, and its value with a following scale word (300 ألف)
    start: int
    end: int
    reportable: bool  # whether its absence on the other side is worth a flag


def _scaled(text: LinkText, end: int, value: Decimal) -> frozenset[Decimal]:
    following = _FIRST_WORD.match(text.content, end)
    scale = _SCALES[text.lang].get(normalize(following.group(1), text.lang)) if following else None
    return frozenset({value, value * scale} if scale else {value})


def _arabic_number_word(word: str) -> str:
    """The number word inside ``word``: attached و ف ب ل ك and the accusative alif removed (بثلاثة، ثلاثا)."""
    stripped = rules.LEADING_PARTICLES.sub("", word)
    if word not in _AR_NUMBERS and word not in _AR_TEEN_UNITS and len(stripped) >= 3:
        word = stripped  # but not لست "I am not" read as ل + ست "six"
    if word.endswith("ا") and word[:-1] in _AR_NUMBERS:
        word = word[:-1]
    return word


def _word_numbers(text: LinkText) -> Iterator[_Number]:
    """Spelled-out numbers, compounds joined ("twenty-five", خمسة وعشرون, ثلاثة عشر).

    Arabic number words with the article still match the other side but are
    not reported: القرن العشرين is "the 20th century", يوم الاثنين "Monday".
    """
    words = text.content_words
    i = 0
    while i < len(words):
        token, value, end, definite = words[i], None, words[i].end, False
        following = words[i + 1] if i + 1 < len(words) else None
        if text.lang == "en":
            value = _EN_NUMBERS.get(token.folded)
            if value and value >= 20 and following and following.folded in _EN_UNITS:
                if text.raw[token.end : following.start] in ("-", " "):
                    value, end, i = value + _EN_UNITS[following.folded], following.end, i + 1
        else:
            word = _arabic_number_word(token.folded)
            definite = word.startswith(_AR_ARTICLE)
            if definite and word not in _AR_TEEN_UNITS:
                word = word[len(_AR_ARTICLE) :]
            unit = _AR_TEEN_UNITS.get(word)
            tens = None
            if following and following.folded.startswith("و"):
                tens = _AR_NUMBERS.get(following.folded[1:].removeprefix(_AR_ARTICLE))
            if unit and following and following.folded in _AR_TEN:
                value, end, i = 10 + unit, following.end, i + 1
            elif unit and tens and tens >= 20:
                value, end, i = unit + tens, following.end, i + 1  # type: ignore[union-attr]
            else:
                value = _AR_NUMBERS.get(word)
        if value:
            # Two is often only in the Arabic dual (سنتين "two years"), so only 3 and up is reported;
            # definite Arabic number words are often ordinal or a name (القرن العشرين، يوم الاثنين).
            reportable = value >= 3 and not (text.lang == "ar" and definite)
            yield _Number(_scaled(text, end, Decimal(value)), token.start, end, reportable)
        i += 1


def _digit_numbers(text: LinkText) -> Iterator[_Number]:
    for match in rules.NUMBER.finditer(text.content):
        rest = text.content[match.end() : match.end() + 40]  # what can follow a number: a Hijri mark, "s"
        if text.lang == "ar" and rules.HIJRI_MARK.match(rest):
            continue  # a Hijri year is rendered as a different Gregorian one
        if text.lang == "en" and _DECADE.match(match.group() + rest[:2]):
            continue  # "the 1980s" is usually written out in Arabic (ثمانينيات القرن العشرين)
        values = _number_values(match.group())
        if values:
            # 0 and 1 are too often "no", "one", "a", "first" or "4:00" on the other side to report.
            scaled = frozenset().union(*(_scaled(text, match.end(), value) for value in values))
            yield _Number(scaled, match.start(), match.end(), max(values) > 1)


@check("number-mismatch", "error")


def _number_mismatch(context: LinkContext) -> Iterator[Finding]:
    """A number on one side that the other side does not have, in digits (Latin, Arabic-Indic or
    Persian, with any separators and scale words: 300 ألف = 300,000) or in words ("ten" = عشرة = 10).
    Not compared: list numbering at the start of a segment, Hijri years (1429 هـ), decades ("the
    1980s"), 0 and 1, and spelled-out numbers below three (Arabic says "two" with the dual alone).
    """
    if not context.both_sides:
        return
    found = {side: [*_digit_numbers(context.side(side)), *_word_numbers(context.side(side))] for side in ("ar", "en")}
    for side, other in SIDES_BOTH_WAYS:
        other_values = frozenset().union(*(n.values for n in found[other]))
        reported: set[frozenset[Decimal]] = set()
        for number in sorted(found[side], key=lambda n: n.start):
            if not number.reportable or number.values & other_values or number.values in reported:
                continue
            reported.add(number.values)
            literal = context.side(side).raw[number.start : number.end]
            yield Finding(
                f"The number '{literal}' in the {LANGUAGE_NAME[side]} is missing from the {LANGUAGE_NAME[other]}.",
                side,
                number.start,
                number.end,
            )
