"""The Vecalign link format: read and written the same way by gold alignments and ``align align --format vecalign``."""

from __future__ import annotations

import pytest

from align.io.vecalign import format_links, parse_links, read_links, write_links

GOLD = [((0,), (0,)), ((1,), ()), ((2, 3), (1,)), ((4,), (2,))]


def test_parse_reads_groups_gaps_and_ignores_scores():
    text = "[0, 1]:[0]\n[2]:[]:0.000000\n\n[]:[1, 2]:0.731\n"
    assert parse_links(text) == [((0, 1), (0,)), ((2,), ()), ((), (1, 2))]


@pytest.mark.parametrize("line", ["[0]", "[0]:[x]", "0:1", "[0.5]:[1]"])
def test_parse_rejects_malformed_lines_with_line_number(line):
    with pytest.raises(ValueError, match="line 2"):
        parse_links(f"[0]:[0]\n{line}\n")


def test_format_writes_vecalign_lines_with_optional_scores():
    assert format_links([((0, 1), (0,)), ((2,), ())]) == "[0, 1]:[0]\n[2]:[]\n"
    assert format_links([((0,), (0,))], scores=[0.5]) == "[0]:[0]:0.500000\n"


def test_file_round_trip(tmp_path):
    path = tmp_path / "doc.gold"
    write_links(path, GOLD, scores=[0.9, 0.0, 0.8, 0.7])
    assert read_links(path) == GOLD
