"""The check suite's builder: which documents it injects into, and how a long link becomes one pair."""

from __future__ import annotations

from pathlib import Path

from align.bench.build_check_suite import read_clean
from align.io.vecalign import write_links


def gold_suite(folder: Path, name: str, ar: list[str], en: list[str], links: list[tuple[tuple[int, ...], tuple[int, ...]]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.ar").write_text("\n".join(ar) + "\n", encoding="utf-8")
    (folder / f"{name}.en").write_text("\n".join(en) + "\n", encoding="utf-8")
    write_links(folder / f"{name}.gold", links)


def test_a_long_link_becomes_one_pair_and_a_document_with_a_gap_is_left_out(tmp_path: Path) -> None:
    gold_suite(tmp_path, "verse", ["آية أولى", "آية ثانية"], ["First.", "It goes on.", "Second."], [((0,), (0, 1)), ((1,), (2,))])
    gold_suite(tmp_path, "gappy", ["جملة", "أخرى"], ["A sentence."], [((0,), (0,)), ((1,), ())])
    documents = read_clean(tmp_path)
    assert list(documents) == ["verse"]
    assert [(p.ar, p.en) for p in documents["verse"]] == [("آية أولى", "First. It goes on."), ("آية ثانية", "Second.")]
