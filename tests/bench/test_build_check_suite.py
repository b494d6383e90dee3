"""The check suite's builder: which documents it injects into, how a long link becomes one pair, which families a document is too small for, and which negations it leaves alone."""

from __future__ import annotations

import random
from pathlib import Path

from align.bench.build_check_suite import Pair, build, negation_added, negation_removed, read_clean
from align.io.vecalign import write_links
from align.segment.sentences import MAX_SEGMENT_CHARS


def gold_suite(folder: Path, name: str, ar: list[str], en: list[str], links: list[tuple[tuple[int, ...], tuple[int, ...]]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.ar").write_text("\n".join(ar) + "\n", encoding="utf-8")
    (folder / f"{name}.en").write_text("\n".join(en) + "\n", encoding="utf-8")
    write_links(folder / f"{name}.gold", links)


def test_a_long_link_becomes_one_pair_and_a_gap_link_is_left_out(tmp_path: Path) -> None:
    gold_suite(tmp_path, "verse", ["آية أولى", "آية ثانية"], ["First.", "It goes on.", "Second."], [((0,), (0, 1)), ((1,), (2,))])
    # The Qur'an's basmala, untranslated: its document keeps its translated links.
    gold_suite(tmp_path, "sura", ["بسم الله الرحمن الرحيم", "الم"], ["Alif. Lam. Mim."], [((0,), ()), ((1,), (0,))])
    documents = read_clean(tmp_path)
    assert list(documents) == ["sura", "verse"]
    assert [(p.ar, p.en) for p in documents["verse"]] == [("آية أولى", "First. It goes on."), ("آية ثانية", "Second.")]
    assert [(p.ar, p.en) for p in documents["sura"]] == [("الم", "Alif. Lam. Mim.")]


def test_a_document_whose_joined_link_is_longer_than_a_segment_may_be_is_left_out(tmp_path: Path) -> None:
    # Yusuf Ali renders six verses as one English sentence of 1,200 characters; joined with its neighbours, 2,400.
    long_sentence = "And " + "they went on, " * 90 + "and came back."
    gold_suite(tmp_path, "long", ["آية", "آية ثانية"], [long_sentence, long_sentence, "End."], [((0,), (0, 1)), ((1,), (2,))])
    gold_suite(tmp_path, "short", ["آية"], ["A verse."], [((0,), (0,))])
    assert len(long_sentence) < MAX_SEGMENT_CHARS < 2 * len(long_sentence)
    assert list(read_clean(tmp_path)) == ["short"]


def test_a_family_with_nothing_to_draw_from_is_skipped(tmp_path: Path) -> None:
    # One tiny document: no other document lends a sentence (insertion, unrelated), no number, name or negation.
    gold_suite(tmp_path / "clean", "tiny", ["عنوان", "ذهب الولد."], ["Title", "The boy went."], [((0,), (0,)), ((1,), (1,))])
    counts = build([tmp_path / "clean"], tmp_path / "suite", seed=12)
    assert counts == {"deletion": 1, "doubling": 1, "untranslated": 1}
    written = sorted(p.name for p in (tmp_path / "suite").glob("*.errors"))
    assert written == ["clean-tiny.errors", "deletion-tiny.errors", "doubling-tiny.errors", "untranslated-tiny.errors"]


def test_negation_is_not_removed_from_an_idiom_a_bound_or_a_double_negative() -> None:
    rng = random.Random(1)
    for en in (
        "Ms Humphreys lost her partner not long after the death of his mother.",
        "The fine is no more than 50 dollars.",
        "Yes, I milk myself, but you don't see no tail.",
    ):
        assert negation_removed([Pair("عنوان", "Title"), Pair("جملة بلا نفي", en)], 1, rng, []) is None
    removed = negation_removed([Pair("عنوان", "Title"), Pair("جملة", "The deal was not signed.")], 1, rng, [])
    assert removed is not None and removed[0][1].en == "The deal was signed."


def test_no_arabic_negator_is_added_before_a_name() -> None:
    # ترامب begins like a verb (ت…) but writes the English "Trump": لا ترامب would be no negated verb.
    pair = Pair("قال ترامب مزحته بصوت المذيع.", "Trump said it in his mock voice.")
    assert negation_added([Pair("عنوان", "Title"), pair], 1, random.Random(1), []) is None
    verb = Pair("قال إنه يحضر الاجتماع.", "He said he attends the meeting.")
    added = negation_added([Pair("عنوان", "Title"), verb], 1, random.Random(1), [])
    assert added is not None and "لا يحضر" in added[0][1].ar
