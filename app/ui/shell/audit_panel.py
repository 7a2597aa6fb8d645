"""The audit log's check on the settings screen (administrators: ``audit.read``).

One button runs :meth:`~app.services.audit_service.AuditService.verify` off the GUI thread,
with this workstation's witness (the newest checkpoint that checked out, kept in its data
directory, see docs/security.md); an intact log advances the witness. Findings are listed by
name, in red. Exporting a checkpoint file and acknowledging incidents are done with the CLI
(``audit checkpoint``, ``audit acknowledge``).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.services.audit_service import WITNESS, AuditReport
from app.settings import audit_witness_path
from app.ui.common.background import run_in_background
from app.ui.common.context import UiContext
from app.ui.common.errors import error_text
from app.ui.common.labels import audit_finding_name

MAX_WITNESS_BYTES = 64 * 1024


def _read_witness(path: Path) -> dict[str, bytes]:
    try:
        if path.stat().st_size <= MAX_WITNESS_BYTES:
            return {WITNESS: path.read_bytes()}
    except OSError:
        pass
    return {}


def _keep_witness(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".part")
        tmp.write_bytes(data)
        tmp.replace(path)
    except OSError:
        pass  # the check itself stands; the next check tries again


class AuditPanel(QGroupBox):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("审计日志"), parent)
        self.setObjectName("auditPanel")
        self.ctx = ctx
        self.report: AuditReport | None = None
        layout = QVBoxLayout(self)
        self.status = QLabel(self.tr("尚未检查。"))
        self.status.setObjectName("auditStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        row = QHBoxLayout()
        self.check_button = QPushButton(self.tr("检查完整性(&A)"))
        self.check_button.setObjectName("auditCheck")
        self.check_button.clicked.connect(self.check)
        row.addWidget(self.check_button)
        row.addStretch(1)
        layout.addLayout(row)

    def check(self) -> None:
        self.check_button.setEnabled(False)
        self.status.setText(self.tr("正在检查审计日志…"))
        witness = audit_witness_path(self.ctx.db.url)
        service = self.ctx.services.audit

        def work() -> AuditReport:
            report = service.verify(_read_witness(witness))
            if report.newest_checkpoint is not None:
                _keep_witness(witness, report.newest_checkpoint)
            return report

        run_in_background(work, on_success=self._show, on_error=self._failed, owner=self)

    def _failed(self, exc: BaseException) -> None:
        self.check_button.setEnabled(True)
        self.status.setStyleSheet("color: #b00020;")
        self.status.setText(error_text(exc))

    def _show(self, report: AuditReport) -> None:
        self.report = report
        self.check_button.setEnabled(True)
        anchors = self.tr("已锚定至第 {0} 条，其后 {1} 条仅受哈希链保护。").format(
            report.anchored_seq, report.unanchored)
        if report.ok:
            self.status.setStyleSheet("color: #1b5e20;")
            self.status.setText(self.tr("审计日志完整（{0} 条）。").format(report.entries) + "\n" + anchors)
            return
        lines = [self.tr("审计日志已被改动：")]
        for f in report.findings:
            where = self.tr("第 {0} 条").format(f.seq) if f.seq is not None else ""
            lines.append(f"• {audit_finding_name(f.code)} {where} {f.detail}".rstrip())
        self.status.setStyleSheet("color: #b00020; font-weight: bold;")
        self.status.setText("\n".join([*lines, anchors]))
