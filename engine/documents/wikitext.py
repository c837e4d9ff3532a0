"""MediaWiki's wikitext (an article's "Edit source", a GitHub wiki's ``Page.mediawiki``):
paragraphs, headings, list items, table cells, an image's caption and alt text and each
``<ref>``'s body are units, found with mwparserfromhell; every other byte is kept. Bold and
italic, a link's label, an external link's label and inline HTML are pairs of placeholders
around translated words; templates, magic words, comments, entities, ``<nowiki>``, math and
code are placeholders kept whole; a ``<ref>`` is a placeholder in its sentence, its body
translated on its own and written back inside it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import mwparserfromhell
from mwparserfromhell.nodes import (
    Comment,
    ExternalLink,
    Heading,
    HTMLEntity,
    Node,
    Tag,
    Template,
    Text,
    Wikilink,
)
from mwparserfromhell.parser import ParserError
from mwparserfromhell.wikicode import Wikicode

from engine.api import Note
from engine.documents.base import Document, decode_text, edited
from engine.documents.errors import DocumentError, empty_file
from engine.documents.lined import Found, LineDocument
from engine.documents.pairs import (
    BREAK,
    CLOSE,
    CODE,
    OPEN,
    TEXT,
    Apart,
    Bit,
    Mark,
    kept_from_starting,
    trimmed,
    words,
)
from engine.text.encoding import UTF8, EncodedText, TextEncoding
from engine.text.segment import is_unspaced

Piece = tuple[int, int]

# Tags whose content is no prose: code, math and the like, kept whole where they stand in a
# sentence. Any tag not in _TEXT_TAGS is kept whole too (an extension's own syntax:
# <gallery>, <tabber>, <youtube>, <graph>…), as a block where it stands on its own line.
_INLINE_KEPT = frozenset(
    [
        "nowiki", "math", "chem", "ce", "code", "tt", "kbd", "samp", "var", "br", "wbr", "img",
        "ref", "hiero", "charinsert", "maplink", "indicator", "rdf", "seo",
    ]
)  # fmt: skip
# HTML tags and MediaWiki's parser tags that hold the page's words (an allow-list: an
# extension's tag this does not know may hold anything).
_TEXT_TAGS = frozenset(
    [
        "b", "i", "u", "s", "strike", "del", "ins", "em", "strong", "small", "big", "sub",
        "sup", "span", "font", "abbr", "cite", "q", "dfn", "mark", "bdi", "bdo", "ruby", "rb",
        "rt", "rtc", "rp", "time", "data", "h1", "h2", "h3", "h4", "h5", "h6", "div", "center",
        "blockquote", "poem", "p", "ul", "ol", "li", "dl", "dt", "dd", "table", "tr", "td",
        "th", "caption", "onlyinclude", "includeonly", "noinclude", "translate",
    ]
)  # fmt: skip
# Of those, the tags that hold blocks of the page's text: read as the page around them is
# (and set apart from the sentence they follow where they hold more than one line).
_BLOCK_TAGS = frozenset(
    [
        "div", "blockquote", "center", "poem", "p", "ul", "ol", "li", "dl", "dt", "dd", "table",
        "tr", "td", "th", "caption", "onlyinclude", "includeonly", "noinclude", "translate",
        "h1", "h2", "h3", "h4", "h5", "h6", "small", "big", "font", "span",
    ]
)  # fmt: skip
_BLANK_LINE = re.compile(r"(?:\r\n|\r|\n)[ \t]*(?:\r\n|\r|\n)")
# Namespaces of a link that shows a file, or files a page in a category: the English names
# and those of the largest wikis (MediaWiki's, case-insensitive).
_FILES = frozenset(
    [
        "file", "image", "media", "datei", "bild", "fichier", "archivo", "imagen", "immagine",
        "файл", "изображение", "ファイル", "画像", "文件", "图像", "plik", "bestand", "arquivo",
        "ficheiro", "dosya", "tiedosto", "fil", "soubor", "ملف", "صورة",
    ]
)  # fmt: skip
_CATEGORIES = frozenset(
    [
        "category", "kategorie", "catégorie", "categoría", "categoria", "категория", "カテゴリ",
        "分类", "kategoria", "categorie", "kategori", "luokka", "kategória", "تصنيف",
    ]
)  # fmt: skip
# The other namespaces a link may name (a page's name with its namespace, kept): the
# English names and those of the largest wikis (MediaWiki's, case-insensitive), and the
# words that make one a talk page's (``Benutzer Diskussion``). A colon after any other word
# is in a page's title (``[[Committed: A Skeptic's Guide]]``).
_NAMESPACES = frozenset(
    [
        "talk", "user", "wikipedia", "wp", "project", "mediawiki", "template", "help",
        "special", "portal", "draft", "module", "timedtext", "book", "gadget", "topic",
        "wikiproject", "benutzer", "benutzerin", "vorlage", "hilfe", "spezial", "utilisateur",
        "modèle", "aide", "spécial", "usuario", "plantilla", "ayuda", "especial", "anexo",
        "utente", "aiuto", "speciale", "progetto", "gebruiker", "sjabloon", "speciaal",
        "wikipedysta", "szablon", "pomoc", "specjalna", "usuário", "predefinição", "ajuda",
        "участник", "шаблон", "справка", "служебная", "википедия", "利用者", "テンプレート",
        "ヘルプ", "特別", "用户", "模板", "帮助", "特殊", "مستخدم", "قالب", "مساعدة", "خاص",
        "ويكيبيديا", "بوابة",
    ]
)  # fmt: skip
_TALK = frozenset(
    [
        "talk", "diskussion", "discussion", "discusión", "discussioni", "discussione",
        "overleg", "dyskusja", "discussão", "обсуждение", "ノート", "讨论", "討論", "نقاش",
    ]
)  # fmt: skip
# A link's prefix naming another language's edition of the page (``[[de:Paris]]``): listed
# beside the page, not shown in its text. Sister projects' prefixes are shown links.
_LANGUAGE = re.compile(r"[a-z]{2,3}(?:-[a-z]+)*")
_PROJECTS = frozenset(
    [
        "w", "wikt", "s", "q", "n", "b", "v", "voy", "d", "c", "m", "mw", "commons", "meta",
        "species", "wikipedia", "wiktionary", "wikisource", "wikiquote", "wikinews",
        "wikibooks", "wikiversity", "wikivoyage", "wikidata", "phab",
    ]
)  # fmt: skip
# An image's options, as MediaWiki reads them (its magic words img_thumbnail, img_right…:
# English names, and those of the largest wikis' languages: German, French, Spanish,
# Italian, Dutch, Polish, Portuguese, Russian, Japanese, Chinese, Arabic), an option of any
# of them kept on any wiki: anything else is its caption.
_OPTION = re.compile(
    r"\s*(?:thumb|thumbnail|frame|framed|enframed|frameless|border|left|right|center|centre|"
    r"none|baseline|sub|super|top|text-top|middle|bottom|text-bottom|"
    r"(?:upright|hochkant|redresse|verticale|rechtop|pionowo|superiordireito)"
    r"(?:\s*=?\s*[\d.]*)?|"
    r"\d*(?:x\d+)?\s*(?:px|pix|пкс|пикс|像素|بك)|loop|muted|"
    r"mini|miniatur|rechts|links|zentriert|ohne|rahmen|rahmenlos|"
    r"vignette|droite|gauche|centré|néant|cadre|encadré|sans_cadre|bordure|"
    r"miniatura|miniaturadeimagen|derecha|izquierda|centro|ninguna|ninguno|marco|sinmarco|"
    r"borde|destra|sinistra|nessuno|riquadro|senza_cornice|bordo|"
    r"miniatuur|geen|gecentreerd|omkaderd|kaderloos|rand|grondlijn|boven|midden|beneden|"
    r"tekst-boven|tekst-beneden|"
    r"mały|miniaturka|prawo|lewo|brak|centruj|ramka|bezramki|obramowanie|"
    r"miniaturadaimagem|direita|esquerda|nenhum|commoldura|semmoldura|borda|"
    r"мини|миниатюра|справа|слева|центр|без|рамка|безрамки|граница|"
    r"サムネイル|右|左|中央|なし|缩略图|居中|无|تصغير|يمين|يسار|مركز|"
    r"(?:link|page|lang|class|thumbtime|start|end|upright|verweis|seite|sprache|klasse|lien|"
    r"enlace|página|collegamento|pagina|koppeling|verwijzing|strona|ligação|ссылка|"
    r"страница|リンク|链接|وصلة)\s*=.*)\s*",
    re.IGNORECASE | re.DOTALL,
)
_ALT = re.compile(
    r"\s*(?:alt|alternativtext|bildbeschreibung|альт|代替画像|بديل)\s*=", re.IGNORECASE
)
# Behaviour switches and signatures: markup in a line of text.
_SWITCH = re.compile(r"__[A-Z]+__|~{3,5}")
_NEWLINE = re.compile(r"\r\n|\r|\n")
_LETTER = re.compile(r"[^\W\d_]")


def _unglued(tokens: list[str | Mark]) -> list[str | Mark]:
    """Bold's and italic's quotes set apart by ``<nowiki/>``, as MediaWiki's editors set
    them, from an apostrophe the translation puts beside them, which MediaWiki would count
    among them (French "L'" before a bold word, "y'" before an italic's end)."""
    for j, token in enumerate(tokens):
        if not isinstance(token, Mark) or token.loose or set(token.written) != {"'"}:
            continue
        before = tokens[j - 1] if j > 0 else None
        after = tokens[j + 1] if j + 1 < len(tokens) else None
        if isinstance(before, str) and before.endswith("'"):
            token.written = "<nowiki/>" + token.written
        if isinstance(after, str) and after.startswith("'"):
            token.written += "<nowiki/>"
    for j, token in enumerate(tokens[:-1]):
        after = tokens[j + 1]
        if (
            isinstance(token, Mark)
            and _BARE_URL.fullmatch(token.written)
            and isinstance(after, str)
            and _URL_GOES_ON.match(after)
        ):
            # (a word the translation put right after it is set apart by a space; other
            # characters, punctuation before a word, by <nowiki/>, which ends it)
            if after[0].isalnum():
                tokens[j + 1] = " " + after
            else:
                token.written += "<nowiki/>"
    return tokens


# A bare address, and what MediaWiki would read as more of it if written right after it:
# any character but a space or a bracket, past the punctuation an address may end with.
_BARE_URL = re.compile(r"(?:[a-z][a-z0-9+.-]*:)?//[^\s\[\]<>\"]+|mailto:\S+", re.IGNORECASE)
_URL_GOES_ON = re.compile(r"[,;.:!?)]*[^\s\[\]<>\"{|,;.:!?)]")


_APART = Apart(opens=lambda c: True, closes=lambda c: True, glue="", held="", after=_unglued)


@dataclass(frozen=True)
class _Item:
    """A piece of a block: a node, a stretch of text on one line (``node`` None), or a line
    break (``node`` None, ``newline``)."""

    start: int
    end: int
    node: Node | None = None
    newline: bool = False


def read(data: bytes, path: Path, *, encoding: str | None = None) -> Document:
    source, found = decode_text(data, path, "wikitext", encoding=encoding)
    return parse(source, path, found)


def parse(source: str, path: Path, encoding: TextEncoding = UTF8) -> WikitextDocument:
    """The document of a wikitext page (already decoded; ``encoding`` is the file's)."""
    if not source.strip("\ufeff \t\r\n"):
        raise empty_file(path)
    try:
        # (bold and italic read here, line by line as MediaWiki reads them: the parser
        # runs an unclosed one on over lines, list items and all)
        code = mwparserfromhell.parse(source, skip_style_tags=True)
    except ParserError as exc:  # (the parser's own limits: nesting past its depth)
        raise DocumentError(
            f"This wikitext could not be read: {exc}",
            path=path,
            hint="Check that the file is a wiki page's source, as its editor saves it",
            message_id="document.bad_wikitext",
        ) from exc
    if str(code) != source:  # (mwparserfromhell writes back what it read, byte for byte)
        raise DocumentError(
            "This wikitext could not be read exactly as it is written",
            path=path,
            hint="Check that the file is a wiki page's source, as its editor saves it",
            message_id="document.bad_wikitext",
        )
    reader = _Reader(source)
    items = _items(code, 0)
    redirect = _REDIRECT.match(source)
    if redirect:  # (its magic word, #REDIRECT or the wiki's language's, and its target kept)
        items = [i for i in items if i.start >= redirect.end()]
    reader.block(items, None, first=redirect is None)
    document = WikitextDocument(path, source, reader, encoding)
    if not document.units:  # (a redirect, a page of templates: a wiki's folder kept whole)
        document.copied_without_text = True
        document.notes = (
            Note(
                f"{path.name} has no text to translate (a redirect, templates or links "
                "alone): it is copied as it is",
                "document.no_text_copied",
                {"name": path.name},
            ),
        )
    return document


def _items(code: Wikicode, start: int) -> list[_Item]:
    """``code``'s nodes, standing at ``start`` in the source, its text cut at line breaks."""
    items: list[_Item] = []
    at = start
    for node in code.nodes:
        written = str(node)
        if isinstance(node, Text):
            cursor = 0
            for m in _NEWLINE.finditer(written):
                if m.start() > cursor:
                    items.append(_Item(at + cursor, at + m.start()))
                items.append(_Item(at + m.start(), at + m.end(), newline=True))
                cursor = m.end()
            if cursor < len(written):
                items.append(_Item(at + cursor, at + len(written)))
        else:
            items.append(_Item(at, at + len(written), node))
        at += len(written)
    return items


def _contents_at(tag: Tag, start: int) -> int:
    """Where a tag's contents begin in the source, the tag standing at ``start``."""
    written = str(tag)
    if tag.wiki_markup:
        tail = len(tag.closing_wiki_markup or "")
    else:
        tail = len("</" + str(tag.closing_tag) + ">")
    return start + len(written) - tail - len(str(tag.contents))


def _lines(items: Sequence[_Item]) -> list[list[_Item]]:
    """``items`` cut into lines (each without its line break; a break a line of its own)."""
    lines: list[list[_Item]] = [[]]
    for item in items:
        if item.newline:
            lines.append([item])
            lines.append([])
        else:
            lines[-1].append(item)
    return lines


def _prefix(title: str) -> tuple[str, bool]:
    """A link's namespace or interwiki prefix as written (lower case), and whether the link
    begins with a colon (``[[:Category:X]]``, shown in the text)."""
    title = title.strip()
    colon = title.startswith(":")
    head, sep, _rest = title.lstrip(":").partition(":")
    return (head.strip() if sep else ""), colon


def _namespaced(title: str) -> bool:
    """Whether a link's title names a page in another namespace, or on another wiki: its
    prefix a namespace's name (or a talk page's), a sister project's or a language's."""
    prefix, _colon = _prefix(title)
    kind = " ".join(prefix.lower().replace("_", " ").split())
    return bool(prefix) and (
        kind in _NAMESPACES
        or kind in _FILES
        or kind in _CATEGORIES
        or kind in _PROJECTS
        or any(word in _TALK for word in kind.split())
        or bool(_LANGUAGE.fullmatch(kind))
    )


def _aside(title: str) -> bool:
    """Whether a link to ``title`` shows no words in its sentence: a file (a picture beside
    the text, its caption read apart), a category, another language's edition of the
    page."""
    prefix, colon = _prefix(title)
    kind = prefix.lower()
    if colon or not prefix:
        return False
    return (
        kind in _FILES
        or kind in _CATEGORIES
        or bool(_LANGUAGE.fullmatch(prefix) and kind not in _PROJECTS)
    )


def _kept_block(node: Tag) -> bool:
    """Whether a tag is kept whole as a block of its own where it stands alone on a line:
    not one of the page's words, nor kept inside a sentence (code, math)."""
    name = str(node.tag).strip().lower()
    return name not in _TEXT_TAGS and name not in _INLINE_KEPT


def _holds_blocks(item: _Item, line: Sequence[_Item]) -> bool:
    """Whether ``item`` is a tag of the page's text read as blocks of their own: alone on its
    line (of ``line``'s items that show), holding a blank line (paragraphs, which a unit
    never spans), or a block's tag (a ``<div>``, a ``<blockquote>``) holding lines."""
    node = item.node
    if not (
        isinstance(node, Tag)
        and not node.wiki_markup
        and str(node.tag).strip().lower() in _BLOCK_TAGS
        and node.contents is not None
        and not node.self_closing
    ):
        return False
    contents = str(node.contents)
    return (
        list(line) == [item]
        or bool(_BLANK_LINE.search(contents))
        or (str(node.tag).strip().lower() not in _INLINE_BLOCKS and "\n" in contents)
    )


# Of the tags of blocks, those that may stand inside a sentence around its words.
_INLINE_BLOCKS = frozenset(["small", "big", "font", "span"])


class _Reader:
    """Finds the units of a page's blocks: each a run of ``Bit``s over the source, and the
    unit whose placeholder holds it (a ``<ref>``'s body, a caption inside a sentence)."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.found: list[Found] = []
        self.parents: list[int | None] = []
        # Units in a table's cell or an image's parameters, where a | would end them.
        self.piped: set[int] = set()
        # Of those, a header cell's (where a !! would end it) and a caption's (where a ]]
        # would end the image's link).
        self.headers: set[int] = set()
        self.captions: set[int] = set()

    def unit(self, bits: list[Bit], parent: int | None, inline: bool = False) -> int | None:
        """A unit of these bits (their white space at either end left out), if they hold a
        word."""
        bits = _stripped(trimmed(bits), self.source)
        if not any(b.kind == TEXT and _LETTER.search(self.source, *b.span) for b in bits):
            return None
        self.found.append(Found(tuple(bits), bits[0].span[0], inline))
        self.parents.append(parent)
        return len(self.found) - 1

    def block(self, items: Sequence[_Item], parent: int | None, *, first: bool = False) -> None:
        """The units of a block of lines (a page, a cell, a ``<ref>``'s body): a paragraph is
        its lines up to a blank line or a line of another kind; a list item, a heading and a
        table's cell units of their own; a preformatted line (indented by a space) and a
        line without words (a template, a category) kept, as they end a paragraph."""
        paragraph: list[_Item] = []

        def flush() -> None:
            while paragraph and paragraph[-1].newline:
                paragraph.pop()
            if paragraph:
                self.inline_unit(paragraph, parent)
            paragraph.clear()

        skip = -1  # (where the lines read already, an indented table's, end)
        for n, line in enumerate(_lines(items)):
            if line and line[0].start < skip:
                continue
            if line and line[0].newline:
                if paragraph:
                    paragraph.append(line[0])
                continue
            at_start = n > 0 or first
            significant = [i for i in line if not self._blank(i)]
            if not significant:
                flush()
                continue
            head = significant[0]
            if at_start and head.node is None and self.source[line[0].start] == " ":
                flush()  # (a preformatted line)
                continue
            node = head.node
            if isinstance(node, Heading):
                flush()
                title = node.title
                self.split_unit(_items(title, head.start + node.level), parent, inline=True)
                continue
            if isinstance(node, Tag) and node.wiki_markup and str(node.tag) in ("li", "dt", "dd"):
                flush()
                indented = self.indented_table(line)
                if indented is not None:  # (``:{|``, a table set in as a list's item is)
                    table, at = indented
                    self.table(table, at, parent)
                    skip = at + len(str(table))
                    continue
                self.list_item(line, parent)
                continue
            if isinstance(node, Tag) and str(node.tag) == "hr":
                flush()
                continue
            if isinstance(node, Tag) and node.wiki_markup and str(node.tag) == "table":
                flush()
                self.table(node, head.start, parent)
                self.nested(line[line.index(head) + 1 :], parent)
                continue
            apart = next((k for k, i in enumerate(line) if _holds_blocks(i, significant)), None)
            if apart is not None:
                # (a <blockquote> after "as follows:", its paragraphs units of their own)
                tag = line[apart]
                assert isinstance(tag.node, Tag) and tag.node.contents is not None
                if self.prose(line[:apart]):
                    paragraph.extend(line[:apart])
                else:
                    self.nested(line[:apart], parent)
                flush()
                self.block(_items(tag.node.contents, _contents_at(tag.node, tag.start)), parent)
                rest = line[apart + 1 :]
                if any(not self._blank(i) for i in rest):
                    self.block(rest, parent)
                continue
            if not self.prose(line):
                flush()
                self.nested(line, parent)
                continue
            paragraph.extend(line)
        flush()

    def _blank(self, item: _Item) -> bool:
        """Whether an item is white space or a comment (nothing a reader sees)."""
        if item.node is None:
            return not self.source[item.start : item.end].strip()
        return isinstance(item.node, Comment)

    def prose(self, line: Sequence[_Item]) -> bool:
        """Whether a line is a paragraph's: it holds text (a full stop after a ``<ref>``
        counts), or markup inside a sentence; not only templates, comments, behaviour
        switches and links that show no words there (a category, a file, another
        language's edition), which stand on lines of their own."""
        bits: list[Bit] = []
        self.inline(line, bits, [])
        if any(b.kind == TEXT and self.source[slice(*b.span)].strip() for b in bits):
            return True
        return any(
            item.node is not None
            and not isinstance(item.node, Template | Comment)
            and not (isinstance(item.node, Tag) and _kept_block(item.node))
            and not (isinstance(item.node, Wikilink) and _aside(str(item.node.title)))
            for item in line
        )

    def inline_unit(self, items: Sequence[_Item], parent: int | None, inline: bool = False) -> None:
        """A unit of a paragraph's or a title's items, then the units its placeholders hold."""
        bits: list[Bit] = []
        held: list[tuple[list[_Item], bool]] = []
        self.inline(items, bits, held)
        n = self.unit(bits, parent, inline)
        self.held(held, parent if n is None else n)

    def split_unit(self, items: Sequence[_Item], parent: int | None, inline: bool = False) -> None:
        """A list item's or a heading's unit, cut where a tag of the page's text holds a blank
        line (``* Intro <div>A.\n\nB.</div>``): the words before it, its blocks, the words
        after it, each apart (a unit never spans a blank line)."""
        apart = next(
            (
                k
                for k, i in enumerate(items)
                if isinstance(i.node, Tag)
                and _holds_blocks(i, items)
                and _BLANK_LINE.search(str(i.node.contents))
            ),
            None,
        )
        if apart is None:
            self.inline_unit(items, parent, inline)
            return
        tag = items[apart]
        assert isinstance(tag.node, Tag) and tag.node.contents is not None
        self.inline_unit(items[:apart], parent, inline)
        self.block(_items(tag.node.contents, _contents_at(tag.node, tag.start)), parent)
        self.split_unit(items[apart + 1 :], parent, inline)

    def held(self, held: Sequence[tuple[list[_Item], bool]], parent: int | None) -> None:
        """The units inside placeholders: a ``<ref>``'s body (``whole``, a block), a
        caption."""
        for inner, whole in held:
            first = len(self.found)
            if whole:
                self.block(inner, parent)
            else:
                self.inline_unit(inner, parent, inline=True)
                self.piped.update(range(first, len(self.found)))
                self.captions.update(range(first, len(self.found)))

    def nested(self, items: Sequence[_Item], parent: int | None) -> None:
        """The units inside kept markup (a caption in a line of its own, a ``<ref>``'s body
        after a template)."""
        held: list[tuple[list[_Item], bool]] = []
        self.inline(items, [], held)
        self.held(held, parent)

    def indented_table(self, line: Sequence[_Item]) -> tuple[Tag, int] | None:
        """The table a line of list markers begins (``:{|``), which mwparserfromhell reads
        as text, read on its own, and where it stands; None if the line holds none."""
        rest = [i for i in line if not (isinstance(i.node, Tag) and i.node.wiki_markup)]
        if not rest or rest[0].node is not None:
            return None
        start = rest[0].start
        if not self.source.startswith("{|", start):
            return None
        depth, at = 0, start
        for m in re.finditer(r"^[ \t]*(\{\||\|\})", self.source[start:], re.M):
            depth += 1 if m[1] == "{|" else -1
            at = start + m.end()
            if depth == 0:
                break
        if depth or self.source[at : at + 1] not in ("", "\n", "\r"):
            return None
        code = mwparserfromhell.parse(self.source[start:at], skip_style_tags=True)
        table = code.nodes[0] if len(code.nodes) == 1 else None
        if not (isinstance(table, Tag) and table.wiki_markup and str(table.tag) == "table"):
            return None
        return table, start

    def list_item(self, line: Sequence[_Item], parent: int | None) -> None:
        """A list item's text (after its markers); a definition's term and its text (``;
        term : text``) are two."""
        items = list(line)
        while items and isinstance(items[0].node, Tag) and items[0].node.wiki_markup:
            items.pop(0)
        part: list[_Item] = []
        for item in items:
            node = item.node
            if isinstance(node, Tag) and node.wiki_markup and str(node.tag) == "dd":
                self.split_unit(part, parent)
                part = []
            else:
                part.append(item)
        self.split_unit(part, parent)

    def table(self, table: Tag, start: int, parent: int | None) -> None:
        """Each cell of a table (and its caption) read as a block."""
        self.rows(table.contents, _contents_at(table, start), parent)

    def rows(self, code: Wikicode, start: int, parent: int | None) -> None:
        at = start
        for node in code.nodes:
            written = str(node)
            if isinstance(node, Tag) and node.wiki_markup and str(node.tag) == "tr":
                self.rows(node.contents, _contents_at(node, at), parent)
            elif (
                isinstance(node, Tag)
                and node.wiki_markup
                and str(node.tag) in ("td", "th", "caption")
                and node.contents is not None
            ):
                inner = _contents_at(node, at)
                items = _items(node.contents, inner)
                if written.startswith("|+") and items and items[0].node is None:
                    head = items[0]  # (a caption, which the parser reads as a cell of "+…")
                    items[0] = _Item(head.start + 1, head.end)
                first = len(self.found)
                self.block(items, parent)
                self.piped.update(range(first, len(self.found)))
                if str(node.tag) == "th":
                    self.headers.update(range(first, len(self.found)))
            else:
                self.nested(_items(Wikicode([node]), at), parent)
            at += len(written)

    def inline(
        self, items: Sequence[_Item], bits: list[Bit], held: list[tuple[list[_Item], bool]]
    ) -> None:
        """The bits of a line's (or lines') items; ``held`` gets what the placeholders hold
        that is translated apart (a ``<ref>``'s body: a block; a caption: a title)."""
        text: Piece | None = None
        tokens = _quoted(self.source, items)
        taken = -1  # (where a link's trail, taken into its words, ends)
        for j, token in enumerate(tokens):
            if isinstance(token, _Item) and token.node is None:
                start = max(token.start, taken)
                if start < token.end:
                    text = (text[0] if text else start, token.end)
                continue
            if text is not None:
                self.text(*text, bits)
                text = None
            if isinstance(token, _Item) and isinstance(token.node, Wikilink):
                after = tokens[j + 1] if j + 1 < len(tokens) else None
                trail = token.end
                if isinstance(after, _Item) and after.node is None and after.start == trail:
                    trail = _trail(self.source, after.start, after.end)
                end = token.end
                if self.link(token.node, token.start, end, bits, held, trail):
                    taken = trail
            elif isinstance(token, _Item):
                assert token.node is not None
                self.node(token.node, token.start, bits, held)
            else:
                bits.append(token)
        if text is not None:
            self.text(*text, bits)

    def text(self, start: int, end: int, bits: list[Bit]) -> None:
        """Plain text, its behaviour switches and signatures placeholders."""
        cursor = start
        for m in _SWITCH.finditer(self.source, start, end):
            words(self.source, cursor, m.start(), bits)
            bits.append(Bit(m.span(), CODE, loose=True))
            cursor = m.end()
        words(self.source, cursor, end, bits)

    def node(
        self, node: Node, start: int, bits: list[Bit], held: list[tuple[list[_Item], bool]]
    ) -> None:
        end = start + len(str(node))
        if isinstance(node, Wikilink):
            self.link(node, start, end, bits, held)
        elif isinstance(node, ExternalLink):
            if node.brackets and node.title is not None and _LETTER.search(str(node.title)):
                inner = start + 1 + len(str(node.url)) + (0 if node.suppress_space else 1)
                bare = f"[{node.url}]"
                bits.append(Bit((start, inner), OPEN, bare=bare, loose=True))
                self.inline(_items(node.title, inner), bits, held)
                bits.append(Bit((end - 1, end), CLOSE, loose=True))
            else:
                bits.append(Bit((start, end), CODE, shown=str(node.url), loose=True))
        elif isinstance(node, Tag):
            self.tag(node, start, end, bits, held)
        elif isinstance(node, HTMLEntity):
            bits.append(Bit((start, end), CODE, shown=node.normalize(), loose=True))
        elif isinstance(node, Template):
            bits.append(Bit((start, end), CODE, shown=_template_shown(node), loose=True))
        else:  # (comments, arguments, anything else)
            bits.append(Bit((start, end), CODE, loose=True))

    def tag(
        self,
        node: Tag,
        start: int,
        end: int,
        bits: list[Bit],
        held: list[tuple[list[_Item], bool]],
    ) -> None:
        name = str(node.tag).strip().lower()
        if name == "ref" and node.contents is not None and not node.self_closing:
            bits.append(Bit((start, end), CODE, loose=True))
            held.append((_items(node.contents, _contents_at(node, start)), True))
        elif name == "references" and node.contents is not None and not node.self_closing:
            # (the list of references, where a page may define their bodies: each
            # translated inside it)
            bits.append(Bit((start, end), CODE, loose=True))
            refs: list[tuple[list[_Item], bool]] = []
            self.inline(_items(node.contents, _contents_at(node, start)), [], refs)
            held.extend(refs)
        elif (
            name not in _TEXT_TAGS
            or node.self_closing
            or node.contents is None
            or node.wiki_markup
            or not _LETTER.search(str(node.contents))  # (an anchor, ``<span id="x"></span>``)
        ):
            bits.append(Bit((start, end), CODE, loose=True))
        else:  # (inline HTML around words: <b>, <small>, <span>)
            inner = _contents_at(node, start)
            closing = inner + len(str(node.contents))
            bits.append(Bit((start, inner), OPEN, loose=True))
            self.inline(_items(node.contents, inner), bits, held)
            bits.append(Bit((closing, end), CLOSE, loose=True))

    def link(
        self,
        node: Wikilink,
        start: int,
        end: int,
        bits: list[Bit],
        held: list[tuple[list[_Item], bool]],
        trail: int | None = None,
    ) -> bool:
        """A link's bits; whether it took the letters after it, up to ``trail`` (its trail,
        ``[[cat]]s``, which MediaWiki shows as the link's words: ``[[cat|cats]]``), into
        its words."""
        title = str(node.title)
        # (the trail's letters read as the label's last, their piece put before the
        # link's closing brackets: the pieces need not stand in the source's order)
        tail = [Bit((end, trail), TEXT)] if trail is not None and trail > end else []
        if _aside(title):
            bits.append(Bit((start, end), CODE, loose=True))  # (not shown among the words)
            prefix, _colon = _prefix(title)
            if prefix.lower() in _FILES and node.text is not None:
                held.extend(self.caption(node.text, start + 2 + len(title) + 1))
            return False
        colon = title.strip().startswith(":")
        if node.text is not None:
            inner = start + 2 + len(title) + 1
            if not _LETTER.search(str(node.text)):
                bits.append(Bit((start, end), CODE, shown=str(node.text), loose=True))
                return False
            bits.append(Bit((start, inner), OPEN, bare=f"[[{title}]]", loose=True))
            self.inline(_items(node.text, inner), bits, held)
            bits.extend([*tail, Bit((end - 2, end), CLOSE, loose=True)])
            return bool(tail)
        if colon or _namespaced(title) or "#" in title or not _LETTER.search(title):
            # (a page's name with its namespace, ``[[Talk:Cat]]``, or a section's: a name)
            bits.append(Bit((start, end), CODE, shown=title.lstrip(":"), loose=True))
            return False
        # A link that shows its target's title: its words are translated, and where they
        # change the link keeps its target and shows them (``[[Paris|Parigi]]``).
        bits.append(Bit((start, start + 2), OPEN, renamed=f"[[{title}|", loose=True))
        bits.append(Bit((start + 2, end - 2), TEXT))
        bits.extend([*tail, Bit((end - 2, end), CLOSE, loose=True)])
        return bool(tail)

    def caption(self, text: Wikicode, start: int) -> list[tuple[list[_Item], bool]]:
        """An image's caption and alt text (its last parameter that is no option, and
        ``alt=``'s value), each read as a title is."""
        parameters: list[list[_Item]] = [[]]
        for item in _items(text, start):
            if item.node is not None or item.newline:
                parameters[-1].append(item)
                continue
            cursor = item.start
            for m in re.finditer(r"\|", self.source[item.start : item.end]):
                bar = item.start + m.start()
                if bar > cursor:
                    parameters[-1].append(_Item(cursor, bar))
                parameters.append([])
                cursor = bar + 1
            if cursor < item.end:
                parameters[-1].append(_Item(cursor, item.end))
        found: list[tuple[list[_Item], bool]] = []
        captions = []
        for parameter in parameters:
            if not parameter:
                continue
            written = self.source[parameter[0].start : parameter[-1].end]
            alt = _ALT.match(written)
            if alt:
                head = parameter[0]
                if head.node is None:
                    cut = _Item(head.start + alt.end(), head.end)
                    found.append(([cut, *parameter[1:]], False))
            elif not _OPTION.fullmatch(written):
                captions.append(parameter)
        if captions:
            found.append((captions[-1], False))
        return found


# What begins a block of another kind at a line's start: a list item, a heading, a table
# and its rows, a rule, a preformatted line.
_BLOCK_START = re.compile(r"[*#:;= |!]|\{\||----")
# What may stand before a unit's text on its line for it to begin the line.
_MARKERS = re.compile(r"[*#:;]*[ \t]*")


def _line_start(source: str, at: int) -> int:
    return max(source.rfind("\n", 0, at), source.rfind("\r", 0, at)) + 1


# A redirect page's first line (``#REDIRECT [[Target]]``, ``#WEITERLEITUNG [[Ziel]]``),
# which MediaWiki reads only there: the magic word in English or in the language of one of
# the largest wikis (MediaWiki's languages/messages, case-insensitive). Any other word
# after a # is a numbered list item's (``#Download [[Git]] from…``).
_REDIRECT_WORDS = (
    "REDIRECT", "WEITERLEITUNG", "REDIRECTION", "REDIRECCIÓN", "REDIRECCION", "RINVIA",
    "RINVIO", "DOORVERWIJZING", "PATRZ", "PRZEKIERUJ", "TAM", "REDIRECIONAMENTO",
    "REDIRECIONA", "REDIRECIONAR", "REDIR", "ПЕРЕНАПРАВЛЕНИЕ", "ПЕРЕНАПРАВЛЕННЯ", "ПЕРЕНАПР",
    "転送", "リダイレクト", "重定向", "تحويل", "OMDIRIGERING", "OHJAUS", "UUDELLEENOHJAUS",
    "PŘESMĚRUJ", "YÖNLENDİRME", "YÖNLENDİR", "הפניה", "تغییرمسیر", "넘겨주기", "ÁTIRÁNYÍTÁS",
    "ĐỔI", "ALIH", "REDIRECCIÓ", "DIRECTEAZA", "REDIRECTEAZA",
)  # fmt: skip
_REDIRECT = re.compile(
    r"\ufeff?[ \t]*[#＃](?:"
    + "|".join(map(re.escape, _REDIRECT_WORDS))
    + r")[ \t]*:?[ \t]*\[\[[^\]\n]*\]\][^\n]*",
    re.IGNORECASE,
)
# A run of apostrophes: italic's two, bold's three, both's five (MediaWiki's doQuotes).
_QUOTES = re.compile("'{2,}")


def _quoted(source: str, items: Sequence[_Item]) -> list[_Item | Bit]:
    """``items`` with each line's bold and italic quotes set apart: a pair of them around
    words an ``OPEN`` and a ``CLOSE`` bit, quotes that pair with none on their line (or
    cross another pair, or hold no words) a ``CODE`` bit, kept as they are. As MediaWiki
    reads them: four apostrophes are one and bold's three, more than five all but the last
    five; five open or close both, the inner first."""
    out: list[_Item | Bit] = []
    opened: list[tuple[str, int]] = []  # (the style, its opening's place in ``out``)
    pairs: list[tuple[int, int]] = []

    def unpaired() -> None:
        for _style, at in opened:
            out[at] = Bit(out[at].span, CODE, loose=True)  # type: ignore[union-attr]
        opened.clear()

    for item in items:
        if item.node is not None or item.newline:
            if item.newline:
                unpaired()
            out.append(item)
            continue
        cursor = item.start
        for m in _QUOTES.finditer(source, item.start, item.end):
            run = m.end() - m.start()
            at = m.start() + (run - 5 if run > 5 else 1 if run == 4 else 0)
            if at > cursor:
                out.append(_Item(cursor, at))
            cursor = m.end()
            if run == 2 or run == 3:
                styles = ["i" if run == 2 else "b"]
            else:
                styles = [style for style, _at in reversed(opened)]
                if len(styles) < 2:
                    styles += ["b" if styles[:1] == ["i"] else "i"] if styles else ["i", "b"]
            for style in styles:
                width = 2 if style == "i" else 3
                span = (at, at + width)
                at += width
                where = [k for k, (s, _at) in enumerate(opened) if s == style]
                if not where:
                    opened.append((style, len(out)))
                    out.append(Bit(span, OPEN))
                elif where[-1] == len(opened) - 1:
                    pairs.append((opened.pop()[1], len(out)))
                    out.append(Bit(span, CLOSE))
                else:  # (crossed pairs: neither is read as one)
                    _style, first = opened.pop(where[-1])
                    out[first] = Bit(out[first].span, CODE, loose=True)  # type: ignore[union-attr]
                    out.append(Bit(span, CODE, loose=True))
        if cursor < item.end:
            out.append(_Item(cursor, item.end))
    unpaired()
    for first, last in pairs:
        a, b = out[first], out[last]
        assert isinstance(a, Bit) and isinstance(b, Bit)
        if a.kind == OPEN and not _LETTER.search(source, a.span[1], b.span[0]):
            out[first] = Bit(a.span, CODE, loose=True)  # (no words inside: kept)
            out[last] = Bit(b.span, CODE, loose=True)
    return out


def _trail(source: str, start: int, end: int) -> int:
    """Where a link's trail, the letters right after it up to ``end``, ends (``start`` where
    none): a script written with spaces' letters, as the wikis' link trails are (Chinese and
    Japanese wikis have none)."""
    at = start
    while at < end and _LETTER.match(source, at) and not is_unspaced(source[at]):
        at += 1
    return at


def _template_shown(node: Template) -> str:
    """What a reader sees of a template, as far as the page says: ``{{lang|fr|Ville}}``'s
    words (kept, as the template marks them as another language's), else nothing."""
    name = str(node.name).strip().lower()
    if name == "lang" and node.has("2"):
        return str(node.get("2").value).strip()
    return ""


def _stripped(bits: list[Bit], source: str) -> list[Bit]:
    """``bits`` with the white space at either end of their text left out."""
    if bits and bits[0].kind == TEXT:
        a, b = bits[0].span
        while a < b and source[a].isspace():
            a += 1
        bits[0] = Bit((a, b), TEXT)
    if bits and bits[-1].kind == TEXT:
        a, b = bits[-1].span
        while b > a and source[b - 1].isspace():
            b -= 1
        bits[-1] = Bit((a, b), TEXT)
    return [b for b in bits if b.kind != TEXT or b.span[0] < b.span[1]] or bits[:1]


class WikitextDocument(LineDocument[Found]):
    """A wiki page: each unit written in place, a ``<ref>``'s or a caption's inside the
    placeholder of the sentence it stands in. No bilingual output: a copy of a paragraph
    would define its named references again."""

    unescapes = False

    def __init__(
        self, path: Path, source: str, reader: _Reader, encoding: TextEncoding = UTF8
    ) -> None:
        super().__init__(path, source, reader.found, encoding, _APART)
        self.parents = reader.parents
        self.children: list[list[int]] = [[] for _ in self.found]
        for n, parent in enumerate(self.parents):
            if parent is not None:
                self.children[parent].append(n)
        for n in reader.piped:
            self.escapes[n] = {ord("|"): "&#124;"}  # (a translation's |, as it shows)
        for n in reader.captions:
            self.escapes[n][ord("]")] = "&#93;"
        self.headers = reader.headers
        # The units that begin their line (a paragraph's, a list item's after its markers).
        self.leading = [
            _MARKERS.fullmatch(source, _line_start(source, span[0]), span[0]) is not None
            for span in self.spans
        ]

    def parts(self, n: int, text: str) -> list[str]:
        """Unit ``n``'s parts, a line that the translation begins as another kind of block
        would (a list item's ``*``, a heading's ``=``, a space: preformatted) kept in the
        unit: its first word goes to the line before, and a unit's first line begins with
        ``<nowiki/>``."""
        parts = super().parts(n, text)
        if text == self.units[n].text:
            return parts
        if n in self.headers:  # (a header cell's !!, which would begin another cell)
            parts = [p.replace("!!", "!&#33;") for p in parts]
        bits = self.found[n].bits
        line = next((i for i, b in enumerate(bits) if b.kind != BREAK), 0)
        if self.leading[n] and _BLOCK_START.match(parts[line]):
            parts[line] = "<nowiki/>" + parts[line]
        kept_from_starting(parts, bits, _BLOCK_START)
        return parts

    def render_text(self, translations: Sequence[str]) -> str:
        self._check(translations)
        edits = [
            edit
            for n, parent in enumerate(self.parents)
            if parent is None
            for edit in self._written(n, translations)
        ]
        return self._line_ends(edited(self.source, edits))

    def render_bilingual(self, translations: Sequence[str]) -> EncodedText:
        raise self.no_bilingual()

    def _written(self, n: int, translations: Sequence[str]) -> list[tuple[int, int, str]]:
        """Unit ``n``'s edits: its parts, each placeholder that holds units written with
        theirs (a ``<ref>``'s body translated inside it)."""
        bits = self.found[n].bits
        parts = self.parts(n, translations[n])
        for bit in bits:
            inside = [c for c in self.children[n] if bit.span[0] <= self.spans[c][0] < bit.span[1]]
            if bit.kind != CODE or not inside:
                continue
            a, b = bit.span
            was = self.source[a:b]
            now = edited(
                was,
                [(x - a, y - a, p) for c in inside for x, y, p in self._written(c, translations)],
            )
            for j in range(len(parts)):
                if was in parts[j]:
                    parts[j] = parts[j].replace(was, now, 1)
                    break
        return [(*b.span, p) for b, p in zip(bits, parts, strict=True)]


__all__ = ["WikitextDocument", "parse", "read"]
