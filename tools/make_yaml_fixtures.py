"""Write the YAML translation fixtures of tests/data/yaml/ and have Ruby's YAML read them:

- ``psych.yml``: a Rails locale file written by Ruby's Psych (``Hash#to_yaml``, what
  i18n-tasks normalizes locale files with): its quoting of colons, hashes, ``'yes'``, its
  ``|`` blocks, its block sequences;
- ``rails.yml`` and ``messages.en.yaml`` are typed as Rails and Symfony developers type
  them (comments, an anchor and a merge key, ``>`` and ``|`` blocks, a flow sequence,
  numbers, booleans, strftime formats; Symfony's ``%name%``), kept in this repository;
- for each, ``NAME.fr.<ext>``: Quire's output for the French of
  tests/fixtures/yaml_locales.py, and ``NAME.ruby.json`` and ``NAME.fr.ruby.json``: the
  data Ruby's ``YAML.safe_load`` (Psych, as Rails loads locale files) read from the input and
  the output.

Needs Ruby (Debian's ruby). The small files it writes are committed; the tests need none of
this.

    python tools/make_yaml_fixtures.py
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engine.documents import open_document  # noqa: E402
from engine.documents.language import target_language  # noqa: E402
from tests.fixtures.yaml_locales import FRENCH  # noqa: E402

OUT = ROOT / "tests" / "data" / "yaml"

PSYCH = r"""
require "yaml"
print({"en" => {
  "hello" => "Hello world",
  "greeting" => "Hello, %{name}! You're signed in.",
  "confirm" => "Delete \"%{title}\"? This can't be undone.",
  "colon" => "Note: files stay on your computer",
  "hash" => "Issue #42 is fixed",
  "yes_word" => "yes",
  "no_word" => "not now",
  "multi" => "First line\nSecond line\n",
  "inbox" => {"one" => "%{count} message", "other" => "%{count} messages"},
  "date" => {"formats" => {"short" => "%b %d", "long" => "%B %d, %Y"},
             "day_names" => ["Sunday", "Monday"]},
  "count" => 3,
  "enabled" => true,
  "welcome_html" => "Welcome to <b>Quire</b>",
  "leading" => "  indented",
  "colon_end" => "Choose:",
}}.to_yaml)
"""
# Ruby's reading of a YAML file, as JSON (aliases allowed: Rails allows them).
LOAD = (
    'require "yaml"; require "json"; '
    "print JSON.pretty_generate(YAML.safe_load(File.read(ARGV[0]), aliases: true))"
)


def ruby_reads(path: Path) -> None:
    data = subprocess.run(["ruby", "-e", LOAD, str(path)], check=True, capture_output=True)
    target = path.with_name(path.name.rsplit(".", 1)[0] + ".ruby.json")
    target.write_bytes(data.stdout + b"\n")
    print(f"wrote {target.relative_to(ROOT)}")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    psych = subprocess.run(["ruby", "-e", PSYCH], check=True, capture_output=True).stdout
    (OUT / "psych.yml").write_bytes(psych)
    for name in ("psych.yml", "rails.yml", "messages.en.yaml"):
        source = OUT / name
        document = open_document(source)
        texts = [FRENCH.get(unit.id, unit.text) for unit in document.units]
        stem, suffix = name.rsplit(".", 1)
        french = OUT / f"{stem}.fr.{suffix}"
        french.write_bytes(document.write(texts, language=target_language("fr")))
        ruby_reads(source)
        ruby_reads(french)


if __name__ == "__main__":
    main()
