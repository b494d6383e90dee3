"""How well the two sides match as a whole: their length ratio (``length-ratio``) and the aligner's score (``low-similarity``); a part of one side left out is :mod:`align.checks.omission`'s."""

from __future__ import annotations

from collections.abc import Iterator

from align.checks.context import LinkContext, letters, spelled_out_letters
from align.checks.registry import Finding, check


@check("length-ratio", "warning")
def _length_ratio(context: LinkContext) -> Iterator[Finding]:
    """The two sides' lengths are far from the document's usual Arabic/English character ratio
    (estimated from its 1-1 links): something may be left out or added. Short links are skipped.
    """
    if not context.both_sides:
        return
    ar, en = letters(context.ar), letters(context.en)
    thresholds = context.thresholds
    if ar < thresholds.length_min_chars or not en:
        return
    relative = (spelled_out_letters(context.ar) / spelled_out_letters(context.en)) / context.char_ratio
    if not thresholds.length_ratio_min <= relative <= thresholds.length_ratio_max:
        longer = "longer" if relative < 1 else "shorter"
        # The English length at the document's ratio, in the letters the English writes: its acronyms
        # stand for more than their letters, so those of this English are taken off what is expected.
        acronyms = spelled_out_letters(context.en) - en
        expected = max(0, round(spelled_out_letters(context.ar) / context.char_ratio) - acronyms)
        yield Finding(
            f"The English is much {longer} than the Arabic suggests ({en} characters where about {expected} are usual)."
        )


@check("low-similarity", "warning")
def _low_similarity(context: LinkContext) -> Iterator[Finding]:
    """The aligner is not confident that the two sides say the same thing: its score is below the
    ``low_similarity`` threshold and unusually low for this document (a robust z-score against the
    document's own link scores, so a loose literary translation does not light up every third link).
    A loose or wrong translation, or a misalignment. The message says how unusual the link is.
    """
    if not context.both_sides:
        return
    score, limit = context.link.score, context.thresholds.low_similarity
    stats = context.document
    if score >= limit:
        return
    if not stats.score_spread:
        yield Finding(f"The sides may not translate each other (alignment score {score:.2f}, below {limit:.2f}).")
        return
    z = (score - stats.score_median) / stats.score_spread
    if z <= context.thresholds.low_similarity_z:
        yield Finding(
            f"The sides may not translate each other: alignment score {score:.2f}, below {limit:.2f} and "
            f"{-z:.1f} standard deviations below this document's usual {stats.score_median:.2f}."
        )
