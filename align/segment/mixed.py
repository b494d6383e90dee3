"""Find the Arabic passages of a mixed document and the English that translates them.

A mixed document (a blog post quoting an Arabic text with a gloss, an article
with the original in between) holds much more than the bilingual part. The
bilingual region is found from script and layout:

* each line is Arabic, English, or *both* (an Arabic clause and its English
  on one line, as in ``N- <Arabic> . N – <English>``);
* lines holding Arabic that follow each other, or are separated by at most one
  English paragraph (Arabic and English paragraphs alternating), form one
  region;
* where the Arabic stands in paragraphs of its own, the English paragraph that
  translates the last (or, when English comes first, the first) Arabic one is
  added;
* a region that is part of a numbered list grows to the whole list, so items
  glossed only in English (item 1 of the blog seed) are kept.

List numbers ("3-", "3 –", "٣-", "(3)") opening an item or an item's English
half are left out of the spans on both sides, so the checks never compare
list numbers. English outside the region (commentary, comments) is left out.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from itertools import accumulate
from typing import Literal

from align.lang.rules import (
    LIST_ITEM_MARKER,
    SENTENCE_END,
    count_script,
    list_item_number,
)
from align.model import Lang
from align.segment.sentences import Span, segment

Label = Literal["ar", "en", "both", "none"]

#: Letters each half of a line needs for the line to count as Arabic + English.
_MIN_HALF_LETTERS = 10
_TOKEN = re.compile(r"\S+")


@dataclass(frozen=True)
class _Line:
    """One non-blank line: trimmed offsets, script label, list number."""

    start: int
    end: int
    label: Label
    item_number: int | None
    #: For a ``"both"`` line: ``(first_lang, first_end, second_start)``.
    split: tuple[Lang, int, int] | None


@dataclass(frozen=True)
class _Block:
    """Consecutive non-blank lines of one label: ``lines[first..last]``."""

    label: Label
    first: int
    last: int
    length: int


def split_mixed(text: str) -> tuple[list[Span], list[Span]]:
    """Find the bilingual region(s) of ``text`` and segment both languages.

    Args:
        text: The whole document.

    Returns:
        ``(arabic_spans, english_spans)``: offsets into ``text``, each list in
        document order. Both are empty when the text has no Arabic; the English
        list is empty when no English stands next to the Arabic.
    """
    lines = _lines(text)
    arabic: list[Span] = []
    english: list[Span] = []
    for first, last in _regions(text, lines):
        for line in filter(None, lines[first : last + 1]):
            ar_spans, en_spans = _line_spans(text, line)
            arabic += ar_spans
            english += en_spans
    return arabic, english


def _lines(text: str) -> list[_Line | None]:
    """Every line, trimmed and labelled; ``None`` for a blank line."""
    lines: list[_Line | None] = []
    offset = 0
    for raw in text.split("\n"):
        start = offset + len(raw) - len(raw.lstrip())
        end = offset + len(raw.rstrip())
        offset += len(raw) + 1
        if start >= end:
            lines.append(None)
            continue
        marker = LIST_ITEM_MARKER.match(text, start, end)
        content_start = marker.end() if marker else start
        arabic, latin = count_script(text[start:end])
        split = _script_split(text, content_start, end) if arabic and latin else None
        if split is not None:
            label: Label = "both"
        elif arabic or latin:
            label = "ar" if arabic >= latin else "en"
        else:
            label = "none"
        lines.append(_Line(start, end, label, list_item_number(marker) if marker else None, split))
    return lines


def _script_split(text: str, start: int, end: int) -> tuple[Lang, int, int] | None:
    """Where a line changes from one script to the other, if it holds both.

    Chooses the token boundary that best separates Arabic letters on one side
    from Latin letters on the other, so a Latin acronym inside the Arabic
    clause or an Arabic word quoted in the English does not move it.

    Returns:
        ``(first_lang, first_end, second_start)``, or ``None`` when either half
        would hold fewer than ``_MIN_HALF_LETTERS`` letters of its script.
    """
    tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(text, start, end)]
    counts = [count_script(text[s:e]) for s, e in tokens]
    arabic_before = [0, *accumulate(a for a, _ in counts)]
    latin_before = [0, *accumulate(la for _, la in counts)]
    total_arabic, total_latin = arabic_before[-1], latin_before[-1]
    best: tuple[int, Lang, int] | None = None
    for k in range(len(tokens) + 1):
        arabic_first = arabic_before[k] + total_latin - latin_before[k]
        latin_first = latin_before[k] + total_arabic - arabic_before[k]
        candidates: tuple[tuple[int, Lang], ...] = ((arabic_first, "ar"), (latin_first, "en"))
        for score, lang in candidates:
            if best is None or score > best[0]:
                best = (score, lang, k)
    assert best is not None
    _, first_lang, k = best
    first_letters = arabic_before[k] if first_lang == "ar" else latin_before[k]
    second_letters = total_latin - latin_before[k] if first_lang == "ar" else total_arabic - arabic_before[k]
    if min(first_letters, second_letters) < _MIN_HALF_LETTERS:
        return None
    # Punctuation closing the first half (" ." after an Arabic clause) belongs to it.
    while k < len(tokens) and not any(char.isalnum() for char in text[tokens[k][0] : tokens[k][1]]):
        k += 1
    first_end = tokens[k - 1][1]
    second_start = tokens[k][0] if k < len(tokens) else end
    return first_lang, first_end, second_start


def _regions(text: str, lines: list[_Line | None]) -> list[tuple[int, int]]:
    """Index ranges ``(first, last)`` of ``lines`` that form bilingual regions."""
    blocks = _blocks(text, lines)
    regions: list[tuple[int, int]] = []
    i = 0
    while i < len(blocks):
        if blocks[i].label not in ("ar", "both"):
            i += 1
            continue
        j = i
        while True:  # Arabic blocks separated by at most one English block
            if j + 1 < len(blocks) and blocks[j + 1].label in ("ar", "both"):
                j += 1
            elif j + 2 < len(blocks) and blocks[j + 1].label == "en" and blocks[j + 2].label in ("ar", "both"):
                j += 2
            else:
                break
        first, last = blocks[i].first, blocks[j].last
        if any(block.label == "ar" for block in blocks[i : j + 1]):
            before = blocks[i - 1] if i > 0 and blocks[i - 1].label == "en" else None
            after = blocks[j + 1] if j + 1 < len(blocks) and blocks[j + 1].label == "en" else None
            if after and (not before or _length_misfit(after, blocks[j]) <= _length_misfit(before, blocks[i])):
                last = after.last
            elif before:
                first = before.first
        regions.append(_grow_to_list(lines, first, last))
        i = j + 1
    return regions


def _length_misfit(english: _Block, arabic: _Block) -> float:
    """How far apart in length a candidate translation and its Arabic are."""
    return abs(math.log(english.length / arabic.length))


def _blocks(text: str, lines: list[_Line | None]) -> list[_Block]:
    """The paragraphs of ``lines``, in order.

    A line ending a sentence ends its paragraph; consecutive lines of one
    script join only where the text is hard-wrapped. A line holding both
    languages is a block of its own; lines without letters belong to none.
    """
    blocks: list[_Block] = []
    previous_index = -2
    for index, line in enumerate(lines):
        if line is None or line.label == "none":
            continue
        size = line.end - line.start
        previous = lines[index - 1]
        wrapped = previous_index == index - 1 and previous is not None and text[previous.end - 1] not in SENTENCE_END
        if blocks and wrapped and line.label != "both" and blocks[-1].label == line.label:
            blocks[-1] = _Block(line.label, blocks[-1].first, index, blocks[-1].length + size)
        else:
            blocks.append(_Block(line.label, index, index, size))
        previous_index = index
    return blocks


def _grow_to_list(lines: list[_Line | None], first: int, last: int) -> tuple[int, int]:
    """Widen ``first..last`` to the numbered list its end lines belong to.

    A neighbouring item counts when its number continues the numbering or
    repeats it (an Arabic item and its English gloss on separate lines).
    """
    def grow(edge: int, step: int) -> int:
        number = lines[edge].item_number  # type: ignore[union-attr]
        if number is None:
            return edge
        index = edge + step
        while 0 <= index < len(lines):
            line = lines[index]
            if line is None:
                index += step
                continue
            if line.item_number is None or line.item_number not in (number, number + step):
                break
            edge, number = index, line.item_number
            index += step
        return edge

    return grow(first, -1), grow(last, 1)


def _line_spans(text: str, line: _Line) -> tuple[list[Span], list[Span]]:
    """Arabic and English sentence spans of one region line, list numbers left out."""
    if line.label == "none":
        return [], []
    start = _after_marker(text, line.start, line.end)
    if line.split is None:
        lang: Lang = "ar" if line.label == "ar" else "en"
        spans = segment(text, lang, start=start, end=line.end)
        return (spans, []) if lang == "ar" else ([], spans)
    first_lang, first_end, second_start = line.split
    second_lang: Lang = "en" if first_lang == "ar" else "ar"
    first = segment(text, first_lang, start=start, end=first_end)
    second = segment(text, second_lang, start=_after_marker(text, second_start, line.end), end=line.end)
    return (first, second) if first_lang == "ar" else (second, first)


def _after_marker(text: str, start: int, end: int) -> int:
    marker = LIST_ITEM_MARKER.match(text, start, end)
    return marker.end() if marker else start
