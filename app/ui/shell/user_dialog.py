"""Dialog to open a staff account (admin only; the service checks the role)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QLineEdit, QWidget

from app.errors import RegistryError
from app.services.users_service import UserInfo, UsersService
from app.ui.common.errors import error_text
from app.ui.shell.login_dialog import _PasswordDialog


def _roles() -> list[tuple[str, str]]:
    from app.ui.shell.main_window import ROLE_NAMES, role_name
    return [(k, role_name(k)) for k in ROLE_NAMES]


class UserDialog(_PasswordDialog):
    def __init__(self, service: UsersService, parent: QWidget | None = None) -> None:
        super().__init__(parent, "")
        self.heading.setText(self.tr("新增工作人员账户"))
        self.setWindowTitle(self.tr("新增账户"))
        self.service = service
        self.created: UserInfo | None = None
        self.username: QLineEdit = self._line(self.tr("用户名(&U)"), "username")
        self.display_name = self._line(self.tr("姓名(&N)"), "display_name")
        self.role = QComboBox()
        self.role.setObjectName("role")
        for key, label in _roles():
            self.role.addItem(label, key)
        self.role.setCurrentIndex(1)
        self.form.addRow(self.tr("角色(&R)"), self.role)
        self.password = self._line(self.tr("初始密码(&P)"), "password", secret=True)

    def _try_accept(self) -> None:
        try:
            self.created = self.service.add_user(
                self.username.text().strip(), self.password.text(), self.role.currentData(),
                self.display_name.text().strip())
        except RegistryError as exc:
            self.show_error(error_text(exc))
            return
        self.accept()

    @classmethod
    def ask(cls, service: UsersService, parent: QWidget | None = None) -> UserInfo | None:
        dlg = cls(service, parent)
        return dlg.created if dlg.exec() == QDialog.DialogCode.Accepted else None
