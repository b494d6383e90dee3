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
        # Scale words in words: five hundred thousand is not five thousand.
        ("منحة قدرها خمسمائة ألف دينار.", "A grant of five thousand dinars.", ["خمسمائة ألف", "five thousand"]),
        # Ordinals are numbers: the fifth is not the sixth.
        ("المادة الخامسة من القانون.", "The sixth article of the law.", ["الخامسة", "sixth"]),
        # Percent signs do not hide a changed rate, and per mille is not percent.
        ("بلغت النسبة 10٪.", "The rate was 15%.", ["10", "15"]),
        ("بلغت النسبة 10‰.", "The rate was 10%.", ["10", "10"]),
        # A number after a scale that belongs to digits is a number of its own, and a changed one fires.
        ("بلغ 1.7 مليون منذ خمسة أعوام.", "It reached 1.7 million four years ago.", ["خمسة", "four"]),
        # An ordinal with an attached pronoun is still the ordinal.
        ("ما يكون من نجوى ثلاثة إلا هو خامسهم.", "There is no secret conference of three but He is their fourth.", ["خامسهم", "fourth"]),
        # The whole part of a mixed number is a number like any other.
        ("في الشوط 220 هذا الموسم.", "In 221 2/3 innings this season.", ["220", "221"]),
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
        # A mixed number rounded to its whole part; an ordinal whose ي tanween drops (الثانٍ "2").
        ("سجل 300 رمية في الشوط 220 هذا الموسم.", "He has 300 strikeouts in 220 2/3 innings this season."),
        ("مشروع خط أنابيب نورد ستريم الثانٍ.", "The Nord Stream 2 pipeline project."),
        # Scale words in brackets and in words match by value (not "five" missing).
        ("غرامة (خمسمائة ألف) دينار.", "A fine of five hundred thousand dinars."),
        ("غرامة خمسمائة ألف دينار.", "A fine of 500,000 dinars."),
        ("غرامة ثلاثمائة وخمسين دينارا.", "A fine of three hundred and fifty dinars."),
        ("غرامة ألفين وخمسمائة دينار.", "A fine of 2,500 dinars."),
        ("مائة ألف شخص.", "One hundred thousand people."),
        ("ثلاثة وأربعة.", "Three and four."),
        # "million four years": the million is the digits', four a number of its own; "a hundred and fifty" is one.
        ("أعلى من 1.7 مليونًا منذ أربعة أعوام.", "Up from 1.7 million four years ago."),
        ("أكثر من مائة وخمسين شخصا.", "More than a hundred and fifty people."),
        # Fractions: النصف is also "50 percent"; the fractions of inheritance are named by the ordinal.
        ("يجب أن تكون نسبة المشاركة أكثر من النصف بصوت واحد.", "Turnout needs to be 50 percent plus one vote."),
        ("فلكم الربع مما تركن ولهن الثمن مما تركتم.", "Unto you the fourth of that which they leave, and unto them the eighth."),
        ("ولأبويه لكل واحد منهما السدس مما ترك.", "To each of his parents the sixth of the inheritance."),
        # An ordinal with an attached pronoun (رابعهم "their fourth"); distributive numerals (رباع "four").
        ("ما يكون من نجوى ثلاثة إلا هو رابعهم.", "There is no secret conference of three but He is their fourth."),
        ("فانكحوا ما طاب لكم من النساء مثنى وثلاث ورباع.", "Marry of the women two or three or four."),
        # Ordinals match their cardinal or digits; a fraction ("a fifth") is not an ordinal.
        ("المادة الخامسة من القانون.", "The fifth article of the law."),
        ("المادة الخامسة من القانون.", "Article 5 of the law."),
        ("الفصل الأول والباب العاشر.", "The first chapter and the tenth part."),
        ("في الدورة الثالثة.", "At the third session."),
        ("خسر خمس أراضيه.", "He lost a fifth of his land."),
        # Percent and per mille, as signs or in words.
        ("بلغت النسبة 10٪.", "The rate was 10 per cent."),
        ("بلغت النسبة 10 في المائة.", "The rate was 10 percent."),
        ("بلغت النسبة ١٠٪.", "The rate was 10%."),
        ("بلغت النسبة 5‰.", "The rate was 0.5%."),
        ("بلغت النسبة 5 في الألف.", "The rate was 5 per mille."),
    ],
)
def test_number_mismatch_quiet(ar: str, en: str) -> None:
    assert spans(build((ar, en)), "number-mismatch") == []


# Numbers a translation writes another way: each pair stays silent.
@pytest.mark.parametrize(
    ("ar", "en"),
    [
        ("وأرسل لاعب الجناح بعيدًا لمحاولة خامسة للفريق.", "and sent the flanker away for the side's fifth try."),
        ("الحرب الكورية التي استمرت من 1950 وحتى 1953.", "the 1950-53 Korean War."),
        ("الوقت المثالي هو 5:30 مساءً يوم السبت.", "The perfect time is 5.30pm on a Saturday."),
        ("اتصل على الرقم 116123 مجانًا.", "call free on 116 123."),
        ("تعهدت بأنها لن تدخل السباق ما لم تجمع مليوني دولار.", "she vowed she would not enter the race unless she raised $2 million."),
        ("زاربومبيوكورياالشماليةثلاثمراتمسبقًاهذاالعام.", "Pompeo has visited North Korea three times already this year."),
        ("زادت التصنيفات إلى أكثر من الضعف وتضاعفت ثلاث مرات تقريبًا.", "ratings have more than doubled and nearly tripled."),
        ("ومؤلف كتاب \"Europe's Turbulent Century in Five Lives\".", "and the author of \"Europe's Turbulent Century in Five Lives\"."),
        ("كانت هناك آمال أكبر في الثلث الأخير.", "there was more hope in the final third."),
    ],
)
def test_numbers_written_another_way_stay_quiet(ar: str, en: str) -> None:
    assert spans(build((ar, en)), "number-mismatch") == []


def test_a_changed_count_still_fires_beside_the_new_forms() -> None:
    # The Arabic says three times, the English sixteen: the words are readable, so it is reported.
    assert spans(build(("زار بومبيو كوريا الشمالية ثلاث مرات هذا العام.", "Pompeo has visited North Korea sixteen times this year.")), "number-mismatch") == [
        "ثلاث",
        "sixteen",
    ]


# Hijri and Gregorian years side by side: a year given in both calendars, or in one calendar only on one
# side, is no mismatch; a year changed in either calendar still is.
@pytest.mark.parametrize(
    ("ar", "en"),
    [
        ("صدر القرار عام 1445 هـ الموافق 2024 م.", "The decision was issued in 2024 (1445 AH)."),
        ("صدر القرار عام 1445هـ الموافق 2024م.", "The decision was issued in 1445H (2024)."),
        ("صدر القرار عام 1445 هـ الموافق 2024 م.", "The decision was issued in 1445 A.H., 2024 CE."),
        ("صدر القرار عام 1445 للهجرة الموافق 2024 م.", "The decision was issued in AH 1445 (2024)."),
        # The English keeps only the Gregorian date, or converts the Arabic's Hijri one.
        ("صدر القرار عام 1445 هـ الموافق 2024 م.", "The decision was issued in 2024."),
        ("صدر القرار عام 1429 هـ.", "The decision was issued in 2008."),
    ],
)
def test_years_in_both_calendars_stay_quiet(ar: str, en: str) -> None:
    assert spans(build((ar, en)), "number-mismatch") == []


@pytest.mark.parametrize(
    ("ar", "en", "expected"),
    [
        ("صدر القرار عام 1445 هـ الموافق 2024 م.", "The decision was issued in 2025 (1445 AH).", ["2024", "2025"]),
        ("صدر القرار عام 1445 هـ الموافق 2024 م.", "The decision was issued in 2024 (1446 AH).", ["1445", "1446"]),
        ("صدر القرار عام 1445 هـ الموافق 2024 م.", "The decision was issued in 2019.", ["1445", "2024", "2019"]),
        ("صدر القرار عام 1429 هـ.", "The decision was issued in 2015.", ["1429", "2015"]),
        ("صدر القرار عام 1429 هـ.", "The decision was issued in AH 1430.", ["1429", "1430"]),
    ],
)
def test_a_changed_year_fires_in_either_calendar(ar: str, en: str, expected: list[str]) -> None:
    assert [span for _, span in flags_of(build((ar, en)), "number-mismatch")] == expected
