"""Settings: this workstation (database, language, idle lock) and the office (admin only).

Workstation values go to the settings file (:mod:`app.settings`); office-wide values and
staff accounts live in the database and go through their services, which check the role.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.errors import RegistryError
from app.services.users_service import UsersService
from app.settings import default_db_url
from app.ui.common.context import UiContext
from app.ui.common.errors import show_error
from app.ui.shell.main_window import role_name
from app.ui.shell.user_dialog import UserDialog


class SettingsView(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.addWidget(self._workstation_box())
        office = self._office_box()
        if office is not None:
            layout.addWidget(office)
        if ctx.can("user.manage"):
            layout.addWidget(self._users_box(), 1)
        layout.addStretch(0)

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
        window = self.window()
        idle = getattr(window, "idle", None)
        if idle is not None:
            idle.set_timeout(s.idle_lock_minutes * 60_000)
        lang = self.language.currentData()
        try:
            self.ctx.save_settings()
        except OSError as exc:
            QMessageBox.warning(self, self.tr("无法保存"), str(exc))
            return
        if db_changed:
            QMessageBox.information(self, self.tr("已保存"), self.tr(
                "新的数据库位置将在下次启动程序时生效。"))
        if lang != self.ctx.lang and self.ctx.on_language_changed is not None:
            self.ctx.on_language_changed(lang)  # rebuilds the main window in the new language

    # -- office ----------------------------------------------------------------------------
    def _office_box(self) -> QGroupBox | None:
        svc = self.ctx.services.office
        box = QGroupBox(self.tr("办公室信息"))
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        if svc is None:
            form.addRow(QLabel(self.tr("办公室信息由设置服务管理，当前版本未包含该服务。")))
            return box
        self.office_fields: dict[str, QLineEdit] = {}
        try:
            values = svc.office()
        except RegistryError as exc:
            form.addRow(QLabel(show_error_text(exc)))
            return box
        editable = self.ctx.can("settings.manage")
        labels = {"office_name": self.tr("办公室名称"),
                  "office_uscc": self.tr("统一社会信用代码"),
                  "office_address": self.tr("地址"), "office_phone": self.tr("咨询电话")}
        for key, label in labels.items():
            edit = QLineEdit(str(getattr(values, key, "") or ""))
            edit.setObjectName(key)
            edit.setReadOnly(not editable)
            self.office_fields[key] = edit
            form.addRow(label, edit)
        if editable:
            save = QPushButton(self.tr("保存办公室信息"))
            save.clicked.connect(self.save_office)
            form.addRow("", save)
        return box

    def save_office(self) -> None:
        try:
            self.ctx.services.office.update_office(
                **{k: e.text().strip() for k, e in self.office_fields.items()})
        except RegistryError as exc:
            show_error(self, exc)
            return
        self.window().statusBar().showMessage(self.tr("办公室信息已保存"), 5000)

    # -- staff accounts --------------------------------------------------------------------
    def _users_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("工作人员账户"))
        layout = QVBoxLayout(box)
        self.users = QTableWidget(0, 4)
        self.users.setObjectName("usersTable")
        self.users.setHorizontalHeaderLabels(
            [self.tr("用户名"), self.tr("姓名"), self.tr("角色"), self.tr("状态")])
        self.users.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.users.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.users.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.users.verticalHeader().setVisible(False)
        layout.addWidget(self.users)
        buttons = QHBoxLayout()
        for text, slot, name in ((self.tr("新增账户(&N)…"), self.add_user, "addUser"),
                                 (self.tr("停用/启用"), self.toggle_user, "toggleUser"),
                                 (self.tr("重置密码…"), self.reset_password, "resetPassword")):
            b = QPushButton(text)
            b.setObjectName(name)
            b.clicked.connect(slot)
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.reload_users()
        return box

    def _users_service(self) -> UsersService:
        return UsersService(self.ctx.db, self.ctx.actor)

    def reload_users(self) -> None:
        try:
            users = self._users_service().list_users()
        except RegistryError as exc:
            show_error(self, exc)
            return
        self.users.setRowCount(len(users))
        for r, u in enumerate(users):
            values = (u.username, u.display_name, role_name(u.role),
                      self.tr("启用") if u.active else self.tr("已停用"))
            for c, v in enumerate(values):
                item = QTableWidgetItem(v)
                item.setData(Qt.ItemDataRole.UserRole, u.username)
                self.users.setItem(r, c, item)

    def _selected_user(self) -> tuple[str, bool] | None:
        row = self.users.currentRow()
        if row < 0:
            return None
        return (self.users.item(row, 0).text(),
                self.users.item(row, 3).text() == self.tr("启用"))

    def add_user(self) -> None:
        if UserDialog.ask(self._users_service(), self) is not None:
            self.reload_users()

    def toggle_user(self) -> None:
        sel = self._selected_user()
        if sel is None:
            return
        try:
            self._users_service().set_active(sel[0], not sel[1])
        except RegistryError as exc:
            show_error(self, exc)
        self.reload_users()

    def reset_password(self) -> None:
        sel = self._selected_user()
        if sel is None:
            return
        pw, ok = QInputDialog.getText(self, self.tr("重置密码"),
                                      self.tr("{0} 的新密码：").format(sel[0]),
                                      QLineEdit.EchoMode.Password)
        if not ok:
            return
        try:
            self._users_service().reset_password(sel[0], pw)
        except RegistryError as exc:
            show_error(self, exc)


def show_error_text(exc: RegistryError) -> str:
    from app.ui.common.errors import error_text
    return error_text(exc)
