"""The backup group on the settings screen (administrators: ``settings.manage``).

Where backups go (a folder on this machine), how often the scheduled backup runs, how many
copies are kept; when the last backup ran and how it ended (the refusal in words when it
failed), when the next is due, how many backups the folder holds; "back up now". The schedule
is stored through :meth:`~app.services.backup_schedule.BackupSchedule.set_schedule` (which
refuses a folder that does not exist) and the backup runs off the GUI thread; the scheduled
run itself is started by the system's scheduler (``registry-office backup scheduled``), as the
hint under the group says, so a backup never depends on a window being open.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from app.errors import InvalidInput
from app.services.backup_schedule import BackupStatus
from app.services.office_settings import BACKUP_DIRECTORY
from app.ui.common.changes import Changes, follow_changes, run_op
from app.ui.common.context import UiContext
from app.ui.common.errors import error_text

_RED = "color: #b3261e;"
_GREEN = "color: #1b5e20;"
_HINT = "color: #5f6368;"


def _when(stamp: datetime | None) -> str:
    """An instant in this machine's local time, to the minute."""
    return stamp.astimezone().strftime("%Y-%m-%d %H:%M") if stamp else ""


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(1, n // 1024)} KB"


class BackupPanel(QGroupBox):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("备份"), parent)
        self.setObjectName("backupPanel")
        self.ctx = ctx
        self.state: BackupStatus | None = None
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.folder = QLineEdit()
        self.folder.setObjectName("backupFolder")
        self.folder.setMaxLength(BACKUP_DIRECTORY.max_length or 500)
        self.folder.setPlaceholderText(self.tr("未设置：不做定时备份"))
        browse = QPushButton(self.tr("浏览…"))
        browse.setObjectName("backupBrowse")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        form.addRow(self.tr("备份文件夹"), row)
        self.interval = QSpinBox()
        self.interval.setObjectName("backupInterval")
        self.interval.setRange(1, 24 * 366)
        self.interval.setSuffix(self.tr(" 小时"))
        form.addRow(self.tr("每隔"), self.interval)
        self.keep = QSpinBox()
        self.keep.setObjectName("backupKeep")
        self.keep.setRange(1, 10_000)
        self.keep.setSuffix(self.tr(" 份"))
        form.addRow(self.tr("保留最新"), self.keep)
        # Spanning rows: a word-wrapped label beside a form label gets no height for its
        # second line, and a failure's sentence or a long file name needs one.
        self.last = QLabel()
        self.last.setObjectName("backupLast")
        self.last.setWordWrap(True)
        form.addRow(self.last)
        self.next = QLabel()
        self.next.setObjectName("backupNext")
        self.next.setWordWrap(True)
        form.addRow(self.next)
        buttons = QHBoxLayout()
        self.save_button = QPushButton(self.tr("保存备份设置"))
        self.save_button.setObjectName("backupSave")
        self.save_button.clicked.connect(self.save)
        self.now_button = QPushButton(self.tr("立即备份(&B)"))
        self.now_button.setObjectName("backupNow")
        self.now_button.clicked.connect(self.back_up_now)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.now_button)
        form.addRow(buttons)
        self.message = QLabel()
        self.message.setObjectName("backupMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        form.addRow(self.message)
        hint = QLabel(self.tr(
            "定时备份由本机的计划任务运行 registry-office backup scheduled（未到期时不做任何事）；"
            "备份含办公室签名密钥（仍加密）。恢复方法见用户手册“故障恢复”。"))
        hint.setObjectName("backupHint")
        hint.setWordWrap(True)
        hint.setStyleSheet(_HINT)
        form.addRow(hint)
        self.reload(keep_edits=False)
        follow_changes(self, ctx.changes, ("office",), self.reload)

    # -- showing ---------------------------------------------------------------------------
    def reload(self, keep_edits: bool = True) -> None:
        """Show the stored schedule and the last backup; a field the user is editing keeps
        what they typed."""
        state = self.ctx.services.backups.status()
        old = self.state
        if not keep_edits or old is None or self.folder.text().strip() == old.directory:
            self.folder.setText(state.directory)
        if not keep_edits or old is None or self.interval.value() == old.interval_hours:
            self.interval.setValue(state.interval_hours)
        if not keep_edits or old is None or self.keep.value() == old.keep:
            self.keep.setValue(state.keep)
        self.state = state
        self._show_last(state)
        self._show_next(state)
        self.now_button.setEnabled(bool(state.directory))

    def _show_last(self, st: BackupStatus) -> None:
        if st.last_ok is None:
            self.last.setStyleSheet(_RED if st.directory else "")
            text = self.tr("从未备份")
        elif st.last_ok:
            self.last.setStyleSheet(_GREEN)
            text = self.tr("{0} 成功：{1}（{2}，已校验）").format(
                _when(st.last_attempt_at), st.last_file, _size(st.last_size))
        else:
            why = error_text(InvalidInput(st.last_error_code, st.last_error_field or None,
                                            **dict(st.last_error_params)))
            text = self.tr("{0} 失败：{1}").format(_when(st.last_attempt_at), why)
            if st.last_success_at is not None:
                text += "\n" + self.tr("上次成功的备份：{0}").format(_when(st.last_success_at))
            self.last.setStyleSheet(_RED)
        self.last.setText(self.tr("上次备份：{0}").format(text))

    def _show_next(self, st: BackupStatus) -> None:
        self.next.setStyleSheet(_RED if st.overdue or (st.directory and not st.folder_exists)
                                else "")
        if not st.directory:
            text = self.tr("未设置定时备份")
        elif not st.folder_exists:
            text = self.tr("备份文件夹不存在：{0}").format(st.directory)
        else:
            due = _when(st.next_due_at) if st.next_due_at else self.tr("现在")
            text = self.tr("{0}（每 {1} 小时）；文件夹中现有 {2} 份备份，保留最新 {3} 份").format(
                due, st.interval_hours, st.files_in_folder, st.keep)
            if st.overdue:
                text = self.tr("已逾期！") + text + "\n" + self.tr(
                    "请确认本机的计划任务在运行，或点“立即备份”。")
        self.next.setText(self.tr("下次备份：{0}").format(text))

    def _say(self, text: str, ok: bool) -> None:
        self.message.setStyleSheet(_GREEN if ok else _RED)
        self.message.setText(text)
        self.message.show()

    # -- acting ----------------------------------------------------------------------------
    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("选择备份文件夹"),
                                                  self.folder.text().strip())
        if folder:
            self.folder.setText(folder)

    def _busy(self, busy: bool) -> None:
        self.save_button.setEnabled(not busy)
        self.now_button.setEnabled(not busy and bool(self.state and self.state.directory))

    def save(self) -> None:
        folder, hours, keep = self.folder.text().strip(), self.interval.value(), self.keep.value()
        self.message.hide()
        self._busy(True)
        service = self.ctx.services.backups
        run_op(self.ctx.changes, lambda: service.set_schedule(folder, hours, keep),
               Changes(office=True), on_success=self._saved, on_error=self._refused, owner=self)

    def _saved(self, _value: object) -> None:
        self.reload(keep_edits=False)
        self._busy(False)
        self._say(self.tr("备份设置已保存"), ok=True)

    def back_up_now(self) -> None:
        if self.state is not None and self.folder.text().strip() != self.state.directory:
            self._say(self.tr("请先保存备份设置，再立即备份"), ok=False)
            return
        self.message.hide()
        self._busy(True)
        self.now_button.setText(self.tr("正在备份…"))
        service = self.ctx.services.backups
        run_op(self.ctx.changes, service.backup_now, Changes(office=True),
               on_success=self._backed_up, on_error=self._refused, owner=self)

    def _backed_up(self, _info: object) -> None:
        self.now_button.setText(self.tr("立即备份(&B)"))
        self.reload(keep_edits=False)
        self._busy(False)
        self._say(self.tr("备份完成并已校验"), ok=True)

    def _refused(self, exc: BaseException) -> None:
        self.now_button.setText(self.tr("立即备份(&B)"))
        self.reload()  # a failed backup is recorded: show it under "上次备份" too
        self._busy(False)
        self._say(error_text(exc), ok=False)
        if getattr(exc, "field", None) == BACKUP_DIRECTORY.key:
            self.folder.setFocus()
            self.folder.selectAll()
