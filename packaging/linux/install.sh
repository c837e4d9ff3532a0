#!/bin/sh
# Install Quire for the current user: the app under ~/.local/opt/quire, the `quire` command in
# ~/.local/bin, the menu entry and icons under ~/.local/share. Run ./uninstall.sh to remove.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
prefix=${PREFIX:-"$HOME/.local"}
data=${XDG_DATA_HOME:-"$prefix/share"}
app="$prefix/opt/quire"

rm -rf "$app"
mkdir -p "$prefix/opt" "$prefix/bin" "$data/applications"
cp -R "$here/quire" "$app"
ln -sf "$app/quire" "$prefix/bin/quire"
# The menu entry names the installed program by its full path: ~/.local/bin may not be on PATH.
sed "s|^Exec=quire |Exec=\"$app/quire\" |" "$here/share/applications/quire.desktop" \
    > "$data/applications/quire.desktop"
cp -R "$here/share/icons" "$data/"

command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$data/applications" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$data/icons/hicolor" || true
echo "Quire installed in $app; start it from the applications menu or run $prefix/bin/quire"
