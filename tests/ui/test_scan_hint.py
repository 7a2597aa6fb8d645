"""The help desk words the camera's guidance under the verdict (issue 16)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from app.scanner.footage import locate_code, write_video
from app.scanner.footage_conditions import condition, condition_frames
from app.scanner.guidance import Guidance
from app.scanner.sources import render_pdf
from tests.helpers.verification import certificate_pdf


def test_hint_shows_and_clears(qtbot, desk) -> None:  # type: ignore[no-untyped-def]
    view, _ = desk
    assert not view.hint.isVisible()
    view._on_hit(Guidance("glare"))
    assert view.hint.isVisible() and view.hint.text() == "请避开反光"
    view._on_hit(Guidance("too_small"))
    assert view.hint.text() == "请靠近一些"
    view._on_hit(Guidance(None))
    assert not view.hint.isVisible()


def test_camera_names_a_code_cut_by_the_frame(qtbot, desk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    view, issued = desk
    page = render_pdf(certificate_pdf(issued["valid"], tmp_path / "valid.pdf"))[0]
    # Four held poses of 8 frames (a hand moves between them): whether one pose shows enough
    # of the finder patterns to name the cause depends on the code's modules, so one is not
    # enough for a test that must hold for any certificate text.
    frames = condition_frames(page, locate_code(page), condition("off_frame"), 32,
                              np.random.default_rng(4))
    clip = write_video(tmp_path / "cut.avi", frames, fps=15)
    view.start_camera(clip)
    qtbot.waitUntil(lambda: view.hint.isVisible(), timeout=15000)
    assert view.hint.text() == "请对准二维码"
    view.stop_camera()
    assert not view.hint.isVisible()
    stats = view.camera.stats
    assert stats is not None and stats.read >= 2 and stats.analysed >= 2
