#!/bin/sh
# Install Quire for the current user: the app under ~/.local/opt/quire, the `quire` command in
# ~/.local/bin, the menu entry and icons under ~/.local/share. Run ./uninstall.sh to remove.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
prefix=${PREFIX:-"$HOME/.local"}
data=${XDG_DATA_HOME:-"$prefix/share"}
app="$prefix/opt/quire"

# Quire is offered under "Open With", never made a type's default: a menu entry in the user's
# own folder outranks the system's, so each type's present default (text types with none:
# the plain-text one) is written to mimeapps.list before Quire's entry is put in place.
if command -v xdg-mime >/dev/null 2>&1; then
    plain=$(xdg-mime query default text/plain 2>/dev/null || true)
    for type in $(sed -n 's/^MimeType=//p' "$here/share/applications/quire.desktop" | tr ';' ' '); do
        current=$(xdg-mime query default "$type" 2>/dev/null || true)
        [ "$current" = quire.desktop ] && current=""
        if [ -z "$current" ]; then
            case "$type" in
                text/*|application/json|application/xml|application/x-subrip) current=$plain ;;
            esac
        fi
        if [ -n "$current" ] && [ "$current" != quire.desktop ]; then
            xdg-mime default "$current" "$type" 2>/dev/null || true
        fi
    done
fi

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
