"""Wizard rules visible to the clerk: social-security warning, commitment, continuation window,
and 上报 as one use case (a refused submission leaves nothing behind)."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QWizard

from app.models.people import Registration
from app.services.filing_service import FilingService
from app.services.register_service import RegisterService
from app.ui.common.background import wait_for_idle
from app.ui.filings.filing_wizard import FilingWizard
from tests.helpers.workflow import add_images, employer, qualified_person

LEFT = Qt.MouseButton.LeftButton


def tick(qtbot, box) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(box.isVisible)
    qtbot.mouseClick(box, LEFT, pos=QPoint(8, box.height() // 2))


def finish(qtbot, wiz) -> None:  # type: ignore[no-untyped-def]
    """Press 上报 and wait for the service's answer (it runs off the GUI thread)."""
    qtbot.mouseClick(wiz.button(QWizard.WizardButton.FinishButton), LEFT)
    qtbot.waitUntil(lambda: wiz.created is not None or bool(wiz.confirm_page.error.text()),
                    timeout=8000)


def start(qtbot, ctx, person_id, filing_type="initial", delay=0):  # type: ignore[no-untyped-def]
    wiz = FilingWizard(ctx, person_id, filing_type, None, commitment_delay_s=delay)
    qtbot.addWidget(wiz)
    wiz.show()
    return wiz, wiz.button(QWizard.WizardButton.NextButton)


def test_social_security_warning_cancel_and_confirm(qtbot, db, staff, make_context) -> None:
    clerk = staff["clerk"]
    reg = RegisterService(db, clerk)
    person = qualified_person(db, clerk, reg, employer(reg).id)
    reg.flag_social_security(person.id, "核查")
    ctx = make_context(clerk)

    wiz, nxt = start(qtbot, ctx, person.id)
    asked: list[str] = []
    wiz.confirm = lambda title, text: asked.append(text) or False  # type: ignore[method-assign]
    qtbot.mouseClick(nxt, LEFT)
    tick(qtbot, wiz.conditions_page.select_all)
    qtbot.mouseClick(nxt, LEFT)
    assert asked and "社保" in asked[0]
    assert wiz.result() == QWizard.DialogCode.Rejected  # 取消 abandons the filing

    wiz, nxt = start(qtbot, ctx, person.id)
    wiz.confirm = lambda title, text: True  # type: ignore[method-assign]
    qtbot.mouseClick(nxt, LEFT)
    tick(qtbot, wiz.conditions_page.select_all)
    qtbot.mouseClick(nxt, LEFT)
    assert wiz.currentPage() is wiz.commitment_page
    tick(qtbot, wiz.commitment_page.commit)
    qtbot.waitUntil(nxt.isEnabled, timeout=3000)
    qtbot.mouseClick(nxt, LEFT)
    qtbot.mouseClick(nxt, LEFT)
    finish(qtbot, wiz)
    assert wiz.created is not None, wiz.confirm_page.error.text()
    assert wiz.result() == QWizard.DialogCode.Accepted
    stored = FilingService(db, clerk).get_filing(wiz.created.id)
    assert stored.state == "submitted" and stored.social_security_override


def test_commitment_locked_then_decline_cancels(qtbot, db, staff, make_context) -> None:
    clerk = staff["clerk"]
    reg = RegisterService(db, clerk)
    person = qualified_person(db, clerk, reg, employer(reg).id)
    wiz, nxt = start(qtbot, make_context(clerk), person.id, delay=60)
    qtbot.mouseClick(nxt, LEFT)
    tick(qtbot, wiz.conditions_page.select_all)
    qtbot.mouseClick(nxt, LEFT)
    tick(qtbot, wiz.commitment_page.decline)
    qtbot.wait(1100)
    assert not nxt.isEnabled() and "59" in nxt.text()  # counting down from 60 s
    wiz.commitment_page.remaining = 1  # let the remaining minute pass
    qtbot.waitUntil(nxt.isEnabled, timeout=3000)
    qtbot.mouseClick(nxt, LEFT)
    assert wiz.result() == QWizard.DialogCode.Rejected  # 不作出承诺 = no filing
    assert FilingService(db, clerk).list_filings(person_id=person.id) == []


def test_continuation_only_inside_its_window(qtbot, db, staff, make_context) -> None:
    clerk = staff["clerk"]
    reg = RegisterService(db, clerk)
    person = qualified_person(db, clerk, reg, employer(reg).id)
    with db.session_scope() as s:
        s.add(Registration(person_id=person.id, kind="architect", specialty="architecture",
                           registration_number="20311000099", valid_from=date.today() - timedelta(days=300),
                           valid_until=date.today() + timedelta(days=1500), state="active",
                           first_registered_on=date.today() - timedelta(days=300)))
    ctx = make_context(clerk)
    wiz, nxt = start(qtbot, ctx, person.id, "continuation")
    assert wiz.type_page.target.count() == 0 and not nxt.isEnabled()
    # architects: 004 "只有在注册期满前半年内可申报" is the default of the office's setting
    opens = (date.today() + timedelta(days=1500) - timedelta(days=183)).isoformat()[:7]
    assert "20311000099" in wiz.type_page.hint.text() and opens in wiz.type_page.hint.text()
    late = FilingWizard(ctx, person.id, "continuation", None,
                        today=date.today() + timedelta(days=1400))
    qtbot.addWidget(late)
    late.show()
    assert late.type_page.target.count() == 1  # inside the last half year it is offered


def test_failed_submission_explained_and_nothing_left_behind(qtbot, db, staff, make_context,
                                                             make_main_window, monkeypatch) -> None:
    from datetime import date as day

    from app.ui.filings import filing_detail_view
    from app.ui.filings.filing_detail_view import QMessageBox
    from tests.helpers.workflow import resident_id

    clerk = staff["clerk"]
    reg = RegisterService(db, clerk)
    emp = employer(reg)
    bare = reg.create_person(id_number=resident_id("11010519700101001"), name="钱七",
                             employer_id=emp.id, employment_start=day(2020, 1, 1))
    reg.add_qualification(bare.id, kind="architect", specialty="architecture",
                          certificate_number="Q1", issued_on=day(2019, 1, 1))
    wiz, nxt = start(qtbot, make_context(clerk), bare.id)
    wiz.confirm = lambda title, text: True  # type: ignore[method-assign]
    qtbot.mouseClick(nxt, LEFT)
    tick(qtbot, wiz.conditions_page.select_all)
    qtbot.mouseClick(nxt, LEFT)
    tick(qtbot, wiz.commitment_page.commit)
    qtbot.waitUntil(nxt.isEnabled, timeout=3000)
    qtbot.mouseClick(nxt, LEFT)
    qtbot.mouseClick(nxt, LEFT)
    finish(qtbot, wiz)
    assert wiz.created is None and "照片" in wiz.confirm_page.error.text()  # no photo on file
    assert wiz.isVisible() and wiz.currentPage() is wiz.confirm_page  # the clerk stays here
    svc = FilingService(db, clerk)
    # create, attach and submit are one transaction: the refusal left no draft behind
    assert svc.list_filings(person_id=bare.id) == []
    # the clerk fixes the cause (the photo) and presses 上报 again
    add_images(db, clerk, bare.id)
    finish(qtbot, wiz)
    assert wiz.created is not None, wiz.confirm_page.error.text()
    assert [f.state for f in svc.list_filings(person_id=bare.id)] == ["submitted"]
    svc.withdraw(wiz.created.id)

    # a draft left by another route (the CLI, an older version) can be thrown away from the
    # filing page
    draft = svc.create_filing(person_id=bare.id, filing_type="initial", kind="architect",
                              specialty="architecture")
    monkeypatch.setattr(filing_detail_view.QMessageBox, "question",
                        staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    win = make_main_window(clerk)
    page = win.page("filings")
    page.browser.select_filing(draft.id)
    qtbot.waitUntil(lambda: "discard_draft" in page.browser.detail.action_buttons, timeout=8000)
    qtbot.mouseClick(page.browser.detail.action_buttons["discard_draft"], LEFT)
    qtbot.waitUntil(lambda: page.browser.detail.filing is None, timeout=8000)
    assert [f.state for f in svc.list_filings(person_id=bare.id)] == ["withdrawn"]  # draft gone


def test_submitting_updates_an_open_filings_list(qtbot, db, staff, make_context) -> None:
    from app.ui.filings.filings_view import FilingsView

    clerk = staff["clerk"]
    reg = RegisterService(db, clerk)
    person = qualified_person(db, clerk, reg, employer(reg).id)
    ctx = make_context(clerk)
    listing = FilingsView(ctx)
    qtbot.addWidget(listing)
    listing.show()
    qtbot.waitUntil(lambda: listing.browser.status.text() != "", timeout=8000)
    assert listing.browser.model.rowCount() == 0

    wiz, nxt = start(qtbot, ctx, person.id)
    wiz.confirm = lambda title, text: True  # type: ignore[method-assign]
    qtbot.mouseClick(nxt, LEFT)
    tick(qtbot, wiz.conditions_page.select_all)
    qtbot.mouseClick(nxt, LEFT)
    tick(qtbot, wiz.commitment_page.commit)
    qtbot.waitUntil(nxt.isEnabled, timeout=3000)
    qtbot.mouseClick(nxt, LEFT)
    qtbot.mouseClick(nxt, LEFT)
    finish(qtbot, wiz)
    assert wiz.created is not None, wiz.confirm_page.error.text()
    # the list was not asked to refresh: the wizard's operation said it changed filings
    qtbot.waitUntil(lambda: listing.browser.model.rowCount() == 1, timeout=8000)
    assert listing.browser.model.index(0, 0).data() == wiz.created.number
    qtbot.waitUntil(lambda: listing.browser.detail.filing is not None, timeout=8000)
    assert wait_for_idle(8000)
    qtbot.wait(50)  # deliver the answers before the teardown deletes the views


def test_registered_constructor_adds_a_specialty_by_addition(qtbot, db, staff, make_context) -> None:
    # 002 names 增项注册: a registered constructor's further specialty is not a second 初始注册.
    clerk = staff["clerk"]
    reg = RegisterService(db, clerk)
    person = qualified_person(db, clerk, reg, employer(reg).id, kind="constructor",
                              specialty="building")
    reg.add_qualification(person.id, kind="constructor", specialty="municipal",
                          certificate_number="Q-M", issued_on=date(2019, 5, 1))
    with db.session_scope() as s:
        s.add(Registration(person_id=person.id, kind="constructor", specialty="building",
                           registration_number="京1112019202000001",
                           valid_from=date.today() - timedelta(days=100),
                           valid_until=date.today() + timedelta(days=900), state="active",
                           first_registered_on=date.today() - timedelta(days=100)))
    ctx = make_context(clerk)
    wiz, _ = start(qtbot, ctx, person.id, "initial")
    assert wiz.type_page.target.count() == 0
    wiz.type_page.type.setCurrentIndex(wiz.type_page.type.findData("addition"))
    assert wiz.type_page.target.count() == 1
    assert "市政公用工程" in wiz.type_page.target.itemText(0)
