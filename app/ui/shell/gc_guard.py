"""Garbage collection on the GUI thread only.

Python's cyclic garbage collector runs in whichever thread happens to allocate when a
threshold is crossed. If that is a background worker (database query, file verification) and
the garbage includes Qt objects — widgets, signal connections held in reference cycles — their
C++ destructors run off the GUI thread and the process can crash. We saw exactly that: a
segmentation fault while a worker thread was "Garbage-collecting". Anki solved the same problem
the same way: switch automatic collection off and collect from a timer on the GUI thread,
with the same generation thresholds Python would have used.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer


def collect_like_python() -> int:
    """One collection step with Python's own generation thresholds; call on the GUI thread."""
    t0, t1, t2 = gc.get_threshold()
    c0, c1, c2 = gc.get_count()
    if c0 <= t0:
        return 0
    found = gc.collect(0)
    if c1 > t1:
        found += gc.collect(1)
        if c2 > t2:
            found += gc.collect(2)
    return found


class MainThreadGarbageCollector(QObject):
    """Owns the timer; create it once, on the GUI thread, right after the QApplication."""

    def __init__(self, parent: QObject, interval_ms: int = 1000) -> None:
        super().__init__(parent)
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(collect_like_python)
        self._timer.start(interval_ms)
