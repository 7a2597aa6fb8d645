"""Render the help-desk screen to ``screenshots/verification/`` (PNG): valid, expired, forged...

Runs under a real X server (Xvfb) so fonts, styles and painting are what an operator sees;
without a DISPLAY the script re-runs itself through ``xvfb-run``. A temporary register holds
specimen certificates (signed for real); the camera preview shows a simulated webcam frame of
the printed certificate (there is no webcam here), the result comes from the real service.

Run: .venv/bin/python scripts/screenshots_verification.py [--out screenshots/verification]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from xvfb_support import ensure_display  # noqa: E402  (scripts/ is on sys.path)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots" / "verification")
    args = parser.parse_args()
    ensure_display()
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb")
    tmp = Path(tempfile.mkdtemp(prefix="verify-shots-"))
    os.environ["REGISTRY_DATA_DIR"] = str(tmp / "data")
    os.environ["REGISTRY_CONFIG_DIR"] = str(tmp / "config")

    import numpy as np
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from app.models.db import Database, upgrade
    from app.scanner.footage import blank_frames, clip_frames, write_video
    from app.scanner.sources import render_pdf
    from app.services import users_service
    from app.services.base import Actor
    from app.services.users_service import UsersService
    from app.settings import Settings
    from app.ui.common.background import wait_for_idle
    from app.ui.common.i18n import load_cjk_fonts, set_language
    from app.ui.shell.application import signed_in_context
    from app.ui.verification.verification_view import VerificationView
    from tests.helpers.verification import certificate_pdf, issue_all

    app = QApplication.instance() or QApplication(sys.argv)
    families = load_cjk_fonts(app)  # type: ignore[arg-type]
    print("CJK fonts:", families or "none (Chinese may show as boxes)")
    set_language(app, "zh")  # type: ignore[arg-type]
    args.out.mkdir(parents=True, exist_ok=True)

    db = Database(f"sqlite:///{(tmp / 'register.sqlite3').as_posix()}")
    upgrade(db.engine)
    users_service.bootstrap_admin(db, "admin", "admin-pass-1", "管理员")
    UsersService(db, Actor("admin", "admin")).add_user("desk1", "desk-pass-1", "helpdesk", "赵核验")
    issued = issue_all(db, today=date.today())
    ctx = signed_in_context(db, Actor("desk1", "helpdesk", "赵核验"),
                            Settings(verify_sound=False, idle_lock_minutes=0), tmp / "settings.toml")
    view = VerificationView(ctx, autostart_camera=False)
    view.setWindowTitle("核验 — 注册管理系统")
    view.resize(1360, 860)
    view.show()
    rng = np.random.default_rng(4)

    def settle(ms: int = 400) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()
        wait_for_idle(10000)
        app.processEvents()

    def verify(status: str) -> None:
        """Play a simulated webcam clip of the printed certificate through the real camera path."""
        page = render_pdf(certificate_pdf(issued[status], tmp / f"{status}.pdf"))[0]
        clip = write_video(tmp / f"{status}.avi", blank_frames(3, rng)
                           + clip_frames(page, 40, rng, difficulty=0.15), fps=12)
        loop = QEventLoop()
        view.verified.connect(loop.quit)
        view.start_camera(clip)
        QTimer.singleShot(20000, loop.quit)
        loop.exec()
        view.verified.disconnect(loop.quit)
        settle(500)  # the preview keeps running while the result is shown

    shots = (("valid", "verification_valid.png"), ("expired", "verification_expired.png"),
             ("invalid_signature", "verification_forged.png"),
             ("superseded", "verification_superseded.png"))
    settle(600)
    for status, name in shots:
        verify(status)
        target = args.out / name
        view.grab().save(str(target))
        view.stop_camera()
        print(f"{status:<18} -> {target}  banner: {view.banner.headline.text()}")
    view.close()
    wait_for_idle(10000)
    db.dispose()
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
