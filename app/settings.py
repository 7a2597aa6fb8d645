"""Typed per-workstation settings, stored as TOML in the platform's config directory.

Office-wide values that every workstation must share (office name and code, size limits)
live in the database (``app_settings``) instead, declared in :mod:`app.services.office_settings`.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from app.platforms import user_config_dir, user_data_dir

APP_NAME = "RegistryOffice"
DB_ENV = "REGISTRY_DB_URL"


def data_dir() -> Path:
    return Path(os.environ.get("REGISTRY_DATA_DIR") or user_data_dir())


def config_dir() -> Path:
    return Path(os.environ.get("REGISTRY_CONFIG_DIR") or user_config_dir())


def default_db_url() -> str:
    return f"sqlite:///{(data_dir() / 'register.sqlite3').as_posix()}"


def audit_witness_path(db_url: str) -> Path:
    """This workstation's copy of the newest audit checkpoint that checked out, for the
    database at ``db_url`` (see docs/security.md, "Audit log"): kept outside the database so
    that someone who rewrites the database file does not have it."""
    import hashlib
    import re

    if db_url.startswith("sqlite:///"):
        ident = str(Path(db_url[len("sqlite:///"):]).resolve())
    else:  # the password is no part of which database this is
        ident = re.sub(r"://([^:/@]*):[^@]*@", r"://\1@", db_url)
    name = hashlib.sha256(ident.encode("utf-8")).hexdigest()[:16]
    return data_dir() / "audit-witness" / f"{name}.json"


@dataclass
class Settings:
    db_url: str = ""
    language: str = "zh"  # zh / en
    idle_lock_minutes: int = 15
    window_geometry: dict[str, str] = field(default_factory=dict)
    camera_index: int = 0
    verify_sound: bool = True

    def effective_db_url(self) -> str:
        return os.environ.get(DB_ENV) or self.db_url or default_db_url()


def settings_path() -> Path:
    return config_dir() / "settings.toml"


def load_settings(path: Path | None = None) -> Settings:
    path = path or settings_path()
    if not path.exists():
        return Settings()
    try:
        raw = tomllib.loads(path.read_text("utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        # A damaged settings file must not keep the office from working: fall back to defaults.
        return Settings()
    known = {f.name for f in fields(Settings)}
    return Settings(**{k: v for k, v in raw.items() if k in known})


def save_settings(settings: Settings, path: Path | None = None) -> None:
    path = path or settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(_to_toml(asdict(settings)), "utf-8")
    tmp.replace(path)  # atomic: a crash leaves the old file, never half a file


def _to_toml(values: dict[str, Any]) -> str:
    lines: list[str] = []
    tables: list[str] = []
    for key, value in values.items():
        if isinstance(value, dict):
            tables.append(f"\n[{key}]")
            tables.extend(f"{k} = {_scalar(v)}" for k, v in value.items())
        else:
            lines.append(f"{key} = {_scalar(value)}")
    return "\n".join(lines + tables) + "\n"


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


# --- the log file of the last-resort handlers (CLI and GUI) ------------------------------------
LOG_NAME = "registry-office.log"
LOG_MAX_BYTES = 5 * 1024 * 1024  # one old generation is kept beside it (.1)


def log_path() -> Path:
    return data_dir() / "logs" / LOG_NAME


def log_exception(exc: BaseException, where: str) -> Path | None:
    """Append ``exc`` with its traceback to the log file (rotated at :data:`LOG_MAX_BYTES`);
    the file's path, or None when even the log cannot be written."""
    import traceback
    from datetime import UTC, datetime

    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() and path.stat().st_size > LOG_MAX_BYTES:
            path.replace(path.with_name(LOG_NAME + ".1"))
        with path.open("a", encoding="utf-8", errors="backslashreplace") as fh:
            fh.write(f"--- {datetime.now(UTC).isoformat(timespec='seconds')} {where}\n")
            fh.write("".join(traceback.format_exception(exc)))
        return path
    except OSError:
        return None
