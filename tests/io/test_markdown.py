"""Markdown: the text a reader sees, markup and code kept out of the segments, blocks placed by line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import AR, EN, assert_clean_error, run_align

from align.errors import InputError
from align.io.blocks import ReadOptions
from align.io.markdown import read_blocks, read_document, read_side

OPTIONS = ReadOptions()

ENGLISH = f"""# {EN[0].split()[0]} *news*

{EN[0]} See [the **report**](https://example.org/r "title") and `sofa-2008`.
![a map](map.png)
{EN[3]}

- {EN[4]}
- <span>inline html</span> kept text

```python
print("code is not prose")
```

<div>an HTML block</div>

| Term | Note |
|------|------|
| SOFA | agreement |
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_blocks_are_the_text_a_reader_sees_placed_by_line(tmp_path: Path) -> None:
    blocks = read_blocks(write(tmp_path, "x.en.md", ENGLISH))
    assert [(b.where, b.text) for b in blocks] == [
        ("line 1", "Iraq's news"),
        ("line 3", f"{EN[0]} See the report and sofa-2008. {EN[3]}"),
        ("line 7", EN[4]),
        ("line 8", "inline html kept text"),
        ("line 16", "Term"), ("line 16", "Note"), ("line 18", "SOFA"), ("line 18", "agreement"),
    ]


def test_one_side_is_sentence_split_or_presegmented(tmp_path: Path) -> None:
    path = write(tmp_path, "x.ar.md", f"## {AR[0]} {AR[1]}\n\n> {AR[4]}\n")
    assert [s.text for s in read_side(path, "ar", OPTIONS).segments] == [AR[0], AR[1], AR[4]]
    assert [s.text for s in read_side(path, "ar", ReadOptions(presegmented=True)).segments] == [f"{AR[0]} {AR[1]}", AR[4]]


def test_markdown_alone_is_a_mixed_document(tmp_path: Path) -> None:
    path = write(tmp_path, "mixed.md", f"**{AR[0]}**\n\n_{EN[0]}_\n\n{AR[4]}\n\n{EN[3]}\n")
    source, target, links = read_document(path, OPTIONS)
    assert links is None
    assert [s.text for s in source.segments] == [AR[0], AR[4]] and [s.text for s in target.segments] == [EN[0], EN[3]]
    assert target.where(target.segments[1].start) == "line 7"


def test_check_a_pair_of_markdown_files_from_the_command_line(tmp_path: Path) -> None:
    ar = write(tmp_path, "x.ar.md", f"# {AR[0]}\n\n{AR[4]}\n")
    en = write(tmp_path, "x.en.md", f"# {EN[0]}\n\n*{EN[3]}*\n")
    result = run_align("check", "--ar", str(ar), "--en", str(en), "--format", "json", "--quiet")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert [(s["text"], s["where"]) for s in report["segments"]["en"]] == [(EN[0], "line 1"), (EN[3], "line 3")]


def test_only_code_and_markup_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no text outside code and markup"):
        read_blocks(write(tmp_path, "x.md", "```\ncode only\n```\n\n![image](a.png)\n"))


def test_binary_renamed_markdown_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_bytes(bytes(range(256)) * 16)
    assert_clean_error(run_align("check", str(path), "--quiet"), 2, "binary")
