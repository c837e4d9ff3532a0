"""E-mail messages (.eml: RFC 5322 with MIME, as mail programs save one): the Subject and
each text part (plain, format=flowed or HTML, a forwarded message's too) are translated;
every other header, attachment, boundary and byte is kept as it was.

The file is walked as bytes, not rebuilt by ``email.generator``: a generator refolds
headers, renames boundaries and re-encodes attachments, which breaks DKIM signatures and
changes what a reader of the file can compare. Only a translated part's body and the few
headers that must describe it (its charset, transfer encoding and language) are rewritten."""

from __future__ import annotations

import base64
import binascii
import dataclasses
import email
import email.policy
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from email.header import Header
from email.message import Message
from email.parser import BytesHeaderParser
from pathlib import Path

from engine.api import Note
from engine.documents.base import Document, Unit, check_unit_count, edited
from engine.documents.errors import DocumentError
from engine.documents.html import HtmlDocument
from engine.documents.html import parse as parse_html
from engine.documents.txt import TextDocument, plain_text
from engine.errors import InputError
from engine.text.encoding import UTF8, TextEncoding, decode, lookup

# A line of a header block as Python's feedparser tells one (its headerRE): a field, a
# folded line's rest, an mbox "From " line.
_HEADER_LINE = re.compile(rb"From |[!-9;-~]*:|[ \t]")
# One header field with its folded lines (read as latin-1: a byte a character).
_FIELD = re.compile(r"^([!-9;-~]+)[ \t]*:.*(?:\r?\n[ \t].*)*(?:\r?\n|\Z)", re.MULTILINE)
# Reply and forward prefixes mail programs put before a subject, in the languages they
# write them ("AW:" and "WG:" are Outlook's German, "SV:" Scandinavian), and the [tags]
# mailing lists put before them or after ("[Python-Dev] Re: AW:"): kept, not translated.
_PREFIX = re.compile(
    r"^(?:\[[^\[\]]*\]\s*"
    r"|(?:re|fw|fwd|aw|wg|sv|vs|antw|tr|rif|enc|回复|转发|答复)(?:\[\d+\])?\s*[:：]\s*)+",
    re.IGNORECASE,
)
# A quoted line's marks (">", "> >", ">>"): kept on every line of the translation.
_QUOTE = re.compile(r"^(?:> ?)*")
# A field of the header block a forward or a reply quotes its message under, as mail
# programs write it in their language (Outlook's "Von:", "De :", "发件人:"; "*From:*" where
# the text was HTML): kept as it is.
_HEAD_FIELD = re.compile(
    r"^\s*\*?(?:from|sent|to|cc|bcc|date|subject|reply-to|von|gesendet|an|datum|betreff|de"
    r"|envoyé|à|objet|para|enviado|asunto|fecha|da|inviato|oggetto|a|van|verzonden|aan"
    r"|onderwerp|发件人|收件人|发送时间|主题|抄送|日期|差出人|送信日時|宛先|件名)\*?\s*[:：]",
    re.IGNORECASE,
)
_SENDER = re.compile(r"^\s*\*?(?:from|von|de|da|van|发件人|差出人)\*?\s*[:：]", re.IGNORECASE)
# The rule above such a block: Thunderbird's "-------- Forwarded Message --------", Gmail's,
# Outlook's "-----Original Message-----" or its line of underscores.
_RULE = re.compile(r"^\s*(?:-{3,}.*-{3,}|_{8,})\s*$")
# A calendar's content line with its folded lines (RFC 5545 §3.1), and the text properties
# of one that an invitation's card shows (their parameters may quote a colon: ALTREP="cid:…").
_CONTENT_LINE = re.compile(r"^[^ \t\n].*(?:\n[ \t].*)*", re.MULTILINE)
# Outlook's X-ALT-DESC;FMTTYPE=text/html is the description it shows, as a page.
_CALENDAR_TEXT = re.compile(
    r'(?:SUMMARY|DESCRIPTION|X-ALT-DESC)(?:;(?:[^";:]|"[^"]*")*)*:', re.IGNORECASE
)
_UNESCAPED = {"n": "\n", "N": "\n"}  # (and "\\;" is ";", "\\," is ",", "\\\\" is "\\")
_ESCAPED = {"\\": "\\\\", ";": "\\;", ",": "\\,", "\n": "\\n"}
_META = re.compile(r"""<meta\s[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
# A body only its reader's key opens (S/MIME's enveloped or opaque-signed data, PGP/MIME's
# encrypted): nothing in it can be read, or written back.
_SEALED = ("application/pkcs7-mime", "application/x-pkcs7-mime", "multipart/encrypted")
# OpenPGP's armor in a text part (RFC 4880 §6.2): what it holds is in the line that opens it.
_ARMOR = re.compile(r"-----BEGIN (PGP [A-Z ,/0-9]+?)-----")
# An inline PGP message (Enigmail's "inline PGP", GnuPG's --clearsign and --armor pasted in):
# the armor that begins a line of the part's own text, not of a quoted reply.
_INLINE_PGP = re.compile(r"^-----BEGIN PGP (SIGNED )?MESSAGE-----\r?$", re.MULTILINE)
# The pages a message may hold: its HTML, and the alternatives that some readers show in its
# place: Gmail an AMP for Email version (text/x-amp-html), an Apple Watch its own
# (text/watch-html, which Apple Mail and newsletters' senders add).
_PAGES = ("text/html", "text/x-amp-html", "text/watch-html")
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Outlook's .msg (a compound file, as .doc)
# A mailbox's next message: a "From " line after a blank line (mbox; a body's own "From " is
# written ">From "), with the sender and the date it came.
_NEXT_IN_MAILBOX = re.compile(rb"\r?\n\r?\nFrom \S+ [^\r\n]*\d{4}\r?\n[!-9;-~]+:")
_HEADERS_OF_MAIL = ("from", "to", "subject", "date", "message-id", "mime-version", "received")
_FLOWED_WIDTH = 72  # RFC 3676 §4.2: lines of at most 78, 72 recommended
_LONGEST_LINE = 998  # RFC 5322 §2.1.1: a longer line needs quoted-printable or base64


@dataclass
class _Block:
    """Lines of a plain-text part at one quotation depth: translated without their marks."""

    depth: int
    mark: str  # the marks as the first quoted line has them ("> ", ">> ")
    raw: list[str]  # the lines as they were, marks included (a block not translated stays)
    document: TextDocument


@dataclass
class _Event:
    """A text property of a calendar (RFC 5545 §3.8.1.5 and .12: an event's SUMMARY and
    DESCRIPTION), where it is in its part's decoded text, folded lines and all."""

    start: int
    end: int
    head: str  # its name and parameters, up to the colon ("SUMMARY;LANGUAGE=en:")
    document: TextDocument | HtmlDocument  # its value, escapes read


@dataclass
class _Part:
    """A text part that is translated: where its header and body are in the file, and the
    document its decoded text makes."""

    start: int
    head_end: int
    body_start: int
    end: int
    html: bool
    label: str | None  # the charset the part declares
    found: TextEncoding
    transfer: str  # its Content-Transfer-Encoding, lower case ("" where it names none)
    flowed: bool = False
    delsp: bool = False
    blocks: list[_Block] = field(default_factory=list)
    events: list[_Event] = field(default_factory=list)  # a calendar's (an invitation's)
    calendar: str = ""  # the calendar's decoded text
    page: HtmlDocument | None = None
    first: int = 0  # its first unit's index in the message
    count: int = 0
    read: bool = True
    top: bool = False  # the message's own header block (a one-part message): MIME-Version
    crlf: bool = False  # its decoded text's lines end in CR LF (kept so inside base64)


@dataclass
class _Forward:
    """A forwarded message written in base64 or quoted-printable (Exchange and Outlook
    write one so): read decoded, as a message of its own, and encoded again."""

    start: int  # its body's bytes in the file
    end: int
    transfer: str
    document: EmlDocument
    first: int = 0  # its first unit's index in the message


@dataclass
class _Subject:
    start: int  # the Subject field's bytes
    end: int
    prefix: str  # "Re: ", "[list] AW: ", kept
    text: str
    index: int = 0


class EmlDocument(Document):
    def __init__(self, path: Path, data: bytes, *, forwarded: bool = False) -> None:
        """``forwarded``: ``data`` is a message forwarded inside another, decoded from its
        transfer encoding; what it lacks is for the outer message to say."""
        self.path, self.data = path, data
        self.eol = "\r\n" if b"\r\n" in data[:4096] else "\n"
        self.forwarded = forwarded
        self.parts: list[_Part] = []
        self.forwards: list[_Forward] = []
        self.subjects: list[_Subject] = []
        # Each message's header block (the outer's, a forwarded one's): its Subject read
        # once its text parts are, whose charset an 8-bit Subject is likely in.
        self.heads: list[tuple[int, int, Message]] = []
        # A message's own Content-Language (Thunderbird's, Outlook's): the translation's.
        self.languages: list[tuple[int, int]] = []
        # What signed its text (a multipart/signed's "S/MIME" or "PGP"), and what sealed a
        # body: the protocols met.
        self.signed: list[str] = []
        self.sealed: list[str] = []
        if data.startswith(b"From ") and _NEXT_IN_MAILBOX.search(data):
            # (one message saved from a mailbox begins with its "From " line too)
            raise DocumentError(
                "This file is a mailbox of several messages, not one e-mail",
                path=path,
                hint="Save each message as .eml in Thunderbird or Apple Mail, then translate those",
                message_id="document.mailbox",
            )
        self._walk(0, len(data), message=True, top=True)
        for start, head_end, headers in self.heads:
            self._subject(start, head_end, headers)
        for forward in self.forwards:
            self.sealed += forward.document.sealed
        if not forwarded:  # (one forwarded is kept where it has nothing to translate)
            self._check_text()
        units: list[Unit] = []
        for subject in self.subjects:
            subject.index = len(units)
            units.append(Unit(f"subject{len(units) + 1}", subject.text))
        notes: list[Note] = []
        for n, part in enumerate(self.parts):
            part.first = len(units)
            inner: list[Unit] = []
            if part.page is not None:
                inner = list(part.page.units)
                notes += part.page.notes
            for block in part.blocks:
                inner += block.document.units
            for event in part.events:
                inner += event.document.units
            for k, unit in enumerate(inner):
                read = unit.read and part.read
                units.append(dataclasses.replace(unit, id=f"part{n + 1}.{k + 1}", read=read))
                check_unit_count(len(units), path)
            part.count = len(inner)
        for m, forward in enumerate(self.forwards):
            forward.first = len(units)
            units += [
                dataclasses.replace(unit, id=f"message{m + 1}.{unit.id}")
                for unit in forward.document.units
            ]
            check_unit_count(len(units), path)
            notes += [note for note in forward.document.notes if note not in notes]
        if self.signed:
            kind = self.signed[0]
            notes.append(
                Note(
                    f"The message is signed ({kind}): the translation's signature no longer "
                    "verifies, its text is not what was signed",
                    "document.eml_signed",
                    {"kind": kind},
                )
            )
        self.units = tuple(units)
        self.notes = tuple(notes)

    def _check_text(self) -> None:
        """Refuse a message with nothing to translate but what its encryption hides, or
        nothing at all."""
        if self.sealed and not self.parts and not self.forwards:
            # (The Subject alone would be translated, and the job said done.)
            raise DocumentError(
                f"The e-mail's text is encrypted ({self.sealed[0]}) or sealed in its "
                "signature: Quire cannot read it",
                path=self.path,
                hint="Open it in your mail program (decrypting it if it is encrypted), save it "
                "again (as .eml), then try again",
                message_id="document.eml_sealed",
                params={"kind": self.sealed[0]},
            )
        if not self.subjects and not self.parts and not self.forwards:
            raise DocumentError(
                "The e-mail has no subject and no text to translate",
                path=self.path,
                hint="Its parts are all attachments: open them in their programs",
                message_id="document.no_text",
            )

    # --- reading ---------------------------------------------------------------------------

    def _walk(self, start: int, end: int, *, message: bool, top: bool = False) -> list[_Part]:
        """Read the entity ``data[start:end]`` (a message, or a part of a multipart): its
        text parts found, in order."""
        data = self.data
        head_end, body_start = _split(data, start, end)
        headers = BytesHeaderParser(policy=email.policy.default).parsebytes(data[start:head_end])
        if top and not self.forwarded and not any(name in headers for name in _HEADERS_OF_MAIL):
            raise DocumentError(
                "This file is not an e-mail message: it has no From, To, Subject or Date",
                path=self.path,
                hint="Save the message from your mail program (as .eml), then try again",
                message_id="document.not_eml",
            )
        if message:
            self.heads.append((start, head_end, headers))
            self.languages += [
                (a, b)
                for name, a, b in _fields(data, start, head_end)
                if name == "content-language"
            ]
        kind = headers.get_content_type()
        if kind == "message/rfc822":  # a forwarded message, attached or not: read too
            transfer = str(headers.get("content-transfer-encoding", "")).strip().lower()
            if transfer in ("base64", "quoted-printable"):
                self._forward(body_start, end, transfer)
                return []
            if transfer not in ("", "7bit", "8bit", "binary"):
                return []  # (x-uuencode: kept as it is)
            if not _message(data, body_start, end):
                return []  # (no header field: no message, kept as it is)
            return self._walk(body_start, end, message=True)
        if kind in _SEALED:  # (openssl writes its .p7m as an attachment: checked first)
            self.sealed.append(_protocol(headers))
            return []
        if headers.get_content_disposition() == "attachment":
            return []  # (a .txt attached is a file sent, not the message's text)
        if not message and headers.get_filename() is not None:
            # A file sent inline (Outlook for iOS's name="message.txt", VM's inline;
            # filename="msg.txt"): a file, kept as sent. A one-part message's own text may
            # name a file and is still its text.
            return []
        if kind.startswith("multipart/"):
            boundary = headers.get_param("boundary")
            if not isinstance(boundary, str):
                return []
            found: list[_Part] = []
            spans, _closed = multipart_spans(
                data, body_start, end, boundary.encode("latin-1", "replace")
            )
            for a, b in spans:
                found += self._walk(a, b, message=False)
            if kind == "multipart/signed" and found:
                self.signed.append(_protocol(headers))
            plain = [p for p in found if any(b.document.units for b in p.blocks)]
            if kind == "multipart/alternative" and plain:
                # The same message twice: summarize, ask and classify read the plain one.
                for child in found:
                    child.read = not child.html and not child.events
            return found
        if kind not in ("text/plain", "text/calendar", *_PAGES):
            return []
        part = self._text(start, head_end, body_start, end, kind, top)
        if part is None:
            return []
        self.parts.append(part)
        return [part]

    def _forward(self, start: int, end: int, transfer: str) -> None:
        """Read a forwarded message from its base64 or quoted-printable body; one that does
        not decode, holds no header field or nothing to translate is kept byte for byte."""
        body = self.data[start:end]
        try:
            decoded = base64.b64decode(body) if transfer == "base64" else binascii.a2b_qp(body)
        except (binascii.Error, ValueError):
            return
        if not _message(decoded, 0, len(decoded)):
            return
        try:
            document = EmlDocument(self.path, decoded, forwarded=True)
        except DocumentError:
            return
        if document.units:
            self.forwards.append(_Forward(start, end, transfer, document))

    def _subject(self, start: int, head_end: int, headers: Message) -> None:
        fields = _fields(self.data, start, head_end)
        span = next(((a, b) for name, a, b in fields if name == "subject"), None)
        if span is None:
            return
        field = self.data[span[0] : span[1]]
        value = field.split(b":", 1)[1]
        if value.isascii():
            text = str(headers.get("subject", ""))
        else:  # raw 8-bit (an old mailer's, an mbox export's): Python's parser reads "�"
            codec = next((p.found.codec for p in self.parts if p.start > start), None)
            text = self._header_text(value, codec)
        if "\ufffd" in text and "\ufffd".encode() not in field:
            return  # (an encoded word in a charset unknown: left as it is, not guessed)
        text = " ".join(text.split())
        prefix = _PREFIX.match(text)
        said = prefix.group() if prefix else ""
        if text[len(said) :].strip():
            self.subjects.append(_Subject(*span, said, text[len(said) :]))

    def _header_text(self, value: bytes, codec: str | None) -> str:
        """A header field's value holding 8-bit bytes, read as UTF-8 where it is, else as the
        message's text is, else as the text files' detection finds it ("\ufffd" where none
        reads it); encoded words among them decoded."""
        for candidate in ("utf-8", codec or "utf-8"):
            try:
                text = value.decode(candidate)
                break
            except UnicodeDecodeError:
                continue
        else:
            try:
                text = decode(value, self.path, what="e-mail subject", error=DocumentError)[0]
            except DocumentError:
                return "\ufffd"
        return str(email.policy.default.header_factory("subject", re.sub(r"\r?\n", "", text)))

    def _text(
        self, start: int, head_end: int, body_start: int, end: int, kind: str, top: bool
    ) -> _Part | None:
        entity = email.message_from_bytes(self.data[start:end], policy=email.policy.default)
        payload = entity.get_payload(decode=True)
        if not isinstance(payload, bytes) or not payload.strip():
            return None
        label = entity.get_param("charset")
        label = label if isinstance(label, str) else None
        text, found = self._decoded(payload, label)
        transfer = str(entity.get("content-transfer-encoding", "")).strip().lower()
        is_html = kind in _PAGES
        part = _Part(start, head_end, body_start, end, is_html, label, found, transfer, top=top)
        part.crlf = "\r\n" in text
        text = text.replace("\r\n", "\n")
        if kind == "text/calendar":  # an invitation: the event card clients show
            part.calendar, part.events = text, _events(self.path, text)
            return part if part.events else None
        if is_html:
            meta = _META.search(text[:1024])
            if meta is not None:  # (rewritten where the part becomes UTF-8)
                part.found = dataclasses.replace(found, declared=meta.group(1))
            try:
                part.page = parse_html(text, part.found, self.path)
            except DocumentError:  # only markup (a picture): nothing to translate
                return None
            return part
        flowed = str(entity.get_param("format", "")).lower() == "flowed"
        part.flowed = flowed
        part.delsp = flowed and str(entity.get_param("delsp", "")).lower() == "yes"
        part.blocks = _blocks(self.path, text, flowed=flowed, delsp=part.delsp)
        inline = {m[1] is not None for m in _INLINE_PGP.finditer(text)}
        if True in inline:
            self.signed.append("PGP")
        if False in inline:  # (encrypted: its armor kept; the text around it translated)
            self.sealed.append("PGP")
            if not any(block.document.units for block in part.blocks):
                return None
        return part

    def _decoded(self, payload: bytes, label: str | None) -> tuple[str, TextEncoding]:
        """A part's text as its charset says, where it reads every byte; else (no charset, a
        wrong one: UTF-8 declared as ISO-8859-1 is common) as the text files' detection
        finds it."""
        if label and label.lower() in ("us-ascii", "ascii") and payload.isascii():
            # (Apple Mail names us-ascii while the text is: its translation is UTF-8.)
            return payload.decode("ascii"), TextEncoding("utf-8", "utf-8", how="declaration")
        try:
            named = lookup(label) if label else None
        except InputError:
            named = None
        if named is not None and not (named.codec != "utf-8" and _utf8(payload)):
            try:
                return payload.decode(named.codec), named
            except UnicodeDecodeError:
                pass
        return decode(payload, self.path, what="e-mail text", error=DocumentError)

    # --- writing ---------------------------------------------------------------------------

    def render(self, translations: Sequence[str]) -> bytes:
        self._check(translations)
        edits: list[tuple[int, int, bytes]] = []
        for subject in self.subjects:
            text = " ".join(translations[subject.index].split())
            if text != subject.text:
                edits.append((subject.start, subject.end, self._subject_field(subject, text)))
        for part in self.parts:
            mine = translations[part.first : part.first + part.count]
            edits += self._part(part, mine)
        for forward in self.forwards:
            inner = forward.document
            mine = translations[forward.first : forward.first + len(inner.units)]
            if all(t == u.text for t, u in zip(mine, inner.units, strict=True)):
                continue
            inner.language = self.language
            try:
                written = inner.render(mine)
            finally:
                inner.language = None
            if forward.transfer == "base64":
                body = base64.encodebytes(written)
            else:
                body = binascii.b2a_qp(written, istext=True).replace(b"\r\n", b"\n")
            edits.append((forward.start, forward.end, body.replace(b"\n", self.eol.encode())))
        if edits and self.language is not None:
            said = f"Content-Language: {self.language.tag}{self.eol}".encode("ascii")
            taken = {(a, b) for a, b, _new in edits}
            edits += [(a, b, said) for a, b in self.languages if (a, b) not in taken]
        return edited(self.data, edits)

    def _subject_field(self, subject: _Subject, text: str) -> bytes:
        """The Subject field saying ``text``: folded at 78, in RFC 2047's encoded words where
        it is not ASCII (the policy's own folding leaves a short one unencoded)."""
        value = subject.prefix + text
        if value.isascii():
            policy = email.policy.default.clone(linesep=self.eol)
            return str(policy.fold("Subject", value)).encode("ascii")
        encoded = Header(value, "utf-8", header_name="Subject").encode(linesep=self.eol)
        return f"Subject: {encoded}{self.eol}".encode("ascii")

    def _part(self, part: _Part, translations: Sequence[str]) -> list[tuple[int, int, bytes]]:
        """The edits that write ``part`` translated: its body re-encoded and the headers that
        say how. A part whose text did not change is left as it was, byte for byte."""
        units = self.units[part.first : part.first + part.count]
        if all(t == u.text for t, u in zip(translations, units, strict=True)):
            return []
        if part.page is not None:
            part.page.language = self.language
            try:
                encoded = part.page.render(translations)
            finally:
                part.page.language = None
            written, name = bytes(encoded), encoded.encoding
        else:
            text = _calendar(part, translations) if part.events else _plain(part, translations)
            written, name = _encoded(text, part)
        label = _label(part.label, name, written)
        if part.crlf and part.transfer == "base64":
            written = written.replace(b"\n", b"\r\n")
        transfer, body = _transfer(written, part.transfer)
        body = body.replace(b"\n", self.eol.encode())
        changes: dict[str, str] = {}
        if label is not None:
            changes["content-type"] = label
        if transfer != part.transfer:
            changes["content-transfer-encoding"] = transfer
        if self.language is not None:
            changes["content-language"] = self.language.tag
        edits = _header_edits(self.data, part, changes, self.eol)
        if part.head_end == part.body_start:  # (a header that ran into its body: ended now)
            body = self.eol.encode() + body
        edits.append((part.body_start, part.end, body))
        return edits


def _protocol(headers: Message) -> str:
    """Who signed or sealed an entity: "PGP" where its protocol says OpenPGP (RFC 3156),
    else "S/MIME"."""
    protocol = str(headers.get_param("protocol", "")).lower()
    return "PGP" if "pgp" in protocol else "S/MIME"


def _split(data: bytes, start: int, end: int) -> tuple[int, int]:
    """Where an entity's header block ends (after its last field's line end) and its body
    starts (after the blank line). A line that is no header field ends the block too, the
    body starting there without a blank line, as Python's parser (and so ``_text``) reads
    it: a part written ``Content-Type: text/plain`` then ``bar`` has the body ``bar``."""
    at = start
    while at < end:
        stop = data.find(b"\n", at, end)
        stop = end if stop < 0 else stop + 1
        if not data[at:stop].strip(b"\r\n"):  # the blank line
            return at, stop
        if not _HEADER_LINE.match(data, at, stop):
            return at, at
        at = stop
    return end, end


def _message(data: bytes, start: int, end: int) -> bool:
    """Whether ``data[start:end]`` starts with a header field, as a message does (a
    message/rfc822 part holding something else is no message to read)."""
    head_end, _body = _split(data, start, end)
    return bool(_fields(data, start, head_end))


def multipart_spans(
    data: bytes, start: int, end: int, boundary: bytes
) -> tuple[list[tuple[int, int]], bool]:
    """The spans of a multipart body's parts (RFC 2046 §5.1.1): between delimiter lines, the
    line end before each delimiter its own; and whether the closing delimiter was found. A
    body cut short (none) ends its last part at the end: a mail reads what came, a web
    archive (mhtml) says it is cut short."""
    delimiter = re.compile(rb"^--" + re.escape(boundary) + rb"(--)?[ \t]*(?:\r?\n|$)", re.MULTILINE)
    spans: list[tuple[int, int]] = []
    current: int | None = None
    for match in delimiter.finditer(data, start, end):
        if current is not None:
            stop = match.start()
            if stop > current and data[stop - 1] == 0x0A:
                stop -= 2 if stop - 1 > current and data[stop - 2] == 0x0D else 1
            spans.append((current, max(current, stop)))
        if match.group(1):
            return spans, True
        current = match.end()
    if current is not None:
        spans.append((current, end))
    return spans, False


def _fields(data: bytes, start: int, end: int) -> list[tuple[str, int, int]]:
    """Each header field of the block ``data[start:end]``: its name (lower case) and span."""
    block = data[start:end].decode("latin-1")
    return [
        (m.group(1).lower(), start + m.start(), start + m.end()) for m in _FIELD.finditer(block)
    ]


def _blocks(path: Path, text: str, *, flowed: bool, delsp: bool) -> list[_Block]:
    """A plain-text part as blocks of lines at one quotation depth, each a text document of
    its lines without their marks (a flowed part's soft line breaks joined: RFC 3676); the
    lines kept as they are (``_kept``) blocks of their own, with nothing to translate."""
    lines: list[tuple[int, list[str], str]] = []  # depth, the lines as they were, read
    for raw in text.split("\n"):
        mark = _mark(raw)
        depth = mark.count(">")
        line = raw[len(mark) :]
        if flowed and depth == 0 and line.startswith(" "):
            line = line[1:]  # space-stuffed (§4.4)
        if flowed and lines and lines[-1][0] == depth and _soft(lines[-1][2]):
            _depth, raws, before = lines[-1]
            raws.append(raw)
            lines[-1] = (depth, raws, (before[:-1] if delsp else before) + line)
        else:
            lines.append((depth, [raw], line))
    kept = _kept([(depth, line) for depth, _raws, line in lines])
    groups: list[tuple[int, bool, list[str], list[str]]] = []  # depth, kept, raw, read
    for (depth, raws, line), keep in zip(lines, kept, strict=True):
        if not groups or groups[-1][:2] != (depth, keep):
            groups.append((depth, keep, [], []))
        groups[-1][2].extend(raws)
        groups[-1][3].append(line)
    blocks = []
    for depth, keep, raws, joined in groups:
        marks = [_mark(raw) for raw in raws if raw[len(_mark(raw)) :]]
        document = plain_text(path, "" if keep else "\n".join(joined), UTF8, False)
        assert isinstance(document, TextDocument)
        mark = marks[0] if marks else ">" * depth + " "
        blocks.append(_Block(depth, mark, raws, document))
    return blocks


def _kept(lines: list[tuple[int, str]]) -> list[bool]:
    """Which lines (their depth and text) are kept as they are: a signature's "-- " (a
    reader finds the signature by it, RFC 3676 §4.3), the header block a forward or a
    reply quotes its message under ("From: Boss <boss@example.com>", "Sent: …"): names,
    addresses and dates; and OpenPGP's ASCII armor in the text (RFC 4880 §6.2, §7): an
    encrypted message, a key, a signature, a clear-signed text's opening lines."""
    kept = [line == "-- " for _depth, line in lines]
    armor: tuple[int, str] | None = None  # (its depth, the END line that ends it)
    signed = False  # in a clear-signed text, its dash-escaped lines ("- -- ") are kept
    for n, (depth, line) in enumerate(lines):
        if armor is None and (begin := _ARMOR.fullmatch(line.rstrip())) is not None:
            armor = (depth, f"-----END {begin[1]}-----")
            signed = begin[1] == "PGP SIGNED MESSAGE"
        if armor is not None and depth == armor[0]:
            kept[n] = True
            if line.rstrip() == armor[1] or (signed and not line.strip()):
                armor = None  # (a signed message's armor: its Hash: lines, to a blank one)
        elif signed and line.startswith("- "):
            kept[n] = True
    paragraph: list[int] = []
    for n, (depth, line) in enumerate([*lines, (-1, "")]):
        if paragraph and (not line.strip() or depth != lines[paragraph[0]][0]):
            if _header_block([lines[k][1] for k in paragraph]):
                for k in paragraph:
                    kept[k] = True
            paragraph = []
        if line.strip():
            paragraph.append(n)
    return kept


def _header_block(lines: list[str]) -> bool:
    """Whether a paragraph is a quoted message's header block: fields alone (a long one's
    lines going on indented), under a rule ("-------- Forwarded Message --------",
    "-----Original Message-----") or first naming the sender (Outlook's "From:")."""
    rules = 0
    while rules < len(lines) and _RULE.match(lines[rules]):
        rules += 1
    fields = lines[rules:]
    named = [line for line in fields if _HEAD_FIELD.match(line)]
    return (
        len(named) >= 2
        and fields[0] is named[0]
        and all(_HEAD_FIELD.match(line) or line[:1] in (" ", "\t") for line in fields)
        and (rules > 0 or _SENDER.match(fields[0]) is not None)
    )


def _mark(line: str) -> str:
    match = _QUOTE.match(line)
    return match.group() if match else ""


def _soft(line: str) -> bool:
    """A flowed line that goes on in the next (it ends in a space; a signature's "-- "
    does not)."""
    return line.endswith(" ") and line != "-- "


def _plain(part: _Part, translations: Sequence[str]) -> str:
    """A plain-text part's text, translated: each block's lines with their quotation marks
    (and, flowed, broken again at spaces with soft breaks)."""
    out: list[str] = []
    cursor = 0
    for block in part.blocks:
        count = len(block.document.units)
        mine = translations[cursor : cursor + count]
        cursor += count
        if list(mine) == [u.text for u in block.document.units]:
            out += block.raw
            continue
        lines = block.document.render_text(mine).split("\n")
        if part.flowed:
            lines = [piece for line in lines for piece in _flow(line, part.delsp)]
        for line in lines:
            if block.depth:
                out.append(block.mark + line if line else block.mark.rstrip())
            elif part.flowed and line.startswith((" ", ">", "From ")):
                out.append(" " + line)  # space-stuffed, so no reader takes it for a quote
            else:
                out.append(line)
    return "\n".join(out)


def _events(path: Path, text: str) -> list[_Event]:
    """A calendar's SUMMARY and DESCRIPTION properties (RFC 5545: a long one folded over
    lines that start with a space, commas, semicolons and line breaks escaped), and the
    page Outlook shows instead of the DESCRIPTION (X-ALT-DESC;FMTTYPE=text/html)."""
    events: list[_Event] = []
    for match in _CONTENT_LINE.finditer(text):
        line = re.sub(r"\n[ \t]", "", match.group())  # unfolded (§3.1)
        head = _CALENDAR_TEXT.match(line)
        if head is None or "encoding=" in head.group().lower():  # (vCalendar 1.0's QP)
            continue
        value = re.sub(r"\\([\\;,nN])", lambda m: _UNESCAPED.get(m[1], m[1]), line[head.end() :])
        document: TextDocument | HtmlDocument
        if head.group().upper().startswith("X-ALT-DESC"):
            if "text/html" not in head.group().lower():
                continue
            try:
                document = parse_html(value, UTF8, path)
            except DocumentError:  # (markup alone)
                continue
        else:
            plain = plain_text(path, value, UTF8, False)
            assert isinstance(plain, TextDocument)
            document = plain
        if document.units:
            events.append(_Event(match.start(), match.end(), head.group(), document))
    return events


def _calendar(part: _Part, translations: Sequence[str]) -> str:
    """A calendar's text with its SUMMARY and DESCRIPTION translated, escaped and folded
    again at 75 octets; every other line as it was."""
    edits: list[tuple[int, int, str]] = []
    cursor = 0
    for event in part.events:
        count = len(event.document.units)
        mine = translations[cursor : cursor + count]
        cursor += count
        if list(mine) == [u.text for u in event.document.units]:
            continue
        value = event.document.render_text(mine)
        value = re.sub(r"[\\;,\n]", lambda m: _ESCAPED[m[0]], value)
        edits.append((event.start, event.end, _folded(event.head + value)))
    return edited(part.calendar, edits)


def _folded(line: str) -> str:
    """A calendar's content line folded (RFC 5545 §3.1): lines of at most 75 octets of
    UTF-8, the next starting with a space, no character cut."""
    pieces: list[str] = []
    current, size, limit = "", 0, 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append(current)
            current, size, limit = "", 0, 74
        current += char
        size += width
    pieces.append(current)
    return "\n ".join(pieces)


def _flow(line: str, delsp: bool) -> list[str]:
    """A long line as flowed lines (RFC 3676 §4.2): broken after a space, which ends the line
    as a soft break (twice with DelSp=yes, which deletes one). A line with no space to break
    at (Chinese, Japanese) stays whole."""
    pieces: list[str] = []
    while len(line) > _FLOWED_WIDTH:
        at = line.rfind(" ", 1, _FLOWED_WIDTH)
        if at < 0:
            break
        pieces.append(line[: at + 1] + (" " if delsp else ""))
        line = line[at + 1 :]
    pieces.append(line)
    return pieces


def _encoded(text: str, part: _Part) -> tuple[bytes, str]:
    """A plain part's text in its charset where it holds it, else UTF-8 (and its name)."""
    found = part.found if part.label is not None else UTF8
    encoded = found.encode(text)
    return bytes(encoded), encoded.encoding


def _label(label: str | None, written: str, data: bytes) -> str | None:
    """The charset to name for a part written in ``written``; None where the one it names
    holds it still (its own spelling kept: "ISO-2022-JP")."""
    if label is None:
        return None if data.isascii() else written
    try:
        named = lookup(label)
    except InputError:
        return written
    if named.codec != lookup(written).codec:
        return written
    if label.lower() in ("us-ascii", "ascii") and not data.isascii():
        return written
    if named.codec == "cp1252" and re.search(rb"[\x80-\x9f]", data) and "1252" not in label:
        return "windows-1252"  # (ISO-8859-1 has no €, no curly quotes)
    return None


def _utf8(data: bytes) -> bool:
    """Whether bytes with some past ASCII read as UTF-8: text in a legacy code page rarely
    does by chance."""
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _transfer(data: bytes, transfer: str) -> tuple[str, bytes]:
    """The body in the part's transfer encoding where it can hold it; quoted-printable where
    7bit (or none) cannot (a byte past ASCII, a line past 998), or where it was another
    (uuencode's ``x-uuencode``: a reader would decode the translation as what it is not)."""
    if transfer not in ("", "7bit", "8bit", "binary", "base64", "quoted-printable"):
        return "quoted-printable", binascii.b2a_qp(data, istext=True)
    if transfer == "base64":
        return transfer, base64.encodebytes(data)
    if transfer == "quoted-printable":
        return transfer, binascii.b2a_qp(data, istext=True)
    long = any(len(line) > _LONGEST_LINE for line in data.split(b"\n"))
    if transfer in ("8bit", "binary") and not long:
        return transfer, data
    if data.isascii() and not long:
        return transfer, data
    return "quoted-printable", binascii.b2a_qp(data, istext=True)


def _header_edits(
    data: bytes, part: _Part, changes: dict[str, str], eol: str
) -> list[tuple[int, int, bytes]]:
    """The edits of a part's header block that say how its body is written now: the charset
    (in its Content-Type), the transfer encoding and the language; fields it lacks added at
    its end."""
    fields = {name: (a, b) for name, a, b in _fields(data, part.start, part.head_end)}
    edits: list[tuple[int, int, bytes]] = []
    added: list[str] = []
    for name, value in changes.items():
        shown = "-".join(w.capitalize() for w in name.split("-"))
        if name == "content-type":
            if name not in fields:
                kind = "text/html" if part.html else "text/plain"
                added.append(f"Content-Type: {kind}; charset={value}")
                continue
            a, b = fields[name]
            old = data[a:b].decode("latin-1")
            charset = re.search(r"""(charset\s*=\s*)("[^"]*"|[^;\s]*)""", old, re.IGNORECASE)
            if charset is not None:
                new = old[: charset.start(2)] + value + old[charset.end(2) :]
            else:
                body = old.rstrip("\r\n")
                new = f"{body}; charset={value}" + old[len(body) :]
            edits.append((a, b, new.encode("latin-1")))
        elif name in fields:
            a, b = fields[name]
            edits.append((a, b, f"{shown}: {value}{eol}".encode("latin-1")))
        else:
            added.append(f"{shown}: {value}")
    if added and part.top and "mime-version" not in fields:
        added.insert(0, "MIME-Version: 1.0")  # (a message from before MIME names no charset)
    if added:
        at = part.head_end
        if at > part.start and data[at - 1] != 0x0A:  # a header block ending the file
            added.insert(0, "")
        text = "".join(f"{line}{eol}" for line in added)
        edits.append((at, at, text.encode("latin-1")))
    return edits


def read(data: bytes, path: Path) -> Document:
    if data.startswith(_OLE2):  # (an Outlook .msg saved under an .eml name)
        from engine.documents import msg

        return msg.read(data, path)
    return EmlDocument(path, data)


__all__ = ["EmlDocument", "read"]
