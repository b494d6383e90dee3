"""The review store: decisions survive restarts, document edits, corruption, two writers, a kill."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import AR, EN, build_side, make_alignment

from align.errors import InputError
from align.model import Segment, Side
from align.review import state as review
from align.review.state import Decision
from align.review.store import ReviewStore, content_key, store_path


def sides(ar: list[str] = AR, en: list[str] = EN, path: str = "doc.txt") -> tuple[Side, Side]:
    source, target = build_side("ar", ar), build_side("en", en)
    return Side("ar", path, source.text, source.segments), Side("en", path, target.text, target.segments)


def test_store_path_next_to_input_or_in_project(tmp_path: Path) -> None:
    assert store_path(tmp_path / "post.txt") == tmp_path / "post.txt.review.sqlite"
    assert store_path(tmp_path / "post.txt", tmp_path / "proj") == tmp_path / "proj" / "align-review.sqlite"
    with pytest.raises(InputError, match="project folder"):
        store_path(None)


def test_resume_replays_every_decision_after_reopening(tmp_path: Path) -> None:
    source, target = sides()
    path = tmp_path / "review.sqlite"
    store = ReviewStore(path)
    session = store.open_session(source, target)
    log = [
        Decision.merge(((1,), (1,)), ((2,), (2,))),
        Decision.status(((0,), (0,)), "accepted"),
        Decision.edit(((4,), (3,)), "en", "The visit takes three days."),
        Decision.undo(),
    ]
    state = review.start(make_alignment())
    for decision in log:
        state = review.apply(state, decision)
        store.append(session, decision)

    reopened = ReviewStore(path)
    again = reopened.open_session(*sides())
    assert again == session
    assert again.notice is None
    assert reopened.decisions(again) == log
    assert review.replay(make_alignment(), reopened.decisions(again)).state == state


def test_sessions_are_per_document_pair(tmp_path: Path) -> None:
    store = ReviewStore(tmp_path / "review.sqlite")
    first = store.open_session(*sides(path="a.txt"))
    second = store.open_session(*sides(AR[:3], EN[:3], path="b.txt"))
    store.append(first, Decision.status(((0,), (0,)), "accepted"))
    assert first.id != second.id
    assert store.decisions(second) == []


def test_changed_document_keeps_decisions_on_unchanged_segments(tmp_path: Path) -> None:
    store = ReviewStore(tmp_path / "review.sqlite")
    session = store.open_session(*sides())
    kept = Decision.status(((4,), (3,)), "accepted")
    for decision in (
        Decision.status(((0,), (0,)), "rejected"),
        Decision.status(((1,), (1,)), "accepted"),
        Decision.undo(),
        kept,
    ):
        store.append(session, decision)

    edited_ar = ["عنوان جديد.", "وقع وزير الدفاع العراقي أمس اتفاقية.", *AR[1:]]
    changed = store.open_session(*sides(edited_ar, EN))
    assert changed.id != session.id
    assert changed.notice is not None and "changed" in changed.notice and "kept 1 of 2" in changed.notice
    assert store.decisions(changed) == [Decision.status(((5,), (3,)), "accepted")]
    assert store.decisions(session)[-1] == kept, "the old log is left as it was"


def test_key_covers_text_and_segmentation() -> None:
    source, target = sides()
    assert content_key(source, target) == content_key(*sides())
    assert content_key(source, target) != content_key(*sides(AR, [*EN[:-1], EN[-1] + "!"]))
    first, second, *rest = target.segments
    joined = Segment(0, "en", target.text[first.start : second.end], first.start, second.end)
    resegmented = Side("en", target.path, target.text, (joined, *(replace(s, id=s.id - 1) for s in rest)))
    assert content_key(source, resegmented) != content_key(source, target)


def test_corrupt_store_is_backed_up_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "review.sqlite"
    garbage = b"this is not a database\x00" * 100
    path.write_bytes(garbage)
    store = ReviewStore(path)
    assert store.backup is not None and store.backup.read_bytes() == garbage
    assert store.backup.parent == tmp_path and "corrupt" in store.backup.name
    session = store.open_session(*sides())
    store.append(session, Decision.undo())
    assert ReviewStore(path).backup is None


def test_another_programs_database_is_refused(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER)")
    with pytest.raises(InputError, match="not a review store"):
        ReviewStore(path)
    assert path.exists()


def test_two_tabs_append_to_one_log_without_losing_decisions(tmp_path: Path) -> None:
    path = tmp_path / "review.sqlite"
    tabs = [ReviewStore(path), ReviewStore(path)]
    session = tabs[0].open_session(*sides())
    assert tabs[1].open_session(*sides()) == session

    def write(tab: ReviewStore, index: int) -> None:
        for i in range(20):
            tab.append(session, Decision.edit(((0,), (0,)), "en", f"tab {index} edit {i}"))

    threads = [threading.Thread(target=write, args=(tab, i)) for i, tab in enumerate(tabs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    texts = [d.args["text"] for d in tabs[0].decisions(session)]
    assert sorted(texts) == sorted(f"tab {t} edit {i}" for t in range(2) for i in range(20))
    for t in range(2):
        own = [x for x in texts if x.startswith(f"tab {t} ")]
        assert own == [f"tab {t} edit {i}" for i in range(20)], "each tab's decisions stay in order"


def test_kill_while_saving_loses_nothing_acknowledged(tmp_path: Path) -> None:
    path = tmp_path / "review.sqlite"
    session = ReviewStore(path).open_session(*sides())
    writer = textwrap.dedent(
        f"""
        from align.review.state import Decision
        from align.review.store import ReviewStore, Session
        store = ReviewStore({str(path)!r})
        session = Session(id={session.id}, key={session.key!r})
        i = 0
        while True:
            store.append(session, Decision.edit(((0,), (0,)), "en", f"edit {{i}}"))
            print(i, flush=True)
            i += 1
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", writer], stdout=subprocess.PIPE, text=True)
    acknowledged = [proc.stdout.readline() for _ in range(15)]
    proc.kill()
    proc.wait()
    assert all(line.strip().isdigit() for line in acknowledged), "the writer was running when killed"
    store = ReviewStore(path)
    assert store.backup is None
    saved = [d.args["text"] for d in store.decisions(session)]
    assert saved[: len(acknowledged)] == [f"edit {line.strip()}" for line in acknowledged]


def test_two_processes_creating_one_store_at_once_both_open_it(tmp_path: Path) -> None:
    # Each round starts two fresh processes on a new path at the same moment (issue 15, item 7:
    # one of them used to see the tables before their version and refuse the store).
    script = textwrap.dedent(
        """
        import sys, time
        from align.review.store import ReviewStore
        start = float(sys.argv[2])
        while time.time() < start:
            pass
        ReviewStore(sys.argv[1])
        """
    )
    for round_ in range(12):
        path = tmp_path / f"store-{round_}.sqlite"
        start = f"{__import__('time').time() + 1.5:.3f}"
        procs = [
            subprocess.Popen([sys.executable, "-c", script, str(path), start], stderr=subprocess.PIPE, text=True)
            for _ in range(2)
        ]
        errors = [proc.communicate(timeout=60)[1] for proc in procs]
        assert [proc.returncode for proc in procs] == [0, 0], errors


def test_a_decision_on_a_stale_view_is_refused(tmp_path: Path) -> None:
    from align.review.store import StaleReview

    path = tmp_path / "review.sqlite"
    tab_a, tab_b = ReviewStore(path), ReviewStore(path)
    session = tab_a.open_session(*sides())
    seen_by_a = tab_a.revision(session)
    assert tab_a.append(session, Decision.status(((0,), (0,)), "accepted"), revision=seen_by_a, reviewer="Amal") == 1
    seen_by_a, seen_by_b = 1, tab_b.revision(session)
    assert tab_b.append(session, Decision.status(((4,), (3,)), "rejected"), revision=seen_by_b, reviewer="Basim") == 2
    with pytest.raises(StaleReview, match="changed in another tab"):
        tab_a.append(session, Decision.undo(), revision=seen_by_a, reviewer="Amal")
    assert [e.decision.op for e in tab_a.history(session)] == ["status", "status"], "A's undo did not take back B's reject"
    assert tab_a.append(session, Decision.undo(), revision=tab_a.revision(session)) == 3


def test_history_keeps_time_and_reviewer(tmp_path: Path) -> None:
    store = ReviewStore(tmp_path / "review.sqlite")
    session = store.open_session(*sides())
    store.append(session, Decision.status(((0,), (0,)), "accepted"), reviewer="Amal")
    store.append(session, Decision.undo())
    entries = ReviewStore(tmp_path / "review.sqlite").history(session)
    assert [(e.revision, e.decision.op, e.reviewer) for e in entries] == [(1, "status", "Amal"), (2, "undo", None)]
    assert all(e.time.endswith("+00:00") for e in entries)


def test_a_version_1_store_is_upgraded_and_keeps_its_log(tmp_path: Path) -> None:
    import json
    import sqlite3

    path = tmp_path / "old.sqlite"
    with sqlite3.connect(path) as conn:
        conn.executescript(
            """
            CREATE TABLE sessions (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, ar_label TEXT, en_label TEXT,
                ar_segments TEXT NOT NULL, en_segments TEXT NOT NULL, parent_id INTEGER, created_at TEXT NOT NULL);
            CREATE TABLE decisions (id INTEGER PRIMARY KEY AUTOINCREMENT, session_id INTEGER NOT NULL,
                decision TEXT NOT NULL, created_at TEXT NOT NULL);
            PRAGMA user_version = 1;
            """
        )
        source, target = sides()
        conn.execute(
            "INSERT INTO sessions VALUES (1, ?, 'doc.txt', 'doc.txt', '[]', '[]', NULL, '2026-01-01T00:00:00+00:00')",
            (content_key(source, target),),
        )
        old = {"op": "edit_en", "args": {"link": [[0], [0]], "text": "Edited."}}
        conn.execute("INSERT INTO decisions VALUES (1, 1, ?, '2026-01-01T00:00:00+00:00')", (json.dumps(old),))
    store = ReviewStore(path)
    assert store.backup is None
    session = store.open_session(*sides())
    assert [(e.decision.op, e.reviewer) for e in store.history(session)] == [("edit_en", None)]
    store.append(session, Decision.undo(), reviewer="Amal")
    assert store.history(session)[-1].reviewer == "Amal"
