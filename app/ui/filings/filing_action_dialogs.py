"""Small dialogs that collect what a filing action needs: 补正 request, opinion, 补正 answer.

Each ``ask`` returns a frozen value (None when the user cancelled) that the filing page hands
to the filing service as it is.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from app.services.filing_views import CorrectionView
from app.services.office_settings import UploadLimits
from app.ui.common.form_dialog import FormDialog
from app.ui.filings.attachment_picker import PickedFile, check_or_fix


@dataclass(frozen=True)
class ActionInput:
    """What the user adds to a filing action (the keywords of ``FilingService.perform``)."""

    note: str | None = None
    opinion: str | None = None
    content: str | None = None  # 补正内容
    reason: str | None = None  # 补正原因


@dataclass(frozen=True)
class CorrectionAnswer:
    """The material answering one 补正 request."""

    correction_id: uuid.UUID
    filename: str
    content: bytes
    note: str


class _Form(FormDialog):
    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)

    def on_ok(self) -> None:
        self._try_accept()

    def _text(self, label: str, name: str) -> QPlainTextEdit:
        edit = QPlainTextEdit()
        edit.setObjectName(name)
        edit.setTabChangesFocus(True)
        edit.setMaximumHeight(90)
        self.form.addRow(label, edit)
        return edit

    def _try_accept(self) -> None:
        raise NotImplementedError


class CorrectionRequestDialog(_Form):
    """补正: the authority states what is missing (content) and why (reason)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.outcome: ActionInput | None = None
        self.setWindowTitle(self.tr("要求补正"))
        self.content = self._text(self.tr("补正内容*"), "content")
        self.reason = self._text(self.tr("补正原因*"), "reason")

    def _try_accept(self) -> None:
        content, reason = self.content.toPlainText().strip(), self.reason.toPlainText().strip()
        if not content or not reason:
            self.error.setText(self.tr("请填写补正内容和补正原因。"))
            return
        self.outcome = ActionInput(content=content, reason=reason)
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None = None) -> ActionInput | None:
        dlg = cls(parent)
        return dlg.outcome if dlg.exec() == QDialog.DialogCode.Accepted else None


class OpinionDialog(_Form):
    """Approve or reject with the reviewer's opinion (required when rejecting)."""

    def __init__(self, parent: QWidget | None = None, action: str = "approve") -> None:
        super().__init__(parent)
        self.outcome: ActionInput | None = None
        self.setWindowTitle(self.tr("审批通过") if action == "approve" else self.tr("审批不通过"))
        self.action = action
        self.opinion = self._text(self.tr("审批意见*") if action == "reject" else self.tr("审批意见"),
                                  "opinion")

    def _try_accept(self) -> None:
        text = self.opinion.toPlainText().strip()
        if self.action == "reject" and not text:
            self.error.setText(self.tr("审批不通过时必须填写审批意见。"))
            return
        self.outcome = ActionInput(opinion=text)
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None = None, action: str = "approve") -> ActionInput | None:
        dlg = cls(parent, action)
        return dlg.outcome if dlg.exec() == QDialog.DialogCode.Accepted else None


class CorrectionAnswerDialog(_Form):
    """补正 answer: shows what was asked, takes the material (200 KB–500 KB) and a note."""

    def __init__(self, parent: QWidget | None, correction: CorrectionView,
                 limits: UploadLimits) -> None:
        super().__init__(parent)
        self.outcome: CorrectionAnswer | None = None
        self.setWindowTitle(self.tr("补正"))
        self.lo, self.hi = limits.correction_min_bytes, limits.correction_max_bytes
        self.correction = correction
        self.picked: PickedFile | None = None
        content = QLabel(correction.content)
        content.setWordWrap(True)
        reason = QLabel(correction.reason)
        reason.setWordWrap(True)
        self.form.addRow(self.tr("补正内容："), content)
        self.form.addRow(self.tr("补正原因："), reason)
        choose = QPushButton(self.tr("选择文件(&F)…"))
        choose.setObjectName("chooseFile")
        choose.clicked.connect(self.choose)
        self.file_label = QLabel(self.tr("未选择（{0} KB–{1} KB）").format(self.lo // 1024, self.hi // 1024))
        self.file_label.setObjectName("fileLabel")
        row = QWidget()
        h = QHBoxLayout(row)
        h.setContentsMargins(0, 0, 0, 0)
        h.addWidget(choose)
        h.addWidget(self.file_label, 1)
        self.form.addRow(self.tr("补正材料*"), row)
        self.note = QLineEdit()
        self.note.setObjectName("note")
        self.form.addRow(self.tr("说明"), self.note)

    def choose_file(self) -> Path | None:
        """Ask for a file (tests replace this)."""
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择补正材料"), "", self.tr(
            "图片或 PDF (*.jpg *.jpeg *.png *.pdf *.tif *.tiff);;所有文件 (*)"))
        return Path(path) if path else None

    def choose(self) -> None:
        path = self.choose_file()
        if path is None:
            return
        picked = check_or_fix(self, path, lo=self.lo, hi=self.hi)
        if picked is None:
            return
        self.picked = picked
        note = self.tr("（已压缩）") if picked.recompressed else ""
        self.file_label.setText(f"{picked.filename}  {round(len(picked.content) / 1024)} KB{note}")
        self.error.clear()

    def _try_accept(self) -> None:
        if self.picked is None:
            self.error.setText(self.tr("请先选择补正材料（{0} KB–{1} KB）。").format(
                self.lo // 1024, self.hi // 1024))
            return
        self.outcome = CorrectionAnswer(self.correction.id, self.picked.filename,
                                        self.picked.content, self.note.text().strip())
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, correction: CorrectionView,
            limits: UploadLimits) -> CorrectionAnswer | None:
        dlg = cls(parent, correction, limits)
        return dlg.outcome if dlg.exec() == QDialog.DialogCode.Accepted else None
