"""partial-omission: by meaning with the aligner's embedder (a clause left out is flagged with its span,
a complete loose translation is not), by length without one, and only the links that need it embedded."""

from __future__ import annotations

import pytest
from conftest import build, flags_of

from align.checks.runner import check_alignment
from align.model import link_key
from align.pipeline import check_embedding
from align.review import state as review
from align.settings import Settings

#: Correct, literal translations: what the document's usual length ratio and similarity are.
SOUND = [
    ("وقال وزير الخارجية إن المحادثات مع الجانب الإيراني ستستأنف الأسبوع المقبل في جنيف.", "The foreign minister said the talks with the Iranian side would resume next week in Geneva."),
    ("وأضاف أن الحكومة تعمل على خطة جديدة لدعم المزارعين المتضررين من الجفاف.", "He added that the government is working on a new plan to support farmers affected by the drought."),
    ("وشهدت العاصمة أمطارا غزيرة أدت إلى إغلاق عدد من الطرق الرئيسية.", "The capital saw heavy rain that closed a number of main roads."),
    ("وأعلنت الشركة أنها ستفتتح مصنعا جديدا في شمال البلاد العام المقبل.", "The company announced that it will open a new factory in the north of the country next year."),
    ("وقالت الشرطة إنها اعتقلت ثلاثة أشخاص يشتبه في تورطهم في السرقة.", "Police said they had arrested three people suspected of involvement in the theft."),
]
VISIT = "The president visited the new hospital in the city on Sunday morning."
VISIT_SUNDAY_FIRST = "On Sunday morning the president visited the new hospital in the city."
LONG = "التقى بعائلات الجنود القتلى على الحدود"  # "met the families of the soldiers killed at the border": 45% of the Arabic
SHORT = "بحضور وزير الصحة والمحافظ"  # "with the health minister and the governor present": 30% of it

LEFT_OUT = {
    "long clause at the start": (f"بعد أن {LONG}، زار الرئيس المستشفى الجديد في المدينة صباح الأحد.", VISIT, f"بعد أن {LONG}"),
    "long clause in the middle": (f"زار الرئيس صباح الأحد، بعد لقائه بعائلات الجنود القتلى على الحدود، المستشفى الجديد في المدينة.", VISIT_SUNDAY_FIRST, "بعد لقائه بعائلات الجنود القتلى على الحدود"),
    "long clause at the end": (f"وزار الرئيس المستشفى الجديد في المدينة صباح الأحد، ثم {LONG}.", VISIT, f"ثم {LONG}."),
    "short clause at the start": (f"{SHORT}، زار الرئيس المستشفى الجديد في المدينة صباح الأحد.", VISIT, SHORT),
    "short clause in the middle": (f"زار الرئيس صباح الأحد، {SHORT}، المستشفى الجديد في المدينة.", VISIT_SUNDAY_FIRST, SHORT),
    "short clause at the end": (f"وزار الرئيس المستشفى الجديد في المدينة صباح الأحد، {SHORT}.", VISIT, f"{SHORT}."),
}


@pytest.fixture(scope="module")
def embed(embedder):
    return check_embedding(embedder)


@pytest.mark.parametrize("case", LEFT_OUT)
def test_a_clause_left_out_of_the_english_is_flagged_with_its_span(case: str, embed) -> None:
    arabic, english, clause = LEFT_OUT[case]
    [(flag, span)] = flags_of(build(*SOUND, (arabic, english)), "partial-omission", embed=embed)
    assert flag.side == "ar" and "of the Arabic has no counterpart in the English" in flag.message
    # The span is the clause, or most of it: cuts fall at clause ends and at eighths of the words.
    assert span is not None and span in clause and len(span.split()) >= len(clause.split()) * 2 / 3, span
    assert "without it the sides are more alike" in flag.message


def test_a_clause_the_english_adds_is_flagged_on_the_english(embed) -> None:
    added = "in the presence of the health minister and the governor"
    [(flag, span)] = flags_of(build(*SOUND, ("زار الرئيس المستشفى الجديد في المدينة صباح الأحد.", f"{VISIT[:-1]}, {added}.")), "partial-omission", embed=embed)
    assert flag.side == "en" and "of the English has no counterpart in the Arabic" in flag.message
    assert span is not None and added in span


@pytest.mark.parametrize(
    "pair",
    [
        (f"وزار الرئيس المستشفى الجديد في المدينة صباح الأحد، ثم {LONG}.",
         "On Sunday morning the president went to the city's new hospital and later sat down with the families of the soldiers killed at the border."),
        (f"وزار الرئيس المستشفى الجديد في المدينة صباح الأحد، {SHORT}.",
         "On Sunday morning, accompanied by the governor and the health minister, the president toured the city's newly built hospital."),
    ],
)
def test_a_complete_loose_translation_stays_silent(pair: tuple[str, str], embed) -> None:
    assert flags_of(build(*SOUND, pair), "partial-omission", embed=embed) == []
    assert flags_of(build(*SOUND), "partial-omission", embed=embed) == []


def test_without_an_embedder_the_length_rule_guesses_the_clause() -> None:
    sound = [("ذهب الولد إلى المدرسة في الصباح الباكر.", "The boy went to school early in the morning.")] * 4
    cut = ("وزار جدته في المستشفى يوم الأحد، واشترى لها 12 وردة حمراء من السوق.", "He visited his grandmother in hospital on Sunday.")
    [(flag, span)] = flags_of(build(*sound, cut), "partial-omission")
    assert flag.side == "ar" and flag.severity == "warning" and "has no counterpart in the English; perhaps" in flag.message
    assert span == "واشترى لها 12 وردة حمراء من السوق."  # the clause with a number the English lacks
    assert flags_of(build(*sound), "partial-omission") == []
    whole = ("وزار جدته في المستشفى يوم الأحد.", "He visited his grandmother in hospital on Sunday.")
    assert flags_of(build(*sound, whole), "partial-omission") == []


def test_the_translators_parenthesised_interpolation_is_no_omission(embed) -> None:
    english = "The president visited the new hospital (which the army had built in the north of the city last year) on Sunday morning."
    pair = ("زار الرئيس المستشفى الجديد صباح الأحد.", english)
    assert flags_of(build(*SOUND, pair), "partial-omission", embed=embed) == []
    assert flags_of(build(*SOUND, pair), "partial-omission") == []


class Counting:
    """The test embedder, recording each call's texts."""

    def __init__(self, embedder) -> None:
        self.embedder, self.calls = embedder, []

    def __call__(self, texts):
        self.calls.append(list(texts))
        return self.embedder.encode(texts)


def test_only_unusually_long_links_are_embedded_once_in_one_batch(hashing_embedder) -> None:
    arabic, english, _ = LEFT_OUT["long clause at the end"]
    counting = Counting(hashing_embedder)
    flags_of(build(*SOUND, *SOUND, (arabic, english), (arabic, english)), "partial-omission", embed=counting)
    [texts] = counting.calls  # one batch for the whole document, each text in it once
    assert len(texts) == len(set(texts)) and arabic in texts and not any(sound in texts for sound, _ in SOUND)
    counting.calls.clear()
    flags_of(build(*[SOUND[0]] * 5), "partial-omission", embed=counting)
    assert counting.calls == []  # no link unusually long for the document: nothing embedded


def test_a_reviewers_edit_is_rechecked_by_meaning(embed) -> None:
    arabic, english, clause = LEFT_OUT["long clause at the end"]
    complete = f"{VISIT[:-1]}, then met the families of the soldiers killed at the border."
    alignment = check_alignment(build(*SOUND, (arabic, complete)), embed=embed)
    assert "partial-omission" not in {f.code for f in alignment.links[-1].flags}  # the complete translation
    state = review.start(alignment, check=Settings().checker(embed=embed))
    edited = review.edit_text(state, link_key(alignment.links[-1]), "en", english)
    [flag] = [f for f in edited.alignment.links[-1].flags if f.code == "partial-omission"]
    span = edited.alignment.source.text[flag.start : flag.end]
    assert flag.side == "ar" and span in clause and len(span.split()) >= len(clause.split()) * 2 / 3, span
