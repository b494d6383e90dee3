"""The README tells the truth: every flag code with its severity and examples that really fire, in both directions, and every file format with an example command and its places."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from conftest import REPO, build

from align.checks.registry import CHECKS
from align.checks.runner import check_alignment
from align.io.jobs import READERS
from align.io.memory import MEMORY_SUFFIXES
from align.model import Locales

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


def format_rows() -> list[str]:
    section = README.split("## File formats", 1)[1].split("\n## ", 1)[0]
    return [line for line in section.splitlines() if line.startswith("| ") and not line.startswith(("| format", "|---"))]


def test_format_table_lists_every_format_with_an_example_and_its_places() -> None:
    rows = format_rows()
    for suffix in sorted({*READERS, *MEMORY_SUFFIXES}):
        [row] = [row for row in rows if f"`{suffix}`" in row.split(" | ")[0]]
        cells = row.split(" | ")
        assert cells[2].startswith("`align check "), row  # one example command
        assert "placed as" in cells[-1].lower(), row  # what its offsets point at in the file


#: One link per example of the "Directions" table's into-Arabic column: (code, Arabic, English, words the row quotes).
INTO_ARABIC_EXAMPLES = [
    ("addition", "القيادة [العسكرية] الأمريكية والضباط.", "The American command and the officers.", "[العسكرية]"),
    ("addition", "(ملاحظة المترجم: الاسم غير واضح) وصل الوفد.", "The delegation arrived.", "(ملاحظة المترجم: …)"),
    ("untranslated", "Save your changes", "Save your changes", "Latin script"),
]


@pytest.mark.parametrize(("code", "arabic", "english", "quoted"), INTO_ARABIC_EXAMPLES,
                         ids=[f"{e[0]}-{n}" for n, e in enumerate(INTO_ARABIC_EXAMPLES)])
def test_directions_table_into_arabic_examples_fire(code: str, arabic: str, english: str, quoted: str) -> None:
    section = README.split("### Directions", 1)[1].split("\n## ", 1)[0]
    row = next(line for line in section.splitlines() if line.startswith(f"| `{code}` "))
    assert quoted in row.split(" | ")[-1]
    checked = check_alignment(replace(build((arabic, english)), locales=Locales("en", "ar")))
    assert {(flag.code, flag.side) for link in checked.links for flag in link.flags} >= {(code, "ar")}
