"""Damaged localisation files (gettext catalogs, XLIFF, Qt Linguist), made by changing bytes of
the producers' files and by text from their syntax's characters: each is refused with a
``DocumentError`` or read, and a file read is written back as it was when nothing is
translated and written at all when everything is."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.documents import DocumentError, open_document
from engine.documents.language import target_language

DATA = Path(__file__).parent / "data"
SAMPLES = {
    ".po": DATA / "po" / "merged.de.po",
    ".pot": DATA / "po" / "app.pot",
    ".xlf": DATA / "xliff" / "angular-1.2.xlf",
    ".xliff": DATA / "xliff" / "angular-2.0.xlf",
    ".sdlxliff": DATA / "xliff" / "report.docx.sdlxliff",
    ".mqxliff": DATA / "xliff" / "report.docx.mqxliff",
    ".ts": DATA / "linguist" / "qt.ts",
    ".json": DATA / "json" / "formatjs.json",
    ".tmx": DATA / "tmx" / "lisa_ImportTest1L.tmx",
}
SYNTAX = list('msgidstr_plural[0] "\\n#,|~ fuzzy%sd{}<>/=&;xliff trans-unit source target g x\n:[]')


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
@pytest.mark.parametrize("ext", sorted(SAMPLES))
def test_damaged_localisation_files_are_refused_or_written(
    tmp_path: Path, ext: str, data: st.DataObject
) -> None:
    original = SAMPLES[ext].read_bytes()
    mode = data.draw(st.integers(0, 3))
    if mode == 0:
        payload = data.draw(st.text(alphabet=st.sampled_from(SYNTAX), max_size=300)).encode()
    else:
        edited = bytearray(original)
        for _ in range(data.draw(st.integers(1, 6))):
            at = data.draw(st.integers(0, len(edited) - 1))
            edited[at] = data.draw(st.sampled_from(list(b'"\\\n<>/&;#x \x00\xff')))
        payload = bytes(edited[: data.draw(st.integers(len(edited) // 2, len(edited)))])
    path = tmp_path / f"fuzz{ext}"
    path.write_bytes(payload)
    try:
        document = open_document(path)
    except DocumentError:
        return
    same = document.write([u.text for u in document.units])
    if ext not in (".po", ".pot", ".json") or _utf8(payload):
        # (A catalog with bytes that are not UTF-8 is read as mixed encodings: its text is
        # written back, in UTF-8.)
        assert same == payload
    language = target_language(document.declared_target() or "de")
    try:
        written = document.write([u.text.upper() for u in document.units], language=language)
    except DocumentError as exc:  # a file for another language than the one named
        assert exc.message_id == "document.target_language"
        return
    assert isinstance(written, bytes) and written


def _utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
