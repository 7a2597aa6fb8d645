"""Login, first-run administrator, and the idle-lock dialog.

All three ask for a password (:class:`~app.ui.shell.password_dialog.PasswordDialog`) and
check it through :mod:`app.services.users_service`; the services enforce lockout after
repeated failures, the dialogs only show the sentence.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from app.errors import InvalidInput, RegistryError
from app.models.db import Database
from app.services import users_service
from app.services.base import Actor
from app.ui.common.errors import error_text
from app.ui.shell.password_dialog import PasswordDialog


class LoginDialog(PasswordDialog):
    def __init__(self, db: Database, parent: QWidget | None = None, office_name: str = "") -> None:
        super().__init__(parent, "")
        self.heading.setText(self.tr("注册管理系统 — 登录"))
        self.setWindowTitle(self.tr("登录"))
        if office_name:
            self.heading.setText(office_name)
        self.db = db
        self.actor: Actor | None = None
        self.username = self.add_line(self.tr("用户名(&U)"), "username")
        self.password = self.add_line(self.tr("密码(&P)"), "password", secret=True)
        self.username.setFocus()

    def try_accept(self) -> None:
        try:
            self.actor = users_service.authenticate(
                self.db, self.username.text().strip(), self.password.text())
        except RegistryError as exc:
            self.password.clear()
            self.password.setFocus()
            self.show_error(error_text(exc))
            return
        self.accept()

    @classmethod
    def ask(cls, db: Database, parent: QWidget | None = None, office_name: str = "") -> Actor | None:
        dlg = cls(db, parent, office_name)
        return dlg.actor if dlg.exec() == QDialog.DialogCode.Accepted else None


class FirstRunDialog(PasswordDialog):
    """A brand-new register has no accounts: create the first administrator."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent, "")
        self.heading.setText(self.tr(
            "这是一个新的注册库，尚无任何账户。请创建第一个管理员账户；"
            "之后可在“设置”中为办事员和审核员开设账户。"))
        self.setWindowTitle(self.tr("首次使用"))
        self.db = db
        self.created: users_service.UserInfo | None = None
        self.username = self.add_line(self.tr("用户名(&U)"), "username")
        self.display_name = self.add_line(self.tr("姓名(&N)"), "display_name")
        self.password = self.add_line(self.tr("密码(&P)"), "password", secret=True)
        self.confirm = self.add_line(self.tr("确认密码(&C)"), "confirm", secret=True)
        self.username.setText("admin")

    def try_accept(self) -> None:
        if self.password.text() != self.confirm.text():
            self.show_error(self.tr("两次输入的密码不一致"))
            self.confirm.setFocus()
            return
        try:
            self.created = users_service.bootstrap_admin(
                self.db, self.username.text().strip(), self.password.text(),
                self.display_name.text().strip())
        except RegistryError as exc:
            self.show_error(error_text(exc))
            return
        self.accept()

    @classmethod
    def ask(cls, db: Database, parent: QWidget | None = None) -> users_service.UserInfo | None:
        dlg = cls(db, parent)
        return dlg.created if dlg.exec() == QDialog.DialogCode.Accepted else None


class LockDialog(PasswordDialog):
    """Shown after the idle time: only the same user's password unlocks the window."""

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent, "")
        self.heading.setText(self.tr("工作站已锁定。请输入 {0} 的密码以继续。").format(
            actor.display_name or actor.username))
        self.setWindowTitle(self.tr("已锁定"))
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        self.db, self.actor = db, actor
        self.password = self.add_line(self.tr("密码(&P)"), "password", secret=True)
        # Cancel here means "log out": the application quits rather than unlocking.
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("退出程序"))

    def try_accept(self) -> None:
        try:
            actor = users_service.authenticate(self.db, self.actor.username, self.password.text())
            if actor.username != self.actor.username:
                raise InvalidInput("login_failed")
        except RegistryError as exc:
            self.password.clear()
            self.show_error(error_text(exc))
            return
        self.accept()
