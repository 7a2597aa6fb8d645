"""The frame of every dialog that asks for a password: login, first run, idle lock, new account.

A heading, a form, an inline error line and OK/Cancel. Subclasses add their rows with
:meth:`PasswordDialog.add_line` and decide in :meth:`PasswordDialog.try_accept` whether OK
closes the dialog; a refusal is shown inline so what the user typed stays on screen.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)


class PasswordDialog(QDialog):
    def __init__(self, parent: QWidget | None, heading: str) -> None:
        super().__init__(parent)
        self.heading = QLabel(heading)
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-size: 15pt; font-weight: 600;")
        self.form = QFormLayout()
        self.error = QLabel()
        self.error.setObjectName("inlineError")
        self.error.setStyleSheet("color: #b3261e;")
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.try_accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)

    def add_line(self, label: str, name: str, secret: bool = False) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        if secret:
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.form.addRow(label, edit)
        return edit

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def try_accept(self) -> None:
        """OK was pressed: check the input, then ``accept()`` or :meth:`show_error`."""
        raise NotImplementedError
