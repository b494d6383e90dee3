"""A name against a different name (``name-mismatch``): the gazetteer of translated names, and transliterated names learned from the document."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Collection, Iterator
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import accumulate

from align.checks.context import LinkContext, Names, Token, quote
from align.checks.registry import Finding, Thresholds, check
from align.lang import rules
from align.lang.normalize import normalize

_POSSESSIVE = re.compile(r"['’]s$")
_WORD_REST = re.compile(r"\w*")
#: Shorter consonant skeletons (Ali = l, Abu = b) match too many ordinary Arabic words to learn from.
#: Three (Jones = j-n-s, Maliki = m-l-k) is learned too: the document-consistency test
#: keeps out common words, and on the check suite 4 -> 3 raised name-replaced recall 0.32 -> 0.45
#: for +0.2 false alarms per 100 clean links (before the days/titles and shortened-name rules).
_LEARNED_NAME_CONSONANTS = 3
_NISBA = re.compile(normalize("(?:" + "|".join(rules.ARABIC_NISBA_ENDINGS) + ")$", "ar"))


_SOFT_C = re.compile(r"c(?=[eiy])")
_HARD_CH = re.compile(r"ch(?=[^aeiouy])")


@lru_cache(maxsize=65536)
def _skeleton(word: str) -> str:
    """Consonant skeleton of a name, so transliteration variants compare equal.

    Arabic is romanized letter by letter; vowels and the letters that stand for
    them (w, y) are dropped, digraphs folded (kh → k), doubled letters merged.
    """
    word = word.translate(rules.ARABIC_TO_LATIN).casefold()
    # English spelling before the letters are read one by one: a soft c is s (Bruce, Spence, Pharmacy),
    # ch before a consonant is k (Christine, Chris), ck is k.
    word = _SOFT_C.sub("s", _HARD_CH.sub("k", word.replace("ck", "k")))
    for digraph, letter in (("sh", "s"), ("kh", "k"), ("gh", "g"), ("th", "t"), ("dh", "d"), ("ph", "f"), ("ch", "s")):
        word = word.replace(digraph, letter)
    word = word.translate(str.maketrans("qcpvzj", "kkbfsg"))
    consonants = [ch for ch in word if ch.isalpha() and ch not in "aeiouwy"]
    return "".join(ch for i, ch in enumerate(consonants) if i == 0 or ch != consonants[i - 1])


def _arabic_stems(token: Token) -> set[str]:
    """The word with and without its attached conjunction, preposition and article."""
    stripped = rules.LEADING_PROCLITICS.sub("", token.folded)
    return {token.folded, stripped} if len(stripped) >= 2 else {token.folded}


def same_name(english: str, arabic_stem: str, thresholds: Thresholds) -> bool:
    """Whether an English name and an Arabic word have alike consonant skeletons."""
    a, b = _skeleton(english), _skeleton(arabic_stem)
    return (
        min(len(a), len(b)) >= 3 and a[0] == b[0] and SequenceMatcher(None, a, b).ratio() >= thresholds.name_similarity
    )


def gazetteer_patterns() -> list[tuple[re.Pattern[str], re.Pattern[str]]]:
    patterns = []
    for english, stems in rules.NAME_GAZETTEER:
        alternatives = "|".join(re.escape(normalize(stem, "ar")) for stem in stems)
        arabic = rf"(?:^|\s){rules.ARABIC_PROCLITICS}(?:{alternatives}){_fold_suffix()}(?=\s|$)"
        patterns.append((re.compile(english), re.compile(arabic)))
    return patterns


@lru_cache(maxsize=1)
def _fold_suffix() -> str:
    return normalize(rules.ARABIC_NAME_SUFFIX, "ar")


def _name_candidates(context: LinkContext) -> list[Token]:
    """Capitalised English words that are not sentence-initial, days, months or titles: possible names."""
    return [
        t
        for t in context.en.content_words
        if context.en.capitalised_inside(t)
        and len(t.text) >= 3
        and not t.text.isupper()
        and _POSSESSIVE.sub("", t.text).casefold().rstrip(".") not in rules.ENGLISH_CAPITALISED_NOT_NAMES
    ]


def _english_names(context: LinkContext) -> set[str]:
    return {_POSSESSIVE.sub("", t.text) for t in context.en.content_words}


def _arabic_stem_set(context: LinkContext) -> set[str]:
    return {stem for token in context.ar.content_words for stem in _arabic_stems(token)}


def learn_names(contexts: list[LinkContext], names: Names, thresholds: Thresholds) -> None:
    """Learn the document's transliterated names: an English name that matches a romanized Arabic word.

    Kept only when the pair is consistent across the document (the Dice overlap
    of the links holding each side is at least ``name_consistency``), so a
    common Arabic word that happens to sound like a name is not learned, and
    never for words the English also writes in lower case (common nouns).
    """
    both = [c for c in contexts if c.both_sides]
    lowercase = {t.folded for c in both for t in c.en.content_words if t.text.islower()}
    english = [_english_names(c) for c in both]
    arabic = [_arabic_stem_set(c) for c in both]
    pairs: dict[str, set[str]] = {}
    for context, stems in zip(both, arabic):
        for candidate in _name_candidates(context):
            name = _POSSESSIVE.sub("", candidate.text)
            if name.casefold() in lowercase or any(p.search(name) for p, _ in names.gazetteer):
                continue
            if len(_skeleton(name)) < _LEARNED_NAME_CONSONANTS:
                continue
            matched = [stem for stem in stems if same_name(name, stem, thresholds)]
            if matched:  # only the closest spelling: a name is not every word that sounds like it
                best = max(matched, key=lambda stem: (SequenceMatcher(None, _skeleton(name), _skeleton(stem)).ratio(), stem))
                pairs.setdefault(name, set()).update({best, *(s for s in matched if best in s or s in best)})
    # Which links hold each word, looked up per name rather than scanning every link for every name:
    # a memory of 100,000 units learns thousands of names, and the scan was quadratic.
    english_links = _links_holding(english, pairs.keys())
    arabic_links = _links_holding(arabic, {stem for stems in pairs.values() for stem in stems})
    for name, stems in pairs.items():
        in_english = english_links.get(name, set())
        in_arabic = set().union(*(arabic_links.get(stem, set()) for stem in stems))
        if stems and 2 * len(in_english & in_arabic) >= thresholds.name_consistency * (len(in_english) + len(in_arabic)):
            names.learned[name] = stems


def _links_holding(words_per_link: list[set[str]], wanted: Collection[str]) -> dict[str, set[int]]:
    """For each wanted word, the indices of the links whose word set holds it."""
    wanted = set(wanted)
    holding: dict[str, set[int]] = {}
    for index, words in enumerate(words_per_link):
        for word in words & wanted:
            holding.setdefault(word, set()).add(index)
    return holding


@check("name-mismatch", "warning")
def _name_mismatch(context: LinkContext) -> Iterator[Finding]:
    """A name whose counterpart is a different name. Translated names come from a gazetteer (العراق = Iraq,
    الأمريكية = American/U.S.); transliterated names are learned from the document itself (an English name
    that matches a romanized Arabic word). An Arabic name is reported only when the English holds a name that
    matches no Arabic word: a name on one side only is usually a pronoun or an omission on the other, not an error.
    Lets pass a learned name the English shortens (ليفينغستون "Livi") or writes in an acronym with its initial
    (ماركس أند سبنسر "M&S"), so a replaced name in a link that holds such an acronym passes too, and the part
    of a full name the English leaves out when it calls someone by one name (سيفولو سايبوف "Saipov").
    """
    if not context.both_sides:
        return
    english_only, arabic_only = _one_side_names(context)
    if not arabic_only:  # the English adds a name (the Arabic has a pronoun): nothing it could replace
        return
    # The English name that stands where the Arabic one should: a known name missing from the Arabic, else
    # any capitalised word that no Arabic word romanizes to.
    others = english_only or _unmatched_english(context)
    if not others:  # the English leaves the name out or says "he": not a different name
        return
    for start, end in arabic_only:
        name = context.ar.raw[start:end]
        if name.endswith(_ACCUSATIVE_NISBA):  # دولارًا أمريكيًا "US dollars": an adjective, not the country
            continue
        # The English may shorten the name (ليفينغستون "Livi", نوفمبر "Nov", إنستغرام "Insta"): not a different one.
        different = [(s, e) for s, e in others if not _shortened(context.en.raw[s:e], name)]
        if not different or _rest_of_full_name_kept(context, start, others):
            continue
        names = ", ".join(f"'{quote(context.en.raw[s:e])}'" for s, e in different)
        yield Finding(f"The name '{quote(name)}' stands against a different name in the English: {names}.", "ar", start, end)


_ACCUSATIVE_NISBA = ("يًا", "ياً")


def _rest_of_full_name_kept(context: LinkContext, start: int, others: list[tuple[int, int]]) -> bool:
    """Whether the Arabic name at ``start`` is part of a full name whose other part the English writes,
    with no unmatched name beside it: the English calls him by one name (سيفولو سايبوف "Saipov", صحيفة
    الواشنطن بوست "the Post"), where a replaced part would stand next to the kept one ("Scott Virginia"
    against سكوت بيتمان)."""
    arabic = context.ar.content_words
    english = context.en.content_words
    unmatched = set(others)
    index = next((k for k, token in enumerate(arabic) if token.start == start), None)
    if index is None:
        return False
    for neighbour in (index - 1, index + 1):
        if not 0 <= neighbour < len(arabic) or _NISBA.search(arabic[neighbour].folded):
            continue  # a nisba adjective is no part of the name (جزيرة سولاوسي الإندونيسية "the Indonesian island")
        stems = _arabic_stems(arabic[neighbour])
        for k, word in enumerate(english):
            name = _POSSESSIVE.sub("", word.text)
            if word.text[0].isupper() and any(same_name(name, stem, context.thresholds) for stem in stems):
                beside = {(w.start, w.end) for w in english[max(k - 1, 0) : k + 2] if w is not word}
                if not beside & unmatched:
                    return True
    return False


def _shortened(english: str, arabic: str) -> bool:
    """Whether an English word is the Arabic name cut short: its skeleton opens the Arabic's."""
    short = _skeleton(_POSSESSIVE.sub("", english))
    folded = normalize(arabic, "ar")
    # With and without what may be an attached particle: the ل of ليفينغستون is the name's own.
    fulls = {_skeleton(folded), _skeleton(rules.LEADING_PROCLITICS.sub("", folded))}
    return len(short) >= 2 and any(full.startswith(short) for full in fulls)


def _one_side_names(context: LinkContext) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Spans of the gazetteer's and the document's names found on one side only: (English, Arabic)."""
    english_only: list[tuple[int, int]] = []
    arabic_only: list[tuple[int, int]] = []
    arabic_tokens = context.ar.content_words
    # The folded words joined by spaces, so multi-word names (الولايات المتحدة) match too.
    word_starts = list(accumulate((len(t.folded) + 1 for t in arabic_tokens[:-1]), initial=0))
    arabic = " ".join(t.folded for t in arabic_tokens)
    for english_pattern, arabic_pattern in context.names.gazetteer:
        english_hit = english_pattern.search(context.en.content)
        arabic_hit = arabic_pattern.search(arabic)
        # Arabic often makes a nationality explicit (دولار أمريكي for "$"): only the country's own name counts.
        arabic_noun = next((m for m in arabic_pattern.finditer(arabic) if not _NISBA.search(m.group().strip())), None)
        if english_hit and not arabic_hit:
            rest = _WORD_REST.match(context.en.content, english_hit.end())  # "Iraq" → "Iraqi"
            english_only.append((english_hit.start(), rest.end() if rest else english_hit.end()))
        elif arabic_noun and not english_hit:
            token = arabic_tokens[bisect_right(word_starts, arabic_noun.start() + arabic_noun.group().startswith(" ")) - 1]
            arabic_only.append((token.start, token.end))
    english_names = {_POSSESSIVE.sub("", t.text): t for t in context.en.content_words}
    for name in _learned_here(context.names, english_names.keys(), _arabic_stem_set(context)):
        stems = context.names.learned[name]
        english = english_names.get(name)
        arabic_token = next((t for t in arabic_tokens if _arabic_stems(t) & stems), None)
        if english and not arabic_token:
            if not any(same_name(name, stem, context.thresholds) for t in arabic_tokens for stem in _arabic_stems(t)):
                english_only.append((english.start, english.end))
        elif arabic_token and not english:
            capitalised = (t.text for t in context.en.content_words if t.text[0].isupper())
            if not any(same_name(word, stem, context.thresholds) for word in capitalised for stem in stems) and not _in_acronym(
                name, context.en.raw
            ):
                arabic_only.append((arabic_token.start, arabic_token.end))
    return english_only, arabic_only


#: Capitals written together, with & or dots between them: an acronym (M&S, MWP, UK, D.C.).
_ACRONYM = re.compile(r"\b[A-Z](?:[&.]?[A-Z]){1,5}\b")


def _in_acronym(name: str, english: str) -> bool:
    """Whether the English writes an acronym holding the name's initial (M&S for ماركس أند سبنسر, MWP for
    "Member of the Welsh Parliament" against برلمان ويلز): the name is there, abbreviated."""
    return any(name[0].upper() in m.group() for m in _ACRONYM.finditer(english))


def _learned_here(names: Names, english: Collection[str], arabic_stems: set[str]) -> list[str]:
    """The learned names this link writes on either side, in the order they were learned.

    A learned name absent from both sides of a link cannot be one-sided there, so
    only these are tried: the check stays linear in the document however many
    names it learned.
    """
    order = names.order()
    here = {name for name in english if name in order}
    here.update(name for stem in arabic_stems for name in names.by_stem().get(stem, ()))
    return sorted(here, key=order.__getitem__)


def _unmatched_english(context: LinkContext) -> list[tuple[int, int]]:
    """Possible English names that are neither in the gazetteer nor written, romanized, by any Arabic word."""
    stems = _arabic_stem_set(context)
    # Spans, not words: "United" is part of the gazetteer's "United States".
    known = [m.span() for p, _ in context.names.gazetteer for m in p.finditer(context.en.content)]
    return [
        (t.start, t.end)
        for t in _name_candidates(context)
        if not any(start < t.end and t.start < end for start, end in known)
        and not any(same_name(_POSSESSIVE.sub("", t.text), stem, context.thresholds) for stem in stems)
    ]
