"""Translate a whole document: read its units, translate them in batches through the engine
(progress by unit with an ETA, cancel between batches, a checkpoint journal so a killed job
resumes), and write ``NAME.<lang>.<ext>`` (or ``-o``) atomically, optionally bilingual."""

from __future__ import annotations

import dataclasses
import hashlib
import re
import time
from collections import deque
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from engine.api import (
    DocumentResult,
    Event,
    ModelLoaded,
    Note,
    PartialText,
    Progress,
    TranslatedSegment,
    TranslateRequest,
    TranslateResult,
    UnitCounts,
)
from engine.documents import imported, office97, txt, written
from engine.documents.base import FIELD, Document, Unit, check_unit_count
from engine.documents.checkpoint import FOLDER as CHECKPOINTS
from engine.documents.checkpoint import Journal, Languages
from engine.documents.errors import DocumentError
from engine.documents.language import Language, target_language
from engine.documents.limits import BATCH_UNITS
from engine.documents.naming import platform_output, read_by_name, split_name
from engine.documents.registry import (
    MAX_DOCUMENT_BYTES,
    load_document,
    writable_suffixes,
)
from engine.engine import Engine
from engine.errors import Cancelled, EngineError, InputError, ModelNotFound
from engine.fileio import P, check_output, name_key, numbered, read_bytes, write_atomic
from engine.options import CancelToken
from engine.store.local import StoreManifest, one_reading_of_tasks, read_manifest
from engine.tasks.languages import languages
from engine.tasks.translate import EngineModels, document_languages, sole_source
from engine.text.encoding import UTF8, EncodedText, EncodingUsed, TextEncoding
from engine.text.repetition import is_degenerate
from engine.text.scripts import in_other_scripts
from engine.text.verbatim import is_verbatim

# Batches the ETA averages over: recent enough to follow a slower part, long enough to be calm.
ETA_WINDOW = 8
# About how much of a document's text its language is detected on (the detector takes windows
# of it): units spread over the whole document, so a cover page does not decide alone.
SAMPLE_CHARS = 16000
# A language code as it may appear in an output's name (de, pt-BR, zho_Hans).
_LANGUAGE = re.compile(r"[^\W_][\w-]*")
# Translates a batch of unit texts (all non-blank) into as many texts, in order.
Translator = Callable[[Sequence[str]], list[str]]
Clock = Callable[[], float]
# The languages the translator has reported so far (None: none yet, or it reports none).
Reported = Callable[[], Languages | None]


_FIELDS = FIELD.pattern()


def no_language(text: str) -> bool:
    """A unit's text holds no language (``is_verbatim``), its fields and code aside: a line
    of names and brackets (``ZXQ1Q(ZXQ2Q)``, a signature in an API reference) holds none,
    nor a lone number in roman numerals (a chapter's "I", "XIV.", in its heading, its title
    and the table of contents: a model made "I" "Ich")."""
    return is_verbatim(_FIELDS.sub(" ", text)) or _ROMAN.fullmatch(text.strip()) is not None


# A number in upper-case roman numerals, 1 to 99 (a chapter's), with a full stop or not: not
# those of C, D or M, which spell words and abbreviations a unit may hold alone (a résumé's
# "CV", "CD", "MIX", "DC"); an element marked roman is kept whatever its number.
_ROMAN = re.compile(r"(?=[LXVI])(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})\.?")


def default_output(in_path: P, target: str, suffix: str | None = None) -> P:
    """``NAME.<lang>.<ext>`` beside the input (draw.io's ``flow.drawio.svg`` as
    ``flow.de.drawio.svg``); ``suffix`` when the output format differs (a PDF is written as
    ``NAME.<lang>.docx``). An app's resource file where its platform keeps
    them goes where the platform looks for the language (``res/values-de/strings.xml``;
    :mod:`engine.documents.naming`)."""
    if not _LANGUAGE.fullmatch(target):
        # It becomes part of a file name: a separator would write elsewhere or fail in pathlib.
        raise InputError(
            f"{target!r} is not a language code",
            path=str(in_path),
            hint="Give a code such as de, pt-BR or zho_Hans",
        )
    name, inner = in_path.stem, ""
    if (suffix or in_path.suffix).lower() == in_path.suffix.lower():
        placed = platform_output(in_path, target)
        if placed is not None:
            return placed
        name, inner = split_name(in_path)  # (flow.drawio.svg: flow.de.drawio.svg)
    return in_path.with_name(f"{name}.{target}{inner}{suffix or in_path.suffix}")


@one_reading_of_tasks()  # (a job: what its model is for, as it began)
def translate_document(
    engine: Engine,
    in_path: Path,
    out_path: Path | None,
    request_template: TranslateRequest,
    report: Callable[[Event], None] | None = None,
    cancel: CancelToken | None = None,
    *,
    max_bytes: int = MAX_DOCUMENT_BYTES,
    bilingual: bool = False,
    checkpoint: bool = True,
    batch_units: int = BATCH_UNITS,
    encoding: str | None = None,
    checkpoints: Path | None = None,
    replace: bool | Literal["own"] = True,
    taken: Collection[str] = (),
    record: bool = False,
    copy_without_text: bool = True,
) -> DocumentResult:
    """Translate ``in_path`` with the engine, using ``request_template``'s model, languages and
    glossary (its ``text`` is ignored). Without ``replace``, a file that is at the output's
    name when it is written stays: the translation goes to ``NAME (2).ext`` (the result says
    where); with ``"own"``, so does one that is not a translation Quire wrote there
    (:mod:`engine.documents.written`); with ``record``, the output is noted as Quire's
    whatever ``replace`` is (the app's). ``taken``: the outputs (``fileio.name_key``) a run of
    several documents wrote already; a document whose output would be one of them (report.pdf
    after report.docx, both report.de.docx) is refused, before any work where its target is
    known. With ``checkpoint``, progress is journaled under the
    engine's home (or in ``checkpoints``, a folder other machines see) and an interrupted job
    resumes. ``encoding`` (a label) is a text file's encoding, instead of detecting it.
    Without ``copy_without_text``, a file with no text that its reader would have written as
    it is (an icon, a redirect page) is not written: ``NoText`` says so.

    The document's languages are decided once, over its text (``document_languages``), and
    every batch is translated with them; a unit written in another script than most of the
    document (an Arabic greeting in an English deck) is kept as it is, counted verbatim,
    unless the source language is named. Raises only ``EngineError``s, naming the file."""
    in_path = Path(in_path)
    with _naming(in_path):
        return _translate_document(
            engine,
            in_path,
            out_path,
            request_template,
            report,
            cancel,
            max_bytes=max_bytes,
            bilingual=bilingual,
            checkpoint=checkpoint,
            batch_units=batch_units,
            encoding=encoding,
            checkpoints=checkpoints,
            replace=replace,
            taken=taken,
            record=record,
            copy_without_text=copy_without_text,
        )


class NoText(Exception):
    """The document has no text to translate and was not copied (``translate_document``'s
    ``copy_without_text``): outside a mirror, a copy of an icon beside it is of no use, and a
    folder run passes it over as it does a file of no supported kind."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path}: no text to translate")
        self.path = path


def _translate_document(
    engine: Engine,
    in_path: Path,
    out_path: Path | None,
    request_template: TranslateRequest,
    report: Callable[[Event], None] | None,
    cancel: CancelToken | None,
    *,
    max_bytes: int,
    bilingual: bool,
    checkpoint: bool,
    batch_units: int,
    encoding: str | None,
    checkpoints: Path | None,
    replace: bool | Literal["own"],
    taken: Collection[str],
    record: bool,
    copy_without_text: bool,
) -> DocumentResult:
    home = engine.options.home
    if out_path is not None:
        _check_suffix(in_path, Path(out_path))  # before a PDF's pages are read, not after
    through_engine = _EngineTranslator(engine, request_template, report, cancel)
    results = through_engine.results

    def prepare(document: Document) -> Collection[int]:
        template = request_template
        declared = document.declared_target()
        if not template.target and declared:
            # A catalog for German is translated into German unless told otherwise.
            template = dataclasses.replace(template, target=declared)
        keep = through_engine.decide(template, document.units)
        target = target_language(through_engine.template.target)
        return keep if target is None else keep | document.translated_into(target)

    def reported() -> Languages | None:
        if not results:
            return None
        return Languages(results[0].source_language, results[0].target_language)

    def output(document: Document, languages: Languages | None) -> Path | None:
        # Without -o, the name needs the target: named, decided for the document, else the
        # one the engine chose (known after the first batch, or from the journal).
        if out_path is not None:
            return Path(out_path)
        language = through_engine.template.target or (languages.target if languages else None)
        if not language:
            return None
        named = default_output(in_path, language, document.default_suffix)
        if name_key(named) in taken:
            raise shared_output(in_path, named)
        return named

    outcome = _translate(
        in_path,
        output,
        through_engine,
        report,
        cancel,
        prepare=prepare,
        max_bytes=max_bytes,
        batch_units=batch_units,
        bilingual=bilingual,
        journal_folder=(checkpoints or engine.options.home / CHECKPOINTS) if checkpoint else None,
        fingerprint=lambda: _engine_fingerprint(engine, request_template),
        clock=through_engine.clock,
        reported=reported,
        target=lambda: through_engine.template.target,
        source=lambda: request_template.source,
        lost=lambda: (term for result in results for term in result.missing_terms),
        encoding=encoding,
        replace=(lambda path: written.ours(home, path)) if replace == "own" else replace,
        copy_without_text=copy_without_text,
    )
    if replace == "own" or record:  # (the mode that asks the records, and the app's outputs;
        # a batch's staged copies, the server's and -o's are not recorded, nor the home
        # filled with them)
        written.remember(home, outcome.output)
    return dataclasses.replace(
        outcome,
        source_language=outcome.source_language or through_engine.template.source,
        target_language=outcome.target_language or through_engine.template.target,
        results=tuple(results),
    )


def shared_output(in_path: Path, output: Path, owner: Path | None = None) -> InputError:
    """``in_path``'s translation would be written where another file's of the same run goes
    (``owner``'s, where known): refused, so that neither is lost."""
    whose = f"{owner.name}'s" if owner is not None else "another file's"
    return InputError(
        f"Its translation would be written to {output.name}, where {whose} goes",
        path=in_path,
        hint="Translate it on its own, naming its output with -o",
        message_id="translate.output_shared",
        params={"output": output.name},
    )


@contextmanager
def _naming(in_path: Path) -> Iterator[None]:
    """An error about the document (no model for its language, ...) names the file."""
    try:
        yield
    except Cancelled:
        raise
    except EngineError as exc:
        if exc.path is None:
            exc.path = in_path
        raise


def _sample(texts: Sequence[str], limit: int = SAMPLE_CHARS) -> str:
    """``texts`` joined as paragraphs, or every n-th of them when they are much longer than
    ``limit`` characters together."""
    total = sum(len(text) for text in texts)
    step = max(1, total // limit)
    return "\n\n".join(texts[::step])


def translate_file(
    in_path: Path,
    out_path: Path,
    translate: Translator,
    report: Callable[[Event], None] | None = None,
    cancel: CancelToken | None = None,
    *,
    max_bytes: int = MAX_DOCUMENT_BYTES,
    batch_units: int = BATCH_UNITS,
    bilingual: bool = False,
    checkpoints: Path | None = None,
    fingerprint: Mapping[str, str] | None = None,
    clock: Clock = time.monotonic,
    encoding: str | None = None,
    language: str | None = None,
) -> DocumentResult:
    """Read, translate every unit once through ``translate``, and write ``out_path``. With
    ``checkpoints`` (a folder), progress is journaled there under a key made of the input and
    ``fingerprint`` (what identifies ``translate``'s behaviour), and a rerun resumes.
    ``language``: the translations' language, which the output declares."""
    _check_suffix(Path(in_path), Path(out_path))
    return _translate(
        Path(in_path),
        lambda _document, _languages: Path(out_path),
        translate,
        report,
        cancel,
        max_bytes=max_bytes,
        batch_units=batch_units,
        bilingual=bilingual,
        journal_folder=checkpoints,
        fingerprint=lambda: dict(fingerprint or {}),
        clock=clock,
        encoding=encoding,
        target=lambda: language,
    )


@dataclass(frozen=True)
class TextFileResult:
    """A plain-text file's translation, delivered whole (printed, or written with ``-o``)."""

    input: Path
    text: str  # the file with each paragraph translated and its own whitespace kept
    units: int  # paragraphs
    results: tuple[TranslateResult, ...] = ()  # one per engine call of this run, in order
    resumed: int = 0  # paragraphs taken from the checkpoint of an interrupted earlier run
    encoding: TextEncoding = UTF8  # the file's, for writing the translation back
    counts: UnitCounts = dataclasses.field(
        default_factory=UnitCounts
    )  # how the paragraphs ended (see UnitCounts)
    failed: tuple[str, ...] = ()  # the failed paragraphs, as DocumentResult.failed
    # The languages decided for the file (named, or its source detected): a file resumed
    # whole from its journal makes no engine call to say them.
    source_language: str | None = None
    target_language: str | None = None


@one_reading_of_tasks()  # (a job: what its model is for, as it began)
def translate_text_file(
    engine: Engine,
    in_path: Path,
    request_template: TranslateRequest,
    deliver: Callable[[str, TextEncoding], None],
    report: Callable[[Event], None] | None = None,
    cancel: CancelToken | None = None,
    *,
    max_bytes: int = MAX_DOCUMENT_BYTES,
    checkpoint: bool = True,
    batch_units: int = BATCH_UNITS,
    encoding: str | None = None,
) -> TextFileResult:
    """Translate a plain-text file paragraph by paragraph with the same checkpoint journal as
    documents, so a killed job resumes without translating a paragraph twice. ``deliver``
    gets the whole translation and the file's encoding; the journal is discarded only once it
    returns. ``encoding`` (a label) is the file's encoding, instead of detecting it."""
    in_path = Path(in_path)
    data = read_bytes(in_path, limit=max_bytes, error=DocumentError)
    document = txt.read(data, in_path, encoding=encoding)
    assert isinstance(document, txt.TextDocument)
    if not any(unit.text.strip() for unit in document.units):
        raise InputError(
            "The file holds no text",
            path=in_path,
            hint="Give a file that holds text, or - to read standard input",
            message_id="document.no_text",
        )
    check_unit_count(len(document.units), in_path)
    through_engine = _EngineTranslator(engine, request_template, report, cancel)
    journal = None
    if checkpoint:
        key = _journal_fingerprint(_engine_fingerprint(engine, request_template), encoding)
        journal = Journal.open(engine.options.home / CHECKPOINTS, data, key)
    with _naming(in_path):
        keep = through_engine.decide(request_template, document.units)
        translations, resumed, counts, failed = _translate_units(
            document,
            through_engine,
            report,
            cancel,
            batch_units=batch_units,
            journal=journal,
            clock=through_engine.clock,
            keep=keep,
        )
    text = document.render_text(translations)
    deliver(text, document.encoding)
    if journal is not None:
        journal.discard()
    results = tuple(through_engine.results)
    return TextFileResult(
        in_path,
        text,
        len(document.units),
        results,
        resumed,
        document.encoding,
        counts,
        _failed_texts(document.units, failed),
        through_engine.template.source,
        through_engine.template.target,
    )


def _translate(
    in_path: Path,
    output: Callable[[Document, Languages | None], Path | None],
    translate: Translator,
    report: Callable[[Event], None] | None,
    cancel: CancelToken | None,
    *,
    prepare: Callable[[Document], Collection[int]] = lambda _document: (),
    max_bytes: int,
    batch_units: int,
    bilingual: bool,
    journal_folder: Path | None,
    fingerprint: Callable[[], Mapping[str, str]],
    clock: Clock,
    reported: Reported = lambda: None,
    target: Callable[[], str | None] = lambda: None,
    source: Callable[[], str | None] = lambda: None,
    lost: Callable[[], Iterable[str]] = lambda: (),
    encoding: str | None = None,
    replace: bool | Callable[[Path], bool] = True,
    copy_without_text: bool = True,
) -> DocumentResult:
    """``output`` names the output file from the job's languages, or gives None while it
    cannot (no target yet: it is asked again once the units are translated). ``prepare``
    decides what the job needs to know of the document before any work (its languages),
    after the checks that need only the files, and gives the units to keep as they are besides
    those without language. ``reported``: the languages ``translate`` reported, journaled
    with the units. ``target``: the language named for the job (else the one reported), which
    the output declares; ``source``: the source language named for it, if any."""

    def reading(done: int, total: int) -> None:
        # A PDF's pages take seconds each: said, and a cancelled job stops between them.
        if cancel is not None:
            cancel.check()
        if report is not None:
            report(Progress("reading pages", done, total))

    told_converting = False

    def converting() -> None:
        # LibreOffice converts an old Office file's copy (seconds): said once, and a cancelled
        # job stops it.
        nonlocal told_converting
        if cancel is not None:
            cancel.check()
        if report is not None and not told_converting:
            report(Progress("converting", 0, 1))
        told_converting = True

    document, data = load_document(
        in_path, max_bytes=max_bytes, encoding=encoding, tick=reading, converting=converting
    )
    named_source = source()
    if named_source:
        document = document.in_source(named_source)
    copied = document.copied_without_text and not any(u.text.strip() for u in document.units)
    if copied and not copy_without_text:
        raise NoText(in_path)  # (before its note, which says it is copied)
    told = 0

    def tell() -> None:
        """Report the notes the document has not said yet: its reading's, then those known
        later (a theme with no words for the target, found once the target is). Only the
        result held a later one, and the CLI's --json alone showed it."""
        nonlocal told
        if report is not None:
            for note in document.notes[told:]:
                report(note)
        told = len(document.notes)

    tell()
    out_path = output(document, None)
    if out_path is not None:
        _check_output(document, in_path, out_path)
        _check_kept(in_path, out_path, replace)
    if bilingual and type(document).render_bilingual is Document.render_bilingual:
        # The format cannot show both: say so now, not after an hour of translating.
        document.render_bilingual([u.text for u in document.units])
    journal = None
    journaled: dict[int, str] = {}
    if journal_folder is not None:
        opened = Journal.open(journal_folder, data, _journal_fingerprint(fingerprint(), encoding))
        journal, journaled = _loaded(opened, document.units, report)
    keep = frozenset(prepare(document)) | document.kept
    if bilingual:
        keep = _bilingual_kept(document, keep, in_path)
        tell()
    named = target_language(target())
    if named is not None:
        document.check_target(named)  # (a catalog in another language: said now)
        tell()
    if out_path is None:
        out_path = output(document, None)
        if out_path is not None:
            _check_output(document, in_path, out_path)
    translations, resumed, counts, failed = _translate_units(
        document,
        translate,
        report,
        cancel,
        batch_units=batch_units,
        journal=journal,
        clock=clock,
        reported=reported,
        keep=keep,
        journaled=journaled,
    )
    # The job's languages are its first batch's: from the journal when an earlier run did it
    # (a fully journaled job makes no call here), else from this run.
    languages = (journal.languages if journal is not None else None) or reported()
    if out_path is None:
        out_path = output(document, languages)
        if out_path is None:
            raise InputError(
                "Name the language to translate into",
                path=in_path,
                hint="Pass a target language",
                message_id="translate.needs_target",
            )
        _check_output(document, in_path, out_path)
    language = target_language(target() or (languages.target if languages else None))
    rendered = _render(document, translations, out_path, bilingual=bilingual, language=language)
    tell()
    _check_kept(in_path, out_path, replace)  # (one may have come while it was translated)
    if isinstance(replace, bool):
        out_path = write_atomic(out_path, rendered, replace=replace)
    else:  # over Quire's own output, else beside a file of the user's: NAME (2).ext
        mine = _own_or_free(out_path, replace)
        kept = out_path
        out_path = write_atomic(mine or out_path, rendered, replace=mine is not None)
        if out_path != kept and report is not None:
            # (an earlier version's output has no record either: older Quires kept none)
            report(Note(f"{kept.name} was there already, with no record that Quire wrote it, "
                        "and is kept"))  # fmt: skip
    if journal is not None:
        journal.discard()
    used = None
    if document.encoding is not None:
        written = rendered.encoding if isinstance(rendered, EncodedText) else None
        used = EncodingUsed.of(document.encoding, written)
    return DocumentResult(
        input=in_path,
        output=out_path,
        units=len(document.units),
        source_language=languages.source if languages else None,
        target_language=languages.target if languages else None,
        resumed=resumed,
        bilingual=bilingual,
        encoding=used,
        counts=counts,
        failed=_failed_texts(document.units, failed),
        notes=tuple(note.text for note in document.notes),
        missing_terms=_lost_in(document.units, lost(), set(failed) | keep),
    )


def _lost_in(
    units: Sequence[Unit], lost: Iterable[str], unsent: Collection[int]
) -> tuple[str, ...]:
    """The glossary terms ``lost`` that a unit written with its translation holds (not one
    kept as it was: its source has them as they were), each once."""
    terms = dict.fromkeys(lost)
    if not terms:
        return ()
    written = [u.text for n, u in enumerate(units) if n not in unsent]
    # (a word of its own, in any case: "API" is no part of "capital"; "Start button" holds
    # "start button")
    found = [re.compile(rf"(?<!\w){re.escape(t)}(?!\w)", re.IGNORECASE) for t in terms]
    return tuple(t for t, f in zip(terms, found, strict=True) if any(map(f.search, written)))


def _check_suffix(in_path: Path, out_path: Path) -> None:
    """Refuse an output named with an extension the input cannot be written as, known from
    the input's own (the same words as ``_check_output``, which checks it again once read)."""
    if out_path.expanduser().is_dir():
        check_output(out_path, [in_path])  # (refused now, not after a conversion or a PDF read)
    allowed = writable_suffixes(in_path.suffix)
    if allowed is None:
        return
    if in_path.suffix.lower() in office97.KINDS:  # (its bytes may be another format's)
        allowed = office97.written_as(in_path.expanduser()) or allowed
    elif in_path.suffix.lower() in imported.KINDS:
        allowed = imported.written_as(in_path.expanduser()) or allowed
    if out_path.suffix.lower() not in allowed:
        raise DocumentError(
            f"A {in_path.suffix} file cannot be written as {out_path.suffix or 'no extension'}",
            path=out_path,
            hint=f"Name the output with one of: {', '.join(allowed)}",
            message_id="document.wrong_output",
            params={
                "suffix": in_path.suffix,
                "output": out_path.suffix,
                "allowed": ", ".join(allowed),
            },
        )


def _check_output(document: Document, in_path: Path, out_path: Path) -> None:
    if out_path.expanduser().is_dir():  # (its name has no suffix to complain about)
        check_output(out_path, [in_path])
    if not document.accepts_suffix(out_path.suffix):
        allowed = ", ".join(document.output_suffixes or (in_path.suffix.lower(),))
        raise DocumentError(
            f"A {in_path.suffix} file cannot be written as {out_path.suffix or 'no extension'}",
            path=out_path,
            hint=f"Name the output with one of: {allowed}",
            message_id="document.wrong_output",
            params={"suffix": in_path.suffix, "output": out_path.suffix, "allowed": allowed},
        )
    check_output(out_path, [in_path])


def _check_kept(in_path: Path, out_path: Path, replace: bool | Callable[[Path], bool]) -> None:
    """Refuse to write beside a file that is kept at the output's name where a program finds
    that file by its name (:func:`naming.read_by_name`): ``i18n/de (2).toml`` beside the
    German table a theme ships failed Hugo's build ("de (2)": no language tag)."""
    if replace is True or not read_by_name(out_path) or not out_path.exists():
        return
    if callable(replace) and replace(out_path):
        return  # (Quire's own output: written over)
    raise InputError(
        f"{out_path.name} is there already, and a program finds it by its name alone: "
        f"its translation would be written beside it as {numbered(out_path, 2).name}, "
        "which it would not read as the same file",
        path=in_path,
        hint=f"To write over it, name it with -o ({out_path}); to keep it, name another "
        "output with -o and merge the two",
        message_id="translate.output_read_by_name",
        params={"output": out_path.name},
    )


def _bilingual_kept(document: Document, keep: frozenset[int], in_path: Path) -> frozenset[int]:
    """``keep`` with the units a bilingual copy writes as they are (a drawing's lines), which
    are then not sent: translating them would be paid for and thrown away. A note says how
    many were kept in the source's language."""
    units = document.units
    drawn = {n for n in document.bilingual_kept if n not in keep and not no_language(units[n].text)}
    if drawn:
        count = len(drawn)
        document.notes = (
            *document.notes,
            Note(
                f"{in_path.name}: {count} drawn text{'s' if count != 1 else ''} (SVG <text>) "
                "kept in the source's language: a bilingual copy has no room for a "
                "translation beside a drawn line",
                "document.bilingual_drawn_kept",
                {"name": in_path.name, "count": count},
            ),
        )
    return keep | document.bilingual_kept


def _render(
    document: Document,
    translations: Sequence[str],
    out_path: Path | None,
    *,
    bilingual: bool,
    language: Language | None,
) -> bytes:
    """The output's bytes; a writer's own failure becomes a ``DocumentError``."""
    suffix = out_path.suffix if out_path is not None else None
    try:
        return document.write(translations, suffix, bilingual=bilingual, language=language)
    except DocumentError:
        raise
    except Exception as exc:  # a format writer's bug or a library's refusal
        raise DocumentError(
            f"The translated document could not be written: {exc}",
            path=out_path or document.path,
            hint="Try another output format with -o, or report this file",
            message_id="document.write_failed",
        ) from exc


def translate_units(
    document: Document,
    translate: Translator,
    report: Callable[[Event], None] | None = None,
    cancel: CancelToken | None = None,
    *,
    batch_units: int = BATCH_UNITS,
) -> list[str]:
    """Each unit's translation, in order; blank and verbatim units (no language in them) are
    kept as they are, and so are units the translator failed on."""
    units = translated_units(document, translate, report, cancel, batch_units=batch_units)
    return list(units.translations)


@dataclass(frozen=True)
class TranslatedUnits:
    """Each unit's translation, in order (``translate_units``'), and how the units ended:
    ``failed`` are the indexes of those the translator failed on, which keep their source
    text (a caller that gives back only the text, the local API's, can still say so)."""

    translations: tuple[str, ...]
    counts: UnitCounts
    failed: tuple[int, ...]


@one_reading_of_tasks()  # (a job: what its model is for, as it began)
def translated_units(
    document: Document,
    translate: Translator,
    report: Callable[[Event], None] | None = None,
    cancel: CancelToken | None = None,
    *,
    batch_units: int = BATCH_UNITS,
) -> TranslatedUnits:
    """``translate_units``, with how the units ended."""
    out, _resumed, counts, failed = _translate_units(
        document, translate, report, cancel, batch_units=batch_units
    )
    return TranslatedUnits(tuple(out), counts, tuple(failed))


def _loaded(
    journal: Journal | None, units: Sequence[Unit], report: Callable[[Event], None] | None
) -> tuple[Journal | None, dict[int, str]]:
    """``journal`` and what it holds. A journal only serves resuming after a crash: one that
    cannot be read (or, later, written: a read-only or full home) is dropped and the
    translation goes on, said once in a note."""
    if journal is None:
        return None, {}
    try:
        loaded = journal.load(units)
    except DocumentError as exc:
        if report is not None:
            report(_resuming_off(exc))
        return None, {}
    if journal.unused and report is not None:
        report(
            Note(
                f"{journal.unused} part(s) translated by the interrupted run do not match "
                "this document's parts (another version of Quire cut it differently): "
                "they are translated again"
            )
        )
    return journal, loaded


def _resuming_off(error: DocumentError) -> Note:
    return Note(f"Resuming after a crash is off for this file: {error}")


def _translate_units(
    document: Document,
    translate: Translator,
    report: Callable[[Event], None] | None,
    cancel: CancelToken | None,
    *,
    batch_units: int,
    journal: Journal | None = None,
    clock: Clock = time.monotonic,
    reported: Reported = lambda: None,
    keep: Collection[int] = (),
    journaled: Mapping[int, str] | None = None,
) -> tuple[list[str], int, UnitCounts, list[int]]:
    """The translations, how many came from the journal, how the units ended, and the
    units the translator failed on (they keep their source). ``keep``:
    units kept as they are (counted verbatim) besides those without language; ``journaled``:
    what ``journal`` holds, when the caller loaded it already. Batches keep the grid of an
    uninterrupted run (distinct texts ``k * batch_units …``), so a resumed job batches the
    rest exactly as it would have, and gives the same output."""
    if batch_units < 1:
        raise ValueError("batch_units must be at least 1")
    units = document.units
    texts = [unit.text for unit in units]
    kept = frozenset(keep)
    todo = [i for i, text in enumerate(texts) if i not in kept and not no_language(text)]
    # A text the document repeats (a column of five categories, a running head) is
    # translated once, where it first occurs, and every copy gets that translation: copies
    # translated apart came back different (a batch's company changes int8 results), and a
    # sheet's filter or lookup then no longer matched.
    first_of: dict[str, int] = {}
    copies: dict[int, list[int]] = {}
    for i in todo:
        copies.setdefault(first_of.setdefault(texts[i], i), []).append(i)
    distinct = list(copies)
    out = list(texts)
    if journaled is None:
        journal, journaled = _loaded(journal, units, report)
    resumed = 0
    for i in distinct:
        if i in journaled:
            for k in copies[i]:
                out[k] = journaled[i]
            resumed += len(copies[i])
    emit = report or (lambda _event: None)
    rate = _Rate()
    left = sum(len(texts[i]) for i in distinct if i not in journaled)
    done = resumed
    emit(Progress("translating", done, len(todo)))
    for first in range(0, len(distinct), batch_units):
        rows = [i for i in distinct[first : first + batch_units] if i not in journaled]
        if not rows:
            continue
        if cancel is not None:
            cancel.check()
        started = clock()
        outputs = translate([texts[i] for i in rows])
        if len(outputs) != len(rows):
            raise ValueError(f"the translator gave {len(outputs)} texts for {len(rows)}")
        for i, text in zip(rows, outputs, strict=True):
            for k in copies[i]:
                out[k] = text
        if journal is not None:
            try:
                journal.append(((i, units[i], out[i]) for i in rows), reported())
            except DocumentError as exc:
                journal = None  # (see _loaded)
                emit(_resuming_off(exc))
        chars = sum(len(texts[i]) for i in rows)
        rate.add(chars, clock() - started)
        left -= chars
        done += sum(len(copies[i]) for i in rows)
        emit(Progress("translating", done, len(todo), rate.seconds_for(left)))
    failed: list[int] = []
    for i in todo:
        out[i] = _writable(texts[i], out[i])
        # (nothing, a stuck decoder's repetition, or what the format's writer would not write:
        # a localisation string that lost a placeholder)
        if translation_failed(texts[i], out[i]) or not document.accepts(i, out[i]):
            out[i] = texts[i]
            failed.append(i)
    counts = UnitCounts(len(todo) - len(failed), len(units) - len(todo), len(failed))
    return out, resumed, counts, failed


# The failed units a result names (by their text's start): enough to find them in the file.
FAILED_SHOWN = 20
FAILED_CHARS = 100


def _own_or_free(path: Path, own: Callable[[Path], bool]) -> Path | None:
    """``path``, or the first of ``NAME (2).ext``, ``NAME (3).ext``… that is free or is
    ``own`` (an earlier run's output, written over again rather than beside); None past a
    hundred (write_atomic then finds a free name)."""
    for number in range(1, 100):
        candidate = numbered(path, number)
        if not candidate.exists() or own(candidate):
            return candidate
    return None


def _failed_texts(units: Sequence[Unit], failed: Sequence[int]) -> tuple[str, ...]:
    out = []
    for i in failed[:FAILED_SHOWN]:
        text = " ".join(units[i].shown.split())
        out.append(text if len(text) <= FAILED_CHARS else text[: FAILED_CHARS - 1] + "…")
    return tuple(out)


# What XML 1.0 cannot hold (C0 controls but tab, line feed and carriage return; U+FFFE and
# U+FFFF; lone surrogates): a model can write them, and no .docx, .pptx, .odt or .epub writer
# takes them. In plain text they are noise too.
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _writable(source: str, translation: str) -> str:
    """``translation`` without the characters a document cannot hold, unless its source unit
    has them too (a form feed in a text file stays where it was)."""
    return _UNWRITABLE.sub(lambda m: m.group() if m.group() in source else "", translation)


def translation_failed(source: str, translation: str) -> bool:
    """Nothing, or a stuck decoder's repetition, came back for a unit with words in it (a
    document keeps such a unit's source text)."""
    return not translation.strip() or is_degenerate(translation, source)


class _Rate:
    """Seconds per character, averaged over the last ``ETA_WINDOW`` batches."""

    def __init__(self) -> None:
        self.batches: deque[tuple[int, float]] = deque(maxlen=ETA_WINDOW)

    def add(self, chars: int, seconds: float) -> None:
        self.batches.append((chars, max(0.0, seconds)))

    def seconds_for(self, chars: int) -> float | None:
        total = sum(c for c, _ in self.batches)
        if not total:
            return None
        return max(0, chars) * sum(s for _, s in self.batches) / total


def _journal_fingerprint(key: Mapping[str, str], encoding: str | None) -> Mapping[str, str]:
    """A journal's fingerprint: the same bytes read in another encoding are other units."""
    return key if encoding is None else {**key, "encoding": encoding}


def _engine_fingerprint(engine: Engine, template: TranslateRequest) -> dict[str, str]:
    """What decides the engine's translations, besides the text: the model (the named one, or
    every installed model that could translate when the engine chooses), the options, the
    languages, the glossary. A model is known by its files (a summarizer imported, or the
    same model installed again, left a stopped job's journal unfound: it started over)."""
    if template.model:
        folder = engine.model(template.model).path
        model = _model_key(folder, read_manifest(folder))
    else:
        # Installed models only: a download, an import or a removal under way (the store's
        # hidden working folders) made a rerun started meanwhile look for another journal.
        model = "auto:" + ";".join(
            _model_key(m.path, m.manifest)
            for m in engine.store.list()
            if m.folder is not None and (languages(m.folder) is not None or m.folder.is_causal)
        )
    glossary = ""
    if template.glossary is not None:
        try:
            glossary = hashlib.sha256(Path(template.glossary).read_bytes()).hexdigest()
        except OSError:
            glossary = f"unreadable:{template.glossary}"  # the engine will say why
    memory = ""
    if template.memory is not None:
        try:
            memory = hashlib.sha256(Path(template.memory).read_bytes()).hexdigest()
        except OSError:
            memory = f"unreadable:{template.memory}"  # the engine will say why
    options = engine.options
    keyed = {"memory": memory} if memory else {}  # (a job without one keeps its journal's key)
    return {
        "model": model,
        "device": options.device,
        "dtype": options.dtype,
        "backend": options.backend,
        "source": template.source or "",
        "target": template.target or "",
        "glossary": glossary,
        **keyed,
    }


def _model_key(folder: Path, manifest: StoreManifest | None) -> str:
    """A model folder's files: its name and its manifest's checksums (what Quire recorded
    when it installed the model), else the folder's time (a model installed before
    manifests)."""
    if manifest is None or not manifest.files:
        return f"{folder.name}@{_mtime(folder)}"
    listed = "".join(f"{f.path}:{f.sha256};" for f in sorted(manifest.files, key=lambda f: f.path))
    return f"{folder.name}#{hashlib.sha256(listed.encode()).hexdigest()[:32]}"


def _mtime(path: Path) -> str:
    try:
        return str(path.stat().st_mtime_ns)
    except OSError:
        return "?"


class _EngineTranslator:
    """Units through the engine, a batch per call: keeps every call's result (for the models
    and warnings) and the seconds spent loading models, which are not translation speed and
    stay out of the ETA. Model loading is forwarded to ``report``; the engine's own progress
    is per request, so the document's unit progress replaces it."""

    def __init__(
        self,
        engine: Engine,
        template: TranslateRequest,
        report: Callable[[Event], None] | None,
        cancel: CancelToken | None,
    ) -> None:
        self.engine, self.template, self.report, self.cancel = engine, template, report, cancel
        self.results: list[TranslateResult] = []
        self.loading = 0.0
        self.detected: float | None = None  # the document's source language's probability
        # Texts of units that carry markup (runs of different formatting, fields): a memory's
        # plain unit never matches them (its translation could not say where the markup goes)
        self.marked: frozenset[str] = frozenset()

    def decide(self, template: TranslateRequest, units: Sequence[Unit]) -> frozenset[int]:
        """Fix the languages of every batch once, for the whole document (``template``'s where
        named), and answer the units to keep as they are: those clearly in another language
        (another script) than most of the document, unless the source language is named."""
        texts = [unit.text for unit in units]
        self.marked = frozenset(unit.text for unit in units if _carries_markup(unit))
        todo = [i for i, text in enumerate(texts) if not no_language(text)]
        keep = frozenset() if template.source else in_other_scripts(texts, todo)
        sample = _sample([texts[i] for i in todo if i not in keep])
        models = EngineModels(self.engine)
        try:
            self.template, self.detected = document_languages(models, template, sample)
        except ModelNotFound as exc:
            # An unsure guess of a language no model translates: the one language an
            # installed model translates into the target, with a note saying so.
            source = sole_source(models, exc, sample)
            if source is None:
                raise
            self.template, self.detected = document_languages(
                models, dataclasses.replace(template, source=source), sample
            )
            if self.report is not None:
                self.report(
                    Note(
                        f"The language was unclear ({exc.params['source']}, "
                        f"{float(exc.params['confidence']):.0%} sure): translated from "
                        f"{source}, the one language an installed model translates into "
                        f"{exc.params['target']}; if that is wrong, choose the file's language "
                        "in From and translate it again",
                        # (positional, as the other notes': a note is no raise)
                        "translate.unsure_source",
                        {
                            "detected": exc.params["source"],
                            "confidence": exc.params["confidence"],
                            "source": source,
                            "target": exc.params["target"],
                        },
                    )
                )
        return keep

    def __call__(self, texts: Sequence[str]) -> list[str]:
        try:
            outputs, batch = _engine_batch(
                self.engine, self.template, texts, self.forward, self.cancel, self.marked
            )
        except ModelNotFound as exc:
            if not self.results or not self.template.model:
                raise
            raise ModelNotFound(
                f"{self.template.model} was removed while this job used it",
                hint="Install it again and run the same job: it goes on where it stopped",
            ) from exc
        if self.detected is not None:
            # Each request was given the source; it was detected, over the whole document.
            batch = [dataclasses.replace(r, detected_confidence=self.detected) for r in batch]
        self.results.extend(batch)
        if batch and not self.template.model and all(r.pivot is None for r in batch):
            # The model of the first batch translates the rest: one imported or removed
            # meanwhile (in another window or terminal) translated the rest of the document
            # in other words, and the result named one model.
            self.template = dataclasses.replace(self.template, model=batch[0].model.name)
        return outputs

    def forward(self, event: Event) -> None:
        if isinstance(event, ModelLoaded):
            self.loading += event.seconds
        if self.report is not None and not isinstance(event, (Progress, PartialText)):
            self.report(event)

    def clock(self) -> float:
        """Seconds of translation so far (a monotonic clock less the loading)."""
        return time.monotonic() - self.loading


def _engine_batch(
    engine: Engine,
    template: TranslateRequest,
    texts: Sequence[str],
    report: Callable[[Event], None],
    cancel: CancelToken | None,
    marked: frozenset[str] = frozenset(),
) -> tuple[list[str], list[TranslateResult]]:
    """Translate units as the paragraphs of one request (so the model batches them); when the
    paragraphs do not come back one per unit, one request per unit. ``marked``: the texts
    of units with markup, which a memory's units do not match."""
    cleaned = [_one_paragraph(text) for text in texts]
    unmatched = tuple(n for n, text in enumerate(texts) if text in marked)
    result = _run(
        engine,
        dataclasses.replace(template, memory_unmatched=unmatched),
        "\n\n".join(cleaned),
        report,
        cancel,
    )
    paragraphs = {s.paragraph for s in result.segments}
    if paragraphs == set(range(len(texts))):
        return [
            _rebuild(text, [s for s in result.segments if s.paragraph == n])
            for n, text in enumerate(texts)
        ], [result]
    outputs: list[str] = []
    results: list[TranslateResult] = []
    for text, one in zip(texts, cleaned, strict=True):
        alone = dataclasses.replace(template, memory_unmatched=(0,) if text in marked else ())
        single = _run(engine, alone, one, report, cancel)
        outputs.append(_rebuild(text, list(single.segments)))
        results.append(single)
    return outputs, results


def _run(
    engine: Engine,
    template: TranslateRequest,
    text: str,
    report: Callable[[Event], None],
    cancel: CancelToken | None,
) -> TranslateResult:
    result = engine.run(dataclasses.replace(template, text=text), report, cancel)
    assert isinstance(result, TranslateResult)
    return result


def _carries_markup(unit: Unit) -> bool:
    """Whether a unit's text carries markup a plain sentence has not: runs of different
    formatting (a bold word), or inline fields."""
    return bool(unit.fields) or sum(1 for run in unit.runs if run) > 1


def _one_paragraph(text: str) -> str:
    """The unit with blank lines inside it folded to single line breaks, so it stays one
    paragraph when units are joined by blank lines."""
    lines = [line for line in text.splitlines() if line.strip()]
    return "\n".join(lines) if len(lines) > 1 else text


def _rebuild(source: str, segments: Sequence[TranslatedSegment]) -> str:
    """The unit's translation: its sentences' translations with the unit's own whitespace
    between them (the line breaks ``_one_paragraph`` folded come back), and around them."""
    parts: list[str] = []
    cursor = 0
    previous_end: int | None = None
    for segment in segments:
        seg_source, seg_text = segment.source, segment.text
        found = source.find(seg_source, cursor)
        if previous_end is not None:
            gap = source[previous_end:found] if found >= 0 else " "
            parts.append(gap if not gap or gap.isspace() else " ")
        parts.append(seg_text)
        if found >= 0:
            cursor = previous_end = found + len(seg_source)
        else:
            previous_end = cursor
    body = "".join(parts)
    lead = source[: len(source) - len(source.lstrip())]
    trail = source[len(source.rstrip()) :]
    return lead + body + trail


__all__ = [
    "BATCH_UNITS",
    "DocumentResult",
    "TextFileResult",
    "TranslatedUnits",
    "Translator",
    "UnitCounts",
    "default_output",
    "shared_output",
    "translate_document",
    "translate_file",
    "translate_text_file",
    "translate_units",
    "translated_units",
    "translation_failed",
]
