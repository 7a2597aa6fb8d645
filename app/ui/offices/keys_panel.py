"""The office's keys (issue 10) on the Offices & keys screen: every key this register holds —
ours and other offices' — with its state and period, and what ``keys init|rotate|compromise|
distrust|export-trust`` do on the command line, each in a dialog that asks for the passphrase
(never stored)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QDateTime, Signal
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QGroupBox,
    QVBoxLayout,
    QWidget,
)

from app import inputs
from app.codes.payload import CHINA_TZ
from app.errors import InvalidInput
from app.services.key_service import KeyInfo
from app.ui.common.background import run_in_background
from app.ui.common.changes import Changes, follow_changes
from app.ui.common.context import UiContext
from app.ui.common.errors import show_error
from app.ui.offices.fingerprint_view import split_lines
from app.ui.offices.office_labels import key_state_name, when
from app.ui.offices.op_dialog import OpDialog, Prompts
from app.ui.offices.tables import button_row, fill, make_table, selected_key

OFFICE = Changes(office=True)
STATE_COLOURS = {"compromised": "#b3261e", "retired": "#666666", "reserved": "#666666"}


class KeysPanel(QGroupBox):
    """Keys table and the key operations; ``done`` tells the screen (and tests) one finished."""

    done = Signal(str, object)  # (operation, result)

    def __init__(self, ctx: UiContext, prompts: Prompts, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("签名密钥"), parent)
        self.setObjectName("keysPanel")
        self.ctx, self.prompts = ctx, prompts
        self.keys: list[KeyInfo] = []
        self.dialog: OpDialog | None = None  # the open operation dialog (tests fill it in)
        self.table = make_table([self.tr("密钥编号"), self.tr("办公室"), self.tr("状态"),
                                 self.tr("有效期"), self.tr("指纹")], "keysTable")
        row, self.buttons = button_row("keys", (
            ("init", self.tr("创建办公室密钥…"), self.init_key),
            ("rotate", self.tr("轮换密钥…"), self.rotate),
            ("compromise", self.tr("标记为已泄露…"), self.compromise),
            ("distrust", self.tr("取消信任"), self.distrust),
            ("export_trust", self.tr("导出信任文件…"), self.export_trust),
            ("publish_verifier", self.tr("发布手机验真页…"), self.publish_verifier)))
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        for b in self.buttons.values():
            b.setEnabled(False)  # until the keys are read
        self.table.itemSelectionChanged.connect(self._enable)
        follow_changes(self, ctx.changes, ("office",), self.refresh)
        self.refresh()

    # -- reading ---------------------------------------------------------------------------
    def refresh(self) -> None:
        run_in_background(self.ctx.services.keys.list_keys, on_success=self._show, owner=self)

    def _show(self, keys: list[KeyInfo]) -> None:
        self.keys = keys
        rows, colours = [], []
        for k in keys:
            until = k.retired_at or k.valid_until
            period = f"{when(k.valid_from)} –\n{when(until)}" if until else f"{when(k.valid_from)} –"
            state = key_state_name(k.state)
            if k.demo:
                state = self.tr("{0}（演示）").format(state)
            if k.compromised_at is not None:
                state = self.tr("{0}，自 {1} 起：{2}").format(
                    state, when(k.compromised_at), k.compromise_reason or "")
            source = self.tr("本办公室") if k.source == "own" else k.office_name
            rows.append([k.key_id, f"{source}\n{k.office_code}", state, period,
                         split_lines(k.fingerprint, 4)])
            colours.append(STATE_COLOURS.get(k.state))
        fill(self.table, rows, [k.key_id for k in keys], colours)
        self._enable()

    def selected(self) -> KeyInfo | None:
        key_id = selected_key(self.table)
        return next((k for k in self.keys if k.key_id == key_id), None)

    def _enable(self) -> None:
        own_active = any(k.source == "own" and k.state == "active" and not k.demo for k in self.keys)
        k = self.selected()
        self.buttons["init"].setEnabled(not own_active)
        self.buttons["rotate"].setEnabled(own_active)
        self.buttons["export_trust"].setEnabled(own_active)
        self.buttons["publish_verifier"].setEnabled(own_active)
        self.buttons["compromise"].setEnabled(k is not None and k.state != "compromised")
        self.buttons["distrust"].setEnabled(k is not None and k.source == "imported")

    # -- operations ------------------------------------------------------------------------
    def _open(self, op: str, dialog: OpDialog) -> OpDialog:
        self.dialog = dialog
        dialog.setObjectName(f"dialog_{op}")
        dialog.finished_ok.connect(lambda result: self.done.emit(op, result))
        dialog.open()
        return dialog

    def _dialog(self, title: str, intro: str, work: Callable[[dict[str, Any], Any], Any],
                ok_text: str = "") -> OpDialog:
        return OpDialog(self, self.ctx.changes, title, intro, work, OFFICE, ok_text)

    def init_key(self) -> None:
        keys = self.ctx.services.keys
        d = self._dialog(self.tr("创建办公室密钥"), self.tr(
            "办公室的 Ed25519 签名密钥，用于签发证书、信任文件和数据包。口令用于加密私钥，"
            "程序不保存口令，遗失后无法找回，请妥善保管。"),
            lambda v, _p: keys.init_office_key(v["passphrase"], v["code"].strip() or None,
                                               v["name"].strip() or None, seals=v["seals"]))
        d.add_text("code", self.tr("统一社会信用代码（留空用办公室设置）"))
        d.add_text("name", self.tr("办公室名称（留空用办公室设置）"))
        d.add_passphrase(confirm=True)
        d.add_check("seals", self.tr("同时创建电子印章（同一口令）"), checked=True)
        self._open("init", d)

    def rotate(self) -> None:
        keys = self.ctx.services.keys
        d = self._dialog(self.tr("轮换密钥"), self.tr(
            "生成新的签名密钥，此后用它签名；旧密钥退役但仍被信任，已签发的证书照常有效。"
            "轮换后请把新的信任文件发给其他办公室。"),
            lambda v, _p: keys.rotate(v["passphrase"], v["new_passphrase"] or None))
        d.add_passphrase(label=self.tr("当前口令"))
        d.add_passphrase("new_passphrase", self.tr("新密钥口令"), confirm=True, optional=True)
        self._open("rotate", d)

    def compromise(self) -> None:
        k = self.selected()
        if k is None:
            return
        keys = self.ctx.services.keys
        since_edit = QDateTimeEdit(QDateTime(datetime.now(CHINA_TZ).replace(tzinfo=None)))
        since_edit.setCalendarPopup(True)
        since_edit.setDisplayFormat("yyyy-MM-dd HH:mm")

        def work(v: dict[str, Any], _p: Any) -> KeyInfo:
            # the edit shows China time, as the CLI's --since without a zone
            since = inputs.parse_instant(v["since"], "since")
            if since is None:
                raise InvalidInput("required", field="since")
            return keys.compromise(k.key_id, since, v["reason"])

        d = self._dialog(self.tr("标记密钥为已泄露"), self.tr(
            "密钥 {0}（{1}）自所填时间起不再被信任：此后它签的证书一律无效，核验时说明原因。"
            "只能把时间提前，不能撤回。").format(k.key_id, k.office_name), work,
            self.tr("标记为已泄露"))
        d.add_widget("since", self.tr("自（北京时间）"), since_edit,
                     lambda: since_edit.dateTime().toString("yyyy-MM-ddTHH:mm"))
        d.add_text("reason", self.tr("原因"))
        d.checks["reason"] = lambda v: None if v["reason"].strip() else self.tr("请填写原因。")
        self._open("compromise", d)

    def distrust(self) -> None:
        k = self.selected()
        if k is None or k.source != "imported":
            return
        if not self.prompts.confirm(self, self.tr("取消信任"), self.tr(
                "不再信任 {0} 的密钥 {1}？此后该密钥签发的证书在本办公室核验为无法验证真伪。").format(
                    k.office_name, k.key_id)):
            return
        keys = self.ctx.services.keys
        d = self._dialog(self.tr("取消信任"), "", lambda _v, _p: keys.remove_trust(k.key_id))
        self._open("distrust", d)
        d.on_ok()  # nothing to ask: the confirmation was the question

    def export_trust(self) -> None:
        path = self.prompts.save_path(self, self.tr("导出信任文件"), "trust.json",
                                      self.tr("信任文件 (*.json)"))
        if path is None:
            return
        try:
            out = inputs.check_output_path(path, "out")  # before the passphrase is asked
        except InvalidInput as exc:
            self._refused(exc)
            return
        keys = self.ctx.services.keys

        def work(v: dict[str, Any], _p: Any) -> dict[str, Any]:
            data = keys.export_trust(v["passphrase"])
            inputs.write_atomic(out, data)
            return {"file": str(out), "bytes": len(data)}

        d = self._dialog(self.tr("导出信任文件"), self.tr(
            "本办公室的公钥和签名的撤销列表，写入 {0}，供其他办公室导入。").format(out), work)
        d.add_passphrase()
        d.finished_ok.connect(lambda r: self.prompts.inform(self, self.tr("导出信任文件"), self.tr(
            "信任文件已写入 {0}。请把它交给其他办公室，并通过电话核对指纹。").format(r["file"])))
        self._open("export_trust", d)

    def publish_verifier(self) -> None:
        """Issue 18: the phone verifier page with our signed trust list (its own dialog)."""
        from app.ui.offices.publish_verifier_dialog import PublishVerifierDialog

        self.publish_dialog = PublishVerifierDialog(self.ctx, self)
        self.publish_dialog.open()

    def _refused(self, exc: BaseException) -> None:
        show_error(self, exc)
