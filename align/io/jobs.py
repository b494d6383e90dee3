"""Which documents a run covers, and the one way to read a document: mixed documents, pairs, memories, folders, globs, manifests.

A document is read by its file name ending: plain text (``.txt`` and any
other), a translation memory (``.tmx``, ``.xlf``, ``.xliff``), or one of the
formats of :data:`READERS` (Word, HTML, subtitles, PO, sheets, Markdown), each
read by its own module of ``align.io``. A file given alone holds both
languages; two files given as a pair hold one language each.

A folder (searched recursively, hidden entries skipped) or a glob pairs
``x.ar.txt`` with ``x.en.txt``, ``x.ar`` with ``x.en`` and ``x.ar.EXT`` with
``x.en.EXT`` for the one-language formats (:data:`PAIRED_SUFFIXES`); its other
files of a known format are documents alone and everything else is left
alone. A manifest is a CSV file with ``ar`` and ``en`` columns or a JSON Lines
file with ``ar`` and ``en`` keys, one pair per row, paths relative to the
manifest.
"""

from __future__ import annotations

import csv
import glob
import importlib
import json
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol, cast

from align.errors import InputError
from align.io.blocks import Document, ReadOptions
from align.io.memory import is_memory, read_memory
from align.io.text import read_mixed, read_side
from align.model import Lang, Side

#: The module of ``align.io`` that reads each format, by file name ending.
READERS = {
    ".docx": "align.io.docx",
    ".html": "align.io.html",
    ".htm": "align.io.html",
    ".xhtml": "align.io.html",
    ".srt": "align.io.subtitles",
    ".vtt": "align.io.subtitles",
    ".po": "align.io.po",
    ".xlsx": "align.io.sheets",
    ".csv": "align.io.sheets",
    ".tsv": "align.io.sheets",
    ".md": "align.io.markdown",
    ".markdown": "align.io.markdown",
}
#: Endings of files that hold one language and pair by name (``x.ar.docx`` with
#: ``x.en.docx``); catalogues and sheets hold both languages and stand alone.
PAIRED_SUFFIXES = frozenset({".txt", ".docx", ".html", ".htm", ".xhtml", ".srt", ".vtt", ".md", ".markdown"})

_PAIR_NAME = re.compile(
    rf"^(?P<stem>.+)\.(?P<lang>ar|en)(?P<ext>(?i:{'|'.join(re.escape(s) for s in sorted(PAIRED_SUFFIXES))}))?$"
)
_GLOB_CHARS = frozenset("*?[")

#: Why a run has nothing to read.
NO_DOCUMENT = "give a mixed document, or both --ar FILE and --en FILE"


class Reader(Protocol):
    """What each format's module of ``align.io`` provides."""

    def read_document(self, path: Path, options: ReadOptions) -> Document:
        """The file given alone, holding both languages."""

    def read_side(self, path: Path, lang: Lang, options: ReadOptions) -> Side:
        """The file as one side of a pair."""


@dataclass(frozen=True)
class Job:
    """One document of a batch: a mixed document, or an Arabic file and its translation.

    Attributes:
        name: How reports and baselines name it: the document's path, or for
            a pair ``dir/x`` when the files are ``dir/x.ar.txt`` and
            ``dir/x.en.txt`` (else ``AR + EN``).
        doc: The mixed document, or ``None`` for a pair.
        ar: The Arabic file of a pair.
        en: The English file of a pair.
        presegmented: The pair's files hold one segment per line (a
            document's blocks are one segment each).
        columns: A sheet's Arabic and English columns, or ``None`` to find them.
    """

    name: str
    doc: Path | None = None
    ar: Path | None = None
    en: Path | None = None
    presegmented: bool = False
    columns: tuple[str, str] | None = None

    @property
    def paths(self) -> tuple[Path, ...]:
        """The files the document was read from."""
        return (self.doc,) if self.doc is not None else tuple(p for p in (self.ar, self.en) if p is not None)


def display(path: Path) -> str:
    """``path`` as reports show it: relative to the current folder where it lies inside it, ``/``-separated."""
    if path.is_absolute():
        try:
            path = path.relative_to(Path.cwd())
        except ValueError:
            pass
    return Path(os.path.normpath(path)).as_posix()


def one_job(
    doc: str | Path | None = None,
    ar: str | Path | None = None,
    en: str | Path | None = None,
    *,
    presegmented: bool = False,
    memories: bool = True,
    columns: tuple[str, str] | None = None,
) -> Job:
    """The job for one document: a mixed document (or translation memory), or an Arabic file and its translation.

    Args:
        doc: A mixed document or a TMX/XLIFF memory.
        ar: The Arabic file of a pair.
        en: The English file of a pair.
        presegmented: The pair's files hold one segment per line.
        memories: Whether a translation memory may be given (commands that
            align anew refuse one: its units are aligned already).
        columns: A sheet's Arabic and English columns.

    Raises:
        InputError: Both or neither input forms given, or a memory where none may be.
    """
    if doc is not None and (ar is not None or en is not None):
        raise InputError("give either one mixed document or --ar and --en, not both")
    if doc is not None:
        if not memories and is_memory(Path(doc)):
            raise InputError(f"{doc}: a translation memory is aligned already; re-check it with: align check {doc}")
        return Job(name=display(Path(doc)), doc=Path(doc), presegmented=presegmented, columns=columns)
    if ar is None or en is None:
        raise InputError(NO_DOCUMENT)
    return replace(pair_job(Path(ar), Path(en), presegmented=presegmented), columns=columns)


def load(job: Job) -> Document:
    """Read the document of ``job``: a memory's units as given links, else the text of both sides.

    Raises:
        InputError: An input is unusable (the message says why), or a plain
            text mixed document was given as presegmented.
    """
    options = ReadOptions(presegmented=job.presegmented, columns=job.columns)
    if job.doc is not None:
        if is_memory(job.doc):
            return read_memory(job.doc)
        reader = reader_of(job.doc)
        if reader is not None:
            return reader.read_document(job.doc, options)
        if job.presegmented:
            raise InputError("--presegmented applies to --ar/--en files, not to a mixed document")
        return (*read_mixed(job.doc), None)
    assert job.ar is not None and job.en is not None  # a job names a document or a pair
    return _side(job.ar, "ar", options), _side(job.en, "en", options), None


def reader_of(path: Path) -> Reader | None:
    """The module that reads ``path``'s format, or ``None`` for plain text."""
    module = READERS.get(path.suffix.lower())
    # Imported on demand: a plain-text run loads none of the formats' libraries.
    return cast(Reader, importlib.import_module(module)) if module is not None else None


def _side(path: Path, lang: Lang, options: ReadOptions) -> Side:
    if is_memory(path):
        raise InputError(f"{path}: a translation memory holds both languages; check it alone: align check {path}")
    reader = reader_of(path)
    if reader is None:
        return read_side(path, lang, presegmented=options.presegmented)
    return reader.read_side(path, lang, options)


def pair_job(ar: Path, en: Path, *, presegmented: bool) -> Job:
    """The job for an Arabic file and its translation."""
    ar_match, en_match = _PAIR_NAME.match(ar.name), _PAIR_NAME.match(en.name)
    name = f"{display(ar)} + {display(en)}"
    if ar_match and en_match and ar.parent == en.parent and ar_match["stem"] == en_match["stem"]:
        name = display(ar.parent / ar_match["stem"])
    return Job(name=name, ar=ar, en=en, presegmented=presegmented)


def discover(
    inputs: Sequence[Path], *, manifest: Path | None = None, presegmented: bool = False, columns: tuple[str, str] | None = None
) -> list[Job]:
    """The documents named by files, folders, globs and a manifest, without duplicates, in input order.

    A file named alone is a mixed document (as ``align check DOC`` always
    took it); among several inputs ``x.ar.txt`` finds its ``x.en.txt``.

    Args:
        inputs: Files, folders or glob patterns.
        manifest: A CSV or JSON Lines list of ``ar``/``en`` pairs.
        presegmented: Pairs hold one segment per line (mixed documents are
            always segmented by the tool).
        columns: Sheets' Arabic and English columns.

    Raises:
        InputError: No documents, a path that does not exist, a glob or folder
            matching nothing, a pair file without its partner, or a bad manifest.
    """
    if len(inputs) == 1 and manifest is None and inputs[0].is_file():
        return [Job(name=display(inputs[0]), doc=inputs[0], presegmented=presegmented, columns=columns)]
    jobs: list[Job] = []
    for item in inputs:
        jobs.extend(_jobs_of(item, presegmented))
    if manifest is not None:
        jobs.extend(read_manifest(manifest, presegmented=presegmented))
    unique: dict[str, Job] = {}
    for job in jobs:
        unique.setdefault(job.name, job)
    if not unique:
        raise InputError(NO_DOCUMENT)
    return [replace(job, columns=columns) for job in unique.values()]


def read_manifest(path: Path, *, presegmented: bool = False) -> list[Job]:
    """Pairs listed in a CSV (``ar,en`` header) or JSON Lines (``{"ar": …, "en": …}``) manifest.

    Raises:
        InputError: The manifest is missing or malformed, or names a missing file.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: cannot read the manifest ({error})") from None
    is_jsonl = path.suffix.lower() in {".jsonl", ".ndjson"} or text.lstrip().startswith("{")
    rows = _jsonl_rows(path, text) if is_jsonl else _csv_rows(path, text)
    jobs = []
    for where, ar, en in rows:
        ar_path, en_path = path.parent / ar, path.parent / en
        for file in (ar_path, en_path):
            if not file.is_file():
                raise InputError(f"{where}: {display(file)}: no such file")
        jobs.append(pair_job(ar_path, en_path, presegmented=presegmented))
    if not jobs:
        raise InputError(f"{path}: the manifest lists no pairs")
    return jobs


def _jobs_of(item: Path, presegmented: bool) -> list[Job]:
    text = str(item)
    if item.is_file():
        if _PAIR_NAME.match(item.name):
            return _pair_up([item], presegmented)
        return [Job(name=display(item), doc=item)]
    if item.is_dir():
        files = [f for f in sorted(item.rglob("*")) if f.is_file() and not _hidden(f.relative_to(item))]
        jobs = _classify(files, presegmented)
        if not jobs:
            raise InputError(f"{item}: no documents found (x.txt mixed documents, x.ar.txt with x.en.txt, or files of a known format)")
        return jobs
    if _GLOB_CHARS & set(text):
        matches = [Path(m) for m in sorted(glob.glob(text, recursive=True))]
        if not matches:
            raise InputError(f"{text}: no file matches this pattern")
        return [job for match in matches for job in _jobs_of(match, presegmented)]
    raise InputError(f"{text}: no such file or folder")


def _classify(files: Iterable[Path], presegmented: bool) -> list[Job]:
    """A folder's documents: pairs by name, other ``.txt`` files and files of a known format alone."""
    pair_files, jobs = [], []
    for file in files:
        if _PAIR_NAME.match(file.name):
            pair_files.append(file)
        elif file.suffix.lower() == ".txt" or is_memory(file) or file.suffix.lower() in READERS:
            jobs.append(Job(name=display(file), doc=file))
    return _pair_up(pair_files, presegmented) + jobs


def _pair_up(files: Iterable[Path], presegmented: bool) -> list[Job]:
    jobs = []
    for file in files:
        match = _PAIR_NAME.match(file.name)
        assert match is not None  # only pair-named files come here
        other = "en" if match["lang"] == "ar" else "ar"
        partner = file.with_name(f"{match['stem']}.{other}{match['ext'] or ''}")
        if not partner.is_file():
            raise InputError(f"{display(file)}: its partner {display(partner)} is missing")
        ar, en = (file, partner) if match["lang"] == "ar" else (partner, file)
        jobs.append(pair_job(ar, en, presegmented=presegmented))
    return jobs


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def _csv_rows(path: Path, text: str) -> list[tuple[str, str, str]]:
    reader = csv.DictReader(text.splitlines())
    if not reader.fieldnames or not {"ar", "en"} <= {name.strip() for name in reader.fieldnames}:
        raise InputError(f"{path}: a CSV manifest needs a header row with 'ar' and 'en' columns")
    rows = []
    for number, row in enumerate(reader, start=2):
        values = {key.strip(): (value or "").strip() for key, value in row.items() if key is not None}
        if not any(values.values()):
            continue
        if not values.get("ar") or not values.get("en"):
            raise InputError(f"{path}:{number}: both 'ar' and 'en' are needed")
        rows.append((f"{path}:{number}", values["ar"], values["en"]))
    return rows


def _jsonl_rows(path: Path, text: str) -> list[tuple[str, str, str]]:
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as error:
            raise InputError(f"{path}:{number}: not JSON ({error.msg})") from None
        if not isinstance(item, dict) or not all(isinstance(item.get(key), str) and item[key] for key in ("ar", "en")):
            raise InputError(f"{path}:{number}: needs an object with 'ar' and 'en' paths")
        rows.append((f"{path}:{number}", item["ar"], item["en"]))
    return rows
