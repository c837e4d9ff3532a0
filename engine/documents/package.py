"""Zip-of-XML documents (.pptx, .odt/.odp, .epub): opening the archive safely, parsing its parts
without entities or network, writing it back with every untouched entry byte for byte, and
mapping a translation onto a paragraph's text slots (fixed pieces such as line breaks kept)."""

from __future__ import annotations

import codecs
import copy
import html
import io
import re
import struct
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from engine.documents.base import FIELD, Document
from engine.documents.errors import DocumentError
from engine.documents.language import Language, retag
from engine.documents.runs import distribute, fields

MAX_PART_BYTES = 256 * 1024 * 1024  # a bigger XML part is a zip bomb, not a document
MAX_TOTAL_BYTES = 2 * 1024 * 1024 * 1024  # everything unpacked, checked before testzip
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# A Palm database's type and creator at offset 60: a Kindle book (.mobi, .azw, .azw3) or an
# older PalmDOC one.
_MOBIPOCKET = (b"BOOKMOBI", b"TEXtREAd")
MAX_XML_DEPTH = 256  # libxml2's own limit without its "huge" option (whole_file only, on need)
# A part this big that its zip entry shrank more than this many times is a zip bomb: 240 MB
# of empty elements in 350 KB took 5.6 GB to parse (lxml spends about 140 bytes on each).
# Real parts compress 5 to 30 times (the most, a sheet of repeated cells, about 60).
BOMB_RATIO = 100
BOMB_MIN_BYTES = 32 * 1024 * 1024
# The most XML elements one document's parts may hold together (about a gigabyte parsed): a
# part padded to compress less than the ratio above, or many parts of a few megabytes each,
# are bounded by this; a 2,000-page report has a few hundred thousand.
MAX_ELEMENTS = 8_000_000


def xml_parser(*, huge: bool = False) -> etree.XMLParser:
    """No entity expansion (billion laughs, XXE) and no network, whatever the file declares.
    ``huge``: without libxml2's 10 MB limit on one text (a Trados file embeds its original
    document in base64), for a whole file the size limit has bounded already."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        remove_blank_text=False,
        load_dtd=False,
        huge_tree=huge,
    )


class Unreadable(ValueError):
    """A file that is no XML Quire reads: ``what`` is wrong at ``line``."""

    def __init__(self, what: str, line: int) -> None:
        super().__init__(f"{what} at line {line}")
        self.what, self.line = what, line


ENTITIES_REFUSED = "XML entity expansion, which Quire refuses for safety"


# What libxml2 adds to its message, which a refusal says again ("line 3, column 5").
_WHERE = re.compile(r",?\s*line \d+, column \d+\s*$")


def xml_refusal(exc: etree.XMLSyntaxError, data: bytes) -> Unreadable:
    """Why the parser refused ``data``, in a refusal's words: entities that would expand
    without end (a billion laughs, a loop) as ``ENTITIES_REFUSED``, else libxml2's message
    without the line and column it appends (the refusal says the line, once)."""
    what = _WHERE.sub("", str(exc.msg or "not well-formed XML"))
    lowered = what.lower()
    if b"<!ENTITY" in data and ("amplification" in lowered or "entity reference loop" in lowered):
        what = ENTITIES_REFUSED
    return Unreadable(what, exc.lineno or 1)


def whole_file(data: bytes) -> etree._Element:
    """A whole file's root, parsed as ``xml_parser`` parses; again without libxml2's limits
    only where one was reached (a Trados file embedding its original: 10 MB in one text), so
    that every other file keeps them (a depth of 256)."""
    try:
        return etree.fromstring(data, xml_parser())
    except etree.XMLSyntaxError as exc:
        if "XML_PARSE_HUGE" not in str(exc):
            raise
        return etree.fromstring(data, xml_parser(huge=True))


def parse_file(data: bytes, *, internal_entities: bool = False) -> etree._Element:
    """A whole XML file (an XLIFF or Qt Linguist file, not a part of a package) parsed as
    ``xml_parser`` parses: without entities or network. Raises ``Unreadable`` for one that
    is not well-formed or declares entities; with ``internal_entities``, only for one that
    declares an external entity (a file or URL): the internal ones stay references, never
    expanded (a format whose readers keep ``&name;`` as it is, as Android's does)."""
    try:
        root = whole_file(data)
    except etree.XMLSyntaxError as exc:
        raise xml_refusal(exc, data) from None
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(
        not internal_entities or entity.system_url is not None for entity in dtd.entities()
    ):
        raise Unreadable(ENTITIES_REFUSED, 1)
    return root


def written_in_place(data: bytes, original: etree._Element, root: etree._Element) -> bytes:
    """``root`` (an edited copy of ``original``, the root element parsed from ``data``)
    written where the root element was: what comes before it (the XML declaration, comments,
    a DOCTYPE, processing instructions) and after it kept as it was, and so are the file's
    encoding, byte order mark and line ends (the parser reads CRLF as LF)."""
    encoding = original.getroottree().docinfo.encoding or "UTF-8"
    codec = codecs.lookup(encoding).name
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        codec = "utf-16"  # (a UTF-16 file that declares no encoding: its BOM says)
    bom = codecs.BOM_UTF8 if codec == "utf-8" and data.startswith(codecs.BOM_UTF8) else b""
    if codec.startswith("utf-16") and data.startswith(codecs.BOM_UTF16_BE):
        text = data[2:].decode("utf-16-be")
    else:
        text = data[len(bom) :].decode("utf-16" if codec == "utf-16" else codec)
    name = f"{original.prefix}:" if original.prefix else ""
    name += etree.QName(original).localname
    start = _root_start(text, name)
    close = text.rfind(f"</{name}")
    end = text.index(">", close) + 1 if close > start else text.index(">", start) + 1
    body: str = etree.tostring(root, encoding="unicode", with_tail=False)
    body = _own_start_tag(text, start, original, root, body)
    if "\r\n" in text[:start] or "\r\n" in text[start : start + 4096]:
        body = body.replace("\n", "\r\n")
    out = text[:start] + body + text[end:]
    if codec.startswith("utf-16"):
        # With its byte order mark, in its byte order, as it was read.
        if data.startswith(codecs.BOM_UTF16_BE) or codec == "utf-16-be":
            return codecs.BOM_UTF16_BE + out.encode("utf-16-be")
        return codecs.BOM_UTF16_LE + out.encode("utf-16-le")
    return bom + out.encode(codec, errors="xmlcharrefreplace")


def _root_start(text: str, name: str) -> int:
    """Where the root element's start tag begins: the first ``<name`` outside the comments
    and the DOCTYPE before it (its start tag may span lines)."""
    doctype = text.find("<!DOCTYPE")
    doctype_end = -1
    if doctype >= 0:
        bracket, close = text.find("[", doctype), text.find(">", doctype)
        doctype_end = text.find("]>", bracket) + 2 if 0 <= bracket < close else close + 1
    for match in re.finditer(rf"<{re.escape(name)}(?=[\s/>])", text):
        before = text[: match.start()]
        if before.count("<!--") > before.count("-->"):
            continue  # (in a comment)
        if doctype >= 0 and doctype < match.start() < doctype_end:
            continue  # (in the DOCTYPE)
        return match.start()
    raise ValueError(f"no <{name}> in the text")


_START_TAG = re.compile(r"""<[^\s>/]+(?:\s+[^\s=>/]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*/?>""")


def _own_start_tag(
    text: str, start: int, original: etree._Element, root: etree._Element, body: str
) -> str:
    """``body`` with its root's start tag as the file wrote it (lxml writes the namespace
    declarations first), and any attribute the copy gained added at its end; ``body`` as
    it is where an attribute was changed or dropped."""
    own = _START_TAG.match(text, start)
    written = _START_TAG.match(body)
    if own is None or written is None or own.group().endswith("/>"):
        return body
    before, after = dict(original.attrib), dict(root.attrib)
    if any(after.get(key) != value for key, value in before.items()):
        return body
    new = [key for key in after if key not in before]
    if any(etree.QName(key).namespace for key in new):
        return body  # (a prefixed attribute: lxml writes its declaration)
    added = "".join(f' {key}="{html.escape(after[key])}"' for key in new)
    tag = own.group().replace("\r\n", "\n")  # (the body's line ends are LF until written)
    return tag[:-1].rstrip() + added + ">" + body[written.end() :]


class Reparsed:
    """For documents whose rendering edits the parsed parts in place: ``_load`` parses them,
    and ``_fresh`` (called at the start of every rendering) parses them anew after the first,
    so writing twice gives the same bytes."""

    _rendered = False

    def _load(self) -> None:
        raise NotImplementedError

    def _fresh(self) -> None:
        if self._rendered:
            self._load()
        self._rendered = True


class Package:
    """A zip archive read whole and checked: every entry is copied into the output, so a
    damaged one must fail now, not half-way through writing."""

    def __init__(self, path: Path, data: bytes, kind: str, editor: str) -> None:
        self.path, self.kind, self.editor = path, kind, editor
        # The elements of each part parsed so far (MAX_ELEMENTS), by part: a part parsed
        # again (a workbook at render) is not counted twice.
        self.elements: dict[str, int] = {}
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            infos = archive.infolist()
        except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
            if data.startswith(_OLE):
                raise DocumentError(
                    f"This is an encrypted {kind} or an old binary Office file",
                    path=path,
                    hint=f"Remove the password, or save it as {path.suffix.lower()} in "
                    f"{editor}, then retry",
                    message_id="document.encrypted_or_old",
                    params={"suffix": path.suffix.lower(), "editor": editor},
                ) from exc
            if data[60:68] in _MOBIPOCKET:
                raise DocumentError(
                    f"This is a Kindle book (Mobipocket: .mobi, .azw or .azw3), not {_a(kind)}",
                    path=path,
                    hint="Convert it to EPUB in Calibre (a book without DRM), then translate "
                    "the EPUB",
                    message_id="document.kindle",
                ) from exc
            if data.startswith(b"PK\x03\x04") and _ends_its_list(data):
                # (its end is there: the list it points to is what is wrong, not its length)
                raise self._damaged(
                    ": its list of files (the zip's central directory) is broken"
                ) from exc
            if data.startswith(b"PK\x03\x04"):
                raise DocumentError(
                    f"The {kind} is cut short: it ends before the zip's list of its files, "
                    "as a download or copy that did not finish does",
                    path=path,
                    hint=f"Download or copy it again, or open it in {editor} and save it "
                    "again, then retry",
                    message_id="document.cut_short",
                    params={"editor": editor},
                ) from exc
            raise DocumentError(
                f"This is not {_a(kind)} (it is not a zip archive)",
                path=path,
                hint=f"Open and save it again in {editor}, then retry",
                message_id="document.damaged",
                params={"editor": editor},
            ) from exc
        if sum(info.file_size for info in infos) > MAX_TOTAL_BYTES:
            raise DocumentError(
                f"The {kind} unpacks to more than {MAX_TOTAL_BYTES >> 30} GB",
                path=path,
                hint="This is not an ordinary document; give another file",
                message_id="document.too_large_inside",
            )
        try:
            bad = archive.testzip()
        except RuntimeError as exc:  # zipfile's "encrypted, password required"
            raise DocumentError(
                f"The {kind} is encrypted",
                path=path,
                hint="Remove the password, then retry",
                message_id="document.encrypted",
            ) from exc
        except Exception as exc:  # zlib.error, BadZipFile, unknown compression
            bad = f"{exc}"
        if bad is not None:
            raise self._damaged(f" ({bad})")
        names = [info.filename for info in infos]
        twice = next((n for n, count in Counter(names).items() if count > 1), None)
        if twice is not None:  # (which is the part? zipfile reads the last, Word the first)
            raise self._damaged(f": it holds two entries named {twice}")
        self.archive, self.data = archive, data
        self._named(names)

    def _named(self, names: list[str]) -> None:
        """Keep the entries' ``names``, and a lookup of the parts by name: part names are
        compared as case-insensitive ASCII (OPC, ECMA-376 Part 2 §9.1.1.1), and a workbook
        may name worksheets/Sheet1.xml whose relationships the archive holds as
        _rels/sheet1.xml.rels. Each name, as spelled and in lower case -> the archive's
        own spelling (built once: a lookup stays one dict's)."""
        self.names = names
        self._spelled: dict[str, str] = {}
        for name in reversed(names):  # (two spellings of one name: the first's)
            self._spelled[name.lower()] = name
        for name in names:
            self._spelled[name] = name

    def has(self, name: str) -> bool:
        return name in self._spelled or name.lower() in self._spelled

    def real(self, name: str) -> str:
        """``name`` as the archive spells it (``name`` where it holds no such part), so that
        a part read under a relationship's spelling is written back over its own entry."""
        return self._spelled.get(name) or self._spelled.get(name.lower(), name)

    def require(self, name: str) -> None:
        if not self.has(name):
            raise self.not_kind(f"no {name}")

    def not_kind(self, said: str) -> DocumentError:
        """A zip that is no document of this kind (``said``: what shows it, "no
        word/document.xml")."""
        return DocumentError(
            f"This is a zip file but not {_a(self.kind)} ({said})",
            path=self.path,
            hint=f"Give a file saved by {self.editor}",
            message_id="document.damaged",
            params={"editor": self.editor},
        )

    def xml(self, name: str) -> etree._Element:
        """The part's root element (its tree keeps the DOCTYPE for writing back)."""
        self.require(name)
        name = self.real(name)
        info = self.archive.getinfo(name)
        if info.file_size > MAX_PART_BYTES:
            raise DocumentError(
                f"{name} inside the {self.kind} is too large to read",
                path=self.path,
                hint=f"Open and save it again in {self.editor}, then retry",
                message_id="document.too_large_inside",
            )
        if info.file_size > BOMB_MIN_BYTES and info.file_size > BOMB_RATIO * info.compress_size:
            raise self._bomb(
                f"{name} inside the {self.kind} unpacks to {info.file_size // 2**20} MB from "
                f"{max(1, info.compress_size // 1024)} KB"
            )
        try:
            data = self.archive.read(name)
            # (counted before parsing: in C, and a tag is at least one "<")
            self.elements[name] = data.count(b"<")
            if sum(self.elements.values()) > MAX_ELEMENTS:
                raise self._bomb(
                    f"The {self.kind} holds more than {MAX_ELEMENTS:,} XML elements (at {name})"
                )
            root = etree.fromstring(data, xml_parser())
        except etree.XMLSyntaxError as exc:
            raise self._unreadable(name, data, exc) from exc
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise self._damaged(f": {name} cannot be read") from exc
        dtd = root.getroottree().docinfo.internalDTD
        if dtd is not None and any(True for _ in dtd.entities()):
            raise self._entities(name)
        return root

    def _bomb(self, said: str) -> DocumentError:
        """A part made to exhaust memory (``said``: what is out of all proportion)."""
        return DocumentError(
            f"{said}, as no real document does",
            path=self.path,
            hint="The file was made to exhaust the memory of programs that open it; give "
            "another file",
            message_id="document.too_large_inside",
        )

    def _unreadable(self, name: str, data: bytes, exc: etree.XMLSyntaxError) -> DocumentError:
        """What is wrong with a part the XML parser refused, in the user's terms."""
        message = str(exc).lower()
        if "excessive depth" in message:
            return DocumentError(
                f"{name} inside the {self.kind} nests elements more than {MAX_XML_DEPTH} "
                "levels deep, which no real document does",
                path=self.path,
                hint="The file was made to crash readers, or is badly damaged; give another file",
                message_id="document.damaged",
                params={"editor": self.editor},
            )
        if "entity" in message and b"<!ENTITY" in data:
            return self._entities(name)
        if "huge" in message:
            return DocumentError(
                f"{name} inside the {self.kind} holds a piece of text too large to read",
                path=self.path,
                hint=f"Open and save it again in {self.editor}, then retry",
                message_id="document.too_large_inside",
            )
        return self._damaged(f": {name} cannot be read")

    def _entities(self, name: str) -> DocumentError:
        return DocumentError(
            f"The {self.kind} uses XML entity expansion ({name}), which Quire refuses for safety",
            path=self.path,
            hint=f"Open and save it again in {self.editor}, which writes plain XML, or give "
            "another file",
            message_id="document.damaged",
            params={"editor": self.editor},
        )

    def _damaged(self, said: str) -> DocumentError:
        """``said``: what is wrong, after "is damaged" (" (bad CRC)", ": x.xml cannot be read")."""
        return DocumentError(
            f"The {self.kind} is damaged{said}",
            path=self.path,
            hint=f"Open and repair it in {self.editor}, then retry",
            message_id="document.damaged",
            params={"editor": self.editor},
        )

    def write(
        self,
        changed: Mapping[str, etree._Element],
        *,
        files: Mapping[str, bytes | None] | None = None,
        leading: tuple[str, bytes] | None = None,
        standalone: bool | None = None,
    ) -> bytes:
        """The archive with ``changed`` parts serialised and every other entry copied as it
        was, in the same order, its compressed bytes as they are (an EPUB's or ODF file's
        first, stored ``mimetype`` stays first and stored). ``files``: entries written as
        bytes (no XML tree: a stylesheet, a part serialised its own way), or left out where
        None; ``leading``: a name and its bytes written first and stored in place of any
        entry of its name, with its date (a mimetype missing or elsewhere, see
        :func:`mimetype_fault`); ``standalone``: the XML declaration's (Office Open XML parts
        declare ``standalone="yes"``)."""
        changed = {self.real(name): root for name, root in changed.items()}
        payloads = {
            name: etree.tostring(
                root.getroottree(), xml_declaration=True, encoding="UTF-8", standalone=standalone
            )
            for name, root in changed.items()
        }
        dropped = set()
        for name, data in (files or {}).items():
            if data is None:
                dropped.add(self.real(name))
            else:
                payloads[self.real(name)] = data
        entries = [info for info in self.archive.infolist() if info.filename not in dropped]
        if leading is not None:
            name, payload = leading
            own = next((info for info in entries if info.filename == name), None)
            date = own.date_time if own is not None else (1980, 1, 1, 0, 0, 0)
            entries = [zipfile.ZipInfo(name, date)] + [i for i in entries if i is not own]
            payloads[name] = payload
        # Only the parts written anew are compressed (by zipfile, as they were: the same
        # method); the rest are copied compressed: recompressing a book's 26 MB of pictures
        # took 13 of the 14 seconds its writing did.
        made = io.BytesIO()
        with zipfile.ZipFile(made, "w") as fresh:
            for info in entries:
                if info.filename in payloads:
                    # (a copy: writestr fills in offsets and sizes, and the source's
                    # ZipInfo stays right for the next write)
                    fresh.writestr(copy.copy(info), payloads[info.filename])
        written, fresh_bytes = zipfile.ZipFile(made), made.getvalue()
        sources = [
            (written.getinfo(info.filename), fresh_bytes)
            if info.filename in payloads
            else (info, self.data)
            for info in entries
        ]
        try:
            return _copied(sources, self.archive.comment)
        except _CannotCopy:
            return self._recompressed(entries, payloads)

    def _recompressed(
        self, entries: Sequence[zipfile.ZipInfo], payloads: Mapping[str, bytes]
    ) -> bytes:
        """The archive written by zipfile alone (where its entries cannot be copied as they
        are: see ``_CannotCopy``): every entry decompressed and compressed again."""
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as target:
            for info in entries:
                payload = payloads.get(info.filename)
                if payload is None:
                    payload = self.archive.read(info.filename)
                target.writestr(copy.copy(info), payload)
            target.comment = self.archive.comment
        return out.getvalue()


def mimetype_fault(package: Package, expected: bytes) -> str | None:
    """What is wrong with the package's ``mimetype`` entry, which readers (EPUB's, epubcheck,
    InDesign) look for first, stored, with no extra field (its text at offset 38), holding
    ``expected``; None where nothing is."""
    infos = package.archive.infolist()
    found = next((info for info in infos if info.filename == "mimetype"), None)
    if found is None:
        return "missing"  # (what EPUB's note says: "the book's mimetype file was missing")
    faults = []
    if infos[0] is not found:
        faults.append("not first")
    if found.compress_type != zipfile.ZIP_STORED:
        faults.append("compressed")
    if found.extra:
        faults.append("with an extra field")
    if package.archive.read(found) != expected:
        faults.append(f"not saying {expected.decode()}")
    if not faults:
        return None
    return " and ".join([", ".join(faults[:-1]), faults[-1]] if len(faults) > 1 else faults)


class _CannotCopy(Exception):
    """Why an archive's entries cannot be copied compressed (``_copied``): an offset, a size
    or a count past what a zip holds without Zip64 (zipfile writes Zip64), or an entry whose
    local header is not where the directory says (zipfile finds it by its own means)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


_LOCAL = struct.Struct("<4s5H3L2H")  # a local file header (APPNOTE 4.3.7)
_CENTRAL = struct.Struct("<4s6H3L5H2L")  # a central directory header (4.3.12)
_END = struct.Struct("<4s4H2LH")  # the end of central directory record (4.3.16)
_ZIP64_EXTRA = 0x0001
_KEPT_FLAGS = 0x0006  # deflate's level bits; the sizes are always before the data here
_UTF8_NAME = 0x0800


def _copied(sources: Sequence[tuple[zipfile.ZipInfo, bytes]], comment: bytes) -> bytes:
    """A zip of the entries ``sources`` names (each entry's ZipInfo as read from an archive,
    and that archive's bytes), each one's compressed bytes copied with its name, method, CRC,
    date and attributes. zipfile has no public way to copy an entry without
    decompressing it; the headers are the APPNOTE's, as zipfile writes them."""
    out = io.BytesIO()
    central: list[bytes] = []
    if len(sources) >= 0xFFFF:
        raise _CannotCopy(f"{len(sources)} entries, past a zip's 65,535 without Zip64")
    for info, data in sources:
        at = info.header_offset
        head = data[at : at + _LOCAL.size]
        if len(head) < _LOCAL.size or head[:4] != b"PK\x03\x04":
            raise _CannotCopy(f"{info.filename}'s local header is not where the directory says")
        start = at + _LOCAL.size + int.from_bytes(head[26:28], "little")
        start += int.from_bytes(head[28:30], "little")
        raw = data[start : start + info.compress_size]
        offset = out.tell()
        if max(offset, info.compress_size, info.file_size) >= 0xFFFFFFFF:
            raise _CannotCopy(f"{info.filename} past 4 GB, which a zip holds only with Zip64")
        try:
            name, flags = info.filename.encode("ascii"), info.flag_bits & _KEPT_FLAGS
        except UnicodeEncodeError:
            name, flags = info.filename.encode("utf-8"), (info.flag_bits & _KEPT_FLAGS) | _UTF8_NAME
        extra = _without_zip64(info.extra)
        y, mo, d, h, mi, s = info.date_time
        date, time = (y - 1980) << 9 | mo << 5 | d, h << 11 | mi << 5 | s // 2
        fields = (info.compress_type, time, date, info.CRC, info.compress_size, info.file_size)
        out.write(
            _LOCAL.pack(b"PK\x03\x04", info.extract_version, flags, *fields, len(name), len(extra))
        )
        out.write(name + extra + raw)
        central.append(
            _CENTRAL.pack(
                b"PK\x01\x02",
                info.create_system << 8 | info.create_version,
                info.extract_version,
                flags,
                *fields,
                len(name),
                len(extra),
                len(info.comment),
                0,
                info.internal_attr,
                info.external_attr,
                offset,
            )
            + name
            + extra
            + info.comment
        )
    start = out.tell()
    directory = b"".join(central)
    if start + len(directory) >= 0xFFFFFFFF:
        raise _CannotCopy("the directory past 4 GB, which a zip holds only with Zip64")
    out.write(directory)
    count = len(sources)
    out.write(_END.pack(b"PK\x05\x06", 0, 0, count, count, len(directory), start, len(comment)))
    out.write(comment)
    return out.getvalue()


def _without_zip64(extra: bytes) -> bytes:
    """An entry's extra field without its Zip64 sizes (this writer needs none)."""
    kept, at = [], 0
    while at + 4 <= len(extra):
        kind, size = struct.unpack("<2H", extra[at : at + 4])
        if kind != _ZIP64_EXTRA:
            kept.append(extra[at : at + 4 + size])
        at += 4 + size
    return b"".join(kept)


def _ends_its_list(data: bytes) -> bool:
    """Whether a zip that cannot be opened still ends with the record that ends its list of
    files (a whole end of central directory record, with its comment, near its end): its
    list is damaged, not cut short as a download that did not finish is."""
    at = data.rfind(b"PK\x05\x06", max(0, len(data) - 22 - 0xFFFF))
    return at >= 0 and at + 22 + int.from_bytes(data[at + 20 : at + 22], "little") <= len(data)


def _a(kind: str) -> str:
    """``kind`` with its article: "an Excel workbook", "a Word document"."""
    return f"{'an' if kind[:1].lower() in 'aeiou' else 'a'} {kind}"


class SlotDocument(Reparsed, Document):
    """A zip-of-XML document whose units are paragraphs of its parsed parts: ``targets`` holds,
    per unit, the part's name, the paragraph and its text slots."""

    package: Package
    trees: dict[str, etree._Element]
    targets: list[tuple[str, etree._Element, list[Slot]]]

    def render(self, translations: Sequence[str]) -> bytes:
        self._check(translations)
        self._fresh()
        changed: dict[str, etree._Element] = {}
        for unit, (name, paragraph, slots), text in zip(
            self.units, self.targets, translations, strict=True
        ):
            if text != unit.text:
                apply(slots, text)
                changed[name] = self.trees[name]
                if self.language is not None:  # (a title naming its language)
                    retag(paragraph, self.language)
        if self.language is not None:
            changed.update(self.declare(self.language))
        self.recalculate(changed)
        return self.package.write(changed)

    def declare(self, language: Language) -> dict[str, etree._Element]:
        """Make the parts name ``language`` as their text's wherever they name a language; the
        parts changed. Formats that name none keep this."""
        return {}

    def recalculate(self, changed: dict[str, etree._Element]) -> None:
        """Have formulas computed again where their results could read a text that
        ``changed`` (the parts about to be written, added to where this changes more).
        Formats without formulas keep this."""


@dataclass(frozen=True)
class Slot:
    """One piece of a paragraph's text: ``element.text`` or ``element.tail`` (writable), or a
    fixed piece (a line break, a tab, a field) that the translator sees but that stays. A
    field's ``shown`` is its cached result; the translator sees its placeholder instead
    (``fixed``, given by :func:`numbered`)."""

    element: etree._Element | None
    tail: bool = False
    fixed: str = ""
    shown: str | None = None
    attribute: str = ""  # the element's attribute holding the text (an image's alt text)

    @property
    def writable(self) -> bool:
        return self.element is not None

    @property
    def text(self) -> str:
        if self.element is None:
            return self.fixed
        if self.attribute:
            return str(self.element.get(self.attribute, ""))
        return (self.element.tail if self.tail else self.element.text) or ""

    def set(self, value: str) -> None:
        assert self.element is not None
        if self.attribute:
            self.element.set(self.attribute, value)
            return
        if self.tail:
            self.element.tail = value
        else:
            self.element.text = value

    def copied(self, twin: Callable[[etree._Element], etree._Element]) -> Slot:
        """This slot in a copy of its paragraph (``twin``: an element's copy there)."""
        assert self.element is not None
        return Slot(twin(self.element), self.tail)


def alt_texts(root: etree._Element, tags: Iterable[str]) -> list[Slot]:
    """The alt texts of the drawings in ``root`` whose properties are ``tags`` (DrawingML's
    ``wp:docPr``, ``p:cNvPr``): each ``descr`` and ``title`` that holds words, in order (not
    the picture's file name, which python-pptx and others put there: ``names_a_file``)."""
    from engine.text.verbatim import is_verbatim

    return [
        Slot(element, attribute=name)
        for element in root.iter(*tags)
        for name in ("descr", "title")
        if not is_verbatim(said := str(element.get(name, ""))) and not names_a_file(said)
    ]


# A picture's or a video's file name, as a description's last line ends (Word's metafiles
# and pictures, pandoc's, a camera's).
_MEDIA = (
    r"\w\.(?:png|jpe?g|jfif|gif|bmp|dib|tiff?|wmf|emf|wdp|svgz?|webp|ico|heic|avif|eps"
    r"|mp[34]|m4[av]|mov|avi|wmv|wav|wma|mpe?g)"
)
# A path from a root (a drive, a share, the home or the current folder), spaces and all
# ("C:\Documents and Settings\…\pangolin.jpeg", "E:\Löwe Kopie.jpg"), or a file's
# name or path without spaces ("star_picture_save_as.wmf", "./lalune.jpg").
_MEDIA_PATH = re.compile(rf"(?:[a-z]:[\\/]|\\\\|~?/|\.\.?/).*{_MEDIA}|\S*{_MEDIA}", re.I)
# A name made of words joined by underscores ("cbonds_logo_eng", "daily_usage_200709").
_IDENTIFIER = re.compile(r"\w*_\w*")


def names_a_file(text: str) -> bool:
    """Whether a picture's description is what a program put there in place of one, a
    name that holds no words to translate: on each line, the path Word inserted the
    picture from, its file's name, a name joined by underscores, or the "fig:" pandoc
    writes before the path (a single word, "pixel", may be a reader's, and is sent)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return bool(lines) and all(
        line == "fig:" or _MEDIA_PATH.fullmatch(line) or _IDENTIFIER.fullmatch(line)
        for line in lines
    )


def fixed(text: str) -> Slot:
    return Slot(None, fixed=text)


def shown_text(element: etree._Element) -> str:
    """What an element never translated shows, its whitespace collapsed: a formula's, as
    its author typed it (MathML's annotation: pandoc's TeX, LibreOffice's StarMath), where
    it has one."""
    for annotation in element.iter("{*}annotation"):
        typed = str(annotation.text or "").strip()
        if typed:
            return " ".join(typed.split())
    return " ".join("".join(str(t) for t in element.itertext()).split())


def field(shown: str) -> Slot:
    """A field (page number, date, cross-reference) showing ``shown``: atomic, never written,
    seen by the translator as a placeholder where it stands in the sentence."""
    return Slot(None, shown=shown)


def numbered(slots: Iterable[Slot]) -> list[Slot]:
    """The slots with each field's placeholder numbered in order, from 1."""
    out: list[Slot] = []
    count = 0  # (fields(out) counted anew for each field: quadratic in a paragraph of many)
    for slot in slots:
        if slot.shown is not None:
            count += 1
            slot = Slot(None, fixed=FIELD.format(count), shown=slot.shown)
        out.append(slot)
    return out


def apply(slots: Sequence[Slot], text: str) -> None:
    """Write ``text`` into the slots (nothing changes when it equals their text)."""
    writable = [s for s in slots if s.element is not None]
    if text == "".join(s.text for s in slots):
        return
    for slot, part in zip(writable, distribute(text, slots), strict=True):
        slot.set(part)


def copy_after(
    paragraph: etree._Element,
    slots: Sequence[Slot],
    text: str,
    drop: Callable[[etree._Element], bool],
    attributes: Iterable[str] = (),
) -> etree._Element:
    """Insert a deep copy of ``paragraph`` right after it holding ``text`` (bilingual output).
    Elements for which ``drop`` is true (images, notes, bookmarks: things that must not appear
    twice) are removed from the copy with their text; ``attributes`` (unique ids) too."""
    twin = copy.deepcopy(paragraph)
    originals = list(paragraph.iter())
    copies = list(twin.iter())
    where = {id(e): n for n, e in enumerate(originals)}
    twin_slots = [
        s.copied(lambda e: copies[where[id(e)]]) if s.element is not None else s for s in slots
    ]
    for slot, part in zip(
        [s for s in twin_slots if s.element is not None], distribute(text, slots), strict=True
    ):
        slot.set(part)
    for element in list(twin.iter()):
        if element is not twin and drop(element):
            remove_keeping_tail(element)
    for element in twin.iter():
        for name in attributes:
            element.attrib.pop(name, None)
    twin.tail = paragraph.tail
    paragraph.addnext(twin)
    return twin


def remove_keeping_tail(element: etree._Element) -> None:
    """Remove ``element`` with its text; the text after it (its tail) stays where it was."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail or ""
    previous = element.getprevious()
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def unwrap(element: etree._Element) -> None:
    """Put ``element``'s children (and its text) in its place, then remove it."""
    parent = element.getparent()
    if parent is None:
        return
    if element.text:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.text
        else:
            parent.text = (parent.text or "") + element.text
    for child in list(element):
        element.addprevious(child)  # (its tail goes with it)
    remove_keeping_tail(element)


def local(element: etree._Element) -> str:
    """The tag without its namespace ("" for comments, entities and processing instructions)."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


__all__ = [
    "MAX_PART_BYTES",
    "Package",
    "Slot",
    "alt_texts",
    "apply",
    "copy_after",
    "distribute",
    "field",
    "fields",
    "fixed",
    "local",
    "mimetype_fault",
    "names_a_file",
    "numbered",
    "remove_keeping_tail",
    "unwrap",
    "xml_parser",
    "xml_refusal",
]
