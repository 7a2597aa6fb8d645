"""Publish the phone verifier from the desktop (issue 18): choose a folder, give the passphrase.

The same use case as ``registry-office keys publish-verifier``
(:meth:`app.services.verifier_publish.VerifierPublishService.publish`), run off the GUI thread:
signing the trust list unlocks the office key, and copying the page (about 1.5 MB) writes files.
The dialog says where the page went, what it can check and what the office must do next (put
it on its HTTPS site, publish again after imports and revocations), or why it could not.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.common.changes import Changes, run_op
from app.ui.common.context import UiContext
from app.ui.common.errors import error_text


class PublishVerifierDialog(QDialog):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("publishVerifierDialog")
        self.setWindowTitle(self.tr("发布手机验真页"))
        self.setMinimumWidth(560)
        intro = QLabel(self.tr(
            "把验真网页和本办公室签名的信任列表（本办公室及所信任机构的密钥、撤销列表）写入一个文件夹。"
            "请将该文件夹放到本机构的 HTTPS 网站上：任何人都可以用手机打开它，扫描证书二维码离线核验。"))
        intro.setWordWrap(True)
        self.folder = QLineEdit()
        self.folder.setObjectName("folder")
        self.folder.setPlaceholderText(self.tr("空文件夹，或以前发布的验真页文件夹"))
        browse = QPushButton(self.tr("选择…"))
        browse.setObjectName("browse")
        browse.clicked.connect(self.choose_folder)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("文件夹："), row)
        form.addRow(self.tr("签发密钥口令："), self.passphrase)
        self.status = QLabel()
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox()
        self.publish_button = self.buttons.addButton(self.tr("发布"),
                                                     QDialogButtonBox.ButtonRole.AcceptRole)
        self.publish_button.setObjectName("publish")
        close = self.buttons.addButton(self.tr("关闭"), QDialogButtonBox.ButtonRole.RejectRole)
        close.setObjectName("close")
        self.publish_button.clicked.connect(self.publish)
        close.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.result: Any = None

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("选择发布文件夹"),
                                                  self.folder.text())
        if folder:
            self.folder.setText(folder)

    def _show(self, text: str, colour: str) -> None:
        self.status.setStyleSheet(f"color: {colour};")
        self.status.setText(text)

    def publish(self) -> None:
        folder = self.folder.text().strip()
        if not folder:
            self._show(self.tr("请选择要写入验真页的文件夹。"), "#b3261e")
            return
        passphrase = self.passphrase.text()
        self.publish_button.setEnabled(False)
        self._show(self.tr("正在发布…"), "#3c4452")
        service = self.ctx.services.verifier
        run_op(self.ctx.changes, lambda: service.publish(Path(folder), passphrase), Changes(),
               on_success=self._done, on_error=self._failed, owner=self)

    def _done(self, result: Any) -> None:
        self.result = result
        self.passphrase.clear()
        self.publish_button.setEnabled(True)
        self._show(self.tr(
            "已发布到 {0}：可核验 {1} 个签发机构（{2} 个密钥），撤销 {3} 条；信任列表 {4} 天后提醒更新。\n"
            "请将整个文件夹放到本机构的 HTTPS 网站上，并在每次导入信任文件或撤销证书后重新发布。").format(
                result.folder, result.offices, result.keys, result.revocations,
                result.max_age_days), "#1b7f3b")

    def _failed(self, exc: BaseException) -> None:
        self.publish_button.setEnabled(True)
        self._show(error_text(exc), "#b3261e")
