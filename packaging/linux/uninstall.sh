#!/bin/sh
# Remove what install.sh put in place. Models, settings and history stay (said at the end).
set -eu
prefix=${PREFIX:-"$HOME/.local"}
data=${XDG_DATA_HOME:-"$prefix/share"}
rm -rf "$prefix/opt/quire"
[ -L "$prefix/bin/quire" ] && rm -f "$prefix/bin/quire"
rm -f "$data/applications/quire.desktop"
find "$data/icons/hicolor" -name 'quire.png' -o -name 'quire.svg' 2>/dev/null | while read -r f; do rm -f "$f"; done
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$data/applications" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$data/icons/hicolor" || true
rmdir "$prefix/opt" "$prefix/bin" 2>/dev/null || true
home=${QUIRE_HOME:-"${XDG_DATA_HOME:-$HOME/.local/share}/Quire"}
echo "Quire removed. Your models, history, drafts, settings and crash reports stay: delete" \
    "$home, ${XDG_CONFIG_HOME:-$HOME/.config}/Quire and" \
    "${QUIRE_LOG_DIR:-${XDG_STATE_HOME:-$HOME/.local/state}/Quire/log} to remove them too."
