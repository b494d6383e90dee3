"""Running the checks: :func:`check_alignment` builds every link's context, learns the document's names, and runs each enabled check in :data:`~align.checks.registry.ORDER`."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace

from align.checks.context import LinkContext, Meaning, Names, TextEmbedder, document_char_ratio, document_stats, link_context
from align.checks.names import gazetteer_patterns, learn_names
from align.checks.registry import CHECKS, EMBEDS, FUNCTIONS, CheckInfo, Finding, Thresholds
from align.errors import InputError
from align.model import Alignment, Flag


def check_alignment(
    alignment: Alignment,
    thresholds: Thresholds = Thresholds(),
    disabled: frozenset[str] = frozenset(),
    only: Collection[int] | None = None,
    embed: TextEmbedder | None = None,
) -> Alignment:
    """Run every enabled check over every link.

    Args:
        alignment: The alignment to check; it is not modified.
        thresholds: Limits of the checks.
        disabled: Codes of checks to skip.
        only: Positions of the links to check (those a reviewer changed);
            the others keep their flags. The document's ratio, scores and
            names still come from every link, so a link is judged as in a
            full run. ``None`` checks every link.
        embed: The aligner's embedder (``align.pipeline.check_embedding``), for the checks that
            compare meaning (``partial-omission``); each text is embedded once, all of them in one
            batch. Without it those checks fall back on the text alone (lengths).

    Returns:
        A copy whose links carry the flags, in check order then text order.
        Flags from earlier runs of these checks are replaced; other flags kept.

    Raises:
        InputError: A code in ``disabled`` is not a known check.
    """
    unknown = sorted(disabled - CHECKS.keys())
    if unknown:
        raise InputError(f"unknown check {', '.join(unknown)}; known checks: {', '.join(CHECKS)}")
    names = Names(gazetteer_patterns())
    contexts = [link_context(alignment, link, thresholds, names) for link in alignment.links]
    char_ratio = document_char_ratio(contexts, thresholds)
    stats = document_stats(contexts, thresholds)
    meaning = None if embed is None else Meaning(embed)
    contexts = [replace(c, char_ratio=char_ratio, document=stats, meaning=meaning) for c in contexts]
    if "name-mismatch" not in disabled:
        learn_names(contexts, names, thresholds)
    if meaning is not None:
        meaning.prepare(
            text
            for position, context in enumerate(contexts)
            if only is None or position in only
            for code, wanted in EMBEDS.items()
            if code not in disabled
            for text in wanted(context)
        )
    links = []
    for position, context in enumerate(contexts):
        if only is not None and position not in only:
            links.append(context.link)
            continue
        flags = [flag for flag in context.link.flags if flag.code not in CHECKS]
        for code, function in FUNCTIONS.items():
            if code not in disabled:
                flags.extend(_flag(CHECKS[code], finding, context) for finding in function(context))
        links.append(replace(context.link, flags=flags))
    return replace(alignment, links=links, signature=dict(alignment.signature))


def _flag(info: CheckInfo, finding: Finding, context: LinkContext) -> Flag:
    if finding.side is None or finding.start is None or finding.end is None:
        return Flag(info.code, info.severity, finding.message, finding.side)
    text = context.side(finding.side)
    start = text.file_offset(finding.start)
    end = text.file_offset(max(finding.end - 1, finding.start)) + (finding.end > finding.start)
    return Flag(info.code, info.severity, finding.message, finding.side, start, end)
