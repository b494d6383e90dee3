"""The pipeline's structure anchors: paragraphs both sides keep become points the alignment passes through."""

from __future__ import annotations

from align.model import Lang, Side
from align.pipeline import paragraph_cuts, paragraph_starts
from align.segment.sentences import make_side, segment


def side(text: str, lang: Lang) -> Side:
    return make_side(lang, None, text, segment(text, lang))


ARABIC = "ذهب الولد إلى المدرسة. ثم عاد إلى البيت.\n\nوفي المساء قرأ كتابا.\n\nونام مبكرا بعد العشاء. واستيقظ نشيطا."
ENGLISH = "The boy went to school. Then he came home.\n\nIn the evening he read a book.\n\nHe went to bed early after dinner. He woke up fresh."


def test_the_kth_paragraphs_of_both_sides_start_together() -> None:
    source, target = side(ARABIC, "ar"), side(ENGLISH, "en")
    assert paragraph_starts(source) == [2, 3] and paragraph_starts(target) == [2, 3]
    assert paragraph_cuts(source, target) == [(2, 2), (3, 3)]
    # A line break alone, or spaces on the blank line, as editors leave them.
    assert paragraph_starts(side("First one.\nSecond one.\n  \nThird one.", "en")) == [2]


def test_no_cuts_where_the_paragraphing_is_the_translators_own() -> None:
    source = side(ARABIC, "ar")
    # One paragraph fewer: the counts differ.
    merged = side(ENGLISH.replace("home.\n\nIn", "home. In"), "en")
    assert paragraph_cuts(source, merged) == []
    # As many paragraphs, but the second pair is far from the others' ratio (the English moved a sentence).
    moved = side("The boy went to school.\n\nThen he came home. In the evening he read a book.\n\nHe went to bed early after dinner. He woke up fresh.", "en")
    assert paragraph_cuts(source, moved) == []
    # Paragraphs of one sentence each (an HTML page's <p>): as many, but nothing the sentence counts do not say.
    one_each = "\n\n".join(["ذهب الولد إلى المدرسة.", "ثم عاد إلى البيت.", "وفي المساء قرأ كتابا."])
    assert paragraph_cuts(side(one_each, "ar"), side("The boy went to school.\n\nThen he came home.\n\nIn the evening he read a book.", "en")) == []
    # No paragraphs at all.
    assert paragraph_cuts(side(ARABIC.replace("\n\n", " "), "ar"), side(ENGLISH.replace("\n\n", " "), "en")) == []
