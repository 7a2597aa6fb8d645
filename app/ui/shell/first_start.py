"""The first start after installing: a new office is guided instead of facing an empty window.

Four steps, each a thin layer over the services' public methods (the key life cycle itself is
KeyService's): the first administrator (``bootstrap_admin``), the office's identity and its
signing key (``SettingsService.update_office``, ``KeyService.init_office_key``), a key-backup
sheet to print or save as PDF showing the key's fingerprint (never the passphrase), and an
optional demo register — a separate file, marked as a demo, whose certificates all carry the
specimen watermark — for training without touching the real register.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app.errors import RegistryError
from app.models.db import Database
from app.services import users_service
from app.settings import data_dir
from app.ui.common.errors import error_text

DEMO_PERSONS = 300  # enough to try every screen; generated in a few seconds


@dataclass
class Setup:
    """What the steps have done so far (the wizard may be left at any step)."""

    username: str = ""
    password: str = ""
    office_name: str = ""
    office_uscc: str = ""
    key_id: str = ""
    fingerprint: str = ""
    demo_path: Path | None = None


def _line(form: QFormLayout, label: str, secret: bool = False) -> QLineEdit:
    edit = QLineEdit()
    if secret:
        edit.setEchoMode(QLineEdit.EchoMode.Password)
    form.addRow(label, edit)
    return edit


class _Page(QWizardPage):
    def __init__(self, wizard: FirstStartWizard, title: str, text: str) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(title)
        self.setSubTitle(text)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)

    def fail(self, text: str) -> bool:
        self.error.setText(text)
        return False


class AdminPage(_Page):
    def __init__(self, wizard: FirstStartWizard) -> None:
        super().__init__(wizard, self.tr("第一步：管理员账户"), self.tr(
            "管理员开设办事员、审核员和核验员的账户，并管理办公室密钥。密码至少 8 位。"))
        form = QFormLayout(self)
        self.username = _line(form, self.tr("用户名(&U)"))
        self.username.setText("admin")
        self.display_name = _line(form, self.tr("姓名(&N)"))
        self.password = _line(form, self.tr("密码(&P)"), secret=True)
        self.confirm = _line(form, self.tr("确认密码(&C)"), secret=True)
        form.addRow(self.error)

    def validatePage(self) -> bool:
        if self.w.setup.username:  # already created (the user came back to this page)
            return True
        if self.password.text() != self.confirm.text():
            return self.fail(self.tr("两次输入的密码不一致"))
        try:
            users_service.bootstrap_admin(self.w.db, self.username.text().strip(),
                                          self.password.text(), self.display_name.text().strip())
        except RegistryError as exc:
            return self.fail(error_text(exc))
        self.w.setup.username, self.w.setup.password = self.username.text().strip(), self.password.text()
        return True


class OfficePage(_Page):
    def __init__(self, wizard: FirstStartWizard) -> None:
        super().__init__(wizard, self.tr("第二步：办公室与签名密钥"), self.tr(
            "证书上的签发机关和二维码签名来自这里。口令保护办公室的签名密钥，"
            "请另行妥善保管：系统不保存也无法找回口令。"))
        form = QFormLayout(self)
        self.office_name = _line(form, self.tr("办公室名称(&O)"))
        self.office_uscc = _line(form, self.tr("统一社会信用代码(&S)"))
        self.address = _line(form, self.tr("地址"))
        self.phone = _line(form, self.tr("电话"))
        self.passphrase = _line(form, self.tr("密钥口令(&K)"), secret=True)
        self.confirm = _line(form, self.tr("确认口令"), secret=True)
        form.addRow(self.error)

    def validatePage(self) -> bool:
        if self.w.setup.key_id:
            return True
        if self.passphrase.text() != self.confirm.text():
            return self.fail(self.tr("两次输入的口令不一致"))
        try:
            services = self.w.services()
            office = services.office.update_office(
                office_name=self.office_name.text(), office_uscc=self.office_uscc.text(),
                office_address=self.address.text(), office_phone=self.phone.text())
            key = services.keys.init_office_key(self.passphrase.text())
        except RegistryError as exc:
            return self.fail(error_text(exc))
        setup = self.w.setup
        setup.office_name, setup.office_uscc = office.office_name, office.office_uscc
        setup.key_id, setup.fingerprint = key.key_id, key.fingerprint
        return True


class BackupPage(_Page):
    def __init__(self, wizard: FirstStartWizard) -> None:
        super().__init__(wizard, self.tr("第三步：密钥备份单"), self.tr(
            "请打印备份单并与口令分开保管。其他办公室导入本办公室的信任文件时，"
            "会通过电话核对这个指纹。"))
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.print_button = QPushButton(self.tr("打印备份单(&P)…"))
        self.save_button = QPushButton(self.tr("保存为 PDF(&S)…"))
        self.print_button.clicked.connect(self.print_sheet)
        self.save_button.clicked.connect(self.save_sheet)
        layout.addWidget(self.print_button)
        layout.addWidget(self.save_button)
        layout.addWidget(self.error)

    def initializePage(self) -> None:
        s = self.w.setup
        self.summary.setText(self.tr("办公室：{0}（{1}）\n密钥编号：{2}\n指纹：{3}").format(
            s.office_name, s.office_uscc, s.key_id, s.fingerprint))

    def print_sheet(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if QPrintDialog(printer, self).exec():
            paint_key_sheet(printer, self.w.setup, self.sheet_texts())

    def save_sheet(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("保存密钥备份单"),
                                              str(Path.home() / "key-backup.pdf"), "PDF (*.pdf)")
        if name:
            save_key_sheet_pdf(Path(name), self.w.setup, self.sheet_texts())

    def sheet_texts(self) -> dict[str, str]:
        return {
            "title": self.tr("办公室签名密钥备份单"),
            "office": self.tr("办公室"), "key_id": self.tr("密钥编号"),
            "fingerprint": self.tr("指纹"), "created": self.tr("创建时间"),
            "note": self.tr("本单不含口令。签名密钥以口令加密保存在注册库中：请定期备份注册库，"
                            "口令另行保管。其他办公室核对指纹时请以本单为准。"),
        }


class DemoPage(_Page):
    def __init__(self, wizard: FirstStartWizard) -> None:
        super().__init__(wizard, self.tr("第四步（可选）：演示注册库"), self.tr(
            "演示注册库是另一个独立的文件，内有虚构的人员、申报和证书，所有证书都印有“样本”字样，"
            "用于培训和试用。正式注册库不受影响。"))
        layout = QVBoxLayout(self)
        self.create_demo = QCheckBox(self.tr("另建演示注册库(&D)"))
        layout.addWidget(self.create_demo)
        layout.addWidget(self.error)

    def validatePage(self) -> bool:
        if not self.create_demo.isChecked() or self.w.setup.demo_path is not None:
            return True
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.w.setup.demo_path = make_demo_register(self.w.setup)
        except RegistryError as exc:
            return self.fail(error_text(exc))
        finally:
            QApplication.restoreOverrideCursor()
        QMessageBox.information(self, self.tr("演示注册库"), self.tr(
            "演示注册库已建好：\n{0}\n用同一管理员账户登录。要打开它，请在“设置”中把数据库位置改为这个文件。"
        ).format(self.w.setup.demo_path))
        return True


class FirstStartWizard(QWizard):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setup = Setup()
        self.setWindowTitle(self.tr("首次使用向导"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.admin_page, self.office_page = AdminPage(self), OfficePage(self)
        self.backup_page, self.demo_page = BackupPage(self), DemoPage(self)
        for page in (self.admin_page, self.office_page, self.backup_page, self.demo_page):
            self.addPage(page)
        self.resize(640, 480)

    def services(self):  # type: ignore[no-untyped-def]
        """The services as the new administrator (imported here: the wizard is rare)."""
        from app.services.catalog import Services

        actor = users_service.authenticate(self.db, self.setup.username, self.setup.password)
        return Services.build(self.db, actor)

    @classmethod
    def run(cls, db: Database, parent: QWidget | None = None) -> Setup | None:
        """None if the administrator was not created (the program then stops)."""
        wizard = cls(db, parent)
        wizard.exec()
        return wizard.setup if wizard.setup.username else None


def make_demo_register(setup: Setup, folder: Path | None = None) -> Path:
    """A separate demo register beside the real one, with the same administrator account."""
    from app.models.db import upgrade
    from app.services.demo_service import generate_demo

    path = (folder or data_dir()) / "demo-register.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)
    demo = Database(f"sqlite:///{path.as_posix()}")
    try:
        upgrade(demo.engine)
        if not users_service.has_users(demo):
            users_service.bootstrap_admin(demo, setup.username, setup.password)
        generate_demo(demo, DEMO_PERSONS, seed=2026, force=True)
    finally:
        demo.dispose()
    return path


def save_key_sheet_pdf(path: Path, setup: Setup, texts: dict[str, str]) -> None:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    paint_key_sheet(printer, setup, texts)


def paint_key_sheet(printer: QPrinter, setup: Setup, texts: dict[str, str]) -> None:
    """One A4 page: office, key id, the fingerprint large (read out over the phone), a note."""
    printer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                      QPageLayout.Orientation.Portrait, QMarginsF(20, 20, 20, 20),
                                      QPageLayout.Unit.Millimeter))
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("cannot print the key-backup sheet")
    try:
        page = QRectF(printer.pageLayout().paintRectPixels(printer.resolution()))
        page.moveTo(0, 0)
        dpi = printer.resolution()
        y = 0.0

        def block(text: str, pt: int, bold: bool = False, gap: float = 0.3) -> None:
            nonlocal y
            font = QFont(QApplication.font())
            font.setPointSize(pt)
            font.setBold(bold)
            painter.setFont(font)
            rect = QRectF(0, y, page.width(), page.height() - y)
            used = painter.boundingRect(rect, int(Qt.TextFlag.TextWordWrap), text)
            painter.drawText(rect, int(Qt.TextFlag.TextWordWrap), text)
            y += used.height() + gap * dpi

        block(texts["title"], 20, bold=True)
        block(f"{texts['office']}: {setup.office_name} ({setup.office_uscc})", 12)
        block(f"{texts['key_id']}: {setup.key_id}", 12)
        block(f"{texts['created']}: {datetime.now().astimezone():%Y-%m-%d %H:%M}", 12)
        block(f"{texts['fingerprint']}:", 12, gap=0.1)
        block(setup.fingerprint, 18, bold=True)
        block(texts["note"], 11)
    finally:
        painter.end()
