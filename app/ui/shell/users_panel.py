"""Staff accounts (administrators only): the list, open an account, disable/enable, new password.

Every change goes through :class:`~app.services.users_service.UsersService` off the GUI thread
and announces ``Changes(users=True)``; the list follows those announcements, so it is current
whoever changed an account.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.users_service import UserInfo
from app.ui.common.background import run_in_background
from app.ui.common.changes import Changes, follow_changes, run_op
from app.ui.common.context import UiContext
from app.ui.common.errors import show_error
from app.ui.common.labels import role_name
from app.ui.shell.user_dialog import UserDialog


class UsersPanel(QGroupBox):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("工作人员账户"), parent)
        self.ctx = ctx
        self.rows: list[UserInfo] = []
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("usersTable")
        self.table.setHorizontalHeaderLabels(
            [self.tr("用户名"), self.tr("姓名"), self.tr("角色"), self.tr("状态")])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        layout.addWidget(self.table)
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
        follow_changes(self, ctx.changes, ("users",), self.reload)
        self.reload()

    def reload(self) -> None:
        run_in_background(self.ctx.services.users.list_users, on_success=self._show,
                          on_error=lambda exc: show_error(self, exc), owner=self)

    def _show(self, users: list[UserInfo]) -> None:
        self.rows = users
        self.table.setRowCount(len(users))
        for r, u in enumerate(users):
            values = (u.username, u.display_name, role_name(u.role),
                      self.tr("启用") if u.active else self.tr("已停用"))
            for c, v in enumerate(values):
                item = QTableWidgetItem(v)
                item.setData(Qt.ItemDataRole.UserRole, u.username)
                self.table.setItem(r, c, item)

    def selected(self) -> UserInfo | None:
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def add_user(self) -> None:
        UserDialog.ask(self.ctx.services.users, self.ctx.changes, self)

    def toggle_user(self) -> None:
        user = self.selected()
        if user is None:
            return
        service = self.ctx.services.users
        run_op(self.ctx.changes, lambda: service.set_active(user.username, not user.active),
               Changes(users=True), on_error=lambda exc: show_error(self, exc), owner=self)

    def reset_password(self) -> None:
        user = self.selected()
        if user is None:
            return
        pw, ok = QInputDialog.getText(self, self.tr("重置密码"),
                                      self.tr("{0} 的新密码：").format(user.username),
                                      QLineEdit.EchoMode.Password)
        if not ok:
            return
        service = self.ctx.services.users
        run_op(self.ctx.changes, lambda: service.reset_password(user.username, pw),
               Changes(users=True), on_error=lambda exc: show_error(self, exc), owner=self)
