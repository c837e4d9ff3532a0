"""Linux: trim the ICU data Qt's wheel bundles (``libicudata.so.NN``, 32 MB) to what Qt reads.

Qt Core links ICU for four things: collation (``ucol_*``: QCollator, the file dialog's sort),
legacy text codecs (``ucnv_*``: QStringConverter), time-zone names (``ucal_*``) and
locale-aware case mapping (``u_strToUpper``/``u_strToLower``, whose tables are code, not
data). Nothing in Qt asks ICU for break iterators, unit, currency, language or region
display names, transliterators or spelled-out numbers, so those trees go, as ICU's own data
filters (``ICU_DATA_FILTER_FILE``) and Node's small-icu leave them out: about 15 MB.

The library is a shared object holding one symbol, ``icudtNN_dat``: ICU's common data, a
table of contents (names sorted bytewise, each item aligned to 16 bytes) and the items. The
trimmed table is written the same way and linked into a shared object of the same name with
the C compiler (``.incbin``). Without a compiler, or when anything looks unlike the format
described here, the library stays as it was, and the build says why.
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

# The trees under icudtNNl/ no ICU function Qt links reads, and the character names table.
UNUSED = ("brkitr/", "unit/", "curr/", "lang/", "region/", "translit/", "rbnf/", "unames.icu")

_MAGIC = b"\xda\x27"
_PAD = b"\xaa"  # what ICU's pkgdata fills the gaps with


@dataclass(frozen=True)
class CommonData:
    header: bytes  # MappedData + UDataInfo ("CmnD") + copyright, as the file has it
    items: list[tuple[bytes, bytes]]  # (name, the item with its padding), in the file's order


def read_common(blob: bytes) -> CommonData:
    """ICU common data (``CmnD``, little-endian) as its header and items."""
    size, magic = struct.unpack_from("<H2s", blob)
    if magic != _MAGIC or blob[12:16] != b"CmnD" or blob[16:17] != b"\x01" or blob[8] != 0:
        raise ValueError("not little-endian ICU common data (format CmnD 1)")
    count = struct.unpack_from("<I", blob, size)[0]
    entries = [struct.unpack_from("<II", blob, size + 4 + 8 * k) for k in range(count)]
    body = blob[size:]
    items = []
    for k, (name_at, data_at) in enumerate(entries):
        end = entries[k + 1][1] if k + 1 < count else len(body)
        name = body[name_at : body.index(b"\0", name_at)]
        items.append((name, body[data_at:end]))
    return CommonData(blob[:size], items)


def write_common(data: CommonData) -> bytes:
    """``data`` as ICU lays common data out: the table, the names, then each item at a
    multiple of 16 bytes from the table's start, the gaps filled as ICU fills them."""
    count = len(data.items)
    names_at = 4 + 8 * count
    names = b"".join(name + b"\0" for name, _ in data.items)
    data_at = _aligned(names_at + len(names))
    table = [struct.pack("<I", count)]
    name_offset, offset = names_at, data_at
    body: list[bytes] = []
    for name, item in data.items:
        table.append(struct.pack("<II", name_offset, offset))
        name_offset += len(name) + 1
        padded = item + _PAD * (_aligned(len(item)) - len(item))
        body.append(padded)
        offset += len(padded)
    head = b"".join(table) + names
    return data.header + head + _PAD * (data_at - len(head)) + b"".join(body)


def _aligned(n: int) -> int:
    return (n + 15) // 16 * 16


def trimmed(data: CommonData, unused: Iterable[str] = UNUSED) -> CommonData:
    """``data`` without the items whose name (after ``icudtNNl/``) starts with one of
    ``unused``."""
    prefixes = tuple(p.encode() for p in unused)
    kept = [(n, i) for n, i in data.items if not n.split(b"/", 1)[-1].startswith(prefixes)]
    return CommonData(data.header, kept)


def _symbol(readelf: str, library: Path) -> tuple[str, int, int]:
    """The library's ``icudtNN_dat``: its name, file offset and size."""
    symbols = subprocess.run(
        [readelf, "--dyn-syms", "-W", str(library)], capture_output=True, text=True, check=True
    ).stdout
    found = re.search(r":\s+([0-9a-f]+)\s+(\d+|0x[0-9a-f]+)\s+OBJECT\s.*\s(icudt\d+_dat)$",
                      symbols, re.MULTILINE)  # fmt: skip
    if found is None:
        raise ValueError("no icudtNN_dat symbol")
    address, size = int(found[1], 16), int(found[2], 0)
    segments = subprocess.run(
        [readelf, "-lW", str(library)], capture_output=True, text=True, check=True
    ).stdout
    for line in segments.splitlines():
        fields = line.split()
        if fields[:1] != ["LOAD"]:
            continue
        offset, start, length = int(fields[1], 16), int(fields[2], 16), int(fields[4], 16)
        if start <= address and address + size <= start + length:
            return found[3], address - start + offset, size
    raise ValueError("icudtNN_dat lies in no loaded segment")


def _link(cc: str, blob: Path, symbol: str, soname: str, out: Path) -> None:
    source = out.with_suffix(".S")
    source.write_text(
        f"\t.section .rodata\n\t.globl {symbol}\n\t.type {symbol}, @object\n\t.balign 16\n"
        f'{symbol}:\n\t.incbin "{blob}"\n\t.size {symbol}, . - {symbol}\n'
        '\t.section .note.GNU-stack,"",@progbits\n'
    )
    subprocess.run(
        [cc, "-shared", "-nostdlib", f"-Wl,-soname,{soname}", "-o", str(out), str(source)],
        check=True,
        capture_output=True,
    )


def trim_icu_data(app: Path, log: Callable[[str], None], unused: Iterable[str] = UNUSED) -> int:
    """Replace each ``libicudata.so.NN`` under ``app`` with one holding the trimmed data;
    the bytes saved (0 where it stays as it was, said through ``log``)."""
    cc, readelf = shutil.which("cc") or shutil.which("gcc"), shutil.which("readelf")
    saved = 0
    for library in sorted(app.rglob("libicudata.so.*")):
        if library.is_symlink() or not library.is_file():
            continue
        if cc is None or readelf is None:
            log(f"no C compiler or readelf: {library.name} keeps all of ICU's data")
            return saved
        try:
            symbol, offset, size = _symbol(readelf, library)
            with library.open("rb") as file:
                file.seek(offset)
                blob = file.read(size)
            data = read_common(blob)
            kept = trimmed(data, unused)
            with tempfile.TemporaryDirectory(prefix="quire-icu-") as work:
                dat = Path(work) / f"{symbol}.dat"
                dat.write_bytes(write_common(kept))
                out = Path(work) / library.name
                _link(cc, dat, symbol, library.name, out)
                # Read back from the linked library: the same items, under the same symbol.
                again_symbol, again_at, again_size = _symbol(readelf, out)
                with out.open("rb") as file:
                    file.seek(again_at)
                    again = read_common(file.read(again_size))
                if again_symbol != symbol or [n for n, _ in again.items] != [
                    n for n, _ in kept.items
                ]:
                    raise ValueError("the linked library does not read back")
                shutil.copymode(library, out)
                before = library.stat().st_size
                shutil.move(out, library)
        except (ValueError, OSError, subprocess.CalledProcessError, struct.error) as exc:
            log(f"{library.name} keeps all of ICU's data: {exc}")
            continue
        dropped = len(data.items) - len(kept.items)
        saved += before - library.stat().st_size
        log(f"{library.name}: {dropped} of {len(data.items)} ICU data items left out "
            f"({(before - library.stat().st_size) / 1e6:.1f} MB)")  # fmt: skip
    return saved


__all__ = ["UNUSED", "CommonData", "read_common", "trim_icu_data", "trimmed", "write_common"]
