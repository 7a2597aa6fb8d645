"""The cropper dialog and the person's images panel, driven like a clerk would."""

from __future__ import annotations

import io
import uuid
from datetime import date
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QImage
from PySide6.QtWidgets import QApplication, QDialog
from skimage import data as skdata

from app.imaging.frame import SPEC
from app.models import Person
from app.ui.imaging.crop_frame_view import rgb_to_qimage
from app.ui.imaging.photo_cropper_dialog import PhotoCropperDialog
from app.ui.persons.person_images_panel import PersonImagesPanel
from tests.helpers.imaging_samples import jpeg_bytes, portrait, signature_photo, write_bomb_png


@pytest.fixture
def photo_file(tmp_path: Path) -> Path:
    path = tmp_path / "zhang.jpg"
    path.write_bytes(jpeg_bytes(portrait(scale=3.0, angle=4.0).rgb))
    return path


def _dialog(qtbot, mode: str = "photo", **kw) -> PhotoCropperDialog:  # type: ignore[no-untyped-def]
    dialog = PhotoCropperDialog(mode, **kw)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _wait_ready(qtbot, dialog: PhotoCropperDialog) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: dialog.ready, timeout=15000)


def test_load_adjust_and_accept_a_photo(qtbot, photo_file: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot)
    dialog.load_source(photo_file)
    _wait_ready(qtbot, dialog)
    auto = dialog.view.frame()
    assert auto is not None and dialog.accept_button.isEnabled()
    assert dialog.preview.pixmap().size().width() == SPEC.width
    assert any("背景" in t for t in dialog.problem_texts())  # the astronaut's wall is not white
    qtbot.keyClick(dialog.view, Qt.Key.Key_Left)
    qtbot.mouseClick(dialog.zoom_in_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.rotate_right_button, Qt.MouseButton.LeftButton)
    moved = dialog.view.frame()
    assert moved.cx < auto.cx and moved.height < auto.height and moved.angle == pytest.approx(auto.angle + 1)
    qtbot.waitUntil(lambda: dialog.photo is not None and dialog.photo.frame == moved)
    # Dragging with the mouse moves the frame too.
    centre = dialog.view.to_widget(moved.cx, moved.cy).toPoint()
    qtbot.mousePress(dialog.view, Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseMove(dialog.view, centre + QPointF(0, 30).toPoint())
    qtbot.mouseRelease(dialog.view, Qt.MouseButton.LeftButton, pos=centre + QPointF(0, 30).toPoint())
    assert dialog.view.frame().cy > moved.cy
    qtbot.mouseClick(dialog.auto_button, Qt.MouseButton.LeftButton)
    assert dialog.view.frame() == auto
    qtbot.waitUntil(lambda: dialog.photo is not None and dialog.photo.frame == auto)
    qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    result = dialog.result_value
    assert result is not None and result.mode == "photo" and result.details["auto"]
    assert Image.open(io.BytesIO(result.jpeg)).size == (295, 413)


@pytest.mark.parametrize(("content", "expected"), [
    (b"", "空的"),
    (b"%PDF-1.7\n%%EOF\n", "PDF"),
    ("truncated", "不完整"),
    ("coffee", "没有找到人脸"),
    ("bomb", "50000×50000"),
])
def test_bad_inputs_are_explained_and_cannot_be_accepted(qtbot, tmp_path: Path, content, expected) -> None:  # type: ignore[no-untyped-def]
    if content == "truncated":
        data = jpeg_bytes(portrait(scale=2.0).rgb)
        content = data[: len(data) // 3]
    elif content == "coffee":
        content = jpeg_bytes(skdata.coffee())
    path = tmp_path / "in.jpg"
    if content == "bomb":
        write_bomb_png(tmp_path / "in.png")
        path = tmp_path / "in.png"
    else:
        path.write_bytes(content)
    dialog = _dialog(qtbot)
    dialog.load_source(path)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=15000)
    assert any(expected in t for t in dialog.problem_texts()), dialog.problem_texts()
    assert not dialog.accept_button.isEnabled()
    dialog.accept()  # even if forced, nothing is produced
    assert dialog.result_value is None


def test_a_bad_file_after_a_good_one_replaces_it(qtbot, photo_file: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot)
    dialog.load_source(photo_file)
    _wait_ready(qtbot, dialog)
    bad = tmp_path / "empty.jpg"
    bad.write_bytes(b"")
    dialog.load_source(bad)
    qtbot.waitUntil(lambda: not dialog.busy and dialog.photo is None, timeout=10000)
    assert not dialog.accept_button.isEnabled() and dialog.view.frame() is None
    dialog.accept()
    assert dialog.result_value is None and any("空的" in t for t in dialog.problem_texts())


def test_signature_mode(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "sig.jpg"
    path.write_bytes(jpeg_bytes(signature_photo(seed=3, line=True).rgb))
    dialog = _dialog(qtbot, "signature")
    dialog.load_source(path)
    _wait_ready(qtbot, dialog)
    assert dialog.view.frame() is None and dialog.signature is not None
    assert not dialog.preview.pixmap().isNull() and not dialog.print_preview.pixmap().isNull()
    qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)
    result = dialog.result_value
    assert result is not None and Image.open(io.BytesIO(result.png)).mode == "RGBA"
    assert Image.open(io.BytesIO(result.print_png)).mode == "RGB"


def test_drop_and_paste(qtbot, photo_file: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(photo_file))])
    drop = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    dialog.dropEvent(drop)
    _wait_ready(qtbot, dialog)
    assert dialog.source_name.endswith("zhang.jpg")
    dialog.photo = None
    QApplication.clipboard().setImage(rgb_to_qimage(portrait(scale=2.5).rgb))
    qtbot.mouseClick(dialog.paste_button, Qt.MouseButton.LeftButton)
    _wait_ready(qtbot, dialog)
    assert dialog.image is not None and dialog.image.size == (1280, 1280)


def test_webcam_capture_from_a_video_file(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    video = tmp_path / "camera.avi"
    writer = cv2.VideoWriter(str(video), cv2.VideoWriter_fourcc(*"MJPG"), 10, (960, 720))
    assert writer.isOpened()
    base = portrait(scale=1.6, canvas=(960, 720), offset=(0, 90)).rgb
    for i in range(10):  # the person sways a little, like in front of a real camera
        m = np.float32([[1, 0, 3 * i], [0, 1, 0]])
        writer.write(cv2.cvtColor(cv2.warpAffine(base, m, (960, 720), borderMode=cv2.BORDER_REPLICATE),
                                  cv2.COLOR_RGB2BGR))
    writer.release()
    dialog = _dialog(qtbot, camera=video)
    qtbot.mouseClick(dialog.camera_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog._last_frame is not None, timeout=10000)
    assert dialog.capture_button.isVisible() and dialog.camera.running
    qtbot.mouseClick(dialog.capture_button, Qt.MouseButton.LeftButton)
    assert not dialog.camera.running  # the camera thread was stopped and joined
    _wait_ready(qtbot, dialog)
    assert dialog.analysis is not None and dialog.analysis.head is not None
    assert dialog.accept_button.isEnabled()


def _person(db) -> uuid.UUID:  # type: ignore[no-untyped-def]
    with db.session_scope() as s:
        p = Person(id_number="110101199003071234", name="张三", gender="M", birth_date=date(1990, 3, 7))
        s.add(p)
        s.flush()
        return p.id


def test_panel_stores_accepted_images_and_keeps_history(qtbot, db, staff, make_context,  # type: ignore[no-untyped-def]
                                                        photo_file: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    pid = _person(db)
    ctx = make_context(staff["clerk"])
    panel = PersonImagesPanel(ctx)
    qtbot.addWidget(panel)
    panel.show()  # a shown panel reads again when a stored image is announced (ctx.changes)
    panel.set_person(pid)
    qtbot.waitUntil(lambda: panel.images is not None)
    assert panel.photo_button.text() == "采集照片"

    def clerk_accepts(self: PhotoCropperDialog) -> int:
        _wait_ready(qtbot, self)
        qtbot.keyClick(self.view, Qt.Key.Key_Up)  # a small adjustment before accepting
        qtbot.waitUntil(lambda: self.photo is None or self.photo.frame == self.view.frame())
        qtbot.mouseClick(self.accept_button, Qt.MouseButton.LeftButton)
        return self.result()

    monkeypatch.setattr(PhotoCropperDialog, "exec", clerk_accepts)
    assert panel.capture("photo", source=photo_file)
    qtbot.waitUntil(lambda: panel.images is not None and panel.images.photo is not None)
    first = panel.images.photo
    assert not panel.photo_label.pixmap().isNull() and panel.photo_button.text() == "更换照片"
    assert panel.capture("photo", source=photo_file)
    qtbot.waitUntil(lambda: panel.images.photo is not None and panel.images.photo.id != first.id)
    assert panel.images.photo_history == 1 and "历史版本 1 个" in panel.photo_info.text()
    sig = tmp_path / "sig.jpg"
    sig.write_bytes(jpeg_bytes(signature_photo(seed=2).rgb))
    assert panel.capture("signature", source=sig)
    qtbot.waitUntil(lambda: panel.images.signature is not None)
    assert not panel.signature_label.pixmap().isNull()
    # The stored photo is the accepted one, on the person, through the service.
    current = ctx.services.photos.current_images(pid)
    assert current.photo.id == panel.images.photo.id and current.signature_print is not None
    stored = Image.open(io.BytesIO(ctx.services.photos.image_data(current.photo.id)))
    assert stored.size == (295, 413)

    # A PDF renamed .jpg: the clerk can only cancel, and the stored photo stays.
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(b"%PDF-1.4\n%%EOF")

    def clerk_cancels(self: PhotoCropperDialog) -> int:
        qtbot.waitUntil(lambda: not self.busy, timeout=10000)
        assert not self.accept_button.isEnabled()
        self.reject()
        return self.result()

    monkeypatch.setattr(PhotoCropperDialog, "exec", clerk_cancels)
    assert not panel.capture("photo", source=bad)
    assert ctx.services.photos.current_images(pid).photo.id == current.photo.id

    # A reviewer sees the images but cannot capture.
    reviewer_panel = PersonImagesPanel(make_context(staff["reviewer"]))
    qtbot.addWidget(reviewer_panel)
    reviewer_panel.set_person(pid)
    qtbot.waitUntil(lambda: reviewer_panel.images is not None and reviewer_panel.images.photo is not None)
    assert not reviewer_panel.photo_button.isEnabled() and not reviewer_panel.signature_button.isEnabled()


def test_frame_view_qimage_roundtrip() -> None:
    rgb = (np.arange(30 * 20 * 3) % 251).astype(np.uint8).reshape(30, 20, 3)
    from app.ui.imaging.crop_frame_view import qimage_to_rgb

    assert np.array_equal(qimage_to_rgb(rgb_to_qimage(rgb)), rgb)
    assert isinstance(rgb_to_qimage(rgb), QImage)
