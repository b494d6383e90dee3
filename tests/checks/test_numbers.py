"""number-mismatch fires on numbers one side lacks, in digits or words, and stays quiet on sound translations."""

from __future__ import annotations

import pytest
from conftest import build, flags_of, spans


@pytest.mark.parametrize(
    ("ar", "en", "expected"),
    [
        ("لمدة 10 سنوات.", "for a period of 12 years.", ["10", "12"]),
        ("لمدة ١٠ سنوات.", "for a period of 12 years.", ["١٠", "12"]),
        ("بلغت الكلفة ٢٬٥٠٠ دينار.", "The cost was 2,600 dinars.", ["٢٬٥٠٠", "2,600"]),
        ("لمدة عشر سنوات.", "for a period of 12 years.", ["عشر", "12"]),
        ("قتل 5 جنود.", "Soldiers were killed.", ["5"]),
    ],
)
def test_number_mismatch_fires(ar: str, en: str, expected: list[str]) -> None:
    flags = flags_of(build((ar, en)), "number-mismatch")
    assert [span for _, span in flags] == expected
    assert all(flag.severity == "error" for flag, _ in flags)


@pytest.mark.parametrize(
    ("ar", "en"),
    [
        ("لمدة 10 سنوات.", "for a period of 10 years."),
        ("لمدة ١٠ سنوات.", "for a period of 10 years."),
        ("لمدة ۱۰ سنوات.", "for a period of ten years."),
        ("لمدة عشر سنوات.", "for a period of 10 years."),
        ("بلغت الكلفة ٢٬٥٠٠ دينار والنسبة ٣٫٥٪.", "The cost was 2,500 dinars and the rate 3.5%."),
        ("9- سيطرة القوات لمدة 10 سنوات.", "9 – Control by the forces for 10 years."),
        ("3- سيطرة القوات.", "4 – Control by the forces."),
        ("في القرن التاسع عشر.", "In the 19th century."),
        ("وقع الاتفاق بعد سنتين.", "The deal was signed two years later."),
        ("في عام 1429 هـ الموافق 2008.", "In 2008."),
        ("شمل الاستطلاع 20.000 تلميذ و300 ألف معلم.", "The survey covered 20,000 pupils and 300,000 teachers."),
        ("في القرن العشرين والأيام الأربع الأخيرة.", "In the 1930s and the last four days."),
    ],
)
def test_number_mismatch_quiet(ar: str, en: str) -> None:
    assert spans(build((ar, en)), "number-mismatch") == []
