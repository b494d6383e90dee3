"""One settings object: defaults ← align.toml ← command-line options, read by every command and the review UI."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from conftest import SEED_BLOG, HashingEmbedder, assert_clean_error, run_align

from align.checks.registry import Thresholds
from align.errors import InputError
from align.model import Locales
from align.settings import Settings, load_settings

#: A threshold every link falls below, and a check turned off.
CONFIG = """
[thresholds]
low_similarity = 1.01

[severity]
repeated-word = "ignore"
"""
#: (CONFIG: a threshold above every score, 1.0 being a typical link.) A threshold no link falls below (the hashing embedder scores Arabic against English low), and a check turned off.
LENIENT = CONFIG.replace("1.01", "0.0")
AR = "وصل الرئيس إلى بغداد صباح اليوم.\nوقال إن المحادثات ستستمر ثلاثة أيام.\n"
EN = "The president arrived in Baghdad this this morning.\nHe said the talks would last three days.\n"


def codes(report: dict) -> set[str]:
    return {flag["code"] for link in report["links"] for flag in link["flags"]}


def test_options_win_over_the_file_and_the_file_over_the_defaults(tmp_path: Path) -> None:
    (tmp_path / "align.toml").write_text('model = "use"\nmax_link = 3\n' + CONFIG, encoding="utf-8")
    assert load_settings(folder=tmp_path / "nowhere") == Settings()
    from_file = load_settings(folder=tmp_path)
    assert (from_file.model, from_file.max_link, from_file.ignored) == ("use", 3, {"repeated-word"})
    assert from_file.thresholds == Thresholds(low_similarity=1.01)
    given = load_settings(folder=tmp_path, model="e5-small", max_link=None, presegmented=True)
    assert (given.model, given.max_link, given.presegmented) == ("e5-small", 3, True)


def test_signature_records_only_what_differs_from_the_defaults(tmp_path: Path) -> None:
    assert Settings().signature() == {}
    (tmp_path / "align.toml").write_text(CONFIG, encoding="utf-8")
    signature = load_settings(folder=tmp_path).signature()
    assert signature["thresholds"] == {"low_similarity": 1.01}
    assert signature["severity"] == {"repeated-word": "ignore"}


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    ar, en = tmp_path / "doc.ar.txt", tmp_path / "doc.en.txt"
    ar.write_text(AR, encoding="utf-8")
    en.write_text(EN, encoding="utf-8")
    return ar, en


def align_json(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], folder: Path, *args: str) -> dict:
    """``align align ... --format json`` run in ``folder``, with the hashing embedder."""
    import align.embed.embedder
    from align.cli import main

    monkeypatch.setattr(align.embed.embedder, "load_embedder", lambda *a, **k: HashingEmbedder())
    monkeypatch.chdir(folder)
    with pytest.raises(SystemExit) as exit_info:
        main(["align", *args, "--format", "json", "--quiet"])
    assert exit_info.value.code == 0
    return json.loads(capsys.readouterr().out)


def test_align_command_honours_align_toml(
    pair: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    ar, en = (str(p) for p in pair)
    plain = align_json(monkeypatch, capsys, tmp_path, "--ar", ar, "--en", en)
    assert {"repeated-word", "low-similarity"} <= codes(plain)
    configured = tmp_path / "project"
    configured.mkdir()
    (configured / "align.toml").write_text(LENIENT, encoding="utf-8")
    report = align_json(monkeypatch, capsys, configured, "--ar", ar, "--en", en)
    assert "repeated-word" not in codes(report), "a code set to ignore is not checked"
    assert "low-similarity" not in codes(report), "no score is below the configured threshold"
    assert codes(report) == codes(plain) - {"repeated-word", "low-similarity"}
    assert report["signature"]["thresholds"] == {"low_similarity": 0.0}
    explicit = align_json(monkeypatch, capsys, tmp_path, "--ar", ar, "--en", en, "--config", str(configured / "align.toml"))
    assert codes(explicit) == codes(report)


@pytest.mark.model
def test_review_ui_honours_align_toml_also_for_rechecked_links(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit.testing.v1 import AppTest

    from align.model import link_key
    from align.review.state import Decision, apply

    config = tmp_path / "align.toml"
    # Every link below the threshold, however usual its score is for the document.
    config.write_text(CONFIG.replace("low_similarity = 1.01", "low_similarity = 1.01\nlow_similarity_z = 100"), encoding="utf-8")
    monkeypatch.setenv("ALIGN_PROJECT_DIR", str(tmp_path))
    monkeypatch.setattr(sys, "argv", ["app.py", "--config", str(config)])
    assert "freedom freedom" in SEED_BLOG.read_text(encoding="utf-8"), "the seed has a repeated word to ignore"
    at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "app.py"), default_timeout=900)
    at.run()
    assert not at.exception, at.exception
    state = at.session_state["review"]["state"]
    flags = [f.code for link in state.links for f in link.flags]
    assert "repeated-word" not in flags
    both = [link for link in state.links if link.ar and link.en]
    assert all(any(f.code == "low-similarity" for f in link.flags) for link in both)
    # A link changed in the UI is re-checked with the same settings.
    merged = apply(state, Decision.merge(link_key(both[-2]), link_key(both[-1])))
    changed = merged.links[merged.index((both[-2].ar + both[-1].ar, both[-2].en + both[-1].en))]
    assert [f.code for f in changed.flags if f.code in ("repeated-word", "low-similarity")] == ["low-similarity"]


def test_source_and_target_languages_from_the_file_and_the_command_line(tmp_path: Path) -> None:
    assert load_settings(folder=tmp_path).locales == Locales("ar", "en")
    (tmp_path / "align.toml").write_text('source_lang = "en-us"\ntarget_lang = "AR-sa"\n', encoding="utf-8")
    from_file = load_settings(folder=tmp_path)
    assert from_file.locales == Locales("en-US", "ar-SA") and from_file.locales.source_lang == "en"
    assert from_file.signature()["source_lang"] == "en-US" and from_file.signature()["target_lang"] == "ar-SA"
    given = load_settings(folder=tmp_path, source_lang="ar-Arab-EG", target_lang="en-GB")
    assert given.locales == Locales("ar-Arab-EG", "en-GB") and given.locales.tag("en") == "en-GB"
    assert "source_lang" not in load_settings(folder=tmp_path / "nowhere").signature()


@pytest.mark.parametrize(
    ("source", "target", "words"),
    [
        ("en_US", "ar", "BCP 47 uses '-': en-US"),
        ("arabic", "en", "not a BCP 47 language tag"),
        ("fr-FR", "en", "translates fr-FR into en; give one Arabic and one English tag"),
        ("en", "en-GB", "give one Arabic and one English tag"),
    ],
    ids=["underscore", "a name", "french", "english twice"],
)
def test_unusable_language_tags_are_refused(source: str, target: str, words: str) -> None:
    with pytest.raises(InputError, match=re.escape(words)):
        load_settings(folder=Path("/nonexistent"), source_lang=source, target_lang=target)


def test_bad_language_tag_is_a_clean_usage_error_from_the_command_line() -> None:
    result = run_align("check", str(SEED_BLOG), "--source-lang", "en_US", "--target-lang", "ar", "--quiet")
    assert_clean_error(result, 2, "--source-lang/--target-lang: 'en_US' is not a BCP 47 language tag")
