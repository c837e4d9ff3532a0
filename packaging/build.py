"""Build Quire for this OS into ``dist/``: stage the resources (with a tiny self-test model and
any ``--bundle-model``), run PyInstaller, report the size, smoke-test the frozen app, then make
the OS's artifact (Linux tar.gz, Windows Setup.exe via Inno Setup, macOS .dmg).

    python packaging/build.py [--bundle-model NAME ...] [--with-cuda] [--skip-smoke]

Needs the ``export`` and ``package`` extras (torch builds the self-test model; it is not bundled).
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# The checkout first: its engine and tests.fixtures, never an installed "tests" package. Run as
# a script, packaging/ is already on the path; appended, it never shadows an installed module.
sys.path.insert(0, str(ROOT))
if str(HERE) not in sys.path:
    sys.path.append(str(HERE))

import associations  # noqa: E402
import icu_data  # noqa: E402

DIST = ROOT / "dist"
WORK = ROOT / "build"
STAGE = WORK / "stage"
ICON_SVG = ROOT / "resources" / "icons" / "quire.svg"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
LINUX_BUDGET_MB = 250
# The self-test needs the fp32 set (the universal fallback) and int8 (what a CPU picks); the
# fixture's split decoders serve both, so its merged copies stay out.
SELFTEST_SKIP = re.compile(r"(_fp16|_merged|_merged_int8)\.onnx(_data)?$")


def log(message: str) -> None:
    print(f"[build] {message}", flush=True)


def version() -> str:
    text = (ROOT / "pyproject.toml").read_text("utf-8")
    found = re.search(r'^version\s*=\s*"([^"]+)"', text, re.MULTILINE)
    if found is None:
        raise SystemExit("no version in pyproject.toml")
    return found.group(1)


def platform_tag() -> str:
    machine = platform.machine() or "unknown"
    system = {"linux": "linux", "darwin": "macos", "win32": "windows"}.get(sys.platform, "other")
    return f"{system}-{machine.lower()}"


# ----------------------------------------------------------------------------- staging


def copy_model(source: Path, target: Path, skip: re.Pattern[str] | None = None) -> None:
    shutil.copytree(
        source,
        target,
        ignore=lambda _dir, names: [n for n in names if skip is not None and skip.search(n)],
    )


def stage_resources(bundle_models: Sequence[str]) -> Path:
    """``build/stage/resources``: the checkout's resources (compiled translations, no sources),
    the self-test model and the bundled store models."""
    resources = STAGE / "resources"
    shutil.rmtree(STAGE, ignore_errors=True)
    shutil.copytree(
        ROOT / "resources",
        resources,
        ignore=shutil.ignore_patterns("*.ts", "*.py", "__pycache__", "README.md"),
    )
    compile_translations(ROOT / "resources" / "translations", resources / "translations")

    log("building the self-test model (tests/fixtures/builder.exported('marian'))")
    from tests.fixtures.builder import exported

    copy_model(exported("marian"), resources / "selftest-model", SELFTEST_SKIP)
    if bundle_models:
        from engine import Engine

        engine = Engine()
        for name in bundle_models:
            folder = engine.model(name)  # ModelNotFound names the model and says what to do
            log(f"bundling {name} from {folder.path}")
            copy_model(folder.path, resources / "models" / name)
    return resources


def compile_translations(sources: Path, target: Path) -> None:
    """Fresh ``.qm`` files from the ``.ts`` sources when lrelease is here, else the committed."""
    lrelease = Path(sys.executable).parent / "pyside6-lrelease"
    found = str(lrelease) if lrelease.exists() else shutil.which("pyside6-lrelease")
    if found is None:
        log("pyside6-lrelease not found: using the committed .qm files")
        return
    for ts in sorted(sources.glob("*.ts")):
        subprocess.run(
            [found, "-silent", str(ts), "-qm", str(target / f"{ts.stem}.qm")], check=True
        )


# ----------------------------------------------------------------------------- icons


def render_icons(out: Path) -> dict[int, Path]:
    """PNGs of the SVG icon at each size, rendered by Qt offscreen (no other tool needed)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication(["build"])
    renderer = QSvgRenderer(str(ICON_SVG))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {ICON_SVG}")
    out.mkdir(parents=True, exist_ok=True)
    pngs = {}
    for size in ICON_SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
        pngs[size] = out / f"quire-{size}.png"
        if not image.save(str(pngs[size])):
            raise SystemExit(f"cannot write {pngs[size]}")
    if sys.platform == "win32":
        # Qt's ICO writer stores one image; Windows scales the 256 px one for smaller views.
        image = QImage(str(pngs[256]))
        if not image.save(str(out / "quire.ico")):
            raise SystemExit("cannot write quire.ico")
    return pngs


def make_icns(pngs: dict[int, Path], out: Path) -> Path:
    """macOS: an .iconset from the PNGs, then ``iconutil`` (part of every macOS)."""
    iconset = out / "quire.iconset"
    iconset.mkdir(parents=True, exist_ok=True)
    for size in (16, 32, 128, 256, 512):
        shutil.copy(pngs[size], iconset / f"icon_{size}x{size}.png")
        if size * 2 in pngs:
            shutil.copy(pngs[size * 2], iconset / f"icon_{size}x{size}@2x.png")
    icns = out / "quire.icns"
    subprocess.run(["iconutil", "-c", "icns", str(iconset), "-o", str(icns)], check=True)
    return icns


# ----------------------------------------------------------------------------- PyInstaller


def run_pyinstaller(with_cuda: bool, icon: Path | None) -> Path:
    env = dict(os.environ)
    env.update(
        QUIRE_BUILD_STAGE=str(STAGE),
        QUIRE_WITH_CUDA="1" if with_cuda else "0",
        QUIRE_VERSION=version(),
        QUIRE_ICON=str(icon) if icon else "",
    )
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        str(HERE / "quire.spec"),
        "--noconfirm",
        "--clean",
        "--log-level=WARN",
        f"--distpath={DIST}",
        f"--workpath={WORK / 'pyinstaller'}",
    ]
    subprocess.run(command, check=True, env=env, cwd=ROOT)
    app = DIST / ("Quire.app" if sys.platform == "darwin" else "quire")
    if sys.platform == "linux":
        strip_binaries(app)
        icu_data.trim_icu_data(app, log)
    return app


def strip_binaries(app: Path) -> None:
    """Linux: drop the symbol tables and debug information PyInstaller copies as it finds them
    (libpython from pyenv, Rust and C extensions built with symbols): about 30 MB. Dynamic
    symbols stay, so linking and ``dlopen`` are unaffected; the self-test runs on the result.

    A stripped copy replaces a file only when its segments still load: strip can move a
    segment of a file auditwheel rewrote with patchelf off its page alignment, which the loader
    refuses ("ELF load command address/offset not page-aligned", seen with numpy's OpenBLAS);
    such a file keeps its symbols."""
    strip, readelf = shutil.which("strip"), shutil.which("readelf")
    if strip is None or readelf is None:
        log("strip/readelf not found: binaries keep their symbols")
        return
    for path in sorted(app.rglob("*.so*")):
        if not path.is_file() or path.is_symlink():
            continue
        stripped = path.with_name(path.name + ".stripped")
        done = subprocess.run(
            [strip, "--strip-unneeded", "-o", str(stripped), str(path)], capture_output=True
        )
        if (
            done.returncode == 0
            and stripped.stat().st_size < path.stat().st_size
            and segments_aligned(readelf, stripped)
        ):
            shutil.copymode(path, stripped)
            stripped.replace(path)
        else:
            stripped.unlink(missing_ok=True)


def segments_aligned(readelf: str, path: Path) -> bool:
    """Whether every loadable segment of the ELF file ``path`` has its file offset and its
    address congruent modulo its alignment (at least a 4 KiB page), as the loader demands."""
    done = subprocess.run([readelf, "-lW", str(path)], capture_output=True, text=True)
    if done.returncode != 0:
        return False
    loads = [line.split() for line in done.stdout.splitlines() if line.split()[:1] == ["LOAD"]]
    if not loads:
        return False
    for fields in loads:
        offset, vaddr, align = int(fields[1], 16), int(fields[2], 16), int(fields[-1], 16)
        if (vaddr - offset) % max(align, 4096):
            return False
    return True


# ----------------------------------------------------------------------------- size


@dataclass(frozen=True)
class SizeReport:
    total: int
    biggest: list[tuple[int, str]]  # (bytes, path relative to the build)


def measure(folder: Path, top: int = 15) -> SizeReport:
    files = [
        (p.stat().st_size, p.relative_to(folder).as_posix())
        for p in folder.rglob("*")
        if p.is_file() and not p.is_symlink()
    ]
    files.sort(reverse=True)
    return SizeReport(sum(size for size, _ in files), files[:top])


def print_size(report: SizeReport) -> None:
    log(f"total size: {report.total / 1e6:.1f} MB")
    log(f"the {len(report.biggest)} biggest files:")
    for size, path in report.biggest:
        print(f"    {size / 1e6:8.1f} MB  {path}")


# ----------------------------------------------------------------------------- smoke test


def executable(app: Path, cli: bool = False) -> Path:
    if sys.platform == "darwin":
        return app / "Contents" / "MacOS" / "quire"
    if sys.platform == "win32":
        return app / ("quire-cli.exe" if cli else "quire.exe")
    return app / "quire"


def clean_env() -> dict[str, str]:
    """What ``env -i`` leaves: nothing, except what Windows cannot start a process without."""
    if sys.platform != "win32":
        return {}
    keep = ("SYSTEMROOT", "SYSTEMDRIVE", "WINDIR", "TEMP", "TMP")
    return {k: v for k, v in os.environ.items() if k.upper() in keep}


def smoke_test(app: Path) -> float:
    """``quire --self-test`` in a clean environment; exits the build on failure."""
    program = executable(app, cli=True)
    log(f"smoke test: {program} --self-test (clean environment)")
    started = time.perf_counter()
    done = subprocess.run(
        [str(program), "--self-test"],
        env=clean_env(),
        cwd=WORK,
        capture_output=True,
        text=True,
        timeout=300,
    )
    seconds = time.perf_counter() - started
    print(done.stdout + done.stderr, end="")
    if done.returncode != 0:
        raise SystemExit(f"self-test failed (exit {done.returncode})")
    log(f"self-test passed in {seconds:.1f} s")
    return seconds


# ----------------------------------------------------------------------------- artifacts


def desktop_entry(suffixes: Iterable[str]) -> str:
    template = (HERE / "linux" / "quire.desktop").read_text("utf-8")
    mimes = ";".join(associations.desktop_mime_types(tuple(suffixes))) + ";"
    return template.replace("@MIME_TYPES@", mimes)


# Systems that first shipped a glibc, for the tarball's README (the build's own version).
_GLIBC_SYSTEMS = {
    "2.35": " (Ubuntu 22.04 and later)",
    "2.36": " (Debian 12, Ubuntu 23.04, Fedora 37 and later)",
    "2.39": " (Ubuntu 24.04, Fedora 40 and later)",
}


def tarball_readme(glibc: str) -> str:
    """The tarball's README.txt: how to install, and what the system needs (the glibc the
    build ran on: the bundled libstdc++ and libpython ask for its symbols)."""
    return (
        f"Quire {version()} for Linux ({platform.machine()})\n\n"
        "Install for this user (no root): ./install.sh puts the app in ~/.local/opt/quire, a\n"
        "`quire` command in ~/.local/bin and a menu entry; ./uninstall.sh removes them.\n"
        "Or run it where it is: ./quire/quire (the window), ./quire/quire --help (commands).\n\n"
        f"Needs glibc {glibc} or newer{_GLIBC_SYSTEMS.get(glibc, '')}, and an X11 or Wayland\n"
        "session for the window; the commands run without one.\n"
        'Quire is offered under "Open With" for the documents it reads; the programs that\n'
        "open them now stay their default.\n"
    )


def linux_tarball(app: Path, pngs: dict[int, Path]) -> Path:
    """``dist/quire-VERSION-linux-ARCH.tar.gz``: the app, its .desktop file, icons, install.sh,
    a README.txt."""
    name = f"quire-{version()}-{platform_tag()}"
    root = WORK / "tarball" / name
    shutil.rmtree(root.parent, ignore_errors=True)
    shutil.copytree(app, root / "quire", symlinks=True)
    applications = root / "share" / "applications"
    applications.mkdir(parents=True)
    (applications / "quire.desktop").write_text(
        desktop_entry(associations.document_suffixes()), "utf-8"
    )
    for size, png in pngs.items():
        target = root / "share" / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "quire.png"
        target.parent.mkdir(parents=True)
        shutil.copy(png, target)
    scalable = root / "share" / "icons" / "hicolor" / "scalable" / "apps"
    scalable.mkdir(parents=True)
    shutil.copy(ICON_SVG, scalable / "quire.svg")
    for script in ("install.sh", "uninstall.sh"):
        shutil.copy(HERE / "linux" / script, root / script)
        (root / script).chmod(0o755)
    glibc = platform.libc_ver()[1] or "of the build system"
    (root / "README.txt").write_text(tarball_readme(glibc), "utf-8")
    tarball = DIST / f"{name}.tar.gz"
    with tarfile.open(tarball, "w:gz", compresslevel=6) as tar:
        tar.add(root, arcname=name)
    return tarball


def windows_installer(app: Path) -> Path | None:
    """Setup.exe from packaging/windows/quire.iss, when Inno Setup's compiler is installed."""
    include = WORK / "windows" / "associations.iss"
    include.parent.mkdir(parents=True, exist_ok=True)
    include.write_text(associations.inno_registry(associations.document_suffixes()), "utf-8")
    iscc = shutil.which("iscc") or shutil.which("ISCC")
    for candidate in (
        Path(os.environ.get("PROGRAMFILES(X86)", "C:/Program Files (x86)")) / "Inno Setup 6",
        Path(os.environ.get("PROGRAMFILES", "C:/Program Files")) / "Inno Setup 6",
    ):
        if iscc is None and (candidate / "ISCC.exe").exists():
            iscc = str(candidate / "ISCC.exe")
    defines = [
        f"/DAppVersion={version()}",
        f"/DSourceDir={app}",
        f"/DOutputDir={DIST}",
        f"/DAssociations={include}",
        f"/DIconFile={WORK / 'icons' / 'quire.ico'}",
    ]
    command = [*defines, str(HERE / "windows" / "quire.iss")]
    if iscc is None:
        log("Inno Setup (iscc) not found; install it and run: iscc " + " ".join(command))
        return None
    subprocess.run([iscc, *command], check=True)
    return DIST / f"Quire-{version()}-Setup.exe"


def macos_dmg(app: Path) -> Path:
    dmg = DIST / f"Quire-{version()}-{platform_tag()}.dmg"
    dmg.unlink(missing_ok=True)
    staging = WORK / "dmg"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    shutil.copytree(app, staging / app.name, symlinks=True)
    (staging / "Applications").symlink_to("/Applications")  # drag-to-install
    subprocess.run(
        [
            "hdiutil", "create", "-volname", "Quire", "-srcfolder", str(staging),
            "-ov", "-format", "UDZO", str(dmg),
        ],
        check=True,
    )  # fmt: skip
    return dmg


# ----------------------------------------------------------------------------- main


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "--bundle-model",
        action="append",
        default=[],
        metavar="NAME",
        help="put this installed store model inside the build (repeatable)",
    )
    parser.add_argument(
        "--with-cuda",
        action="store_true",
        help="keep onnxruntime-gpu's CUDA provider (~280 MB; over the Linux size budget)",
    )
    parser.add_argument("--skip-smoke", action="store_true", help="do not run --self-test")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    stage_resources(args.bundle_model)
    pngs = render_icons(WORK / "icons")
    icon: Path | None = None
    if sys.platform == "win32":
        icon = WORK / "icons" / "quire.ico"
    elif sys.platform == "darwin":
        icon = make_icns(pngs, WORK / "icons")
    log("running PyInstaller")
    app = run_pyinstaller(args.with_cuda, icon)
    built = time.perf_counter() - started
    size = measure(app)
    print_size(size)
    over = size.total / 1e6 > LINUX_BUDGET_MB
    budgeted = sys.platform == "linux" and not args.bundle_model and not args.with_cuda
    if not args.skip_smoke:
        smoke_test(app)
    artifact: Path | None = None
    if sys.platform == "linux":
        artifact = linux_tarball(app, pngs)
    elif sys.platform == "win32":
        artifact = windows_installer(app)
    elif sys.platform == "darwin":
        artifact = macos_dmg(app)
    if artifact is not None:
        log(f"artifact: {artifact} ({artifact.stat().st_size / 1e6:.1f} MB)")
    log(f"PyInstaller build {built:.0f} s, everything {time.perf_counter() - started:.0f} s")
    if budgeted and over:
        log(f"over the Linux size budget of {LINUX_BUDGET_MB} MB")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
