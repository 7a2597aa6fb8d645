"""Change notification: run_op publishes what a finished operation changed; views follow."""

from __future__ import annotations

import threading

import shiboken6
from PySide6.QtWidgets import QStackedWidget, QWidget

from app.errors import RuleViolation
from app.ui.common.background import wait_for_idle
from app.ui.common.changes import ChangeBus, Changes, follow_changes, run_op


def test_changes_combine_and_name_their_kinds() -> None:
    both = Changes(persons=True) | Changes(filings=True)
    assert both == Changes(persons=True, filings=True)
    assert both.touches("filings", "users") and not both.touches("users", "office")
    assert both.anything and not Changes().anything


def test_publish_ignores_an_empty_change(qtbot) -> None:  # type: ignore[no-untyped-def]
    bus = ChangeBus()
    seen: list[Changes] = []
    bus.changed.connect(seen.append)
    bus.publish(Changes())
    bus.publish(Changes(users=True))
    assert seen == [Changes(users=True)]


def test_run_op_publishes_after_the_work_and_before_on_success(qtbot) -> None:  # type: ignore[no-untyped-def]
    bus = ChangeBus()
    order: list[str] = []
    bus.changed.connect(lambda changes: order.append(f"published {changes.persons}"))

    def work() -> int:
        assert threading.current_thread() is not threading.main_thread()
        order.append("worked")
        return 7

    with qtbot.waitSignal(bus.changed, timeout=5000):
        run_op(bus, work, Changes(persons=True), on_success=lambda v: order.append(f"done {v}"))
    qtbot.waitUntil(lambda: len(order) == 3, timeout=5000)
    assert order == ["worked", "published True", "done 7"]


def test_a_failed_op_publishes_nothing(qtbot) -> None:  # type: ignore[no-untyped-def]
    bus = ChangeBus()
    published: list[Changes] = []
    errors: list[str] = []
    bus.changed.connect(published.append)

    def refused() -> None:
        raise RuleViolation("cannot_disable_self")

    run_op(bus, refused, Changes(users=True), on_error=lambda exc: errors.append(exc.code))
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert errors == ["cannot_disable_self"] and published == []


def test_a_destroyed_owner_gets_no_callback_but_the_change_is_published(qtbot) -> None:  # type: ignore[no-untyped-def]
    bus = ChangeBus()
    published: list[Changes] = []
    called: list[object] = []
    bus.changed.connect(published.append)
    owner = QWidget()
    started = threading.Event()
    release = threading.Event()

    def work() -> str:
        started.set()
        release.wait(5)
        return "late"

    run_op(bus, work, Changes(office=True), on_success=called.append, owner=owner)
    assert started.wait(5)
    shiboken6.delete(owner)  # the window closed while the job ran
    release.set()
    wait_for_idle()
    qtbot.waitUntil(lambda: bool(published), timeout=5000)
    assert published == [Changes(office=True)] and called == []


def test_a_hidden_view_refreshes_when_shown_a_visible_one_at_once(qtbot) -> None:  # type: ignore[no-untyped-def]
    bus = ChangeBus()
    stack = QStackedWidget()
    qtbot.addWidget(stack)
    persons, users = QWidget(), QWidget()
    stack.addWidget(persons)
    stack.addWidget(users)
    refreshed: list[str] = []
    follow_changes(persons, bus, ("persons",), lambda: refreshed.append("persons"))
    users_follower = follow_changes(users, bus, ("users",), lambda: refreshed.append("users"))
    stack.show()
    qtbot.waitExposed(stack)
    bus.publish(Changes(persons=True))
    assert refreshed == ["persons"]  # visible: at once
    bus.publish(Changes(filings=True))
    assert refreshed == ["persons"]  # not a kind either shows
    bus.publish(Changes(users=True))
    assert refreshed == ["persons"] and users_follower.stale  # hidden: only marked
    stack.setCurrentWidget(users)
    assert refreshed == ["persons", "users"] and not users_follower.stale
    stack.setCurrentWidget(persons)
    stack.setCurrentWidget(users)
    assert refreshed == ["persons", "users"]  # shown again, nothing new: no refresh


def test_a_deleted_view_no_longer_listens(qtbot) -> None:  # type: ignore[no-untyped-def]
    bus = ChangeBus()
    view = QWidget()
    refreshed: list[str] = []
    follow_changes(view, bus, ("persons",), lambda: refreshed.append("persons"))
    view.show()
    bus.publish(Changes(persons=True))
    shiboken6.delete(view)
    bus.publish(Changes(persons=True))  # must neither crash nor call into the dead view
    assert refreshed == ["persons"]
