"""Surface checks: repeated words, untranslated text, unpaired brackets."""

from __future__ import annotations

import pytest
from conftest import build, spans


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
    ],
)
def test_repeated_word_quiet(ar: str, en: str) -> None:
    assert spans(build((ar, en)), "repeated-word") == []


def test_untranslated() -> None:
    assert spans(build(("ذهب الولد إلى المدرسة.", "ذهب الولد إلى المدرسة.")), "untranslated") == ["ذهب الولد إلى المدرسة."]
    assert spans(build(("Breaking News Today", "Breaking news today")), "untranslated") == ["Breaking news today"]
    assert spans(build(("ذهب الولد إلى المدرسة.", "The boy went to school.")), "untranslated") == []
    assert spans(build(("CNN", "CNN")), "untranslated") == []


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
