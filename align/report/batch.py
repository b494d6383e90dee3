"""Reports over many documents, for CI: JSON, text, summary table, JUnit XML and SARIF 2.1.0.

Every writer takes the batch's :class:`~align.batch.run.DocResult` list, in input
order. Locations are given both as character offsets (as in the JSON report)
and, in JUnit and SARIF, as 1-based line and column (code points) in the file;
for a file that is not plain text they count in its extracted text, and the
block the finding is in (``paragraph 4``, a cue's timecodes) is named too.
"""

from __future__ import annotations

import hashlib
import json
import re
import xml.etree.ElementTree as ET
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from align import __version__
from align.batch.baseline import finding_key
from align.batch.run import DocResult
from align.checks.registry import CHECKS
from align.io.jobs import display
from align.io.safexml import xml_safe
from align.model import SEVERITY_RANK, Alignment, Flag, Lang, Link
from align.report.document import summary, to_dict, to_json, to_text

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
TOOL_NAME = "align-ar-en"
_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
_SEVERITIES = ("error", "warning", "info")
_LINE_END = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class Location:
    """Where a flag points: a file and a span in it.

    Attributes:
        path: The file as reports show it.
        lang: The side it is on, ``"ar"`` or ``"en"``.
        start: Character offset of the span.
        end: Offset one past it.
        line: 1-based line of ``start``.
        column: 1-based column (code points) of ``start``.
        end_line: 1-based line of ``end``.
        end_column: 1-based column of ``end`` (one past the span).
        where: The block of a file that is not plain text (``"paragraph 4"``,
            a cue's timecodes), where lines and columns count in its extracted text.
    """

    path: str
    lang: Lang
    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    where: str | None = None


def flags_of(result: DocResult) -> Iterator[tuple[Link, Flag, Location]]:
    """Every flag of a document with its location, in link order."""
    alignment = result.alignment
    if alignment is None:
        return
    line_starts: dict[str, list[int]] = {}
    for link in alignment.links:
        for flag in link.flags:
            yield link, flag, _locate(result, alignment, link, flag, line_starts)


def to_batch_json(results: list[DocResult]) -> str:
    """``{"documents": [<JSON report>], "errors": [{"document", "error"}], "summary": {...}}``."""
    data = {
        "documents": [to_dict(r.alignment) for r in results if r.alignment is not None],
        "errors": [{"document": r.job.name, "error": r.error} for r in results if r.error is not None],
        "summary": batch_summary(results),
    }
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


def batch_summary(results: list[DocResult]) -> dict[str, Any]:
    """Totals over the batch: documents, failed ones, links, flags by code and severity, hidden findings."""
    by_code: Counter[str] = Counter()
    by_severity: Counter[str] = Counter()
    links = 0
    for result in results:
        if result.alignment is not None:
            counts = summary(result.alignment)
            links += counts["links"]
            by_code.update(counts["flags_by_code"])
            by_severity.update(counts["flags_by_severity"])
    return {
        "documents": len(results),
        "failed": sum(r.error is not None for r in results),
        "links": links,
        "flags_by_code": {code: by_code[code] for code in sorted(by_code)},
        "flags_by_severity": {severity: by_severity[severity] for severity in _SEVERITIES},
        "hidden_by_baseline": sum(r.hidden for r in results),
    }


def to_batch_text(results: list[DocResult], *, color: bool = False) -> str:
    """Each document's text report under a ``== name ==`` header, then the summary table."""
    blocks = [f"== {r.job.name} ==\n{to_text(r.alignment, color=color)}" for r in results if r.alignment is not None]
    return "\n".join([*blocks, to_summary(results)])


def to_summary(results: list[DocResult]) -> str:
    """A short table: document, links, errors, warnings, infos; then totals and failed documents."""
    rows = []
    for result in results:
        if result.alignment is None:
            rows.append((result.job.name, "-", "-", "-", "-"))
        else:
            counts = summary(result.alignment)
            rows.append((result.job.name, counts["links"], *counts["flags_by_severity"].values()))
    total = batch_summary(results)
    rows.append((f"total ({total['documents']} documents)", total["links"], *total["flags_by_severity"].values()))
    header = ("document", "links", "errors", "warnings", "infos")
    width = max(len(str(row[0])) for row in [header, *rows])
    lines = [f"{str(row[0]).ljust(width)}  " + "  ".join(str(v).rjust(len(h)) for v, h in zip(row[1:], header[1:]))
             for row in [header, *rows]]
    if total["hidden_by_baseline"]:
        lines.append(f"{total['hidden_by_baseline']} known findings hidden by the baseline")
    lines.extend(f"failed: {r.job.name}: {r.error}" for r in results if r.error is not None)
    return "\n".join(lines) + "\n"


def to_junit(results: list[DocResult], *, fail_on: str = "error") -> str:
    """JUnit XML: one test case per document, one ``<failure>`` per flag at or above ``fail_on``.

    ``fail_on`` ``"never"`` still reports errors as failures. A document that
    could not be read is an ``<error>``; flags below the level are listed in
    the case's ``<system-out>``.
    """
    rank = SEVERITY_RANK["warning" if fail_on == "warning" else "error"]
    root = ET.Element("testsuites", name="align check")
    suite = ET.SubElement(root, "testsuite", name="align check")
    failures = 0
    for result in results:
        case = ET.SubElement(suite, "testcase", classname="align.check", name=xml_safe(result.job.name),
                             file=xml_safe(display(result.job.paths[0])))
        if result.error is not None:
            ET.SubElement(case, "error", type="input", message=xml_safe(result.error)).text = xml_safe(result.error)
            continue
        below = []
        for link, flag, location in flags_of(result):
            detail = _flag_detail(result, link, flag, location)
            if SEVERITY_RANK[flag.severity] >= rank:
                failure = ET.SubElement(case, "failure", type=flag.code, message=xml_safe(flag.message))
                failure.text = xml_safe(detail)
                failures += 1
            else:
                below.append(detail)
        if below:
            ET.SubElement(case, "system-out").text = xml_safe("\n\n".join(below))
    counts = {"tests": str(len(results)), "failures": str(failures),
              "errors": str(sum(r.error is not None for r in results))}
    root.attrib.update(counts)
    suite.attrib.update({**counts, "skipped": "0"})
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def to_sarif(results: list[DocResult]) -> str:
    """SARIF 2.1.0: one run, a rule per check code, one result per flag.

    Levels: error → ``error``, warning → ``warning``, info → ``note``. Each
    result's ``properties`` name the side it is on (``"side": "target"``,
    ``"language": "en-GB"``) and the translation's ``sourceLanguage`` and
    ``targetLanguage``. Each
    result's ``partialFingerprints`` holds the baseline key's hash, so code
    scanning services track a finding across edits. Documents that could not
    be read become tool execution notifications.
    """
    codes = list(CHECKS)
    sarif_results: list[dict[str, Any]] = []
    for result in results:
        for link, flag, location in flags_of(result):
            assert result.alignment is not None  # flags_of yields only for an aligned document
            locales = result.alignment.locales
            sarif_results.append({
                "ruleId": flag.code,
                "ruleIndex": codes.index(flag.code),
                "level": _SARIF_LEVEL[flag.severity],
                "message": {"text": f"{flag.message} ({location.where})" if location.where else flag.message},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": _uri(location.path)},
                    "region": {
                        "startLine": location.line, "startColumn": location.column,
                        "endLine": location.end_line, "endColumn": location.end_column,
                        "charOffset": location.start, "charLength": location.end - location.start,
                    },
                }}],
                "partialFingerprints": {"alignFinding/v1": _fingerprint(result, link, flag)},
                # The side the finding is on, by role and language, and the translation's direction.
                "properties": {"side": locales.role(location.lang), "language": locales.tag(location.lang),
                               "sourceLanguage": locales.source, "targetLanguage": locales.target},
            })
    notifications = [
        {"level": "error", "message": {"text": r.error},
         "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(display(r.job.paths[0]))}}}]}
        for r in results if r.error is not None
    ]
    run = {
        "tool": {"driver": {"name": TOOL_NAME, "version": __version__, "rules": [_rule(code) for code in codes]}},
        "columnKind": "unicodeCodePoints",
        "invocations": [{"executionSuccessful": not notifications, "toolExecutionNotifications": notifications}],
        "results": sarif_results,
    }
    return json.dumps({"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}, ensure_ascii=False, indent=2)


def _rule(code: str) -> dict[str, Any]:
    info = CHECKS[code]
    text = " ".join(info.doc.split())
    first = text.split(". ")[0].rstrip(".") + "."
    return {"id": code, "shortDescription": {"text": first}, "fullDescription": {"text": text},
            "defaultConfiguration": {"level": _SARIF_LEVEL[info.severity]}}


def _fingerprint(result: DocResult, link: Link, flag: Flag) -> str:
    assert result.alignment is not None
    key = finding_key(result.job.name, result.alignment, link, flag)
    return hashlib.sha256("\x1f".join(key).encode("utf-8")).hexdigest()[:32]


def _uri(path: str) -> str:
    return Path(path).as_uri() if Path(path).is_absolute() else quote(path)


def _locate(result: DocResult, alignment: Alignment, link: Link, flag: Flag, line_starts: dict[str, list[int]]) -> Location:
    # A flag on the whole link points at its first side that has text, source first.
    lang = flag.side if flag.side is not None else next(each for each in alignment.locales.sides if link.ids(each))
    side = alignment.side(lang)
    if flag.side is not None and flag.start is not None and flag.end is not None:
        start, end = flag.start, flag.end
    else:
        segments = [side.segments[i] for i in link.ids(lang)]
        start, end = segments[0].start, segments[-1].end
    if lang not in line_starts:
        line_starts[lang] = [0, *(m.end() for m in _LINE_END.finditer(side.text))]
    starts = line_starts[lang]
    line, end_line = bisect_right(starts, start), bisect_right(starts, end)
    path = display(Path(side.path)) if side.path else result.job.name
    return Location(path, lang, start, end, line, start - starts[line - 1] + 1, end_line, end - starts[end_line - 1] + 1, side.where(start))


def _flag_detail(result: DocResult, link: Link, flag: Flag, location: Location) -> str:
    assert result.alignment is not None
    place = f" ({location.where})" if location.where else ""
    lines = [f"{location.path}:{location.line}:{location.column}{place}: {flag.severity} {flag.code}: {flag.message}"]
    locales = result.alignment.locales
    for lang in locales.sides:
        if link.ids(lang):
            lines.append(f"  {lang.upper()} ({locales.role(lang)}) | {' '.join(result.alignment.text_of(link, lang).split())}")
    return "\n".join(lines)


def render(results: list[DocResult], output_format: str, *, color: bool = False, fail_on: str = "error") -> str:
    """The report in ``text``, ``json``, ``summary``, ``junit`` or ``sarif``.

    One document in ``text`` or ``json`` gives exactly the single-document
    report of :mod:`align.report.document`.
    """
    alone = results[0].alignment if len(results) == 1 else None
    if output_format == "json":
        return to_json(alone) if alone is not None else to_batch_json(results)
    if output_format == "text":
        return to_text(alone, color=color) if alone is not None else to_batch_text(results, color=color)
    writers = {"summary": to_summary, "sarif": to_sarif, "junit": lambda r: to_junit(r, fail_on=fail_on)}
    return writers[output_format](results)
