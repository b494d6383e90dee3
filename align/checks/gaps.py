"""Gaps: text on one side with nothing on the other (``missing-translation``, ``missing-source``) and the translator's bracketed additions (``addition``)."""

from __future__ import annotations

from collections.abc import Iterator

from align.checks.context import LinkContext, quote, whole
from align.checks.registry import Finding, check


@check("missing-translation", "error")


def _missing_translation(context: LinkContext) -> Iterator[Finding]:
    """Arabic text with no English translation (a 1-0 link): the translator left it out, or it is translated elsewhere."""
    if context.link.ar and not context.link.en and context.ar.has_content():
        yield Finding(f"The Arabic '{quote(context.ar.raw)}' has no English translation.", "ar", *whole(context.ar))


@check("missing-source", "warning")


def _missing_source(context: LinkContext) -> Iterator[Finding]:
    """English text with no Arabic source (a 0-1 link): an addition, or a translation of text that is missing from the Arabic.

    English that is nothing but a bracketed translator's note is reported as ``addition`` instead.
    """
    if context.link.en and not context.link.ar and context.en.has_content():
        yield Finding(f"The English '{quote(context.en.raw)}' has no Arabic source.", "en", *whole(context.en))


@check("addition", "info")


def _addition(context: LinkContext) -> Iterator[Finding]:
    """A bracketed interpolation or translator's note in the English ("[military]", "[… ~HC]") with no bracket in the Arabic.

    Info, not a warning: the translator marked it as their own. Brackets the
    Arabic also has are translated brackets and are not reported.
    """
    for start, end in context.additions:
        text = context.en.raw[start:end]
        yield Finding(f"The English adds '{quote(text)}', which is not in the Arabic.", "en", start, end)
