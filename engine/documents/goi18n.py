"""go-i18n's message files, Hugo's i18n tables (``i18n/en.toml``, ``.yaml``, ``.json``): which
of a message's strings are its text and which are for the program or the translator."""

from __future__ import annotations

from collections.abc import Iterable

from engine.documents.language import CATEGORIES

# CLDR's plural categories, a message's forms (``one``, ``other``).
PLURAL = frozenset(CATEGORIES)
# A message's id, its note for the translator, its source's hash and its template's delimiters.
_METADATA = frozenset(["id", "description", "hash", "leftdelim", "rightdelim"])
# Its text: its forms, or go-i18n 1's (PaperMod's) ``translation``.
_TEXT = PLURAL | {"translation"}


def metadata(keys: Iterable[object]) -> frozenset[str]:
    """The keys of a mapping that are a go-i18n message's metadata, kept as they are: a
    mapping of a message's keys alone, its text among them (``- id: home`` beside
    ``translation: Home``: translated, Hugo found no message ``home`` and showed none); none
    of another mapping (a Rails form's ``id:`` and ``description:`` labels are its text)."""
    names = {k for k in keys if isinstance(k, str)}
    if names and names <= _METADATA | _TEXT and not names.isdisjoint(_TEXT):
        return frozenset(names & _METADATA)
    return frozenset()


def is_metadata(key: object, keys: Iterable[object]) -> bool:
    """Whether ``key``, of a mapping of ``keys``, is a message's metadata (:func:`metadata`):
    the mapping is looked at only for a key named as metadata is (asked of each of a flat
    file's 10,000 strings, it walked the whole file each time: minutes)."""
    return key in _METADATA and key in metadata(keys)


def plural_forms(keys: Iterable[object]) -> bool:
    """Whether a mapping's ``keys`` are a message's plural forms (and its metadata): two or
    more, ``other`` among them (``[home] other = "Home"`` alone is a message of one form, Hugo's and
    go-i18n's way of writing one: it gets no others)."""
    names = set(keys)
    names -= metadata(names)  # (its description beside them)
    return len(names) > 1 and "other" in names and names <= PLURAL


__all__ = ["PLURAL", "is_metadata", "metadata", "plural_forms"]
