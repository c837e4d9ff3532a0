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
        ("App/en.lproj/Localizable.strings", "zh-Hans", "App/zh-Hans.lproj/Localizable.strings"),
        ("App/Base.lproj/Plurals.stringsdict", "de", "App/de.lproj/Plurals.stringsdict"),
        ("src/messages.properties", "pt-BR", "src/messages_pt_BR.properties"),
        ("src/messages_en.properties", "zh-Hans", "src/messages_zh_CN.properties"),
        ("src/error_msg.properties", "de", "src/error_msg_de.properties"),
        ("translations/messages.en.yaml", "de", "translations/messages.de.yaml"),
        ("config/locales/en.yml", "de", "config/locales/de.yml"),
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
    for name in ("messages.properties", "messages_de.properties"):
        (tmp_path / "java" / name).write_text("a=x\n")
    found, _skipped = folder_documents(tmp_path, "de", recursive=True)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in found) == [
        "ios/Base.lproj/Localizable.strings",
        "ios/en.lproj/Localizable.strings",
        "java/messages.properties",
        "res/values-night/strings.xml",
        "res/values/strings.xml",
    ]
