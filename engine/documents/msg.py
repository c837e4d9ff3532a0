"""Outlook messages (.msg: an OLE compound file of MAPI properties, [MS-OXMSG]) read as the
.eml they are the same message as, and translated as one: written as an .eml (which
Outlook opens), the subject and body translated, attachments and inline pictures carried
byte for byte, the headers From, To, Cc and Date kept.

The message is turned into MIME once, here; everything after is the .eml reader's."""

from __future__ import annotations

import base64
import binascii
import codecs
import datetime
import email.utils
import re
import struct
from collections.abc import Sequence
from email.header import Header
from email.parser import HeaderParser
from pathlib import Path

from engine.api import Note
from engine.documents.base import Document
from engine.documents.eml import EmlDocument
from engine.documents.errors import DocumentError

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PROPERTIES = "__properties_version1.0"
# What only a message's compound file holds: a property's stream, the named properties'
# storage, a recipient's or an attachment's.
_MESSAGE_STREAMS = (
    "__substg1.0_",
    "__nameid_version1.0",
    "__recip_version1.0_",
    "__attach_version1.0_",
)
# MAPI property ids ([MS-OXPROPS]) this reader uses.
_MESSAGE_CLASS, _SUBJECT, _HEADERS = 0x001A, 0x0037, 0x007D
_SENDER_NAME, _SENDER_ADDRESS, _SENDER_SMTP = 0x0C1A, 0x0C1F, 0x5D01
_SENT_NAME, _SENT_ADDRESS, _SENT_SMTP = 0x0042, 0x0065, 0x5D02
_DISPLAY_TO, _DISPLAY_CC, _DISPLAY_BCC = 0x0E04, 0x0E03, 0x0E02
_SUBMITTED, _DELIVERED = 0x0039, 0x0E06
_BODY, _RTF, _HTML, _MESSAGE_ID = 0x1000, 0x1009, 0x1013, 0x1035
_INTERNET_CPID, _MESSAGE_CODEPAGE, _LOCALE_ID = 0x3FDE, 0x3FFD, 0x3FF1
_DISPLAY_NAME, _EMAIL_ADDRESS, _SMTP_ADDRESS, _RECIPIENT_TYPE = 0x3001, 0x3003, 0x39FE, 0x0C15
_ATTACH_DATA, _ATTACH_FILENAME, _ATTACH_LONG_FILENAME = 0x3701, 0x3704, 0x3707
_ATTACH_METHOD, _ATTACH_MIME, _ATTACH_CID, _ATTACH_LOCATION = 0x3705, 0x370E, 0x3712, 0x3713
_BY_VALUE, _EMBEDDED = 1, 5  # PR_ATTACH_METHOD's ATTACH_BY_VALUE, ATTACH_EMBEDDED_MSG
# Windows code pages as mail programs name their charsets (IANA): a part in one of these is
# carried in its own bytes; any other is written as UTF-8.
_CHARSETS = {
    65001: "utf-8", 20127: "us-ascii", 28591: "iso-8859-1", 28592: "iso-8859-2",
    28595: "iso-8859-5", 28597: "iso-8859-7", 28605: "iso-8859-15", 874: "windows-874",
    932: "shift_jis", 936: "gb2312", 949: "ks_c_5601-1987", 950: "big5", 20866: "koi8-r",
    21866: "koi8-u", 50220: "iso-2022-jp", 51932: "euc-jp", 51949: "euc-kr", 54936: "gb18030",
    **{n: f"windows-{n}" for n in range(1250, 1259)},
}  # fmt: skip
_CODECS = {932: "cp932", 936: "gbk", 949: "cp949", 950: "cp950", 50220: "iso2022_jp",
           51932: "euc_jp", 51949: "euc_kr", 54936: "gb18030", 20127: "ascii", 65001: "utf-8",
           20866: "koi8_r", 21866: "koi8_u", 874: "cp874"}  # fmt: skip
# Headers of the message as it came (PR_TRANSPORT_MESSAGE_HEADERS) that describe its MIME
# body, which the .eml written here has in its own shape: not carried.
_BODY_HEADERS = re.compile(r"content-|mime-version$", re.IGNORECASE)


# The ANSI code page of a Windows locale (LCID), by its primary language (its low ten bits),
# as Apache POI guesses a message's 8-bit strings' from PR_MESSAGE_LOCALE_ID; 1252 for any
# other. Chinese and Serbian differ by their sublanguage (_ANSI_BY_LCID).
_ANSI_BY_LANGUAGE = {
    0x11: 932, 0x12: 949, 0x04: 936, 0x1E: 874, 0x08: 1253, 0x1F: 1254, 0x2C: 1254,
    0x0D: 1255, 0x01: 1256, 0x29: 1256, 0x20: 1256, 0x25: 1257, 0x26: 1257, 0x27: 1257,
    0x2A: 1258,
    **dict.fromkeys((0x19, 0x22, 0x23, 0x02, 0x2F, 0x3F, 0x40, 0x44, 0x50), 1251),
    **dict.fromkeys((0x05, 0x0E, 0x15, 0x18, 0x1A, 0x1B, 0x1C, 0x24), 1250),
}  # fmt: skip
_ANSI_BY_LCID = {0x0404: 950, 0x0C04: 950, 0x1404: 950, 0x0C1A: 1251, 0x1C1A: 1251,
                 0x201A: 1251}  # fmt: skip


_ANSI_CODEPAGES = frozenset({874, 932, 936, 949, 950, *range(1250, 1259)})


def _ansi(lcid: int) -> int:
    """The ANSI code page of a Windows locale."""
    return _ANSI_BY_LCID.get(lcid) or _ANSI_BY_LANGUAGE.get(lcid & 0x3FF, 1252)


def _codec(codepage: int) -> str:
    """Python's codec of a Windows code page; windows-1252 for one it has none of."""
    if codepage in _CODECS:
        return _CODECS[codepage]
    names = [f"cp{codepage}"]
    if 28591 <= codepage <= 28606:  # (ISO 8859's parts)
        names.append(f"iso8859_{codepage - 28590}")
    for name in names:
        try:
            return codecs.lookup(name).name
        except LookupError:
            continue
    return "cp1252"


class _Storage:
    """A message's, an attachment's or a recipient's properties ([MS-OXMSG] §2.4): the
    fixed-size ones in its property stream, each variable one in a stream of its own."""

    def __init__(self, compound: object, where: list[str], header: int, codepage: int) -> None:
        self.compound, self.where, self.codepage = compound, where, codepage
        self.fixed: dict[int, tuple[int, bytes]] = {}
        stream = self._stream(_PROPERTIES)
        if stream is not None:
            for at in range(header, len(stream) - 15, 16):
                tag, _flags = struct.unpack_from("<II", stream, at)
                self.fixed[tag >> 16] = (tag & 0xFFFF, stream[at + 8 : at + 16])
        # 8-bit strings are in the message's code page, else its locale's ANSI one
        # (PR_INTERNET_CPID names the HTML body's only: a Japanese message's is ISO-2022-JP,
        # its strings Shift-JIS)
        # (with neither, the HTML's where it is a Windows ANSI one)
        found = self.long(_MESSAGE_CODEPAGE)
        locale = self.long(_LOCALE_ID)
        internet = self.long(_INTERNET_CPID)
        if found:
            self.codepage = found
        elif locale:
            self.codepage = _ansi(locale)
        elif internet is not None and internet in _ANSI_CODEPAGES:
            self.codepage = internet

    def _stream(self, name: str) -> bytes | None:
        path = [*self.where, name]
        if not self.compound.exists("/".join(path)):  # type: ignore[attr-defined]
            return None
        data: bytes = self.compound.openstream(path).read()  # type: ignore[attr-defined]
        # (olefile reads a stream whose sectors the file was cut before short, silently)
        if len(data) < self.compound.get_size(path):  # type: ignore[attr-defined]
            raise OSError(f"the stream {'/'.join(path)} is cut short")
        return data

    def storages(self, prefix: str) -> list[list[str]]:
        """The sub-storages named ``prefix#XXXXXXXX`` (recipients, attachments), in order."""
        names = {
            entry[len(self.where)]
            for entry in self.compound.listdir(streams=True, storages=True)  # type: ignore[attr-defined]
            if entry[: len(self.where)] == self.where and len(entry) > len(self.where)
        }
        return [[*self.where, n] for n in sorted(names) if n.startswith(prefix)]

    def string(self, pid: int) -> str | None:
        unicode = self._stream(f"__substg1.0_{pid:04X}001F")
        if unicode is not None:
            return unicode.decode("utf-16-le", "replace").split("\x00", 1)[0]
        eight = self._stream(f"__substg1.0_{pid:04X}001E")
        if eight is not None:
            return eight.split(b"\x00", 1)[0].decode(_codec(self.codepage), "replace")
        return None

    def binary(self, pid: int) -> bytes | None:
        return self._stream(f"__substg1.0_{pid:04X}0102")

    def long(self, pid: int) -> int | None:
        kind, value = self.fixed.get(pid, (0, b""))
        return struct.unpack_from("<i", value)[0] if kind == 0x0003 else None

    def time(self, pid: int) -> datetime.datetime | None:
        kind, value = self.fixed.get(pid, (0, b""))
        if kind != 0x0040:
            return None
        ticks = struct.unpack_from("<Q", value)[0]  # 100 ns since 1601 (a FILETIME)
        start = datetime.datetime(1601, 1, 1, tzinfo=datetime.timezone.utc)
        try:
            return start + datetime.timedelta(microseconds=ticks // 10)
        except OverflowError:
            return None


def read(data: bytes, path: Path) -> Document:
    """An Outlook message as the .eml it is written as; one that is really an .eml (text
    saved under a .msg name) read as that."""
    if not data.startswith(_OLE2):
        if not _CONTROL.search(data[:4096]):
            return _as_eml(EmlDocument(path, data), path)
        raise _damaged(path, "it is not a compound file, as Outlook writes one")
    import olefile  # type: ignore[import-untyped]

    try:
        with olefile.OleFileIO(data) as compound:
            if _cut_short(compound, len(data)):
                raise _damaged(path, "its compound file is cut short or broken")
            if not compound.exists(_PROPERTIES):
                names = {entry[0] for entry in compound.listdir(storages=True)}
                if not names or any(name.startswith(_MESSAGE_STREAMS) for name in names):
                    # (a file cut short loses its directory, which lists them, first)
                    raise _damaged(path, "its list of properties is missing")
                raise _not_a_message(path)
            message = _Storage(compound, [], 32, 1252)
            dropped: list[str] = []
            mime = _message(message, path, depth=0, dropped=dropped)
    except (OSError, ValueError, IndexError, OverflowError, struct.error) as exc:
        # (olefile's own are OSErrors; a broken sector count overflows an index)
        raise _damaged(path, "its compound file is cut short or broken") from exc
    document = _as_eml(EmlDocument(path, mime), path)
    if dropped:
        document.notes = (*document.notes, _dropped_note(path, dropped))
    return document


def _as_eml(document: EmlDocument, path: Path) -> EmlDocument:
    """``document`` written as an .eml, with the note that says so: Quire writes no .msg
    (Outlook's own compound file), and the user finds NAME.de.eml beside NAME.msg."""
    document.output_suffixes = (".eml",)
    document.notes = (
        Note(
            f"{path.name} is an Outlook message: its translation is written as an .eml file "
            "(the same message in the standard Internet form), which Outlook, Thunderbird "
            "and Apple Mail open",
            "document.msg_as_eml",
            {"name": path.name},
        ),
        *document.notes,
    )
    return document


def _dropped_note(path: Path, names: list[str]) -> Note:
    """The note that attachments with no file of their own (an object embedded from Word
    or Excel, a link to a file on a disk) are not in the translation."""
    listed = ", ".join(names)
    return Note(
        f"{path.name}: {len(names)} attachment{'' if len(names) == 1 else 's'} that Outlook "
        f"keeps as an embedded object or a link, not a file ({listed}), "
        f"{'is' if len(names) == 1 else 'are'} not in the translation: save "
        f"{'it' if len(names) == 1 else 'them'} from Outlook and attach "
        f"{'it' if len(names) == 1 else 'them'} again",
        "document.msg_objects_dropped",
        {"name": path.name, "count": len(names), "names": listed},
    )


def _cut_short(compound: object, size: int) -> bool:
    """Whether the file ends before a byte it holds: a chain of sectors in the allocation
    table going on past the file's end, or the directory, the mini stream's table, the mini
    stream or a stream ending in the last sector past where the file stops. (olefile reads
    the sectors lost as shorter streams, empty ones or others' bytes, without a word.)"""
    fat = compound.fat  # type: ignore[attr-defined]
    if any(len(fat) <= sector < 0xFFFFFFFA for sector in fat):  # (0xFFFFFFFA on: marks)
        return True
    sector_size: int = compound.sectorsize  # type: ignore[attr-defined]

    def ends_past(start: int, length: int | None) -> bool:
        """Whether a chain (of ``length`` bytes; None: whole sectors) ends past the file:
        a sector of it, whole, or its last one as far as the chain fills it."""
        sector, chain = start, list[int]()
        while 0 <= sector < len(fat) and len(chain) < len(fat):
            chain.append(sector)
            sector = fat[sector]
        if not chain:
            return False
        tail = sector_size if length is None else (length - 1) % sector_size + 1
        whole = max(chain[:-1], default=-1)
        return sector_size * (2 + whole) > size or sector_size * (1 + chain[-1]) + tail > size

    c = compound
    if ends_past(c.first_dir_sector, None) or ends_past(c.minifatsect, None):  # type: ignore[attr-defined]
        return True
    cutoff: int = compound.minisectorcutoff  # type: ignore[attr-defined]
    for entry in compound.direntries:  # type: ignore[attr-defined]
        if entry is None or entry.entry_type not in (2, 5) or not entry.size:
            continue  # (not a stream, nor the root's mini stream)
        if entry.entry_type == 2 and entry.size < cutoff:
            continue  # (in the mini stream: the root's, checked)
        if ends_past(entry.isectStart, entry.size):
            return True
    return False


_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _not_a_message(path: Path) -> DocumentError:
    return DocumentError(
        "This file is not an Outlook message: it is another kind of compound file (a Word, "
        "Excel or PowerPoint 97-2003 file, perhaps) under a .msg name",
        path=path,
        hint="Give the file its own extension (.doc, .xls, .ppt), or drag the message out of "
        "Outlook again, then try again",
        message_id="document.msg_not_message",
    )


def _contact(path: Path) -> DocumentError:
    return DocumentError(
        "This Outlook item is a contact (or a contact group), not a message: Quire translates "
        "messages",
        path=path,
        hint="In Outlook, forward the contact as a message (or copy its notes into one), save "
        "that, then try again",
        message_id="document.msg_contact",
    )


def _damaged(path: Path, why: str) -> DocumentError:
    return DocumentError(
        f"The Outlook message is damaged or cut short ({why})",
        path=path,
        hint="Drag the message out of Outlook again (or save it with File > Save As), then "
        "try again",
        message_id="document.msg_damaged",
        params={"why": why},
    )


def _message(store: _Storage, path: Path, *, depth: int, dropped: list[str] | None = None) -> bytes:
    """The message in ``store`` as RFC 5322 bytes with MIME (lines ending in LF);
    ``dropped`` gets the names of attachments with nothing to carry."""
    dropped = [] if dropped is None else dropped
    kind = (store.string(_MESSAGE_CLASS) or "IPM.Note").strip()
    if depth == 0 and kind.lower().startswith(("ipm.contact", "ipm.distlist")):
        raise _contact(path)
    heads = _headers(store)
    if kind.lower().startswith("ipm.appointment") or kind.lower().startswith(
        "ipm.schedule.meeting"
    ):
        heads[-1:-1] = _appointment(store)
    attachments = [
        _Storage(store.compound, where, 8, store.codepage)
        for where in store.storages("__attach_version1.0_#")
    ]
    sealed = kind.lower().startswith("ipm.note.smime")
    if sealed and attachments:
        # S/MIME: the whole signed entity (multipart/signed) or the encrypted or opaque-
        # signed data is the one attachment (smime.p7m); the .eml reader says what it is.
        data = attachments[0].binary(_ATTACH_DATA) or b""
        if kind.lower().endswith("multipartsigned") and _has_header_block(data):
            body = data.replace(b"\r\n", b"\n")
        else:
            body = _part({"Content-Type": 'application/pkcs7-mime; name="smime.p7m"',
                          "Content-Disposition": 'attachment; filename="smime.p7m"'},
                         data, binary=True)  # fmt: skip
        return _join(heads, body, entity=True)
    html = _html(store)
    parts: list[bytes] = []
    related: list[bytes] = []
    for attachment in attachments:
        carried = _attachment(attachment, path, html, depth, dropped)
        if carried is not None:
            (related if carried[0] else parts).append(carried[1])
    text: bytes
    if html is not None:
        text = _text_part("text/html", *html)
    else:
        plain = store.string(_BODY) or ""
        if not plain.strip():
            plain = _plain_of_rtf(store, path) or plain
        text = _text_part("text/plain", plain.replace("\r\n", "\n").encode("utf-8"), "utf-8")
    if related:
        text = _multipart("related", [text, *related], 'type="text/html"')
    if parts:
        text = _multipart("mixed", [text, *parts])
    return _join(heads, text, entity=True)


def _headers(store: _Storage) -> list[tuple[str, str]]:
    """The message's header fields: those it came with (a received message's transport
    headers) less the MIME ones, and From, To, Cc, Subject and Date from its properties
    where it has none (one written, sent or saved as a draft), and Bcc where it knows it."""
    fields: list[tuple[str, str]] = []
    came = store.string(_HEADERS)
    if came:
        came = came.replace("\r\n", "\n").lstrip()
        # (Exchange 2003 and Outlook opened them with a line of its own, no header field)
        came = re.sub(r"\AMicrosoft Mail Internet Headers Version [\d.]+\n", "", came)
        parsed = HeaderParser().parsestr(came, headersonly=True)
        fields = [(k, str(v)) for k, v in parsed.items() if not _BODY_HEADERS.match(k)]
    have = {k.lower() for k, _ in fields}
    wanted: list[tuple[str, str | None]] = [
        ("From", _sender(store)),
        ("To", _recipients(store, 1) or _shown(store.string(_DISPLAY_TO))),
        ("Cc", _recipients(store, 2) or _shown(store.string(_DISPLAY_CC))),
        # (a message sent or a draft knows its Bcc; one received does not)
        ("Bcc", _recipients(store, 3) or _shown(store.string(_DISPLAY_BCC))),
        ("Subject", _encoded(store.string(_SUBJECT))),
        ("Date", _date(store)),
        ("Message-ID", store.string(_MESSAGE_ID)),
    ]
    fields += [(k, v) for k, v in wanted if v and k.lower() not in have]
    fields.append(("MIME-Version", "1.0"))
    return fields


# An appointment's location, start and end ([MS-OXOCAL]): named properties of
# PSETID_Appointment (PidLidLocation, PidLidAppointmentStartWhole, ...EndWhole).
_APPOINTMENT = bytes.fromhex("0220060000000000c000000000000046")
_LOCATION, _START, _END = 0x8208, 0x820D, 0x820E
_START_DATE, _END_DATE = 0x0060, 0x0061  # (PR_START_DATE, PR_END_DATE: the same times)


def _appointment(store: _Storage) -> list[tuple[str, str]]:
    """An appointment's or a meeting request's location, start and end, as header fields
    of their own (a mail program shows them in the message's source; not translated)."""
    ids = _named(store, _APPOINTMENT)
    location = store.string(ids[_LOCATION]) if _LOCATION in ids else None
    fields = [("X-Appointment-Location", _encoded(location))]
    for name, lid, tagged in (("Start", _START, _START_DATE), ("End", _END, _END_DATE)):
        when = (store.time(ids[lid]) if lid in ids else None) or store.time(tagged)
        fields.append(
            (f"X-Appointment-{name}", email.utils.format_datetime(when) if when else None)
        )
    return [(k, v) for k, v in fields if v]


def _named(store: _Storage, guid: bytes) -> dict[int, int]:
    """The property ids that a property set's named properties (by their numbers) have in
    this file ([MS-OXMSG] §2.2.3: the entry stream's index and kind, the GUID stream)."""
    root = _Storage.__new__(_Storage)
    root.compound, root.where = store.compound, ["__nameid_version1.0"]
    guids, entries = root.binary(0x0002) or b"", root.binary(0x0003) or b""
    found = {}
    for at in range(0, len(entries) - 7, 8):
        number, index = struct.unpack_from("<II", entries, at)
        which = (index & 0xFFFF) >> 1
        if index & 1 or which < 3:  # (a name, not a number; PS_MAPI, PS_PUBLIC_STRINGS)
            continue
        if guids[(which - 3) * 16 : (which - 2) * 16] == guid:
            found[number] = 0x8000 + (index >> 16)
    return found


def _sender(store: _Storage) -> str | None:
    for name_id, ids in (
        (_SENT_NAME, (_SENT_SMTP, _SENT_ADDRESS)),
        (_SENDER_NAME, (_SENDER_SMTP, _SENDER_ADDRESS)),
    ):
        address = next((a for a in map(store.string, ids) if a and _smtp(a)), "")
        if not address:
            # An Exchange (EX) sender, known by its X500 DN: its Internet address where a
            # recipient row is the same mailbox (sent to oneself, a meeting's organizer), as
            # Outlook resolves the DN, by PR_SMTP_ADDRESS.
            address = _smtp_of(store, store.string(ids[1]))
        name = store.string(name_id) or ""
        if address or name:
            return _address(name, address)
    return None


def _smtp_of(store: _Storage, dn: str | None) -> str:
    """The Internet address of an Exchange mailbox's X500 DN (``/O=…/CN=…``) where one of
    the message's recipient rows is that mailbox and has it (PR_SMTP_ADDRESS); else ""."""
    dn = (dn or "").strip()
    if not dn.startswith("/"):
        return ""
    for where in store.storages("__recip_version1.0_#"):
        recipient = _Storage(store.compound, where, 8, store.codepage)
        same = (recipient.string(_EMAIL_ADDRESS) or "").strip().casefold() == dn.casefold()
        found = (recipient.string(_SMTP_ADDRESS) or "").strip()
        if same and _smtp(found):
            return found
    return ""


def _recipients(store: _Storage, kind: int) -> str | None:
    """The recipients of one kind (1 To, 2 Cc, 3 Bcc) with their addresses, from the
    message's recipient storages."""
    found = []
    for where in store.storages("__recip_version1.0_#"):
        recipient = _Storage(store.compound, where, 8, store.codepage)
        # (less MAPI_SUBMITTED, the high bit; a MAPI_P1 row, a copy for resending, is none)
        if (recipient.long(_RECIPIENT_TYPE) or 0) & 0x7FFFFFFF != kind:
            continue
        address = next(
            (a for a in map(recipient.string, (_SMTP_ADDRESS, _EMAIL_ADDRESS)) if a and _smtp(a)),
            "",
        )
        found.append(_address(recipient.string(_DISPLAY_NAME) or "", address))
    return ", ".join(filter(None, found)) or None


def _shown(names: str | None) -> str | None:
    """PR_DISPLAY_TO's or _CC's names (``A; B``), without addresses, as empty groups."""
    found = [_address(name, "") for name in (names or "").split(";") if name.strip()]
    return ", ".join(found) or None


def _smtp(address: str | None) -> bool:
    """Whether an address is an Internet one: not an Exchange (EX) address's X500 DN
    (``/O=ORG/OU=…/CN=…``), which is no mailbox outside the organization."""
    address = (address or "").strip()
    return "@" in address and not address.startswith("/") and not any(c.isspace() for c in address)


def _address(name: str, address: str) -> str:
    """A mailbox as RFC 5322 writes one (a name in encoded words, or quoted where it has a
    comma, a dot…); a name alone (no Internet address known: an Exchange one) as an empty
    group, ``"Name":;``, which mail programs show as the name."""
    name = " ".join(name.split())
    if not address and _smtp(name) and "<" not in name:
        return name  # (a name that is an address: PR_DISPLAY_TO's where it had no other)
    if not name.isascii():
        shown = str(Header(name, "utf-8").encode())
    elif name and not re.fullmatch(r"[\w!#$%&'*+/=?^`{|}~ -]+", name):
        shown = '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
    else:
        shown = name
    if not address:
        # (an encoded word ends at white space, RFC 2047 §5)
        return (f"{shown} :;" if shown.startswith("=?") else f"{shown}:;") if shown else ""
    return f"{shown} <{address.strip()}>" if shown else address.strip()


def _encoded(text: str | None) -> str | None:
    if text is None:
        return None
    text = " ".join(text.split())
    return text if text.isascii() else Header(text, "utf-8").encode()


def _date(store: _Storage) -> str | None:
    when = store.time(_SUBMITTED) or store.time(_DELIVERED)
    return email.utils.format_datetime(when) if when is not None else None


def _html(store: _Storage) -> tuple[bytes, str] | None:
    """The message's HTML body, in its bytes with the charset they are in: PR_BODY_HTML, else
    the HTML that Outlook encapsulates in its compressed RTF body ([MS-OXRTFEX])."""
    codepage = store.long(_INTERNET_CPID) or store.codepage
    page = store.binary(_HTML)
    if page is None:
        unicode = store.string(_HTML)
        if unicode is not None:
            return unicode.encode("utf-8"), "utf-8"
        compressed = store.binary(_RTF)
        if compressed is None:
            return None
        from compressed_rtf import decompress  # type: ignore[import-untyped]

        try:
            rtf = decompress(compressed)
        except Exception:  # (it raises plain Exceptions: cut short, a wrong CRC)
            return None  # (the plain body is read instead)
        found = encapsulated_html(rtf)
        if found is None:
            return None
        return found.encode("utf-8"), "utf-8"
    page = page.rstrip(b"\x00")
    label = _CHARSETS.get(codepage)
    if label is None:
        return page.decode(_codec(codepage), "replace").encode("utf-8"), "utf-8"
    return page, label


def _plain_of_rtf(store: _Storage, path: Path) -> str | None:
    """The text of a message whose only body is its RTF (no PR_BODY, no HTML)."""
    compressed = store.binary(_RTF)
    if compressed is None:
        return None
    from compressed_rtf import decompress

    try:
        rtf = decompress(compressed)
    except Exception as exc:  # (it raises plain Exceptions: cut short, a wrong CRC)
        raise _damaged(path, "its RTF body is broken") from exc
    return rtf_text(rtf)


def _attachment(
    store: _Storage, path: Path, html: tuple[bytes, str] | None, depth: int, dropped: list[str]
) -> tuple[bool, bytes] | None:
    """An attachment as a MIME part (and whether it is a picture the HTML shows, by its
    Content-ID): its data as it was, an embedded message as message/rfc822."""
    method = store.long(_ATTACH_METHOD) or _BY_VALUE
    name = (
        store.string(_ATTACH_LONG_FILENAME)
        or store.string(_ATTACH_FILENAME)
        or store.string(_DISPLAY_NAME)
        or "attachment"
    )
    if method == _EMBEDDED and depth < 8:
        inner = [*store.where, f"__substg1.0_{_ATTACH_DATA:04X}000D"]
        if store.compound.exists("/".join(inner)):  # type: ignore[attr-defined]
            message = _Storage(store.compound, inner, 24, store.codepage)
            data = _message(message, path, depth=depth + 1, dropped=dropped)
            title = message.string(_SUBJECT) or name
            headers = {
                "Content-Type": "message/rfc822",
                "Content-Disposition": _disposition("attachment", f"{title}.eml"),
            }
            return False, _part(headers, data, binary=False)
    found = store.binary(_ATTACH_DATA)
    if found is None:
        # An OLE object (ATTACH_OLE: a storage, no file) or a link to a file: nothing to
        # carry, and said so (a user would otherwise miss an embedded spreadsheet unawares).
        dropped.append(name)
        return None
    data = found
    # (Outlook names a type for a picture it shows, seldom for a file attached)
    mime = (store.string(_ATTACH_MIME) or "").strip() or _guessed(name)
    if mime.lower().startswith("message/"):
        # A message attached as a file (an .eml): RFC 2046 §5.2.1 allows a message/rfc822
        # no base64, and one in 7bit or 8bit would be read (and translated) as a forwarded
        # message; carried as the file it is, byte for byte, by its name.
        mime = "application/octet-stream"
    cid = (store.string(_ATTACH_CID) or "").strip().strip("<>")
    # A picture the page shows: by its Content-ID ("cid:"), or (Outlook 2003's) by its
    # Content-Location, which a reader resolves in a multipart/related (RFC 2557).
    location = (store.string(_ATTACH_LOCATION) or "").strip()
    page = html[0] if html is not None else b""
    shown = (bool(cid) and f"cid:{cid}".encode() in page) or (
        bool(location)
        and re.search(rb"""=\s*["']?""" + re.escape(location.encode()), page) is not None
    )
    headers = {"Content-Type": f"{mime}; name={_quoted(name)}"}
    headers["Content-Disposition"] = _disposition("inline" if shown else "attachment", name)
    if cid:
        headers["Content-ID"] = f"<{cid}>"
    if location and shown:
        headers["Content-Location"] = location
    return shown, _part(headers, data, binary=True)


def _guessed(name: str) -> str:
    import mimetypes

    return mimetypes.guess_type(name, strict=False)[0] or "application/octet-stream"


def _disposition(kind: str, name: str) -> str:
    return f"{kind}; filename={_quoted(name)}"


def _quoted(name: str) -> str:
    if not name.isascii():
        return '"' + Header(name, "utf-8").encode() + '"'  # (as Outlook's own .eml does)
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _text_part(kind: str, data: bytes, charset: str) -> bytes:
    headers = {"Content-Type": f"{kind}; charset={charset}"}
    return _part(headers, data, binary=False, text=True)


def _part(headers: dict[str, str], data: bytes, *, binary: bool, text: bool = False) -> bytes:
    """A MIME entity: its header fields and body (binary data in base64; text in
    quoted-printable)."""
    if binary:
        headers["Content-Transfer-Encoding"] = "base64"
        body = base64.encodebytes(data)
    elif text:
        headers["Content-Transfer-Encoding"] = "quoted-printable"
        body = binascii.b2a_qp(data.replace(b"\r\n", b"\n"), istext=True)
        body += b"" if body.endswith(b"\n") else b"\n"
    else:
        body = data if data.endswith(b"\n") else data + b"\n"
    return _join(list(headers.items()), body)


def _multipart(subtype: str, parts: Sequence[bytes], extra: str = "") -> bytes:
    boundary = f"----=_Quire_{subtype}_{len(parts)}_" + base64.b32encode(
        struct.pack("<Q", sum(len(p) for p in parts))
    ).decode().rstrip("=")
    kind = f'multipart/{subtype}; boundary="{boundary}"' + (f"; {extra}" if extra else "")
    body = b"".join(b"--" + boundary.encode() + b"\n" + part for part in parts)
    body += b"--" + boundary.encode() + b"--\n"
    return _join([("Content-Type", kind)], body)


def _join(fields: Sequence[tuple[str, str]], body: bytes, *, entity: bool = False) -> bytes:
    """Header fields (a value's own line breaks kept as folds) over a body, or over an
    ``entity``'s own header fields and body."""
    lines = []
    for name, value in fields:
        folded = re.sub(r"\r?\n(?![ \t])", "\n ", value.strip())
        lines.append(f"{name}: {folded}\n")
    head = "".join(lines).encode("utf-8")
    return head + body if entity else head + b"\n" + body


def _has_header_block(data: bytes) -> bool:
    return re.match(rb"[!-9;-~]+:", data) is not None


# --- HTML encapsulated in RTF ([MS-OXRTFEX] §2.4) ---------------------------------------------

_TOKEN = re.compile(
    rb"\\([a-zA-Z]+)(-?\d+)? ?|\\'([0-9a-fA-F]{2})|\\([^a-zA-Z'])|([{}])|[\r\n]+|[^\\{}\r\n]+"
)
# Destinations whose text is no part of the page (font and colour tables, styles, the
# document's information, a \*\mhtmltag's original URL).
_SKIPPED = frozenset(
    b"fonttbl colortbl stylesheet info pict object generator listtable listoverridetable "
    b"rsidtbl xmlnstbl themedata colorschememapping latentstyles datastore mhtmltag".split()
)


# A font's \\fcharset (RTF 1.9.1) as the code page its \\'xx escapes are in; 0 (ANSI), 1
# (default) and any other: the document's \\ansicpg.
_FONT_CHARSETS = {
    77: 10000, 128: 932, 129: 949, 130: 1361, 134: 936, 136: 950, 161: 1253, 162: 1254,
    163: 1258, 177: 1255, 178: 1256, 186: 1257, 204: 1251, 222: 874, 238: 1250,
}  # fmt: skip


# Control words that stand for a character (RTF 1.9.1's "special characters").
_SYMBOLS = {
    b"tab": "\t", b"cell": "\t", b"row": "\r\n", b"lquote": "\u2018", b"rquote": "\u2019",
    b"ldblquote": "\u201c", b"rdblquote": "\u201d", b"emdash": "\u2014", b"endash": "\u2013",
    b"bullet": "\u2022", b"emspace": "\u2003", b"enspace": "\u2002", b"qmspace": "\u2005",
}  # fmt: skip
# What else an RTF of its own keeps outside its text: headers, footers, footnotes, a
# field's instruction (its result is the text), a picture's fallback.
_NOT_TEXT = frozenset(
    b"header headerl headerr headerf footer footerl footerr footerf footnote fldinst "
    b"nonshppict shpinst".split()
)


def encapsulated_html(rtf: bytes) -> str | None:
    """The HTML page an RTF body encapsulates (``\\fromhtml1``), or None where it is RTF of
    its own: text outside ``\\htmlrtf`` runs and each ``\\*\\htmltag`` group's, escapes read
    in the code page of their font's charset (``\\fcharset``), else the RTF's."""
    if b"\\fromhtml" not in rtf[:2048]:
        return None
    page = _rtf_text(rtf)
    return page if "<" in page else None


def rtf_text(rtf: bytes) -> str:
    """The text of an RTF body of its own (no HTML encapsulated), a line to each
    ``\\par``, as Outlook derives a message's plain body from it."""
    text = _rtf_text(rtf, _SKIPPED | _NOT_TEXT).replace("\r\n", "\n")
    return text.replace("\x00", "")  # (the NUL that ends the stream, with others)


def _rtf_text(rtf: bytes, destinations: frozenset[bytes] = _SKIPPED) -> str:
    """The text outside \\htmlrtf runs and skipped destinations, and each \\*\\htmltag
    group's."""
    found = re.search(rb"\\ansicpg(\d+)", rtf[:2048])
    ansi = _codec(int(found.group(1))) if found else "cp1252"
    default = re.search(rb"\\deff(\d+)", rtf[:2048])
    fonts: dict[int, str] = {}  # a font's number: the codec of its charset
    out: list[str] = []
    pending = bytearray()

    def flush() -> None:
        if pending:
            out.append(pending.decode(fonts.get(font, ansi), "replace"))
            pending.clear()

    # A group's state: (suppressed by \htmlrtf, skipped destination, in an htmltag group,
    # in the font table, the font)
    stack: list[tuple[bool, bool, bool, bool, int]] = []
    suppressed = skipped = tag = table = False
    font = int(default.group(1)) if default else 0
    defined = 0  # the font the font table is defining
    starting = False  # the group just opened: a destination's word comes next
    star = False
    unicode_skip, uc = 0, 1
    for match in _TOKEN.finditer(rtf):
        word, arg, hexa, symbol, brace = match.groups()
        if brace == b"{":
            flush()
            stack.append((suppressed, skipped, tag, table, font))
            starting, star = True, False
            continue
        if brace == b"}":
            flush()
            if stack:
                suppressed, skipped, tag, table, font = stack.pop()
            starting = star = False
            continue
        opening, starting = starting, False
        if symbol == b"*" and opening:
            star, starting = True, True
            continue
        if word is not None:
            if opening and (word in destinations or (star and word != b"htmltag")):
                skipped = True
                table = table or word == b"fonttbl"
            if word == b"htmltag" and opening:
                tag, suppressed = True, False
            if table and arg is not None:
                if word == b"f":
                    defined = int(arg)
                elif word == b"fcharset" and int(arg) in _FONT_CHARSETS:
                    fonts[defined] = _codec(_FONT_CHARSETS[int(arg)])
                elif word == b"cpg" and int(arg) not in (0, 1252):
                    fonts[defined] = _codec(int(arg))
            if skipped:
                continue
            if word == b"f" and arg is not None:
                flush()
                font = int(arg)
                continue
            if word == b"plain":
                flush()
                font = int(default.group(1)) if default else 0
                continue
            if word == b"htmlrtf":
                flush()
                suppressed = arg != b"0"
                continue
            if word == b"uc" and arg is not None:
                uc = int(arg)
                continue
            if suppressed and not tag:
                continue
            if word == b"u" and arg is not None:
                flush()
                out.append(chr(int(arg) % 65536))
                unicode_skip = uc
            elif word in (b"par", b"line"):
                flush()
                out.append("\r\n")
            elif word in _SYMBOLS:
                flush()
                out.append(_SYMBOLS[word])
            continue
        if skipped or (suppressed and not tag):
            continue
        if unicode_skip:
            if hexa is not None:
                unicode_skip -= 1
                continue
            text = match.group()
            if symbol is None and not text.startswith((b"\r", b"\n")):
                take = min(unicode_skip, len(text))
                unicode_skip -= take
                text = text[take:]
                if not text:
                    continue
                pending.extend(text)
                continue
        if hexa is not None:
            pending.extend(bytes([int(hexa, 16)]))
        elif symbol is not None:
            if symbol in (b"\\", b"{", b"}"):
                pending.extend(symbol)
            elif symbol == b"~":
                flush()
                out.append("\xa0")
        elif not match.group().startswith((b"\r", b"\n")):
            pending.extend(match.group())
    flush()
    return "".join(out)


__all__ = ["encapsulated_html", "read", "rtf_text"]
