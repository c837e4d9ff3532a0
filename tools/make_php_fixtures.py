"""Remake tests/data/php/ from the frameworks' own repositories (see its README.md): Laravel's
language files, CodeIgniter 4's, Filament's table strings and a Yii message file, cut to its
first messages. Needs the repositories' git directories (``git clone --bare``), named by
LARAVEL, CODEIGNITER, FILAMENT and YII; writes each file as the repository holds it."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "php"
FILES = {
    "LARAVEL": (
        "bd71b45fbb7e672957bf6ff61baddefe15fbca6a",
        {
            f"src/Illuminate/Translation/lang/en/{name}.php": f"laravel/lang/en/{name}.php"
            for name in ("auth", "pagination", "passwords", "validation")
        }
        | {"tests/Integration/Translation/lang/en/app.php": "laravel/lang/en/app.php"},
    ),
    "CODEIGNITER": (
        "1b413583f26240651b9a95a303e3c161af094273",
        {
            f"system/Language/en/{name}.php": f"codeigniter/Language/en/{name}.php"
            for name in ("Validation", "Time", "Number")
        },
    ),
    "FILAMENT": (
        "0e4b9b9b71f1c2d5c4493105acc2d16bbc61a3b5",
        {"packages/tables/resources/lang/en/table.php": "filament/lang/en/table.php"},
    ),
    "YII": (
        "45e679d7ce99ce11d78d9785123e1ee2da79e17c",
        {"framework/messages/de/yii.php": "yii/messages/de/yii.php"},
    ),
}
# The Yii file is cut to its header and first messages (its 150 lines are all alike).
_YII_MESSAGES = 6


def show(git_dir: str, commit: str, path: str) -> str:
    return subprocess.run(
        ["git", "--git-dir", git_dir, "show", f"{commit}:{path}"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def cut_yii(text: str) -> str:
    head, _, body = text.partition("return [\n")
    lines = [line for line in body.splitlines(keepends=True) if re.match(r"\s+'", line)]
    return f"{head}return [\n{''.join(lines[:_YII_MESSAGES])}];\n"


def main() -> None:
    for variable, (commit, files) in FILES.items():
        git_dir = os.environ[variable]
        for source, target in files.items():
            text = show(git_dir, commit, source)
            if variable == "YII":
                text = cut_yii(text)
            out = DATA / target
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(text, encoding="utf-8", newline="")


if __name__ == "__main__":
    main()
