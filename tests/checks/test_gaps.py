"""Gaps: missing translation, missing source, and the translator's bracketed additions."""

from __future__ import annotations

from conftest import build, flags_of, spans


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
