"""Copy the Inno Setup and settings fixtures of tests/data/ini/ from clones of their
repositories (see tests/data/ini/README.md), and check the INI reader on Joomla's own
language files (GPL: read here, never copied): each file read, written with every value in
«», and both read with PHP's parse_ini_file as Joomla reads them (Joomla 4's raw scanner and
\\" ; Joomla 3's "_QQ_"): the same keys, each translated value the translation.

    python tools/make_ini_fixtures.py ISSRC PYTHON_DOCX [JOOMLA_CHECKOUT...]

Needs git, and php for the check. The files it writes are committed; the tests need none of
this.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engine.documents import open_document  # noqa: E402
from engine.documents.language import target_language  # noqa: E402

OUT = ROOT / "tests" / "data" / "ini"
ISSRC = {
    "inno/Default.isl": ("d588bab7409ebf7e598b24ce91249d64e9c89562", "Files/Default.isl"),
    "inno/Languages/German.isl": ("is-5_6_1", "Files/Languages/German.isl"),
    "inno/Languages/Japanese.isl": ("is-5_6_1", "Files/Languages/Japanese.isl"),
}
PYTHON_DOCX = {"settings/tox.ini": ("e4545460", "tox.ini")}
READS = {
    "j4": "$s = parse_ini_string($c, false, INI_SCANNER_RAW); $s = str_replace('\\\"', '\"', $s);",
    "j3": "$c = str_replace('_QQ_', '\"\\\\\"\"', $c); $s = parse_ini_string($c);",
}


def copy(clone: Path, files: dict[str, tuple[str, str]]) -> None:
    for name, (commit, source) in files.items():
        data = subprocess.run(
            ["git", "-C", str(clone), "show", f"{commit}:{source}"], capture_output=True, check=True
        ).stdout
        (OUT / name).parent.mkdir(parents=True, exist_ok=True)
        (OUT / name).write_bytes(data)


def joomla_reads(path: Path) -> dict[str, str]:
    how = "j3" if "_QQ_" in path.read_text("utf-8") else "j4"
    code = f"$c = file_get_contents($argv[1]); {READS[how]} echo json_encode($s);"
    run = subprocess.run(["php", "-r", code, str(path)], capture_output=True, text=True, check=True)
    found: dict[str, str] = json.loads(run.stdout)
    return found


def check(path: Path) -> None:
    document = open_document(path)
    out = path.with_name(path.name + ".quire-check")
    out.write_bytes(
        document.write([f"«{u.text}»" for u in document.units], language=target_language("de"))
    )
    try:
        before, after = joomla_reads(path), joomla_reads(out)
    finally:
        out.unlink()
    units = {u.id: u for u in document.units}
    assert list(before) == list(after), path
    for key, value in after.items():
        wanted = units[key].shown_in(f"«{units[key].text}»") if key in units else before[key]
        assert value.strip() == wanted.strip(), (path, key)  # (its spaces kept apart)
    print(f"{path}: {len(before)} keys, {len(units)} translated, as PHP reads them")


def main(issrc: Path, python_docx: Path, joomla: list[Path]) -> None:
    copy(issrc, ISSRC)
    copy(python_docx, PYTHON_DOCX)
    for checkout in joomla:
        for path in sorted(checkout.rglob("language/en-GB/*.ini")):
            check(path)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), [Path(p) for p in sys.argv[3:]])
