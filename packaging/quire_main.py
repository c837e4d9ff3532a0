"""The frozen app's entry point: the same launcher as the ``quire`` console script."""

from __future__ import annotations

import multiprocessing
import sys

from desktop.launcher import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # a no-op unless a library starts worker processes
    sys.exit(main())
