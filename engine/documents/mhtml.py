"""Web pages saved as one file (MIME HTML, RFC 2557): Chrome's and Edge's ``.mhtml``, Internet
Explorer's and Word's ``.mht``, Confluence's "Export to Word" ``.doc``. The page (the root
HTML part) and the frames it shows are translated as an ``.html`` page is; every other part
(pictures, style sheets, scripts), every header and boundary is kept byte for byte.

The file is edited where the pages' bodies are, not rebuilt by ``email.generator``, which
refolds headers, renames boundaries and re-encodes pictures. A page's body is written in its
transfer encoding and charset; where the translation does not fit the charset it becomes
UTF-8, and its Content-Type (and the page's own ``<meta charset>``) say so."""

from __future__ import annotations

import base64
import binascii
import email
import email.policy
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from email.message import EmailMessage
from email.parser import BytesHeaderParser
from pathlib import Path
from urllib.parse import urljoin

from engine.documents.base import Document, Unit, check_unit_count, edited
from engine.documents.eml import multipart_spans
from engine.documents.errors import DocumentError
from engine.documents.html import HtmlDocument, parse
from engine.errors import InputError
from engine.text.encoding import TextEncoding, decode, lookup

# What a page is (XHTML too: Chrome saves an XHTML page so).
_PAGES = ("text/html", "application/xhtml+xml")
# A frame a page shows: its address, as the page names it (Chrome's "cid:frame-…@mhtml.blink",
# Internet Explorer's and Word's the frame's own URL or a file beside the page).
_FRAME = re.compile(
    r"""<i?frame\b[^>]*?\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE
)
# A field of a header block (its folded lines too), read as latin-1.
_FIELD = re.compile(r"^([!-9;-~]+)[ \t]*:.*(?:\r?\n[ \t].*)*(?:\r?\n|\Z)", re.MULTILINE)
_ASCII = ("us-ascii", "ascii")
# A page's own charset declaration, rewritten where the page becomes UTF-8.
_META = re.compile(r"""<meta\s[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_HEADER_LINE = re.compile(rb"[!-9;-~]+[ \t]*:|[ \t]")
# What a MIME HTML file begins with (as a .doc or an .htm): a header block naming MIME, or the
# fields Confluence and the browsers write before it, then a multipart or a page.
_MIME_START = re.compile(
    rb"\A(?:\xef\xbb\xbf)?(?:(?:from|date|subject|message-id|mime-version|x-[!-9;-~]*"
    rb"|snapshot-content-location|content-[a-z-]+)[ \t]*:[^\n]*\n(?:[ \t][^\n]*\n)*)+",
    re.IGNORECASE,
)


@dataclass
class _Entity:
    """A part (or the whole file): where its header block and body are in the file."""

    start: int
    head_end: int
    body_start: int
    end: int
    headers: EmailMessage

    @property
    def kind(self) -> str:
        return self.headers.get_content_type()


@dataclass
class _Page:
    """A page that is translated: its part, how its body is written, and its document."""

    entity: _Entity
    label: str | None  # the charset its Content-Type names
    transfer: str  # its Content-Transfer-Encoding, lower case ("" where it names none)
    crlf: bool  # its decoded text's lines end in CR LF
    document: HtmlDocument
    first: int = 0  # its first unit's index in the file


def is_mhtml(data: bytes) -> bool:
    """Whether ``data`` is a MIME HTML file: a header block naming MIME-Version and a
    multipart/related or text/html Content-Type (what a ``.doc`` or ``.htm`` from Confluence or
    Internet Explorer holds)."""
    head = _MIME_START.match(data[:16384].replace(b"\r\n", b"\n"))
    if head is None:
        return False
    block = head.group().lower()
    return (
        b"mime-version" in block
        and re.search(
            rb"^content-type[ \t]*:[ \t]*(?:multipart/related|text/html)", block, re.MULTILINE
        )
        is not None
    )


class MhtmlDocument(Document):
    def __init__(self, path: Path, data: bytes) -> None:
        self.path, self.data = path, data
        self.eol = b"\r\n" if b"\r\n" in data[:4096] else b"\n"
        top = self._entity(0, len(data))
        if "mime-version" not in top.headers and top.kind not in (*_PAGES, "multipart/related"):
            raise DocumentError(
                "This file is not a web page saved as one file (MHTML): it has no MIME header",
                path=path,
                hint="Save the page again in your browser (Save as > Webpage, Single File), "
                "then retry",
                message_id="document.mhtml_not_mime",
            )
        leaves = self._leaves(top)
        pages = [e for e in leaves if e.kind in _PAGES]
        if not pages:
            raise DocumentError(
                "This web archive holds no HTML page, only its other parts",
                path=path,
                hint="Save the page again in your browser (Save as > Webpage, Single File), "
                "then retry",
                message_id="document.mhtml_no_page",
            )
        root = self._root(top, pages)
        self.pages: list[_Page] = []
        self._read_pages(root, pages)
        units: list[Unit] = []
        notes = []
        for n, page in enumerate(self.pages):
            page.first = len(units)
            units += [replace(u, id=f"page{n + 1}.{u.id}") for u in page.document.units]
            check_unit_count(len(units), path)
            notes += [note for note in page.document.notes if note not in notes]
        self.units = tuple(units)
        self.notes = tuple(notes)

    # --- reading ---------------------------------------------------------------------------

    def _entity(self, start: int, end: int) -> _Entity:
        head_end, body_start = _split(self.data, start, end)
        raw = self.data[start:head_end].removeprefix(b"\xef\xbb\xbf")
        headers = BytesHeaderParser(policy=email.policy.default).parsebytes(raw)
        assert isinstance(headers, EmailMessage)
        return _Entity(start, head_end, body_start, end, headers)

    def _leaves(self, entity: _Entity) -> list[_Entity]:
        """The parts that are no multipart, in order (Word nests none; a page saved from a
        mail program may)."""
        if not entity.kind.startswith("multipart/"):
            return [entity]
        boundary = entity.headers.get_param("boundary")
        if not isinstance(boundary, str) or not boundary:
            raise self._broken("its multipart header names no boundary")
        spans, closed = multipart_spans(
            self.data, entity.body_start, entity.end, boundary.encode("latin-1", "replace")
        )
        if not spans:
            raise self._broken(f'no part begins with its boundary "{boundary}"')
        if not closed:
            raise DocumentError(
                "The web archive is cut short: its last part does not end",
                path=self.path,
                hint="The file did not finish downloading or copying: save the page again, "
                "then retry",
                message_id="document.mhtml_truncated",
            )
        found: list[_Entity] = []
        for a, b in spans:
            found += self._leaves(self._entity(a, b))
        return found

    def _broken(self, why: str) -> DocumentError:
        return DocumentError(
            f"The web archive's MIME structure is broken: {why}",
            path=self.path,
            hint="Save the page again in your browser (Save as > Webpage, Single File), then retry",
            message_id="document.mhtml_broken",
            params={"why": why},
        )

    def _root(self, top: _Entity, pages: list[_Entity]) -> _Entity:
        """The page the file is of: the part the multipart/related's ``start`` names (RFC 2387
        §3.2), else the first HTML part."""
        start = top.headers.get_param("start") if top.kind == "multipart/related" else None
        if isinstance(start, str):
            wanted = start.strip().strip("<>")
            for page in pages:
                if str(page.headers.get("content-id", "")).strip().strip("<>") == wanted:
                    return page
        return pages[0]

    def _read_pages(self, root: _Entity, pages: list[_Entity]) -> None:
        """The root page, then each frame a translated page shows (by the address its
        ``<iframe src>`` or ``<frame src>`` names: the part's Content-Location, or ``cid:``
        and its Content-ID), each once. An HTML part no page shows (a page linked to) is
        kept as it is: a reader of the file never sees it."""
        by_address: dict[str, _Entity] = {}
        for part in pages:
            location = str(part.headers.get("content-location", "")).strip()
            if location:
                by_address.setdefault(location, part)
            cid = str(part.headers.get("content-id", "")).strip().strip("<>")
            if cid:
                by_address.setdefault(f"cid:{cid}", part)
        queue, seen = [root], {root.start}
        while queue:
            entity = queue.pop(0)
            source, page = self._page(entity)
            if page is not None and page.document.units:
                self.pages.append(page)
            base = str(entity.headers.get("content-location", "")).strip()
            for match in _FRAME.finditer(source):  # (a <frameset> page's too, no text of its own)
                src = next(g for g in match.groups() if g is not None).strip()
                frame = by_address.get(src) or by_address.get(urljoin(base, src) if base else "")
                if frame is not None and frame.start not in seen:
                    seen.add(frame.start)
                    queue.append(frame)

    def _page(self, entity: _Entity) -> tuple[str, _Page | None]:
        """A page's text, and the page to translate (None where it has no text: a frameset,
        a picture's frame)."""
        part = email.message_from_bytes(
            self.data[entity.start : entity.end], policy=email.policy.default
        )
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            return "", None
        transfer = str(entity.headers.get("content-transfer-encoding", "")).strip().lower()
        if transfer == "base64" and _cut_base64(self.data[entity.body_start : entity.end]):
            raise DocumentError(
                "The web archive is cut short: its page's base64 ends in the middle",
                path=self.path,
                hint="The file did not finish downloading or copying: save the page again, "
                "then retry",
                message_id="document.mhtml_truncated",
            )
        label = entity.headers.get_param("charset")
        label = label if isinstance(label, str) else None
        text, found = self._decoded(payload, label)
        crlf = "\r\n" in text
        text = text.replace("\r\n", "\n")
        try:
            document = parse(text, found, self.path)
        except DocumentError as exc:
            if exc.message_id != "document.no_text":
                raise
            return text, None  # (markup alone: kept as it is)
        return text, _Page(entity, label, transfer, crlf, document)

    def _decoded(self, payload: bytes, label: str | None) -> tuple[str, TextEncoding]:
        """A page's text as its part's charset says (a browser reads it so, before any
        ``<meta>``), where that reads every byte; else as an .html file's is found."""
        if label and label.lower() in _ASCII and payload.isascii():
            # (a browser reads us-ascii as windows-1252, a mail reader as ASCII: a translation
            # past ASCII is written as UTF-8 and named so)
            meta = _META.search(payload[:4096].decode("ascii"))
            declared = meta.group(1) if meta else None
            return payload.decode("ascii"), TextEncoding("utf-8", "utf-8", declared=declared)
        try:
            named = lookup(label) if label else None
        except InputError:
            named = None
        if named is not None:
            try:
                text = payload.decode(named.codec)
            except UnicodeDecodeError:
                pass
            else:
                meta = _META.search(text[:4096])
                return text.removeprefix("\ufeff"), replace(
                    named,
                    how="declaration",
                    declared=meta.group(1) if meta else None,
                    bom=text.startswith("\ufeff"),
                )
        return decode(payload, self.path, what="web page", markup=True, error=DocumentError)

    # --- writing ---------------------------------------------------------------------------

    def render(self, translations: Sequence[str]) -> bytes:
        return self._written(translations, lambda d, t: d.render(t))

    def render_bilingual(self, translations: Sequence[str]) -> bytes:
        return self._written(translations, lambda d, t: d.render_bilingual(t))

    def _written(
        self, translations: Sequence[str], render: Callable[[HtmlDocument, Sequence[str]], bytes]
    ) -> bytes:
        self._check(translations)
        edits: list[tuple[int, int, bytes]] = []
        for page in self.pages:
            count = len(page.document.units)
            mine = translations[page.first : page.first + count]
            if all(t == u.text for t, u in zip(mine, page.document.units, strict=True)):
                continue
            page.document.language = self.language
            try:
                encoded = render(page.document, mine)
            finally:
                page.document.language = None
            edits += self._page_edits(page, bytes(encoded), getattr(encoded, "encoding", None))
        return edited(self.data, edits)

    def _page_edits(
        self, page: _Page, written: bytes, charset: str | None
    ) -> list[tuple[int, int, bytes]]:
        """A page's body in its transfer encoding, and its Content-Type's charset where the
        page is now written in another."""
        entity = page.entity
        if page.crlf:
            written = written.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
        transfer = page.transfer
        if transfer in ("", "7bit") and not written.isascii():
            # (7 bits cannot hold the translation: quoted-printable, and its header says so)
            transfer = "quoted-printable"
        if transfer == "base64":
            body = base64.encodebytes(written)
        elif transfer == "quoted-printable":
            body = binascii.b2a_qp(written.replace(b"\r\n", b"\n"), istext=True)
        else:  # (7bit, 8bit or binary: as it is)
            body = written.replace(b"\r\n", b"\n")
        body = body.replace(b"\n", self.eol)
        old = self.data[entity.body_start : entity.end]
        trail = old[len(old.rstrip(b"\r\n")) :]  # (the blank lines before the next boundary)
        edits = [(entity.body_start, entity.end, body.rstrip(b"\r\n") + trail)]
        label = page.label
        if label is not None and label.lower() in _ASCII and written.isascii():
            label = None  # (it says so still)
        if charset is not None and label is not None and _other(label, charset):
            edits += self._charset_edit(entity, label, charset)
        if transfer != page.transfer:
            edits += self._transfer_edit(entity, transfer)
        return edits

    def _charset_edit(
        self, entity: _Entity, label: str, charset: str
    ) -> list[tuple[int, int, bytes]]:
        """The Content-Type field naming ``charset`` in place of ``label``, its other
        parameters and folding as they were."""
        head = self.data[entity.start : entity.head_end].decode("latin-1")
        for match in _FIELD.finditer(head):
            if match.group(1).lower() != "content-type":
                continue
            field = match.group()
            pattern = re.compile(r"(charset\s*=\s*)(\"?)" + re.escape(label) + r"\2", re.I)
            new = pattern.sub(lambda m: f"{m.group(1)}{m.group(2)}{charset}{m.group(2)}", field)
            a, b = entity.start + match.start(), entity.start + match.end()
            return [(a, b, new.encode("latin-1"))]
        return []

    def _transfer_edit(self, entity: _Entity, transfer: str) -> list[tuple[int, int, bytes]]:
        """The Content-Transfer-Encoding field naming ``transfer``: in place of the one the
        part has, else added at the end of its header block."""
        head = self.data[entity.start : entity.head_end].decode("latin-1")
        line = f"Content-Transfer-Encoding: {transfer}".encode("ascii") + self.eol
        for match in _FIELD.finditer(head):
            if match.group(1).lower() == "content-transfer-encoding":
                a, b = entity.start + match.start(), entity.start + match.end()
                return [(a, b, line)]
        return [(entity.head_end, entity.head_end, line)]


def _other(label: str, charset: str) -> bool:
    try:
        return lookup(label).codec != lookup(charset).codec
    except InputError:
        return True


def _split(data: bytes, start: int, end: int) -> tuple[int, int]:
    """Where an entity's header block ends and its body starts (after the blank line)."""
    at = start
    if data.startswith(b"\xef\xbb\xbf", at):
        at += 3
    while at < end:
        stop = data.find(b"\n", at, end)
        stop = end if stop < 0 else stop + 1
        if not data[at:stop].strip(b"\r\n"):
            return at, stop
        if not _HEADER_LINE.match(data, at, stop):
            return at, at
        at = stop
    return end, end


def _cut_base64(body: bytes) -> bool:
    """Whether a base64 body stops in the middle of a group of four (a file cut short)."""
    letters = re.sub(rb"[^A-Za-z0-9+/=]", b"", body)
    return len(letters) % 4 != 0


def read(data: bytes, path: Path) -> Document:
    return MhtmlDocument(path, data)


__all__ = ["MhtmlDocument", "is_mhtml", "read"]
