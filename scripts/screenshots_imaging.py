"""Render the photo/signature cropper and the person's images panel to ``screenshots/`` (PNG).

Runs under a real X server (Xvfb) so fonts, styles and painting are what a clerk sees; without
a DISPLAY the script re-runs itself through ``xvfb-run``. The bundled CJK font is loaded the
way the application does it (app.ui.common.i18n.load_cjk_fonts), so Chinese is not drawn as boxes.

Run: .venv/bin/python scripts/screenshots_imaging.py [--out screenshots]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from xvfb_support import ensure_display  # noqa: E402  (scripts/ is on sys.path)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots")
    args = parser.parse_args()
    ensure_display()
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb")

    import cv2
    import numpy as np
    from PySide6.QtWidgets import QApplication

    from app.models import Person
    from app.models.db import Database, upgrade
    from app.services.base import Actor
    from app.services.photo_service import PhotoService
    from app.settings import Settings
    from app.ui.common.background import wait_for_idle
    from app.ui.common.i18n import load_cjk_fonts
    from app.ui.imaging.photo_cropper_dialog import PhotoCropperDialog
    from app.ui.persons.person_images_panel import PersonImagesPanel
    from app.ui.shell.application import signed_in_context
    from tests.helpers.imaging_samples import jpeg_bytes, portrait, signature_photo

    app = QApplication.instance() or QApplication(sys.argv)
    families = load_cjk_fonts(app)  # type: ignore[arg-type]
    print("CJK fonts:", families or "none (Chinese may show as boxes)")
    args.out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="imaging-shots-"))

    def wait(predicate, timeout: float = 20.0) -> None:  # type: ignore[no-untyped-def]
        end = time.monotonic() + timeout
        while not predicate() and time.monotonic() < end:
            app.processEvents()
            time.sleep(0.01)
        for _ in range(5):
            app.processEvents()

    def shot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
        widget.repaint()
        app.processEvents()
        path = args.out / name
        widget.grab().save(str(path))
        print("wrote", path)

    def done_with(widget) -> None:  # type: ignore[no-untyped-def]
        widget.close()
        wait_for_idle()
        app.processEvents()
        widget.deleteLater()
        app.processEvents()

    # 1. A phone photo: person a bit off-centre and tilted, ordinary office wall.
    photo = work / "phone_photo.jpg"
    photo.write_bytes(jpeg_bytes(portrait(scale=4.0, angle=6.0, canvas=(2400, 2600), offset=(-250, 150)).rgb))
    dialog = PhotoCropperDialog("photo")
    dialog.resize(1180, 760)
    dialog.show()
    dialog.load_source(photo)
    wait(lambda: dialog.ready)
    shot(dialog, "cropper_photo_auto.png")
    frame = dialog.view.frame()
    dialog.view.set_frame(frame.zoomed(1.3).rotated(4).moved(120, 0), emit=True)
    wait(lambda: dialog.photo is not None and dialog.photo.frame == dialog.view.frame())
    shot(dialog, "cropper_photo_adjusted.png")
    done_with(dialog)

    # 2. A plain light-grey wall: the dialog offers to whiten it.
    p = portrait(scale=3.0)
    h, w = p.rgb.shape[:2]
    person = np.zeros((h, w), np.uint8)
    cx = int(p.face_centre_x)
    hh = p.chin[1] - p.crown[1]
    cv2.ellipse(person, (cx, int((p.crown[1] + p.chin[1]) / 2)), (int(0.36 * hh), int(0.52 * hh)), 0, 0, 360, 1, -1)
    person[int(p.chin[1]) - 40:, cx - 420:cx + 420] = 1
    wall = np.full_like(p.rgb, (214, 212, 205))
    plain = work / "plain_wall.png"
    cv2.imwrite(str(plain), cv2.cvtColor(np.where(person[:, :, None] == 1, p.rgb, wall), cv2.COLOR_RGB2BGR))
    dialog = PhotoCropperDialog("photo")
    dialog.resize(1180, 760)
    dialog.show()
    dialog.load_source(plain)
    wait(lambda: dialog.ready)
    dialog.whiten_box.setChecked(True)
    wait(lambda: dialog.photo is not None and dialog.photo.whitened)
    shot(dialog, "cropper_photo_whitened.png")
    done_with(dialog)

    # 3. A PDF renamed .jpg: a clear refusal, nothing to accept.
    bad = work / "scan.jpg"
    bad.write_bytes(b"%PDF-1.7\n%%EOF\n")
    dialog = PhotoCropperDialog("photo")
    dialog.resize(1180, 760)
    dialog.show()
    dialog.load_source(bad)
    wait(lambda: not dialog.busy)
    shot(dialog, "cropper_photo_refused.png")
    done_with(dialog)

    # 4. Signature from a shadowed phone photo with a printed line.
    sig = work / "signature.jpg"
    sig.write_bytes(jpeg_bytes(signature_photo(seed=4, line=True, specks=True).rgb))
    dialog = PhotoCropperDialog("signature")
    dialog.resize(1180, 760)
    dialog.show()
    dialog.load_source(sig)
    wait(lambda: dialog.ready)
    shot(dialog, "cropper_signature.png")
    signature = dialog.signature
    done_with(dialog)

    # 5. The person's panel after storing a photo (twice: history) and the signature.
    db_path = work / "register.sqlite3"
    db = Database(f"sqlite:///{db_path.as_posix()}")
    upgrade(db.engine)
    with db.session_scope() as s:
        row = Person(id_number="110101199003071234", name="张三", gender="M", birth_date=date(1990, 3, 7))
        s.add(row)
        s.flush()
        pid = row.id
    clerk = Actor("clerk", "clerk", "王办事")
    svc = PhotoService(db, clerk)
    from app.imaging.photo import auto_crop

    first = auto_crop(photo)
    svc.store_photo(pid, first.jpeg, str(photo))
    svc.store_photo(pid, auto_crop(plain, whiten=True).jpeg, str(plain))
    assert signature is not None and signature.png and signature.print_png
    svc.store_signature(pid, signature.png, signature.print_png, str(sig))
    panel = PersonImagesPanel(signed_in_context(db, clerk, Settings(), None))
    panel.resize(420, 330)
    panel.show()
    panel.set_person(pid)
    wait(lambda: panel.images is not None)
    shot(panel, "person_images_panel.png")
    done_with(panel)
    db.dispose()
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
