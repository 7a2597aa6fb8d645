"""The dialog every key and sync operation of the Offices & keys screen runs in.

It asks what the operation needs (a passphrase — never stored, never shown —, a new
passphrase, a date, a reason), then runs the service call off the GUI thread through
:func:`~app.ui.common.changes.run_op` with a progress bar; a refusal (wrong passphrase, a
bundle that does not check out) is shown in red inside the dialog, which stays open so the
operator can correct and retry. On success it closes and hands the result to ``done``.

Also :class:`Prompts`: the file and yes/no questions, one object a test can replace with
answers (they are Qt's modal standard dialogs, which a test cannot click through).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from app.ui.common.changes import ChangeBus, Changes, run_op
from app.ui.common.errors import error_text
from app.ui.common.form_dialog import FormDialog

# fn(values, progress) -> result; values holds the dialog's fields by name.
Work = Callable[[dict[str, Any], Callable[[int, int], None]], Any]


class Prompts:
    """The standard dialogs the screen asks through; tests pass a subclass with answers."""

    def save_path(self, parent: QWidget, title: str, suggested: str, filters: str) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(parent, title, suggested, filters)
        return Path(path) if path else None

    def open_path(self, parent: QWidget, title: str, filters: str) -> Path | None:
        path, _ = QFileDialog.getOpenFileName(parent, title, "", filters)
        return Path(path) if path else None

    def confirm(self, parent: QWidget, title: str, text: str) -> bool:
        answer = QMessageBox.question(parent, title, text)
        return answer == QMessageBox.StandardButton.Yes

    def inform(self, parent: QWidget, title: str, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok,
                          parent)
        box.setObjectName("resultBox")
        box.open()  # not exec(): the result stays readable without blocking the screen


class OpDialog(FormDialog):
    """A form whose OK runs ``work`` in the background; ``finished_ok`` carries the result."""

    finished_ok = Signal(object)

    def __init__(self, parent: QWidget | None, bus: ChangeBus, title: str, intro: str,
                 work: Work, changes: Changes, ok_text: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.bus, self.work, self.changes = bus, work, changes
        self.fields: dict[str, QLineEdit | QCheckBox] = {}
        self.checks: dict[str, Callable[[dict[str, Any]], str | None]] = {}
        self.getters: dict[str, Callable[[], Any]] = {}  # other widgets, read on the GUI thread
        if intro:
            label = QLabel(intro)
            label.setWordWrap(True)
            self.form.addRow(label)
        self.progress = QProgressBar()
        self.progress.setObjectName("opProgress")
        self.progress.setVisible(False)
        outer = self.layout()
        assert isinstance(outer, QVBoxLayout)  # FormDialog's: form, error line, buttons
        outer.insertWidget(1, self.progress)
        if ok_text:
            ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
            ok.setText(ok_text)
        self.result_value: Any = None

    # -- building --------------------------------------------------------------------------
    def add_passphrase(self, name: str = "passphrase", label: str = "", confirm: bool = False,
                       optional: bool = False) -> QLineEdit:
        edit = self.add_text(name, label or self.tr("办公室密钥口令"), password=True)
        edit.setPlaceholderText(self.tr("留空则沿用当前口令") if optional else "")
        if confirm:
            again = self.add_text(name + "_again", self.tr("再次输入口令"), password=True)
            self.checks[name] = lambda v: (None if v[name] == v[name + "_again"]
                                           else self.tr("两次输入的口令不一致。"))
            again.setObjectName(f"op_{name}_again")
        if not optional:
            self.checks.setdefault(name + "_given", lambda v: (
                None if v[name] else self.tr("请输入口令。")))
        return edit

    def add_text(self, name: str, label: str, value: str = "", password: bool = False) -> QLineEdit:
        edit = QLineEdit(value)
        edit.setObjectName(f"op_{name}")
        if password:
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.form.addRow(label, edit)
        self.fields[name] = edit
        return edit

    def add_widget(self, name: str, label: str, widget: QWidget, getter: Callable[[], Any]) -> None:
        widget.setObjectName(f"op_{name}")
        self.form.addRow(label, widget)
        self.getters[name] = getter

    def add_check(self, name: str, text: str, checked: bool = False) -> QCheckBox:
        box = QCheckBox(text)
        box.setObjectName(f"op_{name}")
        box.setChecked(checked)
        self.form.addRow("", box)
        self.fields[name] = box
        return box

    # -- running ---------------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        values = {name: (w.isChecked() if isinstance(w, QCheckBox) else w.text())
                  for name, w in self.fields.items()}
        values.update({name: get() for name, get in self.getters.items()})
        return values

    def on_ok(self) -> None:
        values = self.values()
        for check in self.checks.values():
            problem = check(values)
            if problem:
                self.error.setText(problem)
                return
        self.error.setText("")
        self._busy(True)
        work = self.work

        def job(progress: Callable[[int, int], None]) -> Any:
            return work(values, progress)

        run_op(self.bus, job, self.changes, on_success=self._done, on_error=self._failed,
               on_progress=self._progress, owner=self)

    def _busy(self, busy: bool) -> None:
        self.buttons.setEnabled(not busy)
        for w in self.fields.values():
            w.setEnabled(not busy)
        self.progress.setVisible(busy)
        self.progress.setRange(0, 0)  # busy until the first report

    def _progress(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)

    def _done(self, result: Any) -> None:
        self._busy(False)
        self.result_value = result
        self.accept()
        self.finished_ok.emit(result)

    def _failed(self, exc: BaseException) -> None:
        self._busy(False)
        self.error.setText(error_text(exc))
        for name, w in self.fields.items():  # a wrong passphrase is typed again, not edited
            if isinstance(w, QLineEdit) and w.echoMode() == QLineEdit.EchoMode.Password:
                w.clear()
                if name == "passphrase":
                    w.setFocus()
