"""Normalization for matching: concrete before/after strings."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

from align.lang.normalize import normalize


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("الْعَرَبِيَّةُ", "العربيه"),  # diacritics off, teh marbuta -> heh
        ("أحمد إبراهيم آمن", "احمد ابراهيم امن"),  # hamza forms of alef -> bare alef
        ("مستشفى", "مستشفي"),  # alef maksura -> ya
        ("جـــميل", "جميل"),  # tatweel
        ("عام ٢٠٠٨ و۱۲", "عام 2008 و12"),  # Arabic-Indic and Persian digits
        ("\u200fالحكومة\u200c العراقية\u200e", "الحكومه العراقيه"),  # bidi and zero-width marks
        ("  نعم،\r\n\tلا؟  ", "نعم, لا?"),  # Arabic punctuation, whitespace folded and trimmed
        ("ﻻ", "لا"),  # presentation form (lam-alef ligature)
    ],
)
def test_arabic(before: str, after: str) -> None:
    assert normalize(before, "ar") == after


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("The U.S. Army", "the u.s. army"),
        ("STRASSE Straße", "strasse strasse"),  # casefold, not just lower
        ("  ten\u200b  thousand\n\n troops ", "ten thousand troops"),
        ("in ١٠ years", "in 10 years"),
    ],
)
def test_english(before: str, after: str) -> None:
    assert normalize(before, "en") == after


def test_english_keeps_accents_and_arabic_keeps_latin_case() -> None:
    assert normalize("Café", "en") == "café"
    assert normalize("قوات US", "ar") == "قوات US"


def test_camel_tools_utilities_import_without_camel_data(tmp_path: Path) -> None:
    # CI has no camel_data: the utilities used here must work with an empty data folder.
    repo = REPO
    env = {"CAMELTOOLS_DATA": str(tmp_path), "HOME": str(tmp_path), "PYTHONPATH": str(repo)}
    code = "from align.lang.normalize import normalize; print(normalize('الْعَرَبِيَّةُ', 'ar'))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=repo, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "العربيه"
