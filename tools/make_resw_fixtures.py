"""Copy the UWP/WinUI string resources of tests/data/resw/ from a clone of
microsoft/WindowsAppSDK-Samples (MIT), as Visual Studio wrote them there:

- ``Resources.lang-en-us.resw``: the ResourceManagement sample's English strings, named by
  MRT's language qualifier (its German twin is ``Resources.lang-de-de.resw``, copied too, to
  compare the name Quire writes with the one the sample's authors gave);
- ``SampleWinUIClassLibrary/Resources.resw``: the Islands sample's library's strings, a
  XAML ``x:Uid`` property (``MyMessage.Text``), named for no language (the default's).

    python tools/make_resw_fixtures.py /path/to/WindowsAppSDK-Samples
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "resw"
FILES = {
    "Resources.lang-en-us.resw": "Samples/ResourceManagement/cs/cs-winui/"
    "winui_desktop_packaged_app/Resources.lang-en-us.resw",
    "Resources.lang-de-de.resw": "Samples/ResourceManagement/cs/cs-winui/"
    "winui_desktop_packaged_app/Resources.lang-de-de.resw",
    "SampleWinUIClassLibrary/Resources.resw": "Samples/Islands/SampleWinUIClassLibrary/"
    "Resources.resw",
}


def main(clone: Path) -> None:
    for name, source in FILES.items():
        data = subprocess.run(
            ["git", "-C", str(clone), "show", f"HEAD:{source}"], capture_output=True, check=True
        ).stdout
        (OUT / name).parent.mkdir(parents=True, exist_ok=True)
        (OUT / name).write_bytes(data)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
