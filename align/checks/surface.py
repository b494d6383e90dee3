"""Surface slips visible on one side: doubled words (``repeated-word``), target text left in the source language (``untranslated``), unpaired brackets (``bracket-mismatch``)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from itertools import pairwise

from align.checks.context import (
    LANGUAGE_NAME,
    SENTENCE_END,
    LinkContext,
    LinkText,
    Token,
    quote,
    whole,
)
from align.checks.registry import Finding, check
from align.lang import rules
from align.lang.normalize import normalize

_VALID_DOUBLED = {
    normalize(w, "ar" if rules.ARABIC_LETTER.search(w) else "en")
    for w in rules.VALID_DOUBLED_WORDS | rules.ARABIC_LETTER_NAMES
}


def _same_word(first: str, second: str) -> bool:
    shorter, longer = sorted((first, second), key=len)
    return shorter == longer or (len(shorter) >= 3 and longer.startswith(shorter))


def _repeats(text: LinkText, other_side: str) -> Iterator[tuple[Token, Token]]:
    words = text.words
    for previous, current in pairwise(words):
        if previous.folded in _VALID_DOUBLED or text.raw[previous.start - 1 : previous.start] == "-":
            continue  # allowed, or the end of a compound ("Moon Jae-in in")
        gap = text.raw[previous.end : current.start]
        if not gap.strip():
            doubled = text.raw[previous.start : current.end]
            # A doubling the other side has too is a name ("Roa Roa Hotel"), not a slip.
            if previous.folded == current.folded and doubled.casefold() not in other_side.casefold():
                if not (text.lang == "ar" and _distributive(previous, other_side)):
                    yield previous, current
        elif (
            current is words[-1]
            and set(gap.strip()) <= SENTENCE_END
            and not any(ch.isalnum() for ch in text.raw[current.end :])
            and _same_word(previous.folded, current.folded)
        ):
            # A one-word fragment after the sentence that repeats its last word ("they would use. used."):
            # a leftover of editing.
            yield previous, current


#: English for an Arabic distributive doubling: a word written again within two words ("form by form",
#: "rank on rank", "grinding, grinding", "Peace, (and again) Peace", "one by one").
_EN_DISTRIBUTIVE = re.compile(r"\b(\w{3,})\b(?:\W+\w+){0,2}?\W+\1\b", re.IGNORECASE)
_TANWEEN_FATH = "\u064b"


def _distributive(word: Token, other_side: str) -> bool:
    """Whether a doubled Arabic word is the distributive (صورة صورة "form by form", خطوةً خطوةً "step by
    step"): an indefinite accusative (it carries tanween) or one the English renders by a word written
    again ("X by X", "X on X", "X, X")."""
    return _TANWEEN_FATH in word.text or bool(_EN_DISTRIBUTIVE.search(other_side))


@check("repeated-word", "warning")
def _repeated_word(context: LinkContext) -> Iterator[Finding]:
    """A word written twice in a row ("freedom freedom"), or a sentence followed by a stray one-word
    fragment repeating its last word ("they would use. used."). Legitimate doublings are allowed:
    رويدا رويدا, "had had", spelled acronyms (سي إن إن), doublings both sides share (names), and the
    Arabic distributive (صورة صورة "form by form", صفا صفا "rank on rank", يومًا يومًا "day after day": an
    indefinite accusative, or a doubling the English renders by a word written again; so a slip in an
    Arabic whose English says "day after day" elsewhere passes).
    """
    for language in ("ar", "en"):
        text = context.side(language)
        for first, second in _repeats(text, context.side("en" if language == "ar" else "ar").raw):
            snippet = text.raw[first.start : second.end]
            yield Finding(f"'{quote(snippet)}' repeats the word '{quote(second.text)}'.", language, first.start, second.end)


def _spelling_free(text: LinkText) -> list[str]:
    """The words, folded by both languages' rules: either side may hold either script."""
    return [_folded_both_ways(t.text) for t in text.content_words]


@lru_cache(maxsize=65_536)
def _folded_both_ways(word: str) -> str:
    return normalize(normalize(word, "ar"), "en")


@check("untranslated", "error")
def _untranslated(context: LinkContext) -> Iterator[Finding]:
    """The target is still in the source's script (Arabic script on the English side of a translation
    from Arabic, Latin script on the Arabic side of a translation from English), or is the same text as the source.
    """
    source, target = context.locales.sides
    text = context.target
    if not context.link.ids(target):
        return
    arabic, latin = rules.count_script(text.content)
    in_source_script, in_target_script = (arabic, latin) if source == "ar" else (latin, arabic)
    if in_source_script >= 2 and in_source_script >= in_target_script:
        script = "Arabic" if source == "ar" else "Latin"
        yield Finding(f"The {LANGUAGE_NAME[target]} side '{quote(text.raw)}' is in {script} script.", target, *whole(text))
        return
    target_words = _spelling_free(text)
    if context.link.ids(source) and len(target_words) >= 2 and target_words == _spelling_free(context.source):
        yield Finding(
            f"The {LANGUAGE_NAME[target]} '{quote(text.raw)}' is the same text as the {LANGUAGE_NAME[source]}.", target, *whole(text)
        )


@check("bracket-mismatch", "warning")
def _bracket_mismatch(context: LinkContext) -> Iterator[Finding]:
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
            yield Finding(f"The {LANGUAGE_NAME[language]} has an unpaired '{quote(ch)}'.", language, i, i + 1)
