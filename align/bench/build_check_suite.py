"""Build the error-injection suite of the checks from the clean development documents.

Each clean document of ``bench/suite/clean`` (NTREX-128 news, all 1-1, correctly
aligned) and of ``bench/quran`` (the Qur'an verse by verse, Pickthall's English) is copied once per error family with one known error injected into one
link, the kind of error a reviewer must catch:

* ``number-digits`` / ``number-words``: a number in the English changed (12 → 13, "three" → "four");
* ``name-replaced``: an English name that the Arabic also has replaced by a name from another document;
* ``negation-removed`` / ``negation-added``: "not", "n't", "never", "cannot" removed from or "not" added
  after an auxiliary of the English, or لا لم لن ليس removed from or لا added before a verb of the Arabic;
  never a negator of an idiom or a bound ("not only", "no more than") or one beside another negator of its
  clause (a double negative stays negative), nor لا before a word that writes one of the English names;
* ``omission-start`` / ``omission-middle`` / ``omission-end``: 30–60% of the words of one side cut at
  that place (a clause left untranslated, or one the translator added);
* ``deletion`` (the English segment removed), ``insertion`` (a sentence of another document added),
  ``doubling`` (a word written twice), ``untranslated`` (the Arabic pasted as the English),
  ``unrelated`` (the English replaced by a sentence of another document), ``bracket`` (a bracket removed);

plus the clean originals (``clean-*``). Per document: ``NAME.ar``, ``NAME.en``, ``NAME.gold`` as in the
alignment suite, and ``NAME.errors`` (JSON): the injected link's index in the gold, its family, the side
changed and the flag codes that catch it. ``align bench --checks DIR`` scores the checks on it.

Usage:
    python -m align.bench.build_check_suite [--clean DIR ...] [--out DIR] [--seed N]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from align.checks.names import same_name
from align.checks.registry import Thresholds
from align.io.vecalign import read_links, write_links
from align.lang import rules
from align.lang.normalize import normalize
from align.segment.sentences import MAX_SEGMENT_CHARS

ROOT = Path(__file__).resolve().parents[2]
#: NTREX-128 news (literal, punctuated) and Pickthall's Qur'an (a loose published translation whose
#: Arabic has no clause punctuation): false alarms differ most between such sources.
DEFAULT_SOURCES = [ROOT / "bench" / "suite" / "clean", ROOT / "bench" / "quran"]
DEFAULT_OUT = ROOT / "bench" / "checks"

#: The flag codes that catch each family: a partial omission shows as a clause without counterpart
#: or, when large, as a length far from the document's ratio.
FAMILY_CODES: dict[str, tuple[str, ...]] = {
    "number-digits": ("number-mismatch",),
    "number-words": ("number-mismatch",),
    "name-replaced": ("name-mismatch",),
    "negation-removed": ("negation-mismatch",),
    "negation-added": ("negation-mismatch",),
    "omission-start": ("partial-omission", "length-ratio"),
    "omission-middle": ("partial-omission", "length-ratio"),
    "omission-end": ("partial-omission", "length-ratio"),
    "deletion": ("missing-translation",),
    "insertion": ("missing-source",),
    "doubling": ("repeated-word",),
    "untranslated": ("untranslated",),
    "unrelated": ("low-similarity",),
    "bracket": ("bracket-mismatch",),
}

_TOKEN = re.compile(r"\S+")
_EN_NUMBER_WORDS = [w for w, v in rules.ENGLISH_NUMBER_WORDS.items() if v >= 3]
_EN_NEGATION = re.compile(r"\b(?:not|never)\s+|(?<=\w)n't\b|\bcannot\b", re.IGNORECASE)
_EN_AUXILIARY = re.compile(
    r"\b(?:is|are|was|were|will|would|can|could|should|shall|may|might|must|has|have|had|does|did)\b(?= [a-z])"
)
_AR_NEGATOR = re.compile(r"(?:(?<=\s)|^)([وف]?)(?:لا|لم|لن|ليس|ليست)\s+")
_AR_VERB = re.compile(r"(?:(?<=\s)|^)(?=[يت][^\s]{3,}(?:\s|$))")
_BRACKETS = re.compile(r"[()«»\[\]{}]")


@dataclass
class Pair:
    """One link of a clean document: its Arabic and English segment."""

    ar: str
    en: str


#: The document's links after the injection (an empty side is a gap), the injected link, the side changed.
Injected = tuple[list[Pair], int, str]
Injector = Callable[[list[Pair], int, random.Random, list[list[Pair]]], Injected | None]


def read_clean(folder: Path) -> dict[str, list[Pair]]:
    """The correctly aligned documents of a gold suite, one pair per gold link (the joined long ones left out).

    A link of several segments a side (a Qur'an verse rendered as three English
    sentences) becomes one pair of its segments joined by a space, as a memory
    would hold it; a gap link (the Qur'an's untranslated basmala) is left out
    of its document, since the suite injects its errors into complete
    translations; a document where a joined pair is longer than a segment may
    be is left out (``MAX_SEGMENT_CHARS``: the tool refuses such a line of a
    presegmented file, as the bench reads it).
    """
    documents = {}
    for gold in sorted(folder.glob("*.gold")):
        if gold.stem.startswith("long-"):
            continue
        ar = gold.with_suffix(".ar").read_text(encoding="utf-8").splitlines()
        en = gold.with_suffix(".en").read_text(encoding="utf-8").splitlines()
        links = read_links(gold)
        pairs = [Pair(" ".join(ar[i] for i in a), " ".join(en[j] for j in e)) for a, e in links if a and e]
        if pairs and all(len(pair.ar) <= MAX_SEGMENT_CHARS and len(pair.en) <= MAX_SEGMENT_CHARS for pair in pairs):
            documents[gold.stem] = pairs
    return documents


def _replace(pairs: list[Pair], k: int, ar: str | None = None, en: str | None = None) -> list[Pair]:
    out: list[Pair] = [Pair(p.ar, p.en) for p in pairs]
    out[k] = Pair(pairs[k].ar if ar is None else ar, pairs[k].en if en is None else en)
    return out


def number_digits(pairs: list[Pair], k: int, rng: random.Random, others: list[list[Pair]]) -> Injected | None:
    numbers = [m for m in re.finditer(r"\d+", pairs[k].en) if int(m.group()) > 1]
    if not numbers:
        return None
    m = rng.choice(numbers)
    digits = m.group()
    changed = str(int(digits[0]) % 9 + 1) + digits[1:]
    return _replace(pairs, k, en=pairs[k].en[: m.start()] + changed + pairs[k].en[m.end() :]), k, "en"


def number_words(pairs: list[Pair], k: int, rng: random.Random, others: list[list[Pair]]) -> Injected | None:
    hits = [m for m in re.finditer(r"\b(" + "|".join(_EN_NUMBER_WORDS) + r")\b", pairs[k].en, re.IGNORECASE)]
    if not hits:
        return None
    m = rng.choice(hits)
    word = m.group().lower()
    changed = rng.choice([w for w in _EN_NUMBER_WORDS if w != word])
    return _replace(pairs, k, en=pairs[k].en[: m.start()] + changed + pairs[k].en[m.end() :]), k, "en"


def _names(pair: Pair) -> list[re.Match[str]]:
    """Capitalised English words, not sentence-initial, that the Arabic writes too (romanized or in the gazetteer)."""
    arabic = pair.ar.split()
    found = []
    for m in re.finditer(r"(?<=[\w,] )[A-Z][a-z]{2,}", pair.en):
        gazetteer = any(re.match(english, m.group()) for english, _ in rules.NAME_GAZETTEER)
        if gazetteer or any(same_name(m.group(), word.strip(".,،؛\"'«»()"), Thresholds()) for word in arabic):
            found.append(m)
    return found


def name_replaced(pairs: list[Pair], k: int, rng: random.Random, others: list[list[Pair]]) -> Injected | None:
    hits = _names(pairs[k])
    if not hits:
        return None
    m = rng.choice(hits)
    pool = [n.group() for doc in others for p in doc for n in _names(p)]
    pool = [n for n in pool if not same_name(n, m.group(), Thresholds()) and n[0] != m.group()[0]]
    if not pool:
        return None
    name = rng.choice(pool)
    return _replace(pairs, k, en=pairs[k].en[: m.start()] + name + pairs[k].en[m.end() :]), k, "en"


#: Words after which a negator makes an idiom, a bound or a word's negation, not a negated clause.
_AR_FIXED_AFTER_NEGATOR = tuple(
    normalize(w, "ar") for w in (*rules.ARABIC_NEGATION_IDIOMS, *rules.ARABIC_BOUND_VERBS, *rules.ARABIC_WORD_NEGATED)
)


def _arabic_polarity_word(ar: str, start: int, end: int) -> bool:
    """Whether a negator at ``ar[start:end]`` negates: not in an idiom (لا يزال "still", لا شك "no doubt"),
    a bound (لا يتجاوز "up to") or after a word that turns it into a condition (إن لم، ما لم، كأن لم).

    Removing such a negator, or adding one before such a verb, changes no meaning a reviewer must
    catch (يزال alone is not Arabic), so the builder leaves them alone.
    """
    following = ar[end:].split(maxsplit=1)[:1]
    previous = ar[:start].split()[-1:]
    if following and normalize(following[0], "ar").startswith(_AR_FIXED_AFTER_NEGATOR):
        return False
    return not (previous and previous[0] in rules.ARABIC_NOT_NEGATING_BEFORE_NEGATOR)


def _english_polarity_word(en: str, match: re.Match[str]) -> bool:
    """Whether removing the negator ``match`` turns its clause affirmative: not in an idiom or a bound
    ("not only", "not long after", "no more than"), nor beside another negator of its clause ("you don't
    see no tail", "not without"), where the meaning stays negative or the change is no polarity error."""
    following = en[match.end() :].split(maxsplit=1)[:1]
    word = match.group().strip().lower()
    if following and (word, following[0].lower().strip(".,;:!?\"'")) in rules.ENGLISH_NEGATION_IDIOMS:
        return False
    if following and following[0].lower() in rules.ENGLISH_BOUND_WORDS | rules.ENGLISH_BOUND_VERBS:
        return False
    clause = re.split(r"[.,;:!?]", en[: match.start()])[-1] + " " + re.split(r"[.,;:!?]", en[match.end() :])[0]
    return not (_EN_NEGATION.search(clause) or re.search(r"\b(?:" + "|".join(rules.ENGLISH_NEGATORS) + r")\b", clause, re.I))


def negation_removed(pairs: list[Pair], k: int, rng: random.Random, others: list[list[Pair]]) -> Injected | None:
    en, ar = pairs[k].en, pairs[k].ar
    english = [m for m in _EN_NEGATION.finditer(en) if _english_polarity_word(en, m)]
    arabic = [m for m in _AR_NEGATOR.finditer(ar) if _arabic_polarity_word(ar, m.start(), m.end())]
    if english and (not arabic or rng.random() < 0.5):
        m = rng.choice(english)
        replacement = "can" if m.group().lower() == "cannot" else ""
        changed = en[: m.start()] + replacement + en[m.end() :]
        changed = changed.replace("wo ", "will ").replace("ca ", "can ")  # won't → will, can't → can
        return _replace(pairs, k, en=changed), k, "en"
    if arabic:
        m = rng.choice(arabic)
        return _replace(pairs, k, ar=ar[: m.start()] + m.group(1) + ar[m.end() :]), k, "ar"
    return None


def _names_written(word: str, names: list[str]) -> bool:
    """Whether an Arabic word writes one of the English names ("لا ترامب" is no negated verb but a name)."""
    stripped = word.strip(".,،؛\"'«»()")
    return any(same_name(name, stripped, Thresholds()) for name in names)


def negation_added(pairs: list[Pair], k: int, rng: random.Random, others: list[list[Pair]]) -> Injected | None:
    en, ar = pairs[k].en, pairs[k].ar
    if _EN_NEGATION.search(en) or _AR_NEGATOR.search(ar):
        return None  # adding a second negator is a double negation, another error
    english = list(_EN_AUXILIARY.finditer(en))
    names = re.findall(r"\b[A-Z][a-z]{2,}", en)
    arabic = [
        m
        for m in _AR_VERB.finditer(ar)
        if _arabic_polarity_word(ar, m.start(), m.start()) and not _names_written(ar[m.start() :].split(maxsplit=1)[0], names)
    ]
    if english and (not arabic or rng.random() < 0.5):
        m = rng.choice(english)
        return _replace(pairs, k, en=en[: m.end()] + " not" + en[m.end() :]), k, "en"
    if arabic:
        m = rng.choice(arabic)
        return _replace(pairs, k, ar=ar[: m.start()] + "لا " + ar[m.start() :]), k, "ar"
    return None


def _omission(where: str) -> Injector:
    def inject(pairs: list[Pair], k: int, rng: random.Random, others: list[list[Pair]]) -> Injected | None:
        side = rng.choice(("en", "en", "ar"))  # mostly the translator's omission, sometimes an addition
        text = getattr(pairs[k], side)
        words = text.split()
        if len(words) < 10:
            return None
        cut = round(rng.uniform(0.3, 0.6) * len(words))
        start = {"start": 0, "middle": (len(words) - cut) // 2, "end": len(words) - cut}[where]
        kept = words[:start] + words[start + cut :]
        changed = " ".join(kept)
        if where == "end" and text.rstrip()[-1:] in ".!?؟" and changed[-1:] not in ".!?؟":
            changed += text.rstrip()[-1]
        if where == "start" and side == "en":
            changed = changed[:1].upper() + changed[1:]
        return (_replace(pairs, k, **{side: changed}), k, side)

    return inject


def deletion(pairs: list[Pair], k: int, rng: random.Random, others: list[list[Pair]]) -> Injected | None:
    return _replace(pairs, k, en=""), k, "en"  # written as a 1-0 link


def _foreign(pairs: list[Pair], rng: random.Random, others: list[list[Pair]]) -> str | None:
    """An English sentence of another document about as long as this one's, or None when the source has none."""
    own = {p.en for p in pairs}
    target = sum(len(p.en) for p in pairs) / len(pairs)
    candidates = [p.en for doc in others for p in doc if p.en not in own and 0.6 * target <= len(p.en) <= 1.6 * target]
    return rng.choice(candidates) if candidates else None


def insertion(pairs: list[Pair], k: int, rng: random.Random, others: list[list[Pair]]) -> Injected | None:
    sentence = _foreign(pairs, rng, others)
    if sentence is None:
        return None
    out: list[Pair] = [Pair(p.ar, p.en) for p in pairs]
    out.insert(k + 1, Pair("", sentence))  # written as a 0-1 link
    return out, k + 1, "en"


def doubling(pairs: list[Pair], k: int, rng: random.Random, others: list[list[Pair]]) -> Injected | None:
    en = pairs[k].en
    words = [m for m in re.finditer(r"\b[a-z]{3,}\b", en) if m.group() not in rules.VALID_DOUBLED_WORDS]
    if not words:
        return None
    m = rng.choice(words)
    return _replace(pairs, k, en=en[: m.end()] + " " + m.group() + en[m.end() :]), k, "en"


def untranslated(pairs: list[Pair], k: int, rng: random.Random, others: list[list[Pair]]) -> Injected | None:
    return _replace(pairs, k, en=pairs[k].ar), k, "en"


def unrelated(pairs: list[Pair], k: int, rng: random.Random, others: list[list[Pair]]) -> Injected | None:
    sentence = _foreign(pairs, rng, others)
    return None if sentence is None else (_replace(pairs, k, en=sentence), k, "en")


def bracket(pairs: list[Pair], k: int, rng: random.Random, others: list[list[Pair]]) -> Injected | None:
    for side in rng.sample(("en", "ar"), 2):
        text = getattr(pairs[k], side)
        marks = list(_BRACKETS.finditer(text))
        if len(marks) >= 2:
            m = rng.choice(marks)
            return _replace(pairs, k, **{side: text[: m.start()] + text[m.end() :]}), k, side
    return None


INJECTORS: dict[str, Injector] = {
    "number-digits": number_digits,
    "number-words": number_words,
    "name-replaced": name_replaced,
    "negation-removed": negation_removed,
    "negation-added": negation_added,
    "omission-start": _omission("start"),
    "omission-middle": _omission("middle"),
    "omission-end": _omission("end"),
    "deletion": deletion,
    "insertion": insertion,
    "doubling": doubling,
    "untranslated": untranslated,
    "unrelated": unrelated,
    "bracket": bracket,
}


def write_document(out: Path, name: str, pairs: list[Pair], errors: list[dict[str, object]]) -> None:
    arabic: list[str] = []
    english: list[str] = []
    gold = []
    for pair in pairs:
        ar_ids = (len(arabic),) if pair.ar else ()
        en_ids = (len(english),) if pair.en else ()
        gold.append((ar_ids, en_ids))
        arabic += [pair.ar] if pair.ar else []
        english += [pair.en] if pair.en else []
    (out / f"{name}.ar").write_text("\n".join(arabic) + "\n", encoding="utf-8")
    (out / f"{name}.en").write_text("\n".join(english) + "\n", encoding="utf-8")
    write_links(out / f"{name}.gold", gold)
    (out / f"{name}.errors").write_text(json.dumps(errors, ensure_ascii=False) + "\n", encoding="utf-8")


def build(sources: list[Path], out: Path, seed: int) -> dict[str, int]:
    """Write the suite from each source folder in turn; returns how many documents each family got.

    An injected name or sentence comes from another document of the same source, so a Qur'an verse
    is not made wrong with a news headline. A family with nothing to inject into a document (no
    number, no name, no other document's sentence of a fitting length) is skipped for that document.
    """
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    counts: dict[str, int] = {}
    clean = 0
    for source in sources:
        documents = read_clean(source)
        clean += len(documents)
        for name, pairs in documents.items():
            write_document(out, f"clean-{name}", list(pairs), [])
            others = [d for n, d in documents.items() if n != name]
            for family, inject in INJECTORS.items():
                # A link away from the document's title line; the first that the family applies to, in random order.
                for k in rng.sample(range(1, len(pairs)), len(pairs) - 1) if len(pairs) > 1 else []:
                    injected = inject(pairs, k, rng, others)
                    if injected is not None:
                        links, index, side = injected
                        errors = [{"link": index, "family": family, "side": side, "codes": list(FAMILY_CODES[family])}]
                        write_document(out, f"{family}-{name}", links, errors)
                        counts[family] = counts.get(family, 0) + 1
                        break
    manifest = {"seed": seed, "sources": [_shown(source) for source in sources], "clean": clean, "families": counts}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return counts


def _shown(path: Path) -> str:
    """A source folder as the manifest names it: inside the project, relative to it."""
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--clean", type=Path, action="append", help="a gold suite to inject into (repeatable)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    print(build([path.resolve() for path in args.clean or DEFAULT_SOURCES], args.out.resolve(), args.seed))


if __name__ == "__main__":
    main()
