"""A person's current ID photo and signature, with buttons to capture or replace them.

Embedded in the person detail panel (which calls :meth:`set_person`); it uses the window's
photo service and the workstation's camera. Capturing opens
:class:`~app.ui.imaging.photo_cropper_dialog.PhotoCropperDialog`; an accepted result is stored
through the service off the GUI thread (it supersedes the previous image and keeps it as
history) and announced as ``Changes(persons=True)``, on which every open view of the person,
this panel included, reads again.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QPushButton, QWidget

from app.services.photo_service import PersonImages, StoredImage
from app.ui.common.background import run_in_background
from app.ui.common.changes import Changes, follow_changes, run_op
from app.ui.common.context import UiContext
from app.ui.common.errors import error_text, show_error
from app.ui.imaging.photo_cropper_dialog import PhotoCropperDialog

THUMB_W, THUMB_H = 118, 165  # the 25:35 photo at ~0.4x


class PersonImagesPanel(QGroupBox):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.photos = ctx.services.photos
        self.camera: int | str | Path = ctx.settings.camera_index
        # Reviewers see the images but only roles that may write attachments capture them.
        self.may_write = ctx.can("attachment.write")
        self.person_id: uuid.UUID | None = None
        self.images: PersonImages | None = None
        self._generation = 0
        self.setTitle(self.tr("照片与签名"))
        self.photo_label = QLabel()
        self.photo_label.setFixedSize(THUMB_W, THUMB_H)
        self.photo_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.photo_label.setStyleSheet("border: 1px solid #bbb; background: #fafafa;")
        self.signature_label = QLabel()
        self.signature_label.setFixedSize(240, 90)
        self.signature_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.signature_label.setStyleSheet("border: 1px solid #bbb; background: white;")
        self.photo_info = QLabel()
        self.signature_info = QLabel()
        self.photo_button = QPushButton(self.tr("采集照片"))
        self.signature_button = QPushButton(self.tr("采集签名"))
        self.photo_button.clicked.connect(lambda: self.capture("photo"))
        self.signature_button.clicked.connect(lambda: self.capture("signature"))
        grid = QGridLayout(self)
        grid.addWidget(self.photo_label, 0, 0, 3, 1)
        grid.addWidget(self.photo_info, 0, 1)
        grid.addWidget(self.photo_button, 1, 1)
        grid.addWidget(self.signature_label, 3, 0, 1, 2)
        grid.addWidget(self.signature_info, 4, 0)
        grid.addWidget(self.signature_button, 4, 1)
        follow_changes(self, ctx.changes, ("persons",), self.refresh)
        self._clear()

    # -- showing ---------------------------------------------------------------------------
    def set_person(self, person_id: uuid.UUID | None) -> None:
        """Show ``person_id``'s images (the same person again: nothing to do, the panel
        follows changes by itself)."""
        if person_id == self.person_id:
            return
        self.person_id = person_id
        self._clear()
        if person_id is not None:
            self.refresh()

    def _clear(self) -> None:
        self._generation += 1
        enabled = self.person_id is not None and self.may_write
        self.photo_button.setEnabled(enabled)
        self.signature_button.setEnabled(enabled)
        self.images = None
        self._show(None, {})


    def refresh(self) -> None:
        if self.person_id is None:
            return
        self._generation += 1
        person_id, generation, photos = self.person_id, self._generation, self.photos

        def load() -> tuple[PersonImages, dict[str, bytes]]:
            images = photos.current_images(person_id)
            data: dict[str, bytes] = {}
            for stored in (images.photo, images.signature_print):
                if stored is not None:
                    data[stored.purpose] = photos.image_data(stored.id)
            return images, data

        def done(value: tuple[PersonImages, dict[str, bytes]]) -> None:
            if generation == self._generation:
                self.images = value[0]
                self._show(*value)

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self.photo_info.setText(error_text(exc))

        run_in_background(load, on_success=done, on_error=failed)

    def _show(self, images: PersonImages | None, data: dict[str, bytes]) -> None:
        photo = data.get("photo")
        if photo:
            pix = QPixmap.fromImage(QImage.fromData(photo))
            self.photo_label.setPixmap(pix.scaled(THUMB_W, THUMB_H, Qt.AspectRatioMode.KeepAspectRatio,
                                                  Qt.TransformationMode.SmoothTransformation))
        else:
            self.photo_label.setPixmap(QPixmap())
            self.photo_label.setText(self.tr("无照片"))
        sig = data.get("signature_print")
        if sig:
            pix = QPixmap.fromImage(QImage.fromData(sig))
            self.signature_label.setPixmap(pix.scaled(236, 86, Qt.AspectRatioMode.KeepAspectRatio,
                                                      Qt.TransformationMode.SmoothTransformation))
        else:
            self.signature_label.setPixmap(QPixmap())
            self.signature_label.setText(self.tr("无签名"))
        has_photo = images is not None and images.photo is not None
        has_sig = images is not None and images.signature is not None
        self.photo_button.setText(self.tr("更换照片") if has_photo else self.tr("采集照片"))
        self.signature_button.setText(self.tr("更换签名") if has_sig else self.tr("采集签名"))
        if images is None:
            self.photo_info.clear()
            self.signature_info.clear()
            return
        self.photo_info.setText(self._info(images.photo, images.photo_history))
        self.signature_info.setText(self._info(images.signature, images.signature_history))

    def _info(self, stored: StoredImage | None, history: int) -> str:
        if stored is None:
            return self.tr("尚未采集")
        when = stored.created_at.astimezone().strftime("%Y-%m-%d %H:%M")
        text = self.tr("{0} 由 {1} 采集").format(when, stored.created_by)
        if history:
            text += "\n" + self.tr("历史版本 {0} 个").format(history)
        return text

    # -- capturing -------------------------------------------------------------------------
    def capture(self, mode: str, source: bytes | str | Path | None = None) -> bool:
        """Open the cropper; store what the clerk accepts (in the background).

        Returns True when the clerk accepted an image (it is then being stored)."""
        if self.person_id is None:
            return False
        person_id = self.person_id
        try:
            settings = self.photos.settings()
        except Exception as exc:
            show_error(self, exc)
            return False
        result = PhotoCropperDialog.ask(self, mode, settings, source=source, camera=self.camera)
        if result is None:
            return False
        details = {"problems": list(result.problems), **result.details}
        photos = self.photos

        def store() -> None:
            if mode == "photo" and result.jpeg is not None:
                photos.store_photo(person_id, result.jpeg, result.source, details)
            elif result.png is not None and result.print_png is not None:
                photos.store_signature(person_id, result.png, result.print_png, result.source, details)

        # The write runs off the GUI thread like every database call; the announced change
        # makes this panel (and the person's details) read again.
        run_op(self.ctx.changes, store, Changes(persons=True),
               on_error=lambda exc: show_error(self, exc))
        return True
