"""Numbers on one side only (``number-mismatch``): digits in any script with their separators and scale words, and numbers written in words."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import NamedTuple

from align.checks.context import LANGUAGE_NAME, SIDES_BOTH_WAYS, LinkContext, LinkText, glued, quote
from align.checks.registry import Finding, check
from align.lang import rules
from align.lang.normalize import normalize
from align.model import Lang


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
    hijri: bool = False  # a year marked as of the Hijri calendar (1445 هـ، 1445 AH)


def _scaled(text: LinkText, end: int, value: Decimal) -> frozenset[Decimal]:
    following = _FIRST_WORD.match(text.content, end)
    scale = _SCALES[text.lang].get(normalize(following.group(1), text.lang)) if following else None
    return frozenset({value, value * scale} if scale else {value})


def _arabic_number_word(word: str) -> str:
    """The number word inside ``word``: attached و ف ب ل ك, the accusative alif (بثلاثة، ثلاثا) and an
    ordinal's attached pronoun (رابعهم) removed."""
    stripped = rules.LEADING_PARTICLES.sub("", word)
    if word not in _AR_NUMBERS and word not in _AR_TEEN_UNITS and len(stripped) >= 3:
        word = stripped  # but not لست "I am not" read as ل + ست "six"
    if word.endswith("ا") and word[:-1] in _AR_NUMBERS:
        word = word[:-1]
    pronoun = next((p for p in _AR_ORDINAL_PRONOUNS if word.endswith(p) and word[: -len(p)] in _AR_ORDINALS), None)
    return word[: -len(pronoun)] if pronoun else word


_EN_ATOMS = {**_EN_NUMBERS, **{normalize(w, "en"): v for w, v in rules.ENGLISH_ORDINAL_WORDS.items()}, "one": 1}
_EN_ORDINALS = {normalize(w, "en") for w in rules.ENGLISH_ORDINAL_WORDS}
_EN_FRACTION = {"a", "one"}  # "a fifth", "one third" are fractions, not ordinals
_AR_ORDINALS = {normalize(w, "ar"): v for w, v in rules.ARABIC_ORDINAL_WORDS.items()}
_AR_HUNDREDS = {normalize(w, "ar"): v for w, v in rules.ARABIC_HUNDREDS.items()}
_AR_DUALS = {normalize(w, "ar"): 2 * v for w, v in rules.ARABIC_SCALE_DUALS.items()}
_AR_HUNDRED = {normalize("مائة", "ar"), normalize("مئة", "ar")}
_AR_ORDINAL_PRONOUNS = tuple(normalize(w, "ar") for w in rules.ARABIC_ORDINAL_PRONOUNS)


class _Atom(NamedTuple):
    value: int
    scale: bool  # a multiplier of what precedes it (hundred, ألف) rather than a number added to it
    ordinal: bool
    definite: bool  # an Arabic word with the article
    last: int  # index of its last word


def _atom(text: LinkText, i: int, joined: bool) -> _Atom | None:
    """The number word (or Arabic unit-and-tens compound) at word ``i``; ``joined`` when it continues a number."""
    words = text.content_words
    token = words[i]
    following = words[i + 1] if i + 1 < len(words) else None
    scales = _SCALES[text.lang]
    if text.lang == "en":
        if token.folded in scales:
            return _Atom(scales[token.folded], True, False, False, i)
        value = _EN_ATOMS.get(token.folded)
        if not value:
            return None
        if value >= 20 and following and following.folded in _EN_UNITS:
            if text.raw[token.end : following.start] in ("-", " "):
                return _Atom(value + _EN_UNITS[following.folded], False, False, False, i + 1)
        return _Atom(value, False, token.folded in _EN_ORDINALS, False, i)
    folded = token.folded
    if joined:
        if not folded.startswith("و"):
            # Arabic joins the parts of a number with و, except a scale after its multiplier (خمسمائة ألف).
            scale = scales.get(folded) or (100 if folded in _AR_HUNDRED else None)
            return _Atom(scale, True, False, False, i) if scale else None
        folded = folded[1:]
    word = _arabic_number_word(folded)
    definite = word.startswith(_AR_ARTICLE) and word not in _AR_DUALS  # ألفان "two thousand" is not ال + فان
    if definite and word not in _AR_TEEN_UNITS and word not in _AR_ORDINALS:
        word = word[len(_AR_ARTICLE) :]
    if word in _AR_HUNDRED or word in scales:
        return _Atom(100 if word in _AR_HUNDRED else scales[word], True, False, definite, i)
    if word in _AR_HUNDREDS or word in _AR_DUALS:
        return _Atom(_AR_HUNDREDS.get(word) or _AR_DUALS[word], False, False, definite, i)
    unit = _AR_TEEN_UNITS.get(word)
    tens = None
    if following and following.folded.startswith("و"):
        tens = _AR_NUMBERS.get(following.folded[1:].removeprefix(_AR_ARTICLE))
    if unit and following and following.folded in _AR_TEN:
        return _Atom(10 + unit, False, False, definite, i + 1)
    if unit and tens and tens >= 20:
        return _Atom(unit + tens, False, False, definite, i + 1)
    if word in _AR_ORDINALS:
        return _Atom(_AR_ORDINALS[word], False, True, definite, i)
    value = _AR_NUMBERS.get(word)
    return _Atom(value, False, False, definite, i) if value else None


def _room(atom: _Atom) -> int:
    """The largest part that may follow ``atom`` in one number: below a scale (ألف وخمسمائة), below the
    round place of a hundreds or dual word (خمسمائة وخمسون، ألفان وخمسمائة), nothing after a unit."""
    if atom.scale:
        return atom.value - 1
    place = 1
    while atom.value >= 100 and atom.value % (place * 10) == 0:
        place *= 10
    return place - 1


def _word_numbers(text: LinkText) -> Iterator[_Number]:
    """Spelled-out numbers, compounds joined ("twenty-five", خمسة وعشرون, ثلاثة عشر, خمسمائة ألف =
    "five hundred thousand" = 500,000), and ordinals (الخامسة = "fifth" = 5).

    Arabic number words with the article still match the other side but are
    not reported: القرن العشرين is "the 20th century", يوم الاثنين "Monday".
    """
    words = text.content_words
    i = 0
    while i < len(words):
        first = _atom(text, i, joined=False)
        if not first:
            i += 1
            continue
        atoms, room = [first], _room(first)
        while atoms[-1].last + 1 < len(words):
            j = atoms[-1].last + 1
            if text.lang == "en" and words[j].folded == "and" and j + 1 < len(words) and room:
                j += 1  # "two hundred and fifty"
            if text.raw[words[atoms[-1].last].end : words[j].start].strip(" -") and words[j - 1].folded != "and":
                break
            nxt = _atom(text, j, joined=True)
            # A number joins only what it can continue: a scale after anything, a smaller part after a scale
            # or a hundred (ثلاثمائة وخمسون); "three and four" are two numbers.
            if not nxt or nxt.ordinal or not (nxt.scale or nxt.value <= room):
                break
            atoms.append(nxt)
            room = _room(nxt)
        if first.scale and (len(atoms) == 1 or (text.lang == "en" and (not i or words[i - 1].folded != "a"))):
            # A scale word alone is no number: ألف is also "wrote", and 300 ألف is read with its digits. An
            # English number opens with its scale only after "a" ("a hundred and fifty"): in "1.7 million
            # four years ago" the million is the digits', and "four" a number of its own.
            i += 1
            continue
        total = current = 0
        for atom in atoms:
            if not atom.scale:
                current += atom.value
            elif atom.value == 100:
                current = (current or 1) * 100
            else:
                total, current = total + (current or 1) * atom.value, 0
        value = total + current
        token, end = words[i], words[atoms[-1].last].end
        if first.ordinal and len(atoms) == 1:
            # A lone ordinal is unambiguous from "third" up ("second" is also time, الثاني "the other"),
            # unless it is a fraction ("a fifth").
            before = words[i - 1].folded if i else ""
            reportable = value >= 3 and not (text.lang == "en" and before in _EN_FRACTION)
        else:
            # Two is often only in the Arabic dual (سنتين "two years"), so only 3 and up is reported;
            # definite Arabic number words are often ordinal or a name (القرن العشرين، يوم الاثنين).
            reportable = value >= 3 and not first.definite
        yield _Number(_marked(text, end, frozenset({Decimal(value)})), token.start, end, reportable)
        i = atoms[-1].last + 1


def _marked(text: LinkText, end: int, values: frozenset[Decimal]) -> frozenset[Decimal]:
    """Per mille as its percent (5‰ = 0.5%), so 10‰ does not pass for 10% or 10 per cent."""
    if rules.PER_MILLE.match(text.content, end):
        return frozenset((v / 10).normalize() for v in values)
    return values


def _hint_table(lang: Lang, *tables: dict[str, int]) -> dict[str, frozenset[Decimal]]:
    """Each hint word (folded) with every value it answers: النصف is 2 ("half") and 50 ("50 percent")."""
    values: dict[str, set[Decimal]] = {}
    for table in tables:
        for word, value in table.items():
            values.setdefault(normalize(word, lang), set()).add(Decimal(value))
    return {word: frozenset(v) for word, v in values.items()}


_HINTS = {
    "ar": _hint_table("ar", rules.ARABIC_NUMBER_HINTS, rules.ARABIC_PERCENT_HINTS),
    "en": _hint_table("en", rules.ENGLISH_NUMBER_HINTS, rules.ENGLISH_PERCENT_HINTS),
}
#: "1950-53": the second year of a range written with its last two digits.
_YEAR_RANGE = re.compile(r"(?<!\d)((?:1[5-9]|20)\d\d)\s?[-–]\s?(\d\d)(?!\d)")
#: A clock time with a dot (5.30pm) is the same as 5:30, whose two parts are read apart.
_CLOCK = re.compile(r"(?<!\d)(\d{1,2})[.:](\d\d)\s?(?:[ap]\.?m\b\.?)", re.I)
#: Thousands grouped with a space (116 123, 30 000) on one side, joined on the other.
_SPACE_GROUPED = re.compile(r"(?<![\d.,])(\d{1,3})((?: \d{3})+)(?!\d|[.,]\d)")


def _hinted(text: LinkText) -> frozenset[Decimal]:
    """Values that answer a number without being reported: number hints, space-grouped thousands
    joined, and (on the Arabic side) English number words quoted in Latin script (a title left in English)."""
    hints = _HINTS[text.lang]
    # An Arabic hint may carry attached particles (بنصف); _arabic_number_word takes them off.
    words = [_arabic_number_word(t.folded) if text.lang == "ar" else t.folded for t in text.content_words]
    values = {value for w in words for value in hints.get(w, ())}
    if text.lang == "ar":
        latin = [normalize(t.text, "en") for t in text.content_words if t.text.isascii()]
        values.update(Decimal(_EN_ATOMS[w]) for w in latin if w in _EN_ATOMS)
    values.update(Decimal(group) for group in _joined_groups(text).values())
    return frozenset(values)


def _joined_groups(text: LinkText) -> dict[tuple[int, int], str]:
    """Space-grouped numbers of the side (116 123), by span, each written joined (116123)."""
    return {m.span(): m.group().replace(" ", "") for m in _SPACE_GROUPED.finditer(rules.to_latin_digits(text.content))}


def _other_readings(content: str, start: int, end: int) -> frozenset[Decimal]:
    """What a number in ``content[start:end]`` also stands for: the second year of a range (the
    53 of 1950-53 is 1953), the parts of a clock time (5.30pm is 5 and 30)."""
    values: set[Decimal] = set()
    for m in _YEAR_RANGE.finditer(content, max(0, start - 7), end):
        if m.start(2) == start:
            values.add(Decimal(m.group(1)[:2] + m.group(2)))
    for m in _CLOCK.finditer(content, start, end + 6):
        if m.start() == start:
            values.update({Decimal(m.group(1)), Decimal(m.group(2)).normalize()})
    return frozenset(values)


#: A whole number and a proper fraction (220 2/3 innings): the fraction's digits are no counts of
#: their own, and a translation that rounds to the whole number (220) keeps the number.
_MIXED_FRACTION = re.compile(r"(?<![\d.,/])\d+ (\d{1,2})/(\d{1,2})(?![\d/])")


def _fraction_digits(latin: str) -> set[int]:
    """Start offsets of the numerator and denominator of each mixed number's proper fraction."""
    starts = set()
    for m in _MIXED_FRACTION.finditer(latin):
        if 0 < int(m.group(1)) < int(m.group(2)):
            starts.update({m.start(1), m.start(2)})
    return starts


def _digit_numbers(text: LinkText) -> Iterator[_Number]:
    latin = rules.to_latin_digits(text.content)  # digit for digit, so offsets stay
    fraction = _fraction_digits(latin)
    for match in rules.NUMBER.finditer(text.content):
        rest = text.content[match.end() : match.end() + 40]  # what can follow a number: a Hijri mark, "s"
        hijri = bool(
            rules.HIJRI_MARK[text.lang].match(rest) or rules.HIJRI_MARK_BEFORE[text.lang].search(text.content[max(0, match.start() - 6) : match.start()])
        )
        if text.lang == "en" and _DECADE.match(match.group() + rest[:2]):
            continue  # "the 1980s" is usually written out in Arabic (ثمانينيات القرن العشرين)
        values = _number_values(match.group())
        if values:
            # 0 and 1 are too often "no", "one", "a", "first" or "4:00" on the other side to report.
            scaled = frozenset().union(*(_scaled(text, match.end(), value) for value in values))
            scaled |= _other_readings(latin, match.start(), match.end())
            reportable = max(values) > 1 and match.start() not in fraction
            yield _Number(_marked(text, match.end(), scaled), match.start(), match.end(), reportable, hijri)


#: Numbers read as Gregorian years when a Hijri year faces them: four digits from 1000 to 2199.
_GREGORIAN_YEARS = range(1000, 2200)


def _overlapped(hijri_years: Iterable[Decimal]) -> set[Decimal]:
    """The Gregorian years the Hijri years overlap (1445 AH: 2023 and 2024)."""
    overlapped = set()
    for year in hijri_years:
        first = int(year * Decimal(str(rules.HIJRI_YEAR_LENGTH)) + Decimal(str(rules.HIJRI_EPOCH)))
        overlapped.update({Decimal(first), Decimal(first + 1)})
    return overlapped


def _calendar_equivalent(number: _Number, hijri: set[Decimal], gregorian: set[Decimal]) -> bool:
    """Whether a year missing from the other side stands there in the other calendar.

    A Hijri year counts as given when the other side writes no Hijri year but a Gregorian year it
    overlaps (عام 1445 هـ الموافق 2024 م ↔ "in 2024": the translation keeps only the Gregorian date,
    as English usage does); a Gregorian year, when the other side writes no Gregorian year but a Hijri
    year that overlaps it (the Arabic gives only 1445 هـ, the English converts it). Where the other
    side writes a year of the same calendar, the two must agree: a changed year still fires.
    ``hijri`` and ``gregorian`` are the other side's years of each calendar.
    """
    if number.hijri:
        return not hijri and bool(_overlapped(number.values) & gregorian)
    return not gregorian and bool(number.values & _overlapped(hijri))


@check("number-mismatch", "error")
def _number_mismatch(context: LinkContext) -> Iterator[Finding]:
    """A number on one side that the other side does not have, in digits (Latin, Arabic-Indic or
    Persian, with any separators and scale words: 300 ألف = 300,000) or in words ("ten" = عشرة = 10,
    خمسمائة ألف = "five hundred thousand"), ordinals (الخامسة = "fifth" = 5, رابعهم "their fourth"), fractions
    (السدس "the sixth"; النصف "half", also "50 percent"), per mille as its percent,
    and Hijri years (1445 هـ، 1445 AH, 1445H, AH 1445) against the other side's Hijri years. Lets pass a
    year given in one calendar on one side and in the other calendar only on the other (عام 1445 هـ
    الموافق 2024 م ↔ "in 2024"; 1429 هـ ↔ "2008"), since a translation may keep only the date its
    readers use. Not compared: list numbering at the start of a segment, decades ("the 1980s"), 0 and
    1, spelled-out numbers below three (Arabic says "two" with the dual alone), and the fraction of a
    mixed number (the 2/3 of "220 2/3", which a translation may round to 220).
    """
    if not context.both_sides:
        return
    # Each number with whether it is spelled out (False: digits).
    found = {
        side: [(n, False) for n in _digit_numbers(context.side(side))] + [(n, True) for n in _word_numbers(context.side(side))]
        for side in ("ar", "en")
    }
    hijri = {side: {v for n, _ in found[side] if n.hijri for v in n.values} for side in found}
    gregorian = {
        side: {v for n, spelled in found[side] if not (n.hijri or spelled) for v in n.values if v == int(v) and int(v) in _GREGORIAN_YEARS}
        for side in found
    }
    for side, other in SIDES_BOTH_WAYS:
        other_values = frozenset().union(*(n.values for n, _ in found[other])) | _hinted(context.side(other))
        groups = _joined_groups(context.side(side))
        reported: set[frozenset[Decimal]] = set()
        for number, spelled in sorted(found[side], key=lambda item: item[0].start):
            if not number.reportable or number.values & other_values or number.values in reported:
                continue
            if _calendar_equivalent(number, hijri[other], gregorian[other]):
                continue
            if spelled and glued(context.side(other)):
                continue  # the other side's words run together: its number words cannot be seen
            if not spelled and any(
                start <= number.start and number.end <= end and Decimal(joined) in other_values
                for (start, end), joined in groups.items()
            ):
                continue  # one group of 116 123, which the other side writes 116123
            reported.add(number.values)
            literal = context.side(side).raw[number.start : number.end]
            yield Finding(
                f"The number '{quote(literal)}' in the {LANGUAGE_NAME[side]} is missing from the {LANGUAGE_NAME[other]}.",
                side,
                number.start,
                number.end,
            )
