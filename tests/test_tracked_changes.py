"""Tracked changes as LibreOffice writes them (tests/data/tracked/): text a reviewer deleted
is kept in the file for the record, but it is not the document's text: never a unit, never
translated, and written back as it was. The inserted text is translated with its paragraph."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from engine.api import Note
from engine.documents import open_document, translate_file
from tests.fixtures import producers

TRACKED = Path(__file__).parent / "data" / "tracked"
PARTS = {".odt": "content.xml", ".docx": "word/document.xml"}


@pytest.mark.parametrize("name", ["libreoffice.odt", "libreoffice.docx"])
def test_deleted_text_is_not_translated_and_stays_as_it_was(name: str, tmp_path: Path) -> None:
    path = TRACKED / name
    document = open_document(path)
    assert [u.text for u in document.units] == [producers.TRACKED_TEXT]
    out = tmp_path / f"out{path.suffix}"
    out.write_bytes(document.render([u.text.upper() for u in document.units]))
    with zipfile.ZipFile(out) as archive:
        written = archive.read(PARTS[path.suffix]).decode()
    assert producers.TRACKED_DELETED in written  # the record of the deletion, untouched
    assert producers.TRACKED_DELETED.upper() not in written
    assert [u.text for u in open_document(out).units] == [producers.TRACKED_TEXT.upper()]


@pytest.mark.parametrize("name", ["libreoffice.odt", "libreoffice.docx"])
def test_pending_changes_are_said_when_the_job_starts(name: str, tmp_path: Path) -> None:
    """A translator expects to hear that the changes were read as accepted (rejected later,
    they put the source's deleted words into the translation)."""
    events: list[object] = []
    path = TRACKED / name
    translate_file(path, tmp_path / f"out{path.suffix}", lambda b: list(b), events.append)
    (note,) = [e.text for e in events if isinstance(e, Note)]
    assert note.startswith(f"{name} has tracked changes not yet accepted or rejected")
    events.clear()
    # (a file with no changes pending: nothing said)
    other = Path(__file__).parent / "data" / "fields" / name
    translate_file(other, tmp_path / f"other{path.suffix}", lambda b: list(b), events.append)
    assert not [e for e in events if isinstance(e, Note)]
