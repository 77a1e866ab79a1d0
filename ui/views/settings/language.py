"""Settings → Language: the app's language, or the computer's."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QApplication, QButtonGroup, QRadioButton, QWidget

from ui import i18n
from ui.context import AppContext
from ui.views.settings.section import SettingsSection
from ui.widgets.forms import note

LANGUAGE_CHOICES = ("", "en", "zh_CN")


class LanguageSection(SettingsSection):
    keys = ("language",)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, self.tr("Language"), parent=parent)
        system = i18n.LANGUAGES[i18n.system_language()]
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        labels = {
            "": self.tr("Follow the computer's language (now: %1)").replace("%1", system),
            "en": "English",
            "zh_CN": "简体中文",
        }
        for value in LANGUAGE_CHOICES:
            button = QRadioButton(labels[value])
            self.group.addButton(button)
            self.buttons[value] = button
            self.body.addWidget(button)
            self.watch(button)
        self.body.addWidget(self.error_label("language"))
        # Started with a language of its own (--lang): the setting waits for a normal start.
        self.override_note = note()
        self.override_note.setObjectName("language_override")
        self.override_note.hide()
        self.body.addWidget(self.override_note)
        self.body.addWidget(
            note(
                self.tr(
                    "Pages opened after saving use the new language; restart ShopCircle to see it on every"
                    " page. Reports are written in the app's language."
                )
            )
        )

    def load(self, values: dict[str, Any]) -> None:
        value = values["language"] if values["language"] in LANGUAGE_CHOICES else ""
        self.buttons[value].setChecked(True)
        shown = self.ctx.language
        self.override_note.setVisible(bool(shown) and i18n.resolve(value or None) != shown)
        self.override_note.setText(
            self.tr(
                "ShopCircle was started in %1 this time; the choice above applies when it starts"
                " without a language of its own."
            ).replace("%1", i18n.LANGUAGES.get(shown, shown or ""))
        )

    def values(self) -> dict[str, Any]:
        for value, button in self.buttons.items():
            if button.isChecked():
                return {"language": value}
        return {"language": ""}

    def after_save(self, changed: dict[str, Any]) -> None:
        super().after_save(changed)
        language = i18n.resolve(changed.get("language") or None)
        if language != self.ctx.language:
            app = QApplication.instance()
            if app is not None:
                i18n.install(app, language)
            self.ctx.language = language
            self.show_message(self.tr("Saved. Restart ShopCircle to see every page in the new language."))
