"""Offices paired with this one for sync (issue 12): the list with fingerprints, and pairing
with a new office from its trust file (:mod:`app.ui.offices.pairing_dialog`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from app.errors import RegistryError
from app.ui.common.background import run_in_background
from app.ui.common.changes import follow_changes
from app.ui.common.context import UiContext
from app.ui.common.errors import show_error
from app.ui.offices.office_labels import office_role_name, when
from app.ui.offices.op_dialog import Prompts
from app.ui.offices.own_office_panel import OwnFingerprint
from app.ui.offices.pairing_dialog import PairingDialog
from app.ui.offices.tables import fill, make_table
from app.ui.offices.trust_panel import read_trust_file


class PairingPanel(QGroupBox):
    opened = Signal(object)  # the PairingDialog, once the preview is shown

    def __init__(self, ctx: UiContext, prompts: Prompts,
                 own: Callable[[], OwnFingerprint | None], parent: QWidget | None = None) -> None:
        super().__init__(self.tr("已配对的办公室（同步）"), parent)
        self.setObjectName("pairingPanel")
        self.ctx, self.prompts, self.own = ctx, prompts, own
        self.offices: list[Any] = []
        self.dialog: PairingDialog | None = None
        self.table = make_table([self.tr("办公室"), self.tr("统一社会信用代码"), self.tr("角色"),
                                 self.tr("配对时间"), self.tr("指纹")], "pairedOffices")
        self.pair_button = QPushButton(self.tr("与办公室配对…"))
        self.pair_button.setObjectName("pairOffice")
        self.pair_button.clicked.connect(self.start_pairing)
        row = QHBoxLayout()
        row.addWidget(self.pair_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        follow_changes(self, ctx.changes, ("office",), self.refresh)
        self.refresh()

    def refresh(self) -> None:
        run_in_background(self.ctx.services.sync.paired_offices, on_success=self._show, owner=self)

    def _show(self, offices: list[Any]) -> None:
        self.offices = offices
        fill(self.table, [[o.name, o.code, office_role_name(o.role), when(o.paired_at),
                           o.fingerprint] for o in offices], [o.code for o in offices])

    def start_pairing(self) -> None:
        path = self.prompts.open_path(self, self.tr("选择对方办公室的信任文件"),
                                      self.tr("信任文件 (*.json)"))
        if path is None:
            return
        try:
            data, _ = read_trust_file(path)
        except RegistryError as exc:
            show_error(self, exc, self.tr("无法读取信任文件"))
            return
        sync = self.ctx.services.sync
        run_in_background(lambda: sync.pairing_preview(data),
                          on_success=lambda preview: self._confirm(data, preview),
                          on_error=lambda exc: show_error(self, exc, self.tr("无法配对")),
                          owner=self)

    def _confirm(self, data: bytes, preview: Any) -> None:
        d = PairingDialog(self, self.ctx.changes, self.ctx.services.sync, data, preview, self.own())
        d.paired.connect(lambda o: self.prompts.inform(self, self.tr("已配对"), self.tr(
            "已与 {0}（{1}）配对，可以交换数据包。").format(o.name, o.code)))
        self.dialog = d
        d.open()
        self.opened.emit(d)
