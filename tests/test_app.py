"""The review app: starts on the seed, shows the alignment, every control changes the review."""

from __future__ import annotations

import io
import re
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from conftest import AR, EN, NEWS
from lxml import etree

from align import pipeline
from align.io.text import read_mixed
from align.model import link_key
from align.review import state as review
from align.review.exports import review_csv, review_json, reviewed_tmx
from align.review.state import ReviewState

REPO = Path(__file__).resolve().parent.parent
SEED_BLOG = REPO / "seeds" / "blog-iraq-sofa-2008-06-09.txt"
SEED_JPOST = REPO / "seeds" / "jpost-khamenei-2008-06-10.txt"
#: How long a test waits for an alignment running in the background.
ALIGN_TIMEOUT_S = 600

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def seed_alignment(embedder):
    return pipeline.run(*read_mixed(SEED_BLOG), embedder=embedder)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ALIGN_PROJECT_DIR", str(tmp_path))
    return tmp_path


def settle(at) -> None:
    """Rerun until the background alignment is done (the page shows its progress meanwhile)."""
    deadline = time.monotonic() + ALIGN_TIMEOUT_S
    while at.get("progress") and time.monotonic() < deadline:
        time.sleep(0.5)
        at.run()
    assert not at.exception, at.exception


def start_app(project: Path):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=900)
    at.run()
    settle(at)
    return at


def state_of(at) -> ReviewState:
    return at.session_state["review"]["state"]


def metric(at, label: str) -> int:
    """A count of the counts line, e.g. ``Links **10**``."""
    line = next(c.value for c in at.caption if "Links **" in c.value)
    return int(re.search(rf"{label} \*\*(\d+)\*\*", line).group(1))


def button(at, label: str):
    return next(b for b in at.button if b.label == label)


def widget(widgets, prefix: str):
    """The one widget of the selected link whose key starts with ``prefix``."""
    (found,) = [w for w in widgets if w.key and w.key.startswith(prefix)]
    return found


def select(at, index: int):
    at.number_input(key="go_to_number").set_value(index + 1)
    button(at, "Go").click().run()
    assert not at.exception, at.exception
    assert at.session_state["selected"] == index


def click(at, label: str) -> None:
    button(at, label).click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]


def table_rows(at) -> int:
    return len(at.dataframe[0].value)


def panel_html(at) -> str:
    return next(m.value for m in at.markdown if 'class="link-side' in m.value)


@pytest.fixture(scope="module")
def app_module():
    sys.path.insert(0, str(REPO))
    import app

    return app


def test_starts_on_the_seed_with_its_links_and_flags(project: Path, seed_alignment) -> None:
    at = start_app(project)
    flags = [f for link in seed_alignment.links for f in link.flags]
    assert metric(at, "Links") == len(seed_alignment.links)
    assert metric(at, "Open flags") == len(flags)
    assert metric(at, "Errors") == sum(f.severity == "error" for f in flags)
    assert metric(at, "Reviewed") == 0
    assert table_rows(at) == len(seed_alignment.links)
    assert list(at.dataframe[0].value["#"]) == list(range(1, len(seed_alignment.links) + 1)), "numbered from 1"
    assert '<div class="link-side link-ar"' in panel_html(at) or 'dir="rtl" lang="ar"' in panel_html(at)
    assert (project / "align-review.sqlite").exists()

    at.checkbox(key="show_heatmap").check().run()
    assert not at.exception, at.exception
    assert len(at.get("arrow_vega_lite_chart")) + len(at.get("vega_lite_chart")) == 1, "the heatmap is drawn"
    assert [b.label for b in at.get("download_button")] == [
        "Download TMX", "Download JSON", "Download CSV", "Download the review sheet (XLSX)", "Download the history (CSV)",
    ]


def test_accept_reject_undo_redo_and_resume(project: Path) -> None:
    at = start_app(project)
    at.text_input(key="reviewer").set_value("Amal").run()
    click(at, "Accept")
    first = state_of(at).links[0]
    assert state_of(at).status_of(first) == "accepted"
    assert at.session_state["selected"] == 1, "accepting moves on to the next link"
    click(at, "Reject")
    assert state_of(at).status_of(state_of(at).links[1]) == "rejected"
    assert metric(at, "Reviewed") == 2
    click(at, "Undo")
    assert metric(at, "Reviewed") == 1
    click(at, "Redo")
    assert metric(at, "Reviewed") == 2
    click(at, "Undo")

    again = start_app(project)
    assert metric(again, "Reviewed") == 1
    assert state_of(again).status_of(state_of(again).links[0]) == "accepted"
    history = again.session_state["review"]["history"]
    assert [(e.reviewer, e.decision.op) for e in history] == [("Amal", "status"), ("Amal", "status"), ("Amal", "undo"),
                                                              ("Amal", "redo"), ("Amal", "undo")]
    log = again.dataframe[1].value  # the History tab
    assert list(log["Reviewer"]) == ["Amal"] * 5 and log["Decision"].iloc[-1] == "accepted ar none / en 1"


def test_the_name_is_asked_once_and_each_link_shows_who_decided_what_when(project: Path) -> None:
    at = start_app(project)
    ask = "Type your name once: the history shows who decided what."
    assert ask in [c.value for c in at.caption]
    assert any(c.value.startswith("Keys: J / K next / previous unreviewed flag · A accept · X reject · Z undo · Y redo") for c in at.caption)
    at.text_input(key="reviewer").set_value("Amal").run()
    assert ask not in [c.value for c in at.caption]
    click(at, "Accept")
    click(at, "Reject")
    select(at, 0)
    history = at.session_state["review"]["history"]
    lines = [c.value for c in at.caption if " · Amal · " in c.value]
    assert lines == [f"{history[0].time} · Amal · accepted ar none / en 1"], "only the decisions on this link, with time and name"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d.*", history[0].time)
    assert at.text_input(key="reviewer").value == "Amal", "kept for the browser session"


def test_merge_split_and_move(project: Path) -> None:
    at = start_app(project)
    before = [link_key(link) for link in state_of(at).links]
    select(at, 2)
    click(at, "Merge with next")
    merged = state_of(at).links[2]
    assert link_key(merged) == (before[2][0] + before[3][0], before[2][1] + before[3][1])
    assert metric(at, "Links") == len(before) - 1

    widget(at.number_input, "split_ar_").set_value(len(before[2][0]))
    widget(at.number_input, "split_en_").set_value(len(before[2][1]))
    click(at, "Split")
    assert [link_key(link) for link in state_of(at).links] == before

    select(at, 3)
    click(at, "Arabic first → previous")
    keys = [link_key(link) for link in state_of(at).links]
    assert keys[2][0] == (*before[2][0], before[3][0][0])
    assert sorted(i for key in keys for i in key[0]) == sorted(i for key in before for i in key[0])


def test_scores_after_a_move_and_a_split_are_of_what_the_links_hold(project: Path) -> None:
    at = start_app(project)
    before = [link.score for link in state_of(at).links]
    select(at, 3)
    click(at, "English first → previous")
    emptied = state_of(at).links[3]
    assert not emptied.en and emptied.score == 0.0, "a link left without English scores 0"
    assert state_of(at).links[2].score < before[2], "the link that took a sentence it does not translate scores lower"
    click(at, "Undo")
    select(at, 5)
    click(at, "Merge with next")
    click(at, "Split")
    scores = [link.score for link in state_of(at).links]
    assert scores[5:7] == pytest.approx(before[5:7]), "each part is scored on its own, not given the whole's score"


def test_an_english_edit_closes_the_flag_it_fixes(project: Path) -> None:
    at = start_app(project)
    state = state_of(at)
    index = next(i for i, link in enumerate(state.links) if any(f.code == "negation-mismatch" for f in link.flags))
    select(at, index)
    text = state.text(state.links[index], "en")
    assert "not be not" in text
    widget(at.text_area, "edit_en_").set_value(text.replace("not be not", "not be"))
    click(at, "Save the texts")
    link = state_of(at).links[index]
    assert "negation-mismatch" not in {f.code for f in link.flags}
    assert metric(at, "Open flags") < sum(len(l.flags) for l in state.links)


def test_next_flag_false_alarm_and_filters(project: Path) -> None:
    at = start_app(project)
    open_before = metric(at, "Open flags")
    click(at, "Flag ▶")
    selected = at.session_state["selected"]
    link = state_of(at).links[selected]
    assert state_of(at).open_flags(link) and state_of(at).status_of(link) == "unreviewed"
    click(at, "◀ Flag")
    click(at, "Flag ▶")
    assert at.session_state["selected"] == selected

    widget(at.text_input, "fa_comment_").set_value("a heading, left untranslated on purpose")
    click(at, "Mark false alarm")
    link = state_of(at).links[selected]
    assert state_of(at).false_alarm_comment(link, link.flags[0]) == "a heading, left untranslated on purpose"
    assert metric(at, "Open flags") == open_before - 1

    severity = link.flags[0].severity
    at.multiselect(key="filter_severity").set_value([severity]).run()
    expected = sum(any(f.severity == severity for f in l.flags) for l in state_of(at).links)
    assert table_rows(at) == expected
    at.checkbox(key="filter_open").check().run()
    assert table_rows(at) == sum(any(f.severity == severity for f in state_of(at).open_flags(l)) for l in state_of(at).links)
    assert at.query_params["severity"] == severity and at.query_params["open"] == "1"


def test_the_url_restores_filters_and_the_selected_link(project: Path, seed_alignment) -> None:
    from streamlit.testing.v1 import AppTest

    flag = next(f for link in seed_alignment.links for f in link.flags)
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=900)
    at.query_params["link"] = "4"
    at.query_params["open"] = "1"
    at.query_params["codes"] = flag.code
    at.query_params["severity"] = f"{flag.severity},nonsense"
    at.run()
    settle(at)
    assert at.session_state["selected"] == 3
    assert at.checkbox(key="filter_open").value is True
    assert at.multiselect(key="filter_codes").value == [flag.code]
    assert at.multiselect(key="filter_severity").value == [flag.severity], "a severity the page does not know is dropped"
    assert at.query_params["link"] == "4" and at.query_params["codes"] == flag.code and at.query_params["severity"] == flag.severity


def table_shades(at, column: str) -> dict[int, str]:
    """The background colour of each row's cell in ``column`` of the links table, by row (from 0)."""
    frame = at.dataframe[0]
    col = list(frame.value.columns).index(column)
    shades = {}
    for rule in frame.proto.arrow_data.styler.styles.splitlines():
        colour = re.search(r"background-color: (#[0-9a-f]+)", rule)
        for row, cell_col in re.findall(r"_row(\d+)_col(\d+)", rule):
            if colour and int(cell_col) == col:
                shades[int(row)] = colour.group(1)
    return shades


def shown_numbers(at) -> list[int]:
    """The link numbers (from 1) of the table's rows."""
    return [int(n) for n in at.dataframe[0].value["#"]]


def test_accept_and_reject_under_a_filter_select_the_next_shown_link(project: Path) -> None:
    at = start_app(project)
    at.checkbox(key="filter_open").check().run()
    shown = shown_numbers(at)
    first = next(n for n in shown if n + 1 not in shown and n != shown[-1])  # the next link is hidden
    select(at, first - 1)
    click(at, "Accept")
    after = shown[shown.index(first) + 1]
    assert at.session_state["selected"] == after - 1, "the next link the filter shows, not the hidden one after it"
    assert at.session_state["selected"] + 1 in shown_numbers(at), "a row of the table stays selected"
    click(at, "Reject")
    assert at.session_state["selected"] == shown[shown.index(after) + 1] - 1
    select(at, shown[-1] - 1)
    click(at, "Accept")
    assert at.session_state["selected"] == shown[-1] - 1, "after the last shown link, the selection stays"


def test_the_go_to_box_shows_the_selected_link_after_every_move(project: Path) -> None:
    at = start_app(project)
    def go_to() -> int:
        return at.number_input(key="go_to_number").value

    assert go_to() == 1
    click(at, "Link ▶")
    assert go_to() == 2
    click(at, "Flag ▶")
    assert at.session_state["selected"] > 1 and go_to() == at.session_state["selected"] + 1
    click(at, "Accept")
    assert go_to() == at.session_state["selected"] + 1
    click(at, "◀ Link")
    assert go_to() == at.session_state["selected"] + 1
    select(at, 4)
    click(at, "Flag ▶")
    assert go_to() == at.session_state["selected"] + 1


def test_the_heatmap_numbers_segments_and_links_from_1(app_module, seed_alignment) -> None:
    state = review.start(seed_alignment)
    shape = (len(seed_alignment.source.segments), len(seed_alignment.target.segments))
    spec = app_module.heatmap(state, np.zeros(shape)).to_dict()
    cells, points = (spec["datasets"][layer["data"]["name"]] for layer in spec["layer"])
    assert {c["ar"] for c in cells} == set(range(1, shape[0] + 1))
    assert {c["en"] for c in cells} == set(range(1, shape[1] + 1))
    assert {p["link"] for p in points} == set(range(1, len(state.links) + 1)), "every link, numbered from 1"
    assert all(spec["layer"][0]["encoding"][axis]["title"].endswith("segment") for axis in ("x", "y"))


def test_the_heatmap_draws_a_cut_segments_parts_on_its_row(app_module, seed_alignment) -> None:
    state = review.start(seed_alignment, check=lambda alignment, only: alignment)
    link = state.links[1]
    text = state.alignment.target.segments[link.en[0]].text
    cut = review.split_segment(state, link_key(link), "en", link.en[0], text.index(" ", len(text) // 2))
    cut = review.split(cut, link_key(cut.links[1]), len(link.ar), len(link.en))
    shape = (len(seed_alignment.source.segments), len(seed_alignment.target.segments))
    spec = app_module.heatmap(cut, np.zeros(shape)).to_dict()
    _, points = (spec["datasets"][layer["data"]["name"]] for layer in spec["layer"])
    assert max(p["en"] for p in points) == shape[1], "no column past the file's segments"
    assert {p["en"] for p in points if p["link"] == 3} == {link.en[0] + 1}, "the second part, a gap, on its segment's column"


def test_flags_are_coloured_by_severity_in_the_table_and_panel_with_a_nested_span_inside_a_whole_segment_one(project: Path, app_module) -> None:
    at = start_app(project)
    state = state_of(at)
    link = state.links[0]  # the seed's first link: an English paragraph without Arabic, an addition flagged inside it
    segment = state.alignment.target.segments[link.en[0]]
    whole = next(f for f in link.flags if (f.start, f.end) == (segment.start, segment.end))
    inner = next(f for f in link.flags if f is not whole)
    html_of_panel = panel_html(at)
    assert f'<mark class="flag sev-{whole.severity} depth-1" title="{whole.code}">' in html_of_panel
    assert f'depth-2" title="{whole.code}, {inner.code}">' in html_of_panel, "the span flagged inside stands out"
    for flag in (whole, inner):
        colour = app_module.SEVERITY_COLOURS[flag.severity]
        assert f'style="background:{colour}" title="{flag.severity}">{flag.code}</span>' in html_of_panel
    assert app_module.SEVERITY_COLOURS[whole.severity] != app_module.SEVERITY_COLOURS[inner.severity]

    shades = table_shades(at, "Open flags")
    for row, number in enumerate(shown_numbers(at)):
        flags = state.open_flags(state.links[number - 1])
        worst = max((f.severity for f in flags), key=["info", "warning", "error"].index, default=None)
        assert shades.get(row) == (app_module.SEVERITY_TINTS[worst] if worst else None), f"link {number}'s open flags cell"
    assert len(set(shades.values())) > 1, "the table shows more than one severity"


def test_bulk_accept_takes_the_links_without_flags_in_one_undo(project: Path) -> None:
    at = start_app(project)
    clean = [link for link in state_of(at).links if not link.flags]
    click(at, f"Accept {len(clean)} without flags")
    assert metric(at, "Reviewed") == len(clean)
    assert all(state_of(at).status_of(link) == "accepted" for link in state_of(at).links if not link.flags)
    click(at, "Undo")
    assert metric(at, "Reviewed") == 0


def test_bulk_accept_of_a_filtered_selection_takes_only_the_shown_links(project: Path) -> None:
    at = start_app(project)
    state = state_of(at)
    index = next(i for i, link in enumerate(state.links) if len(link.flags) == 1)
    code = state.links[index].flags[0].code
    select(at, index)
    widget(at.text_input, "fa_comment_").set_value("fine as is")
    click(at, "Mark false alarm")
    assert any(not link.flags for link in state_of(at).links), "links without flags are left out by the filter"
    at.multiselect(key="filter_codes").set_value([code]).run()
    assert index + 1 in shown_numbers(at)
    click(at, "Accept 1 without flags")
    assert [state_of(at).status_of(link) for link in state_of(at).links].count("accepted") == 1
    assert state_of(at).status_of(state_of(at).links[index]) == "accepted", "only the shown link without open flags"
    assert metric(at, "Reviewed") == 1
    click(at, "Undo")
    assert metric(at, "Reviewed") == 0
    assert metric(at, "Open flags") == sum(len(link.flags) for link in state.links) - 1, "the false alarm stays"


def test_an_empty_accepted_only_tmx_says_so_and_cannot_be_downloaded(project: Path) -> None:
    at = start_app(project)
    def tmx():
        return next(b for b in at.get("download_button") if b.label == "Download TMX")

    assert at.radio(key="tmx_scope").value == "Accepted links only"
    assert any("would be empty" in w.value for w in at.warning)
    assert tmx().proto.disabled
    at.radio(key="tmx_scope").set_value("All links").run()
    assert not any("would be empty" in w.value for w in at.warning) and not tmx().proto.disabled
    at.radio(key="tmx_scope").set_value("Accepted links only").run()
    select(at, next(i for i, link in enumerate(state_of(at).links) if link.ar and link.en))
    click(at, "Accept")
    assert not any("would be empty" in w.value for w in at.warning) and not tmx().proto.disabled


def page_caption(at) -> str:
    return next(c.value for c in at.caption if c.value.startswith("Page "))


def test_a_long_pair_is_paged_with_counts_and_the_page_size_in_the_url(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit.testing.v1 import AppTest

    for lang in ("ar", "en"):
        lines = NEWS.with_suffix(f".{lang}").read_text(encoding="utf-8").splitlines()[:130]
        (project / f"{lang}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(sys, "argv", ["app.py", "--ar", str(project / "ar.txt"), "--en", str(project / "en.txt")])
    at = start_app(project)
    at.checkbox(key="presegmented").check().run()
    settle(at)
    n = metric(at, "Links")
    assert n >= 130
    assert table_rows(at) == 15 and page_caption(at) == f"Page 1 of {-(-n // 15)}: links 1–15 of the {n} shown"
    assert "rows" not in at.query_params, "the default page size is no parameter"
    at.button(key="page_next").click().run()
    assert page_caption(at).startswith(f"Page 2 of {-(-n // 15)}: links 16–30 ") and shown_numbers(at)[0] == 16
    for size in (30, 60, 120):
        at.selectbox(key="page_size").set_value(size).run()
        assert not at.exception, at.exception
        assert table_rows(at) == size and at.query_params["rows"] == str(size)
        assert page_caption(at) == f"Page 1 of {-(-n // size)}: links 1–{size} of the {n} shown"
    at.button(key="page_next").click().run()
    assert table_rows(at) == n - 120 and page_caption(at) == f"Page 2 of 2: links 121–{n} of the {n} shown"

    again = AppTest.from_file(str(REPO / "app.py"), default_timeout=900)
    again.query_params["rows"] = "60"
    again.run()
    settle(again)
    again.checkbox(key="presegmented").check().run()
    settle(again)
    assert table_rows(again) == 60 and again.query_params["rows"] == "60", "a reload keeps the page size"


def test_edit_english(project: Path) -> None:
    at = start_app(project)
    select(at, 1)
    link = state_of(at).links[1]
    widget(at.text_area, "edit_en_").set_value("A reviewer's <b>better</b> English.")
    click(at, "Save the texts")
    assert state_of(at).text(state_of(at).links[1], "en") == "A reviewer's <b>better</b> English."
    assert "&lt;b&gt;better&lt;/b&gt;" in panel_html(at) and "<b>better</b>" not in panel_html(at)
    assert link_key(state_of(at).links[1]) == link_key(link)
    assert "<b>better</b>" in at.dataframe[0].value["English"].iloc[1], "the table shows the edited text (as text)"


def test_edit_arabic(project: Path) -> None:
    at = start_app(project)
    select(at, 1)
    original = state_of(at).text(state_of(at).links[1], "ar")
    widget(at.text_area, "edit_ar_").set_value(original + " إضافة")
    click(at, "Save the texts")
    assert state_of(at).text(state_of(at).links[1], "ar") == original + " إضافة"
    assert state_of(at).edited(state_of(at).links[1], "ar")


def test_a_refused_operation_is_explained(project: Path) -> None:
    at = start_app(project)
    select(at, 0)
    button(at, "Arabic first → previous").click().run()
    assert any("no previous link" in e.value for e in at.error)


def test_a_stale_view_is_refused_and_refreshed(project: Path) -> None:
    tab_a, tab_b = start_app(project), start_app(project)
    select(tab_a, 2)
    click(tab_a, "Accept")
    select(tab_b, 4)
    click(tab_b, "Reject")
    button(tab_a, "Undo").click().run()
    assert any("changed in another tab" in e.value for e in tab_a.error)
    assert state_of(tab_a).status_of(state_of(tab_a).links[4]) == "rejected", "A now shows B's reject"
    assert state_of(tab_a).status_of(state_of(tab_a).links[2]) == "accepted", "A's undo was not saved"
    assert [e.decision.op for e in tab_a.session_state["review"]["history"]] == ["status", "status"]


def test_path_input_loads_an_arabic_english_pair(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ar_lines = NEWS.with_suffix(".ar").read_text(encoding="utf-8").splitlines()[:8]
    en_lines = NEWS.with_suffix(".en").read_text(encoding="utf-8").splitlines()[:8]
    (project / "ar.txt").write_text("\n".join(ar_lines) + "\n", encoding="utf-8")
    (project / "en.txt").write_text("\n".join(en_lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(sys, "argv", ["app.py", "--root", str(project)])
    at = start_app(project)
    at.radio(key="source_kind").set_value("File paths").run()
    at.radio(key="source_form").set_value("Arabic + English files").run()
    at.text_input(key="ar_path").set_value(str(project / "ar.txt"))
    at.text_input(key="en_path").set_value("en.txt")  # relative to the first allowed folder
    at.checkbox(key="presegmented").check().run()
    settle(at)
    assert not at.error, [e.value for e in at.error]
    state = state_of(at)
    assert state.alignment.source.path == str(project / "ar.txt")
    assert len(state.alignment.source.segments) == len(state.alignment.target.segments) == 8
    assert metric(at, "Links") == len(state.links)


@pytest.mark.parametrize("typed", ["/etc/passwd", "{project}/../outside.txt", "{project}/link-out.txt"])
def test_a_path_outside_the_allowed_folders_is_refused(project: Path, monkeypatch: pytest.MonkeyPatch, typed: str) -> None:
    allowed = project / "texts"
    allowed.mkdir()
    (project.parent / "outside.txt").write_text(SEED_BLOG.read_text(encoding="utf-8"), encoding="utf-8")
    (allowed / "link-out.txt").symlink_to(project.parent / "outside.txt")
    monkeypatch.setattr(sys, "argv", ["app.py", "--root", str(allowed)])
    at = start_app(project)
    typed = typed.format(project=allowed)
    at.radio(key="source_kind").set_value("File paths").run()
    at.text_input(key="doc_path").set_value(typed).run()
    assert not at.exception
    assert at.error and at.error[0].value.startswith(f"{typed}: not inside the folders this review may read ({allowed})")
    assert "review" not in at.session_state, "nothing of the file is shown"
    assert not at.get("progress")


def test_the_project_folder_must_be_inside_the_allowed_folders(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "argv", ["app.py", "--root", str(project / "texts")])
    at = start_app(project)
    at.text_input(key="project").set_value("/etc").run()
    assert at.error and "/etc: not inside the folders" in at.error[0].value


@pytest.mark.parametrize("name", ["nope.txt", "english-only"])
def test_unusable_path_is_a_clear_error(project: Path, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    path = SEED_JPOST if name == "english-only" else project / name
    monkeypatch.setattr(sys, "argv", ["app.py", "--root", str(project), "--root", str(SEED_JPOST.parent)])
    at = start_app(project)
    at.radio(key="source_kind").set_value("File paths").run()
    at.text_input(key="doc_path").set_value(str(path)).run()
    assert not at.exception
    assert at.error and path.name in at.error[0].value
    assert "--" not in at.error[0].value, "no command-line option in the page"
    assert "review" not in at.session_state, "no stale review of the previous document"


def test_an_upload_error_names_the_upload_not_where_it_is_kept(project: Path) -> None:
    at = start_app(project)
    at.radio(key="source_kind").set_value("Upload").run()
    at.radio(key="source_form").set_value("Arabic + English files").run()
    at.file_uploader(key="ar_upload").set_value(("arabic.txt", "Only English here, no Arabic at all.\n".encode(), "text/plain"))
    at.file_uploader(key="en_upload").set_value(("english.txt", b"Some English.\n", "text/plain"))
    button(at, "Align these files").click().run()
    assert not at.exception, at.exception
    assert at.error, "the Arabic upload holds no Arabic"
    message = at.error[0].value
    assert message.startswith("arabic.txt: ") and "uploads" not in message and "--" not in message, message


def test_tmx_export_keeps_review_and_is_valid(seed_alignment) -> None:
    state = review.start(seed_alignment)
    both = [link for link in state.links if link.ar and link.en]
    flagged = next(link for link in state.links if link.flags)
    gap = next(link for link in state.links if not (link.ar and link.en))
    state = review.apply(state, review.Decision.status(link_key(both[0]), "accepted"))
    state = review.apply(state, review.Decision.status(link_key(gap), "accepted"))
    state = review.apply(state, review.Decision.edit(link_key(both[0]), "en", "Edited & <escaped>"))
    ref = review.flag_ref(state.alignment, flagged, flagged.flags[0])
    state = review.apply(state, review.Decision.false_alarm(link_key(flagged), ref, "fine as is"))

    dtd = etree.DTD(str(REPO / "tests" / "data" / "tmx14.dtd"))
    accepted = etree.fromstring(reviewed_tmx(state, reviewed_only=True))
    everything = etree.fromstring(reviewed_tmx(state, reviewed_only=False))
    assert dtd.validate(accepted), dtd.error_log
    assert dtd.validate(everything), dtd.error_log
    units = accepted.findall("body/tu")
    assert len(units) == 1, "accepted links with both sides only: an accepted gap is no translation unit"
    assert units[0].findtext("prop[@type='x-align-review']") == "accepted"
    assert units[0].findtext("tuv[@{http://www.w3.org/XML/1998/namespace}lang='en']/seg") == "Edited & <escaped>"
    assert units[0].findtext("prop[@type='x-align-en-original']") == state.original(both[0], "en")
    assert len(everything.findall("body/tu")) == len(state.links)
    notes = [n.text for n in everything.iter("note")]
    assert any(n.endswith("fine as is") for n in notes)


def test_json_and_csv_exports_carry_the_review(seed_alignment) -> None:
    import csv
    import io
    import json

    state = review.start(seed_alignment)
    state = review.apply(state, review.Decision.status(link_key(state.links[0]), "rejected"))
    data = json.loads(review_json(state))
    assert data["review"][0]["status"] == "rejected"
    assert len(data["review"]) == len(data["links"]) == len(state.links)
    rows = list(csv.DictReader(io.StringIO(review_csv(state))))
    assert rows[0]["status"] == "rejected" and len(rows) == len(state.links)


def test_upload_limit_comes_from_the_streamlit_config(project: Path) -> None:
    import tomllib

    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == 5
    at = start_app(project)
    at.radio(key="source_kind").set_value("Upload").run()
    assert not at.exception, at.exception
    labels = [element.proto.label for element in at.get("file_uploader")]
    assert labels == ["Mixed document (at most 5 MB)"]


def test_save_upload_is_size_limited_and_named_by_content(app_module, tmp_path: Path) -> None:
    from align.errors import InputError

    data = "نص عربي\nArabic text\n".encode()
    saved = Path(app_module.save_upload(data, tmp_path, limit=1000))
    assert saved.parent == tmp_path / "uploads"
    assert saved.name == f"{__import__('hashlib').sha256(data).hexdigest()}.txt", "never the uploader's file name"
    assert saved.read_bytes() == data
    assert Path(app_module.save_upload(data, tmp_path, limit=1000, name="Report.DOCX")).suffix == ".docx", "the format's ending kept"
    assert Path(app_module.save_upload(data, tmp_path, limit=1000, name="run.sh")).suffix == ".txt", "an unknown ending is text"
    assert app_module.save_upload(data, tmp_path, limit=1000) == str(saved), "the same content is stored once"
    with pytest.raises(InputError, match="limit is 1,000"):
        app_module.save_upload(b"x" * 1001, tmp_path / "other", limit=1000)
    assert not (tmp_path / "other").exists(), "nothing written for a refused upload"
    assert app_module.upload_limit() == 5 * 1024 * 1024


def test_command_line_document_resumes_and_survives_an_edit(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = project / "blog.txt"
    text = SEED_BLOG.read_text(encoding="utf-8")
    doc.write_text(text, encoding="utf-8")
    monkeypatch.setattr(sys, "argv", ["app.py", "--doc", str(doc)])
    at = start_app(project)
    assert at.radio(key="source_kind").value == "File paths"
    assert state_of(at).alignment.source.path == str(doc)
    click(at, "Accept")
    assert metric(at, "Reviewed") == 1

    assert "freedom freedom" in text
    doc.write_text(text.replace("freedom freedom", "freedom"), encoding="utf-8")
    again = start_app(project)
    assert not again.error, [e.value for e in again.error]
    assert any("document changed" in i.value and "kept 1 of 1" in i.value for i in again.info), [i.value for i in again.info]
    assert metric(again, "Reviewed") == 1, "the decision on an unchanged segment still applies"
    select(again, 2)
    assert any("document changed" in i.value for i in again.info), "the notice stays while reviewing"


def test_command_line_arguments(app_module) -> None:
    parse = app_module.command_line_inputs
    assert parse(["--doc", "d.txt"]) == {"doc": "d.txt"}
    assert parse(["--ar", "a.txt", "--en", "e.txt"]) == {"ar": "a.txt", "en": "e.txt"}
    assert parse(["-q", "--durations=5", "tests/test_app.py"]) == {}, "pytest's own arguments are no input"
    assert app_module.command_line_roots(["--root", "a", "--doc", "d.txt", "--root", "b"]) == ["a", "b"]


# --- every format the command line reads, and both directions -------------------------------------

#: A document's Arabic and its translation, which leaves out AR[3]: a gap.
PAIR_AR, PAIR_EN = [AR[0], AR[3], f"{AR[1]} {AR[2]}", AR[4]], [EN[0], f"{EN[1]} {EN[2]}", EN[3]]


def word_document(texts: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for text in texts:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def upload_pair(at, ar: tuple[str, bytes], en: tuple[str, bytes]) -> None:
    at.radio(key="source_kind").set_value("Upload").run()
    at.radio(key="source_form").set_value("Arabic + English files").run()
    at.file_uploader(key="ar_upload").set_value((*ar, "application/octet-stream"))
    at.file_uploader(key="en_upload").set_value((*en, "application/octet-stream"))
    button(at, "Align these files").click().run()
    settle(at)


def upload_document(at, name: str, data: bytes) -> None:
    at.radio(key="source_kind").set_value("Upload").run()
    at.file_uploader(key="doc_upload").set_value((name, data, "application/octet-stream"))
    button(at, "Open").click().run()
    settle(at)


def directed_flags(state: ReviewState) -> list[tuple[str, str | None]]:
    return [(f.code, f.side) for link in state.links for f in link.flags if f.code in ("missing-translation", "missing-source")]


def test_uploads_take_every_format_the_command_line_reads(project: Path) -> None:
    at = start_app(project)
    at.radio(key="source_kind").set_value("Upload").run()
    (document,) = at.get("file_uploader")
    assert {f".{t}" if not t.startswith(".") else t for t in document.proto.type} >= {
        ".txt", ".docx", ".html", ".htm", ".srt", ".vtt", ".po", ".xlsx", ".csv", ".tsv", ".md", ".tmx", ".xlf", ".xliff",
    }
    at.radio(key="source_form").set_value("Arabic + English files").run()
    for uploader in at.get("file_uploader"):
        types = {f".{t}" if not t.startswith(".") else t for t in uploader.proto.type}
        assert types >= {".txt", ".docx", ".html", ".srt", ".vtt", ".md"} and not types & {".po", ".tmx", ".csv"}, types


def test_a_word_pair_into_arabic_shows_english_first_with_the_gaps_mirrored(project: Path) -> None:
    at = start_app(project)
    upload_pair(at, ("news.ar.docx", word_document(PAIR_AR)), ("news.en.docx", word_document(PAIR_EN)))
    assert not at.error, [e.value for e in at.error]
    state = state_of(at)
    assert Path(state.alignment.source.path).suffix == ".docx", "the upload keeps its format's ending"
    assert [s.text for s in state.alignment.source.segments][:1] == [AR[0]]
    from_arabic = directed_flags(state)
    assert from_arabic == [("missing-translation", "ar")], from_arabic
    assert list(at.dataframe[0].value.columns) == ["#", "✓", "Score", "Arabic", "English", "Open flags"]

    at.text_input(key="source_lang").set_value("en-US")
    at.text_input(key="target_lang").set_value("ar-SA").run()
    settle(at)
    assert not at.error, [e.value for e in at.error]
    state = state_of(at)
    assert state.alignment.locales.sides == ("en", "ar")
    swap = {"missing-translation": "missing-source", "missing-source": "missing-translation"}
    assert directed_flags(state) == [(swap[code], side) for code, side in from_arabic], "the same gaps, named from the English"
    assert list(at.dataframe[0].value.columns) == ["#", "✓", "Score", "English", "Arabic", "Open flags"], "the source first"
    assert any("en-US → ar-SA" in c.value for c in at.caption)
    html_of_panel = panel_html(at)
    assert html_of_panel.index("link-side link-en") < html_of_panel.index("link-side link-ar")
    labels = [a.label for a in at.text_area if a.key and a.key.startswith("edit_")]
    assert labels == ["English text (source)", "Arabic text (target)"], labels

    select(at, 0)
    original = state_of(at).text(state_of(at).links[0], "ar")
    widget(at.text_area, "edit_ar_").set_value(original + " اليوم")
    click(at, "Save the texts")
    assert state_of(at).text(state_of(at).links[0], "ar") == original + " اليوم", "the Arabic target is editable"


def test_a_po_catalogue_names_its_own_direction(project: Path) -> None:
    po = (
        'msgid ""\nmsgstr ""\n"Language: ar\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        f'msgid "{EN[0]}"\nmsgstr "{AR[0]}"\n\nmsgid "{EN[3]}"\nmsgstr "{AR[4]}"\n\nmsgid "Not translated yet."\nmsgstr ""\n'
    )
    at = start_app(project)
    upload_document(at, "messages.po", po.encode())
    assert not at.error, [e.value for e in at.error]
    state = state_of(at)
    assert state.alignment.signature.get("links") == "given", "the catalogue's entries are re-checked as given"
    assert state.alignment.locales.sides == ("en", "ar"), "the catalogue's msgids are the source, whatever the settings say"
    assert len(state.links) == 3
    assert ("missing-translation", "en") in directed_flags(state)
    assert list(at.dataframe[0].value.columns)[3:5] == ["English", "Arabic"]


def test_a_sheet_takes_its_columns_from_the_page(project: Path) -> None:
    sheet = "id,english,arabic\n" + "".join(f"{n},{en},{ar}\n" for n, (ar, en) in enumerate(zip(AR[:3], EN[:3]), 1))
    at = start_app(project)
    upload_document(at, "pairs.csv", sheet.encode())
    assert not at.text_input(key="columns").disabled
    at.text_input(key="columns").set_value("C").run()
    assert not at.exception, at.exception
    assert at.error and at.error[0].value.startswith("Sheet columns 'C': give the Arabic and the English column"), at.error[0].value
    at.text_input(key="columns").set_value("C,B").run()
    settle(at)
    assert not at.error, [e.value for e in at.error]
    state = state_of(at)
    assert [s.text for s in state.alignment.source.segments] == AR[:3]
    assert [s.text for s in state.alignment.target.segments] == EN[:3]


@pytest.mark.parametrize(("name", "data", "words"), [
    ("broken.docx", b"not a zip at all", "broken.docx: "),
    ("broken.po", b'msgid "unterminated\n', "broken.po: "),
    ("broken.tmx", b"<tmx><body><tu>", "broken.tmx is not well-formed XML"),
])
def test_a_malformed_upload_is_one_line_without_a_traceback(project: Path, name: str, data: bytes, words: str) -> None:
    at = start_app(project)
    upload_document(at, name, data)
    assert not at.exception, at.exception
    assert at.error and at.error[0].value.startswith(words) and "\n" not in at.error[0].value, at.error[0].value
    assert "uploads" not in at.error[0].value and "Traceback" not in at.error[0].value
    assert not re.search(r"[0-9a-f]{64}", at.error[0].value), "never the name the upload is kept under"
    assert "review" not in at.session_state


@pytest.mark.parametrize(("source", "target", "words"), [
    ("en_US", "ar", "Source and target language: 'en_US' is not a BCP 47 language tag"),
    ("ar", "ar-SA", "give one Arabic and one English tag"),
])
def test_an_invalid_language_tag_is_one_line(project: Path, source: str, target: str, words: str) -> None:
    at = start_app(project)
    at.text_input(key="source_lang").set_value(source)
    at.text_input(key="target_lang").set_value(target).run()
    assert not at.exception, at.exception
    assert at.error and words in at.error[0].value and "\n" not in at.error[0].value, at.error[0].value
    assert "review" not in at.session_state


def test_cut_a_segment_at_the_mark_then_undo(project: Path) -> None:
    at = start_app(project)
    select(at, 1)
    state = state_of(at)
    link = state.links[1]
    rows = table_rows(at)
    (segment,) = link.en
    text = state.alignment.target.segments[segment].text
    middle = text.index(" ", len(text) // 2)
    widget(at.selectbox, "cut_segment_").set_value(next(o for o in widget(at.selectbox, "cut_segment_").options if o.startswith("English 1:"))).run()
    widget(at.text_area, "cut_text_").set_value(f"{text[:middle]}|{text[middle:]}")
    click(at, "Cut")
    cut = state_of(at).links[1]
    new_id = len(state.alignment.target.segments)
    assert link_key(cut) == (link.ar, (segment, new_id))
    assert f"en {segment + 1}, {new_id + 1}" in next(m.value for m in at.markdown if "**Link 2 of" in m.value)
    options = widget(at.selectbox, "cut_segment_").options
    assert [o.split(":")[0] for o in options if o.startswith("English")] == ["English 1", "English 2"], "two segments to choose from"
    assert table_rows(at) == rows and at.dataframe[0].value["English"].iloc[1] == text
    click(at, "Split")
    assert [link_key(l) for l in state_of(at).links[1:3]] == [(link.ar, (segment,)), ((), (new_id,))]
    assert at.dataframe[0].value["English"].iloc[1:3].tolist() == [text[:middle], text[middle + 1 :]]
    click(at, "Undo")
    click(at, "Undo")
    assert link_key(state_of(at).links[1]) == link_key(link) and table_rows(at) == rows


def test_a_cut_without_one_mark_is_explained(project: Path) -> None:
    at = start_app(project)
    select(at, 1)
    button(at, "Cut").click().run()
    assert any("Type one | where" in e.value for e in at.error)


def test_an_edited_side_is_not_offered_for_a_cut_and_the_fold_says_why(project: Path) -> None:
    at = start_app(project)
    select(at, 1)
    original = state_of(at).text(state_of(at).links[1], "en")
    widget(at.text_area, "edit_en_").set_value(original + " Indeed.")
    click(at, "Save the texts")
    options = widget(at.selectbox, "cut_segment_").options
    assert options and all(o.startswith("Arabic") for o in options), "only the Arabic may be cut"
    why = "The English of this link was edited: cut a segment before editing its text, or undo the edit."
    assert why in [c.value for c in at.caption]
    widget(at.text_area, "edit_ar_").set_value(state_of(at).text(state_of(at).links[1], "ar") + " حقا.")
    click(at, "Save the texts")
    assert not [w for w in at.selectbox if w.key and w.key.startswith("cut_segment_")], "nothing left to cut"
    assert "The Arabic and the English of this link were edited: cut a segment before editing its text, or undo the edit." in [
        c.value for c in at.caption
    ]
    click(at, "Undo")
    assert why in [c.value for c in at.caption] and widget(at.selectbox, "cut_segment_").options == options
