"""The UI language: installs Quire's and Qt's translators; widgets retranslate themselves on
the ``LanguageChange`` event that installing a translator sends, so no restart is needed."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QTranslator

from engine import resources_root

RESOURCES = resources_root()
TRANSLATIONS = RESOURCES / "translations"


class Translations:
    """Owns the installed translators; ``switch`` replaces them."""

    def __init__(self) -> None:
        self._installed: list[QTranslator] = []
        self.language = "en"

    def switch(self, language: str) -> bool:
        """Use ``language`` ("en" or e.g. "zh_CN"). English, the source language, has a file of
        plural forms only ("1 file", "3 files"). Returns whether Quire's own translation was
        found (English always is: without its file the counts read "file(s)")."""
        app = QCoreApplication.instance()
        if app is None:
            return False
        for translator in self._installed:
            QCoreApplication.removeTranslator(translator)
        self._installed.clear()
        self.language = language
        QLocale.setDefault(QLocale(language))
        if language == "en":
            plurals = QTranslator(app)
            if plurals.load("quire_en", str(TRANSLATIONS)):
                QCoreApplication.installTranslator(plurals)
                self._installed.append(plurals)
            # Removing translators posts LanguageChange too, so widgets go back to English.
            self._deliver()
            return True
        ours = QTranslator(app)
        found = ours.load(f"quire_{language}", str(TRANSLATIONS))
        qt = QTranslator(app)
        # Qt's own strings (standard buttons, context menus) from the Qt installation.
        if qt.load(
            f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        ) or qt.load(
            f"qt_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        ):
            QCoreApplication.installTranslator(qt)
            self._installed.append(qt)
        if found:
            QCoreApplication.installTranslator(ours)
            self._installed.append(ours)
        self._deliver()
        return found

    @staticmethod
    def _deliver() -> None:
        """Installing a translator only posts LanguageChange; deliver it now so the window
        is retranslated when ``switch`` returns."""
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)


def role_name(role: str) -> str:
    """A model's role (``ModelEntry.roles``: "translation", "instruction model", ...) in the
    UI language."""
    translate = QCoreApplication.translate
    names = {
        "translation": translate("roles", "translation"),
        "summarization": translate("roles", "summarization"),
        "question answering": translate("roles", "question answering"),
        "classification": translate("roles", "classification"),
        "zero-shot classification": translate("roles", "zero-shot classification"),
        "sentence embeddings": translate("roles", "sentence embeddings"),
        "instruction model": translate("roles", "instruction model"),
        "text generation": translate("roles", "text generation"),
    }
    return names.get(role, role)


def _language_names() -> dict[str, str]:
    """The languages the UI names in its own words (others get Qt's English name)."""
    translate = QCoreApplication.translate
    return {
        "ar": translate("languages", "Arabic"),
        "cs": translate("languages", "Czech"),
        "da": translate("languages", "Danish"),
        "de": translate("languages", "German"),
        "el": translate("languages", "Greek"),
        "en": translate("languages", "English"),
        "es": translate("languages", "Spanish"),
        "fa": translate("languages", "Persian"),
        "fi": translate("languages", "Finnish"),
        "fr": translate("languages", "French"),
        "he": translate("languages", "Hebrew"),
        "hi": translate("languages", "Hindi"),
        "hu": translate("languages", "Hungarian"),
        "id": translate("languages", "Indonesian"),
        "it": translate("languages", "Italian"),
        "ja": translate("languages", "Japanese"),
        "ko": translate("languages", "Korean"),
        "nl": translate("languages", "Dutch"),
        "no": translate("languages", "Norwegian"),
        "pl": translate("languages", "Polish"),
        "pt": translate("languages", "Portuguese"),
        "ro": translate("languages", "Romanian"),
        "ru": translate("languages", "Russian"),
        "sv": translate("languages", "Swedish"),
        "th": translate("languages", "Thai"),
        "tr": translate("languages", "Turkish"),
        "uk": translate("languages", "Ukrainian"),
        "vi": translate("languages", "Vietnamese"),
        "zh": translate("languages", "Chinese"),
    }


def named_languages() -> list[str]:
    """The codes of the languages the UI names: those an instruction model is offered for (it
    translates between the languages it speaks; the list a user picks from must not be
    empty)."""
    return list(_language_names())


def language_name(code: str, *, with_code: bool = True) -> str:
    """The language's name in the UI language, with its code (a picker's item tells ``pt``
    from ``pt-BR`` by it; a sentence naming a pair reads better without)."""
    names = _language_names()
    name = names.get(code)
    if name is None:
        language = QLocale(code).language()
        if language == QLocale.Language.C:
            return code
        name = QLocale.languageToString(language)
    return f"{name} ({code})" if with_code else name
