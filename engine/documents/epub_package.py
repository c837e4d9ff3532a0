"""An EPUB's package beside its text: the mimetype its readers look for first, encryption that
means DRM, the description a library shows, the narration a translation cannot keep, and the
writing mode its stylesheets set for a script written in vertical lines."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator, Mapping
from urllib.parse import unquote

import lxml.html
from lxml import etree

from engine.documents.language import DC, Language, retag
from engine.documents.package import Package, local, remove_keeping_tail, xml_parser

OPF = "http://www.idpf.org/2007/opf"
ENC = "http://www.w3.org/2001/04/xmlenc#"
_OPF_FILE_AS = f"{{{OPF}}}file-as"  # (EPUB 2's attribute on dc:title)
MIMETYPE = ("mimetype", b"application/epub+zip")
# Font obfuscation (the IDPF's and Adobe's): a font mangled with the book's identifier, which
# any reader undoes; every other algorithm encrypts for one reader's key (Adobe ADEPT's AES,
# Readium LCP, FairPlay).
_OBFUSCATION = frozenset(["http://www.idpf.org/2008/embedding", "http://ns.adobe.com/pdf/enc#RC"])
# Languages a book may be set in vertical lines: a translation into one keeps the book's
# writing mode; into any other it reads in horizontal lines.
_VERTICAL = frozenset(["ja", "zh", "ko"])
_WRITING_MODE = re.compile(
    rb"(/\*.*?\*/)"  # (a comment: kept as it is)
    rb"|((?<![\w-])(-epub-|-webkit-|-ms-)?writing-mode\s*:\s*)"
    rb"(vertical-rl|vertical-lr|sideways-rl|sideways-lr|tb-rl|tb-lr|tb)(?![\w-])",
    re.S | re.I,
)
_STYLE_MODE = re.compile(_WRITING_MODE.pattern.decode(), re.S | re.I)
_IMPORT = re.compile(rb"""@import\s+(?:url\(\s*)?["']?([^"')\s;]+)""", re.I)
_SMIL = "application/smil+xml"
_SVG = "http://www.w3.org/2000/svg"


def encrypted(encryption: etree._Element) -> Iterator[str]:
    """The paths of the entries ``META-INF/encryption.xml`` says are encrypted for a reader's
    key (not the fonts merely obfuscated)."""
    for data in encryption.iter(f"{{{ENC}}}EncryptedData"):
        method = data.find(f"{{{ENC}}}EncryptionMethod")
        if method is not None and method.get("Algorithm", "") in _OBFUSCATION:
            continue
        for reference in data.iter(f"{{{ENC}}}CipherReference"):
            yield posixpath.normpath(unquote(reference.get("URI", "")).lstrip("/"))


def markup(text: str) -> etree._Element | None:
    """A description holding HTML (Standard Ebooks' long description, Calibre's comments),
    escaped in the package document, as a ``<div>`` of its elements; None for plain text."""
    if not text.lstrip().startswith("<"):
        return None
    try:
        root: etree._Element = etree.fromstring(f"<div>{text}</div>", xml_parser())
    except etree.XMLSyntaxError:
        try:  # (HTML that is not XML: a <br>, a &nbsp;)
            root = lxml.html.fragment_fromstring(text, create_parent="div")
        except etree.ParserError:
            return None
        root.set("data-html", "")
    return root if len(root) else None


def markup_text(root: etree._Element) -> str:
    """The description ``markup`` read, written back as its HTML."""
    html = root.attrib.pop("data-html", None) is not None
    try:
        if html:
            return (root.text or "") + "".join(
                lxml.html.tostring(child, encoding="unicode") for child in root
            )
        return (root.text or "") + "".join(
            etree.tostring(child, encoding="unicode") for child in root
        )
    finally:
        if html:
            root.set("data-html", "")


def descriptions(opf: etree._Element) -> Iterator[etree._Element]:
    """The package's descriptions a library shows: ``dc:description`` and a long one refining
    it (Standard Ebooks' ``se:long-description``)."""
    for element in opf.iter(f"{{{DC}}}description", f"{{{OPF}}}meta"):
        said = element.get("property", "")
        if local(element) == "meta" and not said.endswith(":long-description"):
            continue
        if (element.text or "").strip() and not len(element):
            yield element


def retitled(opf: etree._Element, title: etree._Element, language: Language | None) -> None:
    """The sort forms of a translated ``title`` say its translation: EPUB 3's ``file-as``
    refining it, EPUB 2's ``opf:file-as`` and Calibre's ``calibre:title_sort``. A sort form
    moves a leading article to the end ("Tale of Two Cities, A"), by the source language's
    articles; the translation's title as it reads sorts where a reader looks for it, where
    the source's would file "Stolz und Vorurteil" under P."""
    text = title.text or ""
    if title.get(_OPF_FILE_AS) is not None:
        title.set(_OPF_FILE_AS, text)
    named = title.get("id")
    for meta in opf.iter(f"{{{OPF}}}meta"):
        if named and meta.get("refines") == f"#{named}" and meta.get("property") == "file-as":
            meta.text = text
            if language is not None:
                retag(meta, language)
        if meta.get("name") == "calibre:title_sort" and meta.get("content") is not None:
            meta.set("content", text)


def narrated(opf: etree._Element) -> bool:
    """Whether the book has media overlays (a narration synchronised with its text)."""
    return any(
        item.get("media-overlay") or item.get("media-type") == _SMIL
        for item in opf.iter(f"{{{OPF}}}item")
    )


def without_narration(
    package: Package, opf_name: str, opf: etree._Element, pages: Mapping[str, etree._Element]
) -> set[str]:
    """Take the media overlays out of the package document ``opf``: each item's
    ``media-overlay``, the SMIL files, the audio only they play, the ``media:`` metadata and
    what refines the items left out. The entries to leave out of the archive. A reading app
    plays a chapter's overlay, highlighting the element each clip names as the recorded voice
    reads it: over a translation it highlights sentences the voice is not reading."""
    folder = posixpath.dirname(opf_name)
    items = {item.get("id", ""): item for item in opf.iter(f"{{{OPF}}}item")}

    def part(href: str, base: str) -> str:
        return posixpath.normpath(posixpath.join(base, unquote(href.split("#")[0])))

    smil = {i for i, item in items.items() if item.get("media-type") == _SMIL}
    played: set[str] = set()  # the audio the overlays play
    for i in smil:
        name = part(items[i].get("href", ""), folder)
        if package.has(name):
            for audio in package.xml(name).iter("{*}audio"):
                played.add(part(audio.get("src", ""), posixpath.dirname(name)))
    shown: set[str] = set()  # what a page plays or links to itself
    for name, root in pages.items():
        for element in root.iter():
            for attribute in ("src", "href", "data"):
                value = element.get(attribute) if isinstance(element.tag, str) else None
                if value:
                    shown.add(part(value, posixpath.dirname(name)))
    dropped_ids = set(smil)
    for i, item in items.items():
        if part(item.get("href", ""), folder) in played - shown:
            dropped_ids.add(i)
    left_out = {part(items[i].get("href", ""), folder) for i in dropped_ids}
    for i in dropped_ids:
        _removed(items[i])
    for item in items.values():
        item.attrib.pop("media-overlay", None)
    for meta in list(opf.iter(f"{{{OPF}}}meta")):
        refined = meta.get("refines", "").lstrip("#")
        if meta.get("property", "").startswith("media:") or refined in dropped_ids:
            _removed(meta)
    left_out = {package.real(name) for name in left_out if package.has(name)}
    # (a folder entry left with nothing in it: epubcheck warns of an empty folder)
    for name in package.names:
        inside = [n for n in package.names if n.startswith(name) and n != name]
        if name.endswith("/") and inside and all(n in left_out for n in inside):
            left_out.add(name)
    return left_out


def _removed(element: etree._Element) -> None:
    """``element`` out of its parent, with the white space after it (its line)."""
    if (element.tail or "").strip():
        remove_keeping_tail(element)
    elif (parent := element.getparent()) is not None:
        parent.remove(element)


def vertical_kept(language: Language) -> bool:
    """Whether a translation into ``language`` may stay in vertical lines."""
    return language.language in _VERTICAL or (language.written or language.script) == "Mong"


def horizontal_css(data: bytes) -> bytes:
    """A stylesheet's vertical writing modes as horizontal ones (its comments as they are)."""

    def mode(match: re.Match[bytes]) -> bytes:
        if match.group(1):
            return match.group(0)
        prefix = (match.group(3) or b"").lower()
        return match.group(2) + (b"lr-tb" if prefix == b"-ms-" else b"horizontal-tb")

    return _WRITING_MODE.sub(mode, data)


def _horizontal_style(text: str) -> str:
    def mode(match: re.Match[str]) -> str:
        if match.group(1):
            return match.group(0)
        prefix = (match.group(3) or "").lower()
        return match.group(2) + ("lr-tb" if prefix == "-ms-" else "horizontal-tb")

    return _STYLE_MODE.sub(mode, text)


def horizontal(
    package: Package, opf: etree._Element, pages: Mapping[str, etree._Element]
) -> tuple[dict[str, bytes], set[str], bool]:
    """A vertical book's writing set horizontal: the stylesheets the pages link (and those
    they import) with ``writing-mode: horizontal-tb`` for each vertical one, the pages'
    ``<style>`` and ``style`` likewise (not a drawing's), and EPUB 2's
    ``primary-writing-mode`` (Kobo's, Adobe's) ``horizontal-lr``. The stylesheets rewritten,
    the pages changed (their trees edited in place), and whether the package document
    changed."""
    sheets: list[str] = []
    for name, root in pages.items():
        for link in root.iter("{*}link"):
            rel = link.get("rel", "").lower().split()
            if "stylesheet" in rel and link.get("href"):
                sheets.append(_joined(name, link.get("href", "")))
    styles: dict[str, bytes] = {}
    seen: set[str] = set()
    while sheets:
        name = sheets.pop()
        if name in seen or not package.has(name):
            continue
        seen.add(name)
        data = package.archive.read(package.real(name))
        sheets.extend(_joined(name, m.decode("utf-8", "replace")) for m in _IMPORT.findall(data))
        written = horizontal_css(data)
        if written != data:
            styles[name] = written
    changed: set[str] = set()
    for name, root in pages.items():
        # A drawing's text keeps its writing mode, its CSS (style, <style>) and its attribute
        # (writing-mode="tb-rl") alike: its lines stand where its columns were drawn, and set
        # horizontal they ran across the columns beside them.
        drawn = {e for svg in root.iter(f"{{{_SVG}}}svg") for e in svg.iter()}
        for element in root.iter("{*}*"):
            if element in drawn:
                continue
            if local(element) == "style" and element.text:
                text = _horizontal_style(element.text)
                if text != element.text:
                    element.text = text
                    changed.add(name)
            said = element.get("style")
            if said and _horizontal_style(said) != said:
                element.set("style", _horizontal_style(said))
                changed.add(name)
    package_changed = False
    for meta in opf.iter(f"{{{OPF}}}meta"):
        if meta.get("name") == "primary-writing-mode" and "vertical" in meta.get("content", ""):
            meta.set("content", "horizontal-lr")
            package_changed = True
    return styles, changed, package_changed


def _joined(page: str, href: str) -> str:
    """The part ``href`` names, from the part ``page``."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(href.split("#")[0])))


__all__ = [
    "MIMETYPE",
    "descriptions",
    "encrypted",
    "horizontal",
    "horizontal_css",
    "markup",
    "markup_text",
    "narrated",
    "retitled",
    "vertical_kept",
    "without_narration",
]
