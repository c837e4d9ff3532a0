"""Write the Apple localisation fixtures of tests/data/apple/ that a producer writes:

- ``weblate.strings``: an app's strings added one by one through translate-toolkit's
  ``stringsutf8file`` (UTF-8), the writer Weblate and Pootle save Apple ``.strings`` with
  (its escaping of quotes, backslashes and line ends; notes as ``//`` or ``/* */``);
- ``weblate-utf16.strings``: a genstrings-era file (UTF-16 with a byte order mark, keys the
  English text, a comment and a blank line around each entry) as translate-toolkit's
  ``stringsfile`` reads it and writes it back after two strings are added to it;
- ``weblate.stringsdict``: two plural entries written by translate-toolkit's
  ``StringsDictFile`` (one with words around its ``%#@files@`` variable, one with only
  the variable and a ``zero`` category);
- ``catalog.xcstrings``: a String Catalog typed here in Xcode's layout (no producer of
  them runs here): see ``CATALOG``.

Needs translate-toolkit in the Python named by ``TTK_PYTHON`` (default ``python3``;
translate-toolkit is GPL: it runs in a subprocess and is kept out of Quire's environments).
The small files it writes are committed; the tests need none of this.

    TTK_PYTHON=/tmp/ttk/bin/python python tools/make_apple_fixtures.py
"""

from __future__ import annotations

import json
import os
import plistlib
import subprocess
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "apple"

# (key, English text, developer's note or None), as Weblate adds them to a UTF-8 file.
STRINGS_UTF8 = [
    ("Cancel", "Cancel", "Button: stops translating"),
    ("translate.button", "Translate", "/* Main window: starts translating the open document */"),
    ("queue.empty", "Drop a file here", "Placeholder of the empty queue"),
    ("model.choose", "Choose a model…", "Menu item; opens the model picker"),
    ("status.saved", "Saved %@", "%@: the file's name"),
    (
        "status.page",
        "%1$@, page %2$d",
        "Status while translating.\n%1$@: the document, %2$d: the page",
    ),
    ("queue.words", "%lld words left", None),
    ("tip.start", 'Press "Translate" to start', "Tooltip of the empty window"),
    ("export.path", "Exported to C:\\Quire\\exports", "Shown on Windows only"),
    ("about.body", "Quire translates offline.\nNothing leaves this computer.", None),
    ("sample.text", "Grüße aus Köln…", "Sample text of the language picker"),
    ("Quit Quire", "Quit Quire", None),
]

# A genstrings-era file, as genstrings lays one out (keys sorted); translate-toolkit reads
# it and writes it back with ADDED after it.
GENSTRINGS = r"""/* Status: %1$@ is the document, %2$d the page being translated */
"%1$@, page %2$d" = "%1$@, page %2$d";

/* Status bar: words translated so far, of all */
"%lld of %lld words" = "%lld of %lld words";

/* Button: stops translating */
"Cancel" = "Cancel";

/* Menu item; opens the model picker */
"Choose a model…" = "Choose a model…";

/* Alert on deleting a model */
"Delete this model?\nDownload it again later." = "Delete this model?\nDownload it again later.";

/* Placeholder of the empty queue */
"Drop a file here" = "Drop a file here";

/* Where models are kept on Windows */
"Models are kept in C:\\Quire\\models" = "Models are kept in C:\\Quire\\models";

/* Tooltip of the empty window */
"Press \"Translate\" to start" = "Press \"Translate\" to start";

/* No comment provided by engineer. */
"Translate" = "Translate";

/* Status: %@ is the document's name */
"Translating %@…" = "Translating %@…";
"""
ADDED = [
    ("Hold ⇧ to translate every file", "Hold ⇧ to translate every file", "Tooltip"),
    ("Sample: Grüße aus Köln", "Sample: Grüße aus Köln", None),
]

# (entry, its NSStringLocalizedFormatKey, variable, value type, [zero, one, other]).
STRINGSDICT = [
    (
        "files_removed",
        "Removed %#@files@ from the queue",
        "files",
        "d",
        ["", "%d file", "%d files"],
    ),
    (
        "models_installed",
        None,  # only the variable: translate-toolkit writes "%#@models@"
        "models",
        "lld",
        ["No models installed", "%lld model installed", "%lld models installed"],
    ),
]

TTK = r"""
import json
import sys
from translate.misc.multistring import multistring
from translate.storage.properties import stringsfile, stringsutf8file
from translate.storage.stringsdict import StringsDictFile, StringsDictUnit

what, args = sys.argv[1], json.loads(sys.argv[2])


def add(store, key, text, note):
    unit = store.UnitClass(text, personality=store.personality.name)
    unit.setid(key)
    unit.source = text
    if note:
        unit.addnote(note)
    store.addunit(unit)


if what == "utf8":
    store = stringsutf8file()
    for key, text, note in args:
        add(store, key, text, note)
elif what == "utf16":
    store = stringsfile.parsestring(args["source"].encode("utf-16"))
    for key, text, note in args["added"]:
        add(store, key, text, note)
else:
    store = StringsDictFile()
    store.settargetlanguage("en")
    for entry, format_key, variable, value_type, forms in args:
        if format_key is not None:
            unit = StringsDictUnit()
            unit.setid(entry)
            unit.target = format_key
            store.addunit(unit)
        unit = StringsDictUnit()
        unit.setid(f"{entry}:{variable}")
        unit.target = multistring(forms)
        unit.format_value_type = value_type
        store.addunit(unit)
sys.stdout.buffer.write(bytes(store))
"""

# Typed in Xcode's layout: two-space indentation, "key" : value, each object's keys sorted
# (the strings as Xcode sorts them: no-letter keys first, then case-insensitively, the
# lower case first on a tie), no newline at the end. English keys with no "en"
# localization (the key is the source text), each translated into German (one still to
# review), one also into Spanish and Chinese; comments and extraction states.
CATALOG = r"""{
  "sourceLanguage" : "en",
  "strings" : {
    "" : {
      "localizations" : {
        "de" : {
          "stringUnit" : {
            "state" : "translated",
            "value" : ""
          }
        }
      }
    },
    "·" : {
      "localizations" : {
        "de" : {
          "stringUnit" : {
            "state" : "translated",
            "value" : "·"
          }
        }
      }
    },
    "%@" : {
      "localizations" : {
        "de" : {
          "stringUnit" : {
            "state" : "translated",
            "value" : "%@"
          }
        }
      }
    },
    "%lld×%lld" : {
      "comment" : "A page's size in pixels",
      "localizations" : {
        "de" : {
          "stringUnit" : {
            "state" : "translated",
            "value" : "%lld × %lld"
          }
        }
      }
    },
    "×" : {
      "localizations" : {
        "de" : {
          "stringUnit" : {
            "state" : "translated",
            "value" : "×"
          }
        }
      }
    },
    "Cancel" : {
      "comment" : "Button: stops translating",
      "localizations" : {
        "de" : {
          "stringUnit" : {
            "state" : "translated",
            "value" : "Abbrechen"
          }
        }
      }
    },
    "Choose a model…" : {
      "localizations" : {
        "de" : {
          "stringUnit" : {
            "state" : "translated",
            "value" : "Modell wählen…"
          }
        }
      }
    },
    "Could not open %@" : {
      "localizations" : {
        "de" : {
          "stringUnit" : {
            "state" : "translated",
            "value" : "%@ konnte nicht geöffnet werden"
          }
        }
      }
    },
    "Drop a file here" : {
      "comment" : "Placeholder of the empty queue",
      "localizations" : {
        "de" : {
          "stringUnit" : {
            "state" : "translated",
            "value" : "Datei hier ablegen"
          }
        }
      }
    },
    "Hold ⌥ to translate every file.\nPress ⌘T for the open one." : {
      "localizations" : {
        "de" : {
          "stringUnit" : {
            "state" : "translated",
            "value" : "Mit ⌥ jede Datei übersetzen.\nMit ⌘T nur die geöffnete."
          }
        }
      }
    },
    "Model — %@" : {
      "localizations" : {
        "de" : {
          "stringUnit" : {
            "state" : "translated",
            "value" : "Modell — %@"
          }
        }
      }
    },
    "Offline: nothing leaves this Mac." : {
      "comment" : "Subtitle of the About window",
      "extractionState" : "manual",
      "localizations" : {
        "de" : {
          "stringUnit" : {
            "state" : "translated",
            "value" : "Offline: nichts verlässt diesen Mac."
          }
        }
      }
    },
    "Open" : {
      "localizations" : {
        "de" : {
          "stringUnit" : {
            "state" : "translated",
            "value" : "Öffnen"
          }
        }
      }
    },
    "Open…" : {
      "localizations" : {
        "de" : {
          "stringUnit" : {
            "state" : "translated",
            "value" : "Öffnen…"
          }
        }
      }
    },
    "Press \"Translate\" to start" : {
      "localizations" : {
        "de" : {
          "stringUnit" : {
            "state" : "needs_review",
            "value" : "„Übersetzen“ drücken, um zu beginnen"
          }
        }
      }
    },
    "Show in Finder" : {
      "localizations" : {
        "de" : {
          "stringUnit" : {
            "state" : "translated",
            "value" : "Im Finder zeigen"
          }
        }
      }
    },
    "Source language" : {
      "localizations" : {
        "de" : {
          "stringUnit" : {
            "state" : "translated",
            "value" : "Ausgangssprache"
          }
        }
      }
    },
    "Target language" : {
      "localizations" : {
        "de" : {
          "stringUnit" : {
            "state" : "translated",
            "value" : "Zielsprache"
          }
        }
      }
    },
    "Translate" : {
      "comment" : "Main window: starts translating the open document",
      "localizations" : {
        "de" : {
          "stringUnit" : {
            "state" : "translated",
            "value" : "Übersetzen"
          }
        },
        "es" : {
          "stringUnit" : {
            "state" : "translated",
            "value" : "Traducir"
          }
        },
        "zh-Hans" : {
          "stringUnit" : {
            "state" : "translated",
            "value" : "翻译"
          }
        }
      }
    },
    "Translating %@…" : {
      "localizations" : {
        "de" : {
          "stringUnit" : {
            "state" : "translated",
            "value" : "%@ wird übersetzt…"
          }
        }
      }
    },
    "translation" : {
      "extractionState" : "stale",
      "localizations" : {
        "de" : {
          "stringUnit" : {
            "state" : "translated",
            "value" : "Übersetzung"
          }
        }
      }
    }
  },
  "version" : "1.0"
}"""


def xcode_layout(value: Any, indent: str = "") -> str:
    """``value`` as Xcode writes it: each object's keys in their order here, two-space
    indentation, ``"key" : value``."""
    if isinstance(value, dict):
        inner = indent + "  "
        members = [
            f"{inner}{json.dumps(k, ensure_ascii=False)} : {xcode_layout(v, inner)}"
            for k, v in value.items()
        ]
        return "{\n" + ",\n".join(members) + f"\n{indent}}}"
    return json.dumps(value, ensure_ascii=False)


def check_catalog() -> None:
    """The catalog as typed is in Xcode's layout, each entry's keys sorted as Xcode sorts
    them (case-insensitively), every translatable key translated into German."""
    data = json.loads(CATALOG)
    assert xcode_layout(data) == CATALOG, "CATALOG is not in Xcode's layout"

    def sorted_inside(item: Any) -> bool:
        if not isinstance(item, dict):
            return True
        return list(item) == sorted(item, key=str.lower) and all(map(sorted_inside, item.values()))

    assert all(sorted_inside(entry) for entry in data["strings"].values())
    letters = [k for k in data["strings"] if any(c.isalpha() for c in k)]
    assert letters == sorted(letters, key=lambda k: (k.lower(), k.swapcase()))
    assert all("de" in entry["localizations"] for entry in data["strings"].values())


def ttk(python: str, what: str, args: Any) -> bytes:
    run = [python, "-c", TTK, what, json.dumps(args)]
    return subprocess.run(run, check=True, capture_output=True).stdout


def write(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    print(f"wrote {path.relative_to(ROOT)}")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    python = os.environ.get("TTK_PYTHON", "python3")
    write(OUT / "weblate.strings", ttk(python, "utf8", STRINGS_UTF8))
    utf16 = ttk(python, "utf16", {"source": GENSTRINGS, "added": ADDED})
    assert utf16.startswith(b"\xff\xfe"), "not UTF-16LE with a byte order mark"
    write(OUT / "weblate-utf16.strings", utf16)
    plist = ttk(python, "stringsdict", STRINGSDICT)
    plistlib.loads(plist)
    write(OUT / "weblate.stringsdict", plist)
    check_catalog()
    write(OUT / "catalog.xcstrings", CATALOG.encode("utf-8"))


if __name__ == "__main__":
    main()
