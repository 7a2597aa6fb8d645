"""The persons screen driven like a clerk: search as you type, create and edit a person; the
screen keeps itself current when operations elsewhere announce changes."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from app.domain.validators import id_check_char, org_check_char, uscc_check_char
from app.services.register_service import RegisterService
from app.ui.common.changes import Changes
from app.ui.persons import person_dialog


def resident_id(first17: str) -> str:
    return first17 + id_check_char(first17)


def uscc(body8: str = "12345678") -> str:
    org = body8 + org_check_char(body8)
    first17 = "91110108" + org
    return first17 + uscc_check_char(first17)


def seed_people(db, clerk) -> RegisterService:  # type: ignore[no-untyped-def]
    reg = RegisterService(db, clerk)
    employer = reg.add_employer(uscc=uscc(), name="北京建筑设计研究院", industry="勘察设计")
    reg.create_person(id_number=resident_id("11010519800101001"), name="张三", mobile="13800000001",
                      employer_id=employer.id, employment_start=date(2020, 1, 1))
    reg.create_person(id_number=resident_id("11010519850202002"), name="李四",
                      employer_id=employer.id, employment_start=date(2021, 1, 1))
    reg.create_person(id_number=resident_id("11010519900303003"), name="曾小贤")
    return reg


def visible_names(view) -> list[str]:  # type: ignore[no-untyped-def]
    return [view.model.index(r, 0).data() for r in range(view.model.rowCount())]


def test_search_as_you_type(qtbot, make_main_window, staff, db) -> None:
    seed_people(db, staff["clerk"])
    win = make_main_window(staff["clerk"])
    view = win.page("persons")
    qtbot.waitUntil(lambda: view.model.rowCount() == 3, timeout=5000)
    view.search.setFocus()
    qtbot.keyClicks(view.search, "zxx")  # pinyin initials of 曾小贤
    qtbot.waitUntil(lambda: visible_names(view) == ["曾小贤"], timeout=5000)
    view.search.clear()
    qtbot.keyClicks(view.search, "110105198502")
    qtbot.waitUntil(lambda: visible_names(view) == ["李四"], timeout=5000)
    # the detail panel follows the selection
    qtbot.waitUntil(lambda: view.detail.heading.text() == "李四", timeout=5000)
    assert "北京建筑设计研究院" in view.detail.labels["employer"].text()
    view.search.clear()
    view.search.insert("北京建筑")  # employer name (CJK: inserted as an IME would)
    qtbot.waitUntil(lambda: sorted(visible_names(view)) == ["张三", "李四"], timeout=5000)


def test_create_person_with_inline_validation(qtbot, make_main_window, staff, db, monkeypatch) -> None:
    seed_people(db, staff["clerk"])
    win = make_main_window(staff["clerk"])
    view = win.page("persons")
    qtbot.waitUntil(lambda: view.model.rowCount() == 3, timeout=5000)
    new_id = resident_id("44030619920715123")
    seen: dict[str, object] = {}

    def drive(ctx, person, employer, parent):  # type: ignore[no-untyped-def]
        dlg = person_dialog.PersonDialog(ctx, person, employer, parent)
        qtbot.addWidget(dlg)
        qtbot.keyClicks(dlg.id_number, new_id[:17] + ("0" if new_id[17] != "0" else "1"))
        seen["bad_id"] = dlg.errors["id_number"].text()
        dlg.id_number.clear()
        qtbot.keyClicks(dlg.id_number, new_id)
        assert dlg.errors["id_number"].isHidden()
        # the ID fills in birth date and gender (and they follow the ID, not the keyboard)
        assert dlg.birth_date.date().toPython() == date(1992, 7, 15)
        assert dlg.gender.currentData() == "M"
        assert not dlg.birth_date.isEnabled()
        dlg.name.insert("王五")
        qtbot.keyClicks(dlg.mobile, "13912345678")
        # employer search as you type, then choose the suggestion
        dlg.employer_name.setFocus()
        dlg.employer_name.insert("北京建")
        dlg.employer_name.textEdited.emit("北京建")
        qtbot.waitUntil(lambda: dlg.completer_model.rowCount() == 1, timeout=5000)
        dlg._employer_chosen(dlg.completer_model.index(0).data())
        assert dlg.uscc.text() == uscc()
        qtbot.keyClicks(dlg.uscc, "X")  # a typo: now 19 chars is impossible (max length 18)
        assert dlg.uscc.text() == uscc()
        dlg.save()  # in the background: the dialog closes when the service accepted
        qtbot.waitUntil(lambda: dlg.saved is not None, timeout=5000)
        seen["saved"] = dlg.saved
        return dlg.saved

    monkeypatch.setattr(person_dialog.PersonDialog, "ask", staticmethod(drive))
    qtbot.mouseClick(view.new_button, Qt.MouseButton.LeftButton)
    assert "校验" in str(seen["bad_id"]) or "check" in str(seen["bad_id"]).lower()
    saved = seen["saved"]
    assert saved is not None
    qtbot.waitUntil(lambda: visible_names(view) == ["王五"], timeout=5000)
    stored = RegisterService(db, staff["clerk"]).find_person(new_id)
    assert stored is not None and stored.name == "王五" and stored.gender == "M"
    assert stored.birth_date == date(1992, 7, 15) and stored.mobile == "13912345678"
    assert stored.employer_name == "北京建筑设计研究院"


def test_bad_uscc_shown_under_field(qtbot, make_context, staff, db) -> None:
    ctx = make_context(staff["clerk"])
    dlg = person_dialog.PersonDialog(ctx)
    qtbot.addWidget(dlg)
    good = uscc()
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    qtbot.keyClicks(dlg.uscc, bad)
    assert not dlg.errors["uscc"].isHidden()
    assert "统一社会信用代码" in dlg.errors["uscc"].text()


def test_edit_person_changes_mobile(qtbot, make_main_window, staff, db, monkeypatch) -> None:
    reg = seed_people(db, staff["clerk"])
    win = make_main_window(staff["clerk"])
    view = win.page("persons")
    qtbot.waitUntil(lambda: view.model.rowCount() == 3, timeout=5000)
    qtbot.keyClicks(view.search, "zs")
    qtbot.waitUntil(lambda: visible_names(view) == ["张三"], timeout=5000)

    def drive(ctx, person, employer, parent):  # type: ignore[no-untyped-def]
        dlg = person_dialog.PersonDialog(ctx, person, employer, parent)
        qtbot.addWidget(dlg)
        assert dlg.employer_name.text() == "北京建筑设计研究院"
        assert dlg.industry.text() == "勘察设计"
        dlg.mobile.clear()
        qtbot.keyClicks(dlg.mobile, "13700000000")
        dlg.save()
        qtbot.waitUntil(lambda: dlg.saved is not None, timeout=5000)
        return dlg.saved

    monkeypatch.setattr(person_dialog.PersonDialog, "ask", staticmethod(drive))
    qtbot.waitUntil(lambda: view.current_person_id() is not None, timeout=5000)
    view.edit_person()  # reads the person off the GUI thread, then opens the editor
    qtbot.waitUntil(lambda: view.detail.labels["mobile"].text() == "13700000000", timeout=5000)
    person = reg.find_person(resident_id("11010519800101001"))
    assert person is not None and person.mobile == "13700000000"


def test_a_refused_person_keeps_the_dialog_open_and_adds_no_employer(qtbot, make_context, staff, db) -> None:
    reg = seed_people(db, staff["clerk"])
    ctx = make_context(staff["clerk"])
    published: list[Changes] = []
    ctx.changes.changed.connect(published.append)
    dlg = person_dialog.PersonDialog(ctx)
    qtbot.addWidget(dlg)
    qtbot.keyClicks(dlg.id_number, resident_id("11010519800101001"))  # 张三's number
    dlg.name.insert("张叁")
    dlg.employer_name.insert("上海新设计院")
    new_uscc = uscc("87654321")
    qtbot.keyClicks(dlg.uscc, new_uscc)
    dlg.save()
    qtbot.waitUntil(lambda: not dlg.errors["id_number"].isHidden(), timeout=5000)
    assert "张三" in dlg.errors["id_number"].text()  # the duplicate's name, under the field
    assert dlg.saved is None and dlg.result() != QDialog.DialogCode.Accepted
    assert dlg.buttons.isEnabled() and published == []
    assert reg.find_employers(new_uscc) == []  # the employer was not added on its own
    # Corrected, the same dialog saves person and employer together and says what changed.
    dlg.id_number.clear()
    qtbot.keyClicks(dlg.id_number, resident_id("31010119870303004"))
    dlg.save()
    qtbot.waitUntil(lambda: dlg.saved is not None, timeout=5000)
    assert dlg.result() == QDialog.DialogCode.Accepted
    assert published == [Changes(persons=True, employers=True)]
    assert dlg.saved.employer_uscc == new_uscc and dlg.saved.employer_name == "上海新设计院"


def test_views_follow_changes_made_elsewhere(qtbot, make_main_window, staff, db) -> None:
    """Nobody asks the persons screen to refresh: it follows what operations announce."""
    reg = seed_people(db, staff["clerk"])
    win = make_main_window(staff["clerk"])
    view = win.page("persons")
    qtbot.waitUntil(lambda: view.model.rowCount() == 3, timeout=5000)
    qtbot.keyClicks(view.search, "zs")
    qtbot.waitUntil(lambda: view.detail.heading.text() == "张三", timeout=5000)
    zhang = view.current_person_id()
    assert zhang is not None and view.detail.registrations.rowCount() == 0
    # A reviewer's operation elsewhere gives 张三 a registration and announces it.
    RegisterService(db, staff["reviewer"]).import_registration(
        zhang, kind="architect", specialty="architecture", registration_number="20111000123",
        valid_from=date.today(), valid_until=date.today().replace(year=date.today().year + 2))
    view.ctx.changes.publish(Changes(registrations=True))
    qtbot.waitUntil(lambda: view.detail.registrations.rowCount() == 1, timeout=5000)
    assert view.detail.registrations.item(0, 1).text() == "20111000123"
    qtbot.waitUntil(lambda: view.model.index(0, 5).data() == "20111000123", timeout=5000)
    assert view.current_person_id() == zhang  # the clerk's person stays selected

    # While another page is shown the screen only notes the change, and reads when shown.
    win.page("filings")
    reg.update_person(zhang, {"mobile": "13911112222"})
    view.ctx.changes.publish(Changes(persons=True))
    qtbot.wait(300)
    assert view.detail.labels["mobile"].text() == "13800000001"
    win.page("persons")
    qtbot.waitUntil(lambda: view.detail.labels["mobile"].text() == "13911112222", timeout=5000)


def test_a_stored_photo_updates_the_persons_details(qtbot, make_main_window, staff, db, monkeypatch) -> None:
    from app.ui.imaging.photo_cropper_dialog import CropperResult, PhotoCropperDialog
    from tests.helpers.workflow import photo_jpeg

    seed_people(db, staff["clerk"])
    win = make_main_window(staff["clerk"])
    view = win.page("persons")
    qtbot.keyClicks(view.search, "zxx")
    qtbot.waitUntil(lambda: view.detail.heading.text() == "曾小贤", timeout=5000)
    qtbot.waitUntil(lambda: view.detail.images.images is not None, timeout=5000)
    assert "缺少照片" in view.detail.labels["flags"].text()
    # The clerk accepts a photo in the cropper (its own tests drive it pixel by pixel).
    accepted = CropperResult("photo", jpeg=photo_jpeg(), source="camera")
    monkeypatch.setattr(PhotoCropperDialog, "ask", classmethod(lambda cls, *a, **k: accepted))
    with qtbot.waitSignal(view.ctx.changes.changed, timeout=5000,
                          check_params_cb=lambda changes: changes == Changes(persons=True)):
        assert view.detail.images.capture("photo")
    qtbot.waitUntil(lambda: "缺少照片" not in view.detail.labels["flags"].text(), timeout=5000)
    qtbot.waitUntil(lambda: view.detail.images.images is not None
                    and view.detail.images.images.photo is not None, timeout=5000)
    assert view.detail.images.photo_button.text() == "更换照片"
