"""The installers' moving parts that run without building: the self-test, the launcher's
routing, first-start installation of bundled models, and the document types the installers
register, checked against the engine's reader registry."""

from __future__ import annotations

import configparser
import importlib.util
import os
import plistlib
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from desktop import launcher, selftest
from engine import Engine, EngineOptions
from engine.documents import supported
from engine.runtime.manifest import load_model_folder
from tests.fixtures.builder import exported

PACKAGING = Path(__file__).resolve().parent.parent / "packaging"
# The formats the installers issue names; each needs a row before its reader lands.
ISSUE_SUFFIXES = (
    ".txt", ".md", ".html", ".htm", ".docx", ".pptx", ".odt", ".odp", ".epub", ".pdf", ".srt",
    ".vtt",
)  # fmt: skip


def load(name: str) -> ModuleType:
    """A module from packaging/ (not a package: its name would shadow PyPI's ``packaging``)."""
    key = f"quire_packaging_{name}"
    if key in sys.modules:
        return sys.modules[key]
    spec = importlib.util.spec_from_file_location(key, PACKAGING / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[key] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def associations() -> ModuleType:
    return load("associations")


@pytest.fixture(scope="module")
def build() -> ModuleType:
    return load("build")


# ----------------------------------------------------------------------------- self-test


def test_self_test_passes_with_the_tiny_model() -> None:
    report = selftest.run_self_test(exported("marian"))
    assert report.ok, report.text()
    assert [name for name, _ in report.checks] == [
        "translate",
        "engine process",
        "documents",
        "rewrite",
        "4-bit head",
        "chat template",
        "server",
        "downloads",
        "licences",
        "qt",
    ]
    assert "DynamicQuantizeMatMul" in dict(report.checks)["rewrite"]
    translate = dict(report.checks)["translate"]
    assert "backend onnx" in translate
    assert "from en" in translate  # language detection ran on the bundled data
    assert "killed mid-job (SIGKILL)" in dict(report.checks)["engine process"]


def test_about_lists_every_bundled_distribution_in_the_installed_app(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Frozen, About lists each distribution whose metadata the build copied in (here: all on
    the path, pytest among them); from an environment, only the named components."""
    from desktop import about

    assert "pytest" not in about.components()
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    listed = about.components()
    assert "pytest" in listed and "quire" in listed
    assert listed == sorted(listed, key=str.lower)


def test_the_licence_check_refuses_an_agpl_component(monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop import about

    assert "components' licences" in selftest.check_licences()
    real = about.licence
    monkeypatch.setattr(about, "licence", lambda n: "AGPL-3.0-only" if n == "numpy" else real(n))
    with pytest.raises(RuntimeError, match="under the AGPL: numpy"):
        selftest.check_licences()


def test_self_test_fails_loudly_without_its_model(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "no-model"
    assert selftest.main([str(missing)]) == 1
    out = capsys.readouterr().out
    assert "FAILED" in out
    assert str(missing) in out


def test_self_test_model_copy_keeps_a_loadable_folder(tmp_path: Path, build: ModuleType) -> None:
    """build.py bundles the fp32 and int8 sets only; the copy must still be a valid model."""
    target = tmp_path / "selftest-model"
    build.copy_model(exported("marian"), target, build.SELFTEST_SKIP)
    names = {p.name for p in (target / "onnx").iterdir()}
    assert not any("_fp16" in n or "_merged" in n for n in names)
    folder = load_model_folder(target)
    assert set(folder.onnx) == {"fp32", "int8"}
    assert selftest.run_self_test(target, qt=False).ok


@pytest.mark.skipif(
    not (sys.platform.startswith("linux") and shutil.which("strip") and shutil.which("readelf")),
    reason="Linux binutils only",
)
def test_a_stripped_library_that_would_not_load_is_refused(
    tmp_path: Path, build: ModuleType
) -> None:
    """numpy's OpenBLAS (rewritten by auditwheel's patchelf) comes out of strip with a
    segment off its page alignment; an ordinary library comes out loadable."""
    import subprocess

    import numpy

    readelf = str(shutil.which("readelf"))
    libs = Path(numpy.__file__).parent.parent / "numpy.libs"
    blas = next(libs.glob("libscipy_openblas*.so"), None)
    if blas is None:
        pytest.skip("this numpy has no bundled OpenBLAS")
    ordinary = Path(importlib.util.find_spec("_ssl").origin or "")  # type: ignore[union-attr]
    for source, loads in ((blas, False), (ordinary, True)):
        assert build.segments_aligned(readelf, source)  # as shipped, both load
        out = tmp_path / source.name
        subprocess.run(["strip", "--strip-unneeded", "-o", str(out), str(source)], check=True)
        assert build.segments_aligned(readelf, out) is loads, source


def _wheel_icu_data() -> Path:
    import PySide6

    found = sorted((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"))
    if not found:
        pytest.skip("this PySide6 bundles no ICU (Qt uses the system's collation)")
    return found[-1]


@pytest.fixture(scope="module")
def icu_data() -> ModuleType:
    return load("icu_data")


@pytest.mark.skipif(
    not (sys.platform.startswith("linux") and shutil.which("readelf")), reason="Linux ELF only"
)
def test_icu_common_data_is_written_back_byte_for_byte(icu_data: ModuleType) -> None:
    library = _wheel_icu_data()
    symbol, offset, size = icu_data._symbol(shutil.which("readelf"), library)
    with library.open("rb") as file:
        file.seek(offset)
        blob = file.read(size)
    data = icu_data.read_common(blob)
    assert symbol.startswith("icudt") and len(data.items) > 1000
    assert icu_data.write_common(data) == blob
    kept = icu_data.trimmed(data)
    names = [name for name, _ in kept.items]
    assert names == sorted(names)  # ICU looks items up by binary search
    assert not any(b"/brkitr/" in n or n.endswith(b"/unames.icu") for n in names)
    assert any(b"/coll/zh.res" in n for n in names) and any(b"/zone/" in n for n in names)
    assert icu_data.read_common(icu_data.write_common(kept)).items == kept.items


@pytest.mark.skipif(
    not (
        sys.platform.startswith("linux")
        and shutil.which("readelf")
        and (shutil.which("cc") or shutil.which("gcc"))
    ),
    reason="Linux with a C compiler only",
)
def test_trimmed_icu_data_still_gives_qt_what_it_asks(tmp_path: Path, icu_data: ModuleType) -> None:
    """The build's trimmed libicudata, preloaded in place of the wheel's (the loader takes a
    library of that soname already loaded), passes the self-test's ICU check; so does the
    check fail where the collation data is gone."""
    import subprocess

    library = _wheel_icu_data()
    probe = (
        "from desktop.selftest import check_icu\n"
        "try:\n    print(check_icu())\nexcept RuntimeError as exc:\n    print('FAIL', exc)"
    )

    def check(unused: tuple[str, ...]) -> str:
        app = tmp_path / str(len(unused))
        app.mkdir()
        shutil.copy(library, app / library.name)
        said: list[str] = []
        saved = icu_data.trim_icu_data(app, said.append, unused)
        assert saved > 10_000_000, said
        env = dict(os.environ, LD_PRELOAD=str(app / library.name), QT_QPA_PLATFORM="offscreen")
        done = subprocess.run(
            [sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    assert "ICU collation" in check(icu_data.UNUSED)
    assert "Chinese collation sorts" in check((*icu_data.UNUSED, "coll/"))


# ----------------------------------------------------------------------------- launcher


@pytest.fixture
def routes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, object]]:
    """Record where ``launcher.main`` sends its arguments instead of starting anything."""
    calls: list[tuple[str, object]] = []
    import desktop.app
    import engine

    def recorder(where: str) -> Callable[..., int]:
        def record(args: object = ()) -> int:
            calls.append((where, args))
            return 0

        return record

    monkeypatch.setattr(selftest, "main", recorder("self-test"))
    monkeypatch.setattr(desktop.app, "main", recorder("app"))
    monkeypatch.setattr(engine, "run_cli", recorder("cli"))
    return calls


def test_launcher_routes_self_test_app_and_cli(
    routes: list[tuple[str, object]], tmp_path: Path
) -> None:
    document = tmp_path / "notes.txt"
    document.write_text("hello", "utf-8")
    launcher.main(["--self-test"])
    launcher.main(["--self-test", "model-dir"])
    launcher.main([])
    launcher.main([str(document)])
    launcher.main(["-psn_0_12345"])  # what macOS Finder may add: still the app
    launcher.main(["translate", str(document)])
    assert routes == [
        ("self-test", []),
        ("self-test", ["model-dir"]),
        ("app", ()),
        ("app", [document]),
        ("app", ()),
        ("cli", ["translate", str(document)]),
    ]


def test_frozen_launch_reads_sys_argv(
    routes: list[tuple[str, object]], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A frozen app gets its files in sys.argv exactly as the console script does."""
    document = tmp_path / "talk.srt"
    document.write_text("1\n00:00:01,000 --> 00:00:02,000\nHi\n", "utf-8")
    monkeypatch.setattr(sys, "argv", [str(tmp_path / "quire"), str(document)])
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(launcher, "bundled_models", lambda: tmp_path / "no-bundle")
    launcher.main()
    assert routes == [("app", [document])]


def test_bundled_models_are_installed_once(tmp_path: Path) -> None:
    bundle = tmp_path / "bundle"
    shutil.copytree(exported("marian"), bundle / "opus-mt-en-de")
    home = tmp_path / "home"
    assert launcher.install_bundled_models(home, bundle) == ["opus-mt-en-de"]
    engine = Engine(EngineOptions(home=home))
    assert [m.name for m in engine.models()] == ["opus-mt-en-de"]
    assert launcher.install_bundled_models(home, bundle) == []
    # A model the user removed is not brought back on the next start.
    engine.store.remove("opus-mt-en-de")
    assert launcher.install_bundled_models(home, bundle) == []
    assert engine.models() == []


def test_no_bundle_means_nothing_to_install(tmp_path: Path) -> None:
    assert launcher.install_bundled_models(tmp_path / "home", tmp_path / "none") == []
    assert not (tmp_path / "home").exists()


# ----------------------------------------------------------------------------- document types


def test_every_readable_suffix_has_a_document_type(associations: ModuleType) -> None:
    offered = set(supported()) - associations.UNOFFERED
    missing = [s for s in offered if s not in associations.DOCUMENT_TYPES]
    assert not missing, f"add rows to packaging/associations.py for {missing}"
    assert associations.document_suffixes() == tuple(sorted(offered))


def test_no_installer_offers_quire_for_openpgp_files(
    associations: ModuleType, build: ModuleType
) -> None:
    """An .asc is read as AsciiDoc (Pro Git's chapters), but most are OpenPGP signatures and
    keys, which Quire refuses: "Open with Quire" is not offered for them."""
    assert ".asc" in supported() and ".asc" not in associations.document_suffixes()
    assert "\\.asc\\" not in associations.inno_registry(tuple(supported()))
    entries = associations.plist_document_types(tuple(supported()))
    assert not any("asc" in e.get("CFBundleTypeExtensions", []) for e in entries)
    assert "pgp" not in build.desktop_entry(supported())


def test_the_issues_formats_have_document_types(associations: ModuleType) -> None:
    assert set(ISSUE_SUFFIXES) <= set(associations.DOCUMENT_TYPES)


def test_desktop_entry_declares_the_readable_types(
    associations: ModuleType, build: ModuleType
) -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read_string(build.desktop_entry(supported()))
    section = entry["Desktop Entry"]
    assert section["Exec"] == "quire %F"
    assert section["Icon"] == "quire"
    declared = set(filter(None, section["MimeType"].split(";")))
    types = [associations.DOCUMENT_TYPES[s] for s in associations.document_suffixes()]
    wanted = {t.mime for t in types} | {m for t in types for m in t.also}
    assert declared == wanted
    # A .sub is given MicroDVD's type or SubViewer's by its contents: Quire reads both.
    assert {"text/x-microdvd", "text/x-subviewer"} <= declared


_FAKE_XDG_MIME = """#!/bin/sh
# What the user's desktop answers: defaults for plain text and PDF, none for the others.
entry="$PREFIX/share/applications/quire.desktop"
if [ -e "$entry" ]; then there=after; else there=before; fi
echo "$there $*" >> "$LOG"
if [ "$1" = query ]; then
    case "$3" in text/plain) echo vim.desktop ;; application/pdf) echo evince.desktop ;; esac
fi
"""


@pytest.mark.skipif(sys.platform == "win32", reason="the Linux installer is a POSIX shell script")
def test_the_linux_install_keeps_every_types_default_program(
    build: ModuleType, tmp_path: Path
) -> None:
    """A menu entry in ~/.local/share outranks the system's: installing made Quire the program
    that opened every .txt, .html, .pdf and .json on desktops without a defaults list."""
    bundle = tmp_path / "bundle"
    (bundle / "quire").mkdir(parents=True)
    (bundle / "quire" / "quire").write_text("#!/bin/sh\n", encoding="utf-8")
    applications = bundle / "share" / "applications"
    applications.mkdir(parents=True)
    (applications / "quire.desktop").write_text(build.desktop_entry(supported()), "utf-8")
    (bundle / "share" / "icons" / "hicolor").mkdir(parents=True)
    for script in ("install.sh", "uninstall.sh"):
        shutil.copy(PACKAGING / "linux" / script, bundle / script)
    tools = tmp_path / "bin"
    tools.mkdir()
    (tools / "xdg-mime").write_text(_FAKE_XDG_MIME, encoding="utf-8")
    (tools / "xdg-mime").chmod(0o755)
    log = tmp_path / "calls.log"
    env = {
        "PATH": f"{tools}{os.pathsep}/usr/bin{os.pathsep}/bin",
        "HOME": str(tmp_path / "home"),
        "PREFIX": str(tmp_path / "prefix"),
        "LOG": str(log),
    }
    import subprocess

    done = subprocess.run(
        ["sh", str(bundle / "install.sh")], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "prefix" / "share" / "applications" / "quire.desktop").is_file()
    defaults = {
        line.split()[-1]: line.split()[-2]
        for line in log.read_text(encoding="utf-8").splitlines()
        if line.startswith("before default ")
    }
    assert defaults["text/plain"] == "vim.desktop"
    assert defaults["application/pdf"] == "evince.desktop"
    # A text type without a default of its own keeps opening in the plain-text program.
    assert defaults["application/x-subrip"] == defaults["text/html"] == "vim.desktop"
    assert "application/vnd.oasis.opendocument.text" not in defaults  # nothing to keep
    assert "quire.desktop" not in defaults.values()
    assert not any(line.startswith("after") for line in log.read_text("utf-8").splitlines())

    removed = subprocess.run(
        ["sh", str(bundle / "uninstall.sh")], env=env, capture_output=True, text=True, check=False
    )
    assert removed.returncode == 0, removed.stderr
    assert "history, drafts, settings and crash reports stay" in removed.stdout
    assert "Quire/log" in removed.stdout
    readme = build.tarball_readme("2.36")
    assert "glibc 2.36 or newer (Debian 12" in readme and "./install.sh" in readme
    assert "glibc 2.41 or newer," in build.tarball_readme("2.41")  # (no systems guessed)
    assert not (tmp_path / "prefix" / "opt").exists() and not (tmp_path / "prefix" / "bin").exists()


def test_info_plist_declares_every_readable_suffix(associations: ModuleType) -> None:
    with open(PACKAGING / "macos" / "Info.plist", "rb") as handle:
        template = plistlib.load(handle)
    assert "CFBundleDocumentTypes" not in template  # generated from the registry
    entries = associations.plist_document_types(tuple(supported()))
    plist = plistlib.loads(plistlib.dumps({**template, "CFBundleDocumentTypes": entries}))
    covered = set()
    for entry in plist["CFBundleDocumentTypes"]:
        # macOS ignores extensions beside content types: an entry has one or the other.
        assert ("LSItemContentTypes" in entry) != ("CFBundleTypeExtensions" in entry)
        assert entry["LSHandlerRank"] == "Alternate"
        for uti in entry.get("LSItemContentTypes", []):
            covered |= {s for s, t in associations.DOCUMENT_TYPES.items() if t.uti == uti}
        covered |= {f".{e}" for e in entry.get("CFBundleTypeExtensions", [])}
    assert set(supported()) - associations.UNOFFERED <= covered
    # A Pages, Keynote or Numbers document saved as a package (a folder) is offered too.
    packages = {e["CFBundleTypeExtensions"][0] for e in plist["CFBundleDocumentTypes"]
                if e.get("LSTypeIsPackage")}  # fmt: skip
    assert packages == {"pages", "key", "numbers"}


def test_inno_registry_offers_open_with_for_every_readable_suffix(
    associations: ModuleType,
) -> None:
    text = associations.inno_registry(tuple(supported()))
    assert text.splitlines()[1] == "[Registry]"
    for suffix in associations.document_suffixes():
        assert f'Subkey: "Software\\Classes\\{suffix}\\OpenWithProgids"' in text
        assert f'ValueName: "{suffix}"' in text
    iss = (PACKAGING / "windows" / "quire.iss").read_text("utf-8")
    assert "#include Associations" in iss
    assert "ChangesAssociations=yes" in iss
    assert f"{associations.WINDOWS_PROGID}\\shell\\open\\command" in text


def test_an_unknown_suffix_is_refused(associations: ModuleType) -> None:
    with pytest.raises(KeyError, match=r"\.xyz"):
        associations.types_for((".txt", ".xyz"))


# ----------------------------------------------------------------------------- build helpers


def test_size_report_lists_the_biggest_files(tmp_path: Path, build: ModuleType) -> None:
    for name, size in (("a.bin", 10), ("sub/b.bin", 30), ("sub/c.bin", 20)):
        path = tmp_path / name
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(b"x" * size)
    report = build.measure(tmp_path, top=2)
    assert report.total == 60
    assert report.biggest == [(30, "sub/b.bin"), (20, "sub/c.bin")]


def test_the_wheel_carries_the_resources_and_finds_them(tmp_path: Path) -> None:
    """A plain (non-editable) install has no checkout beside it: the catalog, icon and UI
    translations travel in the wheel as ``quire_resources`` and engine.resources finds them;
    the engine's types travel too (``py.typed``)."""
    import subprocess
    import zipfile

    root = Path(__file__).resolve().parent.parent
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
         "-w", str(tmp_path / "wheel"), str(root)],
        check=True, capture_output=True,
    )  # fmt: skip
    (wheel,) = (tmp_path / "wheel").glob("quire-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for wanted in ("catalog.json", "icons/quire.svg", "translations/quire_zh_CN.qm"):
        assert f"quire_resources/{wanted}" in names
    assert "engine/py.typed" in names  # (else mypy skips the engine: "missing py.typed marker")
    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    # The unpacked wheel comes first on the path, before an editable install of the checkout.
    found = subprocess.run(
        [sys.executable, "-c",
         "from engine.resources import resource_path; print(resource_path('catalog.json'))"],
        check=True, capture_output=True, text=True, cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(target)},
    ).stdout.strip()  # fmt: skip
    assert Path(found) == target / "quire_resources" / "catalog.json"
    assert Path(found).is_file()
