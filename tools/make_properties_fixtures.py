"""Write the Java .properties test files in tests/data/properties/: one app's strings saved
by ``java.util.Properties.store`` to a stream (ISO-8859-1, ``\\uXXXX`` beyond ASCII:
store-latin1.properties) and to a UTF-8 writer (store-utf8.properties), and a file written
the way developers write one in an IDE (comments, ``key = value``, continued lines, CRLF:
handwritten.properties). Run once after changing the strings below (needs ``java``, JDK 11
or newer, on PATH); the small files it writes are committed, so the tests and CI need no
Java.

    python tools/make_properties_fixtures.py
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "properties"

# Properties is a hash table: its subclass here keeps the order the strings are put in, so
# the files read as a developer would order them, and a rerun writes the same bytes.
JAVA = r"""
import java.io.*;
import java.nio.charset.StandardCharsets;
import java.util.*;

public class PropertiesFixtures {
    static class Ordered extends Properties {
        private final LinkedHashMap<Object, Object> order = new LinkedHashMap<>();

        @Override
        public synchronized Object put(Object key, Object value) {
            order.put(key, value);
            return super.put(key, value);
        }

        @Override
        public Set<Map.Entry<Object, Object>> entrySet() {
            return Collections.synchronizedSet(new LinkedHashSet<>(order.entrySet()));
        }
    }

    public static void main(String[] args) throws IOException {
        Properties p = new Ordered();
        p.setProperty("app.title", "Quire");
        p.setProperty("file.open.error", "Can''t open the file {0}.");
        p.setProperty("files.translated", "{0,number,integer} files were translated.");
        p.setProperty("files.deleted",
            "{0,choice,0#No files|1#One file|1<{0,number,integer} files} deleted.");
        p.setProperty("status.saved", "Saved %1$s in %2$s.");
        p.setProperty("status.progress", "Translating %s (%d%%)");
        p.setProperty("help.tip", "<b>Tip:</b> press <i>Ctrl+O</i> to open a file.");
        p.setProperty("about.credits", "Thanks to Zoë and José for testing.");
        p.setProperty("sample.greeting", "Say Grüße to your German colleagues.");
        p.setProperty("language.zh", "中文 (Chinese)");
        p.setProperty("label.indented", " Indented label");
        p.setProperty("help.steps", "Choose a file.\nChoose a language.");
        p.setProperty("menu.open recent", "Open recent");
        p.setProperty("error:disk", "The disk is full.");
        p.setProperty("tip.plain", "Don't panic.");
        p.setProperty("status.done", "Done!");
        p.setProperty("status.empty", "");
        String comment = "Quire's strings";
        try (OutputStream out = new FileOutputStream(args[0])) {
            p.store(out, comment);
        }
        try (Writer out = new OutputStreamWriter(
                new FileOutputStream(args[1]), StandardCharsets.UTF_8)) {
            p.store(out, comment);
        }
    }
}
"""

# As an IDE user writes one: comments, spaces around "=", ":" as a separator, values
# continued over lines (with a "\n" ending one), an escaped "\u00e9", CRLF line breaks.
HANDWRITTEN = r"""# Quire: strings of the main window
! Keep the keys sorted by screen.

window.title = Quire
window.open = Open a file\u2026
window.recent.count = You have {0} recent files.
window.help = Quire translates your documents on this computer. \
              Nothing leaves it, \
              not even the file names.
window.steps = First, choose a file.\n\
    Then, choose a language.
window.cafe : Caf\u00e9 mode
window.quote = It''s {0}''s turn.
window.ratio   =   50%% done

# Status bar
status.ready=Ready
status.empty =
"""

# Properties.store's second line is the date it was written: dropped, so a rerun is the same.
_DATE = re.compile(r"^#\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d .* \d{4}\r?\n", re.MULTILINE)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    latin1, utf8 = OUT / "store-latin1.properties", OUT / "store-utf8.properties"
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "PropertiesFixtures.java"
        source.write_text(JAVA, encoding="utf-8")
        subprocess.run(["java", str(source), str(latin1), str(utf8)], check=True)
    for path in (latin1, utf8):
        data = path.read_bytes()
        path.write_bytes(_DATE.sub("", data.decode("latin-1"), count=1).encode("latin-1"))
    handwritten = HANDWRITTEN.lstrip("\n").replace("\n", "\r\n")
    (OUT / "handwritten.properties").write_bytes(handwritten.encode("ascii"))


if __name__ == "__main__":
    main()
