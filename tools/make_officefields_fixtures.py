"""Remake tests/data/officefields/ (see its README.md): Word's and PowerPoint's own files with
fields, copied from a checkout of apache/poi (Apache-2.0), a PowerPoint deck cut to one slide
with python-pptx, a contract LibreOffice writes as .docx from the OpenDocument text below,
and a guide pandoc writes with a table of contents.

    python tools/make_officefields_fixtures.py PATH_TO_POI

The path is a checkout (or a bare mirror: its HEAD is read with git). Needs ``soffice`` and
``pandoc``."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "officefields"

# fixture name -> the path in apache/poi
COPIED = {
    "word-footer.docx": "test-data/document/60329.docx",
    "word-simple-field.docx": "test-data/document/FancyFoot.docx",
    "word-mail-merge.docx": "test-data/document/52449.docx",
}
DECK = (
    "test-data/slideshow/"
    "au.asn.aes.www_conferences_2011_presentations_Fri_20Room4Level4_20930_20Maloney.pptx"
)
SLIDE = 6  # "Marketing concepts", its footer "Page ‹#›"
THUMBNAIL = "docProps/thumbnail.jpeg"

# A contract with a table of contents, a date, a cross-reference to a heading's text and
# to its page, page numbers in a sentence and in the footer ("Page 1 of 2"): each
# paragraph ends with a field, or has one inside.
CONTRACT = """\
<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" \
xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" \
xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" \
xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" \
xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" \
xmlns:xlink="http://www.w3.org/1999/xlink" office:version="1.3" \
office:mimetype="application/vnd.oasis.opendocument.text">
 <office:styles>
  <style:style style:name="Standard" style:family="paragraph"/>
  <style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph" \
style:default-outline-level="1"><style:text-properties fo:font-size="16pt" fo:font-weight="bold"/>\
</style:style>
  <style:style style:name="Footer" style:family="paragraph"/>
  <style:style style:name="Contents_20_1" style:display-name="Contents 1" \
style:family="paragraph"><style:paragraph-properties><style:tab-stops><style:tab-stop \
style:position="16cm" style:type="right" style:leader-style="dotted" style:leader-text="."/>\
</style:tab-stops></style:paragraph-properties></style:style>
  <number:date-style style:name="N37"><number:day number:style="long"/><number:text>.</number:text>\
<number:month number:style="long"/><number:text>.</number:text><number:year number:style="long"/>\
</number:date-style>
 </office:styles>
 <office:automatic-styles>
  <style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm" \
fo:page-height="29.7cm" fo:margin-left="2cm" fo:margin-right="2cm" fo:margin-top="2cm" \
fo:margin-bottom="1cm"/><style:footer-style><style:header-footer-properties fo:min-height="1cm"/>\
</style:footer-style></style:page-layout>
  <style:style style:name="Pbreak" style:family="paragraph" style:parent-style-name="Heading_20_1">\
<style:paragraph-properties fo:break-before="page"/></style:style>
 </office:automatic-styles>
 <office:master-styles>
  <style:master-page style:name="Standard" style:page-layout-name="pm1">
   <style:footer><text:p text:style-name="Footer">Page <text:page-number \
text:select-page="current">1</text:page-number> of <text:page-count>2</text:page-count></text:p>\
</style:footer>
  </style:master-page>
 </office:master-styles>
 <office:body>
  <office:text>
   <text:table-of-content text:name="Table of Contents1">
    <text:table-of-content-source text:outline-level="3">
     <text:index-title-template>Contents</text:index-title-template>
     <text:table-of-content-entry-template text:outline-level="1" text:style-name="Contents_20_1">\
<text:index-entry-link-start/><text:index-entry-chapter/><text:index-entry-text/>\
<text:index-entry-tab-stop style:type="right" style:leader-char="."/>\
<text:index-entry-page-number/>\
<text:index-entry-link-end/></text:table-of-content-entry-template>
    </text:table-of-content-source>
    <text:index-body>
     <text:index-title text:name="Table of Contents1_Head"><text:p>Contents</text:p>\
</text:index-title>
     <text:p text:style-name="Contents_20_1"><text:a xlink:type="simple" \
xlink:href="#__RefHeading___Toc1_1">Terms of the agreement<text:tab/>1</text:a></text:p>
     <text:p text:style-name="Contents_20_1"><text:a xlink:type="simple" \
xlink:href="#__RefHeading___Toc2_2">Payment and delivery<text:tab/>2</text:a></text:p>
    </text:index-body>
   </text:table-of-content>
   <text:h text:style-name="Heading_20_1" text:outline-level="1"><text:bookmark-start \
text:name="__RefHeading___Toc1_1"/><text:bookmark-start text:name="terms"/>Terms of the agreement\
<text:bookmark-end text:name="terms"/><text:bookmark-end text:name="__RefHeading___Toc1_1"/>\
</text:h>
   <text:p text:style-name="Standard">This agreement was signed on <text:date \
style:data-style-name="N37" text:date-value="2026-03-14" text:fixed="true">14.03.2026</text:date>\
</text:p>
   <text:p text:style-name="Standard">The buyer pays within thirty days, as the section \
<text:bookmark-ref text:reference-format="text" text:ref-name="payment">Payment and delivery\
</text:bookmark-ref> explains</text:p>
   <text:p text:style-name="Standard">You are reading page <text:page-number \
text:select-page="current">1</text:page-number> of the contract</text:p>
   <text:h text:style-name="Pbreak" text:outline-level="1"><text:bookmark-start \
text:name="__RefHeading___Toc2_2"/><text:bookmark-start text:name="payment"/>Payment and delivery\
<text:bookmark-end text:name="payment"/><text:bookmark-end text:name="__RefHeading___Toc2_2"/>\
</text:h>
   <text:p text:style-name="Standard">The goods are delivered after payment, see page \
<text:bookmark-ref text:reference-format="page" text:ref-name="terms">1</text:bookmark-ref></text:p>
  </office:text>
 </office:body>
</office:document>
"""

GUIDE = """\
---
title: Field guide
---

# Getting started

Install the tool before you read the section on [configuration](#configuration).

# Configuration

Settings live in one file.
"""


def read(checkout: Path, path: str) -> bytes:
    if (checkout / path).is_file():
        return (checkout / path).read_bytes()
    return subprocess.run(
        ["git", f"--git-dir={checkout}", "show", f"HEAD:{path}"], check=True, capture_output=True
    ).stdout


def one_slide(deck: bytes, keep: int) -> bytes:
    """The deck with its slide ``keep`` alone (python-pptx writes the parts still reached),
    less its thumbnail picture (and the relationship naming it)."""
    import pptx
    from lxml import etree

    presentation = pptx.Presentation(io.BytesIO(deck))
    listed = presentation.slides._sldIdLst
    for number, slide in reversed(list(enumerate(list(listed), start=1))):
        if number != keep:
            presentation.part.drop_rel(slide.rId)
            listed.remove(slide)
    written = io.BytesIO()
    presentation.save(written)
    source = zipfile.ZipFile(written)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == THUMBNAIL:
                continue
            if info.filename == "_rels/.rels":
                root = etree.fromstring(data)
                for rel in list(root):
                    if rel.get("Target", "").lstrip("/") == THUMBNAIL:
                        root.remove(rel)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            target.writestr(info, data)
    return out.getvalue()


def main() -> None:
    poi = Path(sys.argv[1])
    DATA.mkdir(parents=True, exist_ok=True)
    for name, path in COPIED.items():
        (DATA / name).write_bytes(read(poi, path))
    (DATA / "powerpoint-slide-number.pptx").write_bytes(one_slide(read(poi, DECK), SLIDE))
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        (work / "contract.fodt").write_text(CONTRACT, encoding="utf-8")
        profile = (work / "profile").as_uri()
        subprocess.run(
            ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to",
             "docx", "--outdir", str(work), str(work / "contract.fodt")],
            check=True, capture_output=True,
        )  # fmt: skip
        shutil.copyfile(work / "contract.docx", DATA / "libreoffice-contract.docx")
        (work / "guide.md").write_text(GUIDE, encoding="utf-8")
        subprocess.run(
            ["pandoc", "--toc", "-s", str(work / "guide.md"), "-o", str(DATA / "pandoc-toc.docx")],
            check=True,
        )


if __name__ == "__main__":
    main()
