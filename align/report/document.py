"""Reports of an alignment: JSON (stable schema), text, TSV and Vecalign lines.

The JSON report is the machine-readable result and can be read back with
:func:`from_dict` / :func:`from_json` for a second review. Its schema
(``REPORT_VERSION`` ``"1"``) is::

    {"version": "1",
     "model": <signature["model"] or null>,
     "signature": {<model and parameters>},
     "source": {"path": <str or null>, "lang": <BCP 47 tag, "ar" by default>},
     "target": {"path": <str or null>, "lang": <BCP 47 tag, "en" by default>},
     "segments": {"ar": [{"id", "text", "start", "end"[, "where"]}, ...], "en": [...]},
     "links": [{"ar": [ids], "en": [ids], "score",
                "flags": [{"code", "severity", "message", "side", "start", "end"}]}],
     "summary": {"links", "flags_by_code", "flags_by_severity"}}

``source`` and ``target`` are the translation's sides in its direction
(``--source-lang``): for English into Arabic ``source`` is the English file
with ``"lang": "en-US"`` (the tag as given) and ``target`` the Arabic one.
Segments, link ids and a flag's ``side`` are always keyed by language,
``"ar"`` and ``"en"``, whichever way the translation goes; a report written
before directions existed (``source`` Arabic) reads back as Arabic into English.

A segment read from a file that is not plain text (a Word document, a
page, subtitles, a sheet, a catalogue) also has ``"where"``: the block of the
file it starts in (``"paragraph 4"``, ``"table 1, row 2, cell 1"``, ``"cue 3,
00:00:05,000 --> 00:00:07,500"``, ``"Sheet1, row 7"``); its offsets count in
the text extracted from that file (see :mod:`align.io.blocks`).

The original files are not copied into the report. :func:`from_dict` rebuilds
each side's text by putting every segment at its offsets and filling the
characters between segments with spaces, so segment and flag offsets stay
valid and ``side.text[seg.start:seg.end] == seg.text`` still holds.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from typing import Any

from align.checks.context import FSI, PDI
from align.errors import InputError
from align.io.vecalign import format_links
from align.lang.rules import base_language
from align.model import (
    LANGUAGE_NAME,
    SEVERITY_RANK,
    Alignment,
    Flag,
    Lang,
    Link,
    Locales,
    Segment,
    Side,
    link_key,
)

REPORT_VERSION = "1"

#: A rebuilt side longer than this is refused (a malformed offset would
#: otherwise allocate an arbitrarily large string).
MAX_TEXT_CHARS = 50_000_000

_SEVERITIES = sorted(SEVERITY_RANK, key=SEVERITY_RANK.__getitem__, reverse=True)
_ANSI = {"error": "\x1b[1;31m", "warning": "\x1b[33m", "info": "\x1b[36m"}
_ANSI_RESET = "\x1b[0m"
_EXCERPT_CHARS = 80

#: Characters that would corrupt a terminal or reorder the rest of its line:
#: C0/C1 controls (escape sequences) and bidi embeddings, overrides, isolates.
_UNSAFE_FOR_TERMINAL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile(r"[\t\r\n]+")


def summary(alignment: Alignment) -> dict[str, Any]:
    """Count links and flags.

    Returns:
        ``{"links": n, "flags_by_code": {code: n}, "flags_by_severity":
        {"error": n, "warning": n, "info": n}}``; codes sorted, every
        severity present.
    """
    flags = [flag for link in alignment.links for flag in link.flags]
    by_code = Counter(flag.code for flag in flags)
    by_severity: Counter[str] = Counter(flag.severity for flag in flags)
    return {
        "links": len(alignment.links),
        "flags_by_code": {code: by_code[code] for code in sorted(by_code)},
        "flags_by_severity": {severity: by_severity[severity] for severity in _SEVERITIES},
    }


def to_dict(alignment: Alignment) -> dict[str, Any]:
    """The alignment as the stable JSON report schema (see module docstring)."""
    locales = alignment.locales
    return {
        "version": REPORT_VERSION,
        "model": alignment.signature.get("model"),
        "signature": dict(alignment.signature),
        "source": {"path": alignment.side(locales.source_lang).path, "lang": locales.source},
        "target": {"path": alignment.side(locales.target_lang).path, "lang": locales.target},
        "segments": {
            "ar": [_segment_dict(seg, alignment.source) for seg in alignment.source.segments],
            "en": [_segment_dict(seg, alignment.target) for seg in alignment.target.segments],
        },
        "links": [
            {
                # The aligner may hand over numpy scalars, which json cannot encode.
                "ar": [int(i) for i in link.ar],
                "en": [int(i) for i in link.en],
                "score": float(link.score),
                "flags": [_flag_dict(flag) for flag in link.flags],
            }
            for link in alignment.links
        ],
        "summary": summary(alignment),
    }


def to_json(alignment: Alignment) -> str:
    """The JSON report, UTF-8 friendly (Arabic not escaped), indented.

    Signature values JSON cannot hold (paths, numpy numbers) are written as strings.
    """
    return json.dumps(to_dict(alignment), ensure_ascii=False, indent=2, default=str)


def from_json(text: str) -> Alignment:
    """Read a JSON report back.

    Raises:
        InputError: The text is not JSON or not a valid report.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"report is not valid JSON: {exc}") from None
    return from_dict(data)


def from_dict(data: dict[str, Any]) -> Alignment:
    """Rebuild an :class:`Alignment` from a JSON report for re-review.

    Side texts are rebuilt from the segments (spaces between them), see the
    module docstring.

    Raises:
        InputError: The report is malformed: wrong version, missing keys,
            bad types, offsets that do not match the texts, or links that do
            not cover every segment exactly once in order.
    """
    _require(isinstance(data, dict), "report must be a JSON object")
    _require(data.get("version") == REPORT_VERSION,
             f"unsupported report version {data.get('version')!r} (expected {REPORT_VERSION!r})")
    signature = data.get("signature")
    if signature is None:
        signature = {} if data.get("model") is None else {"model": data["model"]}
    _require(isinstance(signature, dict), "'signature' must be an object")
    segments = _get(data, "segments", dict, "report")
    locales = _locales(data)
    sides = {lang: _side(data, segments, locales.role(lang), lang) for lang in ("ar", "en")}
    source, target = sides["ar"], sides["en"]
    links = [_link(item, n, source, target) for n, item in enumerate(_get(data, "links", list, "report"))]
    _check_coverage(links, source, target)
    return Alignment(source=source, target=target, links=links, signature=dict(signature), locales=locales)


def to_text(alignment: Alignment, *, color: bool = False) -> str:
    """A report for people: one block per link with its flags, then a summary.

    Each link's sides are shown source first, each text alone at the end of
    its line after a label naming its language and role (``AR (source) |``),
    so a terminal without bidi support still shows it in one piece.
    Control characters and bidi overrides in the texts are shown as
    ``<U+XXXX>`` so they cannot reorder or corrupt the report.

    Args:
        alignment: The alignment, links already flagged.
        color: Colour severities with ANSI escapes.
    """
    total = len(alignment.links)
    blocks = [_link_block(alignment, link, n, total, color) for n, link in enumerate(alignment.links, 1)]
    return "\n\n".join([*blocks, _summary_block(alignment, color)]) + "\n"


def to_tsv(alignment: Alignment) -> str:
    """One line per link: ``ar_ids, en_ids, score, ar, en, flags`` tab-separated.

    Ids and flag codes are comma-separated; tabs and line breaks inside texts
    become single spaces (TSV fields cannot hold them). Starts with a header.
    """
    rows = [("ar_ids", "en_ids", "score", "ar", "en", "flags")]
    for link in alignment.links:
        rows.append((
            ",".join(map(str, link.ar)),
            ",".join(map(str, link.en)),
            f"{link.score:.4f}",
            _LINE_BREAKS.sub(" ", alignment.text_of(link, "ar")),
            _LINE_BREAKS.sub(" ", alignment.text_of(link, "en")),
            ",".join(flag.code for flag in link.flags),
        ))
    return "".join("\t".join(row) + "\n" for row in rows)


def to_vecalign(alignment: Alignment) -> str:
    """Links in Vecalign's format, one per line: ``[0, 1]:[0]`` (0-based ids)."""
    return format_links(link_key(link) for link in alignment.links)


def _segment_dict(seg: Segment, side: Side) -> dict[str, Any]:
    where = side.where(seg.start)
    return {"id": seg.id, "text": seg.text, "start": seg.start, "end": seg.end, **({"where": where} if where else {})}


def _flag_dict(flag: Flag) -> dict[str, Any]:
    return {"code": flag.code, "severity": flag.severity, "message": flag.message,
            "side": flag.side, "start": flag.start, "end": flag.end}


def _terminal_safe(text: str) -> str:
    text = _LINE_BREAKS.sub(" ", text)
    return _UNSAFE_FOR_TERMINAL.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)


def _message_for_terminal(message: str) -> str:
    """A flag's message as the text report prints it.

    The isolates :func:`align.checks.context.quote` puts just inside the quote
    marks are dropped: many terminals draw them as boxes, and the text report
    does not rely on bidi anyway (each text stands alone at the end of its
    line). Any other control, one inside the quoted text included, is shown as
    ``<U+XXXX>`` as everywhere in the report.
    """
    return _terminal_safe(message.replace(f"'{FSI}", "'").replace(f"{PDI}'", "'"))


def _paint(text: str, severity: str, color: bool) -> str:
    return f"{_ANSI[severity]}{text}{_ANSI_RESET}" if color else text


def _ids(ids: tuple[int, ...]) -> str:
    if not ids:
        return "-"
    return str(ids[0]) if len(ids) == 1 else f"{ids[0]}-{ids[-1]}"


def _link_block(alignment: Alignment, link: Link, number: int, total: int, color: bool) -> str:
    order = alignment.locales.sides
    sides = " → ".join(f"{lang} {_ids(link.ids(lang))}" for lang in order)
    header = f"[{number}/{total}] {alignment.link_kind(link)}  {sides}  score {link.score:.2f}"
    places = [(lang, alignment.side(lang).where(alignment.side(lang).segments[link.ids(lang)[0]].start))
              for lang in order if link.ids(lang)]
    wheres = {where for _, where in places if where}
    if len(wheres) == 1:
        header += f"  at {_terminal_safe(wheres.pop())}"
    elif wheres:
        header += "  at " + ", ".join(f"{lang} {_terminal_safe(where)}" for lang, where in places if where)
    missing = [lang for lang in order if not link.ids(lang)]
    if missing:
        header += f"  GAP: {LANGUAGE_NAME[missing[0]]} {alignment.locales.role(missing[0])} missing"
    lines = [header]
    for lang in order:
        text = alignment.text_of(link, lang) if lang not in missing else f"(no {LANGUAGE_NAME[lang]} segment)"
        lines.append(f"  {lang.upper()} ({alignment.locales.role(lang)}) | {_terminal_safe(text)}")
    lines.extend(_flag_line(alignment, link, flag, color) for flag in link.flags)
    return "\n".join(lines)


def _flag_line(alignment: Alignment, link: Link, flag: Flag, color: bool) -> str:
    line = f"  {_paint(flag.severity.upper(), flag.severity, color)} {flag.code}: {_message_for_terminal(flag.message)}"
    if flag.side is None:
        return line
    line += f" [{flag.side}]"
    if flag.start is not None and flag.end is not None:
        side = alignment.side(flag.side)
        excerpt = side.text[flag.start:flag.end]
        # A span covering the whole side of the link is already printed above.
        if excerpt != alignment.text_of(link, flag.side):
            if len(excerpt) > _EXCERPT_CHARS:
                excerpt = excerpt[:_EXCERPT_CHARS] + "…"
            where = side.where(flag.start)
            place = f" ({_terminal_safe(where)})" if where else ""
            line += f"\n      at {flag.side} {flag.start}-{flag.end}{place}: {_terminal_safe(excerpt)}"
    return line


def _summary_block(alignment: Alignment, color: bool) -> str:
    counts = summary(alignment)
    kinds = Counter(alignment.link_kind(link) for link in alignment.links)
    kind_text = ", ".join(f"{kind}: {n}" for kind, n in sorted(kinds.items()))
    locales = alignment.locales
    lines = ["Summary", f"  direction  {locales.source} → {locales.target}",
             f"  links      {counts['links']}" + (f"  ({kind_text})" if kind_text else "")]
    lines.append("  flags by severity")
    lines.extend(f"    {_paint(severity.ljust(9), severity, color)}{n:>5}"
                 for severity, n in counts["flags_by_severity"].items())
    if counts["flags_by_code"]:
        width = max(map(len, counts["flags_by_code"]))
        lines.append("  flags by code")
        lines.extend(f"    {code.ljust(width)}{n:>5}" for code, n in counts["flags_by_code"].items())
    return "\n".join(lines)


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise InputError(f"malformed report: {message}")


def _get(obj: dict[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    _require(isinstance(obj, dict) and key in obj, f"{where} lacks {key!r}")
    value = obj[key]
    _require(isinstance(value, kind) and not isinstance(value, bool),
             f"{where}.{key} has the wrong type ({type(value).__name__})")
    return value


def _optional_int(obj: dict[str, Any], key: str, where: str) -> int | None:
    return None if obj.get(key) is None else _get(obj, key, int, where)


def _locales(data: dict[str, Any]) -> Locales:
    """The direction of a report: ``source`` and ``target`` tags, one Arabic and one English."""
    tags = [_get(_get(data, key, dict, "report"), "lang", str, key) for key in ("source", "target")]
    _require({base_language(tag) for tag in tags} == {"ar", "en"},
             f"source.lang and target.lang must be one Arabic and one English tag, not {tags[0]!r} and {tags[1]!r}")
    return Locales(*tags)


def _side(data: dict[str, Any], segments: dict[str, Any], key: str, lang: Lang) -> Side:
    info = _get(data, key, dict, "report")
    path = info.get("path")
    _require(path is None or isinstance(path, str), f"{key}.path must be a string or null")
    parsed: list[Segment] = []
    places: list[tuple[int, str]] = []
    for n, item in enumerate(_get(segments, lang, list, "segments")):
        where = f"segments.{lang}[{n}]"
        _require(isinstance(item, dict), f"{where} must be an object")
        seg = Segment(id=_get(item, "id", int, where), lang=lang, text=_get(item, "text", str, where),
                      start=_get(item, "start", int, where), end=_get(item, "end", int, where))
        if "where" in item:
            places.append((seg.start, _get(item, "where", str, where)))
        _require(seg.id == n, f"{where}.id is {seg.id}, expected {n}")
        previous_end = parsed[-1].end if parsed else 0
        _require(previous_end <= seg.start and seg.end - seg.start == len(seg.text),
                 f"{where} offsets {seg.start}-{seg.end} do not fit its text or overlap the previous segment")
        _require(seg.end <= MAX_TEXT_CHARS, f"{where}.end is beyond {MAX_TEXT_CHARS} characters")
        parsed.append(seg)
    pieces: list[str] = []
    cursor = 0
    for seg in parsed:
        pieces.extend((" " * (seg.start - cursor), seg.text))
        cursor = seg.end
    return Side(lang=lang, path=path, text="".join(pieces), segments=tuple(parsed), places=tuple(places))


def _link(item: Any, n: int, source: Side, target: Side) -> Link:
    where = f"links[{n}]"
    _require(isinstance(item, dict), f"{where} must be an object")
    ids = {}
    for lang, side in (("ar", source), ("en", target)):
        values = _get(item, lang, list, where)
        _require(all(isinstance(v, int) and not isinstance(v, bool) and 0 <= v < len(side.segments)
                     for v in values), f"{where}.{lang} holds an id that is not a segment id")
        ids[lang] = tuple(values)
    _require(bool(ids["ar"] or ids["en"]), f"{where} links no segment on either side")
    score = _get(item, "score", (int, float), where)
    _require(math.isfinite(score), f"{where}.score must be a finite number")
    flags = [_flag(flag, f"{where}.flags[{k}]", source, target)
             for k, flag in enumerate(_get(item, "flags", list, where))]
    return Link(ar=ids["ar"], en=ids["en"], score=float(score), flags=flags)


def _flag(item: Any, where: str, source: Side, target: Side) -> Flag:
    _require(isinstance(item, dict), f"{where} must be an object")
    severity = _get(item, "severity", str, where)
    _require(severity in SEVERITY_RANK, f"{where}.severity {severity!r} is not one of {sorted(SEVERITY_RANK)}")
    side = item.get("side")
    _require(side in (None, "ar", "en"), f"{where}.side must be 'ar', 'en' or null")
    start, end = _optional_int(item, "start", where), _optional_int(item, "end", where)
    if start is not None or end is not None:
        length = len((source if side == "ar" else target).text) if side else -1
        _require(start is not None and end is not None and 0 <= start <= end <= length,
                 f"{where} span {start}-{end} is not inside the {side or 'unnamed'} side")
    code = _get(item, "code", str, where)
    _require(bool(code), f"{where}.code is empty")
    return Flag(code=code, severity=severity, message=_get(item, "message", str, where),
                side=side, start=start, end=end)


def _check_coverage(links: list[Link], source: Side, target: Side) -> None:
    for lang, side in (("ar", source), ("en", target)):
        order = [i for link in links for i in (link.ar if lang == "ar" else link.en)]
        _require(order == list(range(len(side.segments))),
                 f"links must cover every {lang} segment once, in order")
