"""The review operations: each returns a new state, keeps the links consistent, undoes."""

from __future__ import annotations

from dataclasses import replace

import pytest
from conftest import AR, EN, make_alignment

from align.checks.runner import check_alignment
from align.model import Link, link_key
from align.review import state as review
from align.review.state import Decision, FlagRef, ReviewState

AR_NEGATED = "صلاحيات القوات لا تحدد من قبل الحكومة."


@pytest.fixture
def state() -> ReviewState:
    return review.start(make_alignment())


def keys(state: ReviewState) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [link_key(link) for link in state.links]


def assert_consistent(state: ReviewState) -> None:
    """Every segment in exactly one link, links in document order, flags as the checks give them."""
    for lang, side in (("ar", state.alignment.source), ("en", state.alignment.target)):
        ids = [i for link in state.links for i in getattr(link, lang)]
        assert ids == list(range(len(side.segments)))
    assert all(link.ar or link.en for link in state.links)
    fresh = check_alignment(replace(state.alignment, links=[Link(l.ar, l.en, l.score) for l in state.links]))
    assert [link.flags for link in fresh.links] == [link.flags for link in state.links]


def test_start_copies_the_alignment_and_never_mutates_it() -> None:
    alignment = make_alignment()
    before = [(link.ar, link.en, list(link.flags)) for link in alignment.links]
    state = review.start(alignment)
    state = review.merge(state, ((0,), (0,)), ((1,), (1,)))
    review.split(state, ((0, 1), (0, 1)), 1, 1)
    assert [(link.ar, link.en, link.flags) for link in alignment.links] == before


def test_accept_and_reject_set_status_and_reset(state: ReviewState) -> None:
    accepted = review.set_status(state, ((0,), (0,)), "accepted")
    rejected = review.set_status(accepted, ((3,), ()), "rejected")
    assert rejected.status_of(rejected.links[0]) == "accepted"
    assert rejected.status_of(rejected.links[3]) == "rejected"
    assert state.status_of(state.links[0]) == "unreviewed"
    reset = review.set_status(rejected, ((0,), (0,)), "unreviewed")
    assert reset.status_of(reset.links[0]) == "unreviewed"


def test_status_of_unknown_link_or_value_is_refused(state: ReviewState) -> None:
    with pytest.raises(ValueError, match="no link ar 1-2 / en 1"):
        review.set_status(state, ((0, 1), (0,)), "accepted")
    with pytest.raises(ValueError, match="status must be one of"):
        review.set_status(state, ((0,), (0,)), "maybe")  # type: ignore[arg-type]


def test_merge_joins_neighbours_and_rechecks(state: ReviewState) -> None:
    state = review.set_status(state, ((1,), (1,)), "accepted")
    merged = review.merge(state, ((1,), (1,)), ((2,), (2,)))
    assert keys(merged) == [((0,), (0,)), ((1, 2), (1, 2)), ((3,), ()), ((4,), (3,)), ((), (4,))]
    assert merged.status_of(merged.links[1]) == "unreviewed"
    assert merged.links[1].score == pytest.approx(0.75)
    assert_consistent(merged)


def test_merging_a_gap_rechecks_the_merged_link(state: ReviewState) -> None:
    assert state.links[3].flags, "a 1-0 link is flagged"
    merged = review.merge(state, ((2,), (2,)), ((3,), ()))
    assert keys(merged)[2] == ((2, 3), (2,))
    assert {f.code for f in state.links[3].flags} - {f.code for f in merged.links[2].flags}
    assert_consistent(merged)


def test_merge_refuses_non_adjacent_links(state: ReviewState) -> None:
    with pytest.raises(ValueError, match="only a link and the link right after it"):
        review.merge(state, ((0,), (0,)), ((2,), (2,)))
    with pytest.raises(ValueError, match="only a link and the link right after it"):
        review.merge(state, ((1,), (1,)), ((0,), (0,)))


def test_split_cuts_at_segment_boundaries(state: ReviewState) -> None:
    merged = review.merge(state, ((1,), (1,)), ((2,), (2,)))
    split = review.split(merged, ((1, 2), (1, 2)), 1, 1)
    assert keys(split) == keys(state)
    assert_consistent(split)
    uneven = review.split(merged, ((1, 2), (1, 2)), 1, 2)
    assert keys(uneven)[1:3] == [((1,), (1, 2)), ((2,), ())]
    assert_consistent(uneven)


def test_split_refuses_empty_parts_and_points_outside(state: ReviewState) -> None:
    with pytest.raises(ValueError, match="empty link"):
        review.split(state, ((0,), (0,)), 0, 0)
    with pytest.raises(ValueError, match="outside"):
        review.split(state, ((0,), (0,)), 2, 0)


@pytest.mark.parametrize(
    ("key", "lang", "direction", "expected"),
    [
        (((2,), (2,)), "en", "prev", [((0,), (0,)), ((1,), (1, 2)), ((2,), ()), ((3,), ()), ((4,), (3,)), ((), (4,))]),
        (((1,), (1,)), "ar", "next", [((0,), (0,)), ((), (1,)), ((1, 2), (2,)), ((3,), ()), ((4,), (3,)), ((), (4,))]),
        (((3,), ()), "ar", "prev", [((0,), (0,)), ((1,), (1,)), ((2, 3), (2,)), ((4,), (3,)), ((), (4,))]),
        (((), (4,)), "en", "prev", [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((3,), ()), ((4,), (3, 4))]),
    ],
)
def test_move_segment_to_neighbour(state: ReviewState, key, lang, direction, expected) -> None:
    moved = review.move_segment(state, key, lang, direction)
    assert keys(moved) == expected
    assert_consistent(moved)


def test_move_refuses_missing_neighbour_or_segment(state: ReviewState) -> None:
    with pytest.raises(ValueError, match="no previous link"):
        review.move_segment(state, ((0,), (0,)), "ar", "prev")
    with pytest.raises(ValueError, match="no next link"):
        review.move_segment(state, ((), (4,)), "en", "next")
    with pytest.raises(ValueError, match="no English segment"):
        review.move_segment(state, ((3,), ()), "en", "next")


def test_false_alarm_is_kept_with_comment_and_closes_the_flag(state: ReviewState) -> None:
    gap = state.links[3]
    flag = gap.flags[0]
    ref = review.flag_ref(state.alignment, gap, flag)
    marked = review.mark_false_alarm(state, link_key(gap), ref, "  heading, not translated on purpose ")
    assert marked.false_alarm_comment(marked.links[3], flag) == "heading, not translated on purpose"
    assert flag not in marked.open_flags(marked.links[3])
    assert flag in state.open_flags(state.links[3])


def test_false_alarm_needs_an_existing_flag(state: ReviewState) -> None:
    with pytest.raises(ValueError, match="has no no-such-check flag"):
        review.mark_false_alarm(state, ((0,), (0,)), FlagRef("no-such-check"), "x")


def test_edit_english_replaces_text_and_original_clears_it(state: ReviewState) -> None:
    edited = review.edit_text(state, ((1,), (1,)), "en", "He said the agreement covers mine clearance.")
    assert edited.text(edited.links[1], "en") == "He said the agreement covers mine clearance."
    assert edited.text(edited.links[0], "en") == EN[0]
    assert edited.edited(edited.links[1], "en") and edited.original(edited.links[1], "en") == EN[1]
    restored = review.edit_text(edited, ((1,), (1,)), "en", EN[1])
    assert restored.edits == {} and restored == state


def test_edit_english_survives_arabic_moves_and_merges(state: ReviewState) -> None:
    edited = review.edit_text(state, ((1,), (1,)), "en", "He said it covers mine clearance")
    moved = review.move_segment(edited, ((1,), (1,)), "ar", "next")
    assert moved.text(moved.links[1], "en") == "He said it covers mine clearance"
    merged = review.merge(edited, ((1,), (1,)), ((2,), (2,)))
    assert merged.text(merged.links[1], "en") == f"He said it covers mine clearance {EN[2]}"


def test_edit_english_refusals(state: ReviewState) -> None:
    with pytest.raises(ValueError, match="no English segment"):
        review.edit_text(state, ((3,), ()), "en", "text")
    with pytest.raises(ValueError, match="cannot be empty"):
        review.edit_text(state, ((0,), (0,)), "en", "  ")
    merged = review.edit_text(review.merge(state, ((1,), (1,)), ((2,), (2,))), ((1, 2), (1, 2)), "en", "One sentence.")
    with pytest.raises(ValueError, match="was edited"):
        review.split(merged, ((1, 2), (1, 2)), 1, 1)


def test_undo_steps_back_through_every_operation(state: ReviewState) -> None:
    states = [state]
    for decision in [
        Decision.status(((0,), (0,)), "accepted"),
        Decision.merge(((1,), (1,)), ((2,), (2,))),
        Decision.split(((1, 2), (1, 2)), 1, 2),
        Decision.move(((4,), (3,)), "en", "next"),
        Decision.edit(((0,), (0,)), "en", "Edited."),
    ]:
        states.append(review.apply(states[-1], decision))
    current = states[-1]
    for expected in reversed(states[:-1]):
        current = review.undo(current)
        assert current == expected
    with pytest.raises(ValueError, match="nothing to undo"):
        review.undo(current)


def test_decisions_round_trip_through_json() -> None:
    decision = Decision.false_alarm(((1, 2), (3,)), FlagRef("numbers", "en", 4, 7), "ok")
    assert Decision.from_json(decision.to_json()) == decision
    with pytest.raises(ValueError, match="unknown review operation"):
        Decision.from_json({"op": "drop-table"})


def test_replay_rebuilds_the_state_and_reports_what_no_longer_applies() -> None:
    alignment = make_alignment()
    log = [
        Decision.merge(((1,), (1,)), ((2,), (2,))),
        Decision.status(((1, 2), (1, 2)), "accepted"),
        Decision.status(((9,), (9,)), "accepted"),
        Decision.undo(),
        Decision.edit(((0,), (0,)), "en", "Edited."),
    ]
    result = review.replay(alignment, log)
    assert [position for position, _ in result.skipped] == [2]
    assert keys(result.state)[1] == ((1, 2), (1, 2))
    assert result.state.status_of(result.state.links[1]) == "accepted"
    assert result.state.text(result.state.links[0], "en") == "Edited."
    live = review.start(alignment)
    for decision in (log[0], log[1], log[4]):
        live = review.apply(live, decision)
    assert result.state == live


def test_effective_drops_undone_decisions() -> None:
    a, b, c = (Decision.status(((i,), (i,)), "accepted") for i in range(3))
    assert review.effective([a, b, Decision.undo(), c, Decision.undo(), Decision.undo()]) == []
    assert review.effective([a, b, Decision.undo(), c]) == [a, c]


def test_remap_follows_unchanged_segments_and_drops_changed_ones() -> None:
    old = ["one.", "two.", "three."]
    new = ["zero.", "one.", "two!", "three."]
    mapping = review.segment_id_map(old, new)
    assert mapping == {0: 1, 2: 3}
    kept = review.remap(Decision.status(((0,), (2,)), "accepted"), mapping, mapping)
    assert kept == Decision.status(((1,), (3,)), "accepted")
    assert review.remap(Decision.merge(((0,), (0,)), ((1,), (1,))), mapping, mapping) is None


def test_an_english_edit_is_rechecked_and_rescored() -> None:
    from conftest import build

    alignment = check_alignment(build(
        (AR_NEGATED, "The powers of the forces would not be not determined by the government."),
        (AR[1], EN[1]),
    ))
    assert "negation-mismatch" in {f.code for f in alignment.links[0].flags}
    scored: list[str] = []

    def score(current):
        scored.append(current.target.segments[0].text)
        return [0.42] * len(current.links)

    state = review.start(alignment, score=score)
    fixed = review.edit_text(state, ((0,), (0,)), "en", "The powers of the forces would not be determined by the government.")
    assert "negation-mismatch" not in {f.code for f in fixed.links[0].flags}, "the fixed negation is no longer flagged"
    assert scored == ["The powers of the forces would not be determined by the government."], "scored on the edited text"
    assert fixed.links[0].score == 0.42 and fixed.links[1].score == alignment.links[1].score
    assert_consistent(fixed)
    assert review.undo(fixed).links[0].flags == state.links[0].flags


def test_an_arabic_edit_is_rechecked_and_its_flags_point_at_the_new_text(state: ReviewState) -> None:
    edited = review.edit_text(state, ((2,), (2,)), "ar", "وتشمل أيضا البحث عن ١٧٠ جنديا مفقودا.")
    flags = [f for f in edited.links[2].flags if f.code == "number-mismatch"]
    assert flags, "170 in the Arabic against 150 in the English is flagged"
    side = edited.alignment.source
    assert {side.text[f.start : f.end] for f in flags if f.side == "ar"} == {"١٧٠"}
    assert edited.text(edited.links[2], "ar").startswith("وتشمل أيضا البحث عن ١٧٠")
    assert edited.original(edited.links[2], "ar") == AR[2]
    assert [link.flags for link in edited.links[:2]] == [link.flags for link in state.links[:2]]


def test_edits_recheck_with_the_configured_thresholds() -> None:
    from align.settings import Settings

    from align.checks.registry import Thresholds

    alignment = make_alignment()
    strict = Settings(thresholds=Thresholds(length_ratio_min=0.99, length_ratio_max=1.01, length_min_chars=1))
    state = review.start(alignment, check=strict.checker())
    edited = review.edit_text(state, ((1,), (1,)), "en", "He said the agreement covers the clearance of mines.")
    assert "length-ratio" in {f.code for f in edited.links[1].flags}
    default = review.edit_text(review.start(alignment), ((1,), (1,)), "en", "He said the agreement covers the clearance of mines.")
    assert "length-ratio" not in {f.code for f in default.links[1].flags}


def test_a_link_emptied_to_a_gap_scores_zero_and_parts_are_rescored(state: ReviewState) -> None:
    moved = review.move_segment(state, ((1,), (1,)), "en", "prev")
    assert review.describe(link_key(moved.links[1])) == "ar 2 / en none"
    assert moved.links[1].score == 0.0, "a link left without English links nothing"

    def score(current):
        return [0.0 if not (link.ar and link.en) else 0.1 * (i + 1) for i, link in enumerate(current.links)]

    scored = review.start(make_alignment(), score=score)
    merged = review.merge(scored, ((1,), (1,)), ((2,), (2,)))
    split = review.split(merged, ((1, 2), (1, 2)), 1, 1)
    assert [link.score for link in split.links[1:3]] == [pytest.approx(0.2), pytest.approx(0.3)]


def test_redo_goes_forward_until_a_new_decision(state: ReviewState) -> None:
    accepted = review.set_status(state, ((0,), (0,)), "accepted")
    merged = review.merge(accepted, ((1,), (1,)), ((2,), (2,)))
    back = review.undo(review.undo(merged))
    assert back == state
    assert review.redo(back) == accepted
    assert review.redo(review.redo(back)) == merged
    with pytest.raises(ValueError, match="nothing to redo"):
        review.redo(merged)
    other = review.set_status(review.undo(merged), ((4,), (3,)), "rejected")
    with pytest.raises(ValueError, match="nothing to redo"):
        review.redo(other)
    log = [Decision.status(((0,), (0,)), "accepted"), Decision.undo(), Decision.redo()]
    assert review.replay(make_alignment(), log).state == accepted
    assert review.effective(log) == [log[0]]
    assert review.effective([*log, Decision.undo(), Decision.status(((1,), (1,)), "accepted"), Decision.redo()]) == [
        Decision.status(((1,), (1,)), "accepted")
    ]


def test_bulk_status_is_one_decision_with_one_undo(state: ReviewState) -> None:
    clean = [link_key(link) for link in state.links if not link.flags]
    assert len(clean) >= 2
    decision = Decision.statuses(clean, "accepted")
    accepted = review.apply(state, decision)
    assert [accepted.status_of(link) for link in accepted.links if link_key(link) in clean] == ["accepted"] * len(clean)
    assert review.undo(accepted) == state
    assert Decision.from_json(decision.to_json()) == decision
    assert decision.summary() == f"accepted {len(clean)} links at once"
    with pytest.raises(ValueError, match="no link"):
        review.set_statuses(state, [((9,), (9,))], "accepted")


def test_a_legacy_english_edit_in_the_log_still_applies(state: ReviewState) -> None:
    legacy = Decision.from_json({"op": "edit_en", "args": {"link": [[0], [0]], "text": "Edited."}})
    assert review.apply(state, legacy) == review.apply(state, Decision.edit(((0,), (0,)), "en", "Edited."))


def test_decisions_read_as_a_reviewer_says_them() -> None:
    assert Decision.status(((2,), (3, 4)), "accepted").summary() == "accepted ar 3 / en 4-5"
    assert Decision.status(((2,), ()), "unreviewed").summary() == "reset ar 3 / en none"
    assert Decision.edit(((1,), (1,)), "ar", "نص").summary() == "edited the Arabic of ar 2 / en 2"
    assert Decision.merge(((1,), (1,)), ((2,), (2,))).keys() == [((1,), (1,)), ((2,), (2,))]
    assert Decision.undo().keys() == []


def test_resume_continues_a_replay_as_a_full_replay_would() -> None:
    log = [
        Decision.status(((0,), (0,)), "accepted"),
        Decision.merge(((1,), (1,)), ((2,), (2,))),
        Decision.status(((9,), (9,)), "accepted"),
        Decision.undo(),
        Decision.redo(),
    ]
    full = review.replay(make_alignment(), log)
    for cut in range(len(log) + 1):
        resumed = review.resume(review.replay(make_alignment(), log[:cut]), log[cut:])
        assert (resumed.state, resumed.skipped, resumed.count) == (full.state, full.skipped, len(log))


CUT_AT = EN[1].index(" the agreement")  # "He said | the agreement covers mine clearance"


def assert_consistent_after_cuts(state: ReviewState) -> None:
    """As :func:`assert_consistent`, with the second parts of cut segments at their side's next free ids."""
    for lang, side in (("ar", state.alignment.source), ("en", state.alignment.target)):
        ids = [i for link in state.links for i in getattr(link, lang)]
        assert sorted(ids) == list(range(len(side.segments)))
        assert all(side.text[s.start : s.end] == s.text for s in side.segments), "every part is a slice of the file"
    bare = replace(state.alignment, links=[Link(l.ar, l.en, l.score) for l in state.links])
    fresh = check_alignment(review.in_document_order(bare))
    assert [link.flags for link in fresh.links] == [link.flags for link in state.links]


def test_a_cut_segment_becomes_two_parts_in_its_link_and_no_other_key_changes(state: ReviewState) -> None:
    state = review.set_status(state, ((0,), (0,)), "accepted")
    cut = review.split_segment(state, ((1,), (1,)), "en", 1, CUT_AT)
    assert keys(cut) == [((0,), (0,)), ((1,), (1, 5)), ((2,), (2,)), ((3,), ()), ((4,), (3,)), ((), (4,))]
    segments = cut.alignment.target.segments
    assert (segments[1].text, segments[5].text) == ("He said", "the agreement covers mine clearance")
    assert cut.text(cut.links[1], "en") == EN[1], "the link still holds the whole text"
    assert cut.status_of(cut.links[0]) == "accepted", "other links keep their marks"
    assert cut.file_segment("en", 5) == 1 and cut.file_segment("en", 1) == 1
    assert Decision.split_segment(((1,), (1,)), "en", 1, CUT_AT).summary() == f"cut English segment 2 of ar 2 / en 2 after its character {CUT_AT}"
    assert_consistent_after_cuts(cut)


def test_a_cut_then_a_link_split_puts_the_parts_in_two_links(state: ReviewState) -> None:
    cut = review.split_segment(state, ((1,), (1,)), "en", 1, CUT_AT)
    split = review.split(cut, ((1,), (1, 5)), 1, 1)
    assert keys(split)[1:3] == [((1,), (1,)), ((), (5,))]
    assert split.text(split.links[1], "en") == "He said" and split.text(split.links[2], "en") == "the agreement covers mine clearance"
    assert_consistent_after_cuts(split)
    moved = review.move_segment(cut, ((1,), (1, 5)), "en", "next")
    assert keys(moved)[1:3] == [((1,), (1,)), ((2,), (5, 2))], "a part moves like any segment"
    assert moved.text(moved.links[2], "en") == f"the agreement covers mine clearance {EN[2]}"
    assert_consistent_after_cuts(moved)


def test_an_arabic_cut_and_a_cut_of_a_part_take_the_next_free_ids(state: ReviewState) -> None:
    at = AR[0].index(" اتفاقية")
    cut = review.split_segment(state, ((0,), (0,)), "ar", 0, at)
    assert keys(cut)[0] == ((0, 5), (0,))
    again = review.split_segment(cut, ((0, 5), (0,)), "ar", 5, cut.alignment.source.segments[5].text.index(" مع"))
    assert keys(again)[0] == ((0, 5, 6), (0,))
    assert [again.alignment.source.segments[i].text for i in (0, 5, 6)] == [AR[0][:at], "اتفاقية تعاون دفاعي", "مع إيران."]
    assert again.file_segment("ar", 6) == 0
    assert_consistent_after_cuts(again)


def test_links_with_cut_parts_are_scored_with_ids_in_document_order(state: ReviewState) -> None:
    seen = []

    def score(alignment):
        seen.append([i for link in alignment.links for i in link.en])
        return [0.5] * len(alignment.links)

    state = replace(state, score=score)
    cut = review.split_segment(state, ((1,), (1,)), "en", 1, CUT_AT)
    review.split(cut, ((1,), (1, 5)), 1, 1)
    assert seen == [[0, 1, 2, 3, 4, 5]] * 2, "the scorer reads ids as positions"


def test_a_cut_undoes_redoes_and_replays_from_the_store(tmp_path) -> None:
    from align.review.store import ReviewStore

    alignment = make_alignment()
    store = ReviewStore(tmp_path / "review.sqlite")
    session = store.open_session(alignment.source, alignment.target)
    log = [
        Decision.split_segment(((1,), (1,)), "en", 1, CUT_AT),
        Decision.split(((1,), (1, 5)), 1, 1),
        Decision.status(((), (5,)), "accepted"),
        Decision.undo(),
        Decision.redo(),
    ]
    live = review.start(alignment)
    states = [live]
    for decision in log:
        live = review.apply(live, decision)
        states.append(live)
        store.append(session, decision)
    assert review.undo(states[1]) == states[0], "undo restores the whole segment"
    assert review.redo(review.undo(states[1])) == states[1]
    result = review.replay(alignment, ReviewStore(tmp_path / "review.sqlite").decisions(session))
    assert not result.skipped and result.state == live
    assert result.state.alignment.target.segments == live.alignment.target.segments
    assert result.state.status_of(result.state.links[2]) == "accepted"


@pytest.mark.parametrize(
    ("lang", "segment", "at", "message"),
    [
        ("en", 1, 0, "choose a point inside its text"),
        ("en", 1, len(EN[1]), "choose a point inside its text"),
        ("en", 2, 5, "English segment 3 is not in ar 2 / en 2"),
        ("en", 9, 5, "English segment 10 is not in"),
        ("fr", 1, 5, "a cut needs lang ar or en"),
    ],
)
def test_cut_refusals(state: ReviewState, lang, segment, at, message) -> None:
    with pytest.raises(ValueError, match=message):
        review.split_segment(state, ((1,), (1,)), lang, segment, at)


def test_a_cut_that_leaves_only_white_space_or_cuts_an_edit_is_refused(state: ReviewState) -> None:
    spaced = review.edit_text(state, ((1,), (1,)), "en", "He said.  ")
    with pytest.raises(ValueError, match="was edited: undo the edit before cutting it"):
        review.split_segment(spaced, ((1,), (1,)), "en", 1, 3)
    padded = replace(
        state.alignment.target.segments[4], text=f"\n{EN[4]}", start=state.alignment.target.segments[4].start - 1
    )
    target = replace(state.alignment.target, segments=(*state.alignment.target.segments[:4], padded))
    state = review.start(replace(state.alignment, target=target))
    with pytest.raises(ValueError, match="only white space"):
        review.split_segment(state, ((), (4,)), "en", 4, 1)
    with pytest.raises(ValueError, match="no link ar 8 / en 8"):
        review.apply(state, Decision.split_segment(((7,), (7,)), "en", 7, 1))


def test_a_cut_follows_its_segment_to_a_changed_document() -> None:
    mapping = review.segment_id_map(["one.", "two.", "three."], ["zero.", "one.", "two!", "three."])
    cut = Decision.split_segment(((0,), (2,)), "en", 2, 3)
    assert review.remap(cut, mapping, mapping) == Decision.split_segment(((1,), (3,)), "en", 3, 3)
    assert review.remap(Decision.split_segment(((0,), (1,)), "en", 1, 2), mapping, mapping) is None
    assert review.remap(Decision.status(((0,), (2, 3)), "accepted"), mapping, mapping) is None, "a cut part's id never maps"
