"""What a check reads about one link: each side's joined text mapped back to file offsets, its words, the translator's additions to the target, the translation's direction, the document's names and character ratio, and, when the caller gives an embedder, the meaning of any text."""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from typing import NamedTuple

import numpy as np

from align.checks.registry import Thresholds
from align.lang import rules
from align.lang.normalize import normalize
from align.model import LANGUAGE_NAME as LANGUAGE_NAME  # the checks name the sides with it
from align.model import Alignment, Lang, Link, Locales, Side

_QUOTE_LIMIT = 60
SENTENCE_END = set(rules.SENTENCE_END)
_SQUARE_BRACKETED = re.compile(r"\[[^\[\]]*\]")
#: A parenthesised group of words, which in the target may be the translator's marked interpolation.
_PARENTHESISED = re.compile(r"\([^()]*\)")
#: Parenthesised translator notes in English: "(~HC)", "(Translator's note: …)", "(TN: …)"...
_TRANSLATOR_NOTE = {
    "en": re.compile(r"\((?:[^()]*~\s*[A-Z]{1,4}|\s*(?:Translator|Trans\.|TN\b|T\.N\.)[^()]*)\)"),
    # ...and in Arabic, signed by or addressed as the translator: "(ملاحظة المترجم: …)", "(… - المترجم)".
    "ar": re.compile(r"\([^()]*مترجم[^()]*\)"),
}


#: First-strong isolate and pop directional isolate (Unicode 6.3): text quoted in a
#: message keeps its own direction, so an Arabic quote's full stop stays inside
#: the Arabic and the closing quote mark after it, in any browser or terminal.
FSI, PDI = "\u2068", "\u2069"


def quote(text: str) -> str:
    """``text`` as a message quotes it: on one line, shortened, bidi-isolated (the quote marks go around it)."""
    text = " ".join(text.split())
    text = text if len(text) <= _QUOTE_LIMIT else text[: _QUOTE_LIMIT - 1] + "…"
    return f"{FSI}{text}{PDI}"


class Token(NamedTuple):
    text: str
    folded: str
    start: int
    end: int


@dataclass(frozen=True)
class LinkText:
    """One side of a link: its segments joined by newlines, mapped back to file offsets.

    ``content`` has the same length as ``raw``, with list numbering and, on
    the target side, the translator's additions blanked out.
    """

    lang: Lang
    raw: str
    content: str
    pieces: tuple[tuple[int, int], ...]  # (offset in raw, offset in the file) of each segment

    @cached_property
    def words(self) -> list[Token]:
        return _tokens(self.raw, self.lang)

    @cached_property
    def content_words(self) -> list[Token]:
        # Most links blank nothing out: their content's words are the raw text's, tokenized once.
        return self.words if self.content == self.raw else _tokens(self.content, self.lang)

    def has_content(self) -> bool:
        return any(ch.isalnum() for ch in self.content)

    def file_offset(self, offset: int) -> int:
        base, origin = max((p for p in self.pieces if p[0] <= offset), default=self.pieces[0])
        return origin + offset - base

    def segment_start(self, offset: int) -> bool:
        """Whether ``offset`` opens a sentence: nothing but blanks, quotes or a sentence end before it."""
        before = self.content[:offset].rstrip(" \t\"'“‘«(")
        return not before or before.endswith("\n") or before[-1] in SENTENCE_END or before[-1] == ":"

    def capitalised_inside(self, token: Token) -> bool:
        """Whether ``token`` is capitalised inside its sentence, as a word of a name or title is."""
        return token.text[:1].isupper() and not self.segment_start(token.start)


def _tokens(text: str, language: Lang) -> list[Token]:
    return [Token(m.group(), _folded_word(m.group(), language), m.start(), m.end()) for m in rules.WORD.finditer(text)]


@lru_cache(maxsize=65_536)
def _folded_word(word: str, language: Lang) -> str:
    # Texts repeat their words; normalizing each distinct word once keeps long links fast.
    return normalize(word, language)


def _blank(text: str, spans: Iterable[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _side_text(side: Side, ids: tuple[int, ...]) -> LinkText:
    raw_parts, pieces, markers, offset = [], [], [], 0
    for i in ids:
        segment = side.segments[i]
        pieces.append((offset, segment.start))
        marker = rules.LIST_NUMBERING.match(segment.text)
        if marker:
            markers.append((offset, offset + marker.end()))
        raw_parts.append(segment.text)
        offset += len(segment.text) + 1
    raw = "\n".join(raw_parts)
    return LinkText(side.lang, raw, _blank(raw, markers), tuple(pieces) or ((0, 0),))


def _additions(target: LinkText, source: str) -> list[tuple[int, int]]:
    """Spans of the target's bracketed interpolations and translator's notes that the source lacks."""
    spans = [(m.start(), m.end()) for m in _TRANSLATOR_NOTE[target.lang].finditer(target.raw)]
    square = [(m.start(), m.end()) for m in _SQUARE_BRACKETED.finditer(target.raw)]
    # The source's own square brackets are translated as brackets; only extra ones are additions.
    if len(square) > len(_SQUARE_BRACKETED.findall(source)):
        spans += square
    return sorted(set(spans))


@dataclass
class Names:
    """Names that must appear on both sides: the gazetteer plus names learned from the document."""

    gazetteer: list[tuple[re.Pattern[str], re.Pattern[str]]]
    learned: dict[str, set[str]] = field(default_factory=dict)  # English name -> Arabic word stems
    _order: dict[str, int] = field(default_factory=dict, init=False, repr=False)
    _by_stem: dict[str, list[str]] = field(default_factory=dict, init=False, repr=False)

    def order(self) -> dict[str, int]:
        """Each learned name's place in the order it was learned."""
        self._index()
        return self._order

    def by_stem(self) -> dict[str, list[str]]:
        """The learned names each Arabic stem writes."""
        self._index()
        return self._by_stem

    def _index(self) -> None:
        # Built on first use, after the names are learned; rebuilt if more were learned since.
        if len(self._order) != len(self.learned):
            self._order = {name: place for place, name in enumerate(self.learned)}
            self._by_stem = {}
            for name, stems in self.learned.items():
                for stem in stems:
                    self._by_stem.setdefault(stem, []).append(name)


#: Embeds texts as unit-length rows, so a dot product is a cosine: the aligner's own sentence
#: embedder, for the checks that compare meaning (see ``align.pipeline.check_embedding``).
TextEmbedder = Callable[[Sequence[str]], np.ndarray]


class Meaning:
    """The vectors of texts the checks compare, each distinct text embedded once per check run.

    :meth:`prepare` embeds many texts in one call (one batch for the whole
    document); :meth:`vectors` answers from what is known and embeds the rest.
    """

    def __init__(self, embed: TextEmbedder) -> None:
        self._embed = embed
        self._known: dict[str, np.ndarray] = {}

    def prepare(self, texts: Iterable[str]) -> None:
        """Embed those of ``texts`` not embedded yet."""
        missing = list(dict.fromkeys(t for t in texts if t not in self._known))
        if missing:
            self._known.update(zip(missing, self._embed(missing)))

    def vectors(self, texts: Sequence[str]) -> np.ndarray:
        """``(len(texts), dim)`` unit rows, one per text."""
        self.prepare(texts)
        return np.stack([self._known[t] for t in texts])


@dataclass(frozen=True)
class DocumentStats:
    """What the document's own links say is usual, so a link is judged against its own document.

    Attributes:
        score_median: Median aligner score of the links with both sides.
        score_spread: Their robust standard deviation (1.4826 × the median absolute deviation);
            0 when the document has too few links to say what is usual.
        ratio_spread: Robust standard deviation of the 1-1 links' log Arabic/English character ratio.
    """

    score_median: float = 0.0
    score_spread: float = 0.0
    ratio_spread: float = 0.0


@dataclass
class LinkContext:
    """Everything a check may read about one link.

    Attributes:
        additions: Spans of the translator's additions in the target's ``raw``.
        locales: The translation's direction: which side is the source.
        meaning: Vectors of texts, for the checks that compare meaning; ``None`` when the caller
            gave no embedder, and those checks fall back on what the text alone tells.
    """

    link: Link
    ar: LinkText
    en: LinkText
    additions: list[tuple[int, int]]
    locales: Locales
    thresholds: Thresholds
    char_ratio: float
    names: Names
    document: DocumentStats = field(default_factory=lambda: DocumentStats())
    meaning: Meaning | None = None

    @property
    def both_sides(self) -> bool:
        return bool(self.link.ar) and bool(self.link.en)

    def side(self, language: Lang) -> LinkText:
        return self.ar if language == "ar" else self.en

    def interpolations(self, language: Lang) -> list[tuple[int, int]]:
        """Spans of the side's parenthesised groups when it is the target and holds more of them than the
        source: the translator's own marked interpolations (Pickthall's "(saying)", Yusuf Ali's "(and no
        other)"), additions the reader sees as such."""
        text = self.side(language)
        if language != self.locales.target_lang:
            return []
        groups = [m.span() for m in _PARENTHESISED.finditer(text.content)]
        return groups if len(groups) > len(_PARENTHESISED.findall(self.source.content)) else []

    def interpolations_blanked(self, language: Lang) -> LinkText:
        """The side with its marked interpolations (:meth:`interpolations`) blanked."""
        text = self.side(language)
        spans = self.interpolations(language)
        return replace(text, content=_blank(text.content, spans)) if spans else text

    @property
    def source(self) -> LinkText:
        """The source language's side."""
        return self.side(self.locales.source_lang)

    @property
    def target(self) -> LinkText:
        """The target language's side."""
        return self.side(self.locales.target_lang)


def link_context(alignment: Alignment, link: Link, thresholds: Thresholds, names: Names) -> LinkContext:
    texts = {"ar": _side_text(alignment.source, link.ar), "en": _side_text(alignment.target, link.en)}
    source, target = alignment.locales.sides
    additions = _additions(texts[target], texts[source].raw)
    texts[target] = replace(texts[target], content=_blank(texts[target].content, additions))
    return LinkContext(link, texts["ar"], texts["en"], additions, alignment.locales, thresholds, thresholds.default_char_ratio, names)


#: A word this long is several words run together (text extracted without its spaces: لميخبرهاأحد).
#: The longest ordinary words of the suites' Arabic (بالاستراتيجيات) have 14 letters.
GLUED_WORD_LETTERS = 16


def glued(text: LinkText, hiding: re.Pattern[str] | None = None) -> bool:
    """Whether the side has words run together (that contain ``hiding``, when given): its words
    cannot be read one by one, so what a check looks for may be hidden inside one."""
    return any(len(t.text) >= GLUED_WORD_LETTERS and (hiding is None or hiding.search(t.text)) for t in text.content_words)


def letters(text: LinkText) -> int:
    """Characters of the content that are not white space (``str.split`` cuts at exactly those)."""
    return sum(map(len, text.content.split()))


#: A word written in capitals of the Latin alphabet (plural "s" allowed): an acronym (NHS, PTSD, MPs).
_ACRONYM = re.compile(r"\b[A-Z]{2,5}(?=s?\b)")
#: Letters an acronym's letter stands for: one word each, of about five letters (English news runs at
#: 4.5-5 letters a word). BST is "British Summer Time", 17 letters, where the other side writes it out.
ACRONYM_LETTER_LETTERS = 5


def spelled_out_letters(text: LinkText) -> int:
    """:func:`letters`, with each acronym counted as the words it abbreviates: one side often writes
    out what the other abbreviates (هيئة الخدمات الصحية الوطنية for "NHS", اضطراب ما بعد الصدمة for
    "PTSD"), and the length of what it says is what a ratio of the two sides should compare."""
    abbreviated = sum(len(m.group()) for m in _ACRONYM.finditer(text.content))
    return letters(text) + (ACRONYM_LETTER_LETTERS - 1) * abbreviated


def document_char_ratio(contexts: list[LinkContext], thresholds: Thresholds) -> float:
    """The median Arabic/English character ratio of the document's 1-1 links."""
    ratios = [
        spelled_out_letters(c.ar) / spelled_out_letters(c.en)
        for c in contexts
        if c.link.kind == "1-1" and min(letters(c.ar), letters(c.en)) >= thresholds.length_min_chars
    ]
    return statistics.median(ratios) if len(ratios) >= thresholds.ratio_sample_min else thresholds.default_char_ratio


#: Below this spread a document's scores or ratios are treated as this spread: a document of a
#: few near-identical links says little about what is unusual (measured on the NTREX suite, where
#: the median score spread is about 0.06 and the log-ratio spread about 0.15).
MIN_SCORE_SPREAD = 0.05
MIN_RATIO_SPREAD = 0.1


def _robust_spread(values: list[float]) -> float:
    centre = statistics.median(values)
    return 1.4826 * statistics.median(abs(v - centre) for v in values)


def document_stats(contexts: list[LinkContext], thresholds: Thresholds) -> DocumentStats:
    """Median and spread of the document's link scores and of its 1-1 links' log character ratios."""
    scores = [c.link.score for c in contexts if c.both_sides]
    ratios = [
        math.log(spelled_out_letters(c.ar) / spelled_out_letters(c.en))
        for c in contexts
        if c.link.kind == "1-1" and min(letters(c.ar), letters(c.en)) >= thresholds.length_min_chars
    ]
    enough = len(scores) >= thresholds.ratio_sample_min
    return DocumentStats(
        score_median=statistics.median(scores) if enough else 0.0,
        score_spread=max(_robust_spread(scores), MIN_SCORE_SPREAD) if enough else 0.0,
        ratio_spread=max(_robust_spread(ratios), MIN_RATIO_SPREAD) if len(ratios) >= thresholds.ratio_sample_min else MIN_RATIO_SPREAD,
    )


def whole(text: LinkText) -> tuple[int, int]:
    return 0, len(text.raw)

#: Each side with the other, for checks that compare both ways.
SIDES_BOTH_WAYS: tuple[tuple[Lang, Lang], ...] = (("ar", "en"), ("en", "ar"))
