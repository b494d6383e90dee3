"""How well the checks catch known errors: recall per error family, false alarms per flag code.

Reads a suite written by :mod:`align.bench.build_check_suite`: documents with their gold links and,
in ``NAME.errors``, the injected errors. Each document is scored and checked on its gold links, as a
translation memory is (``pipeline.run(links=…)``), so the figures measure the checks, not the aligner.

* recall of a family: the share of its injected links that carry one of the family's codes;
* false alarms of a code: its flags on the clean originals, per 100 links;
* precision of a code: its flags on injected links whose family it catches, over those plus its
  flags on links without an injected error, in the injected documents (one error per document, so
  at the suite's density of about one wrong link in sixteen). Flags of other codes on an injected
  link count for neither: the link is wrong, whatever else is said about it.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from align.bench.measure import read_gold, suite_documents
from align.checks.registry import CHECKS
from align.embed.embedder import Embedder
from align.io.jobs import load, one_job
from align.model import Link
from align.pipeline import run
from align.settings import Settings


@dataclass
class CheckBench:
    """Counts behind the figures.

    Attributes:
        injected: Injected links per family.
        caught: Injected links per family that carry one of the family's codes.
        clean_links: Links of the clean originals.
        clean_flags: Flags per code on the clean originals.
        hits: Flags per code on injected links whose family the code catches.
        misses: Flags per code on links without an injected error, in injected documents.
    """

    injected: Counter[str] = field(default_factory=Counter)
    caught: Counter[str] = field(default_factory=Counter)
    clean_links: int = 0
    clean_flags: Counter[str] = field(default_factory=Counter)
    hits: Counter[str] = field(default_factory=Counter)
    misses: Counter[str] = field(default_factory=Counter)

    def recall(self, family: str) -> float:
        return self.caught[family] / self.injected[family] if self.injected[family] else 0.0

    def false_alarms(self, code: str) -> float:
        """Flags of ``code`` per 100 clean links."""
        return 100 * self.clean_flags[code] / self.clean_links if self.clean_links else 0.0

    def precision(self, code: str) -> float | None:
        flagged = self.hits[code] + self.misses[code]
        return self.hits[code] / flagged if flagged else None

    def as_dict(self) -> dict[str, object]:
        return {
            "families": {
                f: {"injected": self.injected[f], "caught": self.caught[f], "recall": round(self.recall(f), 3)}
                for f in sorted(self.injected)
            },
            "clean_links": self.clean_links,
            "codes": {
                c: {
                    "false_alarms_per_100": round(self.false_alarms(c), 2),
                    "precision": None if self.precision(c) is None else round(self.precision(c) or 0.0, 3),
                }
                for c in CHECKS
            },
        }


def bench_checks(folder: str | Path, *, embedder: Embedder, settings: Settings) -> CheckBench:
    """Check every document of an error-injection suite on its gold links and count what is caught.

    Args:
        folder: The suite (``NAME.ar``, ``NAME.en``, ``NAME.gold``, ``NAME.errors``).
        embedder: Scores the links (``low-similarity`` reads the score) and, passed on to the checks,
            compares meanings (``partial-omission``).
        settings: Check thresholds and disabled codes.
    """
    result = CheckBench()
    for name, ar, en, gold_path in suite_documents(folder):
        errors = json.loads(gold_path.with_suffix(".errors").read_text(encoding="utf-8"))
        source, target, _ = load(one_job(ar=ar, en=en, presegmented=True))
        links = [Link(a, e, 0.0) for a, e in read_gold(gold_path)]
        checked = run(source, target, embedder=embedder, settings=settings, links=links, progress=lambda _f, _s: None)
        injected = {error["link"]: error for error in errors}
        for index, link in enumerate(checked.links):
            codes = Counter(flag.code for flag in link.flags)
            if not errors:
                result.clean_links += 1
                result.clean_flags.update(codes)
            elif index in injected:
                error = injected[index]
                result.injected[error["family"]] += 1
                result.caught[error["family"]] += bool(set(codes) & set(error["codes"]))
                result.hits.update({c: n for c, n in codes.items() if c in error["codes"]})
            else:
                result.misses.update(codes)
    return result


def to_text(result: CheckBench) -> str:
    lines = ["error family          injected  caught  recall"]
    for family in sorted(result.injected):
        lines.append(f"  {family:<20}{result.injected[family]:>8}{result.caught[family]:>8}{result.recall(family):>8.2f}")
    lines.append("")
    lines.append(f"flag code             false alarms / 100 clean links ({result.clean_links} links)  precision")
    total = 0.0
    for code in CHECKS:
        precision = result.precision(code)
        total += result.false_alarms(code)
        shown = "     -" if precision is None else f"{precision:6.2f}"
        lines.append(f"  {code:<20}{result.false_alarms(code):>8.2f}{'':>40}{shown}")
    lines.append(f"  {'all codes':<20}{total:>8.2f}")
    return "\n".join(lines) + "\n"
