"""The 证书 screen: a person's certificates (or a batch found by kind/state/employer) with their
state, and the actions on them: annotate (加注), preview, print, export PDF / OFD.

Services come from the context (``ctx.services.certificates``; tests may hand in their own);
every service call and every file export runs off the GUI thread. Printing and exporting take
their pages from :meth:`CertificateService.printable_views`, the same rule as the CLI: only
certificates in their use window that are neither superseded nor revoked, and only for staff
allowed to print — the disabled buttons merely say so early. Preview works for all and is
marked as such. Annotating and printing announce ``Changes(certificates=True)``; the list
refreshes itself when certificates or persons change elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.codes.claims_view import CertificateView
from app.domain.kinds import KINDS
from app.domain.privacy import mask_id_number
from app.services.certificate_queries import STATES, VALID, CertificateInfo
from app.services.certificate_service import CertificateService
from app.ui.certificates import sealed_export
from app.ui.certificates.print_dialogs import BatchPrintController, CertificatePreviewDialog
from app.ui.certificates.print_to_file import divert_file_output
from app.ui.certificates.queue_print import queue_batch
from app.ui.common.background import Cancel, run_in_background
from app.ui.common.changes import Changes, run_op
from app.ui.common.context import UiContext
from app.ui.common.errors import message_box, show_error
from app.ui.common.labels import certificate_state_name, kind_name
from app.ui.common.page import Page


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks ``text`` for lupdate (PySide6's own is typed ``-> object``)."""
    return text


CONTEXT = "CertificatesView"
COLUMNS = (QT_TRANSLATE_NOOP("CertificatesView", "姓名"),
           QT_TRANSLATE_NOOP("CertificatesView", "证件号码"),
           QT_TRANSLATE_NOOP("CertificatesView", "类别"),
           QT_TRANSLATE_NOOP("CertificatesView", "注册编号"),
           QT_TRANSLATE_NOOP("CertificatesView", "聘用企业"),
           QT_TRANSLATE_NOOP("CertificatesView", "加注日期"),
           QT_TRANSLATE_NOOP("CertificatesView", "使用有效期"),
           QT_TRANSLATE_NOOP("CertificatesView", "状态"),
           QT_TRANSLATE_NOOP("CertificatesView", "证照标识"))
STATE_COLUMN = 7
PRINTED = Changes(certificates=True)


class AnnotateDialog(QDialog):
    """Asks for the registration number and the office key's passphrase."""

    def __init__(self, number: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("加注电子证书"))
        self.number = QLineEdit(number)
        self.number.setObjectName("annotateNumber")
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("annotatePassphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout(self)
        form.addRow(self.tr("注册编号："), self.number)
        form.addRow(self.tr("签发密钥口令："), self.passphrase)
        note = QLabel(self.tr("加注后证书使用有效期为 180 天（不超过注册有效期）。"))
        note.setWordWrap(True)
        form.addRow(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    @classmethod
    def ask(cls, number: str, parent: QWidget | None = None) -> tuple[str, str] | None:
        d = cls(number, parent)
        if d.exec() != QDialog.DialogCode.Accepted:
            return None
        return d.number.text().strip(), d.passphrase.text()


class CertificatesView(Page):
    loaded = Signal(int)          # rows shown (tests wait for it)
    action_finished = Signal(str)  # "annotate", "print", "export_pdf", "export_ofd"

    def __init__(self, ctx: UiContext, certificates: CertificateService | None = None, *,
                 ask_printer: Callable[[QWidget | None], QPrinter | None] | None = None,
                 ask_directory: Callable[[QWidget | None, str], Path | None] | None = None,
                 ask_passphrase: Callable[[QWidget | None], str | None] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.svc = certificates or ctx.services.certificates
        self.ask_printer = ask_printer
        self.ask_directory = ask_directory or sealed_export.ask_export_directory
        self.ask_passphrase = ask_passphrase or sealed_export.ask_passphrase
        self.rows: list[CertificateInfo] = []
        self.print_controller: BatchPrintController | None = None
        self._last_query: Callable[[], list[CertificateInfo]] | None = None
        self._generation = 0  # only the newest query's rows are shown
        self._stale = False

        self.id_number = QLineEdit()
        self.id_number.setObjectName("certIdNumber")
        self.id_number.setPlaceholderText(self.tr("证件号码"))
        self.id_number.returnPressed.connect(self.load_person)
        find_person = QPushButton(self.tr("查询"))
        find_person.clicked.connect(self.load_person)
        self.kind = QComboBox()
        self.kind.addItem(self.tr("全部类别"), "")
        for kind in KINDS:
            self.kind.addItem(kind_name(kind), kind)
        self.state = QComboBox()
        self.state.addItem(self.tr("全部状态"), "")
        for state in STATES:
            self.state.addItem(certificate_state_name(state), state)
        self.employer = QLineEdit()
        self.employer.setPlaceholderText(self.tr("聘用企业名称或统一社会信用代码"))
        find_batch = QPushButton(self.tr("批量查找"))
        find_batch.setObjectName("findBatch")
        find_batch.clicked.connect(self.load_batch)
        top = QHBoxLayout()
        for w in (QLabel(self.tr("人员：")), self.id_number, find_person, QLabel(self.tr("  批量：")),
                  self.kind, self.state, self.employer, find_batch):
            top.addWidget(w)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("certificateTable")
        self.table.setHorizontalHeaderLabels([QCoreApplication.translate(CONTEXT, c) for c in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._update_buttons)

        self.status = QLabel()
        self.status.setObjectName("certStatus")
        self.status.setWordWrap(True)
        self.buttons: dict[str, QPushButton] = {}
        actions = (("annotate", self.tr("加注(&A)…"), self.annotate),
                   ("preview", self.tr("预览(&V)"), self.preview),
                   ("print", self.tr("打印(&P)…"), self.print_selected),
                   ("resume", self.tr("继续打印"), self.resume_print),
                   ("export_pdf", self.tr("导出 PDF…"), lambda: self.export("pdf")),
                   ("export_ofd", self.tr("导出 OFD…"), lambda: self.export("ofd")))
        bottom = QHBoxLayout()
        for key, text, slot in actions:
            b = QPushButton(text)
            b.setObjectName(f"cert_{key}")
            b.clicked.connect(slot)
            self.buttons[key] = b
            bottom.addWidget(b)
        bottom.addStretch(1)
        self.buttons["annotate"].setVisible(ctx.can("certificate.annotate"))
        for key in ("print", "resume", "export_pdf", "export_ofd"):
            self.buttons[key].setVisible(ctx.can("certificate.print"))

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addLayout(bottom)
        self._update_buttons()
        ctx.changes.changed.connect(self._on_changes)

    # -- loading ---------------------------------------------------------------------------

    def show_argument(self, argument: object) -> None:
        """From another screen: an ID number (str) or ("person", id_number)."""
        if isinstance(argument, tuple) and len(argument) == 2:
            argument = argument[1]
        if isinstance(argument, str):
            self.id_number.setText(argument)
            self.load_person()

    def load_person(self) -> None:
        number = self.id_number.text().strip()
        if number:
            self._load(lambda: self.svc.list_for_person(number))

    def load_batch(self) -> None:
        kind, state = self.kind.currentData() or None, self.state.currentData() or None
        employer = self.employer.text().strip() or None
        self._load(lambda: self.svc.find(kind=kind, state=state, employer=employer, limit=5000))

    def _load(self, fn: Callable[[], list[CertificateInfo]]) -> None:
        self._last_query = fn
        self._generation += 1
        generation = self._generation
        self.status.setText(self.tr("正在查询…"))
        run_in_background(fn, on_success=lambda rows: self._show_rows(rows, generation),
                          on_error=lambda exc: self._load_failed(exc, generation))

    def reload(self) -> None:
        if self._last_query is not None:
            self._load(self._last_query)

    def _on_changes(self, changes: Changes) -> None:
        """Certificates (annotated, revoked, printed) or their holders changed somewhere."""
        if not changes.touches("certificates", "persons"):
            return
        if self.isVisible():
            self.reload()
        else:
            self._stale = True  # nobody looks now: refresh when shown again

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.reload()

    def _load_failed(self, exc: BaseException, generation: int) -> None:
        if generation == self._generation:
            self._on_error(exc)

    def _show_rows(self, rows: Sequence[CertificateInfo], generation: int) -> None:
        if generation != self._generation:
            return  # a newer query is on its way
        keep = {c.serial for c in self.selected()}
        self.table.clearSelection()
        self.rows = list(rows)
        self.table.setRowCount(len(self.rows))
        for r, c in enumerate(self.rows):
            state = certificate_state_name(c.state)
            if c.specimen:
                state += self.tr("（样本）")
            window = self.tr("{0} 至 {1}").format(c.window_start.isoformat(), c.window_end.isoformat())
            values = (c.name, mask_id_number(c.id_number), kind_name(c.kind), c.registration_number,
                      c.employer_name or "", c.annotated_on.isoformat(), window, state, c.serial)
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                if col == STATE_COLUMN and c.state != VALID:
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.table.setItem(r, col, item)
            if c.serial in keep:  # a refresh keeps what the clerk selected
                self.table.selectionModel().select(
                    self.table.model().index(r, 0),
                    QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
        self.status.setText(self.tr("共 {0} 份证书。").format(len(self.rows)) if self.rows
                            else self.tr("没有找到证书。"))
        self._update_buttons()
        self.loaded.emit(len(self.rows))

    def selected(self) -> list[CertificateInfo]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.rows[r] for r in rows if r < len(self.rows)]

    def _update_buttons(self) -> None:
        sel = self.selected()
        printable = bool(sel) and all(c.state == VALID for c in sel)
        self.buttons["preview"].setEnabled(bool(sel))
        for key in ("print", "export_pdf", "export_ofd"):
            self.buttons[key].setEnabled(printable)
            self.buttons[key].setToolTip("" if printable or not sel else self.tr(
                "只能打印或导出有效期内、未被取代且未撤销的证书；请先重新加注。"))
        self.buttons["resume"].setEnabled(
            self.print_controller is not None and not self.print_controller.complete
            and not self.print_controller.running)

    def _on_error(self, exc: BaseException) -> None:
        self.status.setText("")
        show_error(self, exc)

    # -- actions ---------------------------------------------------------------------------

    def annotate(self) -> None:
        sel = self.selected()
        answer = AnnotateDialog.ask(sel[0].registration_number if sel else "", self)
        if answer is None:
            return
        number, passphrase = answer
        kind = sel[0].kind if sel else None
        self.status.setText(self.tr("正在加注…"))

        def done(info: CertificateInfo) -> None:
            self.status.setText(self.tr("加注成功：{0}，使用有效期 {1} 至 {2}。").format(
                info.name, info.window_start.isoformat(), info.window_end.isoformat()))
            if not self.id_number.text().strip():
                self.id_number.setText(info.id_number)
            self.load_person()  # the holder's list, whatever was shown before
            self.action_finished.emit("annotate")

        run_op(self.ctx.changes, lambda: self.svc.annotate(number, passphrase, kind=kind),
               Changes(certificates=True), on_success=done, on_error=self._on_error)

    def _selected_views(self, fetch: Callable[[list[str]], list[CertificateView]],
                        then: Callable[[list[CertificateView]], None]) -> None:
        serials = [c.serial for c in self.selected()]
        if serials:
            run_in_background(lambda: fetch(serials), on_success=then, on_error=self._on_error)

    def preview(self) -> None:
        def show(views: list[CertificateView]) -> None:
            CertificatePreviewDialog.show_for(views, self)

        self._selected_views(self.svc.get_views, show)

    def print_selected(self) -> None:
        def go(views: list[CertificateView]) -> None:
            self.print_controller = BatchPrintController(
                views, self, self.ask_printer, queue_batch(self.svc, self.ctx.services.prints,
                                                           [v.serial for v in views]))
            self.print_controller.done.connect(self._printed)
            self.print_controller.stopped.connect(self._print_stopped)
            divert_file_output(self.print_controller, self)  # issue 13: print to file = sealed
            self.print_controller.start()
            self._update_buttons()

        self._selected_views(self.svc.printable_views, go)

    def resume_print(self) -> None:
        if self.print_controller is not None:
            self.print_controller.start()
            self._update_buttons()

    def _printed(self, count: int) -> None:
        job = self.print_controller.job if self.print_controller else None
        if count:
            self.ctx.changes.publish(PRINTED)
        if job is not None and self.print_controller and not self.print_controller.complete:
            self.status.setText(self.tr("打印已取消：已打印 {0} 张，共 {1} 张。").format(
                self.print_controller.printed, job.total))
        else:
            self.status.setText(self.tr("已打印 {0} 张证书。请持证人在“个人签名”处手写签名。").format(count))
        self._update_buttons()
        self.action_finished.emit("print")

    def _print_stopped(self, index: int, text: str) -> None:
        if self.print_controller is not None and self.print_controller.printed:
            self.ctx.changes.publish(PRINTED)
        self.status.setText(text)
        self._update_buttons()
        message_box(self, self.tr("打印未完成"), text)
        self.action_finished.emit("print")

    def export(self, fmt: str) -> None:
        target = self.ask_directory(self, self.tr("选择导出文件夹"))
        if target is None:
            return
        # Issue 13: with office seals, the passphrase unlocks them; every file is sealed.
        passphrase = sealed_export.sealing_for(self.ctx.services, self, self.ask_passphrase)
        if passphrase is sealed_export.NOT_ASKED:
            return
        self._selected_views(self.svc.printable_views,
                             lambda views: self._export(views, fmt, target, passphrase))

    def _export(self, views: list[CertificateView], fmt: str, target: Path,
                passphrase: str | None = None) -> None:
        dialog = QProgressDialog(self.tr("正在导出…"), self.tr("取消"), 0, len(views), self)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(500)

        def work(progress: Callable[[int, int], None], cancel: Cancel) -> list[Path]:
            return sealed_export.export_files(self.ctx.services, passphrase, views, fmt, target,
                                              progress, cancel)

        def done(files: list[Path]) -> None:
            dialog.close()
            self.status.setText(self.tr("已导出 {0} 个文件到 {1}").format(len(files), str(target)))
            self.action_finished.emit(f"export_{fmt}")

        def failed(exc: BaseException) -> None:
            dialog.close()
            self._on_error(exc)

        op = run_in_background(work, on_success=done, on_error=failed,
                               on_progress=lambda d, t: dialog.setValue(d))
        dialog.canceled.connect(op.cancel)
        dialog.canceled.connect(lambda: self.status.setText(self.tr("已取消导出。")))
