"""name-mismatch: gazetteer names both ways, and transliterated names learned from the document."""

from __future__ import annotations

from conftest import build, spans


def test_name_mismatch_gazetteer_both_directions() -> None:
    missing_en = build(("قال مسؤول في العراق إن الاتفاق قريب.", "An official said the deal was close."))
    assert spans(missing_en, "name-mismatch") == ["العراق"]
    # A nationality the Arabic makes explicit is not a missing name ("$" for دولار أمريكي).
    explicit = build(("بلغت الكفالة 350 ألف دولار أمريكي.", "His bond has been set at $350,000."))
    assert spans(explicit, "name-mismatch") == []
    missing_ar = build(("قال مسؤول في الحكومة إن الاتفاق قريب.", "An official in the Iraqi government said the deal was close."))
    assert spans(missing_ar, "name-mismatch") == ["Iraqi"]


def test_name_mismatch_quiet_for_translated_names_and_capitalised_common_words() -> None:
    alignment = build(
        ("سيطرة القوات الاميركية على وزارة الدفاع والداخلية العراقية.", "U.S. forces would control the Iraqi Ministries of Defense and Interior."),
        ("بالتشاور مع السفارة الأمريكية في بغداد.", "In consultation with the American Embassy in Baghdad."),
        ("حفاظا على الامن والدستور.", "In order to defend security and the Constitution."),
    )
    assert spans(alignment, "name-mismatch") == []


def test_name_mismatch_learns_transliterated_names_from_the_document() -> None:
    alignment = build(
        ("وقال الرئيس المنتخب لوبيز أوبرادور إن الاتفاق قريب.", "President-elect Lopez Obrador said the deal was close."),
        ("وزار أوبرادور واشنطن.", "The president-elect visited Washington."),
        ("وعاد إلى المكسيك.", "Obrador then returned to Mexico."),
    )
    assert spans(alignment, "name-mismatch") == ["أوبرادور", "Obrador"]


def test_name_mismatch_learns_nothing_from_a_common_word_sounding_like_a_name() -> None:
    alignment = build(
        ("قال الخبير أولمان إن المواطنين العالميين يتعلمون اللغات.", "Expert Ullman said global citizens learn languages."),
        ("المهارات اللغوية أساسية للمواطنين العالميين.", "Language skills are essential for global citizens."),
    )
    assert spans(alignment, "name-mismatch") == []
