"""The README's flag table tells the truth: every code, its severity, and examples that really fire."""

from __future__ import annotations

import re

import pytest
from conftest import REPO, build

from align.checks.registry import CHECKS
from align.checks.runner import check_alignment

README = (REPO / "README.md").read_text(encoding="utf-8")

#: One link per README example: (code, Arabic, English, words the README row quotes).
EXAMPLES = [
    ("number-mismatch", "سيطرة القوات على الوزارة لمدة 10 سنوات.", "Control of the ministry for a period of 12 years.", "12 years"),
    ("name-mismatch", "وصل الرئيس إلى بغداد صباح اليوم.", "The president arrived in Basra this morning.", "Basra"),
    ("bracket-mismatch", "(وقال إن المحادثات ستستمر ثلاثة أيام.", "He said the talks would last three days.", "(وقال إن المحادثات"),
    ("negation-mismatch", "صلاحيات القوات لا تحدد من قبل الحكومة.", "The powers would not be not determined by the government.", "would not be not determined"),
    ("untranslated", "وقال إن المحادثات ستستمر.", "وقال إن المحادثات ستستمر.", "still Arabic"),
    ("addition", "وأضاف أن القوات ستبقى.", "He added that the [military] forces would stay.", "[military]"),
    ("partial-omission", "وزار جدته يوم الأحد، واشترى لها 12 وردة من السوق.", "He visited his grandmother on Sunday.", "He visited his grandmother on Sunday."),
    ("repeated-word", "وأنهاء حرية الميليشيات.", "Ending the militias' freedom freedom of action.", "freedom freedom"),
]


def flag_table() -> dict[str, str]:
    section = README.split("## Flag codes", 1)[1].split("\n## ", 1)[0]
    return dict(re.findall(r"^\| `([a-z-]+)` \| (error|warning|info) \|", section, re.M))


def test_flag_table_lists_every_code_with_its_severity() -> None:
    assert flag_table() == {code: info.severity for code, info in CHECKS.items()}


@pytest.mark.parametrize(("code", "arabic", "english", "quoted"), EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_readme_example_fires(code: str, arabic: str, english: str, quoted: str) -> None:
    row = next(line for line in README.splitlines() if line.startswith(f"| `{code}` |"))
    assert quoted in row
    checked = check_alignment(build((arabic, english)))
    assert code in {flag.code for link in checked.links for flag in link.flags}
