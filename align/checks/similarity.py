"""How well the two sides match as a whole: their length ratio (``length-ratio``) and the aligner's score (``low-similarity``)."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator

from align.checks.context import LANGUAGE_NAME, SIDES_BOTH_WAYS, LinkContext, LinkText, letters, quote
from align.checks.registry import Finding, check
from align.lang import rules

#: Where a clause ends: punctuation of either language, a dash between words.
_CLAUSE_END = re.compile(r"[,;:،؛!?؟.]+(?=\s)|\s[—–-]\s|\n")


@check("length-ratio", "warning")


def _length_ratio(context: LinkContext) -> Iterator[Finding]:
    """The two sides' lengths are far from the document's usual Arabic/English character ratio
    (estimated from its 1-1 links): something may be left out or added. Short links are skipped.
    """
    if not context.both_sides:
        return
    ar, en = letters(context.ar), letters(context.en)
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


def _clauses(text: LinkText) -> list[tuple[int, int]]:
    """Spans of the side's clauses, cut at punctuation and dashes."""
    spans, start = [], 0
    for match in _CLAUSE_END.finditer(text.content):
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(text.content)))
    return [(a, b) for a, b in spans if any(ch.isalnum() for ch in text.content[a:b])]


def _uncovered_clause(longer: LinkText, shorter: LinkText, excess: float) -> tuple[int, int]:
    """The clause of ``longer`` most likely to have no counterpart: one holding a number or Latin word
    that ``shorter`` lacks, else the one whose length is nearest the excess."""
    other = rules.to_latin_digits(shorter.content).casefold()
    clauses = _clauses(longer)

    def missing_anchor(span: tuple[int, int]) -> bool:
        piece = rules.to_latin_digits(longer.content[span[0] : span[1]])
        anchors = rules.NUMBER.findall(piece) + re.findall(r"[A-Za-z]{3,}", piece) if longer.lang == "ar" else rules.NUMBER.findall(piece)
        return any(a.casefold() not in other for a in anchors)

    def size(span: tuple[int, int]) -> int:
        return sum(not ch.isspace() for ch in longer.content[span[0] : span[1]])

    return min(clauses, key=lambda span: (not missing_anchor(span), abs(size(span) - excess)))


@check("partial-omission", "warning")


def _partial_omission(context: LinkContext) -> Iterator[Finding]:
    """Part of one side with no counterpart on the other: a clause left untranslated, or one the
    translator added. Fires when the link's length ratio is unusual for its own document (robust
    z-score of the log Arabic/English character ratio against the document's 1-1 links) and one side
    has at least a quarter more text than the ratio predicts, yet not so much that ``length-ratio``
    fires; points at the clause of the longer side most likely uncovered (one holding a number or Latin
    word the other side lacks, else the clause nearest the missing length). Lets pass: omissions of
    under about a quarter of a segment, omissions balanced by an addition of the same length, and
    short links; the span is a best guess where no number or name tells the clauses apart.
    """
    if not context.both_sides:
        return
    ar, en = letters(context.ar), letters(context.en)
    thresholds = context.thresholds
    if max(ar, en) < thresholds.length_min_chars or not min(ar, en):
        return
    relative = math.log((ar / en) / context.char_ratio)
    if not math.log(thresholds.length_ratio_min) <= relative <= math.log(thresholds.length_ratio_max):
        return  # length-ratio reports it
    unusual = abs(relative) / context.document.ratio_spread >= thresholds.omission_z
    if not unusual or 1 - math.exp(-abs(relative)) < thresholds.omission_share:
        return
    side, other = SIDES_BOTH_WAYS[0] if relative > 0 else SIDES_BOTH_WAYS[1]
    longer, shorter = context.side(side), context.side(other)
    if len(_clauses(longer)) < 2:
        return
    expected = en * context.char_ratio if side == "ar" else ar / context.char_ratio
    excess = letters(longer) - expected
    start, end = _uncovered_clause(longer, shorter, excess)
    share = round(100 * excess / letters(longer))
    clause = longer.raw[start:end].strip(" ,;:،؛")
    offset = longer.raw.index(clause, start) if clause else start
    yield Finding(
        f"About {share}% of the {LANGUAGE_NAME[side]} has no counterpart in the {LANGUAGE_NAME[other]}; "
        f"perhaps '{quote(clause)}'.",
        side,
        offset,
        offset + len(clause),
    )


@check("low-similarity", "warning")


def _low_similarity(context: LinkContext) -> Iterator[Finding]:
    """The aligner is not confident that the two sides say the same thing: its score is below the
    ``low_similarity`` threshold and unusually low for this document (a robust z-score against the
    document's own link scores, so a loose literary translation does not light up every third link).
    A loose or wrong translation, or a misalignment. The message says how unusual the link is.
    """
    if not context.both_sides:
        return
    score, limit = context.link.score, context.thresholds.low_similarity
    stats = context.document
    if score >= limit:
        return
    if not stats.score_spread:
        yield Finding(f"The sides may not translate each other (alignment score {score:.2f}, below {limit:.2f}).")
        return
    z = (score - stats.score_median) / stats.score_spread
    if z <= context.thresholds.low_similarity_z:
        yield Finding(
            f"The sides may not translate each other: alignment score {score:.2f}, below {limit:.2f} and "
            f"{-z:.1f} standard deviations below this document's usual {stats.score_median:.2f}."
        )
