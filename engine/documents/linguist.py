"""Qt Linguist translation files (.ts, as Qt's lupdate and PySide's pyside6-lupdate write them):
each message with no translation yet is a unit, its ``source`` the text (a plural message,
``numerus="yes"``, has one source, "%n file(s)", and a translation per plural form, each
filled with the unit's translation).

The translation stays ``type="unfinished"``: Qt Linguist shows it for review, and lrelease
compiles it (unless told ``-nounfinished``). Qt's placeholders (``%1``, ``%L1``, ``%n``), HTML
tags left as text, printf's and Python's are seen as placeholders and written as they were;
a translation that loses one leaves the message untranslated. Messages translated already,
obsolete and vanished ones, comments, locations and every other element and attribute are
kept; a file that names no language gets the job's, and one that names another is refused
before any work."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from lxml import etree

from engine.documents import placeholders
from engine.documents.base import Document, Unit, check_unit_count
from engine.documents.errors import DocumentError, other_target
from engine.documents.language import Language, same_target
from engine.documents.package import Unreadable, parse_file, whole_file, written_in_place
from engine.documents.po import plural_forms

_PATTERN = placeholders.PLAIN_RE


def _language_name(language: Language) -> str:
    """The language as Qt names it in a .ts file: ``de``, ``pt_BR``, ``zh_CN``."""
    if language.language == "zh":
        return f"zh_{language.region or ('TW' if language.script == 'Hant' else 'CN')}"
    return f"{language.language}_{language.region}" if language.region else language.language


class LinguistDocument(Document):
    strict_fields = True  # (placeholders.written keeps a unit that lost one)

    def __init__(self, path: Path, data: bytes, root: etree._Element) -> None:
        self.path, self.data, self.root = path, data, root
        # Each message to translate: its place among the file's messages, and its shape.
        self.messages: list[tuple[int, etree._Element, placeholders.Shaped]] = []
        units: list[Unit] = []
        total = 0
        for message in root.iter("message"):
            total += 1
            if not self._open(message):
                continue
            source = message.find("source")
            shaped = placeholders.shape(source.text or "" if source is not None else "", _PATTERN)
            if not shaped.text:
                continue
            check_unit_count(len(units) + 1, path)
            units.append(Unit(f"m{total}", shaped.text, fields=shaped.fields))
            self.messages.append((total - 1, message, shaped))
        self.count = total
        if not units and total:
            raise DocumentError(
                "Every message of this Qt Linguist file is translated already",
                path=path,
                hint="Quire fills in empty translations only; give a file with messages "
                "left to translate",
                message_id="document.catalog_translated",
            )
        self.units = tuple(units)

    @staticmethod
    def _open(message: etree._Element) -> bool:
        """A message still to translate: its translation unfinished and empty."""
        source = message.find("source")
        if source is None or len(source):
            return False  # (a source holding <byte/> elements: control characters, not text)
        translation = message.find("translation")
        if translation is None:
            return True
        if translation.get("type") != "unfinished":
            return False  # finished (even empty, on purpose), obsolete or vanished
        if translation.get("variants") == "yes" or len(translation.findall(".//lengthvariant")):
            return False  # (length variants: one translation per width; left to a translator)
        if any(f.get("variants") == "yes" for f in translation.findall("numerusform")):
            return False
        return not "".join(translation.itertext()).strip()

    def declared_target(self) -> str | None:
        declared = self.root.get("language") or ""
        return declared.replace("_", "-") if declared else None

    def check_target(self, language: Language) -> None:
        declared = self.root.get("language") or ""
        if declared and not same_target(declared, language):
            hint = (
                f"Translate it into {declared}, or run lupdate with -target-language "
                f"{language.tag} for a file of its own"
            )
            raise other_target(self.path, "This Qt Linguist file", declared, language.tag, hint)

    def render(self, translations: Sequence[str]) -> bytes:
        self._check(translations)
        if self.language is not None:
            self.check_target(self.language)
        filled: dict[int, tuple[etree._Element, str]] = {}
        for (n, message, shaped), unit, text in zip(
            self.messages, self.units, translations, strict=True
        ):
            written = placeholders.written(text, unit, shaped)
            if written is not None:
                filled[n] = (message, written)
        if not filled:
            return self.data
        language = None
        if not self.root.get("language") and self.language is not None:
            language = _language_name(self.language)
        spliced = self._spliced(filled, language)
        if spliced is not None:
            return spliced
        # A file whose text the parsed messages cannot be found in by their tags (one in a
        # comment): written from the tree (lxml writes ' and " as themselves).
        root = whole_file(self.data)  # (its own tree, DOCTYPE too)
        copies = list(root.iter("message"))
        for n, (_message, written) in filled.items():
            self._fill(copies[n], written, renumber=language is not None)
        if language is not None:
            root.set("language", language)
        return written_in_place(self.data, self.root, root)

    def _spliced(
        self, filled: dict[int, tuple[etree._Element, str]], language: str | None
    ) -> bytes | None:
        """The file with each filled message's translation written into its text, as
        lupdate writes one, and not a byte else changed (``&apos;`` stays; a diff shows the
        translations alone); None where the messages' tags cannot be told in the text."""
        encoding = self.root.getroottree().docinfo.encoding or "utf-8"
        bom = b"\xef\xbb\xbf" if self.data.startswith(b"\xef\xbb\xbf") else b""
        try:
            text = self.data[len(bom) :].decode(encoding)
        except (LookupError, UnicodeDecodeError):
            return None
        starts = [m.start() for m in re.finditer(r"<message[\s>]", text)]
        if len(starts) != self.count or "<!--" in text or "<![CDATA[" in text:
            return None
        out: list[str] = []
        cursor = 0
        newline = "\r\n" if "\r\n" in text else "\n"
        # A file that names no language has as many plural forms as lupdate wrote without
        # one (one): it gets the target language's number.
        forms = _form_count(self.language) if language is not None else None
        for n in sorted(filled):
            message, written = filled[n]
            closing = _MESSAGE_END.search(text, starts[n])
            end = closing.start() if closing else -1
            if end < 0 or (n + 1 < len(starts) and end > starts[n + 1]):
                return None
            segment = _filled_segment(
                text[starts[n] : end], message, written.replace("\n", newline), forms, newline
            )
            out += [text[cursor : starts[n]], segment]
            cursor = end
        out.append(text[cursor:])
        result = "".join(out)
        if language is not None:
            ts = re.search(r"<TS\b[^>]*>", result)
            if ts is None:
                return None
            tag = ts.group()
            if re.search(r"\slanguage\s*=\s*(['\"])\1", tag):
                new_tag = re.sub(
                    r"(\slanguage\s*=\s*)(['\"])\2", rf"\g<1>\g<2>{language}\g<2>", tag
                )
            else:
                new_tag = tag[:3] + f' language="{language}"' + tag[3:]
            result = result[: ts.start()] + new_tag + result[ts.end() :]
        return bom + result.encode(encoding, errors="xmlcharrefreplace")

    def _fill(self, message: etree._Element, text: str, *, renumber: bool = False) -> None:
        translation = message.find("translation")
        if translation is None:
            translation = etree.SubElement(message, "translation")
            translation.set("type", "unfinished")
        if message.get("numerus") == "yes":
            forms = translation.findall("numerusform")
            if renumber:  # (the count lupdate wrote for no language: the target's instead)
                for form in forms:
                    translation.remove(form)
                forms = []
            if not forms:
                translation.text = None
                forms = [
                    etree.SubElement(translation, "numerusform")
                    for _ in range(_form_count(self.language))
                ]
            for form in forms:
                form.text = text
        else:
            translation.text = text


# lupdate's escapes in element text (it writes ' and " as entities too).
_ESCAPED = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "'": "&apos;", '"': "&quot;"}
_MESSAGE_END = re.compile(r"</message\s*>")
_TRANSLATION = re.compile(r"<translation\b([^>]*?)(/>|>(.*?)</translation>)", re.DOTALL)
_NUMERUSFORM = re.compile(r"<numerusform\b([^>]*?)(?:/>|>(.*?)</numerusform>)", re.DOTALL)


def _escaped(text: str) -> str:
    return "".join(_ESCAPED.get(c, c) for c in text)


def _filled_segment(
    segment: str, message: etree._Element, written: str, forms: int | None, newline: str
) -> str:
    """A message's text with its translation filled in: the translation element's content
    (each numerusform's, for a plural message; ``forms`` of them where the count is to be
    the target language's), or a translation element added after the last element,
    indented as the source is."""
    value = _escaped(written)
    match = _TRANSLATION.search(segment)
    numerus = message.get("numerus") == "yes"
    if match is None:
        indent = re.search(r"\n([ \t]*)<source", segment)
        lead = f"{newline}{indent.group(1)}" if indent else ""
        body = "".join(f"<numerusform>{value}</numerusform>" for _ in range(forms or 2))
        body = body if numerus else value
        return (
            f'{segment.rstrip()}{lead}<translation type="unfinished">{body}</translation>'
            + segment[len(segment.rstrip()) :]
        )
    attributes, inner = match.group(1), match.group(3) or ""
    if numerus and _NUMERUSFORM.search(inner) and forms is None:
        inner = _NUMERUSFORM.sub(lambda m: f"<numerusform{m.group(1)}>{value}</numerusform>", inner)
    elif numerus:
        inner = "".join(f"<numerusform>{value}</numerusform>" for _ in range(forms or 2))
    else:
        inner = value
    element = f"<translation{attributes}>{inner}</translation>"
    return segment[: match.start()] + element + segment[match.end() :]


def _form_count(language: Language | None) -> int:
    declared = re.search(r"nplurals=(\d+)", plural_forms(language))
    return int(declared.group(1)) if declared else 2


def _refused(path: Path, what: str, line: int) -> DocumentError:
    return DocumentError(
        f"This is not a Qt Linguist translation file: {what} at line {line}",
        path=path,
        hint="Quire translates the .ts files Qt's lupdate writes; a TypeScript .ts file is "
        "program code, not text to translate",
        message_id="document.not_linguist",
        params={"line": line},
    )


def read(data: bytes, path: Path, *, encoding: str | None = None) -> Document:
    try:
        root = parse_file(data)
    except Unreadable as exc:
        raise _refused(path, exc.what, exc.line) from None
    if root.tag != "TS":
        raise _refused(path, f"the root element is <{root.tag}>, not <TS>", 1)
    return LinguistDocument(path, data, root)


__all__ = ["LinguistDocument", "read"]
