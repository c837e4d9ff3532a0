"""Generated inputs for ``bench.ui_stall``: a model with a 256,000-piece tokenizer and a .docx
whose document part is about 30 MB. Both are made the same way on every run (fixed seed, fixed
text) and kept in a cache folder, never in the repository."""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import random
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tests.fixtures import corpus

REPO_ROOT = Path(__file__).resolve().parent.parent
SPECIALS = ("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")
SENTIMENT = {0: "negative", 1: "neutral", 2: "positive"}
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def cache_root() -> Path:
    """``$QUIRE_BENCH_CACHE``, else ``.cache/bench`` in the checkout (ignored by git)."""
    base = os.environ.get("QUIRE_BENCH_CACHE")
    return Path(base).expanduser() if base else REPO_ROOT / ".cache" / "bench"


# ----------------------------------------------------------------------------- the model


def _pieces(vocab: int) -> list[tuple[str, float]]:
    """SentencePiece-style Unigram pieces (as NLLB-200's and XLM-R's tokenizers): the
    specials, every character and word of the corpus, then generated pieces up to ``vocab``."""
    pieces: dict[str, float] = {s: 0.0 for s in SPECIALS}
    text = " ".join(corpus.sentences()).lower()
    for char in sorted(set(text) - {" "}):
        pieces.setdefault(char, -8.0)
    pieces.setdefault("▁", -4.0)
    for rank, word in enumerate(sorted(set(text.split()))):
        pieces.setdefault(f"▁{word}", -5.0 - rank / 10_000)
    rng = random.Random(256_000)
    while len(pieces) < vocab:
        word = "".join(rng.choice(_LETTERS) for _ in range(rng.randint(3, 9)))
        piece = f"▁{word}" if rng.random() < 0.6 else word
        pieces.setdefault(piece, round(-10.0 - rng.random() * 5, 6))
    return list(pieces.items())[:vocab]


def save_tokenizer(dst: Path, vocab: int) -> int:
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors

    pieces = _pieces(vocab)
    tok = Tokenizer(models.Unigram(pieces, unk_id=SPECIALS.index("[UNK]"), byte_fallback=False))
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    cls, sep = SPECIALS.index("[CLS]"), SPECIALS.index("[SEP]")
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]",
        pair="[CLS] $A [SEP] $B:1 [SEP]:1",
        special_tokens=[("[CLS]", cls), ("[SEP]", sep)],
    )
    dst.mkdir(parents=True, exist_ok=True)
    tok.save(str(dst / "tokenizer.json"))
    names = ("pad", "unk", "cls", "sep", "mask")
    specials = {f"{n}_token": s for n, s in zip(names, SPECIALS, strict=True)}
    config = {
        "tokenizer_class": "PreTrainedTokenizerFast",
        "model_max_length": 128,
        "clean_up_tokenization_spaces": False,
        "model_input_names": ["input_ids", "token_type_ids", "attention_mask"],
        "do_lower_case": True,
        **specials,
    }
    (dst / "tokenizer_config.json").write_text(json.dumps(config, indent=2), encoding="utf-8")
    (dst / "special_tokens_map.json").write_text(json.dumps(specials, indent=2), encoding="utf-8")
    return int(tok.get_vocab_size(with_added_tokens=True))


def _build_checkpoint(dst: Path, vocab: int) -> None:
    """A tiny BERT sentiment classifier whose embedding has one row per tokenizer piece."""
    import torch
    import transformers

    size = save_tokenizer(dst, vocab)
    torch.manual_seed(0)
    tf: Any = transformers
    tf.logging.set_verbosity_error()  # exporter noise: set-up, not the thing measured
    config = tf.BertConfig(
        vocab_size=size,
        hidden_size=32,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=128,
        type_vocab_size=2,
        pad_token_id=0,
        id2label=SENTIMENT,
        label2id={v: k for k, v in SENTIMENT.items()},
        architectures=["BertForSequenceClassification"],
    )
    tf.BertForSequenceClassification(config).save_pretrained(dst, safe_serialization=True)


def _source_key() -> str:
    """Changes with this generator, the exporter and the libraries that shape the output."""
    digest = hashlib.sha256()
    for path in (Path(__file__), REPO_ROOT / "engine" / "store" / "export.py"):
        digest.update(path.read_bytes())
    for dist in ("tokenizers", "transformers", "torch", "optimum-onnx", "onnx"):
        try:
            digest.update(f"{dist}=={importlib.metadata.version(dist)}".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"{dist}==none".encode())
    return digest.hexdigest()[:12]


def big_vocab_model(vocab: int = 256_000) -> Path:
    """An ONNX model folder (fp32) whose ``tokenizer.json`` has ``vocab`` pieces; built once."""
    import warnings

    from engine.store.export import export_model

    target = cache_root() / f"ui-stall-bert-vocab{vocab}-{_source_key()}"
    if (target / "config.json").is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".ui-stall-", dir=target.parent))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # exporter noise: set-up, not the thing measured
            _build_checkpoint(work / "checkpoint", vocab)
            export_model(work / "checkpoint", work / "model", ("fp32",))
        shutil.rmtree(target, ignore_errors=True)
        os.rename(work / "model", target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target


# ----------------------------------------------------------------------------- the document

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/>'
    "</Relationships>"
)
# A blank line as Word writes it: paragraph properties and the paragraph mark's run
# properties, revision ids included. Most of a large real document part is such markup.
_BLANK = (
    '<w:p w:rsidR="00A1{n:04X}" w:rsidRDefault="00B2{n:04X}" w:rsidP="00C3{n:04X}">'
    '<w:pPr><w:pStyle w:val="Normal"/><w:spacing w:before="0" w:after="160" w:line="259" '
    'w:lineRule="auto"/><w:jc w:val="both"/><w:rPr><w:rFonts w:ascii="Calibri" '
    'w:hAnsi="Calibri" w:cs="Times New Roman"/><w:sz w:val="22"/><w:szCs w:val="22"/>'
    '<w:lang w:val="en-GB"/></w:rPr></w:pPr></w:p>'
)
_TEXT = (
    '<w:p w:rsidR="00D4{n:04X}"><w:r><w:rPr><w:b/></w:rPr><w:t>{first}</w:t></w:r>'
    '<w:r><w:t xml:space="preserve"> {rest}</w:t></w:r></w:p>'
)


def _paragraphs(part_bytes: int, texts: list[str]) -> Iterator[str]:
    blank = len(_BLANK.format(n=0))
    every = max(1, part_bytes // blank // max(1, len(texts)))
    written, n = 0, 0
    while written < part_bytes:
        if n % every == every // 2 and n // every < len(texts):
            first, _, rest = texts[n // every].partition(" ")
            xml = _TEXT.format(n=n % 0x10000, first=first, rest=rest)
        else:
            xml = _BLANK.format(n=n % 0x10000)
        written += len(xml)
        n += 1
        yield xml


def big_docx(dst: Path, *, part_bytes: int = 30 * 1024 * 1024, paragraphs: int = 24) -> Path:
    """Write a .docx whose ``word/document.xml`` is about ``part_bytes`` long: ``paragraphs``
    paragraphs of English text (a bold first word each) spread among formatted blank lines."""
    english = corpus.sentences("en")
    texts = [" ".join(english[(i + j) % len(english)] for j in range(2)) for i in range(paragraphs)]
    texts = [t.replace("&", "&amp;").replace("<", "&lt;") for t in texts]
    body = "".join(_paragraphs(part_bytes, texts))
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document xmlns:w="{W}"><w:body>{body}'
        '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>'
    )
    dst.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("word/document.xml", document)
    return dst
