"""The one settings object: defaults ← ``align.toml`` (or ``[tool.align]`` in ``pyproject.toml``) ← command-line options.

Every command (``check``, ``align``, ``export``, ``bench``, ``review``) and the
review UI build one :class:`Settings` with :func:`load_settings` and pass it
down: the document loader reads ``presegmented``, the embedder ``model`` and
``cache_dir``, the aligner ``max_link``, the checks ``thresholds`` and the
ignored codes, and :meth:`Settings.apply` the severities and per-file ignores.
The report's signature records every setting that differs from the defaults.

Example ``align.toml`` (in ``pyproject.toml`` the same keys go under ``[tool.align]``)::

    model = "e5-small"
    max_link = 8
    source_lang = "en-US"       # BCP 47; one Arabic, one English (default ar -> en)
    target_lang = "ar-SA"

    [severity]                  # error | warning | info | ignore
    low-similarity = "ignore"
    name-mismatch = "error"

    [thresholds]                # fields of align.checks.registry.Thresholds
    low_similarity = 0.25

    [per_file_ignores]          # glob over document paths -> codes
    "docs/legacy/*" = ["length-ratio", "repeated-word"]

Command-line options win over the file. Unknown keys are errors, so a typo
never silently does nothing.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields, replace
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

from align.checks.context import TextEmbedder
from align.checks.registry import CHECKS, Thresholds
from align.checks.runner import check_alignment
from align.errors import InputError
from align.io.jobs import display
from align.model import Alignment, Locales

CONFIG_NAME = "align.toml"
PYPROJECT_NAME = "pyproject.toml"
IGNORE = "ignore"
LEVELS = ("error", "warning", "info", IGNORE)
DEFAULT_MAX_LINK = 8
_KEYS = ("model", "max_link", "source_lang", "target_lang", "severity", "thresholds", "per_file_ignores")
#: A well-formed BCP 47 tag as files carry it: language, then optional script, region and variants.
_LANGUAGE_TAG = re.compile(r"(?P<language>[A-Za-z]{2,3})(?:-(?P<script>[A-Za-z]{4}))?(?:-(?P<region>[A-Za-z]{2}|[0-9]{3}))?(?:-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*")


@dataclass(frozen=True)
class Settings:
    """Everything a run may be told: what to read, which model, how to align and check.

    Attributes:
        path: The config file the settings came from, or ``None``.
        model: Embedding model name or folder; ``None`` for the offline default.
        max_link: Largest link size n+m (2 allows only 1-1 and gaps; 4 adds
            1-2, 2-1, 2-2 and 1-3, 3-1 to the search; up to 8, the aligner's
            refinement builds longer links from them).
        source_lang: The source language's BCP 47 tag (``ar``, ``en-US``...).
        target_lang: The target language's tag; with ``source_lang`` one
            Arabic and one English. Exports (TMX, XLIFF) carry both tags.
        presegmented: ``--ar``/``--en`` files hold one segment per line.
        columns: A bilingual sheet's Arabic and English columns (``--columns``),
            or ``None`` to find them by their headers and text.
        cache_dir: Root of models and the embedding cache; ``None`` for
            ``$ALIGN_CACHE_DIR`` or the default.
        severity: Check code → ``error``, ``warning``, ``info`` or ``ignore``.
        thresholds: Limits of the checks.
        per_file_ignores: ``(glob, codes)`` pairs: flags with these codes are
            dropped from documents whose path matches the glob.
    """

    path: Path | None = None
    model: str | None = None
    max_link: int = DEFAULT_MAX_LINK
    source_lang: str = "ar"
    target_lang: str = "en"
    presegmented: bool = False
    columns: tuple[str, str] | None = None
    cache_dir: Path | None = None
    severity: Mapping[str, str] = field(default_factory=dict)
    thresholds: Thresholds = field(default_factory=Thresholds)
    per_file_ignores: tuple[tuple[str, frozenset[str]], ...] = ()

    @property
    def locales(self) -> Locales:
        """The direction and language tags of the translation."""
        return Locales(self.source_lang, self.target_lang)

    @property
    def ignored(self) -> frozenset[str]:
        """Codes ignored everywhere: their checks need not run at all."""
        return frozenset(code for code, level in self.severity.items() if level == IGNORE)

    def override(self, **options: Any) -> Settings:
        """These settings with the command-line options that were given (not ``None``) in their place."""
        return replace(self, **{name: value for name, value in options.items() if value is not None})

    def apply(self, alignment: Alignment, paths: Sequence[str]) -> Alignment:
        """``alignment`` with severities overridden and ignored flags dropped.

        Args:
            alignment: A checked alignment.
            paths: The document's paths as reports show them, for ``per_file_ignores``.
        """
        dropped = set(self.ignored)
        for pattern, codes in self.per_file_ignores:
            if any(fnmatchcase(path, pattern) for path in paths):
                dropped |= codes
        links = [
            replace(link, flags=[
                replace(flag, severity=self.severity.get(flag.code, flag.severity))  # type: ignore[arg-type]
                for flag in link.flags if flag.code not in dropped
            ])
            for link in alignment.links
        ]
        return replace(alignment, links=links)

    def checker(
        self, paths: Sequence[str] = (), embed: TextEmbedder | None = None
    ) -> Callable[[Alignment, Collection[int] | None], Alignment]:
        """The checks as these settings run them (thresholds, ignored codes, severities), for re-checking edited links.

        The checker takes the alignment and the positions of the links to
        check (``None``: all), as :func:`~align.checks.runner.check_alignment`;
        ``embed`` is the aligner's embedder for the checks that compare meaning
        (``align.pipeline.check_embedding``), so a re-checked link is judged as in the first run.
        """

        def check(alignment: Alignment, only: Collection[int] | None = None) -> Alignment:
            return self.apply(check_alignment(alignment, self.thresholds, self.ignored, only, embed), paths)

        return check

    def signature(self) -> dict[str, object]:
        """The check settings that differ from the defaults, for a report's signature (empty for the defaults)."""
        recorded: dict[str, object] = {}
        if self.path is not None:
            recorded["config"] = display(self.path)
        if (self.source_lang, self.target_lang) != ("ar", "en"):
            recorded["source_lang"], recorded["target_lang"] = self.source_lang, self.target_lang
        default = asdict(Thresholds())
        changed = {name: value for name, value in asdict(self.thresholds).items() if value != default[name]}
        if changed:
            recorded["thresholds"] = changed
        if self.severity:
            recorded["severity"] = dict(sorted(self.severity.items()))
        if self.per_file_ignores:
            recorded["per_file_ignores"] = {pattern: sorted(codes) for pattern, codes in self.per_file_ignores}
        return recorded


def load_settings(explicit: Path | None = None, folder: Path | None = None, **options: Any) -> Settings:
    """The settings of a run: the defaults, then the config file, then ``options``.

    The file is ``explicit``, else ``align.toml`` or ``pyproject.toml``'s
    ``[tool.align]`` in ``folder``.

    Args:
        explicit: A config file given with ``--config``.
        folder: Where to look otherwise (the current folder by default).
        options: Command-line options (fields of :class:`Settings`); ``None`` means not given.

    Raises:
        InputError: The file is missing or not TOML, or holds an unknown key
            or a bad value (the message names it).
    """
    settings = _read_file(explicit, folder).override(**options)
    given = options.get("source_lang") is not None or options.get("target_lang") is not None
    source, target = languages(settings.source_lang, settings.target_lang, "--source-lang/--target-lang" if given else str(settings.path))
    return replace(settings, source_lang=source, target_lang=target)


def _read_file(explicit: Path | None, folder: Path | None) -> Settings:
    if explicit is not None:
        if not explicit.is_file():
            raise InputError(f"{explicit}: no such config file")
        return _parse(explicit, pyproject=explicit.name == PYPROJECT_NAME)
    folder = folder or Path.cwd()
    if (folder / CONFIG_NAME).is_file():
        return _parse(folder / CONFIG_NAME, pyproject=False)
    if (folder / PYPROJECT_NAME).is_file():
        return _parse(folder / PYPROJECT_NAME, pyproject=True)
    return Settings()


def _parse(path: Path, *, pyproject: bool) -> Settings:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise InputError(f"{path}: not a readable TOML file ({error})") from None
    where = f"{path}"
    if pyproject:
        data = data.get("tool", {}).get("align")
        if data is None:
            return Settings()
        where = f"{path} [tool.align]"
    table = _table(data, where, "")
    _known(table, _KEYS, where, "")
    max_link = _typed(table, "max_link", int, where)
    return Settings(
        path=path,
        model=_typed(table, "model", str, where),
        max_link=DEFAULT_MAX_LINK if max_link is None else max_link,
        source_lang=_typed(table, "source_lang", str, where) or "ar",
        target_lang=_typed(table, "target_lang", str, where) or "en",
        severity=_severity(_table(table.get("severity", {}), where, "severity"), where),
        thresholds=_thresholds(_table(table.get("thresholds", {}), where, "thresholds"), where),
        per_file_ignores=_per_file_ignores(_table(table.get("per_file_ignores", {}), where, "per_file_ignores"), where),
    )


def _table(value: Any, where: str, key: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InputError(f"{where}: {key or 'the settings'} must be a table")
    return value


def _known(table: dict[str, Any], known: Sequence[str], where: str, prefix: str) -> None:
    for key in table:
        if key not in known:
            raise InputError(f"{where}: unknown key '{prefix}{key}' (known: {', '.join(sorted(known))})")


def _typed(table: dict[str, Any], key: str, kind: type, where: str) -> Any:
    value = table.get(key)
    if value is not None and (not isinstance(value, kind) or isinstance(value, bool)):
        raise InputError(f"{where}: {key} must be a {kind.__name__}, not {value!r}")
    return value


def _codes(values: Any, where: str, key: str) -> frozenset[str]:
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise InputError(f"{where}: {key} must be a list of check codes")
    for code in values:
        if code not in CHECKS:
            raise InputError(f"{where}: {key}: unknown check '{code}' (known: {', '.join(sorted(CHECKS))})")
    return frozenset(values)


def _severity(table: dict[str, Any], where: str) -> dict[str, str]:
    _known(table, list(CHECKS), where, "severity.")
    for code, level in table.items():
        if level not in LEVELS:
            raise InputError(f"{where}: severity.{code} is {level!r}, not one of {', '.join(LEVELS)}")
    return dict(table)


def _thresholds(table: dict[str, Any], where: str) -> Thresholds:
    defaults = Thresholds()
    names = [f.name for f in fields(Thresholds)]
    _known(table, names, where, "thresholds.")
    values = {}
    for name, value in table.items():
        default = getattr(defaults, name)
        kinds = (int, float) if isinstance(default, float) else (type(default),)
        if not isinstance(value, kinds) or isinstance(value, bool):
            raise InputError(f"{where}: thresholds.{name} must be a {type(default).__name__}, not {value!r}")
        values[name] = type(default)(value)
    return Thresholds(**values)


def _per_file_ignores(table: dict[str, Any], where: str) -> tuple[tuple[str, frozenset[str]], ...]:
    return tuple((pattern, _codes(codes, where, f'per_file_ignores."{pattern}"')) for pattern, codes in table.items())


def languages(source: str, target: str, where: str) -> tuple[str, str]:
    """The two tags in their usual case (``ar-SA``, ``zh-Hant``), checked: well-formed BCP 47, one Arabic and one English.

    Args:
        source: The source language's tag.
        target: The target language's tag.
        where: Where the tags were given, to begin the message with (an option, a file, a field of the page).

    Raises:
        InputError: A tag that is not BCP 47, or not one Arabic and one English.
    """
    tags = []
    for tag in (source, target):
        match = _LANGUAGE_TAG.fullmatch(tag)
        if match is None:
            hint = f" (BCP 47 uses '-': {tag.replace('_', '-')})" if "_" in tag else ""
            raise InputError(f"{where}: {tag!r} is not a BCP 47 language tag such as ar, ar-SA, en-GB{hint}")
        parts = tag.split("-")
        parts[0] = parts[0].lower()
        if match["script"]:
            parts[1] = parts[1].title()
        if match["region"]:
            index = 2 if match["script"] else 1
            parts[index] = parts[index].upper()
        tags.append("-".join(parts))
    if {tag.split("-")[0] for tag in tags} != {"ar", "en"}:
        raise InputError(f"{where}: translates {tags[0]} into {tags[1]}; give one Arabic and one English tag (ar -> en by default)")
    return tags[0], tags[1]
