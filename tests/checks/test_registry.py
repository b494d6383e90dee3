"""The registry: every check has a code, a severity and user documentation, in report order."""

from __future__ import annotations

from align.checks.registry import CHECKS


def test_registry_documents_every_code_with_a_severity() -> None:
    assert list(CHECKS) == [
        "missing-translation",
        "missing-source",
        "addition",
        "repeated-word",
        "number-mismatch",
        "name-mismatch",
        "negation-mismatch",
        "length-ratio",
        "partial-omission",
        "low-similarity",
        "untranslated",
        "bracket-mismatch",
    ]
    for info in CHECKS.values():
        assert info.severity in ("error", "warning", "info")
        assert len(info.doc) > 40
