"""Checks that point a reviewer at the links worth reading.

Each check is one small function registered with a stable code and a
severity; its docstring is the user documentation (the README's flag table is
generated from :data:`CHECKS`). :func:`check_alignment` runs them all over an
alignment and returns a copy whose links carry the flags.

The content checks (numbers, names, negation, length) compare the translation
proper: list numbering at the start of a segment and the translator's
bracketed additions in the English are left out, the latter being reported
once, as ``addition``.
"""

from __future__ import annotations

import inspect
import re
import statistics
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal
from difflib import SequenceMatcher
from functools import cached_property, lru_cache
from itertools import accumulate, pairwise
from typing import NamedTuple

from align.errors import InputError
from align.lang import rules
from align.lang.normalize import normalize
from align.model import Alignment, Flag, Lang, Link, Severity, Side


@dataclass(frozen=True)
class CheckInfo:
    """One registered check.

    Attributes:
        code: Stable identifier, as written in reports and accepted by ``--disable``.
        severity: ``"error"``, ``"warning"`` or ``"info"``.
        doc: What the check looks for, for users.
    """

    code: str
    severity: Severity
    doc: str


@dataclass(frozen=True)
class Thresholds:
    """Tunable limits of the checks; the defaults suit news and reports.

    Attributes:
        low_similarity: Links whose aligner score is below this get ``low-similarity``.
        length_ratio_min: ``length-ratio`` fires when the link's Arabic/English
            character ratio is below this share of the document's usual ratio...
        length_ratio_max: ...or above this multiple of it.
        length_min_chars: Links whose Arabic has fewer characters (not counting
            spaces) are too short for ``length-ratio``.
        default_char_ratio: Arabic/English character ratio assumed when the
            document has too few 1-1 links to estimate its own.
        ratio_sample_min: 1-1 links needed to estimate the document's ratio.
        name_similarity: How alike (0-1) a romanized Arabic word and an English
            name must be to count as the same name.
        name_consistency: How consistently (Dice overlap of the links holding
            each, 0-1) a name and its Arabic spelling must co-occur in the
            document before a link holding only one of them is flagged.
    """

    low_similarity: float = 0.3
    length_ratio_min: float = 0.5
    length_ratio_max: float = 2.0
    length_min_chars: int = 20
    default_char_ratio: float = 0.85
    ratio_sample_min: int = 3
    name_similarity: float = 0.8
    name_consistency: float = 0.5


class Finding(NamedTuple):
    """What a check reports: a message and a span in the link's joined text of one side."""

    message: str
    side: Lang | None = None
    start: int | None = None
    end: int | None = None


CHECKS: dict[str, CheckInfo] = {}
_CHECK_FUNCTIONS: dict[str, Callable[[_LinkContext], Iterable[Finding]]] = {}

_QUOTE_LIMIT = 60
_SENTENCE_END = set(rules.SENTENCE_END)
_CLAUSE_PUNCTUATION = set(".,;:!?،؛؟…—–")
_ARABIC_PROCLITICS = re.compile(r"^(?:[وف]?[بلك]?(?:ال)?|[وف]?لل)")
_SQUARE_BRACKETED = re.compile(r"\[[^\[\]]*\]")
#: Parenthesised translator notes: "(~HC)", "(Translator's note: …)", "(TN: …)".
_TRANSLATOR_NOTE = re.compile(r"\((?:[^()]*~\s*[A-Z]{1,4}|\s*(?:Translator|Trans\.|TN\b|T\.N\.)[^()]*)\)")
_POSSESSIVE = re.compile(r"['’]s$")
_WORD_REST = re.compile(r"\w*")
#: Shorter consonant skeletons (Maliki = m-l-k) match too many ordinary Arabic words to learn from.
_LEARNED_NAME_CONSONANTS = 4
#: Nisba (adjective) endings: العراقية "Iraqi", not العراق "Iraq".
_NISBA = re.compile(normalize("(?:ي|ية|يين|يون|يان|يات|يتين)$", "ar"))


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _QUOTE_LIMIT else text[: _QUOTE_LIMIT - 1] + "…"


def _check(code: str, severity: Severity) -> Callable[[Callable[[_LinkContext], Iterable[Finding]]], Callable[[_LinkContext], Iterable[Finding]]]:
    """Register a check; its docstring becomes the user documentation."""

    def register(function: Callable[[_LinkContext], Iterable[Finding]]) -> Callable[[_LinkContext], Iterable[Finding]]:
        CHECKS[code] = CheckInfo(code, severity, inspect.cleandoc(function.__doc__ or ""))
        _CHECK_FUNCTIONS[code] = function
        return function

    return register


# --- Link text ---------------------------------------------------------------


class _Token(NamedTuple):
    text: str
    folded: str
    start: int
    end: int


@dataclass(frozen=True)
class _Text:
    """One side of a link: its segments joined by newlines, mapped back to file offsets.

    ``content`` has the same length as ``raw``, with list numbering and the
    English translator additions blanked out.
    """

    lang: Lang
    raw: str
    content: str
    pieces: tuple[tuple[int, int], ...]  # (offset in raw, offset in the file) of each segment

    @cached_property
    def words(self) -> list[_Token]:
        return _tokens(self.raw, self.lang)

    @cached_property
    def content_words(self) -> list[_Token]:
        return _tokens(self.content, self.lang)

    def has_content(self) -> bool:
        return any(ch.isalnum() for ch in self.content)

    def file_offset(self, offset: int) -> int:
        base, origin = max((p for p in self.pieces if p[0] <= offset), default=self.pieces[0])
        return origin + offset - base

    def segment_start(self, offset: int) -> bool:
        """Whether ``offset`` opens a sentence: nothing but blanks, quotes or a sentence end before it."""
        before = self.content[:offset].rstrip(" \t\"'“‘«(")
        return not before or before.endswith("\n") or before[-1] in _SENTENCE_END or before[-1] == ":"


def _tokens(text: str, language: Lang) -> list[_Token]:
    return [_Token(m.group(), _folded_word(m.group(), language), m.start(), m.end()) for m in rules.WORD.finditer(text)]


@lru_cache(maxsize=65_536)
def _folded_word(word: str, language: Lang) -> str:
    # Texts repeat their words; normalizing each distinct word once keeps long links fast.
    return normalize(word, language)


def _blank(text: str, spans: Iterable[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _side_text(side: Side, ids: tuple[int, ...]) -> _Text:
    raw_parts, pieces, markers, offset = [], [], [], 0
    for i in ids:
        segment = side.segments[i]
        pieces.append((offset, segment.start))
        marker = rules.LIST_MARKER.match(segment.text)
        if marker:
            markers.append((offset, offset + marker.end()))
        raw_parts.append(segment.text)
        offset += len(segment.text) + 1
    raw = "\n".join(raw_parts)
    return _Text(side.lang, raw, _blank(raw, markers), tuple(pieces) or ((0, 0),))


def _additions(english: str, arabic: str) -> list[tuple[int, int]]:
    """Spans of the English's bracketed interpolations that the Arabic lacks."""
    spans = [(m.start(), m.end()) for m in _TRANSLATOR_NOTE.finditer(english)]
    square = [(m.start(), m.end()) for m in _SQUARE_BRACKETED.finditer(english)]
    # The Arabic's own square brackets are translated as brackets; only extra ones are additions.
    if len(square) > len(_SQUARE_BRACKETED.findall(arabic)):
        spans += square
    return sorted(set(spans))


@dataclass
class _Names:
    """Names that must appear on both sides: the gazetteer plus names learned from the document."""

    gazetteer: list[tuple[re.Pattern[str], re.Pattern[str]]]
    learned: dict[str, set[str]] = field(default_factory=dict)  # English name -> Arabic word stems


@dataclass
class _LinkContext:
    """Everything a check may read about one link."""

    link: Link
    ar: _Text
    en: _Text
    additions: list[tuple[int, int]]
    thresholds: Thresholds
    char_ratio: float
    names: _Names

    @property
    def both_sides(self) -> bool:
        return bool(self.link.ar) and bool(self.link.en)

    def side(self, language: Lang) -> _Text:
        return self.ar if language == "ar" else self.en


def _context(alignment: Alignment, link: Link, thresholds: Thresholds, names: _Names) -> _LinkContext:
    ar = _side_text(alignment.source, link.ar)
    en = _side_text(alignment.target, link.en)
    additions = _additions(en.raw, ar.raw)
    en = replace(en, content=_blank(en.content, additions))
    return _LinkContext(link, ar, en, additions, thresholds, thresholds.default_char_ratio, names)


def _letters(text: _Text) -> int:
    return sum(not ch.isspace() for ch in text.content)


def _document_char_ratio(contexts: list[_LinkContext], thresholds: Thresholds) -> float:
    """The median Arabic/English character ratio of the document's 1-1 links."""
    ratios = [
        _letters(c.ar) / _letters(c.en)
        for c in contexts
        if c.link.kind == "1-1" and min(_letters(c.ar), _letters(c.en)) >= thresholds.length_min_chars
    ]
    return statistics.median(ratios) if len(ratios) >= thresholds.ratio_sample_min else thresholds.default_char_ratio


# --- Names ---------------------------------------------------------------------


@lru_cache(maxsize=65536)
def _skeleton(word: str) -> str:
    """Consonant skeleton of a name, so transliteration variants compare equal.

    Arabic is romanized letter by letter; vowels and the letters that stand for
    them (w, y) are dropped, digraphs folded (kh → k), doubled letters merged.
    """
    word = word.translate(rules.ARABIC_TO_LATIN).casefold()
    for digraph, letter in (("sh", "s"), ("kh", "k"), ("gh", "g"), ("th", "t"), ("dh", "d"), ("ph", "f"), ("ch", "s")):
        word = word.replace(digraph, letter)
    word = word.translate(str.maketrans("qcpvzj", "kkbfsg"))
    consonants = [ch for ch in word if ch.isalpha() and ch not in "aeiouwy"]
    return "".join(ch for i, ch in enumerate(consonants) if i == 0 or ch != consonants[i - 1])


def _arabic_stems(token: _Token) -> set[str]:
    """The word with and without its attached conjunction, preposition and article."""
    stripped = _ARABIC_PROCLITICS.sub("", token.folded)
    return {token.folded, stripped} if len(stripped) >= 2 else {token.folded}


def _same_name(english: str, arabic_stem: str, thresholds: Thresholds) -> bool:
    """Whether an English name and an Arabic word have alike consonant skeletons."""
    a, b = _skeleton(english), _skeleton(arabic_stem)
    return (
        min(len(a), len(b)) >= 3 and a[0] == b[0] and SequenceMatcher(None, a, b).ratio() >= thresholds.name_similarity
    )


def _gazetteer_patterns() -> list[tuple[re.Pattern[str], re.Pattern[str]]]:
    patterns = []
    for english, stems in rules.NAME_GAZETTEER:
        alternatives = "|".join(re.escape(normalize(stem, "ar")) for stem in stems)
        arabic = rf"(?:^|\s)(?:[وف]?[بلك]?(?:ال)?|[وف]?لل)(?:{alternatives}){_fold_suffix()}(?=\s|$)"
        patterns.append((re.compile(english), re.compile(arabic)))
    return patterns


@lru_cache(maxsize=1)
def _fold_suffix() -> str:
    return normalize(rules.ARABIC_NAME_SUFFIX, "ar")


def _name_candidates(context: _LinkContext) -> list[_Token]:
    """Capitalised English words that are not sentence-initial: possible names."""
    return [
        t
        for t in context.en.content_words
        if t.text[0].isupper() and len(t.text) >= 3 and not t.text.isupper() and not context.en.segment_start(t.start)
    ]


def _english_names(context: _LinkContext) -> set[str]:
    return {_POSSESSIVE.sub("", t.text) for t in context.en.content_words}


def _arabic_stem_set(context: _LinkContext) -> set[str]:
    return {stem for token in context.ar.content_words for stem in _arabic_stems(token)}


def _learn_names(contexts: list[_LinkContext], names: _Names, thresholds: Thresholds) -> None:
    """Learn the document's transliterated names: an English name that matches a romanized Arabic word.

    Kept only when the pair is consistent across the document (the Dice overlap
    of the links holding each side is at least ``name_consistency``), so a
    common Arabic word that happens to sound like a name is not learned, and
    never for words the English also writes in lower case (common nouns).
    """
    both = [c for c in contexts if c.both_sides]
    lowercase = {t.folded for c in both for t in c.en.content_words if t.text.islower()}
    english = [_english_names(c) for c in both]
    arabic = [_arabic_stem_set(c) for c in both]
    pairs: dict[str, set[str]] = {}
    for context, stems in zip(both, arabic):
        for candidate in _name_candidates(context):
            name = _POSSESSIVE.sub("", candidate.text)
            if name.casefold() in lowercase or any(p.search(name) for p, _ in names.gazetteer):
                continue
            if len(_skeleton(name)) < _LEARNED_NAME_CONSONANTS:
                continue
            matched = [stem for stem in stems if _same_name(name, stem, thresholds)]
            if matched:  # only the closest spelling: a name is not every word that sounds like it
                best = max(matched, key=lambda stem: (SequenceMatcher(None, _skeleton(name), _skeleton(stem)).ratio(), stem))
                pairs.setdefault(name, set()).update({best, *(s for s in matched if best in s or s in best)})
    for name, stems in pairs.items():
        in_english = [name in e for e in english]
        in_arabic = [bool(a & stems) for a in arabic]
        shared = sum(e and a for e, a in zip(in_english, in_arabic))
        if stems and 2 * shared >= thresholds.name_consistency * (sum(in_english) + sum(in_arabic)):
            names.learned[name] = stems


# --- Checks ---------------------------------------------------------------------


def _whole(text: _Text) -> tuple[int, int]:
    return 0, len(text.raw)


@_check("missing-translation", "error")
def _missing_translation(context: _LinkContext) -> Iterator[Finding]:
    """Arabic text with no English translation (a 1-0 link): the translator left it out, or it is translated elsewhere."""
    if context.link.ar and not context.link.en and context.ar.has_content():
        yield Finding(f"The Arabic '{_quote(context.ar.raw)}' has no English translation.", "ar", *_whole(context.ar))


@_check("missing-source", "warning")
def _missing_source(context: _LinkContext) -> Iterator[Finding]:
    """English text with no Arabic source (a 0-1 link): an addition, or a translation of text that is missing from the Arabic.

    English that is nothing but a bracketed translator's note is reported as ``addition`` instead.
    """
    if context.link.en and not context.link.ar and context.en.has_content():
        yield Finding(f"The English '{_quote(context.en.raw)}' has no Arabic source.", "en", *_whole(context.en))


@_check("addition", "info")
def _addition(context: _LinkContext) -> Iterator[Finding]:
    """A bracketed interpolation or translator's note in the English ("[military]", "[… ~HC]") with no bracket in the Arabic.

    Info, not a warning: the translator marked it as their own. Brackets the
    Arabic also has are translated brackets and are not reported.
    """
    for start, end in context.additions:
        text = context.en.raw[start:end]
        yield Finding(f"The English adds '{_quote(text)}', which is not in the Arabic.", "en", start, end)


def _same_word(first: str, second: str) -> bool:
    shorter, longer = sorted((first, second), key=len)
    return shorter == longer or (len(shorter) >= 3 and longer.startswith(shorter))


def _repeats(text: _Text, other_side: str) -> Iterator[tuple[_Token, _Token]]:
    words = text.words
    for previous, current in pairwise(words):
        if previous.folded in _VALID_DOUBLED or text.raw[previous.start - 1 : previous.start] == "-":
            continue  # allowed, or the end of a compound ("Moon Jae-in in")
        gap = text.raw[previous.end : current.start]
        if not gap.strip():
            doubled = text.raw[previous.start : current.end]
            # A doubling the other side has too is a name ("Roa Roa Hotel"), not a slip.
            if previous.folded == current.folded and doubled.casefold() not in other_side.casefold():
                yield previous, current
        elif (
            current is words[-1]
            and set(gap.strip()) <= _SENTENCE_END
            and not any(ch.isalnum() for ch in text.raw[current.end :])
            and _same_word(previous.folded, current.folded)
        ):
            # A one-word fragment after the sentence that repeats its last word ("they would use. used."):
            # a leftover of editing.
            yield previous, current


@_check("repeated-word", "warning")
def _repeated_word(context: _LinkContext) -> Iterator[Finding]:
    """A word written twice in a row ("freedom freedom"), or a sentence followed by a stray one-word
    fragment repeating its last word ("they would use. used."). Legitimate doublings are allowed:
    رويدا رويدا, "had had", spelled acronyms (سي إن إن), and doublings both sides share (names).
    """
    for language in ("ar", "en"):
        text = context.side(language)
        for first, second in _repeats(text, context.side("en" if language == "ar" else "ar").raw):
            snippet = text.raw[first.start : second.end]
            yield Finding(f"'{_quote(snippet)}' repeats the word '{second.text}'.", language, first.start, second.end)


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
_AR_NUMBER_PROCLITICS = re.compile(r"^[وف]?[بلك]?")
_AR_ARTICLE = normalize("ال", "ar")
_SCALES: dict[str, dict[str, int]] = {
    "en": {normalize(w, "en"): v for w, v in rules.ENGLISH_SCALE_WORDS.items()},
    "ar": {normalize(w, "ar"): v for w, v in rules.ARABIC_SCALE_WORDS.items()},
}
_FIRST_WORD = re.compile(r"[\s-]*([^\W\d_]+)")
_DECADE = re.compile(r"\d{3}0s\b")
_VALID_DOUBLED = {
    normalize(w, "ar" if rules.ARABIC_LETTER.search(w) else "en")
    for w in rules.VALID_DOUBLED_WORDS | rules.ARABIC_LETTER_NAMES
}


class _Number(NamedTuple):
    values: frozenset[Decimal]  # the number, and its value with a following scale word (300 ألف)
    start: int
    end: int
    reportable: bool  # whether its absence on the other side is worth a flag


def _scaled(text: _Text, end: int, value: Decimal) -> frozenset[Decimal]:
    following = _FIRST_WORD.match(text.content, end)
    scale = _SCALES[text.lang].get(normalize(following.group(1), text.lang)) if following else None
    return frozenset({value, value * scale} if scale else {value})


def _arabic_number_word(word: str) -> str:
    """The number word inside ``word``: attached و ف ب ل ك and the accusative alif removed (بثلاثة، ثلاثا)."""
    stripped = _AR_NUMBER_PROCLITICS.sub("", word)
    if word not in _AR_NUMBERS and word not in _AR_TEEN_UNITS and len(stripped) >= 3:
        word = stripped  # but not لست "I am not" read as ل + ست "six"
    if word.endswith("ا") and word[:-1] in _AR_NUMBERS:
        word = word[:-1]
    return word


def _word_numbers(text: _Text) -> Iterator[_Number]:
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


def _digit_numbers(text: _Text) -> Iterator[_Number]:
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


@_check("number-mismatch", "error")
def _number_mismatch(context: _LinkContext) -> Iterator[Finding]:
    """A number on one side that the other side does not have, in digits (Latin, Arabic-Indic or
    Persian, with any separators and scale words: 300 ألف = 300,000) or in words ("ten" = عشرة = 10).
    Not compared: list numbering at the start of a segment, Hijri years (1429 هـ), decades ("the
    1980s"), 0 and 1, and spelled-out numbers below three (Arabic says "two" with the dual alone).
    """
    if not context.both_sides:
        return
    found = {side: [*_digit_numbers(context.side(side)), *_word_numbers(context.side(side))] for side in ("ar", "en")}
    for side, other in (("ar", "en"), ("en", "ar")):
        other_values = frozenset().union(*(n.values for n in found[other]))
        reported: set[frozenset[Decimal]] = set()
        for number in sorted(found[side], key=lambda n: n.start):
            if not number.reportable or number.values & other_values or number.values in reported:
                continue
            reported.add(number.values)
            literal = context.side(side).raw[number.start : number.end]
            yield Finding(
                f"The number '{literal}' in the {_LANGUAGE[side]} is missing from the {_LANGUAGE[other]}.",
                side,
                number.start,
                number.end,
            )


_LANGUAGE = {"ar": "Arabic", "en": "English"}


@_check("name-mismatch", "warning")
def _name_mismatch(context: _LinkContext) -> Iterator[Finding]:
    """A name on one side only. Translated names come from a gazetteer (العراق = Iraq, الأمريكية =
    American/U.S.); transliterated names are learned from the document itself: an English name that
    matches a romanized Arabic word in one link must be matched in every link that has either.
    Conservative by design: capitalised common words (Defense, Constitution) are never reported.
    """
    if not context.both_sides:
        return
    arabic_tokens = context.ar.content_words
    # The folded words joined by spaces, so multi-word names (الولايات المتحدة) match too.
    word_starts = list(accumulate((len(t.folded) + 1 for t in arabic_tokens[:-1]), initial=0))
    arabic = " ".join(t.folded for t in arabic_tokens)
    for english_pattern, arabic_pattern in context.names.gazetteer:
        english_hit = english_pattern.search(context.en.content)
        arabic_hit = arabic_pattern.search(arabic)
        # Arabic often makes a nationality explicit (دولار أمريكي for "$"): only the country's own name counts.
        arabic_noun = next((m for m in arabic_pattern.finditer(arabic) if not _NISBA.search(m.group().strip())), None)
        if english_hit and not arabic_hit:
            end = _WORD_REST.match(context.en.content, english_hit.end()).end()  # "Iraq" → "Iraqi"
            yield _name_finding("en", context.en, english_hit.start(), end)
        elif arabic_noun and not english_hit:
            token = arabic_tokens[bisect_right(word_starts, arabic_noun.start() + arabic_noun.group().startswith(" ")) - 1]
            yield _name_finding("ar", context.ar, token.start, token.end)
    english_names = {_POSSESSIVE.sub("", t.text): t for t in context.en.content_words}
    for name, stems in context.names.learned.items():
        english = english_names.get(name)
        arabic_token = next((t for t in arabic_tokens if _arabic_stems(t) & stems), None)
        if english and not arabic_token:
            if not any(_same_name(name, stem, context.thresholds) for t in arabic_tokens for stem in _arabic_stems(t)):
                yield _name_finding("en", context.en, english.start, english.end)
        elif arabic_token and not english:
            capitalised = (t.text for t in context.en.content_words if t.text[0].isupper())
            if not any(_same_name(word, stem, context.thresholds) for word in capitalised for stem in stems):
                yield _name_finding("ar", context.ar, arabic_token.start, arabic_token.end)


def _name_finding(side: Lang, text: _Text, start: int, end: int) -> Finding:
    other = _LANGUAGE["en" if side == "ar" else "ar"]
    return Finding(f"The name '{text.raw[start:end]}' has no counterpart in the {other}.", side, start, end)


class _Negation(NamedTuple):
    strong: list[_Token]  # negators that make a clause negative
    weak: bool  # words that may carry the negation instead
    doubled: tuple[_Token, _Token] | None  # two negators of one verb ("not be not")


def _negation(text: _Text, english_names: list[str]) -> _Negation:
    """Negators of one side; ``english_names`` are the other side's capitalised words (for فليس "Fleiss")."""
    words = text.content_words
    strong: list[tuple[int, _Token, bool]] = []  # (index, token, correlative)
    weak = False
    for i, token in enumerate(words):
        following = words[i + 1].folded if i + 1 < len(words) else ""
        if text.lang == "en":
            word = token.folded
            if word in rules.ENGLISH_NEGATORS or word.endswith(("n't", "n’t")):
                if word == "no" and re.match(r"\.?\s*\d", text.content[token.end :]):
                    continue  # "No. 5"
                if word == "not" and following == "only":
                    continue
                strong.append((i, token, word in rules.ENGLISH_CORRELATIVE_NEGATORS))
            elif word in rules.ENGLISH_WEAK_NEGATORS or _affixal_negative(word):
                weak = True
        else:
            word = token.folded
            bare = word[1:] if word[:1] in rules.ARABIC_NEGATOR_PROCLITICS else word
            previous = words[i - 1].folded if i else ""
            if word in _AR_NEGATORS or bare in _AR_NEGATORS:
                if _idiom(following) or previous in _AR_CONCESSIVE or _is_name(token, english_names):
                    continue
                if _exceptive_follows(text, token):
                    weak = True  # لم … إلا "only": restrictive, not negative
                else:
                    strong.append((i, token, word not in _AR_NEGATORS))  # ولا after لا is "nor"
            else:
                stem = _AR_NUMBER_PROCLITICS.sub("", word)
                if {word, stem} & _AR_WEAK or any(w.startswith(_AR_WEAK_PREFIXES) for w in (word, stem)):
                    weak = True
    doubled = None
    simple = [(i, t) for i, t, correlative in strong if not correlative]
    for (i, first), (j, second) in pairwise(simple):
        gap = text.content[first.end : second.start]
        # Adjacent negators are an interjection (لا لم نفعل "no, we didn't") or a repeated word.
        if 2 <= j - i <= 3 and not (set(gap) & _CLAUSE_PUNCTUATION):
            doubled = (first, second)
            break
    return _Negation([t for _, t, _ in strong], weak, doubled)


def _idiom(following: str) -> bool:
    return following in _AR_IDIOMS or any(len(i) >= 3 and following.startswith(i) for i in _AR_IDIOMS)


def _is_name(token: _Token, english_names: list[str]) -> bool:
    return any(_same_name(name, token.folded, _NAME_MATCH) for name in english_names)


def _exceptive_follows(text: _Text, negator: _Token) -> bool:
    clause = re.split(r"[.،,؛;:!?؟]", text.content[negator.end :], maxsplit=1)[0]
    return any(normalize(w, "ar") == _AR_EXCEPTIVE for w in clause.split())


def _affixal_negative(word: str) -> bool:
    if word.endswith(rules.ENGLISH_NEGATIVE_SUFFIXES) and len(word) > 6:
        return True
    prefix = next((p for p in rules.ENGLISH_NEGATIVE_PREFIXES if word.startswith(p)), None)
    # Long enough that the prefix is a prefix ("unable", "irreplaceable"), not the word ("Iraq").
    return prefix is not None and len(word) >= len(prefix) + 4 and not word.startswith(rules.ENGLISH_NOT_NEGATIVE_PREFIXED)


_AR_NEGATORS = {normalize(w, "ar") for w in rules.ARABIC_NEGATORS}
_AR_WEAK = {normalize(w, "ar") for w in rules.ARABIC_WEAK_NEGATORS}
_AR_WEAK_PREFIXES = tuple(normalize(w, "ar") for w in rules.ARABIC_WEAK_NEGATOR_PREFIXES)
_AR_EXCEPTIVE = normalize(rules.ARABIC_EXCEPTIVE, "ar")
_NAME_MATCH = Thresholds()
_AR_CONCESSIVE = {normalize(w, "ar") for w in rules.ARABIC_CONCESSIVE_BEFORE_NEGATOR}
_AR_IDIOMS = {normalize(w, "ar") for w in rules.ARABIC_NEGATION_IDIOMS}


@_check("negation-mismatch", "warning")
def _negation_mismatch(context: _LinkContext) -> Iterator[Finding]:
    """Negation that differs between the sides: one side negative and the other not, or one side
    negating twice ("would not be not determined") where the other negates once. Correlatives
    match each other (neither … nor = لا … ولا); words that are only sometimes negative (ما، غير،
    دون; "fail", "un-") never raise the warning but do excuse a negation on the other side.
    """
    if not context.both_sides:
        return
    capitalised = [t.text for t in context.en.content_words if t.text[0].isupper()]
    found = {"ar": _negation(context.ar, capitalised), "en": _negation(context.en, [])}
    for side, other in (("ar", "en"), ("en", "ar")):
        mine, theirs = found[side], found[other]
        text = context.side(side)
        if mine.strong and not theirs.strong and not theirs.weak:
            first = mine.strong[0]
            yield Finding(
                f"The {_LANGUAGE[side]} is negated ('{first.text}') but the {_LANGUAGE[other]} is not.",
                side,
                first.start,
                first.end,
            )
        elif mine.doubled and not theirs.doubled and (theirs.strong or theirs.weak):
            first, second = mine.doubled
            snippet = text.raw[first.start : second.end]
            yield Finding(
                f"The {_LANGUAGE[side]} '{_quote(snippet)}' negates twice where the {_LANGUAGE[other]} negates once.",
                side,
                first.start,
                second.end,
            )


@_check("length-ratio", "warning")
def _length_ratio(context: _LinkContext) -> Iterator[Finding]:
    """The two sides' lengths are far from the document's usual Arabic/English character ratio
    (estimated from its 1-1 links): something may be left out or added. Short links are skipped.
    """
    if not context.both_sides:
        return
    ar, en = _letters(context.ar), _letters(context.en)
    thresholds = context.thresholds
    if ar < thresholds.length_min_chars or not en:
        return
    relative = (ar / en) / context.char_ratio
    if not thresholds.length_ratio_min <= relative <= thresholds.length_ratio_max:
        longer = "longer" if relative < 1 else "shorter"
        expected = round(ar / context.char_ratio)
        yield Finding(
            f"The English is much {longer} than the Arabic suggests ({en} characters where about {expected} are usual)."
        )


@_check("low-similarity", "warning")
def _low_similarity(context: _LinkContext) -> Iterator[Finding]:
    """The aligner is not confident that the two sides say the same thing (its score is below the
    ``low_similarity`` threshold): a loose or wrong translation, or a misalignment.
    """
    score, limit = context.link.score, context.thresholds.low_similarity
    if context.both_sides and score < limit:
        yield Finding(f"The sides may not translate each other (alignment score {score:.2f}, below {limit:.2f}).")


def _spelling_free(text: _Text) -> list[str]:
    """The words, folded by both languages' rules: either side may hold either script."""
    return [_folded_both_ways(t.text) for t in text.content_words]


@lru_cache(maxsize=65_536)
def _folded_both_ways(word: str) -> str:
    return normalize(normalize(word, "ar"), "en")


@_check("untranslated", "error")
def _untranslated(context: _LinkContext) -> Iterator[Finding]:
    """The English side is still in Arabic script, or is the same text as the Arabic."""
    en = context.en
    if not context.link.en:
        return
    arabic, latin = rules.count_script(en.content)
    if arabic >= 2 and arabic >= latin:
        yield Finding(f"The English side '{_quote(en.raw)}' is in Arabic script.", "en", *_whole(en))
        return
    english_words = _spelling_free(en)
    if context.link.ar and len(english_words) >= 2 and english_words == _spelling_free(context.ar):
        yield Finding(f"The English '{_quote(en.raw)}' is the same text as the Arabic.", "en", *_whole(en))


@_check("bracket-mismatch", "warning")
def _bracket_mismatch(context: _LinkContext) -> Iterator[Finding]:
    """A bracket or quotation mark without its partner on the same side: ( ) [ ] { } « » and the
    ornate parentheses ﴾ ﴿ of Quranic quotations (used in either order).
    """
    closers = set(rules.BRACKET_PAIRS.values())
    for language in ("ar", "en"):
        text = context.side(language)
        stack: list[tuple[str, int]] = []
        unpaired: list[tuple[str, int]] = []
        for i, ch in enumerate(text.content):
            if stack and rules.BRACKET_PAIRS.get(stack[-1][0]) == ch:
                stack.pop()
            elif ch in rules.BRACKET_PAIRS:
                stack.append((ch, i))
            elif ch in closers:
                unpaired.append((ch, i))
        unpaired = sorted(unpaired + stack, key=lambda u: u[1])
        if unpaired:
            ch, i = unpaired[0]
            yield Finding(f"The {_LANGUAGE[language]} has an unpaired '{ch}'.", language, i, i + 1)


# --- Running the checks ---------------------------------------------------------


def check_alignment(
    alignment: Alignment,
    thresholds: Thresholds = Thresholds(),
    disabled: frozenset[str] = frozenset(),
) -> Alignment:
    """Run every enabled check over every link.

    Args:
        alignment: The alignment to check; it is not modified.
        thresholds: Limits of the checks.
        disabled: Codes of checks to skip.

    Returns:
        A copy whose links carry the flags, in check order then text order.
        Flags from earlier runs of these checks are replaced; other flags kept.

    Raises:
        InputError: A code in ``disabled`` is not a known check.
    """
    unknown = sorted(disabled - CHECKS.keys())
    if unknown:
        raise InputError(f"unknown check {', '.join(unknown)}; known checks: {', '.join(CHECKS)}")
    names = _Names(_gazetteer_patterns())
    contexts = [_context(alignment, link, thresholds, names) for link in alignment.links]
    char_ratio = _document_char_ratio(contexts, thresholds)
    contexts = [replace(c, char_ratio=char_ratio) for c in contexts]
    if "name-mismatch" not in disabled:
        _learn_names(contexts, names, thresholds)
    links = []
    for context in contexts:
        flags = [flag for flag in context.link.flags if flag.code not in CHECKS]
        for code, function in _CHECK_FUNCTIONS.items():
            if code not in disabled:
                flags.extend(_flag(CHECKS[code], finding, context) for finding in function(context))
        links.append(replace(context.link, flags=flags))
    return replace(alignment, links=links, signature=dict(alignment.signature))


def _flag(info: CheckInfo, finding: Finding, context: _LinkContext) -> Flag:
    if finding.side is None or finding.start is None or finding.end is None:
        return Flag(info.code, info.severity, finding.message, finding.side)
    text = context.side(finding.side)
    start = text.file_offset(finding.start)
    end = text.file_offset(max(finding.end - 1, finding.start)) + (finding.end > finding.start)
    return Flag(info.code, info.severity, finding.message, finding.side, start, end)
