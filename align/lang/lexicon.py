"""Word lists of English and Arabic (pyspellchecker's, built from subtitles), for telling a word from a run of words."""

from __future__ import annotations

from functools import lru_cache

from spellchecker import SpellChecker

from align.model import Lang


@lru_cache(maxsize=2)
def _lexicon(language: Lang) -> SpellChecker:
    # Loaded once per language, about 0.2-0.3 CPU seconds each; inflected forms are listed ("beaten",
    # "accompanied"; الشيوخ، يلقون، للعالم).
    return SpellChecker(language=language, distance=1)


def is_word(word: str, language: Lang) -> bool:
    """Whether ``word`` is in the language's word list, as written (Arabic with its clitics)."""
    return word in _lexicon(language)
