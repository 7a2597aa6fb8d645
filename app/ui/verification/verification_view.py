"""The help-desk screen (核验): camera preview, wedge scanner, dropped files, result, log.

Three ways in, one way out: the camera (a worker thread decodes and checks each analysed frame
offline, see :class:`app.scanner.frame_verifier.FrameVerifier`), a USB keyboard-wedge scanner
(:class:`app.ui.verification.wedge_scanner.WedgeScanner`), or an image/PDF file dropped on the screen or
opened. Each code goes to :meth:`VerificationService.verify_text`, each file to
:meth:`VerificationService.verify_file`, off the GUI thread (register facts, warnings, the log);
the view only shows the result in the banner and the holder's card, with a sound. Services
come from the context handed to the constructor; every verification announces
``Changes(verification_log=True)``, which the log panel listens for.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QHideEvent, QPixmap, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.scanner.frame_verifier import FrameHit, FrameVerifier
from app.scanner.guidance import Guidance
from app.services.verification_service import VerificationResult, VerificationService
from app.ui.common.background import run_in_background
from app.ui.common.camera_worker import CameraController, frame_to_qimage
from app.ui.common.changes import Changes, run_op
from app.ui.common.context import UiContext
from app.ui.common.errors import error_text
from app.ui.common.page import Page
from app.ui.verification.file_seals_panel import FileSealsPanel
from app.ui.verification.scan_hint import ScanHintLabel
from app.ui.verification.signature_panel import SignaturePanel
from app.ui.verification.trust_notice import TrustNotice
from app.ui.verification.verification_banner import HolderCard, ResultBanner
from app.ui.verification.verification_log_panel import VerificationLogPanel
from app.ui.verification.wedge_scanner import WedgeScanner

FILE_FILTER = "*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.webp *.pdf *.ofd"
OTHER_SOURCE = "other"
VERIFIED = Changes(verification_log=True)


class VerificationView(Page):
    verified = Signal(object)        # VerificationResult, after it is shown
    camera_state = Signal(str)       # "running" / "stopped" / "failed"

    def __init__(self, ctx: UiContext, service: VerificationService | None = None,
                 parent: QWidget | None = None, autostart_camera: bool = True) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.service = service or ctx.services.verification
        self.autostart_camera = autostart_camera
        self.setObjectName("verificationView")
        self.setAcceptDrops(True)
        self.camera = CameraController(self)
        self.camera.frame.connect(self._show_frame)
        self.camera.analyzed.connect(self._on_hit)
        self.camera.failed.connect(self._on_camera_failed)
        self.camera.finished.connect(lambda: self._set_camera_running(False))
        self.wedge = WedgeScanner(self)
        self.wedge.scanned.connect(self._on_wedge)
        self.last_result: VerificationResult | None = None
        self._probed = False
        self._spec: int | str | Path | None = None
        self._resume: int | str | Path | None = None
        self._build()

    # -- layout -------------------------------------------------------------------------------
    def _build(self) -> None:
        self.preview = QLabel(self.tr("摄像头未开启"))
        self.preview.setObjectName("cameraPreview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumSize(480, 270)
        self.preview.setStyleSheet("#cameraPreview { background: #20242b; color: #c9d1d9; }")
        self.camera_chooser = QComboBox()
        self.camera_chooser.setObjectName("cameraChooser")
        self.camera_chooser.addItem(self.tr("视频文件或网络摄像头…"), OTHER_SOURCE)
        self.start_button = QPushButton(self.tr("开启摄像头"))
        self.start_button.setObjectName("cameraStart")
        self.start_button.clicked.connect(self._toggle_camera)
        self.camera_status = QLabel()
        self.camera_status.setObjectName("cameraStatus")
        self.camera_status.setWordWrap(True)
        self.open_button = QPushButton(self.tr("打开图片或 PDF…"))
        self.open_button.clicked.connect(self._ask_file)
        self.manual = QLineEdit()
        self.manual.setObjectName("manualCode")
        self.manual.setPlaceholderText(self.tr("扫码枪扫描，或粘贴二维码内容后按回车"))
        self.manual.returnPressed.connect(self._on_manual)
        camera_row = QHBoxLayout()
        camera_row.addWidget(QLabel(self.tr("摄像头：")))
        camera_row.addWidget(self.camera_chooser, 1)
        camera_row.addWidget(self.start_button)
        left = QVBoxLayout()
        left.addWidget(self.preview, 1)
        left.addLayout(camera_row)
        left.addWidget(self.camera_status)
        left.addWidget(self.manual)
        left.addWidget(self.open_button)
        self.banner = ResultBanner()
        self.card = HolderCard()
        # Issue 13: the file's own seals beside the QR result, the signature image on the card.
        self.seals_panel = FileSealsPanel(self.ctx.services.seals)
        self.signature_panel = SignaturePanel()
        right = QVBoxLayout()
        right.addWidget(self.banner)
        self.notice = TrustNotice()  # issue 10: 样本, revoked now, list date
        right.addWidget(self.notice)
        self.hint = ScanHintLabel()  # the camera's guidance, under the verdict
        right.addWidget(self.hint)
        right.addWidget(self.seals_panel)
        right.addWidget(self.card, 1)
        right.addWidget(self.signature_panel)
        top = QHBoxLayout()
        top.addLayout(left, 5)
        top.addLayout(right, 6)
        top_widget = QWidget()
        top_widget.setLayout(top)
        self.log_panel = VerificationLogPanel(self.service, self.ctx.can("verify.log"), self.ctx.changes)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top_widget)
        splitter.addWidget(self.log_panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([560, 240])  # the log shows several rows from the start
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    # -- visibility: the camera and the wedge listener only run while the page is shown ------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.wedge.install()
        if self._resume is not None:  # back from another page or from minimised
            spec, self._resume = self._resume, None
            self.start_camera(spec)
        if not self._probed:
            self._probed = True
            from app.scanner.sources import probe_cameras

            run_in_background(probe_cameras, on_success=self._cameras_found,
                              on_error=lambda e: None)

    def hideEvent(self, event: QHideEvent) -> None:
        self.wedge.remove()
        if self.camera.running and self._spec is not None:
            self._resume = self._spec  # nobody watches the preview: free the camera meanwhile
        self.stop_camera()
        super().hideEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.stop_camera()
        super().closeEvent(event)

    def _cameras_found(self, indices: list[int]) -> None:
        for i, index in enumerate(indices):
            self.camera_chooser.insertItem(i, self.tr("摄像头 {0}").format(index), index)
        preferred = self.camera_chooser.findData(self.ctx.settings.camera_index)
        self.camera_chooser.setCurrentIndex(max(preferred, 0))
        if not indices:
            self.camera_status.setText(self.tr("未检测到摄像头。可使用扫码枪、拖入文件，"
                                               "或选择视频文件/网络摄像头。"))
        elif self.autostart_camera and self.isVisible() and not self.camera.running:
            self.start_camera(self.camera_chooser.currentData())

    # -- camera -------------------------------------------------------------------------------
    def start_camera(self, spec: int | str | Path) -> None:
        """Open a camera index, video file or stream URL; decode in the camera thread."""
        verifier = FrameVerifier(self.service.key_lookup(), guidance=True)
        self._spec = spec
        # Every frame may be analysed (in the camera's analysis thread; a frame that arrives
        # while one is being read replaces the waiting one), so a verdict or a hint comes
        # within a few frames.
        self.camera.start(spec, analyze=verifier, preview_fps=15, analyze_interval=1 / 30)
        self.camera_status.setText(self.tr("正在打开 {0}…").format(spec))
        self._set_camera_running(True)

    def stop_camera(self) -> None:
        self.camera.stop()
        self.hint.show_cause(None)
        self._set_camera_running(False)

    def _set_camera_running(self, running: bool) -> None:
        self.start_button.setText(self.tr("关闭摄像头") if running else self.tr("开启摄像头"))
        if not running:
            self.preview.setPixmap(QPixmap())
            self.preview.setText(self.tr("摄像头未开启"))
        self.camera_state.emit("running" if running else "stopped")

    def _toggle_camera(self) -> None:
        if self.camera.running:
            self.stop_camera()
            return
        spec = self.camera_chooser.currentData()
        if spec == OTHER_SOURCE:
            spec, ok = QInputDialog.getText(self, self.tr("视频来源"),
                                            self.tr("视频文件路径或网络摄像头地址（rtsp:// 或 http://）："))
            if not ok or not spec.strip():
                return
            spec = spec.strip()
        elif spec != self.ctx.settings.camera_index:
            self.ctx.settings.camera_index = int(spec)  # this workstation's camera, remembered
            self.ctx.save_settings()
        self.start_camera(spec)

    def _show_frame(self, frame: np.ndarray) -> None:
        self.camera_status.setText(self.tr("摄像头已开启：把证书二维码对准镜头"))
        pix = QPixmap.fromImage(frame_to_qimage(frame))
        self.preview.setPixmap(pix.scaled(self.preview.size(), Qt.AspectRatioMode.KeepAspectRatio,
                                          Qt.TransformationMode.FastTransformation))

    def _on_camera_failed(self, exc: BaseException) -> None:
        self.camera_status.setText(error_text(exc))
        self.camera_state.emit("failed")

    def _on_hit(self, hit: FrameHit | Guidance) -> None:
        if isinstance(hit, Guidance):
            self.hint.show_cause(hit.cause)
            return
        self.hint.show_cause(None)
        self.verify_text(hit.text, "camera")

    # -- wedge scanner, manual entry, files ---------------------------------------------------
    def _on_wedge(self, text: str) -> None:
        self.manual.clear()  # the burst also landed there if it had the focus
        self.verify_text(text, "wedge")

    def _on_manual(self) -> None:
        text = self.manual.text().strip()
        if text:
            self.manual.clear()
            self.verify_text(text, "manual")

    def _ask_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择证书图片或 PDF"), "",
                                              self.tr("图片或 PDF ({0})").format(FILE_FILTER))
        if path:
            self.verify_path(Path(path))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if files:
            event.acceptProposedAction()
            self.verify_path(files[0])

    # -- verifying ----------------------------------------------------------------------------
    def verify_text(self, text: str, source: str) -> None:
        self.seals_panel.clear()
        self.banner.show_busy()
        run_op(self.ctx.changes, lambda: self.service.verify_text(text, source), VERIFIED,
               on_success=self.show_result, on_error=self._on_error)

    def verify_path(self, path: Path) -> None:
        self.seals_panel.check(path)
        self.banner.show_busy()
        run_op(self.ctx.changes, lambda: self.service.verify_file(path, "file").verdict, VERIFIED,
               on_success=self.show_result, on_error=self._on_error)

    def show_result(self, result: VerificationResult) -> None:
        self.last_result = result
        self.banner.show_result(result)
        self.card.show_result(result)
        self.signature_panel.show_signature(result.signature)
        self.notice.show_result(result, self.banner)
        self._sound(result.ok)
        self.verified.emit(result)

    def _on_error(self, exc: BaseException) -> None:
        self.banner.show_idle()
        self.notice.clear_notice()
        self.camera_status.setText(error_text(exc))

    def _sound(self, ok: bool) -> None:
        """One beep for valid, three for anything else. beep() never fails without audio."""
        if not self.ctx.settings.verify_sound:
            return
        QApplication.beep()
        if not ok:
            QTimer.singleShot(180, self, QApplication.beep)
            QTimer.singleShot(360, self, QApplication.beep)
