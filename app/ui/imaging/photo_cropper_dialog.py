"""The cropper: get a photo or a signature in (file, paste, drop, webcam), check it, adjust, accept.

Photo mode shows the source with the automatic 25:35 frame and the guides (head top, eye
line, chin); the clerk drags to move, wheels to zoom, Ctrl+wheel or the buttons to rotate, and
sees the finished 295 x 413 photo beside it with the problems in plain words. Signature mode
shows the source with the ink's crop box and the cleaned signature on a checkerboard (the
transparent PNG) and on white (the print version).

Nothing is stored here: :meth:`PhotoCropperDialog.ask` returns a :class:`CropperResult` (the
encoded bytes plus what was found) or ``None``; the caller hands it to the photo service.
Loading and analysis run off the GUI thread (``run_in_background``); re-rendering a moved
frame takes a few milliseconds and is coalesced by a zero-delay timer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from PySide6.QtCore import QMimeData, Qt, QTimer
from PySide6.QtGui import (
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QImage,
    QKeySequence,
    QPixmap,
    QShortcut,
)
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.imaging.frame import SPEC
from app.imaging.loading import LoadedImage, from_array
from app.imaging.photo import PhotoAnalysis, PhotoResult, make_photo, prepare_photo
from app.imaging.signature import SignatureResult, clean_signature, load_for_signature
from app.services.photo_service import ImagingSettings
from app.ui.common.background import run_in_background
from app.ui.common.camera_worker import CameraController
from app.ui.common.errors import error_text
from app.ui.imaging.crop_frame_view import CropFrameView, checkerboard, qimage_to_rgb, rgb_to_qimage
from app.ui.imaging.image_problem_list import ImageProblemList

IMAGE_PATTERNS = "*.jpg *.jpeg *.png *.bmp *.tif *.tiff *.webp"
# What the background analysis hands back: the loaded image with the photo's analysis or the
# cleaned signature.
Prepared = tuple[LoadedImage, PhotoAnalysis] | tuple[LoadedImage, SignatureResult]


@dataclass(frozen=True)
class CropperResult:
    mode: str  # "photo" / "signature"
    jpeg: bytes | None = None
    png: bytes | None = None
    print_png: bytes | None = None
    problems: tuple[str, ...] = ()
    details: dict[str, Any] = field(default_factory=dict)
    source: str = ""


class PhotoCropperDialog(QDialog):
    def __init__(self, mode: str = "photo", settings: ImagingSettings | None = None,
                 camera: int | str | Path = 0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mode = mode
        self.settings = settings or ImagingSettings()
        self.camera_spec = camera
        self.image: LoadedImage | None = None
        self.analysis: PhotoAnalysis | None = None
        self.photo: PhotoResult | None = None
        self.signature: SignatureResult | None = None
        self.result_value: CropperResult | None = None
        self.source_name = ""
        self.load_error = ""
        self.busy = False
        self._last_frame: np.ndarray | None = None
        self.camera = CameraController(self)
        self.camera.frame.connect(self._on_camera_frame)
        self.camera.failed.connect(self._on_camera_failed)
        self._render_timer = QTimer(self, singleShot=True, interval=0)
        self._render_timer.timeout.connect(self._render)
        self.setWindowTitle(self.tr("证件照采集") if mode == "photo" else self.tr("签名采集"))
        self.setAcceptDrops(True)
        self._build()
        QShortcut(QKeySequence.StandardKey.Paste, self, self.paste)
        self.resize(1040, 680)

    # -- layout ----------------------------------------------------------------------------
    def _build(self) -> None:
        self.open_button = QPushButton(self.tr("打开文件…"))
        self.paste_button = QPushButton(self.tr("粘贴"))
        self.camera_button = QPushButton(self.tr("用摄像头拍照"))
        self.capture_button = QPushButton(self.tr("拍下这一张"))
        self.capture_button.setVisible(False)
        self.turn_button = QPushButton(self.tr("整图旋转 90°"))
        self.open_button.clicked.connect(self.open_file)
        self.paste_button.clicked.connect(self.paste)
        self.camera_button.clicked.connect(self.start_camera)
        self.capture_button.clicked.connect(self.capture)
        self.turn_button.clicked.connect(self.turn_image)
        sources = QHBoxLayout()
        for b in (self.open_button, self.paste_button, self.camera_button, self.capture_button,
                  self.turn_button):
            sources.addWidget(b)
        sources.addStretch(1)

        self.view = CropFrameView()
        self.view.placeholder = self.tr("打开文件、粘贴、把图片拖到这里，或用摄像头拍照")
        self.view.frameChanged.connect(lambda _f: self._render_timer.start())
        self.before_label = QLabel(self.tr("原图：拖动移动裁剪框，滚轮缩放，Ctrl+滚轮旋转")
                                   if self.mode == "photo" else self.tr("原图：虚线框为签名裁剪范围"))
        left = QVBoxLayout()
        left.addWidget(self.before_label)
        left.addWidget(self.view, 1)

        self.after_label = QLabel(self.tr("效果"))
        self.preview = QLabel()
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumSize(300, 200)
        self.print_preview = QLabel()
        self.print_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.print_preview.setVisible(self.mode == "signature")
        self.info_label = QLabel()
        self.problem_list = ImageProblemList()
        self.whiten_box = QCheckBox(self.tr("把浅色背景漂白为白色"))
        self.whiten_box.setEnabled(False)
        self.whiten_box.toggled.connect(lambda _on: self._render_timer.start())
        self.original_ink_box = QCheckBox(self.tr("保留原笔迹颜色（默认黑色）"))
        self.original_ink_box.toggled.connect(self._redo_signature)
        adjust = QHBoxLayout()
        self.zoom_in_button = QPushButton(self.tr("放大"))
        self.zoom_out_button = QPushButton(self.tr("缩小"))
        self.rotate_left_button = QPushButton(self.tr("框左转 1°"))
        self.rotate_right_button = QPushButton(self.tr("框右转 1°"))
        self.auto_button = QPushButton(self.tr("恢复自动裁剪"))
        self.zoom_in_button.clicked.connect(lambda: self._adjust(zoom=0.97))
        self.zoom_out_button.clicked.connect(lambda: self._adjust(zoom=1 / 0.97))
        self.rotate_left_button.clicked.connect(lambda: self._adjust(angle=-1.0))
        self.rotate_right_button.clicked.connect(lambda: self._adjust(angle=1.0))
        self.auto_button.clicked.connect(self.reset_frame)
        self.adjust_buttons = (self.zoom_in_button, self.zoom_out_button, self.rotate_left_button,
                               self.rotate_right_button, self.auto_button)
        for b in self.adjust_buttons:
            adjust.addWidget(b)
            b.setVisible(self.mode == "photo")
            b.setEnabled(False)  # until there is a frame to adjust
        self.whiten_box.setVisible(self.mode == "photo")
        self.original_ink_box.setVisible(self.mode == "signature")
        right = QVBoxLayout()
        right.addWidget(self.after_label)
        right.addWidget(self.preview)
        right.addWidget(self.print_preview)
        right.addWidget(self.info_label)
        right.addLayout(adjust)
        right.addWidget(self.whiten_box)
        right.addWidget(self.original_ink_box)
        right.addWidget(QLabel(self.tr("检查结果")))
        right.addWidget(self.problem_list, 1)

        body = QHBoxLayout()
        body.addLayout(left, 3)
        body.addLayout(right, 2)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.accept_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.accept_button.setText(self.tr("接受并保存"))
        self.accept_button.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(sources)
        layout.addLayout(body, 1)
        layout.addWidget(self.buttons)

    # -- getting an image in ---------------------------------------------------------------
    @property
    def ready(self) -> bool:
        """An image is loaded, analysed and rendered (tests wait for this)."""
        return not self.busy and (self.photo is not None or self.signature is not None)

    def load_source(self, source: bytes | str | Path | np.ndarray, name: str = "") -> None:
        """Load and analyse off the GUI thread; ``source`` may be a path, bytes or RGB pixels."""
        self.stop_camera()
        self.source_name = name or (str(source) if isinstance(source, str | Path) else name)
        self.busy = True
        self.accept_button.setEnabled(False)
        self._show_messages([(self.tr("正在分析…"), "info")])
        max_pixels = self.settings.max_pixels
        loaded = from_array(source, "CAMERA") if isinstance(source, np.ndarray) else source
        mode, ink = self.mode, self._ink()

        def work() -> Prepared:
            if mode == "photo":
                return prepare_photo(loaded, max_pixels)
            image = loaded if isinstance(loaded, LoadedImage) else load_for_signature(loaded, max_pixels)
            return image, clean_signature(image, ink)

        run_in_background(work, on_success=self._on_prepared, on_error=self._on_load_failed)

    def _on_prepared(self, value: Prepared) -> None:
        self.busy = False
        self.image, found = value
        self.view.set_image(self.image.rgb)
        if isinstance(found, PhotoAnalysis):
            self.analysis = found
            if found.head is not None:
                eye_y = found.frame.to_output(found.head.eye_mid)[1] / SPEC.height
                self.view.set_eye_line(eye_y)
            self.view.set_frame(found.frame)
            for b in self.adjust_buttons:
                b.setEnabled(True)
            self._render()
        else:
            self.signature = found
            self.view.set_box(found.box)
            self._show_signature()

    def _on_load_failed(self, exc: BaseException) -> None:
        self.busy = False
        text = error_text(exc)
        # The new file replaces whatever was shown: nothing from before can be accepted by
        # mistake, and the clerk sees that this file, not the last one, is the problem.
        self.load_error = text
        self.image = self.analysis = self.photo = self.signature = None
        self.view.set_frame(None)
        self.view.set_box(None)
        self.view.set_image(None)
        self.preview.clear()
        self.print_preview.clear()
        self.info_label.clear()
        for b in self.adjust_buttons:
            b.setEnabled(False)
        self._show_messages([(text, "blocking")])
        self.accept_button.setEnabled(False)

    def open_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择图片"), "",
                                              self.tr("图片 ({0})").format(IMAGE_PATTERNS))
        if path:
            self.load_source(Path(path))

    def paste(self) -> None:
        self._load_mime(QApplication.clipboard().mimeData())

    def _load_mime(self, mime: QMimeData | None) -> bool:
        if mime is None:
            return False
        if mime.hasUrls():
            for url in mime.urls():
                if url.isLocalFile():
                    self.load_source(Path(url.toLocalFile()))
                    return True
        if mime.hasImage():
            image = QImage(mime.imageData())
            if not image.isNull():
                self.load_source(qimage_to_rgb(image), self.tr("剪贴板"))
                return True
        return False

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        mime = event.mimeData()
        if mime.hasUrls() or mime.hasImage():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        if self._load_mime(event.mimeData()):
            event.acceptProposedAction()

    def turn_image(self) -> None:
        if self.image is not None:
            self.load_source(np.ascontiguousarray(np.rot90(self.image.rgb, -1)), self.source_name)

    # -- camera ----------------------------------------------------------------------------
    def start_camera(self) -> None:
        self.view.set_frame(None)
        self.view.set_box(None)
        self.view.placeholder = self.tr("正在打开摄像头…")
        self.view.set_image(None)
        self.capture_button.setVisible(True)
        self.camera_button.setEnabled(False)
        self.camera.start(self.camera_spec, preview_fps=15.0, loop_files=True)

    def _on_camera_frame(self, bgr: np.ndarray) -> None:
        self._last_frame = bgr
        self.view.set_image(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB))

    def _on_camera_failed(self, exc: BaseException) -> None:
        self.stop_camera()
        self._on_load_failed(exc)

    def capture(self) -> None:
        frame = self._last_frame
        self.stop_camera()
        if frame is not None:
            self.load_source(cv2.cvtColor(frame, cv2.COLOR_BGR2RGB), self.tr("摄像头"))

    def stop_camera(self) -> None:
        if self.camera.running:
            self.camera.stop()
        self.capture_button.setVisible(False)
        self.camera_button.setEnabled(True)

    # -- adjusting and rendering -----------------------------------------------------------
    def _adjust(self, zoom: float = 1.0, angle: float = 0.0) -> None:
        frame = self.view.frame()
        if frame is not None:
            self.view.set_frame(frame.zoomed(zoom).rotated(angle), emit=True)

    def reset_frame(self) -> None:
        if self.analysis is not None:
            self.view.set_frame(self.analysis.frame, emit=True)

    def _ink(self) -> str:
        return "original" if self.original_ink_box.isChecked() else "black"

    def _redo_signature(self) -> None:
        if self.mode == "signature" and self.image is not None:
            self.load_source(self.image.rgb, self.source_name)

    def _render(self) -> None:
        if self.image is None or self.analysis is None or self.mode != "photo":
            return
        frame = self.view.frame() or self.analysis.frame
        result = make_photo(self.image, self.analysis, frame, whiten=self.whiten_box.isChecked(),
                            min_bytes=self.settings.photo_min_bytes,
                            max_bytes=self.settings.photo_max_bytes)
        self.photo = result
        self.whiten_box.setEnabled(result.background.can_whiten or result.whitened)
        if not self.whiten_box.isEnabled():
            self.whiten_box.setChecked(False)
        self.preview.setPixmap(QPixmap.fromImage(rgb_to_qimage(result.pixels)))
        self.info_label.setText(self.tr("{0}×{1} 像素，300 dpi，{2} KB").format(
            SPEC.width, SPEC.height, round(len(result.jpeg) / 1024, 1)))
        self._show_problems([(p.code, p.params, p.blocking) for p in result.problems])
        self.accept_button.setEnabled(result.usable)

    def _show_signature(self) -> None:
        sig = self.signature
        assert sig is not None
        if sig.rgba is not None:
            h, w = sig.rgba.shape[:2]
            alpha = sig.rgba[:, :, 3:4].astype(np.float32) / 255
            board = checkerboard(w, h).astype(np.float32)
            over = board * (1 - alpha) + sig.rgba[:, :, :3].astype(np.float32) * alpha
            self.preview.setPixmap(QPixmap.fromImage(rgb_to_qimage(over.astype(np.uint8)))
                                   .scaledToWidth(min(420, w * 2), Qt.TransformationMode.SmoothTransformation))
            white = QImage.fromData(sig.print_png or b"")
            self.print_preview.setPixmap(QPixmap.fromImage(white).scaledToWidth(
                min(420, w * 2), Qt.TransformationMode.SmoothTransformation))
            self.info_label.setText(self.tr("{0}×{1} 像素，300 dpi；上：透明背景，下：打印用白底").format(w, h))
        else:
            self.preview.clear()
            self.print_preview.clear()
            self.info_label.clear()
        self._show_problems([(p.code, p.params, p.blocking) for p in sig.problems])
        self.accept_button.setEnabled(sig.usable)

    def _show_problems(self, problems: list[tuple[str, dict[str, Any], bool]]) -> None:
        self.problem_list.show_problems(problems)

    def _show_messages(self, rows: list[tuple[str, str]]) -> None:
        self.problem_list.show_messages(rows)

    def problem_texts(self) -> list[str]:
        return self.problem_list.texts()

    # -- result ----------------------------------------------------------------------------
    def accept(self) -> None:
        if self.mode == "photo" and self.photo is not None and self.photo.usable:
            a, f = self.photo.analysis, self.photo.frame
            details = {"frame": [round(f.cx, 1), round(f.cy, 1), round(f.height, 1), round(f.angle, 2)],
                       "auto": f == a.frame, "whitened": self.photo.whitened,
                       "eye_angle": round(a.head.angle, 2) if a.head else None}
            self.result_value = CropperResult("photo", jpeg=self.photo.jpeg,
                                              problems=tuple(p.code for p in self.photo.problems),
                                              details=details, source=self.source_name)
        elif self.mode == "signature" and self.signature is not None and self.signature.usable:
            s = self.signature
            self.result_value = CropperResult(
                "signature", png=s.png, print_png=s.print_png, problems=tuple(s.codes),
                details={"line_removed": s.line_removed, "ink_contrast": round(s.ink_contrast, 3)},
                source=self.source_name)
        else:
            return
        self.stop_camera()
        super().accept()

    def reject(self) -> None:
        self.stop_camera()
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.stop_camera()
        super().closeEvent(event)

    @classmethod
    def ask(cls, parent: QWidget | None, mode: str = "photo",
            settings: ImagingSettings | None = None, source: bytes | str | Path | None = None,
            camera: int | str | Path = 0) -> CropperResult | None:
        """Run the dialog modally; the accepted result, or None when cancelled."""
        dialog = cls(mode, settings, camera, parent)
        try:
            if source is not None:
                dialog.load_source(source)
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
            return dialog.result_value if accepted else None
        finally:
            dialog.stop_camera()
            dialog.deleteLater()
