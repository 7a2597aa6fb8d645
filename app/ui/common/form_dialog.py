"""The frame shared by the small data-entry dialogs: a form, an inline error line, OK/Cancel.

Errors are shown inside the dialog (in red, under the form) instead of a message box, so the
clerk's input stays on screen and can be corrected in place.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget


class FormDialog(QDialog):
    """Subclasses add rows to ``self.form`` and implement :meth:`on_ok`."""

    def __init__(self, parent: QWidget | None = None, ok_button: QDialogButtonBox.StandardButton
                 = QDialogButtonBox.StandardButton.Ok) -> None:
        super().__init__(parent)
        self.form = QFormLayout()
        self.error = QLabel()
        self.error.setObjectName("dialogError")
        self.error.setStyleSheet("color: #b3261e;")
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(ok_button | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.on_ok)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)

    def on_ok(self) -> None:
        raise NotImplementedError
