"""The office's settings, laid out from the registry in :mod:`app.services.office_settings`.

One group box per registry group, one row per editable setting: a spin box (from the setting's
minimum) for a number, a line edit (at most the setting's length) for a text. A new setting in
the registry appears here by itself; it only needs a label below. Saving sends what changed
through :meth:`~app.services.settings_service.SettingsService.update_settings` off the GUI
thread and announces ``Changes(office=True)``; a refusal (``setting_invalid`` and the like) is
shown under the form and the offending field gets the focus. Staff without
``settings.manage`` see the office's identity, read-only.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.errors import RegistryError
from app.services import office_settings as reg
from app.services.settings_service import OfficeSettings, editable_settings
from app.ui.common.changes import Changes, follow_changes, run_op
from app.ui.common.context import UiContext
from app.ui.common.errors import error_text
from app.ui.common.i18n import QT_TRANSLATE_NOOP

_CONTEXT = "OfficeSettingsPanel"

GROUP_TITLES: dict[str, str] = {
    "office": QT_TRANSLATE_NOOP("OfficeSettingsPanel", "办公室信息"),
    "uploads": QT_TRANSLATE_NOOP("OfficeSettingsPanel", "上传材料大小"),
    "imaging": QT_TRANSLATE_NOOP("OfficeSettingsPanel", "照片与图像"),
    "verification": QT_TRANSLATE_NOOP("OfficeSettingsPanel", "证书核验"),
    "rules": QT_TRANSLATE_NOOP("OfficeSettingsPanel", "延续注册规则（各类别）"),
}

SETTING_LABELS: dict[str, str] = {
    reg.OFFICE_NAME.key: QT_TRANSLATE_NOOP("OfficeSettingsPanel", "办公室名称"),
    reg.OFFICE_USCC.key: QT_TRANSLATE_NOOP("OfficeSettingsPanel", "统一社会信用代码"),
    reg.OFFICE_ADDRESS.key: QT_TRANSLATE_NOOP("OfficeSettingsPanel", "地址"),
    reg.OFFICE_PHONE.key: QT_TRANSLATE_NOOP("OfficeSettingsPanel", "咨询电话"),
    reg.CORRECTION_UPLOAD_MIN_BYTES.key: QT_TRANSLATE_NOOP("OfficeSettingsPanel",
                                                           "补正材料最小（字节）"),
    reg.CORRECTION_UPLOAD_MAX_BYTES.key: QT_TRANSLATE_NOOP("OfficeSettingsPanel",
                                                           "补正材料最大（字节）"),
    reg.UPLOAD_MAX_BYTES.key: QT_TRANSLATE_NOOP("OfficeSettingsPanel", "其他附件最大（字节）"),
    reg.PHOTO_MIN_BYTES.key: QT_TRANSLATE_NOOP("OfficeSettingsPanel", "一寸照片最小（字节）"),
    reg.PHOTO_MAX_BYTES.key: QT_TRANSLATE_NOOP("OfficeSettingsPanel", "一寸照片最大（字节）"),
    reg.MAX_PIXELS.key: QT_TRANSLATE_NOOP("OfficeSettingsPanel", "图像最多像素"),
    reg.TRUST_MAX_AGE_DAYS.key: QT_TRANSLATE_NOOP("OfficeSettingsPanel",
                                                  "其他办公室密钥提醒更新（天）"),
    reg.VERIFIER_TRUST_MAX_AGE_DAYS.key: QT_TRANSLATE_NOOP("OfficeSettingsPanel",
                                                           "手机验真页信任列表提醒更新（天）"),
    reg.CLI_SESSION_HOURS.key: QT_TRANSLATE_NOOP("OfficeSettingsPanel",
                                                 "命令行登录有效时长（小时）"),

    # Issue 12: a field office's sync deadlines.
    reg.SYNC_WARN_AFTER_DAYS.key: QT_TRANSLATE_NOOP("OfficeSettingsPanel",
                                                    "受理点：未同步几天后核验时提醒"),
    reg.SYNC_FREEZE_AFTER_DAYS.key: QT_TRANSLATE_NOOP("OfficeSettingsPanel",
                                                      "受理点：未同步几天后停止新建申报"),
    # Continuation rules per kind (docs/rules.md): one row per kind and rule.
    reg.CONTINUATION_OPENS_MONTHS["architect"].key: QT_TRANSLATE_NOOP("OfficeSettingsPanel",
        "建筑师：期满前几个月起可申报延续（0 不限）"),
    reg.CONTINUATION_OPENS_MONTHS["engineer"].key: QT_TRANSLATE_NOOP("OfficeSettingsPanel",
        "工程师：期满前几个月起可申报延续（0 不限）"),
    reg.CONTINUATION_OPENS_MONTHS["constructor"].key: QT_TRANSLATE_NOOP("OfficeSettingsPanel",
        "建造师：期满前几个月起可申报延续（0 不限）"),
    reg.CONTINUATION_DEADLINE_DAYS["architect"].key: QT_TRANSLATE_NOOP("OfficeSettingsPanel",
        "建筑师：须在期满前几天申报延续"),
    reg.CONTINUATION_DEADLINE_DAYS["engineer"].key: QT_TRANSLATE_NOOP("OfficeSettingsPanel",
        "工程师：须在期满前几天申报延续"),
    reg.CONTINUATION_DEADLINE_DAYS["constructor"].key: QT_TRANSLATE_NOOP("OfficeSettingsPanel",
        "建造师：须在期满前几天申报延续"),
    reg.CONTINUATION_AFTER_LAPSE["architect"].key: QT_TRANSLATE_NOOP("OfficeSettingsPanel",
        "建筑师：过期后可申报延续（1 是，0 否）"),
    reg.CONTINUATION_AFTER_LAPSE["engineer"].key: QT_TRANSLATE_NOOP("OfficeSettingsPanel",
        "工程师：过期后可申报延续（1 是，0 否）"),
    reg.CONTINUATION_AFTER_LAPSE["constructor"].key: QT_TRANSLATE_NOOP("OfficeSettingsPanel",
        "建造师：过期后可申报延续（1 是，0 否）"),
}

_SPIN_MAX = 2**31 - 1  # QSpinBox holds a C int


def _tr(source: str) -> str:
    return QCoreApplication.translate(_CONTEXT, source)


class OfficeSettingsPanel(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.editable = ctx.can("settings.manage")
        self.fields: dict[str, QLineEdit | QSpinBox] = {}
        self.values = ctx.services.office.settings()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        shown = [s for s in editable_settings() if self.editable or s.group == "office"]
        for group in dict.fromkeys(s.group for s in shown):  # registry order, no repeats
            box = QGroupBox(_tr(GROUP_TITLES.get(group, group)))
            box.setObjectName(f"group_{group}")
            form = QFormLayout(box)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
            for item in (s for s in shown if s.group == group):
                widget = self._field(item)
                self.fields[item.key] = widget
                form.addRow(_tr(SETTING_LABELS.get(item.key, item.key)), widget)
            layout.addWidget(box)
        self.error = QLabel()
        self.error.setObjectName("settingsError")
        self.error.setStyleSheet("color: #b3261e;")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        self.save_button: QPushButton | None = None
        if self.editable:
            self.save_button = QPushButton(self.tr("保存办公室设置"))
            self.save_button.setObjectName("saveOffice")
            self.save_button.clicked.connect(self.save)
            layout.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignRight)
        self._show(self.values)
        follow_changes(self, ctx.changes, ("office",), self.reload)

    def _field(self, item: reg.Setting) -> QLineEdit | QSpinBox:
        widget: QLineEdit | QSpinBox
        if item.kind is int:
            widget = QSpinBox()
            widget.setRange(item.minimum if item.minimum is not None else 0,
                            item.maximum if item.maximum is not None else _SPIN_MAX)
            widget.setGroupSeparatorShown(True)
            if not self.editable:
                widget.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.NoButtons)
        else:
            widget = QLineEdit()
            if item.max_length is not None:
                widget.setMaxLength(item.max_length)
        widget.setObjectName(item.key)
        widget.setReadOnly(not self.editable)
        return widget

    # -- values ----------------------------------------------------------------------------
    @staticmethod
    def _get(widget: QLineEdit | QSpinBox) -> int | str:
        return widget.value() if isinstance(widget, QSpinBox) else widget.text().strip()

    @staticmethod
    def _set(widget: QLineEdit | QSpinBox, value: int | str) -> None:
        if isinstance(widget, QSpinBox):
            widget.setValue(int(value))
        else:
            widget.setText(str(value))

    def _show(self, values: OfficeSettings, keep_edits: bool = False) -> None:
        """Show ``values``; with ``keep_edits``, a field the user changed keeps its text."""
        for key, widget in self.fields.items():
            item = reg.SETTINGS[key]
            if keep_edits and self._get(widget) != self.values.value(item):
                continue
            self._set(widget, values.value(item))
        self.values = values

    def reload(self) -> None:
        """Someone changed the office settings: show them, without losing the user's edits."""
        self._show(self.ctx.services.office.settings(), keep_edits=True)

    def changes(self) -> dict[str, int | str]:
        """What the user changed, by registry key."""
        return {key: value for key, widget in self.fields.items()
                if (value := self._get(widget)) != self.values.value(reg.SETTINGS[key])}

    # -- saving ----------------------------------------------------------------------------
    def save(self) -> None:
        changes = self.changes()
        self.error.hide()
        if not changes:
            self._status(self.tr("办公室设置没有改动"))
            return
        assert self.save_button is not None  # only shown to those who may save
        self.save_button.setEnabled(False)
        service = self.ctx.services.office
        run_op(self.ctx.changes, lambda: service.update_settings(changes), Changes(office=True),
               on_success=self._saved, on_error=self._refused, owner=self)

    def _saved(self, values: OfficeSettings) -> None:
        assert self.save_button is not None
        self.save_button.setEnabled(True)
        self._show(values)
        self._status(self.tr("办公室设置已保存"))

    def _refused(self, exc: BaseException) -> None:
        assert self.save_button is not None
        self.save_button.setEnabled(True)
        field = exc.field if isinstance(exc, RegistryError) else None
        if isinstance(exc, RegistryError) and field in SETTING_LABELS and "key" in exc.params:
            # The sentence names the setting as the screen does, not by its registry key.
            exc = type(exc)(exc.code, field, **{**exc.params, "key": _tr(SETTING_LABELS[field])})
        self.error.setText(error_text(exc))
        self.error.show()
        if field in self.fields:
            self.fields[field].setFocus()
            self.fields[field].selectAll()

    def _status(self, text: str) -> None:
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(text, 5000)
