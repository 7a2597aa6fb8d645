"""This office on the Offices & keys screen: its unified social credit code, name and role
(central or field office), and the fingerprints of its signing key (Ed25519) and encryption key
(X25519) — the signing one large with words and a QR code, for a partner office to check
while pairing. The code and name are office settings (settings screen); the role is set here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.common.background import run_in_background
from app.ui.common.changes import Changes, follow_changes, run_op
from app.ui.common.context import UiContext
from app.ui.common.errors import error_text, show_error
from app.ui.offices.fingerprint_view import FingerprintView
from app.ui.offices.office_labels import OFFICE_ROLE_NAMES, office_role_name
from app.ui.offices.op_dialog import OpDialog


@dataclass(frozen=True)
class OwnFingerprint:
    """What the pairing dialog shows for us: the text the partner compares, and its words."""

    fingerprint: str
    words: tuple[str, ...]


class OwnOfficePanel(QGroupBox):
    role_saved = Signal(str)
    loaded = Signal(object)  # the OfficeIdentity

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("本办公室"), parent)
        self.setObjectName("ownOfficePanel")
        self.ctx = ctx
        self.identity: Any = None
        self.code = QLabel()
        self.code.setObjectName("ownCode")
        self.name = QLabel()
        self.name.setObjectName("ownName")
        self.name.setWordWrap(True)
        self.role = QComboBox()
        self.role.setObjectName("ownRole")
        for code in OFFICE_ROLE_NAMES:
            self.role.addItem(office_role_name(code), code)
        self.save_role = QPushButton(self.tr("保存角色"))
        self.save_role.setObjectName("saveRole")
        self.save_role.clicked.connect(self.set_role)
        role_row = QHBoxLayout()
        role_row.addWidget(self.role)
        role_row.addWidget(self.save_role)
        role_row.addStretch(1)
        self.signing_text = QLabel()
        self.signing_text.setObjectName("ownSigningKey")
        self.signing_text.setWordWrap(True)
        self.encryption = QLabel()
        self.encryption.setObjectName("ownEncryption")
        self.encryption.setWordWrap(True)
        self.message = QLabel()
        self.message.setObjectName("ownMessage")
        self.message.setWordWrap(True)
        self.keygen = QPushButton(self.tr("创建加密密钥…"))  # `sync keygen`
        self.keygen.setObjectName("ownKeygen")
        self.keygen.setVisible(False)
        self.keygen.clicked.connect(self.create_encryption_key)
        self.dialog: OpDialog | None = None
        form = QFormLayout()
        form.addRow(self.tr("统一社会信用代码"), self.code)
        form.addRow(self.tr("名称"), self.name)
        form.addRow(self.tr("角色"), role_row)
        form.addRow(self.tr("签名密钥指纹"), self.signing_text)
        form.addRow(self.tr("加密密钥指纹"), self.encryption)
        self.pairing = FingerprintView(self.tr("配对指纹（配对时请对方核对）"))
        self.pairing.setObjectName("ownPairing")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.pairing)
        layout.addWidget(self.message)
        keygen_row = QHBoxLayout()
        keygen_row.addWidget(self.keygen)
        keygen_row.addStretch(1)
        layout.addLayout(keygen_row)
        follow_changes(self, ctx.changes, ("office",), self.refresh)
        self.refresh()

    def refresh(self) -> None:
        run_in_background(self.ctx.services.sync.office_identity, on_success=self._show,
                          on_error=self._failed, owner=self)

    def _failed(self, exc: BaseException) -> None:
        self.message.setText(error_text(exc))

    def _show(self, identity: Any) -> None:
        self.identity = identity
        if not identity.signing_fingerprint:
            self.message.setText(self.tr("本办公室还没有签名密钥：请在“签名密钥”中创建。"))
        elif not identity.encryption_fingerprint:
            self.message.setText(self.tr("本办公室还没有加密密钥，不能交换数据包：请点击“创建加密密钥”。"))
        else:
            self.message.setText("")
        self.keygen.setVisible(bool(identity.signing_fingerprint)
                               and not identity.encryption_fingerprint)
        self.code.setText(identity.code or self.tr("（未设置，见“设置”）"))
        self.name.setText(identity.name or self.tr("（未设置，见“设置”）"))
        self.role.setCurrentIndex(max(0, self.role.findData(identity.role)))
        self.signing_text.setText(identity.signing_fingerprint or self.tr("（无）"))
        self.encryption.setText(identity.encryption_fingerprint or self.tr("（无）"))
        pairing = identity.pairing_fingerprint or ""
        self.pairing.show_fingerprint(pairing, tuple(pairing.split()))
        self.loaded.emit(identity)

    def own_fingerprint(self) -> OwnFingerprint | None:
        """Ours for the pairing dialog (the partner compares it at the same time)."""
        if self.identity is None or not self.identity.pairing_fingerprint:
            return None
        fp = self.identity.pairing_fingerprint
        return OwnFingerprint(fp, tuple(fp.split()))

    def create_encryption_key(self) -> None:
        """For an office whose signing key predates sync (the CLI's ``sync keygen``)."""
        sync = self.ctx.services.sync
        d = OpDialog(self, self.ctx.changes, self.tr("创建加密密钥"), self.tr(
            "办公室的 X25519 加密密钥：其他办公室用它加密发给本办公室的数据包。私钥用办公室密钥"
            "口令加密（与签名密钥同一口令）。创建后请把新的信任文件发给已配对的办公室。"),
            lambda v, _p: sync.create_encryption_key(v["passphrase"]), Changes(office=True))
        d.add_passphrase()
        d.setObjectName("dialog_keygen")
        self.dialog = d
        d.open()

    def set_role(self) -> None:
        role = self.role.currentData()
        sync = self.ctx.services.sync
        self.save_role.setEnabled(False)

        def saved(_: object) -> None:
            self.save_role.setEnabled(True)
            self.message.setText(self.tr("角色已保存：{0}。").format(office_role_name(role)))
            self.role_saved.emit(role)

        def failed(exc: BaseException) -> None:
            self.save_role.setEnabled(True)
            show_error(self, exc)

        run_op(self.ctx.changes, lambda: sync.set_role(role), Changes(office=True),
               on_success=saved, on_error=failed, owner=self)
