"""Shared fixtures (one real embedding model for the whole test session) and helpers several test modules use."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from align.checks.runner import check_alignment
from align.model import Alignment, Flag, Link, Segment, Side

REPO = Path(__file__).resolve().parent.parent
#: NTREX-128 news, committed with the development suite (1,997 lines a side, line i translates line i).
NEWS = REPO / "bench" / "suite" / "clean" / "long-1997"
SEED_BLOG = REPO / "seeds" / "blog-iraq-sofa-2008-06-09.txt"
SEED_JPOST = REPO / "seeds" / "jpost-khamenei-2008-06-10.txt"

# The converted default model and the embedding cache live inside the checkout,
# so one CI run converts the model once and every test reuses it.
os.environ.setdefault("ALIGN_CACHE_DIR", str(REPO / ".cache" / "align"))


@pytest.fixture(scope="session")
def embedder():
    """The real default offline embedder, loaded once."""
    from align.embed.embedder import load_embedder

    return load_embedder()


def build_side(lang: str, texts: list[str], separator: str = "\n\n") -> Side:
    """A side read from ``doc.<lang>.txt`` whose text is ``texts`` joined by ``separator``."""
    segments, offset = [], 0
    for i, text in enumerate(texts):
        segments.append(Segment(id=i, lang=lang, text=text, start=offset, end=offset + len(text)))  # type: ignore[arg-type]
        offset += len(text) + len(separator)
    return Side(lang=lang, path=f"doc.{lang}.txt", text=separator.join(texts), segments=tuple(segments))  # type: ignore[arg-type]


class HashingEmbedder:
    """A stand-in for a real model: character trigrams hashed into 256 dims.

    Deterministic and instant; texts sharing characters get similar vectors,
    which is all that invariants of alignment and checks need.
    """

    name = "hashing-test-embedder"
    dim = 256

    def encode(self, texts, *, progress: bool = False):
        import zlib

        import numpy as np

        out = np.zeros((len(texts), self.dim), np.float32)
        for row, text in enumerate(texts):
            padded = f"  {text}  "
            for k in range(len(padded) - 2):
                out[row, zlib.crc32(padded[k : k + 3].encode("utf-8", "surrogatepass")) % self.dim] += 1.0
        out[:, 0] += 1e-3  # never a zero vector
        return out / np.linalg.norm(out, axis=1, keepdims=True)


@pytest.fixture(scope="session")
def hashing_embedder() -> HashingEmbedder:
    return HashingEmbedder()


# --- helpers shared by several test modules ---------------------------------------


def run_align(*args: str, cwd: Path = REPO, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from align.cli import main; main()", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=900,
        env={**os.environ, **(env or {})},
    )


def assert_clean_error(result: subprocess.CompletedProcess[str], code: int, words: str) -> None:
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    assert words.lower() in result.stderr.lower()


def build(*pairs: tuple[str | None, str | None], score: float = 0.9) -> Alignment:
    """An alignment of one link per pair; ``None`` leaves that side of the link empty."""
    ar_texts = [a for a, _ in pairs if a is not None]
    en_texts = [e for _, e in pairs if e is not None]
    links, i, j = [], 0, 0
    for ar, en in pairs:
        ar_ids = (i,) if ar is not None else ()
        en_ids = (j,) if en is not None else ()
        i, j = i + len(ar_ids), j + len(en_ids)
        links.append(Link(ar_ids, en_ids, score if ar_ids and en_ids else 0.0))
    return Alignment(build_side("ar", ar_texts), build_side("en", en_texts), links)


def flags_of(alignment: Alignment, code: str, **kwargs: object) -> list[tuple[Flag, str | None]]:
    """Flags of one code, each with the text it points at."""
    checked = check_alignment(alignment, **kwargs)  # type: ignore[arg-type]
    out = []
    for link in checked.links:
        for flag in link.flags:
            if flag.code == code:
                side = checked.source if flag.side == "ar" else checked.target
                span = side.text[flag.start : flag.end] if flag.start is not None else None
                out.append((flag, span))
    return out


def spans(alignment: Alignment, code: str, **kwargs: object) -> list[str | None]:
    return [span for _, span in flags_of(alignment, code, **kwargs)]


AR = [
    "وقع وزير الدفاع العراقي اليوم اتفاقية تعاون دفاعي مع إيران.",
    "وقال إن الاتفاقية تشمل إزالة الألغام.",
    "وتشمل أيضا البحث عن ١٥٠ جنديا مفقودا.",
    "ولم يعلق البيت الأبيض.",
    "وتستمر الزيارة ثلاثة أيام.",
]
EN = [
    "Iraq's Defense Minister signed a defense cooperation agreement with Iran today.",
    "He said the agreement covers mine clearance",
    "and the search for 150 missing soldiers.",
    "The visit lasts three days.",
    "Analysts were not surprised.",
]


def make_alignment(ar: list[str] = AR, en: list[str] = EN) -> Alignment:
    links = [
        Link((0,), (0,), 0.9),
        Link((1,), (1,), 0.7),
        Link((2,), (2,), 0.8),
        Link((3,), (), 0.0),
        Link((4,), (3,), 0.85),
        Link((), (4,), 0.0),
    ]
    return check_alignment(Alignment(build_side("ar", ar), build_side("en", en), links, {"model": "test"}))
