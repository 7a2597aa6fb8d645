"""Reviewer queues for 申辩 and 信息更正, and the dashboard's figures and drill-down."""

from __future__ import annotations

from datetime import date, timedelta

from app.models.people import Registration
from app.services.filing_service import FilingService
from app.services.register_service import RegisterService
from app.ui.common.background import wait_for_idle
from app.ui.persons import person_requests_dialog
from tests.helpers.workflow import employer, qualified_person


def test_appeal_and_info_correction_handled(qtbot, db, staff, make_main_window, monkeypatch) -> None:
    clerk, reviewer = staff["clerk"], staff["reviewer"]
    reg = RegisterService(db, clerk)
    emp = employer(reg)
    person = qualified_person(db, clerk, reg, emp.id, name="曾小明")
    reg.flag_social_security(person.id, "社保核查")

    # the clerk records both requests from the persons screen
    win = make_main_window(clerk)
    persons = win.page("persons")
    qtbot.waitUntil(lambda: persons.detail.record is not None, timeout=8000)

    def appeal(ctx, p, parent):  # type: ignore[no-untyped-def]
        dlg = person_requests_dialog.AppealDialog(ctx, p, parent)
        qtbot.addWidget(dlg)
        dlg.statement.insertPlainText("本人一直在本单位缴纳社保，附缴费记录")
        dlg.save()  # in the background
        qtbot.waitUntil(lambda: dlg.saved is not None, timeout=8000)
        return dlg.saved

    def correction(ctx, p, parent):  # type: ignore[no-untyped-def]
        dlg = person_requests_dialog.InfoCorrectionDialog(ctx, p, parent)
        qtbot.addWidget(dlg)
        dlg.new_value.insert("曾晓明")
        dlg.reason.insertPlainText("户籍登记姓名已更正")
        dlg.save()  # in the background
        qtbot.waitUntil(lambda: dlg.saved is not None, timeout=8000)
        return dlg.saved

    monkeypatch.setattr(person_requests_dialog.AppealDialog, "ask", staticmethod(appeal))
    monkeypatch.setattr(person_requests_dialog.InfoCorrectionDialog, "ask", staticmethod(correction))
    persons.detail.appeal_button.click()
    persons.detail.info_button.click()

    # the reviewer decides
    rwin = make_main_window(reviewer)
    review = rwin.page("review")
    for panel, yes in ((review.appeals, True), (review.info, True)):
        qtbot.waitUntil(lambda p=panel: p.table.rowCount() == 1, timeout=8000)
        panel.table.selectRow(0)
        monkeypatch.setattr(panel, "ask_decision", lambda _yes: "核实无误")
        (panel.uphold if yes else panel.refuse).click()
        qtbot.waitUntil(lambda p=panel: p.table.rowCount() == 0, timeout=8000)  # left the open queue
    after = reg.get_person(person.id)
    assert after.name == "曾晓明"
    assert not after.social_security_flag  # the upheld appeal cleared the flag
    appeals = FilingService(db, reviewer).list_appeals()
    assert [(a.state, a.decision) for a in appeals] == [("upheld", "核实无误")]


def test_dashboard_counts_and_drill_down(qtbot, db, staff, make_main_window) -> None:
    clerk, reviewer = staff["clerk"], staff["reviewer"]
    reg = RegisterService(db, clerk)
    emp = employer(reg)
    svc = FilingService(db, clerk)
    people = [qualified_person(db, clerk, reg, emp.id, id17=f"3201021975060{i}01{i}", name=n)
              for i, n in enumerate(["周一", "吴二"], start=1)]
    for p in people:
        f = svc.create_filing(person_id=p.id, filing_type="initial", kind="architect",
                              specialty="architecture")
        svc.submit(f.id, conditions_accepted=True, commitment_accepted=True)
    # one registration (entered as the register's history) ends in 20 days
    with db.session_scope() as s:
        s.add(Registration(person_id=people[1].id, kind="architect", specialty="architecture",
                           registration_number="20321100001", valid_from=date.today() - timedelta(days=1800),
                           valid_until=date.today() + timedelta(days=20), state="active",
                           first_registered_on=date.today() - timedelta(days=1800)))
    win = make_main_window(reviewer)
    dash = win.page("dashboard")
    qtbot.waitUntil(lambda: dash.counts.get("submitted") == 2, timeout=8000)
    assert dash.state_buttons["submitted"].text().endswith("2")
    assert dash.expiring == {30: (1, 0), 90: (1, 0), 180: (1, 0)}
    assert dash.series.barSets()[0].at(0) == 1
    dlg = dash.open_list("registrations", 30)
    qtbot.waitUntil(lambda: dlg.model.rowCount() == 1, timeout=8000)
    assert dlg.model.index(0, 0).data() == "吴二"
    shown = dlg.model.index(0, 1).data()  # a list: the identity number is masked (issue 10)
    assert "*" in shown and shown[:6] == people[1].id_number[:6] and shown != people[1].id_number
    dlg.close()
    # a state count is clickable into the review queue
    dash.state_buttons["submitted"].click()
    assert win.stack.currentWidget() is win.pages["review"]
    browser = win.pages["review"].browser
    assert "submitted" in browser.queue.currentData()


def test_open_views_refresh_themselves_after_an_approval(qtbot, db, staff, make_context,
                                                         monkeypatch) -> None:
    """No F5: approving on the review screen updates the filings list, the dashboard, and a
    hidden filings list once it is shown again."""
    from app.ui.filings import filing_action_dialogs
    from app.ui.filings.filing_action_dialogs import ActionInput
    from app.ui.filings.filings_view import FilingsView
    from app.ui.review.dashboard_view import DashboardView
    from app.ui.review.review_view import ReviewView

    clerk, reviewer = staff["clerk"], staff["reviewer"]
    reg = RegisterService(db, clerk)
    person = qualified_person(db, clerk, reg, employer(reg).id, name="郑七")
    svc = FilingService(db, clerk)
    f = svc.create_filing(person_id=person.id, filing_type="initial", kind="architect",
                          specialty="architecture")
    svc.submit(f.id, conditions_accepted=True, commitment_accepted=True)
    svc.employer_confirm(f.id)
    FilingService(db, reviewer).accept(f.id)

    ctx = make_context(reviewer)
    views = [FilingsView(ctx), DashboardView(ctx), ReviewView(ctx), FilingsView(ctx)]
    filings, dash, review, hidden = views
    for view in views:
        qtbot.addWidget(view)
    for view in views[:3]:
        view.show()
    filings.browser.queue.setCurrentIndex(2)  # 全部
    browsers = (filings.browser, hidden.browser)
    qtbot.waitUntil(lambda: all(b.model.rowCount() == 1 for b in browsers), timeout=8000)
    assert filings.browser.model.index(0, 3).data() == "已受理"
    qtbot.waitUntil(lambda: dash.counts.get("accepted") == 1, timeout=8000)
    hidden_rows_before = hidden.browser.model.rows

    queue = review.browser
    queue.queue.setCurrentIndex(1)  # 待审批
    qtbot.waitUntil(lambda: queue.detail.filing is not None
                    and "approve" in queue.detail.action_buttons, timeout=8000)
    monkeypatch.setattr(filing_action_dialogs.OpinionDialog, "ask",
                        staticmethod(lambda parent, action: ActionInput(opinion="同意注册")))
    queue.detail.action_buttons["approve"].click()

    # nobody asked the other views to refresh
    qtbot.waitUntil(lambda: filings.browser.model.index(0, 3).data() == "审批通过", timeout=8000)
    qtbot.waitUntil(lambda: dash.counts.get("approved") == 1 and dash.counts.get("accepted") == 0,
                    timeout=8000)
    qtbot.waitUntil(lambda: queue.detail.filing is not None
                    and queue.detail.filing.state == "approved", timeout=8000)
    # the hidden list (正在办理) did not query while hidden, and catches up when shown: the
    # approved filing has left it
    assert hidden.browser.model.rows is hidden_rows_before
    hidden.show()
    qtbot.waitUntil(lambda: hidden.browser.model.rowCount() == 0, timeout=8000)
    assert wait_for_idle(8000)  # no load may answer a view the teardown already deleted
    qtbot.wait(50)
