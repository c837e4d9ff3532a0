"""Write engine/documents/rc_languages.py: the ``LANG_`` and ``SUBLANG_`` constants a resource
script's ``LANGUAGE`` statement names each Windows locale id by, for the ids Python's
``locale.windows_locale`` knows, read from mingw-w64's winnt.h (Debian's mingw-w64-x86-64-dev;
winnt.h's constants are Windows' own, as winres.h and afxres.h include them).

    python tools/make_rc_languages.py [/usr/share/mingw-w64/include/winnt.h]
"""

from __future__ import annotations

import locale
import re
import sys
from pathlib import Path

_NOT_LANGUAGES = {"LANG_NEUTRAL", "LANG_INVARIANT", "LANG_SYSTEM_DEFAULT", "LANG_USER_DEFAULT"}


def constants(header: str) -> dict[int, tuple[str, str]]:
    languages: dict[int, list[str]] = {}
    for name, value in re.findall(r"#define (LANG_[A-Z_]+)\s+0x([0-9a-fA-F]+)", header):
        if name not in _NOT_LANGUAGES:
            languages.setdefault(int(value, 16), []).append(name)
    subs: dict[str, int] = {}
    for name, value in re.findall(r"#define (SUBLANG_[A-Z_0-9]+)\s+0x([0-9a-fA-F]+)", header):
        subs.setdefault(name, int(value, 16))
    found: dict[int, tuple[str, str]] = {}
    for number in sorted(locale.windows_locale):
        primary, sub = number & 0x3FF, number >> 10
        for language in languages.get(primary, []):
            stem = language[len("LANG_") :]
            named = [
                s
                for s, v in subs.items()
                if v == sub and (s[len("SUBLANG_") :] + "_").startswith(stem + "_")
            ]
            if named:  # (the shortest: SUBLANG_GERMAN, not a longer alias of the same id)
                found[number] = (language, min(named, key=len))
                break
    return found


def main() -> None:
    header = Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/mingw-w64/include/winnt.h")
    rows = "\n".join(
        f'    0x{n:04X}: ("{lang}", "{sub}"),'
        for n, (lang, sub) in constants(header.read_text()).items()
    )
    out = Path(__file__).resolve().parent.parent / "engine" / "documents" / "rc_languages.py"
    out.write_text(
        '"""The ``LANG_`` and ``SUBLANG_`` constants (winnt.h\'s, which winres.h and afxres.h\n'
        "include) a resource script's ``LANGUAGE`` statement names each Windows locale id by:\n"
        "generated from mingw-w64's winnt.h by tools/make_rc_languages.py for the ids Python's\n"
        '``locale.windows_locale`` knows."""\n\nfrom __future__ import annotations\n\n'
        f"CONSTANTS: dict[int, tuple[str, str]] = {{\n{rows}\n}}  # fmt: skip\n\n"
        '__all__ = ["CONSTANTS"]\n'
    )


if __name__ == "__main__":
    main()
