"""The persons screen driven like a clerk: search as you type, create and edit a person."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from app.domain.validators import id_check_char, org_check_char, uscc_check_char
from app.services.register_service import RegisterService
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

    def drive(ctx, persons, person, parent):  # type: ignore[no-untyped-def]
        dlg = person_dialog.PersonDialog(ctx, persons, person, parent)
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
        dlg.save()
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
    from app.ui.common.adapters import persons

    ctx = make_context(staff["clerk"])
    dlg = person_dialog.PersonDialog(ctx, persons(ctx))
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

    def drive(ctx, persons, person, parent):  # type: ignore[no-untyped-def]
        dlg = person_dialog.PersonDialog(ctx, persons, person, parent)
        qtbot.addWidget(dlg)
        assert dlg.employer_name.text() == "北京建筑设计研究院"
        dlg.mobile.clear()
        qtbot.keyClicks(dlg.mobile, "13700000000")
        dlg.save()
        return dlg.saved

    monkeypatch.setattr(person_dialog.PersonDialog, "ask", staticmethod(drive))
    qtbot.waitUntil(lambda: view.current_person_id() is not None, timeout=5000)
    view.edit_person()
    person = reg.find_person(resident_id("11010519800101001"))
    assert person is not None and person.mobile == "13700000000"
