"""Surface checks: repeated words, untranslated text, unpaired brackets."""

from __future__ import annotations

from dataclasses import replace

import pytest
from conftest import build, flags_of, spans

from align.model import Alignment, Locales


@pytest.mark.parametrize(
    ("ar", "en", "expected"),
    [
        ("إنهاء حرية الميليشيات.", "ending the militias’ freedom freedom of action.", "freedom freedom"),
        ("الطرق المستعملة.", "or the roads they would use. used.", "use. used"),
        ("الطرق المستعملة.", "or the roads they used. used.", "used. used"),
        ("ذهب ذهب الولد إلى المدرسة.", "The boy went to school.", "ذهب ذهب"),
    ],
)
def test_repeated_word_fires(ar: str, en: str, expected: str) -> None:
    assert spans(build((ar, en)), "repeated-word") == [expected]


@pytest.mark.parametrize(
    ("ar", "en"),
    [
        ("تقدموا رويدًا رويدًا نحو المدينة.", "They advanced slowly towards the city."),
        ("قال إنه كان قد أنهى العمل.", "He said that that work had had its day."),
        ("استعمل الطرق.", "It was used. Used cars are cheap."),
        ("الحرية والأمن.", "Freedom, freedom and security."),
        # The Arabic distributive: "X by X" in the English, or an indefinite accusative (tanween).
        ("تقدم الطلبات صورة صورة إلى الإدارة.", "Applications are submitted form by form to the department."),
        ("تعلم اللغة كلمةً كلمةً.", "He learnt the language one word at a time."),
        ("وجاء ربك والملك صفا صفا.", "And thy Lord shall come with angels, rank on rank."),
        ("إلا قيلا سلاما سلاما.", "But the saying: Peace, (and again) Peace."),
    ],
)
def test_repeated_word_quiet(ar: str, en: str) -> None:
    assert spans(build((ar, en)), "repeated-word") == []


def test_untranslated() -> None:
    assert spans(build(("ذهب الولد إلى المدرسة.", "ذهب الولد إلى المدرسة.")), "untranslated") == ["ذهب الولد إلى المدرسة."]
    assert spans(build(("Breaking News Today", "Breaking news today")), "untranslated") == ["Breaking news today"]
    assert spans(build(("ذهب الولد إلى المدرسة.", "The boy went to school.")), "untranslated") == []
    assert spans(build(("CNN", "CNN")), "untranslated") == []


def test_untranslated_into_arabic_is_english_left_on_the_arabic_side() -> None:
    def into_arabic(ar: str, en: str) -> Alignment:
        return replace(build((ar, en)), locales=Locales("en", "ar"))

    [(flag, span)] = flags_of(into_arabic("Save your changes", "Save your changes"), "untranslated")
    assert (flag.side, span) == ("ar", "Save your changes")
    assert flag.message == "The Arabic side '\u2068Save your changes\u2069' is in Latin script."
    [(flag, _)] = flags_of(into_arabic("احفظ التغييرات", "احفظ التغييرات"), "untranslated")
    assert flag.message == "The Arabic '\u2068احفظ التغييرات\u2069' is the same text as the English."
    assert spans(into_arabic("احفظ التغييرات في Gmail", "Save your changes in Gmail"), "untranslated") == []
    # Arabic script on the English side is the source's business, not an untranslated target.
    assert spans(into_arabic("ذهب الولد إلى المدرسة.", "قال الوزير إن الاتفاق قريب."), "untranslated") == []


@pytest.mark.parametrize(
    ("ar", "en", "expected"),
    [
        ("قال (الوزير إن الاتفاق قريب.", "The minister said the deal was close.", "("),
        ("قال تعالى ﴿ وقل ربي زدني علما.", "He said: Say, my Lord, increase me in knowledge.", "﴿"),
        ("قال «الاتفاق قريب.", "He said: “The deal is close.”", "«"),
        ("قال الوزير إن الاتفاق قريب.", "The minister (of defence said the deal was close.", "("),
    ],
)
def test_bracket_mismatch_fires(ar: str, en: str, expected: str) -> None:
    assert spans(build((ar, en)), "bracket-mismatch") == [expected]


@pytest.mark.parametrize(
    ("ar", "en"),
    [
        ("قال تعالى ﴿ وقل ربي زدني علما ﴾.", "He said: Say, my Lord, increase me in knowledge."),
        ("قال تعالى ﴾ وقل ربي زدني علما ﴿.", "He said: Say, my Lord, increase me in knowledge."),
        ("قال «الاتفاق قريب» (غدا).", "He said “the deal is close” (tomorrow)."),
        ("1) قال الوزير إن الاتفاق قريب.", "1) The minister said the deal was close."),
    ],
)
def test_bracket_mismatch_quiet(ar: str, en: str) -> None:
    assert spans(build((ar, en)), "bracket-mismatch") == []
