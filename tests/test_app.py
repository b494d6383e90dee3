"""The review app: starts on the seed, shows the alignment, every control changes the review."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
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

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def seed_alignment(embedder):
    return pipeline.run(*read_mixed(SEED_BLOG), embedder=embedder)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ALIGN_PROJECT_DIR", str(tmp_path))
    return tmp_path


def start_app(project: Path):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=900)
    at.run()
    assert not at.exception, at.exception
    return at


def state_of(at) -> ReviewState:
    return at.session_state["review"]["state"]


def metric(at, label: str) -> int:
    return int(next(m for m in at.metric if m.label == label).value)


def button(at, label: str):
    return next(b for b in at.button if b.label == label)


def widget(widgets, prefix: str):
    """The one widget of the selected link whose key starts with ``prefix``."""
    (found,) = [w for w in widgets if w.key and w.key.startswith(prefix)]
    return found


def select(at, index: int):
    at.selectbox(key="selected").set_value(index).run()
    assert not at.exception, at.exception


def click(at, label: str) -> None:
    button(at, label).click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]


def table_rows(at) -> int:
    html = next(m.value for m in at.markdown if "align-review" in m.value and "<tr" in m.value)
    return html.count("<tr") - 1


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
    html = next(m.value for m in at.markdown if "align-review" in m.value and "<tr" in m.value)
    assert html.count('class="ar" dir="rtl"') == len(seed_alignment.links)
    assert (project / "align-review.sqlite").exists()

    at.checkbox(key="show_heatmap").check().run()
    assert not at.exception, at.exception
    assert len(at.get("vega_lite_chart")) == 1, "the heatmap is drawn"
    assert [b.label for b in at.get("download_button")] == ["Download TMX", "Download JSON", "Download CSV"]


def test_accept_reject_undo_and_resume(project: Path) -> None:
    at = start_app(project)
    click(at, "Accept")
    first = state_of(at).links[0]
    assert state_of(at).status_of(first) == "accepted"
    assert at.session_state["selected"] == 1, "accepting moves on to the next link"
    click(at, "Reject")
    assert state_of(at).status_of(state_of(at).links[1]) == "rejected"
    assert metric(at, "Reviewed") == 2
    click(at, "Undo")
    assert metric(at, "Reviewed") == 1

    again = start_app(project)
    assert metric(again, "Reviewed") == 1
    assert state_of(again).status_of(state_of(again).links[0]) == "accepted"


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


def test_next_flag_false_alarm_and_filters(project: Path) -> None:
    at = start_app(project)
    open_before = metric(at, "Open flags")
    click(at, "Next unreviewed flag")
    selected = at.session_state["selected"]
    link = state_of(at).links[selected]
    assert state_of(at).open_flags(link) and state_of(at).status_of(link) == "unreviewed"

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


def test_edit_english(project: Path) -> None:
    at = start_app(project)
    select(at, 1)
    link = state_of(at).links[1]
    text_area = widget(at.text_area, "edit_text_")
    text_area.set_value("A reviewer's <b>better</b> English.")
    click(at, "Save English")
    assert state_of(at).english(state_of(at).links[1]) == "A reviewer's <b>better</b> English."
    html = next(m.value for m in at.markdown if "align-review" in m.value and "<tr" in m.value)
    assert "&lt;b&gt;better&lt;/b&gt;" in html and "<b>better</b>" not in html
    assert link_key(state_of(at).links[1]) == link_key(link)


def test_a_refused_operation_is_explained(project: Path) -> None:
    at = start_app(project)
    select(at, 0)
    button(at, "Arabic first → previous").click().run()
    assert any("no previous link" in e.value for e in at.error)


def test_path_input_loads_an_arabic_english_pair(project: Path) -> None:
    ntrex = Path("/work/shared/data/ntrex128")
    if not ntrex.is_dir():
        pytest.skip("NTREX sample not available")
    ar_lines = (ntrex / "newstest2019-ref.arb.txt").read_text(encoding="utf-8").splitlines()[:8]
    en_lines = (ntrex / "newstest2019-src.eng.txt").read_text(encoding="utf-8").splitlines()[:8]
    (project / "ar.txt").write_text("\n".join(ar_lines) + "\n", encoding="utf-8")
    (project / "en.txt").write_text("\n".join(en_lines) + "\n", encoding="utf-8")
    at = start_app(project)
    at.radio(key="source_kind").set_value("File paths").run()
    at.radio(key="source_form").set_value("Arabic + English files").run()
    at.text_input(key="ar_path").set_value(str(project / "ar.txt"))
    at.text_input(key="en_path").set_value(str(project / "en.txt"))
    at.checkbox(key="presegmented").check().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    state = state_of(at)
    assert state.alignment.source.path == str(project / "ar.txt")
    assert len(state.alignment.source.segments) == len(state.alignment.target.segments) == 8
    assert metric(at, "Links") == len(state.links)


@pytest.mark.parametrize("name", ["nope.txt", "english-only"])
def test_unusable_path_is_a_clear_error(project: Path, name: str) -> None:
    path = SEED_JPOST if name == "english-only" else project / name
    at = start_app(project)
    at.radio(key="source_kind").set_value("File paths").run()
    at.text_input(key="doc_path").set_value(str(path)).run()
    assert not at.exception
    assert at.error and path.name in at.error[0].value
    assert "review" not in at.session_state, "no stale review of the previous document"


def test_tmx_export_keeps_review_and_is_valid(seed_alignment) -> None:
    state = review.start(seed_alignment)
    both = [link for link in state.links if link.ar and link.en]
    flagged = next(link for link in state.links if link.flags)
    gap = next(link for link in state.links if not (link.ar and link.en))
    state = review.apply(state, review.Decision.status(link_key(both[0]), "accepted"))
    state = review.apply(state, review.Decision.status(link_key(gap), "accepted"))
    state = review.apply(state, review.Decision.edit_en(link_key(both[0]), "Edited & <escaped>"))
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
