"""Part of one side with no counterpart on the other (``partial-omission``): found by meaning when the caller gives the aligner's embedder, else guessed from the length alone."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from align.checks.context import LANGUAGE_NAME, LinkContext, LinkText, Meaning, glued, quote, spelled_out_letters
from align.checks.registry import Finding, Thresholds, check
from align.lang import rules
from align.model import Lang

#: Where a clause ends: punctuation of either language, a dash between words.
_CLAUSE_END = re.compile(r"[,;:،؛!?؟.]+(?=\s)|\s[—–-]\s|\n")
_WORD = re.compile(r"\S+")
_TRIM = " \n,;:،؛"
_SENTENCE_END = ".!?؟"

#: Cuts tried: the longer side is cut at eighths of its words and at its clause ends, and every run
#: between two cut points that holds 25-75% of its letters is tried as the untranslated part (the
#: issue's omissions are 30-60% of a segment; a smaller part moves a sentence vector less than
#: an honest rewording does).
_GRID = 8
_MIN_SHARE, _MAX_SHARE = 0.25, 0.75
#: Words a cut removes and keeps at least: fewer say too little for a sentence vector to tell.
_MIN_CUT_WORDS = 3
#: Words the longer and the shorter side need before their meanings are compared.
_MIN_LONGER_WORDS, _MIN_SHORTER_WORDS = 8, 4
#: What the best cut of a correct link gains by chance, by the whole link's similarity w: 0.173 -
#: 0.256 w (a least-squares line through the correct links of the NTREX news check suite). A link
#: whose sides are only loosely alike gains some similarity from almost any cut (its vector moves
#: back towards what the embedder finds typical), so only the gain beyond that counts.
_CHANCE_GAIN = (0.173, -0.256)
#: What a gain beyond chance counts for against the length, in robust standard deviations of the
#: document's length ratio per unit: on the news suite the best cut's gain on correct links has a
#: robust spread of about 0.04 around that line, so a gain of 0.04 beyond chance counts as two
#: standard deviations of length (chosen on the news suite; the Qur'an suite is the held-out check).
_GAIN_PER_SIGMA = 0.02


@dataclass(frozen=True)
class _Excess:
    """The side with more text than the document's ratio predicts, and by how much."""

    side: Lang
    other: Lang
    longer: LinkText
    shorter: LinkText
    relative: float  # how far the link's log character ratio is from the document's, towards ``side``
    z: float  # ``relative`` in robust standard deviations of the document's 1-1 links


def _excess(context: LinkContext) -> _Excess | None:
    """The longer side by the document's ratio, for links long enough to judge and not so far off
    that ``length-ratio`` reports them."""
    if not context.both_sides:
        return None
    sides = {language: context.interpolations_blanked(language) for language in ("ar", "en")}
    ar, en = spelled_out_letters(sides["ar"]), spelled_out_letters(sides["en"])
    thresholds = context.thresholds
    if max(ar, en) < thresholds.length_min_chars or not min(ar, en):
        return None
    relative = math.log((ar / en) / context.char_ratio)
    if not math.log(thresholds.length_ratio_min) <= relative <= math.log(thresholds.length_ratio_max):
        return None  # length-ratio reports it
    side: Lang = "ar" if relative > 0 else "en"
    other: Lang = "en" if side == "ar" else "ar"
    return _Excess(side, other, sides[side], sides[other], abs(relative), abs(relative) / context.document.ratio_spread)


def _clauses(text: LinkText) -> list[tuple[int, int]]:
    """Spans of the side's clauses, cut at punctuation and dashes."""
    spans, start = [], 0
    for match in _CLAUSE_END.finditer(text.content):
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(text.content)))
    return [(a, b) for a, b in spans if any(ch.isalnum() for ch in text.content[a:b])]


def _flat(text: str) -> str:
    return " ".join(text.split())


@dataclass(frozen=True)
class _Cut:
    start: int
    end: int
    share: float  # of the side's letters
    rest: str  # the side without the cut, as embedded


def _cuts(text: LinkText) -> list[_Cut]:
    """The runs of words of ``text`` tried as its untranslated part (see :data:`_GRID`)."""
    words = [m.span() for m in _WORD.finditer(text.content)]
    sizes = [end - start for start, end in words]
    total = sum(sizes)
    clause_starts = {start for start, _ in _clauses(text)}
    grid = {round(k * len(words) / _GRID) for k in range(_GRID + 1)}
    # A clause's first word: the one at its start, or the first after the blank that opens it.
    points = sorted(grid | {i for i, (start, _) in enumerate(words) if any(0 <= start - c <= 1 for c in clause_starts)})
    cuts = []
    for x, i in enumerate(points):
        for j in points[x + 1 :]:
            removed = j - i
            if removed < _MIN_CUT_WORDS or len(words) - removed < _MIN_CUT_WORDS:
                continue
            share = sum(sizes[i:j]) / total
            if _MIN_SHARE <= share <= _MAX_SHARE:
                start, end = words[i][0], words[j - 1][1]
                cuts.append(_Cut(start, end, share, _without(text.content, start, end)))
    return cuts


def _without(text: str, start: int, end: int) -> str:
    """``text`` without ``start:end``, as a sentence: a cut that takes the sentence's end leaves the
    sentence's closing mark on what is left, not the comma before the cut."""
    before, after = text[:start], text[end:]
    if not after.strip():
        closing = text[start:end].rstrip()[-1:]
        before = before.rstrip().rstrip(_TRIM) + (closing if closing in _SENTENCE_END else "")
    return _flat(before + " " + after)


def _comparable(context: LinkContext) -> tuple[_Excess, list[_Cut]] | None:
    """The link's excess and the cuts to try, where comparing meanings can matter: the longer side
    is unusually long for the document (``omission_meaning_z``) and both sides have enough words."""
    excess = _excess(context)
    if excess is None or context.meaning is None or excess.z < context.thresholds.omission_meaning_z:
        return None
    if glued(context.ar):
        return None  # words run together: a cut would split a word
    if len(excess.longer.content.split()) < _MIN_LONGER_WORDS or len(excess.shorter.content.split()) < _MIN_SHORTER_WORDS:
        return None
    cuts = _cuts(excess.longer)
    return (excess, cuts) if cuts else None


def _embedded(context: LinkContext) -> list[str]:
    """What the meaning test embeds for a link: both sides whole and the longer side without each cut."""
    comparable = _comparable(context)
    if comparable is None:
        return []
    excess, cuts = comparable
    return [_flat(excess.longer.content), _flat(excess.shorter.content), *(cut.rest for cut in cuts)]


@check("partial-omission", "warning", embeds=_embedded)
def _partial_omission(context: LinkContext) -> Iterator[Finding]:
    """Part of one side with no counterpart on the other: a clause left untranslated, or one the
    translator added. Judged by meaning when the check runs with the aligner's embedder (``align
    check``, ``align align``, batch runs, ``align bench --checks`` and the review UI's re-checks all
    give it): on a link whose longer side is unusually long for its document (a robust z-score of at
    least 1.5 of the log Arabic/English character ratio against the document's 1-1 links), the
    longer side is cut at its clause ends and at eighths of its words, each run of 25-75% of it is
    dropped in turn, and the run whose dropping makes the sides most alike is the candidate. It is
    flagged when the length's z-score plus the similarity gained, beyond what a cut of a correct link
    as (dis)similar gains by chance, reaches 5.5 (0.02 of cosine counting as one standard deviation),
    or when the z-score alone reaches 4.5. So a large excess needs little confirmation and a moderate
    one a clear gain. The message quotes the part and how much more alike the sides are without it.
    Lets pass: parts under about a quarter of a segment, omissions balanced by an addition of the same
    length, the translator's parenthesised interpolations in the target, links of under 8 words a side
    (4 on the shorter), words run together, and much that a loose translation hides (where the
    embedder reads the two languages poorly, as Pickthall's Qur'an, only the length speaks). Without
    an embedder (a caller that gives none) the check falls back on the length alone: the ratio at
    least 3 robust standard deviations off and one side a quarter or more longer than predicted,
    pointing at the clause most likely uncovered (one holding a number or Latin word the other side
    lacks, else the clause nearest the missing length), a guess that is often wrong where nothing
    tells the clauses apart.
    """
    if context.meaning is None:
        yield from _by_length(context)
        return
    comparable = _comparable(context)
    if comparable is not None:
        yield from _by_meaning(context.meaning, context.thresholds, *comparable)


def _by_meaning(meaning: Meaning, thresholds: Thresholds, excess: _Excess, cuts: list[_Cut]) -> Iterator[Finding]:
    vectors = meaning.vectors([_flat(excess.longer.content), _flat(excess.shorter.content), *(cut.rest for cut in cuts)])
    longer, shorter, rests = vectors[0], vectors[1], vectors[2:]
    whole = float(longer @ shorter)
    similarities = rests @ shorter
    best = int(np.argmax(similarities))
    gain = float(similarities[best]) - whole
    beyond_chance = gain - (_CHANCE_GAIN[0] + _CHANCE_GAIN[1] * whole)
    if excess.z < thresholds.omission_length_z and excess.z + beyond_chance / _GAIN_PER_SIGMA < thresholds.omission_evidence:
        return
    cut = cuts[best]
    start, end = _trimmed(excess.longer.raw, cut.start, cut.end)
    yield Finding(
        f"About {round(100 * cut.share)}% of the {LANGUAGE_NAME[excess.side]} has no counterpart in the "
        f"{LANGUAGE_NAME[excess.other]}: '{quote(excess.longer.raw[start:end])}' (without it the sides are more "
        f"alike, similarity {whole:.2f} → {whole + gain:.2f}).",
        excess.side,
        start,
        end,
    )


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """``start:end`` without the blanks and clause punctuation at its edges."""
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


def _by_length(context: LinkContext) -> Iterator[Finding]:
    excess = _excess(context)
    thresholds = context.thresholds
    if excess is None or excess.z < thresholds.omission_z or 1 - math.exp(-excess.relative) < thresholds.omission_share:
        return
    if len(_clauses(excess.longer)) < 2:
        return
    expected = spelled_out_letters(excess.shorter) * (context.char_ratio if excess.side == "ar" else 1 / context.char_ratio)
    missing = spelled_out_letters(excess.longer) - expected
    start, end = _trimmed(excess.longer.raw, *_uncovered_clause(excess.longer, excess.shorter, missing))
    yield Finding(
        f"About {round(100 * missing / spelled_out_letters(excess.longer))}% of the {LANGUAGE_NAME[excess.side]} has no counterpart "
        f"in the {LANGUAGE_NAME[excess.other]}; perhaps '{quote(excess.longer.raw[start:end])}'.",
        excess.side,
        start,
        end,
    )


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
