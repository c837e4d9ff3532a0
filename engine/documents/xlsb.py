"""What Quire checks of an Excel binary workbook (.xlsb) against LibreOffice's conversion of it
into .xlsx: how many strings the source holds (its strings part, xl/sharedStrings.bin), so
that a conversion that lost them all is refused, not written as an empty workbook; and which
headers and footers its sheets have, so that the ones LibreOffice's page style adds ("Page
&P", the sheet's name "&A") are not sent as the workbook's words. The parts are read as
[MS-XLSB] records: a type and a size, each a little-endian base-128 number, then the data."""

from __future__ import annotations

import io
import re
import struct
import zipfile
from collections.abc import Iterator

_SST_ITEM = 0x13  # BrtSSTItem: a RichStr (a flags byte, then an XLWideString)
_HEADER_FOOTER = 0x1DF  # BrtBeginHeaderFooter: two bytes of flags, then six strings
_NULL = 0xFFFFFFFF  # an XLNullableWideString's length when it is none


def _number(data: bytes, at: int, most: int) -> tuple[int, int]:
    value = 0
    for k in range(most):
        if at >= len(data):
            raise ValueError("cut short")
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << (7 * k)
        if not byte & 0x80:
            break
    return value, at


def _records(data: bytes) -> Iterator[tuple[int, bytes]]:
    at = 0
    while at < len(data):
        kind, at = _number(data, at, 2)
        size, at = _number(data, at, 4)
        yield kind, data[at : at + size]
        at += size


def _strings(data: bytes, at: int, count: int) -> list[str]:
    """``count`` nullable wide strings from ``at`` (a none as "")."""
    found = []
    for _ in range(count):
        (length,) = struct.unpack_from("<I", data, at)
        at += 4
        if length == _NULL:
            found.append("")
            continue
        found.append(data[at : at + 2 * length].decode("utf-16-le", "replace"))
        at += 2 * length
    return found


def source_text(package: bytes) -> tuple[int, frozenset[str]]:
    """The number of non-empty strings in the .xlsb ``package``'s strings part, and the
    headers and footers its sheets have (as written: "&CPage &P"); (0, none) where a part
    cannot be read (nothing is then refused or left out for its sake)."""
    count = 0
    headers: set[str] = set()
    try:
        with zipfile.ZipFile(io.BytesIO(package)) as archive:
            names = archive.namelist()
            if "xl/sharedStrings.bin" in names:
                for kind, data in _records(archive.read("xl/sharedStrings.bin")):
                    if kind == _SST_ITEM and len(data) >= 5:
                        count += struct.unpack_from("<I", data, 1)[0] > 0  # (its length)
            for name in names:
                if name.startswith("xl/worksheets/") and name.endswith(".bin"):
                    for kind, data in _records(archive.read(name)):
                        if kind == _HEADER_FOOTER:
                            headers.update(s for s in _strings(data, 2, 6) if s)
    except (zipfile.BadZipFile, OSError, ValueError, struct.error, KeyError):
        return 0, frozenset()
    return count, frozenset(headers)


_PAGE_TEXT = re.compile(
    rb"<(oddHeader|oddFooter|evenHeader|evenFooter|firstHeader|firstFooter)>(.*?)</\1>", re.S
)


def without_added_headers(converted: bytes, headers: frozenset[str]) -> bytes:
    """``converted`` (LibreOffice's .xlsx of an .xlsb whose sheets have ``headers``) without
    headers and footers where the source's sheets have none: LibreOffice gives a sheet whose
    page setup it does not take from the source its default page style's ("&A" centred
    above, "Page &P" below), which are no words of the workbook's. Where the source has
    some, every one is kept (LibreOffice writes them otherwise: a section's codes, a line
    break dropped, so that one is not matched to the source's by its text)."""
    if headers:
        return converted
    buffer = io.BytesIO()
    changed = False
    with (
        zipfile.ZipFile(io.BytesIO(converted)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = source.read(info)
            if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                cleared = _PAGE_TEXT.sub(rb"<\1/>", data)
                changed = changed or cleared != data
                data = cleared
            target.writestr(info, data)
    return buffer.getvalue() if changed else converted


__all__ = ["source_text", "without_added_headers"]
