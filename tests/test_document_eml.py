"""E-mail messages as their producers write them (tests/data/eml/: Python's email package,
Thunderbird's, Outlook's and Apple Mail's shapes, ISO-2022-JP; see
tools/make_eml_fixtures.py). Each output is read back by Python's email package with the
default policy, as a mail program would read it, and what is not translated is compared
byte for byte."""

from __future__ import annotations

import base64
import email
import email.policy
import quopri
import re
from email.encoders import encode_7or8bit, encode_base64, encode_quopri
from email.message import EmailMessage
from email.mime.application import MIMEApplication
from email.mime.base import MIMEBase
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from pathlib import Path

import pytest

from engine.documents import Document, DocumentError, open_document
from engine.errors import InputError
from engine.fileio import refuse_other_document
from tests.fixtures.documents import language

DATA = Path(__file__).parent / "data" / "eml"


GERMAN = language("de")


def marked(document: Document) -> list[str]:
    """A stand-in translation: each unit's text in «» with a German word beside it, so the
    translation holds what ASCII does not."""
    return [f"«{u.text}» übersetzt" for u in document.units]


def parsed(data: bytes) -> EmailMessage:
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    assert not message.defects
    return message


def texts(message: EmailMessage) -> dict[str, str]:
    return {
        part.get_content_type(): part.get_content()
        for part in message.walk()
        if part.get_content_type() in ("text/plain", "text/html")
    }


def kept_parts(message: EmailMessage) -> list[object]:
    return [
        part.get_payload(decode=True)
        for part in message.walk()
        if not part.is_multipart() and part.get_content_maintype() not in ("text",)
    ]


def test_a_python_written_message_keeps_its_headers_and_attachments() -> None:
    path = DATA / "python.eml"
    source = path.read_bytes()
    document = open_document(path)
    assert [u.text for u in document.units][:2] == [
        "Nightly build finished",
        "The nightly build finished without errors.",
    ]
    # Both alternatives are translated; the HTML one is not read a second time.
    assert [u.read for u in document.units] == [True, True, True, False, False]
    out = document.write(marked(document), language=GERMAN)
    before, after = parsed(source), parsed(out)
    assert after["Subject"] == "«Nightly build finished» übersetzt"
    assert re.search(rb"^Subject: =\?utf-8\?", out, re.MULTILINE | re.IGNORECASE)  # RFC 2047
    for name in ("From", "To", "Date", "Message-ID"):
        assert after[name] == before[name]
    assert kept_parts(after) == kept_parts(before)  # the picture and the PDF
    translated = texts(after)
    assert "«The report is attached to this mail.» übersetzt" in translated["text/plain"]
    assert "«without errors» übersetzt" not in translated["text/html"]  # (one sentence)
    assert "übersetzt" in translated["text/html"] and "<b>" in translated["text/html"]
    for part in after.walk():
        if part.get_content_maintype() == "text":
            assert part["Content-Language"] == "de"
            assert part.get_content_charset() == "utf-8"
    # The boundaries and the attachments' bytes as they were.
    boundary = before.get_boundary()
    assert boundary is not None and after.get_boundary() == boundary
    tail = source[source.index(b"Content-Type: image/png") :]
    assert out.endswith(tail)


def test_thunderbirds_flowed_reply_keeps_its_quotes_and_flows_again() -> None:
    path = DATA / "thunderbird.eml"
    source = path.read_bytes()
    document = open_document(path)
    units = {u.text: u for u in document.units}
    # Soft line breaks joined; the reply prefix kept out of the subject.
    assert units["Draft for the printer"].id == "subject1"
    joined = (
        "thank you for the draft. I read it on the train this morning and I think the "
        "second chapter is ready for the printer."
    )
    assert joined in units
    assert "Could you read the draft before Friday? The printer needs it next week." in units
    out = document.write(marked(document), language=GERMAN)
    assert b"\r\n" in out and b"\n" not in out.replace(b"\r\n", b"")  # CR LF kept
    after = parsed(out)
    assert after["Subject"] == "Re: «Draft for the printer» übersetzt"
    assert after["Content-Language"] == "de"  # the message's own, en-US before
    plain = next(p for p in after.walk() if p.get_content_type() == "text/plain")
    assert plain.get_param("format") == "flowed"
    assert plain["Content-Transfer-Encoding"] == "quoted-printable"  # 7bit holds no ü
    lines = plain.get_content().splitlines()
    assert all(len(line) <= 78 for line in lines)
    quoted = [line for line in lines if line.startswith(">")]
    assert quoted[0].startswith("> «Could you read the draft")
    # Unflowed as RFC 3676 reads it: one line again, every quoted line marked.
    unflowed = "".join(line[2:] if line.startswith("> ") else "\n" for line in quoted).split("\n")[
        0
    ]
    assert (
        unflowed
        == "«Could you read the draft before Friday? The printer needs it next week.» übersetzt"
    )
    for name in ("Message-ID", "References", "In-Reply-To", "User-Agent", "Date"):
        field = re.search(rb"^" + name.encode() + rb":.*\r\n", source, re.MULTILINE)
        assert field is not None and field.group() in out
    assert b"This is a multi-part message in MIME format.\r\n" in out


def test_outlooks_windows_1252_message_keeps_its_picture_and_word_html() -> None:
    path = DATA / "outlook.eml"
    source = path.read_bytes()
    document = open_document(path)
    assert "the figures for March are in the chart below – sales grew again." in [
        u.text for u in document.units
    ]
    translations = [u.text.replace("sales grew", "Umsätze wuchsen") for u in document.units]
    out = document.write(translations, language=GERMAN)
    before, after = parsed(source), parsed(out)
    assert after["Thread-Index"] == before["Thread-Index"]
    assert after["Subject"] == before["Subject"]
    assert kept_parts(after) == kept_parts(before)  # the inline picture by cid:
    for part in after.walk():
        if part.get_content_maintype() == "text":
            # windows-1252 holds ä: the charset and quoted-printable kept.
            assert part.get_content_charset() == "windows-1252"
            assert part["Content-Transfer-Encoding"] == "quoted-printable"
            assert "chart below – Umsätze wuchsen again." in part.get_content()
    page = texts(after)["text/html"]
    assert 'src="cid:image001.png@01DA6E0C.5B1E2C10"' in page
    assert "Microsoft Word 15 (filtered medium)" in page and "<o:p></o:p>" in page
    assert 'lang="de"' in page


def test_apple_mails_ascii_parts_become_utf8_quoted_printable() -> None:
    path = DATA / "apple-mail.eml"
    document = open_document(path)
    out = document.write(marked(document), language=GERMAN)
    after = parsed(out)
    for part in after.walk():
        if part.get_content_maintype() == "text":
            assert part.get_content_charset() == "utf-8"  # us-ascii holds no ü
            assert part["Content-Transfer-Encoding"] == "quoted-printable"
            assert "übersetzt" in part.get_content()
    page = texts(after)["text/html"]
    assert 'charset=utf-8"' in page  # the page's own declaration follows
    assert after["Mime-Version"] == "1.0 (Mac OS X Mail 16.0 \\(3774.500.171.1.1\\))"


def test_a_japanese_iso_2022_jp_message() -> None:
    path = DATA / "japanese.eml"
    document = open_document(path)
    assert [u.text for u in document.units] == [
        "会議の資料について",
        "山田様",
        "明日の会議の資料を送ります。\nよろしくお願いします。",
        "佐藤",
    ]
    same = document.write([u.text for u in document.units], language=GERMAN)
    assert same == path.read_bytes()  # nothing translated: nothing touched
    out = document.write(marked(document), language=GERMAN)
    after = parsed(out)
    assert after["Subject"] == "«会議の資料について» übersetzt"
    assert after.get_content_charset() == "utf-8"  # ISO-2022-JP holds no ü
    assert after["Content-Transfer-Encoding"] == "quoted-printable"
    assert after["Content-Language"] == "de"
    assert "«山田様» übersetzt" in after.get_content()
    # Into Japanese again: ISO-2022-JP holds it, 7bit as it was.
    back = parsed(document.write([u.text + "。" for u in document.units]))
    assert back.get_content_charset() == "iso-2022-jp"
    assert back["Content-Transfer-Encoding"] == "7bit"


@pytest.mark.parametrize(
    ("charset", "text"),
    [
        ("iso-8859-1", "Grüße aus Köln, bis bald."),
        ("windows-1252", "Das kostet 5 € – „günstig“."),
        ("koi8-r", "Привет, как дела?"),
        ("gb2312", "你好，明天见。"),
    ],
)
def test_a_declared_charset_is_read_and_kept(charset: str, text: str, tmp_path: Path) -> None:
    message = EmailMessage()
    message["From"], message["Subject"] = "a@example.org", "Hello"
    message.set_content(text.encode(charset), "text", "plain", cte="8bit")
    message.set_param("charset", charset)
    path = tmp_path / "m.eml"
    path.write_bytes(message.as_bytes())
    document = open_document(path)
    assert document.units[1].text == text
    out = parsed(document.write([u.text + "!" for u in document.units]))
    assert out.get_content_charset() == charset and out.get_content().strip() == text + "!"


def test_a_part_in_another_charset_than_it_declares(tmp_path: Path) -> None:
    """UTF-8 declared as ISO-8859-1, and windows-1251 declared as UTF-8: both common."""
    for body, declared in (
        ("Grüße aus Köln".encode(), "iso-8859-1"),
        ("Привет, как дела? Всё хорошо, спасибо.".encode("cp1251"), "utf-8"),
    ):
        path = tmp_path / "m.eml"
        path.write_bytes(
            b"From: a@example.org\nSubject: Hi\nMIME-Version: 1.0\n"
            b"Content-Type: text/plain; charset=" + declared.encode() + b"\n"
            b"Content-Transfer-Encoding: 8bit\n\n" + body + b"\n"
        )
        document = open_document(path)
        assert document.units[1].text == body.decode("utf-8" if declared != "utf-8" else "cp1251")
        out = parsed(document.write([u.text + "!" for u in document.units]))
        assert out.get_content().startswith(document.units[1].text + "!")


def test_a_forwarded_message_is_translated_and_its_attachment_kept(tmp_path: Path) -> None:
    inner = EmailMessage()
    inner["From"], inner["Subject"] = "b@example.org", "Original question"
    inner.set_content("Where is the station?\n")
    outer = EmailMessage()
    outer["From"], outer["Subject"] = "a@example.org", "Fwd: Original question"
    outer.set_content("See below.\n")
    outer.add_attachment(inner)
    outer.add_attachment("a text file sent\n", filename="notes.txt")
    path = tmp_path / "fwd.eml"
    path.write_bytes(outer.as_bytes())
    document = open_document(path)
    assert [u.text for u in document.units] == [
        "Original question",
        "Original question",
        "See below.",
        "Where is the station?",
    ]
    out = parsed(document.write(marked(document), language=GERMAN))
    forwarded = next(p for p in out.walk() if p.get_content_type() == "message/rfc822")
    inside = forwarded.get_content()
    assert inside["Subject"] == "«Original question» übersetzt"
    assert "«Where is the station?» übersetzt" in inside.get_content()
    attached = next(p for p in out.walk() if p.get_filename() == "notes.txt")
    assert attached.get_content() == "a text file sent\n"


def test_a_file_that_is_not_an_email_is_said_so(tmp_path: Path) -> None:
    path = tmp_path / "notes.eml"
    path.write_text("Shopping list\n\nmilk, bread\n", encoding="utf-8")
    with pytest.raises(DocumentError) as caught:
        open_document(path)
    assert caught.value.message_id == "document.not_eml" and caught.value.path == path


def test_an_outlook_msg_under_an_eml_name_is_read_as_the_message_it_is(tmp_path: Path) -> None:
    path = tmp_path / "Invoice.eml"
    path.write_bytes((Path(__file__).parent / "data" / "msg" / "testMSG.msg").read_bytes())
    document = open_document(path)
    assert document.units[0].text == "MIME registry use cases"
    assert document.output_suffixes == (".eml",)


def test_a_mailbox_says_what_to_save_it_as(tmp_path: Path) -> None:
    path = tmp_path / "mail.mbox"
    path.write_bytes(b"From a@example.org Mon Mar  4 10:00:00 2024\nSubject: Hi\n\nHi\n")
    with pytest.raises(InputError) as caught:
        refuse_other_document(path)
    assert caught.value.params["save_as"] == ".eml"
    with pytest.raises(DocumentError):
        open_document(path)


def test_a_part_whose_header_runs_into_its_body() -> None:
    """No blank line after a part's header (CPython's msg_47): its first line that is no
    header field starts the body, as Python's parser reads it; the fields the translation
    needs are written in its header, not into its text."""
    path = DATA / "cpython-msg_47.eml"
    document = open_document(path)
    assert [u.text for u in document.units][-2:] == ["bar", "baz"]
    out = parsed(document.write(marked(document), language=GERMAN))
    parts = [p for p in out.walk() if not p.is_multipart()]
    assert [p.defects for p in parts] == [[], []]
    assert parts[0].get_content() == "«bar» übersetzt\n"
    assert "«baz» übersetzt" in parts[1].get_content()
    for part in parts:
        assert part["Content-Language"] == "de" and part.get_content_charset() == "utf-8"


@pytest.mark.parametrize(
    ("subject", "kept"),
    [
        ("[Python-Dev] Re: AW: Release schedule", "[Python-Dev] Re: AW: "),
        ("Re: [Python-Dev] Release schedule", "Re: [Python-Dev] "),
        ("AW: [ext] WG: [Python-Dev] Release schedule", "AW: [ext] WG: [Python-Dev] "),
    ],
)
def test_a_mailing_lists_tag_and_the_reply_prefixes_are_kept(
    subject: str, kept: str, tmp_path: Path
) -> None:
    message = EmailMessage()
    message["From"], message["To"] = "a@example.org", "python-dev@python.org"
    message["Subject"] = subject
    message.set_content("See the schedule below.\n")
    path = tmp_path / "list.eml"
    path.write_bytes(message.as_bytes())
    document = open_document(path)
    assert document.units[0].text == "Release schedule"
    out = parsed(document.write(marked(document), language=GERMAN))
    assert out["Subject"] == f"{kept}«Release schedule» übersetzt"


def test_a_text_file_sent_inline_is_kept_as_sent(tmp_path: Path) -> None:
    """A part that names its file is a file sent, inline or not (VM's inline;
    filename="msg.txt", Outlook for iOS's name="message.txt")."""
    path = DATA / "cpython-msg_04.eml"
    document = open_document(path)
    assert [u.text for u in document.units] == ["a simple multipart"]
    out = document.write(marked(document), language=GERMAN)
    assert out.split(b"\n\n", 1)[1] == path.read_bytes().split(b"\n\n", 1)[1]
    # Outlook for iOS: the message's text as multipart/alternative, the file beside it.
    message = EmailMessage()
    message["From"], message["Subject"] = "a@example.org", "Hi there"
    message.set_content("I am sending you the bills.\n")
    message.add_alternative("<p>I am sending you the bills.</p>\n", subtype="html")
    message.make_mixed()
    attached = EmailMessage()
    attached.set_content("Bill 1: 40 EUR\n", charset="iso-8859-1", disposition="inline")
    attached.set_param("name", "message.txt")
    message.attach(attached)
    source = message.as_bytes()
    path = tmp_path / "ios.eml"
    path.write_bytes(source)
    document = open_document(path)
    assert [u.text for u in document.units] == ["Hi there", *["I am sending you the bills."] * 2]
    out = document.write(marked(document), language=GERMAN)
    assert out.endswith(source[source.rindex(b"Content-Type: text/plain") :])
    # A one-part message's own text that names a file is still its text.
    single = EmailMessage()
    single["From"], single["Subject"] = "a@example.org", "Notes"
    single.set_content("The notes of Monday.\n", disposition="inline", filename="notes.txt")
    path = tmp_path / "single.eml"
    path.write_bytes(single.as_bytes())
    assert [u.text for u in open_document(path).units] == ["Notes", "The notes of Monday."]


def pgp_encrypted() -> bytes:
    """A PGP/MIME encrypted message as Thunderbird and Enigmail write one (RFC 3156 §4): the
    version part, then the armored data."""
    message = MIMEMultipart("encrypted", protocol="application/pgp-encrypted")
    message["From"], message["To"] = "hans@example.de", "you@example.com"
    message["Subject"] = "Confidential invoice for March"
    message.preamble = "This is an OpenPGP/MIME encrypted message (RFC 4880 and 3156)"
    version = MIMEApplication("Version: 1\n", "pgp-encrypted", encode_7or8bit)
    version["Content-Description"] = "PGP/MIME version identification"
    armored = (
        "-----BEGIN PGP MESSAGE-----\n\nhQEMA0f8pT1pAKcMAQf/Vq0Y3kq2lQ1Ff0r7N9y8c2Pm\n"
        "=Xq2b\n-----END PGP MESSAGE-----\n"
    )
    data = MIMEApplication(armored, "octet-stream", encode_7or8bit, name="encrypted.asc")
    data["Content-Description"] = "OpenPGP encrypted message"
    data.add_header("Content-Disposition", "inline", filename="encrypted.asc")
    message.attach(version)
    message.attach(data)
    return message.as_bytes()


@pytest.mark.parametrize("name", ["smime-encrypted.eml", "smime-opaque.eml", "pgp.eml"])
def test_an_encrypted_or_opaque_signed_message_is_refused(name: str, tmp_path: Path) -> None:
    """Only the Subject could be read: a translation of it alone is no translation."""
    path = DATA / name
    if name == "pgp.eml":
        path = tmp_path / name
        path.write_bytes(pgp_encrypted())
    with pytest.raises(DocumentError) as caught:
        open_document(path)
    error = caught.value
    assert error.message_id == "document.eml_sealed" and error.path == path
    assert error.params == {"kind": "PGP" if name == "pgp.eml" else "S/MIME"}
    assert "decrypting it if it is encrypted" in (error.hint or "")  # (or it is signed)


@pytest.mark.parametrize(
    ("name", "kind"), [("smime-signed.eml", "S/MIME"), ("cpython-msg_45.eml", "PGP")]
)
def test_a_signed_message_is_translated_saying_its_signature_breaks(name: str, kind: str) -> None:
    path = DATA / name
    source = path.read_bytes()
    document = open_document(path)
    assert [(n.message_id, dict(n.params)) for n in document.notes] == [
        ("document.eml_signed", {"kind": kind})
    ]
    out = parsed(document.write(marked(document), language=GERMAN))
    assert "übersetzt" in texts(out)["text/plain"]
    assert kept_parts(out) == kept_parts(parsed(source))  # the signature, as it was
    assert open_document(DATA / "python.eml").notes == ()  # (a message not signed)


def test_an_inline_pgp_encrypted_message_is_refused() -> None:
    """GnuPG's armor in the text (Enigmail's inline PGP): before, its base64 went to the
    model and its Subject came back "translated"."""
    with pytest.raises(DocumentError) as caught:
        open_document(DATA / "pgp-inline-encrypted.eml")
    assert caught.value.message_id == "document.eml_sealed"
    assert caught.value.params == {"kind": "PGP"}


def test_an_inline_pgp_message_among_text_is_kept_and_the_text_translated(
    tmp_path: Path,
) -> None:
    armor = (DATA / "pgp-inline-encrypted.eml").read_bytes().split(b"\n\n", 1)[1]
    path = tmp_path / "m.eml"
    path.write_bytes(
        b"From: a@example.org\nSubject: Keys\nContent-Type: text/plain\n\n"
        b"Here is the message you asked for.\n\n" + armor + b"\n> -----BEGIN PGP MESSAGE-----\n"
        b"> hQEMA0f8pT1pAKcMAQf\n> -----END PGP MESSAGE-----\n"
    )
    document = open_document(path)
    assert [u.text for u in document.units] == ["Keys", "Here is the message you asked for."]
    body = parsed(document.write(marked(document), language=GERMAN)).get_content()
    assert armor.decode() in body and "> hQEMA0f8pT1pAKcMAQf\n" in body


def test_a_clear_signed_message_is_translated_inside_its_armor_saying_so() -> None:
    """GnuPG's --clearsign in the text: its armor, Hash: line, dash-escaped lines and
    signature were sent to the model; now kept, the text between translated."""
    path = DATA / "pgp-inline-signed.eml"
    source = path.read_bytes()
    document = open_document(path)
    texts_sent = [u.text for u in document.units]
    assert not any("PGP" in t or "Hash:" in t or "Payment" in t for t in texts_sent)
    assert "the invoice for March is attached to the order." in texts_sent
    assert [n.message_id for n in document.notes] == ["document.eml_signed"]
    body = parsed(document.write(marked(document), language=GERMAN)).get_content()
    signature = source.split(b"-----BEGIN PGP SIGNATURE-----")[1].decode()
    assert body.endswith("-----BEGIN PGP SIGNATURE-----" + signature)
    assert "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n«Dear Sir" in body
    assert "\n- - Payment is due within thirty days.\n" in body


def test_a_uuencoded_part_is_written_back_as_quoted_printable(tmp_path: Path) -> None:
    """An old mailer's x-uuencode body came back as plain text under its x-uuencode header:
    a reader decodes it as uuencode (Python's parser happens not to)."""
    import binascii

    body = b"begin 644 note.txt\n" + binascii.b2a_uu(b"See you at the lake.") + b"`\nend\n"
    path = tmp_path / "uu.eml"
    path.write_bytes(
        b"From: a@example.org\nSubject: Hi\nMIME-Version: 1.0\n"
        b"Content-Type: text/plain; charset=us-ascii\n"
        b"Content-Transfer-Encoding: x-uuencode\n\n" + body
    )
    document = open_document(path)
    assert document.units[1].text == "See you at the lake."
    out = parsed(document.write([u.text.upper() for u in document.units]))
    assert out["Content-Transfer-Encoding"] == "quoted-printable"
    assert out.get_content().strip() == "SEE YOU AT THE LAKE."


def encoded_forward(inner: bytes, transfer: str) -> bytes:
    """A message forwarded as an attachment in base64 or quoted-printable, as Exchange and
    Outlook write one (RFC 2046 asks for 7bit, 8bit or binary)."""
    outer = MIMEMultipart()
    outer["From"], outer["Subject"] = "a@example.org", "Fwd: Budget numbers"
    outer.attach(MIMEText("See the forwarded message.\n"))
    part = MIMEBase("message", "rfc822", name="Budget numbers.eml")
    part.set_payload(inner)
    (encode_base64 if transfer == "base64" else encode_quopri)(part)
    part.add_header("Content-Disposition", "attachment", filename="Budget numbers.eml")
    outer.attach(part)
    return outer.as_bytes()


@pytest.mark.parametrize("transfer", ["base64", "quoted-printable"])
def test_a_forwarded_message_in_base64_or_quoted_printable(transfer: str, tmp_path: Path) -> None:
    """Its body went to the model as base64 (or with =C3=BC escapes), and came back as a
    text part's inside a part still saying base64: the message and its PDF were lost."""
    inner = EmailMessage()
    inner["From"], inner["Subject"] = "boss@example.org", "Zahlen für März"
    inner.set_content("Die Zahlen für März sind endgültig.\n")
    inner.add_attachment(b"%PDF-1.4 data\x00\xff", "application", "pdf", filename="budget.pdf")
    path = tmp_path / "fwd.eml"
    path.write_bytes(encoded_forward(inner.as_bytes(), transfer))
    document = open_document(path)
    assert [u.text for u in document.units] == [
        "Budget numbers",
        "See the forwarded message.",
        "Zahlen für März",
        "Die Zahlen für März sind endgültig.",
    ]
    out = document.write(marked(document), language=GERMAN)
    # (Python's parser reads a message/rfc822 body as a message, not decoding it.)
    head, body = out.split(b'filename="Budget numbers.eml"\n\n')
    said = f"Content-Transfer-Encoding: {transfer}\nContent-Disposition: attachment; "
    assert head.endswith(said.encode())
    body = body.split(f"\n--{parsed(out).get_boundary()}".encode())[0]
    inside = parsed(base64.b64decode(body) if transfer == "base64" else quopri.decodestring(body))
    assert inside["Subject"] == "«Zahlen für März» übersetzt"
    assert texts(inside)["text/plain"] == "«Die Zahlen für März sind endgültig.» übersetzt\n"
    assert kept_parts(inside) == [b"%PDF-1.4 data\x00\xff"]


@pytest.mark.parametrize("transfer", ["base64", "quoted-printable", "7bit"])
def test_a_forwarded_part_with_no_message_in_it_is_kept(transfer: str, tmp_path: Path) -> None:
    """A message/rfc822 part whose body has no header field (a file mislabelled, an empty
    forward) is no message: kept as it is, none of it sent as text."""
    body = b"Just some words, no header.\n\xff\xfe binary after them\n"
    source = encoded_forward(body, "base64" if transfer == "7bit" else transfer)
    if transfer == "7bit":
        source = re.sub(
            rb"Content-Transfer-Encoding: base64\n(.*?\n\n)[A-Za-z0-9+/=\n]+\n--",
            rb"\1Just some words.\n\n--",
            source,
            flags=re.DOTALL,
        )
        assert b"\n\nJust some words.\n" in source
    path = tmp_path / "fwd.eml"
    path.write_bytes(source)
    document = open_document(path)
    assert [u.text for u in document.units] == ["Budget numbers", "See the forwarded message."]
    out = document.write(marked(document), language=GERMAN)
    assert out.endswith(source[source.index(b"Content-Type: message/rfc822") :])


@pytest.mark.parametrize(
    ("subject", "body", "charset", "read"),
    [
        # Pine's, Eudora's, an mbox export's: the Subject in the body's charset, unencoded.
        (b"Re: R\xe9union de lundi", "La réunion est reportée.", "iso-8859-1", "Réunion de lundi"),
        # A Subject in latin-1 above a UTF-8 body: the text files' detection reads it.
        (b"Gr\xfc\xdfe aus M\xfcnchen", "Grüße, see the plan.", "utf-8", "Grüße aus München"),
    ],
)
def test_an_8bit_subject_is_read_as_the_text_is(
    subject: bytes, body: str, charset: str, read: str, tmp_path: Path
) -> None:
    """Its bytes came to the model as "Gr��e aus M�nchen", and the umlauts were lost."""
    path = tmp_path / "raw.eml"
    path.write_bytes(
        b"From: a@example.org\nTo: b@example.org\nSubject: " + subject + b"\n"
        b"MIME-Version: 1.0\nContent-Type: text/plain; charset=" + charset.encode() + b"\n"
        b"Content-Transfer-Encoding: 8bit\n\n" + body.encode(charset) + b"\n"
    )
    document = open_document(path)
    assert [u.text for u in document.units] == [read, body]
    out = parsed(document.write(marked(document), language=GERMAN))
    assert out["Subject"].endswith(f"«{read}» übersetzt")


def test_a_subject_in_a_charset_unknown_is_left_as_it_is(tmp_path: Path) -> None:
    source = (
        b"From: a@example.org\nTo: b@example.org\n"
        b"Subject: =?x-unknown?Q?Gr=FC=DFe?= aus Berlin\n"
        b"MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n"
        b"See the plan.\n"
    )
    path = tmp_path / "unknown.eml"
    path.write_bytes(source)
    document = open_document(path)
    assert [u.text for u in document.units] == ["See the plan."]
    out = document.write(marked(document), language=GERMAN)
    assert b"\nSubject: =?x-unknown?Q?Gr=FC=DFe?= aus Berlin\n" in out


THUNDERBIRD_FORWARD = """FYI, see below.

-------- Forwarded Message --------
Subject: \tBudget numbers
Date: \tMon, 4 Mar 2024 10:00:00 +0100
From: \tBoss <boss@example.com>
To: \ta@example.com

The budget numbers for March are final. See the intranet page for details, \nand ask me.

-- \nAnna Example
Phone: +49 30 1234567
"""

OUTLOOK_REPLY = """Thanks, I will check them today.

________________________________
From: Boss <boss@example.com> \nSent: Monday, March 4, 2024 10:00 AM
To: Anna <a@example.com>; Team <team@example.com>
Subject: Budget numbers

The budget numbers for March are final.
"""


@pytest.mark.parametrize(("body", "flowed"), [(THUNDERBIRD_FORWARD, True), (OUTLOOK_REPLY, False)])
def test_a_signature_delimiter_and_a_quoted_header_block_are_kept(
    body: str, flowed: bool, tmp_path: Path
) -> None:
    """The "-- " line went to the model with the signature, and came back as
    "Übersetzt --": a reader no longer found the signature by it. The block of fields
    above a forwarded or replied-to message went as prose, addresses and dates with it."""
    message = EmailMessage()
    message["From"], message["Subject"] = "a@example.com", "Fwd: Budget numbers"
    message.set_content(body, cte="7bit", params={"format": "flowed"} if flowed else {})
    path = tmp_path / "inline.eml"
    path.write_bytes(message.as_bytes())
    document = open_document(path)
    sent = [u.text for u in document.units]
    assert not any(re.search(r"^(?:From|Sent|Date|To|--)\b", t, re.MULTILINE) for t in sent)
    assert "The budget numbers for March are final." in "".join(sent)
    out = texts(parsed(document.write(marked(document), language=GERMAN)))["text/plain"]
    block = body[body.index("\n\n") + 2 : body.index("\n\n", body.index("\n\n") + 2) + 1]
    assert block in out  # the rule and the fields, every byte
    if flowed:
        assert "\n-- \n«Anna Example\nPhone: +49 30 1234567» übersetzt\n" in out


INVITATION = (
    "BEGIN:VCALENDAR\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\nVERSION:2.0\r\n"
    "METHOD:REQUEST\r\nBEGIN:VEVENT\r\nDTSTART:20240312T140000Z\r\n"
    "ORGANIZER;CN=Hans Muster:mailto:hans@example.com\r\n"
    "UID:7kukuqrfedlm2f8g2f2ia2k2f0@google.com\r\n"
    "ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=\r\n"
    " TRUE;CN=you@example.com:mailto:you@example.com\r\n"
    "DESCRIPTION:Quarterly planning meeting. Please bring the budget figures\\, the\r\n"
    "  plan\\; and questions.\\n\\nJoin with Google Meet: https://meet.google.com/abc\r\n"
    "LOCATION:Room 4\\, second floor\r\nSUMMARY;LANGUAGE=en-US:Quarterly planning\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n"
)


def unfolded(calendar: str) -> list[str]:
    return calendar.replace("\r\n ", "").splitlines()


def test_an_invitations_summary_and_description_are_translated(tmp_path: Path) -> None:
    """A calendar part (Google's, Outlook's invitation) was skipped: the event card mail
    programs show from it stayed English, and a message of it alone said 'translated'."""
    message = EmailMessage()
    message["From"], message["Subject"] = "hans@example.com", "Invitation: Quarterly planning"
    message.set_content("You have been invited to the following event.\n")
    params = {"charset": "UTF-8", "method": "REQUEST"}
    message.add_alternative(INVITATION.encode(), "text", "calendar", params=params)
    path = tmp_path / "invite.eml"
    path.write_bytes(message.as_bytes())
    document = open_document(path)
    events = [u.text for u in document.units][2:]
    assert events == [
        "Quarterly planning meeting. Please bring the budget figures, the plan; and questions.",
        "Join with Google Meet: https://meet.google.com/abc",
        "Quarterly planning",
    ]
    assert not any(u.read for u in document.units[2:])  # (the plain text says it too)
    out = parsed(document.write(marked(document), language=GERMAN))
    part = next(p for p in out.walk() if p.get_content_type() == "text/calendar")
    assert part["Content-Transfer-Encoding"] == "base64"
    payload = part.get_payload(decode=True)
    assert isinstance(payload, bytes)
    calendar = payload.decode("utf-8")
    assert calendar.count("\r\n") == calendar.count("\n")  # CR LF kept
    assert all(len(line.encode()) <= 75 for line in calendar.splitlines())
    before, after = unfolded(INVITATION), unfolded(calendar)
    shown = ("DESCRIPTION", "SUMMARY")
    assert [x for x in before if not x.startswith(shown)] == [
        x for x in after if not x.startswith(shown)
    ]
    assert "SUMMARY;LANGUAGE=en-US:«Quarterly planning» übersetzt" in after
    assert (
        "DESCRIPTION:«Quarterly planning meeting. Please bring the budget figures\\, the plan"
        "\\; and questions.» übersetzt\\n\\n«Join with Google Meet: "
        "https://meet.google.com/abc» übersetzt"
    ) in after


# AMP for Email's "Hello, world" (amp.dev), the version Gmail shows in place of the HTML.
AMP = """<!doctype html>
<html \u26a14email data-css-strict>
<head>
  <meta charset="utf-8">
  <script async src="https://cdn.ampproject.org/v0.js"></script>
  <style amp4email-boilerplate>body{visibility:hidden}</style>
</head>
<body>
  <p>Our spring sale starts today.</p>
  <amp-img src="https://example.com/sale.png" alt="Flowers in a shop window"
    width="600" height="300" layout="responsive"></amp-img>
</body>
</html>
"""


def test_the_amp_and_watch_versions_of_a_message_are_translated(tmp_path: Path) -> None:
    """Gmail shows a message's AMP version, an Apple Watch its watch-html: they stayed
    English while the HTML was translated."""
    message = EmailMessage()
    message["From"], message["Subject"] = "news@example.com", "Spring sale"
    message.set_content("Our spring sale starts today.\n")
    message.add_alternative(AMP, subtype="x-amp-html")
    message.add_alternative("<p>Our spring sale starts today.</p>", subtype="watch-html")
    message.add_alternative("<p>Our spring sale starts today.</p>", subtype="html")
    path = tmp_path / "sale.eml"
    path.write_bytes(message.as_bytes())
    document = open_document(path)
    texts_sent = [u.text for u in document.units]
    assert texts_sent.count("Our spring sale starts today.") == 4
    assert "Flowers in a shop window" in texts_sent  # (amp-img's alt)
    assert [u.read for u in document.units if u.text.startswith("Our")] == [1, 0, 0, 0]
    out = parsed(document.write(marked(document), language=GERMAN))
    pages = {p.get_content_type(): p.get_content() for p in out.walk() if not p.is_multipart()}
    amp = pages["text/x-amp-html"]
    assert '<html lang="de" \u26a14email data-css-strict>' in amp and "«Our spring sale" in amp
    assert "<style amp4email-boilerplate>body{visibility:hidden}</style>" in amp
    assert "«Our spring sale" in pages["text/watch-html"]


# Exchange's invitation: besides the DESCRIPTION, the page Outlook shows in its place (the
# meeting's body as Exchange converts it from RTF), folded at 75 octets with its escapes.
OUTLOOK_INVITATION = (
    "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nPRODID:Microsoft Exchange Server 2010\r\n"
    "VERSION:2.0\r\nBEGIN:VEVENT\r\nORGANIZER;CN=Hans Muster:mailto:hans@contoso.com\r\n"
    "DESCRIPTION;LANGUAGE=en-US:Bring the budget figures.\\n\r\n"
    "UID:040000008200E00074C5B7101A82E00800000000\r\n"
    "SUMMARY;LANGUAGE=en-US:Quarterly planning\r\nDTSTART:20240312T140000Z\r\n"
    'X-ALT-DESC;FMTTYPE=text/html:<html xmlns:v="urn:schemas-microsoft-com:vml" \r\n'
    ' xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta name="Gener\r\n'
    ' ator" content="Microsoft Word 15 (filtered medium)"><style>p.MsoNormal {\r\n'
    ' margin:0cm\\;font-family:"Aptos"\\,sans-serif\\;}</style></head><body lang=EN\r\n'
    " -US><div class=WordSection1><p class=MsoNormal>Bring the <b>budget</b> figu\r\n"
    " res.<o:p></o:p></p></div></body></html>\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n"
)


def test_the_page_outlook_shows_of_an_invitation_is_translated(tmp_path: Path) -> None:
    """Outlook shows X-ALT-DESC, not the DESCRIPTION: it stayed English for its users."""
    message = EmailMessage()
    message["From"], message["Subject"] = "hans@contoso.com", "Quarterly planning"
    message.set_content("Bring the budget figures.\n")
    params = {"charset": "utf-8", "method": "REQUEST"}
    message.add_alternative(OUTLOOK_INVITATION.encode(), "text", "calendar", params=params)
    path = tmp_path / "invite.eml"
    path.write_bytes(message.as_bytes())
    document = open_document(path)
    assert [u.text for u in document.units].count("Bring the budget figures.") == 3
    translations = [u.text.replace("budget figures", "Budgetzahlen") for u in document.units]
    out = parsed(document.write(translations, language=GERMAN))
    part = next(p for p in out.walk() if p.get_content_type() == "text/calendar")
    calendar = part.get_content()
    assert all(len(line.encode()) <= 75 for line in calendar.splitlines())
    page = next(x for x in unfolded(calendar) if x.startswith("X-ALT-DESC"))
    assert "figu" not in page and "Budgetzahlen." in page and "</b>" in page
    assert 'margin:0cm\\;font-family:"Aptos"\\,sans-serif\\;' in page  # (escaped again)
    before = [x for x in unfolded(OUTLOOK_INVITATION) if not x.startswith(("DESC", "X-ALT"))]
    assert before == [x for x in unfolded(calendar) if not x.startswith(("DESC", "X-ALT"))]


def test_a_mailbox_under_an_eml_name_is_refused_as_one(tmp_path: Path) -> None:
    """Two messages as an mbox holds them, saved as box.eml: the second's headers went to the
    model as the first's text. One message saved from a mailbox keeps its "From " line."""
    first = b"From a@b.c Mon Jan  1 10:00:00 2024\nFrom: a@b.c\nSubject: First\n\nHello there.\n"
    second = b"From x@b.c Tue Jan  2 11:00:00 2024\nFrom: x@b.c\nSubject: Second\n\nBye now.\n"
    box = tmp_path / "box.eml"
    box.write_bytes(first + b"\n" + second)
    with pytest.raises(DocumentError) as caught:
        open_document(box)
    assert caught.value.message_id == "document.mailbox" and caught.value.path == box
    one = tmp_path / "one.eml"
    one.write_bytes(first + b"\n>From the lake, with love.\n")
    assert open_document(one).units[0].text == "First"
