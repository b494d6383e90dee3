"""Sentence segmentation: sentencex plus a thin rule layer.

sentencex finds sentence ends (and knows English abbreviations such as "U.S.",
"Dec.", "Mr."). The rules here fix what it gets wrong on this material:

* a numbered list item ("2-", "3 –", "٣-", "(4)") starts a new segment even
  when no punctuation ends the item before it;
* an Arabic abbreviation such as "د." does not end a sentence;
* a translator's note in square brackets directly after a sentence
  ("… treaty. [In an attempt … ~HC]") stays with that sentence;
* a lower-case one-word trailing fragment ("… use. used.") stays with its
  sentence;
* an exclamation or a question followed on its line by a lower-case word
  runs on ("Lo! those who disbelieve …", "What? it is …"): an English sentence
  starts with a capital, and an interjection or a quoted cry inside a
  sentence is no sentence of its own;
* a piece without letters or digits (stray punctuation, bidi marks) is never a
  segment of its own;
* a sentence longer than :data:`MAX_SEGMENT_CHARS` (a text without sentence
  ends, one line of megabytes) is cut at its last clause boundary (comma,
  semicolon, colon) before the limit, else at its last space, else at the limit,
  so no segment costs the embedding model more than a bounded amount (these
  pieces are cut whatever they hold).

Every span is a pair of offsets into the text given; spans are trimmed of
whitespace, never empty, never overlap, and together hold every non-whitespace
character of the range segmented.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import replace

import sentencex

from align.lang.rules import (
    ARABIC_ABBREVIATIONS,
    INVISIBLE_MARKS,
    LIST_ITEM_MARKER,
    LIST_NUMBERING_ALONE,
    NOTE_BRACKETS,
    SENTENCE_END,
    list_item_number,
)
from align.errors import InputError
from align.model import Lang, Segment, Side

Span = tuple[int, int]

_CLOSING_QUOTES = "\"'”’»)"
_ONE_WORD = re.compile(r"\S+")
#: Translator's notes are short; looking no further keeps segmentation linear
#: in the length of the text even when a "[" is never closed.
_MAX_NOTE_LENGTH = 2000
#: Longest segment, in characters. e5-small reads 512 tokens, about 1,700
#: characters of Arabic and 2,100 of English (3.2 and 4.1 a token on the legal
#: suite), so a longer segment's tail is invisible to it anyway; the longest
#: sentence of the benchmark suites has 1,102. Embedding memory grows with it.
MAX_SEGMENT_CHARS = 2000
#: Most segments a side of one document may have. Time and memory grow about
#: linearly with the segments (README, "Limits"): at this count, with sentences
#: of 100 characters, a document takes about 2 GB and 40 minutes to embed on a
#: 2-core machine; a novel has about 10,000 sentences.
MAX_SEGMENTS = 50_000
#: Most units a side of a document whose links are given (a translation memory,
#: a bilingual table, dual subtitles, a PO catalogue) may have: each unit is
#: embedded once, not in windows, and never searched, so it costs about a third
#: of an aligned segment; a re-check of 100,000 memory units is measured in the
#: README's speed table (``align bench --tmx-units``).
MAX_LINKED_UNITS = 200_000
#: Where an over-long sentence is best cut: after a clause mark and its space.
_CLAUSE_END = re.compile(r"[,;:،؛]\s")
_SPACE = re.compile(r"\s")
_LANGUAGE = {"ar": "Arabic", "en": "English"}
#: Line ends as :func:`segment_lines` counts them (CRLF is one).
_LINE_END = re.compile("\r\n|[\n\r\u2028\u2029]")


def segment(text: str, lang: Lang, *, start: int = 0, end: int | None = None) -> list[Span]:
    """Split ``text[start:end]`` into sentences.

    Args:
        text: The whole text; offsets refer to it.
        lang: ``"ar"`` or ``"en"``: which abbreviations sentencex knows.
        start: First offset to segment.
        end: Offset one past the last character to segment (default: end of text).

    Returns:
        ``(start, end)`` offsets into ``text``, in order.

    Raises:
        ValueError: ``start``/``end`` outside the text.
    """
    end = len(text) if end is None else end
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"range {start}:{end} is outside a text of {len(text)} characters")
    chunk = text[start:end]
    cuts = _sentencex_cuts(chunk, lang)
    cuts = {cut for cut in cuts if not _ends_with_abbreviation(chunk, cut) and not _runs_on(chunk, cut)}
    cuts = _without_interjection_cuts(chunk, cuts)
    cuts |= _list_item_cuts(chunk)
    cuts = _attach_notes(chunk, cuts)
    spans = _split_long(chunk, _merge_fragments(chunk, _trimmed_pieces(chunk, cuts)))
    return [(start + s, start + e) for s, e in spans]


def segment_lines(text: str) -> list[Span]:
    """One segment per non-empty line (for ``--presegmented`` input).

    LF, CRLF, a lone CR (old Mac files) and U+2028/U+2029 all end a line. Spans
    exclude the line break and the whitespace around each line.
    """
    spans = []
    for line in re.finditer(r"[^\n\r\u2028\u2029]+", text):
        content = line.group()
        lead = len(content) - len(content.lstrip())
        trail = len(content.rstrip())
        if trail > lead:
            spans.append((line.start() + lead, line.start() + trail))
    return spans


def make_side(
    lang: Lang,
    path: str | None,
    text: str,
    spans: Sequence[Span],
    *,
    places: Sequence[tuple[int, str]] = (),
    max_segments: int = MAX_SEGMENTS,
) -> Side:
    """Build a :class:`Side` whose segments are ``text`` cut at ``spans``, with ``places`` (see :attr:`Side.places`).

    Raises:
        InputError: More than ``max_segments`` spans (:data:`MAX_SEGMENTS`, or
            :data:`MAX_LINKED_UNITS` for units linked already), or one longer than
            :data:`MAX_SEGMENT_CHARS` (as one line of ``--presegmented`` input,
            one cue, cell or memory unit can be): embedding it would cost
            unbounded memory. The message names its place, else its line.
        ValueError: Spans empty, out of order, overlapping or outside the text.
    """
    where = path or "the text"
    if len(spans) > max_segments:
        raise InputError(
            f"{where}: {len(spans):,} {_LANGUAGE[lang]} segments, over the limit of {max_segments:,} a document; "
            "split it into smaller documents"
        )
    side = Side(lang=lang, path=path, text=text, segments=(), places=tuple(places))
    previous_end = 0
    for s, e in spans:
        if not previous_end <= s < e <= len(text):
            raise ValueError(f"span {s}:{e} is empty, overlaps the one before or lies outside the text")
        if e - s > MAX_SEGMENT_CHARS:
            place = side.where(s) or f"line {len(_LINE_END.findall(text, 0, s)) + 1:,}"
            hint = "" if places else " (without --presegmented the tool cuts long sentences itself)"
            raise InputError(
                f"{where}: {place} holds a segment of {e - s:,} characters, over the limit of "
                f"{MAX_SEGMENT_CHARS:,} for one segment; split it{hint}"
            )
        previous_end = e
    return replace(side, segments=tuple(Segment(i, lang, text[s:e], s, e) for i, (s, e) in enumerate(spans)))


def _sentencex_cuts(chunk: str, lang: Lang) -> set[int]:
    return {b["end_index"] for b in sentencex.get_sentence_boundaries(lang, chunk)} - {0, len(chunk)}


def _content_end_before(chunk: str, position: int) -> int:
    """Offset just past the last non-whitespace character before ``position``."""
    while position > 0 and chunk[position - 1].isspace():
        position -= 1
    return position


def _content_start_after(chunk: str, position: int) -> int:
    """Offset of the first non-whitespace character at or after ``position``."""
    while position < len(chunk) and chunk[position].isspace():
        position += 1
    return position


def _gap_has_newline(chunk: str, position: int) -> bool:
    """Whether the whitespace around ``position`` holds a line break."""
    return "\n" in chunk[_content_end_before(chunk, position) : _content_start_after(chunk, position)]


def _ends_with_abbreviation(chunk: str, cut: int) -> bool:
    token_end = _content_end_before(chunk, cut)
    if token_end == 0 or _gap_has_newline(chunk, cut):
        return False
    token_start = token_end
    while token_start > 0 and not chunk[token_start - 1].isspace():
        token_start -= 1
    token = INVISIBLE_MARKS.sub("", chunk[token_start:token_end]).lstrip("(«\"“'")
    return token in ARABIC_ABBREVIATIONS


def _runs_on(chunk: str, cut: int) -> bool:
    """Whether a cut after "!" or "?" (and closing quotes) has a lower-case word after it on the same line."""
    before = _content_end_before(chunk, cut)
    after = _content_start_after(chunk, cut)
    mark = chunk[:before].rstrip(_CLOSING_QUOTES)
    return (
        bool(mark)
        and mark[-1] in "!?"
        and after < len(chunk)
        and chunk[after].islower()
        and not _gap_has_newline(chunk, cut)
    )


#: Most words an exclamation may have and still open the sentence after it ("Lo! Allah is …", "Our
#: Lord! Cause not …", "O mankind! Worship …"): an interjection or a vocative says too little to be
#: aligned on its own, and a translation writes it inside the sentence (إن الله، ربنا لا تزغ قلوبنا).
INTERJECTION_WORDS = 2
#: A vocative, which opens with its particle ("O ye who believe!", "O People of the Scripture!", يا أيها
#: الناس), may be longer and still only address the sentence after it: up to this many words. The
#: longest standing alone in both Qur'an suites has five ("O People of the Scripture!"); a longer
#: "O …!" there is a sentence of its own ("O company of jinn and men, if ye have power …, then penetrate (them)!").
VOCATIVE_WORDS = 6
VOCATIVE_PARTICLES = ("O", "يا")
#: The translator's bracketed words, which an exclamation's count leaves out ("(For such) lo! Allah is …").
_PARENTHESISED = re.compile(r"\([^()]*\)")


def _without_interjection_cuts(chunk: str, cuts: set[int]) -> set[int]:
    """The cuts, less those after an exclamation of at most :data:`INTERJECTION_WORDS` words that
    the next sentence follows on the same line (of at most :data:`VOCATIVE_WORDS` for a vocative; words in
    brackets not counted), alone or
    as the first words of a speech a colon opens ("He said: Lo! I am …", "They said: Our Lord! Forgive us":
    the speech is one sentence)."""
    kept: set[int] = set()
    start = 0
    for cut in sorted(cuts):
        sentence = chunk[start:_content_end_before(chunk, cut)].rstrip(_CLOSING_QUOTES)
        words = _PARENTHESISED.sub(" ", sentence.rsplit(":", 1)[-1]).split()
        short = len(words) <= INTERJECTION_WORDS or (words[0] in VOCATIVE_PARTICLES and len(words) <= VOCATIVE_WORDS)
        if sentence.endswith("!") and short and not _gap_has_newline(chunk, cut):
            continue  # the exclamation opens the next sentence: the sentence still starts at ``start``
        kept.add(cut)
        start = cut
    return kept


def _list_item_cuts(chunk: str) -> set[int]:
    """Starts of numbered list items.

    A marker at the start of a line always counts; one inside a line counts
    when it belongs to a numbering: the next marker carries the next number
    ("… ٢- … ٣- …"), or it repeats or follows the number before it (as in
    "2- <Arabic> . 2 – <English>"). So a stray "about 10 - perhaps" does not
    cut a sentence.
    """
    candidates = []
    for match in LIST_ITEM_MARKER.finditer(chunk):
        line_start = chunk.rfind("\n", 0, match.start()) + 1
        at_line_start = not chunk[line_start : match.start()].strip()
        candidates.append((match.start(), list_item_number(match), at_line_start))
    cuts = set()
    previous: int | None = None
    for i, (position, number, at_line_start) in enumerate(candidates):
        next_number = candidates[i + 1][1] if i + 1 < len(candidates) else None
        continues = previous is not None and number in (previous, previous + 1)
        if at_line_start or continues or next_number == number + 1:
            cuts.add(position)
            previous = number
    return cuts - {0}


def _attach_notes(chunk: str, cuts: set[int]) -> set[int]:
    """Keep a bracketed note that directly follows a sentence with that sentence."""
    kept: list[Span] = []  # (sentence end, note's closing bracket): no cut in between
    added: set[int] = set()
    for opening, closing in NOTE_BRACKETS.items():
        for position, close in _matching_closes(chunk, opening, closing).items():
            sentence_end = _content_end_before(chunk, position)
            while sentence_end > 0 and chunk[sentence_end - 1] in _CLOSING_QUOTES:
                sentence_end -= 1
            if sentence_end == 0 or chunk[sentence_end - 1] not in SENTENCE_END or _gap_has_newline(chunk, position):
                continue
            kept.append((sentence_end, close))
            if close + 1 < len(chunk):
                added.add(close + 1)
    ordered = sorted(cuts)
    dropped: set[int] = set()
    # Nested notes overlap: merged first, each cut is looked at once.
    for low, high in _merged(kept):
        dropped.update(ordered[bisect_right(ordered, low) : bisect_right(ordered, high)])
    return (cuts - dropped) | added


def _merged(ranges: list[Span]) -> list[Span]:
    """Overlapping ``(low, high)`` ranges joined, in order."""
    out: list[Span] = []
    for low, high in sorted(ranges):
        if out and low <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], high))
        else:
            out.append((low, high))
    return out


def _matching_closes(chunk: str, opening: str, closing: str) -> dict[int, int]:
    """Offset of each ``opening`` bracket -> offset of the bracket closing it, at most ``_MAX_NOTE_LENGTH`` on.

    One pass over the brackets with a stack, so a text of many unclosed
    brackets costs no more than one with none.
    """
    pattern = re.compile(f"[{re.escape(opening)}{re.escape(closing)}]")
    closes: dict[int, int] = {}
    stack: list[int] = []
    for bracket in pattern.finditer(chunk):
        if bracket.group() == opening:
            stack.append(bracket.start())
        elif stack:
            position = stack.pop()
            if bracket.start() - position < _MAX_NOTE_LENGTH:
                closes[position] = bracket.start()
    return dict(sorted(closes.items()))


def _trimmed_pieces(chunk: str, cuts: set[int]) -> list[Span]:
    bounds = [0, *sorted(cuts), len(chunk)]
    spans = []
    for s, e in zip(bounds, bounds[1:]):
        piece = chunk[s:e]
        stripped = piece.strip()
        if stripped:
            lead = len(piece) - len(piece.lstrip())
            spans.append((s + lead, s + lead + len(stripped)))
    return spans


def _merge_fragments(chunk: str, spans: list[Span]) -> list[Span]:
    """Join pieces that cannot stand alone to their neighbour."""
    merged: list[Span] = []
    carry_start: int | None = None  # a bare list marker waiting for its item
    for s, e in spans:
        piece = chunk[s:e]
        if carry_start is not None:
            s, carry_start = carry_start, None
        elif merged and (
            _has_no_word(piece) or _is_trailing_fragment(chunk, merged[-1], (s, e)) or _continues_one_word_run(chunk, merged[-1], (s, e))
        ):
            merged[-1] = (merged[-1][0], e)
            continue
        if LIST_NUMBERING_ALONE.fullmatch(piece) or (not merged and _has_no_word(piece)):
            carry_start = s
            continue
        merged.append((s, e))
    if carry_start is not None:
        if merged:
            merged[-1] = (merged[-1][0], spans[-1][1])
        else:
            merged.append((carry_start, spans[-1][1]))
    return merged


def _split_long(chunk: str, spans: list[Span]) -> list[Span]:
    """Cut every span longer than :data:`MAX_SEGMENT_CHARS`: at a clause end, else a space, else the limit."""
    out: list[Span] = []
    for s, e in spans:
        while e - s > MAX_SEGMENT_CHARS:
            cut = _long_cut(chunk, s, s + MAX_SEGMENT_CHARS)
            out.append((s, _content_end_before(chunk, cut)))
            s = _content_start_after(chunk, cut)
        out.append((s, e))
    return out


def _long_cut(chunk: str, start: int, limit: int) -> int:
    """Where to cut a piece of ``chunk`` that starts at ``start`` (not a space) and must end by ``limit``.

    A clause end in the second half keeps the pieces whole clauses and at least
    half the limit long; a space keeps words whole; a hard cut never separates
    a letter from its diacritics or joiners.
    """
    clause = _last(_CLAUSE_END, chunk, start + (limit - start) // 2, limit + 1)
    if clause is not None:
        return clause.start() + 1
    space = _last(_SPACE, chunk, start + 1, limit + 1)
    if space is not None:
        return space.start()
    cut = limit
    while cut > start + 1 and (unicodedata.combining(chunk[cut]) or unicodedata.category(chunk[cut]) in ("Mn", "Me", "Cf")):
        cut -= 1
    return cut


def _last(pattern: re.Pattern[str], text: str, start: int, end: int) -> re.Match[str] | None:
    """The last match of ``pattern`` in ``text[start:end]``."""
    found = None
    for found in pattern.finditer(text, start, end):
        pass
    return found


def _has_no_word(piece: str) -> bool:
    return not any(char.isalnum() for char in piece)


#: Longest run of one-word sentences read as one: letters and interjections are short ("Alif. Lam. Mim."
#: is 15 characters, the longest opening of a sura, "Kaf. Ha. Ya. A'in. Sad.", 23).
_ONE_WORD_RUN_CHARS = 60


def _continues_one_word_run(chunk: str, previous: Span, span: Span) -> bool:
    """A one-word sentence after one or more one-word sentences on the same line ("Alif. Lam. Mim.",
    "Yes. No. Maybe."): each says too little to be aligned alone, the run is one unit."""
    if not _is_one_word_sentence(chunk[span[0] : span[1]]) or previous[1] - previous[0] > _ONE_WORD_RUN_CHARS:
        return False  # checked first, so a long text's merged segments are never read again
    words = chunk[previous[0] : previous[1]].split()
    return all(word[-1] in SENTENCE_END for word in words) and "\n" not in chunk[previous[1] : span[0]]


def _is_one_word_sentence(piece: str) -> bool:
    return _ONE_WORD.fullmatch(piece) is not None and piece[-1] in SENTENCE_END


def _is_trailing_fragment(chunk: str, previous: Span, span: Span) -> bool:
    """A lower-case single word closing a sentence on the same line ("… use. used.").

    A sentence of its own would start with a capital; Arabic has no case, so
    a one-word Arabic sentence ("نعم.") stays a segment.
    """
    piece = chunk[span[0] : span[1]]
    return (
        _is_one_word_sentence(piece)
        and piece[0].islower()
        and "\n" not in chunk[previous[1] : span[0]]
        and chunk[previous[1] - 1] in SENTENCE_END
    )
