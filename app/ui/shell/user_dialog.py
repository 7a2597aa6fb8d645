"""Dialog to open a staff account (admin only; the service checks the role).

The account is created off the GUI thread (hashing the password takes a moment) and the
dialog closes only once the service accepted it; a refusal is shown inline.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QWidget

from app.services.users_service import UserInfo, UsersService
from app.ui.common.changes import ChangeBus, Changes, run_op
from app.ui.common.errors import error_text
from app.ui.common.labels import ROLE_NAMES, role_name
from app.ui.shell.password_dialog import PasswordDialog


class UserDialog(PasswordDialog):
    def __init__(self, service: UsersService, changes: ChangeBus,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, "")
        self.heading.setText(self.tr("新增工作人员账户"))
        self.setWindowTitle(self.tr("新增账户"))
        self.service, self.changes = service, changes
        self.created: UserInfo | None = None
        self.username = self.add_line(self.tr("用户名(&U)"), "username")
        self.display_name = self.add_line(self.tr("姓名(&N)"), "display_name")
        self.role = QComboBox()
        self.role.setObjectName("role")
        for key in ROLE_NAMES:
            self.role.addItem(role_name(key), key)
        self.role.setCurrentIndex(self.role.findData("clerk"))
        self.form.addRow(self.tr("角色(&R)"), self.role)
        self.password = self.add_line(self.tr("初始密码(&P)"), "password", secret=True)

    def try_accept(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(False)  # one account per click, however long the hashing takes
        username, password = self.username.text().strip(), self.password.text()
        role, name = str(self.role.currentData()), self.display_name.text().strip()

        def created(info: UserInfo) -> None:
            self.created = info
            self.accept()

        def refused(exc: BaseException) -> None:
            ok.setEnabled(True)
            self.show_error(error_text(exc))

        run_op(self.changes, lambda: self.service.add_user(username, password, role, name),
               Changes(users=True), on_success=created, on_error=refused, owner=self)

    @classmethod
    def ask(cls, service: UsersService, changes: ChangeBus,
            parent: QWidget | None = None) -> UserInfo | None:
        dlg = cls(service, changes, parent)
        return dlg.created if dlg.exec() == QDialog.DialogCode.Accepted else None
