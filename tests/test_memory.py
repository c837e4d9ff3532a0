"""A translation memory (TMX) given with a translation: the sentences it holds are written in
its words and never reach the model; the rest are the model's. Memories are written here in
the shape of OmegaT's project_save.tmx (TMX 1.4, UTF-8) and Trados' exports (UTF-16LE with a
byte order mark, tuv dates), with Quire's own sentences."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from engine import Engine, EngineOptions
from engine.api import TranslateRequest, TranslateResult
from engine.cli.main import main
from engine.documents.memory import load_memory
from engine.errors import InputError
from engine.text import load_glossary
from tests.fixtures.builder import exported
from tests.test_translate import Counting, Echo, loaded, make_engine

OMEGAT_HEADER = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx11.dtd">\n'
    '<tmx version="1.4">\n  <header creationtool="OmegaT" o-tmf="OmegaT TMX" adminlang="EN-US"'
    ' datatype="plaintext" creationtoolversion="6.0.0" segtype="sentence" srclang="{src}"/>\n'
    "  <body>\n"
)


def tu(source: str, target: str, src: str = "en", tgt: str = "de", date: str = "") -> str:
    when = f' changedate="{date}"' if date else ""
    return (
        f'    <tu>\n      <tuv xml:lang="{src}">\n        <seg>{source}</seg>\n      </tuv>\n'
        f'      <tuv xml:lang="{tgt}"{when} changeid="translator">\n'
        f"        <seg>{target}</seg>\n      </tuv>\n    </tu>\n"
    )


def omegat(path: Path, *units: str, src: str = "EN-US") -> Path:
    path.write_text(OMEGAT_HEADER.format(src=src) + "".join(units) + "  </body>\n</tmx>\n",
                    encoding="utf-8")  # fmt: skip
    return path


def trados(path: Path, *units: str) -> Path:
    """A Trados Studio export: UTF-16LE with a byte order mark, a declaration saying so."""
    text = (
        '<?xml version="1.0" encoding="utf-16"?>\n<tmx version="1.4"><header '
        'creationtool="SDL Language Platform" creationtoolversion="8.1" o-tmf="SDL TM8 Format" '
        'datatype="xml" segtype="sentence" adminlang="en-US" srclang="en-US" '
        'creationdate="20240101T101010Z" creationid="QUIRE\\translator"/><body>'
        + "".join(units)
        + "</body></tmx>"
    )
    path.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    return path


FIRST = "Quire opens the library at nine."
SECOND = "The library closes at six."
THIRD = "Quire keeps working."
TEXT = f"{FIRST}   {SECOND}\n\n{THIRD}"


def echo_engine(home: Path) -> tuple[Engine, Counting]:
    engine = make_engine(home, **{"opus-mt-en-de": "marian"})
    model = loaded(engine, "opus-mt-en-de")
    counting = Counting(Echo(model.tokenizer.vocab_size))
    model.seq2seq = counting
    return engine, counting


def translated(engine: Engine, request: TranslateRequest) -> TranslateResult:
    result = engine.run(request)
    assert isinstance(result, TranslateResult)
    return result


def seen(engine: Engine, counting: Counting) -> str:
    """Everything the model was given, decoded."""
    model = loaded(engine, "opus-mt-en-de")
    rows = [row for batch in counting.inputs for row in batch]
    return " | ".join(model.tokenizer.decode(row) for row in rows)


def test_the_memorys_sentences_are_its_words_and_never_reach_the_model(
    quire_home: Path, tmp_path: Path
) -> None:
    memory = omegat(tmp_path / "project_save.tmx", tu(SECOND, "Die Bibliothek schließt um sechs."))
    engine, counting = echo_engine(quire_home)
    result = translated(
        engine, TranslateRequest(text=TEXT, source="en", target="de", memory=memory)
    )
    assert isinstance(result, TranslateResult)
    assert "Die Bibliothek schließt um sechs." in result.text
    assert result.memory_reused == 1 and result.memory_units == 1
    assert [s.memory for s in result.segments] == [False, True, False]
    given = seen(engine, counting)
    assert "closes" not in given and "opens" in given and "keeps" in given


def test_a_whole_paragraph_first_and_whitespace_does_not_matter(
    quire_home: Path, tmp_path: Path
) -> None:
    """A paragraph the memory holds whole (two sentences, its spaces otherwise) is one
    segment from the memory; a paragraph all from the memory loads no piece at all."""
    memory = omegat(
        tmp_path / "m.tmx",
        tu(f"{FIRST} {SECOND}", "Quire öffnet um neun; sie schließt um sechs."),
        tu(THIRD, "Quire arbeitet weiter."),
        tu("quire keeps working.", "falsch"),  # (case must match)
    )
    engine, counting = echo_engine(quire_home)
    result = translated(
        engine, TranslateRequest(text=TEXT, source="en", target="de", memory=memory)
    )
    assert result.text == "Quire öffnet um neun; sie schließt um sechs.\n\nQuire arbeitet weiter."
    assert result.memory_reused == 2 and len(result.segments) == 2
    assert counting.inputs == []


def test_a_region_tag_serves_its_language_and_an_exact_one_wins(tmp_path: Path) -> None:
    memory = omegat(
        tmp_path / "m.tmx",
        tu(FIRST, "Quire öffnet die Bibliothek um neun.", src="en-US", tgt="de-DE"),
        tu(SECOND, "Die Bibliothek schliesst um sechs.", src="en-US", tgt="de-CH"),
        tu(THIRD, "Quire arbeitet weiter.", src="en-US", tgt="de-DE"),
    )
    into_de = load_memory(memory, source="en", target="de")
    assert into_de.target == "de-DE" and into_de.get(FIRST) is not None
    assert into_de.get(SECOND) is None  # (one variant a job: de-DE's, the most units)
    swiss = load_memory(memory, source="en", target="de-CH")
    assert swiss.get(SECOND) == "Die Bibliothek schliesst um sechs." and len(swiss) == 1


def test_every_source_tag_serves_and_a_bare_target_tag_goes_with_the_variant(
    tmp_path: Path,
) -> None:
    """A memory tagging one language two ways (OmegaT's en-US units beside an en one, a
    TMX 1.1 ``lang=``) lost the units of the less used tag."""
    memory = omegat(
        tmp_path / "m.tmx",
        tu(FIRST, "Quire öffnet die Bibliothek um neun.", src="en-US", tgt="de-DE"),
        tu(SECOND, "Die Bibliothek schließt um sechs.", src="en-US", tgt="de-DE"),
        tu(THIRD, "Quire arbeitet weiter.", src="en", tgt="de"),
        tu("Quire is ready.", "Quire isch parat.", src="en", tgt="de-AT"),
    )
    into_de = load_memory(memory, source="en", target="de")
    assert into_de.target == "de-DE" and len(into_de) == 3
    assert into_de.get(THIRD) == "Quire arbeitet weiter."
    assert into_de.left_out == (("de-AT", 1),)
    assert len(load_memory(memory, source="en-GB", target="de-DE")) == 3
    austrian = load_memory(memory, source="en", target="de-AT")
    assert austrian.get("Quire is ready.") == "Quire isch parat." and len(austrian) == 2
    assert austrian.left_out == (("de-DE", 2),)


def test_the_cli_says_which_variants_were_left_out(
    tmp_path: Path, quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Engine(EngineOptions(home=quire_home)).import_model(exported("marian"), "opus-mt-en-de")
    memory = omegat(
        tmp_path / "memory.tmx",
        tu(FIRST, "Quire öffnet die Bibliothek um neun.", src="en-US", tgt="de-DE"),
        tu(SECOND, "Die Bibliothek schliesst um sechs.", src="en-US", tgt="de-AT"),
        tu(THIRD, "Quire arbeitet weiter.", src="en", tgt="de"),
    )
    src = tmp_path / "note.txt"
    src.write_text(TEXT, encoding="utf-8")
    code, out, err = cli(capsys, "translate", "--json", "--from", "en", "--to", "de",
                         "--memory", str(memory), str(src))  # fmt: skip
    assert code == 0
    assert "memory.tmx: 2 of 3 segments taken from the memory" in err
    assert "memory.tmx: 1 unit in de-AT left out (translating into de-DE)" in err
    found = json.loads(out)["memory"]
    assert found["variant"] == "de-DE" and found["left_out"] == {"de-AT": 1}


def test_the_most_recent_translation_wins_else_the_last(tmp_path: Path) -> None:
    memory = omegat(
        tmp_path / "m.tmx",
        tu(FIRST, "neu", date="20250301T120000Z"),
        tu(FIRST, "alt", date="20240101T120000Z"),
        tu(SECOND, "erste"),
        tu(SECOND, "zweite"),
    )
    found = load_memory(memory, source="en", target="de")
    assert found.get(FIRST) == "neu" and found.get(SECOND) == "zweite"


def test_a_trados_memory_in_utf16_with_a_bom(quire_home: Path, tmp_path: Path) -> None:
    memory = trados(
        tmp_path / "trados.tmx",
        tu(THIRD, "Quire arbeitet unermüdlich weiter.", src="en-US", tgt="de-DE",
           date="20240102T101010Z"),
    )  # fmt: skip
    engine, counting = echo_engine(quire_home)
    result = translated(
        engine, TranslateRequest(text=TEXT, source="en", target="de", memory=memory)
    )
    assert result.text.endswith("\n\nQuire arbeitet unermüdlich weiter.")
    assert "keeps" not in seen(engine, counting)


def test_inline_codes(tmp_path: Path) -> None:
    """Paired formatting codes match by their text and are dropped; a placeholder code makes
    the unit unused; a code's own text never comes out."""
    memory = omegat(
        tmp_path / "m.tmx",
        tu('<bpt i="1">&lt;b&gt;</bpt>Quire<ept i="1">&lt;/b&gt;</ept> keeps working.',
           '<bpt i="1">&lt;b&gt;</bpt>Quire<ept i="1">&lt;/b&gt;</ept> arbeitet weiter.'),
        tu('Quire opens <ph x="1">{1}</ph> the library at nine.',
           'Quire öffnet <ph x="1">{1}</ph> die Bibliothek um neun.'),
        tu("The <hi>library</hi> closes at six.", "Die <hi>Bibliothek</hi> schließt um sechs."),
    )  # fmt: skip
    found = load_memory(memory, source="en", target="de")
    assert found.get(THIRD) == "Quire arbeitet weiter."
    assert found.get(SECOND) == "Die Bibliothek schließt um sechs."
    assert found.get("Quire opens  the library at nine.") is None and found.coded == 1


def refused(path: Path, source: str = "en", target: str = "de") -> InputError:
    with pytest.raises(InputError) as caught:
        load_memory(path, source=source, target=target)
    assert caught.value.path == path
    return caught.value


def test_refusals(tmp_path: Path) -> None:
    missing = refused(tmp_path / "none.tmx")
    assert missing.message == "The translation memory none.tmx is not there any more"
    assert missing.message_id == "memory.missing" and missing.params["name"] == "none.tmx"
    bad = tmp_path / "bad.tmx"
    bad.write_text("<tmx version='1.4'><body><tu>", encoding="utf-8")
    assert refused(bad).message_id == "document.bad_tmx"
    xliff = tmp_path / "x.tmx"
    xliff.write_text("<xliff version='1.2'/>", encoding="utf-8")
    assert refused(xliff).message_id == "document.tmx_not_tmx"
    coded = omegat(tmp_path / "coded.tmx", tu('<ph x="1">&lt;img/&gt;</ph>', '<ph x="1">x</ph>'))
    assert refused(coded).message_id == "memory.codes_only"
    empty = omegat(tmp_path / "empty.tmx")
    assert refused(empty).message_id == "memory.empty"
    glossary = tmp_path / "terms.tsv"
    glossary.write_text("library\tBibliothek\n", encoding="utf-8")
    assert refused(glossary).message_id == "memory.glossary"
    pairs = omegat(tmp_path / "memory.tmx", tu(FIRST, "x", tgt="fr"), tu(FIRST, "y", tgt="de"),
                   tu(SECOND, "z", tgt="fr"))  # fmt: skip
    other = refused(pairs, target="ja")
    assert other.message_id == "memory.other_pair"
    assert other.message == "memory.tmx holds en→fr and en→de, not en→ja"
    params = {"pairs": "en→fr, en→de", "more": 0, "source": "en", "target": "ja"}
    assert other.params == params  # (no English words for the app to carry)


def test_another_pair_is_refused_before_any_model_loads(quire_home: Path, tmp_path: Path) -> None:
    memory = omegat(tmp_path / "memory.tmx", tu(FIRST, "x", tgt="fr"))
    engine = make_engine(quire_home, **{"opus-mt-en-de": "marian"})
    with pytest.raises(InputError) as caught:
        translated(engine, TranslateRequest(text=TEXT, source="en", target="de", memory=memory))
    assert caught.value.message_id == "memory.other_pair"
    assert not engine._models._loaded


def test_a_memory_as_a_glossary_points_to_the_memory_option(tmp_path: Path) -> None:
    memory = omegat(tmp_path / "m.tmx", tu(FIRST, "x"))
    with pytest.raises(InputError) as caught:
        load_glossary(memory)
    assert caught.value.message_id == "glossary.memory" and "--memory" in (caught.value.hint or "")


def test_a_large_memory_is_read_whole(tmp_path: Path) -> None:
    """25,000 units, the size of a po2tmx export (its load time is measured by hand, in
    docs/documents.md: no timing assert here)."""
    units = [tu(f"Sentence number {n} of the memory.", f"Satz Nummer {n}.") for n in range(25_000)]
    memory = omegat(tmp_path / "big.tmx", *units)
    found = load_memory(memory, source="en", target="de")
    assert len(found) == 25_000 and found.get("Sentence number 24999 of the memory.")


# ----------------------------------------------------------------------------- the CLI


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_cli_says_what_the_memory_gave_and_json_counts_it(
    tmp_path: Path, quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Engine(EngineOptions(home=quire_home)).import_model(exported("marian"), "opus-mt-en-de")
    memory = omegat(tmp_path / "memory.tmx", tu(SECOND, "Sie schließt um sechs."),
                    tu(FIRST, "Quire öffnet die Bibliothek um neun."))  # fmt: skip
    src = tmp_path / "note.txt"
    src.write_text(TEXT, encoding="utf-8")
    code, out, err = cli(capsys, "translate", "--from", "en", "--to", "de", "--memory",
                         str(memory), str(src))  # fmt: skip
    assert code == 0
    assert out.startswith("Quire öffnet die Bibliothek um neun.   Sie schließt um sechs.\n\n")
    assert "memory.tmx: 2 of 3 segments taken from the memory" in err
    code, out, _ = cli(capsys, "translate", "--json", "--from", "en", "--to", "de", "--memory",
                       str(memory), str(src))  # fmt: skip
    doc = json.loads(out)
    assert doc["memory"] == {"path": str(memory), "units": 2, "reused": 2, "segments": 3,
                             "variant": "de", "left_out": {}}  # fmt: skip


def test_a_document_and_a_folder_total(
    tmp_path: Path, quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import docx  # type: ignore[import-untyped, unused-ignore]

    Engine(EngineOptions(home=quire_home)).import_model(exported("marian"), "opus-mt-en-de")
    folder = tmp_path / "docs"
    folder.mkdir()
    for name, paragraphs in (("a.docx", [FIRST, THIRD]), ("b.docx", [SECOND, THIRD, FIRST])):
        document = docx.Document()
        for paragraph in paragraphs:
            document.add_paragraph(paragraph)
        document.save(str(folder / name))
    memory = omegat(tmp_path / "memory.tmx", tu(THIRD, "Quire arbeitet weiter."))
    code, out, err = cli(capsys, "translate", "--json", "--from", "en", "--to", "de", "--memory",
                         str(memory), str(folder / "a.docx"))  # fmt: skip
    assert code == 0 and json.loads(out)["memory"]["reused"] == 1
    assert "a.docx: memory.tmx: 1 of 2 segments taken from the memory" in err
    written = docx.Document(str(folder / "a.de.docx"))
    assert [p.text for p in written.paragraphs][1] == "Quire arbeitet weiter."
    (folder / "a.de.docx").unlink()
    code, out, err = cli(capsys, "translate", "--json", "--from", "en", "--to", "de", "--memory",
                         str(memory), str(folder))  # fmt: skip
    rows = json.loads(out)
    assert code == 0 and sorted(row["memory"]["reused"] for row in rows) == [1, 1]
    assert "quire: in all: memory.tmx: 2 of 5 segments taken from the memory" in err


def test_a_folder_into_an_output_folder_says_what_the_memory_gave(
    tmp_path: Path, quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A folder with -o OUT (the batch runner) said nothing of the memory: no line a file, no
    total, no "memory" in --json's rows."""
    Engine(EngineOptions(home=quire_home)).import_model(exported("marian"), "opus-mt-en-de")
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text(f"{FIRST}\n\n{THIRD}\n", encoding="utf-8")
    (folder / "b.txt").write_text(f"{THIRD}\n", encoding="utf-8")
    memory = omegat(tmp_path / "memory.tmx", tu(THIRD, "Quire arbeitet weiter."))
    code, out, err = cli(capsys, "translate", "--json", "--from", "en", "--to", "de", "--memory",
                         str(memory), str(folder), "-o", str(tmp_path / "out"))  # fmt: skip
    assert code == 0
    assert "a.txt: memory.tmx: 1 of 2 segments taken from the memory" in err
    assert "b.txt: memory.tmx: 1 of 1 segments taken from the memory" in err
    assert "quire: in all: memory.tmx: 2 of 3 segments taken from the memory" in err
    rows = {Path(row["input"]).name: row["memory"] for row in json.loads(out)}
    assert rows["a.txt"] == {"path": str(memory.resolve()), "units": 1, "reused": 1,
                             "segments": 2, "variant": "de", "left_out": {}}  # fmt: skip
    assert rows["b.txt"]["reused"] == 1
    assert (tmp_path / "out" / "b.de.txt").read_text(encoding="utf-8").startswith("Quire arb")


def test_a_sentence_with_markup_matches_no_plain_unit(
    tmp_path: Path, quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bold word's sentence took a plain unit's translation, and its bold landed on other
    words (``Klicken Sie <b>jetzt auf</b> Speichern.``)."""
    import docx  # type: ignore[import-untyped, unused-ignore]

    Engine(EngineOptions(home=quire_home)).import_model(exported("marian"), "opus-mt-en-de")
    memory = omegat(tmp_path / "memory.tmx", tu("Click Save now.", "Klicken Sie jetzt auf "
                    "Speichern."), tu(THIRD, "Quire arbeitet weiter."))  # fmt: skip
    page = tmp_path / "b.html"
    page.write_text(f"<html><body><p>Click <b>Save</b> now.</p><p>{THIRD}</p></body></html>",
                    encoding="utf-8")  # fmt: skip
    code, _out, _err = cli(capsys, "translate", "--from", "en", "--to", "de", "--memory",
                           str(memory), str(page))  # fmt: skip
    written = (tmp_path / "b.de.html").read_text(encoding="utf-8")
    assert code == 0 and "Quire arbeitet weiter." in written and "Klicken" not in written
    document = docx.Document()
    paragraph = document.add_paragraph("Click ")
    paragraph.add_run("Save").bold = True
    paragraph.add_run(" now.")
    document.add_paragraph(THIRD)
    document.add_paragraph("Click Save now.")
    document.save(str(tmp_path / "c.docx"))
    code, _out, _err = cli(capsys, "translate", "--from", "en", "--to", "de", "--memory",
                           str(memory), str(tmp_path / "c.docx"))  # fmt: skip
    paragraphs = docx.Document(str(tmp_path / "c.de.docx")).paragraphs
    assert code == 0 and "Klicken" not in paragraphs[0].text
    assert paragraphs[1].text == "Quire arbeitet weiter."


def test_the_cli_refuses_a_memory_for_another_pair_once_for_a_folder(
    tmp_path: Path, quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Engine(EngineOptions(home=quire_home)).import_model(exported("marian"), "opus-mt-en-de")
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    memory = omegat(tmp_path / "memory.tmx", tu(FIRST, "x", tgt="fr"), tu(FIRST, "y", tgt="ja"))
    code, _out, err = cli(capsys, "translate", "--from", "en", "--to", "de", "--memory",
                          str(memory), str(folder))  # fmt: skip
    assert code != 0 and "memory.tmx holds en→fr and en→ja, not en→de" in err
    assert err.count("memory.tmx holds") == 1
