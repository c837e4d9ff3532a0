"""HTML e-mail as newsletters are built (tests/data/newsletter/: MJML's output, with the
VML button Outlook for Windows shows; a page Word saved, as Outlook writes mail). What
Outlook alone shows sits in conditional comments (``<!--[if mso]>…<![endif]-->``): a
browser's parser reads a comment, Outlook the markup inside. Before, its text stayed English
for every reader in Outlook."""

from __future__ import annotations

import email.policy
from email.message import EmailMessage
from html.parser import HTMLParser
from pathlib import Path

import pytest

from engine.documents import DocumentError, open_document
from tests.fixtures.documents import language

DATA = Path(__file__).parent / "data" / "newsletter"
GERMAN = language("de")


def shouted(texts: list[str]) -> list[str]:
    return [t.upper() for t in texts]


class _Comments(HTMLParser):
    """The comments a browser's parser reads in a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_comment(self, data: str) -> None:
        self.found.append(data)


def comments(page: str) -> list[str]:
    parser = _Comments()
    parser.feed(page)
    parser.close()
    return parser.found


def test_the_button_outlook_draws_is_translated_with_the_one_others_show(tmp_path: Path) -> None:
    path = DATA / "newsletter.html"
    source = path.read_text("utf-8")
    document = open_document(path)
    texts = [u.text for u in document.units]
    # The VML button (for Outlook) and the <a> (for the others) each say it.
    assert texts.count("See what is new") == 2
    assert "Shop the sale" in texts and "Free shipping on every order over fifty dollars." in texts
    assert not any("96" in t or "mso" in t.lower() for t in texts)  # (the <xml> island's)
    page = document.write(shouted(texts), language=GERMAN).decode("utf-8")
    assert "See what is new" not in page and page.count("SEE WHAT IS NEW") == 2
    outlook = page[page.index("<!--[if mso]><v:roundrect") :]
    assert outlook.index("SEE WHAT IS NEW") < outlook.index("<![endif]-->")
    # Every conditional comment, the Office settings inside one, as they were.
    kept = [c for c in comments(source) if "[if" in c or "endif" in c]
    assert len(kept) > 10
    translated = comments(page)
    for comment in kept:
        if "See what is new" in comment:
            assert comment.replace("See what is new", "SEE WHAT IS NEW") in translated
        else:
            assert comment in translated
    assert "<o:PixelsPerInch>96</o:PixelsPerInch>" in page
    # Translated back the same, the page is the same byte for byte.
    assert document.write(texts, language=None).decode("utf-8") == source


def test_a_word_pages_document_properties_stay_as_they_are(tmp_path: Path) -> None:
    # What Word's "Save as Web Page" and Outlook's mail keep in their <head>.
    page = tmp_path / "report.htm"
    page.write_text(
        '<html xmlns:o="urn:schemas-microsoft-com:office:office">\n<head>\n'
        '<meta name=Generator content="Microsoft Word 15">\n'
        "<!--[if gte mso 9]><xml>\n <o:DocumentProperties>\n  <o:Author>Jane Doe</o:Author>\n"
        "  <o:Words>12</o:Words>\n  <o:Company>Contoso</o:Company>\n </o:DocumentProperties>\n"
        "</xml><![endif]--><!--[if gte mso 9]><xml>\n <w:WordDocument>\n"
        "  <w:View>Normal</w:View>\n  <w:Zoom>100</w:Zoom>\n </w:WordDocument>\n"
        "</xml><![endif]-->\n"
        "</head>\n<body lang=EN-US>\n<p class=MsoNormal>The report is ready.<o:p></o:p></p>\n"
        "<!--[if !supportLineBreakNewLine]--><br><!--[endif]-->\n"
        '<p class=MsoNormal><!--[if gte vml 1]><v:shape id="Text_x0020_Box_1"><v:textbox>\n'
        "<p class=MsoNormal>Figures in thousands.</p></v:textbox></v:shape><![endif]--></p>\n"
        "</body>\n</html>\n",
        encoding="windows-1252",
    )
    document = open_document(page)
    assert [u.text for u in document.units] == ["The report is ready.", "Figures in thousands."]
    out = document.write(shouted([u.text for u in document.units]), language=GERMAN)
    written = out.decode("windows-1252")
    for kept in ("<o:Author>Jane Doe</o:Author>", "<w:View>Normal</w:View>", "[if gte vml 1]"):
        assert kept in written
    assert "FIGURES IN THOUSANDS." in written


def test_a_newsletter_sent_as_an_email(tmp_path: Path) -> None:
    message = EmailMessage(policy=email.policy.SMTP)
    message["From"] = "Shop <news@example.com>"
    message["To"] = "reader@example.org"
    message["Subject"] = "Spring sale"
    message.set_content("Our biggest sale of the year starts today.")
    message.add_alternative((DATA / "newsletter.html").read_text("utf-8"), subtype="html")
    path = tmp_path / "sale.eml"
    path.write_bytes(message.as_bytes())
    document = open_document(path)
    out = document.write(shouted([u.text for u in document.units]), language=GERMAN)
    after = email.message_from_bytes(out, policy=email.policy.default)
    assert isinstance(after, EmailMessage)
    html = after.get_body(("html",))
    assert html is not None
    page = html.get_content()
    outlook = page[page.index("<!--[if mso]><v:roundrect") :]
    assert outlook.index("SEE WHAT IS NEW") < outlook.index("<![endif]-->")


def test_a_page_of_markup_alone_is_copied_into_a_mirrored_site(tmp_path: Path) -> None:
    """A site's redirect page (as Sphinx's and MkDocs' redirect plugins write them) has no
    text: a mirrored site's translation failed on it and left it out, breaking old links."""
    source = tmp_path / "site"
    (source / "old").mkdir(parents=True)
    redirect = (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">\n'
        '<meta http-equiv="refresh" content="0; url=../new.html">\n'
        '<link rel="canonical" href="../new.html"></head><body></body></html>\n'
    )
    (source / "old" / "index.html").write_text(redirect, "utf-8")
    document = open_document(source / "old" / "index.html")
    assert document.units == () and document.copied_without_text
    assert [(n.message_id, dict(n.params)) for n in document.notes] == [
        ("document.no_text_copied", {"name": "index.html"})
    ]
    assert bytes(document.write([], language=GERMAN)).decode("utf-8") == redirect
    empty = tmp_path / "empty.html"
    empty.write_text("  \n", "utf-8")
    with pytest.raises(DocumentError) as caught:  # (an empty file is no page: refused)
        open_document(empty)
    assert caught.value.message_id == "document.no_text"
