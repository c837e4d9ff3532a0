"""Spreadsheets as their producers write them (tests/data/sheets/: XlsxWriter, openpyxl and
LibreOffice Calc's .xlsx and .ods): text cells, comments, charts' titles, text boxes and alt
texts are translated; numbers, dates, formulas and the texts that formulas and drop-down
lists name stay; a translated workbook opens in another reader (openpyxl) with its cells,
formats and validations where they were."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path

import openpyxl
import pytest
from lxml import etree

from engine.documents import DocumentError, open_document, translate_file, xlsx
from engine.documents.xlsx import MAX_CELL_CHARS
from tests.fixtures import producers

DATA = Path(__file__).parent / "data" / "sheets"
FLAT = Path(__file__).parent / "data" / "flat"
XLSX = sorted(n for n in producers.SHEET_FILES if n.endswith(".xlsx"))


def mark(texts: Sequence[str]) -> list[str]:
    """A translator anyone can check: every word upper case, the text in guillemets."""
    return [f"«{t.upper()}»" for t in texts]


def texts(name: str) -> list[str]:
    return [u.text for u in open_document(DATA / name).units]


def marked_budget(formula: str) -> str:
    """The budget's formula giving text (``IF(B4>1000;"Over budget";"Within budget")``) as
    it reads once ``mark`` translated what it gives."""
    for text in ("Over budget", "Within budget"):
        formula = formula.replace(f'"{text}"', f'"{mark([text])[0]}"')
    return formula


@pytest.mark.parametrize("name", sorted(producers.SHEET_FILES))
def test_the_text_cells_are_units_in_sheet_and_row_order(name: str) -> None:
    document = open_document(DATA / name)
    found = [u.text for u in document.units]
    # (a line break in a cell is one unit whatever the format: OpenDocument writes a
    # paragraph per line, Excel a line break in the cell's text)
    expected = list(producers.SHEET_TEXTS)
    cells = [t for t in found if t in expected]
    assert cells == expected
    assert producers.SHEET_COMMENT in found
    for kept in (*producers.SHEET_LIST, "1200", "85.5"):
        assert kept not in found  # a drop-down's choices, numbers
    # What the formula gives is text of its own; its cached result is no unit.
    assert found.count("Over budget") == found.count("Within budget") == 1
    assert not any(re.search(r"2026|SUM|IF\(", t) for t in found)  # dates and formulas
    pages = {u.text: u.page for u in document.units}
    assert pages[producers.SHEET_NOTES[0]] == 2 and pages["Item"] == 1  # by sheet
    if name != "openpyxl.xlsx":  # openpyxl writes no charts, text boxes or pictures here
        for extra in (producers.SHEET_CHART_TITLE, producers.SHEET_TEXT_BOX, producers.SHEET_ALT):
            assert extra in found, extra
    rich = next(u for u in document.units if u.text == "".join(producers.SHEET_RICH))
    assert rich.runs == producers.SHEET_RICH


@pytest.mark.parametrize("name", XLSX)
def test_a_translated_workbook_reads_the_same_in_openpyxl_but_its_text(
    name: str, tmp_path: Path
) -> None:
    out = tmp_path / name
    result = translate_file(DATA / name, out, mark)
    assert result.units == len(open_document(DATA / name).units)
    before = openpyxl.load_workbook(DATA / name)
    after = openpyxl.load_workbook(out)
    assert after.sheetnames == list(producers.SHEET_NAMES)  # sheet names stay
    sheet, original = after["Budget"], before["Budget"]
    assert (
        sheet["A1"].value == "«ITEM»" and sheet["D2"].value == "«DELIVERED TO THE CAFÉ ON MONDAY.»"
    )
    assert sheet["A6"].value == f"«{producers.SHEET_BREAK.upper()}»"
    for ref in ("B2", "B3", "B4", "C4", "B6", "C2", "C3"):  # numbers, formulas, date, list
        if ref == "C4":  # (but what a formula gives, translated)
            assert sheet[ref].value == marked_budget(original[ref].value) != original[ref].value
        else:
            assert sheet[ref].value == original[ref].value, ref
        assert sheet[ref].number_format == original[ref].number_format, ref
    assert sheet["C2"].value == "Done"
    assert [str(v.sqref) for v in sheet.data_validations.dataValidation] == ["C2:C3"]
    assert sheet["A6"].alignment.wrap_text  # the cells' formats are untouched
    assert sheet["A2"].comment is not None
    assert producers.SHEET_COMMENT.upper() in sheet["A2"].comment.text
    assert after["Notes"]["A1"].value == f"«{producers.SHEET_NOTES[0].upper()}»"
    # The bold word is still bold, and is the translated word.
    rich = openpyxl.load_workbook(out, rich_text=True)["Budget"]["D3"].value
    bold = [b.text for b in rich if not isinstance(b, str) and b.font.b]
    assert bold == ["LATE"]


@pytest.mark.parametrize("name", sorted(producers.SHEET_FILES))
def test_only_the_parts_with_text_change(name: str, tmp_path: Path) -> None:
    out = tmp_path / name
    translate_file(DATA / name, out, mark)
    with zipfile.ZipFile(DATA / name) as a, zipfile.ZipFile(out) as b:
        assert a.namelist() == b.namelist()
        changed = {n for n in a.namelist() if a.read(n) != b.read(n)}
        assert [i.compress_type for i in a.infolist()] == [i.compress_type for i in b.infolist()]
    # The parts holding text; the workbook (computed again on opening) and a sheet whose
    # formula gives a text (its cached result dropped); openpyxl keeps strings in the sheets.
    shared = {"xl/sharedStrings.xml", "xl/charts/chart1.xml", "xl/drawings/drawing1.xml"}
    calculated = {"xl/workbook.xml", "xl/worksheets/sheet1.xml"}
    expected = {
        "libreoffice.ods": {"content.xml", "Object 1/content.xml"},
        "libreoffice.xlsx": {*shared, *calculated, "xl/comments1.xml"},
        "xlsxwriter.xlsx": {*shared, *calculated, "xl/comments1.xml"},
        "openpyxl.xlsx": {*calculated, "xl/worksheets/sheet2.xml", "xl/comments/comment1.xml"},
    }
    assert changed == expected[name]
    after = [u.text for u in open_document(out).units]
    assert after == mark(texts(name))  # and the translation reads back unit for unit


def test_an_ods_keeps_its_numbers_dates_and_formulas(tmp_path: Path) -> None:
    out = tmp_path / "out.ods"
    translate_file(DATA / "libreoffice.ods", out, mark)

    def cells(path: Path) -> list[tuple[str | None, ...]]:
        with zipfile.ZipFile(path) as z:
            root = etree.fromstring(z.read("content.xml"))
        table = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
        office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
        return [
            (
                c.get(f"{{{office}}}value-type"),
                c.get(f"{{{office}}}value") or c.get(f"{{{office}}}date-value"),
                c.get(f"{{{table}}}formula"),
                "".join(c.itertext())
                if c.get(f"{{{office}}}value-type") not in (None, "string")
                else None,
            )
            for c in root.iter(f"{{{table}}}table-cell")
        ]

    before, after = cells(DATA / "libreoffice.ods"), cells(out)
    # (but a formula's text result, computed again on opening: below; and what it gives,
    # translated)
    assert after == [
        (None, v[1], marked_budget(v[2]), *v[3:]) if v[2] and v[0] == "string" else v
        for v in before
    ]
    assert any(v == ("float", "1200", None, "1200") for v in after)
    assert any(v[0] == "date" for v in after) and any(v[2] for v in after)


@pytest.mark.parametrize("name", ["libreoffice.ods", "libreoffice.fods"])
def test_an_ods_formula_giving_text_is_computed_again_when_the_translation_is_opened(
    name: str, tmp_path: Path
) -> None:
    """LibreOffice shows the results an .ods caches, even for a file another program wrote:
    a formula giving text (``=[$Budget.A2]``, ``IF(…;"Over budget";…)``) would go on showing
    the untranslated text, as an outside review saw. Without a cached result, LibreOffice
    computes it on opening; a number's result stays cached."""
    source = DATA / name if name.endswith(".ods") else FLAT / name
    out = tmp_path / name
    translate_file(source, out, mark)
    if name.endswith(".ods"):
        with zipfile.ZipFile(out) as z:
            root = etree.fromstring(z.read("content.xml"))
    else:
        root = etree.fromstring(out.read_bytes())
    table = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
    office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    formulas = [c for c in root.iter(f"{{{table}}}table-cell") if c.get(f"{{{table}}}formula")]
    text = [c for c in formulas if "IF(" in (c.get(f"{{{table}}}formula") or "")]
    numbers = [c for c in formulas if "SUM(" in (c.get(f"{{{table}}}formula") or "")]
    assert text and numbers
    for cell in text:
        assert cell.get(f"{{{office}}}value-type") is None
        assert cell.get(f"{{{office}}}string-value") is None and not len(cell)
    for cell in numbers:
        assert cell.get(f"{{{office}}}value-type") == "float" and "".join(cell.itertext())


@pytest.mark.parametrize("name", ["xlsxwriter.xlsx", "libreoffice.ods"])
def test_a_text_a_formula_names_is_not_translated(name: str, tmp_path: Path) -> None:
    """``SUMIF(A2:A3;"Office chairs";…)`` finds the row by its text: translated, the formula
    would find nothing."""
    source = tmp_path / name
    with zipfile.ZipFile(DATA / name) as a, zipfile.ZipFile(source, "w") as b:
        for info in a.infolist():
            data = a.read(info.filename)
            if name.endswith(".xlsx") and info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(
                    b"<f>SUM(B2:B3)</f>", b'<f>SUMIF(A2:A3,"Office chairs",B2:B3)</f>'
                )
            if name.endswith(".ods") and info.filename == "content.xml":
                data, n = re.subn(
                    rb'table:formula="of:=SUM\(\[\.B2:\.B3\]\)"',
                    b'table:formula="of:=SUMIF([.A2:.A3];&quot;Office chairs&quot;;[.B2:.B3])"',
                    data,
                )
                assert n == 1
            b.writestr(info, data)
    assert "Office chairs" in texts(name)
    found = [u.text for u in open_document(source).units]
    assert "Office chairs" not in found and "Printer paper" in found


def test_escaped_characters_are_read_and_written_as_excel_escapes_them(tmp_path: Path) -> None:
    """SpreadsheetML writes a carriage return as ``_x000D_`` (and a literal ``_x…_`` with
    ``_x005F_``): the translator sees the characters, the file gets the escapes back."""
    source = tmp_path / "escaped.xlsx"
    with zipfile.ZipFile(DATA / "xlsxwriter.xlsx") as a, zipfile.ZipFile(source, "w") as b:
        for info in a.infolist():
            data = a.read(info.filename)
            if info.filename == "xl/sharedStrings.xml":
                data = data.replace(
                    b"<t>Office chairs</t>", b"<t>Office_x000D_\nchairs _x005F_x0041_</t>"
                )
            b.writestr(info, data)
    unit = next(u for u in open_document(source).units if u.text.startswith("Office"))
    assert unit.text == "Office\r\nchairs _x0041_"
    out = tmp_path / "out.xlsx"
    translate_file(source, out, lambda ts: [t.replace("chairs", "Stühle ") for t in ts])
    with zipfile.ZipFile(out) as z:
        shared = z.read("xl/sharedStrings.xml").decode("utf-8")
    assert '<t xml:space="preserve">Office_x000D_\nStühle  _x005F_x0041_</t>' in shared, shared
    # (openpyxl leaves the escapes as they are: it is no judge here)
    assert "Office\r\nStühle  _x0041_" in [u.text for u in open_document(out).units]


@pytest.mark.parametrize("name", sorted(producers.SHEET_FILES))
def test_bilingual_cells_hold_the_text_and_its_translation(name: str, tmp_path: Path) -> None:
    out = tmp_path / name
    translate_file(DATA / name, out, mark, bilingual=True)
    found = [u.text for u in open_document(out).units]
    if name.endswith(".ods"):  # a cell's paragraphs, then their translation's
        assert "Item\n«ITEM»" in found
    else:
        assert "Item / «ITEM»" in found
    # a text with line breaks of its own: the translation on the next lines
    assert f"{producers.SHEET_BREAK}\n«{producers.SHEET_BREAK.upper()}»" in found
    if name in XLSX:
        sheet = openpyxl.load_workbook(out, rich_text=True)["Budget"]
        assert sheet["B2"].value == 1200 and sheet["C2"].value == "Done"
        rich = sheet["D3"].value
        bold = [b.text for b in rich if not isinstance(b, str) and b.font.b]
        assert bold == ["late", "LATE"]
        source = "".join(producers.SHEET_RICH)
        assert str(rich) == f"{source} / «{source.upper()}»"


def test_a_translation_longer_than_a_cell_holds_is_cut_at_a_space(tmp_path: Path) -> None:
    document = open_document(DATA / "xlsxwriter.xlsx")
    long = "word " * (MAX_CELL_CHARS // 4)
    out = tmp_path / "out.xlsx"
    out.write_bytes(document.write([long if u.text == "Item" else u.text for u in document.units]))
    value = openpyxl.load_workbook(out)["Budget"]["A1"].value
    assert len(value) <= MAX_CELL_CHARS and value.endswith("word…")
    assert len(value) > MAX_CELL_CHARS - 10


def test_an_xlsx_named_docx_says_what_it_is(tmp_path: Path) -> None:
    path = tmp_path / "budget.docx"
    path.write_bytes((DATA / "xlsxwriter.xlsx").read_bytes())
    with pytest.raises(DocumentError) as caught:
        open_document(path)
    assert caught.value.message == "This is a .xlsx file with a .docx name"
    assert caught.value.hint == "Rename it to budget.xlsx, then retry"


@pytest.mark.parametrize("suffix", [".xlsx", ".xlsm", ".xltx"])
@pytest.mark.parametrize(
    ("source", "actual"),
    [("office/Bug54771a.docx", ".docx"), ("office/Of16-02.pptx", ".pptx")],
    ids=["docx", "pptx"],
)
def test_a_document_or_presentation_named_as_a_workbook_says_what_it_is(
    source: str, actual: str, suffix: str, tmp_path: Path
) -> None:
    # (Word's and PowerPoint's files: their main part, which the package's relationship
    # names, was read as a workbook with no sheets, and the file said to have no text)
    path = tmp_path / f"report{suffix}"
    path.write_bytes((DATA.parent / source).read_bytes())
    with pytest.raises(DocumentError) as caught:
        open_document(path)
    assert caught.value.message == f"This is a {actual} file with a {suffix} name"
    assert caught.value.hint == f"Rename it to report{actual}, then retry"
    # (the reader itself refuses it, as the Word and PowerPoint readers refuse a workbook)
    with pytest.raises(DocumentError, match=r"not an Excel workbook \(no xl/workbook.xml\)"):
        xlsx.read(path.read_bytes(), path)


def test_a_workbook_whose_only_text_is_a_tables_header_row_says_so() -> None:
    # (poi's 56274.xlsx: Header A to Header E, which a table's structured references name,
    # are kept; "The document has no text" was untrue)
    with pytest.raises(DocumentError) as caught:
        open_document(DATA.parent / "office" / "56274.xlsx")
    assert caught.value.message == (
        "The workbook's only text is its tables' column names, which formulas refer to, "
        "and they are kept"
    )
    assert caught.value.message_id == "document.names_only"
    from desktop import errors  # (the app words it so too, not "The document has no text")

    message = errors.describe(caught.value)
    assert message is not None and "only text is its tables' column names" in message.text


def test_a_workbook_whose_parts_are_named_with_backslashes_says_so(tmp_path: Path) -> None:
    # (poi's 49609.xlsx, a scientific instrument's: xl\workbook.xml, [content_types].xml;
    # LibreOffice does not open it either) remade from a workbook by renaming its entries
    source = zipfile.ZipFile(DATA / "xlsxwriter.xlsx")
    path = tmp_path / "instrument.xlsx"
    with zipfile.ZipFile(path, "w") as written:
        for info in source.infolist():
            written.writestr(info.filename.replace("/", "\\"), source.read(info))
    with pytest.raises(DocumentError) as caught:
        open_document(path)
    assert caught.value.message.startswith("The file's parts are named with backslashes (")
    assert "\\" in caught.value.message
    assert caught.value.message_id == "document.backslashed_parts"


def test_a_zip_that_is_no_workbook_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "budget.xlsx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("readme.txt", "hello")
    path.write_bytes(buffer.getvalue())
    with pytest.raises(DocumentError) as caught:
        open_document(path)
    assert (
        caught.value.message == "This is a zip file but not an Excel workbook (no xl/workbook.xml)"
    )
    assert caught.value.path == path


def test_a_folder_takes_workbooks_and_passes_over_office_owner_files(tmp_path: Path) -> None:
    """Excel and Word keep ``~$NAME`` (who has the file open) beside an open document: not a
    document, and gone when it is closed, so neither translated nor reported."""
    from engine.documents import folder_documents

    for name in ("budget.xlsx", "budget.ods"):
        (tmp_path / name).write_bytes((DATA / name.replace("budget", "libreoffice")).read_bytes())
    (tmp_path / "~$budget.xlsx").write_bytes(b"\x05Quire" + b"\x00" * 150)
    (tmp_path / "old.vsd").write_bytes(b"\xd0\xcf\x11\xe0")
    found, skipped = folder_documents(tmp_path)
    assert [p.name for p in found] == ["budget.ods", "budget.xlsx"]
    assert [(s.path.name, s.reason) for s in skipped] == [("old.vsd", "unsupported")]


def test_classify_csv_given_a_workbook_says_to_save_the_sheet_as_csv(
    tmp_path: Path, quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from engine.cli.main import main

    out = tmp_path / "out.csv"
    argv = ["classify", "--csv", str(DATA / "xlsxwriter.xlsx"), "--column", "Remarks"]
    assert main([*argv, "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "This is a spreadsheet (.xlsx), not a CSV file" in err
    assert "Save the sheet as .csv" in err and not out.exists()


def test_a_strict_workbook_is_read_and_written_in_its_own_vocabulary(tmp_path: Path) -> None:
    from tests.fixtures.documents import _STRICT, strict_ooxml

    source = tmp_path / "strict.xlsx"
    source.write_bytes(strict_ooxml((DATA / "xlsxwriter.xlsx").read_bytes()))
    assert b"purl.oclc.org/ooxml/spreadsheetml" in zipfile.ZipFile(source).read(
        "xl/sharedStrings.xml"
    )
    assert [u.text for u in open_document(source).units] == texts("xlsxwriter.xlsx")
    out = tmp_path / "out.xlsx"
    translate_file(source, out, mark)
    back = io.BytesIO()
    with zipfile.ZipFile(out) as written, zipfile.ZipFile(back, "w") as archive:
        for info in written.infolist():
            data = written.read(info.filename)
            assert b"schemas.openxmlformats.org/spreadsheetml" not in data
            for old, new in _STRICT.items():
                data = data.replace(new.encode(), old.encode())
            archive.writestr(info, data)
    sheet = openpyxl.load_workbook(back)["Budget"]
    assert sheet["A1"].value == "«ITEM»" and sheet["B2"].value == 1200


@pytest.mark.parametrize("name", XLSX)
def test_formulas_are_computed_again_when_the_translation_is_opened(
    name: str, tmp_path: Path
) -> None:
    """``=A1`` would otherwise go on showing the untranslated text: Excel recalculates on
    ``fullCalcOnLoad``; LibreOffice, which trusts the results a file caches, computes a
    text result that is not there."""
    out = tmp_path / name
    translate_file(DATA / name, out, mark)
    with zipfile.ZipFile(out) as z:
        workbook = etree.fromstring(z.read("xl/workbook.xml"))
        sheet = etree.fromstring(z.read("xl/worksheets/sheet1.xml"))
    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    calc = workbook.find(f"{main}calcPr")
    assert calc is not None and calc.get("fullCalcOnLoad") == "1"
    # calcPr in its place in the schema's order: after the sheets (and defined names).
    names = [etree.QName(e).localname for e in workbook]
    assert names.index("calcPr") > names.index("sheets")
    cells = {c.get("r"): c for c in sheet.iter(f"{main}c")}
    if name != "openpyxl.xlsx":  # (openpyxl caches no results at all)
        assert cells["C4"].find(f"{main}v") is None  # the text result: computed on opening
        assert cells["B4"].findtext(f"{main}v") == "1285.5"  # a number's result stays
    formula = str(producers.SHEET_ROWS[3][2])
    assert openpyxl.load_workbook(out)["Budget"]["C4"].value == marked_budget(formula)


def test_a_workbook_without_formulas_is_not_told_to_recalculate(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active["A1"] = "Hello world."
    source = tmp_path / "plain.xlsx"
    book.save(source)
    out = tmp_path / "out.xlsx"
    translate_file(source, out, mark)
    with zipfile.ZipFile(source) as a, zipfile.ZipFile(out) as b:
        assert a.read("xl/workbook.xml") == b.read("xl/workbook.xml")


def test_what_formulas_match_is_matched_as_spreadsheets_do() -> None:
    from engine.documents.formulas import Literals

    literals = Literals()
    for formula in (
        'IF(B2="OPEN","yes","no")',  # compared without regard to case
        'COUNTIFS(Tasks[Status],"<>closed")',  # a criterion's operator
        'COUNTIF(B2:B4,"late*")',  # a wildcard
        'COUNTIF(B2:B4,"*")',  # matches anything: protects nothing
        '"Total: "&COUNTA(A:A)',  # a piece of a text being built: names nothing
        'A1&" items"',
        'MATCH("what~?",A:A,0)',  # an escaped wildcard is the character
    ):
        literals.formula(formula)
    literals.choices('"Yes,No"')
    asked = ("open", "Closed", "late again", "Late", "Total:", "items", "what?", "whatx", "No")
    covered = [t for t in (*asked, "Maybe", "anything") if literals.covers(t)]
    assert covered == ["open", "Closed", "late again", "Late", "what?", "No"]


def test_a_tables_column_names_and_a_filters_values_stay(tmp_path: Path) -> None:
    """Excel repairs a workbook whose table header cells no longer match the table's column
    names; a saved filter's value must go on matching its cells."""
    from openpyxl.worksheet.table import Table

    book = openpyxl.Workbook()
    sheet = book.active
    rows = [["Task", "Status"], ["Paint the fence", "closed"], ["Mow the lawn", "open"]]
    for row in rows:
        sheet.append(row)
    from openpyxl.worksheet.filters import AutoFilter

    table = Table(displayName="Tasks", ref="A1:B3", autoFilter=AutoFilter(ref="A1:B3"))
    table.autoFilter.add_filter_column(1, ["open"])
    sheet.add_table(table)
    source = tmp_path / "tasks.xlsx"
    book.save(source)
    found = texts_of(source)
    assert found == ["Paint the fence", "closed", "Mow the lawn"]  # not Task, Status, open
    out = tmp_path / "out.xlsx"
    translate_file(source, out, mark)
    after = openpyxl.load_workbook(out)
    assert [c.value for c in after.active[1]] == ["Task", "Status"]
    assert after.active.tables["Tasks"].tableColumns[1].name == "Status"


def test_a_drop_down_lists_choices_stay_in_the_x14_extension_too(tmp_path: Path) -> None:
    """Excel 2010 and later write some list validations in the x14 extension, the choices in
    an xm:f; cells must go on matching them."""
    book = openpyxl.Workbook()
    sheet = book.active
    for row in (["Paint the fence", "Yes"], ["Mow the lawn", "No"]):
        sheet.append(row)
    source = tmp_path / "x14.xlsx"
    book.save(source)
    extension = (
        '<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
        'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
        '<x14:dataValidations count="1" '
        'xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
        '<x14:dataValidation type="list" allowBlank="1"><x14:formula1><xm:f>"Yes,No"</xm:f>'
        "</x14:formula1><xm:sqref>B1:B2</xm:sqref></x14:dataValidation></x14:dataValidations>"
        "</ext></extLst></worksheet>"
    )
    with zipfile.ZipFile(source) as old:
        parts = {info.filename: old.read(info) for info in old.infolist()}
    sheet_xml = parts["xl/worksheets/sheet1.xml"].decode("utf-8")
    parts["xl/worksheets/sheet1.xml"] = sheet_xml.replace("</worksheet>", extension).encode()
    with zipfile.ZipFile(source, "w") as new:
        for name, data in parts.items():
            new.writestr(name, data)
    assert texts_of(source) == ["Paint the fence", "Mow the lawn"]
    out = tmp_path / "out.xlsx"
    translate_file(source, out, mark)
    with zipfile.ZipFile(out) as written:  # (openpyxl drops x14 validations, warning)
        strings = "".join(
            written.read(n).decode("utf-8")
            for n in written.namelist()
            if n.startswith("xl/") and n.endswith(".xml")
        )
    assert all(f">{t}<" in strings for t in ("Yes", "No", *mark(["Paint the fence"])))


def texts_of(path: Path) -> list[str]:
    return [u.text for u in open_document(path).units]


def test_a_long_translation_is_cut_to_what_a_cell_holds_in_utf16(tmp_path: Path) -> None:
    """Excel counts UTF-16 code units: an emoji is two."""
    document = open_document(DATA / "xlsxwriter.xlsx")
    long = "\N{GRINNING FACE} " * (MAX_CELL_CHARS // 2)
    out = tmp_path / "out.xlsx"
    out.write_bytes(document.write([long if u.text == "Item" else u.text for u in document.units]))
    value = openpyxl.load_workbook(out)["Budget"]["A1"].value
    units = len(value.encode("utf-16-le")) // 2
    assert MAX_CELL_CHARS - 10 < units <= MAX_CELL_CHARS and value.endswith("…")
    bilingual = tmp_path / "bilingual.xlsx"
    bilingual.write_bytes(
        document.write(
            [long if u.text == "Item" else u.text for u in document.units], bilingual=True
        )
    )
    value = openpyxl.load_workbook(bilingual)["Budget"]["A1"].value
    assert value.startswith("Item / ") and len(value.encode("utf-16-le")) // 2 <= MAX_CELL_CHARS


def test_an_ods_keeps_what_its_conditions_filters_and_pilot_tables_name() -> None:
    """LibreOffice writes a conditional format's rule in calcext:value, a filter's value in
    table:filter-condition, a pilot table's fields by their source column's name."""
    from engine.documents.odf import _literals

    root = etree.fromstring(
        b'<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        b' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        b' xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0">'
        b'<calcext:condition calcext:value="contains-text(&quot;late&quot;)"/>'
        b'<calcext:condition calcext:value="=&quot;open&quot;"/>'
        b'<table:filter-condition table:field-number="1" table:value="closed" table:operator="="/>'
        b'<table:data-pilot-field table:source-field-name="Status"/>'
        b'<table:table-cell table:formula="of:=&quot;Total: &quot;&amp;[.A1]"/>'
        b"</office:document-content>"
    )
    literals, given = _literals(root)
    assert [t for t in ("late", "Open", "closed", "status", "Total:") if literals.covers(t)] == [
        "late",
        "Open",
        "closed",
        "status",
    ]
    assert [[g.text for g in found] for found in given.values()] == [["Total: "]]


# --- text tables: .csv, .tsv ------------------------------------------------------------

TABLES = {  # LibreOffice's exports of the budget's first sheet: delimiter, encoding
    "libreoffice.csv": (",", "utf-8"),
    "libreoffice-semicolon-cp1252.csv": (";", "windows-1252"),
    "libreoffice.tsv": ("\t", "utf-8"),
}


def csv_rows(data: bytes, delimiter: str, encoding: str) -> list[list[str]]:
    """An independent reading: Python's csv module."""
    import csv

    text = data.decode("utf-8-sig" if encoding == "utf-8" else encoding)
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


@pytest.mark.parametrize("name", sorted(TABLES))
def test_a_text_table_is_translated_field_by_field_with_its_dialect_kept(
    name: str, tmp_path: Path
) -> None:
    delimiter, encoding = TABLES[name]
    source = (DATA / name).read_bytes()
    document = open_document(DATA / name)
    found = [u.text for u in document.units]
    # Text fields, row by row (a formula's result is a value here); numbers and dates are
    # not sent.
    assert found[:4] == ["Item", "Cost", "Status", "Remarks"]
    assert producers.SHEET_BREAK in found and "Over budget" in found
    assert not any(t in found for t in ("1200", "85.5", "1285.5", producers.SHEET_DATE))
    out = tmp_path / name
    result = translate_file(DATA / name, out, mark)
    assert result.output == out
    written = out.read_bytes()
    before, after = csv_rows(source, delimiter, encoding), csv_rows(written, delimiter, encoding)
    assert len(before) == len(after)
    for old, new in zip(before, after, strict=True):
        assert len(old) == len(new)
        for a, b in zip(old, new, strict=True):
            assert b == (f"«{a.upper()}»" if any(c.isalpha() for c in a) else a)
    assert written.count(b"\r\n") == source.count(b"\r\n")  # line ends as they were
    assert written.count(b"\n") == source.count(b"\n")


def test_a_field_is_quoted_when_its_translation_needs_it_and_spaces_around_it_stay(
    tmp_path: Path,
) -> None:
    source = tmp_path / "notes.csv"
    source.write_bytes(b'id,text,note\r\n1, Hello world ,"Say ""hi"""\r\n2,Good day,plain\r\n')
    table = {"Hello world": "Hallo, Welt", 'Say "hi"': 'Sag "hallo"', "Good day": "Guten Tag"}
    out = tmp_path / "out.csv"
    translate_file(source, out, lambda ts: [table.get(t, t) for t in ts])
    assert out.read_bytes() == (
        b'id,text,note\r\n1," Hallo, Welt ","Sag ""hallo"""\r\n2,Guten Tag,plain\r\n'
    )


def test_a_table_translated_beyond_its_encoding_is_utf8_with_a_byte_order_mark(
    tmp_path: Path,
) -> None:
    """Excel reads a .csv as UTF-8 only with the mark; without, as the system's code page."""
    out = tmp_path / "out.csv"
    name = "libreoffice-semicolon-cp1252.csv"
    result = translate_file(DATA / name, out, lambda ts: ["预算" for _ in ts])
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and result.encoding is not None
    assert (result.encoding.detected, result.encoding.written) == ("windows-1252", "utf-8")
    rows = csv_rows(data, ";", "utf-8")
    assert rows[0] == ["预算"] * 4 and rows[1][1] == "1200"


def test_bilingual_fields_hold_the_text_and_its_translation(tmp_path: Path) -> None:
    out = tmp_path / "out.tsv"
    translate_file(DATA / "libreoffice.tsv", out, mark, bilingual=True)
    rows = csv_rows(out.read_bytes(), "\t", "utf-8")
    assert rows[0][0] == "Item / «ITEM»" and rows[1][1] == "1200"
    assert f"{producers.SHEET_BREAK}\n«{producers.SHEET_BREAK.upper()}»" in rows[5]


def test_a_malformed_table_is_read_leniently_and_written_back_as_it_was(tmp_path: Path) -> None:
    """An unclosed quote runs to the end; text after a closing quote keeps its field as it
    is (not translated, not lost)."""
    source = tmp_path / "broken.csv"
    raw = b'name,remark\nAnna,"said "no" twice"\nBen,"never closed\n'
    source.write_bytes(raw)
    found = [u.text for u in open_document(source).units]
    assert found == ["name", "remark", "Anna", "Ben", "never closed"]
    out = tmp_path / "out.csv"
    translate_file(source, out, mark)
    assert out.read_bytes() == (
        b'\xc2\xabNAME\xc2\xbb,\xc2\xabREMARK\xc2\xbb\n\xc2\xabANNA\xc2\xbb,"said "no" twice"\n'
        b'\xc2\xabBEN\xc2\xbb,"\xc2\xabNEVER CLOSED\xc2\xbb\n"'
    )


def test_the_delimiter_of_a_csv_is_what_it_uses() -> None:
    from engine.documents.delimited import delimiter_of

    assert delimiter_of("a;b;c\n1;2;3\n", ".csv") == ";"
    assert delimiter_of("a\tb\n1\t2\n", ".csv") == "\t"
    assert delimiter_of("Name;Betrag\n", ".csv") == ";"  # a header alone
    assert delimiter_of("a,b\n", ".tsv") == "\t"
    assert delimiter_of("just words\n", ".csv") == ","
    assert delimiter_of("sep=|\r\nName|Comment\r\n", ".csv") == "|"  # Excel's line says


def test_a_csvs_formulas_and_sep_line_are_no_text(tmp_path: Path) -> None:
    """Excel's "sep=;" line and a formula (=B2*2, =SUM(…)) went to the model and came back
    as words (an outside review)."""
    source = tmp_path / "table.csv"
    text = "sep=;\r\nItem;Comment;Total\r\nTables;Nice, sturdy;=B2*2\r\nAll;;=SUM(C2:C2)\r\n"
    source.write_bytes(text.encode("utf-8"))
    document = open_document(source)
    units = ["Item", "Comment", "Total", "Tables", "Nice, sturdy", "All"]
    assert [u.text for u in document.units] == units
    out = tmp_path / "out.csv"
    translate_file(source, out, mark)
    assert out.read_bytes().decode("utf-8") == (
        "sep=;\r\n«ITEM»;«COMMENT»;«TOTAL»\r\n«TABLES»;«NICE, STURDY»;=B2*2\r\n"
        "«ALL»;;=SUM(C2:C2)\r\n"
    )


def test_a_sheetjs_workbook_is_translated_cell_by_cell(tmp_path: Path) -> None:
    """SheetJS writes each text cell as t="str" with its text in <v> and no formula: Quire
    read none of them ("The document has no text"). Numbers stay; openpyxl and LibreOffice
    read the translation (a v takes no xml:space, which Excel would call damage)."""
    out = tmp_path / "orders.xlsx"
    result = translate_file(DATA / "sheetjs.xlsx", out, mark)
    texts = [v for row in producers.SHEETJS_ROWS for v in row if isinstance(v, str)]
    assert result.units == len(texts)
    rows = [list(r) for r in openpyxl.load_workbook(out)["Orders"].iter_rows(values_only=True)]
    assert rows == [
        [f"«{v.upper()}»" if isinstance(v, str) else v for v in row]
        for row in producers.SHEETJS_ROWS
    ]
    with zipfile.ZipFile(out) as package:
        assert b"xml:space" not in package.read("xl/worksheets/sheet1.xml")


def test_an_odfpy_sheets_string_values_give_way_to_the_translation(tmp_path: Path) -> None:
    """odfpy (and code written with it) gives each text cell office:string-value, which
    LibreOffice shows over the cell's paragraphs: the translated sheet showed the English
    (checked by converting it with LibreOffice, before and after)."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    book = OpenDocumentSpreadsheet()
    table = Table(name="Sheet1")
    for values in (["Name", "Comment"], ["Peter Miller", "Delivered late again."]):
        row = TableRow()
        for value in values:
            cell = TableCell(valuetype="string", stringvalue=value)
            cell.addElement(P(text=value))
            row.addElement(cell)
        table.addElement(row)
    book.spreadsheet.addElement(table)
    source = tmp_path / "odfpy.ods"
    book.save(str(source))
    out = tmp_path / "out.ods"
    translate_file(source, out, mark)
    with zipfile.ZipFile(out) as package:
        content = etree.fromstring(package.read("content.xml"))
    office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    cells = list(content.iter("{urn:oasis:names:tc:opendocument:xmlns:table:1.0}table-cell"))
    assert [c.get(f"{{{office}}}string-value") for c in cells] == [None] * 4
    assert [c.get(f"{{{office}}}value-type") for c in cells] == ["string"] * 4
    assert [u.text for u in open_document(out).units][:2] == ["«NAME»", "«COMMENT»"]


def test_a_data_validations_messages_are_translated_within_excels_limits(
    tmp_path: Path,
) -> None:
    """The input message and error alert Excel shows on a checked cell stayed English, where
    the .ods's were translated (an outside review); a translation is cut to what Excel takes
    (a title 32 characters, a message 255, an error 225)."""
    from openpyxl import Workbook
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet["A1"] = "Status"
    rule = DataValidation(
        type="list",
        formula1='"Open,Done"',
        promptTitle="Choose a status",
        prompt="Pick one of the states from the list.",
        errorTitle="Not a status",
        error="Only the listed states are allowed.",
    )
    sheet.add_data_validation(rule)
    rule.add("A2:A9")
    source = tmp_path / "status.xlsx"
    book.save(source)
    texts = [u.text for u in open_document(source).units]
    assert texts == ["Status", "Choose a status", "Pick one of the states from the list.",
                     "Not a status", "Only the listed states are allowed."]  # fmt: skip
    out = tmp_path / "out.xlsx"
    longer = " ".join(f"word{n}" for n in range(60))  # (German grows; not a repetition)
    translate_file(source, out, lambda batch: [f"{t.upper()} {longer}" for t in batch])
    written = openpyxl.load_workbook(out).active.data_validations.dataValidation[0]
    assert written.promptTitle.startswith("CHOOSE A STATUS") and len(written.promptTitle) <= 32
    assert written.errorTitle.startswith("NOT A STATUS") and len(written.errorTitle) <= 32
    assert written.prompt.startswith("PICK ONE") and len(written.prompt) <= 255
    assert written.error.startswith("ONLY THE") and len(written.error) <= 225
    assert written.formula1 == '"Open,Done"'  # the choices stay


def test_a_length_read_from_a_translated_text_is_computed_again(tmp_path: Path) -> None:
    """=LEN(A1) kept its cached 10 in LibreOffice after "Short note" became longer (a
    localisation sheet's length check: an outside review); a sum keeps its cached result."""
    import xlsxwriter

    source = tmp_path / "lengths.xlsx"
    book = xlsxwriter.Workbook(str(source))
    sheet = book.add_worksheet("Lengths")
    sheet.write("A1", "Short note")
    sheet.write_formula("B1", "=LEN(A1)", None, 10)
    sheet.write_number("C1", 2)
    sheet.write_formula("D1", "=SUM(C1:C1)", None, 2)
    book.close()
    out = tmp_path / "out.xlsx"
    translate_file(source, out, lambda batch: [f"«{t.upper()}, longer»" for t in batch])
    with zipfile.ZipFile(out) as package:
        cells = {
            c.get("r"): c
            for c in etree.fromstring(package.read("xl/worksheets/sheet1.xml")).iter(
                "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}c"
            )
        }
    values = {ref: [v.text for v in cell if v.tag.endswith("}v")] for ref, cell in cells.items()}
    assert values["B1"] == [] and values["D1"] == ["2"]


def test_a_cell_holding_a_sheets_name_stays(tmp_path: Path) -> None:
    """An index sheet's ``=INDIRECT("'"&A1&"'!B1")`` reads the sheet A1 names: A1 was
    translated (the sheet's name is not) and the formula gave #REF! (an outside review)."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    book = openpyxl.Workbook()
    index = book.active
    index.title = "Index"
    index["A1"], index["B1"] = "Revenue", '=INDIRECT("\'"&A1&"\'!B1")'
    index["A2"] = "Revenue of the year"
    book.create_sheet("Revenue")["B1"] = 1200
    book.save(tmp_path / "index.xlsx")

    ods = OpenDocumentSpreadsheet()
    for name, cells in (("Index", ["Revenue", "Revenue of the year"]), ("Revenue", [])):
        table = Table(name=name)
        for value in cells:
            row = TableRow()
            cell = TableCell(valuetype="string")
            cell.addElement(P(text=value))
            row.addElement(cell)
            row.addElement(TableCell(formula='of:=INDIRECT([.A1]&".B1")', valuetype="float"))
            table.addElement(row)
        ods.spreadsheet.addElement(table)
    ods.save(str(tmp_path / "index.ods"))
    for name in ("index.ods", "index.xlsx"):
        assert [u.text for u in open_document(tmp_path / name).units] == ["Revenue of the year"]

    # A defined name a formula gives, read by INDIRECT (Excel's dependent drop-down lists):
    # kept, where "Fruits" became "ÜB FRUITS" and INDIRECT #REF! (a review of this session's
    # change, which translated what a formula gives).
    from odf.table import NamedExpressions, NamedRange
    from openpyxl.workbook.defined_name import DefinedName

    book = openpyxl.Workbook()
    sheet = book.active
    sheet["A1"], sheet["B1"], sheet["C1"] = (
        5,
        '=IF(A1>0,"Fruits","Vegetables")',
        "=SUM(INDIRECT(B1))",
    )
    sheet["A2"], sheet["A3"] = "Fruits", "Fresh fruit"
    for name, ref in (("Fruits", "Sheet!$A$1"), ("Vegetables", "Sheet!$A$1")):
        book.defined_names[name] = DefinedName(name, attr_text=ref)
    book.save(tmp_path / "names.xlsx")
    ods = OpenDocumentSpreadsheet()
    table = Table(name="Sheet")
    for value in ("Fruits", "Fresh fruit"):
        row = TableRow()
        cell = TableCell(valuetype="string")
        cell.addElement(P(text=value))
        row.addElement(cell)
        table.addElement(row)
    ods.spreadsheet.addElement(table)
    ranges = NamedExpressions()
    ranges.addElement(NamedRange(name="Fruits", cellrangeaddress="$Sheet.$A$1"))
    ods.spreadsheet.addElement(ranges)
    ods.save(str(tmp_path / "names.ods"))
    assert [u.text for u in open_document(tmp_path / "names.xlsx").units] == ["Fresh fruit"]
    assert [u.text for u in open_document(tmp_path / "names.ods").units] == ["Fresh fruit"]


# A translator of the words below only: any other text sent to it fails the test.
WORDS = {
    "Finished": "Fertig",
    "Pending": 'In "Arbeit"',  # (a quote, doubled in the formula)
    "Yes": "Ja",
    "No": "Nein",
    "Started": "Begonnen",
    "Total": "Summe",
    " (net)": " (netto)",  # (a piece of a text built with &: its spaces kept)
    "Rejected": "Abgelehnt",
    "Counted": "Gezählt",
    "Skipped": "Übersprungen",
}


def in_words(batch: Sequence[str]) -> list[str]:
    return [WORDS[text] for text in batch]


def of(formula: str) -> str:
    """An Excel formula as OpenDocument writes it: ``of:=IF([.A1]="x";…)``."""
    formula = re.sub(r"\b([A-C]\d+)(?::([A-C]\d+))?", r"[.\1:.\2]", formula)
    return "of:=" + formula.replace(":.]", "]").replace(",", ";")


def test_a_text_a_formula_only_gives_is_translated(tmp_path: Path) -> None:
    """``=IF(B2>0,"Yes","No")`` gives "Yes", which nothing compares: a cell holding "Yes"
    stayed English all the same (an outside review), and once it was translated the formula
    went on giving "Yes" beside it. What a formula gives is translated in the formula, as a
    cell holding the same text is; what a formula compares, looks up or counts stays, and so
    does what it gives where another formula compares that (B8 and B9)."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    rows = [  # a text cell, a formula beside it, and the formula translated (None: as it was)
        ("Closed", 'IF(A1="Closed","Finished","Pending")',
         'IF(A1="Closed","Fertig","In ""Arbeit""")'),
        ("Yes", 'IF(C1>0,"Yes","No")', 'IF(C1>0,"Ja","Nein")'),
        ("Finished", 'CHOOSE(2,"Started","Finished")', 'CHOOSE(2,"Begonnen","Fertig")'),
        ("Total", 'IF(C1>0,"Total","")&" (net)"', 'IF(C1>0,"Summe","")&" (netto)"'),
        ("Maybe", 'IF(C1>0,"Maybe","No")', 'IF(C1>0,"Maybe","Nein")'),
        ("Open", 'VLOOKUP(IF(C1>0,"Open","Late"),A1:A9,1,FALSE)', None),
        ("Late", 'COUNTIFS(A1:A9,"Maybe")', None),
        ("Approved", 'IF(C1>0,"Approved","Rejected")', 'IF(C1>0,"Approved","Abgelehnt")'),
        ("Counted", 'IF(B8="Approved","Counted","Skipped")',
         'IF(B8="Approved","Gezählt","Übersprungen")'),
    ]  # fmt: skip
    typed = ["Closed", "Ja", "Fertig", "Summe", "Maybe", "Open", "Late", "Approved", "Gezählt"]
    book = openpyxl.Workbook()
    book.active["C1"] = 1
    for n, (text, formula, _) in enumerate(rows, start=1):
        book.active[f"A{n}"], book.active[f"B{n}"] = text, f"={formula}"
    book.save(tmp_path / "results.xlsx")

    ods = OpenDocumentSpreadsheet()
    table = Table(name="Sheet1")
    for n, (text, formula, _) in enumerate(rows):
        row = TableRow()
        cell = TableCell(valuetype="string")
        cell.addElement(P(text=text))
        row.addElement(cell)
        row.addElement(TableCell(formula=of(formula), valuetype="string"))
        if n == 0:
            number = TableCell(valuetype="float", value=1)
            number.addElement(P(text="1"))
            row.addElement(number)
        table.addElement(row)
    ods.spreadsheet.addElement(table)
    ods.save(str(tmp_path / "results.ods"))

    found = [u.text for u in open_document(tmp_path / "results.xlsx").units]
    assert found == [  # in the sheet's order: a cell's text, then what its neighbour gives
        "Finished", "Pending", "Yes", "Yes", "No", "Finished", "Started", "Finished", "Total",
        "Total", " (net)", "No", "Rejected", "Counted", "Counted", "Skipped",
    ]  # fmt: skip
    translate_file(tmp_path / "results.xlsx", tmp_path / "out.xlsx", in_words)
    sheet = openpyxl.load_workbook(tmp_path / "out.xlsx").active
    assert [sheet[f"A{n}"].value for n in range(1, 10)] == typed
    assert [sheet[f"B{n}"].value for n in range(1, 10)] == [
        f"={after or before}" for _, before, after in rows
    ]

    translate_file(tmp_path / "results.ods", tmp_path / "out.ods", in_words)
    with zipfile.ZipFile(tmp_path / "out.ods") as z:
        root = etree.fromstring(z.read("content.xml"))
    table_ns = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
    cells = list(root.iter(f"{{{table_ns}}}table-cell"))
    formulas = [c.get(f"{{{table_ns}}}formula") for c in cells]
    assert [f for f in formulas if f] == [of(after or before) for _, before, after in rows]
    assert ["".join(c.itertext()) for c in cells if not c.get(f"{{{table_ns}}}formula")] == [
        *typed[:1], "1", *typed[1:]
    ]  # fmt: skip


def test_what_an_excel_formula_gives_is_translated_in_shared_array_and_table_formulas(
    tmp_path: Path,
) -> None:
    """A shared formula's text is in its first cell only, which the others copy; an array
    formula's in the cell it starts at; a table's calculated column holds the formula its
    cells do. Excel takes a text of at most 255 characters in a formula."""
    from openpyxl.worksheet.formula import ArrayFormula
    from openpyxl.worksheet.table import Table, TableColumn, TableFormula

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Amount", "Check", "Shared", "Array"])
    for n, amount in enumerate((5, -1), start=2):
        sheet.append([amount, f'=IF(A{n}>0,"Yes","No")', f'=IF(A{n}>0,"Yes","No")'])
    sheet["D2"] = ArrayFormula("D2:D3", '=IF(A2:A3>0,"Started","No")')
    column = TableFormula(attr_text='IF(Checks[[#This Row],[Amount]]>0,"Yes","No")')
    columns = [
        TableColumn(id=1, name="Amount"),
        TableColumn(id=2, name="Check", calculatedColumnFormula=column),
    ]
    sheet.add_table(Table(displayName="Checks", ref="A1:B3", tableColumns=columns))
    made = tmp_path / "made.xlsx"
    book.save(made)
    source = tmp_path / "checks.xlsx"  # C2:C3 as Excel writes a formula filled down
    with zipfile.ZipFile(made) as a, zipfile.ZipFile(source, "w") as b:
        for info in a.infolist():
            data = a.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                master = b'<c r="C2"><f t="shared" ref="C2:C3" si="0">'
                data = data.replace(b'<c r="C2"><f>', master)
                copy = b'<c r="C3"><f t="shared" si="0"/>'
                data, n = re.subn(rb'<c r="C3"><f>[^<]*</f>', copy, data)
                assert n == 1
            b.writestr(info, data)
    long = " ".join(f"Begonnen am Tag {n}," for n in range(1, 30))  # (more than 255)
    words = {"Yes": "Ja", "No": "Nein", "Started": long}
    out = tmp_path / "out.xlsx"
    translate_file(source, out, lambda batch: [words.get(t, t) for t in batch])
    after = openpyxl.load_workbook(out).active
    for ref in ("B2", "C2", "C3"):
        assert after[ref].value == f'=IF(A{ref[1]}>0,"Ja","Nein")', ref
    array = after["D2"].value
    started = re.fullmatch(r'=IF\(A2:A3>0,"([^"]*)","Nein"\)', array.text)
    assert started and len(started[1]) <= 255 and started[1].endswith("…")
    assert after.tables["Checks"].tableColumns[1].calculatedColumnFormula.attr_text == (
        'IF(Checks[[#This Row],[Amount]]>0,"Ja","Nein")'
    )


def test_which_literals_of_a_cells_formula_are_compared() -> None:
    from engine.documents.formulas import Literals

    literals = Literals()
    given: list[str] = []  # what the cells' formulas give, which nothing here compares
    for formula in (
        'IF(C3="Closed","Finished","Pending")',  # a condition's, not the results
        '_xlfn.SWITCH(A1,"Case","Result","Other")',  # a case, not a result or the default
        '_xlfn.IFS(A1>1,"Big",\'My sheet\'!A1="Small","Tiny")',
        'MATCH(A1,{"Listed","Also"},0)&CONCATENATE("Built",A2)',
        'IFERROR(XLOOKUP(IF(A1,"Sought","Kept"),A:A,B:B),"Missing")',  # looked up
        'IF(A1,"Given","Too")="Given"',  # compared after all
        'UPPER("Raised")',  # (what we cannot tell of is kept)
        'of:=IF([.A1]>0;"Say ""when""";"")&CONCATENATE(" (net)";[.A2])',  # (OpenDocument's)
        'IF(CONCATENATE("Part",A1)="Part1","Whole","")',  # a piece of what is compared
    ):
        for start, end, text in literals.formula(formula, result=True):
            assert formula[start:end] == '"' + text.replace('"', '""') + '"'  # where it stands
            given.append(text)
    assert literals.formula('IF(A1,"Condition","Format")') == []  # a conditional format's
    asked = ["Closed", "Finished", "Pending", "Case", "Result", "Other", "Big", "Small", "Tiny",
             "Listed", "Also", "Built", "Sought", "Kept", "Missing", "Given", "Too", "Raised",
             "Condition", "Format"]  # fmt: skip
    assert [t for t in asked if literals.covers(t)] == [
        "Closed", "Case", "Small", "Listed", "Also", "Sought", "Kept", "Given", "Too",
        "Raised", "Condition", "Format",
    ]  # fmt: skip
    assert given == ["Finished", "Pending", "Result", "Other", "Big", "Tiny", "Built", "Missing",
                     'Say "when"', "", " (net)", "Whole", ""]  # fmt: skip
    # TEXTJOIN's pieces, not its delimiter (a review found ", " sent as text).
    joined = '_xlfn.TEXTJOIN(", ",TRUE,"red","green")'
    assert [text for _s, _e, text in Literals().formula(joined, result=True)] == ["red", "green"]


def test_a_worksheets_headers_and_footers_are_translated_around_their_codes(
    tmp_path: Path,
) -> None:
    """Excel's headers and footers stayed English where an .ods's were translated (an outside
    review). Each section (&L, &C, &R) is a unit; a page number (&P) is a field, a font
    (&"Arial,Bold"), a size (&12) and bold (&B) stay where they are, && is an "&"."""
    import xlsxwriter

    book = openpyxl.Workbook()
    sheet = book.active
    sheet["A1"] = "Item"
    sheet.oddHeader.center.text = "Confidential report"
    sheet.oddHeader.right.text = "Page &P of &N"
    sheet.oddFooter.left.text = "Tom && Jerry"
    sheet.oddFooter.left.font, sheet.oddFooter.left.size = "Arial,Bold", 12
    sheet.evenFooter.center.text = "&D"
    book.save(tmp_path / "openpyxl.xlsx")
    book = xlsxwriter.Workbook(str(tmp_path / "xlsxwriter.xlsx"))
    sheet = book.add_worksheet()
    sheet.write("A1", "Item")
    sheet.set_header("&CConfidential report&RPage &P of &N")
    sheet.set_footer('&L&"Arial,Bold"&12Draft &Bcopy&B only&R&F')
    book.close()

    found = [u.text for u in open_document(tmp_path / "openpyxl.xlsx").units]
    assert found == ["Item", "Confidential report", "Page ZXQ1Q of ZXQ2Q", "Tom & Jerry"]
    translate_file(tmp_path / "openpyxl.xlsx", tmp_path / "out.xlsx", mark)
    sheet = openpyxl.load_workbook(tmp_path / "out.xlsx").active
    assert sheet.oddHeader.center.text == "«CONFIDENTIAL REPORT»"
    assert sheet.oddHeader.right.text == "«PAGE &P OF &N»"
    assert sheet.oddFooter.left.text == "«TOM && JERRY»"
    assert (sheet.oddFooter.left.font, sheet.oddFooter.left.size) == ("Arial,Bold", 12)
    assert sheet.evenFooter.center.text == "&D"

    translate_file(tmp_path / "xlsxwriter.xlsx", tmp_path / "out.xlsx", mark)
    with zipfile.ZipFile(tmp_path / "out.xlsx") as package:
        root = etree.fromstring(package.read("xl/worksheets/sheet1.xml"))
    assert [e.text for e in root.iterfind("{*}headerFooter/*")] == [
        "&C«CONFIDENTIAL REPORT»&R«PAGE &P OF &N»",
        '&L&"Arial,Bold"&12«DRAFT &BCOPY&B ONLY»&R&F',
    ]
    # A translation that begins with a digit after a size: not read as the size's digits
    # (&12 + "4. Quartal" was a 124-point "· Quartal"; an outside review).
    translate_file(
        tmp_path / "xlsxwriter.xlsx", tmp_path / "out.xlsx", lambda ts: ["2024: " + t for t in ts]
    )
    with zipfile.ZipFile(tmp_path / "out.xlsx") as package:
        root = etree.fromstring(package.read("xl/worksheets/sheet1.xml"))
    footer = [e.text for e in root.iterfind("{*}headerFooter/*")][1]
    assert footer.startswith('&L&"Arial,Bold"&12 2024: '), footer
    sheet = openpyxl.load_workbook(tmp_path / "out.xlsx").active
    assert sheet.oddFooter.left.size == 12


def test_a_sheet_excel_saved_as_unicode_text_is_translated_cell_by_cell(tmp_path: Path) -> None:
    """Excel's "Unicode Text" (.txt: UTF-16 with a byte order mark, a tab between cells, CRLF
    between rows, a cell with a line break in quotes) was read as one paragraph of prose. A
    text whose lines merely hold a tab, or all begin with one, stays text."""
    from engine.documents import document_in_text

    rows = [
        "Name\tDescription\tPrice",
        'Apple\t"Fresh fruit\nfrom the farm"\t1.50',
        "Pear\tRipe\t2",
    ]
    source = tmp_path / "sheet.txt"
    source.write_bytes("\r\n".join(rows).encode("utf-16") + "\r\n".encode("utf-16-le"))
    found = [u.text for u in open_document(source).units]
    assert found == ["Name", "Description", "Price", "Apple", "Fresh fruit\nfrom the farm", "Pear",
                     "Ripe"]  # fmt: skip
    out = tmp_path / "out.txt"
    translate_file(source, out, mark)
    assert out.read_bytes().startswith(b"\xff\xfe")
    assert out.read_bytes().decode("utf-16") == (
        '«NAME»\t«DESCRIPTION»\t«PRICE»\r\n«APPLE»\t"«FRESH FRUIT\nFROM THE FARM»"\t1.50\r\n'
        "«PEAR»\t«RIPE»\t2\r\n"
    )
    # The command line and the app take it for a document (a file of cells written back),
    # not text to print or to edit in a pane.
    assert document_in_text(source)
    for prose in ("Name:\tAnna\nThe meeting is on Monday.\n", "\tOne line.\n\tAnother line.\n"):
        source.write_text(prose, encoding="utf-8")
        assert len(open_document(source).units) < 2, prose
        assert not document_in_text(source)


def cell_lines(path: Path, sheet: int, row: int, column: int) -> list[str]:
    """The paragraphs of an .ods cell (1-based; rows and cells as written, none repeated)."""
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("content.xml"))
    table = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
    found = root.findall(f".//{table}table")[sheet - 1]
    cell = found.findall(f".//{table}table-row")[row - 1].findall(f"{table}table-cell")[column - 1]
    return ["".join(p.itertext()) for p in cell.iter("{*}p")]


def test_an_ods_cells_lines_are_one_sentence(tmp_path: Path) -> None:
    """A cell whose text someone wrapped with Alt+Enter (LibreOffice writes a paragraph per
    line) was cut into units of half sentences; the same cell in .xlsx is one. It is one
    unit, its lines joined by a line break, written back as as many paragraphs: line by
    line where the translation keeps its break, its words spread over them where not."""
    assert cell_lines(DATA / "libreoffice.ods", 1, 6, 1) == producers.SHEET_BREAK.split("\n")
    assert producers.SHEET_BREAK in texts("libreoffice.ods")
    out = tmp_path / "out.ods"
    translate_file(DATA / "libreoffice.ods", out, mark)
    assert cell_lines(out, 1, 6, 1) == ["«REVIEW THE NUMBERS FIRST.", "SEND THEM TO THE BOARD.»"]
    joined = tmp_path / "joined.ods"
    translate_file(DATA / "libreoffice.ods", joined, lambda b: [" ".join(t.split()) for t in b])
    lines = cell_lines(joined, 1, 6, 1)
    assert len(lines) == 2 and all(lines)
    assert " ".join(lines) == producers.SHEET_BREAK.replace("\n", " ")
    both = tmp_path / "both.ods"
    translate_file(DATA / "libreoffice.ods", both, mark, bilingual=True, language="de")
    assert cell_lines(both, 1, 6, 1) == [
        *producers.SHEET_BREAK.split("\n"),
        "«REVIEW THE NUMBERS FIRST.",
        "SEND THEM TO THE BOARD.»",
    ]
    with zipfile.ZipFile(both) as archive:
        root = etree.fromstring(archive.read("content.xml"))
    text = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
    first = next(p for p in root.iter(f"{text}p") if "".join(p.itertext()).startswith("«REVIEW"))
    # (each copied line names its language, by a span of Quire's style)
    for line in (first, first.getnext()):
        span = None if line is None else line.find(f"{text}span")
        assert span is not None and span.get(f"{text}style-name") == "Quire_de"
