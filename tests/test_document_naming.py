"""Where a translated resource file is written: where its app's platform looks for the
language (Android's ``values-de/``, Xcode's ``de.lproj/``, Java's ``_de``, Symfony's
``.de.yaml``, Rails' ``de.yml``), and a folder of them translated without writing one
language's over another's."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.documents import default_output
from engine.documents.folders import folder_documents


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        ("app/src/main/res/values/strings.xml", "de", "app/src/main/res/values-de/strings.xml"),
        ("res/values/strings.xml", "pt-BR", "res/values-pt-rBR/strings.xml"),
        ("res/values/strings.xml", "zh-Hant", "res/values-b+zh+Hant/strings.xml"),
        # The language goes where Android's qualifier order puts it (aapt refuses
        # values-night-de): after the country and network codes, before the rest.
        ("res/values-night/strings.xml", "de", "res/values-de-night/strings.xml"),
        ("res/values-v21/strings.xml", "pt-BR", "res/values-pt-rBR-v21/strings.xml"),
        ("res/values-mcc310-mnc004/strings.xml", "de", "res/values-mcc310-mnc004-de/strings.xml"),
        ("res/values-car/strings.xml", "zh-Hant", "res/values-b+zh+Hant-car/strings.xml"),
        ("res/values-fr-rCA-night/strings.xml", "de", "res/values-de-night/strings.xml"),
        ("res/values-b+sr+Latn/strings.xml", "de", "res/values-de/strings.xml"),
        ("App/en.lproj/Localizable.strings", "zh-Hans", "App/zh-Hans.lproj/Localizable.strings"),
        ("App/Base.lproj/Plurals.stringsdict", "de", "App/de.lproj/Plurals.stringsdict"),
        ("src/messages.properties", "pt-BR", "src/messages_pt_BR.properties"),
        ("src/messages_en.properties", "zh-Hans", "src/messages_zh_CN.properties"),
        ("src/error_msg.properties", "de", "src/error_msg_de.properties"),
        ("translations/messages.en.yaml", "de", "translations/messages.de.yaml"),
        ("config/locales/en.yml", "de", "config/locales/de.yml"),
        # A video's subtitles, as Plex, Jellyfin, Kodi and VLC find them (Movie.en.de.srt was
        # found as English, or not at all: an outside review).
        ("Movies/Heat (1995)/Heat.en.srt", "de", "Movies/Heat (1995)/Heat.de.srt"),
        ("Heat.eng.forced.srt", "pt-BR", "Heat.pt-BR.forced.srt"),
        ("Show.S01E02.en.sdh.vtt", "fr", "Show.S01E02.fr.sdh.vtt"),
        ("Show.S01E02.ass", "de", "Show.S01E02.de.ass"),
        ("Part.One.srt", "de", "Part.One.de.srt"),  # ("One" names no language)
        # Files no platform names so: NAME.<lang>.EXT beside them.
        ("docs/strings.xml", "de", "docs/strings.de.xml"),
        ("Localizable.strings", "de", "Localizable.de.strings"),
        ("Strings.resx", "de", "Strings.de.resx"),
        ("config/app.yml", "de", "config/app.de.yml"),
    ],
)
def test_a_resource_goes_where_its_platform_looks(source: str, target: str, expected: str) -> None:
    assert default_output(Path(source), target) == Path(expected)


def test_a_folder_of_resources_takes_the_source_languages_only(tmp_path: Path) -> None:
    res = tmp_path / "res"
    for folder in ("values", "values-fr", "values-b+zh+Hant", "values-night", "values-de"):
        (res / folder).mkdir(parents=True)
        (res / folder / "strings.xml").write_text(
            '<resources><string name="a">x</string></resources>'
        )
    for folder in ("Base.lproj", "en.lproj", "fr.lproj"):
        (tmp_path / "ios" / folder).mkdir(parents=True)
        (tmp_path / "ios" / folder / "Localizable.strings").write_text('"a" = "x";\n')
    (tmp_path / "java").mkdir()
    for name in ("messages.properties", "messages_de.properties", "messages_en.properties",
                 "messages_fr.properties", "errors_fr.properties"):  # fmt: skip
        (tmp_path / "java" / name).write_text("a=x\n")
    (tmp_path / "config" / "locales").mkdir(parents=True)
    for name in ("en.yml", "fr.yml"):
        (tmp_path / "config" / "locales" / name).write_text(f"{name[:2]}:\n  a: x\n")
    (tmp_path / "translations").mkdir()
    for name in ("messages.en.yaml", "messages.fr.yaml", "validators.fr.yaml"):
        (tmp_path / "translations" / name).write_text("a: x\n")
    (tmp_path / "ios" / "en.lproj" / "InfoPlist.strings").write_text('"b" = "y";\n')
    (res / "values-fr-night").mkdir()
    (res / "values-fr-night" / "strings.xml").write_text("<resources/>")
    found, skipped = folder_documents(tmp_path, "de", recursive=True)
    # en.lproj's copy of Base.lproj's file is its English localization: both would be
    # written to de.lproj/. Its file Base.lproj lacks is a source. A bundle or locale file
    # of another language is left out beside its source (the base bundle, English), taken
    # where it is the only one (errors_fr, validators.fr).
    assert sorted(p.relative_to(tmp_path).as_posix() for p in found) == [
        "config/locales/en.yml",
        "ios/Base.lproj/Localizable.strings",
        "ios/en.lproj/InfoPlist.strings",
        "java/errors_fr.properties",
        "java/messages.properties",
        "res/values-night/strings.xml",
        "res/values/strings.xml",
        "translations/messages.en.yaml",
        "translations/validators.fr.yaml",
    ]
    assert {s.path.relative_to(tmp_path).as_posix() for s in skipped if s.reason == "language"} == {
        "config/locales/fr.yml",
        "ios/en.lproj/Localizable.strings",
        "ios/fr.lproj/Localizable.strings",
        "java/messages_en.properties",
        "java/messages_fr.properties",
        "res/values-b+zh+Hant/strings.xml",
        "res/values-fr/strings.xml",
        "res/values-fr-night/strings.xml",
        "translations/messages.fr.yaml",
    }
    outputs = [default_output(p, "de") for p in found]
    assert len(set(outputs)) == len(outputs)


@pytest.mark.parametrize(
    ("source", "target", "found"),
    [
        # English the source unless told: French beside it is its translation.
        (None, "de", ["en.yml", "messages.en.yaml"]),
        # The source named: its files, whatever else is there.
        ("fr", "de", ["fr.yml", "messages.fr.yaml"]),
        # Into English: the English files are the target's own, never a source beside
        # which French would be left out.
        (None, "en", ["fr.yml", "messages.fr.yaml"]),
        ("fr", "en", ["fr.yml", "messages.fr.yaml"]),
    ],
)
def test_a_folder_of_locale_files_takes_the_source_language_the_job_has(
    tmp_path: Path, source: str | None, target: str, found: list[str]
) -> None:
    """Rails' config/locales and Symfony's translations/ with English and French files
    (review: a French source was dropped when translating into English)."""
    for name in ("en.yml", "fr.yml"):
        (tmp_path / name).write_text(f"{name[:2]}:\n  a: x\n")
    for name in ("messages.en.yaml", "messages.fr.yaml"):
        (tmp_path / name).write_text("a: x\n")
    (tmp_path / "config.properties").write_text("a=x\n")
    (tmp_path / "config_bak.properties").write_text("a=x\n")  # (bak: Bashkir's code)
    documents, _ = folder_documents(tmp_path, target, source=source)
    taken = sorted(p.name for p in documents if p.suffix != ".properties")
    assert taken == found
    assert {p.name for p in documents if p.suffix == ".properties"} == {
        "config.properties",
        "config_bak.properties",
    }
