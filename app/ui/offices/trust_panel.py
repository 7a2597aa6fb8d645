"""Other offices we trust (issue 10) on the Offices & keys screen: the offices whose keys this
register holds, and what ``keys import-trust``, ``keys export-revocations`` and ``keys
import-revocations`` do. A trust file is previewed before it is imported — office, signatures
and each key's fingerprint, the newest one large with its QR code — so the operator can compare
it with what the other office reads out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from app import inputs
from app.codes.keys import fingerprint
from app.codes.trust_file import TrustFile, parse_trust_file
from app.errors import InvalidInput, RegistryError
from app.services.key_service import KeyInfo
from app.services.trust_import import RevocationImport, TrustImport
from app.ui.common.background import run_in_background
from app.ui.common.changes import Changes, follow_changes
from app.ui.common.context import UiContext
from app.ui.common.errors import show_error
from app.ui.offices.fingerprint_view import FingerprintView
from app.ui.offices.office_labels import key_state_name, when
from app.ui.offices.op_dialog import OpDialog, Prompts
from app.ui.offices.tables import button_row, fill, make_table

OFFICE = Changes(office=True, certificates=True)  # revocations change what the help desk says


def read_trust_file(path: Path) -> tuple[bytes, TrustFile]:
    """The file's bytes (size checked before reading) and what it says (signatures checked)."""
    data = inputs.read_file(path, "trust_file", inputs.limit("trust_file_bytes"))
    return data, parse_trust_file(data)


class TrustPanel(QGroupBox):
    done = Signal(str, object)  # (operation, result)

    def __init__(self, ctx: UiContext, prompts: Prompts, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("受信任的其他办公室"), parent)
        self.setObjectName("trustPanel")
        self.ctx, self.prompts = ctx, prompts
        self.dialog: OpDialog | None = None
        self.table = make_table([self.tr("办公室"), self.tr("统一社会信用代码"), self.tr("密钥"),
                                 self.tr("当前密钥指纹")], "trustedOffices")
        row, self.buttons = button_row("trust", (
            ("import_trust", self.tr("导入信任文件…"), self.import_trust),
            ("export_revocations", self.tr("导出撤销列表…"), self.export_revocations),
            ("import_revocations", self.tr("导入撤销列表…"), self.import_revocations)))
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        follow_changes(self, ctx.changes, ("office",), self.refresh)
        self.refresh()

    def refresh(self) -> None:
        run_in_background(self.ctx.services.keys.list_keys, on_success=self._show, owner=self)

    def _show(self, keys: list[KeyInfo]) -> None:
        offices: dict[str, list[KeyInfo]] = {}
        for k in keys:
            if k.source == "imported":
                offices.setdefault(k.office_code, []).append(k)
        rows = []
        for code, ks in sorted(offices.items()):
            usable = [k for k in ks if k.state == "trusted"]
            states = self.tr("，").join(f"{key_state_name(k.state)} {k.key_id}" for k in ks)
            rows.append([ks[-1].office_name, code, states,
                         usable[-1].fingerprint if usable else self.tr("（无可用密钥）")])
        fill(self.table, rows, sorted(offices))

    # -- trust file ------------------------------------------------------------------------
    def import_trust(self) -> None:
        path = self.prompts.open_path(self, self.tr("导入信任文件"), self.tr("信任文件 (*.json)"))
        if path is None:
            return
        try:
            data, parsed = read_trust_file(path)
        except RegistryError as exc:
            show_error(self, exc, self.tr("无法读取信任文件"))
            return
        keys = self.ctx.services.keys
        d = OpDialog(self, self.ctx.changes, self.tr("导入信任文件"), self.tr(
            "请与对方办公室（电话或当面）核对下面的指纹，一致后再导入。"),
            lambda v, _p: keys.import_trust(data, v["accept_new_keys"]), OFFICE,
            self.tr("导入"))
        d.form.addRow(self.tr("办公室"), QLabel(f"{parsed.office_name}（{parsed.office_code}）"))
        d.form.addRow(self.tr("导出时间"), QLabel(when(parsed.exported_at)))
        d.form.addRow(self.tr("签名密钥"), QLabel(", ".join(parsed.signed_by) or self.tr("无")))
        for k in parsed.keys:
            state = key_state_name(k.state if k.state != "active" else "trusted")
            label = QLabel(f"{k.key_id}  {state}\n{fingerprint(k.public_key)}")
            label.setObjectName("previewKey")
            d.form.addRow(self.tr("密钥"), label)
        current = [k for k in parsed.keys if k.state == "active"] or list(parsed.keys)
        big = FingerprintView(self.tr("当前签名密钥指纹"))
        big.setObjectName("previewFingerprint")
        big.show_fingerprint(fingerprint(current[-1].public_key))
        d.form.addRow(big)
        d.add_check("accept_new_keys", self.tr(
            "接受未经该办公室旧密钥签名的新密钥（仅在电话核对指纹之后）"))
        d.finished_ok.connect(self._imported)
        self._open("import_trust", d)

    def _imported(self, r: TrustImport) -> None:
        lines = [self.tr("已导入 {0}（{1}）的信任文件：新增 {2} 个密钥，更新 {3} 个，未变 {4} 个。").format(
            r.office_name, r.office_code, len(r.added), len(r.updated), len(r.unchanged))]
        if r.continuity == "stale":
            lines.append(self.tr("该文件只由已不再使用的密钥签名，未作任何更改。"))
        if r.continuity == "new_office" and r.added:
            lines.append(self.tr("这是首次导入该办公室的密钥，请确认已核对指纹。"))
        lines += [self.tr("已忽略：{0}").format(what) for what in r.ignored]
        if r.revocations is not None:
            lines.append(self._revocation_line(r.revocations))
        self.prompts.inform(self, self.tr("导入信任文件"), "\n".join(lines))

    # -- revocation lists ------------------------------------------------------------------
    def export_revocations(self) -> None:
        path = self.prompts.save_path(self, self.tr("导出撤销列表"), "revocations.json",
                                      self.tr("撤销列表 (*.json)"))
        if path is None:
            return
        try:
            out = inputs.check_output_path(path, "out")
        except InvalidInput as exc:
            show_error(self, exc)
            return
        keys = self.ctx.services.keys

        def work(v: dict[str, Any], _p: Any) -> dict[str, Any]:
            data = keys.export_revocations(v["passphrase"])
            inputs.write_atomic(out, data)
            return {"file": str(out), "bytes": len(data)}

        d = OpDialog(self, self.ctx.changes, self.tr("导出撤销列表"), self.tr(
            "本办公室已撤销和已被取代的证书，签名后写入 {0}。").format(out), work, Changes())
        d.add_passphrase()
        d.finished_ok.connect(lambda r: self.prompts.inform(self, self.tr("导出撤销列表"), self.tr(
            "撤销列表已写入 {0}。").format(r["file"])))
        self._open("export_revocations", d)

    def import_revocations(self) -> None:
        path = self.prompts.open_path(self, self.tr("导入撤销列表"), self.tr("撤销列表 (*.json)"))
        if path is None:
            return
        try:
            data = inputs.read_file(path, "revocation_list", inputs.limit("trust_file_bytes"))
        except RegistryError as exc:
            show_error(self, exc)
            return
        keys = self.ctx.services.keys
        d = OpDialog(self, self.ctx.changes, self.tr("导入撤销列表"), self.tr(
            "导入 {0}：只接受由发出办公室当前密钥签名的列表。").format(path.name),
            lambda _v, _p: keys.import_revocations(data), OFFICE, self.tr("导入"))
        d.finished_ok.connect(lambda r: self.prompts.inform(
            self, self.tr("导入撤销列表"), self._revocation_line(r)))
        self._open("import_revocations", d)

    def _revocation_line(self, r: RevocationImport) -> str:
        line = self.tr("撤销列表（截至 {0}）：新增 {1} 条，升级为撤销 {2} 条，未变 {3} 条。").format(
            when(r.as_of), r.added, r.upgraded, r.unchanged)
        if r.outdated:
            line += self.tr("该列表比已有的旧，其中的新条目已计入。")
        return line

    def _open(self, op: str, d: OpDialog) -> None:
        self.dialog = d
        d.setObjectName(f"dialog_{op}")
        d.finished_ok.connect(lambda result: self.done.emit(op, result))
        d.open()
