"""PHP language arrays as Laravel, CodeIgniter 4 and Filament ship them (tests/data/php/, see
its README.md): only the strings' contents change, escaped for their own quotes, with the
placeholders, ranges and the target's plural forms Laravel reads; other PHP is refused. Where
PHP is installed, it reads every output back (``php -l``, and the arrays' keys and shapes as
the source's); the tests hold without it."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from engine.cli.main import main
from engine.documents import Document, DocumentError, open_document
from engine.documents.folders import folder_documents
from engine.documents.naming import platform_output, read_by_name
from engine.documents.php import PhpDocument
from engine.engine import Engine
from engine.options import EngineOptions
from engine.text.encoding import UTF8
from tests.fixtures.builder import exported
from tests.fixtures.documents import language

DATA = Path(__file__).parent / "data" / "php"
FIXTURES = sorted(p for p in DATA.rglob("*.php") if not {"yii", "wordpress"}.intersection(p.parts))
PHP = shutil.which("php")
needs_php = pytest.mark.skipif(PHP is None, reason="PHP is not installed to read the outputs")


def php(source: str, name: str = "lang/en/x.php") -> PhpDocument:
    return PhpDocument(Path(name), source, UTF8)


def written(document: Document, code: str = "de") -> str:
    """The document written with each unit's words in capitals (its placeholders as they
    are: they stand as ZXQ1Q in the text)."""
    out = document.write([u.text.upper() for u in document.units], language=language(code))
    return out.decode("utf-8")


def skeleton(document: PhpDocument) -> str:
    """The source with every translated literal's contents left out."""
    edits = sorted((p.start, p.end) for v in document.values for p in v.pieces)
    out, cursor = [], 0
    for start, end in edits:
        out.append(document.source[cursor:start])
        cursor = end
    out.append(document.source[cursor:])
    return "\x00".join(out)


def evaluated(path: Path) -> Any:
    """What PHP reads the file as (its array, as JSON)."""
    assert PHP is not None
    lint = subprocess.run([PHP, "-l", str(path)], capture_output=True, text=True, check=False)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    code = f"echo json_encode(require {json.dumps(str(path))}, JSON_UNESCAPED_UNICODE);"
    run = subprocess.run([PHP, "-r", code], capture_output=True, text=True, check=True)
    return json.loads(run.stdout)


def shape(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [shape(v) for v in value]
    return type(value).__name__


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: str(p.relative_to(DATA)))
def test_only_the_strings_change(path: Path) -> None:
    document = open_document(path)
    assert isinstance(document, PhpDocument) and document.units
    text = written(document)
    again = php(text, str(path))
    assert skeleton(again) == skeleton(document)
    assert [u.id for u in again.units] == [u.id for u in document.units]
    assert [u.fields for u in again.units] == [u.fields for u in document.units]
    assert [u.text for u in again.units] == [u.text.upper() for u in document.units]


@needs_php
@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: str(p.relative_to(DATA)))
def test_php_reads_the_translation_as_the_source_array(path: Path, tmp_path: Path) -> None:
    out = tmp_path / path.name
    out.write_text(written(open_document(path), "ru"), encoding="utf-8")
    assert shape(evaluated(out)) == shape(evaluated(path))


def test_laravel_validation_lines() -> None:
    document = open_document(DATA / "laravel" / "lang" / "en" / "validation.php")
    units = {u.id: u for u in document.units}
    assert units["between.file"].text == (
        "The ZXQ1Q field must be between ZXQ2Q and ZXQ3Q kilobytes."
    )
    assert units["between.file"].fields == (":attribute", ":min", ":max")
    # Laravel's example of a custom message names a rule, no words: not sent.
    assert not any(uid.startswith("custom") for uid in units)
    text = written(document)
    assert "'accepted' => 'THE :attribute FIELD MUST BE ACCEPTED.'," in text
    assert "'rule-name' => 'custom-message'," in text
    pagination = open_document(DATA / "laravel" / "lang" / "en" / "pagination.php")
    assert [u.text for u in pagination.units] == ["ZXQ1Q Previous", "Next ZXQ1Q"]
    assert "'previous' => '&laquo; PREVIOUS'," in written(pagination)


def test_placeholders_of_each_case_are_kept() -> None:
    document = php("<?php return ['x' => ':Attribute and :ATTRIBUTE and :attribute <b>now</b>'];")
    (unit,) = document.units
    assert unit.fields == (":Attribute", ":ATTRIBUTE", ":attribute", "<b>", "</b>")
    # A translation that lost one keeps the value as it was.
    lost = document.write(["ZXQ1Q und ZXQ2Q ZXQ4Qjetzt ZXQ5Q"], language=language("de"))
    assert lost.decode() == document.source


def test_ranges_are_kept_and_each_form_is_a_unit() -> None:
    document = open_document(DATA / "laravel" / "lang" / "en" / "app.php")
    assert [u.id for u in document.units] == ["greeting[0]", "greeting[1]"]
    text = written(document, "ru")
    assert "'{0} HELLO :name|[1,*] HELLO :name, YOU HAVE :count UNREAD MESSAGES'" in text


_MANY = ":count RECORDS SELECTED"


@pytest.mark.parametrize(
    ("code", "forms"),
    [
        ("de", "'1 RECORD SELECTED|:count RECORDS SELECTED'"),
        ("ru", "':count RECORDS SELECTED|:count RECORDS SELECTED|:count RECORDS SELECTED'"),
        ("ja", "':count RECORDS SELECTED'"),
        # (Arabic's zero, one, two, few, many and other: its one is 1's alone)
        ("ar", "|".join([_MANY, "1 RECORD SELECTED", _MANY, _MANY, _MANY, _MANY]).join("''")),
    ],
)
def test_plain_forms_are_written_in_the_targets_count(code: str, forms: str) -> None:
    """Laravel picks form n by its own rule of the locale: Russian has three, Japanese one.
    Russian's first serves 21 too, so a singular without the count takes the plural's."""
    document = open_document(DATA / "filament" / "lang" / "en" / "table.php")
    text = written(document, code)
    assert f"'selected_count' => {forms}," in text


def test_a_singular_with_its_count_stays_the_first_form_in_russian() -> None:
    document = php(
        "<?php\nreturn ['m' => ':count minute|:count minutes', 'a' => 'Action|Actions'];\n"
    )
    text = written(document, "ru")
    assert "':count MINUTE|:count MINUTES|:count MINUTES'" in text
    assert "'ACTION|ACTIONS|ACTIONS'" in text


def test_a_pipe_between_spaces_is_punctuation() -> None:
    document = php("<?php return ['title' => 'Dashboard | My App'];")
    assert [u.text for u in document.units] == ["Dashboard | My App"]
    assert "'DASHBOARD | MY APP'" in written(document, "ru")


def test_a_double_bar_is_words_not_an_empty_form() -> None:
    """ "x||y" was read as three forms, the middle one empty, and written back with one bar
    lost; a double bar is never Laravel's separator, only a single one."""
    document = php("<?php return ['or' => 'Keep this||or that', 'n' => ':count day||:count days'];")
    assert [u.text for u in document.units] == ["Keep this||or that", "ZXQ1Q day||ZXQ2Q days"]
    text = written(document, "ru")
    assert "'or' => 'KEEP THIS||OR THAT'" in text and "'n' => ':count DAY||:count DAYS'" in text
    forms = php("<?php return ['n' => ':count day|:count days'];")
    assert len(forms.units) == 2


def test_codeigniter_icu_plurals_keep_their_syntax() -> None:
    document = open_document(DATA / "codeigniter" / "Language" / "en" / "Time.php")
    units = {u.id: u for u in document.units}
    assert units["years"].fields[0] == "{0, plural,"
    assert "'years'          => '{0, plural, =1{# YEAR} other{# YEARS}}'," in written(document)
    # The target's plural categories are added before other, with its text (Russian's three;
    # Japanese's other alone; German's one is =1's already).
    russian = written(document, "ru")
    assert "'{0, plural, =1{# YEAR} one{# YEARS} few{# YEARS} many{# YEARS} other{# YEARS}}'" in (
        russian
    )
    assert "'years'          => '{0, plural, =1{# YEAR} other{# YEARS}}'," in written(
        document, "ja"
    )
    icu = php("<?php return ['n' => '{n, plural,\n  one {A file}\n  other {# files}\n} here'];")
    assert written(icu, "ru").count("# FILES") == 4  # (one: 21 files is no "a file" in Russian)
    assert "one {A FILE}\n  other {# FILES}\n} HERE'" in written(icu, "de")
    number = open_document(DATA / "codeigniter" / "Language" / "en" / "Number.php")
    assert "'thousand'    => ' THOUSAND'," in written(number)  # (its leading space kept)


ESCAPES = r"""<?php
return [
    'single' => 'It\'s a C:\\path',
    "double" => "Say \"hi\" for \$5\n",
    'joined' => 'This sentence is written over ' .
        "two lines of the file.",
];
"""


def test_a_translation_is_escaped_for_its_own_quotes(tmp_path: Path) -> None:
    document = php(ESCAPES)
    assert [u.text for u in document.units] == [
        "It's a C:\\path",
        'Say "hi" for $5',
        "This sentence is written over two lines of the file.",
    ]
    german = [
        "Es ist's ein C:\\Pfad",
        'Sag "hallo" für $5 {$x}',
        "Dieser Satz steht auf zwei Zeilen.",
    ]
    text = document.write(german, language=language("de")).decode()
    assert "'single' => 'Es ist\\'s ein C:\\\\Pfad'," in text
    assert '"double" => "Sag \\"hallo\\" für \\$5 {\\$x}\\n",' in text
    assert "'joined' => 'Dieser Satz steht ' .\n        \"auf zwei Zeilen.\"," in text
    if PHP is not None:
        out = tmp_path / "x.php"
        out.write_text(text, encoding="utf-8")
        assert evaluated(out) == {
            "single": "Es ist's ein C:\\Pfad",
            "double": 'Sag "hallo" für $5 {$x}\n',
            "joined": "Dieser Satz steht auf zwei Zeilen.",
        }


BYTES = r"""<?php
return [
    'joined' => 'Your order' . "\0" . 'is ready',
    'emoji' => "Well done \u{1F600}\x21 \101gain",
    'tab' => "Name:\x09:name" . "\0" . "left",
    'step' => "Step\0 one",
];
"""


def test_a_translation_keeps_the_escapes_its_source_wrote(tmp_path: Path) -> None:
    """A NUL, a tab, an emoji written as escapes were written as raw bytes (a NUL in the
    file); now an untranslated piece keeps its bytes and a translation writes such a
    character as its source did."""
    document = php(BYTES)
    text = written(document)
    assert "'joined' => 'YOUR ORDER' . \"\\0\" . 'IS READY'," in text
    assert '"WELL DONE \\u{1F600}! AGAIN",' in text
    assert '\'tab\' => "NAME:\\x09:name" . "\\0" . "LEFT",' in text
    assert "\x00" not in text and "\t" not in text
    # A digit after a short escape would lengthen it: "\0" before "1" is written "\000".
    german = [u.text for u in document.units[:-1]] + ["Schritt\x001"]
    assert '"Schritt\\0001"' in document.write(german, language=language("de")).decode()
    if PHP is not None:
        out = tmp_path / "x.php"
        out.write_text(text, encoding="utf-8")
        assert evaluated(out) == {
            "joined": "YOUR ORDER\x00IS READY",
            "emoji": "WELL DONE \U0001f600! AGAIN",
            "tab": "NAME:\t:name\x00LEFT",
            "step": "STEP\x00 ONE",
        }


BREAKS = r"""<?php
return [
    'multi' => "Line one
line	two",
    'nl' => "Has\r\nescape\t",
];
""".replace("\n", "\r\n")


def test_raw_line_breaks_and_tabs_stay_raw(tmp_path: Path) -> None:
    """A line break or a tab written as it is in double quotes (CR LF's, a file's of Windows)
    came back an escape (``"LINE ONE\\r\\nLINE\\tTWO"``); one written as an escape stays one."""
    document = php(BREAKS)
    assert [u.text for u in document.units] == ["Line one\r\nline\ttwo", "Has\r\nescape"]
    text = written(document)
    expected = BREAKS
    for words in ("Line one", "line\ttwo", "Has", "escape"):
        expected = expected.replace(words, words.upper())
    assert text == expected
    if PHP is not None:
        out = tmp_path / "x.php"
        out.write_text(text, encoding="utf-8", newline="")
        assert evaluated(out) == {"multi": "LINE ONE\r\nLINE\tTWO", "nl": "HAS\r\nESCAPE\t"}


CODE = """<?php

declare(strict_types=1);

namespace App\\Lang;

use Illuminate\\Support\\Str;

return array(
    'call' => __('other.key'),
    'constant' => PHP_EOL,
    'variable' => "Hello $name",
    'braced' => "Hello {$user->name}",
    'heredoc' => <<<'TXT'
        A nowdoc's text.
        TXT,
    'count' => 5,
    'words' => 'Words to translate',
);
"""


def test_code_is_kept_with_a_note() -> None:
    document = php(CODE)
    assert [u.id for u in document.units] == ["words"]
    (note,) = document.notes
    assert note.message_id == "document.php_code_kept"
    assert note.params["count"] == 5
    assert "call, constant, variable, braced, heredoc" in note.text
    text = written(document)
    assert text == CODE.replace("Words to translate", "WORDS TO TRANSLATE")


def test_a_dollar_brace_interpolation_is_code() -> None:
    """``"Hello ${name} there"`` was sent as words and written back ``\\${name}``: the
    variable's name in the text where PHP had put its value."""
    source = """<?php
return [
    'i' => "Hello ${name} there",
    'j' => "Kept \\${x}",
];
"""
    document = php(source)
    assert [u.id for u in document.units] == ["j"]
    assert document.notes[0].params["keys"] == "i"
    assert written(document) == source.replace("Kept", "KEPT")


@pytest.mark.parametrize(
    ("source", "said"),
    [
        ("<?php\nclass Greeter\n{\n}\n", "line 2"),
        ("<html><body><?php echo $x; ?></body></html>\n", "does not begin with <?php"),
        ("<?php\n$lang['greeting'] = 'Hello';\n", "is code"),  # CodeIgniter 3
        ("<?php\nreturn ['a' => 'Hello];\n", "a string is not closed"),
        ("<?php\nreturn ['a' => 'Hello'];\n?>\n<p>Text</p>\n", "text follows ?>"),
        ("<?php\nreturn ['a' => 'Hello'\n", "line 2"),
        ("<?php\nreturn $config;\n", "returns no array"),
        # PHP 8's attribute, no comment: '#' began one in PHP 7.
        (
            "<?php\n#[Attribute]\nclass Greeter\n{\n}\n",
            "'#[' is code, not the array it returns (line 2)",
        ),
    ],
)
def test_other_php_is_refused(source: str, said: str) -> None:
    with pytest.raises(DocumentError) as caught:
        php(source)
    assert caught.value.message_id == "document.php_not_language"
    assert said in str(caught.value)
    assert "language arrays" not in str(caught.value) or caught.value.hint


def test_lines_are_counted_at_any_line_break() -> None:
    """A file of CR-only lines (old Macs') was all "line 1"."""
    for newline in ("\n", "\r\n", "\r"):
        source = "<?php\nreturn [\n    'a' => 'First',\n    'b' => 'Second'\n".replace(
            "\n", newline
        )
        with pytest.raises(DocumentError) as caught:
            php(source)
        assert "an array is not closed (line 4)" in str(caught.value), repr(newline)
        document = php(source + "];")
        assert [document.line(n) for n in range(2)] == [3, 4]


def test_a_yii_message_file_is_refused_saying_what_to_do() -> None:
    with pytest.raises(DocumentError) as caught:
        open_document(DATA / "yii" / "messages" / "de" / "yii.php")
    assert caught.value.message_id == "document.php_yii_messages"
    assert "'format' => 'po'" in (caught.value.hint or "")
    # Without the header that says so: its keys are sentences.
    with pytest.raises(DocumentError) as caught:
        php("<?php\nreturn ['Page not found.' => '', 'Error' => 'Fehler', 'Please wait.' => ''];")
    assert caught.value.message_id == "document.php_yii_messages"


def test_the_translation_goes_where_the_framework_reads_the_locale() -> None:
    assert platform_output(Path("lang/en/auth.php"), "de") == Path("lang/de/auth.php")
    assert platform_output(Path("resources/lang/en/auth.php"), "pt-BR") == Path(
        "resources/lang/pt_BR/auth.php"
    )
    assert platform_output(Path("app/Language/en/Validation.php"), "pt-BR") == Path(
        "app/Language/pt-BR/Validation.php"
    )
    assert platform_output(Path("lang/en/auth.php"), "zh-Hant") == Path("lang/zh_TW/auth.php")
    login = Path("packages/panels/resources/lang/en/pages/auth/login.php")
    assert platform_output(login, "ru") == Path(
        "packages/panels/resources/lang/ru/pages/auth/login.php"
    )
    assert platform_output(Path("src/Greeter.php"), "de") is None
    assert read_by_name(Path("lang/de/auth.php")) and not read_by_name(Path("src/Greeter.php"))


def test_quire_translate_writes_the_german_lang_folder(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Engine(EngineOptions(home=quire_home)).import_model(exported("marian"), "opus-mt-en-de")
    source = tmp_path / "lang" / "en" / "auth.php"
    source.parent.mkdir(parents=True)
    source.write_bytes((DATA / "laravel" / "lang" / "en" / "auth.php").read_bytes())
    code = main(["translate", "--from", "en", "--to", "de", str(source)])
    _out, err = capsys.readouterr()
    assert code == 0, err
    out = tmp_path / "lang" / "de" / "auth.php"
    translated = php(out.read_text("utf-8"), str(out))
    assert skeleton(translated) == skeleton(open_document(source))  # type: ignore[arg-type]
    assert ":seconds" in out.read_text("utf-8")
    # A German file of the app's own is not written beside (Laravel reads lang/de/auth.php).
    out.write_text("<?php\nreturn ['failed' => 'Falsch.'];\n", encoding="utf-8")
    code = main(["translate", "--from", "en", "--to", "de", str(source)])
    _out, err = capsys.readouterr()
    assert code != 0 and "-o" in err
    assert not any(p.name != "auth.php" for p in out.parent.iterdir())


def test_a_folder_translates_the_language_arrays_alone(tmp_path: Path) -> None:
    app = tmp_path / "app"
    (app / "Http").mkdir(parents=True)
    (app / "Http" / "Kernel.php").write_text("<?php\nclass Kernel {}\n", "utf-8")
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "app.php").write_text("<?php\nreturn ['name' => 'Laravel'];\n", "utf-8")
    english = tmp_path / "lang" / "en" / "auth.php"
    english.parent.mkdir(parents=True)
    english.write_bytes((DATA / "laravel" / "lang" / "en" / "auth.php").read_bytes())
    french = tmp_path / "lang" / "fr" / "auth.php"
    french.parent.mkdir()
    french.write_text("<?php\nreturn ['failed' => 'Identifiants incorrects.'];\n", "utf-8")
    found, _skipped = folder_documents(tmp_path, "de", recursive=True)
    assert found == [english]
    found, _skipped = folder_documents(english.parent, "de", recursive=True)
    assert found == [english]


def test_a_folder_takes_the_source_languages_arrays_and_no_template(tmp_path: Path) -> None:
    """A Blade view's folder named like a language (``nav``: Navajo's code) is no locale, and
    a locale's file without an English twin (``lang/et/moment.php``) is Estonian, not words
    to translate as English; a folder named on its own (``config``) is read by its path."""
    views = tmp_path / "resources" / "views" / "nav"
    views.mkdir(parents=True)
    (views / "updates.blade.php").write_text("<?php\nreturn ['a' => 'Updates'];\n", "utf-8")
    (views / "menu.php").write_text("<?php\nreturn ['a' => 'Menu'];\n", "utf-8")
    english = tmp_path / "lang" / "en" / "markdown.php"
    estonian = tmp_path / "lang" / "et" / "moment.php"
    for path, text in [(english, "Bold text"), (estonian, "mõni sekund")]:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"<?php\nreturn ['a' => '{text}'];\n", "utf-8")
    found, skipped = folder_documents(tmp_path, "de", recursive=True)
    assert found == [english]
    assert {s.path.name: s.reason for s in skipped} == {
        "updates.blade.php": "php",
        "menu.php": "php",
        "moment.php": "language",
    }
    found, _skipped = folder_documents(tmp_path, "de", recursive=True, source="et")
    assert found == [estonian]
    # Named on their own: a locale's folder is read, a settings folder is not.
    found, _skipped = folder_documents(english.parent, "de")
    assert found == [english]
    config = tmp_path / "config"
    config.mkdir()
    (config / "app.php").write_text("<?php\nreturn ['name' => 'Laravel'];\n", "utf-8")
    found, skipped = folder_documents(config, "de")
    assert found == [] and [s.reason for s in skipped] == ["php"]


def test_a_folder_takes_no_template_or_class_in_a_folder_named_like_a_locale(
    tmp_path: Path,
) -> None:
    """Any two-letter folder naming a language counts as a locale's (``io``: Ido, ``ms``:
    Malay): a view and classes in them were taken for language arrays."""
    files = {
        "resources/views/en/home.php": "<html><h1><?php echo $title; ?></h1></html>\n",
        "src/io/Reader.php": "<?php\nnamespace App\\Io;\n\nclass Reader\n{\n    public function"
        " all(): array\n    {\n        return [];\n    }\n}\n",
        "app/Http/ms/Kernel.php": "<?php\n\ndeclare(strict_types=1);\n\n$app = new App();\n",
        "lang/en/auth.php": "\ufeff<?php\n\nreturn [\n    'failed' => 'Wrong.',\n];\n",
        "lang/en/old.php": "<?php $lang = array('a' => 'Old words'); return $lang;\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, "utf-8")
    found, skipped = folder_documents(tmp_path, "de", recursive=True)
    assert [p.relative_to(tmp_path).as_posix() for p in found] == [
        "lang/en/auth.php",
        "lang/en/old.php",
    ]
    assert {s.path.name: s.reason for s in skipped} == dict.fromkeys(
        ["home.php", "Reader.php", "Kernel.php"], "php"
    )


def test_nothing_is_read_as_a_number_or_a_flag() -> None:
    document = php("<?php return ['n' => 5, 'f' => -1.5, 'b' => true, 'z' => null, 's' => 'Yes'];")
    assert [u.id for u in document.units] == ["s"]
    assert document.notes == ()
    assert re.search(r"'s' => 'YES'", written(document))


WORDPRESS = DATA / "wordpress" / "languages" / "plugins" / "hello-de_DE.l10n.php"


def test_a_wordpress_translation_file_is_refused_saying_to_translate_its_po(
    tmp_path: Path,
) -> None:
    """WordPress's .l10n.php (``wp i18n make-php``, GlotPress) holds translations already,
    made from a .po: its headers and German messages were sent to be translated."""
    with pytest.raises(DocumentError) as caught:
        open_document(WORDPRESS)
    assert caught.value.message_id == "document.php_wordpress"
    assert "wp i18n make-php" in (caught.value.hint or "") and ".po" in caught.value.hint
    # Renamed, it is told by its headers; without them, by its messages' keys of text.
    renamed = tmp_path / "lang" / "de" / "hello.php"
    renamed.parent.mkdir(parents=True)
    renamed.write_bytes(WORDPRESS.read_bytes())
    with pytest.raises(DocumentError) as caught:
        open_document(renamed)
    assert caught.value.message_id == "document.php_wordpress"
    with pytest.raises(DocumentError) as caught:
        php(
            "<?php\nreturn ['messages' => ['original' => ['translation'], 'Product' . \"\\0\" "
            ". 'Products' => 'Produkt' . \"\\0\" . 'Produkte', 'with context' => ['x']]];"
        )
    assert caught.value.message_id == "document.php_wordpress"
    # An app's own group of messages, a setting's label "Language" beside, is no WordPress file.
    document = php("<?php\nreturn ['messages' => ['welcome' => 'Welcome home']];")
    assert [u.id for u in document.units] == ["messages.welcome"]
    document = php(
        "<?php\nreturn ['language' => 'Language', 'title' => 'Settings', "
        "'messages' => ['saved' => 'Settings saved']];"
    )
    assert len(document.units) == 3


def test_a_folder_passes_over_wordpress_translation_files(tmp_path: Path) -> None:
    languages = tmp_path / "languages"
    languages.mkdir()
    (languages / "hello-de_DE.l10n.php").write_bytes(WORDPRESS.read_bytes())
    (languages / "hello-fr_FR.php").write_bytes(WORDPRESS.read_bytes())
    english = tmp_path / "lang" / "en" / "auth.php"
    english.parent.mkdir(parents=True)
    english.write_bytes((DATA / "laravel" / "lang" / "en" / "auth.php").read_bytes())
    (english.parent / "hello.l10n.php").write_bytes(WORDPRESS.read_bytes())
    # Renamed, with a header the reader knows WordPress by and the folder did not.
    french = tmp_path / "lang" / "fr" / "hello.php"
    french.parent.mkdir()
    french.write_text(
        "<?php\nreturn ['last-translator' => 'Jo', 'language' => 'fr', "
        "'messages' => ['Settings saved.' => 'Réglages enregistrés.']];\n",
        "utf-8",
    )
    with pytest.raises(DocumentError, match="WordPress"):
        open_document(french)
    found, _skipped = folder_documents(tmp_path, "de", recursive=True, source="fr")
    assert found == []
    found, _skipped = folder_documents(tmp_path, "de", recursive=True)
    assert found == [english]
    found, _skipped = folder_documents(languages, "de")
    assert found == []


def test_an_array_assigned_to_a_variable_and_returned_is_read() -> None:
    """Invoice Ninja's lang/en/texts.php: ``$lang = array(...); return $lang;``."""
    document = open_document(DATA / "invoiceninja" / "lang" / "en" / "texts.php")
    assert [u.id for u in document.units] == ["company_name", "mobile_phone", "payment_due"]
    assert skeleton(php(written(document))) == skeleton(document)  # type: ignore[arg-type]
    assert "'mobile_phone' => 'MOBILE'" in written(document)
    short = php("<?php\n$lang = ['a' => 'Words'];\n\nreturn $lang;\n")
    assert [u.text for u in short.units] == ["Words"]
    for source, said in [
        ("<?php\n$lang = ['a' => 'Words'];\nreturn $other;\n", "returns no array but $lang"),
        ("<?php\n$lang = ['a' => 'Words'];\n", "returns no array"),
        ("<?php\n$lang = ['a' => 'Words'];\n$more = ['b' => 'c'];\nreturn $lang;\n", "is code"),
        ("<?php\n$lang = ['a' => 'Words'];\necho 'x';\nreturn $lang;\n", "is code"),
        ("<?php\n$lang = ['a' => 'Words'];\nreturn ['b' => 'c'];\n", "returns no array but"),
    ]:
        with pytest.raises(DocumentError) as caught:
            php(source)
        assert said in str(caught.value), source


def test_a_deep_nest_is_refused_in_one_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    """15,000 brackets (30 KB) took 22 s to refuse: each level read the rest of the file
    whole, then its items again. Now it is refused at the 65th level, having read that far."""
    from engine.documents import php as reader

    read: list[int] = []
    token = reader._Tokens._token

    def counted(self: Any) -> str:
        read.append(self.pos)
        return token(self)

    monkeypatch.setattr(reader._Tokens, "_token", counted)
    for opening in ("[", "array("):
        read.clear()
        with pytest.raises(DocumentError) as caught:
            php("<?php\nreturn " + opening * 15_000 + "'x'];\n")
        assert "nest too deep (line 2)" in str(caught.value)
        assert len(read) < 400 and max(read) < 65 * len(opening) + 20
    # A real nest, as deep as Filament's, is read whole.
    document = php("<?php\nreturn " + "['a' => " * 60 + "'Deep words'" + "]" * 60 + ";\n")
    assert [u.id for u in document.units] == [".".join(["a"] * 60)]


def test_the_opening_tag_in_capitals_is_php_too() -> None:
    document = php(
        "<?PHP\nreturn array('a' => 'Upper tag', 'b' => array('c' => 'Old syntax'));\n?>\n"
    )
    assert [u.id for u in document.units] == ["a", "b.c"]
    assert "'a' => 'UPPER TAG'" in written(document)
