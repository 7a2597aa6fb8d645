"""Helpers for the Offices & keys screen tests (issue 12): answers for the standard file and
yes/no dialogs (Qt's modal QFileDialog/QMessageBox cannot be clicked through in a test), and
a second register on SQLite for the other office."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QWidget

from app.models.db import Database
from app.ui.offices.op_dialog import Prompts

FIELD_USCC = "91510100MA00031603"  # a valid USCC (check characters computed)
FIELD_NAME = "测试省注册管理中心成都外勤点"


class ScriptedPrompts(Prompts):
    """Answers given in order; what the screen told the operator is kept in ``informed``."""

    def __init__(self) -> None:
        self.paths: list[Path | None] = []
        self.confirms: list[bool] = []
        self.informed: list[str] = []
        self.asked: list[str] = []

    def save_path(self, parent: QWidget, title: str, suggested: str, filters: str) -> Path | None:
        self.asked.append(title)
        return self.paths.pop(0)

    def open_path(self, parent: QWidget, title: str, filters: str) -> Path | None:
        self.asked.append(title)
        return self.paths.pop(0)

    def confirm(self, parent: QWidget, title: str, text: str) -> bool:
        self.asked.append(text)
        return self.confirms.pop(0)

    def inform(self, parent: QWidget, title: str, text: str) -> None:
        self.informed.append(text)


def other_register(template: Path, folder: Path, name: str) -> Database:
    """A second, migrated, empty register (a copy of the session's template)."""
    path = folder / f"{name}.sqlite3"
    shutil.copy(template, path)
    return Database(f"sqlite:///{path.as_posix()}")


def fill_and_ok(qtbot: Any, dialog: Any, done: Any, timeout: int = 60000, **values: object) -> Any:
    """Type ``values`` into an OpDialog's fields (check boxes take bools), press OK and wait for
    ``done`` (a signal carrying the result); returns the signal's arguments."""
    from PySide6.QtWidgets import QCheckBox

    for name, value in values.items():
        widget = dialog.fields[name]
        if isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))
        else:
            widget.setText(str(value))
    with qtbot.waitSignal(done, timeout=timeout) as blocker:
        dialog.on_ok()
    return blocker.args


def wait_for(qtbot: Any, condition: Callable[[], bool], timeout: int = 20000) -> None:
    qtbot.waitUntil(condition, timeout=timeout)
