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
from align.lang import lexicon, rules
from align.lang.normalize import normalize
from align.model import Lang

_CLAUSE_PUNCTUATION = set(".,;:!?،؛؟…—–")
#: Where a clause ends, for reading back from إلا to what it restricts: punctuation or a Quranic pause mark.
_CLAUSE_END = re.compile(rf"[.,;:!?،؛؟…—–\n{rules.ARABIC_PAUSE_MARKS}]")
#: A letter written three times or more is a drawn-out word ("NOOOO" is "no").
_ELONGATED = re.compile(r"(\w)\1{2,}")


class _Negation(NamedTuple):
    strong: list[Token]  # negators that make a clause negative
    lexical: list[Token]  # negators of a word: غير، عدم، بدون; un-, non-, in- (English)
    weak: list[Token]  # words that may carry the negation instead (fail, refuse; رفض، سوى، ما لم)
    doubled: tuple[Token, Token] | None  # two negators of one verb ("not be not")
    simple: int  # negators that are not correlatives (neither … nor, لا … ولا)


def _negation(text: LinkText, english_names: list[str], interpolations: list[tuple[int, int]]) -> _Negation:
    """Negators of one side; ``english_names`` are the other side's capitalised words (for فليس "Fleiss", لا بومبا "La
    Bomba"). A negator inside one of the translator's ``interpolations`` ("fear Me (and no other)") answers a
    negation but raises none: the reader sees it as the translator's gloss."""
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
            word = _ELONGATED.sub(r"\1", word)
            if word in rules.ENGLISH_NEGATORS or word.endswith(("n't", "n’t")):
                if word == "no" and re.match(r"\.?\s*\d", text.content[token.end :]):
                    continue  # "No. 5"
                if (word, following) in rules.ENGLISH_NEGATION_IDIOMS:
                    weak.append(token)  # "not only": negative in form, so it answers ليس فقط
                    continue
                if word in ("no", "not") and _bound(words, i):
                    weak.append(token)  # "no more than": a bound
                    continue
                strong.append((i, token, word in rules.ENGLISH_CORRELATIVE_NEGATORS))
            elif word in rules.ENGLISH_WEAK_NEGATORS or (word, following) in rules.ENGLISH_WEAK_PHRASES:
                weak.append(token)
            elif word in rules.ENGLISH_LEXICAL_NEGATORS or (word == "non" and text.content[token.end : token.end + 1] == "-"):
                lexical.append(token)  # "without a win", "non-governmental"
            elif _affixal_negative(word, plain) and not word.endswith(rules.ENGLISH_NOUN_SUFFIXES) and not text.capitalised_inside(token):
                # A negated quality ("unbeaten"), not a lexicalised noun ("unemployment") nor a word of a
                # name or title ("Independent Schools", "the Unseen").
                lexical.append(token)
            continue
        bare = word[1:] if word[:1] in rules.ARABIC_NEGATOR_PROCLITICS else word
        if word in _AR_NEGATORS or bare in _AR_NEGATORS:
            # The raw word, not the folded one: folding writes إن "if" and أن "that" alike, and
            # إن لم is "if not" (a condition) where أن لا is "that … not" (a negation).
            before = dediac_ar(words[i - 1].text) if i else ""
            if _is_name(token, english_names):
                continue
            if _idiom(following):
                weak.append(token)  # لا يزال "still", which a close translation may keep negative ("never ceases")
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
        elif _AR_QUESTION_NEGATOR.match(dediac_ar(token.text)) and _TANWEEN not in token.text:  # أولاً "first"
            weak.append(token)  # ألم تر "hast thou not seen", أفلا تعقلون "will ye not understand": a question
        elif _AR_QUESTION_HAMZA.match(dediac_ar(token.text)):
            # أأمنتم "have ye taken security", أؤنبئكم "shall I inform you": a question, which English may ask
            # with "not" ("… that He will not cause"), as of a negated question above.
            weak.append(token)
        elif bare == _AR_MA and _may_negate(text, i, punctuated):
            weak.append(token)  # ما كان "it was not", or ما "what": either way it may carry the negation
        else:
            stem = rules.LEADING_PARTICLES.sub("", word)
            if stem.startswith(_AR_OTHER) and (stem in _AR_OTHER_FORMS or following in _AR_OTHER_FOLLOWERS):
                continue  # غيرها "others", غير أن "however": not a negation
            if {word, stem} & _AR_LEXICAL or any(w.startswith(_AR_LEXICAL_PREFIXES) for w in (word, stem)):
                lexical.append(token)
            elif _AR_EXCEPT in {word, stem}:
                if following in _AR_EXCEPT_ADVERSATIVE:
                    continue  # إلا أن "however"
                clause_start = _clause_start(text, token)
                if following in _AR_EXCEPT_CONDITIONAL or following.startswith(_AR_IMPERFECT) or any(
                    t.start >= clause_start for t in [*(t for _, t, _ in strong), *weak, *lexical]
                ) or any(dediac_ar(t.text) in rules.ARABIC_RESTRICTIVE_OPENERS for t in words[:i] if t.start >= clause_start):
                    weak.append(token)  # لم … إلا "only"; إلا إذا "unless"; وإلا تصرف "and if thou fend not"
                # else: an exception from an affirmative clause ("all but"), no negation
            elif {word, bare, stem} & _AR_WEAK or any(_weak_form(w) for w in (word, stem)):
                weak.append(token)
    glossed = [(i, t, c) for i, t, c in strong if any(s <= t.start < e for s, e in interpolations)]
    weak += [t for _, t, _ in glossed]
    strong = [entry for entry in strong if entry not in glossed]
    doubled = None
    simple = [(i, t) for i, t, correlative in strong if not correlative]
    for (i, first), (j, second) in pairwise(simple):
        gap = text.content[first.end : second.start]
        # Adjacent negators are an interjection (لا لم نفعل "no, we didn't") or a repeated word.
        if 2 <= j - i <= 3 and not (set(gap) & _CLAUSE_PUNCTUATION):
            doubled = (first, second)
            break
    return _Negation([t for _, t, _ in strong], lexical, weak, doubled, len(simple))


class _Clause(NamedTuple):
    kind: str  # "condition", "contrast" or "concession"; "main" for the rest
    start: int
    end: int


def _clauses(text: LinkText) -> list[_Clause]:
    """The side's clauses that both languages mark with a word of their own: a condition (if; إذا، لو، إن
    before a verb), a contrast (but, however; لكن، بل، إلا أن، غير أن), a concession (although; رغم، مع أن),
    each from its marker to the next punctuation."""
    words = text.content_words
    found = []
    for i, token in enumerate(words):
        following = words[i + 1].folded if i + 1 < len(words) else ""
        kind = _clause_marker(text.lang, token, following, words[i - 1].folded if i else "")
        if not kind:
            continue
        punctuation = _CLAUSE_END.search(text.content, token.end)
        end = punctuation.start() if punctuation else len(text.content)
        # A condition's answer opens with "then" or with ف (فلا، فإنه، فهو), where no comma is written.
        answer = next((t for t in words[i + 1 :] if t.start < end and t.folded in _ANSWER_OPENERS), None)
        end = answer.start if answer else end
        if sum(1 for t in words[i + 1 :] if t.end <= end) < _CLAUSE_MIN_WORDS:
            return []  # "But yeah, why not": too short to hold a clause of its own; its end is not where it seems
        if not punctuation and not answer and not _after_a_clause(text, token):
            # A clause opening the side that nothing closes (a Qur'an verse, which has no commas): where the
            # main clause begins cannot be seen.
            return []
        found.append(_Clause(kind, token.start, end))
    return found


def _closes(text: LinkText, clause: _Clause) -> bool:
    """Whether ``clause`` runs to the end of its side (but for closing punctuation)."""
    return not rules.WORD.search(text.content, clause.end)


def _sentences(text: LinkText) -> int:
    return len(re.findall(r"[.!?؟;:](?=\s+\S)", text.content)) + 1


def _punctuated_inside(text: LinkText) -> bool:
    return bool(set(text.content.rstrip(" .!?؟\"'»”)")) & _CLAUSE_PUNCTUATION)


def _after_a_clause(text: LinkText, token: Token) -> bool:
    """Whether a clause stands before the marker ``token`` in its sentence ("Y if X"), not only a conjunction."""
    before = re.split(r"[.!?؟\n]", text.content[: token.start])[-1]
    return len(rules.WORD.findall(before)) >= _CLAUSE_MIN_WORDS


def _clause_marker(lang: Lang, token: Token, following: str, previous: str) -> str | None:
    if lang == "en":
        return _EN_CLAUSE_MARKERS.get(token.folded)
    word = token.folded[1:] if token.folded[:1] in rules.ARABIC_NEGATOR_PROCLITICS and len(token.folded) > 2 else token.folded
    if word in _AR_CLAUSE_MARKERS:
        return _AR_CLAUSE_MARKERS[word] if previous != _AR_MA else None  # ما إذا "whether"
    if dediac_ar(token.text).lstrip(rules.ARABIC_NEGATOR_PROCLITICS) == "إن" and (following.startswith(_AR_IMPERFECT) or following in _AR_CONDITION_VERBS):
        return "condition"  # إن لم، إن كنتم، إن تطيعوا; not إن "verily" before a noun
    if word in _AR_BEFORE_THAT and following in _AR_EXCEPT_ADVERSATIVE:
        return "contrast" if word != _AR_WITH else "concession"  # إلا أن، غير أن "however"; مع أن "although"
    return None


def _unanswered_clause(context: LinkContext, found: dict[str, _Negation], side: Lang, other: Lang) -> list[Token]:
    """The negators of a clause of ``side`` whose counterpart clause on the other side has no negation.

    Clauses are paired by their markers, not by position: compared only when both sides mark the same
    kinds of clause, once each (a condition against a condition, the rest against the rest), so that a
    translation that joins, splits or reorders clauses is not compared at all; nor are several sentences
    facing a side with no punctuation inside it (a Qur'an verse), whose clauses' ends cannot be seen.
    """
    if any(_sentences(context.side(lang)) > 1 for lang in ("ar", "en")) and not all(
        _punctuated_inside(context.side(lang)) for lang in ("ar", "en")
    ):
        return []
    parts = {lang: _clauses(context.side(lang)) for lang in ("ar", "en")}
    kinds = [c.kind for c in parts[side]]
    if not kinds or len(set(kinds)) != len(kinds) or sorted(kinds) != sorted(c.kind for c in parts[other]):
        return []
    if {(c.kind, _closes(context.side(side), c)) for c in parts[side]} != {(c.kind, _closes(context.side(other), c)) for c in parts[other]}:
        return []  # a clause that ends the link on one side only: the sides order their clauses differently
    mine, theirs = found[side], found[other]

    def inside(tokens: list[Token], lang: Lang, kind: str) -> list[Token]:
        spans = [(c.start, c.end) for c in parts[lang] if c.kind == kind or kind == "main"]
        within = [t for t in tokens if any(s <= t.start < e for s, e in spans)]
        return within if kind != "main" else [t for t in tokens if t not in within]

    for kind in [*kinds, "main"]:
        negated = inside(mine.strong, side, kind)
        if negated and not inside([*theirs.strong, *theirs.weak, *theirs.lexical], other, kind):
            return negated
    return []


def _clause_kind(text: LinkText, token: Token) -> str:
    """The kind of marked clause ``token`` stands in, as a message names it."""
    kind = next((c.kind for c in _clauses(text) if c.start <= token.start < c.end), "main")
    return {"condition": "'if'", "contrast": "'but'", "concession": "'although'", "main": "main"}[kind]


def _bound(words: list[Token], index: int) -> bool:
    """Whether the negator at ``index`` bounds a quantity: "no more than", "not exceeding"."""
    following = [t.folded for t in words[index + 1 : index + 3]]
    if following[:1] and following[0] in rules.ENGLISH_BOUND_VERBS:
        return True
    return following[:1] != [] and following[0] in rules.ENGLISH_BOUND_WORDS and following[1:] == ["than"]


def _weak_form(word: str) -> bool:
    """A form of a verb negative in meaning: its stem with an inflection or pronoun at most (رفضوه، يستثنى)."""
    return any(word.startswith(p) and word[len(p) :] in _AR_WEAK_ENDINGS for p in _AR_WEAK_PREFIXES)


def _clause_start(text: LinkText, token: Token) -> int:
    """Where the clause holding ``token`` starts: after the last punctuation or pause mark before it."""
    ends = list(_CLAUSE_END.finditer(text.content, 0, token.start))
    return ends[-1].end() if ends else 0


def _clause_ends(text: LinkText, token: Token) -> bool:
    rest = text.content[token.end :].lstrip()
    return not rest or rest[0] in _CLAUSE_PUNCTUATION or rest[0] in "!\"'»”"


def _may_negate(text: LinkText, index: int, punctuated: bool) -> bool:
    """Whether ما at word ``index`` may be the negator rather than "what".

    ما negates at the start of a clause (ما كان "it was not"; وما، فما carry their own conjunction);
    after a preposition or inside a clause it is "what" (في ما حدث "in what happened"). Text without
    clause punctuation (a Qur'an verse: ما لكم من إله غيره "ye have no god but Him") hides where its
    clauses open, so there any ما but one after a preposition or an exceptive (إلا ما "save what") may negate.
    """
    words = text.content_words
    if index and (words[index - 1].folded in _AR_PREPOSITIONS or words[index - 1].folded in _AR_EXCEPTIVES):
        return False  # في ما حدث "in what happened", إلا ما علمتنا "save what Thou hast taught us"
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
    """A negative prefix or suffix ("unable", "careless"), unless the plain word is also there ("direct or indirect").

    The word after the prefix must be an English word of its own (un-beaten, in-adequate, ir-rational):
    "international", "incident", "important" and "innocent" begin with in- but negate nothing.
    """
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
        and lexicon.is_word(word[len(prefix) :], "en")
    )


def _hides_negator(text: LinkText) -> bool:
    """Whether the side has words run together that hide a negator: long runs (لميخبرهاأحد), or an
    Arabic word that is no word of its own but a negator between words (الشيوخلا يجب، فهملايلقون، لميسر)."""
    if glued(text, hiding=_HIDDEN_NEGATOR):
        return True
    return text.lang == "ar" and any(_negator_run_together(dediac_ar(t.text)) for t in text.content_words)


def _negator_run_together(word: str) -> bool:
    """Whether an Arabic word is a negator run together with the words around it: no word of its own,
    and around some negator in it an empty part or a word, the part after it opening as the verb a
    negator negates (يلقون، يسر، تخوض: ي ت ن أ), the one before it of three letters at least. So
    الشيوخلا، فهملايلقون and لميسر hide one; الاستقلال (a word), والمعارضة (وا + لم + عارضة),
    وجعلناها (… لن + اها) and a name such as سولاوسي (سو + لا + وسي) do not."""
    if lexicon.is_word(word, "ar"):
        return False
    for negator in _AR_HIDDEN_NEGATORS:
        start = word.find(negator)
        while start >= 0:
            before, after = word[:start], word[start + len(negator) :]
            if (before or after) and (not before or (len(before) >= 3 and lexicon.is_word(before, "ar"))) and (
                not after or (after.startswith(_AR_IMPERFECT_LETTERS) and lexicon.is_word(after, "ar"))
            ):
                return True
            start = word.find(negator, start + 1)
    return False


#: A negator under the question hamza (ألم، أولم، أفلا، أليس): a question that English asks with "not"
#: ("Did I not tell you?") or without it ("Have ye no sense?"), so it answers but never raises. Read on
#: the raw text: folded, ألا "is it not" is إلا "except" and ألم "did not" is ألم "pain".
_AR_QUESTION_NEGATOR = re.compile(r"^أ[وف]?(?:لا|لم|لن|ليس)$")
#: The question hamza before a word that opens with a hamza of its own (أأنتم، أأمنتم، أؤنبئكم، أإله):
#: two hamzas open no other Arabic word.
_AR_QUESTION_HAMZA = re.compile(r"^[وف]?أ[أؤإ]\w{2,}$")
_TANWEEN = "\u064B"  # the accusative ending of أولاً "first", which a question never carries
#: The letters of a negator, which a word run together from several may hide (لميخبرهاأحد).
_HIDDEN_NEGATOR = re.compile(r"لا|لم|لن|ليس|n't|not|never|without", re.IGNORECASE)
_AR_HIDDEN_NEGATORS = ("لا", "لم", "لن", "ليس")
#: The letters an imperfect verb opens with, the first person's hamza included.
_AR_IMPERFECT_LETTERS = ("ي", "ت", "ن", "أ")
_AR_NEGATORS = {normalize(w, "ar") for w in rules.ARABIC_NEGATORS}
_AR_WEAK = {normalize(w, "ar") for w in rules.ARABIC_WEAK_NEGATORS}
_AR_LEXICAL = {normalize(w, "ar") for w in rules.ARABIC_LEXICAL_NEGATORS}
_AR_LEXICAL_PREFIXES = tuple(normalize(w, "ar") for w in rules.ARABIC_LEXICAL_NEGATOR_PREFIXES)
_AR_PREPOSITIONS = {normalize(w, "ar") for w in rules.ARABIC_PREPOSITIONS_BEFORE_MA}
_AR_MA_OPENERS = {normalize(w, "ar") for w in rules.ARABIC_MA_OPENERS}
_AR_MA, _AR_LA, _AR_BOTH = (normalize(w, "ar") for w in ("ما", "لا", "كلا"))
_AR_WEAK_PREFIXES = tuple(normalize(w, "ar") for w in rules.ARABIC_WEAK_NEGATOR_PREFIXES)
_AR_WEAK_ENDINGS = {normalize(w, "ar") for w in rules.ARABIC_WEAK_NEGATOR_ENDINGS}
_AR_EXCEPT = normalize("إلا", "ar")
#: The letters an imperfect verb opens with: before one, إلا is إن لا "if … not" (وإلا تصرف "if Thou fend not").
_AR_IMPERFECT = ("ت", "ي", "ن")
_EN_CLAUSE_MARKERS = {"if": "condition", "but": "contrast", "however": "contrast", "although": "concession", "though": "concession"}
_AR_CLAUSE_MARKERS = {
    **{normalize(w, "ar"): "condition" for w in rules.ARABIC_CONDITIONALS},
    **{normalize(w, "ar"): "contrast" for w in rules.ARABIC_CONTRASTIVES},
    **{normalize(w, "ar"): "concession" for w in rules.ARABIC_CONCESSIVES},
}
#: Words that open the answer of a condition: "then"; ف with a particle or pronoun (فلا، فإن، فهو).
_ANSWER_OPENERS = {"then", *(normalize("ف" + w, "ar") for w in rules.ARABIC_ANSWER_WORDS)}
#: A marked clause holds at least this many words after its marker (a subject and a verb); chosen on the
#: news source of the check suite, where a one-word clause ("But yeah, why not") misfired.
_CLAUSE_MIN_WORDS = 2
_AR_CONDITION_VERBS = {normalize(w, "ar") for w in rules.ARABIC_CONDITION_VERBS}
_AR_BEFORE_THAT = {normalize(w, "ar") for w in ("إلا", "غير", "مع")}
_AR_WITH = normalize("مع", "ar")
_AR_EXCEPT_ADVERSATIVE = {normalize(w, "ar") for w in rules.ARABIC_ADVERSATIVE_AFTER_EXCEPT}
_AR_EXCEPT_CONDITIONAL = {normalize(w, "ar") for w in rules.ARABIC_CONDITIONAL_AFTER_EXCEPT}
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
    negates once. Compared per link, and per clause where both sides mark the same clauses with their
    own words (a condition: if ↔ إذا، إن لم; a contrast: but ↔ لكن، إلا أن; a concession: although ↔
    رغم): "will never disarm … if it can trust" ↔ لن تنزع … إذا لم تثق fires for the condition. Read
    by meaning, not by counting words: correlatives match each other (neither … nor = لا … ولا); a
    word's negation (غير، عدم، بدون; un-, non-, "without") answers a clause's; words negative only in
    meaning (fail, refuse, unless, except, "far from"; رفض، سوى، يستثنى، يحظر، منكرون) and idioms
    negative in form (لا يزال "still", لا سيما, ليس فقط = "not only", "not just", "no doubt") answer a
    negation but never raise one, as does a question under the hamza (ألم تر، أفلا، أأمنتم), which English
    may ask with "not" or without; إلا answers one only after a negator of its clause (لم … إلا "only",
    not إلا أن "however", nor an exception from an affirmative clause). Not negations: كأن لم يكن "null
    and void", ما لم "unless", إن لم "if not", كلا الجانبين "both sides", names (لا ريفيرا "La
    Riviera"), "no more than" (a bound; "not more stable" negates). A negative prefix is not one beside
    its plain word ("direct or indirect"). Lets pass: a negation on one side answered by an unrelated
    prefix or weak word elsewhere on the other ("independent", "only"), negation moved into a word's
    meaning the lists do not know, a word's negation (غير "un-" or "other", عدم) with nothing negative
    facing it (translations say "unfit" as "ill-advised"), clauses the two sides mark differently or
    reorder, a clause negation inside a Qur'an verse, whose clauses have no punctuation, and a negator in the
    translator's parenthesised gloss ("fear Me (and no other)"), which answers a negation but raises none.
    """
    if not context.both_sides:
        return
    capitalised = [t.text for t in context.en.content_words if t.text[0].isupper()]
    found = {
        "ar": _negation(context.ar, capitalised, context.interpolations("ar")),
        "en": _negation(context.en, [], context.interpolations("en")),
    }
    for side, other in SIDES_BOTH_WAYS:
        mine, theirs = found[side], found[other]
        text = context.side(side)
        answered = bool(theirs.strong or theirs.weak or theirs.lexical)
        hidden = _hides_negator(context.side(other))
        # Negations are compared per link and per marked clause, not by position: answering a negation
        # only from the same part of the other side (a window of 0.25-0.5 of its length) tripled the false
        # alarms on the check suite (0.8 -> 2.6-4.6 per 100 links) for 5-10 points of recall.
        unanswered = mine.strong[:1] if mine.strong and not answered else _unanswered_clause(context, found, side, other)
        if unanswered and not hidden:
            first = unanswered[0]
            where = "" if not answered else f" in its {_clause_kind(context.side(side), first)} clause"
            yield Finding(
                f"The {LANGUAGE_NAME[side]} is negated{where} ('{quote(first.text)}') but the {LANGUAGE_NAME[other]} is not.",
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
