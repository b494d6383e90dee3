"""Review decisions on an alignment, as pure functions.

Every operation takes a :class:`ReviewState` and returns a new one; nothing is
mutated, so undo is a step back in the state's history. Each operation is also
a :class:`Decision` (plain JSON-able data): the review store keeps the log of
decisions, and :func:`replay` rebuilds the state from a fresh alignment, which
is how a review resumes after a restart.

Links are named by their :data:`LinkKey` (Arabic ids, English ids), not by
position: positions shift when links are merged or split, keys do not, and a
key still means the same text after the document was edited elsewhere.

Every operation that changes what a link holds (merge, split, move, a text
edit on either side) re-runs the checks and re-scores the links it changed.
Structurally changed links drop their old status and false-alarm marks: the
reviewer has not seen them in their new shape; an edited link keeps them (the
edit is the reviewer's own). An edited text lives after the original text in
its side's buffer (see :func:`_edited_side`), so every other flag keeps its
offsets into the original file and an edited link's flags point at its own text.

A reviewer may also cut a segment in two (:func:`split_segment`): the first
part keeps the segment's id and the second gets its side's next free id, so no
other link's key changes. A side's ids are then no longer its positions: the
links give the document order, and the scorer and the checks see the sides
renumbered in that order (see :func:`in_document_order`).

Undo steps back one decision and redo steps forward again until a new decision
is made; both are decisions in the log too.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from align.model import Alignment, Flag, Lang, Link, LinkKey, Segment, Side, link_key

Status = Literal["accepted", "rejected", "unreviewed"]
Direction = Literal["prev", "next"]
#: Re-runs the checks on the links at the given positions of an alignment (see ``check_alignment``'s ``only``).
Checker = Callable[[Alignment, Collection[int]], Alignment]
#: Scores every link of an alignment (0 for a gap); without one a changed link gets an estimate.
Scorer = Callable[[Alignment], Sequence[float]]
#: An edited text names its side and the segment ids it replaces.
EditKey = tuple[Lang, tuple[int, ...]]

STATUSES: tuple[Status, ...] = ("accepted", "rejected", "unreviewed")
#: ``edit_en`` is how logs written before both sides were editable name an English edit.
OPS = ("status", "statuses", "merge", "split", "move", "false_alarm", "edit", "edit_en", "split_segment", "undo", "redo")
LANGUAGE = {"ar": "Arabic", "en": "English"}


def describe(key: LinkKey) -> str:
    """A link key as a reviewer reads it, segments numbered from 1, e.g. ``ar 3-4 / en 5`` for ids ``(2, 3), (4,)``.

    A side holding the second part of a cut segment (an id past the others) lists its ids: ``en 2, 7``.
    """

    def ids(values: tuple[int, ...]) -> str:
        if not values:
            return "none"
        if len(values) == 1:
            return str(values[0] + 1)
        if list(values) == list(range(values[0], values[-1] + 1)):
            return f"{values[0] + 1}-{values[-1] + 1}"
        return ", ".join(str(i + 1) for i in values)

    return f"ar {ids(key[0])} / en {ids(key[1])}"


@dataclass(frozen=True)
class FlagRef:
    """Names a flag of a link independently of where the link sits in the file.

    ``start``/``end`` are relative to the first segment of the link on the
    flag's side, so the name survives edits elsewhere in the document.
    """

    code: str
    side: Lang | None = None
    start: int | None = None
    end: int | None = None

    def to_json(self) -> dict[str, Any]:
        """Plain data for the decision log."""
        return {"code": self.code, "side": self.side, "start": self.start, "end": self.end}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> FlagRef:
        """Inverse of :meth:`to_json`."""
        return cls(code=data["code"], side=data.get("side"), start=data.get("start"), end=data.get("end"))


def flag_ref(alignment: Alignment, link: Link, flag: Flag) -> FlagRef:
    """The :class:`FlagRef` of ``flag`` on ``link``."""
    if flag.side is None or flag.start is None or flag.end is None:
        return FlagRef(flag.code, flag.side)
    side = alignment.source if flag.side == "ar" else alignment.target
    ids = link.ar if flag.side == "ar" else link.en
    base = side.segments[ids[0]].start if ids else 0
    return FlagRef(flag.code, flag.side, flag.start - base, flag.end - base)


@dataclass(frozen=True)
class Decision:
    """One reviewer action, as stored in the decision log.

    Attributes:
        op: One of :data:`OPS`.
        args: JSON-able arguments; link keys as ``[[ar ids], [en ids]]``.
    """

    op: str
    args: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """Plain data for the decision log."""
        return {"op": self.op, "args": dict(self.args)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Decision:
        """Inverse of :meth:`to_json`.

        Raises:
            ValueError: Unknown operation.
        """
        if data.get("op") not in OPS:
            raise ValueError(f"unknown review operation {data.get('op')!r}")
        return cls(op=data["op"], args=dict(data.get("args") or {}))

    @staticmethod
    def status(key: LinkKey, status: Status) -> Decision:
        """Accept, reject or reset a link."""
        return Decision("status", {"link": _key_json(key), "status": status})

    @staticmethod
    def merge(first: LinkKey, second: LinkKey) -> Decision:
        """Merge two neighbouring links."""
        return Decision("merge", {"first": _key_json(first), "second": _key_json(second)})

    @staticmethod
    def split(key: LinkKey, ar_at: int, en_at: int) -> Decision:
        """Split a link before its ``ar_at``-th Arabic and ``en_at``-th English segment."""
        return Decision("split", {"link": _key_json(key), "ar_at": ar_at, "en_at": en_at})

    @staticmethod
    def move(key: LinkKey, lang: Lang, direction: Direction) -> Decision:
        """Move the first (``prev``) or last (``next``) segment of one side to the neighbour link."""
        return Decision("move", {"link": _key_json(key), "lang": lang, "direction": direction})

    @staticmethod
    def false_alarm(key: LinkKey, flag: FlagRef, comment: str) -> Decision:
        """Mark a flag as a false alarm, with the reviewer's reason."""
        return Decision("false_alarm", {"link": _key_json(key), "flag": flag.to_json(), "comment": comment})

    @staticmethod
    def statuses(keys: Sequence[LinkKey], status: Status) -> Decision:
        """Accept, reject or reset several links at once (one decision, one undo)."""
        return Decision("statuses", {"links": [_key_json(key) for key in keys], "status": status})

    @staticmethod
    def edit(key: LinkKey, lang: Lang, text: str) -> Decision:
        """Replace the Arabic or English text of a link."""
        return Decision("edit", {"link": _key_json(key), "lang": lang, "text": text})

    @staticmethod
    def split_segment(key: LinkKey, lang: Lang, segment: int, at: int) -> Decision:
        """Cut segment ``segment`` (an id of side ``lang`` of the link) in two before its ``at``-th character."""
        return Decision("split_segment", {"link": _key_json(key), "lang": lang, "segment": segment, "at": at})

    @staticmethod
    def undo() -> Decision:
        """Take back the last decision."""
        return Decision("undo")

    @staticmethod
    def redo() -> Decision:
        """Make the last decision taken back again."""
        return Decision("redo")

    def keys(self) -> list[LinkKey]:
        """The links this decision names (none for undo and redo)."""
        named = [self.args[name] for name in ("link", "first", "second") if name in self.args]
        return [_key(data) for data in (*named, *self.args.get("links", ()))]

    def summary(self) -> str:
        """The decision as a reviewer reads it in the history, e.g. ``accepted ar 3 / en 3``."""
        args = self.args
        if self.op == "status":
            return f"{'reset' if args['status'] == 'unreviewed' else args['status']} {describe(_key(args['link']))}"
        if self.op == "statuses":
            verb = "reset" if args["status"] == "unreviewed" else args["status"]
            return f"{verb} {len(args['links'])} links at once"
        if self.op == "merge":
            return f"merged {describe(_key(args['first']))} with {describe(_key(args['second']))}"
        if self.op == "split":
            return f"split {describe(_key(args['link']))} after {args['ar_at']} Arabic and {args['en_at']} English segments"
        if self.op == "move":
            which = "first" if args["direction"] == "prev" else "last"
            where = "previous" if args["direction"] == "prev" else "next"
            return f"moved the {which} {LANGUAGE[args['lang']]} segment of {describe(_key(args['link']))} to the {where} link"
        if self.op == "false_alarm":
            return f"marked {args['flag']['code']} on {describe(_key(args['link']))} a false alarm: {args['comment']}"
        if self.op in ("edit", "edit_en"):
            return f"edited the {LANGUAGE[args.get('lang', 'en')]} of {describe(_key(args['link']))}"
        if self.op == "split_segment":
            return (
                f"cut {LANGUAGE[args['lang']]} segment {args['segment'] + 1} of {describe(_key(args['link']))}"
                f" after its character {args['at']}"
            )
        return self.op


def _key_json(key: LinkKey) -> list[list[int]]:
    return [list(key[0]), list(key[1])]


def _key(data: Sequence[Sequence[int]]) -> LinkKey:
    return (tuple(int(i) for i in data[0]), tuple(int(i) for i in data[1]))


@dataclass(frozen=True)
class ReviewState:
    """An alignment under review.

    Attributes:
        alignment: The current links (after merges/splits/moves), with flags.
        status: Link key → ``accepted``/``rejected``; unreviewed links are absent.
        false_alarms: (link key, flag) → the reviewer's comment.
        edits: (side, segment ids of a link) → the reviewer's text for them;
            ``alignment``'s sides hold these texts (see :func:`_edited_side`).
        cuts: (side, id of a segment's second part) → the id of the segment it was cut from.
        originals: The sides as read from the file, with the reviewer's cuts
            (the text is the file's, each part of a cut segment a slice of it).
        history: Earlier states, newest last (for :func:`undo`).
        future: States taken back by :func:`undo`, the next one last (for :func:`redo`).
        check: Re-runs the checks on a changed alignment.
        score: Re-scores changed links, or ``None`` to estimate.
    """

    alignment: Alignment
    status: Mapping[LinkKey, Status] = field(default_factory=dict)
    false_alarms: Mapping[tuple[LinkKey, FlagRef], str] = field(default_factory=dict)
    edits: Mapping[EditKey, str] = field(default_factory=dict)
    cuts: Mapping[tuple[Lang, int], int] = field(default_factory=dict)
    originals: tuple[Side, Side] | None = field(default=None, repr=False, compare=False)
    history: tuple[ReviewState, ...] = field(default=(), repr=False, compare=False)
    future: tuple[ReviewState, ...] = field(default=(), repr=False, compare=False)
    check: Checker | None = field(default=None, repr=False, compare=False)
    score: Scorer | None = field(default=None, repr=False, compare=False)

    @property
    def links(self) -> list[Link]:
        """The current links, in document order."""
        return self.alignment.links

    def status_of(self, link: Link) -> Status:
        """``accepted``, ``rejected`` or ``unreviewed``."""
        return self.status.get(link_key(link), "unreviewed")

    def false_alarm_comment(self, link: Link, flag: Flag) -> str | None:
        """The reviewer's comment if ``flag`` was marked a false alarm, else ``None``."""
        return self.false_alarms.get((link_key(link), flag_ref(self.alignment, link, flag)))

    def open_flags(self, link: Link) -> list[Flag]:
        """Flags of ``link`` not marked as false alarms."""
        return [f for f in link.flags if self.false_alarm_comment(link, f) is None]

    def text(self, link: Link, lang: Lang) -> str:
        """The text of one side of ``link``: the reviewer's edit, or the original."""
        return self.alignment.text_of(link, lang)

    def edited(self, link: Link, lang: Lang) -> bool:
        """Whether the reviewer changed the text of this side of ``link``."""
        return (lang, tuple(link.ar if lang == "ar" else link.en)) in self.edits

    def original(self, link: Link, lang: Lang) -> str:
        """The text of one side of ``link`` as the file has it."""
        sides = self.originals or (self.alignment.source, self.alignment.target)
        side = sides[0] if lang == "ar" else sides[1]
        return " ".join(side.segments[i].text for i in (link.ar if lang == "ar" else link.en))

    def file_segment(self, lang: Lang, segment: int) -> int:
        """The id of the file's segment that ``segment`` is (a part of, when it was cut)."""
        while (lang, segment) in self.cuts:
            segment = self.cuts[(lang, segment)]
        return segment

    def file_segments(self, link: Link, lang: Lang) -> list[int]:
        """The ids of the file's segments that ``link`` holds on side ``lang``, ascending (a cut segment's parts count once)."""
        return sorted({self.file_segment(lang, i) for i in link.ids(lang)})

    def index(self, key: LinkKey) -> int:
        """Position of the link named ``key``.

        Raises:
            ValueError: No such link (it was merged, split or moved since).
        """
        for i, link in enumerate(self.links):
            if link_key(link) == key:
                return i
        raise ValueError(f"no link {describe(key)} in the alignment (it was merged, split or moved since)")


def start(alignment: Alignment, *, check: Checker | None = None, score: Scorer | None = None) -> ReviewState:
    """Begin reviewing ``alignment`` (already checked).

    Args:
        alignment: The checked alignment; it is copied, never mutated.
        check: Checker for changed links; ``align.checks.runner.check_alignment`` by default.
        score: Scorer for changed links; without one a merged link gets the
            segment-weighted mean of its parts' scores and split parts keep
            the score of the whole.
    """
    if check is None:
        from align.checks.runner import check_alignment

        def check(alignment: Alignment, only: Collection[int]) -> Alignment:
            return check_alignment(alignment, only=only)
    links = [_copy(link) for link in alignment.links]
    return ReviewState(
        alignment=replace(alignment, links=links), originals=(alignment.source, alignment.target), check=check, score=score
    )


def _copy(link: Link, **changes: Any) -> Link:
    fields: dict[str, Any] = {"ar": tuple(link.ar), "en": tuple(link.en), "score": link.score, "flags": list(link.flags)}
    fields.update(changes)
    return Link(**fields)


def _size(link: Link) -> int:
    return len(link.ar) + len(link.en)


def _step(state: ReviewState, **changes: Any) -> ReviewState:
    """A new state after ``state``, with history, keeping only marks of existing links; nothing left to redo."""
    new = replace(state, history=(*state.history, state), future=(), **changes)
    keys = {link_key(link) for link in new.links}
    return replace(
        new,
        status={k: v for k, v in new.status.items() if k in keys},
        false_alarms={k: v for k, v in new.false_alarms.items() if k[0] in keys},
    )


def _edited_side(original: Side, edits: Mapping[EditKey, str]) -> Side:
    """``original`` with the edited texts of its language in place of their segments.

    Each edited text is appended to the side's text (after a newline) and
    becomes the text of the first segment it replaces; the others become
    empty. The original text stays where it was, so the offsets of every
    unedited segment, and of every flag on one, are unchanged.
    """
    text = original.text
    segments = list(original.segments)
    for (lang, ids), edited in edits.items():
        if lang != original.lang:
            continue
        start = len(text) + 1
        text = f"{text}\n{edited}"
        segments[ids[0]] = Segment(ids[0], lang, edited, start, start + len(edited))
        for i in ids[1:]:
            segments[i] = Segment(i, lang, "", len(text), len(text))
    return replace(original, text=text, segments=tuple(segments))


def _restructure(
    state: ReviewState,
    links: list[Link],
    changed: Iterable[int],
    *,
    edits: Mapping[EditKey, str] | None = None,
    originals: tuple[Side, Side] | None = None,
    **changes: Any,
) -> ReviewState:
    """Replace the links (and the edited texts, or the sides after a cut), re-score and re-check the changed ones.

    Links with an edited text are re-checked too: their texts may have moved in
    the side's buffer, and their flags point into it.
    """
    edits = state.edits if edits is None else edits
    groups = {link_key(link) for link in links}
    edits = {
        (lang, ids): text for (lang, ids), text in edits.items()
        if any((key[0] if lang == "ar" else key[1]) == ids for key in groups)
    }
    alignment = state.alignment
    if originals is not None:
        changes["originals"] = originals
    originals = originals or state.originals
    if originals is not None and (edits != state.edits or "originals" in changes):
        alignment = replace(alignment, source=_edited_side(originals[0], edits), target=_edited_side(originals[1], edits))
    draft = replace(alignment, links=[_copy(link) for link in links])
    edited_links = {
        i for i, link in enumerate(draft.links) if ("ar", tuple(link.ar)) in edits or ("en", tuple(link.en)) in edits
    }
    changed = sorted(set(changed))
    if state.score is not None:
        scores = state.score(in_document_order(draft))
        for i in changed:
            draft.links[i] = _copy(draft.links[i], score=float(scores[i]))
    for i in changed:
        if not (draft.links[i].ar and draft.links[i].en):
            draft.links[i] = _copy(draft.links[i], score=0.0)  # a gap links nothing
    changed = sorted(set(changed) | edited_links)
    if state.check is not None:
        checked = state.check(in_document_order(draft), changed)
        for i in changed:
            draft.links[i] = _copy(draft.links[i], flags=list(checked.links[i].flags))
    _assert_consistent(draft)
    return _step(state, alignment=draft, edits=edits, **changes)


def _assert_consistent(alignment: Alignment) -> None:
    # Ops validate their arguments, so a failure here is a bug in this module.
    for lang, side in (("ar", alignment.source), ("en", alignment.target)):
        ids = [i for link in alignment.links for i in (link.ar if lang == "ar" else link.en)]
        assert sorted(ids) == list(range(len(side.segments))), f"{lang} segments not covered once"
    assert all(_size(link) for link in alignment.links), "empty link"


def in_document_order(alignment: Alignment) -> Alignment:
    """``alignment`` with each side's segments renumbered in document order (the order the links hold them in).

    After a cut a second part's id is its side's next free one, not its
    position; the aligner's scoring and the checks read ids as positions.
    Texts and offsets are unchanged, so flags found on the result hold for ``alignment``.
    """
    sides: dict[Lang, tuple[Side, dict[int, int]]] = {}
    langs: tuple[Lang, ...] = ("ar", "en")
    for lang in langs:
        side = alignment.source if lang == "ar" else alignment.target
        order = [i for link in alignment.links for i in (link.ar if lang == "ar" else link.en)]
        if order == list(range(len(side.segments))):
            sides[lang] = (side, {})
            continue
        position = {segment: n for n, segment in enumerate(order)}
        segments = tuple(replace(side.segments[segment], id=n) for n, segment in enumerate(order))
        sides[lang] = (replace(side, segments=segments), position)
    if not sides["ar"][1] and not sides["en"][1]:
        return alignment
    ar_at, en_at = sides["ar"][1], sides["en"][1]
    links = [
        _copy(link, ar=tuple(ar_at.get(i, i) for i in link.ar), en=tuple(en_at.get(i, i) for i in link.en))
        for link in alignment.links
    ]
    return replace(alignment, source=sides["ar"][0], target=sides["en"][0], links=links)


def set_status(state: ReviewState, key: LinkKey, status: Status) -> ReviewState:
    """Accept, reject or reset (``unreviewed``) a link.

    Raises:
        ValueError: Unknown link or status.
    """
    if status not in STATUSES:
        raise ValueError(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
    state.index(key)
    statuses = {k: v for k, v in state.status.items() if k != key}
    if status != "unreviewed":
        statuses[key] = status
    return _step(state, status=statuses)


def set_statuses(state: ReviewState, keys: Sequence[LinkKey], status: Status) -> ReviewState:
    """Accept, reject or reset several links in one step (so one undo takes them all back).

    Raises:
        ValueError: No links, an unknown link or status.
    """
    if status not in STATUSES:
        raise ValueError(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
    if not keys:
        raise ValueError("no links to set")
    for key in keys:
        state.index(key)
    statuses = {k: v for k, v in state.status.items() if k not in set(keys)}
    if status != "unreviewed":
        statuses.update(dict.fromkeys(keys, status))
    return _step(state, status=statuses)


def merge(state: ReviewState, first: LinkKey, second: LinkKey) -> ReviewState:
    """Merge a link with the link right after it.

    Raises:
        ValueError: Unknown links, or ``second`` does not directly follow ``first``.
    """
    i, j = state.index(first), state.index(second)
    if j != i + 1:
        raise ValueError(
            f"cannot merge {describe(first)} with {describe(second)}: only a link and the link right after it can be merged"
        )
    a, b = state.links[i], state.links[j]
    merged_score = (a.score * _size(a) + b.score * _size(b)) / (_size(a) + _size(b))
    merged = _copy(a, ar=(*a.ar, *b.ar), en=(*a.en, *b.en), score=merged_score, flags=[])
    edits = dict(state.edits)
    langs: tuple[Lang, ...] = ("ar", "en")
    for lang in langs:
        if any(state.edited(link, lang) for link in (a, b)):
            # The merged link holds both texts as the reviewer left them.
            edits[(lang, merged.ar if lang == "ar" else merged.en)] = " ".join(
                text for text in (state.text(a, lang), state.text(b, lang)) if text
            )
    links = [*state.links[:i], merged, *state.links[j + 1 :]]
    return _restructure(state, links, [i], edits=edits)


def split(state: ReviewState, key: LinkKey, ar_at: int, en_at: int) -> ReviewState:
    """Split a link in two: the first part gets the first ``ar_at`` Arabic and
    ``en_at`` English segments, the second part the rest.

    Raises:
        ValueError: Unknown link, a split point outside the link, a part that
            would be empty, or an edited text that would be cut.
    """
    i = state.index(key)
    link = state.links[i]
    if not (0 <= ar_at <= len(link.ar) and 0 <= en_at <= len(link.en)):
        raise ValueError(
            f"split point ({ar_at}, {en_at}) is outside {describe(key)}: "
            f"use 0-{len(link.ar)} Arabic and 0-{len(link.en)} English segments"
        )
    head = _copy(link, ar=link.ar[:ar_at], en=link.en[:en_at], flags=[])
    tail = _copy(link, ar=link.ar[ar_at:], en=link.en[en_at:], flags=[])
    if not _size(head) or not _size(tail):
        raise ValueError(f"splitting {describe(key)} at ({ar_at}, {en_at}) would leave an empty link")
    sides: tuple[tuple[Lang, int, tuple[int, ...]], ...] = (("ar", ar_at, link.ar), ("en", en_at, link.en))
    for lang, at, ids in sides:
        if 0 < at < len(ids) and state.edited(link, lang):
            raise ValueError(
                f"the {LANGUAGE[lang]} text of {describe(key)} was edited: undo the edit before splitting its {LANGUAGE[lang]} side"
            )
    links = [*state.links[:i], head, tail, *state.links[i + 1 :]]
    return _restructure(state, links, [i, i + 1])


def move_segment(state: ReviewState, key: LinkKey, lang: Lang, direction: Direction) -> ReviewState:
    """Move one segment of one side to the neighbouring link.

    ``prev`` moves the link's first ``lang`` segment to the end of the link
    before; ``next`` moves its last one to the start of the link after. A link
    left with no segment disappears.

    Raises:
        ValueError: Unknown link, no segment on that side, no neighbour, or an
            edited text that would change.
    """
    if lang not in ("ar", "en") or direction not in ("prev", "next"):
        raise ValueError(f"move needs lang ar/en and direction prev/next, not {lang!r}/{direction!r}")
    i = state.index(key)
    j = i - 1 if direction == "prev" else i + 1
    if not 0 <= j < len(state.links):
        raise ValueError(f"{describe(key)} has no {'previous' if direction == 'prev' else 'next'} link to move a segment to")
    link, neighbour = state.links[i], state.links[j]
    ids = link.ar if lang == "ar" else link.en
    if not ids:
        raise ValueError(f"{describe(key)} has no {'Arabic' if lang == 'ar' else 'English'} segment to move")
    if any(state.edited(other, lang) for other in (link, neighbour)):
        raise ValueError(f"the {LANGUAGE[lang]} text of {describe(key)} or its neighbour was edited: undo the edit first")
    others = neighbour.ar if lang == "ar" else neighbour.en
    if direction == "prev":
        rest, gained = ids[1:], (*others, ids[0])
    else:
        rest, gained = ids[:-1], (ids[-1], *others)
    shrunk = _copy(link, flags=[], **{lang: tuple(rest)})
    grown = _copy(neighbour, flags=[], **{lang: gained})
    links = list(state.links)
    links[i], links[j] = shrunk, grown
    if not _size(shrunk):
        del links[i]
        return _restructure(state, links, [min(i, j)])
    return _restructure(state, links, [i, j])


def mark_false_alarm(state: ReviewState, key: LinkKey, flag: FlagRef, comment: str) -> ReviewState:
    """Mark a flag of a link as a false alarm, with the reviewer's reason.

    Raises:
        ValueError: Unknown link, or the link has no such flag.
    """
    link = state.links[state.index(key)]
    if all(flag_ref(state.alignment, link, f) != flag for f in link.flags):
        raise ValueError(f"{describe(key)} has no {flag.code} flag to mark as a false alarm")
    return _step(state, false_alarms={**state.false_alarms, (key, flag): comment.strip()})


def edit_text(state: ReviewState, key: LinkKey, lang: Lang, text: str) -> ReviewState:
    """Replace the Arabic or English text of a link, then re-check and re-score it; the original text clears the edit.

    Raises:
        ValueError: Unknown link or side, a link with no segment on that side, or empty text.
    """
    if lang not in ("ar", "en"):
        raise ValueError(f"edit needs lang ar or en, not {lang!r}")
    i = state.index(key)
    link = state.links[i]
    ids = tuple(link.ar if lang == "ar" else link.en)
    if not ids:
        raise ValueError(f"{describe(key)} has no {LANGUAGE[lang]} segment to edit")
    if not text.strip():
        raise ValueError(f"the {LANGUAGE[lang]} text cannot be empty: reject the link instead")
    edits = {k: v for k, v in state.edits.items() if k != (lang, ids)}
    if text != state.original(link, lang):
        edits[(lang, ids)] = text
    return _restructure(state, list(state.links), [i], edits=edits)


def split_segment(state: ReviewState, key: LinkKey, lang: Lang, segment: int, at: int) -> ReviewState:
    """Cut one segment of a link in two before its ``at``-th character; the link then holds both parts.

    The first part keeps the segment's id, the second gets the side's next
    free id, so every link keeps its key but this one. White space at the cut
    goes with neither part. The reviewer may then split the link between the
    parts or move one of them.

    Raises:
        ValueError: Unknown link or side, a segment not in the link, an edited
            side, or a cut that would leave a part with no text.
    """
    if lang not in ("ar", "en"):
        raise ValueError(f"a cut needs lang ar or en, not {lang!r}")
    i = state.index(key)
    link = state.links[i]
    ids = link.ar if lang == "ar" else link.en
    if segment not in ids:
        raise ValueError(f"{LANGUAGE[lang]} segment {segment + 1} is not in {describe(key)}")
    if state.edited(link, lang):
        raise ValueError(f"the {LANGUAGE[lang]} text of {describe(key)} was edited: undo the edit before cutting it")
    originals = state.originals or (state.alignment.source, state.alignment.target)
    side = originals[0] if lang == "ar" else originals[1]
    whole = side.segments[segment]
    text = whole.text
    if not 0 < at < len(text):
        raise ValueError(f"cut at character {at} of a {len(text)}-character segment: choose a point inside its text")
    first, rest = text[:at].rstrip(), text[at:]
    second = rest.lstrip()
    if not first.strip() or not second.strip():
        raise ValueError("that cut leaves a part with only white space: choose a point between two words")
    new_id = len(side.segments)
    begin = whole.start + at + len(rest) - len(second)
    segments = (
        *side.segments[:segment],
        replace(whole, text=first, end=whole.start + len(first)),
        *side.segments[segment + 1 :],
        Segment(new_id, lang, second, begin, begin + len(second)),
    )
    cut = replace(side, segments=segments)
    at_cut = ids.index(segment) + 1
    parts = (*ids[:at_cut], new_id, *ids[at_cut:])
    links = list(state.links)
    links[i] = _copy(link, flags=[], **{lang: parts})
    return _restructure(
        state, links, [i],
        originals=(cut, originals[1]) if lang == "ar" else (originals[0], cut),
        cuts={**state.cuts, (lang, new_id): segment},
    )


def undo(state: ReviewState) -> ReviewState:
    """The state before the last decision; :func:`redo` goes forward again.

    Raises:
        ValueError: Nothing to undo.
    """
    if not state.history:
        raise ValueError("nothing to undo")
    return replace(state.history[-1], future=(*state.future, state))


def redo(state: ReviewState) -> ReviewState:
    """The state the last :func:`undo` took back.

    Raises:
        ValueError: Nothing to redo (nothing was undone, or a decision was made since).
    """
    if not state.future:
        raise ValueError("nothing to redo")
    return replace(state.future[-1], future=state.future[:-1])


def apply(state: ReviewState, decision: Decision) -> ReviewState:
    """Apply one logged decision.

    Raises:
        ValueError: The decision does not apply to this state (see each operation).
    """
    args = decision.args
    try:
        if decision.op == "status":
            return set_status(state, _key(args["link"]), args["status"])
        if decision.op == "statuses":
            return set_statuses(state, [_key(key) for key in args["links"]], args["status"])
        if decision.op == "merge":
            return merge(state, _key(args["first"]), _key(args["second"]))
        if decision.op == "split":
            return split(state, _key(args["link"]), int(args["ar_at"]), int(args["en_at"]))
        if decision.op == "move":
            return move_segment(state, _key(args["link"]), args["lang"], args["direction"])
        if decision.op == "false_alarm":
            return mark_false_alarm(state, _key(args["link"]), FlagRef.from_json(args["flag"]), str(args["comment"]))
        if decision.op in ("edit", "edit_en"):
            return edit_text(state, _key(args["link"]), args.get("lang", "en"), str(args["text"]))
        if decision.op == "split_segment":
            return split_segment(state, _key(args["link"]), args["lang"], int(args["segment"]), int(args["at"]))
        if decision.op == "undo":
            return undo(state)
        if decision.op == "redo":
            return redo(state)
    except (KeyError, IndexError, TypeError) as err:
        raise ValueError(f"malformed {decision.op} decision: {err!r}") from err
    raise ValueError(f"unknown review operation {decision.op!r}")


@dataclass(frozen=True)
class Replay:
    """The outcome of :func:`replay`.

    Attributes:
        state: The state after all decisions that still apply.
        skipped: ``(position in the log, reason)`` of each decision that did not apply.
        count: How many decisions of the log were replayed.
    """

    state: ReviewState
    skipped: list[tuple[int, str]]
    count: int = 0


def replay(
    alignment: Alignment,
    decisions: Iterable[Decision],
    *,
    check: Checker | None = None,
    score: Scorer | None = None,
) -> Replay:
    """Rebuild a review from a fresh alignment and the decision log.

    A decision that no longer applies is skipped but still takes a step in the
    history, so a later ``undo`` (or ``redo``) in the log takes back (or makes
    again) the same decision it did when it was made.
    """
    return resume(Replay(start(alignment, check=check, score=score), []), decisions)


def resume(done: Replay, more: Iterable[Decision]) -> Replay:
    """Continue a replay with the decisions the log gained since (another tab's, say), as :func:`replay` would."""
    state, skipped, count = done.state, list(done.skipped), done.count
    for decision in more:
        try:
            state = apply(state, decision)
        except ValueError as err:
            skipped.append((count, str(err)))
            if decision.op not in ("undo", "redo"):
                state = _step(state)
        count += 1
    return Replay(state=state, skipped=skipped, count=count)


def in_force(decisions: Sequence[Decision]) -> list[int]:
    """Positions in the log of the decisions in force after its undos and redos, in log order."""
    kept: list[int] = []
    undone: list[int] = []
    for position, decision in enumerate(decisions):
        if decision.op == "undo":
            if kept:
                undone.append(kept.pop())
        elif decision.op == "redo":
            if undone:
                kept.append(undone.pop())
        else:
            kept.append(position)
            undone.clear()
    return kept


def effective(decisions: Iterable[Decision]) -> list[Decision]:
    """The decisions in force after the log's undos and redos, in log order."""
    log = list(decisions)
    return [log[position] for position in in_force(log)]


def segment_id_map(old_texts: Sequence[str], new_texts: Sequence[str]) -> dict[int, int]:
    """Old segment id → new segment id, for segments whose text is unchanged."""
    matcher = difflib.SequenceMatcher(None, list(old_texts), list(new_texts), autojunk=False)
    mapping: dict[int, int] = {}
    for tag, i1, i2, j1, _j2 in matcher.get_opcodes():
        if tag == "equal":
            mapping.update({i1 + k: j1 + k for k in range(i2 - i1)})
    return mapping


def remap(decision: Decision, ar_map: Mapping[int, int], en_map: Mapping[int, int]) -> Decision | None:
    """``decision`` with segment ids moved to a changed document.

    Returns:
        The remapped decision, or ``None`` when a segment it refers to changed.
    """
    def moved(data: Sequence[Sequence[int]]) -> list[list[int]] | None:
        ar_ids, en_ids = _key(data)
        if any(i not in ar_map for i in ar_ids) or any(i not in en_map for i in en_ids):
            return None
        return _key_json(((*(ar_map[i] for i in ar_ids),), (*(en_map[i] for i in en_ids),)))

    args = dict(decision.args)
    if "segment" in args:
        # A cut names its segment by id too; a second part's id is past the file's and never maps.
        segment = (ar_map if args["lang"] == "ar" else en_map).get(int(args["segment"]))
        if segment is None:
            return None
        args["segment"] = segment
    for name in ("link", "first", "second"):
        if name in args:
            if (new := moved(args[name])) is None:
                return None
            args[name] = new
    if "links" in args:
        kept = [new for data in args["links"] if (new := moved(data)) is not None]
        if not kept:
            return None
        args["links"] = kept
    return Decision(decision.op, args)


def records(state: ReviewState) -> list[dict[str, Any]]:
    """One row per link with the review outcome, for CSV and JSON export.

    Keys: ``ar_ids``, ``en_ids``, ``score``, ``status``, ``ar`` and ``en``
    (the reviewed texts), ``ar_original``, ``en_original``, ``open_flags``
    (codes), ``false_alarms`` (``[{"code", "comment"}]``).
    """
    rows = []
    for link in state.links:
        alarms = [
            {"code": flag.code, "comment": comment}
            for flag in link.flags
            if (comment := state.false_alarm_comment(link, flag)) is not None
        ]
        rows.append({
            "ar_ids": list(link.ar),
            "en_ids": list(link.en),
            "score": link.score,
            "status": state.status_of(link),
            "ar": state.text(link, "ar"),
            "en": state.text(link, "en"),
            "ar_original": state.original(link, "ar"),
            "en_original": state.original(link, "en"),
            "open_flags": [flag.code for flag in state.open_flags(link)],
            "false_alarms": alarms,
        })
    return rows
