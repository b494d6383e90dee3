"""Running the checks: disabled codes, untouched input, reruns, and the seed's quick translation."""

from __future__ import annotations

import pytest
from conftest import SEED_BLOG, build, flags_of

from align.checks.runner import check_alignment
from align.errors import InputError
from align.model import Alignment, Flag, Link, Segment, Side


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


def test_quoted_text_in_messages_is_bidi_isolated() -> None:
    """An Arabic quote keeps its full stop inside it and the closing quote after it, in an English sentence."""
    checked = check_alignment(build(("لا يحق للأشخاص.", None), ("وقال إن العدد ١٥٠ جنديا.", "He said 160 soldiers.")))
    gap = checked.links[0].flags[0]
    assert gap.message == "The Arabic '\u2068لا يحق للأشخاص.\u2069' has no English translation."
    numbers = [f for f in checked.links[1].flags if f.code == "number-mismatch"]
    assert numbers and all("'\u2068" in f.message and "\u2069'" in f.message for f in numbers)
    for link in checked.links:
        for flag in link.flags:
            assert flag.message.count("\u2068") == flag.message.count("\u2069"), flag.message


def test_only_the_given_links_are_checked_and_the_others_keep_their_flags() -> None:
    alignment = build(("لا يحق للأشخاص.", None), ("وقال إن العدد ١٥٠ جنديا.", "He said 160 soldiers."))
    marked = Flag("addition", "info", "kept as it was")
    alignment.links[0].flags = [marked]
    checked = check_alignment(alignment, only={1})
    assert checked.links[0].flags == [marked], "not checked: its flags stay"
    assert [f.code for f in checked.links[1].flags] == [f.code for f in check_alignment(alignment).links[1].flags]
