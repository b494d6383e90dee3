"""Errors a user can meet, each with its own exit code (see ``align.cli``)."""

from __future__ import annotations


class AlignError(Exception):
    """Base class: a problem reported to the user in one line, never a traceback."""

    exit_code = 2


class InputError(AlignError):
    """The input cannot be used: empty, not text, wrong encoding, wrong language."""

    exit_code = 2


class ModelError(AlignError):
    """The embedding model cannot be loaded or used."""

    exit_code = 3
