"""The review operations: each returns a new state, keeps the links consistent, undoes."""

from __future__ import annotations

from dataclasses import replace

import pytest
from conftest import EN, make_alignment

from align.checks.runner import check_alignment
from align.model import Link, link_key
from align.review import state as review
from align.review.state import Decision, FlagRef, ReviewState


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
    with pytest.raises(ValueError, match="no link ar 0-1 / en 0"):
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
    edited = review.edit_english(state, ((1,), (1,)), "He said the agreement covers mine clearance.")
    assert edited.english(edited.links[1]) == "He said the agreement covers mine clearance."
    assert edited.english(edited.links[0]) == EN[0]
    assert edited.alignment.text_of(edited.links[1], "en") == EN[1]
    restored = review.edit_english(edited, ((1,), (1,)), EN[1])
    assert restored.en_edits == {}


def test_edit_english_survives_arabic_moves_and_merges(state: ReviewState) -> None:
    edited = review.edit_english(state, ((1,), (1,)), "He said it covers mine clearance")
    moved = review.move_segment(edited, ((1,), (1,)), "ar", "next")
    assert moved.english(moved.links[1]) == "He said it covers mine clearance"
    merged = review.merge(edited, ((1,), (1,)), ((2,), (2,)))
    assert merged.english(merged.links[1]) == f"He said it covers mine clearance {EN[2]}"


def test_edit_english_refusals(state: ReviewState) -> None:
    with pytest.raises(ValueError, match="no English segment"):
        review.edit_english(state, ((3,), ()), "text")
    with pytest.raises(ValueError, match="cannot be empty"):
        review.edit_english(state, ((0,), (0,)), "  ")
    merged = review.edit_english(review.merge(state, ((1,), (1,)), ((2,), (2,))), ((1, 2), (1, 2)), "One sentence.")
    with pytest.raises(ValueError, match="was edited"):
        review.split(merged, ((1, 2), (1, 2)), 1, 1)


def test_undo_steps_back_through_every_operation(state: ReviewState) -> None:
    states = [state]
    for decision in [
        Decision.status(((0,), (0,)), "accepted"),
        Decision.merge(((1,), (1,)), ((2,), (2,))),
        Decision.split(((1, 2), (1, 2)), 1, 2),
        Decision.move(((4,), (3,)), "en", "next"),
        Decision.edit_en(((0,), (0,)), "Edited."),
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
        Decision.edit_en(((0,), (0,)), "Edited."),
    ]
    result = review.replay(alignment, log)
    assert [position for position, _ in result.skipped] == [2]
    assert keys(result.state)[1] == ((1, 2), (1, 2))
    assert result.state.status_of(result.state.links[1]) == "accepted"
    assert result.state.english(result.state.links[0]) == "Edited."
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
