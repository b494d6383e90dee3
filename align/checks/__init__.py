"""The checks that flag translation gaps and meaning drift on an aligned document.

``registry`` lists the checks and their limits, ``context`` is what a check
reads about a link, one module per family holds the checks themselves, and
``runner`` runs them over an alignment.
"""

from __future__ import annotations

# Importing the families registers their checks.
from align.checks import gaps, names, negation, numbers, omission, similarity, surface  # noqa: F401
