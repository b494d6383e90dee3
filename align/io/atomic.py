"""Writing an export whole or not at all: a failed or interrupted write never leaves a truncated file."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from align.errors import InputError


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary name beside ``path``, then rename it over ``path``.

    Raises:
        InputError: ``path`` cannot be written (its folder is missing or read-only, the disk is full).
    """
    temp = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
    try:
        try:
            # Mode 0o666 lets the user's umask decide, as for any new file.
            handle = os.fdopen(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), "wb")
            with handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, path)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None
