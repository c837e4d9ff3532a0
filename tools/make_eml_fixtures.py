"""Remake tests/data/eml/: e-mail messages as the programs people save them from write
them (see tests/data/eml/README.md for where each shape comes from).

    python tools/make_eml_fixtures.py
"""

from __future__ import annotations

import base64
import email.policy
import quopri
from email.header import Header
from email.message import EmailMessage
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "eml"
# A 1×1 PNG: the attachment and the inline picture, kept byte for byte.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def python() -> bytes:
    """Python's email package, as scripts and many apps write a message (EmailMessage,
    set_content, add_alternative, add_attachment; BytesGenerator's LF line ends)."""
    message = EmailMessage()
    message["From"] = "Build Bot <bot@example.org>"
    message["To"] = "team@example.org"
    message["Subject"] = "Nightly build finished"
    message["Date"] = "Tue, 05 Mar 2024 06:00:00 +0000"
    message["Message-ID"] = "<nightly-20240305@example.org>"
    message.set_content(
        "The nightly build finished without errors.\n\nThe report is attached to this mail.\n"
    )
    message.add_alternative(
        "<html><body><p>The nightly build finished <b>without errors</b>.</p>"
        "<p>The report is attached to this mail.</p></body></html>\n",
        subtype="html",
    )
    message.add_attachment(PNG, maintype="image", subtype="png", filename="chart.png")
    message.add_attachment(
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n",
        maintype="application",
        subtype="pdf",
        filename="report.pdf",
    )
    return message.as_bytes(policy=email.policy.default)


def thunderbird() -> bytes:
    """Thunderbird 115's: multipart/alternative, the plain part format=flowed 8bit UTF-8
    with a quoted reply, the HTML part as its composer writes it, CR LF line ends."""
    boundary = "------------0NqUfH2zZ6JNgqLL8Xa6j6Xz"
    plain = (
        "Hi Anna,\n\nthank you for the draft. I read it on the train this morning and I "
        "\nthink the second chapter is ready for the printer.\n\nBest regards,\nTom\n\n"
        "On 04.03.24 18:12, Anna Berg wrote:\n> Could you read the draft before Friday? "
        "The printer \n> needs it next week.\n>\n> Anna\n"
    )
    page = (
        "<!DOCTYPE html>\n<html>\n  <head>\n"
        '    <meta http-equiv="content-type" content="text/html; charset=UTF-8">\n'
        "  </head>\n  <body>\n    <p>Hi Anna,</p>\n"
        "    <p>thank you for the draft. I read it on the train this morning and I think the"
        " second chapter is ready for the printer.</p>\n"
        "    <p>Best regards,<br>\n      Tom</p>\n"
        '    <div class="moz-cite-prefix">On 04.03.24 18:12, Anna Berg wrote:<br>\n    </div>\n'
        '    <blockquote type="cite">Could you read the draft before Friday? The printer needs'
        " it next week.</blockquote>\n  </body>\n</html>\n"
    )
    text = (
        "Content-Type: multipart/alternative;\n"
        f' boundary="{boundary}"\n'
        "Message-ID: <5d0c1e0a-2b7e-4c3f-9d0a-1f2e3d4c5b6a@example.net>\n"
        "Date: Tue, 5 Mar 2024 09:41:07 +0100\n"
        "MIME-Version: 1.0\n"
        "User-Agent: Mozilla Thunderbird\n"
        "Content-Language: en-US\n"
        "To: Anna Berg <anna@example.com>\n"
        "From: Tom Weber <tom@example.net>\n"
        "Subject: Re: Draft for the printer\n"
        "In-Reply-To: <a1b2c3@example.com>\n"
        "References: <a1b2c3@example.com>\n\n"
        "This is a multi-part message in MIME format.\n"
        f"--{boundary}\n"
        "Content-Type: text/plain; charset=UTF-8; format=flowed\n"
        "Content-Transfer-Encoding: 7bit\n\n"
        f"{plain}\n"
        f"--{boundary}\n"
        "Content-Type: text/html; charset=UTF-8\n"
        "Content-Transfer-Encoding: 7bit\n\n"
        f"{page}\n"
        f"--{boundary}--\n"
    )
    return text.replace("\n", "\r\n").encode("utf-8")


def outlook() -> bytes:
    """Outlook (Microsoft 365)'s, as new Outlook saves it: multipart/related around
    multipart/alternative, both parts windows-1252 quoted-printable, the HTML Word writes,
    an inline picture by cid:, Exchange's headers; CR LF line ends."""
    related, alternative = "_004_DB9PR07MB71601A2B_", "_000_DB9PR07MB71601A2B_"
    plain = (
        "Hello Maria,\n\nthe figures for March are in the chart below \u2013 sales grew "
        "again.\n\n[cid:image001.png@01DA6E0C.5B1E2C10]\n\nKind regards\nJonas\n"
    )
    page = (
        '<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:'
        'office:office" xmlns:w="urn:schemas-microsoft-com:office:word" xmlns:m="http://sche'
        'mas.microsoft.com/office/2004/12/omml" xmlns="http://www.w3.org/TR/REC-html40">\n'
        '<head>\n<meta http-equiv="Content-Type" content="text/html; charset=Windows-1252">\n'
        '<meta name="Generator" content="Microsoft Word 15 (filtered medium)">\n'
        "<style><!--\n/* Font Definitions */\n@font-face\n\t{font-family:Aptos;}\n"
        "p.MsoNormal, li.MsoNormal, div.MsoNormal\n\t{margin:0cm;\n\tfont-size:11.0pt;\n"
        '\tfont-family:"Aptos",sans-serif;}\n--></style>\n</head>\n'
        '<body lang="EN-US" link="#467886" vlink="#96607D" style="word-wrap:break-word">\n'
        '<div class="WordSection1">\n<p class="MsoNormal">Hello Maria,<o:p></o:p></p>\n'
        '<p class="MsoNormal"><o:p>&nbsp;</o:p></p>\n'
        '<p class="MsoNormal">the figures for March are in the chart below \u2013 sales grew '
        "again.<o:p></o:p></p>\n"
        '<p class="MsoNormal"><img width="1" height="1" style="width:.0104in;height:.0104in"'
        ' id="Picture_x0020_1" src="cid:image001.png@01DA6E0C.5B1E2C10"><o:p></o:p></p>\n'
        '<p class="MsoNormal">Kind regards<o:p></o:p></p>\n'
        '<p class="MsoNormal">Jonas<o:p></o:p></p>\n</div>\n</body>\n</html>\n'
    )

    def qp(text: str) -> str:
        data = text.replace("\n", "\r\n").encode("cp1252")
        return quopri.encodestring(data).decode("ascii").replace("\r\n", "\n")

    image = base64.encodebytes(PNG).decode("ascii")
    text = (
        "From: Jonas Keller <jonas.keller@contoso.com>\n"
        "To: Maria Lopez <maria.lopez@contoso.com>\n"
        "Subject: Sales figures for March\n"
        "Thread-Topic: Sales figures for March\n"
        "Thread-Index: AdpuDFseLBCsa2hGTgaqYJ0kBwm7Vw==\n"
        "Date: Wed, 6 Mar 2024 08:15:22 +0000\n"
        "Message-ID: <DB9PR07MB71601A2B@DB9PR07MB7160.eurprd07.prod.outlook.com>\n"
        "Accept-Language: en-US\n"
        "Content-Language: en-US\n"
        "X-MS-Has-Attach: yes\n"
        "X-MS-TNEF-Correlator:\n"
        "Content-Type: multipart/related;\n"
        f'\tboundary="{related}";\n'
        '\ttype="multipart/alternative"\n'
        "MIME-Version: 1.0\n\n"
        f"--{related}\n"
        "Content-Type: multipart/alternative;\n"
        f'\tboundary="{alternative}"\n\n'
        f"--{alternative}\n"
        'Content-Type: text/plain; charset="Windows-1252"\n'
        "Content-Transfer-Encoding: quoted-printable\n\n"
        f"{qp(plain)}\n"
        f"--{alternative}\n"
        'Content-Type: text/html; charset="Windows-1252"\n'
        "Content-Transfer-Encoding: quoted-printable\n\n"
        f"{qp(page)}\n"
        f"--{alternative}--\n\n"
        f"--{related}\n"
        'Content-Type: image/png; name="image001.png"\n'
        "Content-Description: image001.png\n"
        'Content-Disposition: inline; filename="image001.png"; size=70;\n'
        '\tcreation-date="Wed, 06 Mar 2024 08:15:21 GMT";\n'
        '\tmodification-date="Wed, 06 Mar 2024 08:15:22 GMT"\n'
        "Content-ID: <image001.png@01DA6E0C.5B1E2C10>\n"
        "Content-Transfer-Encoding: base64\n\n"
        f"{image}\n"
        f"--{related}--\n"
    )
    return text.replace("\n", "\r\n").encode("ascii")


def apple_mail() -> bytes:
    """Apple Mail 16's: multipart/alternative, both parts us-ascii 7bit (the charset it
    names while the text is ASCII), its Mime-Version comment, LF line ends."""
    boundary = "Apple-Mail=_8E2D4B7C-31A4-4F0E-9C7B-2A1D6F5E4C3B"
    return (
        "From: Lena Fischer <lena@example.de>\n"
        f'Content-Type: multipart/alternative;\n\tboundary="{boundary}"\n'
        "Mime-Version: 1.0 (Mac OS X Mail 16.0 \\(3774.500.171.1.1\\))\n"
        "Subject: Dinner on Saturday\n"
        "Message-Id: <3F1C2B9A-7D4E-4A8B-B6C5-0E9D8F7A6B5C@example.de>\n"
        "Date: Thu, 7 Mar 2024 19:02:44 +0100\n"
        "To: Paul <paul@example.com>\n"
        "X-Mailer: Apple Mail (2.3774.500.171.1.1)\n\n\n"
        f"--{boundary}\n"
        "Content-Transfer-Encoding: 7bit\n"
        "Content-Type: text/plain;\n\tcharset=us-ascii\n\n"
        "Would you like to come to dinner on Saturday? We eat at seven.\n\nLena\n"
        f"--{boundary}\n"
        "Content-Transfer-Encoding: 7bit\n"
        "Content-Type: text/html;\n\tcharset=us-ascii\n\n"
        '<html><head><meta http-equiv="content-type" content="text/html; charset=us-ascii">'
        '</head><body style="overflow-wrap: break-word; -webkit-nbsp-mode: space; '
        'line-break: after-white-space;">Would you like to come to dinner on Saturday? We '
        "eat at seven.<div><br></div><div>Lena</div></body></html>\n"
        f"--{boundary}--\n"
    ).encode("ascii")


def japanese() -> bytes:
    """A Japanese message in ISO-2022-JP (7bit, the Subject RFC 2047 B-encoded), as
    Japanese mail programs (Becky!, Thunderbird set to it) still send them."""
    subject = Header("会議の資料について", "iso-2022-jp").encode()
    body = "山田様\n\n明日の会議の資料を送ります。\nよろしくお願いします。\n\n佐藤\n"
    head = (
        "From: Sato <sato@example.jp>\n"
        "To: Yamada <yamada@example.jp>\n"
        f"Subject: {subject}\n"
        "Date: Fri, 8 Mar 2024 10:00:00 +0900\n"
        "Message-ID: <20240308100000.1234@example.jp>\n"
        "MIME-Version: 1.0\n"
        "Content-Type: text/plain; charset=ISO-2022-JP\n"
        "Content-Transfer-Encoding: 7bit\n\n"
    )
    return head.encode("ascii") + body.encode("iso-2022-jp")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, make in (
        ("python.eml", python),
        ("thunderbird.eml", thunderbird),
        ("outlook.eml", outlook),
        ("apple-mail.eml", apple_mail),
        ("japanese.eml", japanese),
    ):
        (OUT / name).write_bytes(make())


if __name__ == "__main__":
    main()
