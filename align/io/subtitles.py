"""Subtitles (SubRip .srt, WebVTT .vtt), read with webvtt-py: each cue one segment, its times kept.

A cue's text is its lines with the cue tags (``<i>``, ``<v Speaker>``,
``<font>``) left out; it is placed as ``cue N, START --> END`` with the
timecodes written as the file's format writes them (``00:01:02,500`` in SRT,
``00:01:02.500`` in WebVTT), so every finding names the moment of the video.

A file given alone holds both languages: a cue whose lines are Arabic and
English (dual subtitles) is a pre-aligned pair, and a cue in one language
only is a gap; a file whose cues are each in one language has its Arabic cues
aligned with its English ones. As one side of a pair, every cue is a segment.
A file that is not text, or whose text holds no cue, is refused.
"""

from __future__ import annotations

from pathlib import Path

from align.errors import InputError
from align.io.blocks import Block, Document, Pair, ReadOptions, block_language, pairs_document, side_of
from align.io.text import read_text
from align.model import Lang, Side

#: The formats webvtt-py reads, by file name ending, and how each is named in messages.
_FORMATS = {".srt": ("srt", "a SubRip subtitle file (.srt)"), ".vtt": ("vtt", "a WebVTT subtitle file (.vtt)")}


def read_document(path: Path, options: ReadOptions) -> Document:
    """Subtitles given alone: dual-language cues as pairs, else the Arabic cues aligned with the English ones.

    Raises:
        InputError: Not a subtitle file, over the size limit, or in one language only.
    """
    cues = read_cues(path)
    split = [(cue, _by_language(cue.text)) for cue in cues]
    if any(ar and en for _, (ar, en) in split):
        return pairs_document(path, (Pair(ar, en, cue.where) for cue, (ar, en) in split))
    arabic = [Block(ar, cue.where) for cue, (ar, _) in split if ar]
    english = [Block(en, cue.where) for cue, (_, en) in split if en]
    if not arabic or not english:
        raise InputError(
            f"{path}: its subtitles are in {'English' if english else 'Arabic'} only; "
            "give them with their translation's subtitles as --ar FILE --en FILE"
        )
    return side_of("ar", path, arabic, whole=True), side_of("en", path, english, whole=True), None


def read_side(path: Path, lang: Lang, options: ReadOptions) -> Side:
    """One side of a pair: every cue one segment.

    Raises:
        InputError: Not a subtitle file, over the size limit, or mostly in the other language.
    """
    return side_of(lang, path, read_cues(path), whole=True)


def read_cues(path: Path) -> list[Block]:
    """The cues of an SRT or WebVTT file, in file order, each placed by its number and timecodes.

    Raises:
        InputError: Not text, over the size limit, or not subtitles of the
            format its name says (no cue, a malformed timecode).
    """
    # Imported here: webvtt-py is needed only when subtitles are read.
    import webvtt
    from webvtt.errors import MalformedCaptionError, MalformedFileError

    form, what = _FORMATS[path.suffix.lower()]
    text = read_text(path)
    try:
        captions = webvtt.from_buffer([text], format=form).captions
    except (MalformedFileError, MalformedCaptionError) as error:
        hint = "a numbered cue with its times" if form == "srt" else "a WEBVTT first line and cues with times"
        raise InputError(f"{path}: not {what} ({error or 'malformed'}): expected {hint}") from None
    blocks = []
    for number, caption in enumerate(captions, start=1):
        start, end = caption.start, caption.end
        if form == "srt":
            start, end = start.replace(".", ","), end.replace(".", ",")
        cue_text = "\n".join(line.strip() for line in caption.text.split("\n") if line.strip())
        if cue_text:
            blocks.append(Block(cue_text, f"cue {number}, {start} --> {end}"))
    if not blocks:
        raise InputError(f"{path}: holds no cue with text and valid times")
    return blocks


def _by_language(text: str) -> tuple[str, str]:
    """A cue's Arabic lines and its English lines; a line without letters goes with the line before it (else after)."""
    lines = text.split("\n")
    languages = [block_language(line) for line in lines]
    known = [lang for lang in languages if lang is not None]
    if not known:
        return "", ""
    current: Lang = known[0]
    sides: dict[Lang, list[str]] = {"ar": [], "en": []}
    for line, lang in zip(lines, languages):
        current = lang or current
        sides[current].append(line)
    return "\n".join(sides["ar"]), "\n".join(sides["en"])
