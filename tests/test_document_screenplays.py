"""Screenplays: Fountain (.fountain, .spmd) and Final Draft (.fdx): what is translated, what is
kept, and that the translation is the same screenplay, element for element."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from engine.documents.errors import DocumentError
from engine.documents.fdx import paragraph_types
from engine.documents.fountain import elements
from engine.documents.registry import load_document, writable_suffixes

DATA = Path(__file__).parent / "data" / "screenplays"
FIELD = re.compile(r"ZXQ\d+Q")
MARK = "\u00a7"


def _marked(text: str) -> str:
    """A stand-in translation: every word marked (and lower-cased, as a translation into a
    language that does not write in capitals would be), placeholders as they were."""
    parts = FIELD.split(text)
    fields = FIELD.findall(text)
    out = [re.sub(r"(?<!\w)([A-Za-z][A-Za-z']*)", lambda m: MARK + m[1].lower(), p) for p in parts]
    return "".join(p + (fields[k] if k < len(fields) else "") for k, p in enumerate(out))


def _copy(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    path.write_bytes((DATA / name).read_bytes())
    return path


def _kinds(text: str) -> list[str]:
    return [e.kind for e in elements(text)]


def test_screenplays_are_read_by_their_suffixes_and_written_as_themselves(tmp_path: Path) -> None:
    for suffix in (".fountain", ".spmd", ".fdx"):
        assert writable_suffixes(suffix) == (suffix,)
    source = (DATA / "harbour.fountain").read_bytes()
    for suffix in (".fountain", ".spmd"):
        path = tmp_path / f"harbour{suffix}"
        path.write_bytes(source)
        document, data = load_document(path)
        assert document.write([u.text for u in document.units]) == data


def test_fountain_elements_are_units_cues_numbers_and_boneyard_kept(tmp_path: Path) -> None:
    document, _ = load_document(_copy(tmp_path, "harbour.fountain"))
    texts = [u.text for u in document.units]
    assert "HARBOUR OFFICE - NIGHT" in texts  # (INT. and the scene number #1A# kept)
    assert "without looking up" in texts  # (inside the parenthetical's parentheses)
    assert "It left an hour ago.\nNobody waits for the ZXQ1QlateZXQ2Q ones." in texts
    assert "CUT TO:" in texts and "THE END" in texts and "Act Two" in texts
    assert "Marta decides to help him." in texts  # (a synopsis, its = kept)
    assert "The sea is wide, the night is long" in texts  # (a lyric, its ~ kept)
    assert "Based on a story told at the harbour" in texts and "Written by" in texts
    joined = "\n".join(texts)
    for kept in ("TOMAS", "MARTA\n", "(V.O.)", "#1A#", "Ada Quire", "Quay Street", "December",
                 "older version", "We are closed", "INT.", "==="):  # fmt: skip
        assert kept not in joined
    note = next(u for u in document.units if "ferry times" in u.text)
    assert note.text == "ZXQ1QCheck the ferry times with the port.ZXQ2Q"  # (a note's words)


def test_a_translated_fountain_screenplay_has_the_same_elements(tmp_path: Path) -> None:
    document, data = load_document(_copy(tmp_path, "harbour.fountain"))
    out = document.write([_marked(u.text) for u in document.units]).decode()
    source = data.decode()
    assert _kinds(out) == _kinds(source)
    # Cues, the scene number, the boneyard, the page break and the title page's keys as they were.
    for kept in ("\nTOMAS (V.O.)\n", "\nMARTA\n(", "\nTOMAS ^\n", " #1A#\n", "\n===\n",
                 "/* An older version of the scene:\nMARTA\nWe are closed.\n*/",
                 "Author: Ada Quire\n", "Contact:\n\tQuire Films\n", "Title:\n\t_**"):  # fmt: skip
        assert kept in out
    # Emphasis around the translated words; an escape written escaped; the note's brackets.
    assert "*\u00a7tickets*" in out and "**\u00a7late**" in out and "_**\u00a7the " in out
    assert "\\*\u00a7nobody\\*" in out and "[[\u00a7check " in out
    # A heading's and a transition's capitals; the heading's prefix; a lyric, a centered line.
    assert "INT. \u00a7HARBOUR \u00a7OFFICE - \u00a7NIGHT #1A#" in out
    assert "\n\u00a7CUT \u00a7TO:\n" in out and "\n.\u00a7ON \u00a7THE \u00a7PIER\n" in out
    assert "\n~\u00a7the \u00a7sea " in out and "\n> \u00a7the \u00a7end <\n" in out
    assert "\n!\u00a7the \u00a7wind " in out  # (forced action stays forced)


def test_a_translation_that_would_change_an_element_is_forced_to_stay_it(tmp_path: Path) -> None:
    path = tmp_path / "s.fountain"
    path.write_text(
        "EXT. FIELD - DAY\n\nThe grass moves.\nSlowly.\n\nCUT TO:\n\nA quiet room.\n", "utf-8"
    )
    document, data = load_document(path)
    assert [u.text for u in document.units] == [
        "FIELD - DAY", "The grass moves.\nSlowly.", "CUT TO:", "A quiet room."
    ]  # fmt: skip
    out = document.write(
        ["FELD - TAG", "DAS GRAS\nbewegt sich.", "Schnitt auf:", "INT. beginnt es."]
    ).decode()
    assert out == (
        "EXT. FELD - TAG\n\n!DAS GRAS\nbewegt sich.\n\n> SCHNITT AUF:\n\n!INT. beginnt es.\n"
    )
    assert _kinds(out) == _kinds(data.decode())


def test_crlf_and_a_byte_order_mark_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "crlf.fountain"
    text = "Title: The Ferry\r\nAuthor: Ada\r\n\r\nINT. ROOM - DAY\r\n\r\nANNA\r\nHello there.\r\n"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    document, data = load_document(path)
    assert document.write([u.text for u in document.units]) == data
    assert [u.text for u in document.units] == ["The Ferry", "ROOM - DAY", "Hello there."]
    out = document.write(["Die F\u00e4hre", "ZIMMER - TAG", "Hallo."])
    written = "Title: Die F\u00e4hre\r\nAuthor: Ada\r\n\r\nINT. ZIMMER - TAG\r\n\r\nANNA\r\n"
    assert out == b"\xef\xbb\xbf" + (written + "Hallo.\r\n").encode()


def test_a_binary_file_named_fountain_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "script.fountain"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    with pytest.raises(DocumentError) as caught:
        load_document(path)
    assert caught.value.message_id == "document.damaged_file"


def test_fdx_paragraphs_are_units_cues_notes_and_settings_kept(tmp_path: Path) -> None:
    document, data = load_document(_copy(tmp_path, "harbour.fdx"))
    assert document.write([u.text for u in document.units]) == data
    texts = [u.text for u in document.units]
    assert texts[0] == "HARBOUR OFFICE - NIGHT"  # (INT. kept)
    assert "without looking up" in texts  # (its parentheses kept)
    assert "Then I will wait." in texts and "Then wait." in texts  # (dual dialogue)
    assert "The Last Ferry" in texts and "Written by" in texts  # (the title page)
    action = next(u for u in document.units if u.text.startswith("Rain"))
    assert action.runs == ("Rain beats on the window. Marta counts ", "tickets",
                           " at the desk & sighs.")  # fmt: skip
    joined = "\n".join(texts)
    for kept in ("TOMAS", "MARTA", "Check the ferry", "Marta is tired", "Revised draft"):
        assert kept not in joined


def test_a_translated_fdx_has_the_same_paragraphs_and_attributes(tmp_path: Path) -> None:
    document, data = load_document(_copy(tmp_path, "harbour.fdx"))
    translations = [_marked(u.text) + " <&>" for u in document.units]
    out = document.write(translations)
    root = etree.fromstring(out)
    source = etree.fromstring(data)
    assert paragraph_types(out.decode()) == paragraph_types(data.decode())
    assert len(root.findall(".//Paragraph")) == len(source.findall(".//Paragraph"))
    # Every element's attributes as they were, and the same elements in the same order.
    assert [(e.tag, dict(e.attrib)) for e in root.iter()] == [
        (e.tag, dict(e.attrib)) for e in source.iter()
    ]
    text = out.decode()
    assert "<Text>INT. \u00a7HARBOUR \u00a7OFFICE - \u00a7NIGHT &lt;&amp;&gt;</Text>" in text
    assert "<Text>(\u00a7without \u00a7looking \u00a7up &lt;&amp;&gt;)</Text>" in text
    assert "<Text>TOMAS (V.O.)</Text>" in text and "<Text>Check the ferry times.</Text>" in text
    assert '<Text Font="Courier Final Draft" Color="#FF0000" RevisionID="1">\u00a7it' in text
    assert "<Character>MARTA</Character>" in text and "<TimeOfDay>NIGHT</TimeOfDay>" in text


@pytest.mark.parametrize(
    ("data", "message_id"),
    [
        (b"\x00\x01\x02binary\xff\xfe", "document.damaged_file"),
        (b"INT. HOUSE - DAY\n\nNot XML at all.\n", "document.damaged_file"),
        (b'<?xml version="1.0"?><html><body><p>Hi</p></body></html>',
         "document.fdx_not_final_draft"),
    ],
)  # fmt: skip
def test_an_fdx_that_is_not_final_drafts_is_refused_clearly(
    tmp_path: Path, data: bytes, message_id: str
) -> None:
    path = tmp_path / "script.fdx"
    path.write_bytes(data)
    with pytest.raises(DocumentError) as caught:
        load_document(path)
    assert caught.value.message_id == message_id
    if message_id == "document.fdx_not_final_draft":
        assert caught.value.params == {"root": "html"}
        from desktop import errors

        assert errors.engine_sentences(caught.value)[0] == (
            "This is not a Final Draft screenplay: its root element is <html>, not <FinalDraft>."
        )


def test_a_translated_line_stays_in_its_element(tmp_path: Path) -> None:
    """A speech's line put in parentheses is no parenthetical, a heading or lyric's
    translation over two lines is one line, an indented transition is forced at its line's
    start, and forced action stays action whatever it reads as."""
    path = tmp_path / "s.fountain"
    path.write_text(
        "ANNA\nAre they cold?\n\n~The sea is wide\n\n\t\tCUT TO:\n\n!FADE OUT.\n", "utf-8"
    )
    document, data = load_document(path)
    out = document.write(["(Sind sie kalt?)", "Das Meer\nist weit", "Schnitt:", "CUT TO:"])
    text = out.decode()
    assert text == (
        "ANNA\n\u200b(Sind sie kalt?)\n\n~Das Meer ist weit\n\n> \t\tSCHNITT:\n\n!CUT TO:\n"
    )
    assert _kinds(text) == _kinds(data.decode())


# Adversarial Fountain inputs. There is no timing assert: each input is about 1 MB, so a
# reader that rescans to the end from every unclosed opening (or backtracks over a long run
# of blanks) takes many minutes on it, where a linear one reads it in a second or two; the
# suite's own run time is the guard.
_ADVERSARIAL = {
    "unclosed boneyard": b"Hi.\n\n" + b"/* x " * 200_000,
    "unclosed note": b"Hi.\n\n" + b"[[ x " * 200_000,
    "parenthetical of blanks": b"Hi.\n\nBOB\n(" + b" " * 900_000 + b"\nHello.\n",
    "centered line of blanks": b"Hi.\n\n>" + b" " * 1_000_000 + b"x\n",
    "title value of blanks": b"Title: A\nx" + b" " * 900_000 + b"\n\nHi.\n",
}


@pytest.mark.parametrize("data", _ADVERSARIAL.values(), ids=list(_ADVERSARIAL))
def test_adversarial_fountain_is_read_in_linear_time(tmp_path: Path, data: bytes) -> None:
    """Would take minutes (quadratic scans) before; reads in seconds now."""
    path = tmp_path / "a.fountain"
    path.write_bytes(data)
    document, _ = load_document(path)
    assert document.units[-1 if data.startswith(b"Title") else 0].text == "Hi."


def test_an_unclosed_boneyard_or_note_is_text() -> None:
    """As with the readers' non-greedy patterns: an opening never closed is not markup."""
    assert [e.kind for e in elements("Hi.\n\n/* not closed\n")] == ["action", "action"]
    assert [e.kind for e in elements("Hi.\n\n/* a */ B\n")] == ["action", "action"]


@pytest.mark.parametrize("tail", [">", ">   ", ">\t"])
def test_a_forced_transition_of_nothing_at_the_end_is_read(tmp_path: Path, tail: str) -> None:
    path = tmp_path / "a.fountain"
    path.write_text("Hello there.\n\n" + tail, encoding="utf-8")
    document, _ = load_document(path)
    assert [u.text for u in document.units] == ["Hello there."]


def test_a_readers_own_failure_is_told_without_pythons_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Python's text ("string index out of range") is for the logs (the chain), not the
    sentence a user reads."""
    from engine.documents import registry

    def broken(data: bytes, path: Path) -> None:
        raise IndexError("string index out of range")

    monkeypatch.setitem(registry.READERS, ".fountain", broken)
    path = tmp_path / "a.fountain"
    path.write_text("Hello there.\n", encoding="utf-8")
    with pytest.raises(DocumentError) as caught:
        load_document(path)
    assert caught.value.message_id == "document.damaged_file"
    assert "out of range" not in str(caught.value)
    assert "The file is damaged, or is not really a .fountain file" in str(caught.value)
    assert isinstance(caught.value.__cause__, IndexError)


def _fountain(tmp_path: Path, text: str, name: str = "s.fountain") -> tuple[object, bytes]:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return load_document(path)


def test_lyric_lines_inside_a_speech_stay_lyric_lines(tmp_path: Path) -> None:
    """A speech sung (``~`` lines after a cue, as nyousefi's ForcedElements.fountain has):
    each line a lyric of its own, its ``~`` kept at its start, not words sent to translate."""
    source = "INT. STAGE - NIGHT\n\nSINGER\n~These are the songs\n~That I sing.\n\nApplause.\n"
    document, data = _fountain(tmp_path, source)
    texts = [u.text for u in document.units]  # type: ignore[attr-defined]
    assert "These are the songs" in texts and "That I sing." in texts
    assert not any("~" in t for t in texts)
    out = document.write([_marked(t) for t in texts]).decode()  # type: ignore[attr-defined]
    assert "\n~§these §are §the §songs\n~§that §i §sing.\n" in out
    assert _kinds(out) == _kinds(source)
    assert document.write(texts) == data  # type: ignore[attr-defined]


def test_action_whose_first_line_is_kept_is_not_forced(tmp_path: Path) -> None:
    """Action the reader reads as action though a line in capitals begins it (nyousefi's
    Dialogue.fountain: ``23 (O.S.)``, no letter in the name) is not forced with ``!`` when
    that line comes back as it was; a translation that would begin a scene still is."""
    source = "INT. HOUSE - DAY\n\n23 (O.S.)\nCharacter name must include a letter\n"
    document, _ = _fountain(tmp_path, source)
    texts = [u.text for u in document.units]  # type: ignore[attr-defined]
    action = texts.index("23 (O.S.)\nCharacter name must include a letter")
    changed = list(texts)
    changed[action] = "23 (O.S.)\nEin Name braucht einen Buchstaben"
    out = document.write(changed).decode()  # type: ignore[attr-defined]
    assert "\n\n23 (O.S.)\nEin Name braucht einen Buchstaben\n" in out
    changed[action] = "INT. KÜCHE\nEin Name"
    out = document.write(changed).decode()  # type: ignore[attr-defined]
    assert "\n\n!INT. KÜCHE\nEin Name\n" in out
