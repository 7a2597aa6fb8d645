"""Where the command line keeps its session token (issue 16): one small file per register in
the user's data folder (``sessions/``), readable by its owner only.

The file is named after the register it signs into (a hash of the database's location), so a
session opened on one register is never offered to another, and several registers can each
have one. REGISTRY_SESSION, when set, carries the token instead (a script's own session) and
no file is read. The token is a bearer secret: the folder is made 0700 and the file 0600 (on
Windows the per-user local application data folder is the user's own); the file is written
whole to a temporary name and renamed, so a crash leaves the old file or the new one.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

from app.settings import data_dir

ENV_TOKEN = "REGISTRY_SESSION"
MAX_FILE_BYTES = 4096  # a token, a user name and a date: anything larger is not ours


@dataclass(frozen=True)
class SavedSession:
    token: str
    username: str  # as signed in; the register decides whether it is still valid
    expires_at: str  # ISO, for messages only


def register_key(db_url: str) -> str:
    """The same register named the same way: an SQLite file by its absolute path, a server by
    its URL without the password."""
    url = make_url(db_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        where = "sqlite:" + str(Path(url.database).expanduser().resolve())
    else:
        where = url.render_as_string(hide_password=True)
    return hashlib.sha256(where.encode("utf-8")).hexdigest()[:32]


def session_path(db_url: str) -> Path:
    return data_dir() / "sessions" / register_key(db_url)


def env_token() -> str | None:
    return os.environ.get(ENV_TOKEN) or None


def current(db_url: str) -> tuple[str | None, SavedSession | None]:
    """The token to present for this register, and the saved session it came from (None when
    REGISTRY_SESSION gave it, or there is none)."""
    token = env_token()
    if token:
        return token, None
    saved = load(db_url)
    return (saved.token if saved else None), saved


def load(db_url: str) -> SavedSession | None:
    """The saved session for this register; None when there is none or the file is not one
    of ours (it is then ignored, and replaced at the next ``login``)."""
    path = session_path(db_url)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return None
        doc = json.loads(path.read_text("utf-8"))
        return SavedSession(str(doc["token"]), str(doc["username"]), str(doc["expires_at"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def save(db_url: str, session: SavedSession) -> Path:
    import tempfile  # only `login` writes the file

    path = session_path(db_url)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".session-")  # mkstemp: mode 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump({"token": session.token, "username": session.username,
                       "expires_at": session.expires_at}, fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def remove(db_url: str) -> bool:
    """Forget the saved session; whether there was one."""
    try:
        session_path(db_url).unlink()
    except FileNotFoundError:
        return False
    return True
