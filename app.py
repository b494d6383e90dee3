"""Review an Arabic–English alignment in the browser: ``streamlit run app.py``.

The Streamlit widgets only: everything else is the package's. Opens on the
seed blog post, with the settings of ``align.toml`` (or ``--config FILE``).
Every decision goes through ``align.review.state`` (pure functions) and is
saved at once by ``align.review.store``; reopening the same document resumes
the review.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import os
import sys
from pathlib import Path

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

from align import pipeline
from align.embed.embedder import Embedder, load_embedder
from align.errors import AlignError, InputError
from align.io.jobs import Document, Job, display, load, one_job
from align.model import Alignment, Link, link_key
from align.review import state as review
from align.review.exports import review_csv, review_json, reviewed_tmx
from align.review.queries import highlighted, matches, next_unreviewed_flag
from align.review.state import Decision, ReviewState, describe
from align.review.store import ReviewStore, Session, content_key, store_path
from align.settings import Settings, load_settings

REPO = Path(__file__).resolve().parent
SEED = REPO / "seeds" / "blog-iraq-sofa-2008-06-09.txt"
DEFAULT_PROJECT = Path(os.environ.get("ALIGN_PROJECT_DIR", Path.home() / ".align-review"))
#: The table shows at most this many links at once; filters narrow it down.
MAX_ROWS = 300
SEVERITY_COLOURS = {"error": "#c62828", "warning": "#ef6c00", "info": "#1565c0"}
# Marks every font has (no emoji: a browser without an emoji font would show boxes).
STATUS_MARKS = {"accepted": "✓ accepted", "rejected": "✗ rejected", "unreviewed": "· unreviewed"}

CSS = """
<style>
table.align-review {border-collapse: collapse; width: 100%; table-layout: fixed;}
table.align-review col.n {width: 10%;} table.align-review col.ar {width: 30%;}
table.align-review col.en {width: 34%;} table.align-review col.flags {width: 26%;}
table.align-review td, table.align-review th {border-bottom: 1px solid #ddd; padding: 6px; vertical-align: top;}
table.align-review td.ar {direction: rtl; unicode-bidi: isolate; text-align: right; font-size: 1.1em;}
table.align-review td.en {direction: ltr; unicode-bidi: isolate; text-align: left;}
table.align-review tr.selected {background: #fff8e1;}
.badge {display: inline-block; border-radius: 4px; padding: 0 5px; margin: 1px; color: white; font-size: 0.8em;}
.badge.dismissed {background: #9e9e9e !important; text-decoration: line-through;}
mark.flag {background: #ffe082; padding: 0;}
.edited {color: #2e7d32;}
.status {white-space: nowrap;}
.status.accepted {color: #2e7d32; font-weight: 600;}
.status.rejected {color: #c62828; font-weight: 600;}
del.original {color: #9e9e9e;}
</style>
"""


@st.cache_resource(show_spinner="Loading the embedding model (the first time converts it, about a minute)…")
def get_embedder(model: str | None) -> Embedder:
    """One embedder per model for the whole server."""
    return load_embedder(model)


@st.cache_data(show_spinner=False, max_entries=8)
def get_alignment(job: Job, content: str, settings: Settings, _document: Document) -> Alignment:
    """The checked alignment of ``job`` (``content`` names its sides' text, so an edited file is realigned)."""
    source, target, _ = _document
    embedder = get_embedder(settings.model)
    # Created here, not by the caller: a cached function may only touch its own elements.
    bar = st.progress(0.0, text="Aligning…")
    alignment = pipeline.run(
        source, target, embedder=embedder, settings=settings, progress=lambda f, stage: bar.progress(f, text=stage)
    )
    bar.empty()
    return settings.apply(alignment, report_paths(job))


@st.cache_data(show_spinner="Computing the similarity matrix…", max_entries=8)
def get_similarity(content: str, model: str | None, _alignment: Alignment) -> np.ndarray:
    """Cosine similarities for the heatmap, once per document and model."""
    return pipeline.similarity_matrix(_alignment, get_embedder(model))


def report_paths(job: Job) -> list[str]:
    """The document's paths as reports show them, for the settings' per-file ignores."""
    return [job.name, *(display(path) for path in job.paths)]


def upload_limit() -> int:
    """The upload limit in bytes: ``server.maxUploadSize`` (MB, ``.streamlit/config.toml``).

    Streamlit itself refuses bigger uploads; :func:`save_upload` checks again.
    """
    return int(st.get_option("server.maxUploadSize")) * 1024 * 1024


def save_upload(data: bytes, project: Path, limit: int | None = None) -> str:
    """Write an upload inside ``project/uploads`` under a name made from its content.

    The uploader's own file name is never used as a path (only as a label).

    Raises:
        InputError: The upload is over ``limit`` bytes (default :func:`upload_limit`).
    """
    limit = upload_limit() if limit is None else limit
    if len(data) > limit:
        raise InputError(f"the upload is {len(data):,} bytes; the limit is {limit:,} (server.maxUploadSize)")
    folder = project / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{hashlib.sha256(data).hexdigest()}.txt"
    if not path.exists():
        path.write_bytes(data)
    return str(path)


def command_line_inputs(argv: list[str]) -> dict[str, str]:
    """``--doc``, ``--ar``, ``--en``, ``--config`` given after ``streamlit run app.py --`` (as ``align review`` does)."""
    parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    for name in ("--doc", "--ar", "--en", "--config"):
        parser.add_argument(name)
    known, _ = parser.parse_known_args(argv)
    return {name: value for name, value in vars(known).items() if value}


def preset_from_command_line() -> None:
    """Open on the files of the command line, if any (once per browser session; the seed otherwise)."""
    if st.session_state.get("command_line_applied"):
        return
    st.session_state["command_line_applied"] = True
    given = command_line_inputs(sys.argv[1:])
    if "doc" in given:
        st.session_state.update(source_kind="File paths", source_form="Mixed document", doc_path=given["doc"])
    elif "ar" in given and "en" in given:
        st.session_state.update(
            source_kind="File paths", source_form="Arabic + English files", ar_path=given["ar"], en_path=given["en"]
        )


#: The chosen inputs and how the reviewer and the store name them (a path, or an upload's own file name).
Choice = tuple[dict[str, str], tuple[str, str]]


def choose_inputs(project: Path) -> Choice | None:
    """Sidebar: the seed, paths, or uploads: the files (``doc``, or ``ar`` and ``en``) and their labels."""
    preset_from_command_line()
    how = st.sidebar.radio("Document", ["Seed blog post", "File paths", "Upload"], key="source_kind")
    if how == "Seed blog post":
        return {"doc": str(SEED)}, (str(SEED), str(SEED))
    form = st.sidebar.radio("Form", ["Mixed document", "Arabic + English files"], key="source_form", horizontal=True)
    if how == "File paths":
        if form == "Mixed document":
            doc = st.sidebar.text_input("Mixed document path", key="doc_path").strip()
            return ({"doc": doc}, (doc, doc)) if doc else None
        ar = st.sidebar.text_input("Arabic file path", key="ar_path").strip()
        en = st.sidebar.text_input("English file path", key="en_path").strip()
        return ({"ar": ar, "en": en}, (ar, en)) if ar and en else None
    limit = f"(at most {upload_limit() // (1024 * 1024)} MB)"
    if form == "Mixed document":
        doc_file = st.sidebar.file_uploader(f"Mixed document {limit}", type=["txt", "md"], key="doc_upload")
        if doc_file is None:
            return None
        doc = save_upload(doc_file.getvalue(), project)
        return {"doc": doc}, (f"upload:{doc_file.name}", f"upload:{doc_file.name}")
    ar_file = st.sidebar.file_uploader(f"Arabic file {limit}", type=["txt", "md"], key="ar_upload")
    en_file = st.sidebar.file_uploader(f"English file {limit}", type=["txt", "md"], key="en_upload")
    if ar_file is None or en_file is None:
        return None
    ar, en = save_upload(ar_file.getvalue(), project), save_upload(en_file.getvalue(), project)
    return {"ar": ar, "en": en}, (f"upload:{ar_file.name}", f"upload:{en_file.name}")


def project_settings() -> Settings:
    """The settings of ``--config FILE``, else of ``align.toml`` or ``pyproject.toml`` in the current folder."""
    config = command_line_inputs(sys.argv[1:]).get("config")
    return load_settings(Path(config) if config else None)


def choose_settings(base: Settings) -> Settings:
    """Sidebar: model and link settings, starting from the project's."""
    model = st.sidebar.text_input("Embedding model (empty: the project's or the offline default)", key="model").strip() or None
    max_link = st.sidebar.slider("Largest link (Arabic + English segments)", 2, 5, min(max(base.max_link, 2), 5), key="max_link")
    pair = st.session_state.get("source_kind") != "Seed blog post" and st.session_state.get("source_form") == "Arabic + English files"
    presegmented = st.sidebar.checkbox("One segment per line (Arabic + English files)", key="presegmented", disabled=not pair)
    return base.override(model=model, max_link=max_link, presegmented=pair and presegmented)


def open_review(job: Job, labels: tuple[str, str], settings: Settings, project: Path, alignment: Alignment, next_to_input: bool) -> None:
    """Open the store session and rebuild the review state when the log changed."""
    path = store_path(str(job.paths[0]) if next_to_input else None, None if next_to_input else project)
    store = ReviewStore(path)
    session = store.open_session(alignment.source, alignment.target, labels=labels)
    ident = (str(path), session.id)
    log = store.decisions(session)
    current = st.session_state.get("review")
    if current is None or current["ident"] != ident or current["count"] != len(log):
        result = review.replay(alignment, log, check=settings.checker(report_paths(job)))
        same = current is not None and current["ident"] == ident
        st.session_state["review"] = {
            "ident": ident, "count": len(log), "state": result.state, "skipped": result.skipped,
            # The store says the document changed only when it opens the new session: keep saying it.
            "notice": session.notice or (current["notice"] if same else None),
        }
        if not same:
            st.session_state.pop("selected", None)
    st.session_state["store"] = store
    st.session_state["session"] = session
    if store.backup is not None:
        st.warning(f"The review store was unreadable; it was kept as {store.backup.name} and a new one started.")
    notice = session.notice or st.session_state["review"]["notice"]
    if notice:
        st.info(notice)
    skipped = st.session_state["review"]["skipped"]
    if skipped:
        with st.expander(f"{len(skipped)} saved decisions no longer apply to this alignment"):
            for position, reason in skipped:
                st.text(f"decision {position + 1}: {reason}")


def review_state() -> ReviewState:
    """The current review state."""
    return st.session_state["review"]["state"]


def decide(decision: Decision, select: int | None = None) -> None:
    """Apply a decision, save it, and move the selection (button callback)."""
    current = st.session_state["review"]
    try:
        state = review.apply(current["state"], decision)
    except ValueError as err:
        st.session_state["problem"] = str(err)
        return
    store: ReviewStore = st.session_state["store"]
    session: Session = st.session_state["session"]
    store.append(session, decision)
    current.update(state=state, count=current["count"] + 1)
    st.session_state.pop("problem", None)
    if select is not None:
        st.session_state["selected"] = max(0, min(select, len(state.links) - 1))


def badges(state: ReviewState, link: Link) -> str:
    """Coloured flag badges with their messages; false alarms greyed with the comment."""
    out = []
    for flag in link.flags:
        comment = state.false_alarm_comment(link, flag)
        colour = SEVERITY_COLOURS.get(flag.severity, "#555")
        cls = "badge dismissed" if comment is not None else "badge"
        note = f" — false alarm: {html.escape(comment)}" if comment else (" — false alarm" if comment is not None else "")
        out.append(
            f'<div><span class="{cls}" style="background:{colour}">{html.escape(flag.code)}</span> '
            f"{html.escape(flag.message)}{note}</div>"
        )
    return "".join(out)


def table(state: ReviewState, shown: list[int], selected: int) -> str:
    """The side-by-side HTML table, one row per link."""
    alignment = state.alignment
    rows = [
        '<table class="align-review"><colgroup><col class="n"><col class="ar"><col class="en"><col class="flags"></colgroup>'
        "<tr><th>#</th><th>Arabic</th><th>English</th><th>Flags</th></tr>"
    ]
    for i in shown[:MAX_ROWS]:
        link = state.links[i]
        english = highlighted(alignment.target, tuple(link.en), link.flags, "en")
        if tuple(link.en) in state.en_edits:
            english = f'<span class="edited">{html.escape(state.english(link))}</span><br><del class="original">{english}</del>'
        row_class = ' class="selected"' if i == selected else ""
        rows.append(
            f"<tr{row_class}><td>{i + 1}<br><small>{link.kind} · {link.score:.2f}<br><span class='status {state.status_of(link)}'>{STATUS_MARKS[state.status_of(link)]}</span></small></td>"
            f'<td class="ar" dir="rtl">{highlighted(alignment.source, tuple(link.ar), link.flags, "ar")}</td>'
            f'<td class="en" dir="ltr">{english}</td><td>{badges(state, link)}</td></tr>'
        )
    rows.append("</table>")
    return "".join(rows)


def metrics(state: ReviewState) -> None:
    """Counts at the top of the page."""
    open_flags = [f for link in state.links for f in state.open_flags(link)]
    reviewed = sum(state.status_of(link) != "unreviewed" for link in state.links)
    cols = st.columns(6)
    cols[0].metric("Links", len(state.links))
    cols[1].metric("Reviewed", reviewed)
    cols[2].metric("Open flags", len(open_flags))
    for col, (severity, label) in zip(cols[3:], (("error", "Errors"), ("warning", "Warnings"), ("info", "Info"))):
        col.metric(label, sum(f.severity == severity for f in open_flags))


def controls(state: ReviewState, i: int) -> None:
    """Edit operations on the selected link."""
    link = state.links[i]
    key = link_key(link)
    n = len(state.links)
    # Per-link widget keys: a form keeps no stale value from another link.
    suffix = f"{i}_{'.'.join(map(str, key[0]))}_{'.'.join(map(str, key[1]))}"
    st.markdown(f"**Link {i + 1}** ({describe(key)}, {link.kind}) — {STATUS_MARKS[state.status_of(link)]}")
    cols = st.columns(4)
    cols[0].button("Accept", key="accept", on_click=decide, args=(Decision.status(key, "accepted"), i + 1))
    cols[1].button("Reject", key="reject", on_click=decide, args=(Decision.status(key, "rejected"), i + 1))
    cols[2].button("Reset", key="reset", on_click=decide, args=(Decision.status(key, "unreviewed"), i))
    cols[3].button("Undo", key="undo", on_click=decide, args=(Decision.undo(),), disabled=not state.history)

    cols = st.columns(2)
    cols[0].button("Merge with previous", key="merge_prev", disabled=i == 0, on_click=decide,
                   args=(Decision.merge(link_key(state.links[i - 1]), key), i - 1) if i else ())
    cols[1].button("Merge with next", key="merge_next", disabled=i == n - 1, on_click=decide,
                   args=(Decision.merge(key, link_key(state.links[i + 1])), i) if i < n - 1 else ())

    cols = st.columns(4)
    for col, (lang, direction, label) in zip(cols, [
        ("ar", "prev", "Arabic first → previous"),
        ("ar", "next", "Arabic last → next"),
        ("en", "prev", "English first → previous"),
        ("en", "next", "English last → next"),
    ]):
        col.button(label, key=f"move_{lang}_{direction}", on_click=decide,
                   args=(Decision.move(key, lang, direction), i))

    # Side by side, so the table stays near the top of the page.
    split_col, alarm_col, edit_col = st.columns([1, 2, 2])
    if len(link.ar) + len(link.en) > 1:
        with split_col, st.form("split_form"):
            st.number_input("Arabic segments in first part", 0, len(link.ar), (len(link.ar) + 1) // 2, key=f"split_ar_{suffix}")
            st.number_input("English segments in first part", 0, len(link.en), (len(link.en) + 1) // 2, key=f"split_en_{suffix}")
            st.form_submit_button("Split", on_click=lambda: decide(
                Decision.split(key, int(st.session_state[f"split_ar_{suffix}"]), int(st.session_state[f"split_en_{suffix}"])), i
            ))

    if link.flags:
        refs = [review.flag_ref(state.alignment, link, f) for f in link.flags]
        with alarm_col, st.form("false_alarm_form"):
            st.selectbox("Flag", range(len(refs)), format_func=lambda k: f"{link.flags[k].code}: {link.flags[k].message}", key=f"fa_flag_{suffix}")
            st.text_input("Why is it a false alarm?", key=f"fa_comment_{suffix}")
            st.form_submit_button("Mark false alarm", on_click=lambda: decide(
                Decision.false_alarm(key, refs[st.session_state[f"fa_flag_{suffix}"]], st.session_state[f"fa_comment_{suffix}"]), i
            ))

    if link.en:
        with edit_col, st.form("edit_form"):
            st.text_area("English text", value=state.english(link), key=f"edit_text_{suffix}")
            st.form_submit_button("Save English", on_click=lambda: decide(
                Decision.edit_en(key, st.session_state[f"edit_text_{suffix}"]), i
            ))


def heatmap(state: ReviewState, matrix: np.ndarray) -> alt.LayerChart:
    """The similarity matrix with the chosen links drawn on it; gaps as crosses beside the path."""
    ar_ids, en_ids = np.meshgrid(np.arange(matrix.shape[0]), np.arange(matrix.shape[1]), indexing="ij")
    cells = pd.DataFrame({"ar": ar_ids.ravel(), "en": en_ids.ravel(), "cosine": matrix.ravel().round(3)})
    points, ar_done, en_done = [], 0, 0
    for n, link in enumerate(state.links, 1):
        # A gap has no cell of its own: draw it where the path is when it occurs.
        ar_side = link.ar or (min(ar_done, matrix.shape[0] - 1),)
        en_side = link.en or (min(en_done, matrix.shape[1] - 1),)
        points += [{"ar": a, "en": e, "link": n, "kind": link.kind, "gap": not (link.ar and link.en)}
                   for a in ar_side for e in en_side]
        ar_done, en_done = ar_done + len(link.ar), en_done + len(link.en)
    base = alt.Chart(cells).mark_rect().encode(
        x=alt.X("en:O", title="English segment", axis=alt.Axis(labelOverlap=True)),
        y=alt.Y("ar:O", title="Arabic segment", axis=alt.Axis(labelOverlap=True)),
        color=alt.Color("cosine:Q", scale=alt.Scale(scheme="greys")),
        tooltip=["ar", "en", "cosine"],
    )
    path = alt.Chart(pd.DataFrame(points)).mark_point(filled=True, size=40).encode(
        x="en:O",
        y="ar:O",
        shape=alt.Shape("gap:N", scale=alt.Scale(domain=[False, True], range=["square", "cross"]), title="gap"),
        color=alt.value("#d32f2f"),
        tooltip=["link", "kind", "ar", "en"],
    )
    return (base + path).properties(height=max(300, 8 * matrix.shape[0]))


def review_page(state: ReviewState) -> None:
    """Filters, the table, and the controls for the selected link."""
    all_codes = sorted({f.code for link in state.links for f in link.flags})
    cols = st.columns([3, 2, 1])
    codes = cols[0].multiselect("Flag codes", all_codes, key="filter_codes")
    severities = cols[1].multiselect("Severity", list(SEVERITY_COLOURS), key="filter_severity")
    only_open = cols[2].checkbox("Open flags only", key="filter_open")
    shown = [i for i, link in enumerate(state.links) if matches(state, link, codes, severities, only_open)]

    n = len(state.links)
    if st.session_state.get("selected", 0) >= n:
        st.session_state["selected"] = n - 1
    cols = st.columns([4, 1])
    cols[0].selectbox(
        "Link", range(n), key="selected",
        format_func=lambda i: f"{i + 1}: {state.links[i].kind} · {len(state.open_flags(state.links[i]))} open flags"
                              f" · {state.status_of(state.links[i])} — {state.alignment.text_of(state.links[i], 'en')[:60]}",
    )
    cols[1].button("Next unreviewed flag", key="next_flag", on_click=select_next_flag)
    if "problem" in st.session_state:
        st.error(st.session_state["problem"])
    controls(state, st.session_state["selected"])
    st.caption(f"{len(shown)} of {n} links shown" + (f" (first {MAX_ROWS})" if len(shown) > MAX_ROWS else ""))
    st.markdown(table(state, shown, st.session_state["selected"]), unsafe_allow_html=True)


def select_next_flag() -> None:
    """Button callback: select the next link with an open, unreviewed flag."""
    state = review_state()
    found = next_unreviewed_flag(state, st.session_state.get("selected", 0))
    if found is None:
        st.session_state["problem"] = "No unreviewed link with open flags left."
    else:
        st.session_state.pop("problem", None)
        st.session_state["selected"] = found


def export_page(state: ReviewState, name: str) -> None:
    """Download buttons."""
    reviewed_only = st.radio("TMX links", ["Accepted links only", "All links"], key="tmx_scope", horizontal=True)
    tmx = reviewed_tmx(state, reviewed_only=reviewed_only == "Accepted links only")
    # No rerun on a click: a rerun would replace the file (the TMX is dated) while the browser fetches it.
    st.download_button("Download TMX", tmx, f"{name}.tmx", "application/x-tmx+xml", key="download_tmx", on_click="ignore")
    st.download_button("Download JSON", review_json(state), f"{name}.json", "application/json", key="download_json", on_click="ignore")
    st.download_button("Download CSV", review_csv(state), f"{name}.csv", "text/csv", key="download_csv", on_click="ignore")


def main() -> None:
    """The page."""
    st.set_page_config(page_title="Arabic–English alignment review", layout="wide")
    st.markdown(CSS, unsafe_allow_html=True)
    st.title("Arabic–English alignment review")
    project = Path(st.sidebar.text_input("Project folder", str(DEFAULT_PROJECT), key="project")).expanduser()
    try:
        choice = choose_inputs(project)
        settings = choose_settings(project_settings())
        first = next(iter(choice[0].values())) if choice is not None else ""
        next_to_input = st.sidebar.radio(
            "Save the review", ["In the project folder", "Next to the input file"], key="store_where",
            disabled=choice is None or first.startswith(str(project / "uploads")),
        ) == "Next to the input file"
        if choice is None:
            st.session_state.pop("review", None)
            st.info("Choose a document in the sidebar.")
            return
        files, labels = choice
        job = one_job(**files, presegmented=settings.presegmented, memories=False)
        document = load(job)
        content = content_key(document[0], document[1])
        alignment = get_alignment(job, content, settings, document)
        open_review(job, labels, settings, project, alignment, next_to_input)
    except (AlignError, OSError) as err:
        st.session_state.pop("review", None)
        st.error(str(err))
        return
    state = review_state()
    st.caption(f"{Path(labels[0]).name} · model {alignment.signature.get('model')} · max link {settings.max_link}")
    metrics(state)
    tab_review, tab_map, tab_export = st.tabs(["Review", "Heatmap", "Export"])
    with tab_review:
        review_page(state)
    with tab_map:
        if st.checkbox("Show the similarity heatmap", key="show_heatmap"):
            st.altair_chart(heatmap(state, get_similarity(content, settings.model, alignment)), width="stretch")
    with tab_export:
        export_page(state, Path(labels[0]).stem or "alignment")


if __name__ == "__main__":
    main()
