"""The pipeline's structure: paragraphs both sides keep become points the alignment passes through, and long
Arabic sentences rendered as several English ones are aligned clause by clause."""

from __future__ import annotations

from pathlib import Path

from align.model import Lang, Side
from align.pipeline import alignment_units, paragraph_cuts, paragraph_starts
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


def test_a_complete_translation_of_long_verses_is_linked_verse_by_verse_without_gaps(embedder) -> None:
    # Pickthall's Qur'an 4:1-24 (the basmala, untranslated, and 24 verses in 58 English sentences): the
    # long verses' clauses are aligned one by one and each verse is linked back whole; aligned whole,
    # three verses lost a sentence to a gap or a neighbour (strict F1 0.824).
    from align.bench.measure import read_gold
    from align.io.jobs import load, one_job
    from align.pipeline import run

    folder = Path(__file__).resolve().parent.parent / "bench" / "quran"
    source, target, _ = load(one_job(ar=folder / "06-q004-001-024.ar", en=folder / "06-q004-001-024.en", presegmented=True))
    assert alignment_units(source, target).groups[0] is not None
    links = [(link.ar, link.en) for link in run(source, target, embedder=embedder).links]
    assert [ar for ar, en in links if not (ar and en)] == [(0,)]
    assert links == [(tuple(ar), tuple(en)) for ar, en in read_gold(folder / "06-q004-001-024.gold")]


def test_a_clause_moved_into_the_next_sentence_is_found_by_aligning_those_sentences_clause_by_clause(embedder, tmp_path) -> None:
    # The first 30 links of a restructured chapter (Arabic sentence boundaries moved inside runs of two
    # or three lines, six crossing 2-2 links): links 9-10 have lengths one too long and the next too short,
    # their Arabic sentences are aligned again in clauses and linked as the gold's 2-2 (two 1-1 before).
    from align.bench.measure import read_gold
    from align.io.jobs import load, one_job
    from align.pipeline import run

    folder = Path(__file__).resolve().parent.parent / "bench" / "suite" / "restructured"
    gold = [(tuple(ar), tuple(en)) for ar, en in read_gold(folder / "chapter-00.gold")[:30]]
    for lang in ("ar", "en"):
        lines = (folder / f"chapter-00.{lang}").read_text(encoding="utf-8").split("\n")
        count = max(i for link in gold for i in link[lang == "en"]) + 1
        (tmp_path / f"doc.{lang}").write_text("\n".join(lines[:count]) + "\n", encoding="utf-8")
    source, target, _ = load(one_job(ar=tmp_path / "doc.ar", en=tmp_path / "doc.en", presegmented=True))
    links = [(link.ar, link.en) for link in run(source, target, embedder=embedder).links]
    assert ((9, 10), (9, 10)) in links
    # Every other link is the gold's, or one of the two 1-1 halves of a gold 2-2.
    halves = {((a,), (e,)) for ar, en in gold if len(ar) == len(en) == 2 for a, e in zip(ar, en)}
    assert all(link in gold or link in halves for link in links)


def test_a_sentence_for_sentence_translation_is_aligned_as_it_stands() -> None:
    source, target = side(ARABIC, "ar"), side(ENGLISH, "en")
    units = alignment_units(source, target)
    assert units.source is source and units.groups == (None, None)


def test_the_second_alignment_embeds_only_the_windows_that_hold_a_clause(hashing_embedder) -> None:
    import numpy as np

    from align.pipeline import _windows_reusing, align_params, embed_side
    from align.segment.clauses import sentences_in_clauses
    from align.settings import Settings

    class Counting:
        name, dim = hashing_embedder.name, hashing_embedder.dim
        texts: list[str] = []

        def encode(self, texts, *, progress=False):
            self.texts += list(texts)
            return hashing_embedder.encode(texts)

    params = align_params(Settings())
    arabic = side("\n".join(f"ذهب الولد {k} إلى المدرسة، ثم عاد إلى البيت." for k in range(8)), "ar")
    cut, group = sentences_in_clauses(arabic, {3})
    counting = Counting()
    windows = _windows_reusing(cut, group, embed_side(arabic, hashing_embedder, params), counting, params)
    # Sentence 3 is two clauses (units 3 and 4 of nine): of the windows of 1, 2 and 3 units, the 2, 3 and 4
    # that hold either clause are embedded, and only those; every window is as embed_side gives it.
    expected = embed_side(cut, hashing_embedder, params)
    assert len(windows) == len(expected) and all(np.allclose(a, b) for a, b in zip(windows, expected))
    assert len(counting.texts) == 2 + 3 + 4
