"""The camera worker in its own thread, fed by a video file (no webcam in CI)."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from app.errors import InvalidInput
from app.ui.common.camera_worker import CameraController, frame_to_qimage


def _write_clip(path: Path, frames: int = 12, fps: float = 30.0) -> Path:
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), fps, (320, 240))
    assert writer.isOpened()
    for i in range(frames):
        writer.write(np.full((240, 320, 3), 20 * i % 255, np.uint8))
    writer.release()
    return path


def test_worker_reads_video_in_its_thread_and_stops(qtbot, tmp_path: Path) -> None:
    clip = _write_clip(tmp_path / "clip.avi")
    camera = CameraController()
    frames: list[np.ndarray] = []
    analysed: list[int] = []
    threads: set[object] = set()

    def analyze(frame: np.ndarray) -> int:
        import threading
        threads.add(threading.get_ident())
        return int(frame.mean())

    camera.frame.connect(frames.append)
    camera.analyzed.connect(analysed.append)
    with qtbot.waitSignal(camera.finished, timeout=5000):
        camera.start(clip, analyze=analyze, preview_fps=0, analyze_interval=0)
    import threading
    assert threading.get_ident() not in threads  # analysis ran off the GUI thread
    assert len(frames) == 12 and len(analysed) == 12
    assert frames[0].shape == (240, 320, 3)
    assert analysed[0] < analysed[3]  # real pixel data came through, in order
    camera.stop()
    assert not camera.running


def test_stop_interrupts_a_looping_source(qtbot, tmp_path: Path) -> None:
    clip = _write_clip(tmp_path / "clip.avi", frames=5, fps=10)
    camera = CameraController()
    with qtbot.waitSignal(camera.frame, timeout=5000):
        camera.start(clip, loop_files=True)
    assert camera.running
    camera.stop()
    assert not camera.running
    camera.stop()  # idempotent


def test_missing_source_reports_failure(qtbot, tmp_path: Path) -> None:
    camera = CameraController()
    with qtbot.waitSignal(camera.failed, timeout=5000) as blocker:
        camera.start(tmp_path / "absent.avi")
    assert isinstance(blocker.args[0], InvalidInput)
    assert blocker.args[0].code == "source_not_found"
    camera.stop()


@pytest.mark.parametrize("shape", [(30, 40, 3), (30, 40)])
def test_frame_to_qimage_copies(shape: tuple[int, ...]) -> None:
    frame = np.zeros(shape, np.uint8)
    frame[..., 0] = 200 if len(shape) == 3 else 0
    image = frame_to_qimage(frame)
    del frame
    assert (image.width(), image.height()) == (40, 30)
    if len(shape) == 3:
        assert image.pixelColor(0, 0).blue() == 200


def test_a_busy_analyser_drops_live_frames_and_counts_them() -> None:
    import threading
    import time

    from app.ui.common.camera_worker import CameraStats, _AnalysisSlot

    stats, stop, seen = CameraStats(), threading.Event(), []

    def slow(frame: np.ndarray) -> None:
        time.sleep(0.05)
        seen.append(int(frame[0, 0, 0]))

    slot = _AnalysisSlot(slow, lambda r: None, stats, stop)
    for i in range(10):  # a live camera at ~200 fps, an analyser at 20 fps
        slot.put(np.full((4, 4, 3), i, np.uint8), wait=False)
        time.sleep(0.005)
    slot.close()
    assert stats.dropped >= 5 and stats.analysed == len(seen) >= 1
    assert seen[-1] == 9  # the newest frame is the one read, never a stale one
    assert stats.dropped + stats.analysed == 10
