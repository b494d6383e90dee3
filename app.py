"""Review an Arabic–English alignment in the browser: ``streamlit run app.py`` (or ``align review``).

The Streamlit widgets only: everything else is the package's. Opens on the
seed blog post, with the settings of ``align.toml`` (or ``--config FILE``).
Every decision goes through ``align.review.state`` (pure functions) and is
saved at once by ``align.review.store``; reopening the same document resumes
the review.

How the page stays right when clicks come faster than the server answers:

* The selected link is kept on the server, never in a widget the browser
  sends back (a browser that has not seen the last answer yet would send the
  old selection with the next click). Actions without content (accept, next
  flag, merge...) act on the link selected when the server handles them, in
  the order they were clicked; a form (an edited text, a split point, a
  comment) carries the link it was shown for.
* Every write says which revision of the review it was made on; a write on a
  view another tab has changed since is refused and the view reloaded.
* Long alignments run in the background (``align.review.runs``): the page
  shows the count of segments embedded with an estimate, and Cancel.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import html
import os
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

from align import pipeline
from align.embed.embedder import Embedder, load_embedder
from align.errors import AlignError, InputError
from align.io.jobs import PAIRED_SUFFIXES, READERS, Document, Job, display, load, one_job
from align.io.memory import MEMORY_SUFFIXES
from align.io.sheets import parse_columns
from align.model import Alignment, Lang, Link, LinkKey, link_key, most_severe
from align.review import state as review
from align.review.exports import accepted_count, history_csv, link_history, review_csv, review_json, review_xlsx, reviewed_tmx
from align.review.paths import allowed_roots, for_reviewer, inside_roots
from align.review.queries import CUT_MARK, cut_point, highlighted, link_at_cell, next_shown, next_unreviewed_flag, shown_links
from align.review.runs import Run, Runs, duration
from align.review.state import Decision, ReviewState, Status, describe
from align.review.store import Entry, ReviewStore, Session, StaleReview, content_key, store_path
from align.settings import Settings, languages, load_settings

REPO = Path(__file__).resolve().parent
SEED = REPO / "seeds" / "blog-iraq-sofa-2008-06-09.txt"
DEFAULT_PROJECT = Path(os.environ.get("ALIGN_PROJECT_DIR", Path.home() / ".align-review"))
#: What an upload may be, by file name ending (the loader picks the format by it): every format
#: ``align check`` reads alone; a pair's two files, the formats that hold one language.
DOCUMENT_TYPES = tuple(sorted({".txt", *READERS, *MEMORY_SUFFIXES}))
PAIR_TYPES = tuple(sorted(PAIRED_SUFFIXES))
#: The formats whose columns the reviewer may name (as ``--columns``): those ``align.io.sheets`` reads.
SHEET_TYPES = frozenset(suffix for suffix, module in READERS.items() if module == "align.io.sheets")
LANGUAGE_NAMES: dict[Lang, str] = {"ar": "Arabic", "en": "English"}
#: Rows per table page: 15 fit beside the link panel on a 1366×768 screen.
PAGE_SIZES = (15, 30, 60, 120)
#: Streamlit's row height in pixels, to size the table to its page (no scrolling inside it).
ROW_HEIGHT = 35
#: How long the page waits for an alignment before showing its progress: a
#: short document (the seed) opens at once, without a progress page.
WAIT_FOR_ALIGNMENT_S = 2.0
#: How often the progress of a background alignment is redrawn.
PROGRESS_EVERY_S = 1.0
SEVERITY_COLOURS = {"error": "#c62828", "warning": "#ef6c00", "info": "#1565c0"}
#: The light shades of the severities behind a table row's open flags: those of the flagged text (``mark.flag`` in CSS).
SEVERITY_TINTS = {"error": "#ffcdd2", "warning": "#ffe0b2", "info": "#bbdefb"}
# Marks every font has (no emoji: a browser without an emoji font would show boxes).
STATUS_MARKS = {"accepted": "✓ accepted", "rejected": "✗ rejected", "unreviewed": "○ unreviewed"}
#: The keys of the review, shown on the page. R and C are Streamlit's own.
KEYS = {"next_flag": "J", "prev_flag": "K", "accept": "A", "reject": "X", "undo": "Z", "redo": "Y", "next_link": "N", "prev_link": "P"}

CSS = """
<style>
.block-container {padding-top: 2.2rem; padding-bottom: 1rem;}
h1 {font-size: 1.4rem !important; padding: 0 !important;}
.link-ar {direction: rtl; unicode-bidi: isolate; text-align: right; font-size: 1.1em; margin: 0.2em 0;}
.link-en {direction: ltr; unicode-bidi: isolate; text-align: left; margin: 0.2em 0;}
.link-side {border-left: 3px solid #ddd; padding: 2px 8px;}
.badge {display: inline-block; border-radius: 4px; padding: 0 5px; margin: 1px; color: white; font-size: 0.8em;}
.badge.dismissed {background: #9e9e9e !important; text-decoration: line-through;}
mark.flag {padding: 0; border-radius: 2px;}
mark.flag.sev-error {background: #ffcdd2;} mark.flag.sev-warning {background: #ffe0b2;} mark.flag.sev-info {background: #bbdefb;}
mark.flag.depth-2, mark.flag.depth-3 {text-decoration: underline wavy #b71c1c; text-underline-offset: 3px; font-weight: 600;}
.edited {color: #2e7d32;}
del.original {color: #9e9e9e;}
.status.accepted {color: #2e7d32; font-weight: 600;}
.status.rejected {color: #c62828; font-weight: 600;}
[class*="st-key-edit_ar_"] textarea {direction: rtl; text-align: right;}
</style>
"""


@st.cache_resource(show_spinner=False)
def get_embedder(model: str | None) -> Embedder:
    """One embedder per model for the whole server (the model itself loads on first use)."""
    return load_embedder(model)


@st.cache_resource(show_spinner=False)
def get_runs() -> Runs:
    """The server's background alignments, shared by every tab."""
    return Runs()


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


def save_upload(data: bytes, project: Path, limit: int | None = None, name: str = "") -> str:
    """Write an upload inside ``project/uploads`` under a name made from its content and the ending of ``name``.

    The uploader's own file name is never used as a path (only as a label);
    its ending is kept when it names a format the tool reads (the loader
    picks the format by it), else the upload is plain text.

    Raises:
        InputError: The upload is over ``limit`` bytes (default :func:`upload_limit`).
    """
    limit = upload_limit() if limit is None else limit
    if len(data) > limit:
        raise InputError(f"the upload is {len(data):,} bytes; the limit is {limit:,} (server.maxUploadSize)")
    folder = project / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    suffix = Path(name).suffix.lower()
    path = folder / f"{hashlib.sha256(data).hexdigest()}{suffix if suffix in DOCUMENT_TYPES else '.txt'}"
    if not path.exists():
        path.write_bytes(data)
    return str(path)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    for name in ("--doc", "--ar", "--en", "--config"):
        parser.add_argument(name)
    parser.add_argument("--root", action="append", default=[])
    return parser


def command_line_inputs(argv: list[str]) -> dict[str, str]:
    """``--doc``, ``--ar``, ``--en``, ``--config`` given after ``streamlit run app.py --`` (as ``align review`` does)."""
    known, _ = _parser().parse_known_args(argv)
    return {name: value for name, value in vars(known).items() if value and name != "root"}


def command_line_roots(argv: list[str]) -> list[str]:
    """The folders given with ``--root`` (``align review`` passes the folder it was started in first)."""
    known, _ = _parser().parse_known_args(argv)
    return list(known.root)


def roots() -> tuple[Path, ...]:
    """The folders whose files the page may read: ``--root`` folders, else the current folder."""
    return allowed_roots(command_line_roots(sys.argv[1:]) or [Path.cwd()])


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


class Choice:
    """The chosen inputs: the files to read, how the store labels them, and the names the reviewer knows them by.

    Attributes:
        files: ``{"doc": path}`` or ``{"ar": path, "en": path}``.
        labels: The store's labels of the two sides (a path, or ``upload:<name>``).
        names: Each path the loader may mention → the name the reviewer knows.
        uploaded: Whether the files are uploads (kept in the project folder).
    """

    def __init__(self, files: dict[str, str], labels: tuple[str, str], names: dict[str, str], uploaded: bool = False) -> None:
        self.files, self.labels, self.names, self.uploaded = files, labels, names, uploaded


def _typed_path(typed: str, names: dict[str, str]) -> str:
    """A typed path, if it lies inside the allowed folders (or was named on the command line)."""
    given = command_line_inputs(sys.argv[1:])
    path = inside_roots(typed, roots(), allowed=[Path(given[k]) for k in ("doc", "ar", "en") if k in given])
    names[str(path)] = names[display(path)] = typed
    return str(path)


def choose_inputs(project: Path) -> Choice | None:
    """Sidebar: the seed, paths inside the allowed folders, or uploads.

    Raises:
        InputError: A typed path outside the allowed folders, or an upload over the limit.
    """
    preset_from_command_line()
    how = st.sidebar.radio("Document", ["Seed blog post", "File paths", "Upload"], key="source_kind")
    if how == "Seed blog post":
        return Choice({"doc": str(SEED)}, (str(SEED), str(SEED)), {str(SEED): SEED.name, display(SEED): SEED.name})
    form = st.sidebar.radio("Form", ["Mixed document", "Arabic + English files"], key="source_form", horizontal=True)
    names: dict[str, str] = {}
    if how == "File paths":
        st.sidebar.caption("Files inside: " + ", ".join(str(root) for root in roots()))
        if form == "Mixed document":
            doc = st.sidebar.text_input("Mixed document path", key="doc_path").strip()
            return Choice({"doc": _typed_path(doc, names)}, (doc, doc), names) if doc else None
        ar = st.sidebar.text_input("Arabic file path", key="ar_path").strip()
        en = st.sidebar.text_input("English file path", key="en_path").strip()
        if not (ar and en):
            return None
        return Choice({"ar": _typed_path(ar, names), "en": _typed_path(en, names)}, (ar, en), names)
    limit = f"(at most {upload_limit() // (1024 * 1024)} MB)"
    # In a form, a chosen file uploads at once but the page reruns only on the
    # button, which stays disabled until every upload is done: choosing the
    # second file while the page reruns for the first cannot lose either.
    with st.sidebar.form("upload_form", border=False):
        if form == "Mixed document":
            files = {"doc": st.file_uploader(f"Mixed document {limit}", type=list(DOCUMENT_TYPES), key="doc_upload")}
        else:
            files = {
                "ar": st.file_uploader(f"Arabic file {limit}", type=list(PAIR_TYPES), key="ar_upload"),
                "en": st.file_uploader(f"English file {limit}", type=list(PAIR_TYPES), key="en_upload"),
            }
        st.form_submit_button("Open" if form == "Mixed document" else "Align these files", key="upload_submit")
    if any(file is None for file in files.values()):
        return None
    saved, upload_names = {}, {}
    for side, file in files.items():
        assert file is not None  # checked above
        saved[side] = save_upload(file.getvalue(), project, name=file.name)
        # The bare name too: a parser's message (lxml's) may name the file without its folder.
        names[saved[side]] = names[display(Path(saved[side]))] = names[Path(saved[side]).name] = upload_names[side] = file.name
    first, second = (upload_names["doc"],) * 2 if "doc" in files else (upload_names["ar"], upload_names["en"])
    return Choice(saved, (f"upload:{first}", f"upload:{second}"), names, uploaded=True)


def project_settings() -> Settings:
    """The settings of ``--config FILE``, else of ``align.toml`` or ``pyproject.toml`` in the current folder."""
    config = command_line_inputs(sys.argv[1:]).get("config")
    return load_settings(Path(config) if config else None)


def choose_settings(base: Settings, choice: Choice | None) -> Settings:
    """Sidebar: the direction, a sheet's columns, model and link settings, starting from the project's.

    Raises:
        InputError: A language tag that is not BCP 47, or not one Arabic and one English; columns that are not two.
    """
    cols = st.sidebar.columns(2)
    source_lang = cols[0].text_input("Source language", base.source_lang, key="source_lang", help="BCP 47: ar, en-US, ar-SA…").strip()
    target_lang = cols[1].text_input("Target language", base.target_lang, key="target_lang", help="BCP 47: en, en-GB, ar-SA…").strip()
    source_lang, target_lang = languages(source_lang, target_lang, "Source and target language")
    sheet = choice is not None and any(Path(path).suffix.lower() in SHEET_TYPES for path in choice.files.values())
    typed = st.sidebar.text_input(
        "Sheet columns: Arabic,English (empty: found by their headers)", key="columns", disabled=not sheet,
        placeholder="e.g. B,C or Arabic,English",
    ).strip()
    columns = parse_columns(typed, "Sheet columns") if sheet and typed else None
    model = st.sidebar.text_input("Embedding model (empty: the project's or the offline default)", key="model").strip() or None
    max_link = st.sidebar.slider("Largest link (Arabic + English segments)", 2, 5, min(max(base.max_link, 2), 5), key="max_link")
    pair = st.session_state.get("source_kind") != "Seed blog post" and st.session_state.get("source_form") == "Arabic + English files"
    presegmented = st.sidebar.checkbox("One segment per line (Arabic + English files)", key="presegmented", disabled=not pair)
    return base.override(
        model=model, max_link=max_link, presegmented=pair and presegmented, source_lang=source_lang, target_lang=target_lang, columns=columns,
    )


def choose_project() -> Path:
    """Sidebar: the folder of the review store; the default, or a folder inside the allowed ones.

    Raises:
        InputError: A folder outside them.
    """
    typed = st.sidebar.text_input("Project folder (the review store)", str(DEFAULT_PROJECT), key="project").strip()
    return inside_roots(typed or str(DEFAULT_PROJECT), roots(), allowed=[DEFAULT_PROJECT])


# --- the alignment, in the background -------------------------------------------------------------


def run_key(content: str, settings: Settings, paths: list[str]) -> str:
    """Names a background alignment: the document, every setting and the paths the settings' ignores match."""
    return hashlib.sha256(f"{content}|{settings!r}|{paths!r}".encode()).hexdigest()


def aligned(job: Job, document: Document, settings: Settings, key: str, name: str) -> Alignment | None:
    """The checked alignment of ``document`` (its run named ``key``) once ready; meanwhile its progress (and ``None``).

    Raises:
        AlignError: The alignment failed (the message says why).
    """
    source, target, links = document
    paths = report_paths(job)
    runs = get_runs()
    existing = runs.get(key)
    if existing is not None and existing.snapshot().state in ("cancelled", "failed") and st.session_state.get("align_again") != key:
        if existing.snapshot().state == "failed":
            error = existing.error
            raise error if isinstance(error, AlignError) else InputError(f"the alignment failed: {error}")
        st.info(f"The alignment of {name} was cancelled.")
        st.button("Align again", key="align_again_button", on_click=st.session_state.update, kwargs={"align_again": key})
        return None
    again = st.session_state.pop("align_again", None) == key
    embedder = get_embedder(settings.model)

    def work(report: Callable[[float, str], None]) -> Alignment:
        alignment = pipeline.run(source, target, embedder=embedder, settings=settings, progress=report, links=links)
        return settings.apply(alignment, paths)

    run = runs.start(key, work, again=again)
    if run.wait(WAIT_FOR_ALIGNMENT_S) and run.snapshot().state != "running":
        state = run.snapshot().state
        if state == "done":
            assert run.result is not None  # set before the state says done
            return run.result
        if state == "failed":
            error = run.error
            raise error if isinstance(error, AlignError) else InputError(f"the alignment failed: {error}")
    follow_run(key, name)
    return None


@st.fragment(run_every=PROGRESS_EVERY_S)
def follow_run(key: str, name: str) -> None:
    """The progress of a background alignment: segments embedded of the total, an estimate, Cancel."""
    run = get_runs().get(key)
    if run is None or run.snapshot().state != "running":
        st.rerun()
        return
    snap = run.snapshot()
    stage = "cancelling…" if run.cancelling else snap.stage
    st.progress(snap.fraction, text=f"Aligning {name}: {stage}")
    left = f"about {duration(snap.remaining_s)} left" if snap.remaining_s is not None else "estimating the time left…"
    st.caption(f"{duration(snap.elapsed_s)} so far, {left}")
    st.button("Cancel", key="cancel_alignment", on_click=Run.cancel, args=(run,), disabled=run.cancelling)


# --- the review session -------------------------------------------------------------------------


def scorer(settings: Settings) -> review.Scorer:
    """Scores links changed by the reviewer on the aligner's scale (the embeddings mostly come from the cache)."""
    embedder = get_embedder(settings.model)

    def score(alignment: Alignment) -> list[float]:
        return pipeline.score_links(alignment.source, alignment.target, alignment.links, embedder=embedder, settings=settings)

    return score


@st.cache_resource(show_spinner=False)
def get_replays() -> tuple[threading.Lock, OrderedDict[tuple[str, int, str], tuple[list[Decision], review.Replay]]]:
    """The latest replay of each review session and alignment, with its decisions, shared by every tab.

    A log only grows, so a tab that opens a review, or sees another tab's
    decisions, replays only what the log gained since (a long review's full
    replay re-checks every structural change once). The lock guards the table: tabs run in threads of their own.
    """
    return threading.Lock(), OrderedDict()


#: Replays kept: a few documents under review at once.
KEEP_REPLAYS = 16


def replayed(ident: tuple[str, int, str], decisions: list[Decision], alignment: Alignment, settings: Settings, job: Job) -> review.Replay:
    """The review state after ``decisions``, resumed from the last replay of this session when it is a prefix of them."""
    lock, replays = get_replays()
    with lock:
        known = replays.get(ident)
    if known is not None and known[0] == decisions[: len(known[0])]:
        result = review.resume(known[1], decisions[len(known[0]) :])
    else:
        embed = pipeline.check_embedding(get_embedder(settings.model))
        result = review.replay(alignment, decisions, check=settings.checker(report_paths(job), embed), score=scorer(settings))
    with lock:
        replays[ident] = (decisions, result)
        replays.move_to_end(ident)
        while len(replays) > KEEP_REPLAYS:
            replays.popitem(last=False)
    return result


def open_review(
    job: Job, choice: Choice, settings: Settings, project: Path, alignment: Alignment, alignment_key: str, next_to_input: bool
) -> None:
    """Open the store session and rebuild the review state when the log changed (here or in another tab)."""
    path = store_path(str(job.paths[0]) if next_to_input else None, None if next_to_input else project)
    store = ReviewStore(path)
    session = store.open_session(alignment.source, alignment.target, labels=choice.labels)
    ident = (str(path), session.id, alignment_key)
    history = store.history(session)
    current = st.session_state.get("review")
    if current is None or current["ident"] != ident or current["count"] != len(history):
        result = replayed(ident, [entry.decision for entry in history], alignment, settings, job)
        same = current is not None and current["ident"] == ident
        st.session_state["review"] = {
            "ident": ident, "count": len(history), "state": result.state, "skipped": result.skipped,
            # The store says the document changed only when it opens the new session: keep saying it.
            "notice": session.notice or (current["notice"] if same else None),
        }
        if not same:
            st.session_state["selected"] = 0
    st.session_state["review"]["history"] = history
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


def history() -> list[Entry]:
    """The decision log of the current review, oldest first."""
    return st.session_state["review"]["history"]


def selected() -> int:
    """Position of the selected link (kept on the server: see the module docstring)."""
    n = len(review_state().links)
    return max(0, min(int(st.session_state.get("selected", 0)), n - 1))


def select(index: int) -> None:
    """Select the link at ``index`` (clamped to the links)."""
    n = len(review_state().links)
    st.session_state["selected"] = max(0, min(index, n - 1))


def decide(decision: Decision, select_after: int | None = None) -> None:
    """Apply a decision, save it on the revision this view shows, and move the selection.

    A decision on a view another tab has changed since is refused: the view
    reloads with the other tab's decisions and the reviewer decides again.
    """
    current = st.session_state["review"]
    try:
        state = review.apply(current["state"], decision)
    except ValueError as err:
        st.session_state["problem"] = str(err)
        return
    store: ReviewStore = st.session_state["store"]
    session: Session = st.session_state["session"]
    reviewer = st.session_state.get("reviewer", "").strip() or None
    try:
        store.append(session, decision, revision=current["count"], reviewer=reviewer)
    except StaleReview as err:
        st.session_state["problem"] = str(err)
        current["count"] = -1  # reload the log on this run
        return
    current.update(state=state, count=current["count"] + 1)
    st.session_state.pop("problem", None)
    if select_after is not None:
        select(select_after)


# Actions without content: each acts on the link selected when the server handles it.


def enqueue(rank: int, action: Callable[..., None], args: tuple[object, ...]) -> None:
    """Button callback of the panel: queue the action, with its place on the page, for :func:`run_queued`.

    Clicks that reach the server while it is still busy with an earlier one
    are merged by Streamlit into one rerun, whose callbacks come in no order
    the reviewer chose (the newer click first); queued, they run in page order.
    """
    st.session_state.setdefault("queued", []).append((rank, action, args))


def run_queued() -> None:
    """Run the panel's queued actions in page order, on the review as this tab last showed it."""
    for _, action, args in sorted(st.session_state.pop("queued", []), key=lambda item: item[0]):
        if "review" in st.session_state:
            action(*args)


def act_status(status: Status) -> None:
    """Accept or reject (and go to the next link the filters show), or reset, the selected link."""
    state, i = review_state(), selected()
    decide(Decision.status(link_key(state.links[i]), status), next_shown(shown_now(state), i) if status != "unreviewed" else i)


def act_undo() -> None:
    """Take back the last decision (after a refresh, the reviewer sees which: see the Undo button's help)."""
    decide(Decision.undo(), selected())


def act_redo() -> None:
    """Make the last decision taken back again."""
    decide(Decision.redo(), selected())


def act_merge(with_next: bool) -> None:
    """Merge the selected link with the next or the previous one."""
    state, i = review_state(), selected()
    j = i + 1 if with_next else i - 1
    if not 0 <= j < len(state.links):
        st.session_state["problem"] = f"link {i + 1} has no {'next' if with_next else 'previous'} link to merge with"
        return
    first, second = sorted((i, j))
    decide(Decision.merge(link_key(state.links[first]), link_key(state.links[second])), first)


def act_move(lang: Lang, direction: review.Direction) -> None:
    """Move the first or last segment of one side of the selected link to its neighbour."""
    decide(Decision.move(link_key(review_state().links[selected()]), lang, direction), selected())


def act_step_flag(step: int) -> None:
    """Select the next (``1``) or previous (``-1``) link with an open, unreviewed flag."""
    found = next_unreviewed_flag(review_state(), selected(), step)
    if found is None:
        st.session_state["problem"] = "No unreviewed link with open flags left."
    else:
        st.session_state.pop("problem", None)
        select(found)


def act_step_link(step: int) -> None:
    """Select the next or previous link."""
    st.session_state.pop("problem", None)
    select(selected() + step)


def act_go_to() -> None:
    """Select the link whose number the reviewer typed (form button)."""
    act_step_link(int(st.session_state["go_to_number"]) - 1 - selected())


def act_page(first: int) -> None:
    """Select the first link of another page."""
    st.session_state.pop("problem", None)
    select(first)


def act_row_clicked(table_key: str, rows: tuple[int, ...]) -> None:
    """The reviewer clicked a table row: select its link (``rows``: the link of each row as drawn)."""
    picked = st.session_state[table_key]["selection"]["rows"]
    # The table's event may come in after the review closed (a new direction or document being aligned).
    if picked and "review" in st.session_state:
        st.session_state.pop("problem", None)
        select(rows[picked[0]])


def act_heatmap_clicked() -> None:
    """The reviewer clicked a heatmap cell: select the link that covers it, or the gap in its row or column (a cell off the links selects nothing)."""
    points = st.session_state["heatmap"]["selection"].get("cell") or []
    if not points or "review" not in st.session_state:
        return
    # The axes number the segments from 1.
    found = link_at_cell(review_state(), int(points[0]["ar"]) - 1, int(points[0]["en"]) - 1)
    if found is not None:
        st.session_state.pop("problem", None)
        select(found)


# Actions with content: each carries the link it was shown for.


def act_bulk_accept(keys: tuple[LinkKey, ...]) -> None:
    """Accept every link listed when the button was drawn, in one decision."""
    if not keys:
        st.session_state["problem"] = "No unreviewed link without open flags is shown."
        return
    decide(Decision.statuses(list(keys), "accepted"), selected())


def act_split(key: LinkKey, suffix: str) -> None:
    """Split the link the form was shown for at the chosen point."""
    decide(
        Decision.split(key, int(st.session_state[f"split_ar_{suffix}"]), int(st.session_state[f"split_en_{suffix}"])),
        _index_or_selected(key),
    )


def act_cut(key: LinkKey, segments: dict[str, tuple[Lang, int, str]], suffix: str) -> None:
    """Cut the segment chosen in the fold where the reviewer typed the cut mark (named by its label as drawn)."""
    chosen = segments.get(st.session_state.get(f"cut_segment_{suffix}", ""))
    if chosen is None:
        st.session_state["problem"] = "That segment changed since the fold was drawn: choose it again."
        return
    lang, segment, text = chosen
    try:
        at = cut_point(text, st.session_state[f"cut_text_{suffix}_{lang}{segment}"])
    except ValueError as err:
        st.session_state["problem"] = str(err)
        return
    decide(Decision.split_segment(key, lang, segment, at), selected())


def act_false_alarm(key: LinkKey, refs: dict[str, review.FlagRef], suffix: str) -> None:
    """Mark the flag chosen in the form (named by its label as drawn) a false alarm."""
    ref = refs.get(st.session_state[f"fa_flag_{suffix}"])
    if ref is None:
        st.session_state["problem"] = "That flag changed since the form was drawn: choose it again."
        return
    decide(Decision.false_alarm(key, ref, st.session_state[f"fa_comment_{suffix}"]), _index_or_selected(key))


def _index_or_selected(key: LinkKey) -> int:
    try:
        return review_state().index(key)
    except ValueError:
        return selected()


# --- drawing -------------------------------------------------------------------------------------


def isolated(text: str) -> str:
    """``text`` bidi-isolated, for a label in an English sentence (an Arabic text keeps its own direction)."""
    return f"\u2068{text}\u2069"


def badges(state: ReviewState, link: Link) -> str:
    """Coloured flag badges with their messages; false alarms greyed with the comment."""
    out = []
    for flag in link.flags:
        comment = state.false_alarm_comment(link, flag)
        colour = SEVERITY_COLOURS.get(flag.severity, "#555")
        cls = "badge dismissed" if comment is not None else "badge"
        note = f" — false alarm: {html.escape(comment)}" if comment else (" — false alarm" if comment is not None else "")
        out.append(
            f'<div><span class="{cls}" style="background:{colour}" title="{flag.severity}">{html.escape(flag.code)}</span> '
            f"<bdi>{html.escape(flag.message)}</bdi>{note}</div>"
        )
    return "".join(out)


def counts(state: ReviewState) -> str:
    """The review's counts in one line (the table, not the counts, gets the first screen)."""
    open_flags = [f for link in state.links for f in state.open_flags(link)]
    reviewed = sum(state.status_of(link) != "unreviewed" for link in state.links)
    by = {severity: sum(f.severity == severity for f in open_flags) for severity in SEVERITY_COLOURS}
    return (
        f"Links **{len(state.links)}** · Reviewed **{reviewed}** · Open flags **{len(open_flags)}**"
        f" (Errors **{by['error']}** · Warnings **{by['warning']}** · Info **{by['info']}**)"
    )


def flag_summary(state: ReviewState, link: Link) -> str:
    """A link's open flags for its table row: the worst severity first, then the codes."""
    worst = most_severe(state.open_flags(link))
    if worst is None:
        return ""
    return f"{worst}: " + ", ".join(dict.fromkeys(f.code for f in state.open_flags(link)))


def table(state: ReviewState, shown: list[int], page: int, size: int) -> None:
    """One page of the links as a table; clicking a row selects its link."""
    rows = tuple(shown[page * size : (page + 1) * size])
    frame = pd.DataFrame({
        "#": [i + 1 for i in rows],
        "✓": [STATUS_MARKS[state.status_of(state.links[i])][0] for i in rows],
        "Score": [round(state.links[i].score, 2) for i in rows],
        # The source first, whichever language it is.
        **{LANGUAGE_NAMES[lang]: [state.text(state.links[i], lang) for i in rows] for lang in state.alignment.locales.sides},
        "Open flags": [flag_summary(state, state.links[i]) for i in rows],
    })
    # The open flags cell in the shade of its worst severity, as the flagged text in the panel.
    shades = [most_severe(state.open_flags(state.links[i])) for i in rows]
    styled = frame.style.apply(
        lambda column: [f"background-color: {SEVERITY_TINTS[s]}" if s else "" for s in shades], subset=["Open flags"]
    )
    chosen = selected()
    locales = state.alignment.locales
    # A new key whenever the selection or the page changes, so the table draws the selection the server keeps.
    key = f"table_{page}_{size}_{chosen}"
    st.dataframe(
        styled,
        key=key,
        hide_index=True,
        on_select=functools.partial(act_row_clicked, key, rows),
        selection_mode="single-row",
        selection_default={"selection": {"rows": [rows.index(chosen)]}} if chosen in rows else None,
        height=ROW_HEIGHT * (len(rows) + 1) + 3,
        column_config={
            "#": st.column_config.NumberColumn(width=40),
            "✓": st.column_config.TextColumn(width=30, help="✓ accepted · ✗ rejected · ○ unreviewed"),
            "Score": st.column_config.NumberColumn(width=50, format="%.2f"),
            **{name: st.column_config.TextColumn(f"{name} ({locales.role(lang)})", width="medium") for lang, name in LANGUAGE_NAMES.items()},
            "Open flags": st.column_config.TextColumn(width="small"),
        },
    )


def pager(shown: list[int], page: int, size: int) -> None:
    """Page buttons and the counts of this page."""
    pages = max(1, -(-len(shown) // size))
    first, last = page * size, min((page + 1) * size, len(shown))
    cols = st.columns([1, 1, 3, 2], vertical_alignment="center")
    cols[0].button("◀", key="page_prev", disabled=page == 0, on_click=act_page, args=(shown[max(first - size, 0)] if shown else 0,),
                   help="Previous page", width="stretch")
    cols[1].button("▶", key="page_next", disabled=page >= pages - 1, on_click=act_page,
                   args=(shown[min(last, len(shown) - 1)] if shown else 0,), help="Next page", width="stretch")
    cols[2].caption(f"Page {page + 1} of {pages}: links {first + 1 if shown else 0}–{last} of the {len(shown)} shown")
    cols[3].selectbox("Rows per page", PAGE_SIZES, key="page_size", label_visibility="collapsed", format_func=lambda n: f"{n} rows a page")


def link_texts(state: ReviewState, link: Link) -> str:
    """Both sides of a link, the source first, flagged spans marked; an edited side with its original struck through."""
    out = []
    for lang in state.alignment.locales.sides:
        css = f"link-{lang}"
        ids = link.ids(lang)
        if not ids:
            out.append(f'<div class="link-side {css}"><i>(no {LANGUAGE_NAMES[lang]})</i></div>')
            continue
        text = highlighted(state.alignment.side(lang), ids, link.flags, lang)
        if state.edited(link, lang):
            text = f'<span class="edited">{text}</span><br><del class="original">{html.escape(state.original(link, lang))}</del>'
        out.append(f'<div class="link-side {css}" dir="{"rtl" if lang == "ar" else "ltr"}" lang="{lang}">{text}</div>')
    return "".join(out)


def panel(state: ReviewState) -> None:
    """The selected link and everything that acts on it."""
    i = selected()
    link = state.links[i]
    key = link_key(link)
    n = len(state.links)
    status = state.status_of(link)
    last = review.in_force([entry.decision for entry in history()])
    undo_help = f"Undo: {history()[last[-1]].decision.summary()}" if last else "Nothing to undo"
    # Navigation first: clicks Streamlit merges into one rerun (the second came before the
    # first was handled) run in page order (see enqueue), and "next flag, then accept" is the review's rhythm.
    rows: list[list[tuple[str, str, Callable[..., None], tuple[object, ...], str]]] = [
        [("◀ Flag", "prev_flag", act_step_flag, (-1,), "Previous unreviewed flag"),
         ("Flag ▶", "next_flag", act_step_flag, (1,), "Next unreviewed flag"),
         ("Link ▶", "next_link", act_step_link, (1,), "Next link")],
        [("Accept", "accept", act_status, ("accepted",), "Accept, then the next link"),
         ("Reject", "reject", act_status, ("rejected",), "Reject, then the next link"),
         ("Reset", "reset", act_status, ("unreviewed",), "Back to unreviewed")],
        [("◀ Link", "prev_link", act_step_link, (-1,), "Previous link"),
         ("Undo", "undo", act_undo, (), undo_help),
         ("Redo", "redo", act_redo, (), "Make the last decision taken back again")],
    ]
    disabled = {"undo": not state.history, "redo": not state.future, "prev_link": i == 0, "next_link": i == n - 1}
    for rank, (label, key_name, action, args, tip) in enumerate(button for row in rows for button in row):
        if rank % 3 == 0:
            cols = st.columns(3, gap="small")
        cols[rank % 3].button(
            label, key=key_name, on_click=enqueue, args=(rank, action, args), help=tip, shortcut=KEYS.get(key_name),
            disabled=disabled.get(key_name, False), type="primary" if key_name == "accept" else "secondary", width="stretch",
        )
    st.caption(
        "Keys: J / K next / previous unreviewed flag · A accept · X reject · Z undo · Y redo · N / P next / previous link"
    )
    # Below the buttons, so they never move: a click aimed at one while the page redraws lands on it.
    if "problem" in st.session_state:
        st.error(st.session_state["problem"])
    st.markdown(
        f"**Link {i + 1} of {n}** · {describe(key)} · {state.alignment.link_kind(link)} · score {link.score:.2f} · "
        f"<span class='status {status}'>{STATUS_MARKS[status]}</span>",
        unsafe_allow_html=True,
    )
    st.markdown(link_texts(state, link) + badges(state, link), unsafe_allow_html=True)

    suffix = f"{'.'.join(map(str, key[0]))}_{'.'.join(map(str, key[1]))}"  # per link: no stale value from another link
    with st.expander("Edit the texts"), st.form(f"edit_form_{suffix}", border=False):
        for side in state.alignment.locales.sides:  # either side may be edited, the source first
            if link.ids(side):
                label = f"{LANGUAGE_NAMES[side]} text ({state.alignment.locales.role(side)})"
                st.text_area(label, value=state.text(link, side), key=f"edit_{side}_{suffix}", height=90)
        st.form_submit_button("Save the texts", on_click=_save_texts, args=(key, suffix))
    with st.expander("Merge, split, move"):
        cols = st.columns(2)
        cols[0].button("Merge with previous", key="merge_prev", disabled=i == 0, on_click=act_merge, args=(False,))
        cols[1].button("Merge with next", key="merge_next", disabled=i == n - 1, on_click=act_merge, args=(True,))
        cols = st.columns(2)
        for k, (lang, direction, label) in enumerate([
            ("ar", "prev", "Arabic first → previous"),
            ("ar", "next", "Arabic last → next"),
            ("en", "prev", "English first → previous"),
            ("en", "next", "English last → next"),
        ]):
            cols[k % 2].button(label, key=f"move_{lang}_{direction}", on_click=act_move, args=(lang, direction))
        if len(link.ar) + len(link.en) > 1:
            with st.form(f"split_form_{suffix}", border=False):
                cols = st.columns(2)
                cols[0].number_input("Arabic segments in the first part", 0, len(link.ar), (len(link.ar) + 1) // 2, key=f"split_ar_{suffix}")
                cols[1].number_input("English segments in the first part", 0, len(link.en), (len(link.en) + 1) // 2, key=f"split_en_{suffix}")
                st.form_submit_button("Split", on_click=act_split, args=(key, suffix))
    with st.expander("Cut a segment"):
        cut_fold(state, link, suffix)
    if link.flags:
        refs = {f"{flag.code}: {flag.message}": review.flag_ref(state.alignment, link, flag) for flag in link.flags}
        with st.expander("Mark a flag as a false alarm"), st.form(f"false_alarm_form_{suffix}", border=False):
            st.selectbox("Flag", list(refs), key=f"fa_flag_{suffix}")
            st.text_input("Why is it a false alarm?", key=f"fa_comment_{suffix}")
            st.form_submit_button("Mark false alarm", on_click=act_false_alarm, args=(key, refs, suffix))
    with st.expander("History of this link"):
        entries = link_history(link, history())[::-1]  # newest first
        if not entries:
            st.caption("No decision on this link yet.")
        for entry in entries:
            st.caption(f"{entry.time} · {entry.reviewer or 'unnamed'} · {entry.decision.summary()}")


def cut_fold(state: ReviewState, link: Link, suffix: str) -> None:
    """Choose a segment of the link, type the cut mark where it should be cut, and cut it in two."""
    segments: dict[str, tuple[Lang, int, str]] = {}
    # An edited side is not offered: its text is the reviewer's, not its segments' (the cut refuses it).
    edited = [lang for lang in state.alignment.locales.sides if link.ids(lang) and state.edited(link, lang)]
    for lang in state.alignment.locales.sides:
        if lang in edited:
            continue
        for n, segment in enumerate(link.ids(lang), 1):
            text = state.alignment.side(lang).segments[segment].text
            segments[f"{LANGUAGE_NAMES[lang]} {n}: {isolated(text[:60])}{'…' if len(text) > 60 else ''}"] = (lang, segment, text)
    if edited:
        st.caption(
            f"The {' and the '.join(LANGUAGE_NAMES[lang] for lang in edited)} of this link {'was' if len(edited) == 1 else 'were'} edited: "
            "cut a segment before editing its text, or undo the edit."
        )
    if not segments:
        return
    label = st.selectbox("Segment", list(segments), key=f"cut_segment_{suffix}")
    lang, segment, text = segments[label]
    with st.form(f"cut_form_{suffix}_{lang}{segment}", border=False):
        st.text_area(f"Type {CUT_MARK} where the segment should be cut", value=text, key=f"cut_text_{suffix}_{lang}{segment}", height=90)
        st.form_submit_button("Cut", on_click=act_cut, args=(link_key(link), segments, suffix))


def _save_texts(key: LinkKey, suffix: str) -> None:
    """Save each side whose text the reviewer changed in the edit form (one decision per side)."""
    state = review_state()
    try:
        link = state.links[state.index(key)]
    except ValueError as err:
        st.session_state["problem"] = str(err)
        return
    langs: tuple[Lang, ...] = ("ar", "en")
    for lang in langs:
        widget = f"edit_{lang}_{suffix}"
        if widget in st.session_state and st.session_state[widget] != state.text(link, lang):
            decide(Decision.edit(key, lang, st.session_state[widget]), _index_or_selected(key))
            if "problem" in st.session_state:
                return
            state = review_state()
            link = state.links[state.index(key)]


def filters(state: ReviewState) -> tuple[list[int], tuple[LinkKey, ...]]:
    """The filter row; returns the positions of the links that pass, and the keys of those unreviewed without open flags."""
    all_codes = sorted({f.code for link in state.links for f in link.flags})
    cols = st.columns([3, 2, 2], vertical_alignment="bottom")
    codes = cols[0].multiselect("Flag codes", all_codes, key="filter_codes", placeholder="all codes")
    severities = cols[1].multiselect("Severity", list(SEVERITY_COLOURS), key="filter_severity", placeholder="all")
    only_open = cols[2].checkbox("Open flags only", key="filter_open")
    shown = shown_links(state, codes, severities, only_open)
    clean = tuple(
        link_key(state.links[i]) for i in shown
        if not state.open_flags(state.links[i]) and state.status_of(state.links[i]) == "unreviewed"
    )
    return shown, clean


def shown_now(state: ReviewState) -> list[int]:
    """The positions of the links the filters show (as last set: an action runs before the filter row is drawn)."""
    return shown_links(
        state, st.session_state.get("filter_codes", []), st.session_state.get("filter_severity", []),
        bool(st.session_state.get("filter_open", False)),
    )


def review_page(state: ReviewState) -> None:
    """The table of links (filters, pages) beside the panel of the selected link."""
    left, right = st.columns([11, 9], gap="medium")
    with left:
        shown, clean = filters(state)
        size = int(st.session_state.get("page_size", PAGE_SIZES[0]))
        chosen = selected()
        page = shown.index(chosen) // size if chosen in shown else 0
        table(state, shown, page, size)
        pager(shown, page, size)
        cols = st.columns([3, 2], vertical_alignment="bottom")
        with cols[0], st.form("go_to_form", border=False):
            inner = st.columns([2, 1], vertical_alignment="bottom")
            # The box shows the selected link, whichever action selected it.
            st.session_state["go_to_number"] = chosen + 1
            inner[0].number_input("Go to link #", 1, len(state.links), key="go_to_number")
            inner[1].form_submit_button("Go", on_click=act_go_to)
        cols[1].button(
            f"Accept {len(clean)} without flags", key="bulk_accept", on_click=act_bulk_accept, args=(clean,), disabled=not clean,
            help="Accept every shown, unreviewed link that has no open flag, in one decision (one Undo takes it back).",
        )
    with right:
        panel(state)


def history_page() -> None:
    """The whole decision log, newest first: time, reviewer, what was decided."""
    entries = history()
    if not entries:
        st.caption("No decision yet.")
        return
    frame = pd.DataFrame({
        "#": [e.revision for e in reversed(entries)],
        "Time (UTC)": [e.time.replace("T", " ").removesuffix("+00:00") for e in reversed(entries)],
        "Reviewer": [e.reviewer or "" for e in reversed(entries)],
        "Decision": [e.decision.summary() for e in reversed(entries)],
    })
    st.dataframe(frame, hide_index=True, key="history_table", height=min(ROW_HEIGHT * (len(entries) + 1) + 3, 600))


def heatmap(state: ReviewState, matrix: np.ndarray) -> alt.LayerChart:
    """The similarity matrix with the chosen links drawn on it, segments numbered from 1; a click on a cell selects its link."""
    ar_ids, en_ids = np.meshgrid(np.arange(matrix.shape[0]), np.arange(matrix.shape[1]), indexing="ij")
    cells = pd.DataFrame({"ar": ar_ids.ravel() + 1, "en": en_ids.ravel() + 1, "cosine": matrix.ravel().round(3)})
    points, ar_done, en_done = [], 0, 0
    for n, link in enumerate(state.links, 1):
        # A row or column per segment of the file: a cut segment's parts share theirs.
        ar_rows, en_cols = state.file_segments(link, "ar"), state.file_segments(link, "en")
        # A gap has no cell of its own: draw it where the path is when it occurs.
        ar_side = ar_rows or [min(ar_done, matrix.shape[0] - 1)]
        en_side = en_cols or [min(en_done, matrix.shape[1] - 1)]
        points += [{"ar": a + 1, "en": e + 1, "link": n, "kind": link.kind, "gap": not (link.ar and link.en)}
                   for a in ar_side for e in en_side]
        ar_done, en_done = (ar_rows[-1] + 1 if ar_rows else ar_done), (en_cols[-1] + 1 if en_cols else en_done)
    cell = alt.selection_point(name="cell", fields=["ar", "en"], on="click")
    base = alt.Chart(cells).mark_rect().encode(
        x=alt.X("en:O", title="English segment", axis=alt.Axis(labelOverlap=True)),
        y=alt.Y("ar:O", title="Arabic segment", axis=alt.Axis(labelOverlap=True)),
        color=alt.Color("cosine:Q", scale=alt.Scale(scheme="greys")),
        tooltip=["ar", "en", "cosine"],
    ).add_params(cell)
    path = alt.Chart(pd.DataFrame(points)).mark_point(filled=True, size=40).encode(
        x="en:O",
        y="ar:O",
        shape=alt.Shape("gap:N", scale=alt.Scale(domain=[False, True], range=["square", "cross"]), title="gap"),
        color=alt.value("#d32f2f"),
        tooltip=["link", "kind", "ar", "en"],
    )
    return (base + path).properties(height=max(300, 8 * matrix.shape[0]))


def export_page(state: ReviewState, name: str) -> None:
    """Download buttons."""
    entries = history()
    reviewed_only = st.radio("TMX links", ["Accepted links only", "All links"], key="tmx_scope", horizontal=True) == "Accepted links only"
    empty = reviewed_only and accepted_count(state) == 0
    if empty:
        st.warning("No link with both sides is accepted yet: the accepted-only TMX would be empty. Accept links, or export all links.")
    # No rerun on a click: a rerun would replace the file (the TMX is dated) while the browser fetches it.
    st.download_button("Download TMX", reviewed_tmx(state, reviewed_only=reviewed_only, history=entries), f"{name}.tmx",
                       "application/x-tmx+xml", key="download_tmx", on_click="ignore", disabled=empty)
    st.download_button("Download JSON", review_json(state, entries), f"{name}.json", "application/json", key="download_json", on_click="ignore")
    st.download_button("Download CSV", review_csv(state, entries), f"{name}.csv", "text/csv", key="download_csv", on_click="ignore")
    st.download_button("Download the review sheet (XLSX)", review_xlsx(state), f"{name}-review.xlsx",
                       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="download_xlsx", on_click="ignore")
    st.download_button("Download the history (CSV)", history_csv(entries), f"{name}-history.csv", "text/csv",
                       key="download_history", on_click="ignore")


# --- the URL: filters and the selected link -----------------------------------------------------


def restore_from_url() -> None:
    """Once per browser session: the filters, page size and selected link of the URL (a reload or a shared link)."""
    if st.session_state.get("url_applied"):
        return
    st.session_state["url_applied"] = True
    params = st.query_params
    if "codes" in params:
        st.session_state["filter_codes"] = [c for c in params["codes"].split(",") if c]
    if "severity" in params:
        st.session_state["filter_severity"] = [s for s in params["severity"].split(",") if s in SEVERITY_COLOURS]
    if params.get("open") == "1":
        st.session_state["filter_open"] = True
    if params.get("rows", "").isdigit() and int(params["rows"]) in PAGE_SIZES:
        st.session_state["page_size"] = int(params["rows"])
    if params.get("link", "").isdigit():
        st.session_state["pending_link"] = int(params["link"]) - 1


def save_to_url(state: ReviewState) -> None:
    """Put the filters, page size and selected link into the URL."""
    wanted = {"link": str(selected() + 1)}
    if st.session_state.get("filter_codes"):
        wanted["codes"] = ",".join(st.session_state["filter_codes"])
    if st.session_state.get("filter_severity"):
        wanted["severity"] = ",".join(st.session_state["filter_severity"])
    if st.session_state.get("filter_open"):
        wanted["open"] = "1"
    if st.session_state.get("page_size", PAGE_SIZES[0]) != PAGE_SIZES[0]:
        wanted["rows"] = str(st.session_state["page_size"])
    if dict(st.query_params) != wanted:
        st.query_params.from_dict(wanted)


def main() -> None:
    """The page."""
    # A document named on the command line opens with the sidebar closed: the first screen is the table.
    given = command_line_inputs(sys.argv[1:])
    sidebar = "collapsed" if "doc" in given or "ar" in given else "expanded"
    st.set_page_config(page_title="Arabic–English alignment review", layout="wide", initial_sidebar_state=sidebar)
    st.markdown(CSS, unsafe_allow_html=True)
    run_queued()
    restore_from_url()
    st.sidebar.title("Arabic–English alignment review")
    st.sidebar.text_input("Your name (saved with each decision)", key="reviewer", placeholder="e.g. Amal")
    if not st.session_state.get("reviewer", "").strip():
        st.sidebar.caption("Type your name once: the history shows who decided what.")
    names: dict[str, str] = {}
    try:
        project = choose_project()
        choice = choose_inputs(project)
        if choice is not None:
            names = choice.names
        settings = choose_settings(project_settings(), choice)
        next_to_input = st.sidebar.radio(
            "Save the review", ["In the project folder", "Next to the input file"], key="store_where",
            disabled=choice is None or choice.uploaded,
        ) == "Next to the input file" and choice is not None and not choice.uploaded
        if choice is None:
            st.session_state.pop("review", None)
            st.info("Choose a document in the sidebar.")
            return
        files = choice.files
        # A memory, a catalogue or a sheet is aligned already: its units are re-checked as given.
        job = one_job(files.get("doc"), files.get("ar"), files.get("en"), presegmented=settings.presegmented, columns=settings.columns)
        document = load(job)
        name = Path(choice.labels[0].removeprefix("upload:")).name
        key = run_key(content_key(document[0], document[1]), settings, report_paths(job))
        alignment = aligned(job, document, settings, key, name)
        if alignment is None:
            st.session_state.pop("review", None)
            return
        open_review(job, choice, settings, project, alignment, key, next_to_input)
    except (AlignError, OSError) as err:
        st.session_state.pop("review", None)
        st.error(for_reviewer(str(err), names))
        return
    state = review_state()
    if "pending_link" in st.session_state:
        select(st.session_state.pop("pending_link"))
    locales = alignment.locales
    st.caption(f"{isolated(name)} · {locales.source} → {locales.target} · model {alignment.signature.get('model')} · max link {settings.max_link} · " + counts(state))
    tab_review, tab_history, tab_map, tab_export = st.tabs(["Review", "History", "Heatmap", "Export"])
    with tab_review:
        review_page(state)
    with tab_history:
        history_page()
    with tab_map:
        if st.checkbox("Show the similarity heatmap (click a cell to select its link)", key="show_heatmap"):
            chart = heatmap(state, get_similarity(content_key(document[0], document[1]), settings.model, alignment))
            st.altair_chart(chart, width="stretch", key="heatmap", on_select=act_heatmap_clicked, selection_mode="cell")
    with tab_export:
        export_page(state, Path(name).stem or "alignment")
    save_to_url(state)


if __name__ == "__main__":
    main()
