"""Whole tasks through the widgets: log in, create a person, file an initial registration,
take it through the employer and the authority, request and answer a correction, approve;
withdraw where seed 004 allows it and be refused where it does not. The database is checked
afterwards through the services and the audit log."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMessageBox, QWizard
from sqlalchemy import func, select

from app.domain import filing_rules as fr
from app.models.files import Attachment
from app.models.staff import AuditEntry
from app.services.filing_service import FilingService
from app.services.register_service import RegisterService
from app.ui.filings import (
    attachment_picker,
    filing_action_dialogs,
    filing_detail_view,
    filing_wizard,
)
from app.ui.persons import person_dialog, qualification_dialog
from app.ui.shell.login_dialog import LoginDialog
from tests.helpers.accounts import PASSWORD
from tests.helpers.workflow import add_images, employer, noisy_png, qualified_person, resident_id

LEFT = Qt.MouseButton.LeftButton


def login(qtbot, db, username: str) -> Any:  # type: ignore[no-untyped-def]
    dlg = LoginDialog(db)
    qtbot.addWidget(dlg)
    qtbot.keyClicks(dlg.username, username)
    qtbot.keyClicks(dlg.password, PASSWORD)
    qtbot.mouseClick(dlg.buttons.button(dlg.buttons.StandardButton.Ok), LEFT)
    assert dlg.actor is not None, dlg.error.text()
    return dlg.actor


def tick(qtbot, box) -> None:  # type: ignore[no-untyped-def]
    """Click a check box or radio button on its indicator, where a user clicks."""
    qtbot.mouseClick(box, LEFT, pos=QPoint(8, box.height() // 2))


def wait_filing(qtbot, detail, state: str) -> Any:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: detail.filing is not None and detail.filing.state == state, timeout=8000)
    return detail.filing


def click_action(qtbot, detail, action: str) -> None:  # type: ignore[no-untyped-def]
    assert action in detail.action_buttons, f"{action} not offered: {list(detail.action_buttons)}"
    qtbot.mouseClick(detail.action_buttons[action], LEFT)


def drive_wizard(qtbot, monkeypatch, filing_type: str = "initial") -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Replace FilingWizard.ask by a user clicking through every page."""
    seen: dict[str, Any] = {}

    def ask(ctx, person_id, ftype="initial", parent=None):  # type: ignore[no-untyped-def]
        wiz = filing_wizard.FilingWizard(ctx, person_id, filing_type, parent, commitment_delay_s=1)
        qtbot.addWidget(wiz)
        wiz.show()
        nxt = wiz.button(QWizard.WizardButton.NextButton)
        assert wiz.type_page.target.count() >= 1, wiz.type_page.hint.text()
        qtbot.mouseClick(nxt, LEFT)
        assert wiz.currentPage() is wiz.conditions_page
        assert not nxt.isEnabled()  # nothing ticked yet
        qtbot.waitUntil(wiz.conditions_page.boxes[-1].isVisible)
        tick(qtbot, wiz.conditions_page.boxes[0])
        assert not nxt.isEnabled()  # one of several
        tick(qtbot, wiz.conditions_page.select_all)
        assert nxt.isEnabled()
        qtbot.mouseClick(nxt, LEFT)
        assert wiz.currentPage() is wiz.commitment_page
        qtbot.waitUntil(wiz.commitment_page.commit.isVisible)
        tick(qtbot, wiz.commitment_page.commit)
        seen["locked_text"] = nxt.text()
        assert not nxt.isEnabled()  # the reading delay has not elapsed
        qtbot.waitUntil(nxt.isEnabled, timeout=4000)
        qtbot.mouseClick(nxt, LEFT)
        assert wiz.currentPage() is wiz.form_page
        seen["form_page"] = wiz.form_page
        if "before_form_next" in seen:
            seen["before_form_next"](wiz)
        qtbot.mouseClick(nxt, LEFT)
        assert wiz.currentPage() is wiz.confirm_page
        questions: list[str] = []
        wiz.confirm = lambda title, text: questions.append(text) or True  # type: ignore[method-assign]
        qtbot.mouseClick(wiz.button(QWizard.WizardButton.FinishButton), LEFT)
        # 上报 runs off the GUI thread; the wizard closes when the service took the filing
        qtbot.waitUntil(lambda: wiz.created is not None or bool(wiz.confirm_page.error.text()),
                        timeout=8000)
        seen["questions"] = questions
        seen["error"] = wiz.confirm_page.error.text()
        return wiz.created

    monkeypatch.setattr(filing_wizard.FilingWizard, "ask", staticmethod(ask))
    return seen


@pytest.mark.slow
def test_initial_registration_with_correction_to_approval(
        qtbot, db, staff, make_main_window, monkeypatch, tmp_path: Path, errors_shown) -> None:
    clerk = login(qtbot, db, "clerk")
    reg = RegisterService(db, clerk)
    emp = employer(reg)
    win = make_main_window(clerk)
    persons = win.page("persons")

    # -- a new person, typed in ------------------------------------------------------------
    id_number = resident_id("11010819880808201")

    def new_person(ctx, person, employer, parent):  # type: ignore[no-untyped-def]
        dlg = person_dialog.PersonDialog(ctx, person, employer, parent)
        qtbot.addWidget(dlg)
        qtbot.keyClicks(dlg.id_number, id_number)
        dlg.name.insert("赵建国")
        qtbot.keyClicks(dlg.mobile, "13900000008")
        dlg.employer_name.insert("北京建筑设计研究院")
        qtbot.keyClicks(dlg.uscc, emp.uscc)
        dlg.save()  # in the background
        qtbot.waitUntil(lambda: dlg.saved is not None or bool(dlg.general_error.text()), timeout=8000)
        assert dlg.saved is not None, dlg.general_error.text()
        return dlg.saved

    monkeypatch.setattr(person_dialog.PersonDialog, "ask", staticmethod(new_person))
    qtbot.mouseClick(persons.new_button, LEFT)
    qtbot.waitUntil(lambda: persons.detail.heading.text() == "赵建国", timeout=8000)
    person = reg.find_person(id_number)
    assert person is not None and person.employer_id == emp.id

    def add_qual(ctx, person_id, parent):  # type: ignore[no-untyped-def]
        dlg = qualification_dialog.QualificationDialog(ctx, person_id, parent)
        qtbot.addWidget(dlg)
        qtbot.keyClicks(dlg.number, "JZ2019001")
        dlg.save()  # in the background
        qtbot.waitUntil(lambda: dlg.saved is not None, timeout=8000)
        return dlg.saved

    monkeypatch.setattr(qualification_dialog.QualificationDialog, "ask", staticmethod(add_qual))
    qtbot.mouseClick(persons.detail.qual_button, LEFT)
    add_images(db, clerk, person.id)  # photo and signature: the photo part's own panel does this
    qtbot.waitUntil(lambda: persons.detail.record is not None
                    and len(persons.detail.record.qualifications) == 1, timeout=8000)

    # -- the filing wizard, opened from the person -----------------------------------------
    seen = drive_wizard(qtbot, monkeypatch)
    qtbot.mouseClick(persons.detail.filing_button, LEFT)
    assert "1" in seen["locked_text"]  # the button counts the seconds down
    assert seen["questions"], "no confirmation before submitting"
    assert not seen["error"], seen["error"]
    filings_page = win.page("filings")
    detail = filings_page.browser.detail
    filing = wait_filing(qtbot, detail, fr.SUBMITTED)
    assert "withdraw" in detail.action_buttons  # 个人已上报: withdrawal allowed

    click_action(qtbot, detail, "employer_confirm")
    wait_filing(qtbot, detail, fr.EMPLOYER_CONFIRMED)
    # 企业已上报: with the authority, so withdrawal needs the employer's consent first (004 §5)
    assert "withdraw" not in detail.action_buttons

    # -- the reviewer accepts and asks for a correction ------------------------------------
    reviewer = login(qtbot, db, "reviewer")
    rwin = make_main_window(reviewer)
    review = rwin.page("review").browser
    qtbot.waitUntil(lambda: review.model.rowCount() == 1, timeout=8000)
    rdetail = review.detail
    wait_filing(qtbot, rdetail, fr.EMPLOYER_CONFIRMED)
    click_action(qtbot, rdetail, "accept")
    wait_filing(qtbot, rdetail, fr.ACCEPTED)

    def correction_request(parent):  # type: ignore[no-untyped-def]
        dlg = filing_action_dialogs.CorrectionRequestDialog(parent)
        qtbot.addWidget(dlg)
        dlg.content.insertPlainText("补充社保证明")
        dlg._try_accept()
        assert dlg.outcome is None  # the reason is missing: refused inline
        dlg.reason.insertPlainText("未见近三个月社保缴纳记录")
        dlg._try_accept()
        return dlg.outcome

    monkeypatch.setattr(filing_action_dialogs.CorrectionRequestDialog, "ask", staticmethod(correction_request))
    click_action(qtbot, rdetail, "request_corrections")
    wait_filing(qtbot, rdetail, fr.CORRECTIONS_REQUESTED)
    assert "approve" not in rdetail.action_buttons

    # -- the clerk answers: too small refused, too large recompressed ----------------------
    filings_page.refresh()
    filing = wait_filing(qtbot, detail, fr.CORRECTIONS_REQUESTED)
    assert detail.corrections.rowCount() == 1
    assert detail.corrections.item(0, 1).text() == "补充社保证明"
    tiny = tmp_path / "tiny.pdf"
    tiny.write_bytes(b"%PDF-1.4\n" + b"0" * 10_000)
    big = tmp_path / "scan.png"
    big.write_bytes(noisy_png())
    warnings: list[str] = []
    monkeypatch.setattr(attachment_picker.QMessageBox, "warning",
                        staticmethod(lambda parent, title, text: warnings.append(text)))
    monkeypatch.setattr(attachment_picker.QMessageBox, "question",
                        staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    answered: dict[str, Any] = {}

    def answer(parent, correction, limits):  # type: ignore[no-untyped-def]
        dlg = filing_action_dialogs.CorrectionAnswerDialog(parent, correction, limits)
        qtbot.addWidget(dlg)
        files = iter([tiny, big])
        dlg.choose_file = lambda: next(files)  # type: ignore[method-assign]
        dlg.choose()
        assert dlg.picked is None and warnings and "200" in warnings[0]  # refused with the reason
        dlg.choose()
        assert dlg.picked is not None and dlg.picked.recompressed
        answered["size"] = len(dlg.picked.content)
        dlg.note.insert("已补充")
        dlg._try_accept()
        return dlg.outcome

    monkeypatch.setattr(filing_action_dialogs.CorrectionAnswerDialog, "ask", staticmethod(answer))
    click_action(qtbot, detail, "answer_corrections")
    wait_filing(qtbot, detail, fr.ACCEPTED)  # back where the authority had it
    assert 200 * 1024 <= answered["size"] <= 500 * 1024
    assert detail.corrections.item(0, 3).text().startswith("已补正")

    # -- the reviewer approves -------------------------------------------------------------
    def opinion(parent, action):  # type: ignore[no-untyped-def]
        dlg = filing_action_dialogs.OpinionDialog(parent, action)
        qtbot.addWidget(dlg)
        dlg.opinion.insertPlainText("材料齐全，准予注册")
        dlg._try_accept()
        return dlg.outcome

    monkeypatch.setattr(filing_action_dialogs.OpinionDialog, "ask", staticmethod(opinion))
    review.refresh()
    review.queue.setCurrentIndex(1)  # 待审批
    qtbot.waitUntil(lambda: review.model.rowCount() == 1, timeout=8000)
    wait_filing(qtbot, rdetail, fr.ACCEPTED)
    click_action(qtbot, rdetail, "approve")
    final = wait_filing(qtbot, rdetail, fr.APPROVED)
    assert not rdetail.action_buttons  # nothing more to do
    assert any("准予注册" in m.body for m in rdetail.page.messages)
    assert rdetail.events.rowCount() == len(final.events) >= 7

    assert not errors_shown, errors_shown
    # the person's page lists the filing; double-click opens it on the filings screen
    win.page("persons").detail.show_person(person.id)
    pdetail = win.page("persons").detail
    qtbot.waitUntil(lambda: pdetail.filings.rowCount() == 1, timeout=8000)
    assert pdetail.filings.item(0, 0).text() == filing.number
    pdetail.filings.cellDoubleClicked.emit(0, 0)
    assert win.stack.currentWidget() is filings_page
    wait_filing(qtbot, detail, fr.APPROVED)
    # -- the database afterwards ------------------------------------------------------------
    regs = reg.list_registrations(person_id=person.id)
    assert [(r.kind, r.specialty, r.state) for r in regs] == [("architect", "architecture", "active")]
    stored = FilingService(db, clerk).get_filing(filing.id)
    assert stored.state == fr.APPROVED and stored.opinion == "材料齐全，准予注册"
    assert [c.state for c in stored.corrections] == ["answered"]
    with db.session_scope(write=False) as s:
        sizes = s.scalars(select(Attachment.size).where(Attachment.filing_id == filing.id,
                                                        Attachment.purpose == "correction")).all()
        assert sizes == [answered["size"]]
        actions = set(s.scalars(select(AuditEntry.action)).all())
        assert s.scalar(select(func.count()).select_from(AuditEntry)) > 10
    assert {"person_created", "filing_created"} <= actions


def test_withdraw_only_where_allowed(qtbot, db, staff, make_main_window, errors_shown,
                                    monkeypatch) -> None:
    monkeypatch.setattr(filing_detail_view.QMessageBox, "question",
                        staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    clerk, reviewer = staff["clerk"], staff["reviewer"]
    reg = RegisterService(db, clerk)
    emp = employer(reg)
    svc, rsvc = FilingService(db, clerk), FilingService(db, reviewer)
    people = [qualified_person(db, clerk, reg, emp.id, id17=f"1101051980010{i}00{i}", name=n)
              for i, n in enumerate(["甲一", "乙二", "丙三"], start=1)]
    filings = []
    for p in people:
        f = svc.create_filing(person_id=p.id, filing_type="initial", kind="architect",
                              specialty="architecture")
        filings.append(svc.submit(f.id, conditions_accepted=True, commitment_accepted=True))
    for f in filings[1:]:
        svc.employer_confirm(f.id)
    rsvc.accept(filings[2].id)

    win = make_main_window(clerk)
    page = win.page("filings")
    detail = page.browser.detail

    # 个人已上报: withdraw offered and done
    page.browser.select_filing(filings[0].id)
    wait_filing(qtbot, detail, fr.SUBMITTED)
    click_action(qtbot, detail, "withdraw")
    wait_filing(qtbot, detail, fr.WITHDRAWN)
    assert svc.get_filing(filings[0].id).state == fr.WITHDRAWN
    # 撤回的数据可以再次申请: the withdrawn filing offers to file again (through the wizard)
    opened: list[tuple[object, str]] = []
    monkeypatch.setattr(page, "new_filing", lambda pid, ftype="initial": opened.append((pid, ftype)))
    page.browser.detail.refile_requested.disconnect()
    page.browser.detail.refile_requested.connect(page.new_filing)
    click_action(qtbot, detail, "refile")
    assert opened == [(people[0].id, "initial")]

    # 企业已上报 (with the authority, not yet 受理): only after the employer's consent
    page.browser.select_filing(filings[1].id)
    wait_filing(qtbot, detail, fr.EMPLOYER_CONFIRMED)
    assert "withdraw" not in detail.action_buttons
    click_action(qtbot, detail, "employer_consent")
    qtbot.waitUntil(lambda: "withdraw" in detail.action_buttons, timeout=8000)
    click_action(qtbot, detail, "withdraw")
    wait_filing(qtbot, detail, fr.WITHDRAWN)

    # accepted: not offered; a stale screen that tries anyway is refused by the service
    page.browser.select_filing(filings[2].id)
    wait_filing(qtbot, detail, fr.ACCEPTED)
    assert "withdraw" not in detail.action_buttons and not detail.action_buttons
    detail.run_action("withdraw")
    qtbot.waitUntil(lambda: bool(errors_shown), timeout=8000)  # the service answers off-thread
    assert "撤回" in errors_shown[-1]
    assert "withdraw_not_allowed" not in errors_shown[-1]  # a sentence, not a code
    assert svc.get_filing(filings[2].id).state == fr.ACCEPTED
