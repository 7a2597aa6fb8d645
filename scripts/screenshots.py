"""Render every main screen and dialog to ``screenshots/<lang>/*.png`` for reviewing the UI.

    .venv/bin/python scripts/screenshots.py [--out screenshots] [--lang zh en]

Runs under Xvfb (re-executes itself with ``xvfb-run -a`` when there is no display), builds a
small demo register in a temporary directory through the real services (persons, employers,
qualifications, photos, filings in every state), opens the real windows for a clerk, a
reviewer and an administrator, and grabs each widget. Nothing is mocked but the file chooser.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from xvfb_support import ensure_display  # noqa: E402  (scripts/ is on sys.path)


def seed(db: Any) -> dict[str, Any]:
    """A small register with something in every state (through the services, audited)."""
    from app.models.people import Registration
    from app.services import users_service
    from app.services.base import Actor
    from app.services.filing_service import FilingService
    from app.services.register_service import RegisterService
    from app.services.settings_service import SettingsService
    from app.services.users_service import UsersService
    from tests.helpers.workflow import employer, qualified_person, uscc

    users_service.bootstrap_admin(db, "admin", "demo-password", "系统管理员")
    admin = Actor("admin", "admin", "系统管理员")
    users = UsersService(db, admin)
    users.add_user("clerk", "demo-password", "clerk", "王晓梅")
    users.add_user("reviewer", "demo-password", "reviewer", "李建华")
    clerk, reviewer = Actor("clerk", "clerk", "王晓梅"), Actor("reviewer", "reviewer", "李建华")
    SettingsService(db, admin).update_office(office_name="北京市注册执业人员管理办公室",
                                             office_uscc=uscc("11223344"),
                                             office_address="北京市海淀区三里河路9号",
                                             office_phone="010-88019251")
    reg = RegisterService(db, clerk)
    emp1 = employer(reg)
    emp2 = employer(reg, "中国建筑设计研究院有限公司", "22334455")
    names = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄强", "周杰", "吴婷", "曾小贤", "欧阳娜娜"]
    people = [qualified_person(db, clerk, reg, (emp1 if i % 2 else emp2).id,
                               id17=f"1101081985{(i % 12) + 1:02d}15{i:02d}{i % 10}", name=n)
              for i, n in enumerate(names)]
    fresh = qualified_person(db, clerk, reg, emp1.id, id17="11010819900315123", name="孙丽华")
    svc, rsvc = FilingService(db, clerk), FilingService(db, reviewer)
    filings = []
    for p in people[:8]:
        f = svc.create_filing(person_id=p.id, filing_type="initial", kind="architect",
                              specialty="architecture")
        filings.append(svc.submit(f.id, conditions_accepted=True, commitment_accepted=True))
    for f in filings[1:]:
        svc.employer_confirm(f.id)
    for f in filings[3:]:
        rsvc.accept(f.id)
    rsvc.request_corrections(filings[3].id, content="补充近三个月社保缴纳证明",
                             reason="系统核查社保缴纳记录不完整")
    rsvc.approve(filings[4].id, opinion="材料齐全，准予注册")
    rsvc.reject(filings[5].id, opinion="资格证书信息与系统记录不一致")
    reg.flag_social_security(people[9].id, "社保核查异常")
    rsvc_appeal = FilingService(db, clerk)
    rsvc_appeal.create_appeal(people[9].id, subject="social_security",
                              statement="本人一直在本单位缴纳社保，附缴费记录")
    reg.create_info_correction(people[10].id, field="name", new_value="曾晓贤", reason="户籍姓名已更正")
    with db.session_scope() as s:  # history from before this office used the system
        for i, p in enumerate(people[8:12]):
            s.add(Registration(person_id=p.id, kind="architect", specialty="architecture",
                               registration_number=f"2031100{i:04d}",
                               valid_from=date.today() - timedelta(days=1800),
                               valid_until=date.today() + timedelta(days=20 + 50 * i),
                               state="active", first_registered_on=date.today() - timedelta(days=1800)))
    return {"admin": admin, "clerk": clerk, "reviewer": reviewer, "people": people,
            "filings": filings, "fresh": fresh}


class Shooter:
    def __init__(self, out: Path, app: Any) -> None:
        self.out, self.app = out, app
        self.out.mkdir(parents=True, exist_ok=True)
        self.count = 0

    def settle(self, ms: int = 400) -> None:
        from PySide6.QtCore import QThreadPool
        from PySide6.QtTest import QTest

        for _ in range(3):
            QThreadPool.globalInstance().waitForDone(5000)
            QTest.qWait(ms // 3)

    def shot(self, widget: Any, name: str, settle_ms: int = 400) -> None:
        if not widget.isVisible():
            widget.show()
        self.settle(settle_ms)
        widget.grab().save(str(self.out / f"{name}.png"))
        self.count += 1


def render(lang: str, out: Path, db: Any, data: dict[str, Any], settings_dir: Path) -> int:
    from PySide6.QtWidgets import QApplication, QMessageBox, QWizard

    from app.settings import Settings
    from app.ui.common.context import UiContext
    from app.ui.common.i18n import set_language
    from app.ui.filings import filing_wizard
    from app.ui.filings.filing_action_dialogs import (
        CorrectionAnswerDialog,
        CorrectionRequestDialog,
        OpinionDialog,
    )
    from app.ui.persons.person_dialog import PersonDialog
    from app.ui.persons.person_requests_dialog import AppealDialog, InfoCorrectionDialog
    from app.ui.persons.qualification_dialog import QualificationDialog
    from app.ui.shell.application import signed_in_context
    from app.ui.shell.login_dialog import FirstRunDialog, LockDialog, LoginDialog
    from app.ui.shell.main_window import MainWindow
    from app.ui.shell.user_dialog import UserDialog

    app = QApplication.instance()
    set_language(app, lang)
    shoot = Shooter(out / lang, app)

    def ctx_for(role: str) -> UiContext:
        return signed_in_context(db, data[role], Settings(language=lang, idle_lock_minutes=0),
                                 settings_dir / f"{lang}-{role}.toml")

    def dialog(make: Callable[[], Any], name: str, prepare: Callable[[Any], None] | None = None) -> None:
        dlg = make()
        if prepare is not None:
            prepare(dlg)
        shoot.shot(dlg, name)
        dlg.close()
        dlg.deleteLater()

    dialog(lambda: LoginDialog(db, office_name="北京市注册执业人员管理办公室"), "01_login")
    dialog(lambda: FirstRunDialog(db), "02_first_run")
    dialog(lambda: LockDialog(db, data["clerk"]), "03_lock")

    clerk_ctx = ctx_for("clerk")
    win = MainWindow(clerk_ctx, idle_lock=False)
    win.resize(1400, 860)
    win.show()
    persons = win.page("persons")
    shoot.shot(win, "10_persons", 900)
    persons.search.setText("zw")
    shoot.shot(win, "11_persons_search_pinyin", 900)
    persons.search.setText("")
    shoot.settle(600)
    register = clerk_ctx.services.register
    dialog(lambda: PersonDialog(clerk_ctx, None, None, win), "12_person_new")
    first = register.person_record(data["people"][0].id)
    dialog(lambda: PersonDialog(clerk_ctx, first.person, first.employer, win), "13_person_edit")

    def bad_id(dlg: Any) -> None:
        dlg.id_number.setText("110108198501150011")
        dlg.uscc.setText("911101081234567890")
    dialog(lambda: PersonDialog(clerk_ctx, None, None, win), "14_person_validation", bad_id)
    dialog(lambda: QualificationDialog(clerk_ctx, first.person.id, win), "15_qualification")
    dialog(lambda: AppealDialog(clerk_ctx, first.person, win), "16_appeal")
    dialog(lambda: InfoCorrectionDialog(clerk_ctx, first.person, win), "17_info_correction")

    # the wizard, page by page, for a person without filings
    target = data["fresh"]
    wiz = filing_wizard.FilingWizard(clerk_ctx, target.id, "initial", win, commitment_delay_s=60)
    wiz.show()
    shoot.shot(wiz, "20_wizard_type")
    wiz.next()
    shoot.shot(wiz, "21_wizard_conditions")
    wiz.conditions_page.select_all.click()
    wiz.next()
    wiz.commitment_page.commit.setChecked(True)
    shoot.shot(wiz, "22_wizard_commitment_locked")
    wiz.commitment_page.remaining = 0
    wiz.commitment_page._update_button()
    wiz.next()
    shoot.shot(wiz, "23_wizard_form_initial")
    wiz.next()
    shoot.shot(wiz, "24_wizard_confirm")
    wiz.close()
    # change and cancellation forms of a registered person
    reg_person = data["people"][11]
    for ftype, name in (("change", "25_wizard_form_change"), ("cancellation", "26_wizard_form_cancellation"),
                        ("continuation", "27_wizard_form_continuation")):
        wiz = filing_wizard.FilingWizard(clerk_ctx, reg_person.id, ftype, win, commitment_delay_s=0)
        wiz.show()
        if wiz.type_page.isComplete():
            wiz.next()
            wiz.conditions_page.select_all.click()
            wiz.next()
            wiz.commitment_page.commit.setChecked(True)
            wiz.next()
            if ftype == "cancellation":
                wiz.form_page.forced_yes.setChecked(True)
        shoot.shot(wiz, name)
        wiz.close()
    box = QMessageBox(QMessageBox.Icon.Question, wiz.tr("社保缴纳情况异常"),
                      filing_wizard.filing_texts.social_security_notice(),
                      QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel, win)
    shoot.shot(box, "28_social_security_warning")
    box.close()

    filings_page = win.page("filings")
    filings_page.browser.select_filing(data["filings"][3].id)
    shoot.shot(win, "30_filing_corrections_requested", 900)
    filings_page.browser.select_filing(data["filings"][0].id)
    shoot.shot(win, "31_filing_submitted_withdrawable", 900)
    correction = clerk_ctx.services.filings.get_filing(data["filings"][3].id).corrections[0]
    limits = clerk_ctx.services.filings.upload_limits()
    dialog(lambda: CorrectionAnswerDialog(win, correction, limits), "32_correction_answer")
    win.page("dashboard")
    shoot.shot(win, "33_dashboard_clerk", 900)
    win.page("settings")
    shoot.shot(win, "34_settings_clerk", 600)
    win.close()

    rctx = ctx_for("reviewer")
    rwin = MainWindow(rctx, idle_lock=False)
    rwin.resize(1400, 860)
    rwin.show()
    review = rwin.page("review")
    shoot.shot(rwin, "40_review_queue", 900)
    review.browser.queue.setCurrentIndex(1)
    shoot.shot(rwin, "41_review_accepted", 900)
    review.browser.queue.setCurrentIndex(4)
    shoot.shot(rwin, "42_review_history", 900)
    review.tabs.setCurrentIndex(1)
    shoot.shot(rwin, "43_review_appeals", 700)
    review.tabs.setCurrentIndex(2)
    shoot.shot(rwin, "44_review_info_corrections", 700)
    dialog(lambda: CorrectionRequestDialog(rwin), "45_request_corrections")
    dialog(lambda: OpinionDialog(rwin, "reject"), "46_reject_opinion")
    dash = rwin.page("dashboard")
    shoot.shot(rwin, "47_dashboard", 1200)
    exp = dash.open_list("registrations", 180)
    shoot.shot(exp, "48_dashboard_expiring_list", 900)
    exp.close()
    rwin.close()

    actx = ctx_for("admin")
    awin = MainWindow(actx, idle_lock=False)
    awin.resize(1400, 860)
    awin.show()
    awin.page("settings")
    shoot.shot(awin, "50_settings_admin", 700)
    dialog(lambda: UserDialog(actx.services.users, actx.changes, awin), "51_new_user")
    for key in ("certificates", "verification"):
        if key in awin.page_keys():
            awin.page(key)
            shoot.shot(awin, f"52_{key}", 900)
    awin.close()
    del QWizard
    return shoot.count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots")
    parser.add_argument("--lang", nargs="+", default=["zh", "en"])
    args = parser.parse_args()
    ensure_display("1600x1000x24", offscreen_fallback=True)
    work = Path(tempfile.mkdtemp(prefix="registry-shots-"))
    os.environ["REGISTRY_DATA_DIR"] = str(work / "data")
    os.environ["REGISTRY_CONFIG_DIR"] = str(work / "config")
    from app.models.db import Database, upgrade
    from app.ui.shell.application import make_application

    app = make_application([sys.argv[0]])
    db = Database(f"sqlite:///{(work / 'register.sqlite3').as_posix()}")
    upgrade(db.engine)
    data = seed(db)
    total = 0
    for lang in args.lang:
        total += render(lang, args.out, db, data, work)
    db.dispose()
    shutil.rmtree(work, ignore_errors=True)
    print(f"{total} screenshots in {args.out}")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
