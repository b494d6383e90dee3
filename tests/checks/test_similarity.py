"""length-ratio against the document's own ratio, low-similarity against its threshold (partial-omission: test_omission)."""

from __future__ import annotations

import re

from conftest import build, flags_of, spans

from align.checks.registry import Thresholds
from align.checks.runner import check_alignment


#: Three links in the document's usual ratio.
SOUND = [
    ("ذهب الولد إلى المدرسة في الصباح الباكر.", "The boy went to school early in the morning."),
    ("وعاد إلى البيت بعد الظهر مع أخيه.", "He came back home in the afternoon with his brother."),
    ("ثم تناول الغداء مع عائلته الكبيرة.", "Then he had lunch with his large family."),
]


def test_length_ratio_against_the_documents_own_ratio() -> None:
    padded = ("وقرأ كتابا جميلا في المساء.", "He read a book, and then he wrote a long letter to his grandmother about the holidays, the weather and the garden.")
    [(flag, _)] = flags_of(build(*SOUND, padded), "length-ratio")
    assert flag.severity == "warning" and "longer" in flag.message
    assert spans(build(*SOUND), "length-ratio") == []
    assert spans(build(("نعم.", "Yes, of course, absolutely, I will.")), "length-ratio") == []  # too short to judge


def test_an_acronym_counts_as_the_words_it_abbreviates() -> None:
    # The Arabic writes out "the National Health Service in Scotland" and "the European Union".
    spelled = ("وزير الصحة يكتب لعمال الاتحاد الأوروبي في هيئة الخدمات الصحية الوطنية في أسكتلندا", "Minister writes to EU staff of NHS Scotland")
    assert spans(build(*SOUND, spelled), "length-ratio") == []
    # Without them the English says less, in about as many letters (36 with them, 31 without).
    cut = (spelled[0], "Minister writes to staff of Scotland")
    [(flag, _)] = flags_of(build(*SOUND, cut), "length-ratio")
    assert "shorter" in flag.message


def test_the_expected_length_in_the_message_is_what_the_check_accepts() -> None:
    # The English abbreviates what the Arabic writes out (EU, NHS) and leaves most of the rest out.
    arabic = "وزير الصحة يكتب لعمال الاتحاد الأوروبي في هيئة الخدمات الصحية الوطنية في أسكتلندا وفي إنجلترا وويلز وأيرلندا الشمالية"
    short = "Minister writes to EU staff of NHS."
    [(flag, _)] = flags_of(build(*SOUND, *SOUND, (arabic, short)), "length-ratio")
    written, expected = map(int, re.findall(r"(\d+) characters where about (\d+)", flag.message)[0])
    assert written == len(short.replace(" ", "")) and expected > written
    # An English of that many letters, the same acronyms in it, is at the document's ratio: even a check
    # allowing 10% either way accepts it (counting the acronyms' letters twice, the message asked for 20 more).
    padded = short[:-1] + "".join(" and" for _ in range((expected - written) // 3)) + "."
    assert abs(len(padded.replace(" ", "")) - expected) <= 3
    strict = Thresholds(length_ratio_min=0.9, length_ratio_max=1.1)
    checked = check_alignment(build(*SOUND, *SOUND, (arabic, padded)), thresholds=strict)
    assert [f.code for f in checked.links[-1].flags if f.code == "length-ratio"] == []


def test_low_similarity_uses_the_threshold() -> None:
    alignment = build(("ذهب الولد إلى المدرسة.", "The boy went to school."), score=0.1)
    assert len(flags_of(alignment, "low-similarity")) == 1
    assert flags_of(alignment, "low-similarity", thresholds=Thresholds(low_similarity=0.05)) == []
    assert flags_of(build(("ذهب الولد إلى المدرسة.", "The boy went to school."), score=0.8), "low-similarity") == []


def _document(*scores: float) -> object:
    pairs = [("ذهب الولد إلى المدرسة في الصباح.", "The boy went to school in the morning.")] * len(scores)
    alignment = build(*pairs)
    from dataclasses import replace

    return replace(alignment, links=[replace(link, score=s) for link, s in zip(alignment.links, scores)])


def test_low_similarity_is_judged_against_the_documents_own_scores() -> None:
    # A loose translation: every link scores about 0.25, none stands out.
    assert spans(_document(0.25, 0.27, 0.24, 0.26, 0.25, 0.23), "low-similarity") == []  # type: ignore[arg-type]
    # A close one where one link falls far below the rest; the message says how far.
    [(flag, _)] = flags_of(_document(0.8, 0.82, 0.78, 0.81, 0.1, 0.79), "low-similarity")  # type: ignore[arg-type]
    assert "standard deviations below this document's usual 0.80" in flag.message


def test_a_correct_loose_verse_in_a_close_document_is_not_flagged() -> None:
    # Pickthall's correct verses score 0.2-0.3 where most of the document scores 1.0 (the score is capped
    # there): such a link is unusual for its document but not unrelated; a replaced sentence scores about 0.
    document = (1.0, 1.0, 0.98, 1.0, 1.0, 0.97, 1.0, 0.99)
    assert spans(_document(*document, 0.24), "low-similarity") == []  # type: ignore[arg-type]
    [(flag, _)] = flags_of(_document(*document, 0.05), "low-similarity")  # type: ignore[arg-type]
    assert "alignment score 0.05, below 0.20" in flag.message
