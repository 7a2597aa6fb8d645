"""Pairing with another office (issue 12): the partner's fingerprint from its trust file beside
ours, each large, as words to read aloud and as a QR code, so both operators compare the same
text on both screens (by phone or side by side). Nothing is stored until the operator confirms
they match; a fingerprint typed in as the partner reads it that differs blocks the pairing.

The service checks again: :meth:`SyncService.pair` refuses unless the confirmed fingerprint is
the one of the file it is given.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.common.changes import ChangeBus, Changes, run_op
from app.ui.common.errors import error_text
from app.ui.offices.fingerprint_view import FingerprintView
from app.ui.offices.office_labels import office_role_name

PAIRED = Changes(office=True)


def _norm(text: str) -> str:
    return "".join(text.split()).upper()


class PairingDialog(QDialog):
    paired = Signal(object)   # the PairedOffice
    refused = Signal()        # the operator said they do not match

    def __init__(self, parent: QWidget | None, bus: ChangeBus, sync: Any, trust_file: bytes,
                 preview: Any, own: Any | None) -> None:
        super().__init__(parent)
        self.setObjectName("pairingDialog")
        self.setWindowTitle(self.tr("与办公室配对"))
        self.bus, self.sync, self.trust_file, self.preview = bus, sync, trust_file, preview
        intro = QLabel(self.tr(
            "请与 {0}（{1}，{2}）的操作员核对指纹：对方读出其屏幕上的指纹或词语，或出示二维码；"
            "与下方左侧完全一致才可配对。同时请对方核对右侧本办公室的指纹。").format(
                preview.name, preview.code, office_role_name(preview.role)))
        intro.setWordWrap(True)
        self.theirs = FingerprintView(self.tr("对方办公室（来自所选信任文件）"))
        self.theirs.setObjectName("partnerFingerprint")
        self.theirs.show_fingerprint(preview.fingerprint, preview.fingerprint_words)
        self.ours = FingerprintView(self.tr("本办公室（请对方核对）"))
        self.ours.setObjectName("ownFingerprint")
        if own is not None:
            self.ours.show_fingerprint(own.fingerprint, own.words)
        sides = QHBoxLayout()
        sides.addWidget(self.theirs, 1)
        sides.addSpacing(24)
        sides.addWidget(self.ours, 1)
        self.typed = QLineEdit()
        self.typed.setObjectName("typedFingerprint")
        self.typed.setPlaceholderText(self.tr("可选：输入对方读出的指纹，程序逐字比对"))
        self.typed.textChanged.connect(self._update)
        self.match_label = QLabel()
        self.match_label.setObjectName("typedMatch")
        self.confirm = QCheckBox(self.tr("我已与对方核对，指纹完全一致"))
        self.confirm.setObjectName("confirmMatch")
        self.confirm.toggled.connect(self._update)
        self.error = QLabel()
        self.error.setObjectName("dialogError")
        self.error.setStyleSheet("color: #b3261e;")
        self.error.setWordWrap(True)
        self.pair_button = QPushButton(self.tr("一致，配对"))
        self.pair_button.setObjectName("pairButton")
        self.pair_button.clicked.connect(self.pair)
        self.mismatch_button = QPushButton(self.tr("不一致，不配对"))
        self.mismatch_button.setObjectName("mismatchButton")
        self.mismatch_button.clicked.connect(self.refuse)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.mismatch_button)
        buttons.addWidget(self.pair_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(sides)
        layout.addWidget(self.typed)
        layout.addWidget(self.match_label)
        layout.addWidget(self.confirm)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.setMinimumWidth(980)
        self._update()

    def typed_state(self) -> str:
        """'' (nothing typed), 'partial' (so far the same), 'match' or 'mismatch'."""
        typed = _norm(self.typed.text())
        if not typed:
            return ""
        candidates = [_norm(self.preview.fingerprint)]
        words = self.preview.fingerprint_words
        if words:
            candidates.append(_norm(words if isinstance(words, str) else " ".join(words)))
        if typed in candidates:
            return "match"
        if any(c.startswith(typed) for c in candidates):
            return "partial"
        return "mismatch"

    def _update(self) -> None:
        state = self.typed_state()
        texts = {"": "", "partial": self.tr("目前一致，请继续输入。"),
                 "match": self.tr("与文件中的指纹一致。"),
                 "mismatch": self.tr("与文件中的指纹不一致！请勿配对，并向对方办公室核实。")}
        colours = {"match": "#1b5e20", "mismatch": "#b3261e"}
        self.match_label.setText(texts[state])
        self.match_label.setStyleSheet(f"color: {colours.get(state, '#444444')}; font-weight: bold;")
        self.pair_button.setEnabled(self.confirm.isChecked() and state != "mismatch")

    def pair(self) -> None:
        if not self.pair_button.isEnabled():
            return
        self.pair_button.setEnabled(False)
        self.mismatch_button.setEnabled(False)
        sync, data, confirmed = self.sync, self.trust_file, self.preview.fingerprint
        run_op(self.bus, lambda: sync.pair(data, confirmed), PAIRED, on_success=self._paired,
               on_error=self._failed, owner=self)

    def _paired(self, office: Any) -> None:
        self.accept()
        self.paired.emit(office)

    def _failed(self, exc: BaseException) -> None:
        self.error.setText(error_text(exc))
        self.mismatch_button.setEnabled(True)
        self._update()

    def refuse(self) -> None:
        self.refused.emit()
        self.reject()
