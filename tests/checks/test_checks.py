"""The checks: each code fires where a reviewer must look, and stays quiet on sound translations."""

from __future__ import annotations

import pytest
from conftest import SEED_BLOG, build, flags_of

from align.checks.runner import CHECKS, Thresholds, check_alignment
from align.errors import InputError
from align.model import Alignment, Flag, Link, Segment, Side


def spans(alignment: Alignment, code: str, **kwargs: object) -> list[str | None]:
    return [span for _, span in flags_of(alignment, code, **kwargs)]


def test_registry_documents_every_code_with_a_severity() -> None:
    assert list(CHECKS) == [
        "missing-translation",
        "missing-source",
        "addition",
        "repeated-word",
        "number-mismatch",
        "name-mismatch",
        "negation-mismatch",
        "length-ratio",
        "low-similarity",
        "untranslated",
        "bracket-mismatch",
    ]
    for info in CHECKS.values():
        assert info.severity in ("error", "warning", "info")
        assert len(info.doc) > 40


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


@pytest.mark.parametrize(
    ("ar", "en", "side"),
    [
        ("لم يوقع العراق الاتفاق.", "Iraq signed the agreement.", "ar"),
        ("وقع العراق الاتفاق.", "Iraq did not sign the agreement.", "en"),
        ("صلاحيات القوات لا تحدد من قبل الحكومة.", "The powers of the forces would not be not determined by the government.", "en"),
    ],
)
def test_negation_mismatch_fires(ar: str, en: str, side: str) -> None:
    [(flag, span)] = flags_of(build((ar, en)), "negation-mismatch")
    assert flag.side == side
    assert span and span.split()[0] in {"لم", "not"}


@pytest.mark.parametrize(
    ("ar", "en"),
    [
        ("لا يحق للحكومة ولا للقضاء محاسبة القوات.", "Neither the government nor the courts have jurisdiction over the forces."),
        ("ضرورة ان تكون اتفاقية و ليس معاهدة.", "It should be a convention and not a treaty."),
        ("اعتقال من يهدد الامن دون الحاجة الى اذن.", "arrest those who threaten security without the need for consent."),
        ("ولا يزال الوضع متوترا.", "The situation is still tense."),
        ("السقف الزمني طويل وغيرمحدد.", "The timetable is long but undefined."),
        ("حسب ما ورد في المصادر.", "as described in the sources."),
        ("ولا يمنع الانطلاق من الاراضي العراقية.", "and nothing prevents starting out from Iraq’s land."),
    ],
)
def test_negation_mismatch_quiet(ar: str, en: str) -> None:
    assert spans(build((ar, en)), "negation-mismatch") == []


def test_length_ratio_against_the_documents_own_ratio() -> None:
    sound = [
        ("ذهب الولد إلى المدرسة في الصباح الباكر.", "The boy went to school early in the morning."),
        ("وعاد إلى البيت بعد الظهر مع أخيه.", "He came back home in the afternoon with his brother."),
        ("ثم تناول الغداء مع عائلته الكبيرة.", "Then he had lunch with his large family."),
    ]
    padded = ("وقرأ كتابا جميلا في المساء.", "He read a book, and then he wrote a long letter to his grandmother about the holidays, the weather and the garden.")
    [(flag, _)] = flags_of(build(*sound, padded), "length-ratio")
    assert flag.severity == "warning" and "longer" in flag.message
    assert spans(build(*sound), "length-ratio") == []
    assert spans(build(("نعم.", "Yes, of course, absolutely, I will.")), "length-ratio") == []  # too short to judge


def test_low_similarity_uses_the_threshold() -> None:
    alignment = build(("ذهب الولد إلى المدرسة.", "The boy went to school."), score=0.1)
    assert len(flags_of(alignment, "low-similarity")) == 1
    assert flags_of(alignment, "low-similarity", thresholds=Thresholds(low_similarity=0.05)) == []
    assert flags_of(build(("ذهب الولد إلى المدرسة.", "The boy went to school."), score=0.8), "low-similarity") == []


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


def test_disabled_checks_are_skipped_and_unknown_codes_rejected() -> None:
    alignment = build(("ذهب الولد إلى المدرسة.", None))
    assert flags_of(alignment, "missing-translation", disabled=frozenset({"missing-translation"})) == []
    with pytest.raises(InputError, match="no-such-check"):
        check_alignment(alignment, disabled=frozenset({"no-such-check"}))


def test_input_untouched_and_rerun_does_not_duplicate() -> None:
    alignment = build(("ذهب الولد إلى المدرسة.", None))
    alignment.links[0].flags.append(Flag("edited", "info", "Reviewer note."))
    checked = check_alignment(alignment)
    assert [f.code for f in alignment.links[0].flags] == ["edited"]
    again = check_alignment(checked)
    assert [f.code for f in again.links[0].flags] == ["edited", "missing-translation"]
    assert again.links[0].flags == checked.links[0].flags


def _seed_items() -> tuple[str, list[str], list[str]]:
    """Items 1-10 of the seed's "quick translation": English of 1-10, Arabic of 2-10."""
    text = SEED_BLOG.read_text(encoding="utf-8")
    english, arabic = [], []
    start = text.find("1 – American forces")
    english.append(text[start : text.find("\n", start)])
    for n in range(2, 11):
        ar_start = text.find(f"{n}- ", start)
        en_start = text.find(f" {n} – ", ar_start) + 1
        arabic.append(text[ar_start : en_start - 1])
        english.append(text[en_start : text.find("\n", en_start)])
        start = en_start
    return text, arabic, english


def test_seed_quick_translation() -> None:
    text, arabic, english = _seed_items()

    def side(lang: str, items: list[str]) -> Side:
        segments = tuple(Segment(i, lang, t, text.find(t), text.find(t) + len(t)) for i, t in enumerate(items))  # type: ignore[arg-type]
        return Side(lang, str(SEED_BLOG), text, segments)  # type: ignore[arg-type]

    links = [Link((), (0,))] + [Link((i,), (i + 1,), 0.8) for i in range(9)]
    alignment = Alignment(side("ar", arabic), side("en", english), links)
    checked = check_alignment(alignment)

    def found(item: int) -> list[tuple[str, str | None]]:
        out = []
        for flag in checked.links[item - 1].flags:
            span = text[flag.start : flag.end] if flag.start is not None else None
            out.append((flag.code, span))
        return out

    for item in range(1, 11):
        for code, span in found(item):
            print(item, code, repr(span))

    assert ("missing-source", english[0]) in found(1)
    assert ("addition", "[military]") in found(1)
    assert [s for c, s in found(2) if c == "addition"] == [
        "[In an attempt to escape the scrutiny of legislators at either end, I imagine. ~HC]"
    ]
    item4 = found(4)
    assert any(c == "repeated-word" and s and s.endswith("used") for c, s in item4)
    assert ("negation-mismatch", "not be not") in item4
    assert ("repeated-word", "freedom freedom") in found(10)
    assert [s for c, s in found(7) if c == "addition"] == [
        "[in the US judgment]",
        "[instigates?]",
        "[the American forces]",
        "[on such missions]",
    ]
    assert [s for c, s in found(8) if c == "addition"] == ["[Iraqi]"]
    expected = {"missing-source", "addition", "repeated-word", "negation-mismatch"}
    others = [(item, c, s) for item in range(1, 11) for c, s in found(item) if c not in expected]
    assert len(others) <= 3, others
    # Offsets point into the original file on the right side.
    for link in checked.links:
        for flag in link.flags:
            if flag.start is not None:
                side_text = arabic if flag.side == "ar" else english
                assert any(text[flag.start : flag.end] in t for t in side_text)
