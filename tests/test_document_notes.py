"""Notes in HTML and EPUB as LibreOffice writes them (tests/data/notes/): a footnote's number
and the link back from the note are kept as they are, whatever a translation does with its
placeholder (an outside review found pandoc's back-link filled with words and the number
replaced by a full stop); a comment anchored inside a sentence leaves the sentence whole."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pytest

from engine.documents import open_document, translate_file
from engine.documents.base import FIELD
from tests.fixtures import producers

DATA = Path(__file__).parent / "data" / "notes"
ONE = FIELD.format(1)
GERMAN = {
    producers.NOTES_SENTENCE: "Das Budget wurde vom Vorstand genehmigt.",
    producers.NOTES_NOTE: "Die Abstimmung fand im März statt.",
    producers.NOTES_COMMENTED: "Dieser Satz hat einen Kommentar.",
}


def _core(text: str) -> str:
    return " ".join(text.replace(ONE, " ").split())


def translator(keep_placeholder: bool) -> object:
    """German from the table; with the placeholder where it was, or without it (as a model
    that drops it)."""

    def translate(texts: Sequence[str]) -> list[str]:
        out = []
        for text in texts:
            german = GERMAN.get(_core(text), text)
            if german == text:
                pass
            elif keep_placeholder and text.startswith(ONE):
                german = ONE + german
            elif keep_placeholder and ONE in text:
                german = german[:-1] + ONE + "."
            out.append(german)
        return out

    return translate


def _content(path: Path) -> str:
    if path.suffix == ".html":
        return path.read_text(encoding="utf-8")
    with zipfile.ZipFile(path) as book:
        return "".join(
            book.read(n).decode("utf-8") for n in book.namelist() if n.endswith(".xhtml")
        )


@pytest.mark.parametrize("name", ["libreoffice.html", "libreoffice.epub"])
def test_note_links_are_placeholders_and_a_comment_keeps_its_sentence(name: str) -> None:
    texts = [_core(u.text) for u in open_document(DATA / name).units]
    units = {_core(u.text): u for u in open_document(DATA / name).units}
    assert set(GERMAN) <= set(texts), texts
    # Each note link is one placeholder showing its number, never words to translate.
    assert units[producers.NOTES_SENTENCE].text == producers.NOTES_SENTENCE + ONE
    assert units[producers.NOTES_SENTENCE].fields == ("1",)
    assert units[producers.NOTES_NOTE].text.startswith(ONE)
    assert not any(text in ("1", "") for text in texts)


@pytest.mark.parametrize("keep", [True, False], ids=["placeholder kept", "placeholder dropped"])
@pytest.mark.parametrize("name", ["libreoffice.html", "libreoffice.epub"])
def test_note_links_survive_translation(name: str, keep: bool, tmp_path: Path) -> None:
    out = tmp_path / f"out{Path(name).suffix}"
    translate_file(DATA / name, out, translator(keep))  # type: ignore[arg-type]
    source, written = _content(DATA / name), _content(out)
    links = re.findall(r"<a\b[^>]*href=\"#[^>]*>.*?</a>", source)
    assert len(links) == 2
    for link in links:  # each link with its number, as it was
        assert written.count(link) == source.count(link), link
    comment = f"<!-- {producers.NOTES_COMMENT} -->"
    if name.endswith(".html"):
        assert written.count(comment) == 1
    # (a translation that dropped the comment's placeholder has it between two of its words)
    shown = " ".join(re.sub(r"<[^>]*>", "", written.replace(comment, "")).split())
    for german in GERMAN.values():
        assert german in shown
    assert producers.NOTES_SENTENCE not in written


def test_a_link_within_the_page_is_kept_only_where_it_shows_no_word(tmp_path: Path) -> None:
    """Word's HTML marks a footnote by its link alone ("[1]" to "#_ftn1"); a link within the
    page that shows words ("see the summary") is translated as ever."""
    page = tmp_path / "word.html"
    page.write_text(
        '<p>Costs rose.<a href="#_ftn1" name="_ftnref1"><span>[1]</span></a> '
        'See <a href="#summary">the summary</a> below.</p>',
        encoding="utf-8",
    )
    (unit,) = open_document(page).units
    assert unit.text == f"Costs rose.{ONE} See the summary below."
    assert unit.fields == ("[1]",)
