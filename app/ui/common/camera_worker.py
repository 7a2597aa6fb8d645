"""The camera in its own thread: open, read, release a frame source, emit copied frames.

Used by the help-desk verification screen and by the photo capture dialog. The worker object
lives in its own :class:`QThread` and opens the source from :func:`app.scanner.sources.open_source`
*in that thread* (OpenCV capture handles must be used by the thread that created them), reads
frames in a loop, emits at most ``preview_fps`` copies per second for the preview, optionally
runs an ``analyze`` function (QR decoding, face detection) at most every ``analyze_interval``
seconds, and stops when asked through a thread-safe flag.

Analysis runs in a second thread of its own (:class:`_AnalysisSlot`), fed through a one-frame
mailbox: the capture loop never waits for a slow frame's decoding, so the preview keeps its
pace. From a live camera, a frame that arrives while the analyser is busy replaces the waiting
one (the newest frame is the one worth reading) and is counted in ``stats.dropped``; a file is
analysed frame by frame (the reader waits), so a recorded clip gives the same result each time.

Typical use::

    camera = CameraController(parent=self)
    camera.frame.connect(self.show_frame)        # numpy BGR array (a copy the slot owns)
    camera.analyzed.connect(self.on_code)        # whatever ``analyze`` returned, if not None
    camera.failed.connect(self.on_camera_error)  # RegistryError or other exception
    camera.start(0, analyze=decode_frame)        # index, video file, stream URL, image, PDF
    ...
    camera.stop()                                # joins the thread; safe to call twice
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, QThread, Signal, Slot
from PySide6.QtGui import QImage

from app.scanner.sources import FrameSource, open_source

log = logging.getLogger(__name__)

SourceSpec = int | str | Path
Analyzer = Callable[[np.ndarray], object]  # a result, or None for "nothing in this frame"


def frame_to_qimage(frame: np.ndarray) -> QImage:
    """A deep-copied QImage of a BGR (or grayscale) frame, safe to keep after the array dies."""
    if frame.ndim == 2:
        h, w = frame.shape
        image = QImage(frame.data, w, h, frame.strides[0], QImage.Format.Format_Grayscale8)
        return image.copy()
    h, w, _ = frame.shape
    frame = np.ascontiguousarray(frame)
    image = QImage(frame.data, w, h, frame.strides[0], QImage.Format.Format_BGR888)
    return image.copy()


class CameraStats:
    """Counters of one run (plain ints: read from the GUI thread, written by the workers)."""

    def __init__(self) -> None:
        self.read = 0        # frames from the source
        self.analysed = 0    # frames the analyser processed
        self.dropped = 0     # frames replaced in the mailbox before the analyser took them


class _AnalysisSlot:
    """A one-frame mailbox and the thread that analyses what it holds."""

    def __init__(self, analyze: Analyzer, emit: Callable[[object], None], stats: CameraStats,
                 stop: threading.Event) -> None:
        self._analyze, self._emit, self._stats, self._stop = analyze, emit, stats, stop
        self._cond = threading.Condition()
        self._frame: np.ndarray | None = None
        self._closing = False
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="camera-analysis", daemon=True)
        self._thread.start()

    def put(self, frame: np.ndarray, wait: bool) -> None:
        with self._cond:
            if wait:  # a file: hand over every frame
                while self._frame is not None and not self._stop.is_set() and not self._closing:
                    self._cond.wait(0.05)
            elif self._frame is not None:
                self._stats.dropped += 1
            self._frame = frame
            self._cond.notify_all()

    def close(self) -> None:
        """Let the analyser finish the frame it holds (unless stopping), then end its thread."""
        with self._cond:
            self._closing = True
            self._cond.notify_all()
        self._thread.join()

    def _run(self) -> None:
        while True:
            with self._cond:
                while self._frame is None and not self._closing:
                    self._cond.wait()
                frame, self._frame = self._frame, None
                self._cond.notify_all()
            if frame is None or self._stop.is_set():
                return
            try:
                result = self._analyze(frame)
            except Exception as exc:  # reported by the worker, which then stops
                self.error = exc
                self._stop.set()
                return
            self._stats.analysed += 1
            if result is not None:
                self._emit(result)


class CameraWorker(QObject):
    """Lives in the camera thread. Create it through :class:`CameraController`."""

    frame = Signal(object)        # np.ndarray (BGR, a private copy)
    analyzed = Signal(object)     # non-None result of ``analyze(frame)``
    failed = Signal(object)       # the exception that stopped the source
    finished = Signal()           # the loop ended (stopped, source exhausted or failed)

    def __init__(self, spec: SourceSpec, analyze: Analyzer | None = None,
                 preview_fps: float = 15.0, analyze_interval: float = 0.1,
                 loop_files: bool = False) -> None:
        super().__init__()
        self._spec = spec
        self._analyze = analyze
        self._preview_period = 1.0 / preview_fps if preview_fps > 0 else 0.0
        self._analyze_interval = analyze_interval
        self._loop_files = loop_files
        self._stop = threading.Event()
        self._source: FrameSource | None = None  # open only inside run(), in the camera thread
        self.stats = CameraStats()

    def request_stop(self) -> None:
        """Thread-safe: the loop ends after the frame it is working on."""
        self._stop.set()

    @Slot()
    def run(self) -> None:
        slot = None
        try:
            self._source = open_source(self._spec)
            if self._analyze is not None:
                slot = _AnalysisSlot(self._analyze, self.analyzed.emit, self.stats, self._stop)
            self._loop(self._source, slot)
        except Exception as exc:  # every failure must reach the GUI, never die in the thread
            log.info("camera source %r failed: %s", self._spec, exc)
            self.failed.emit(exc)
        finally:
            if slot is not None:
                slot.close()
                if slot.error is not None:
                    log.info("frame analysis failed: %s", slot.error)
                    self.failed.emit(slot.error)
            if self._source is not None:  # the last one opened, also after a file looped
                self._source.close()
                self._source = None
            self.finished.emit()

    def _loop(self, source: FrameSource, slot: _AnalysisSlot | None) -> None:
        # Files are paced at their own frame rate so a recorded clip behaves like a camera;
        # live sources already deliver in real time (read() blocks until the next frame).
        period = 1.0 / source.fps if (not source.live and source.fps > 0) else 0.0
        last_preview = last_analysis = -1e9
        next_due = time.monotonic()
        while not self._stop.is_set():
            frame = source.read()
            if frame is None:
                if source.live:
                    time.sleep(0.05)  # a camera hiccup: try again rather than giving up
                    continue
                if self._loop_files:
                    source.close()
                    self._source = source = open_source(self._spec)
                    continue
                break
            self.stats.read += 1
            now = time.monotonic()
            if now - last_preview >= self._preview_period:
                last_preview = now
                self.frame.emit(frame.copy())
            if slot is not None and now - last_analysis >= self._analyze_interval:
                last_analysis = now
                slot.put(frame, wait=not source.live)
            if period:
                next_due += period
                delay = next_due - time.monotonic()
                if delay > 0:
                    self._stop.wait(delay)
                else:
                    next_due = time.monotonic()  # fell behind: don't try to catch up in a burst


# Threads whose source did not return in time; see CameraController.stop.
_STUCK: list[tuple[QThread, CameraWorker]] = []


class CameraController(QObject):
    """Owns one worker and its thread; forwards the worker's signals (queued to the GUI thread)."""

    frame = Signal(object)
    analyzed = Signal(object)
    failed = Signal(object)
    finished = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: QThread | None = None
        self._worker: CameraWorker | None = None
        self._last_stats: CameraStats | None = None

    @property
    def stats(self) -> CameraStats | None:
        """Frames read, analysed and dropped by the current (or last) run."""
        return self._worker.stats if self._worker is not None else self._last_stats

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.isRunning()

    def start(self, spec: SourceSpec, analyze: Analyzer | None = None, *,
              preview_fps: float = 15.0, analyze_interval: float = 0.1,
              loop_files: bool = False) -> None:
        """Stop whatever runs, then open ``spec`` in a new thread (see :class:`CameraWorker`)."""
        self.stop()
        thread = QThread()
        thread.setObjectName("camera")
        worker = CameraWorker(spec, analyze, preview_fps, analyze_interval, loop_files)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.frame.connect(self.frame)
        worker.analyzed.connect(self.analyzed)
        worker.failed.connect(self.failed)
        worker.finished.connect(self._on_worker_finished)
        worker.finished.connect(thread.quit)
        self._thread, self._worker = thread, worker
        self._last_stats = worker.stats
        thread.start()

    def _on_worker_finished(self) -> None:
        if self.sender() is self._worker:
            self.finished.emit()

    def stop(self, timeout_ms: int = 5000) -> None:
        """Ask the worker to stop and wait for its thread (a blocked read may take a moment)."""
        thread, worker = self._thread, self._worker
        self._thread = self._worker = None
        if thread is None or worker is None:
            return
        worker.request_stop()
        thread.quit()
        if not thread.wait(timeout_ms):
            log.warning("camera thread did not stop within %d ms", timeout_ms)
            # Leaked rather than killed (terminating a thread inside OpenCV can crash), and kept
            # referenced: if Python dropped the last reference, Qt would destroy a running
            # QThread, which aborts the whole program. It ends by itself once the read returns.
            _STUCK.append((thread, worker))
            return
        worker.deleteLater()
        thread.deleteLater()
