"""Copy the UWP/WinUI string resources of tests/data/resw/ from a clone of
microsoft/WindowsAppSDK-Samples (MIT), as Visual Studio wrote them there:

- ``Resources.lang-en-us.resw``: the ResourceManagement sample's English strings, named by
  MRT's language qualifier (its German twin is ``Resources.lang-de-de.resw``, copied too, to
  compare the name Quire writes with the one the sample's authors gave);
- ``SampleWinUIClassLibrary/Resources.resw``: the Islands sample's library's strings, a
  XAML ``x:Uid`` property (``MyMessage.Text``), named for no language (the default's).

    python tools/make_resw_fixtures.py /path/to/WindowsAppSDK-Samples

With clones of files-community/Files (MIT) and microsoft/terminal (MIT) named too, it cuts
their English strings down to a few entries each (the root's ``resheader`` and the entries
named, as they stand, the rest removed with lxml):

- ``Files/Strings/en-US/Resources.resw``: ICU plurals (``{0, plural, one {# day ago} …}``)
  beside .NET's ``{0}`` and a value with ``&lt; &gt;`` in it;
- ``terminal/Resources/en-US/Resources.resw``: ``&lt;unknown tenant name&gt;``, words in
  angle brackets that are no tag.

    python tools/make_resw_fixtures.py SAMPLES FILES TERMINAL
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from lxml import etree

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "resw"
FILES = {
    "Resources.lang-en-us.resw": "Samples/ResourceManagement/cs/cs-winui/"
    "winui_desktop_packaged_app/Resources.lang-en-us.resw",
    "Resources.lang-de-de.resw": "Samples/ResourceManagement/cs/cs-winui/"
    "winui_desktop_packaged_app/Resources.lang-de-de.resw",
    "SampleWinUIClassLibrary/Resources.resw": "Samples/Islands/SampleWinUIClassLibrary/"
    "Resources.resw",
}


CUTS = {
    "Files/Strings/en-US/Resources.resw": (
        "src/Files.App/Strings/en-US/Resources.resw",
        ["DaysAgo", "DaysAgo_Plural", "Now", "FileNameTeachingTip.Subtitle", "SelectedItems",
         "Items"],
    ),
    "terminal/Resources/en-US/Resources.resw": (
        "src/cascadia/TerminalConnection/Resources/en-US/Resources.resw",
        ["AzureUnknownTenantName", "AzureIthTenant", "AzureInvalidAccessInput"],
    ),
}  # fmt: skip


def _show(clone: Path, source: str) -> bytes:
    data: bytes = subprocess.run(
        ["git", "-C", str(clone), "show", f"HEAD:{source}"], capture_output=True, check=True
    ).stdout
    return data


def _cut(data: bytes, names: list[str]) -> bytes:
    """The resource file with its ``resheader`` and the ``data`` entries named alone."""
    root = etree.fromstring(data)
    for child in list(root):
        if not (child.tag == "resheader" or child.get("name") in names):
            previous = child.getprevious()
            if previous is not None:
                previous.tail = child.tail
            else:
                root.text = child.tail
            root.remove(child)
    # (XML reads CRLF as LF: written back as Visual Studio wrote the lines)
    body: bytes = etree.tostring(root, encoding="utf-8")
    kept = b'<?xml version="1.0" encoding="utf-8"?>\n' + body
    return kept.replace(b"\n", b"\r\n")


def main(clone: Path, cuts: list[Path]) -> None:
    for name, source in FILES.items():
        (OUT / name).parent.mkdir(parents=True, exist_ok=True)
        (OUT / name).write_bytes(_show(clone, source))
    for other, (name, (source, names)) in zip(cuts, CUTS.items(), strict=False):
        (OUT / name).parent.mkdir(parents=True, exist_ok=True)
        (OUT / name).write_bytes(_cut(_show(other, source), names))


if __name__ == "__main__":
    main(Path(sys.argv[1]), [Path(p) for p in sys.argv[2:]])
