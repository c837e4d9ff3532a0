"""What Word and Excel files hold besides paragraphs and cells: charts, SmartArt diagrams,
Office 2016 charts, Word's drawing canvases and content controls bound to stored values.
Inputs are files Word, Excel and PowerPoint wrote (tests/data/office, from the Open XML
SDK's test assets) or python-docx documents completed with the parts Word adds."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from pathlib import Path

from lxml import etree

from engine.documents import open_document, translate_file

DATA = Path(__file__).parent / "data" / "office"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
DGM = "http://schemas.openxmlformats.org/drawingml/2006/diagram"
DSP = "http://schemas.microsoft.com/office/drawing/2008/diagram"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def marked(batch: Sequence[str]) -> list[str]:
    return [f"⟦{t.upper()}⟧" for t in batch]


def entries(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {n: archive.read(n) for n in archive.namelist()}


def entry(path: Path, name: str) -> etree._Element:
    return etree.fromstring(entries(path)[name])


def texts(root: etree._Element, tag: str) -> list[str]:
    return ["".join(e.itertext()) for e in root.iter(tag)]


def same_package(source: Path, out: Path) -> None:
    """The output has the source's entries, relationships and content types as they were."""
    before, after = entries(source), entries(out)
    assert sorted(before) == sorted(after)
    for name, data in before.items():
        if name.endswith(".rels") or name == "[Content_Types].xml":
            assert after[name] == data, name


STEPS = ["Plan the project", "Build the product", "Launch to customers"]


def smartart_docx(path: Path) -> Path:
    """A python-docx document whose only content is a SmartArt of three steps, as Word
    writes one: an inline frame naming the diagram's parts (``dgm:relIds``), its data
    model, the drawing Word caches (named by the data's extension), layout, style and
    colours, each with its content type."""
    import docx

    docx.Document().save(str(path))
    parts = entries(path)
    ns = f'xmlns:dgm="{DGM}" xmlns:a="{A}"'
    empty = "<a:bodyPr/><a:lstStyle/><a:p><a:endParaRPr lang='en-US'/></a:p>"
    points = (
        f'<dgm:pt modelId="{{0}}" type="doc"><dgm:prSet/><dgm:spPr/><dgm:t>{empty}</dgm:t></dgm:pt>'
    )
    shapes = ""
    for k, step in enumerate(STEPS, start=1):
        body = (
            f'<a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang="en-US"/><a:t>{step}</a:t></a:r></a:p>'
        )
        points += (
            f'<dgm:pt modelId="{{{k}}}"><dgm:prSet phldrT="[Text]"/><dgm:spPr/>'
            f"<dgm:t>{body}</dgm:t></dgm:pt>"
            f'<dgm:pt modelId="{{t{k}}}" type="parTrans"><dgm:prSet/><dgm:spPr/>'
            f"<dgm:t>{empty}</dgm:t></dgm:pt>"
        )
        shapes += (
            f'<dsp:sp modelId="{{s{k}}}"><dsp:nvSpPr><dsp:cNvPr id="0" name=""/><dsp:cNvSpPr/>'
            '</dsp:nvSpPr><dsp:spPr><a:prstGeom prst="roundRect"><a:avLst/></a:prstGeom>'
            '</dsp:spPr><dsp:txBody><a:bodyPr anchor="ctr"/><a:lstStyle/><a:p><a:pPr algn="ctr"/>'
            f'<a:r><a:rPr lang="en-US" sz="1800"/><a:t>{step}</a:t></a:r></a:p></dsp:txBody>'
            "</dsp:sp>"
        )
    parts["word/diagrams/data1.xml"] = (
        f"<dgm:dataModel {ns}><dgm:ptLst>{points}</dgm:ptLst><dgm:cxnLst/><dgm:bg/><dgm:whole/>"
        '<dgm:extLst><a:ext uri="http://schemas.microsoft.com/office/drawing/2008/diagram">'
        f'<dsp:dataModelExt xmlns:dsp="{DSP}" relId="rId13" minVer="{DGM}"/></a:ext>'
        "</dgm:extLst></dgm:dataModel>"
    ).encode()
    parts["word/diagrams/drawing1.xml"] = (
        f'<dsp:drawing xmlns:dsp="{DSP}" {ns}><dsp:spTree><dsp:nvGrpSpPr><dsp:cNvPr id="0" '
        f'name=""/><dsp:cNvGrpSpPr/></dsp:nvGrpSpPr><dsp:grpSpPr/>{shapes}</dsp:spTree>'
        "</dsp:drawing>"
    ).encode()
    for part in ("layout", "quickStyle", "colors"):
        parts[f"word/diagrams/{part}1.xml"] = f"<dgm:{part}Def {ns}/>".encode()
    kinds = {
        "rId9": (f"{RELS}/diagramData", "data1"),
        "rId10": (f"{RELS}/diagramLayout", "layout1"),
        "rId11": (f"{RELS}/diagramQuickStyle", "quickStyle1"),
        "rId12": (f"{RELS}/diagramColors", "colors1"),
        "rId13": (
            "http://schemas.microsoft.com/office/2007/relationships/diagramDrawing",
            "drawing1",
        ),
    }
    rels = "".join(
        f'<Relationship Id="{i}" Type="{t}" Target="diagrams/{n}.xml"/>'
        for i, (t, n) in kinds.items()
    )
    name = "word/_rels/document.xml.rels"
    parts[name] = parts[name].replace(b"</Relationships>", rels.encode() + b"</Relationships>")
    office = "application/vnd.openxmlformats-officedocument.drawingml"
    types = "".join(
        f'<Override PartName="/word/diagrams/{n}1.xml" ContentType="{t}+xml"/>'
        for n, t in (
            ("data", f"{office}.diagramData"),
            ("layout", f"{office}.diagramLayout"),
            ("quickStyle", f"{office}.diagramStyle"),
            ("colors", f"{office}.diagramColors"),
            ("drawing", "application/vnd.ms-office.drawingml.diagramDrawing"),
        )
    )
    name = "[Content_Types].xml"
    parts[name] = parts[name].replace(b"</Types>", types.encode() + b"</Types>")
    frame = (
        '<w:p><w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
        '<wp:extent cx="5486400" cy="3200400"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        '<wp:docPr id="1" name="Diagram 1"/><wp:cNvGraphicFramePr/>'
        f'<a:graphic xmlns:a="{A}"><a:graphicData uri="{DGM}"><dgm:relIds xmlns:dgm="{DGM}" '
        f'xmlns:r="{RELS}" r:dm="rId9" r:lo="rId10" r:qs="rId11" r:cs="rId12"/>'
        "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"
    )
    name = "word/document.xml"
    parts[name] = parts[name].replace(b"<w:sectPr", frame.encode() + b"<w:sectPr", 1)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def test_a_word_smartart_is_translated_in_its_data_and_drawing(tmp_path: Path) -> None:
    """A Word document's SmartArt stayed English, and one holding only a SmartArt was
    refused as having no text: its data and the drawing Word shows are translated, the
    same text alike, as a slide's are."""
    import docx

    source = smartart_docx(tmp_path / "smart.docx")
    document = open_document(source)
    assert [u.text for u in document.units] == [*STEPS, *STEPS]
    assert [u.read for u in document.units] == [True] * 3 + [False] * 3  # (read once)
    out = tmp_path / "out.docx"
    translate_file(source, out, marked, language="de")
    shown = marked(STEPS)
    data = entry(out, "word/diagrams/data1.xml")
    assert [t for t in texts(data, f"{{{DGM}}}t") if t] == shown
    drawing = entry(out, "word/diagrams/drawing1.xml")
    assert texts(drawing, f"{{{A}}}p") == shown
    # (its runs name the translation's language: Word checks spelling by it)
    assert {e.get("lang") for e in drawing.iter(f"{{{A}}}rPr")} == {"de-DE"}
    same_package(source, out)
    docx.Document(str(out))  # (still opens)
    # Bilingual: each of the diagram's paragraphs followed by its translation.
    data = etree.fromstring(
        zipfile.ZipFile(io.BytesIO(document.render_bilingual(marked(STEPS * 2)))).read(
            "word/diagrams/data1.xml"
        )
    )
    assert [t for t in texts(data, f"{{{DGM}}}t") if t] == [
        f"{step}{said}" for step, said in zip(STEPS, shown, strict=True)
    ]


def test_a_word_charts_series_and_categories_are_translated(tmp_path: Path) -> None:
    """A chart Word wrote (its series and categories cached from its embedded workbook)
    kept its legend and axis labels in the source language; they are translated, the
    numbers and the workbook stay."""
    import docx

    source = DATA / "chart.docx"
    out = tmp_path / "out.docx"
    translate_file(source, out, marked)
    chart = entry(out, "word/charts/chart1.xml")
    series = [v.text for v in chart.iterfind(f".//{{{C}}}ser/{{{C}}}tx//{{{C}}}v")]
    assert series == ["⟦系列 1⟧", "⟦系列 2⟧", "⟦系列 3⟧"]
    categories = [v.text for v in chart.iterfind(f".//{{{C}}}ser/{{{C}}}cat//{{{C}}}v")]
    assert categories == ["⟦类别 1⟧", "⟦类别 2⟧", "⟦类别 3⟧", "⟦类别 4⟧"] * 3
    numbers = [v.text for v in chart.iterfind(f".//{{{C}}}ser/{{{C}}}val//{{{C}}}v")]
    assert numbers[:4] == ["4.3", "2.5", "3.5", "4.5"]
    same_package(source, out)
    workbook = "word/embeddings/Microsoft_Office_Excel____1.xlsx"
    assert entries(out)[workbook] == entries(source)[workbook]
    docx.Document(str(out))


def test_an_excel_smartart_is_translated(tmp_path: Path) -> None:
    """A workbook's SmartArt (Excel's own) stayed English: its data and drawing are
    translated, as a slide's are."""
    import openpyxl

    source = DATA / "Spreadsheet.xlsx"
    out = tmp_path / "out.xlsx"
    translate_file(source, out, marked)
    words = ["Hello", "Goodbye", "CU", "Test", "More"]
    data = entry(out, "xl/diagrams/data1.xml")
    assert [t for t in texts(data, f"{{{DGM}}}t") if t] == marked(words)
    assert texts(entry(out, "xl/diagrams/drawing1.xml"), f"{{{A}}}p") == marked(words)
    same_package(source, out)
    openpyxl.load_workbook(out)


CX = "http://schemas.microsoft.com/office/drawing/2014/chartex"


def chartex_strings(root: etree._Element) -> tuple[list[str], list[str], list[str]]:
    """An Office 2016 chart's series names, category labels and numbers."""
    names = [v.text or "" for v in root.iter(f"{{{CX}}}v")]
    categories = [p.text or "" for p in root.iterfind(f".//{{{CX}}}strDim//{{{CX}}}pt")]
    numbers = [p.text or "" for p in root.iterfind(f".//{{{CX}}}numDim//{{{CX}}}pt")]
    return names, categories, numbers


def test_an_office_2016_chart_keeps_no_english_labels(tmp_path: Path) -> None:
    """A box and whisker chart (Office 2016's chartEx, as PowerPoint and Word wrote it)
    kept its categories and series names in the source language, and a Word document
    holding only one was refused as having no text; now they are translated, in .pptx
    and .docx alike, and its numbers stay."""
    import docx
    import pptx

    for name, part in (("Of16-02.pptx", "ppt"), ("Of16-02.docx", "word")):
        source = DATA / name
        out = tmp_path / name
        translate_file(source, out, marked)
        before = chartex_strings(entry(source, f"{part}/charts/chartEx1.xml"))
        names, categories, numbers = chartex_strings(entry(out, f"{part}/charts/chartEx1.xml"))
        assert names == marked(["Series1", "Series2", "Series3"]), name
        assert categories == marked(before[1]), name
        assert set(before[1]) == {"Category 1", "Category 2", "Category 3"}
        assert numbers == before[2], name
        same_package(source, out)
    pptx.Presentation(str(tmp_path / "Of16-02.pptx"))
    docx.Document(str(tmp_path / "Of16-02.docx"))


def test_an_excel_office_2016_chart_follows_its_cells(tmp_path: Path) -> None:
    """In .xlsx, an Office 2016 chart's title is translated, and the categories and series
    name it copies from cells (beside a ``cx:f``) get those cells' translations, so the
    chart agrees with the sheet."""
    import openpyxl
    import xlsxwriter

    source = tmp_path / "waterfall.xlsx"
    book = xlsxwriter.Workbook(str(source))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["Quarter", "Cash flow"])
    sheet.write_column(1, 0, ["Opening balance", "Closing balance"])
    sheet.write_column(1, 1, [100, 140])
    chart = book.add_chart({"type": "column"})
    chart.add_series({"values": "=Sheet1!$B$2:$B$3"})
    sheet.insert_chart("D2", chart)
    book.close()
    parts = entries(source)
    # A waterfall next to it, as Excel writes one: its part, its relationship from the
    # drawing, its content type and its frame (in Excel's mc:AlternateContent).
    parts["xl/charts/chartEx1.xml"] = (
        f'<cx:chartSpace xmlns:a="{A}" xmlns:r="{RELS}" xmlns:cx="{CX}"><cx:chartData>'
        '<cx:data id="0"><cx:strDim type="cat"><cx:f>_xlchart.v1.0</cx:f><cx:lvl ptCount="2">'
        '<cx:pt idx="0">Opening balance</cx:pt><cx:pt idx="1">Closing balance</cx:pt>'
        '</cx:lvl></cx:strDim><cx:numDim type="val"><cx:f>_xlchart.v1.2</cx:f>'
        '<cx:lvl ptCount="2" formatCode="General"><cx:pt idx="0">100</cx:pt>'
        '<cx:pt idx="1">140</cx:pt></cx:lvl></cx:numDim></cx:data></cx:chartData><cx:chart>'
        '<cx:title pos="t" align="ctr" overlay="0"><cx:tx><cx:rich><a:bodyPr/><a:lstStyle/>'
        '<a:p><a:pPr><a:defRPr/></a:pPr><a:r><a:rPr lang="en-US"/><a:t>Cash over the year</a:t>'
        "</a:r></a:p></cx:rich></cx:tx></cx:title><cx:plotArea><cx:plotAreaRegion>"
        '<cx:series layoutId="waterfall" uniqueId="{3DA4A69F-D4BB-4C2C-9F8B-117C3C382F18}">'
        "<cx:tx><cx:txData><cx:f>_xlchart.v1.1</cx:f><cx:v>Cash flow</cx:v></cx:txData></cx:tx>"
        '<cx:dataId val="0"/></cx:series></cx:plotAreaRegion></cx:plotArea></cx:chart>'
        "</cx:chartSpace>"
    ).encode()
    name = "xl/drawings/_rels/drawing1.xml.rels"
    parts[name] = parts[name].replace(
        b"</Relationships>",
        b'<Relationship Id="rId9" Type="http://schemas.microsoft.com/office/2014/relationships/'
        b'chartEx" Target="../charts/chartEx1.xml"/></Relationships>',
    )
    name = "[Content_Types].xml"
    parts[name] = parts[name].replace(
        b"</Types>",
        b'<Override PartName="/xl/charts/chartEx1.xml" '
        b'ContentType="application/vnd.ms-office.chartex+xml"/></Types>',
    )
    frame = (
        "<xdr:twoCellAnchor><xdr:from><xdr:col>12</xdr:col><xdr:colOff>0</xdr:colOff>"
        "<xdr:row>1</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to><xdr:col>19</xdr:col>"
        "<xdr:colOff>0</xdr:colOff><xdr:row>15</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>"
        '<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
        '<mc:Choice xmlns:cx1="http://schemas.microsoft.com/office/drawing/2015/9/8/chartex" '
        'Requires="cx1"><xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="3" '
        'name="Chart 2"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr><xdr:xfrm>'
        '<a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic>'
        f'<a:graphicData uri="{CX}"><cx:chart xmlns:cx="{CX}" xmlns:r="{RELS}" r:id="rId9"/>'
        "</a:graphicData></a:graphic></xdr:graphicFrame></mc:Choice></mc:AlternateContent>"
        "<xdr:clientData/></xdr:twoCellAnchor>"
    )
    name = "xl/drawings/drawing1.xml"
    parts[name] = parts[name].replace(b"</xdr:wsDr>", frame.encode() + b"</xdr:wsDr>")
    with zipfile.ZipFile(source, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)

    out = tmp_path / "out.xlsx"
    translate_file(source, out, marked)
    waterfall = entry(out, "xl/charts/chartEx1.xml")
    assert chartex_strings(waterfall) == (
        marked(["Cash flow"]),
        marked(["Opening balance", "Closing balance"]),
        ["100", "140"],
    )
    assert texts(waterfall, f"{{{A}}}p") == marked(["Cash over the year"])
    cells = openpyxl.load_workbook(out).active
    assert [cells["B1"].value, cells["A2"].value] == marked(["Cash flow", "Opening balance"])
    same_package(source, out)


def test_shapes_pasted_from_powerpoint_into_word_are_translated(tmp_path: Path) -> None:
    """Shapes pasted from PowerPoint into Word 2007 (a locked canvas, their text in
    DrawingML's ``a:p``, not Word's ``w:p``) stayed English beside the translated
    paragraphs; each is translated and its runs name the translation's language."""
    import docx

    source = DATA / "Bug201775_testfile.docx"
    out = tmp_path / "out.docx"
    translate_file(source, out, marked, language="de")
    body = entry(out, "word/document.xml")
    canvas = "{http://schemas.openxmlformats.org/drawingml/2006/lockedCanvas}lockedCanvas"
    shapes = [p for p in body.iter(f"{{{A}}}p") if next(p.iterancestors(canvas), None) is not None]
    said = [t for t in ("".join(p.itertext()) for p in shapes) if t.strip()]
    assert len(said) == 26
    assert all(t.startswith("⟦") and t.endswith("⟧") for t in said), said
    assert "⟦SYSTEM SUPPORT⟧" in said
    runs = [r for p in shapes for r in p.iter(f"{{{A}}}r")]
    assert {r.find(f"{{{A}}}rPr").get("lang") for r in runs} == {"de-DE"}
    same_package(source, out)
    docx.Document(str(out))


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DC = "http://purl.org/dc/elements/1.1/"


def test_controls_bound_to_a_custom_xml_part_keep_their_translation(tmp_path: Path) -> None:
    """Content controls bound to a custom XML part's elements (a form's name, company,
    address) showed the source's words again when Word opened the translation: Word fills
    a bound control from the value it stores. The stored values are translated with the
    controls; a value no control shows differently (a postal code) stays."""
    import docx

    source = DATA / "Data-Bound-Content-Controls.docx"
    out = tmp_path / "out.docx"
    translate_file(source, out, marked)
    root = entry(out, "customXML/item.xml")
    stored = {e.tag: e.text for e in root}
    assert stored["Name"] == "⟦ERIC WHITE⟧"
    assert stored["Address"] == "⟦ONE MICROSOFT WAY⟧"
    assert stored["PostalCode"] == "98052"
    shown = {
        sdt.find(f"{{{W}}}sdtPr/{{{W}}}alias").get(f"{{{W}}}val"): "".join(
            t.text or "" for t in sdt.iter(f"{{{W}}}t")
        )
        for sdt in entry(out, "word/document.xml").iter(f"{{{W}}}sdt")
    }
    assert shown["Name"] == stored["Name"] and shown["Company"] == stored["Company"]
    same_package(source, out)
    docx.Document(str(out))


def bound(alias: str, xpath: str, store: str, text: str, prefixes: str = "") -> str:
    """A block content control as Word writes one, bound to ``xpath`` in ``store``."""
    mapped = f' w:prefixMappings="{prefixes}"' if prefixes else ""
    return (
        f'<w:sdt xmlns:w="{W}"><w:sdtPr><w:alias w:val="{alias}"/><w:id w:val="{len(text)}"/>'
        f'<w:dataBinding{mapped} w:xpath="{xpath}" w:storeItemID="{store}"/><w:text/>'
        f"</w:sdtPr><w:sdtContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:sdtContent></w:sdt>"
    )


CORE_STORE = "{6C3C8BC8-F283-45AE-878A-BAB7291924A1}"
CORE_PREFIXES = (
    "xmlns:ns0='http://schemas.openxmlformats.org/package/2006/metadata/core-properties' "
    "xmlns:ns1='http://purl.org/dc/elements/1.1/'"
)


def test_a_cover_pages_controls_keep_their_translation(tmp_path: Path) -> None:
    """A cover page's title and subtitle (controls bound to the document's title and
    subject) were translated on the page, but the properties kept the source's words and
    Word showed them again on opening: now the properties hold the translation, the title
    shown twice gets one. A control bound to a value Quire cannot find (an XPath with a
    condition) is said in a note, once."""
    import docx

    title, subject = "Annual report", "How the year went for our readers"
    document = docx.Document()
    document.core_properties.title = title
    document.core_properties.subject = subject
    body = document.element.body
    controls = [
        bound("Title", "/ns0:coreProperties[1]/ns1:title[1]", CORE_STORE, title, CORE_PREFIXES),
        bound("Subtitle", "/ns0:coreProperties[1]/ns1:subject[1]", CORE_STORE, subject,
              CORE_PREFIXES),
        bound("Title", "/ns0:coreProperties[1]/ns1:title[1]", CORE_STORE, title, CORE_PREFIXES),
        bound("Odd", "/ns0:coreProperties[1]/*[local-name()='subject']", CORE_STORE, subject,
              CORE_PREFIXES),
        bound("Other", "/ns0:coreProperties[1]/ns1:subject[1][.!='']", CORE_STORE, subject,
              CORE_PREFIXES),
    ]  # fmt: skip
    for control in reversed(controls):
        body.insert(0, etree.fromstring(control))
    source = tmp_path / "cover.docx"
    document.save(str(source))

    opened = open_document(source)
    (note,) = opened.notes
    assert note.message_id == "document.bound_controls" and note.params == {"count": 2}
    out = tmp_path / "out.docx"
    translate_file(source, out, marked)
    core = entry(out, "docProps/core.xml")
    assert core.findtext(f"{{{DC}}}title") == "⟦ANNUAL REPORT⟧"
    assert core.findtext(f"{{{DC}}}subject") == marked([subject])[0]
    same_package(source, out)
    assert docx.Document(str(out)).core_properties.subject == marked([subject])[0]


EP = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"


def test_a_bilingual_cover_page_shows_each_bound_value_once(tmp_path: Path) -> None:
    """A bilingual Word cover page (Word 2010's, its company, title, subtitle and author
    controls bound to the properties) stored "source\\ntranslation" in the properties and
    showed each translation twice: LibreOffice fills a control again from its stored value,
    and the copy of its paragraph added the translation once more. Each control now holds
    one paragraph reading "source / translation", the value it stores, as a title's
    bilingual value does."""
    source = DATA / "Bug54771a.docx"
    out = tmp_path / "out.docx"
    translate_file(source, out, marked, bilingual=True, language="de")
    core = entry(out, "docProps/core.xml")
    said = {name: core.findtext(f"{{{DC}}}{name}") for name in ("title", "subject", "creator")}
    said["Company"] = entry(out, "docProps/app.xml").findtext(f"{{{EP}}}Company")
    assert said == {
        "title": "Test / ⟦TEST⟧",
        "subject": "Test Subtitle / ⟦TEST SUBTITLE⟧",
        "creator": "Test User / ⟦TEST USER⟧",
        "Company": "BB / ⟦BB⟧",
    }
    controls = [
        sdt
        for sdt in entry(out, "word/document.xml").iter(f"{{{W}}}sdt")
        if sdt.find(f"{{{W}}}sdtPr/{{{W}}}dataBinding") is not None
    ]
    assert len(controls) == 4
    for sdt in controls:
        (paragraph,) = sdt.find(f"{{{W}}}sdtContent").iter(f"{{{W}}}p")  # (w:text: one line)
        assert "".join(paragraph.itertext()) in said.values()
    same_package(source, out)


def test_a_bilingual_copy_of_a_bound_control_in_a_sentence_is_unbound(tmp_path: Path) -> None:
    """A control bound to the author in a sentence ("Prepared by Ann Lee"): the sentence's
    bilingual copy held a copy of the control, still bound, so Word filled it with the
    source's value again. The copy's control is no longer bound; the source's is, and the
    author stays as it was."""
    import docx

    document = docx.Document()
    document.core_properties.author = "Ann Lee"
    paragraph = document.add_paragraph("Prepared by ")
    control = etree.fromstring(
        bound("Author", "/ns0:coreProperties[1]/ns1:creator[1]", CORE_STORE, "Ann Lee",
              CORE_PREFIXES).replace("<w:p>", "").replace("</w:p>", "")
    )  # fmt: skip
    paragraph._p.append(control)
    source = tmp_path / "author.docx"
    document.save(str(source))
    out = tmp_path / "out.docx"
    translate_file(source, out, marked, bilingual=True, language="de")
    first, twin = entry(out, "word/document.xml").iter(f"{{{W}}}p")
    assert "".join(twin.itertext()) == "⟦PREPARED BY ANN LEE⟧"
    assert first.find(f".//{{{W}}}dataBinding") is not None
    assert twin.find(f".//{{{W}}}dataBinding") is None
    assert entry(out, "docProps/core.xml").findtext(f"{{{DC}}}creator") == "Ann Lee"


def test_a_chart_title_showing_a_cell_gets_its_translation(tmp_path: Path) -> None:
    """A chart's title, axis title and data label linked to a cell (``c:strRef`` in their
    ``c:tx``, as xlsxwriter and Excel write ``=Sheet1!$C$1``) kept the source's words
    cached while the cell was translated, so the chart disagreed with its sheet; now the
    cache gets the cell's translation, as a series name's does."""
    import openpyxl
    import xlsxwriter

    source = tmp_path / "linked.xlsx"
    book = xlsxwriter.Workbook(str(source))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["Region", "Revenue", "Sales by region", "Regions", "Best quarter"])
    sheet.write_column(1, 0, ["North", "South"])
    sheet.write_column(1, 1, [10, 20])
    chart = book.add_chart({"type": "column"})
    chart.add_series(
        {
            "name": "=Sheet1!$B$1",
            "categories": "=Sheet1!$A$2:$A$3",
            "values": "=Sheet1!$B$2:$B$3",
            "data_labels": {"value": True, "custom": [{"value": "=Sheet1!$E$1"}]},
        }
    )
    chart.set_title({"name": "=Sheet1!$C$1"})
    chart.set_x_axis({"name": "=Sheet1!$D$1"})
    sheet.insert_chart("D4", chart)
    book.close()

    out = tmp_path / "out.xlsx"
    translate_file(source, out, marked)
    cells = [c.value for c in next(openpyxl.load_workbook(out).active.iter_rows())]
    assert cells == marked(["Region", "Revenue", "Sales by region", "Regions", "Best quarter"])
    cached = [
        "".join(tx.find(f".//{{{C}}}v").itertext())
        for tx in entry(out, "xl/charts/chart1.xml").iter(f"{{{C}}}tx")
    ]
    assert sorted(cached) == sorted(cells[1:])  # (the series' name, title, label, axis)
    same_package(source, out)


def test_a_slides_chart_title_showing_a_cell_is_translated(tmp_path: Path) -> None:
    """In .pptx a chart's title linked to a cell of its embedded workbook showed the
    cached title untranslated; now it is translated as a series name is (the workbook
    stays)."""
    import pptx
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE
    from pptx.util import Inches

    deck = pptx.Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[5])
    slide.shapes.title.text = "Quarterly sales"
    data = CategoryChartData()  # type: ignore[no-untyped-call]
    data.categories = ["North", "South"]
    data.add_series("Revenue", (1, 2))  # type: ignore[no-untyped-call]
    frame = slide.shapes.add_chart(
        XL_CHART_TYPE.COLUMN_CLUSTERED, Inches(1), Inches(1.5), Inches(6), Inches(4), data
    )
    # (python-pptx sets no title from a cell: the title PowerPoint writes for one)
    frame.chart._chartSpace.find(f"{{{C}}}chart").insert(
        0,
        etree.fromstring(
            f'<c:title xmlns:c="{C}"><c:tx><c:strRef><c:f>Sheet1!$B$1</c:f><c:strCache>'
            '<c:ptCount val="1"/><c:pt idx="0"><c:v>Revenue by region</c:v></c:pt>'
            '</c:strCache></c:strRef></c:tx><c:overlay val="0"/></c:title>'
        ),
    )
    source = tmp_path / "linked.pptx"
    deck.save(str(source))
    out = tmp_path / "out.pptx"
    translate_file(source, out, marked)
    chart = entry(out, "ppt/charts/chart1.xml")
    title = chart.find(f"{{{C}}}chart/{{{C}}}title")
    assert texts(title, f"{{{C}}}v") == ["⟦REVENUE BY REGION⟧"]
    same_package(source, out)
    workbook = "ppt/embeddings/Microsoft_Excel_Sheet1.xlsx"
    assert entries(out)[workbook] == entries(source)[workbook]


def test_part_names_are_found_whatever_their_case(tmp_path: Path) -> None:
    """A workbook naming ``worksheets/Sheet1.xml``, whose relationships the file holds as
    ``_rels/sheet1.xml.rels`` (Apache POI's test file): part names are case-insensitive,
    but its four charts were not found and their titles stayed English, with no note. Now
    they are translated and written back over their own entries."""
    source = DATA / "123233_charts.xlsx"
    out = tmp_path / "out.xlsx"
    translate_file(source, out, marked)
    titles = [
        "".join(texts(entry(out, f"xl/charts/chart{n}.xml").find(f".//{{{C}}}title"), f"{{{A}}}t"))
        for n in range(1, 5)
    ]
    assert all(t.startswith("⟦") and t.endswith("⟧") for t in titles), titles
    same_package(source, out)
