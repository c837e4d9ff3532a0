"""Termbases in TBX, the TermBase eXchange format (ISO 30042) that terminology tools export:
Trados MultiTerm, memoQ, Phrase, Weblate (through translate-toolkit), the Microsoft
Terminology Collection. Read as a glossary for one language pair.

A TBX file holds concepts, each with its terms in several languages: TBX 2's (``martif``)
``termEntry`` > ``langSet xml:lang`` > ``tig`` or ``ntig/termGrp`` > ``term``, and TBX 3's
(``tbx``) ``conceptEntry`` > ``langSec`` > ``termSec`` > ``term``. For a pair, each of a
concept's terms in the source language (its synonyms, deprecated ones too: a text may use
them) becomes the concept's term in the target language: the preferred one
(``administrativeStatus`` ``preferredTerm-admn-sts``), else the first that is not deprecated,
superseded or forbidden. A concept with no usable term in the target is left out (not yet
translated, which is not "keep the term as it is"), and so is a source term two concepts
translate differently (``bank``, of a river and of money): which one a text means is not known.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from engine.documents.language import primary_language
from engine.documents.package import Unreadable, local, parse_file
from engine.errors import InputError

if TYPE_CHECKING:
    from lxml import etree

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# A concept, a language's section of it, and one term's group, in TBX 2 and TBX 3.
_CONCEPTS = frozenset(["termEntry", "conceptEntry"])
_LANGUAGES = frozenset(["langSet", "langSec"])
_TERM_GROUPS = frozenset(["tig", "ntig", "termSec"])
_NOT_TO_USE = ("deprecated", "superseded", "forbidden", "obsolete")
_STATUS = frozenset(["administrativeStatus", "normativeAuthorization"])


@dataclass(frozen=True)
class Term:
    text: str
    status: str = ""  # its administrativeStatus (or normativeAuthorization), as written

    @property
    def usable(self) -> bool:
        """Whether a translation may use it."""
        return not any(word in self.status.lower() for word in _NOT_TO_USE)

    @property
    def preferred(self) -> bool:
        return "preferred" in self.status.lower()


@dataclass(frozen=True)
class Termbase:
    path: Path
    languages: tuple[str, ...]  # as the file writes them, in the order first met
    concepts: tuple[dict[str, tuple[Term, ...]], ...]  # language (as written) → its terms

    def matching(self, code: str) -> list[str]:
        """Every name of the file ``code``'s language agrees with (``en-US`` and ``en-GB``
        for ``en``), the closest first: the same tag (``zh-TW`` for ``zh-TW``, not ``zh``),
        else one naming a script or country the code agrees with, else the bare language,
        else the other variants (``de-CH`` or ``de-DE`` for ``de``), in the file's order;
        where it has none of those, its variants of another country (``en-US`` for
        ``en-GB``: a text's English terms are English, German ones serve Swiss German), but
        never another script (``zh-Hans`` for ``zh-TW``). Refuses a language it has no terms
        in."""
        from engine.documents.language import same_language, same_target, target_language

        wanted = target_language(code)
        tag = _tag(code)

        def closeness(name: str) -> int:
            if _tag(name) == tag:
                return 3
            return 2 if re.search(r"[-_]", name) else 1

        found = [
            name
            for name in self.languages
            if _tag(name) == tag or (wanted is not None and same_target(name, wanted))
        ] or [name for name in self.languages if same_language(name, code)]
        if not found:
            raise InputError(
                f"This termbase has no terms in {code}",
                path=self.path,
                hint=f"Its languages are {', '.join(self.languages)}",
                message_id="glossary.tbx_language",
                params={"language": code, "languages": ", ".join(self.languages)},
            )
        return sorted(found, key=closeness, reverse=True)  # (stable: the file's order within)

    def pairs(self, source: str, target: str) -> tuple[list[tuple[str, str]], list[str]]:
        """Each source term (of every variant of the source language: ``en-US`` and
        ``en-GB``) with its concept's term in the closest variant of the target that the
        concept has (a file that writes German ``de-DE`` in one concept and ``DE`` in the
        next); and the source terms left out because concepts translate them differently."""
        sources, targets = self.matching(source), self.matching(target)
        chosen: dict[str, str] = {}
        ambiguous: set[str] = set()
        for concept in self.concepts:
            translation = next(
                (t for t in (_translation(concept.get(n, ())) for n in targets) if t), None
            )
            if translation is None:
                continue
            for name in sources:
                for term in concept.get(name, ()):
                    earlier = chosen.setdefault(term.text, translation)
                    if earlier != translation:
                        ambiguous.add(term.text)
        pairs = [(term, text) for term, text in chosen.items() if term not in ambiguous]
        return pairs, sorted(ambiguous)

    def source_besides(self, target: str) -> str | None:
        """The one language the termbase has besides ``target``'s (its variants together:
        ``en`` for ``en-US`` and ``en-GB``; ``pt-PT`` is not another for ``pt-BR``); None
        where it has several. Refuses a termbase of the target's language alone."""
        self.matching(target)  # (one without the target's language: said so)
        others = {primary_language(n) for n in self.languages} - {primary_language(target)}
        if not others:
            raise InputError(
                f"This termbase has terms in {target} only, none to translate from",
                path=self.path,
                hint="Give a termbase with terms in the source language too",
                message_id="glossary.tbx_one_language",
                params={"language": target},
            )
        return others.pop() if len(others) == 1 else None


def _tag(name: str) -> str:
    """A language tag as compared: ``en_us`` and ``EN-US`` are ``en-us``."""
    return name.strip().replace("_", "-").lower()


def _translation(terms: tuple[Term, ...]) -> str | None:
    usable = [t for t in terms if t.usable]
    preferred = [t for t in usable if t.preferred]
    best = preferred or usable
    return best[0].text if best else None


def read_termbase(path: Path) -> Termbase:
    """The TBX file's concepts; refuses a file that is no TBX with what is wrong. The last
    file read is kept until it changes: a job reads it once to say what it left out and
    again once the source language is detected (IATE's download, 50 MB, takes 6 s)."""
    from engine.fileio import read_bytes

    try:
        state = path.stat()
        key: tuple[str, int, int] | None = (str(path.absolute()), state.st_mtime_ns, state.st_size)
    except OSError:
        key = None  # (reading it says what is wrong)
    cached = _LAST.get(key) if key is not None else None
    if cached is not None:
        return cached
    termbase = _read(path, read_bytes(path))
    if key is not None:
        _LAST.clear()
        _LAST[key] = termbase
    return termbase


_LAST: dict[tuple[str, int, int], Termbase] = {}  # the last file read, by path and state


def _read(path: Path, data: bytes) -> Termbase:
    try:
        root = parse_file(data)
    except Unreadable as exc:
        raise _refused(path, f"{exc.what} at line {exc.line}") from None
    if local(root) not in ("martif", "tbx"):
        raise _refused(path, f"its root element is <{local(root)}>, not <martif> or <tbx>")
    languages: dict[str, None] = {}
    spelled: dict[str, str] = {}  # a tag as compared → as the file first wrote it
    concepts: list[dict[str, tuple[Term, ...]]] = []
    for concept in root.iter():
        if local(concept) not in _CONCEPTS:
            continue
        by_language: dict[str, tuple[Term, ...]] = {}
        for section in concept:
            if local(section) not in _LANGUAGES:
                continue
            # (MARTIF before TBX wrote lang=; a tag written two ways is one language)
            name = (section.get(_XML_LANG) or section.get("lang") or "").strip()
            name = spelled.setdefault(_tag(name), name)
            terms = tuple(_terms(section))
            if name and terms:
                languages.setdefault(name, None)
                by_language[name] = by_language.get(name, ()) + terms
        if by_language:
            concepts.append(by_language)
    if not concepts:
        raise _refused(path, "it has no terms")
    return Termbase(path, tuple(languages), tuple(concepts))


def _terms(section: etree._Element) -> Iterator[Term]:
    for group in section.iter():
        if local(group) not in _TERM_GROUPS:
            continue
        term = next((e for e in group.iter() if local(e) == "term"), None)
        text = " ".join("".join(term.itertext()).split()) if term is not None else ""
        if not text:
            continue
        status = next(
            (
                "".join(e.itertext()).strip()
                for e in group.iter()
                if (local(e) in ("termNote", "descrip") and e.get("type") in _STATUS)
                or local(e) in _STATUS  # (TBX 3's DCT style: <min:administrativeStatus>)
            ),
            "",
        )
        yield Term(text, status)


def _refused(path: Path, what: str) -> InputError:
    return InputError(
        f"This is not a TBX termbase Quire reads: {what}",
        path=path,
        hint="Export the termbase again as TBX from the tool that made it, or give a "
        "term<TAB>translation list",
        message_id="glossary.bad_tbx",
        params={"what": what},
    )


__all__ = ["Term", "Termbase", "read_termbase"]
