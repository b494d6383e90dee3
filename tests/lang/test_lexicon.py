"""The word lists tell a word, with its clitics and inflections, from words run together or a name."""

from __future__ import annotations

import pytest

from align.lang.lexicon import is_word


@pytest.mark.parametrize(
    ("word", "lang", "listed"),
    [
        ("beaten", "en", True),
        ("accompanied", "en", True),
        ("itdidn't", "en", False),
        ("الشيوخ", "ar", True),
        ("للعالم", "ar", True),
        ("يلقون", "ar", True),
        ("الشيوخلا", "ar", False),
        ("سولاوسي", "ar", False),
    ],
)
def test_a_listed_word_is_a_word(word: str, lang: str, listed: bool) -> None:
    assert is_word(word, lang) is listed
