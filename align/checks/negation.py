"""Negation that differs between the sides (``negation-mismatch``): negators, correlatives, weak negators and idioms of Arabic and English."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise
from typing import NamedTuple

from align.checks.context import (
    LANGUAGE_NAME,
    SIDES_BOTH_WAYS,
    LinkContext,
    LinkText,
    Token,
    quote,
)
from align.checks.names import same_name
from align.checks.registry import Finding, Thresholds, check
from align.lang import rules
from align.lang.normalize import normalize

_CLAUSE_PUNCTUATION = set(".,;:!?،؛؟…—–")


class _Negation(NamedTuple):
    strong: list[Token]  # negators that make a clause negative
    weak: bool  # words that may carry the negation instead
    doubled: tuple[Token, Token] | None  # two negators of one verb ("not be not")


def _negation(text: LinkText, english_names: list[str]) -> _Negation:
    """Negators of one side; ``english_names`` are the other side's capitalised words (for فليس "Fleiss")."""
    words = text.content_words
    strong: list[tuple[int, Token, bool]] = []  # (index, token, correlative)
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
                stem = rules.LEADING_PARTICLES.sub("", word)
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


def _is_name(token: Token, english_names: list[str]) -> bool:
    return any(same_name(name, token.folded, _NAME_MATCH) for name in english_names)


def _exceptive_follows(text: LinkText, negator: Token) -> bool:
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


@check("negation-mismatch", "warning")


def _negation_mismatch(context: LinkContext) -> Iterator[Finding]:
    """Negation that differs between the sides: one side negative and the other not, or one side
    negating twice ("would not be not determined") where the other negates once. Correlatives
    match each other (neither … nor = لا … ولا); words that are only sometimes negative (ما، غير،
    دون; "fail", "un-") never raise the warning but do excuse a negation on the other side.
    """
    if not context.both_sides:
        return
    capitalised = [t.text for t in context.en.content_words if t.text[0].isupper()]
    found = {"ar": _negation(context.ar, capitalised), "en": _negation(context.en, [])}
    for side, other in SIDES_BOTH_WAYS:
        mine, theirs = found[side], found[other]
        text = context.side(side)
        if mine.strong and not theirs.strong and not theirs.weak:
            first = mine.strong[0]
            yield Finding(
                f"The {LANGUAGE_NAME[side]} is negated ('{first.text}') but the {LANGUAGE_NAME[other]} is not.",
                side,
                first.start,
                first.end,
            )
        elif mine.doubled and not theirs.doubled and (theirs.strong or theirs.weak):
            first, second = mine.doubled
            snippet = text.raw[first.start : second.end]
            yield Finding(
                f"The {LANGUAGE_NAME[side]} '{quote(snippet)}' negates twice where the {LANGUAGE_NAME[other]} negates once.",
                side,
                first.start,
                second.end,
            )
