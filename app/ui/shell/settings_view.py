"""Settings: this workstation (database, language, idle lock), backups, the office and staff
accounts.

Workstation values go to the settings file (:mod:`app.settings`); office-wide values and staff
accounts live in the database and go through their services, which check the role — the
office settings in :mod:`app.ui.shell.office_settings_panel`, the accounts in
:mod:`app.ui.shell.users_panel`, the backup schedule in :mod:`app.ui.shell.backup_panel`.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.settings import default_db_url
from app.ui.common.context import UiContext
from app.ui.common.page import Page
from app.ui.shell.audit_panel import AuditPanel
from app.ui.shell.backup_panel import BackupPanel
from app.ui.shell.office_settings_panel import OfficeSettingsPanel
from app.ui.shell.users_panel import UsersPanel


class SettingsView(Page):
    # The workstation settings were saved (the main window applies the idle-lock delay).
    workstation_saved = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        # Two columns: what concerns this machine and the staff on the left, the office's
        # settings (four groups for an administrator) on the right, so nothing needs scrolling.
        left = QVBoxLayout()
        left.addWidget(self._workstation_box())
        self.backup: BackupPanel | None = None
        if ctx.can("settings.manage"):  # issue 11: the scheduled backup and "back up now"
            self.backup = BackupPanel(ctx)
            left.addWidget(self.backup)
        self.users: UsersPanel | None = None
        if ctx.can("user.manage"):
            self.users = UsersPanel(ctx)
            left.addWidget(self.users, 1)
        else:
            left.addStretch(1)
        self.office = OfficeSettingsPanel(ctx)
        right = QVBoxLayout()
        right.addWidget(self.office)
        self.audit: AuditPanel | None = None
        if ctx.can("audit.read"):  # issue 10: the audit log's check, for administrators
            self.audit = AuditPanel(ctx)
            right.addWidget(self.audit)
        right.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addLayout(right, 1)

    # -- this workstation ------------------------------------------------------------------
    def _workstation_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("本工作站"))
        form = QFormLayout(box)
        # Line edits grow with the window; buttons, spin boxes and combos keep their size.
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.db_edit = QLineEdit(self.ctx.settings.db_url or default_db_url())
        self.db_edit.setObjectName("dbUrl")
        self.db_edit.setToolTip(self.tr(
            "SQLite 文件（sqlite:///路径）或 PostgreSQL 地址（postgresql+psycopg://用户@主机/库）"))
        browse = QPushButton(self.tr("浏览…"))
        browse.clicked.connect(self._browse_db)
        row = QHBoxLayout()
        row.addWidget(self.db_edit, 1)
        row.addWidget(browse)
        form.addRow(self.tr("数据库位置"), row)
        self.language = QComboBox()
        self.language.setObjectName("language")
        self.language.addItem("中文", "zh")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(0 if self.ctx.lang == "zh" else 1)
        form.addRow(self.tr("界面语言"), self.language)
        self.idle = QSpinBox()
        self.idle.setObjectName("idleMinutes")
        self.idle.setRange(0, 240)
        self.idle.setSuffix(self.tr(" 分钟"))
        self.idle.setSpecialValueText(self.tr("不锁定"))
        self.idle.setValue(self.ctx.settings.idle_lock_minutes)
        form.addRow(self.tr("无操作自动锁定"), self.idle)
        save = QPushButton(self.tr("保存(&S)"))
        save.setObjectName("saveWorkstation")
        save.clicked.connect(self.save_workstation)
        form.addRow("", save)
        return box

    def _browse_db(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("选择注册库文件"), "", self.tr("SQLite 数据库 (*.sqlite3 *.db)"),
            options=QFileDialog.Option.DontConfirmOverwrite)
        if path:
            self.db_edit.setText(f"sqlite:///{path}")

    def save_workstation(self) -> None:
        s = self.ctx.settings
        new_url = self.db_edit.text().strip()
        db_changed = new_url != (s.db_url or default_db_url())
        s.db_url = "" if new_url == default_db_url() else new_url
        s.idle_lock_minutes = self.idle.value()
        lang = self.language.currentData()
        try:
            self.ctx.save_settings()
        except OSError as exc:
            QMessageBox.warning(self, self.tr("无法保存"), str(exc))
            return
        self.workstation_saved.emit()
        if db_changed:
            QMessageBox.information(self, self.tr("已保存"), self.tr(
                "新的数据库位置将在下次启动程序时生效。"))
        if lang != self.ctx.lang and self.ctx.on_language_changed is not None:
            self.ctx.on_language_changed(lang)  # rebuilds the main window in the new language
