"""Long Arabic sentences are cut into clauses where the English splits them, and only there."""

from __future__ import annotations

from align.model import Lang, Side
from align.segment.clauses import clause_units
from align.segment.sentences import make_side, segment_lines


def side(lines: list[str], lang: Lang) -> Side:
    text = "\n".join(lines)
    return make_side(lang, None, text, segment_lines(text))


# One long sentence of three clauses (a legal provision) and a short one, against five English sentences.
ARABIC = [
    "يلتزم المدير بتقديم التقرير السنوي إلى الجمعية العامة، ويجب أن يتضمن التقرير بيان الأرباح والخسائر، ولا يجوز له أن يؤخر تقديمه عن موعده المحدد",
    "وتنشر الشركة التقرير.",
]
ENGLISH = [
    "The manager shall submit the annual report to the general assembly.",
    "The report shall include a statement of profits and losses.",
    "He may not delay its submission beyond the set date.",
    "The company publishes the report.",
    "It is public.",
]


def test_a_long_sentence_is_cut_at_its_clauses_and_each_clause_knows_its_sentence() -> None:
    cut = clause_units(side(ARABIC, "ar"), side(ENGLISH, "en"))
    assert cut is not None
    units, group = cut
    assert [u.text for u in units.segments] == [
        "يلتزم المدير بتقديم التقرير السنوي إلى الجمعية العامة،",
        "ويجب أن يتضمن التقرير بيان الأرباح والخسائر،",
        "ولا يجوز له أن يؤخر تقديمه عن موعده المحدد",
        "وتنشر الشركة التقرير.",
    ]
    assert group.tolist() == [0, 0, 0, 1]
    # Each clause keeps its place in the file, so flags and the review point at the right text.
    text = units.text
    assert all(text[u.start : u.end] == u.text for u in units.segments)


def test_nothing_is_cut_where_the_english_has_not_many_more_sentences() -> None:
    assert clause_units(side(ARABIC, "ar"), side(ENGLISH[:2], "en")) is None


def test_a_short_piece_joins_its_clause_and_pause_marks_end_clauses() -> None:
    verse = "قال يا قوم، اعبدوا الله ما لكم من إله غيره ۖ قد جاءتكم بينة من ربكم ۖ فأوفوا الكيل والميزان ولا تبخسوا الناس أشياءهم"
    english = ["He said: O my people!", "Serve Allah.", "Ye have no other god save Him.", "A clear proof hath come unto you.", "Give full measure."]
    cut = clause_units(side([verse], "ar"), side(english, "en"))
    assert cut is not None
    # "قال يا قوم،" is three words: a clause; the pause marks ۖ end the next two.
    assert [u.text for u in cut[0].segments] == [
        "قال يا قوم،",
        "اعبدوا الله ما لكم من إله غيره ۖ",
        "قد جاءتكم بينة من ربكم ۖ",
        "فأوفوا الكيل والميزان ولا تبخسوا الناس أشياءهم",
    ]


def test_sentences_no_longer_than_the_english_ones_are_not_cut() -> None:
    # Six English sentences for five Arabic ones: the gate opens, but no Arabic sentence holds 1.5 of the
    # English ones, so none is cut though each has a comma between clauses.
    arabic = [f"ذهب الولد الصغير {k}، ثم عاد إلى البيت." for k in range(5)]
    english = [f"The little boy went out and came back home {k}." for k in range(6)]
    assert clause_units(side(arabic, "ar"), side(english, "en")) is None
    assert clause_units(side(arabic[:2], "ar"), side(english, "en")) is not None


def test_an_english_sentence_running_several_verses_together_is_cut_where_the_arabic_has_twice_the_segments() -> None:
    arabic = ["إذا الشمس كورت", "وإذا النجوم انكدرت", "وإذا الجبال سيرت", "وإذا العشار عطلت", "علمت نفس ما أحضرت"]
    english = ["When the sun is overthrown, And when the stars fall, And when the hills are moved, And when the camels big with young are abandoned, Every soul will know what it hath made ready."]
    cut = clause_units(side(english, "en"), side(arabic, "ar"))
    assert cut is not None
    assert [u.text for u in cut[0].segments] == [
        "When the sun is overthrown,",
        "And when the stars fall,",
        "And when the hills are moved,",
        "And when the camels big with young are abandoned,",
        "Every soul will know what it hath made ready.",
    ]
    # The English is cut only where the Arabic has 1.5 times its segments, not 1.2 times as for the Arabic.
    assert clause_units(side(english * 3, "en"), side(arabic, "ar")) is not None
    assert clause_units(side(english * 4, "en"), side(arabic, "ar")) is None


def test_a_verse_running_on_inside_an_english_sentence_starts_a_clause_at_its_capital() -> None:
    # Pickthall's 56:10-14, five verses in one sentence, each opening with a capital: cut before "In",
    # "A" and "And", not before the capitals of God's pronoun ("Who") nor of a name.
    arabic = ["والسابقون السابقون", "أولئك المقربون", "في جنات النعيم", "ثلة من الأولين", "وقليل من الآخرين", "الذي خلق"]
    english = [
        "Those are they who will be brought nigh In gardens of delight A multitude of those of old And a few of"
        " those of later time by the grace of Allah Who created Adam and Eve."
    ]
    cut = clause_units(side(english, "en"), side(arabic, "ar"))
    assert cut is not None
    assert [u.text for u in cut[0].segments] == [
        "Those are they who will be brought nigh",
        "In gardens of delight",
        "A multitude of those of old",
        "And a few of those of later time by the grace of Allah Who created Adam and Eve.",
    ]


def test_one_english_sentence_running_many_verses_together_is_cut_in_an_otherwise_sentence_for_sentence_translation() -> None:
    # Yusuf Ali's 68:1-14: verses rendered one by one, then five run into one sentence. The Arabic has
    # under 1.5 times the English's segments (13 to 9), but that sentence is over four of its median verses long.
    arabic = [
        "ن والقلم وما يسطرون", "ما أنت بنعمة ربك بمجنون", "وإن لك لأجرا غير ممنون", "وإنك لعلى خلق عظيم",
        "فستبصر ويبصرون", "بأيكم المفتون",
        "فلا تطع المكذبين", "ودوا لو تدهن فيدهنون", "ولا تطع كل حلاف مهين", "هماز مشاء بنميم",
        "مناع للخير معتد أثيم", "عتل بعد ذلك زنيم", "أن كان ذا مال وبنين",
    ]
    english = [
        "Nun. By the Pen and by the (Record) which (men) write.",
        "Thou art not, by the Grace of thy Lord, mad or possessed.",
        "Nay, verily for thee is a Reward unfailing.",
        "And thou (standest) on an exalted standard of character.",
        "Soon wilt thou see, and they will see,",
        "Which of you is afflicted with madness.",
        "So hearken not to those who deny (the Truth).",
        "Their desire is that thou shouldst be pliant: so would they be pliant.",
        "Heed not the type of despicable men,- ready with oaths, A slanderer, going about with calumnies,"
        " (Habitually) hindering (all) good, transgressing beyond bounds, deep in sin, Violent (and cruel),-"
        " with all that, base-born,- Because he possesses wealth and (numerous) sons.",
    ]
    cut = clause_units(side(english, "en"), side(arabic, "ar"))
    assert cut is not None
    units, group = cut
    assert [u.text for u in units.segments[:8]] == english[:8]  # the sentences of a verse each stay whole
    assert len(units.segments) > 12 and set(group[8:]) == {8}
    # Half as long, the sentence is no longer than four verses: nothing is cut.
    assert clause_units(side(english[:8] + [english[8][:120]], "en"), side(arabic, "ar")) is None
