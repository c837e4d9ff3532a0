"""Documents: each format's units in reading order, every unit translated exactly once, and
everything that is not translated text kept byte for byte; the real engine on a tiny Marian
model gives the same output as translating each unit on its own; bad files raise DocumentError."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from engine.api import Event, ModelLoaded, Progress, TranslateRequest, TranslateResult
from engine.documents import (
    DocumentError,
    UnitCounts,
    default_output,
    open_document,
    split_like,
    translate_document,
    translate_file,
)
from engine.documents.language import target_language
from engine.engine import Engine
from engine.errors import Cancelled, EngineError, InputError
from engine.options import CancelToken, EngineOptions
from tests.fixtures import documents as build
from tests.fixtures.builder import exported
from tests.fixtures.documents import Upper, png

SRT = (
    "1\n00:00:01,000 --> 00:00:02,500\nHello there.\nHow are you?\n\n"
    "2\r\n00:00:03,000 --> 00:00:04,000\r\n<i>I am</i> fine, thanks.\r\n\r\n"
    "3\n00:00:05,000 --> 00:00:06,000 X1:10 X2:20\n{\\an8}Good bye.\n"
)
VTT = (
    "WEBVTT - a test\n\nNOTE this comment stays\nas it is\n\n"
    "STYLE\n::cue { color: red }\n\n"
    "intro\n00:01.000 --> 00:02.000 align:start\n<v Bob>Hello <b>my</b> friend.</v>\n\n"
    "00:03.000 --> 00:04.000\nGood night.\n"
)
MD = """---
author: Front matter stays
---
# A *great* heading ##

Click [the **link**](https://example.com/a_(b) "t") to see `code_here` now.
Second line with <b>html</b> and https://x.org/y_z.

```python
print("hello")  # a fenced block
```

    indented code stays

- item one
- item two is
  continued here
> quoted text

| Col A | Col B |
|---|---|
| cell one | cell two |

[ref]: https://ref.example/path
"""
TXT = "\ufeffFirst paragraph.  It has two sentences.\r\n\r\n  Second one\nwraps here.\n\n\n"

SAMPLES = {".txt": TXT, ".srt": SRT, ".vtt": VTT, ".md": MD}


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write(tmp_path: Path, ext: str, text: str) -> Path:
    path = tmp_path / f"doc{ext}"
    path.write_bytes(text.encode("utf-8"))
    return path


# ----------------------------------------------------------------- structure, per format


@pytest.mark.parametrize("ext", sorted(SAMPLES))
def test_identity_translation_rebuilds_the_file_byte_for_byte(tmp_path: Path, ext: str) -> None:
    path = write(tmp_path, ext, SAMPLES[ext])
    document = open_document(path)
    assert document.units
    assert document.render([u.text for u in document.units]) == path.read_bytes()


@pytest.mark.parametrize("ext", sorted(SAMPLES))
def test_every_unit_translated_once_and_the_input_untouched(tmp_path: Path, ext: str) -> None:
    path = write(tmp_path, ext, SAMPLES[ext])
    before = sha(path)
    events: list[Event] = []
    upper = Upper()
    out = tmp_path / f"out{ext}"
    result = translate_file(path, out, upper, events.append, batch_units=2)
    document = open_document(path)
    assert upper.seen == [u.text for u in document.units]  # once each, in reading order
    assert result.units == len(document.units)
    assert sha(path) == before
    progress = [e for e in events if isinstance(e, Progress)]
    assert progress[0].done == 0 and progress[-1].done == progress[-1].total == len(upper.seen)
    translated = out.read_bytes().decode("utf-8")
    assert translated == _expected_upper(SAMPLES[ext], ext)


def _expected_upper(source: str, ext: str) -> str:
    """What upper-casing only the translatable parts gives, computed independently: every
    letter outside the kept parts is upper-cased."""
    kept = {
        ".txt": [],
        ".srt": [r"\d+\r?\n[\d:,]+ --> [^\n]*", r"<[^>]*>", r"\{[^}]*\}"],
        ".vtt": [
            r"WEBVTT[^\n]*",
            r"NOTE[^\n]*\n[^\n]*",
            r"STYLE\n[^\n]*",
            r"intro\n[^\n]*",
            r"[\d:.]+ --> [^\n]*",
            r"<[^>]*>",
        ],
        ".md": [
            r"---\n[\s\S]*?\n---",
            r"```[\s\S]*?```",
            r"    indented[^\n]*",
            r"\]\([^\n]*?\"t\"\)",
            r"`code_here`",
            r"<[^>]*>",
            r"https://\S+",
            r"\[ref\][^\n]*",
        ],
    }[ext]
    pattern = re.compile("|".join(kept)) if kept else None
    out: list[str] = []
    cursor = 0
    for m in pattern.finditer(source) if pattern else []:
        out += [source[cursor : m.start()].upper(), m.group()]
        cursor = m.end()
    out.append(source[cursor:].upper())
    return "".join(out)


def test_srt_keeps_numbers_and_timings_and_reads_cue_text_only(tmp_path: Path) -> None:
    document = open_document(write(tmp_path, ".srt", SRT))
    assert [u.id for u in document.units] == ["cue1", "cue2", "cue3"]
    assert [u.text for u in document.units] == [
        "Hello there.\nHow are you?",
        "I am fine, thanks.",
        "Good bye.",
    ]
    assert document.units[1].runs == ("I am", " fine, thanks.")


def test_vtt_skips_header_notes_and_styles(tmp_path: Path) -> None:
    document = open_document(write(tmp_path, ".vtt", VTT))
    assert [u.text for u in document.units] == ["Hello my friend.", "Good night."]


@pytest.mark.parametrize("ext", [".txt", ".srt", ".vtt"])
@pytest.mark.parametrize("bilingual", [False, True])
def test_lone_cr_line_ends_are_line_ends_and_are_written_back(
    tmp_path: Path, ext: str, bilingual: bool
) -> None:
    """A classic Mac OS file (lines ended by a lone CR) was one paragraph holding raw CRs, or
    "a cue without a timing at line 1", or "does not start with WEBVTT" though it did."""
    plain = {".txt": "First paragraph\nwraps.\n\nSecond one.\n", ".srt": SRT, ".vtt": VTT}[ext]
    lf = plain.replace("\r\n", "\n")
    (tmp_path / "lf").mkdir()
    with_lf = write(tmp_path / "lf", ext, lf)
    source = write(tmp_path, ext, lf.replace("\n", "\r"))
    expected = open_document(with_lf)
    document = open_document(source)
    assert [u.text for u in document.units] == [u.text for u in expected.units]
    assert len(document.units) >= 2 and "\r" not in "".join(u.text for u in document.units)
    out = tmp_path / f"out{ext}"
    translate_file(source, out, Upper(), bilingual=bilingual)
    written = out.read_bytes().decode("utf-8")
    assert "\n" not in written
    reference = tmp_path / f"reference{ext}"
    translate_file(with_lf, reference, Upper(), bilingual=bilingual)
    assert written == reference.read_text(encoding="utf-8").replace("\n", "\r")


def test_markdown_units_leave_code_and_link_targets_out(tmp_path: Path) -> None:
    document = open_document(write(tmp_path, ".md", MD))
    texts = [u.text for u in document.units]
    joined = "\n".join(texts)
    for kept in ("print", "indented code", "https://", "code_here", "Front matter", "ref"):
        assert kept not in joined
    assert texts[0] == "A ZXQ1QgreatZXQ2Q heading"  # (an emphasis: a pair of placeholders)
    assert texts[1].startswith("Click ZXQ1Qthe ZXQ2QlinkZXQ3QZXQ4Q to see")
    assert "Col A" in texts and "cell two" in texts


def test_split_like_keeps_every_character_in_order() -> None:
    parts = split_like("HALLO MEIN FREUND", ["Hello ", "my", " friend"])
    assert parts == ["HALLO ", "MEIN", " FREUND"]
    assert "".join(split_like("你好我的朋友", ["ab", "c", "def"])) == "你好我的朋友"


@given(st.text(max_size=60), st.lists(st.text(max_size=8), min_size=1, max_size=6))
def test_split_like_property(text: str, runs: list[str]) -> None:
    parts = split_like(text, runs)
    assert len(parts) == len(runs) and "".join(parts) == text


_words = st.text(alphabet="ab \t\n你", max_size=8)


@given(st.text(alphabet="xy \n\t好", max_size=80), st.lists(_words, min_size=1, max_size=12))
def test_split_like_gives_the_parts_the_quadratic_reference_gave(
    text: str, runs: list[str]
) -> None:
    from bench.run_mapping import split_like_quadratic

    assert split_like(text, runs) == split_like_quadratic(text, runs)


@pytest.mark.parametrize("n_runs", [100, 400])
def test_split_like_of_a_long_paragraph_matches_the_reference(n_runs: int) -> None:
    from bench.run_mapping import paragraph, split_like_quadratic

    text, runs = paragraph(n_runs, seed=n_runs)
    assert split_like(text, runs) == split_like_quadratic(text, runs)


def test_split_like_looks_at_a_bounded_number_of_spaces_per_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Linear, counted rather than timed: the old code looked at every space for every run
    (10,000 runs × 20,000 spaces); now each run looks at no more than three."""
    from bench.run_mapping import paragraph
    from engine.documents import base

    looked = 0
    real_gap = base._gap

    def counting(space: tuple[int, int], keep: int) -> int:
        nonlocal looked
        looked += 1
        return real_gap(space, keep)

    monkeypatch.setattr(base, "_gap", counting)
    for n_runs in (10, 10_000):
        looked = 0
        text, runs = paragraph(n_runs)
        assert len(text.split()) > 1.5 * n_runs  # many more spaces than runs
        split_like(text, runs)
        assert 0 < looked <= 3 * (n_runs - 1)


# ----------------------------------------------------------------- output paths


def test_default_output_name_and_refusals(tmp_path: Path) -> None:
    path = write(tmp_path, ".srt", SRT)
    assert default_output(path, "de") == tmp_path / "doc.de.srt"
    assert default_output(tmp_path / "a.b.pdf", "de", ".docx") == tmp_path / "a.b.de.docx"
    with pytest.raises(InputError):
        translate_file(path, path, Upper())
    with pytest.raises(DocumentError):
        translate_file(path, tmp_path / "out.txt", Upper())
    assert not (tmp_path / "out.txt").exists()


def test_cancel_stops_and_writes_nothing(tmp_path: Path) -> None:
    path = write(tmp_path, ".txt", "\n\n".join(f"Paragraph {n}." for n in range(10)))
    token = CancelToken()

    def cancelling(texts: Sequence[str]) -> list[str]:
        token.cancel()
        return list(texts)

    with pytest.raises(Cancelled):
        translate_file(path, tmp_path / "out.txt", cancelling, None, token, batch_units=3)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc.txt"]


# ----------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("empty.txt", b""),
        ("blank.md", b"   \n\n\t\n"),
        ("binary.txt", b"\x00\x01\x02 hello"),
        ("no-timing.srt", b"1\nHello\n\n"),
        ("not.vtt", b"Hello\n\n00:01.000 --> 00:02.000\nHi\n"),
        ("doc.pdfx", b"whatever"),
        ("noext", b"text"),
    ],
)
def test_bad_files_raise_document_error(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(DocumentError) as info:
        open_document(path)
    assert info.value.path == path
    assert info.value.hint or info.value.message


def test_a_markdown_file_of_code_alone_is_copied_saying_so(tmp_path: Path) -> None:
    """(It was refused as having no text; a docs site's snippet of code is one of its pages
    all the same: copied with a note, see tests/test_document_mdx.py.)"""
    path = tmp_path / "only-code.md"
    path.write_bytes(b"```\ncode\n```\n")
    document = open_document(path)
    assert document.copied_without_text and not document.units
    assert [n.message_id for n in document.notes] == ["document.no_text_copied"]


def test_missing_folder_and_oversized_files(tmp_path: Path) -> None:
    with pytest.raises(DocumentError):
        open_document(tmp_path / "missing.txt")
    (tmp_path / "dir.txt").mkdir()
    with pytest.raises(DocumentError):
        open_document(tmp_path / "dir.txt")
    path = write(tmp_path, ".txt", "Hello world. " * 20)
    with pytest.raises(DocumentError, match="limit"):
        open_document(path, max_bytes=100)


def _lossy(data: bytes, codec: str) -> bool:
    """Whether ``data`` read as ``codec`` and written back is not the same bytes."""
    try:
        return data.decode(codec).encode(codec) != data
    except (UnicodeDecodeError, UnicodeEncodeError):
        return False


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@example(ext=".md", data=b"\xed@\xfa\\")  # detected as cp932, whose 0xFA5C is also 0xED40
@example(ext=".md", data=b"\x80\xc2\x80")  # (C2 80, a C1 control, is no sign of UTF-8)
@given(
    ext=st.sampled_from([*sorted(SAMPLES), ".html"]),
    data=st.one_of(
        st.binary(max_size=200),
        st.text(
            alphabet=st.sampled_from(list("ab \n\r\t-><|*_[]()`#:.,0123456789WEBVT{}\\&;=\"'/!")),
            max_size=200,
        ).map(lambda t: t.encode()),
    ),
)
def test_fuzzed_text_formats_give_document_error_or_round_trip(
    tmp_path: Path, ext: str, data: bytes
) -> None:
    path = tmp_path / f"fuzz{ext}"
    path.write_bytes(data)
    try:
        document = open_document(path)
    except DocumentError:
        return
    same = document.render([u.text for u in document.units])
    found = getattr(document, "encoding", None)
    codec = getattr(found, "codec", None)
    if getattr(found, "how", None) == "mixed":
        # UTF-8 with parts in another encoding is written as UTF-8 through: the same text.
        from engine.text.encoding import decode

        assert same.decode("utf-8") == decode(data, None, markup=ext == ".html")[0]
    elif same != data and codec is not None and _lossy(data, codec):
        # A legacy encoding with two codes for one character (cp932's NEC and IBM extensions:
        # 0xED40 and 0xFA5C are both U+7E8A) cannot give back the same bytes; the same text
        # is what Quire promises then.
        assert same.decode(codec) == data.decode(codec)
    else:
        assert same == data
    rendered = document.render([u.text.upper() + " x" for u in document.units])
    assert isinstance(rendered, bytes)


# ----------------------------------------------------------------- the real engine


def test_marian_translates_each_unit_as_it_would_alone(quire_home: Path, tmp_path: Path) -> None:
    engine = Engine(EngineOptions(home=quire_home, device="cpu", dtype="fp32"))
    engine.import_model(exported("marian"), "opus-mt-en-de")
    source = (
        "1\n00:00:01,000 --> 00:00:02,000\nHello there. How are you?\n\n"
        "2\n00:00:03,000 --> 00:00:04,000\n<i>The cat</i> sat down.\n\n"
        "3\n00:00:05,000 --> 00:00:06,000\nGood bye.\n"
    )
    path = write(tmp_path, ".srt", source)
    before = sha(path)
    template = TranslateRequest(text="", source="en", target="de")
    events: list[Event] = []
    result = translate_document(engine, path, None, template, events.append)
    assert result.output == tmp_path / "doc.de.srt"
    assert (result.source_language, result.target_language) == ("en", "de")
    assert len(result.results) == 1  # all units went to the model in one request
    assert sha(path) == before
    document = open_document(path)
    alone = []
    for unit in document.units:
        single = engine.run(TranslateRequest(text=unit.text, source="en", target="de"))
        assert isinstance(single, TranslateResult)
        alone.append(build.written(unit.text, single.text))
    assert result.output.read_bytes() == document.render(alone)
    failed = sum(a is u.text for a, u in zip(alone, document.units, strict=True))
    assert result.counts == UnitCounts(len(alone) - failed, 0, failed)
    progress = [(e.stage, e.done, e.total) for e in events if isinstance(e, Progress)]
    total = len(document.units)
    assert progress == [("translating", 0, total), ("translating", total, total)]
    assert any(isinstance(e, ModelLoaded) for e in events)
    # Timings and numbers are untouched.
    out = result.output.read_text("utf-8")
    for line in source.splitlines():
        if "-->" in line or line.isdigit():
            assert line in out


def test_engine_errors_stay_engine_errors(quire_home: Path, tmp_path: Path) -> None:
    engine = Engine(EngineOptions(home=quire_home, device="cpu", dtype="fp32"))
    path = write(tmp_path, ".txt", "Hello world.")
    with pytest.raises(EngineError):
        translate_document(engine, path, None, TranslateRequest(text="", target="de"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc.txt"]


# ----------------------------------------------------------------- HTML

HTML = """<!DOCTYPE html>
<html><head><title>My page</title><style>p { color: red }</style>
<script>var s = "Hello";</script></head>
<body>
  <h1 title="Main &amp; title">Welcome &amp; hello</h1>
  <p>This is a <b>bold</b> word. <img src="a.png" alt='A cat' title=bare> More&nbsp;text.</p>
  <pre>keep   this</pre>
  <p>Use <code>foo()</code> to call. <span translate="no">Brand</span> rocks.</p>
  <!-- a comment -->
  <ul><li>One</li><li>Two <a href="https://x.y/z">link</a></li></ul>
</body></html>
"""


def test_html_text_nodes_and_attributes_once_code_untouched(tmp_path: Path) -> None:
    path = write(tmp_path, ".html", HTML)
    document = open_document(path)
    assert document.render([u.text for u in document.units]) == path.read_bytes()
    texts = [u.text for u in document.units]
    assert texts == [
        "My page",
        "Main & title",
        "Welcome & hello",
        "This is a bold word. More\xa0text.",
        "A cat",
        "bare",
        "Use ZXQ1Q to call. ZXQ2Q rocks.",  # <code>, translate="no": placeholders
        "One",
        "Two link",
    ]
    assert document.units[3].runs == ("This is a ", "bold", " word. ", "More\xa0text.")
    upper = Upper()
    out = tmp_path / "out.html"
    translate_file(path, out, upper)
    assert upper.seen == texts
    result = out.read_text("utf-8")
    for kept in (
        "<style>p { color: red }</style>",
        '<script>var s = "Hello";</script>',
        "<pre>keep   this</pre>",
        "<code>foo()</code>",
        '<span translate="no">Brand</span>',
        "<!-- a comment -->",
        '<a href="https://x.y/z">LINK</a>',
        "<b>BOLD</b>",
    ):
        assert kept in result
    assert 'title="MAIN &amp; TITLE"' in result and "alt='A CAT'" in result
    assert 'title="BARE"' in result  # an unquoted value that changed is quoted


# ----------------------------------------------------------------- DOCX


def _build_docx(path: Path) -> None:
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "The header says hello."
    section.footer.paragraphs[0].text = "Page footer."
    paragraph = document.add_paragraph("This is a ", style="Heading 2")
    bold = paragraph.add_run("bold")
    bold.bold = True
    paragraph.add_run(" word in one sentence.").italic = True
    linked = document.add_paragraph("Read ")
    r_id = linked.part.relate_to(
        "https://example.com/x", RELATIONSHIP_TYPE.HYPERLINK, is_external=True
    )
    hyperlink = OxmlElement("w:hyperlink")
    hyperlink.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "the manual"
    run.append(text)
    hyperlink.append(run)
    linked._p.append(hyperlink)
    linked.add_run(" before you start.")
    table = document.add_table(rows=2, cols=2)
    for row in range(2):
        for col in range(2):
            table.cell(row, col).text = f"Cell {row}{col} text"
    image = path.parent / "pixel.png"
    image.write_bytes(png())
    document.add_picture(str(image))
    document.add_paragraph("Der Satz. 日本語の文です。 نص عربي.")
    document.add_paragraph("")
    document.save(str(path))


def _entries(path: Path) -> dict[str, bytes]:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _formatting(xml: bytes) -> list[bytes]:
    """Every run's properties (w:rPr) and every paragraph's (w:pPr), in order."""
    from lxml import etree

    root = etree.fromstring(xml)
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    found: list[bytes] = []
    for element in root.iter(f"{w}r", f"{w}p", f"{w}hyperlink"):
        props = element.find(f"{w}rPr") if element.tag == f"{w}r" else element.find(f"{w}pPr")
        found.append(element.tag.encode() + (etree.tostring(props) if props is not None else b""))
    return found


def test_docx_units_runs_and_everything_else_byte_identical(tmp_path: Path) -> None:
    import docx

    path = tmp_path / "doc.docx"
    _build_docx(path)
    before = sha(path)
    document = open_document(path)
    texts = [u.text for u in document.units]
    assert "This is a bold word in one sentence." in texts
    assert "Read the manual before you start." in texts
    assert "The header says hello." in texts and "Page footer." in texts
    assert [t for t in texts if t.startswith("Cell")] == [
        f"Cell {r}{c} text" for r in range(2) for c in range(2)
    ]
    upper = Upper()
    out = tmp_path / "doc.de.docx"
    translate_file(path, out, upper)
    assert upper.seen == texts
    assert sha(path) == before
    source, result = _entries(path), _entries(out)
    assert list(source) == list(result)
    changed = {name for name in source if source[name] != result[name]}
    assert changed == {"word/document.xml", "word/header1.xml", "word/footer1.xml"}
    for name in changed:
        assert _formatting(source[name]) == _formatting(result[name])
    translated = docx.Document(str(out))
    runs = [(r.text, r.bold, r.italic) for r in translated.paragraphs[0].runs]
    assert runs == [
        ("THIS IS A ", None, None),
        ("BOLD", True, None),
        (" WORD IN ONE SENTENCE.", None, True),
    ]
    style = translated.paragraphs[0].style
    assert style is not None and style.name == "Heading 2"
    assert translated.sections[0].header.paragraphs[0].text == "THE HEADER SAYS HELLO."
    assert translated.tables[0].cell(1, 1).text == "CELL 11 TEXT"
    assert "THE MANUAL" in translated.paragraphs[1]._p.xml


def test_docx_marian_translates_each_unit_as_it_would_alone(
    quire_home: Path, tmp_path: Path
) -> None:
    engine = Engine(EngineOptions(home=quire_home, device="cpu", dtype="fp32"))
    engine.import_model(exported("marian"), "opus-mt-en-de")
    path = tmp_path / "doc.docx"
    _build_docx(path)
    before = sha(path)
    template = TranslateRequest(text="", source="en", target="de")
    result = translate_document(engine, path, tmp_path / "out.docx", template)
    assert sha(path) == before
    document = open_document(path)
    alone = []
    for unit in document.units:
        single = engine.run(TranslateRequest(text=unit.text, source="en", target="de"))
        assert isinstance(single, TranslateResult)
        alone.append(build.written(unit.text, single.text))
    german = document.write(alone, language=target_language("de"))
    assert _entries(result.output) == _entries_of(german)


def _entries_of(data: bytes) -> dict[str, bytes]:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _zip(entries: dict[str, bytes]) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_corrupt_docx_files_raise_document_error(tmp_path: Path) -> None:
    good = tmp_path / "good.docx"
    _build_docx(good)
    data = good.read_bytes()
    entries = _entries(good)
    broken_xml = dict(entries, **{"word/document.xml": b"<w:document><w:body>"})
    cases = {
        "random.docx": bytes(range(256)) * 4,
        "truncated.docx": data[: len(data) // 2],
        "encrypted.docx": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
        "nodoc.docx": _zip({"hello.txt": b"hi"}),
        "badxml.docx": _zip(broken_xml),
        "empty.docx": b"",
    }
    for name, payload in cases.items():
        path = tmp_path / name
        path.write_bytes(payload)
        with pytest.raises(DocumentError) as info:
            open_document(path)
        assert info.value.path == path and info.value.hint, name
    with pytest.raises(DocumentError, match="encrypted"):
        open_document(tmp_path / "encrypted.docx")


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_fuzzed_docx_gives_document_error_or_a_document(data: st.DataObject) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        good = Path(folder) / "good.docx"
        _build_docx(good)
        payload = bytearray(good.read_bytes())
        for _ in range(data.draw(st.integers(1, 8))):
            at = data.draw(st.integers(0, len(payload) - 1))
            payload[at] = data.draw(st.integers(0, 255))
        cut = data.draw(st.integers(len(payload) // 2, len(payload)))
        path = Path(folder) / "fuzz.docx"
        path.write_bytes(bytes(payload[:cut]))
        try:
            document = open_document(path)
        except DocumentError:
            return
        assert isinstance(document.render([u.text.upper() for u in document.units]), bytes)


def test_paragraph_separators_inside_a_unit_come_back(quire_home: Path, tmp_path: Path) -> None:
    engine = Engine(EngineOptions(home=quire_home, device="cpu", dtype="fp32"))
    engine.import_model(exported("marian"), "opus-mt-en-de")
    # U+2029 ends a paragraph for the engine but not for a .txt file: the unit is still one
    # unit, batched with the others, and its separator is kept.
    path = write(tmp_path, ".txt", "Hello there.\u2029Good day.\n\nBye now.\n")
    template = TranslateRequest(text="", source="en", target="de")
    result = translate_document(engine, path, None, template)
    assert len(result.results) == 1
    document = open_document(path)
    assert len(document.units) == 2
    alone = []
    for unit in document.units:
        single = engine.run(TranslateRequest(text=unit.text, source="en", target="de"))
        assert isinstance(single, TranslateResult)
        alone.append(build.written(unit.text, single.text))
    assert "\u2029" in alone[0]
    assert result.output.read_bytes() == document.render(alone)


def test_without_a_target_the_output_is_named_by_the_engines_choice(
    quire_home: Path, tmp_path: Path
) -> None:
    engine = Engine(EngineOptions(home=quire_home, device="cpu", dtype="fp32"))
    engine.import_model(exported("marian"), "opus-mt-en-de")
    path = write(tmp_path, ".md", "# Title\n\nHello there.\n")
    result = translate_document(engine, path, None, TranslateRequest(text="", source="en"))
    assert result.target_language == "de"
    assert result.output == tmp_path / "doc.de.md" and result.output.is_file()


@pytest.mark.parametrize("ext", [".txt", ".md", ".html", ".srt", ".vtt"])
def test_text_formats_refuse_binary_data_in_one_sentence(tmp_path: Path, ext: str) -> None:
    binary = tmp_path / f"binary{ext}"
    binary.write_bytes(b"\x00\x01" * 64)
    with pytest.raises(DocumentError, match="binary") as info:
        open_document(binary)
    # One readable sentence: no "file file", no "not subtitle file".
    assert not re.search(r"\b(\w+) \1\b", f"{info.value} {info.value.hint}")
    assert "not subtitle file" not in str(info.value)


def test_a_reader_missing_from_the_installation_is_said_so_not_called_damage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The readers of zip and Markdown formats are imported with their first file: one that
    cannot be imported (a broken installation) says so, rather than blaming the file."""
    import sys

    src = build.docx_file(tmp_path / "a.docx")
    monkeypatch.setitem(sys.modules, "engine.documents.docx", None)  # import fails
    with pytest.raises(DocumentError) as caught:
        open_document(src)
    assert "cannot read .docx files: a part of it is missing" in caught.value.message
    assert "engine.documents.docx" in caught.value.message
    assert caught.value.hint == "Reinstall Quire"


def _text_file(text: str) -> Callable[[Path], Path]:
    def write(path: Path) -> Path:
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.mark.parametrize("ext", ["docx", "pptx", "odt", "epub", "txt", "srt"])
def test_control_characters_a_model_writes_do_not_cost_the_document(
    tmp_path: Path, ext: str
) -> None:
    """A model can write C0 control characters (a random-weight one does at once); XML cannot
    hold them, and the whole translated document was lost at the write. They are dropped
    from the translations, unless the source unit has them too."""
    src = {
        "docx": build.docx_file,
        "pptx": build.pptx_file,
        "odt": build.odt_file,
        "epub": build.epub_file,
        "txt": _text_file("One.\n\fTwo.\n"),
        "srt": _text_file("1\n00:00:01,000 --> 00:00:02,000\nHello.\n"),
    }[ext](tmp_path / f"in.{ext}")

    def noisy(texts: Sequence[str]) -> list[str]:
        return [f"\x07{text}\x01\ufffe" for text in texts]

    out = tmp_path / f"out.{ext}"
    result = translate_file(src, out, noisy)
    assert result.output == out and out.is_file()
    written = open_document(out)
    for unit in written.units:
        assert not any(c in unit.text for c in "\x07\x01\ufffe"), unit.text
    if ext == "txt":
        assert "\f" in out.read_text(encoding="utf-8")  # the source's own, kept


def test_a_long_paragraph_of_a_text_file_is_several_units(tmp_path: Path) -> None:
    """A 64,000-character log without a blank line was one unit: no progress for minutes,
    a cancel heard late, and one bad stretch kept the whole file untranslated."""
    from engine.documents.txt import UNIT_CHARS

    lines = [f"2024-05-28 12:54:{n % 60:02d} INFO worker {n} restarted." for n in range(2000)]
    source = "Intro paragraph.\n\n" + "\n".join(lines) + "\n"
    path = tmp_path / "log.txt"
    path.write_text(source, encoding="utf-8")
    document = open_document(path)
    units = document.units
    assert units[0].id == "p1" and units[1].id == "p2.1" and len(units) > 10
    assert max(len(u.text) for u in units) <= UNIT_CHARS
    rendered = document.render([u.text.upper() for u in units])
    assert rendered.decode("utf-8") == source.upper()


def test_a_log_without_full_stops_is_cut_at_its_line_breaks(tmp_path: Path) -> None:
    from engine.documents.txt import UNIT_CHARS

    lines = [f"2024-05-28 12:54:{n % 60:02d} INFO worker {n} restarted" for n in range(3000)]
    source = "\n".join(lines) + "\n"
    path = tmp_path / "log.txt"
    path.write_text(source, encoding="utf-8")
    document = open_document(path)
    assert len(document.units) > 20 and max(len(u.text) for u in document.units) <= UNIT_CHARS
    assert all(u.text.endswith("restarted") for u in document.units)  # whole lines
    assert document.render([u.text for u in document.units]).decode("utf-8") == source
