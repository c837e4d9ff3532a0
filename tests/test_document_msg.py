"""Outlook messages (.msg) as Outlook wrote them (tests/data/msg/, from Apache Tika's test
documents: see its README), translated into an .eml: each output is read back by Python's
email package as a mail program would, every attachment's bytes compared with the stream
Outlook stored it in (read with olefile, apart from the reader)."""

from __future__ import annotations

import email
import email.policy
import hashlib
import io
import struct
from collections.abc import Sequence
from email.message import EmailMessage
from html.parser import HTMLParser
from pathlib import Path

import olefile  # type: ignore[import-untyped]
import pytest

from engine.documents import DocumentError, open_document, translate_file
from engine.documents.msg import encapsulated_html
from engine.documents.registry import output_suffix, writable_suffixes
from engine.documents.translate import default_output

DATA = Path(__file__).parent / "data" / "msg"


def marked(texts: Sequence[str]) -> list[str]:
    return [f"«{t}» übersetzt" for t in texts]


def translated(tmp_path: Path, name: str) -> tuple[EmailMessage, Path]:
    source = tmp_path / name
    source.write_bytes((DATA / name).read_bytes())
    before = source.read_bytes()
    out = default_output(source, "de", output_suffix(source.suffix))
    result = translate_file(source, out, marked)
    assert source.read_bytes() == before
    assert result.output == out and out.name == f"{source.stem}.de.eml"
    message = email.message_from_bytes(out.read_bytes(), policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    assert not message.defects
    return message, out


def stored(name: str) -> dict[str, str]:
    """The sha256 of each attachment's data stream in the compound file, by file name."""
    found = {}
    with olefile.OleFileIO(str(DATA / name)) as compound:
        for entry in compound.listdir():
            if len(entry) == 2 and entry[1] == "__substg1.0_37010102":
                base = entry[0]
                for suffix in ("3707001F", "3707001E", "3704001F", "3704001E"):
                    key = f"{base}/__substg1.0_{suffix}"
                    if compound.exists(key):
                        raw = compound.openstream(key).read()
                        enc = "utf-16-le" if suffix.endswith("1F") else "cp1252"
                        filename = raw.decode(enc).rstrip("\x00")
                        break
                data = compound.openstream(entry).read()
                found[filename] = hashlib.sha256(data).hexdigest()
    return found


def carried(message: EmailMessage) -> dict[str, str]:
    found = {}
    for part in message.walk():
        data = part.get_payload(decode=True)
        if part.get_filename() and isinstance(data, bytes):
            found[str(part.get_filename())] = hashlib.sha256(data).hexdigest()
    return found


def html_of(message: EmailMessage) -> str:
    part = message.get_body(("html",))
    assert part is not None
    text = part.get_content()
    assert isinstance(text, str)
    HTMLParser().feed(text)  # (raises on nothing, but walks it all)
    return text


def test_outlook_2003s_html_in_its_rtf_body_is_translated_with_its_pictures(
    tmp_path: Path,
) -> None:
    """Outlook 2003 keeps the HTML only inside its compressed RTF body ([MS-OXRTFEX]):
    the page comes out whole, its eleven pictures inline by Content-ID, byte for byte."""
    message, _out = translated(tmp_path, "test-outlook2003.msg")
    assert message["subject"] == "«Welcome to Microsoft Office Outlook 2003» übersetzt"
    assert message["from"] == "Microsoft Outlook 2003 Team <olteam@microsoft.com>"
    assert message["date"] == "Sun, 28 Mar 2010 22:27:38 +0000"
    assert message["to"] == "New Outlook User:;"  # (a name with no address: an empty group)
    page = html_of(message)
    assert "«Thank you for using Microsoft® Office Outlook® 2003!» übersetzt" in page
    assert "<html" in page.lower() and "</html>" in page.lower()
    assert "\\htmlrtf" not in page and "\\par" not in page
    assert message.get_body(("plain",)) is None  # (the HTML is preferred)
    pictures = [p for p in message.walk() if p.get_content_type() == "image/jpeg"]
    assert len(pictures) == 11
    for picture in pictures:
        assert picture.get_content_disposition() == "inline"
        # (Outlook 2003 names each by its Content-Location: <IMG SRC="1.jpg">)
        assert f'SRC="{picture["content-location"]}"' in page
    related = message.get_body(("related",))
    assert related is not None and len(list(related.iter_parts())) == 12
    assert carried(message) == stored("test-outlook2003.msg")


def test_a_chinese_messages_html_body_and_subject_are_read_in_their_code_page(
    tmp_path: Path,
) -> None:
    message, _out = translated(tmp_path, "testMSG_chinese.msg")
    assert message["subject"] == "«Alfresco MSG format testing ( MSG 格式測試 )» übersetzt"
    assert message["from"] == '"Tests Chang@FT (張毓倫)":;'
    page = html_of(message)
    body = page[page.index("<BODY>") :]
    assert "«Alfresco MSG format testing ( MSG 格式測試 )" in body
    assert "中文測試" in body and "«豐泰產業工會常務理事" in body


def test_attachments_keep_their_bytes_and_an_8_bit_subject_its_accent(tmp_path: Path) -> None:
    message, _out = translated(tmp_path, "testMSG_att_doc.msg")
    assert message["subject"] == "«test pièce jointe 1» übersetzt"
    assert message["from"] == "Nicolas1 23456 <nicolas1.23456@free.fr>"
    assert carried(message) == stored("testMSG_att_doc.msg")
    assert set(carried(message)) == {"test-unicode.doc", "pj1.txt"}
    attached = [p for p in message.walk() if p.get_filename() == "test-unicode.doc"]
    assert attached[0].get_content_type() == "application/msword"
    assert attached[0].get_content_disposition() == "attachment"
    plain = message.get_body(("plain", "html"))
    assert plain is not None and "«contenu» übersetzt" in plain.get_content()


def test_an_attached_message_is_carried_as_a_message_of_its_own(tmp_path: Path) -> None:
    message, _out = translated(tmp_path, "testMSG_att_msg.msg")
    assert carried(message) == stored("testMSG_att_msg.msg")
    [inner] = [p for p in message.walk() if p.get_content_type() == "message/rfc822"]
    assert inner.get_filename() == "Test Attachment.eml"
    payload = inner.get_payload()
    assert isinstance(payload, list) and len(payload) == 1
    forwarded = payload[0]
    assert isinstance(forwarded, EmailMessage)
    assert forwarded["subject"] == "«Test Attachment» übersetzt"
    assert forwarded["from"] and "@" in forwarded["from"]
    body = forwarded.get_body(("html", "plain"))
    assert body is not None and "«Blah blah blah» übersetzt" in body.get_content()
    # The headers the message came with (its transport headers) are kept.
    assert message["message-id"] == "<3975CB0784A2C249A2EDDD4D43C53D08045B971A87@Stitch.pof.com.au>"
    assert message["thread-topic"] == "test email"
    assert str(message["received"]).startswith("from Stitch.pof.com.au")


def test_a_plain_text_message_keeps_its_lines_and_headers(tmp_path: Path) -> None:
    message, _out = translated(tmp_path, "testMSG.msg")
    assert message["subject"] == "«MIME registry use cases» übersetzt"
    assert message["from"] == "Jukka Zitting <jukka.zitting@gmail.com>"
    assert message["date"] == "Thu, 29 Jan 2009 20:16:40 +0100"  # (as it came)
    assert message["message-id"] == "<510143ac0901291116s5f368dfby9d6423ce61acc36a@mail.gmail.com>"
    body = message.get_body(("plain",))
    assert body is not None and "«Hi,» übersetzt" in body.get_content()


def test_summaries_read_the_subject_and_the_body() -> None:
    document = open_document(DATA / "testMSG.msg")
    texts = [u.text for u in document.units if u.read]
    assert texts[0] == "MIME registry use cases"
    assert any("type detection code" in t for t in texts)


def test_a_msg_is_written_as_an_eml() -> None:
    assert output_suffix(".msg") == ".eml"
    assert writable_suffixes(".msg") == (".eml",)
    assert open_document(DATA / "testMSG.msg").output_suffixes == (".eml",)


def test_a_word_file_named_msg_is_refused_as_no_message(tmp_path: Path) -> None:
    path = tmp_path / "mail.msg"
    path.write_bytes((Path(__file__).parent / "data" / "office97" / "libreoffice.doc").read_bytes())
    with pytest.raises(DocumentError) as caught:
        open_document(path)
    assert caught.value.message_id == "document.msg_not_message"


@pytest.mark.parametrize(
    ("name", "size"),
    [("test-outlook2003.msg", 512), ("test-outlook2003.msg", 6000),
     ("test-outlook2003.msg", 40000), ("testMSG_chinese.msg", 24199)],
)  # fmt: skip
def test_a_message_cut_short_is_refused_as_damaged(tmp_path: Path, name: str, size: int) -> None:
    """(Cut at 24199 bytes, the Chinese message loses its directory: no stream is listed.)"""
    path = tmp_path / "mail.msg"
    path.write_bytes((DATA / name).read_bytes()[:size])
    with pytest.raises(DocumentError) as caught:
        open_document(path)
    assert caught.value.message_id == "document.msg_damaged"


def test_binary_that_is_no_compound_file_is_refused_as_damaged(tmp_path: Path) -> None:
    path = tmp_path / "mail.msg"
    path.write_bytes(b"PK\x03\x04" + bytes(100))
    with pytest.raises(DocumentError) as caught:
        open_document(path)
    assert caught.value.message_id == "document.msg_damaged"


def test_an_eml_saved_under_a_msg_name_is_read_as_one(tmp_path: Path) -> None:
    path = tmp_path / "mail.msg"
    path.write_bytes((Path(__file__).parent / "data" / "eml" / "outlook.eml").read_bytes())
    document = open_document(path)
    assert document.output_suffixes == (".eml",)
    assert [n.message_id for n in document.notes][:1] == ["document.msg_as_eml"]
    out = default_output(path, "de", output_suffix(".msg"))
    translate_file(path, out, marked)
    message = email.message_from_bytes(out.read_bytes(), policy=email.policy.default)
    assert "übersetzt" in str(message["subject"])


def test_html_encapsulated_in_rtf_is_read_as_mixed_escapes_say() -> None:
    """[MS-OXRTFEX] §2.4's rules: text in \\htmlrtf runs left out, each \\*\\htmltag
    group's written, \\'hh in the RTF's code page, \\uN as its character, \\par a line."""
    rtf = (
        rb"{\rtf1\ansi\ansicpg1252\fromhtml1 \deff0{\fonttbl{\f0\fswiss Arial;}}"
        rb"{\*\htmltag19 <html>}{\*\htmltag34 <body>}\htmlrtf {\htmlrtf0 "
        rb"{\*\htmltag64 <p>}\htmlrtf {\htmlrtf0 Gr\'fc\'dfe \u8364? caf\'e9\htmlrtf\par"
        rb"\htmlrtf0 {\*\htmltag72 </p>}\par\htmlrtf }\htmlrtf0 }"
        rb"{\*\htmltag27 </body>}{\*\htmltag27 </html>}}"
    )
    assert encapsulated_html(rtf) == "<html><body><p>Grüße € café</p>\r\n</body></html>"
    assert encapsulated_html(rb"{\rtf1\ansi\fromtext Hello\par}") is None


class Compound:
    """The streams of a compound file, by path, as olefile gives them: a message made here
    (an S/MIME one, a Japanese one in code page 932) whose layout is [MS-OXMSG]'s."""

    def __init__(self, streams: dict[str, bytes]) -> None:
        self.streams = streams

    def exists(self, name: str) -> bool:
        return name in self.streams or any(s.startswith(name + "/") for s in self.streams)

    def openstream(self, path: list[str]) -> io.BytesIO:
        return io.BytesIO(self.streams["/".join(path)])

    def get_size(self, path: list[str]) -> int:
        return len(self.streams["/".join(path)])

    def listdir(self, streams: bool = True, storages: bool = False) -> list[list[str]]:
        names = {tuple(s.split("/")) for s in self.streams}
        if storages:
            names |= {name[:n] for name in names for n in range(1, len(name))}
        return [list(name) for name in sorted(names)]


def properties(header: int, **fixed: tuple[int, int, bytes]) -> bytes:
    """A property stream: ``header`` reserved bytes, then (id, type, value) entries."""
    out = bytes(header)
    for pid, kind, value in fixed.values():
        out += struct.pack("<II", pid << 16 | kind, 6) + value.ljust(8, b"\0")
    return out


def unicode(text: str) -> bytes:
    return text.encode("utf-16-le") + b"\0\0"


def read_made(streams: dict[str, bytes]) -> bytes:
    from engine.documents import msg

    store = msg._Storage(Compound(streams), [], 32, 1252)
    return msg._message(store, Path("made.msg"), depth=0)


def test_an_8_bit_message_in_code_page_932_is_read_as_japanese(tmp_path: Path) -> None:
    """Outlook writes a message's strings in its code page (type 001E) where it is not
    Unicode: PR_MESSAGE_CODEPAGE 932 is Shift JIS."""
    data = read_made(
        {
            "__properties_version1.0": properties(32, cp=(0x3FFD, 0x0003, struct.pack("<i", 932))),
            "__substg1.0_0037001E": "納期のご連絡".encode("cp932"),
            "__substg1.0_0042001E": "山田 太郎".encode("cp932"),
            "__substg1.0_0065001E": b"yamada@example.co.jp",
            "__substg1.0_1000001E": "お世話になっております。納期は来週です。".encode("cp932"),
        }
    )
    path = tmp_path / "made.eml"
    path.write_bytes(data)
    document = open_document(path)
    japanese = ["納期のご連絡", "お世話になっております。納期は来週です。"]
    assert [u.text for u in document.units] == japanese
    message = email.message_from_bytes(document.write(marked([u.text for u in document.units])),
                                       policy=email.policy.default)  # fmt: skip
    assert message["subject"] == "«納期のご連絡» übersetzt"
    assert message["from"] == "山田 太郎 <yamada@example.co.jp>"


def test_an_s_mime_signed_message_is_read_from_the_entity_it_keeps(tmp_path: Path) -> None:
    """IPM.Note.SMIME.MultipartSigned ([MS-OXOSMIME] §2.2.1): the whole multipart/signed
    entity is the one attachment; its text is translated, with the note that the signature
    no longer verifies."""
    signed = (
        b'Content-Type: multipart/signed; protocol="application/pkcs7-signature"; '
        b'micalg=sha-256; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n'
        b"\r\nThe delivery is late.\r\n--b\r\nContent-Type: application/pkcs7-signature; "
        b'name="smime.p7s"\r\nContent-Transfer-Encoding: base64\r\n\r\nMIIB\r\n--b--\r\n'
    )
    attach = "__attach_version1.0_#00000000"
    data = read_made(
        {
            "__properties_version1.0": properties(32),
            "__substg1.0_001A001F": unicode("IPM.Note.SMIME.MultipartSigned"),
            "__substg1.0_0037001F": unicode("Delivery"),
            f"{attach}/__properties_version1.0": properties(8),
            f"{attach}/__substg1.0_37010102": signed,
            f"{attach}/__substg1.0_3707001F": unicode("smime.p7m"),
        }
    )
    path = tmp_path / "signed.eml"
    path.write_bytes(data)
    document = open_document(path)
    assert [u.text for u in document.units] == ["Delivery", "The delivery is late."]
    assert [n.message_id for n in document.notes] == ["document.eml_signed"]


def test_an_s_mime_encrypted_message_is_refused_as_an_encrypted_eml(tmp_path: Path) -> None:
    attach = "__attach_version1.0_#00000000"
    data = read_made(
        {
            "__properties_version1.0": properties(32),
            "__substg1.0_001A001F": unicode("IPM.Note.SMIME"),
            f"{attach}/__properties_version1.0": properties(8),
            f"{attach}/__substg1.0_37010102": b"\x30\x82\x01\x00" + bytes(60),
        }
    )
    path = tmp_path / "sealed.eml"
    path.write_bytes(data)
    with pytest.raises(DocumentError) as caught:
        open_document(path)
    assert caught.value.message_id == "document.eml_sealed"


@pytest.mark.parametrize(
    ("name", "subject"),
    [
        # PR_MESSAGE_LOCALE_ID 1041 (Japanese): Shift JIS, though PR_INTERNET_CPID is 50220
        ("nonUnicodeCP932.msg", "日本語 Non Unicode タイトル"),
        # 1031 (German): windows-1252, though the HTML's code page is UTF-8 or windows-1251
        ("ASCII_UTF-8_CP1252_LCID1031.msg", "Subject öäü Subject"),
        ("HTMLBodyBinary_CP1251.msg", "Subject öäü Subject"),
    ],
)
def test_8_bit_strings_are_read_in_the_messages_locale_not_the_htmls_code_page(
    tmp_path: Path, name: str, subject: str
) -> None:
    message, _out = translated(tmp_path, name)
    assert message["subject"] == f"«{subject}» übersetzt"


def test_the_html_body_keeps_the_code_page_internet_cpid_names(tmp_path: Path) -> None:
    message, _out = translated(tmp_path, "HTMLBodyBinary_CP1251.msg")
    assert "«HTML автоматически» übersetzt" in html_of(message)
    message, _out = translated(tmp_path, "nonUnicodeCP932.msg")
    page = html_of(message)  # (ISO-2022-JP: its words split among spans)
    assert "日本語" in page and "本文" in page and "\ufffd" not in page


@pytest.mark.parametrize(
    ("name", "words"),
    [
        # \fcharset134 (GBK), \fcharset128 (Shift JIS), \fcharset129 (Korean) in one page
        ("Hello_CJK.msg", ["你好", "こんにちは", "안녕하세요"]),
        # \fcharset186 (Baltic) in a page whose \ansicpg is 1252
        ("embedded_image.msg", ["organizačná zložka", "Mondelēz"]),
    ],
)
def test_rtf_escapes_are_read_in_their_fonts_charset(
    tmp_path: Path, name: str, words: list[str]
) -> None:
    message, _out = translated(tmp_path, name)
    page = html_of(message)
    for word in words:
        assert word in page
    assert "\ufffd" not in page


@pytest.mark.parametrize("fraction", [0.3, 0.5, 0.75, 0.9])
def test_a_message_cut_in_its_attachment_is_refused_not_carried_short(
    tmp_path: Path, fraction: float
) -> None:
    """olefile reads the sectors a cut file lost as a shorter stream, or none: the
    attachment would go out truncated with the translation said to have succeeded."""
    data = (DATA / "testMSG_att_doc.msg").read_bytes()
    path = tmp_path / "mail.msg"
    path.write_bytes(data[: int(len(data) * fraction)])
    with pytest.raises(DocumentError) as caught:
        open_document(path)
    assert caught.value.message_id == "document.msg_damaged"


def test_exchange_2003s_transport_headers_are_read_past_their_first_line(
    tmp_path: Path,
) -> None:
    """PR_TRANSPORT_MESSAGE_HEADERS opening "Microsoft Mail Internet Headers Version 2.0":
    the headers the message came with are kept, its From with its address."""
    message, _out = translated(tmp_path, "outlook_30_msg.msg")
    assert message["from"] == '"Cramer, Nick" <nick.cramer@pnl.gov>'
    assert message["from"].defects == ()
    assert str(message["x-mimeole"]) == "Produced By Microsoft Exchange V6.5"
    assert "Microsoft Mail Internet Headers" not in out_text(_out)
    message, _out = translated(tmp_path, "testMSG.msg")
    assert str(message["received"]).startswith("from hq-ex3fe3.ptcnet.ptc.com")


def out_text(path: Path) -> str:
    return path.read_bytes().decode("utf-8", "replace")


def test_an_exchange_sender_gets_the_address_of_the_recipient_row_that_is_its_mailbox(
    tmp_path: Path,
) -> None:
    """A sender known by its Exchange address (an X500 DN) and a name: its Internet address
    is the PR_SMTP_ADDRESS of the recipient row with the same DN (these two were sent to
    oneself; quick.msg's DN differs in case); the DN, no mailbox, left out."""
    message, out = translated(tmp_path, "msgClassAppointment.msg")
    assert message["from"].defects == ()
    assert message["from"] == '"Allison, Timothy B." <tallison@mitre.org>'
    assert message["to"] == '"Allison, Timothy B." <tallison@mitre.org>'
    message, out = translated(tmp_path, "quick.msg")
    assert message["from"].defects == ()
    assert message["from"] == "Kevin Roast <kevin.roast@alfresco.org>"
    assert "/O=" not in out_text(out).upper()


def test_an_exchange_sender_no_recipient_row_resolves_keeps_its_name_as_a_group(
    tmp_path: Path,
) -> None:
    """quick.msg's recipient row made another mailbox (its DN changed): the sender's DN
    matches none, so the name stands alone as an empty group (RFC 5322 §3.4)."""
    data = (DATA / "quick.msg").read_bytes()
    dn = b"/O=HOSTEDSERVICE2/OU=FIRST ADMINISTRATIVE GROUP/CN=RECIPIENTS/CN=Kevin.roast@ben"
    assert data.count(dn) == 2 and dn.upper() in data  # (its row's DN, its entry id's)
    source = tmp_path / "other.msg"
    source.write_bytes(data.replace(dn, dn.replace(b"Kevin", b"Kavin")))
    out = tmp_path / "other.de.eml"
    translate_file(source, out, marked)
    message = email.message_from_bytes(out.read_bytes(), policy=email.policy.default)
    assert message["from"].defects == () and message["from"].addresses == ()
    assert [g.display_name for g in message["from"].groups] == ["Kevin Roast"]
    assert "/O=" not in out.read_text("utf-8").upper()


def test_a_sent_messages_bcc_recipients_are_kept(tmp_path: Path) -> None:
    """Recipient rows of type MAPI_BCC (3), with their addresses, as Bcc (extract-msg reads
    the same two); To and Cc as before."""
    message, _out = translated(tmp_path, "example_sent_regular.msg")
    bcc = message["bcc"]
    assert bcc is not None and bcc.defects == ()
    assert [a.addr_spec for a in bcc.addresses] == [
        "dave.caruana@alfresco.com",
        "jan.vonka@alfresco.com",
    ]
    assert [a.display_name for a in bcc.addresses] == ["'David Caruana'", "'Vonka Jan'"]
    assert len(message["to"].addresses) == 3 and len(message["cc"].addresses) == 3
    assert message["from"] == "Mike Farman <mike.farman@alfresco.com>"


def test_a_received_message_has_no_bcc(tmp_path: Path) -> None:
    message, _out = translated(tmp_path, "testMSG_att_doc.msg")
    assert message["bcc"] is None


def test_the_user_is_told_the_msg_is_written_as_an_eml() -> None:
    for name in ("testMSG.msg", "quick.msg"):
        document = open_document(DATA / name)
        [note] = [n for n in document.notes if n.message_id == "document.msg_as_eml"]
        assert note.params == {"name": name}
        assert ".eml" in note.text


def test_an_eml_file_attached_is_carried_byte_for_byte_in_a_type_base64_allows(
    tmp_path: Path,
) -> None:
    """Outlook names a .eml attached as a file message/rfc822, which RFC 2046 §5.2.1 does
    not allow in base64 (Python's email read it as text without headers)."""
    message, _out = translated(tmp_path, "Attach_sample_eml_sent.msg")
    [attached] = [p for p in message.walk() if p.get_filename() == "sample.eml"]
    assert attached.get_content_type() == "application/octet-stream"
    assert attached.get_content_disposition() == "attachment"
    assert carried(message) == stored("Attach_sample_eml_sent.msg")
    assert not any(p.get_content_maintype() == "message" for p in message.walk())


def test_a_message_whose_only_body_is_its_rtf_is_read_from_it() -> None:
    """A message with no PR_BODY and no HTML, its text only in its compressed RTF body:
    MSGReader's RtfSampleEmail.msg (Outlook's RTF) less its PR_BODY."""
    streams = {}
    with olefile.OleFileIO(str(DATA / "RtfSampleEmail.msg")) as compound:
        for entry in compound.listdir():
            top = entry[0]
            if top.startswith(("__substg1.0_", "__properties")) and "_1000" not in top:
                streams["/".join(entry)] = compound.openstream(entry).read()  # (not PR_BODY)
    assert "__substg1.0_10090102" in streams
    message = email.message_from_bytes(read_made(streams), policy=email.policy.default)
    body = message.get_body(("plain",))
    assert body is not None
    text = body.get_content()
    # Line for line the PR_BODY Outlook derived from the same RTF (up to the signature's
    # links, which PR_BODY spells out)
    with olefile.OleFileIO(str(DATA / "RtfSampleEmail.msg")) as compound:
        plain = compound.openstream("__substg1.0_1000001F").read().decode("utf-16-le")
    plain = plain.replace("\r\n", "\n")
    end = plain.index("Leeds City Council")
    assert text[:end] == plain[:end]
    assert "\x00" not in text
    assert "if you don’t tell me that this means war,\nif you" in text


def test_a_contact_is_refused_as_one_not_as_a_message_of_attachments(tmp_path: Path) -> None:
    path = tmp_path / "contact.msg"
    path.write_bytes((DATA / "contactAnsi.msg").read_bytes())
    with pytest.raises(DocumentError) as caught:
        open_document(path)
    assert caught.value.message_id == "document.msg_contact"


def test_an_appointment_keeps_its_location_start_and_end(tmp_path: Path) -> None:
    """PidLidLocation, PidLidAppointmentStartWhole and ...EndWhole (named properties of
    PSETID_Appointment), as header fields of their own, not translated."""
    message, _out = translated(tmp_path, "msgClassAppointment.msg")
    assert message["x-appointment-location"] == "under lazy dog"
    assert message["x-appointment-start"] == "Tue, 28 Feb 2017 18:30:00 +0000"
    assert message["x-appointment-end"] == "Tue, 28 Feb 2017 19:00:00 +0000"
    assert message["subject"] == "«Quick brown fox» übersetzt"


def test_display_to_names_without_recipients_are_written_as_addresses_or_groups() -> None:
    """PR_DISPLAY_TO alone (no recipient storages): an address is written as one, a name
    as an empty group, never raw ("Cramer, Nick" would be two broken addresses)."""
    data = read_made(
        {
            "__properties_version1.0": properties(32),
            "__substg1.0_0E04001F": unicode("doesnotexist@example.com; Cramer, Nick"),
            "__substg1.0_0037001F": unicode("Hello"),
        }
    )
    message = email.message_from_bytes(data, policy=email.policy.default)
    to = message["to"]
    assert to.defects == ()
    assert [a.addr_spec for a in to.addresses] == ["doesnotexist@example.com"]
    assert [g.display_name for g in to.groups if g.display_name] == ["Cramer, Nick"]


def test_a_real_message_with_only_an_rtf_body_is_read_from_it(tmp_path: Path) -> None:
    """Apache POI's unknown_properties.msg has an empty PR_BODY and no HTML: its text was lost
    (the message refused as having none)."""
    message, _out = translated(tmp_path, "unknown_properties.msg")
    body = message.get_body(("plain",))
    assert body is not None and body.get_content() == "«Tylko po BCC test» übersetzt\n"


def test_a_message_cut_in_its_last_sector_is_refused_not_read_from_others_bytes(
    tmp_path: Path,
) -> None:
    """Cut 385 bytes short, inside its last sector, which the mini stream (the small
    streams' bytes) goes through: olefile read the small streams from the wrong bytes."""
    data = (DATA / "msgClassAppointment.msg").read_bytes()
    path = tmp_path / "mail.msg"
    path.write_bytes(data[:-385])
    with pytest.raises(DocumentError) as caught:
        open_document(path)
    assert caught.value.message_id == "document.msg_damaged"
    # (a file a byte longer than its sectors, as Apache Tika's Chinese one is, is whole)
    translated(tmp_path, "testMSG_chinese.msg")


def test_8_bit_strings_without_a_code_page_or_locale_take_the_htmls_ansi_one() -> None:
    """Neither PR_MESSAGE_CODEPAGE nor PR_MESSAGE_LOCALE_ID: PR_INTERNET_CPID, where it is a
    Windows ANSI code page (1251), is the best guess left."""
    data = read_made(
        {
            "__properties_version1.0": properties(32, cp=(0x3FDE, 0x0003, struct.pack("<i", 1251))),
            "__substg1.0_0037001E": "Счёт на оплату".encode("cp1251"),
        }
    )
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert message["subject"] == "Счёт на оплату"


def ole_object(source: Path, attachment: str) -> None:
    """Make ``attachment`` of the real message at ``source`` an OLE object as Outlook
    stores one (ATTACH_OLE, 6; its data no stream PR_ATTACH_DATA_BIN but the object's
    PR_ATTACH_DATA_OBJ, __substg1.0_3701000D): the directory entry renamed in place, the
    method rewritten in its property stream (same size)."""
    data = bytearray(source.read_bytes())
    with olefile.OleFileIO(bytes(data)) as compound:
        sid = compound._find([attachment, "__substg1.0_37010102"])
        sector = compound.first_dir_sector
        for _ in range(sid * 128 // compound.sectorsize):
            sector = compound.fat[sector]
    at = (sector + 1) * compound.sectorsize + sid * 128 % compound.sectorsize
    name = "__substg1.0_37010102".encode("utf-16-le")
    assert data[at : at + len(name)] == name
    data[at : at + len(name)] = "__substg1.0_3701000D".encode("utf-16-le")
    source.write_bytes(data)
    with olefile.OleFileIO(str(source), write_mode=True) as compound:
        where = [attachment, "__properties_version1.0"]
        stream = bytearray(compound.openstream(where).read())
        [entry] = [
            n
            for n in range(8, len(stream) - 15, 16)
            if struct.unpack_from("<I", stream, n)[0] == 0x37050003
        ]
        struct.pack_into("<i", stream, entry + 8, 6)
        compound.write_stream(where, bytes(stream))


def test_an_ole_object_attached_is_named_in_a_note_not_dropped_silently(tmp_path: Path) -> None:
    """An object embedded from Word or Excel (no file of its own, nothing to carry in an
    .eml): the other attachment carried, the object named in a note (extract-msg, the
    judge, reads the message as having an OLE object there: it has no handler for it)."""
    source = tmp_path / "objects.msg"
    source.write_bytes((DATA / "testMSG_att_doc.msg").read_bytes())
    ole_object(source, "__attach_version1.0_#00000001")
    document = open_document(source)
    [note] = [n for n in document.notes if n.message_id == "document.msg_objects_dropped"]
    assert note.params == {"name": "objects.msg", "count": 1, "names": "pj1.txt"}
    out = tmp_path / "objects.de.eml"
    translate_file(source, out, marked)
    message = email.message_from_bytes(out.read_bytes(), policy=email.policy.default)
    names = [p.get_filename() for p in message.walk() if p.get_filename()]
    assert names == ["test-unicode.doc"]
    # (unchanged, every attachment is carried and no note given)
    document = open_document(DATA / "testMSG_att_doc.msg")
    assert "document.msg_objects_dropped" not in [n.message_id for n in document.notes]


def test_outlooks_proofing_language_on_a_span_does_not_keep_its_text(tmp_path: Path) -> None:
    """A Belgian Outlook's message (<body lang=FR-BE>, Word's <div class=WordSection1>):
    its one line sits in <span lang=EN-US>, the keyboard's proofing language, which the
    HTML reader took for an author's mark and kept the line untranslated; the rule of
    underscores and the signature's name under lang=NL-BE are no passages kept either."""
    message, _out = translated(tmp_path, "EmailWithSpecialCharsInSubject.msg")
    body = message.get_body(("html",))
    assert body is not None
    page = body.get_content()
    assert "«Testing .msg subject encoding» übersetzt" in page
    document = open_document(DATA / "EmailWithSpecialCharsInSubject.msg")
    assert "document.kept_marked" not in [n.message_id for n in document.notes]


PAGE = (
    "<html><head><meta charset=utf-8>{head}</head><body lang=FR-BE>{div}"
    "<p class=MsoNormal>Bonjour Marc, merci pour ton message de ce matin et pour les "
    "documents que tu nous as envoyés hier soir.</p>"
    "<p class=MsoNormal>Nous avons relu le contrat avec l'équipe juridique et nous te "
    "proposons de nous retrouver jeudi à dix heures.</p>"
    "<p class=MsoNormal><span lang=EN-US>Testing .msg subject encoding<o:p></o:p></span></p>"
    "<p class=MsoNormal>Il a dit <span lang=EN-US>see you later</span> et il est parti sans "
    "un mot.</p>"
    "<p class=MsoNormal><span lang=EN-US>Please find attached the quarterly report that the "
    "board asked us to prepare for the meeting next Tuesday.</span></p></div></body></html>"
)


@pytest.mark.parametrize(
    ("head", "div"),
    [
        ('<meta name=Generator content="Microsoft Word 15 (filtered medium)">', "<div>"),
        ("", "<div class=WordSection1>"),
    ],
)
def test_a_word_pages_span_marks_are_judged_by_their_text_an_ordinary_pages_kept(
    tmp_path: Path, head: str, div: str
) -> None:
    """The same French page with English marks: Word's (its Generator, or its section's
    <div>) keeps only the paragraph whose text surely is English; an ordinary page keeps
    each phrase an author marked, a few words inside a French sentence too."""
    word = tmp_path / "word.html"
    word.write_text(PAGE.format(head=head, div=div), "utf-8")
    texts = [u.text for u in open_document(word).units]
    assert "Testing .msg subject encoding" in texts
    assert "Il a dit see you later et il est parti sans un mot." in texts
    assert not any(t.startswith("Please find attached") for t in texts)
    plain = tmp_path / "plain.html"
    plain.write_text(PAGE.format(head="", div="<div>"), "utf-8")
    document = open_document(plain)
    texts = [u.text for u in document.units]
    assert "Testing .msg subject encoding" not in texts
    assert not any("see you later" in t for t in texts)
    assert not any(t.startswith("Please find attached") for t in texts)
    [note] = [n for n in document.notes if n.message_id == "document.kept_marked"]
    assert note.params == {"count": 3, "languages": "en"}
