"""Cyclic garbage is collected by the GUI thread's timer, never by whichever thread allocates."""

from __future__ import annotations

import gc
import weakref

from PySide6.QtCore import QObject

from app.ui.shell.gc_guard import MainThreadGarbageCollector, collect_like_python


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_automatic_collection_is_off_and_the_timer_collects(qtbot) -> None:  # type: ignore[no-untyped-def]
    owner = QObject()
    MainThreadGarbageCollector(owner, interval_ms=20)
    assert not gc.isenabled()
    refs = []
    for _ in range(gc.get_threshold()[0] + 50):  # enough allocations to cross generation 0
        obj = _Cycle()
        refs.append(weakref.ref(obj))
        del obj
    assert any(r() is not None for r in refs)  # nothing collected them behind our back
    qtbot.waitUntil(lambda: all(r() is None for r in refs), timeout=3000)
    owner.deleteLater()


def test_no_collection_below_the_threshold() -> None:
    gc.disable()
    gc.collect()
    obj = _Cycle()
    ref = weakref.ref(obj)
    del obj
    assert collect_like_python() == 0 and ref() is not None  # below threshold: left for later
    gc.collect()
    assert ref() is None
