"""Negation that differs between the sides (``negation-mismatch``): negators, correlatives, weak negators and idioms of Arabic and English."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise
from typing import NamedTuple

from camel_tools.utils.dediac import dediac_ar

from align.checks.context import (
    LANGUAGE_NAME,
    SIDES_BOTH_WAYS,
    LinkContext,
    LinkText,
    Token,
    glued,
    quote,
)
from align.checks.names import same_name
from align.checks.registry import Finding, Thresholds, check
from align.lang import rules
from align.lang.normalize import normalize

_CLAUSE_PUNCTUATION = set(".,;:!?،؛؟…—–")


class _Negation(NamedTuple):
    strong: list[Token]  # negators that make a clause negative
    lexical: list[Token]  # negators of a word: غير، عدم، بدون; un-, non-, in- (English)
    weak: list[Token]  # words that may carry the negation instead (fail, refuse; رفض، سوى، ما لم)
    doubled: tuple[Token, Token] | None  # two negators of one verb ("not be not")
    simple: int  # negators that are not correlatives (neither … nor, لا … ولا)


def _negation(text: LinkText, english_names: list[str]) -> _Negation:
    """Negators of one side; ``english_names`` are the other side's capitalised words (for فليس "Fleiss", لا بومبا "La Bomba")."""
    words = text.content_words
    strong: list[tuple[int, Token, bool]] = []  # (index, token, correlative)
    lexical: list[Token] = []
    weak: list[Token] = []
    plain = {t.folded for t in words}
    punctuated = bool(set(text.content) & _CLAUSE_PUNCTUATION)
    for i, token in enumerate(words):
        following = words[i + 1].folded if i + 1 < len(words) else ""
        word = token.folded
        if text.lang == "en":
            if word in rules.ENGLISH_NEGATORS or word.endswith(("n't", "n’t")):
                if word == "no" and re.match(r"\.?\s*\d", text.content[token.end :]):
                    continue  # "No. 5"
                if (word, following) in rules.ENGLISH_NEGATION_IDIOMS:
                    continue
                if word in ("no", "not") and following in rules.ENGLISH_BOUND_WORDS:
                    weak.append(token)  # "no more than": a bound
                    continue
                strong.append((i, token, word in rules.ENGLISH_CORRELATIVE_NEGATORS))
            elif word in rules.ENGLISH_WEAK_NEGATORS:
                weak.append(token)
            elif _affixal_negative(word, plain) and not word.endswith(rules.ENGLISH_NOUN_SUFFIXES):
                lexical.append(token)  # a negated quality ("unbeaten"), not a lexicalised noun ("unemployment")
            continue
        bare = word[1:] if word[:1] in rules.ARABIC_NEGATOR_PROCLITICS else word
        if word in _AR_NEGATORS or bare in _AR_NEGATORS:
            # The raw word, not the folded one: folding writes إن "if" and أن "that" alike, and
            # إن لم is "if not" (a condition) where أن لا is "that … not" (a negation).
            before = dediac_ar(words[i - 1].text) if i else ""
            if _idiom(following) or _is_name(token, english_names):
                continue
            if before in rules.ARABIC_NOT_NEGATING_BEFORE_NEGATOR:
                weak.append(token)  # إن لم "if not", كأن لم "as though … not", ما لم "unless", ما لا "what … not"
                continue
            if bare == _AR_BOTH and following and not _clause_ends(text, token):
                continue  # كلا الجانبين "both sides"
            if following.startswith(_AR_BOUND_VERBS):
                weak.append(token)  # لا يتجاوز "up to"
                continue
            if following.startswith(_AR_WORD_NEGATED):
                lexical.append(token)  # لا متناهية "infinite"
                continue
            if _exceptive_follows(text, token):
                weak.append(token)  # لم … إلا "only": restrictive, not negative
            elif i + 1 < len(words) and _is_name(words[i + 1], english_names) and bare == _AR_LA:
                continue  # لا ريفيرا "La Riviera"
            else:
                strong.append((i, token, word not in _AR_NEGATORS))  # ولا after لا is "nor"
        elif _AR_QUESTION_NEGATOR.match(dediac_ar(token.text)):
            weak.append(token)  # ألم تر "hast thou not seen", أفلا تعقلون "will ye not understand": a question
        elif bare == _AR_MA and _may_negate(text, i, punctuated):
            weak.append(token)  # ما كان "it was not", or ما "what": either way it may carry the negation
        else:
            stem = rules.LEADING_PARTICLES.sub("", word)
            if stem.startswith(_AR_OTHER) and (stem in _AR_OTHER_FORMS or following in _AR_OTHER_FOLLOWERS):
                continue  # غيرها "others", غير أن "however": not a negation
            if {word, stem} & _AR_LEXICAL or any(w.startswith(_AR_LEXICAL_PREFIXES) for w in (word, stem)):
                lexical.append(token)
            elif {word, bare, stem} & _AR_WEAK or any(w.startswith(_AR_WEAK_PREFIXES) for w in (word, stem)):
                weak.append(token)
    doubled = None
    simple = [(i, t) for i, t, correlative in strong if not correlative]
    for (i, first), (j, second) in pairwise(simple):
        gap = text.content[first.end : second.start]
        # Adjacent negators are an interjection (لا لم نفعل "no, we didn't") or a repeated word.
        if 2 <= j - i <= 3 and not (set(gap) & _CLAUSE_PUNCTUATION):
            doubled = (first, second)
            break
    return _Negation([t for _, t, _ in strong], lexical, weak, doubled, len(simple))


def _clause_ends(text: LinkText, token: Token) -> bool:
    rest = text.content[token.end :].lstrip()
    return not rest or rest[0] in _CLAUSE_PUNCTUATION or rest[0] in "!\"'»”"


def _may_negate(text: LinkText, index: int, punctuated: bool) -> bool:
    """Whether ما at word ``index`` may be the negator rather than "what".

    ما negates at the start of a clause (ما كان "it was not"; وما، فما carry their own conjunction);
    after a preposition or inside a clause it is "what" (في ما حدث "in what happened"). Text without
    clause punctuation (a Qur'an verse: ما لكم من إله غيره "ye have no god but Him") hides where its
    clauses open, so there any ما but one after a preposition may negate.
    """
    words = text.content_words
    if index and words[index - 1].folded in _AR_PREPOSITIONS:
        return False
    return not punctuated or words[index].folded != _AR_MA or _clause_opening(text, index)


def _clause_opening(text: LinkText, index: int) -> bool:
    """Whether word ``index`` opens its clause: first of the side, after punctuation or after a conjunction."""
    words = text.content_words
    if index == 0:
        return True
    previous = words[index - 1]
    gap = text.content[previous.end : words[index].start]
    return bool(set(gap) & _CLAUSE_PUNCTUATION) or "\n" in gap or previous.folded in _AR_MA_OPENERS


def _idiom(following: str) -> bool:
    return following in _AR_IDIOMS or any(len(i) >= 3 and following.startswith(i) for i in _AR_IDIOMS)


def _is_name(token: Token, english_names: list[str]) -> bool:
    return any(same_name(name, token.folded, _NAME_MATCH) for name in english_names)


def _exceptive_follows(text: LinkText, negator: Token) -> bool:
    clause = re.split(r"[.،,؛;:!?؟]", text.content[negator.end :], maxsplit=1)[0]
    return any(normalize(w, "ar") in _AR_EXCEPTIVES for w in clause.split())


def _affixal_negative(word: str, plain: set[str]) -> bool:
    """A negative prefix or suffix ("unable", "careless"), unless the plain word is also there ("direct or indirect")."""
    if word.endswith(rules.ENGLISH_NEGATIVE_SUFFIXES) and len(word) > 6:
        return True
    prefix = next((p for p in rules.ENGLISH_NEGATIVE_PREFIXES if word.startswith(p)), None)
    # Long enough that the prefix is a prefix ("unable", "irreplaceable"), not the word ("Iraq").
    return (
        prefix is not None
        and len(word) >= len(prefix) + 4
        and not word.startswith(rules.ENGLISH_NOT_NEGATIVE_PREFIXED)
        and word[len(prefix) :] not in plain
        # in-/im-/ir-/il- begin many plain words ("interest", "import"): only adjectives count.
        and (prefix in ("un", "non") or word.endswith(rules.ENGLISH_ADJECTIVE_SUFFIXES))
    )


#: A negator under the question hamza (ألم، أولم، أفلا، أليس): a question that English asks with "not"
#: ("Did I not tell you?") or without it ("Have ye no sense?"), so it answers but never raises. Read on
#: the raw text: folded, ألا "is it not" is إلا "except" and ألم "did not" is ألم "pain".
_AR_QUESTION_NEGATOR = re.compile(r"^أ[وف]?(?:لا|لم|لن|ليس)$")
#: The letters of a negator, which a word run together from several may hide (لميخبرهاأحد).
_HIDDEN_NEGATOR = re.compile(r"لا|لم|لن|ليس|n't|not|never|without", re.IGNORECASE)
_AR_NEGATORS = {normalize(w, "ar") for w in rules.ARABIC_NEGATORS}
_AR_WEAK = {normalize(w, "ar") for w in rules.ARABIC_WEAK_NEGATORS}
_AR_LEXICAL = {normalize(w, "ar") for w in rules.ARABIC_LEXICAL_NEGATORS}
_AR_LEXICAL_PREFIXES = tuple(normalize(w, "ar") for w in rules.ARABIC_LEXICAL_NEGATOR_PREFIXES)
_AR_PREPOSITIONS = {normalize(w, "ar") for w in rules.ARABIC_PREPOSITIONS_BEFORE_MA}
_AR_MA_OPENERS = {normalize(w, "ar") for w in rules.ARABIC_MA_OPENERS}
_AR_MA, _AR_LA, _AR_BOTH = (normalize(w, "ar") for w in ("ما", "لا", "كلا"))
_AR_WEAK_PREFIXES = tuple(normalize(w, "ar") for w in rules.ARABIC_WEAK_NEGATOR_PREFIXES)
_AR_EXCEPTIVES = {normalize(w, "ar") for w in rules.ARABIC_EXCEPTIVES}
_NAME_MATCH = Thresholds()
_AR_OTHER = normalize("غير", "ar")
_AR_OTHER_FORMS = {normalize(w, "ar") for w in rules.ARABIC_OTHER_FORMS}
_AR_OTHER_FOLLOWERS = {normalize(w, "ar") for w in rules.ARABIC_OTHER_FOLLOWERS}
_AR_IDIOMS = {normalize(w, "ar") for w in rules.ARABIC_NEGATION_IDIOMS}
_AR_BOUND_VERBS = tuple(normalize(w, "ar") for w in rules.ARABIC_BOUND_VERBS)
_AR_WORD_NEGATED = tuple(normalize(w, "ar") for w in rules.ARABIC_WORD_NEGATED)


@check("negation-mismatch", "warning")


def _negation_mismatch(context: LinkContext) -> Iterator[Finding]:
    """Polarity that differs between the sides: one side negative and the other not (لا يجوز ↔ "may",
    "shall not" ↔ يجب), or one side negating twice ("would not be not determined") where the other
    negates once. Read by meaning, not by counting words: correlatives match each other (neither … nor
    = لا … ولا); a word's negation (غير، عدم، بدون; un-, non-, "without") answers a clause's; words
    negative only in meaning (fail, refuse, unless, except; رفض، سوى، يستثنى، يحظر) answer a negation
    but never raise one. Not negations: idioms and exceptives (لا يزال "still", لا سيما "especially",
    كأن لم يكن "null and void", ما لم "unless", لم … إلا "only", إن لم "if not", كلا الجانبين "both
    sides"; "not only … but", "not least"), names (لا ريفيرا "La Riviera"). A negative prefix never
    is not one beside its plain word ("direct or indirect"). Lets pass: a negation on one side answered
    by an unrelated prefix on the other ("independent"), negation moved into a word's meaning the lists
    do not know, and a word's negation (غير "un-" or "other") with nothing negative facing it.
    """
    if not context.both_sides:
        return
    capitalised = [t.text for t in context.en.content_words if t.text[0].isupper()]
    found = {"ar": _negation(context.ar, capitalised), "en": _negation(context.en, [])}
    for side, other in SIDES_BOTH_WAYS:
        mine, theirs = found[side], found[other]
        text = context.side(side)
        answered = bool(theirs.strong or theirs.weak or theirs.lexical)
        # Negations are compared per link, not per clause: answering a negation only from the same
        # part of the other side (a window of 0.25-0.5 of its length) tripled the false alarms on the
        # check suite (0.8 -> 2.6-4.6 per 100 links) for 5-10 points of recall.
        if mine.strong and not answered and not glued(context.side(other), hiding=_HIDDEN_NEGATOR):
            first = mine.strong[0]
            yield Finding(
                f"The {LANGUAGE_NAME[side]} is negated ('{quote(first.text)}') but the {LANGUAGE_NAME[other]} is not.",
                side,
                first.start,
                first.end,
            )
        elif mine.doubled and not theirs.doubled and theirs.simple < 2 and not (theirs.strong and theirs.lexical) and answered:
            # A clause negator with a word's negator is a double negation too (لم يكن … لعدم "no reason … shouldn't");
            # two negated clauses facing two are not (أم لم تنذرهم لا يؤمنون "or warn them not, they believe not").
            first, second = mine.doubled
            snippet = text.raw[first.start : second.end]
            yield Finding(
                f"The {LANGUAGE_NAME[side]} '{quote(snippet)}' negates twice where the {LANGUAGE_NAME[other]} negates once.",
                side,
                first.start,
                second.end,
            )
