from __future__ import annotations

import json
import re
from pathlib import Path

from align.bench import build_suite
from align.io.vecalign import read_links

DOCS = 4
LINES = 30


def tiny_ntrex(folder: Path) -> tuple[list[str], list[str]]:
    """A small NTREX-shaped corpus: every sentence unique, some with commas to split at."""
    arabic, english, ids = [], [], []
    for doc in range(DOCS):
        for line in range(LINES):
            arabic.append(f"جملة عربية رقم {doc}-{line} طويلة بعض الشيء، ثم تكملة الجملة {doc}-{line} هنا.")
            english.append(f"English sentence {doc}-{line} is fairly long, then the rest of {doc}-{line} here.")
            ids.append(f"source.{doc}\tx")
    folder.mkdir()
    (folder / build_suite.AR_FILE).write_text("\n".join(arabic) + "\n", encoding="utf-8")
    (folder / build_suite.EN_FILE).write_text("\n".join(english) + "\n", encoding="utf-8")
    (folder / build_suite.IDS_FILE).write_text("\n".join(ids) + "\n", encoding="utf-8")
    return arabic, english


def read_doc(folder: Path, name: str):
    ar = (folder / f"{name}.ar").read_text(encoding="utf-8").splitlines()
    en = (folder / f"{name}.en").read_text(encoding="utf-8").splitlines()
    return ar, en, read_links(folder / f"{name}.gold")


def test_suite_gold_agrees_with_the_texts(tmp_path):
    arabic, english = tiny_ntrex(tmp_path / "ntrex")
    out = tmp_path / "suite"
    manifest = build_suite.build(tmp_path / "ntrex", out, seed=7)

    news = [entry for entry in manifest if entry["set"] in ("clean", "perturbed")]
    # 4 documents + one long one joining them all (too little data for two), clean and perturbed.
    assert len(news) == 2 * (DOCS + 1)
    assert len({(entry["set"], entry["name"]) for entry in manifest}) == len(manifest)
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["seed"] == 7
    applied = set()
    for entry in news:
        ar, en, gold = read_doc(out / entry["set"], entry["name"])
        assert (len(ar), len(en)) == (entry["ar_segments"], entry["en_segments"])
        # Every line of both sides exactly once, in order.
        assert [i for src, _ in gold for i in src] == list(range(len(ar)))
        assert [j for _, tgt in gold for j in tgt] == list(range(len(en)))
        applied.update(entry["operations"])
        for src, tgt in gold:
            if src and tgt:
                # Both sides of a link are the same run of original sentence pairs,
                # joined (merge) or cut at a comma (split) but with no word lost.
                joined_ar = " ".join(ar[i] for i in src)
                joined_en = " ".join(en[j] for j in tgt)
                pairs = sorted({original_index(m) for m in re.findall(r"رقم (\d+)-(\d+)", joined_ar)})
                assert pairs == sorted({original_index(m) for m in re.findall(r"sentence (\d+)-(\d+)", joined_en)})
                assert joined_ar == " ".join(arabic[k] for k in pairs)
                assert joined_en == " ".join(english[k] for k in pairs)
            else:
                assert entry["set"] == "perturbed", f"gap in clean document {entry['name']}"
    for kind in ("drop-", "add-note-", "add-foreign-", "merge-", "split-", "boilerplate-"):
        assert any(name.startswith(kind) for name in applied), kind


def test_literary_and_legal_families_are_complete_translations_with_long_links(tmp_path):
    tiny_ntrex(tmp_path / "ntrex")
    manifest = build_suite.build(tmp_path / "ntrex", tmp_path / "suite", seed=7)
    shapes: dict[str, set[tuple[int, int]]] = {"literary": set(), "legal": set(), "mixed": set()}
    for entry in manifest:
        if entry["set"] not in shapes:
            continue
        ar, en, gold = read_doc(tmp_path / "suite" / entry["set"], entry["name"])
        assert [i for src, _ in gold for i in src] == list(range(len(ar)))
        assert [j for _, tgt in gold for j in tgt] == list(range(len(en)))
        shapes[entry["set"]].update((len(src), len(tgt)) for src, tgt in gold)
        if entry["set"] == "literary":
            # One Arabic sentence holds the whole run, chained as Arabic chains clauses.
            long_links = [src for src, tgt in gold if len(tgt) > 1 and len(src) == 1]
            assert all(re.search("، |؛ ", ar[src[0]]) for src in long_links)
    # Four 30-line documents: one chapter of three (at least CHAPTER_LINES = 80 lines) and the rest.
    assert build_suite.CHAPTER_LINES == 80
    assert sum(entry["set"] == "legal" for entry in manifest) == 2
    assert all(n and m for n, m in shapes["literary"] | shapes["legal"]), "a gap in a complete translation"
    assert max(m for n, m in shapes["literary"] if n == 1) >= 4
    assert any(m >= 3 for n, m in shapes["legal"] if n == 1)
    assert {(1, 0), (0, 1)} <= shapes["mixed"]


def original_index(marker: tuple[str, str]) -> int:
    return int(marker[0]) * LINES + int(marker[1])


def test_same_seed_same_suite(tmp_path):
    tiny_ntrex(tmp_path / "ntrex")
    build_suite.build(tmp_path / "ntrex", tmp_path / "a", seed=3)
    build_suite.build(tmp_path / "ntrex", tmp_path / "b", seed=3)
    for path in sorted((tmp_path / "a").rglob("*")):
        if path.is_file():
            assert path.read_bytes() == (tmp_path / "b" / path.relative_to(tmp_path / "a")).read_bytes()
