"""A translated document says it is in the language it was translated into (Word checks its
spelling in it, a screen reader reads it aloud in it), on files written by real producers."""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from engine.documents import open_document, translate_file
from engine.documents.language import target_language

DATA = Path(__file__).parent / "data" / "producers"
ZIPPED = sorted(
    p.name for p in DATA.iterdir() if p.suffix in (".docx", ".pptx", ".odt", ".odp", ".epub")
)

# Every way the producers' files name a language, and the value named.
_DECLARATIONS = re.compile(
    r"""(\slang|xml:lang|fo:language|fo:country|style:language-asian"""
    r"""|style:country-asian|style:language-complex)="([^"]*)"|<(dc:language)>([^<]*)<"""
)


def mark(texts: Sequence[str]) -> list[str]:
    return [f"«{t.upper()}»" for t in texts]


def rewritten(source: Path, dest: Path, part: str, edit: Callable[[str], str]) -> Path:
    """A copy of the zip ``source`` at ``dest`` with ``part``'s text passed through ``edit``."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(dest, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == part:
                data = edit(data.decode("utf-8")).encode("utf-8")
            new.writestr(info, data)
    return dest


def read_part(path: Path, name: str) -> str:
    """The text of the zip ``path``'s part ``name``."""
    with zipfile.ZipFile(path) as archive:
        return archive.read(name).decode("utf-8")


def upper(texts: Sequence[str]) -> list[str]:
    return [t.upper() for t in texts]


def declared(path: Path) -> Counter[tuple[str, str]]:
    """(attribute or element, value) of every language declaration in the file's parts."""
    found: Counter[tuple[str, str]] = Counter()
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if not name.endswith((".xml", ".xhtml", ".opf", ".ncx")) or "_rels" in name:
                continue
            text = archive.read(name).decode("utf-8")
            for tag in re.findall(r"<w:lang [^>]*>|<w:themeFontLang [^>]*>", text):
                found.update(re.findall(r"(w:val|w:eastAsia|w:bidi)=\"([^\"]*)\"", tag))
            text = re.sub(r"<w:lang [^>]*>|<w:themeFontLang [^>]*>", "", text)
            for m in _DECLARATIONS.finditer(text):
                key, value = (m[1], m[2]) if m[1] else (m[3], m[4])
                found[(key.strip(), value)] += 1
    return found


def test_a_target_is_named_as_each_kind_of_format_names_a_language() -> None:
    cases = {
        "de": ("de", "de-DE", "western"),
        "pt_BR": ("pt-BR", "pt-BR", "western"),
        "deu_Latn": ("de", "de-DE", "western"),
        "zho_Hant": ("zh-Hant", "zh-TW", "asian"),
        "zh": ("zh-CN", "zh-CN", "asian"),  # (Simplified: a reader picks glyphs by it)
        "srp_Cyrl": ("sr-Cyrl", "sr-Cyrl-RS", "western"),
        "ar": ("ar", "ar-EG", "complex"),
        "eo": ("eo", "eo", "western"),
        "ckb_Arab": ("ckb", "ckb-IQ", "complex"),  # (to_iso keeps it: its script says)
        "ckb": ("ckb", "ckb-IQ", "complex"),
        "mai_Deva": ("mai", "mai-IN", "complex"),
        "arz_Arab": ("arz", "arz-EG", "complex"),
        "no": ("no", "nb-NO", "western"),
        # Regions that are areas (UN M.49), old names, extended subtags, other scripts.
        "es-419": ("es-419", "es-419", "western"),
        "sh": ("sr-Latn", "sr-Latn-RS", "western"),
        "zh-yue": ("yue", "zh-HK", "asian"),
        "yue_Hant": ("yue", "zh-HK", "asian"),
        "mn_Mong": ("mn-Mong", "mn-Mong-CN", "complex"),
        "pa_Arab": ("pa-Arab", "pa-Arab-PK", "complex"),
    }
    for code, expected in cases.items():
        language = target_language(code)
        assert language is not None, code
        assert (language.tag, language.culture, language.kind) == expected, code
    for nothing in ("", None, "German", "xx", "de/../x", "und", "zxx", "mul"):
        assert target_language(nothing) is None


@pytest.mark.parametrize("name", ZIPPED)
def test_a_translation_declares_its_language_wherever_the_input_declared_one(
    name: str, tmp_path: Path
) -> None:
    source = DATA / name
    before = declared(source)
    assert before, "the producer's file names a language"
    out = tmp_path / f"out.de{source.suffix}"
    translate_file(source, out, mark, language="de")
    after = declared(out)
    assert sum(after.values()) >= sum(before.values())
    western = {"w:val", "lang", "xml:lang", "fo:language", "dc:language", "fo:country"}
    for (key, value), count in after.items():
        if key in western and value not in ("zxx", "de", "de-DE", "DE"):
            # Only a presentation's text kept as it was (a master's prompts, numbers) keeps
            # its own.
            assert source.suffix == ".pptx" and count < before[(key, value)], (name, key, value)
    if source.suffix == ".pptx":
        with zipfile.ZipFile(out) as archive:
            for part in archive.namelist():
                text = archive.read(part).decode("utf-8", "replace")
                for run in re.findall(r"<a:r>.*?</a:r>", text):
                    if "<a:t>«" in run and " lang=" in run:
                        assert 'lang="de-DE"' in run, (part, run)
    for (key, value), count in before.items():
        if key not in western or value == "zxx":
            assert after[(key, value)] == count, (name, key, value)  # other scripts' kept


@pytest.mark.parametrize("name", ["libreoffice.docx", "libreoffice.odt", "pandoc.epub"])
def test_an_east_asian_target_is_declared_for_east_asian_text_only(
    name: str, tmp_path: Path
) -> None:
    source = DATA / name
    out = tmp_path / f"out.zh-Hant{source.suffix}"
    translate_file(source, out, mark, language="zho_Hant")
    after = declared(out)
    if source.suffix == ".epub":  # one tag for all text
        assert set(after) == {("xml:lang", "zh-Hant"), ("dc:language", "zh-Hant")}
        return
    before = declared(source)
    asian = "w:eastAsia" if source.suffix == ".docx" else "style:country-asian"
    assert {v for k, v in after if k == asian} == {"zh-TW" if asian == "w:eastAsia" else "TW"}
    for key in ("w:val", "fo:language"):  # Latin letters in the text: as they were
        assert {v for k, v in after if k == key} == {v for k, v in before if k == key}


@pytest.mark.parametrize(
    "name",
    ["libreoffice.docx", "libreoffice.pptx", "pandoc.epub", "libreoffice.odt", "libreoffice.odp"],
)
def test_a_bilingual_output_declares_the_translations_language_on_them_only(
    name: str, tmp_path: Path
) -> None:
    source = DATA / name
    out = tmp_path / f"out.de{source.suffix}"
    translate_file(source, out, mark, language="de", bilingual=True)
    after = declared(out)
    before = declared(source)
    for key, value in before:  # the source's text keeps its declarations
        assert after[(key, value)] >= (1 if value != "zxx" else 0), (key, value)
    assert any(value in ("de", "de-DE") for _key, value in after)


def test_an_html_page_declares_its_language_and_a_fragment_stays_one(tmp_path: Path) -> None:
    pages = {
        "page.html": '<!doctype html><html lang="en"><body><p>Hello there.</p></body></html>',
        "bare.html": "<html class=x><body><p>Hello there.</p></body></html>",
        "both.xhtml.html": "<HTML xml:lang='en' LANG=en><p>Hello there.</p></HTML>",
        "fragment.html": "<p>Hello there.</p>",
        "value.html": '<html data-x="a lang=en"><p>Hello there.</p></html>',
        "lines.html": '<html\n  lang="en"\n  class="x"><p>Hello there.</p></html>',
        "empty.html": "<!-- <html lang=en> --><html lang><p>Hello there.</p></html>",
        "inner.html": '<html lang="en"><p lang=en>Hello <code lang="en">x</code></p></html>',
        "none.html": '<html lang="zxx"><p>Hello there.</p></html>',
        "titled.html": '<html lang="en" title="Hello there"><p>Hello there.</p></html>',
        "kept.html": '<html lang=en><p>Hi <span translate="no" lang=fr>Bonjour</span></p></html>',
        "class.html": '<html lang=en><p>Hi</p><div class="notranslate" lang=fr>Oui</div></html>',
    }
    expected = {
        "value.html": '<html lang="de" data-x="a lang=en"><p>HELLO THERE.</p></html>',
        "lines.html": '<html\n  lang="de"\n  class="x"><p>HELLO THERE.</p></html>',
        "empty.html": '<!-- <html lang=en> --><html lang="de"><p>HELLO THERE.</p></html>',
        "inner.html": '<html lang="de"><p lang="de">HELLO <code lang="en">x</code></p></html>',
        "none.html": '<html lang="zxx"><p>HELLO THERE.</p></html>',
        "titled.html": '<html lang="de" title="HELLO THERE"><p>HELLO THERE.</p></html>',
        "page.html": '<!doctype html><html lang="de"><body><p>HELLO THERE.</p></body></html>',
        "bare.html": '<html lang="de" class=x><body><p>HELLO THERE.</p></body></html>',
        "both.xhtml.html": '<HTML xml:lang="de" LANG="de"><p>HELLO THERE.</p></HTML>',
        "fragment.html": "<p>HELLO THERE.</p>",
        "kept.html": '<html lang="de"><p>HI <span translate="no" lang=fr>Bonjour</span></p></html>',
        "class.html": '<html lang="de"><p>HI</p><div class="notranslate" lang=fr>Oui</div></html>',
    }
    for name, page in pages.items():
        source = tmp_path / name
        source.write_text(page, encoding="utf-8")
        out = tmp_path / f"out-{name}"
        translate_file(source, out, upper, language="de")
        assert out.read_text(encoding="utf-8") == expected[name]
    bilingual = tmp_path / "bilingual.html"
    translate_file(tmp_path / "page.html", bilingual, upper, language="de", bilingual=True)
    text = bilingual.read_text(encoding="utf-8")
    assert '<html lang="en">' in text
    assert '<span class="quire-translation" lang="de" dir="ltr">HELLO THERE.</span>' in text


def turned(texts: Sequence[str]) -> list[str]:
    """Upper case, Hebrew's and Arabic's greetings in English (a paragraph left as it was
    goes on saying its language and direction)."""
    return [t.upper().replace("שלום", "HELLO").replace("مرحبا", "HELLO") for t in texts]


def test_a_page_translated_into_or_out_of_a_right_to_left_language_reads_in_its_direction(
    tmp_path: Path,
) -> None:
    """A page translated into Arabic read left to right (its full stops at the wrong end of
    each line); one translated out of Hebrew kept dir="rtl" (an outside review)."""
    pages = {
        "en.html": ('<html lang="en"><p>Hello there.</p></html>', "ar"),
        "he.html": ('<html lang="he" dir="rtl"><p dir="rtl">שלום.</p></html>', "en"),
        "auto.html": ('<html lang="en"><p dir="auto">Hello there.</p></html>', "fa"),
        "fragment.html": ("<p>Hello there.</p>", "ar"),
        "de.html": ('<html lang="en"><p>Hello there.</p></html>', "de"),
        # Islands the other way, a bdo and text of no language keep theirs; "auto" is a dir
        # (a review of the fix found them flipped, and a second dir added beside "auto").
        "islands.html": (
            '<html lang="ar" dir="rtl"><p>مرحبا <span dir="ltr">+1 555</span> '
            '<bdo dir="rtl">abc</bdo></p><p lang="zxx" dir="rtl">x</p></html>',
            "fa",
        ),
        "ltr-islands.html": (
            '<html lang="he" dir="rtl"><p>שלום <span dir="ltr">+1 555</span>.</p></html>',
            "en",
        ),
        "root-auto.html": ('<html dir="auto"><p>Hello there.</p></html>', "ar"),
        # A right-to-left page may say so on <body> (a review found it kept into English).
        "body.html": (
            '<html lang="ar"><body dir="rtl"><div dir="rtl"><p>مرحبا.</p></div></body></html>',
            "en",
        ),
    }
    expected = {
        "en.html": '<html dir="rtl" lang="ar"><p>HELLO THERE.</p></html>',
        "he.html": '<html lang="en" dir="ltr"><p dir="ltr">HELLO.</p></html>',
        "auto.html": '<html dir="rtl" lang="fa"><p dir="auto">HELLO THERE.</p></html>',
        "fragment.html": "<p>HELLO THERE.</p>",  # (a fragment gets nothing added)
        "de.html": '<html lang="de"><p>HELLO THERE.</p></html>',
        "islands.html": '<html lang="fa" dir="rtl"><p>HELLO <span dir="ltr">+1 555</span> '
        '<bdo dir="rtl">ABC</bdo></p><p lang="zxx" dir="rtl">X</p></html>',
        "ltr-islands.html": '<html lang="en" dir="ltr"><p>HELLO <span dir="ltr">+1 555</span>.'
        "</p></html>",
        "root-auto.html": '<html lang="ar" dir="auto"><p>HELLO THERE.</p></html>',
        "body.html": '<html lang="en"><body dir="ltr"><div dir="ltr"><p>HELLO.</p></div>'
        "</body></html>",
    }
    for name, (page, target) in pages.items():
        source = tmp_path / name
        source.write_text(page, encoding="utf-8")
        out = tmp_path / f"out-{name}"
        translate_file(source, out, turned, language=target)
        assert out.read_text(encoding="utf-8") == expected[name], name
    bilingual = tmp_path / "bilingual.html"
    translate_file(tmp_path / "en.html", bilingual, upper, language="ar", bilingual=True)
    assert '<span class="quire-translation" lang="ar" dir="rtl">' in bilingual.read_text()


def test_without_a_known_language_the_inputs_declarations_stay(tmp_path: Path) -> None:
    source = DATA / "pandoc.docx"
    out = tmp_path / "out.docx"
    translate_file(source, out, mark)
    assert declared(out) == declared(source)
    assert open_document(out).units[0].text == mark([open_document(source).units[0].text])[0]


def test_a_pdf_written_as_docx_says_the_translations_language_not_its_templates(
    tmp_path: Path,
) -> None:
    """python-docx's template names American English; the PDF's text language is not known
    unless translated, so an unknown one is left to Word."""
    source = Path(__file__).parent / "data" / "rtl" / "libreoffice.pdf"
    for language, expected in (("de", {("w:val", "de-DE")}), (None, set())):
        out = tmp_path / f"out-{language}.docx"
        translate_file(source, out, mark, language=language)
        found = {(k, v) for k, v in declared(out) if k == "w:val"}
        assert found == expected, language
    bilingual = tmp_path / "bilingual.docx"
    translate_file(source, bilingual, mark, language="ar", bilingual=True)
    body = read_part(bilingual, "word/document.xml")
    assert body.count('<w:lang w:bidi="ar-EG"/>') == len(open_document(source).units)


@pytest.mark.parametrize(
    ("name", "part"),
    [
        ("libreoffice.docx", "docProps/core.xml"),
        ("libreoffice.odt", "meta.xml"),
        ("pandoc.epub", "EPUB/content.opf"),
        ("libreoffice.epub", "OEBPS/content.opf"),
    ],
)
def test_the_documents_title_is_translated_as_its_text_is(
    name: str, part: str, tmp_path: Path
) -> None:
    """What a file manager, a PDF exported from the file and a reader's library show."""
    # (a title that names its own language: the translation's names the target's)
    source = rewritten(
        DATA / name,
        tmp_path / name,
        part,
        lambda t: t.replace("<dc:title", '<dc:title xml:lang="en"'),
    )
    titles = [u.text for u in open_document(source).units if u.id.startswith(f"{part}#")]
    assert titles == ["The quarterly report"]
    out = tmp_path / f"out{source.suffix}"
    translate_file(source, out, mark, language="de")
    properties = read_part(out, part)
    assert re.search(r'<dc:title xml:lang="de"[^>]*>«THE QUARTERLY REPORT»</dc:title>', properties)
    bilingual = tmp_path / f"bilingual{source.suffix}"
    translate_file(source, bilingual, mark, language="de", bilingual=True)
    properties = read_part(bilingual, part)
    title = "The quarterly report / «THE QUARTERLY REPORT»"
    assert re.search(rf'<dc:title xml:lang="en"[^>]*>{title}</dc:title>', properties)


@pytest.mark.parametrize(
    ("name", "part"),
    [
        ("libreoffice.pptx", "ppt/slideLayouts/slideLayout1.xml"),
        ("libreoffice.docx", "docProps/core.xml"),
        ("libreoffice.odt", "meta.xml"),
    ],
)
def test_a_damaged_part_never_read_for_its_text_is_copied_not_fatal(
    name: str, part: str, tmp_path: Path
) -> None:
    source = tmp_path / name
    rewritten(DATA / name, source, part, lambda _text: "<broken")
    out = tmp_path / f"out{source.suffix}"
    translate_file(source, out, mark, language="de")
    with zipfile.ZipFile(out) as written:
        assert written.read(part) == b"<broken"
    assert open_document(out).units[0].text.startswith("«")


def test_an_epubs_other_metadata_keeps_its_languages(tmp_path: Path) -> None:
    """Only the title is translated: an author's name in Japanese, with its alternate script
    in English, stays so; a book marked as no language stays so."""
    source = tmp_path / "book.epub"
    extra = (
        '<dc:creator id="c1" xml:lang="ja">村上春樹</dc:creator>'
        '<meta refines="#c1" property="alternate-script" xml:lang="en">Haruki Murakami</meta>'
    )
    rewritten(
        DATA / "pandoc.epub",
        source,
        "EPUB/content.opf",
        lambda text: text.replace("</metadata>", f"{extra}</metadata>").replace(
            "<dc:language>C<", "<dc:language>zxx<"
        ),
    )
    out = tmp_path / "out.epub"
    translate_file(source, out, mark, language="de")
    package = read_part(out, "EPUB/content.opf")
    assert extra in package and "<dc:language>zxx</dc:language>" in package
    assert "«THE QUARTERLY REPORT»" in package


def test_a_bilingual_copys_language_goes_before_words_extensions(tmp_path: Path) -> None:
    """CT_RPr's own elements come before Word 2010's (w14:ligatures), as Word writes them."""
    w14 = "http://schemas.microsoft.com/office/word/2010/wordml"
    source = tmp_path / "ligatures.docx"
    ligatures = f'<w:rPr><w:b/><w14:ligatures xmlns:w14="{w14}" w14:val="std"/></w:rPr>'
    rewritten(
        DATA / "pandoc.docx",
        source,
        "word/document.xml",
        lambda text: text.replace("<w:r>", f"<w:r>{ligatures}", 1),
    )
    out = tmp_path / "out.docx"
    translate_file(source, out, mark, language="de", bilingual=True)
    body = read_part(out, "word/document.xml")
    assert re.search(r'<w:b/><w:lang w:val="de-DE"/><w14:ligatures [^>]*/></w:rPr>', body)


def test_a_script_the_target_names_is_declared_in_opendocument(tmp_path: Path) -> None:
    out = tmp_path / "out.odt"
    translate_file(DATA / "libreoffice.odt", out, mark, language="sr-Latn")
    styles = read_part(out, "styles.xml")
    assert re.search(
        r'fo:language="sr" fo:country="RS"[^>]*fo:script="Latn"[^>]*'
        r'style:rfc-language-tag="sr-Latn"',
        styles,
    ), re.findall(r"<style:text-properties[^>]*fo:language[^>]*>", styles)


def test_a_pdfs_docx_names_only_the_targets_kind_of_script(tmp_path: Path) -> None:
    """The template's other languages (American English, Arabic) are not the text's."""
    out = tmp_path / "out.docx"
    translate_file(
        Path(__file__).parent / "data" / "rtl" / "libreoffice.pdf", out, mark, language="ja"
    )
    styles = read_part(out, "word/styles.xml")
    assert re.findall(r"<w:lang [^>]*>", styles) == ['<w:lang w:eastAsia="ja-JP"/>']


def test_an_epubs_code_and_words_marked_not_to_translate_keep_their_language(
    tmp_path: Path,
) -> None:
    source = tmp_path / "book.epub"
    kept = (
        '<span translate="no" xml:lang="fr">Bonjour</span> '
        '<code xml:lang="en">x = 1</code> <em class="notranslate" lang="fr">oui</em>'
    )
    rewritten(
        DATA / "pandoc.epub",
        source,
        "EPUB/text/ch001.xhtml",
        lambda text: text.replace("ends the report.", f"ends the report. {kept}"),
    )
    out = tmp_path / "out.epub"
    translate_file(source, out, mark, language="de")
    chapter = read_part(out, "EPUB/text/ch001.xhtml")
    for element in re.findall(r"<[^>]*>[^<]*</[a-z]+>", kept):
        assert element in chapter
    assert 'xml:lang="de"' in chapter and chapter.count("fr") == 2


def _added(source: Path, dest: Path, name: str, data: bytes) -> Path:
    """A copy of the zip ``source`` at ``dest`` with ``name`` added, holding ``data``."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(dest, "w") as new:
        for info in old.infolist():
            new.writestr(info, old.read(info))
        new.writestr(name, data)
    return dest


def test_smartart_never_read_for_its_text_keeps_its_language(tmp_path: Path) -> None:
    data = (
        b'<dgm:dataModel xmlns:dgm="http://schemas.openxmlformats.org/drawingml/2006/diagram"'
        b' xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><dgm:ptLst><dgm:pt>'
        b'<dgm:t><a:p><a:r><a:rPr lang="en-US"/><a:t>Plan</a:t></a:r></a:p></dgm:t>'
        b"</dgm:pt></dgm:ptLst></dgm:dataModel>"
    )
    source = _added(
        DATA / "libreoffice.pptx", tmp_path / "smart.pptx", "ppt/diagrams/data1.xml", data
    )
    out = tmp_path / "out.pptx"
    translate_file(source, out, mark, language="de")
    with zipfile.ZipFile(out) as archive:
        assert archive.read("ppt/diagrams/data1.xml") == data
    assert 'lang="de-DE"' in read_part(out, "ppt/slides/slide1.xml")


def test_a_bilingual_slides_copies_name_their_language_where_the_runs_named_none(
    tmp_path: Path,
) -> None:
    """A run without ``lang`` takes the shape's (the source's): the copy's runs get their own."""
    source = rewritten(
        DATA / "libreoffice.pptx",
        tmp_path / "plain.pptx",
        "ppt/slides/slide1.xml",
        lambda text: re.sub(r' lang="[^"]*"', "", text),
    )
    out = tmp_path / "out.pptx"
    translate_file(source, out, mark, language="de", bilingual=True)
    slide = read_part(out, "ppt/slides/slide1.xml")
    runs = re.findall(r"<a:r>(<a:rPr[^>]*>)?.*?<a:t>([^<]*)</a:t></a:r>", slide)
    assert len(runs) > 20
    for rpr, text in runs:  # (the source's words are lowercase, the copies' uppercase)
        if any(c.islower() for c in text):
            assert "lang=" not in rpr, text
        elif any(c.isupper() for c in text):
            assert 'lang="de-DE"' in rpr, text


def test_an_area_as_the_region_is_declared_in_opendocument(tmp_path: Path) -> None:
    """Latin-American Spanish: LibreOffice itself writes and reads fo:country="419"."""
    out = tmp_path / "out.odt"
    translate_file(DATA / "libreoffice.odt", out, mark, language="es-419")
    styles = read_part(out, "styles.xml")
    assert 'fo:language="es" fo:country="419"' in styles


def test_a_lists_labels_are_declared_in_the_translations_language(tmp_path: Path) -> None:
    """Word writes a language in numbering.xml's levels: "a)" and "i." are the text's."""
    source = rewritten(
        DATA / "libreoffice.docx",
        tmp_path / "list.docx",
        "word/numbering.xml",
        lambda text: text.replace(
            'w:hint="default"/></w:rPr>', 'w:hint="default"/><w:lang w:val="en-US"/></w:rPr>', 1
        ),
    )
    out = tmp_path / "out.docx"
    translate_file(source, out, mark, language="de")
    numbering = read_part(out, "word/numbering.xml")
    assert re.findall(r"<w:lang [^>]*>", numbering) == ['<w:lang w:val="de-DE"/>']


def test_a_bilingual_opendocuments_copies_are_spans_in_the_translations_language(
    tmp_path: Path,
) -> None:
    """OpenDocument names a language per style: each copy's text is in a span whose
    automatic style names the target (once), and the source's paragraphs have none."""
    out = tmp_path / "out.odt"
    translate_file(DATA / "libreoffice.odt", out, upper, language="zho_Hant", bilingual=True)
    content = read_part(out, "content.xml")
    style = re.findall(r'<style:style style:name="Quire_zh-Hant".*?</style:style>', content)
    assert len(style) == 1 and 'style:language-asian="zh" style:country-asian="TW"' in style[0]
    spans = re.findall(r'<text:span text:style-name="Quire_zh-Hant">(.*?)</text:span>', content)
    units = open_document(DATA / "libreoffice.odt").units
    shown = [re.sub(r"<[^>]*>", "", span) for span in spans]
    # (a unit whose translation is its own text, a number, shows once: no copy)
    copied = [u for u in units if not u.id.startswith("meta.xml") and u.text.upper() != u.text]
    assert len(spans) == len(copied)
    assert all(text == text.upper() for text in shown) and "THE QUARTERLY REPORT" in shown


def _directions(path: Path, translated: str) -> list[tuple[bool, bool]]:
    """Per translated paragraph of the .docx (its text ``translated``; a number kept as it
    is stays as it was): (marked right to left, every run with text marked so)."""
    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    body = etree.fromstring(read_part(path, "word/document.xml").encode("utf-8"))
    found = []
    for paragraph in body.iter(f"{w}p"):
        runs = [r for r in paragraph.iter(f"{w}r") if "".join(r.itertext()).strip()]
        if "".join(paragraph.itertext()) != translated:
            continue

        def on(mark: etree._Element | None) -> bool:
            return mark is not None and mark.get(f"{w}val", "1") not in ("0", "false", "off")

        found.append(
            (on(paragraph.find(f"{w}pPr/{w}bidi")), all(on(r.find(f"{w}rPr/{w}rtl")) for r in runs))
        )
    return found


def test_a_document_translated_into_or_out_of_arabic_reads_in_its_direction(
    tmp_path: Path,
) -> None:
    """LibreOffice's .docx into Arabic read left to right; out of Arabic it kept w:bidi and
    w:rtl, its full stops at the wrong end of each line (an outside review, rendered)."""
    arabic = tmp_path / "ar.docx"
    translate_file(DATA / "libreoffice.docx", arabic, lambda t: ["نص عربي." for _ in t],
                   language="ar")  # fmt: skip
    assert len(_directions(arabic, "نص عربي.")) > 5
    assert all(d == (True, True) for d in _directions(arabic, "نص عربي."))
    # Its table too: first column on the right (an outside check saw it left to right).
    assert read_part(arabic, "word/document.xml").count("<w:tblPr><w:bidiVisual/>") == 1
    english = tmp_path / "en.docx"
    translate_file(arabic, english, lambda t: ["English text." for _ in t], language="en")
    assert len(_directions(english, "English text.")) > 5
    assert all(d == (False, False) for d in _directions(english, "English text."))
    body = read_part(english, "word/document.xml")
    assert '<w:bidiVisual w:val="0"/>' in body and "<w:bidiVisual/>" not in body
    german = tmp_path / "de.docx"  # (left to right into left to right: nothing added)
    translate_file(DATA / "libreoffice.docx", german, upper, language="de")
    before = read_part(DATA / "libreoffice.docx", "word/document.xml")
    after = read_part(german, "word/document.xml")
    assert after.count("bidi") == before.count("bidi") and "<w:rtl" not in after


def test_a_document_whose_styles_read_right_to_left_is_turned_left_to_right(
    tmp_path: Path,
) -> None:
    """An Arabic template sets the direction in its styles, not on each paragraph."""
    styled = rewritten(
        DATA / "libreoffice.docx", tmp_path / "styled.docx", "word/styles.xml",
        lambda xml: xml.replace("<w:pPrDefault><w:pPr>", "<w:pPrDefault><w:pPr><w:bidi/>"),
    )  # fmt: skip
    arabic = rewritten(  # (its paragraphs say nothing of their direction)
        styled, tmp_path / "arabic.docx", "word/document.xml",
        lambda xml: xml.replace('<w:bidi w:val="0"/>', ""),
    )  # fmt: skip
    assert "bidi" not in read_part(arabic, "word/document.xml")
    english = tmp_path / "en.docx"
    translate_file(arabic, english, lambda t: ["English text." for _ in t], language="en")
    body = read_part(english, "word/document.xml")
    said = len(_directions(english, "English text."))
    assert said > 5 and body.count('<w:bidi w:val="0"/>') == said


def test_a_right_to_left_style_unused_keeps_no_translation_left_to_right(
    tmp_path: Path,
) -> None:
    """Any style that said right to left (an unused character style) made every paragraph
    count as right to left already: a translation into Arabic got no w:bidi at all."""
    quote = (
        '<w:style w:type="character" w:customStyle="1" w:styleId="ArabicQuote">'
        '<w:name w:val="Arabic Quote"/><w:rPr><w:rtl/></w:rPr></w:style></w:styles>'
    )
    source = rewritten(DATA / "pandoc.docx", tmp_path / "quote.docx", "word/styles.xml",
                       lambda xml: xml.replace("</w:styles>", quote))  # fmt: skip
    arabic = tmp_path / "ar.docx"
    translate_file(source, arabic, lambda t: ["نص عربي." for _ in t], language="ar")
    said = _directions(arabic, "نص عربي.")
    assert len(said) > 5 and all(d == (True, True) for d in said)


def test_a_paragraph_as_libreoffice_writes_arabic_turns_left_to_right_whole() -> None:
    from lxml import etree

    from engine.documents.docx import orient

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    paragraph = etree.fromstring(
        f'<w:p xmlns:w="{w}"><w:pPr><w:bidi w:val="1"/><w:jc w:val="right"/></w:pPr>'
        '<w:r><w:rPr><w:rtl w:val="true"/></w:rPr><w:t>Text.</w:t></w:r></w:p>'
    )
    orient(paragraph, rtl=False)  # (its alignment stays: "right" is its start, read so)
    assert etree.tostring(paragraph).decode().split(">", 1)[1] == (
        '<w:pPr><w:bidi w:val="0"/><w:jc w:val="right"/></w:pPr>'
        '<w:r><w:rPr><w:rtl w:val="0"/></w:rPr><w:t>Text.</w:t></w:r></w:p>'
    )
    orient(paragraph, rtl=True)  # and back
    assert etree.tostring(paragraph).decode().split(">", 1)[1] == (
        '<w:pPr><w:bidi/><w:jc w:val="right"/></w:pPr>'
        "<w:r><w:rPr><w:rtl/></w:rPr><w:t>Text.</w:t></w:r></w:p>"
    )
    # An Arabic template's styles set the direction: a paragraph that says nothing is
    # turned left to right all the same (a review of the fix saw it stay right to left).
    plain = etree.fromstring(f'<w:p xmlns:w="{w}"><w:r><w:t>Text.</w:t></w:r></w:p>')
    orient(plain, rtl=False, styled=True)
    assert etree.tostring(plain).decode().split(">", 1)[1] == (
        '<w:pPr><w:bidi w:val="0"/></w:pPr>'
        '<w:r><w:rPr><w:rtl w:val="0"/></w:rPr><w:t>Text.</w:t></w:r></w:p>'
    )
    orient(plain, rtl=False)  # (without such styles, nothing is said twice)
    assert '<w:bidi w:val="0"/>' in etree.tostring(plain).decode()


def test_an_opendocument_translated_into_or_out_of_hebrew_reads_in_its_direction(
    tmp_path: Path,
) -> None:
    """Its paragraph and page styles said lr-tb into Hebrew, rl-tb out of it."""
    modes = re.compile(r'<style:(paragraph|page-layout)-properties[^>]*writing-mode="([^"]*)"')

    def directions(path: Path) -> set[str]:
        return {m[1] for part in ("styles.xml", "content.xml") for m in
                modes.findall(read_part(path, part))}  # fmt: skip

    assert "lr-tb" in directions(DATA / "libreoffice.odt")
    hebrew = tmp_path / "he.odt"
    translate_file(DATA / "libreoffice.odt", hebrew, lambda t: ["טקסט." for _ in t], language="he")
    assert directions(hebrew) == {"rl-tb"}  # (the default's "page" too)
    # LibreOffice shows "start" on the left whatever the direction, and a default without
    # an alignment there too: the text read right to left, set on the left (a review saw it
    # rendered); its own right-to-left paragraphs say "end".
    default = re.compile(r'<style:default-style style:family="paragraph">\s*'
                         r'<style:paragraph-properties[^>]*fo:text-align="([a-z]+)"')  # fmt: skip
    assert default.findall(read_part(hebrew, "styles.xml")) == ["end"]
    english = tmp_path / "en.odt"
    translate_file(hebrew, english, upper, language="en")
    assert directions(english) == {"lr-tb"}
    assert default.findall(read_part(english, "styles.xml")) == ["start"]


def test_an_opendocument_right_to_left_by_its_pages_turns_as_one_that_says_it(
    tmp_path: Path,
) -> None:
    """LibreOffice's HTML import says "page" on the default and rl-tb on the pages: its
    alignments stayed into English, where the same text saying rl-tb had them turned."""
    arabic = rewritten(
        DATA / "libreoffice.odt", tmp_path / "pages.odt", "styles.xml",
        lambda xml: xml.replace('style:writing-mode="lr-tb"', 'style:writing-mode="rl-tb"')
        .replace('style:writing-mode="page"/>', 'style:writing-mode="page" fo:text-align="end"/>'),
    )  # fmt: skip
    english = tmp_path / "en.odt"
    translate_file(arabic, english, upper, language="en")
    default = re.compile(r'<style:default-style style:family="paragraph">\s*'
                         r'<style:paragraph-properties[^>]*fo:text-align="([a-z]+)"')  # fmt: skip
    assert default.findall(read_part(english, "styles.xml")) == ["start"]


def test_an_opendocument_without_a_default_paragraph_style_gets_one_into_arabic(
    tmp_path: Path,
) -> None:
    """odfpy writes no default paragraph style: into Arabic, its text stayed left to right."""
    from odf.opendocument import OpenDocumentText
    from odf.text import P

    document = OpenDocumentText()
    document.text.addElement(P(text="Hello world, this is a line."))
    source = tmp_path / "plain.odt"
    document.save(str(source))
    arabic = tmp_path / "plain.ar.odt"
    translate_file(source, arabic, lambda t: ["مرحبا بكم." for _ in t], language="ar")
    from lxml import etree

    style = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
    root = etree.fromstring(read_part(arabic, "styles.xml").encode("utf-8"))
    (default,) = root.iter(f"{style}default-style")
    assert default.get(f"{style}family") == "paragraph"
    assert default.find(f"{style}paragraph-properties").get(f"{style}writing-mode") == "rl-tb"


def test_a_workbooks_properties_name_the_translations_language(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active["A1"] = "The weather is nice today."
    book.properties.language = "en-US"  # (as LibreOffice writes a workbook's dc:language)
    source = tmp_path / "book.xlsx"
    book.save(source)
    out = tmp_path / "book.de.xlsx"
    translate_file(source, out, mark, language="de")
    assert re.search(r"<dc:language[^>]*>de-DE<", read_part(out, "docProps/core.xml"))


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_a_webvtt_headers_language_names_the_translations(newline: str, tmp_path: Path) -> None:
    """YouTube's captions (and the files tools write from them) say their language in the
    header; a German translation said "Language: en"."""
    captions = (
        "WEBVTT\nKind: captions\nLanguage: en\n\n00:00:01.000 --> 00:00:03.000\n"
        "The weather is nice today.\n\nNOTE Language: en is what the header says\n"
    ).replace("\n", newline)
    source = tmp_path / "talk.en.vtt"
    source.write_bytes(captions.encode("utf-8"))
    out = tmp_path / "talk.de.vtt"
    translate_file(source, out, upper, language="de")
    written = out.read_bytes().decode("utf-8")
    assert written.startswith(f"WEBVTT{newline}Kind: captions{newline}Language: de{newline}")
    assert "THE WEATHER IS NICE TODAY." in written
    assert "NOTE Language: en is what" in written  # (only the header's)


@pytest.mark.parametrize(
    ("code", "kind", "expected"), [("zh", "asian", "zh"), ("ar", "complex", "ar")]
)
def test_pandocs_opendocument_names_an_asian_or_complex_target_in_its_default_style(
    code: str, kind: str, expected: str, tmp_path: Path
) -> None:
    """pandoc's default styles name no East Asian or complex script language (``zxx``): a
    translation into Chinese or Arabic left them so, and LibreOffice showed its text as
    "[None]", never spell-checked."""
    from lxml import etree

    source = DATA / "pandoc.odt"
    style = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
    before = etree.fromstring(read_part(source, "styles.xml").encode("utf-8"))
    (default,) = (
        d for d in before.iter(f"{style}default-style") if d.get(f"{style}family") == "paragraph"
    )
    assert default.find(f"{style}text-properties").get(f"{style}language-{kind}") == "zxx"
    out = tmp_path / f"out.{code}.odt"
    translate_file(source, out, mark, language=code)
    after = etree.fromstring(read_part(out, "styles.xml").encode("utf-8"))
    (default,) = (
        d for d in after.iter(f"{style}default-style") if d.get(f"{style}family") == "paragraph"
    )
    assert default.find(f"{style}text-properties").get(f"{style}language-{kind}") == expected
