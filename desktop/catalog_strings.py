"""The catalog's descriptions, for Qt's translation tools (lupdate reads only code).
Written by resources/translations/update.py from resources/catalog.json: do not edit.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

DESCRIPTIONS = (
    QT_TRANSLATE_NOOP(
        "Catalog",
        "OPUS-MT en→de (Helsinki-NLP Marian), fast and small",
    ),
    QT_TRANSLATE_NOOP(
        "Catalog",
        "OPUS-MT de→en (Helsinki-NLP Marian), fast and small",
    ),
    QT_TRANSLATE_NOOP(
        "Catalog",
        "OPUS-MT en→zh (Helsinki-NLP Marian), fast and small",
    ),
    QT_TRANSLATE_NOOP(
        "Catalog",
        "OPUS-MT zh→en (Helsinki-NLP Marian), fast and small",
    ),
    QT_TRANSLATE_NOOP(
        "Catalog",
        "OPUS-MT en→fr (Helsinki-NLP Marian), fast and small",
    ),
    QT_TRANSLATE_NOOP(
        "Catalog",
        "OPUS-MT fr→en (Helsinki-NLP Marian), fast and small",
    ),
    QT_TRANSLATE_NOOP(
        "Catalog",
        "OPUS-MT en→es (Helsinki-NLP Marian), fast and small",
    ),
    QT_TRANSLATE_NOOP(
        "Catalog",
        "NLLB-200 distilled 600M (Meta): any of 200 languages to any other; non-commercial licence",
    ),
    QT_TRANSLATE_NOOP(
        "Catalog",
        "DistilBART CNN/DailyMail 6-6: English news-style summaries",
    ),
    QT_TRANSLATE_NOOP(
        "Catalog",
        "T5-small: short English summaries; also translates English to German, French and Romanian",
    ),
    QT_TRANSLATE_NOOP(
        "Catalog",
        "DistilBERT SQuAD: extractive English question answering, small and fast",
    ),
    QT_TRANSLATE_NOOP(
        "Catalog",
        "RoBERTa-base SQuAD 2.0 (deepset): English question answering that can say 'no answer'",
    ),
    QT_TRANSLATE_NOOP(
        "Catalog",
        "BART-large MNLI (Meta): English zero-shot classification into your own labels",
    ),
    QT_TRANSLATE_NOOP(
        "Catalog",
        "DeBERTa-v3 xsmall NLI (cross-encoder): light English zero-shot classification",
    ),
    QT_TRANSLATE_NOOP(
        "Catalog",
        "all-MiniLM-L6-v2: English sentence embeddings for search and extractive summaries",
    ),
    QT_TRANSLATE_NOOP(
        "Catalog",
        "Multilingual MiniLM-L12 paraphrase embeddings (50+ languages)",
    ),
    QT_TRANSLATE_NOOP(
        "Catalog",
        "Qwen2.5 0.5B Instruct: a small instruction (chat) model for summaries, answers with citations, translation and zero-shot labels in 29+ languages",
    ),
    QT_TRANSLATE_NOOP(
        "Catalog",
        "Qwen3 0.6B: a small instruction (chat) model with a thinking mode, multilingual",
    ),
    QT_TRANSLATE_NOOP(
        "Catalog",
        "Llama 3.2 1B Instruct (Meta): instruction (chat) model; Llama 3.2 Community License, with Meta's acceptable use policy",
    ),
    QT_TRANSLATE_NOOP(
        "Catalog",
        "SmolLM2 360M Instruct (Hugging Face): a very small English instruction (chat) model",
    ),
)
