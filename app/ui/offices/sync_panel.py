"""Sync bundles (issue 12) on the Offices & keys screen: what ``sync export``, ``sync import``,
``sync status`` and ``sync history`` do. Export and import run off the GUI thread with a progress
bar in their dialog; the passphrase is asked there (never stored). A refused bundle (corrupted,
truncated, replayed, out of order, foreign, for another office) is explained in the dialog in the
operator's language, and nothing was changed."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import inputs
from app.errors import InvalidInput
from app.ui.common.background import run_in_background
from app.ui.common.changes import Changes, follow_changes
from app.ui.common.context import UiContext
from app.ui.common.errors import show_error
from app.ui.offices.freeze_indicator import freeze_style, freeze_text
from app.ui.offices.office_labels import counts_text, direction_name, when
from app.ui.offices.op_dialog import OpDialog, Prompts
from app.ui.offices.tables import fill, make_table

SENT = Changes(office=True)
# An imported bundle may carry anything the register holds.
RECEIVED = Changes(persons=True, employers=True, filings=True, registrations=True,
                   certificates=True, verification_log=True, office=True)
BUNDLE_FILTER = "*.rosync"


class SyncPanel(QGroupBox):
    done = Signal(str, object)  # (export|import, report)

    def __init__(self, ctx: UiContext, prompts: Prompts, parent: QWidget | None = None) -> None:
        super().__init__(parent)  # the tab names it
        self.setObjectName("syncPanel")
        self.ctx, self.prompts = ctx, prompts
        self.dialog: OpDialog | None = None
        self.freeze = QLabel()
        self.freeze.setObjectName("syncFreeze")
        self.freeze.setWordWrap(True)
        self.status_table = make_table(
            [self.tr("办公室"), self.tr("最后发出"), self.tr("最后收到"), self.tr("对方已确认"),
             self.tr("未解决冲突")], "syncStatus", stretch=0)
        self.history = make_table([self.tr("时间"), self.tr("方向"), self.tr("办公室"),
                                   self.tr("序号"), self.tr("操作员"), self.tr("内容")],
                                  "syncHistory")
        self.office = QComboBox()
        self.office.setObjectName("syncOffice")
        self.office.setMinimumContentsLength(24)
        self.export_button = QPushButton(self.tr("导出数据包…"))
        self.export_button.setObjectName("syncExport")
        self.export_button.clicked.connect(self.export_bundle)
        self.import_button = QPushButton(self.tr("导入数据包…"))
        self.import_button.setObjectName("syncImport")
        self.import_button.clicked.connect(self.import_bundle)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("发往")))
        row.addWidget(self.office)
        row.addWidget(self.export_button)
        row.addSpacing(24)
        row.addWidget(self.import_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.freeze)
        layout.addLayout(row)
        layout.addWidget(QLabel(self.tr("各办公室同步状态")))
        layout.addWidget(self.status_table, 1)
        layout.addWidget(QLabel(self.tr("同步记录")))
        layout.addWidget(self.history, 2)
        follow_changes(self, ctx.changes, ("office", "persons", "filings"), self.refresh)
        self.refresh()

    # -- reading ---------------------------------------------------------------------------
    def refresh(self) -> None:
        sync = self.ctx.services.sync

        def read() -> tuple[str, Any, list[Any], list[Any], list[Any]]:
            return (sync.office_identity().role, sync.freeze_state(), sync.paired_offices(),
                    sync.status(), sync.history())

        run_in_background(read, on_success=self._show, owner=self)

    def _show(self, data: tuple[str, Any, list[Any], list[Any], list[Any]]) -> None:
        role, freeze, offices, status, history = data
        if role == "field":
            self.freeze.setText(freeze_text(freeze))
            self.freeze.setStyleSheet(freeze_style(freeze))
        else:  # the freeze is a field office's; a central office is never frozen
            self.freeze.setText(self.tr("本办公室为中心办公室：不受同步期限限制。"))
            self.freeze.setStyleSheet("")
        current = self.office.currentData()
        self.office.clear()
        for o in offices:
            self.office.addItem(f"{o.name}（{o.code}）", o.code)
        if current is not None and self.office.findData(current) >= 0:
            self.office.setCurrentIndex(self.office.findData(current))
        self.export_button.setEnabled(bool(offices))
        fill(self.status_table, [[
            f"{s.office_name}（{s.office_code}）",
            self._seq(s.last_sent_seq, s.last_sent_at),
            self._seq(s.last_received_seq, s.last_received_at),
            self._seq(s.last_acked_seq, None),
            str(s.open_conflicts)] for s in status], [s.office_code for s in status],
             ["#b3261e" if s.open_conflicts else None for s in status])  # conflicts wait
        names = {o.code: o.name for o in offices}
        fill(self.history, [[when(e.at), direction_name(e.direction),
                             names.get(e.office_code, e.office_code), str(e.seq),
                             e.actor or "", counts_text(e.counts)] for e in history])

    def _seq(self, seq: int | None, at: Any) -> str:
        if not seq:
            return self.tr("无")
        return self.tr("第 {0} 号，{1}").format(seq, when(at)) if at else self.tr("第 {0} 号").format(seq)

    # -- export and import -----------------------------------------------------------------
    def export_bundle(self) -> None:
        code = self.office.currentData()
        if code is None:
            return
        suggested = f"{code}-{date.today():%Y%m%d}.rosync"
        path = self.prompts.save_path(self, self.tr("导出数据包"), suggested,
                                      self.tr("数据包 ({0})").format(BUNDLE_FILTER))
        if path is None:
            return
        try:
            out = inputs.check_output_path(path, "out")
        except InvalidInput as exc:
            show_error(self, exc)
            return
        sync = self.ctx.services.sync
        d = OpDialog(self, self.ctx.changes, self.tr("导出数据包"), self.tr(
            "把 {0} 尚未收到的全部内容签名、加密后写入 {1}（可拷贝到 U 盘）。").format(
                self.office.currentText(), out),
            lambda v, progress: sync.export_bundle(code, out, v["passphrase"], progress=progress),
            SENT, self.tr("导出"))
        d.add_passphrase()
        d.finished_ok.connect(lambda r: self.prompts.inform(self, self.tr("数据包已导出"), self.tr(
            "第 {0} 号数据包已写入 {1}（{2} 字节）：{3}").format(
                r.seq, out, r.bytes, counts_text(r.counts))))
        self._open("export", d)

    def import_bundle(self) -> None:
        path = self.prompts.open_path(self, self.tr("导入数据包"),
                                      self.tr("数据包 ({0});;所有文件 (*)").format(BUNDLE_FILTER))
        if path is None:
            return
        sync = self.ctx.services.sync
        d = OpDialog(self, self.ctx.changes, self.tr("导入数据包"), self.tr(
            "检查 {0} 的签名、接收方和序号，然后在一个事务中全部导入（否则什么也不改）。").format(
                path.name),
            lambda v, progress: sync.import_bundle(Path(path), v["passphrase"], progress=progress),
            RECEIVED, self.tr("导入"))
        d.add_passphrase()
        d.finished_ok.connect(self._imported)
        self._open("import", d)

    def _imported(self, r: Any) -> None:
        if r.already_applied:
            text = self.tr("{0} 的第 {1} 号数据包此前已导入，本次没有任何更改。").format(
                r.from_office, r.seq)
        else:
            text = self.tr("已导入 {0} 的第 {1} 号数据包：{2}").format(
                r.from_office, r.seq, counts_text(r.counts))
            if r.conflicts:
                text += "\n" + self.tr("有 {0} 处冲突待处理，请在“冲突”中逐一解决。").format(r.conflicts)
        self.prompts.inform(self, self.tr("数据包已导入"), text)

    def _open(self, op: str, d: OpDialog) -> None:
        self.dialog = d
        d.setObjectName(f"dialog_sync_{op}")
        d.setMinimumWidth(560)
        d.finished_ok.connect(lambda result: self.done.emit(op, result))
        d.open()

