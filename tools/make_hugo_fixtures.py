"""Remake tests/data/hugo/ from the producers (see its README.md): Hugo's own ``hugo new
site``, and files copied (some cut to their first entries) from checkouts of google/docsy,
google/docsy-example, adityatelange/hugo-PaperMod, theNewDynamic/gohugo-theme-ananke,
luizdepra/hugo-coder, panr/hugo-theme-terminal and jpanther/congo, at the commits the
README names. nunocoracao/blowfish's files were copied by hand (too big a repository to
check out here).

    python tools/make_hugo_fixtures.py DOCSY DOCSY_EXAMPLE PAPERMOD ANANKE CODER TERMINAL CONGO

(each a git directory or checkout). Needs ``hugo`` (0.111: ``hugo new site`` writes
config.toml)."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import tomlkit

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "hugo"

# (repository argument, commit, path there, name here)
COPIED = [
    (0, "8a2528f03ee62237a85bb95d9d6ccbe2aa255921", "i18n/en.toml", "docsy/i18n/en.toml"),
    (1, "5b4673e047582440c65afc8feb9beda798ab24ba", "hugo.toml", "docsy-example/hugo.toml"),
    (3, "69f2871e872b8c4c32cabbc6d9c5eed07295b901", "i18n/en.toml", "ananke/i18n/en.toml"),
    (4, "58d956f41c056a12e15d5b6ee27c54fc98cd6e49", "i18n/en.toml", "hugo-coder/i18n/en.toml"),
    (4, "58d956f41c056a12e15d5b6ee27c54fc98cd6e49", "i18n/de.toml", "hugo-coder/i18n/de.toml"),
    (
        4,
        "58d956f41c056a12e15d5b6ee27c54fc98cd6e49",
        "exampleSite/hugo.toml",
        "hugo-coder/exampleSite/hugo.toml",
    ),
    (
        5,
        "4acd067c48195ac503541ba75f9259c7158d3792",
        "exampleSite/config.toml",
        "terminal/exampleSite/config.toml",
    ),
    (
        6,
        "7fe9db858dfb0644daadb3705573ed8492cff037",
        "exampleSite/config/_default/languages.en.toml",
        "congo/exampleSite/config/_default/languages.en.toml",
    ),
]
PAPERMOD = ("d3768854d00ad003b0a8dbdba254ce9224377a01", "i18n/en.yaml", "papermod/i18n/en.yaml")
PAPERMOD_ENTRIES = 6  # (its first messages: read_time's and words' plural forms among them)


def show(repository: str, commit: str, path: str) -> bytes:
    found = Path(repository)
    git_dir = found / ".git" if (found / ".git").exists() else found
    return subprocess.run(
        ["git", f"--git-dir={git_dir}", "show", f"{commit}:{path}"],
        check=True,
        capture_output=True,
    ).stdout


def main(repositories: list[str]) -> None:
    for index, commit, path, name in COPIED:
        (DATA / name).parent.mkdir(parents=True, exist_ok=True)
        (DATA / name).write_bytes(show(repositories[index], commit, path))
    commit, path, name = PAPERMOD
    text = show(repositories[2], commit, path).decode("utf-8")
    entries = text.split("\n- id:")
    (DATA / name).parent.mkdir(parents=True, exist_ok=True)
    (DATA / name).write_text("\n- id:".join(entries[:PAPERMOD_ENTRIES]).rstrip("\n") + "\n")
    # Docsy's table as go-i18n's JSON (Hugo reads i18n/en.json alike): no theme ships one.
    table = tomlkit.parse((DATA / "docsy" / "i18n" / "en.toml").read_text("utf-8")).unwrap()
    messages = {k: table[k] for k in ("ui_pager_prev", "community_join", "post_reading_time")}
    messages["post_reading_time"] = {"one": "One minute", "other": "{{ .Count }} minutes"}
    json_path = DATA / "docsy" / "i18n" / "en.json"
    json_path.write_text(json.dumps(messages, indent=2, ensure_ascii=False) + "\n", "utf-8")
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(["hugo", "new", "site", f"{folder}/site"], check=True, capture_output=True)
        made = (Path(folder) / "site" / "config.toml").read_bytes()
    (DATA / "new-site").mkdir(exist_ok=True)
    (DATA / "new-site" / "config.toml").write_bytes(made)


if __name__ == "__main__":
    main(sys.argv[1:8])
