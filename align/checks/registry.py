"""The check registry: each check's code, severity and user documentation, the order checks run in, their limits.

A check is a function of one link's :class:`~align.checks.context.LinkContext`
that yields :class:`Finding` s, registered with :func:`check`; its docstring is
the user documentation (the README's flag table is generated from :data:`CHECKS`).
A check that compares meaning also says which texts it will embed for a link, so
the runner embeds the whole document's in one batch before the checks run.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from align.model import Lang, Severity

if TYPE_CHECKING:
    from align.checks.context import LinkContext

#: Every check code, in the order the checks run, so the order of a link's flags in every report.
ORDER = (
    "missing-translation",
    "missing-source",
    "addition",
    "repeated-word",
    "number-mismatch",
    "name-mismatch",
    "negation-mismatch",
    "length-ratio",
    "partial-omission",
    "low-similarity",
    "untranslated",
    "bracket-mismatch",
)


@dataclass(frozen=True)
class CheckInfo:
    """One registered check.

    Attributes:
        code: Stable identifier, as written in reports and accepted by ``--disable``.
        severity: ``"error"``, ``"warning"`` or ``"info"``.
        doc: What the check looks for, for users.
    """

    code: str
    severity: Severity
    doc: str


@dataclass(frozen=True)
class Thresholds:
    """Tunable limits of the checks; the defaults suit news and reports.

    Attributes:
        low_similarity: Links whose aligner score is below this get ``low-similarity``...
        low_similarity_z: ...when the score is also this many robust standard deviations below the
            document's median score, so a loose translation is judged against itself. A score is the
            link's similarity over the document's typical link's, so 0.2 reads "a fifth of what a link
            of this document usually shows". Of 0.3/0.25/0.2/0.15/0.1 on the pooled check suite (news
            and the Qur'an), 0.2 keeps most of the unrelated sentences (news 123 -> 119 of 123, Qur'an
            21 -> 20 of 30 at 0.3) and flags far fewer correct loose links (news 4 -> 2 of 1,997,
            Qur'an 22 -> 5 of 956: Pickthall's correct verses score 0.2-0.3 where USE reads little of
            the classical Arabic); 0.25 loses the same news sentences and keeps 15 Qur'an flags, 0.15
            catches less for no fewer flags. Held out (Yusuf Ali's Qur'an): recall unchanged (7 of 14),
            false alarms 1.61 -> 1.15 per 100.
        omission_meaning_z: ``partial-omission`` compares meanings on links whose log character ratio is
            at least this many robust standard deviations from the document's median (on the 2k-link
            news document, 13% of the links; from 1.0, twice as many for 3 points more recall)...
        omission_evidence: ...and flags a part when that z-score plus the similarity gained without the
            part beyond chance (in the same units) reaches this...
        omission_length_z: ...or the z-score alone reaches this, whatever the similarity says (where the
            embedder reads a translation poorly, the length still tells; both chosen on the NTREX news
            check suite and held out on the Qur'an: see the README's check table).
        omission_z: Without an embedder, ``partial-omission`` looks at links whose log character ratio is this
            many robust standard deviations from the document's median...
        omission_share: ...and whose longer side has at least this share more text than the ratio predicts
            (on the NTREX check suite 3.0 and 0.25 catch about half of the 30-60% cuts that length-ratio
            misses, at 0.9 false flags per 100 clean links; 2.5 doubles the false flags for a few more).
        length_ratio_min: ``length-ratio`` fires when the link's Arabic/English
            character ratio is below this share of the document's usual ratio...
        length_ratio_max: ...or above this multiple of it.
        length_min_chars: Links whose Arabic has fewer characters (not counting
            spaces) are too short for ``length-ratio``.
        default_char_ratio: Arabic/English character ratio assumed when the
            document has too few 1-1 links to estimate its own.
        ratio_sample_min: 1-1 links needed to estimate the document's ratio.
        name_similarity: How alike (0-1) a romanized Arabic word and an English
            name must be to count as the same name.
        name_consistency: How consistently (Dice overlap of the links holding
            each, 0-1) a name and its Arabic spelling must co-occur in the
            document before a link holding only one of them is flagged.
    """

    low_similarity: float = 0.2
    low_similarity_z: float = -2.5
    omission_meaning_z: float = 1.5
    omission_evidence: float = 5.5
    omission_length_z: float = 4.5
    omission_z: float = 3.0
    omission_share: float = 0.25
    length_ratio_min: float = 0.5
    length_ratio_max: float = 2.0
    length_min_chars: int = 20
    default_char_ratio: float = 0.85
    ratio_sample_min: int = 3
    name_similarity: float = 0.8
    name_consistency: float = 0.5


class Finding(NamedTuple):
    """What a check reports: a message and a span in the link's joined text of one side."""

    message: str
    side: Lang | None = None
    start: int | None = None
    end: int | None = None


_Value = TypeVar("_Value")

#: A check: what it finds on one link.
CheckFunction = Callable[["LinkContext"], Iterable[Finding]]
#: The texts a check will embed for one link (none when it need not compare meanings there).
EmbeddedTexts = Callable[["LinkContext"], Iterable[str]]

#: Every registered check by code, in :data:`ORDER`.
CHECKS: dict[str, CheckInfo] = {}
#: The function of every registered check, in :data:`ORDER`.
FUNCTIONS: dict[str, CheckFunction] = {}
#: What the checks that compare meaning will embed, by code.
EMBEDS: dict[str, EmbeddedTexts] = {}


def check(code: str, severity: Severity, *, embeds: EmbeddedTexts | None = None) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check under ``code``; its docstring becomes the user documentation.

    Args:
        code: The check's code, listed in :data:`ORDER`.
        severity: Its flags' severity.
        embeds: For a check that compares meaning: the texts it will embed for a link.

    Raises:
        ValueError: ``code`` is not listed in :data:`ORDER`.
    """
    if code not in ORDER:
        raise ValueError(f"check {code!r} is not listed in align.checks.registry.ORDER")

    def register(function: CheckFunction) -> CheckFunction:
        CHECKS[code] = CheckInfo(code, severity, inspect.cleandoc(function.__doc__ or ""))
        FUNCTIONS[code] = function
        if embeds is not None:
            EMBEDS[code] = embeds
        _keep_in_order(CHECKS)
        _keep_in_order(FUNCTIONS)
        return function

    return register


def _keep_in_order(table: dict[str, _Value]) -> None:
    items = sorted(table.items(), key=lambda item: ORDER.index(item[0]))
    table.clear()
    table.update(items)
