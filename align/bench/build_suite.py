"""Build the Arabic–English alignment development suite from NTREX-128.

NTREX-128 gives 1,997 English news sentences with their Arabic translation,
line i <-> line i, in 123 documents. From it this script writes documents that
look like real translation work, each with its gold alignment:

* ``clean/``: every document as is (all 1-1), plus long documents made by
  joining consecutive documents (about 1,000 and all 1,997 segments a side).
* ``perturbed/``: the same documents with what translators and file conversion
  do to a text: sentences left untranslated (dropped on one side), translator
  notes in brackets and stray sentences from another document added, adjacent
  sentences merged on one side (2-1, 1-2, 1-3, 3-1), a sentence split in two at
  a comma, and page headers / page numbers on one side.
* ``literary/``: complete translations (no gaps) in the shape of literary
  Arabic→English work: runs of 2–6 consecutive Arabic lines joined into one
  long sentence the way Arabic chains clauses (``، و`` / ``، ثم`` / ``؛`` /
  ``، ف``) against the separate English sentences (1-2 … 1-6), and now and
  then the reverse (an English sentence joining two or three Arabic ones).
* ``legal/``: complete translations in the shape of a statute: numbered
  article headings on both sides (``المادة (٣)`` / ``Article 3``) and long
  Arabic enumerations (an introduction and items ``(أ)…؛ (ب)…`` in one
  sentence) rendered as one English line per item.
* ``restructured/``: complete translations where the translator moved the
  sentence boundaries: two or three consecutive Arabic lines joined and cut
  again at a clause boundary inside a line (``، `` / `` و``), so that no
  Arabic boundary meets an English one and the gold link is 2-2, 2-3, 3-2 …
  (a crossing link no smaller links can cover), among 1-1 and 1-n links.
* ``mixed/``: the literary documents with gaps and errors mixed in — an
  adjacent deletion and insertion (a sentence replaced by an unrelated one),
  translator notes, untranslated sentences — so gap finding is measured where
  long one-to-many links surround the gaps.
* ``paragraphs/``: the mixed documents laid out in paragraphs, a blank line
  between links every 3–8 links on both sides (a translation keeps its
  original's paragraphs; one may open with an untranslated sentence), so the
  paragraph cuts of the pipeline are measured where they apply.

Per document: ``NAME.ar``, ``NAME.en`` (one segment per line) and ``NAME.gold``
(Vecalign format, Arabic = source). ``manifest.json`` lists every document with
its size and the perturbations applied. The same seed gives the same suite.

Usage:
    python -m align.bench.build_suite [--data DIR] [--out DIR] [--seed N]
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from align.io.vecalign import write_links
from align.model import LinkKey

DEFAULT_DATA = Path("/work/shared/data/ntrex128")
DEFAULT_OUT = Path(__file__).resolve().parents[2] / "bench" / "suite"
AR_FILE = "newstest2019-ref.arb.txt"
EN_FILE = "newstest2019-src.eng.txt"
IDS_FILE = "DOCUMENT_IDS.tsv"
LONG_SIZES = (1000, 2000)
#: A literary chapter or a statute is hundreds of sentences, not a 16-line news
#: story: the new families join consecutive documents into chapters of at least
#: this many English lines, so each document's own statistics (background
#: similarity, chance level, length ratio) are measured on enough segments.
CHAPTER_LINES = 80

TRANSLATOR_NOTES = (
    "[Translator's note: the original uses a local idiom here.]",
    "[Translator's note: name transliterated as in the source.]",
    "[Note: figures as given in the Arabic original.]",
    "[TN: this sentence is ambiguous in the source text.]",
    "(Translator's note: the title of the organisation is translated literally.)",
)
EN_BOILERPLATE = ("Page {n}", "- {n} -", "{n} | Newsroom translation", "CONFIDENTIAL - DRAFT {n}")
AR_BOILERPLATE = ("صفحة {n}", "- {n} -", "ترجمة غرفة الأخبار | {n}", "مسودة {n}")

Bead = tuple[list[str], list[str]]


@dataclass
class Document:
    """A document under construction: 1-1 beads that perturbations reshape."""

    name: str
    beads: list[Bead]
    operations: Counter[str] = field(default_factory=Counter)
    #: Beads that open a paragraph (a blank line before them on both sides).
    paragraphs: set[int] = field(default_factory=set)

    def sides(self) -> tuple[list[str], list[str], list[LinkKey]]:
        """Arabic segments, English segments and the gold links between them."""
        arabic: list[str] = []
        english: list[str] = []
        gold = []
        for ar, en in self.beads:
            gold.append(
                (tuple(range(len(arabic), len(arabic) + len(ar))), tuple(range(len(english), len(english) + len(en))))
            )
            arabic.extend(ar)
            english.extend(en)
        return arabic, english, gold


def read_documents(data_dir: Path) -> list[Document]:
    """Read NTREX-128 into one :class:`Document` per document id, in file order."""
    arabic = (data_dir / AR_FILE).read_text(encoding="utf-8").splitlines()
    english = (data_dir / EN_FILE).read_text(encoding="utf-8").splitlines()
    ids = (data_dir / IDS_FILE).read_text(encoding="utf-8").splitlines()
    if not len(arabic) == len(english) == len(ids):
        raise SystemExit(f"{data_dir}: line counts differ ({len(arabic)} ar, {len(english)} en, {len(ids)} ids)")
    documents: list[Document] = []
    previous = None
    for ar, en, doc_id in zip(arabic, english, ids):
        doc_id = doc_id.split("\t")[0].strip()
        if doc_id != previous:
            documents.append(Document(f"{len(documents):03d}-{doc_id}", []))
            previous = doc_id
        documents[-1].beads.append(([ar.strip()], [en.strip()]))
    return documents


def long_documents(documents: list[Document]) -> list[Document]:
    """Join consecutive documents until each size in ``LONG_SIZES`` is reached (or all are used).

    A size that would repeat the previous document (too little data) is skipped.
    """
    result: list[Document] = []
    for size in LONG_SIZES:
        beads: list[Bead] = []
        for doc in documents:
            if len(beads) >= size:
                break
            beads.extend(doc.beads)
        if not result or len(result[-1].beads) < len(beads):
            result.append(Document(f"long-{len(beads)}", beads))
    return result


def chapters(documents: list[Document]) -> list[Document]:
    """Consecutive documents joined into chapters of at least ``CHAPTER_LINES`` lines (the last may be shorter)."""
    result: list[Document] = []
    for doc in documents:
        if not result or len(result[-1].beads) >= CHAPTER_LINES:
            result.append(Document(f"chapter-{len(result):02d}", []))
        result[-1].beads.extend(doc.beads)
    return result


def copy_document(doc: Document) -> Document:
    return Document(doc.name, [(list(ar), list(en)) for ar, en in doc.beads], Counter(doc.operations))


def perturb(doc: Document, rng: random.Random, others: list[Document]) -> Document:
    """Apply about one perturbation per five segments, of every kind, at random places."""
    doc = copy_document(doc)
    operations = (drop, add_note, add_foreign, merge, split_at_comma, add_boilerplate)
    for _ in range(max(2, len(doc.beads) // 5)):
        rng.choice(operations)(doc, rng, others)
    return doc


def _one_to_one(doc: Document) -> list[int]:
    return [k for k, (ar, en) in enumerate(doc.beads) if len(ar) == 1 and len(en) == 1]


def drop(doc: Document, rng: random.Random, others: list[Document]) -> None:
    """Leave one sentence untranslated: remove it from one side."""
    candidates = _one_to_one(doc)
    if len(candidates) < 3:
        return
    k = rng.choice(candidates)
    side = rng.choice(("ar", "en"))
    ar, en = doc.beads[k]
    doc.beads[k] = (ar, []) if side == "ar" else ([], en)
    doc.operations[f"drop-{'en' if side == 'ar' else 'ar'}"] += 1


def add_note(doc: Document, rng: random.Random, others: list[Document]) -> None:
    """A translator's note in brackets on the English side, right after a sentence."""
    k = rng.randrange(len(doc.beads) + 1)
    doc.beads.insert(k, ([], [rng.choice(TRANSLATOR_NOTES)]))
    doc.operations["add-note-en"] += 1


def add_foreign(doc: Document, rng: random.Random, others: list[Document]) -> None:
    """A sentence from another document on one side only."""
    other = rng.choice([o for o in others if o.name != doc.name])
    ar, en = rng.choice(other.beads)
    k = rng.randrange(len(doc.beads) + 1)
    if rng.random() < 0.5:
        doc.beads.insert(k, (list(ar), []))
        doc.operations["add-foreign-ar"] += 1
    else:
        doc.beads.insert(k, ([], list(en)))
        doc.operations["add-foreign-en"] += 1


def merge(doc: Document, rng: random.Random, others: list[Document]) -> None:
    """Join two or three adjacent sentences into one on one side (2-1, 1-2, 3-1, 1-3)."""
    count = 3 if rng.random() < 0.25 else 2
    starts = [
        k
        for k in range(len(doc.beads) - count + 1)
        if all(len(ar) == 1 and len(en) == 1 for ar, en in doc.beads[k : k + count])
    ]
    if not starts:
        return
    k = rng.choice(starts)
    group = doc.beads[k : k + count]
    ar = [bead[0][0] for bead in group]
    en = [bead[1][0] for bead in group]
    if rng.random() < 0.5:
        doc.beads[k : k + count] = [(ar, [" ".join(en)])]
        doc.operations[f"merge-en-{count}"] += 1
    else:
        doc.beads[k : k + count] = [([" ".join(ar)], en)]
        doc.operations[f"merge-ar-{count}"] += 1


def split_at_comma(doc: Document, rng: random.Random, others: list[Document]) -> None:
    """Split one sentence in two at a comma near its middle, on one side."""
    side = rng.choice(("ar", "en"))
    comma = "، " if side == "ar" else ", "
    candidates = []
    for k in _one_to_one(doc):
        text = doc.beads[k][0 if side == "ar" else 1][0]
        cut = text.find(comma, len(text) // 4)
        if 0 < cut < 3 * len(text) // 4:
            candidates.append((k, cut))
    if not candidates:
        return
    k, cut = rng.choice(candidates)
    ar, en = doc.beads[k]
    text = (ar if side == "ar" else en)[0]
    parts = [text[: cut + 1].strip(), text[cut + len(comma) :].strip()]
    doc.beads[k] = (parts, en) if side == "ar" else (ar, parts)
    doc.operations[f"split-{side}"] += 1


def add_boilerplate(doc: Document, rng: random.Random, others: list[Document]) -> None:
    """A page header or page number on one side, as left by PDF or Word conversion."""
    k = rng.randrange(len(doc.beads) + 1)
    number = rng.randint(2, 40)
    if rng.random() < 0.5:
        doc.beads.insert(k, ([rng.choice(AR_BOILERPLATE).format(n=number)], []))
        doc.operations["boilerplate-ar"] += 1
    else:
        doc.beads.insert(k, ([], [rng.choice(EN_BOILERPLATE).format(n=number)]))
        doc.operations["boilerplate-en"] += 1


#: Ways literary Arabic chains a clause onto the previous one. A line that
#: already opens with و or ف keeps its own conjunction after a comma.
AR_CLAUSE_JOINS = ("، و", "، ثم ", "؛ ", "، ف")
EN_CLAUSE_JOINS = (", and ", "; ", ", while ")
#: Run lengths of Arabic lines joined into one sentence, and their weights:
#: mostly 1–3, sometimes up to 6 (16% of literary gold links exceed n+m = 4).
LITERARY_RUNS = ((1, 0.25), (2, 0.3), (3, 0.2), (4, 0.12), (5, 0.08), (6, 0.05))
ARABIC_LETTERS = "أبجدهوزحطيكلمنسعفصقرشت"
LATIN_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _strip_end(text: str) -> str:
    return text.rstrip(" .۔!?؟\"'»").rstrip()


def join_arabic(lines: list[str], rng: random.Random) -> str:
    """One Arabic sentence from several, joined as Arabic chains clauses."""
    joined = lines[0]
    for line in lines[1:]:
        join = "، " if line.startswith(("و", "ف")) else rng.choice(AR_CLAUSE_JOINS)
        joined = _strip_end(joined) + join + line
    return joined


def join_english(lines: list[str], rng: random.Random) -> str:
    """One English sentence from two or three, joined with a conjunction."""
    joined = lines[0]
    for line in lines[1:]:
        rest = line[:1].lower() + line[1:] if line[:2] != "I " else line
        joined = _strip_end(joined) + rng.choice(EN_CLAUSE_JOINS) + rest
    return joined


def _run_length(rng: random.Random, left: int) -> int:
    sizes, weights = zip(*LITERARY_RUNS)
    return min(rng.choices(sizes, weights)[0], left)


def literary(doc: Document, rng: random.Random) -> Document:
    """Join runs of Arabic lines into long sentences; now and then join English instead."""
    result = Document(doc.name, [])
    k = 0
    while k < len(doc.beads):
        size = _run_length(rng, len(doc.beads) - k)
        group = doc.beads[k : k + size]
        ar = [bead[0][0] for bead in group]
        en = [bead[1][0] for bead in group]
        if size > 1 and size <= 3 and rng.random() < 0.15:
            result.beads.append((ar, [join_english(en, rng)]))
            result.operations[f"join-en-{size}"] += 1
        elif size > 1:
            result.beads.append(([join_arabic(ar, rng)], en))
            result.operations[f"join-ar-{size}"] += 1
        else:
            result.beads.append((ar, en))
        k += size
    return result


#: Where a restructured Arabic run may be cut again: after a comma, or before a
#: word-initial و (and) — the clause boundaries of a chained Arabic sentence.
AR_CUT_POINTS = re.compile(r"(?<=، )|(?<= )(?=و\S)")


def restructure(doc: Document, rng: random.Random) -> Document:
    """Move Arabic sentence boundaries inside runs of 2–3 lines, giving crossing n-m links."""
    result = Document(doc.name, [])
    k = 0
    while k < len(doc.beads):
        size = min(rng.choice((1, 1, 2, 2, 3)), len(doc.beads) - k)
        group = doc.beads[k : k + size]
        k += size
        ar = [bead[0][0] for bead in group]
        en = [bead[1][0] for bead in group]
        pieces = _recut(ar, rng) if size > 1 else None
        if pieces is None:
            result.beads.extend(([a], [e]) for a, e in zip(ar, en))
            continue
        result.beads.append((pieces, en))
        result.operations[f"recut-{len(pieces)}-{size}"] += 1
    return result


def _recut(lines: list[str], rng: random.Random) -> list[str] | None:
    """The lines joined and cut again at clause boundaries that are not line boundaries.

    Returns ``None`` when a line has no clause boundary far enough from its ends
    (a fifth of its length) to cut at.
    """
    joined, starts = "", []
    for line in lines:
        if joined:
            joined = _strip_end(joined) + "، "
        starts.append(len(joined))
        joined += line
    ends = starts[1:] + [len(joined)]
    # One cut inside each line but the last (2 lines -> 2 pieces, 3 -> 3), or
    # for three lines sometimes a single cut (3 -> 2).
    cut_lines = list(range(len(lines) - 1))
    if len(lines) == 3 and rng.random() < 0.5:
        cut_lines = [rng.choice(cut_lines)]
    cuts = []
    for index in cut_lines:
        start, end = starts[index], ends[index]
        margin = (end - start) // 5
        points = [m.start() for m in AR_CUT_POINTS.finditer(joined, start + margin, end - margin)]
        if not points:
            return None
        cuts.append(rng.choice(points))
    bounds = [0, *cuts, len(joined)]
    pieces = [joined[a:b].strip() for a, b in zip(bounds, bounds[1:])]
    # Each piece ends as the sentence it now is: a translator's source has its own full stops, so
    # a piece must not give away by a trailing comma that it runs on into the next.
    return [piece.rstrip("، ") + "." for piece in pieces[:-1]] + pieces[-1:]


def legal(doc: Document, rng: random.Random) -> Document:
    """Article headings and enumerations: Arabic items in one sentence, English one line each."""
    result = Document(doc.name, [])
    k, article = 0, rng.randint(1, 60)
    while k < len(doc.beads):
        result.beads.append(([f"المادة ({to_arabic_digits(article)})"], [f"Article {article}"]))
        result.operations["heading"] += 1
        article += 1
        size = min(rng.randint(2, 5), len(doc.beads) - k)
        group = doc.beads[k : k + size]
        if size >= 2 and rng.random() < 0.6:
            items_ar = [f"({ARABIC_LETTERS[i]}) {_strip_end(bead[0][0])}" for i, bead in enumerate(group)]
            items_en = [f"({LATIN_LETTERS[i]}) {_strip_end(bead[1][0])};" for i, bead in enumerate(group)]
            ar = "يُراعى في تطبيق أحكام هذه المادة ما يأتي: " + "؛ ".join(items_ar) + "."
            en = ["In applying this Article, the following shall be observed:"] + items_en
            result.beads.append(([ar], en))
            result.operations[f"enumeration-{size}"] += 1
        else:
            result.beads.extend(([bead[0][0]], [bead[1][0]]) for bead in group)
        k += size
    return result


def to_arabic_digits(number: int) -> str:
    return str(number).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))


def replace_sentence(doc: Document, rng: random.Random, others: list[Document]) -> None:
    """An adjacent deletion and insertion: one side's sentence replaced by an unrelated one."""
    candidates = _one_to_one(doc)
    if len(candidates) < 3:
        return
    k = rng.choice(candidates)
    other = rng.choice([o for o in others if o.name != doc.name])
    ar, en = doc.beads[k]
    if rng.random() < 0.5:
        doc.beads[k : k + 1] = [(ar, []), ([], list(rng.choice(other.beads)[1]))]
        doc.operations["replace-en"] += 1
    else:
        doc.beads[k : k + 1] = [([], en), (list(rng.choice(other.beads)[0]), [])]
        doc.operations["replace-ar"] += 1


def mix(doc: Document, rng: random.Random, others: list[Document]) -> Document:
    """Gaps among long links: replacements, notes, untranslated sentences, foreign lines."""
    doc = copy_document(doc)
    doc.operations = Counter(doc.operations)
    operations = (replace_sentence, add_note, drop, add_foreign)
    for _ in range(max(2, len(doc.beads) // 6)):
        rng.choice(operations)(doc, rng, others)
    return doc


def paragraphs(doc: Document, rng: random.Random) -> Document:
    """The document laid out in paragraphs: one opens every 3-8 links, at any link."""
    doc = copy_document(doc)
    k = rng.randint(3, 8)
    while k < len(doc.beads):
        doc.paragraphs.add(k)
        k += rng.randint(3, 8)
    return doc


def write_document(doc: Document, folder: Path) -> dict[str, object]:
    """Write ``NAME.ar``, ``NAME.en`` and ``NAME.gold``; return its manifest entry."""
    arabic, english, gold = doc.sides()
    folder.mkdir(parents=True, exist_ok=True)
    for language, lines, column in (("ar", arabic, 0), ("en", english, 1)):
        # A blank line before each paragraph's first segment on this side (not counted as a segment); a
        # paragraph that holds none here (an added note of its own) leaves the sides with unequal counts.
        opening = set()
        for start, end in pairwise(sorted(doc.paragraphs) + [len(gold)]):
            opening.update(next(([link[column][0]] for link in gold[start:end] if link[column]), []))
        text = "".join(("\n" if index in opening else "") + f"{line}\n" for index, line in enumerate(lines))
        (folder / f"{doc.name}.{language}").write_text(text, encoding="utf-8")
    write_links(folder / f"{doc.name}.gold", gold)
    return {
        "name": doc.name,
        "set": folder.name,
        "ar_segments": len(arabic),
        "en_segments": len(english),
        "links": len(gold),
        "operations": dict(sorted(doc.operations.items())),
    }


def build(data_dir: Path, out_dir: Path, seed: int) -> list[dict[str, object]]:
    """Write the whole suite under ``out_dir`` and return the manifest entries."""
    rng = random.Random(seed)
    documents = read_documents(data_dir)
    clean = documents + long_documents(documents)
    manifest = [write_document(doc, out_dir / "clean") for doc in clean]
    manifest += [write_document(perturb(doc, rng, documents), out_dir / "perturbed") for doc in clean]
    # The new families draw from their own generators, so the older folders stay as they were.
    family_rng = random.Random(seed + 1)
    literary_docs = [literary(doc, family_rng) for doc in chapters(documents)]
    manifest += [write_document(doc, out_dir / "literary") for doc in literary_docs]
    manifest += [write_document(legal(doc, family_rng), out_dir / "legal") for doc in chapters(documents)]
    mixed_docs = [mix(doc, family_rng, documents) for doc in literary_docs]
    manifest += [write_document(doc, out_dir / "mixed") for doc in mixed_docs]
    crossing_rng = random.Random(seed + 2)
    manifest += [write_document(restructure(doc, crossing_rng), out_dir / "restructured") for doc in chapters(documents)]
    paragraph_rng = random.Random(seed + 3)
    manifest += [write_document(paragraphs(doc, paragraph_rng), out_dir / "paragraphs") for doc in mixed_docs]
    (out_dir / "manifest.json").write_text(
        json.dumps({"seed": seed, "source": "NTREX-128 (ar-en)", "documents": manifest}, ensure_ascii=False, indent=1)
        + "\n",
        encoding="utf-8",
    )
    return manifest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="NTREX-128 folder (default: %(default)s)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=13, help="random seed (default: %(default)s)")
    args = parser.parse_args()
    manifest = build(args.data, args.out, args.seed)
    print(f"wrote {len(manifest)} documents to {args.out}")


if __name__ == "__main__":
    main()
