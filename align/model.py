"""The data every stage of the pipeline passes on: segments, links, flags.

All offsets are character offsets (Python ``str`` indices) into the original
text of the file a segment came from, so ``text[seg.start:seg.end] == seg.text``
always holds and a reviewer always sees what the file really says.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

Lang = Literal["ar", "en"]
Severity = Literal["error", "warning", "info"]
#: What a side is to the translation: the text translated, or its translation.
Role = Literal["source", "target"]

LANGUAGE_NAME: dict[Lang, str] = {"ar": "Arabic", "en": "English"}

SEVERITY_RANK: dict[str, int] = {"info": 0, "warning": 1, "error": 2}



@dataclass(frozen=True)
class Segment:
    """One sentence or clause of one side.

    Attributes:
        id: 0-based position of the segment on its side.
        lang: ``"ar"`` or ``"en"``.
        text: The original text, exactly as in the file.
        start: Offset of the first character in the file's text.
        end: Offset one past the last character.
    """

    id: int
    lang: Lang
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Side:
    """One language side of an alignment job.

    Attributes:
        lang: ``"ar"`` or ``"en"``.
        path: The file it was read from, or ``None`` for text given directly.
        text: The whole original text of that file (for a mixed document both
            sides hold the same text).
        segments: The segments, in document order, ids ``0..n-1``.
        places: Where the text came from in a file that is not plain text:
            ``(offset, label)`` per block, ascending, e.g. ``(120, "paragraph
            4")``; the text from ``offset`` to the next block's is that
            block's. Empty for plain text, whose offsets are already places.
        role: What the file says this side is to the translation: a
            catalogue's msgids are its ``"source"``, a memory names its source
            language; ``None`` when the file does not say (plain text, a pair
            of files, a Word document), and the settings decide.
    """

    lang: Lang
    path: str | None
    text: str
    segments: tuple[Segment, ...]
    places: tuple[tuple[int, str], ...] = ()
    role: Role | None = None

    def where(self, offset: int) -> str | None:
        """The label of the block holding ``offset`` (``"table 1, row 2, cell 1"``, a cue's timecodes), or ``None``."""
        index = bisect_right(self.places, offset, key=lambda place: place[0]) - 1
        return self.places[index][1] if index >= 0 else None


@dataclass(frozen=True)
class Locales:
    """The direction of a translation and the language tags (BCP 47) files written for it carry.

    The two sides are always kept as Arabic and English (segments, links and
    the aligner see them so); the direction says which of them is the source,
    so which checks apply to which side and how reports name the sides.

    Attributes:
        source: The source language's tag, ``"ar"``, ``"en-US"``...
        target: The target language's tag; one of the two is Arabic, the other English.
    """

    source: str = "ar"
    target: str = "en"

    @property
    def source_lang(self) -> Lang:
        """``"ar"`` or ``"en"``: which side is the source."""
        return "en" if self.source.lower().split("-")[0] == "en" else "ar"

    @property
    def target_lang(self) -> Lang:
        """``"ar"`` or ``"en"``: which side is the target."""
        return "ar" if self.source_lang == "en" else "en"

    @property
    def sides(self) -> tuple[Lang, Lang]:
        """``(source, target)`` languages: the order reports show the sides in."""
        return self.source_lang, self.target_lang

    def tag(self, lang: Lang) -> str:
        """The tag written for the ``lang`` side (``"ar-SA"`` for ``"ar"``)."""
        return self.source if lang == self.source_lang else self.target

    def role(self, lang: Lang) -> Role:
        """``"source"`` or ``"target"``: what the ``lang`` side is to the translation."""
        return "source" if lang == self.source_lang else "target"

    def facing(self, source: Lang) -> Locales:
        """The same language tags with ``source`` as the source language (``ar-SA``/``en-US`` either way round)."""
        return Locales(self.tag(source), self.tag("en" if source == "ar" else "ar"))


@dataclass(frozen=True)
class Flag:
    """A problem found on a link.

    Attributes:
        code: Stable identifier such as ``"missing-translation"``.
        severity: ``"error"``, ``"warning"`` or ``"info"``.
        message: One sentence a reviewer can act on.
        side: Which side the span is on, or ``None`` when it concerns the link.
        start: Offset into that side's original text, or ``None``.
        end: Offset one past the flagged span, or ``None``.
    """

    code: str
    severity: Severity
    message: str
    side: Lang | None = None
    start: int | None = None
    end: int | None = None


def most_severe(flags: Iterable[Flag]) -> Severity | None:
    """The highest severity among ``flags``; ``None`` for no flags."""
    return max((f.severity for f in flags), key=SEVERITY_RANK.__getitem__, default=None)


@dataclass
class Link:
    """A group of Arabic segments aligned to a group of English segments.

    Either side may be empty (a 1-0 or 0-1 link: a gap).

    Attributes:
        ar: Ids of the Arabic segments, consecutive and ascending.
        en: Ids of the English segments, consecutive and ascending.
        score: Alignment confidence in ``[0, 1]``; ``0.0`` for gaps.
        flags: Problems found by the checks.
    """

    ar: tuple[int, ...]
    en: tuple[int, ...]
    score: float = 0.0
    flags: list[Flag] = field(default_factory=list)

    @property
    def kind(self) -> str:
        """Link type as Arabic-English counts, ``"1-1"`` or ``"0-1"``; reports write :meth:`Alignment.link_kind`."""
        return f"{len(self.ar)}-{len(self.en)}"

    def ids(self, lang: Lang) -> tuple[int, ...]:
        """The segment ids of the ``"ar"`` or ``"en"`` side."""
        return self.ar if lang == "ar" else self.en


#: A link named by its segment ids, ``(Arabic ids, English ids)``: how gold
#: alignments, the Vecalign format and review decisions refer to a link.
LinkKey = tuple[tuple[int, ...], tuple[int, ...]]


def link_key(link: Link) -> LinkKey:
    """The ids that name ``link``."""
    return (tuple(link.ar), tuple(link.en))


@dataclass
class Alignment:
    """The result of aligning two sides: what the report and export show.

    Attributes:
        source: The Arabic side, whichever way the translation goes (the
            aligner always works on Arabic-English pairs; ``locales`` says
            which side is the translation's source).
        target: The English side.
        links: Monotone links covering every segment of both sides once.
        signature: Model and parameters that produced it (for reproducibility).
        locales: The translation's direction and language tags.
    """

    source: Side
    target: Side
    links: list[Link]
    signature: dict[str, object] = field(default_factory=dict)
    locales: Locales = field(default_factory=Locales)

    def side(self, lang: Lang) -> Side:
        """The ``"ar"`` or ``"en"`` side."""
        return self.source if lang == "ar" else self.target

    def link_kind(self, link: Link) -> str:
        """Link type in the translation's direction, source segments first: ``"2-1"`` is two source segments to one target."""
        return link.kind if self.locales.source_lang == "ar" else f"{len(link.en)}-{len(link.ar)}"

    def text_of(self, link: Link, lang: Lang, joiner: str = " ") -> str:
        """The text of one side of a link, segments joined.

        A segment emptied by a reviewer's edit (its text moved into the
        link's first segment) adds no joiner.
        """
        return joiner.join(text for i in link.ids(lang) if (text := self.side(lang).segments[i].text))
