"""The ``quire`` console script: the app with no arguments or with only files to open
(``quire notes.txt``), the command line otherwise (``quire translate …``)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path


def cli_commands() -> frozenset[str]:
    """The command line's subcommand names: a file called ``translate`` in the current
    folder must not turn ``quire translate …`` into "open that file"."""
    from engine.cli import COMMAND_NAMES

    return COMMAND_NAMES


def files_to_open(args: list[str]) -> list[Path] | None:
    """The files to open in the app, or None when ``args`` are for the command line."""
    if not args or any(a.startswith("-") for a in args):
        return None
    if args[0] in cli_commands():
        return None
    paths = [Path(a) for a in args]
    return paths if all(p.is_file() for p in paths) else None


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    files = files_to_open(args)
    if not args or files is not None:
        from desktop.app import main as app_main

        return app_main(files or ())
    from engine.cli import main as cli_main

    return cli_main(args)


if __name__ == "__main__":
    sys.exit(main())
