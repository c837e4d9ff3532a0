"""Typed requests in, results out, events while working: the vocabulary of ``Engine.run``.

Every job is one of these requests, text tasks, documents, CSV files and the model store's
operations alike, and every result and event is plain data that survives ``engine.protocol``'s
JSON (so the same vocabulary works across a process boundary)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, TypeAlias, get_args

import numpy as np
from numpy.typing import NDArray

from engine.runtime.backend import Fallback
from engine.runtime.manifest import Variant
from engine.runtime.providers import ProbeResult
from engine.store.catalog import CatalogEntry, CatalogTask
from engine.store.fit import Fit
from engine.text.encoding import EncodingUsed, TextEncoding

Length = Literal["short", "medium", "long"]
Task = Literal["translate", "summarize", "ask", "classify"]
# Every task, in the order the CLI and the app list them.
TASKS: tuple[Task, ...] = get_args(Task)
Role = Literal[
    "translation",
    "summarization",
    "question answering",
    "classification",
    "zero-shot classification",
    "sentence embeddings",
    "instruction model",
    "text generation",
]


# --- requests -----------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class TranslateRequest:
    text: str
    model: str | None = None  # installed name or folder path; None = best installed fit
    source: str | None = None  # ISO 639-1; None = detect
    target: str | None = None
    glossary: Path | None = None
    # A translation memory (TMX): a paragraph or sentence it holds (exactly, whitespace aside)
    # is written in its words, not the model's (engine.documents.memory).
    memory: Path | None = None
    # Paragraphs of ``text`` (0-based, as blank lines part them) that carry markup in their
    # document (runs of different formatting, inline fields): the memory's plain units never
    # match them, as its translation could not say where the markup goes.
    memory_unmatched: tuple[int, ...] = ()
    # Other translations wanted besides the best (LibreTranslate's ``alternatives``): given for
    # a text of one sentence that one translation model translates (beam search's next-best
    # hypotheses), else none.
    alternatives: int = 0


@dataclass(frozen=True, kw_only=True)
class SummarizeRequest:
    text: str
    model: str | None = None
    length: Length = "medium"
    language: str | None = None  # instruction models: the summary's language (None = the text's)


@dataclass(frozen=True, kw_only=True)
class AskRequest:
    question: str
    context: str
    model: str | None = None
    top_k: int = 1
    max_answer_len: int = 15  # tokens, as transformers' question-answering pipeline
    allow_no_answer: bool = False  # SQuAD2-style models: the empty answer competes


@dataclass(frozen=True, kw_only=True)
class ClassifyRequest:
    texts: tuple[str, ...]
    model: str | None = None
    labels: tuple[str, ...] = ()  # non-empty = zero-shot
    multi_label: bool = False
    explain: bool = False
    hypothesis_template: str = "This example is {}."


@dataclass(frozen=True, kw_only=True)
class EmbedRequest:
    texts: tuple[str, ...]
    model: str | None = None


@dataclass(frozen=True)
class ChatTurn:
    """One message of a conversation: ``role`` is system, user or assistant."""

    role: str
    content: str


@dataclass(frozen=True, kw_only=True)
class GenerateRequest:
    """Continue ``prompt`` with a decoder-only model (or answer it, with ``chat``); or, with
    ``messages``, answer a whole conversation rendered through the model's chat template
    (``prompt``, ``chat`` and ``system`` are then unused)."""

    prompt: str = ""
    messages: tuple[ChatTurn, ...] = ()
    model: str | None = None
    chat: bool = False  # wrap the prompt as one user message through the chat template
    system: str | None = None  # with chat: a system message first
    max_new_tokens: int | None = None  # None: generation_config.json's, else 256
    temperature: float | None = None  # None or 0: greedy; above 0: sampling
    top_k: int | None = None  # None: generation_config.json's (sampling only)
    top_p: float | None = None
    min_p: float | None = None
    repetition_penalty: float | None = None
    seed: int | None = None
    stop: tuple[str, ...] = ()  # stop strings, besides the model's EOS tokens


TextRequest: TypeAlias = (
    TranslateRequest
    | SummarizeRequest
    | AskRequest
    | ClassifyRequest
    | EmbedRequest
    | GenerateRequest
)
"""The text tasks: text in, a result out, run on one model."""


# --- requests for files -------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class TranslateDocumentRequest:
    """Translate the file ``input`` into ``output`` (None: ``NAME.<lang>.<ext>`` beside it),
    keeping its formatting. ``template`` gives the model, languages and glossary. Answers a
    ``DocumentResult``."""

    input: Path
    output: Path | None = None
    template: TranslateRequest = field(default_factory=lambda: TranslateRequest(text=""))
    bilingual: bool = False
    checkpoint: bool = True  # journal progress so an interrupted job resumes
    # False: a file found at ``output`` when the translation is written (one the user made
    # meanwhile) is kept, and the translation goes to ``NAME (2).ext``; the result says where.
    overwrite: bool = True
    # Note the output as Quire's (the app's outputs): `quire translate` without -o then
    # writes over it while it is unchanged, as over its own, instead of beside it; and so
    # does this request without ``overwrite``.
    record: bool = False


@dataclass(frozen=True, kw_only=True)
class ClassifyCsvRequest:
    """Classify the text in ``column`` of every row of the CSV file ``input`` into the new CSV
    file ``output``; ``settings`` gives the model, labels and multi_label (its texts are
    unused), ``encoding`` the input's (None: detect). Answers a ``CsvClassified``."""

    input: Path
    column: str
    output: Path
    settings: ClassifyRequest = field(default_factory=lambda: ClassifyRequest(texts=()))
    encoding: str | None = None
    max_bytes: int | None = None  # the largest CSV file read (None: the default, 200 MB)


@dataclass(frozen=True, kw_only=True)
class ReadFileRequest:
    """A file's text: a document's extracted (``document``), else the file decoded in
    ``encoding`` (a label, as ``--encoding`` takes), or the encoding detected. Answers a
    ``FileText``."""

    path: Path
    document: bool = False
    max_bytes: int = 50 * 1024 * 1024
    encoding: str | None = None


@dataclass(frozen=True, kw_only=True)
class ScanFolderRequest:
    """The documents to translate among ``paths``: files as they are, and the documents in
    folders and their subfolders (hidden ones and earlier translations left out), in name
    order. The job's languages, where chosen, tell an app's resources in the source language
    from another's (``fr.yml`` beside ``en.yml``). Cancellable between folders. Answers a
    ``FilesFound``."""

    paths: tuple[Path, ...]
    source: str | None = None
    target: str | None = None


# --- requests for the model store and the engine ------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ListModelsRequest:
    """The installed models, with what each is good for. Answers an ``InstalledModels``."""


@dataclass(frozen=True, kw_only=True)
class CatalogRequest:
    """Catalog models matching ``text`` (name, repo, description, task, language codes or
    pairs like ``en-de``), optionally of one task. Reads no network. Answers a
    ``CatalogResult``."""

    text: str = ""
    task: CatalogTask | None = None
    # The devices to plan fits for, best first (the app passes its engine's, so that a
    # process that only searches does not probe the GPUs again); () = this process's own.
    devices: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class DownloadRequest:
    """Download a catalog model (by name or repo id) or a hub repo's ONNX files into the
    store, as ``name``. Reports ``Progress("downloading" | "installing", …)``; a cancelled
    download resumes next time. Answers an ``InstalledModel``."""

    model: str
    variant: Variant | None = None
    name: str | None = None


@dataclass(frozen=True, kw_only=True)
class ImportModelRequest:
    """Install a model folder, ``.zip`` or ``.tar.gz`` after screening it; a transformers
    checkpoint is exported to ONNX when the export extra is installed. Reports ``Note``s
    (what was skipped). Answers an ``InstalledModel``."""

    source: Path
    name: str | None = None
    # What it is for where its files do not say (a summarizer whose config names no task):
    # recorded in its manifest; a task its files cannot do is refused.
    tasks: tuple[Task, ...] = ()


@dataclass(frozen=True, kw_only=True)
class SetModelTasksRequest:
    """Say what the installed model ``name`` is for, besides what its files tell (``()``:
    only what they tell). A task its files cannot do is refused. Answers an
    ``InstalledModel``."""

    name: str
    tasks: tuple[Task, ...]


@dataclass(frozen=True, kw_only=True)
class ConvertModelRequest:
    """Export the transformers checkpoint ``source`` to ONNX in ``dtypes`` and install the
    result as ``name`` (None: the folder's name made a usable one, as an import's). Answers an
    ``InstalledModel``."""

    source: Path
    name: str | None = None
    dtypes: tuple[Variant, ...] = ("fp32", "int8")


@dataclass(frozen=True, kw_only=True)
class ExportModelRequest:
    """Export the transformers checkpoint ``source`` to an ONNX model folder
    ``destination`` (not installed). Answers an ``ExportedModel``."""

    source: Path
    destination: Path
    dtypes: tuple[Variant, ...] = ("fp32",)


@dataclass(frozen=True, kw_only=True)
class VerifyRequest:
    """Re-hash installed files against each model's manifest (``name``'s, or every model's).
    Reports ``Progress("verifying", …)``. Answers a ``VerifyReport``."""

    name: str | None = None


@dataclass(frozen=True, kw_only=True)
class RemoveModelRequest:
    """Delete an installed model (or, when none is called so, its partial download).
    ``partial_only``: only the partial download, never an installed model. Answers a
    ``ModelRemoved``."""

    name: str
    partial_only: bool = False


@dataclass(frozen=True, kw_only=True)
class DoctorRequest:
    """What this computer can run on and why. Answers a ``DoctorReport``."""


@dataclass(frozen=True, kw_only=True)
class PreloadRequest:
    """Load a model now (as the first job using it would), so that job does not wait.
    Answers the ``ModelUsed``."""

    model: str


@dataclass(frozen=True, kw_only=True)
class UnloadRequest:
    """Free every loaded model. Answers ``Unloaded``."""


Request: TypeAlias = (
    TextRequest
    | TranslateDocumentRequest
    | ClassifyCsvRequest
    | ReadFileRequest
    | ScanFolderRequest
    | ListModelsRequest
    | CatalogRequest
    | DownloadRequest
    | ImportModelRequest
    | ConvertModelRequest
    | ExportModelRequest
    | VerifyRequest
    | RemoveModelRequest
    | SetModelTasksRequest
    | DoctorRequest
    | PreloadRequest
    | UnloadRequest
)
"""Every job ``Engine.run`` does."""


# --- events -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ModelLoading:
    model: str
    # No optimised graph of what this load opens is saved yet: it prepares the model for this
    # computer (``engine.runtime.session_cache``), a slower load that happens once.
    first_use: bool = False


@dataclass(frozen=True)
class ModelLoaded:
    model: ModelUsed
    seconds: float


@dataclass(frozen=True)
class ModelUnloaded:
    """``model`` was closed to make room in memory for ``for_model``, which the job loads
    next: loading it beside the models loaded before would have left too little free memory
    (``engine.tasks.context.ModelCache``). The next job that needs ``model`` loads it again."""

    model: str
    for_model: str
    needed_bytes: int  # what ``for_model`` is estimated to need (``engine.store.fit``)
    free_bytes: int  # the memory free before ``model`` was closed


@dataclass(frozen=True)
class Progress:
    stage: str  # "translating", "summarizing", ...
    done: int
    total: int
    eta_seconds: float | None = None  # estimated time left, when the stage can tell


@dataclass(frozen=True)
class PartialText:
    """The output so far (whole text, not a delta), for streaming display."""

    text: str


@dataclass(frozen=True)
class Note:
    """A one-line message worth showing while a job runs (an import skipped a file).
    ``message_id`` and ``params`` name its sentence for a front end that words it in its
    own language (as an error's do), where it has one."""

    text: str
    message_id: str | None = None
    params: Mapping[str, str | int | float] = field(default_factory=dict)


@dataclass(frozen=True)
class LabelsScored:
    """One text's ranked labels, reported as soon as they are scored when the job goes on to
    explain them: the explanation takes many times longer, and the labels need not wait for
    it. ``index`` is the text's place in the request; ``item`` has no attributions yet (the
    result's item for that text has them); ``multi_label`` as the result's."""

    index: int
    item: Classification
    multi_label: bool = False


Event: TypeAlias = (
    ModelLoading | ModelLoaded | ModelUnloaded | Progress | PartialText | Note | LabelsScored
)


# --- results ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ModelUsed:
    name: str
    path: Path
    backend: str
    variant: str
    device: str
    fallbacks: tuple[Fallback, ...] = ()


@dataclass(frozen=True)
class TranslatedSegment:
    source: str
    text: str
    paragraph: int
    suspect: bool = False  # degenerate repetition: flagged, never altered
    memory: bool = False  # taken from the request's translation memory, not the model


@dataclass(frozen=True)
class TranslateResult:
    text: str
    model: ModelUsed
    source_language: str
    target_language: str
    detected_confidence: float | None  # set when the source language was detected
    segments: tuple[TranslatedSegment, ...] = ()
    missing_terms: tuple[str, ...] = ()
    applied_terms: tuple[str, ...] = ()  # glossary terms found in the text and put back
    pivot: str | None = None  # e.g. "en" when two models were chained
    models: tuple[ModelUsed, ...] = ()  # every model used, in order (two with a pivot)
    generated_tokens: int = 0  # tokens the decoder produced (for tokens/s)
    alternatives: tuple[str, ...] = ()  # see TranslateRequest.alternatives; best first
    # With a translation memory: the segments taken from it (``segments``' ``memory``), and
    # the units it holds for the pair.
    memory_reused: int = 0
    memory_units: int = 0
    # The target variant the memory was read for (``de-de``), and its units in other variants
    # of the target language, left out: (tag, units), the most first.
    memory_variant: str = ""
    memory_left_out: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class SummarySentence:
    text: str
    paragraphs: tuple[int, ...]  # source paragraphs it came from


@dataclass(frozen=True)
class SummarizeResult:
    text: str
    model: ModelUsed
    sentences: tuple[SummarySentence, ...]
    extractive: bool = False
    rounds: int = 1  # generation rounds: 1 = the text fit one window; more = hierarchical
    generated_tokens: int = 0  # tokens the decoder produced (for tokens/s)
    # False: written in another language than the text's, so no sentence is linked to the
    # paragraphs (links are found by shared words); their ``paragraphs`` are empty.
    linked: bool = True


@dataclass(frozen=True)
class Answer:
    """``score`` ranks the answers: for a question-answering model it is transformers'
    pipeline score, the sum of the answer's span probabilities over the windows that found it
    (so above 1 where overlapping windows agree); for passages a cosine similarity.
    ``probability`` is the chance, in [0, 1], that this is the answer: the best single
    window's span probability (the no-answer score; a written answer's mean token
    probability); None for passages, where there is none."""

    text: str
    score: float
    start: int  # character offsets into the context
    end: int
    probability: float | None = None


@dataclass(frozen=True)
class Citation:
    """A passage an answer cites as ``[number]``, by its place in the context."""

    number: int
    start: int  # character offsets into the context
    end: int
    text: str


@dataclass(frozen=True)
class AskResult:
    answers: tuple[Answer, ...]
    model: ModelUsed
    passages: bool = False  # answers are whole passages ranked by an embedding model
    retriever: ModelUsed | None = None  # the embedding model that narrowed a long context
    # An instruction model wrote the answer from retrieved passages, citing them as [n];
    # no answer then means the passages do not hold one ("not in the document").
    generated: bool = False
    citations: tuple[Citation, ...] = ()
    # The passages the instruction model was given, numbered as its prompt numbered them
    # (what an answer citing none, or "not in the document", was drawn from).
    read: tuple[Citation, ...] = ()


@dataclass(frozen=True)
class LabelScore:
    label: str
    score: float


@dataclass(frozen=True)
class Attribution:
    start: int
    end: int
    weight: float


@dataclass(frozen=True)
class Classification:
    text: str
    labels: tuple[LabelScore, ...]  # best first
    attributions: tuple[Attribution, ...] = ()
    truncated: bool = False  # the text was longer than the model window; its tail was not read
    # The share of the text the model read (its tokens): 1.0, or less for a truncated text (a
    # 110-page report with a 512-token model: about 1 %, which "its beginning" did not say).
    read: float = 1.0


@dataclass(frozen=True)
class ClassifyResult:
    items: tuple[Classification, ...]
    model: ModelUsed
    multi_label: bool = False  # scores are independent per label (they need not sum to 1)
    labels: tuple[str, ...] = ()  # every label, in the model's (or the request's) order


@dataclass(frozen=True)
class EmbedResult:
    embeddings: NDArray[np.float32] = field(repr=False)
    model: ModelUsed


@dataclass(frozen=True)
class GenerateResult:
    text: str  # the completion only, special tokens removed
    token_ids: tuple[int, ...]  # the generated ids only (EOS included when it ended the text)
    model: ModelUsed
    prompt_tokens: int
    stopped: str  # "eos" | "stop_string" | "length"
    seconds: float  # prompt processing and generation
    first_token_seconds: float  # time to the first new token
    tokens_per_second: float  # new tokens after the first, per second of decoding


@dataclass(frozen=True)
class FileText:
    """A file's text, and the encoding it was in (None: not a text format, e.g. ``.docx``)."""

    text: str
    encoding: TextEncoding | None = None


@dataclass(frozen=True)
class FilesFound:
    paths: tuple[Path, ...]
    # The folders' files Quire does not read (not hidden ones): left out, for the front end
    # to name.
    unsupported: tuple[Path, ...] = ()
    # The folders' files of a kind Quire reads that are no text to translate (php.ini beside
    # Joomla's language files, package.json, a TypeScript .ts): left out too, and not
    # "cannot read", which was untrue of them.
    not_text: tuple[Path, ...] = ()


@dataclass(frozen=True)
class Capabilities:
    """What a model is good for, by the tasks' own rules and the tasks the user said it is
    for (recorded in its manifest)."""

    roles: tuple[Role, ...]
    tasks: frozenset[Task]
    sources: tuple[str, ...] = ()  # translation languages, ISO 639-1 where known
    targets: tuple[str, ...] = ()


@dataclass(frozen=True)
class InstalledModel:
    """One installed model as plain data: what it is good for, or why it cannot be used."""

    name: str
    path: Path
    model_type: str
    tasks: frozenset[Task]
    roles: tuple[Role, ...]
    sources: tuple[str, ...] = ()  # translation languages (ISO 639-1 where known)
    targets: tuple[str, ...] = ()
    variants: tuple[str, ...] = ()
    size_bytes: int = 0
    problem: str = ""  # why the folder cannot be used; then tasks is empty
    license: str = ""  # as recorded when it was downloaded; "" when nobody recorded one
    fit: Fit | None = None  # of the variant the engine would load
    # The languages the catalog says it reads (a summarizer's "en"); () when not recorded.
    languages: tuple[str, ...] = ()
    # The tasks the user said it is for (import --task, set-task), part of ``tasks``; and
    # every task its files would let it be told (what a chooser of its task offers).
    declared_tasks: tuple[Task, ...] = ()
    possible_tasks: frozenset[Task] = frozenset()

    @property
    def usable(self) -> bool:
        return not self.problem


@dataclass(frozen=True)
class PartialDownload:
    """A download that stopped before it finished. Its files are kept so that downloading
    ``name`` again resumes; removing ``name`` discards them (and the store does after two
    weeks). ``active`` while a process is downloading it now."""

    name: str
    path: Path
    size_bytes: int
    repo: str = ""
    variant: str = ""
    active: bool = False
    revision: str = ""  # the commit its files are of


@dataclass(frozen=True)
class InstalledModels:
    models: tuple[InstalledModel, ...]
    partial: tuple[PartialDownload, ...] = ()


@dataclass(frozen=True)
class CatalogHit:
    """A catalog entry as it stands on this machine."""

    entry: CatalogEntry
    installed: bool  # a model called entry.name is in the store
    variant: Variant  # what a download fetches by default here
    fits: Mapping[Variant, Fit]  # one per variant the entry has
    partial_bytes: int = 0  # kept by a download of it that stopped: downloading resumes


@dataclass(frozen=True)
class CatalogResult:
    hits: tuple[CatalogHit, ...]


@dataclass(frozen=True)
class ExportedModel:
    path: Path  # the ONNX model folder written
    variants: tuple[str, ...]


@dataclass(frozen=True)
class VerifyResult:
    name: str
    ok: bool
    changed: tuple[str, ...] = ()  # size or sha256 differs from the manifest
    missing: tuple[str, ...] = ()
    problem: str = ""  # why it could not be checked at all
    checked: int = 0  # files hashed
    added: tuple[str, ...] = ()  # files the manifest does not know (the loader would use them)


@dataclass(frozen=True)
class VerifyReport:
    results: tuple[VerifyResult, ...]


@dataclass(frozen=True)
class ModelRemoved:
    name: str
    partial: bool = False  # what went was a partial download, not an installed model


@dataclass(frozen=True)
class Unloaded:
    """Every loaded model was freed."""


@dataclass(frozen=True)
class UnitCounts:
    """How a job's units ended; they add up to the document's units. ``verbatim``: copied on
    purpose, never sent to the model (blank, or no language in them: numbers, dates, codes,
    URLs; see ``engine.text.verbatim``). ``failed``: the translator gave back nothing or
    degenerate repetition for them, or a translation the format's writer keeps out (a
    localisation string that lost a placeholder); they keep their source text in the
    output."""

    translated: int = 0
    verbatim: int = 0
    failed: int = 0

    @property
    def total(self) -> int:
        return self.translated + self.verbatim + self.failed


@dataclass(frozen=True)
class DocumentResult:
    input: Path
    output: Path
    units: int  # units of the document (all translated, some possibly in an earlier run)
    source_language: str | None = None
    target_language: str | None = None
    results: tuple[TranslateResult, ...] = ()  # one per engine call, for models and warnings
    resumed: int = 0  # units taken from the checkpoint of an interrupted earlier run
    bilingual: bool = False
    encoding: EncodingUsed | None = None  # a text format's: as read and as written
    counts: UnitCounts = UnitCounts()
    # The units counted failed (they keep their source text), by the start of their text:
    # the first 20, each cut to 100 characters.
    failed: tuple[str, ...] = ()
    # What the job should tell of the document (tracked changes pending, passages kept in
    # another language), as its Note events said them.
    notes: tuple[str, ...] = ()
    # The glossary terms the model lost in units written with its translation (a unit it
    # failed on keeps its source, named in ``failed``), each once.
    missing_terms: tuple[str, ...] = ()


@dataclass(frozen=True)
class CsvClassified:
    output: Path
    rows: int  # data rows written
    classified: int  # rows whose cell held text (empty cells get empty label and score)
    columns: tuple[str, ...]  # the columns added
    model: ModelUsed
    multi_label: bool
    encoding: EncodingUsed | None = None  # the input's, and the output's


@dataclass(frozen=True)
class DoctorReport:
    """What this machine can run and why: versions, execution providers, the store."""

    python: str
    platform: str
    versions: Mapping[str, str]
    onnxruntime: bool
    torch: bool
    providers: tuple[ProbeResult, ...]
    plan: tuple[str, ...]  # the devices models will run on, best first
    store: Path
    notes: tuple[str, ...] = ()


Result: TypeAlias = (
    TranslateResult
    | SummarizeResult
    | AskResult
    | ClassifyResult
    | EmbedResult
    | GenerateResult
    | FileText
    | FilesFound
    | InstalledModel
    | InstalledModels
    | CatalogResult
    | ExportedModel
    | VerifyReport
    | ModelRemoved
    | ModelUsed
    | Unloaded
    | DocumentResult
    | CsvClassified
    | DoctorReport
)
"""What ``Engine.run`` answers (each request's docstring names its result)."""
