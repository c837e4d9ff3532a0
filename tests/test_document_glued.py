"""Formatting glued to a word with no space between, as pandoc and LibreOffice write it
(tests/data/glued/): a link and the full stop after it, H₂O's subscript, a footnote's number
after a word, a footnote's back-link after its full stop (in HTML and EPUB both links, kept
as they are: a translation would drop them or fill them with words). The translation's words are cut
where the same kinds of character meet, so a link keeps its word instead of coming out
empty; and words a translation puts before a sentence's opening code are written before it
where the paragraph has text of its own there, else after the code, never scrambled across
it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from engine.documents import open_document, split_like, translate_file
from engine.documents.base import FIELD
from engine.documents.runs import distribute
from tests.fixtures import producers
from tests.fixtures.documents import Slot

DATA = Path(__file__).parent / "data" / "glued"
BACK = "↩︎"  # pandoc's back-link from a footnote to its place
FIELD1 = FIELD.format(1)


class Table:
    """A translator from a fixed table (by the text less its leading whitespace and any
    footnote back-link, which are kept); anything else comes back as it was."""

    def __init__(self) -> None:
        self.german = dict(producers.GLUED)
        # .docx and .odt keep a footnote's number out of the text.
        self.german["The fish live in the sea."] = "Die Fische leben im Meer."

    def __call__(self, texts: Sequence[str]) -> list[str]:
        out = []
        for text in texts:
            core = text.strip()
            back = BACK if core.endswith(BACK) else ""
            core = core.removesuffix(back)
            lead = text[: len(text) - len(text.lstrip())]
            out.append(lead + self.german.get(core, core) + back)
        return out


@pytest.mark.parametrize("name", sorted(producers.GLUED_FILES))
def test_glued_formatting_keeps_its_words(name: str, tmp_path: Path) -> None:
    out = tmp_path / f"out{Path(name).suffix}"
    translate_file(DATA / name, out, Table())
    runs = {unit.shown.strip(): unit.runs for unit in open_document(out).units}
    # The link holds the word, the full stop stays after it.
    link = runs["Lesen Sie das Handbuch."]
    assert link[-2:] == ("Handbuch", "."), link
    # The subscript 2 and the superscript "st" stay on their own.
    water = runs["Wasser ist H2O zum 1st Mal."]
    assert water[:3] == ("Wasser ist H", "2", "O zum 1") and "st" in water, water
    if name.startswith("pandoc.") and Path(name).suffix in (".html", ".epub"):
        # The footnote's number (a link) after its word, its back-link after the full stop:
        # both kept as they are, placeholders to the translator.
        assert runs["Die Fische leben im Meer1."] == ("Die Fische leben im Meer", FIELD1, ".")
        assert runs[f"Die Anmerkung erklärt es.{BACK}"] == ("Die Anmerkung erklärt es.", FIELD1)
    else:
        assert "Die Fische leben im Meer." in runs
    # Words before the opening code stay before it where the paragraph's own text can hold
    # them (OpenDocument's; Word's, in a run made before the code), else follow it; the
    # rest stays where the translation put it.
    if Path(name).suffix in (".odt", ".docx"):
        assert "Das Werkzeug pip installiert es, mit --user." in runs
    else:
        assert "pip Das Werkzeug installiert es, mit --user." in runs


def test_glued_markdown_keeps_its_words(tmp_path: Path) -> None:
    source = tmp_path / "glued.md"
    source.write_text(producers.GLUED_MARKDOWN, encoding="utf-8")
    out = tmp_path / "out.md"
    translate_file(source, out, Table())
    written = out.read_text(encoding="utf-8")
    assert "Lesen Sie das [Handbuch](https://example.com/manual).\n" in written
    assert "`pip` Das Werkzeug installiert es, mit `--user`.\n" in written


def test_glued_runs_are_cut_where_the_same_kinds_of_character_meet() -> None:
    assert split_like("Lesen Sie das Handbuch.", ["Read the ", "manual", "."]) == [
        "Lesen Sie das ",
        "Handbuch",
        ".",
    ]
    assert split_like("Wasser ist H2O.", ["Water is H", "2", "O."]) == ["Wasser ist H", "2", "O."]
    assert split_like("(fett) Text", ["(", "bold", ") text"]) == ["(", "fett", ") Text"]
    # Runs that meet inside a word (a bold syllable) are still cut at a space: whole words.
    assert split_like("Das ist sehr gut", ["This is ver", "y good"]) == ["Das ist sehr", " gut"]
    # No such meeting in the translation: cut at a space, as before.
    from bench.run_mapping import split_like_quadratic as before

    for text, runs in [
        ("Lesen Sie das Handbuch", ["Read the ", "manual", "."]),
        ("Das ist sehr gut", ["This is ver", "y good"]),
    ]:
        assert split_like(text, runs) == before(text, runs)


def test_words_outside_every_slot_go_to_the_nearest_slot_between_the_same_fields() -> None:
    opening = [
        Slot("ZXQ1Q", False, "pip"),
        Slot(" installs it, with "),
        Slot("ZXQ2Q", False, "--user"),
        Slot("."),
    ]
    parts = distribute("Das Werkzeug ZXQ1Q installiert es, mit ZXQ2Q.", opening)
    assert parts == [" Das Werkzeug installiert es, mit ", "."]
    closing = [Slot("Press "), Slot("ZXQ1Q", False, "Ctrl+Q")]
    assert distribute("Drücken Sie ZXQ1Q jetzt", closing) == ["Drücken Sie jetzt "]
    # Unspaced scripts stay unspaced (the space after the code is the source run's own).
    assert distribute("工具ZXQ1Q安装它", opening[:2]) == [" 工具安装它"]


def test_the_committed_glued_files_are_small() -> None:
    assert sorted(p.name for p in DATA.iterdir()) == sorted(producers.GLUED_FILES)
    assert sum(p.stat().st_size for p in DATA.iterdir()) < 80_000


def test_a_glued_cut_never_takes_the_words_of_the_runs_after_it() -> None:
    """The nearest meeting of a word and a comma lay at the paragraph's end: the first run
    took it all, and the bold run after it came out empty (the review's example)."""
    from bench.run_mapping import split_like_quadratic as before

    text = "Mot puis beaucoup de mots entre gras et encore plus, fin"
    runs = ["Word", ", then many words in between ", "bold", " and more"]
    parts = split_like(text, runs)
    assert parts == before(text, runs) and all(parts)


def test_words_moved_before_the_opening_code_keep_their_order() -> None:
    """Two stretches before the first slot (two pieces of code opening the sentence): each
    went in front of the slot in turn, so "Eins … zwei" came out "zwei Eins"."""
    from engine.documents.runs import into_slots

    assert into_slots([[], [], [2]], ["A ", "B ", " C"]) == ["", "", " A B C"]
    runs = [Slot("ZXQ1Q", False, "a"), Slot("ZXQ2Q", False, "b"), Slot(" text here.")]
    assert distribute("Eins ZXQ1Q zwei ZXQ2Q drei.", runs) == [" Eins zwei drei."]


FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # 👨‍👩‍👧: three emoji joined
THUMB = "\U0001f44d\U0001f3fd"  # 👍🏽: an emoji and its skin tone
FLAGS = "\U0001f1e9\U0001f1ea\U0001f1eb\U0001f1f7"  # 🇩🇪🇫🇷: two flags, of two letters each


@pytest.mark.parametrize(
    ("runs", "translation", "kept"),
    [
        (["Our ", FAMILY, "!"], f"Unsere liebe Familie {FAMILY}!", FAMILY),
        (["Like", THUMB, "!"], f"Gefällt mir{THUMB}!", THUMB),
        (
            ["Call ", "1\ufe0f\u20e3", "."],
            "Rufen Sie die Nummer 1\ufe0f\u20e3 an.",
            "1\ufe0f\u20e3",
        ),
        (["Go ", FLAGS, "!"], f"Los geht es {FLAGS}!", FLAGS[:2]),
    ],
)
def test_a_glued_cut_never_falls_inside_an_emoji(
    runs: list[str], translation: str, kept: str
) -> None:
    """An emoji sequence is one character to its reader: cut inside, it shows as pieces
    (a family as three people, a thumb and a colour swatch, a flag as two letters)."""
    pieces = split_like(translation, runs)
    assert "".join(pieces) == translation
    assert any(kept in piece for piece in pieces), pieces
    for piece in pieces:
        indicators = sum(0x1F1E6 <= ord(c) <= 0x1F1FF for c in piece)
        assert indicators % 2 == 0, pieces  # no flag cut in two
        assert not piece.startswith(("\u200d", "\U0001f3fd", "\ufe0f", "\u20e3")), pieces
