"""Gaps: missing translation, missing source, and the translator's bracketed additions, in both directions."""

from __future__ import annotations

from dataclasses import replace

from conftest import build, flags_of, spans

from align.model import Alignment, Locales


def test_missing_translation() -> None:
    alignment = build(("ذهب الولد إلى المدرسة.", "The boy went to school."), ("وعاد في المساء.", None))
    [(flag, span)] = flags_of(alignment, "missing-translation")
    assert (flag.severity, flag.side, span) == ("error", "ar", "وعاد في المساء.")
    assert spans(build(("ذهب الولد إلى المدرسة.", "The boy went to school.")), "missing-translation") == []


def test_missing_source_but_a_bare_translator_note_is_an_addition() -> None:
    alignment = build(("ذهب الولد إلى المدرسة.", "The boy went to school."), (None, "He came back late."))
    [(flag, span)] = flags_of(alignment, "missing-source")
    assert (flag.severity, flag.side, span) == ("warning", "en", "He came back late.")
    note = build(("ذهب الولد إلى المدرسة.", "The boy went to school."), (None, "[A note by the translator. ~HC]"))
    assert spans(note, "missing-source") == []
    assert spans(note, "addition") == ["[A note by the translator. ~HC]"]


def test_addition_flags_brackets_the_arabic_lacks() -> None:
    alignment = build(("القيادة والضباط في الميدان.", "The American [military] command and the officers in the field."))
    [(flag, span)] = flags_of(alignment, "addition")
    assert (flag.severity, span) == ("info", "[military]")
    assert "[military]" in flag.message


def test_addition_quiet_for_brackets_also_in_the_arabic() -> None:
    alignment = build(("قال [الوزير] إن الاتفاق قريب.", "He [the minister] said the deal was close."))
    assert spans(alignment, "addition") == []
    assert spans(build(("قال الوزير إن الاتفاق قريب.", "The minister said the deal was close.")), "addition") == []


# --- English into Arabic: the English is the source, the Arabic the target ---------------------------

INTO_ARABIC = Locales("en-US", "ar-SA")


def into_arabic(*pairs: tuple[str | None, str | None]) -> Alignment:
    return replace(build(*pairs), locales=INTO_ARABIC)


def test_into_arabic_english_without_arabic_is_a_missing_translation() -> None:
    alignment = into_arabic(("ذهب الولد إلى المدرسة.", "The boy went to school."), (None, "He came back late."))
    [(flag, span)] = flags_of(alignment, "missing-translation")
    assert (flag.severity, flag.side, span) == ("error", "en", "He came back late.")
    assert flag.message == "The English '\u2068He came back late.\u2069' has no Arabic translation."
    assert spans(alignment, "missing-source") == []


def test_into_arabic_arabic_without_english_is_a_missing_source() -> None:
    alignment = into_arabic(("ذهب الولد إلى المدرسة.", "The boy went to school."), ("وعاد في المساء.", None))
    [(flag, span)] = flags_of(alignment, "missing-source")
    assert (flag.severity, flag.side, span) == ("warning", "ar", "وعاد في المساء.")
    assert flag.message == "The Arabic '\u2068وعاد في المساء.\u2069' has no English source."
    assert spans(alignment, "missing-translation") == []


def test_into_arabic_additions_are_the_arabic_translator_s() -> None:
    alignment = into_arabic(("القيادة [العسكرية] الأمريكية والضباط.", "The American command and the officers."))
    [(flag, span)] = flags_of(alignment, "addition")
    assert (flag.side, span) == ("ar", "[العسكرية]")
    assert flag.message == "The Arabic adds '\u2068[العسكرية]\u2069', which is not in the English."
    # Brackets in the English source are the author's, not the translator's additions.
    assert spans(into_arabic(("القيادة الأمريكية والضباط.", "The American [military] command and the officers.")), "addition") == []
    note = into_arabic(("ذهب الولد إلى المدرسة.", "The boy went to school."), ("(ملاحظة المترجم: الاسم غير واضح في الأصل)", None))
    assert spans(note, "addition") == ["(ملاحظة المترجم: الاسم غير واضح في الأصل)"]
    assert spans(note, "missing-source") == []
