"""Office Open XML's two vocabularies: the transitional namespaces most files use and the
ISO 29500 strict ones (Word's "Strict Open XML" save option). Readers match both; a file is
written back in the namespaces it came in, never converted."""

from __future__ import annotations

from lxml import etree

_TRANSITIONAL = "http://schemas.openxmlformats.org/"
_STRICT = "http://purl.oclc.org/ooxml/"
# The namespaces the readers look at: transitional name -> strict name.
STRICT = {
    f"{_TRANSITIONAL}wordprocessingml/2006/main": f"{_STRICT}wordprocessingml/main",
    f"{_TRANSITIONAL}drawingml/2006/main": f"{_STRICT}drawingml/main",
    f"{_TRANSITIONAL}presentationml/2006/main": f"{_STRICT}presentationml/main",
    f"{_TRANSITIONAL}officeDocument/2006/relationships": f"{_STRICT}officeDocument/relationships",
}


def both(namespace: str, name: str) -> tuple[str, str]:
    """``{namespace}name`` in the transitional and the strict vocabulary."""
    return f"{{{namespace}}}{name}", f"{{{STRICT[namespace]}}}{name}"


def find(element: etree._Element, namespace: str, name: str) -> etree._Element | None:
    """``element``'s first child ``name`` of ``namespace``, in either vocabulary."""
    for tag in both(namespace, name):
        found = element.find(tag)
        if found is not None:
            return found
    return None


def get(element: etree._Element, namespace: str, name: str) -> str:
    """The value of ``element``'s attribute ``name`` of ``namespace``, in either vocabulary."""
    for tag in both(namespace, name):
        value = element.get(tag)
        if value is not None:
            return str(value)
    return ""


def same_namespace(element: etree._Element, name: str) -> str:
    """``name`` in ``element``'s own namespace (to find or create its siblings and children
    in the vocabulary the file uses)."""
    return f"{{{etree.QName(element).namespace}}}{name}"


__all__ = ["STRICT", "both", "find", "get", "same_namespace"]
