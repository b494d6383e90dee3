"""Finding the bilingual region of a mixed document."""

from __future__ import annotations

from align.segment.mixed import split_mixed
from tests.conftest import SEED_BLOG, SEED_JPOST

# First words of the Arabic clause of items 2-10 of the blog's list.
BLOG_ARABIC_STARTS = [
    "ضرورة ان تكون اتفاقية",
    "لا يحق للحكومة العراقية",
    "صلاحيات القوات الاميركية",
    "يحق للقوات الاميركية بناء",
    "يحق للقوات الاميركية ممارسة",
    "للقوات الاميركية الحرية",
    "العلاقات الدولية والاقليمية",
    "سيطرة القوات الاميركية",
    "السقف الزمني لبقاء",
]


def test_blog_arabic_spans_are_the_clauses_of_items_2_to_10() -> None:
    text = SEED_BLOG.read_text(encoding="utf-8")
    arabic, _ = split_mixed(text)
    pieces = [text[s:e] for s, e in arabic]
    assert len(pieces) == 9
    for piece, expected_start in zip(pieces, BLOG_ARABIC_STARTS):
        assert piece.startswith(expected_start)
        assert not any("a" <= char.lower() <= "z" for char in piece), "no English inside an Arabic span"


def test_blog_english_spans_cover_items_1_to_10_only() -> None:
    text = SEED_BLOG.read_text(encoding="utf-8")
    _, english = split_mixed(text)
    list_start = text.index("1 – American forces")
    list_end = text.index("exit of U.S. forces.") + len("exit of U.S. forces.")
    assert english[0][0] == list_start + len("1 – ")
    assert english[-1][1] == list_end
    assert all(list_start <= s < e <= list_end for s, e in english)
    pieces = [text[s:e] for s, e in english]
    # One per item: each item's English is a single sentence, with its note or fragment.
    assert len(pieces) == 10
    assert pieces[0].startswith("American forces have the right")
    assert pieces[1].endswith("not a treaty. [In an attempt to escape the scrutiny of legislators at either end, I imagine. ~HC]")
    assert pieces[3].endswith("the roads they would use. used.")
    assert pieces[8].startswith("U.S. forces would have control")


def test_list_numbers_are_left_out_on_both_sides() -> None:
    text = SEED_BLOG.read_text(encoding="utf-8")
    arabic, english = split_mixed(text)
    for s, e in arabic + english:
        assert not text[s].isdigit()
        assert text[s:e] == text[s:e].strip()


def test_document_without_arabic_has_no_region() -> None:
    assert split_mixed(SEED_JPOST.read_text(encoding="utf-8")) == ([], [])


ALTERNATING = """Statement by the ministry

The ministry published this statement today. Here is our translation, with the original.

أعلنت الوزارة اليوم عن خطة جديدة للتعليم. وستبدأ الخطة في العام المقبل.

The ministry announced a new education plan today. The plan will start next year.

وقال الوزير إن الخطة تشمل جميع المدارس.

The minister said the plan covers all schools.

We will follow how the plan is carried out and report on it in the coming months.
"""


def test_alternating_arabic_and_english_paragraphs() -> None:
    for text in (ALTERNATING, ALTERNATING.replace("\n", "\r\n"), ALTERNATING.replace("\n\n", "\n")):
        arabic, english = split_mixed(text)
        assert [text[s:e] for s, e in arabic] == [
            "أعلنت الوزارة اليوم عن خطة جديدة للتعليم.",
            "وستبدأ الخطة في العام المقبل.",
            "وقال الوزير إن الخطة تشمل جميع المدارس.",
        ]
        assert [text[s:e] for s, e in english] == [
            "The ministry announced a new education plan today.",
            "The plan will start next year.",
            "The minister said the plan covers all schools.",
        ]


def test_english_first_then_arabic_paragraphs() -> None:
    text = (
        "Notes from the press conference follow.\n\n"
        "The minister said the plan covers all schools.\n\n"
        "وقال الوزير إن الخطة تشمل جميع المدارس.\n\n"
        "He added that teachers will be trained first.\n\n"
        "وأضاف أن المعلمين سيتدربون أولا.\n"
    )
    arabic, english = split_mixed(text)
    assert len(arabic) == 2
    assert [text[s:e] for s, e in english] == [
        "The minister said the plan covers all schools.",
        "He added that teachers will be trained first.",
    ]


def test_items_on_separate_lines_with_english_only_items_kept() -> None:
    text = (
        "The clauses:\n"
        "1 – An item glossed only in English.\n"
        "2- البند الثاني من الاتفاقية الأمنية\n"
        "2 – The second clause of the security agreement.\n"
        "3- البند الثالث من الاتفاقية الأمنية\n"
        "3 – The third clause of the security agreement.\n"
        "\n"
        "Commentary that follows the list and is no translation.\n"
    )
    arabic, english = split_mixed(text)
    assert [text[s:e] for s, e in arabic] == ["البند الثاني من الاتفاقية الأمنية", "البند الثالث من الاتفاقية الأمنية"]
    assert [text[s:e] for s, e in english] == [
        "An item glossed only in English.",
        "The second clause of the security agreement.",
        "The third clause of the security agreement.",
    ]


def test_english_first_on_one_line() -> None:
    text = "Intro.\n\n1) The first clause of the agreement. 1) البند الأول من الاتفاقية\n"
    arabic, english = split_mixed(text)
    assert [text[s:e] for s, e in arabic] == ["البند الأول من الاتفاقية"]
    assert [text[s:e] for s, e in english] == ["The first clause of the agreement."]
