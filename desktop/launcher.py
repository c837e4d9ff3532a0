"""The ``quire`` console script: the app with no arguments or with only files to open
(``quire notes.txt``; handed to a running window if there is one), ``quire
--translate-clipboard`` for a desktop shortcut, ``quire --self-test`` for an installed build,
the command line otherwise (``quire translate …``). A frozen app also installs the models
bundled into it on first start."""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Sequence
from pathlib import Path

CLIPBOARD_FLAG = "--translate-clipboard"


def cli_commands() -> frozenset[str]:
    """The command line's subcommand names: a file called ``translate`` in the current
    folder must not turn ``quire translate …`` into "open that file"."""
    from engine import CLI_COMMANDS

    return CLI_COMMANDS


def app_args(args: list[str]) -> list[str]:
    """``args`` without what the OS adds when it starts an app (macOS Finder's ``-psn_…``)."""
    return [a for a in args if not a.startswith("-psn_")]


def files_to_open(args: list[str]) -> list[Path] | None:
    """The files to open in the app, or None when ``args`` are for the command line."""
    if not args or any(a.startswith("-") for a in args):
        return None
    if args[0] in cli_commands():
        return None
    # (absolute: the queue keeps them across restarts, which may start in another folder,
    # and opens their outputs by URL)
    paths = [Path(a).absolute() for a in args]
    return paths if all(_openable(p) for p in paths) else None


def _openable(path: Path) -> bool:
    """A file, or a document saved as a macOS package (Report.pages/, which the Finder and
    a shell's completion give as a folder)."""
    from engine import is_document_package

    return path.is_file() or is_document_package(path)


def missing_files(args: list[str]) -> list[str]:
    """The arguments that name files (a path, not a command) which are not there: ``quire
    /missing.txt`` said "invalid choice" of a command."""
    if not args or args[0].startswith("-") or args[0] in cli_commands():
        return []
    looks_like_paths = all(
        ("/" in a or "\\" in a or Path(a).suffix or Path(a).is_dir()) for a in args
    )  # (a folder by its bare name, "." included)
    return [a for a in args if not _openable(Path(a))] if looks_like_paths else []


def _not_a_file(name: str) -> str:
    """Why a path is not opened: a folder is translated on purpose (a stray ``quire .`` must
    not queue a whole tree), a missing file is named."""
    if Path(name).is_dir():
        return (
            f"{name} is a folder: to translate its documents, drop it on Quire's window or "
            f"choose File → Add folder…; or run quire translate --to LANG {name}"
        )
    return f"no such file: {name}"


def bundled_models() -> Path:
    from engine import resource_path

    return resource_path("models")


def install_bundled_models(home: Path | None = None, bundle: Path | None = None) -> list[str]:
    """Import each model bundled into the app (``build.py --bundle-model``) into the store once.

    An offline installer thus has working models on first start. A model is offered once per
    store: the names already offered are kept in ``<home>/bundled-models.txt``, so a model the
    user removed does not come back. Returns the names imported now.
    """
    from engine import Engine, EngineError, EngineOptions

    bundle = bundled_models() if bundle is None else bundle
    if not bundle.is_dir():
        return []
    options = EngineOptions() if home is None else EngineOptions(home=home)
    ledger = options.home / "bundled-models.txt"
    offered = set(ledger.read_text("utf-8").split()) if ledger.is_file() else set()
    pending = sorted(p for p in bundle.iterdir() if p.is_dir() and p.name not in offered)
    if not pending:  # every start after the first: no store listing
        return []
    engine = Engine(options)
    present = {m.name for m in engine.models()}
    imported = []
    for folder in pending:
        if folder.name not in present:
            try:
                engine.import_model(folder, folder.name)
            except EngineError as exc:
                _warn(f"could not install the bundled model {folder.name}: {exc}")
                continue
            imported.append(folder.name)
        offered.add(folder.name)
        ledger.parent.mkdir(parents=True, exist_ok=True)
        ledger.write_text("\n".join(sorted(offered)) + "\n", "utf-8")
    return imported


def _warn(message: str) -> None:
    # A windowed Windows build has no stderr at all.
    if sys.stderr is not None:
        print(f"quire: {message}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    # First of all: in a frozen app the engine process is this program started again, and
    # this turns it into the engine (and exits) before anything else, the GUI above all, runs.
    multiprocessing.freeze_support()
    try:
        return _main(argv)
    except KeyboardInterrupt:  # Ctrl+C while starting, before the command line handles it
        _warn("cancelled")
        return 130


def restore_library_path() -> None:
    """Give programs this one starts the library path the user had.

    PyInstaller's launcher points ``LD_LIBRARY_PATH`` (``DYLD_LIBRARY_PATH``, ``LIBPATH``)
    at the bundle and keeps the user's value in ``*_ORIG``. Left so, LibreOffice or a file
    manager opened from Quire would load the bundle's libstdc++ and OpenSSL instead of their
    own ("GLIBCXX_3.4.32 not found" on a newer system). Quire itself is not affected: the
    dynamic loader read the variable at start."""
    if not getattr(sys, "frozen", False):
        return
    for name in ("LD_LIBRARY_PATH", "DYLD_LIBRARY_PATH", "LIBPATH"):
        original = os.environ.pop(f"{name}_ORIG", None)
        if original is not None:
            os.environ[name] = original
        else:
            os.environ.pop(name, None)


def display_missing() -> str | None:
    """Why the window cannot open here (None: it can try). On Linux and the BSDs without a
    display, Qt aborts with advice about libxcb-cursor0 that is no help over SSH."""
    if sys.platform in ("win32", "darwin") or os.environ.get("QT_QPA_PLATFORM"):
        return None
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return (
        "there is no display to open the window on (neither DISPLAY nor WAYLAND_DISPLAY is "
        "set). The commands work without one: quire translate FILE --to de; quire --help "
        "lists them"
    )


def _app(files: Sequence[Path], *, translate_clipboard: bool = False) -> int:
    """The window, or a worded error where it cannot start (exit 1)."""
    problem = display_missing()
    if problem is None:
        try:
            from desktop.app import main as app_main
        except ImportError as exc:  # a system library Qt needs (libEGL, libGL, libxkbcommon)
            problem = (
                f"the window cannot start: {exc}. Install your system's graphics libraries "
                "(for example libegl1 and libgl1), or use the commands: quire --help"
            )
        else:
            if translate_clipboard:
                return app_main(files, translate_clipboard=True)
            return app_main(files)
    _warn(f"error: {problem}")
    return 1


def _main(argv: Sequence[str] | None) -> int:
    restore_library_path()
    args = app_args(list(sys.argv[1:] if argv is None else argv))
    if args[:1] == ["--self-test"]:
        from desktop.selftest import main as self_test

        return self_test(args[1:])
    if getattr(sys, "frozen", False):
        try:
            install_bundled_models()
        except OSError as exc:  # a read-only or full disk must not stop the app
            _warn(f"could not install the bundled models: {exc}")
    if args[:1] == [CLIPBOARD_FLAG]:
        # For a desktop shortcut: the window comes up with the clipboard's text translated
        # (a running Quire does it; docs/desktop.md says how to bind it).
        return _app(files_to_open(args[1:]) or (), translate_clipboard=True)
    files = files_to_open(args)
    if not args or files is not None:
        return _app(files or ())
    missing = missing_files(args)
    if missing:
        _warn(f"error: {_not_a_file(missing[0])}")
        return 2
    from engine import run_cli

    return run_cli(args)


if __name__ == "__main__":
    sys.exit(main())
