"""What the review UI may read and how it words a problem: files only inside the allowed folders, errors with the file's name.

The review server reads files for whoever opens its page, so a path typed in
the page is resolved (``..`` and symbolic links followed) and must lie inside
one of the allowed folders: the project folder ``align review`` was started
in and the folders given with ``--root``. Messages name a file as the
reviewer knows it (an upload by its own name, not where the server keeps it)
and leave out the command line's options, which a reviewer in the browser has
no use for.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from align.errors import InputError

#: A parenthesised aside, or a "; ..." hint, that tells a command-line user which option to use.
_OPTION_ASIDE = re.compile(r"\s*\([^()]*--[a-z][^()]*\)")
_OPTION = re.compile(r"--[a-z]")


def allowed_roots(roots: Iterable[str | Path]) -> tuple[Path, ...]:
    """The allowed folders, resolved, each once, in the order given."""
    resolved: list[Path] = []
    for root in roots:
        path = Path(root).expanduser().resolve()
        if path not in resolved:
            resolved.append(path)
    return tuple(resolved)


def inside_roots(typed: str, roots: Sequence[Path], *, allowed: Iterable[Path] = ()) -> Path:
    """The file a reviewer typed, resolved, when it lies inside one of ``roots``.

    Args:
        typed: The path as typed; a relative one is taken from the first root.
        roots: The allowed folders (see :func:`allowed_roots`).
        allowed: Files allowed wherever they are (those named on the command line).

    Raises:
        InputError: The path resolves outside every root (the message names
            the path as typed and the allowed folders).
    """
    path = Path(typed).expanduser()
    if not path.is_absolute() and roots:
        path = roots[0] / path
    resolved = path.resolve()
    if resolved in {Path(file).resolve() for file in allowed}:
        return resolved
    if not any(resolved.is_relative_to(root) for root in roots):
        folders = ", ".join(str(root) for root in roots) or "none"
        raise InputError(f"{typed}: not inside the folders this review may read ({folders}); choose a file inside them")
    return resolved


def for_reviewer(message: str, names: Mapping[str, str]) -> str:
    """``message`` as the review page shows it.

    Args:
        message: An error's message, as the loader words it for the command line.
        names: Each path the message may hold → the name the reviewer knows
            the file by (an upload's own name).

    Returns:
        The message with those paths replaced by their names (longest first,
        so a path is never half-replaced) and without the command line's
        option hints (``(… --ar …)`` asides and ``; … --en …`` clauses).
    """
    for path in sorted(names, key=len, reverse=True):
        message = message.replace(path, names[path])
    message = _OPTION_ASIDE.sub("", message)
    clauses = message.split("; ")
    kept = [clauses[0], *(clause for clause in clauses[1:] if not _OPTION.search(clause))]
    return "; ".join(kept)
