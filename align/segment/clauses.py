"""Cutting a side's long sentences into clauses, the units the aligner links one by one.

A translator renders one long Arabic sentence (clauses chained with و، ف، ثم, a Qur'an verse with its
pause marks) as several English ones. Aligned whole, such a sentence is one long vector against several
short ones, and the aligner leaves the English it cannot fit as invented gaps; aligned clause by clause,
each English sentence finds its clause, and the aligner links each sentence back whole
(``aligner.align(groups=...)``).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import replace

import numpy as np

from align.lang import rules
from align.model import Segment, Side

#: A clause ends at clause punctuation of either language or a Qur'anic pause mark, before a space.
_CLAUSE_END = re.compile(rf"(?<=[،؛,;:{rules.ARABIC_PAUSE_MARKS}])\s+")
#: In English, also before a verse's capitalised first word inside a sentence (``rules.ENGLISH_LINE_OPENERS``).
_ENGLISH_CLAUSE_END = re.compile(rf"(?<=[،؛,;:{rules.ARABIC_PAUSE_MARKS}])\s+|(?<=[a-z])\s+(?=(?:{'|'.join(rules.ENGLISH_LINE_OPENERS)})\b)")
#: Fewest words a clause holds; a shorter piece ("قال،", "O my people,") joins the clause before it
#: (the first, the one after): it says too little for its own vector. The one value tried.
CLAUSE_MIN_WORDS = 3
#: A sentence is cut only when it is longer than this many of the other side's median sentences (in
#: the other side's characters, by the document's ratio): one that may hold several of them. Of 1, 1.5,
#: 2 and 2.5, measured with the translation's sentence count gate below, 1.5 (Pickthall 0.837 at 1.5,
#: 0.835 at 1 with mixed 0.975 -> 0.962, 0.833 at 2; 2.5 lost a literary document, 0.939 -> 0.667, USE).
LONG_SENTENCE = 1.5
#: Arabic clauses are aligned only when the English has at least this many times as many sentences:
#: the translation splits the original's sentences. Near 1 (a sentence-for-sentence translation with
#: drops and notes, NTREX's perturbed family) the clauses gave the aligner more pieces to pair with
#: inserted sentences: perturbed 0.988 -> 0.982, gap recall 0.934 -> 0.897 without the gate; 0.983 /
#: 0.903 at 1.0 (clean 0.999 -> 0.998); 0.988 / 0.934 at 1.1 (Pickthall 0.840, Yusuf Ali 0.755); 0.988 /
#: 0.936 at 1.2 (0.837, 0.752), which leaves the sentence-for-sentence sets as they were.
SPLIT_RATIO = 1.2
#: English clauses, where the Arabic has at least this many times as many sentences (a translation
#: that runs a sura's short verses into one sentence). English commas fall inside clauses more often
#: than Arabic ones (Yusuf Ali's ",-"), so the gate is higher. Chosen on the two Qur'an suites (no other
#: set has such documents; the NTREX-built ones read the same at 1.5 and 2, perturbed 0.988 -> 0.989 at
#: 1.2). First 2 (Pickthall 0.837, Yusuf Ali 0.752; at 1.2 0.842 and 0.743); since sentences are linked
#: to all their clauses were and verses are cut at their capitals, 1.5: 0.859 and 0.760 (2: 0.852, 0.755;
#: 1.2: 0.856, 0.756).
ENGLISH_SPLIT_RATIO = 1.5
#: Below that gate, an English sentence is still cut when it is longer than this many of the Arabic's
#: median sentences: a translation sentence-for-sentence elsewhere that runs several verses into one
#: (Yusuf Ali's 68:10-14, five verses, "Heed not the type of despicable men,- ready with oaths, A
#: slanderer, …"). Measured on every set (USE, strict F1): at 3, 3.5, 4 and 5 Pickthall 0.868 / 0.865 /
#: 0.866 / 0.863 (0.863 without), Yusuf Ali 0.764 / 0.768 / 0.774 / 0.768 (0.762), the NTREX-built sets
#: the same or 0.001 higher; 4, the middle. The Arabic cut the same way lost: at 3 a literary document
#: 0.939 -> 0.667, at 3.5 restructured's mean 0.786 -> 0.778, so the Arabic keeps its gate.
VERY_LONG_SENTENCE = 4.0


def clause_units(side: Side, other: Side) -> tuple[Side, np.ndarray] | None:
    """The side with its long sentences cut into clauses, and each clause's sentence id.

    ``None`` when nothing is cut: the other side does not have :data:`SPLIT_RATIO` (the English side:
    :data:`ENGLISH_SPLIT_RATIO`) times as many segments, or no sentence is long enough to hold several
    of the other side's (:data:`LONG_SENTENCE` of its median sentences; an English sentence where the
    Arabic has not that many more segments, :data:`VERY_LONG_SENTENCE`).
    """
    if not side.segments or not other.segments:
        return None
    factor = LONG_SENTENCE
    if len(other.segments) < (ENGLISH_SPLIT_RATIO if side.lang == "en" else SPLIT_RATIO) * len(side.segments):
        if side.lang != "en":
            return None
        factor = VERY_LONG_SENTENCE
    ratio = sum(len(s.text) for s in other.segments) / max(sum(len(s.text) for s in side.segments), 1)
    long_enough = factor * float(np.median([len(s.text) for s in other.segments]))
    return sentences_in_clauses(side, {s.id for s in side.segments if len(s.text) * ratio > long_enough})


def sentences_in_clauses(side: Side, ids: Collection[int]) -> tuple[Side, np.ndarray] | None:
    """The side with the segments ``ids`` cut into clauses, and each unit's segment id; ``None`` when
    none of them has a clause boundary to cut at."""
    units: list[Segment] = []
    group: list[int] = []
    for segment in side.segments:
        pieces = _clauses(segment.text, side.lang) if segment.id in ids else [(0, len(segment.text))]
        for start, end in pieces:
            units.append(Segment(len(units), side.lang, segment.text[start:end], segment.start + start, segment.start + end))
            group.append(segment.id)
    if len(units) == len(side.segments):
        return None
    return replace(side, segments=tuple(units)), np.array(group, dtype=np.int64)


def _clauses(text: str, lang: str) -> list[tuple[int, int]]:
    """Spans of the clauses of one sentence, each of at least :data:`CLAUSE_MIN_WORDS` words if it can."""
    cuts = [m.span() for m in (_ENGLISH_CLAUSE_END if lang == "en" else _CLAUSE_END).finditer(text)]
    spans = [(start, end) for start, end in zip([0] + [e for _, e in cuts], [s for s, _ in cuts] + [len(text)])]
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and _words(text, *merged[-1]) < CLAUSE_MIN_WORDS:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    if len(merged) > 1 and _words(text, *merged[-1]) < CLAUSE_MIN_WORDS:
        merged[-2:] = [(merged[-2][0], merged[-1][1])]
    return merged


def _words(text: str, start: int, end: int) -> int:
    return len(text[start:end].split())
