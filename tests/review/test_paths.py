"""What the review page may read, and how its errors name files."""

from __future__ import annotations

from pathlib import Path

import pytest

from align.errors import InputError
from align.review.paths import allowed_roots, for_reviewer, inside_roots


def test_only_files_inside_the_roots_resolve(tmp_path: Path) -> None:
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "a.txt").write_text("x")
    (tmp_path / "secret.txt").write_text("x")
    (texts / "link.txt").symlink_to(tmp_path / "secret.txt")
    roots = allowed_roots([texts, texts / "."])
    assert roots == (texts.resolve(),), "each folder once"
    assert inside_roots("a.txt", roots) == texts / "a.txt", "relative to the first root"
    assert inside_roots(str(texts / "a.txt"), roots) == texts / "a.txt"
    for typed in ("/etc/passwd", "../secret.txt", str(texts / "link.txt"), str(texts / ".." / "secret.txt")):
        with pytest.raises(InputError, match=rf"^{typed.replace('.', '[.]')}: not inside the folders this review may read \({texts}\)"):
            inside_roots(typed, roots)
    assert inside_roots(str(tmp_path / "secret.txt"), roots, allowed=[tmp_path / "secret.txt"]) == tmp_path / "secret.txt"


def test_messages_name_the_file_as_the_reviewer_knows_it_without_options() -> None:
    upload = "/home/u/.align-review/uploads/3f9a.txt"
    message = (
        f"{upload}: only 2% of its letters are Arabic; pass the Arabic text as --ar "
        "(swapped with --en? one document holding both languages goes without --ar/--en)"
    )
    assert for_reviewer(message, {upload: "arabic.txt"}) == "arabic.txt: only 2% of its letters are Arabic"
    assert for_reviewer(f"{upload}: is empty; give a file with text in it", {upload: "a.txt"}) == (
        "a.txt: is empty; give a file with text in it"
    )
    assert for_reviewer("x.txt: no English translation found (for two separate files use --ar and --en)", {}) == (
        "x.txt: no English translation found"
    )
