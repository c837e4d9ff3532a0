"""Remake tests/data/newsletter/newsletter.html from newsletter.mjml with MJML, the e-mail
framework newsletters are built with (its conditional comments for Outlook, and in an
``<mj-raw>`` the VML button that Campaign Monitor's buttons.cm gives Outlook users)::

    npm install --prefix /tmp/mjml mjml@4
    python tools/make_newsletter_fixtures.py /tmp/mjml/node_modules/.bin/mjml
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "newsletter"


def main() -> None:
    mjml = sys.argv[1] if len(sys.argv) > 1 else "mjml"
    source, page = OUT / "newsletter.mjml", OUT / "newsletter.html"
    subprocess.run([mjml, str(source), "-o", str(page)], check=True)


if __name__ == "__main__":
    main()
