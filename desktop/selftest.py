"""``quire --self-test``: prove an installed (frozen) Quire works without a display or a network.

It translates a sentence with the tiny model bundled at ``resources/selftest-model`` through the
engine's front door, runs it again in the engine process and survives that process being killed
mid-job, reads a document format that needs bundled data files, and starts Qt offscreen to load
the icon and the UI translation, then prints one short report.
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine import resource_path

SENTENCE = "The weather is nice today. We are going to the lake."
LEGACY = (
    "Сегодня очень хорошая погода. Давайте погуляем в парке. У этого города очень долгая "
    "история и много старых зданий."
)


@dataclass
class SelfTestReport:
    checks: list[tuple[str, str]] = field(default_factory=list)  # (check, what it found)
    failures: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures

    def text(self) -> str:
        lines = [f"  ok    {name}: {detail}" for name, detail in self.checks]
        lines += [f"  FAIL  {name}: {detail}" for name, detail in self.failures]
        verdict = "passed" if self.ok else "FAILED"
        return f"Quire self-test {verdict}\n" + "\n".join(lines)


def self_test_model() -> Path:
    return resource_path("selftest-model")


def check_translation(model: Path) -> str:
    """Translate a sentence with ``model`` on a private, empty store; return what was used."""
    from engine import Engine, EngineOptions, TranslateRequest, TranslateResult

    if not model.is_dir():
        raise RuntimeError(
            f"no self-test model at {model} (packaging/build.py bundles one into the app)"
        )
    with tempfile.TemporaryDirectory(prefix="quire-selftest-") as home:
        engine = Engine(EngineOptions(home=Path(home)))
        started = time.perf_counter()
        # No source language: detection (py3langid's bundled data) runs too.
        result = engine.run(TranslateRequest(text=SENTENCE, model=str(model), target="de"))
        seconds = time.perf_counter() - started
        engine.unload()
    if not isinstance(result, TranslateResult) or not result.text.strip():
        raise RuntimeError("the translation came back empty")
    used = result.model
    return (
        f"{len(result.text)} characters from {result.source_language}, "
        f"device {used.device}, variant {used.variant}, backend {used.backend}, {seconds:.2f} s"
    )


def check_engine_process(model: Path) -> str:
    """The engine in its own process (spawned: in a frozen app, this program started again):
    a job runs there, a kill mid-job ends it with ``EngineStopped`` naming the cause, and the
    retried job succeeds on a fresh process."""
    import signal

    from engine import (
        EngineOptions,
        EngineProcess,
        EngineStopped,
        Event,
        Progress,
        TranslateRequest,
        TranslateResult,
    )

    if not model.is_dir():
        raise RuntimeError(f"no self-test model at {model}")
    short = TranslateRequest(text=SENTENCE, model=str(model), source="en", target="de")
    # Far more batches than can finish between the first progress event and the kill.
    long = TranslateRequest(
        text="\n\n".join([SENTENCE] * 400), model=str(model), source="en", target="de"
    )
    kill = getattr(signal, "SIGKILL", signal.SIGTERM)  # Windows: TerminateProcess
    with (
        tempfile.TemporaryDirectory(prefix="quire-selftest-") as home,
        EngineProcess(EngineOptions(home=Path(home))) as process,
    ):
        if not process.wait_ready(120):
            raise RuntimeError("the engine process did not start")
        ready = process.ready_seconds or 0.0
        first = process.run(short)
        victim = process.pid
        assert victim is not None

        def kill_when_under_way(event: Event) -> None:
            if isinstance(event, Progress) and process.pid == victim:
                os.kill(victim, kill)

        try:
            process.run(long, kill_when_under_way)
        except EngineStopped as exc:
            stopped = exc
        else:
            raise RuntimeError("the engine process was killed, yet the job finished")
        retried = process.run(short)
        replaced = process.pid not in (None, victim)
    if not isinstance(first, TranslateResult) or not first.text.strip():
        raise RuntimeError("the translation in the engine process came back empty")
    if not isinstance(retried, TranslateResult) or retried.text != first.text:
        raise RuntimeError("the retried job did not give the first job's translation")
    if stopped.message != "The engine stopped unexpectedly" or not replaced:
        raise RuntimeError(f"the kill was reported as {stopped}")
    cause = stopped.params.get("signal", stopped.params.get("code", "?"))
    return f"ready in {ready:.2f} s, killed mid-job ({cause}) and retried on a fresh process"


def check_documents() -> str:
    """The document libraries and the data files they load at run time."""
    import docx
    import lxml.etree
    import pdfminer.high_level  # noqa: F401  # PDF text extraction imports cleanly

    from engine.documents import READERS
    from engine.text.encoding import decode

    # The PDF path writes .docx through python-docx's bundled default template.
    document = docx.Document()
    document.add_paragraph(SENTENCE)
    root = lxml.etree.fromstring(b"<p>ok</p>")
    # Quire's readers of the zip and markup formats are imported with their first file.
    saved = io.BytesIO()
    document.save(saved)
    samples = {
        ".docx": saved.getvalue(),
        ".xlsx": _workbook(SENTENCE),
        ".md": f"# {SENTENCE}".encode(),
        ".rtf": f"{{\\rtf1\\ansi{{\\fonttbl{{\\f0 Arial;}}}}\\f0 {SENTENCE}\\par}}".encode(),
        ".html": f"<p>{SENTENCE}</p>".encode(),
        # Localisation files: gettext's plural rules (the gettext module), XLIFF through lxml.
        ".po": f'msgid "{SENTENCE}"\nmsgstr ""\n'.encode(),
        ".xlf": (
            '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file><body>'
            f'<trans-unit id="1"><source>{SENTENCE}</source></trans-unit></body></file></xliff>'
        ).encode(),
        # Android's and .NET's resources (scanned by position), Rails' YAML (PyYAML).
        ".xml": f'<resources><string name="s">{SENTENCE}</string></resources>'.encode(),
        ".resx": f'<root><data name="s"><value>{SENTENCE}</value></data></root>'.encode(),
        ".yml": f"en:\n  s: {SENTENCE}\n".encode(),
        # LaTeX through pylatexenc; e-mail through the email package's parsers and codecs.
        ".tex": (
            f"\\documentclass{{article}}\\begin{{document}}\n{SENTENCE}\n\\end{{document}}\n"
        ).encode(),
        ".eml": f"From: a@example.com\nSubject: Hello\n\n{SENTENCE}\n".encode(),
        ".typ": f'#set text(lang: "en")\n= Title\n{SENTENCE}\n'.encode(),
        ".texi": f"@node Top\n@top Title\n\n{SENTENCE}\n".encode(),
        # Fluent through Mozilla's parser (fluent.syntax).
        ".ftl": f"greeting = {SENTENCE}\n".encode(),
        # Wikitext through mwparserfromhell (its C tokenizer, where the wheel has it).
        ".wiki": f"== Title ==\n{SENTENCE}<ref>Source</ref>\n".encode(),
        # Screenplays: Fountain's (read line by line) and Final Draft's (lxml).
        ".fountain": f"INT. HOUSE - DAY\n\nANNA\n{SENTENCE}\n".encode(),
        ".fdx": (
            '<FinalDraft DocumentType="Script"><Content><Paragraph Type="Action">'
            f"<Text>{SENTENCE}</Text></Paragraph></Content></FinalDraft>"
        ).encode(),
    }
    for suffix, data in samples.items():
        units = READERS[suffix](data, Path(f"selftest{suffix}")).units
        if not any(SENTENCE in unit.text for unit in units):
            raise RuntimeError(f"the {suffix} reader did not find the sentence")
    # Outlook's .msg: the HTML it keeps in its compressed RTF body (compressed-rtf's LZFu).
    from compressed_rtf import decompress  # type: ignore[import-untyped]

    from engine.documents.msg import encapsulated_html

    if encapsulated_html(decompress(_OUTLOOK_RTF)) != "<p>Hello</p>":
        raise RuntimeError("the .msg reader did not find the page in a compressed RTF body")
    # Text files in legacy encodings: charset-normalizer's compiled modules and py3langid.
    _text, found = decode(LEGACY.encode("cp1251"), None)
    if found.name != "windows-1251":
        raise RuntimeError(f"a windows-1251 text was read as {found.name}")
    return (
        f"python-docx template, lxml {lxml.etree.__version__} ({root.text}), "
        f"readers of {', '.join(samples)}, .msg, encodings ({found.name} detected)"
    )


# {\rtf1\ansi\fromhtml1{\*\htmltag64 <p>}Hello{\*\htmltag72 </p>}} as Outlook compresses an
# RTF body (compressed_rtf.compress(..., compressed=True)).
_OUTLOOK_RTF = (
    b":\x00\x00\x00@\x00\x00\x00LZFuo\x04\xfb\xa7\x83\x00\n\x03Rhtml1\x00\x00"
    b"\x0c*\\\r\xf2\x01\x90g64 \x80<p>}Hel\t\x00W\x0eI\x01\xc0\x0f\x10/\x0f1}\x10\xf0"
)


def _workbook(text: str) -> bytes:
    """The smallest .xlsx: one sheet, one cell holding ``text`` (the app bundles no writer)."""
    import zipfile

    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    package = "http://schemas.openxmlformats.org/package/2006/relationships"
    parts = {
        "_rels/.rels": f'<Relationships xmlns="{package}"><Relationship Id="r1" '
        f'Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
        '<sheet name="S" sheetId="1" r:id="r1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{package}"><Relationship '
        f'Id="r1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{main}"><sheetData><row r="1">'
        f'<c r="A1" t="inlineStr"><is><t>{text}</t></is></c></row></sheetData></worksheet>',
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, xml in parts.items():
            archive.writestr(name, xml)
    return out.getvalue()


def _tensor_maker(pb: Any) -> Callable[[str, Any, int], object]:
    def tensor(name: str, array: Any, kind: int) -> object:
        return pb.TensorProto(name=name, dims=array.shape, data_type=kind, raw_data=array.tobytes())

    return tensor


def _value_maker(pb: Any) -> Callable[[str, list[int]], object]:
    def value(name: str, shape: list[int]) -> object:
        info = pb.ValueInfoProto(name=name)
        info.type.tensor_type.elem_type = pb.TensorProto.FLOAT
        for size in shape:
            info.type.tensor_type.shape.dim.add().dim_value = size
        return info

    return value


def _run(data: bytes, feeds: dict[str, Any]) -> Any:
    """The first output of the ONNX model ``data`` on the CPU (warnings silenced: a rewrite
    may leave a table unread for ONNX Runtime to drop)."""
    import numpy as np
    import onnxruntime

    quiet = onnxruntime.SessionOptions()
    quiet.log_severity_level = 3
    session = onnxruntime.InferenceSession(data, quiet, providers=["CPUExecutionProvider"])
    return np.asarray(session.run(None, feeds)[0])


def check_rewrite() -> str:
    """The load-time rewrite of quantized decoders (onnx's protobuf module, no onnx C code)
    on a tiny tied projection, run by ONNX Runtime against the graph as it was."""
    import numpy as np

    from engine.runtime.rewrite import onnx_protos, rewrite_tied_projection

    pb = onnx_protos()
    rng = np.random.default_rng(0)
    table = rng.integers(0, 256, size=(5, 4), dtype=np.uint8)

    tensor, value = _tensor_maker(pb), _value_maker(pb)

    graph = pb.GraphProto(
        name="tied",
        node=[
            pb.NodeProto(op_type="DequantizeLinear", input=["w", "s", "z"], output=["wf"]),
            pb.NodeProto(op_type="Transpose", input=["wf"], output=["wt"]),
            pb.NodeProto(op_type="MatMul", input=["h", "wt"], output=["logits"]),
        ],
        initializer=[
            tensor("w", table, pb.TensorProto.UINT8),
            tensor("s", np.array(0.01, dtype=np.float32), pb.TensorProto.FLOAT),
            tensor("z", np.array(128, dtype=np.uint8), pb.TensorProto.UINT8),
        ],
        input=[value("h", [2, 4])],
        output=[value("logits", [2, 5])],
    )
    model = pb.ModelProto(
        ir_version=8, graph=graph, opset_import=[pb.OperatorSetIdProto(domain="", version=13)]
    )
    before = model.SerializeToString()
    if rewrite_tied_projection(model) != 1:
        raise RuntimeError("the rewrite did not apply to a tied int8 projection")
    ops = sorted(n.op_type for n in model.graph.node)
    h = rng.uniform(-1, 1, size=(2, 4)).astype(np.float32)
    want, got = _run(before, {"h": h}), _run(model.SerializeToString(), {"h": h})
    error = float(np.abs(got - want).max())
    if error > 0.05:
        raise RuntimeError(f"the rewritten projection is off by {error:.4f}")
    return f"{'+'.join(ops)}, off by {error:.4f}"


def check_q4_head() -> str:
    """A 4-bit language model's rewrite for the CPU (ONNX Runtime's 4-bit kernel, reached
    without onnx or onnxruntime.quantization, which the bundle leaves out) on a tiny graph: a
    4-bit product and a float tied head, run by ONNX Runtime against the graph as it was."""
    import numpy as np

    from engine.runtime.rewrite import onnx_protos
    from engine.runtime.rewrite_q4 import _quantize_rows, rewrite_q4

    pb = onnx_protos()
    rng = np.random.default_rng(0)
    width, vocab, block = 32, 8, 32
    packed, scales, _ = _quantize_rows(
        rng.standard_normal((width, width)).astype(np.float32), block, True
    )
    table = rng.standard_normal((vocab, width)).astype(np.float32)

    tensor, value = _tensor_maker(pb), _value_maker(pb)

    def ints(**values: int) -> list[object]:
        return [
            pb.AttributeProto(name=k, type=pb.AttributeProto.INT, i=v) for k, v in values.items()
        ]

    graph = pb.GraphProto(
        name="q4",
        node=[
            pb.NodeProto(
                op_type="MatMulNBits",
                domain="com.microsoft",
                input=["x", "w", "ws"],
                output=["h"],
                attribute=ints(K=width, N=width, bits=4, block_size=block),
            ),
            pb.NodeProto(op_type="Transpose", input=["e"], output=["et"]),
            pb.NodeProto(op_type="MatMul", input=["h", "et"], output=["logits"]),
        ],
        initializer=[
            tensor("w", packed, pb.TensorProto.UINT8),
            tensor("ws", scales, pb.TensorProto.FLOAT),
            tensor("e", table, pb.TensorProto.FLOAT),
        ],
        input=[value("x", [2, width])],
        output=[value("logits", [2, vocab])],
    )
    model = pb.ModelProto(
        ir_version=8,
        graph=graph,
        opset_import=[
            pb.OperatorSetIdProto(domain="", version=17),
            pb.OperatorSetIdProto(domain="com.microsoft", version=1),
        ],
    )
    before = model.SerializeToString()
    if rewrite_q4(pb, model) != 2:
        raise RuntimeError("the 4-bit rewrite did not apply to the head and the product")
    x = rng.uniform(-1, 1, size=(2, width)).astype(np.float32)
    want, got = _run(before, {"x": x}), _run(model.SerializeToString(), {"x": x})
    error = float(np.abs(got - want).max() / np.abs(want).max())
    if error > 0.25:
        raise RuntimeError(f"the rewritten 4-bit head is off by {error:.1%}")
    ops = sorted(n.op_type for n in model.graph.node)
    return f"{'+'.join(ops)}, off by {error:.1%} of the largest logit"


def check_chat_template() -> str:
    """A chat template renders in Jinja's sandbox (engine.runtime.chat)."""
    from engine.runtime.chat import ChatTemplate

    template = ChatTemplate(
        "{% for m in messages %}<{{ m.role }}>{{ m.content }}{% endfor %}"
        "{% if add_generation_prompt %}<assistant>{% endif %}",
        Path("self-test"),
        {},
    )
    text = template.render([{"role": "user", "content": "hello"}])
    if text != "<user>hello<assistant>":
        raise RuntimeError(f"the chat template rendered {text!r}")
    return "rendered in the sandbox"


def check_server() -> str:
    """The local API server's application builds, its middleware made as a request makes
    it (Starlette and uvicorn are bundled): a Starlette too old for an argument Quire
    passes answered every request with a 500, which importing the module never showed."""
    import uvicorn  # noqa: F401  # `quire serve` runs it

    from engine.options import EngineOptions
    from engine.server.app import create_app, stop_app
    from engine.server.config import ServerConfig

    with tempfile.TemporaryDirectory() as home:
        app = create_app(ServerConfig(port=0), options=EngineOptions(home=Path(home)))
        try:
            stack = app.build_middleware_stack()
        finally:
            stop_app(app)
    return f"starlette app, {type(stack).__name__} first"


def check_downloads() -> str:
    """The helpers the model downloader imports when a download starts (engine/store/
    download.py) are bundled with what they import: leaving out a module of huggingface_hub
    the build thought unused broke downloads in the app alone, which no other check saw."""
    from huggingface_hub import errors, get_session, hf_hub_url
    from huggingface_hub.utils._headers import build_hf_headers
    from huggingface_hub.utils._http import hf_raise_for_status

    del errors, get_session, build_hf_headers, hf_raise_for_status
    url = hf_hub_url("Helsinki-NLP/opus-mt-en-de", "config.json", endpoint="http://127.0.0.1")
    return f"huggingface_hub's URL, session, header and error helpers ({url.split('/')[-1]})"


def check_licences() -> str:
    """Help → About can name Quire's version and each bundled component's licence (the build
    copies their metadata in), and none of them is under the AGPL."""
    from desktop.about import components, licence, version

    names = components()
    if version("quire") is None:
        raise RuntimeError("Quire's own version is unknown (its metadata is not bundled)")
    needed = {"onnxruntime", "onnxruntime-gpu", "onnxruntime-directml"}
    if not needed & {name.lower() for name in names}:
        raise RuntimeError(f"no ONNX Runtime among the components' metadata: {names}")
    affero = [n for n in names if "AGPL" in licence(n) or "Affero" in licence(n)]
    if affero:
        raise RuntimeError(f"under the AGPL: {', '.join(affero)}")
    unstated = [name for name in names if not licence(name)]
    said = f", not stated by {', '.join(unstated)}" if unstated else ""
    return f"quire {version('quire')}, {len(names)} components' licences{said}"


def check_qt() -> str:
    """Qt starts offscreen and finds its plugins, the SVG icon and the UI translation."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTranslator
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(["quire"])
    icon_file = resource_path("icons", "quire.svg")
    pixmap = QIcon(str(icon_file)).pixmap(64, 64)
    if pixmap.isNull():
        raise RuntimeError(f"cannot render {icon_file} (Qt's SVG plugins are missing)")
    translator = QTranslator(app)
    if not translator.load("quire_zh_CN", str(resource_path("translations"))):
        raise RuntimeError(f"no quire_zh_CN.qm in {resource_path('translations')}")
    from PySide6.QtNetwork import QLocalServer  # one instance per user (desktop/instance.py)

    server = QLocalServer()
    name = f"quire-selftest-{os.getpid()}"
    if not server.listen(name):
        raise RuntimeError(f"QLocalServer cannot listen: {server.errorString()}")
    server.close()
    icu = f", {check_icu()}" if sys.platform == "linux" else ""
    return f"platform {app.platformName()}, SVG icon, zh_CN translation, local socket{icu}"


def check_icu() -> str:
    """Linux: what Qt asks of the ICU data it bundles, which the build trims (packaging/icu.py):
    Chinese collation (pinyin, not code point order), a legacy codec, Turkish case mapping and a
    time zone's name in Chinese."""
    import functools

    from PySide6.QtCore import QCollator, QLocale, QStringDecoder, QTimeZone

    words = ["茶", "阿", "波"]  # chá, ā, bō: 波 < 茶 < 阿 in code point order
    order = sorted(words, key=functools.cmp_to_key(QCollator(QLocale("zh_CN")).compare))
    if order != ["阿", "波", "茶"]:
        raise RuntimeError(f"Chinese collation sorts {order} (ICU's collation data is missing)")
    if not QStringDecoder("Shift_JIS").isValid():
        raise RuntimeError("no Shift_JIS codec (ICU's conversion data is missing)")
    if QLocale("tr_TR").toUpper("i") != "İ":
        raise RuntimeError("Turkish upper case of i is not İ")
    zone = QTimeZone(b"Europe/Berlin").displayName(
        QTimeZone.TimeType.StandardTime, QTimeZone.NameType.LongName, QLocale("zh_CN")
    )
    if "中欧" not in zone:
        raise RuntimeError(f"Europe/Berlin is named {zone!r} in Chinese (ICU's zone data)")
    return f"ICU collation, codecs, case mapping, zone names ({zone})"


def run_self_test(model: Path | None = None, *, qt: bool = True) -> SelfTestReport:
    report = SelfTestReport()
    checks: list[tuple[str, Callable[[], str]]] = [
        ("translate", lambda: check_translation(model or self_test_model())),
        ("engine process", lambda: check_engine_process(model or self_test_model())),
        ("documents", check_documents),
        ("rewrite", check_rewrite),
        ("4-bit head", check_q4_head),
        ("chat template", check_chat_template),
        ("server", check_server),
        ("downloads", check_downloads),
        ("licences", check_licences),
    ]
    if qt:
        checks.append(("qt", check_qt))
    for name, check in checks:
        try:
            report.checks.append((name, check()))
        except Exception as exc:  # the report names every failure, not just the first
            report.failures.append((name, f"{type(exc).__name__}: {exc}"))
    return report


def main(args: list[str]) -> int:
    """``quire --self-test [MODEL_FOLDER]``: 0 when every check passed, 1 otherwise."""
    frozen = getattr(sys, "frozen", False)
    report = run_self_test(Path(args[0]) if args else None)
    if sys.stdout is not None:  # a windowed Windows build has none: the exit code still tells
        print(report.text())
        print(f"  python {sys.version.split()[0]}, {'frozen' if frozen else 'not frozen'}")
    return 0 if report.ok else 1


__all__ = [
    "SelfTestReport",
    "check_chat_template",
    "check_documents",
    "check_engine_process",
    "check_icu",
    "check_licences",
    "check_q4_head",
    "check_qt",
    "check_rewrite",
    "check_server",
    "check_translation",
    "main",
]
