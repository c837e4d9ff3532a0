#!/bin/sh
# Remove what install.sh put in place. Models and settings stay (see `quire models list`).
set -eu
prefix=${PREFIX:-"$HOME/.local"}
data=${XDG_DATA_HOME:-"$prefix/share"}
rm -rf "$prefix/opt/quire"
[ -L "$prefix/bin/quire" ] && rm -f "$prefix/bin/quire"
rm -f "$data/applications/quire.desktop"
find "$data/icons/hicolor" -name 'quire.png' -o -name 'quire.svg' 2>/dev/null | while read -r f; do rm -f "$f"; done
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$data/applications" || true
echo "Quire removed"
