"""The review store: every decision saved the moment it is made.

One SQLite file (WAL journal, full sync, one transaction per decision) holds
review sessions, one per document pair, keyed by a hash of both texts and
their segmentation, and an append-only log of each session's decisions. The
review state is never stored: it is rebuilt by replaying the log onto a fresh
alignment (``align.review.state.replay``), so a closed browser, a restarted server
or a crash loses nothing that was acknowledged.

Each operation opens its own connection, so two browser tabs (or two
processes) on the same document both append to the same log. A session's
revision is the length of its log; a writer that says which revision its view
shows is refused (:class:`StaleReview`) when another tab wrote since, so no
decision is made on, and no undo takes back, what the reviewer has not seen.
Every decision is kept with its time and the reviewer's name.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from align.errors import InputError
from align.model import Side
from align.review.state import Decision, effective, remap, segment_id_map

STORE_NAME = "align-review.sqlite"
#: 2 added the reviewer of each decision; a version 1 store is upgraded in place.
SCHEMA_VERSION = 2
#: How long a writer waits for another tab's transaction to finish.
BUSY_TIMEOUT_MS = 10_000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    ar_label TEXT,
    en_label TEXT,
    ar_segments TEXT NOT NULL,
    en_segments TEXT NOT NULL,
    parent_id INTEGER REFERENCES sessions(id),
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS decisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    decision TEXT NOT NULL,
    created_at TEXT NOT NULL,
    reviewer TEXT
);
CREATE INDEX IF NOT EXISTS decisions_by_session ON decisions(session_id, id);
"""


def store_path(first_input: str | Path | None, project_dir: str | Path | None = None) -> Path:
    """Where the review store lives: in ``project_dir``, else next to the (Arabic or mixed) input.

    Raises:
        InputError: Neither a project folder nor an input file path is given.
    """
    if project_dir is not None:
        return Path(project_dir) / STORE_NAME
    if first_input is None:
        raise InputError("text given without a file: choose a project folder for the review store")
    path = Path(first_input)
    return path.with_name(f"{path.name}.review.sqlite")


def content_key(source: Side, target: Side) -> str:
    """Hash of both texts and their segment boundaries: names one review session."""
    digest = hashlib.sha256()
    for side in (source, target):
        digest.update(side.text.encode("utf-8", "surrogatepass"))
        digest.update(json.dumps([(s.start, s.end) for s in side.segments]).encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class Session:
    """An open review session.

    Attributes:
        id: Row id in the store.
        key: :func:`content_key` of the document pair.
        notice: Set when the document changed since its last review: what was kept.
    """

    id: int
    key: str
    notice: str | None = None


@dataclass(frozen=True)
class Entry:
    """One decision of the log as the history shows it.

    Attributes:
        revision: The session's revision once this decision was saved (1 for the first).
        decision: What was decided.
        time: When, ISO 8601 in UTC.
        reviewer: Who, as they named themselves; ``None`` when not given.
    """

    revision: int
    decision: Decision
    time: str
    reviewer: str | None


class StaleReview(InputError):
    """A decision made on a view of the review that another tab or window has changed since."""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class ReviewStore:
    """The review sessions and decision logs in one SQLite file.

    Opening a file that is not a readable SQLite database (or fails its
    integrity check) renames it to ``<name>.corrupt-<time>`` and starts a
    fresh store; :attr:`backup` then names the renamed file so the caller
    can tell the user.

    Raises:
        InputError: The file is another program's database, or cannot be created.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.backup: Path | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._initialise()
        except sqlite3.DatabaseError as err:
            if isinstance(err, sqlite3.OperationalError) and "unable to open" in str(err):
                raise InputError(f"cannot create the review store {self.path}: {err}") from err
            self.backup = self._back_up()
            self._initialise()

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA synchronous = FULL")
            yield conn
        finally:
            conn.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._connect() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def _initialise(self) -> None:
        with self._connect() as conn:
            if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise sqlite3.DatabaseError("integrity check failed")
            conn.execute("PRAGMA journal_mode = WAL")
        # Inspecting, creating the tables and writing the version is one write
        # transaction: a second process creating the same store waits for it
        # instead of seeing tables without their version (issue 15, item 7).
        with self._transaction() as conn:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if tables - {"sessions", "decisions", "sqlite_sequence"} or (tables and version not in (1, SCHEMA_VERSION)):
                raise InputError(f"{self.path} is not a review store of this tool: choose another project folder")
            if tables and version == 1:
                conn.execute("ALTER TABLE decisions ADD COLUMN reviewer TEXT")
            for statement in _SCHEMA.split(";"):  # executescript would commit first
                if statement.strip():
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _back_up(self) -> Path:
        backup = self.path.with_name(f"{self.path.name}.corrupt-{datetime.now(UTC):%Y%m%dT%H%M%S%fZ}")
        self.path.rename(backup)
        for suffix in ("-wal", "-shm"):
            companion = self.path.with_name(self.path.name + suffix)
            if companion.exists():
                companion.rename(backup.with_name(backup.name + suffix))
        return backup

    def open_session(self, source: Side, target: Side, labels: Sequence[str | None] | None = None) -> Session:
        """The review session of this document pair, created if new.

        When no session has this content but one has the same labels (file
        paths by default), the document changed since: the new session starts
        with the old decisions whose segments are unchanged, and
        :attr:`Session.notice` says how many were kept.

        Args:
            source: The Arabic side as read now.
            target: The English side as read now.
            labels: Names of the two inputs to recognise a changed document
                by (never used as paths); the sides' paths by default.
        """
        key = content_key(source, target)
        ar_label, en_label = labels if labels is not None else (source.path, target.path)
        ar_texts = [s.text for s in source.segments]
        en_texts = [s.text for s in target.segments]
        with self._transaction() as conn:
            row = conn.execute("SELECT id FROM sessions WHERE key = ?", (key,)).fetchone()
            if row:
                return Session(id=row[0], key=key)
            previous = None
            if ar_label is not None or en_label is not None:
                previous = conn.execute(
                    "SELECT id, ar_segments, en_segments, created_at FROM sessions"
                    " WHERE ar_label IS ? AND en_label IS ? ORDER BY id DESC LIMIT 1",
                    (ar_label, en_label),
                ).fetchone()
            session_id = conn.execute(
                "INSERT INTO sessions (key, ar_label, en_label, ar_segments, en_segments, parent_id, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (key, ar_label, en_label, json.dumps(ar_texts), json.dumps(en_texts), previous and previous[0], _now()),
            ).lastrowid
            assert session_id is not None  # set by every INSERT
            if previous is None:
                return Session(id=session_id, key=key)
            old = effective(self._read(conn, previous[0]))
            ar_map = segment_id_map(json.loads(previous[1]), ar_texts)
            en_map = segment_id_map(json.loads(previous[2]), en_texts)
            kept = [d for d in (remap(d, ar_map, en_map) for d in old) if d is not None]
            for decision in kept:
                self._insert(conn, session_id, decision)
            notice = (
                f"The document changed since its review of {previous[3]}: kept {len(kept)} of {len(old)}"
                " decisions (those on unchanged segments)."
            )
            return Session(id=session_id, key=key, notice=notice)

    @staticmethod
    def _insert(conn: sqlite3.Connection, session_id: int, decision: Decision, reviewer: str | None = None) -> None:
        conn.execute(
            "INSERT INTO decisions (session_id, decision, created_at, reviewer) VALUES (?, ?, ?, ?)",
            (session_id, json.dumps(decision.to_json(), ensure_ascii=False), _now(), reviewer),
        )

    @staticmethod
    def _read(conn: sqlite3.Connection, session_id: int) -> list[Decision]:
        rows = conn.execute("SELECT decision FROM decisions WHERE session_id = ? ORDER BY id", (session_id,))
        return [Decision.from_json(json.loads(row[0])) for row in rows]

    @staticmethod
    def _revision(conn: sqlite3.Connection, session_id: int) -> int:
        return int(conn.execute("SELECT COUNT(*) FROM decisions WHERE session_id = ?", (session_id,)).fetchone()[0])

    def append(self, session: Session, decision: Decision, *, revision: int | None = None, reviewer: str | None = None) -> int:
        """Save one decision in its own transaction; returns once it is on disk.

        Args:
            session: The review session.
            decision: What was decided.
            revision: The revision the decision was made on (the log length the
                caller's view shows); ``None`` appends whatever the log holds.
            reviewer: Who decided, kept with the decision.

        Returns:
            The session's new revision.

        Raises:
            StaleReview: ``revision`` is not the session's revision any more.
        """
        with self._transaction() as conn:
            current = self._revision(conn, session.id)
            if revision is not None and revision != current:
                changes = current - revision
                raise StaleReview(
                    f"this review changed in another tab or window ({changes} decision{'s' if changes != 1 else ''}"
                    " you had not seen): nothing was saved; the page now shows the review as it is, decide again"
                )
            self._insert(conn, session.id, decision, reviewer)
            return current + 1

    def revision(self, session: Session) -> int:
        """The session's revision: how many decisions its log holds."""
        with self._connect() as conn:
            return self._revision(conn, session.id)

    def decisions(self, session: Session) -> list[Decision]:
        """The session's decision log, oldest first."""
        with self._connect() as conn:
            return self._read(conn, session.id)

    def history(self, session: Session) -> list[Entry]:
        """The session's log with each decision's revision, time and reviewer, oldest first."""
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT decision, created_at, reviewer FROM decisions WHERE session_id = ? ORDER BY id", (session.id,)
            ).fetchall()
        return [
            Entry(revision, Decision.from_json(json.loads(data)), created, reviewer)
            for revision, (data, created, reviewer) in enumerate(rows, 1)
        ]
