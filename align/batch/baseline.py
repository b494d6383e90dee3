"""Baselines: accept today's findings, so that CI fails only on new ones.

A baseline is a JSON file::

    {"version": 1,
     "findings": [{"document": "docs/x", "code": "repeated-word", "text": "freedom freedom", "count": 1}, …]}

A finding is keyed by its document's name, its code and the text it flags
(whitespace collapsed), never by offsets, so editing elsewhere in a file does
not turn old findings into new ones. Counts make it a multiset: a second copy
of a known problem is new.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

from align.errors import InputError
from align.model import Alignment, Flag, Link

BASELINE_VERSION = 1

Key = tuple[str, str, str]


def flag_text(alignment: Alignment, link: Link, flag: Flag) -> str:
    """The text a flag points at: its span, else its side of the link, else both sides."""
    if flag.side is not None and flag.start is not None and flag.end is not None:
        side = alignment.source if flag.side == "ar" else alignment.target
        text = side.text[flag.start:flag.end]
    elif flag.side is not None:
        text = alignment.text_of(link, flag.side)
    else:
        text = f"{alignment.text_of(link, 'ar')} | {alignment.text_of(link, 'en')}"
    return " ".join(text.split())


def finding_key(document: str, alignment: Alignment, link: Link, flag: Flag) -> Key:
    """The stable key of one finding."""
    return document, flag.code, flag_text(alignment, link, flag)


def findings(document: str, alignment: Alignment) -> Counter[Key]:
    """Every finding of one document, counted."""
    return Counter(finding_key(document, alignment, link, flag) for link in alignment.links for flag in link.flags)


def write_baseline(path: Path, counts: Counter[Key]) -> int:
    """Write ``counts`` as a baseline (sorted, so it diffs well); returns the number of findings.

    Raises:
        InputError: The file cannot be written.
    """
    items: list[dict[str, Any]] = [{"document": d, "code": c, "text": t, "count": n} for (d, c, t), n in sorted(counts.items()) if n > 0]
    try:
        path.write_text(json.dumps({"version": BASELINE_VERSION, "findings": items}, ensure_ascii=False, indent=1) + "\n",
                        encoding="utf-8")
    except OSError as error:
        raise InputError(f"{path}: cannot write the baseline ({error.strerror or error})") from None
    return sum(item["count"] for item in items)


def read_baseline(path: Path) -> Counter[Key]:
    """Read a baseline written by :func:`write_baseline`.

    Raises:
        InputError: The file is missing or not a baseline.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as error:
        raise InputError(f"{path}: cannot read the baseline ({error.strerror or error})") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: the baseline is not JSON ({error})") from None
    if not isinstance(data, dict) or data.get("version") != BASELINE_VERSION or not isinstance(data.get("findings"), list):
        raise InputError(f"{path}: not an align baseline (version {BASELINE_VERSION} with a 'findings' list)")
    counts: Counter[Key] = Counter()
    for n, item in enumerate(data["findings"]):
        keys_ok = isinstance(item, dict) and all(isinstance(item.get(k), str) for k in ("document", "code", "text"))
        count = item.get("count", 1) if isinstance(item, dict) else None
        if not keys_ok or not isinstance(count, int) or isinstance(count, bool) or count < 1:
            raise InputError(f"{path}: findings[{n}] needs 'document', 'code', 'text' strings and a positive 'count'")
        counts[(item["document"], item["code"], item["text"])] += count
    return counts


def hide_known(document: str, alignment: Alignment, baseline: Counter[Key]) -> tuple[Alignment, int]:
    """``alignment`` without the findings listed in ``baseline``, and how many were hidden.

    Each hidden finding uses up one count of ``baseline``, which is changed in place.
    """
    hidden = 0
    links = []
    for link in alignment.links:
        kept = []
        for flag in link.flags:
            key = finding_key(document, alignment, link, flag)
            if baseline[key] > 0:
                baseline[key] -= 1
                hidden += 1
            else:
                kept.append(flag)
        links.append(replace(link, flags=kept))
    return replace(alignment, links=links), hidden
