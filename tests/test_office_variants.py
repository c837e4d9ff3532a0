"""Office's other kinds of the same packages (macro-enabled documents, templates, slide shows)
as LibreOffice saves them: read as their .docx, .pptx or .xlsx twin is, and written back
under the same name and content type, every part but the translated ones byte for byte."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pytest

from engine.documents import open_document, supported, translate_file
from engine.documents.errors import DocumentError

DATA = Path(__file__).parent / "data"
VARIANTS = DATA / "variants"
# Each variant and the file it was saved from (tools/make_producer_fixtures.write_variants).
TWINS = {
    ".docm": DATA / "producers" / "libreoffice.docx",
    ".dotx": DATA / "producers" / "libreoffice.docx",
    ".pptm": DATA / "producers" / "libreoffice.pptx",
    ".ppsx": DATA / "producers" / "libreoffice.pptx",
    ".potx": DATA / "producers" / "libreoffice.pptx",
    ".xlsm": DATA / "sheets" / "libreoffice.xlsx",
    ".xltx": DATA / "sheets" / "libreoffice.xlsx",
}
MAIN_TYPES = {
    ".docm": "application/vnd.ms-word.document.macroEnabled.main+xml",
    ".dotx": "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    ".pptm": "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml",
    ".potx": "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml",
    ".xlsm": "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    ".xltx": "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
}


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_the_committed_variants_are_the_ones_the_tests_name() -> None:
    assert sorted(p.suffix for p in VARIANTS.iterdir()) == sorted(TWINS)
    assert set(TWINS) <= set(supported())


@pytest.mark.parametrize("suffix", sorted(TWINS))
def test_a_variant_reads_as_its_twin(suffix: str) -> None:
    variant = open_document(VARIANTS / f"libreoffice{suffix}")
    twin = open_document(TWINS[suffix])
    assert [u.text for u in variant.units] == [u.text for u in twin.units]
    assert len(variant.units) > 5


@pytest.mark.parametrize("suffix", sorted(TWINS))
def test_a_variant_is_written_as_what_it_was(suffix: str, tmp_path: Path) -> None:
    source = VARIANTS / f"libreoffice{suffix}"
    before = source.read_bytes()
    seen: list[str] = []

    def upper(batch: Sequence[str]) -> list[str]:
        seen.extend(batch)
        return [t.upper() for t in batch]

    out = tmp_path / f"out{suffix}"
    result = translate_file(source, out, upper)
    assert source.read_bytes() == before
    assert result.counts.failed == 0 and seen
    old, new = parts(before), parts(out.read_bytes())
    assert list(new) == list(old)
    # Office opens a file by its content types: the variant's own, kept byte for byte.
    types = new["[Content_Types].xml"]
    assert types == old["[Content_Types].xml"]
    if suffix in MAIN_TYPES:
        assert MAIN_TYPES[suffix].encode() in types
    changed = [name for name in old if new[name] != old[name]]
    assert changed and all(re.fullmatch(r"(word|ppt|xl|docProps)/.+\.xml", n) for n in changed)
    reread = [u.text for u in open_document(out).units]
    for text in seen:
        assert text.upper() in reread


def test_a_damaged_variant_is_not_called_a_renamed_file(tmp_path: Path) -> None:
    """A .docm whose document part is broken is damaged, not "a .docx with a .docm name"."""
    data = parts((VARIANTS / "libreoffice.docm").read_bytes())
    data["word/document.xml"] = data["word/document.xml"][:200]
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as archive:
        for name, content in data.items():
            archive.writestr(name, content)
    path = tmp_path / "minutes.docm"
    path.write_bytes(broken.getvalue())
    with pytest.raises(DocumentError) as caught:
        open_document(path)
    assert caught.value.message_id != "document.renamed"
    message = caught.value.message
    assert "renamed" not in message.lower() and ".docx file" not in message


def test_a_workbook_under_a_document_name_is_still_said_to_be_renamed(tmp_path: Path) -> None:
    path = tmp_path / "budget.docm"
    path.write_bytes((VARIANTS / "libreoffice.xlsm").read_bytes())
    with pytest.raises(DocumentError) as caught:
        open_document(path)
    assert caught.value.message_id == "document.renamed"
    assert caught.value.params["actual"] == ".xlsx"
