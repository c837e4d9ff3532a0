"""``python -m desktop``: the same as the ``quire`` command (the app, or the CLI with a
command)."""

import sys

from desktop.launcher import main

if __name__ == "__main__":
    sys.exit(main())
