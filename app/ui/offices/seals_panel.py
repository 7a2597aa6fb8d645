"""The office's electronic seals (issue 13) on the Offices & keys screen: what ``keys seals``,
``keys create-seals`` and ``keys revoke-seal`` do, the passphrase asked in a dialog."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from app.services.seal_service import SealInfo
from app.ui.common.background import run_in_background
from app.ui.common.changes import Changes, follow_changes
from app.ui.common.context import UiContext
from app.ui.offices.office_labels import seal_role_name, when
from app.ui.offices.op_dialog import OpDialog, Prompts
from app.ui.offices.tables import fill, make_table, selected_key

OFFICE = Changes(office=True)


class SealsPanel(QGroupBox):
    done = Signal(str, object)  # (operation, result)

    def __init__(self, ctx: UiContext, prompts: Prompts, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("电子印章"), parent)
        self.setObjectName("sealsPanel")
        self.ctx, self.prompts = ctx, prompts
        self.seals: list[SealInfo] = []
        self.dialog: OpDialog | None = None
        self.table = make_table([self.tr("印章"), self.tr("算法"), self.tr("有效期"),
                                 self.tr("状态"), self.tr("主体")], "sealsTable")
        self.create_button = QPushButton(self.tr("创建电子印章…"))
        self.create_button.setObjectName("seals_create")
        self.create_button.clicked.connect(self.create_seals)
        self.revoke_button = QPushButton(self.tr("吊销印章…"))
        self.revoke_button.setObjectName("seals_revoke")
        self.revoke_button.clicked.connect(self.revoke_seal)
        row = QHBoxLayout()
        row.addWidget(self.create_button)
        row.addWidget(self.revoke_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        self.create_button.setEnabled(False)  # until the seals are read
        self.revoke_button.setEnabled(False)
        self.table.itemSelectionChanged.connect(self._enable)
        follow_changes(self, ctx.changes, ("office",), self.refresh)
        self.refresh()

    def refresh(self) -> None:
        run_in_background(self.ctx.services.seals.list_seals, on_success=self._show, owner=self)

    def _state(self, s: SealInfo) -> str:
        if s.revoked_at is not None:
            return self.tr("已吊销（{0}）").format(when(s.revoked_at))
        if s.retired_at is not None:
            return self.tr("已退役")
        return self.tr("有效") if s.source == "own" else self.tr("已信任（其他办公室）")

    def _show(self, seals: list[SealInfo]) -> None:
        self.seals = seals
        rows = [[seal_role_name(s.role), s.algorithm,
                 f"{s.valid_from:%Y-%m-%d} – {s.valid_until:%Y-%m-%d}", self._state(s), s.subject]
                for s in seals]
        fill(self.table, rows, [s.cert_id for s in seals],
             ["#b3261e" if s.revoked_at is not None else None for s in seals])
        self._enable()

    def selected(self) -> SealInfo | None:
        cert_id = selected_key(self.table)
        return next((s for s in self.seals if s.cert_id == cert_id), None)

    def _enable(self) -> None:
        own = [s for s in self.seals if s.source == "own"]
        self.create_button.setEnabled(not any(s.role == "root" and s.retired_at is None for s in own))
        s = self.selected()
        self.revoke_button.setEnabled(s is not None and s.source == "own" and s.role != "root"
                                      and s.revoked_at is None)

    def _open(self, op: str, d: OpDialog) -> None:
        self.dialog = d
        d.setObjectName(f"dialog_{op}")
        d.finished_ok.connect(lambda result: self.done.emit(op, result))
        d.open()

    def create_seals(self) -> None:
        seals = self.ctx.services.seals
        d = OpDialog(self, self.ctx.changes, self.tr("创建电子印章"), self.tr(
            "用办公室密钥创建印章证书（PDF 与 OFD 签章），私钥用办公室密钥口令加密。"),
            lambda v, _p: seals.create_seals(v["passphrase"]), OFFICE)
        d.add_passphrase()
        self._open("create_seals", d)

    def revoke_seal(self) -> None:
        s = self.selected()
        if s is None:
            return
        seals = self.ctx.services.seals
        role = s.role

        def work(v: dict[str, Any], _p: Any) -> SealInfo:
            return seals.revoke_seal(role, v["passphrase"])

        d = OpDialog(self, self.ctx.changes, self.tr("吊销印章"), self.tr(
            "“{0}”的私钥已泄露时吊销：它立即列入本办公室的证书吊销列表，此后各核验台显示它盖的"
            "文件为已吊销。不能撤回。").format(seal_role_name(role)), work, OFFICE,
            self.tr("吊销"))
        d.add_passphrase()
        self._open("revoke_seal", d)
