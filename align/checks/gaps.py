"""Gaps: source text with no target (``missing-translation``), target text with no source (``missing-source``), and the translator's bracketed additions to the target (``addition``).

Which side is the source is the translation's direction (``--source-lang``):
Arabic by default, English for a translation into Arabic.
"""

from __future__ import annotations

from collections.abc import Iterator

from align.checks.context import LANGUAGE_NAME, LinkContext, quote, whole
from align.checks.registry import Finding, check


@check("missing-translation", "error")
def _missing_translation(context: LinkContext) -> Iterator[Finding]:
    """Source text with no translation (a link with no target segment): the translator left it out, or it is translated elsewhere."""
    source, target = context.locales.sides
    if context.link.ids(source) and not context.link.ids(target) and context.source.has_content():
        yield Finding(
            f"The {LANGUAGE_NAME[source]} '{quote(context.source.raw)}' has no {LANGUAGE_NAME[target]} translation.",
            source, *whole(context.source),
        )


@check("missing-source", "warning")
def _missing_source(context: LinkContext) -> Iterator[Finding]:
    """Target text with no source (a link with no source segment): an addition, or a translation of text that is missing from the source.

    Target text that is nothing but a bracketed translator's note is reported as ``addition`` instead.
    """
    source, target = context.locales.sides
    if context.link.ids(target) and not context.link.ids(source) and context.target.has_content():
        yield Finding(
            f"The {LANGUAGE_NAME[target]} '{quote(context.target.raw)}' has no {LANGUAGE_NAME[source]} source.",
            target, *whole(context.target),
        )


@check("addition", "info")
def _addition(context: LinkContext) -> Iterator[Finding]:
    """A bracketed interpolation or translator's note in the target ("[military]", "[… ~HC]",
    "(ملاحظة المترجم: …)") with no bracket in the source.

    Info, not a warning: the translator marked it as their own. Brackets the
    source also has are translated brackets and are not reported.
    """
    source, target = context.locales.sides
    for start, end in context.additions:
        text = context.target.raw[start:end]
        yield Finding(
            f"The {LANGUAGE_NAME[target]} adds '{quote(text)}', which is not in the {LANGUAGE_NAME[source]}.", target, start, end
        )
