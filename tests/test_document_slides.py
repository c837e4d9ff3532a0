"""What a presentation shows besides its slides' text boxes: SmartArt diagrams, charts'
legends and categories, code blocks, sections, comments and slide names, each as the
producer writes it (python-pptx decks completed with the parts PowerPoint adds); and a
workbook's charts, whose legends share the charts' code."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

from lxml import etree

from engine.documents import open_document, translate_file

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
DGM = "http://schemas.openxmlformats.org/drawingml/2006/diagram"
DSP = "http://schemas.microsoft.com/office/drawing/2008/diagram"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def upper(batch: Sequence[str]) -> list[str]:
    return [t.upper() for t in batch]


def deck(path: Path, fill: Callable[[object], None] | None = None) -> Path:
    """A python-pptx deck of one titled slide (``fill`` adds to the presentation)."""
    import pptx

    presentation = pptx.Presentation()
    slide = presentation.slides.add_slide(presentation.slide_layouts[5])
    slide.shapes.title.text = "Our plan"
    if fill is not None:
        fill(presentation)
    presentation.save(str(path))
    return path


def edited(path: Path, edit: Callable[[dict[str, bytes]], None]) -> Path:
    """``path`` with its zip entries changed in place by ``edit`` (name -> bytes)."""
    with zipfile.ZipFile(path) as archive:
        entries = {n: archive.read(n) for n in archive.namelist()}
    edit(entries)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


def entry(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read(name))


def texts(root: etree._Element, tag: str) -> list[str]:
    return ["".join(e.itertext()) for e in root.iter(tag)]


STEPS = ["Plan the project", "Build the product", "Launch to customers"]


def add_smartart(entries: dict[str, bytes]) -> None:
    """A SmartArt of three steps on slide 1, as PowerPoint writes one: its data model, the
    drawing it caches (named by the data's extension), layout, style and colours."""
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
            '</dsp:nvSpPr><dsp:spPr><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></dsp:spPr>'
            f'<dsp:txBody><a:bodyPr anchor="ctr"/><a:lstStyle/><a:p><a:pPr algn="ctr"/><a:r>'
            f'<a:rPr lang="en-US" sz="1800"/><a:t>{step}</a:t></a:r></a:p></dsp:txBody></dsp:sp>'
        )
    entries["ppt/diagrams/data1.xml"] = (
        f"<dgm:dataModel {ns}><dgm:ptLst>{points}</dgm:ptLst><dgm:cxnLst/><dgm:bg/><dgm:whole/>"
        '<dgm:extLst><a:ext uri="http://schemas.microsoft.com/office/drawing/2008/diagram">'
        f'<dsp:dataModelExt xmlns:dsp="{DSP}" relId="rId9" minVer="{DGM}"/></a:ext>'
        "</dgm:extLst></dgm:dataModel>"
    ).encode()
    entries["ppt/diagrams/drawing1.xml"] = (
        f'<dsp:drawing xmlns:dsp="{DSP}" {ns}><dsp:spTree><dsp:nvGrpSpPr><dsp:cNvPr id="0" '
        f'name=""/><dsp:cNvGrpSpPr/></dsp:nvGrpSpPr><dsp:grpSpPr/>{shapes}</dsp:spTree>'
        "</dsp:drawing>"
    ).encode()
    for part in ("layout", "quickStyle", "colors"):
        entries[f"ppt/diagrams/{part}1.xml"] = f"<dgm:{part}Def {ns}/>".encode()
    kinds = {
        "rId5": (f"{RELS}/diagramData", "data1"),
        "rId6": (f"{RELS}/diagramLayout", "layout1"),
        "rId7": (f"{RELS}/diagramQuickStyle", "quickStyle1"),
        "rId8": (f"{RELS}/diagramColors", "colors1"),
        "rId9": (
            "http://schemas.microsoft.com/office/2007/relationships/diagramDrawing",
            "drawing1",
        ),
    }
    rels = "".join(
        f'<Relationship Id="{i}" Type="{t}" Target="../diagrams/{n}.xml"/>'
        for i, (t, n) in kinds.items()
    )
    name = "ppt/slides/_rels/slide1.xml.rels"
    entries[name] = entries[name].replace(b"</Relationships>", rels.encode() + b"</Relationships>")
    frame = (
        '<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="50" name="Diagram 1"/>'
        "<p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr><p:xfrm><a:off x='0' y='0'/>"
        "<a:ext cx='7200000' cy='1000000'/></p:xfrm><a:graphic><a:graphicData "
        f'uri="{DGM}"><dgm:relIds xmlns:dgm="{DGM}" xmlns:r="{RELS}" r:dm="rId5" r:lo="rId6" '
        'r:qs="rId7" r:cs="rId8"/></a:graphicData></a:graphic></p:graphicFrame>'
    )
    name = "ppt/slides/slide1.xml"
    entries[name] = entries[name].replace(b"</p:spTree>", frame.encode() + b"</p:spTree>", 1)


def test_smartart_data_and_drawing_are_translated_alike(tmp_path: Path) -> None:
    """A SmartArt's text stayed English in .pptx (its .odp conversion was translated): its
    data and the drawing PowerPoint shows are both translated, the same text alike."""
    source = edited(deck(tmp_path / "smart.pptx"), add_smartart)
    units = [u.text for u in open_document(source).units]
    assert units == ["Our plan", *STEPS, *STEPS]
    seen: list[str] = []

    def counted(batch: Sequence[str]) -> list[str]:
        seen.extend(batch)
        return upper(batch)

    out = tmp_path / "out.pptx"
    translate_file(source, out, counted)
    assert sorted(seen) == sorted(["Our plan", *STEPS])  # (each step sent once)
    shown = [s.upper() for s in STEPS]
    data = entry(out, "ppt/diagrams/data1.xml")
    assert [t for t in texts(data, f"{{{DGM}}}t") if t] == shown
    assert texts(entry(out, "ppt/diagrams/drawing1.xml"), f"{{{A}}}p") == shown
    # Its translated runs name the translation's language (PowerPoint checks spelling by it).
    translate_file(source, out, counted, language="de")
    for part in ("data1", "drawing1"):
        said = {e.get("lang") for e in entry(out, f"ppt/diagrams/{part}.xml").iter(f"{{{A}}}rPr")}
        assert said == {"de-DE"}, part
    import pptx

    pptx.Presentation(str(out))  # (still opens)


def chart_deck(path: Path) -> Path:
    """A python-pptx clustered column chart with a legend: two series over two regions."""
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE
    from pptx.util import Inches

    def fill(presentation: object) -> None:
        data = CategoryChartData()  # type: ignore[no-untyped-call]
        data.categories = ["North region", "South region"]
        data.add_series("Online shop", (1.5, 2.5))  # type: ignore[no-untyped-call]
        data.add_series("Retail stores", (3.0, 4.0))  # type: ignore[no-untyped-call]
        slide = presentation.slides[0]  # type: ignore[attr-defined]
        kind, at, size = XL_CHART_TYPE.COLUMN_CLUSTERED, Inches(1), Inches(4)
        frame = slide.shapes.add_chart(kind, at, at, size, size, data)
        frame.chart.has_legend = True

    return deck(path, fill)


def test_a_charts_legend_and_categories_are_translated(tmp_path: Path) -> None:
    """Only a chart's titles were translated: its legend (the series' names) and its
    category labels stayed English. The strings PowerPoint shows are translated; the
    numbers stay."""
    import pptx

    out = tmp_path / "out.pptx"
    translate_file(chart_deck(tmp_path / "chart.pptx"), out, upper)
    chart = pptx.Presentation(str(out)).slides[0].shapes[1].chart
    plot = chart.plots[0]
    assert list(plot.categories) == ["NORTH REGION", "SOUTH REGION"]
    assert [s.name for s in plot.series] == ["ONLINE SHOP", "RETAIL STORES"]
    assert [list(s.values) for s in plot.series] == [[1.5, 2.5], [3.0, 4.0]]
    assert b"General" in etree.tostring(entry(out, "ppt/charts/chart1.xml"))


def test_a_bilingual_charts_legend_shows_both(tmp_path: Path) -> None:
    """A bilingual deck's legend names each series "source / translation" (a cached string
    has no paragraph to copy)."""
    import pptx

    document = open_document(chart_deck(tmp_path / "chart.pptx"))
    data = document.render_bilingual(upper([u.text for u in document.units]))
    chart = pptx.Presentation(io.BytesIO(data)).slides[0].shapes[1].chart
    assert chart.plots[0].series[0].name == "Online shop / ONLINE SHOP"


def test_a_workbooks_chart_legend_follows_its_cells(tmp_path: Path) -> None:
    """In .xlsx too, a chart's legend and categories stayed English: a series named in the
    chart itself is translated; names and labels the chart caches from cells get those
    cells' translations, so the chart Excel shows agrees with the sheet."""
    import openpyxl
    import xlsxwriter

    source = tmp_path / "chart.xlsx"
    book = xlsxwriter.Workbook(str(source))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["Region", "Online shop"])
    sheet.write_column(1, 0, ["North region", "South region"])
    sheet.write_column(1, 1, [1.5, 2.5])
    chart = book.add_chart({"type": "column"})
    values = "=Sheet1!$B$2:$B$3"
    regions = "=Sheet1!$A$2:$A$3"
    chart.add_series({"name": "=Sheet1!$B$1", "categories": regions, "values": values})
    chart.add_series({"name": "Retail stores", "categories": regions, "values": values})
    sheet.insert_chart("D2", chart)
    book.close()
    units = [u.text for u in open_document(source).units]
    assert units == ["Region", "Online shop", "North region", "South region", "Retail stores"]

    out = tmp_path / "out.xlsx"
    translate_file(source, out, upper)
    root = entry(out, "xl/charts/chart1.xml")
    c = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
    shown = [v.text for v in root.iter(f"{c}v")]
    assert shown == [
        "ONLINE SHOP",
        "NORTH REGION",
        "SOUTH REGION",
        "1.5",
        "2.5",
        "RETAIL STORES",
        "NORTH REGION",
        "SOUTH REGION",
        "1.5",
        "2.5",
    ]
    cells = openpyxl.load_workbook(out).active
    assert [cells["B1"].value, cells["A2"].value] == ["ONLINE SHOP", "NORTH REGION"]


def test_a_code_block_in_a_monospace_typeface_is_kept(tmp_path: Path) -> None:
    """pandoc sets a fenced code block on a slide as runs in Courier (no style names code in
    a .pptx): it was sent to the translator. A paragraph in a monospace typeface throughout
    stays as it is; one with a word in Courier among others is text."""
    from pptx.util import Inches

    def fill(presentation: object) -> None:
        slide = presentation.slides[0]  # type: ignore[attr-defined]
        frame = slide.shapes.add_textbox(Inches(1), Inches(2), Inches(6), Inches(3)).text_frame
        frame.text = "Run this first:"
        for pieces in (["print", '("do not translate this code")'], ["Type ", "ls", " here"]):
            paragraph = frame.add_paragraph()
            for k, piece in enumerate(pieces):
                run = paragraph.add_run()
                run.text = piece
                if len(pieces) == 2 or k == 1:
                    run.font.name = "Courier" if k else "Consolas"

    source = deck(tmp_path / "code.pptx", fill)
    units = [u.text for u in open_document(source).units]
    assert units == ["Our plan", "Run this first:", "Type ls here"]

    # A deck set in Courier, a quotation in Consolas: prose, translated (an outside review
    # found them silently left as they were).
    def typewriter(presentation: object) -> None:
        slide = presentation.slides[0]  # type: ignore[attr-defined]
        frame = slide.shapes.add_textbox(Inches(1), Inches(2), Inches(6), Inches(3)).text_frame
        frame.text = "We build tools (and more) that help families."
        frame.add_paragraph().text = "Revenue up 12% (Q4)"  # (a bracket is no code)
        frame.add_paragraph().text = "Every customer matters"
        frame.add_paragraph().text = "The best way to predict the future is to invent it."
        for paragraph in frame.paragraphs:
            for run in paragraph.runs:
                run.font.name = "Courier New"

    source = deck(tmp_path / "typewriter.pptx", typewriter)
    assert [u.text for u in open_document(source).units] == [
        "Our plan",
        "We build tools (and more) that help families.",
        "Revenue up 12% (Q4)",
        "Every customer matters",
        "The best way to predict the future is to invent it.",
    ]


def add_sections(entries: dict[str, bytes]) -> None:
    """Two sections, as PowerPoint 2010 and later list them in presentation.xml."""
    name = "ppt/presentation.xml"
    root = etree.fromstring(entries[name])
    ids = "".join(
        f'<p14:sldId id="{e.get("id")}"/>' for e in root.iter(f"{{{root.nsmap['p']}}}sldId")
    )
    sections = (
        '<p:extLst><p:ext uri="{521415D9-36F7-43E2-AB2F-B90AF26B5E84}"><p14:sectionLst '
        'xmlns:p14="http://schemas.microsoft.com/office/powerpoint/2010/main">'
        '<p14:section name="Introduction" id="{11111111-1111-1111-1111-111111111111}">'
        f"<p14:sldIdLst>{ids}</p14:sldIdLst></p14:section>"
        '<p14:section name="Financial results" id="{22222222-2222-2222-2222-222222222222}">'
        "<p14:sldIdLst/></p14:section></p14:sectionLst></p:ext></p:extLst>"
    )
    entries[name] = entries[name].replace(
        b"</p:presentation>", sections.encode() + b"</p:presentation>"
    )


def test_sections_names_are_translated(tmp_path: Path) -> None:
    """PowerPoint's thumbnail pane showed the sections' names in English."""
    source = edited(deck(tmp_path / "sections.pptx"), add_sections)
    out = tmp_path / "out.pptx"
    translate_file(source, out, upper)
    root = entry(out, "ppt/presentation.xml")
    p14 = "{http://schemas.microsoft.com/office/powerpoint/2010/main}"
    assert [s.get("name") for s in root.iter(f"{p14}section")] == [
        "INTRODUCTION",
        "FINANCIAL RESULTS",
    ]
    assert [s.get("id")[:5] for s in root.iter(f"{p14}section")] == ["{1111", "{2222"]


P = "http://schemas.openxmlformats.org/presentationml/2006/main"
P188 = "http://schemas.microsoft.com/office/powerpoint/2018/8/main"
CT = "application/vnd.openxmlformats-officedocument.presentationml"


def add_comments(entries: dict[str, bytes]) -> None:
    """On slide 1, a legacy comment (PowerPoint 2010-2019: its text plain, its author in
    commentAuthors.xml) and a modern thread with a reply (Microsoft 365: DrawingML
    paragraphs, authors in authors.xml, the reply written before the thread's text)."""
    ids = (
        '<pc:sldMkLst xmlns:pc="http://schemas.microsoft.com/office/powerpoint/2013/main/'
        'command"><pc:docMk/><pc:sldMk cId="1" sldId="256"/></pc:sldMkLst>'
    )

    def body(text: str) -> str:
        return (
            f'<p188:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang="en-US"/>'
            f"<a:t>{text}</a:t></a:r></a:p></p188:txBody>"
        )

    entries["ppt/commentAuthors.xml"] = (
        f'<p:cmAuthorLst xmlns:p="{P}"><p:cmAuthor id="0" name="Jane Reviewer" initials="JR" '
        'lastIdx="1" clrIdx="0"/></p:cmAuthorLst>'
    ).encode()
    entries["ppt/comments/comment1.xml"] = (
        f'<p:cmLst xmlns:p="{P}"><p:cm authorId="0" dt="2024-01-01T10:00:00.000" idx="1">'
        '<p:pos x="10" y="10"/><p:text>Please double-check these numbers</p:text></p:cm>'
        "</p:cmLst>"
    ).encode()
    entries["ppt/authors.xml"] = (
        f'<p188:authorLst xmlns:p188="{P188}"><p188:author id="{{A1}}" name="Sam Editor" '
        'initials="SE" userId="Sam Editor" providerId="None"/></p188:authorLst>'
    ).encode()
    entries["ppt/comments/modernComment_100_1.xml"] = (
        f'<p188:cmLst xmlns:a="{A}" xmlns:r="{RELS}" xmlns:p188="{P188}">'
        f'<p188:cm id="{{C1}}" authorId="{{A1}}" created="2024-01-02T09:00:00.000">{ids}'
        '<p188:pos x="20" y="20"/><p188:replyLst><p188:reply id="{R1}" authorId="{A1}" '
        f'created="2024-01-02T10:00:00.000">{body("Agreed, I will fix it")}</p188:reply>'
        f"</p188:replyLst>{body('Is this title final?')}</p188:cm></p188:cmLst>"
    ).encode()
    name = "ppt/_rels/presentation.xml.rels"
    entries[name] = entries[name].replace(
        b"</Relationships>",
        f'<Relationship Id="rId90" Type="{RELS}/commentAuthors" Target="commentAuthors.xml"/>'
        '<Relationship Id="rId91" Type="http://schemas.microsoft.com/office/2018/10/'
        'relationships/authors" Target="authors.xml"/></Relationships>'.encode(),
    )
    name = "ppt/slides/_rels/slide1.xml.rels"
    entries[name] = entries[name].replace(
        b"</Relationships>",
        f'<Relationship Id="rId90" Type="{RELS}/comments" Target="../comments/comment1.xml"/>'
        '<Relationship Id="rId91" Type="http://schemas.microsoft.com/office/2018/10/'
        'relationships/comments" Target="../comments/modernComment_100_1.xml"/>'
        "</Relationships>".encode(),
    )
    entries["[Content_Types].xml"] = entries["[Content_Types].xml"].replace(
        b"</Types>",
        f'<Override PartName="/ppt/commentAuthors.xml" ContentType="{CT}.commentAuthors+xml"/>'
        f'<Override PartName="/ppt/comments/comment1.xml" ContentType="{CT}.comments+xml"/>'
        '<Override PartName="/ppt/authors.xml" ContentType="application/vnd.ms-powerpoint.'
        'authors+xml"/><Override PartName="/ppt/comments/modernComment_100_1.xml" '
        'ContentType="application/vnd.ms-powerpoint.comments+xml"/></Types>'.encode(),
    )


def test_comments_are_translated_and_their_authors_kept(tmp_path: Path) -> None:
    """A deck's comments stayed English (an .odp's and a .docx's are translated): legacy
    and modern ones are translated, a thread's text before its reply; authors' names stay."""
    source = edited(deck(tmp_path / "comments.pptx"), add_comments)
    units = [(u.text, u.page) for u in open_document(source).units]
    assert units == [
        ("Our plan", 1),
        ("Please double-check these numbers", 1),
        ("Is this title final?", 1),
        ("Agreed, I will fix it", 1),
    ]
    out = tmp_path / "out.pptx"
    translate_file(source, out, upper, language="de")
    legacy = entry(out, "ppt/comments/comment1.xml")
    assert texts(legacy, f"{{{P}}}text") == ["PLEASE DOUBLE-CHECK THESE NUMBERS"]
    modern = entry(out, "ppt/comments/modernComment_100_1.xml")
    assert texts(modern, f"{{{A}}}p") == ["AGREED, I WILL FIX IT", "IS THIS TITLE FINAL?"]
    assert {r.get("lang") for r in modern.iter(f"{{{A}}}rPr")} == {"de-DE"}
    with zipfile.ZipFile(source) as before, zipfile.ZipFile(out) as after:
        for name in ("ppt/commentAuthors.xml", "ppt/authors.xml"):
            assert after.read(name) == before.read(name)


def test_bilingual_comments_show_both(tmp_path: Path) -> None:
    """A bilingual deck's modern comment holds each paragraph and its translation; a
    legacy comment, plain text, reads "source / translation"."""
    document = open_document(edited(deck(tmp_path / "comments.pptx"), add_comments))
    out = tmp_path / "out.pptx"
    out.write_bytes(document.render_bilingual(upper([u.text for u in document.units])))
    assert texts(entry(out, "ppt/comments/comment1.xml"), f"{{{P}}}text") == [
        "Please double-check these numbers / PLEASE DOUBLE-CHECK THESE NUMBERS"
    ]
    assert texts(entry(out, "ppt/comments/modernComment_100_1.xml"), f"{{{A}}}p") == [
        "Agreed, I will fix it",
        "AGREED, I WILL FIX IT",
        "Is this title final?",
        "IS THIS TITLE FINAL?",
    ]


DRAW = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
PRESENTATION = "urn:oasis:names:tc:opendocument:xmlns:presentation:1.0"
XLINK = "{http://www.w3.org/1999/xlink}href"
# LibreOffice's presentation: its first slide named after its title, the next "page2", the
# last named and titled "Notes" (a footnote's number links to it: ``xlink:href="#Notes"``).
IMPRESS = Path(__file__).parent / "data" / "producers" / "libreoffice.odp"


def linked(entries: dict[str, bytes]) -> None:
    """A custom show of two slides, as LibreOffice writes one: by the slides' names."""
    content = entries["content.xml"].decode()
    content = content.replace(
        '<presentation:settings presentation:mouse-visible="false"/>',
        '<presentation:settings presentation:mouse-visible="false"><presentation:show '
        'presentation:name="Short" presentation:pages="Notes,The quarterly report"/>'
        "</presentation:settings>",
    )
    entries["content.xml"] = content.encode()


def named(path: Path) -> tuple[list[str], str, list[str]]:
    """An .odp's slides' names, its custom show's slides and its links' targets."""
    root = entry(path, "content.xml")
    pages = [str(p.get(f"{{{DRAW}}}name")) for p in root.iter(f"{{{DRAW}}}page")]
    show = next(root.iter(f"{{{PRESENTATION}}}show"), None)
    listed = "" if show is None else str(show.get(f"{{{PRESENTATION}}}pages"))
    links = [str(a.get(XLINK)) for a in root.iter() if str(a.get(XLINK, "")).startswith("#")]
    return pages, listed, links


def test_slide_names_follow_their_translated_titles(tmp_path: Path) -> None:
    """LibreOffice's Navigator and a PDF's bookmarks list an .odp's slides by name: the
    names stayed English above translated titles. A slide named after its title takes the
    title's translation, and the links and custom shows naming it follow (a comma in a name
    included, as LibreOffice lists names unescaped); "page2" keeps its name."""
    source = tmp_path / "deck.odp"
    source.write_bytes(IMPRESS.read_bytes())
    edited(source, linked)
    said = {"The quarterly report": "Report", "Notes": "Notes, in short"}
    out = tmp_path / "out.odp"
    translate_file(source, out, lambda batch: [said.get(t, t.upper()) for t in batch])
    assert named(out) == (
        ["Report", "page2", "Notes, in short"],
        "Notes, in short,Report",
        ["#Notes, in short"],
    )
    again = tmp_path / "again.odp"
    translate_file(out, again, upper)
    assert named(again) == (
        ["REPORT", "page2", "NOTES, IN SHORT"],
        "NOTES, IN SHORT,REPORT",
        ["#NOTES, IN SHORT"],
    )


def test_a_slide_whose_title_is_left_as_it_was_keeps_its_name_as_written(
    tmp_path: Path,
) -> None:
    """LibreOffice names a slide it imports from PowerPoint after its title as written, line
    breaks and trailing spaces kept (poi's stress022.pptx: "…Système \nLicence – Master "):
    a title the translation leaves as it was (French text in a French-marked run) rewrote
    the name on one line, a change with no translation in it."""
    source = tmp_path / "deck.odp"
    source.write_bytes(IMPRESS.read_bytes())

    def spaced(entries: dict[str, bytes]) -> None:
        content = entries["content.xml"].decode()
        named = 'draw:name="The quarterly report"'
        assert named in content
        spaced = 'draw:name="The quarterly &#10;report "'
        entries["content.xml"] = content.replace(named, spaced).encode()

    edited(source, spaced)
    out = tmp_path / "out.odp"
    translate_file(source, out, lambda batch: [t if "quarterly" in t else t.upper() for t in batch])
    assert named(out)[0] == ["The quarterly \nreport ", "page2", "NOTES"]


def test_slide_names_stay_unique(tmp_path: Path) -> None:
    """Two titles translated alike: the later slide keeps its own name (LibreOffice names
    each slide once; a link names one). A bilingual deck's slides keep their names."""
    source = tmp_path / "deck.odp"
    source.write_bytes(IMPRESS.read_bytes())
    same = {"The quarterly report": "Overview", "Notes": "Overview"}
    out = tmp_path / "out.odp"
    translate_file(source, out, lambda batch: [same.get(t, t) for t in batch])
    assert named(out)[0] == ["Overview", "page2", "Notes"]
    document = open_document(source)
    both = tmp_path / "both.odp"
    both.write_bytes(document.render_bilingual(upper([u.text for u in document.units])))
    assert named(both)[0] == ["The quarterly report", "page2", "Notes"]
