"""Remake tests/data/ftl/ from the real files (see its README.md): each is copied whole or cut
to a few of its messages with Mozilla's parser (``fluent.syntax``), every byte of what is kept
as it was: the file's opening comment, then each message kept with the comment before it and
the group comment (``##``) it stands under.

    python tools/make_ftl_fixtures.py PDFJS_VIEWER_FTL GECKO_MENUBAR_FTL FXA_BRANDING_FTL \\
        PYTHON_FLUENT_CHECKOUT FIREFOX_L10N_SOURCE_CHECKOUT

(``l10n/en-US/viewer.ftl`` of mozilla/pdf.js, ``browser/locales/en-US/browser/menubar.ftl``
of mozilla/gecko-dev, ``libs/shared/l10n/src/lib/branding.ftl`` of mozilla/fxa, checkouts of
projectfluent/python-fluent and mozilla-l10n/firefox-l10n-source, at the commits the README
names.)"""

from __future__ import annotations

import sys
from pathlib import Path

from fluent.syntax import FluentParser, ast

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "ftl"

PDFJS = [
    "pdfjs-previous-button",
    "pdfjs-previous-button-label",
    "pdfjs-of-pages",
    "pdfjs-page-of-pages",
    "pdfjs-document-properties-size-kb",
    "pdfjs-document-properties-date-time-string",
    "pdfjs-find-match-count",
    "pdfjs-find-match-count-limit",
    "pdfjs-editor-add-signature-image-browse-link",
    "pdfjs-editor-alt-text-button",
    "pdfjs-editor-alt-text-button-label",
]
MENUBAR = [
    "menu-application-preferences",
    "menu-application-hide-this",
    "menu-quit",
    "menu-about",
    "menu-file",
    "menu-file-new-tab",
    "menu-file-close-tab",
    "menu-file-save-page",
    "menu-settings",
    "menu-help-not-deceptive",
    "menu-report-broken-site",
]

# Firefox's en-US strings (mozilla-l10n/firefox-l10n-source): access keys by other names
# (``.buttonaccesskey``, ``.accessKey``, ``…-accesskey`` messages), keys a program reads,
# and markup its DOM overlay matches by data-l10n-name.
FIREFOX = {
    "browser/browser/appMenuNotifications.ftl": [
        "appmenu-update-available2",
        "appmenu-update-available-message2",
    ],
    "browser/browser/preferences/preferences.ftl": [
        "pane-experimental-description4",
        "extension-controlling-password-saving",
        "prefs-sync-now",
        "sync-choose-what-to-sync-dialog3",
    ],
    "browser/browser/browser.ftl": [
        "bookmarks-toolbar-empty-message",
        "urlbar-result-weather-title",
        "eme-notifications-drm-content-playing-manage",
        "eme-notifications-drm-content-playing-manage-accesskey",
        "eme-notifications-drm-content-playing-dismiss",
        "eme-notifications-drm-content-playing-dismiss-accesskey",
        "file-picker-crashed-show-in-folder",
    ],
    "browser/browser/aboutDialog.ftl": ["community-exp", "community-2", "helpus-referrals2"],
    "browser/browser/screenshots.ftl": [
        "screenshot-shortcut",
        "screenshots-meta-key",
        "screenshots-notification-link-copied-details",
        "screenshots-component-download-key",
        "screenshots-component-copy-key",
    ],
}


def cut(source: str, ids: list[str]) -> str:
    """``source``'s opening comments and the entries named ``ids``, each with its comment
    and, once, the group comment it stands under (an empty ``##`` closing a group too), each
    followed by the blank lines that follow it there."""
    resource = FluentParser(with_spans=True).parse(source)
    out: list[str] = []
    group: str | None = None
    written: str | None = None
    body = resource.body
    starts = [e.span.start for e in body if e.span is not None] + [len(source)]
    for n, entry in enumerate(body):
        text = source[starts[n] : starts[n + 1]]
        if isinstance(entry, ast.ResourceComment | ast.Comment) and not any(
            isinstance(e, ast.Message | ast.Term) for e in body[:n]
        ):
            out.append(text)
        elif isinstance(entry, ast.GroupComment):
            group = text
        elif isinstance(entry, ast.Message | ast.Term) and entry.id.name in ids:
            if group is not None and group is not written:
                out.append(group)
                written = group
            out.append(text)
    return "".join(out).rstrip("\n") + "\n"


def main(pdfjs: str, menubar: str, branding: str, python_fluent: str, firefox: str) -> None:
    def text(path: str) -> str:
        return Path(path).read_text(encoding="utf-8")

    (DATA / "pdfjs" / "en-US").mkdir(parents=True, exist_ok=True)
    (DATA / "firefox" / "en-US").mkdir(parents=True, exist_ok=True)
    (DATA / "fxa").mkdir(exist_ok=True)
    (DATA / "spec").mkdir(exist_ok=True)
    (DATA / "pdfjs" / "en-US" / "viewer.ftl").write_text(cut(text(pdfjs), PDFJS), "utf-8")
    (DATA / "firefox" / "en-US" / "menubar.ftl").write_text(cut(text(menubar), MENUBAR), "utf-8")
    (DATA / "fxa" / "branding.ftl").write_text(text(branding), "utf-8")
    reference = Path(python_fluent) / "fluent.syntax/tests/syntax/fixtures_reference"
    (DATA / "spec" / "multiline_values.ftl").write_text(
        (reference / "multiline_values.ftl").read_text("utf-8"), "utf-8"
    )
    for name, ids in FIREFOX.items():
        out = DATA / "firefox" / "en-US" / Path(name).name
        out.write_text(cut(text(str(Path(firefox) / name)), ids), "utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:6])
